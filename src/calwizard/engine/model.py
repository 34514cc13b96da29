"""The engine's appointment type.

The fetchers (EWS via exchangelib, Microsoft Graph) turn whatever the server sends into
:class:`Appointment`; everything after them (mapping, presence) works only on this type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

FREE_BUSY_VALUES: Final[frozenset[str]] = frozenset(
    {"free", "tentative", "busy", "oof", "working_elsewhere", "no_data"}
)
"""The free/busy values an :class:`Appointment` may carry: exchangelib's
``legacy_free_busy_status`` lower-cased (``Free``, ``Tentative``, ``Busy``, ``OOF``,
``WorkingElsewhere`` -> ``working_elsewhere``, ``NoData`` -> ``no_data``); the Graph
fetcher maps ``showAs`` (``free``, ``tentative``, ``busy``, ``oof``, ``workingElsewhere``,
``unknown`` -> ``no_data``) to the same values."""


@dataclass(frozen=True, slots=True)
class Appointment:
    """One calendar item of a user, as the engine sees it.

    Attributes:
        start: aware datetime, normalized to UTC on construction (naive datetimes are
            rejected). Inclusive.
        end: aware datetime, normalized to UTC. Exclusive. ``end <= start`` is allowed
            (servers do send such items) and such an appointment never shows in presence.
        subject: the title, untranslated, any Unicode.
        free_busy: one of :data:`FREE_BUSY_VALUES`.
        is_all_day: a whole-day appointment; then ``start``/``end`` are midnight to
            midnight in the *presence timezone* (``PbxSettings.presence_timezone``), and
            presence shows dates only (seed "Presence string format", Additional Notes).
        is_private: marked private (sensitivity Private); presence shows "Private"
            instead of the title (seed grammar, ``Appointment-Info``).
        organizer: SMTP address of the organizer ("" if unknown); compared
            case-insensitively with the tentative exception organizers.
        uid: the item's id on the server ("" if unknown); only used for identification.

    Raises:
        ValueError: naive ``start``/``end``, or an unknown ``free_busy`` value.
    """

    start: datetime
    end: datetime
    subject: str
    free_busy: str
    is_all_day: bool = False
    is_private: bool = False
    organizer: str = ""
    uid: str = ""

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value: datetime = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"Appointment.{name} must be an aware datetime, got {value!r}")
            object.__setattr__(self, name, value.astimezone(UTC))
        if self.free_busy not in FREE_BUSY_VALUES:
            raise ValueError(
                f"Appointment.free_busy must be one of {sorted(FREE_BUSY_VALUES)}, got {self.free_busy!r}"
            )
