"""Free/busy -> PBX presence activity, and which of several concurrent appointments is shown.

Rules (seed ``002_…calendar-pages.txt``, page "Reference13r3:Apps/PbxManager/App Calendar",
sections "PBX & Presence" and "Presence mapping"; and "Presence string format",
Additional Notes):

* An appointment's free/busy value gives a :class:`~calwizard.settings.model.FreeBusySource`:
  ``busy`` -> Busy, ``tentative`` -> Tentative, or *Tentative exception* when its organizer
  is one of ``PresenceMappingSettings.tentative_exception_organizers`` (compared
  case-insensitively), ``oof`` -> Out of office, ``working_elsewhere`` -> Working elsewhere,
  ``no_data`` -> No data. ``free`` appointments have no source: they never show up.
* The configured :class:`~calwizard.settings.model.PresenceTarget` of that source gives the
  PBX :class:`Activity`; target *Ignore* means the appointment is not used for presence.
  Target *Available* keeps the appointment: it is shown in the free form of the presence,
  with its title ("Homeoffice until 2pm (Busy: Meeting)").
* Concurrent appointments (:func:`effective_slots`): at every instant the shown appointment is
  the one that ranks highest by, in order:

  1. title words (:func:`title_priority`): a title containing one of
     ``PbxSettings.prioritized_words`` wins over concurrent appointments (e.g. vacation); a
     title containing one of ``PbxSettings.non_prioritized_words`` loses to them (e.g. home
     office). Case-insensitive substring match. A title with words of both lists counts as
     prioritized (an explicit "this wins" is the stronger statement).
  2. activity: busy/away/do-not-disturb before *Available* — an Available appointment "is
     handled as free" (seed), so it must not hide a meeting that overlaps it.
  3. the later start: "the current appointment ends at the start of the next when that
     starts at or before its end" (seed, Additional Notes). When the later one ends first,
     the earlier one is shown again for the rest of its time.
  4. the earlier end (the shorter of two that start together), then the earlier position
     in the input (a stable, deterministic tie-break).

All functions are pure; times are aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from itertools import pairwise

from calwizard.engine.model import Appointment
from calwizard.settings.model import (
    FreeBusySource,
    PbxSettings,
    PresenceMappingSettings,
    PresenceTarget,
)


class Activity(StrEnum):
    """A PBX presence activity (the values the PBX presence takes)."""

    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"
    DND = "dnd"


class Priority(IntEnum):
    """Title priority of an appointment (PBX Manager "Prioritized appointments ...")."""

    LOW = 0
    """Title contains a word of ``non_prioritized_words``: loses to concurrent appointments."""
    NORMAL = 1
    HIGH = 2
    """Title contains a word of ``prioritized_words``: wins over concurrent appointments."""


_SOURCE_OF: dict[str, FreeBusySource] = {
    "busy": FreeBusySource.BUSY,
    "tentative": FreeBusySource.TENTATIVE,
    "oof": FreeBusySource.OUT_OF_OFFICE,
    "working_elsewhere": FreeBusySource.WORKING_ELSEWHERE,
    "no_data": FreeBusySource.NO_DATA,
}

_ACTIVITY_OF: dict[PresenceTarget, Activity | None] = {
    PresenceTarget.AVAILABLE: Activity.AVAILABLE,
    PresenceTarget.BUSY: Activity.BUSY,
    PresenceTarget.AWAY: Activity.AWAY,
    PresenceTarget.DO_NOT_DISTURB: Activity.DND,
    PresenceTarget.IGNORE: None,
}


def free_busy_source(appointment: Appointment, mapping: PresenceMappingSettings) -> FreeBusySource | None:
    """The mapping source of ``appointment`` (seed "Presence mapping", "The mappings to set").

    Returns:
        ``None`` for ``free`` appointments (they never show up); ``TENTATIVE_EXCEPTION`` for a
        tentative appointment whose organizer is one of
        ``mapping.tentative_exception_organizers`` (case-insensitive); otherwise the source
        named by ``appointment.free_busy``.
    """
    if appointment.free_busy == "free":
        return None
    source = _SOURCE_OF[appointment.free_busy]
    if source is FreeBusySource.TENTATIVE:
        organizer = appointment.organizer.strip().casefold()
        if organizer and organizer in {o.casefold() for o in mapping.tentative_exception_organizers}:
            return FreeBusySource.TENTATIVE_EXCEPTION
    return source


def presence_target(appointment: Appointment, mapping: PresenceMappingSettings) -> PresenceTarget | None:
    """The configured target for ``appointment``; ``None`` for ``free`` appointments."""
    source = free_busy_source(appointment, mapping)
    return None if source is None else mapping.target_for(source)


def activity_for(appointment: Appointment, mapping: PresenceMappingSettings) -> Activity | None:
    """The PBX activity ``appointment`` sets, or ``None`` when it is not used for presence
    (free/busy ``free``, or a source mapped to *Ignore for presence*)."""
    target = presence_target(appointment, mapping)
    return None if target is None else _ACTIVITY_OF[target]


def title_priority(subject: str, pbx: PbxSettings) -> Priority:
    """The priority given by the words in ``subject`` (case-insensitive substrings of the
    title; seed "PBX & Presence", "Prioritized appointments need to contain / must not
    contain in title"). Prioritized words take precedence over non-prioritized ones."""
    title = subject.casefold()
    if any(w.casefold() in title for w in pbx.prioritized_words):
        return Priority.HIGH
    if any(w.casefold() in title for w in pbx.non_prioritized_words):
        return Priority.LOW
    return Priority.NORMAL


@dataclass(frozen=True, slots=True)
class MappedAppointment:
    """An appointment that is used for presence, with what the mapping decided.

    Attributes:
        appointment: the appointment.
        activity: its PBX activity (never ``None``: ignored appointments are dropped).
        priority: its title priority.
        index: its position in the input sequence (identity and last tie-break).
    """

    appointment: Appointment
    activity: Activity
    priority: Priority
    index: int

    def _rank(self) -> tuple[Priority, bool, datetime, timedelta, int]:
        a = self.appointment
        return (self.priority, self.activity is not Activity.AVAILABLE, a.start, a.start - a.end, -self.index)


@dataclass(frozen=True, slots=True)
class Slot:
    """A maximal interval ``[start, end)`` (UTC) during which ``winner`` is the shown appointment."""

    start: datetime
    end: datetime
    winner: MappedAppointment


def map_appointments(
    appointments: Iterable[Appointment], pbx: PbxSettings, mapping: PresenceMappingSettings
) -> list[MappedAppointment]:
    """The appointments that take part in presence, in input order: those with an activity
    (not free, not mapped to Ignore) and a positive duration."""
    out: list[MappedAppointment] = []
    for index, appointment in enumerate(appointments):
        activity = activity_for(appointment, mapping)
        if activity is None or appointment.end <= appointment.start:
            continue
        out.append(MappedAppointment(appointment, activity, title_priority(appointment.subject, pbx), index))
    return out


def effective_slots(
    appointments: Sequence[Appointment], pbx: PbxSettings, mapping: PresenceMappingSettings
) -> tuple[Slot, ...]:
    """The timeline of shown appointments, resolving overlaps by the rules in the module
    docstring.

    Returns:
        Non-overlapping :class:`Slot` s sorted by start. Gaps (no appointment shown) have no
        slot; two adjacent slots always have different winners.
    """
    mapped = map_appointments(appointments, pbx, mapping)
    bounds = sorted({t for m in mapped for t in (m.appointment.start, m.appointment.end)})
    slots: list[Slot] = []
    for lo, hi in pairwise(bounds):
        active = [m for m in mapped if m.appointment.start <= lo and m.appointment.end >= hi]
        if not active:
            continue
        winner = max(active, key=MappedAppointment._rank)
        if slots and slots[-1].end == lo and slots[-1].winner.index == winner.index:
            slots[-1] = Slot(slots[-1].start, hi, winner)
        else:
            slots.append(Slot(lo, hi, winner))
    return tuple(slots)
