"""What the sync engine needs from a calendar service, independent of the protocol.

The engine (:mod:`calwizard.engine.sync`) talks only to a :class:`CalendarBackend` and its
:class:`ChangeFeed`. Two backends implement it: EWS (:mod:`calwizard.engine.ews_backend`, streaming
notifications in :mod:`calwizard.engine.notifications`) and Microsoft Graph
(:mod:`calwizard.engine.graph_backend`: calendarView reads, "Get user" or a calendar probe to resolve, delta
queries as the feed). :func:`calwizard.engine.runner.make_backend` picks one for the sync type.

Contract of a feed, which is what makes "no change is lost" hold:

* after :meth:`ChangeFeed.watch` returns, every later change of that mailbox's calendar is reported with
  ``on_change(address, reason)``; the engine reads the calendar *after* watching, so a change is either
  in the read or reported;
* when the feed cannot vouch for that any more (a subscription was lost or invalidated, a stream dropped
  with events possibly in flight) it re-establishes the watch and then reports ``on_change(address,
  "resubscribed")`` — the engine re-reads that user;
* when re-establishing fails for a mailbox it reports ``on_failure(address, error)`` and forgets the
  mailbox; the engine retries with :meth:`ChangeFeed.watch` later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from calwizard.engine.model import Appointment
from calwizard.exchange.ewserrors import KINDS

ERROR_KINDS = tuple(KINDS)
"""Error kinds of :class:`BackendError` (the kinds of :class:`calwizard.exchange.ewserrors.EwsError`, one table for
EWS and Microsoft Graph)."""

DENIED_KINDS = frozenset({"impersonation_denied", "access_denied"})
"""Kinds that mean "this mailbox may not be read by this account" (per-user status ``access_denied``)."""

TRANSIENT_KINDS = frozenset(k for k, v in KINDS.items() if v.transient)
"""Kinds worth retrying soon (throttling and its limits, lost subscriptions, mailbox moves and database failovers,
server errors, network)."""


class BackendError(Exception):
    """A classified failure of one backend call.

    Attributes:
        kind: one of :data:`ERROR_KINDS`.
        message: one sentence, safe to show and log (never a secret).
        back_off: seconds the server asked to wait (``server_busy``), else 0.
        code: the EWS ResponseCode (or the Graph error code), "" if none.
        candidates: ``ambiguous``: the candidates the server listed.
    """

    def __init__(self, kind: str, message: str, back_off: float = 0.0, *, code: str = "",
                 candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.back_off = back_off
        self.code = code
        self.candidates = candidates

    def __repr__(self) -> str:
        return f"BackendError({self.kind!r}, {self.message!r}, back_off={self.back_off})"


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one user's configured addresses.

    Attributes:
        primary: the primary SMTP address, or None when no address resolved.
        display_name: the directory's display name ("" if unknown).
    """

    primary: str | None
    display_name: str = ""


ChangeCallback = Callable[[str, str], None]
"""``on_change(address, reason)``; reason ``"event"`` (the server reported a change) or ``"resubscribed"``."""
FailureCallback = Callable[[str, BackendError], None]
"""``on_failure(address, error)``: the feed lost the mailbox and could not watch it again."""


class ChangeFeed(Protocol):
    """Change notifications for a set of mailboxes (see the module docstring for the contract)."""

    def bind(self, on_change: ChangeCallback, on_failure: FailureCallback) -> None:
        """Set the callbacks (called on the engine's event loop)."""

    async def watch(self, address: str) -> None:
        """Start reporting changes of ``address``. Raises :class:`BackendError`."""

    async def unwatch(self, address: str) -> None:
        """Stop reporting changes of ``address`` (best effort, never raises)."""

    def watching(self, address: str) -> bool:
        """Whether changes of ``address`` are being reported."""

    async def start(self) -> None:
        """Begin delivering changes (connections are opened as mailboxes are watched)."""

    async def close(self) -> None:
        """Stop: close connections and release server-side state (best effort, bounded)."""

    def status(self) -> dict[str, object]:
        """Counters and connection states for ``engine status`` and the benchmark."""


class CalendarBackend(Protocol):
    """A calendar service as the engine sees it. Every coroutine raises :class:`BackendError` on failure."""

    name: str
    """Short name, e.g. ``ews``."""

    max_concurrency: int
    """Requests the backend keeps in flight at most (EWSMaxConcurrency is 27)."""

    async def open(self) -> None:
        """Discover the service and authenticate (Autodiscover, token). Raises :class:`BackendError` or
        :class:`calwizard.errors.UserFacingError` with a remedy."""

    async def close(self) -> None:
        """Release connections and threads."""

    async def resolve(self, addresses: Sequence[str]) -> Resolution:
        """Resolve the user's addresses in order to the primary SMTP address (ResolveNames / user lookup)."""

    async def read(self, address: str, start: datetime, end: datetime) -> list[Appointment]:
        """The appointments of ``address`` overlapping ``[start, end)``."""

    def change_feed(self) -> ChangeFeed:
        """The feed of change notifications of this backend (one per backend)."""

    def stats(self) -> dict[str, object]:
        """Request counters (for ``engine status`` and the benchmark)."""
