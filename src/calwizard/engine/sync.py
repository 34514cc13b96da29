"""The sync engine: every configured user's calendar, kept current, turned into presence changes.

Seed ``002_…calendar-pages.txt``, "Concepts", "Synchronization", "Users and primary SMTP address",
"Presence":

* **Start**: each user's configured addresses are resolved to the primary SMTP address (tried in order; a
  resolution younger than :attr:`EngineOptions.resolve_max_age` kept in the store is reused), the user's
  calendar is watched (:class:`calwizard.engine.backend.ChangeFeed`) and *then* read for the next 48 hours
  — watched first, so that a change during start-up is in the read or reported. All users go through this
  concurrently; the backend keeps its requests within the EWS concurrency limit.
* **Changes**: a reported change re-reads that user only (reads of one user are coalesced: a change during a
  read causes exactly one more read).
* **Time**: the presence of a user is recomputed at every start and end of an appointment and when the text
  changes by itself (``Presence.next_change``: "tomorrow 09:00" turning into "09:00" at midnight) — timers,
  not polling (:mod:`calwizard.engine.scheduler`). All users are read again at midnight in the presence
  timezone.
* **Only changes** are sent: a presence equal to the last one handed to the sinks (kept in the store, so
  this holds across restarts) is not sent again.
* **Users** come from a :class:`UserSource`: the configured mailbox list (:class:`StaticUsers`), or the PBX's users
  (:class:`calwizard.engine.pbx_users.PbxUserSource`), which add, change and remove users while the engine runs
  (:meth:`SyncEngine.add_user`, :meth:`SyncEngine.update_user`, :meth:`SyncEngine.remove_user`).
* **Per-user status**: ``pending`` -> ``resolved`` | ``not_found`` | ``ambiguous`` | ``no_email`` (a PBX user
  without an e-mail address, whose username@domain fallback, if any, is no mailbox either) | ``access_denied`` |
  ``streaming_limit`` (EWS: the account's streaming connections are full — more users than one account can follow;
  retried with the transient backoff and at once when another user leaves) | ``error``. A status
  change is an event: logged (a warning unless it is a recovery), kept in the store, shown by ``engine
  status``. Nothing a single user can cause stops the engine.
* **Retries** (exponential backoff with a little jitter, never above the cap): denied users after
  :attr:`EngineOptions.access_retry` seconds (2 s), doubling up to :attr:`EngineOptions.access_retry_max`
  (30 s: a user whose access is restored syncs within 30 s); users whose addresses resolve to nothing — or to
  several mailboxes without an exact SMTP match (``ambiguous``) — after :attr:`EngineOptions.not_found_retry`,
  doubling up to :attr:`EngineOptions.not_found_retry_max`, and at every midnight; transient failures
  (network, throttling, a server that does not speak EWS) after :attr:`EngineOptions.error_retry`, doubling up
  to :attr:`EngineOptions.error_retry_max` — backing off, never spinning. A user is retried **at once** when
  access is evidently back: another denied user's read succeeded (the grant was fixed), a change notification
  arrives for it, or :meth:`SyncEngine.retry_now` is called (``SIGHUP`` to ``calwizard engine run``, e.g. after
  ``calwizard validate`` shows the access is back). Meanwhile the user's presence keeps following the
  appointments last read.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from calwizard.engine.backend import DENIED_KINDS, BackendError, CalendarBackend
from calwizard.engine.model import Appointment
from calwizard.engine.presence import Presence, compute_presence
from calwizard.engine.scheduler import Clock, Scheduler, next_midnight, utcnow
from calwizard.engine.sinks import SinkGroup, SinkWorker
from calwizard.engine.store import PresenceRow, Store, iso
from calwizard.exchange.expiry import CredentialExpiry
from calwizard.exchange.names import name_candidates
from calwizard.settings.model import Mailbox, Settings
from calwizard.settings.shard import Shard

log = logging.getLogger("calwizard.engine")

STATUSES = ("pending", "resolved", "not_found", "ambiguous", "no_email", "access_denied", "error")
NO_EMAIL_REMEDY = "enter the user's e-mail address on the PBX user object (E-Mail), or set the mail domain"


@dataclass(frozen=True)
class UserSpec:
    """A user to sync.

    Attributes:
        mailbox: the PBX name and the SMTP addresses to try (none: nothing to try, status ``no_email``).
        no_email: the PBX has no e-mail address for the user: its address, if any, is the username@domain fallback.
    """

    mailbox: Mailbox
    no_email: bool = False


class UserSource(Protocol):
    """Where the engine's users come from."""

    async def start(self, engine: SyncEngine) -> list[UserSpec]:
        """The users at start; afterwards the source may call the engine's add/update/remove_user (on its loop).

        Raises UserFacingError when the users cannot be had (the engine does not start)."""


class StaticUsers:
    """The configured mailbox list (manual or CSV): fixed for the engine's run."""

    def __init__(self, mailboxes: list[Mailbox]) -> None:
        self.mailboxes = list(mailboxes)

    async def start(self, engine: SyncEngine) -> list[UserSpec]:
        return [UserSpec(m) for m in self.mailboxes]


@dataclass
class EngineOptions:
    """Tunables of the engine (defaults follow the seed and Microsoft's limits; tests shorten the waits)."""

    window: timedelta = timedelta(hours=48)
    """How far ahead calendars are read (seed: the next 48 hours)."""
    access_retry: float = 2.0
    """First retry of a user whose access is denied (seconds); doubles per failure."""
    access_retry_max: float = 30.0
    """Longest wait between two retries of a denied user (seconds): a restored user syncs within this."""
    not_found_retry: float = 5.0
    """First retry of a user whose addresses resolve to no (or no unique) mailbox (seconds); doubles per failure."""
    not_found_retry_max: float = 600.0
    error_retry: float = 5.0
    """First retry after a transient failure (seconds); doubles per failure."""
    error_retry_max: float = 300.0
    resolve_max_age: timedelta = timedelta(hours=24)
    """A stored primary address younger than this is used without ResolveNames at start."""
    max_concurrency: int = 27
    """EWS requests in flight (EWSMaxConcurrency is 27)."""
    max_streams: int = 10
    """Streaming connections (the hanging connection limit is 10)."""
    connection_timeout_minutes: int = 29
    """ConnectionTimeout of the streaming connections (< 30: renewed before the 30-minute limit)."""
    poll_interval: float | None = None
    """Microsoft Graph: seconds between two delta queries of a mailbox (``cloud_graph``); None: the settings'
    ``exchange.graph_poll_interval_seconds`` (default 60)."""
    graph_batch: bool = True
    """Microsoft Graph: combine requests of several mailboxes with JSON batching (``$batch``, up to 20)."""
    shutdown_timeout: float = 5.0
    """Seconds a clean shutdown spends delivering the outbox and unsubscribing."""
    shard: Shard | None = None
    """Sync only the users this instance owns (:mod:`calwizard.settings.shard`; ``--shard K/N``); None: all."""
    health_grace: float = 60.0
    """Seconds the streams, the delta feed or the PBX connection may be down before ``/healthz`` answers 503
    (:mod:`calwizard.engine.health`): a reconnect within it keeps the engine healthy."""


@dataclass(eq=False)
class UserState:
    mailbox: Mailbox
    primary: str | None = None
    display_name: str = ""
    status: str = "pending"
    detail: str = ""
    appointments: list[Appointment] = field(default_factory=list)
    last: PresenceRow | None = None
    reading: bool = False
    dirty: bool = False
    failures: int = 0
    resolved_at: datetime | None = None
    synced: bool = False
    """At least one read succeeded in this run."""
    no_email: bool = False
    """The PBX has no e-mail address for this user (see :class:`UserSpec`)."""
    removed: bool = False
    """The user was removed while the engine runs: nothing more is written for it."""
    has_data: bool = False
    """The appointments come from a successful read (this run or an earlier one): presence may be shown."""

    @property
    def pbx_name(self) -> str:
        return self.mailbox.pbx_name

    @property
    def address(self) -> str:
        return self.primary or self.mailbox.primary


class SyncEngine:
    """Runs the sync for one configuration until stopped (see the module docstring).

    Args:
        settings: the configuration (PBX & presence, mapping, mailboxes).
        backend: the calendar backend (already constructed, not yet opened).
        store: the state database.
        sinks: delivers the store's outbox.
        options: tunables.
        clock: the current time (aware UTC).
        credentials: the app's expiring credentials (:func:`calwizard.exchange.expiry.configured_expiries`):
            logged 30/14/7 days ahead (at start, then at each midnight when the stage changes) and kept in the
            store for ``engine status``.
        users: where the users come from (default: the configured mailbox list, :class:`StaticUsers`).
    """

    def __init__(self, settings: Settings, backend: CalendarBackend, store: Store, sinks: SinkWorker | SinkGroup,
                 options: EngineOptions | None = None, clock: Clock = utcnow,
                 credentials: Sequence[CredentialExpiry] = (), users: UserSource | None = None) -> None:
        self.settings = settings
        self.backend = backend
        self.store = store
        self.sinks = sinks
        self.options = options or EngineOptions()
        self.clock = clock
        self.tz = ZoneInfo(settings.pbx.presence_timezone)
        self.scheduler = Scheduler(clock)
        self._rng = random.Random()
        self.users: dict[str, UserState] = {}
        self._by_address: dict[str, UserState] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.feed = backend.change_feed()
        # observed by the health endpoint and the metrics (calwizard.engine.health); plain attributes, no I/O
        self.opened = False
        """The backend is open (discovery and authentication succeeded) and the engine has not stopped."""
        self.last_success_at: datetime | None = None
        """The last successful calendar read (UTC)."""
        self.last_failure: tuple[str, str, datetime] | None = None
        """The last failure of a user's resolve/watch/read: (error kind, message, when)."""
        self.last_change_at: datetime | None = None
        """The last presence change handed to the sinks (UTC)."""
        self.on_sync_latency: Callable[[float], None] | None = None
        """Metrics hook: seconds from a reported change of a user's calendar to its presence recomputed."""
        self._change_seen: dict[str, float] = {}
        self.initial_sync_seconds: float | None = None
        self.started = asyncio.Event()
        """Set when every user went through its first resolve/watch/read (successfully or not)."""
        self.reads = 0
        self.changes_sent = 0
        self.on_presence: Callable[[dict[str, Any]], None] | None = None
        """Test and benchmark hook: called with every record handed to the sinks."""
        self.user_source: UserSource = users or StaticUsers(settings.mailboxes)
        self.on_user_removed: list[Callable[[str], Coroutine[Any, Any, Any]]] = []
        """Coroutines run with the name of a user removed while running (the PBX sink clears its presence)."""
        self.on_running: list[Callable[[], None]] = []
        """Called once the engine has started (backend open, users known), before the initial sync: from here on
        nothing refuses the start, and what the engine says goes to its log and the users' status details."""
        self.credentials = list(credentials)
        self._expiry_stage: dict[str, int | None] = {}

    # ------------------------------------------------------------------------------------------ run

    async def run(self, stop: asyncio.Event) -> None:
        """Open the backend, sync, follow changes and time until ``stop`` is set; then shut down cleanly.

        Raises:
            BackendError / UserFacingError: the backend could not be opened (discovery, authentication).
        """
        self.store.set_meta("credential_expiry", json.dumps([c.to_json() for c in self.credentials]))
        self._warn_expiry()
        await self.backend.open()
        self.opened = True
        try:
            self._load(await self.user_source.start(self))
            for started in self.on_running:
                started()
            self.feed.bind(self._on_change, self._on_feed_failure)
            await self.feed.start()
            sink_task = asyncio.ensure_future(self.sinks.run())
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            initial = asyncio.ensure_future(self._initial())
            self._schedule_midnight()
            stopper = asyncio.ensure_future(stop.wait())
            await asyncio.wait({initial, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if initial.done():
                self.initial_sync_seconds = loop.time() - t0
                self.started.set()
                self.store.set_meta("last_full_sync", iso(self.clock()) or "")
                log.info("initial sync of %d user(s) done in %.2f s", len(self.users), self.initial_sync_seconds)
                await stopper
            else:
                initial.cancel()
            await self._shutdown(sink_task)
        finally:
            self.opened = False
            await self.backend.close()

    def _load(self, specs: list[UserSpec]) -> None:
        now = self.clock()
        configured = {s.mailbox.pbx_name for s in specs}
        gone = sorted(set(self.store.users()) - configured)
        if forgotten := self.store.forget_users_except(configured):
            log.info("forgot the state of %d user(s) no longer configured", forgotten)
        for name in gone:  # e.g. the PBX sink clears what it set for them
            for hook in self.on_user_removed:
                self._spawn(hook(name))
        for spec in specs:
            self.store.ensure_user(spec.mailbox.pbx_name, list(spec.mailbox.addresses), now)
        rows = self.store.users()
        presences = self.store.presences()
        for spec in specs:
            self._adopt(spec, rows, presences)

    def _adopt(self, spec: UserSpec, rows: dict[str, Any], presences: dict[str, PresenceRow]) -> UserState:
        m = spec.mailbox
        row = rows[m.pbx_name]
        user = UserState(m, primary=row.primary, display_name=row.display_name, status=row.status,
                         detail=row.detail, last=presences.get(m.pbx_name), resolved_at=row.resolved_at,
                         has_data=row.read_at is not None, no_email=spec.no_email)
        user.appointments = self.store.appointments(m.pbx_name)
        self.users[m.pbx_name] = user
        if user.primary:
            self._by_address[user.primary.lower()] = user
        return user

    # ------------------------------------------------------------------------------------------ live users

    def add_user(self, spec: UserSpec) -> None:
        """Start syncing a user that appeared while running (a user added on the PBX). Call on the engine's loop."""
        name = spec.mailbox.pbx_name
        if name in self.users:
            self.update_user(spec)
            return
        now = self.clock()
        self.store.ensure_user(name, list(spec.mailbox.addresses), now)
        user = self._adopt(spec, self.store.users(), {name: p} if (p := self.store.presence(name)) else {})
        self.store.add_event(name, "added", "; ".join(spec.mailbox.addresses), now)
        log.info("%s: added (%s)", name, "; ".join(spec.mailbox.addresses) or "no e-mail address")
        self._spawn(self._bring_up(user, resolve=True))

    def update_user(self, spec: UserSpec) -> None:
        """A user's addresses changed (its e-mail addresses on the PBX): resolve and read it again."""
        name = spec.mailbox.pbx_name
        user = self.users.get(name)
        if user is None:
            self.add_user(spec)
            return
        if list(user.mailbox.addresses) == list(spec.mailbox.addresses) and user.no_email == spec.no_email:
            user.mailbox = spec.mailbox
            return
        now = self.clock()
        self.store.ensure_user(name, list(spec.mailbox.addresses), now)
        if user.primary:
            self._by_address.pop(user.primary.lower(), None)
            self._spawn(self.feed.unwatch(user.primary))
        user.mailbox, user.no_email = spec.mailbox, spec.no_email
        user.primary, user.resolved_at, user.failures = None, None, 0
        user.status, user.detail = "pending", ""
        self.scheduler.cancel(("retry", name))
        self.store.add_event(name, "changed", "; ".join(spec.mailbox.addresses), now)
        log.info("%s: addresses changed (%s)", name, "; ".join(spec.mailbox.addresses) or "none")
        self._spawn(self._bring_up(user, resolve=True))

    def remove_user(self, name: str) -> None:
        """Stop syncing a user (removed from the PBX or filtered out) and forget its state."""
        user = self.users.pop(name, None)
        if user is None:
            return
        user.removed = True
        self.scheduler.cancel(("presence", name))
        self.scheduler.cancel(("retry", name))
        if user.primary:
            if self._by_address.get(user.primary.lower()) is user:
                del self._by_address[user.primary.lower()]
            self._spawn(self.feed.unwatch(user.primary))
        self.store.forget_user(name)
        self.store.add_event(name, "removed", "", self.clock())
        log.info("%s: removed; no longer synced", name)
        for hook in self.on_user_removed:
            self._spawn(hook(name))
        if user.primary and any(u.status == "streaming_limit" for u in self.users.values()):
            self._spawn(self._room_freed())

    async def _room_freed(self) -> None:
        """A removed user's subscription is gone: the users waiting for room on the streaming connections try now."""
        await asyncio.sleep(0)  # after the unwatch spawned before
        self.retry_now("streaming_limit")

    async def _initial(self) -> None:
        # users go through resolve -> watch -> read one pipeline each, a bounded number at a time: the request
        # queue stays short, so every user gets presence as early as the concurrency limit allows (instead of
        # every ResolveNames first, then every Subscribe, then every read)
        gate = asyncio.Semaphore(max(2 * self.backend.max_concurrency, 1))

        async def one(user: UserState) -> None:
            async with gate:
                await self._bring_up(user)

        await asyncio.gather(*(one(u) for u in self.users.values()))

    async def _shutdown(self, sink_task: asyncio.Task[Any]) -> None:
        log.info("stopping: closing notifications, delivering queued presence")
        self.scheduler.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.feed.close()
        if not await self.sinks.drain(self.options.shutdown_timeout):
            log.warning("%d presence change(s) not yet delivered; they are sent at the next start",
                        self.store.outbox_size())
        sink_task.cancel()
        await asyncio.gather(sink_task, return_exceptions=True)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("internal error in the sync engine", exc_info=task.exception())

    # ------------------------------------------------------------------------------------------ users

    async def _bring_up(self, user: UserState, *, resolve: bool = False) -> None:
        """Resolve (if needed), watch, read."""
        if user.removed:
            return
        if not user.mailbox.addresses:
            self._set_status(user, "no_email", f"no e-mail address on the PBX: {NO_EMAIL_REMEDY} (pbx.domain) so "
                             "that <user name>@<domain> is tried")
            return
        now = self.clock()
        fresh = (user.primary is not None and user.resolved_at is not None
                 and now - user.resolved_at < self.options.resolve_max_age)
        if resolve or not fresh:
            try:
                res = await self.backend.resolve(name_candidates(user.mailbox, self.settings))
            except BackendError as err:
                self._failed(user, err)
                return
            if user.removed:
                return
            if res.primary is None:
                user.failures += 1
                if user.no_email:
                    self._set_status(user, "no_email", "no e-mail address on the PBX, and "
                                     + "; ".join(user.mailbox.addresses) + " (username@domain) is no mailbox: "
                                     + NO_EMAIL_REMEDY.replace(", or set the mail domain", ""))
                else:
                    self._set_status(user, "not_found", "no configured address resolves to a mailbox ("
                                     + "; ".join(user.mailbox.addresses) + ")")
                self._recompute(user)
                self._schedule_retry(user, "not_found")
                return
            if user.primary and user.primary.lower() != res.primary.lower():
                self._by_address.pop(user.primary.lower(), None)
                await self.feed.unwatch(user.primary)
            user.primary, user.display_name, user.resolved_at = res.primary, res.display_name, now
            self._by_address[res.primary.lower()] = user
            self.store.set_resolved(user.pbx_name, res.primary, res.display_name, now)
        assert user.primary is not None
        try:
            await self.feed.watch(user.primary)
        except BackendError as err:
            self._failed(user, err)
            return
        await self._read(user)

    async def _read(self, user: UserState) -> None:
        """Read the user's window and recompute; coalesces concurrent requests into one more read."""
        if user.reading:
            user.dirty = True
            return
        user.reading = True
        try:
            while True:
                user.dirty = False
                start = self.clock()
                try:
                    appointments = await self.backend.read(user.address, start, start + self.options.window)
                except BackendError as err:
                    self._failed(user, err)
                    return
                if user.removed:
                    return
                self.reads += 1
                self.last_success_at = self.clock()
                user.appointments = appointments
                user.synced = user.has_data = True
                user.failures = 0
                self.store.replace_appointments(user.pbx_name, appointments, start)
                if user.status != "resolved":
                    was_denied = user.status == "access_denied"
                    self._set_status(user, "resolved", "")
                    self.scheduler.cancel(("retry", user.pbx_name))
                    if was_denied:  # a grant was fixed: the other denied users may be back too
                        self.retry_now("access_denied")
                self._recompute(user)
                seen = self._change_seen.pop(user.pbx_name, None)
                if seen is not None and self.on_sync_latency is not None:
                    self.on_sync_latency(asyncio.get_running_loop().time() - seen)
                if not user.dirty:
                    return
        finally:
            user.reading = False

    def _failed(self, user: UserState, err: BackendError) -> None:
        """Record a failure as the user's status and schedule the retry."""
        if user.removed:
            return
        user.failures += 1
        self.last_failure = (err.kind, err.message, self.clock())
        if err.kind in DENIED_KINDS:
            status = "access_denied"
            if user.primary:
                self._spawn(self.feed.unwatch(user.primary))
        elif err.kind in ("not_found", "ambiguous"):
            status = err.kind
        elif err.kind == "connection_limit" and not err.code:  # our own streaming connections are full
            status = "streaming_limit"
        else:
            status = "error"
        self._set_status(user, status, f"{err.kind}: {err.message}")
        self._recompute(user)  # keep following the appointments last read
        self._schedule_retry(user, status)

    def retry_delay(self, status: str, failures: int) -> float:
        """Seconds before retry number ``failures`` (1, 2, …) of a user in ``status``: exponential backoff from the
        first delay of the status's kind up to its cap (see the module docstring), with up to 15 % jitter below."""
        o = self.options
        first, cap = {"access_denied": (o.access_retry, o.access_retry_max),
                      "not_found": (o.not_found_retry, o.not_found_retry_max),
                      "ambiguous": (o.not_found_retry, o.not_found_retry_max)}.get(
            status, (o.error_retry, o.error_retry_max))
        delay = min(first * 2 ** min(max(failures - 1, 0), 32), cap)
        return delay * self._rng.uniform(0.85, 1.0)

    def _schedule_retry(self, user: UserState, status: str) -> None:
        delay = self.retry_delay(status, user.failures)
        self.scheduler.at(("retry", user.pbx_name), self.clock() + timedelta(seconds=delay),
                          lambda _at: self._spawn(self._bring_up(user, resolve=status in ("not_found", "ambiguous"))))

    def retry_now(self, status: str | None = None) -> int:
        """Retry at once every user that is not synced (or only those in ``status``), instead of waiting for their
        backoff: access is evidently back (see the module docstring). Returns how many users are retried."""
        users = [u for u in self.users.values() if u.status != "resolved" and (status is None or u.status == status)
                 and not u.reading]
        for u in users:
            self.scheduler.cancel(("retry", u.pbx_name))
            self._spawn(self._bring_up(u, resolve=u.status in ("not_found", "ambiguous")))
        if users:
            log.info("retrying %d user(s) now%s", len(users), f" ({status.replace('_', ' ')})" if status else "")
        return len(users)

    def _set_status(self, user: UserState, status: str, detail: str) -> None:
        if user.removed or (user.status == status and user.detail == detail):
            return
        previous = user.status
        user.status, user.detail = status, detail
        now = self.clock()
        self.store.set_status(user.pbx_name, status, detail, now)
        kind = status if status != "resolved" else ("restored" if previous in ("access_denied", "error", "not_found",
                                                                               "ambiguous", "no_email") else "resolved")
        if kind != "resolved":  # a first resolution is not news; everything else is an event
            self.store.add_event(user.pbx_name, kind, detail, now)
        who = f"{user.pbx_name} ({user.address})"
        if status == "resolved":
            log.log(logging.WARNING if kind == "restored" else logging.INFO, "%s: %s", who,
                    "access restored" if kind == "restored" else "resolved")
        else:
            log.warning("%s: %s — %s", who, status.replace("_", " "), detail)

    # ------------------------------------------------------------------------------------------ feed

    def _on_change(self, address: str, reason: str) -> None:
        user = self._by_address.get(address.lower())
        if user is None:
            return
        if user.status in ("access_denied", "error"):  # a notification for it: its access is evidently back
            self.scheduler.cancel(("retry", user.pbx_name))
            self._spawn(self._bring_up(user))
            return
        log.debug("%s: %s -> re-read", user.pbx_name, reason)
        self._change_seen.setdefault(user.pbx_name, asyncio.get_running_loop().time())
        self._spawn(self._read(user))

    def _on_feed_failure(self, address: str, err: BackendError) -> None:
        user = self._by_address.get(address.lower())
        if user is not None:
            self._failed(user, err)

    # ------------------------------------------------------------------------------------------ presence

    def _recompute(self, user: UserState, at: datetime | None = None) -> None:
        now = max(self.clock(), at) if at is not None else self.clock()
        if not user.has_data or user.removed:
            return  # never read: nothing is known about this user's calendar
        presence = compute_presence(now, user.appointments, self.settings.pbx, self.settings.mapping)
        self._emit_if_changed(user, presence, now)
        boundaries = [t for a in user.appointments for t in (a.start, a.end) if t > now]
        if presence.next_change is not None and presence.next_change > now:
            boundaries.append(presence.next_change)
        if boundaries:
            self.scheduler.at(("presence", user.pbx_name), min(boundaries), lambda t: self._recompute(user, t))
        else:
            self.scheduler.cancel(("presence", user.pbx_name))

    def _emit_if_changed(self, user: UserState, presence: Presence, now: datetime) -> None:
        activity = presence.activity.value
        if user.last is not None and user.last.activity == activity and user.last.text == presence.text:
            return
        record = {
            "user": user.address,
            "pbx_name": user.pbx_name,
            "activity": activity,
            "presence": presence.text,
            "until": iso(presence.until),
            "at": iso(now),
        }
        self.store.record_presence(record)
        user.last = PresenceRow(user.pbx_name, user.address, activity, presence.text, record["until"], record["at"])
        self.changes_sent += 1
        self.last_change_at = now
        self.sinks.wake()
        log.info("%s: %s", user.pbx_name, presence.text)
        if self.on_presence is not None:
            self.on_presence(record)

    # ------------------------------------------------------------------------------------------ midnight

    def _schedule_midnight(self, after: datetime | None = None) -> None:
        now = self.clock()
        self.scheduler.at("midnight", next_midnight(max(now, after) if after else now, self.tz), self._midnight)

    def _warn_expiry(self) -> None:
        """Log each expiring credential when it enters a warning stage (30, 14, 7 days, expired)."""
        now = self.clock()
        for c in self.credentials:
            stage = c.stage(now)
            if stage is not None and stage != self._expiry_stage.get(c.what, None):
                log.log(logging.ERROR if stage == 0 else logging.WARNING, "%s: %s", c.message(now), c.remedy)
            self._expiry_stage[c.what] = stage

    def _midnight(self, at: datetime) -> None:
        self._warn_expiry()
        log.info("midnight in %s: reading every calendar again", self.tz.key)
        for user in self.users.values():
            if user.status == "resolved" and self.feed.watching(user.address):
                self._spawn(self._read(user))
            else:
                self._spawn(self._bring_up(user, resolve=True))
        self._schedule_midnight(after=at)

    # ------------------------------------------------------------------------------------------ status

    def status(self) -> dict[str, Any]:
        counts: dict[str, int] = {s: 0 for s in STATUSES}
        for u in self.users.values():
            counts[u.status] = counts.get(u.status, 0) + 1
        return {"users": counts, "reads": self.reads, "changes_sent": self.changes_sent,
                "outbox": self.store.outbox_size(), "feed": self.feed.status(), "backend": self.backend.stats()}
