"""The Microsoft Graph backend of the sync engine (sync type ``cloud_graph``): the same engine, fetched over Graph.

Microsoft Graph REST API v1.0 ("Outlook calendar API overview"); the presence, mapping, store, scheduler and sinks
are the engine's own — this module only fetches:

* **Token**: client credentials for ``https://graph.microsoft.com/.default`` from msal
  (:class:`calwizard.engine.tokens.TokenSource`), renewed before it expires and once more on a 401.
* **Resolve**: "Get user" (``GET /users/{upn}?$select=mail,userPrincipalName,displayName``) gives the primary
  address and display name when the app may read the directory (``User.Read.All``). An app with only
  ``Calendars.Read`` gets 403 ``Authorization_RequestDenied`` there; then the address is proven by one
  calendarView request (200 = mailbox, 404 ``ErrorInvalidUser`` = try the next address) and used as configured.
* **Read**: "List calendarView" (``GET /users/{upn}/calendarView?startDateTime=&endDateTime=``) with
  ``$select`` of what presence needs (subject, start, end, showAs, isAllDay, sensitivity, organizer) and
  ``Prefer: outlook.timezone="UTC"``, following ``@odata.nextLink``.
  ``showAs`` ``free``/``tentative``/``busy``/``oof``/``workingElsewhere``/``unknown`` maps to the engine's
  free/busy values (``unknown`` -> ``no_data``); ``sensitivity`` ``private`` or ``confidential`` shows
  "Private"; all-day events carry midnight dates in the response's time zone and become midnight-to-midnight in
  the presence timezone, as for EWS.
* **Changes** (:class:`DeltaFeed`): "event: delta" on the calendarView (``GET
  /users/{upn}/calendarView/delta?startDateTime=&endDateTime=``): a first round pages through the window with
  ``@odata.nextLink`` to an ``@odata.deltaLink``; every ``poll_interval`` seconds the delta link is asked
  for what changed (new, changed and ``@removed`` events). Any change makes the engine re-read that user.
  Delta links are kept in the engine's store (:meth:`calwizard.engine.store.Store.set_delta_link`), so a
  restart continues where it stopped. A delta window is fixed when the round starts, so it covers
  :data:`DELTA_WINDOW` ahead and is started anew (and the user re-read) before less than the engine's
  48 hours remain.
* **Limits** ("Microsoft Graph service-specific throttling limits", Outlook service): at most
  :data:`MAILBOX_CONCURRENCY` (4) requests per mailbox in flight; 429 and 503 are retried after their
  ``Retry-After`` (that mailbox waits; the others go on).
* **JSON batching** (``POST /$batch``, "Combine multiple requests in one HTTP call using JSON batching"): with
  ``use_batch`` requests issued in the same moment are sent together, up to :data:`MAX_BATCH` (20) per HTTP
  request; every part has its own status, ``Retry-After`` and retry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from calwizard.checks.context import CheckContext
from calwizard.engine.backend import BackendError, ChangeCallback, FailureCallback, Resolution
from calwizard.engine.ews_backend import all_day_span, zone
from calwizard.engine.model import Appointment
from calwizard.engine.tokens import TokenSource
from calwizard.errors import ConfigError, TlsError
from calwizard.exchange.clouds import endpoints_for
from calwizard.exchange.graph import Answer, GraphClient, GraphUnreachable, graph_time
from calwizard.i18n import translate

log = logging.getLogger("calwizard.engine.graph")

DELTA_WINDOW = timedelta(hours=72)
"""How far ahead a delta round watches (the engine reads 48 hours; the rest is the time until a new round)."""
DELTA_PAGE_SIZE = 200
"""``Prefer: odata.maxpagesize`` of delta rounds."""
READ_PAGE_SIZE = 250
"""``$top`` of calendarView reads."""
EVENT_SELECT = "subject,start,end,showAs,isAllDay,sensitivity,organizer"
SHOW_AS = {
    "free": "free",
    "tentative": "tentative",
    "busy": "busy",
    "oof": "oof",
    "workingelsewhere": "working_elsewhere",
    "unknown": "no_data",
}
"""Graph ``showAs`` (lower-cased) -> the engine's free/busy values (:data:`calwizard.engine.model.FREE_BUSY_VALUES`)."""
PRIVATE_SENSITIVITY = frozenset({"private", "confidential"})
EXPIRED_DELTA_CODES = frozenset({"syncstatenotfound", "syncstateinvalid", "resyncrequired", "errorinvalidurlquery",
                                 "invalidsynctoken", "errorinvalidsyncstatedata"})
"""Error codes (lower-cased) that mean "this delta link is no longer usable: start a new round"."""


def page_of(body: Any) -> tuple[list[dict[str, Any]], str | None, str | None]:
    """A page of a Graph collection answer ("Paging Microsoft Graph data in your app"): its events (the objects of
    ``value``), ``@odata.nextLink`` and ``@odata.deltaLink`` (``https://`` URLs only). Whatever a server sends,
    this returns: members of the wrong type are left out (never an exception from a hostile answer)."""
    if not isinstance(body, dict):
        return [], None, None
    value = body.get("value")
    events = [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []

    def link(key: str) -> str | None:
        v = body.get(key)
        return v if isinstance(v, str) and v.startswith("https://") and len(v) <= 16384 else None

    return events, link("@odata.nextLink"), link("@odata.deltaLink")


def parse_graph_datetime(value: dict[str, Any]) -> datetime:
    """A Graph ``dateTimeTimeZone`` (``{"dateTime": "2026-11-22T09:00:00.0000000", "timeZone": "UTC"}``) as an
    aware datetime in that zone (Windows zone names are mapped with CLDR's table; unknown zones are UTC).

    Raises:
        ValueError: no or unreadable ``dateTime``.
    """
    if not isinstance(value, dict):
        raise ValueError("dateTimeTimeZone is not an object")
    raw = str(value.get("dateTime") or "").strip()
    if not raw:
        raise ValueError("dateTime missing")
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:  # seven fractional digits on an older Python
        parsed = datetime.fromisoformat(raw[:26])
    if parsed.tzinfo is not None:
        return parsed
    return parsed.replace(tzinfo=zone(str(value.get("timeZone") or "UTC")) or UTC)


def appointment_from_event(event: dict[str, Any], presence_tz: ZoneInfo) -> Appointment | None:
    """A Graph ``event`` as the engine's :class:`Appointment`; None for an event without readable start/end."""
    try:
        start = parse_graph_datetime(event.get("start") or {})
        end = parse_graph_datetime(event.get("end") or {})
        all_day = event.get("isAllDay") is True
        if all_day:
            item_tz = start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else None
            start, end = all_day_span(start, end, item_tz, presence_tz)
    except (ValueError, TypeError, OverflowError):
        log.warning("skipping a calendar event with an unreadable start/end")
        return None
    organizer_obj = event.get("organizer")
    email = organizer_obj.get("emailAddress") if isinstance(organizer_obj, dict) else None
    organizer = email.get("address") if isinstance(email, dict) else ""
    return Appointment(
        start=start,
        end=end,
        subject=str(event.get("subject") or ""),
        free_busy=SHOW_AS.get(str(event.get("showAs") or "unknown").lower(), "no_data"),
        is_all_day=all_day,
        is_private=str(event.get("sensitivity") or "").lower() in PRIVATE_SENSITIVITY,
        organizer=str(organizer),
        uid=str(event.get("id") or ""),
    )


# ------------------------------------------------------------------------------------------ errors


def answer_error(answer: Answer, what: str) -> BackendError:
    """The :class:`BackendError` for a failed Graph answer (``what``: e.g. ``calendar of anna@contoso.com``)."""
    s, code, msg = answer.status, answer.code, answer.message
    text = f"{what}: HTTP {s} {code}".rstrip() + (f" ({msg[:160]})" if msg else "")
    if s == 401:
        return BackendError("unauthorized", text)
    if s == 403:
        return BackendError("access_denied", text + " — outside the app's RBAC for Applications scope, or the "
                            "application permission Calendars.Read is missing")
    if s == 404:
        return BackendError("not_found", text)
    if s in (429, 503, 504):
        return BackendError("server_busy", text, back_off=answer.retry_after or 0.0)
    if s >= 500:
        return BackendError("other", text)
    return BackendError("other", text)


class DeltaLinkExpired(BackendError):
    """Graph no longer accepts a delta link (410 Gone, ``syncStateNotFound``…): a new round must start."""

    def __init__(self, message: str) -> None:
        super().__init__("other", message)


# ------------------------------------------------------------------------------------------ backend


class GraphBackend:
    """:class:`calwizard.engine.backend.CalendarBackend` over Microsoft Graph (see the module docstring).

    Args:
        ctx: settings, resolved secrets and HTTP policy (:func:`calwizard.checks.plan.make_context`).
        poll_interval: seconds between delta queries of a mailbox; None: the settings'
            ``exchange.graph_poll_interval_seconds``.
        use_batch: combine requests with JSON batching.
        store: the engine's store, to keep delta links across restarts (None: not kept).
    """

    name = "graph"
    max_concurrency = 100
    """The engine brings up twice this many users at once (:meth:`calwizard.engine.sync.SyncEngine.run`); Graph's
    limit is per mailbox (4 requests in flight, enforced by :class:`GraphClient`), not per app. 1000 mailboxes
    at 50 ms latency: initial sync in about 5-7 s with JSON batching (bench/engine_sync.py)."""

    def __init__(self, ctx: CheckContext, *, poll_interval: float | None = None, use_batch: bool = True,
                 store: Any = None) -> None:
        self.ctx = ctx
        self.settings = ctx.settings
        self.poll_interval = float(poll_interval if poll_interval is not None
                                   else self.settings.exchange.graph_poll_interval_seconds)
        self.use_batch = use_batch
        self.store = store
        self.presence_tz = ZoneInfo(self.settings.pbx.presence_timezone)
        self.tokens = TokenSource(ctx)
        self.client = GraphClient(ctx.http, endpoints_for(self.settings.exchange).graph_base_url, self.tokens,
                                  use_batch=use_batch)
        self._directory_readable: bool | None = None
        self._directory_probe: asyncio.Lock | None = None
        self._feed: DeltaFeed | None = None

    async def open(self) -> None:
        """Get the first token (raises :class:`UserFacingError` with Entra's remedy) and open the HTTP session."""
        if not self.settings.exchange.sync_type.uses_graph:
            raise ConfigError(translate("engine", "the Graph backend serves the sync type cloud_graph only"),
                              field="exchange.sync_type",
                              remedy=translate("engine", "Choose 'Exchange Online, Microsoft Graph' in the wizard."))
        self.ctx.facts["access_token"] = await self.tokens.prime()
        await self.client.open()
        log.info("Microsoft Graph at %s (JSON batching %s, delta poll every %.0f s)", self.client.base,
                 "on" if self.use_batch else "off", self.poll_interval)

    async def close(self) -> None:
        if self._feed is not None:
            await self._feed.close()
        await self.client.close()

    def change_feed(self) -> DeltaFeed:
        if self._feed is None:
            self._feed = DeltaFeed(self, poll_interval=self.poll_interval, store=self.store)
        return self._feed

    def stats(self) -> dict[str, object]:
        c = self.client.counters
        return {"http_requests": c.http_requests, "graph_requests": c.graph_requests, "batches": c.batches,
                "throttled": c.throttled, "requests": dict(c.by_kind), "peak_in_flight": self.client.peak_in_flight,
                "token_renewals": self.tokens.renewals, "token_renewals_on_401": c.token_renewals_on_401}

    async def _get(self, mailbox: str, url: str, headers: dict[str, str] | None = None, *,
                   kind: str = "get") -> Answer:
        """:meth:`GraphClient.get`, with an unreachable Graph as a :class:`BackendError` (``network``/``tls``)."""
        try:
            return await self.client.get(mailbox, url, headers, kind=kind)
        except GraphUnreachable as exc:
            raise BackendError("tls" if isinstance(exc.error, TlsError) else "network",
                               f"Microsoft Graph: {exc.error.message}") from None

    @staticmethod
    def user_path(address: str) -> str:
        """``/users/{userPrincipalName}`` for ``address`` (percent-encoded except ``@``)."""
        return "/users/" + quote(address, safe="@")

    # ---------------------------------------------------------------------------------- resolve

    async def resolve(self, addresses: Sequence[str]) -> Resolution:
        """Each address in order: "Get user" (primary = ``mail``), or, without directory permission, one
        calendarView request proving the mailbox exists (primary = the address as configured)."""
        for address in addresses:
            if self._directory_readable is None:
                # the first user finds out whether the directory is readable; the others wait for the answer
                # instead of all asking "Get user" and all getting 403
                if self._directory_probe is None:
                    self._directory_probe = asyncio.Lock()
                async with self._directory_probe:
                    if self._directory_readable is None:
                        got = await self._get_user(address)
                        if got is not None:
                            return got
                        continue
            if self._directory_readable:
                got = await self._get_user(address)
                if got is not None:
                    return got
                continue
            if await self._probe(address):
                return Resolution(address, "")
        return Resolution(None)

    async def _get_user(self, address: str) -> Resolution | None:
        """"Get user": the resolution, or None when the address is unknown (404). Without directory permission
        (403) it notes that and falls back to :meth:`_probe`."""
        if self._directory_readable is not False:
            answer = await self._get(address, self.client.url(
                self.user_path(address), {"$select": "mail,userPrincipalName,displayName"}), kind="user")
            if answer.status == 200:
                self._directory_readable = True
                primary = str(answer.body.get("mail") or answer.body.get("userPrincipalName") or address)
                return Resolution(primary, str(answer.body.get("displayName") or ""))
            if answer.status == 404:
                return None
            if answer.status != 403:
                raise answer_error(answer, f"user {address}")
            if self._directory_readable is None:
                log.info("the app may not read the directory (no User.Read.All): mailboxes are resolved by "
                         "their calendars, addresses are used as configured")
            self._directory_readable = False
        return Resolution(address, "") if await self._probe(address) else None

    async def _probe(self, address: str) -> bool:
        """One calendarView request over a minute: True = the mailbox exists and may be read, False = unknown
        (404). Raises :class:`BackendError` (403 = access denied…)."""
        now = datetime.now(UTC)
        answer = await self._get(address, self.client.url(
            self.user_path(address) + "/calendarView",
            {"startDateTime": graph_time(now), "endDateTime": graph_time(now + timedelta(minutes=1)),
             "$top": "1", "$select": "id"}), kind="probe")
        if answer.status == 200:
            return True
        if answer.status == 404:
            return False
        raise answer_error(answer, f"calendar of {address}")

    # ---------------------------------------------------------------------------------- read

    async def read(self, address: str, start: datetime, end: datetime) -> list[Appointment]:
        """List calendarView of ``address`` for ``[start, end)``, every page."""
        url: str | None = self.client.url(self.user_path(address) + "/calendarView", {
            "startDateTime": graph_time(start), "endDateTime": graph_time(end), "$select": EVENT_SELECT,
            "$top": str(READ_PAGE_SIZE)})
        headers = {"Prefer": 'outlook.timezone="UTC"'}
        out: list[Appointment] = []
        pages = 0
        while url:
            answer = await self._get(address, url, headers, kind="calendarView")
            if answer.status != 200:
                raise answer_error(answer, f"calendar of {address}")
            events, url, _ = page_of(answer.body)
            out += [appt for event in events if (appt := appointment_from_event(event, self.presence_tz))]
            pages += 1
            if pages > 200:
                raise BackendError("other", f"calendar of {address}: more than 200 pages in 48 hours")
        return out

    # ---------------------------------------------------------------------------------- delta

    async def delta_round(self, address: str, link: str) -> tuple[str, int]:
        """Follow ``link`` (a delta query, its next links) to the new ``@odata.deltaLink``; returns it and the
        number of changed/removed events seen. Raises :class:`BackendError`, :class:`DeltaLinkExpired` when the
        delta link is no longer accepted."""
        headers = {"Prefer": f'odata.maxpagesize={DELTA_PAGE_SIZE}, outlook.timezone="UTC"'}
        changes = 0
        url = link
        for _ in range(500):
            answer = await self._get(address, url, headers, kind="delta")
            if answer.status != 200:
                if answer.status == 410 or (answer.status == 400 and answer.code.lower() in EXPIRED_DELTA_CODES):
                    raise DeltaLinkExpired(f"calendar changes of {address}: the delta link expired "
                                           f"(HTTP {answer.status} {answer.code})")
                raise answer_error(answer, f"calendar changes of {address}")
            events, next_link, delta = page_of(answer.body)
            changes += len(events)
            if next_link:
                url = next_link
                continue
            if delta:
                return delta, changes
            raise BackendError("other", f"calendar changes of {address}: an answer without next or delta link")
        raise BackendError("other", f"calendar changes of {address}: too many pages")

    def initial_delta_link(self, address: str, start: datetime, end: datetime) -> str:
        """The first request of a delta round over ``[start, end)`` (UTC): "event: delta" on the calendarView."""
        return self.client.url(self.user_path(address) + "/calendarView/delta",
                               {"startDateTime": graph_time(start), "endDateTime": graph_time(end)})


# ------------------------------------------------------------------------------------------ change feed


@dataclass(eq=False)
class _Watch:
    address: str
    link: str
    window_start: datetime
    window_end: datetime
    due: float
    polling: bool = False
    failures: int = 0


class DeltaFeed:
    """:class:`calwizard.engine.backend.ChangeFeed` by calendarView delta queries, one poll per mailbox every
    ``poll_interval`` seconds (see the module docstring).

    The contract holds: :meth:`watch` returns only after the delta link is current (a first round, or a stored
    link brought up to date), so a change after it is reported by a later poll; a link Graph no longer
    accepts, or a window running out, is replaced by a new round and reported as ``"resubscribed"``.
    """

    def __init__(self, backend: GraphBackend, *, poll_interval: float, store: Any = None) -> None:
        self.backend = backend
        self.poll_interval = max(float(poll_interval), 0.05)
        self.store = store
        self.watches: dict[str, _Watch] = {}
        self._on_change: ChangeCallback = lambda a, r: None
        self._on_failure: FailureCallback = lambda a, e: None
        self._task: asyncio.Task[Any] | None = None
        self._wake: asyncio.Event | None = None
        self._busy: set[asyncio.Task[Any]] = set()
        self._closed = False
        self.polls = 0
        self.changes = 0
        self.rounds = 0
        self.renewed_windows = 0
        self.expired_links = 0
        self.resumed_links = 0

    def bind(self, on_change: ChangeCallback, on_failure: FailureCallback) -> None:
        self._on_change, self._on_failure = on_change, on_failure

    def watching(self, address: str) -> bool:
        return address.lower() in self.watches

    def _stale(self, window_end: datetime, now: datetime) -> bool:
        """A window must still cover the engine's 48 hours plus two polls."""
        return window_end - now < timedelta(hours=48) + timedelta(seconds=2 * self.poll_interval)

    async def _new_round(self, address: str) -> tuple[str, datetime, datetime]:
        now = datetime.now(UTC).replace(microsecond=0)
        start, end = now, now + DELTA_WINDOW
        link, _ = await self.backend.delta_round(address, self.backend.initial_delta_link(address, start, end))
        self.rounds += 1
        return link, start, end

    async def watch(self, address: str) -> None:
        """Bring ``address``'s delta link up to date (a stored one if still usable, else a new round).
        Raises :class:`BackendError` (``access_denied``, ``not_found``…)."""
        key = address.lower()
        if key in self.watches:
            return
        now = datetime.now(UTC)
        link = None
        stored = self.store.delta_link(address) if self.store is not None else None
        if stored is not None and not self._stale(stored[2], now):
            try:
                link, _ = await self.backend.delta_round(address, stored[0])
                start, end = stored[1], stored[2]
                self.resumed_links += 1
            except DeltaLinkExpired:
                self.expired_links += 1
                link = None
        if link is None:
            link, start, end = await self._new_round(address)
        self._keep(address, link, start, end)
        loop = asyncio.get_running_loop()
        self.watches[key] = _Watch(address, link, start, end, loop.time() + self.poll_interval)
        if self._wake is not None:
            self._wake.set()

    def _keep(self, address: str, link: str, start: datetime, end: datetime) -> None:
        if self.store is not None:
            self.store.set_delta_link(address, link, start, end, datetime.now(UTC))

    async def unwatch(self, address: str) -> None:
        self.watches.pop(address.lower(), None)
        if self.store is not None:
            with contextlib.suppress(Exception):
                self.store.forget_delta_link(address)

    async def start(self) -> None:
        if self._task is None:
            self._wake = asyncio.Event()
            self._task = asyncio.ensure_future(self._run())

    async def close(self) -> None:
        self._closed = True  # the poll loop ends even if a cancellation is lost (asyncio.wait_for on 3.11)
        if self._wake is not None:
            self._wake.set()
        tasks = [t for t in (self._task, *self._busy) if t is not None]
        self._task = None
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._busy.clear()

    def status(self) -> dict[str, object]:
        return {"kind": "delta", "poll_interval": self.poll_interval, "watched": len(self.watches),
                "polls": self.polls, "changes": self.changes, "rounds": self.rounds,
                "resumed_links": self.resumed_links, "expired_links": self.expired_links,
                "renewed_windows": self.renewed_windows}

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._wake is not None
        while not self._closed:
            now = loop.time()
            due = [w for w in self.watches.values() if not w.polling and w.due <= now]
            for w in due:
                w.polling = True
                task = asyncio.ensure_future(self._poll(w))
                self._busy.add(task)
                task.add_done_callback(self._busy.discard)
            waiting = [w.due for w in self.watches.values() if not w.polling]
            delay = min(waiting) - loop.time() if waiting else self.poll_interval
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(delay, 0.0) + 0.001):
                    await self._wake.wait()

    async def _poll(self, w: _Watch) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        reason = None
        try:
            if self._stale(w.window_end, datetime.now(UTC)):
                w.link, w.window_start, w.window_end = await self._new_round(w.address)
                self.renewed_windows += 1
                reason = "resubscribed"
            else:
                try:
                    w.link, changes = await self.backend.delta_round(w.address, w.link)
                    if changes:
                        self.changes += changes
                        reason = "event"
                except DeltaLinkExpired:
                    self.expired_links += 1
                    log.info("%s: the delta link expired, starting a new round", w.address)
                    w.link, w.window_start, w.window_end = await self._new_round(w.address)
                    reason = "resubscribed"
            self.polls += 1
            w.failures = 0
            if self.watches.get(w.address.lower()) is w:
                self._keep(w.address, w.link, w.window_start, w.window_end)
                if reason:
                    self._on_change(w.address, reason)
        except BackendError as err:
            w.failures += 1
            if err.kind in ("server_busy", "network", "other", "tls") and self.watches.get(w.address.lower()) is w:
                log.info("%s: delta query failed (%s), next try at the next poll", w.address, err.message)
            else:
                self.watches.pop(w.address.lower(), None)
                self._on_failure(w.address, err)
        finally:
            w.polling = False
            w.due = max(started + self.poll_interval, loop.time())  # a steady cadence: one poll per interval
            if self._wake is not None:
                self._wake.set()
