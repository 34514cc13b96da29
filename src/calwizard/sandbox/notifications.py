"""Streaming notifications of the sandbox's EWS: ``Subscribe`` (streaming), ``GetStreamingEvents``,
``Unsubscribe``.

References (Microsoft Learn, EWS reference and guides): "Subscribe operation", "GetStreamingEvents
operation", "Unsubscribe operation", "Stream notifications about mailbox events by using EWS in
Exchange", "Handling notification-related errors in EWS in Exchange", "Maintain affinity between a group
of subscriptions and the Mailbox server in Exchange", "ConnectionStatus", "ErrorSubscriptionIds",
"ResponseCode".

What the sandbox does, and where it had to choose:

* **Subscriptions** belong to the authenticated caller (the service account or the app), not to the
  impersonated mailbox ("when the subscriptions are created, the subscription owner is sa1"). A
  subscription covers the folders named in ``FolderIds`` of one mailbox (or all its folders with
  ``SubscribeToAllFolders``) and the listed ``EventType`` values. Only streaming subscriptions exist here:
  pull and push requests get ``ErrorInvalidSubscriptionRequest``.
* **Events** per calendar change (calendar items are the only items the sandbox has): created ->
  ``CreatedEvent`` (item) + ``ModifiedEvent`` (folder); changed -> ``ModifiedEvent`` (item); deleted ->
  ``MovedEvent`` (item to Deleted Items, as Outlook deletes) + ``ModifiedEvent`` (folder). Events wait in
  the subscription's queue until a connection carries them; at most 50 events per ``Notification``
  ("the first 50 events from the queue are pulled"). Events written to a connection are gone from the
  queue (step 6 of the operation's remarks): if that connection is dropped, they are lost — the client
  must re-read after a dropped connection.
* **GetStreamingEvents** answers HTTP 200 with a chunked body: a sequence of complete SOAP envelopes,
  each written as one chunk. The first says ``ConnectionStatus`` ``OK``; notifications come in envelopes
  with ``m:Notifications`` (no ``ConnectionStatus``, as the EWS Managed API reads either the one or the
  other); when nothing was sent for ``keepalive_seconds`` an envelope with ``ConnectionStatus`` ``OK`` is a
  keep-alive; after ``ConnectionTimeout`` minutes (1-30) an envelope with ``ConnectionStatus`` ``Closed``
  ends the response. ``minute_seconds`` scales that minute for tests.
* **Errors** follow the documented error response: one ``GetStreamingEventsResponseMessage`` with
  ``ResponseClass="Error"``, the ``ResponseCode``, ``m:ErrorSubscriptionIds`` listing the offending IDs
  (``t:SubscriptionId`` elements, NonEmptyArrayOfSubscriptionIdsType of types.xsd) and ``ConnectionStatus``
  ``Closed``; nothing is streamed. ``ErrorSubscriptionNotFound``: the ID is unknown here (never issued,
  unsubscribed, owned by another account, or lost when the server "restarted"); ``ErrorInvalidSubscription``:
  the subscription exists but is no longer valid (expired, invalidated by the control API, or its mailbox's
  access was revoked). A subscription invalidated while a connection carries it ends that connection the same
  way, mid-stream. More than ``hanging_connection_limit`` open connections of one budget (the impersonated
  mailbox when impersonating, else the caller; "Default hanging connection limit": 10 in Exchange Online)
  get ``ErrorExceededConnectionCount``.
* A subscription is carried by at most one connection: a newer connection naming it takes it over; a
  connection left with no subscription that way ends with ``ConnectionStatus`` ``Closed``.
* Streaming connections do not count against EWSMaxConcurrency (only while the request is validated).

All state lives on the server's event loop; the calendar store's listener (any thread) hops onto it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from calwizard.sandbox import soap
from calwizard.sandbox.soap import el
from calwizard.sandbox.store import Appointment, CalendarStore, encode_folder_id, encode_item_id

log = logging.getLogger("calwizard.sandbox")

MAX_EVENTS_PER_NOTIFICATION = 50
STREAMING_EVENT_TYPES = frozenset(
    {"CopiedEvent", "CreatedEvent", "DeletedEvent", "ModifiedEvent", "MovedEvent", "NewMailEvent",
     "FreeBusyChangedEvent"}
)
DEFAULT_KEEPALIVE_SECONDS = 15.0
DEFAULT_HANGING_CONNECTION_LIMIT = 10
CODE_NOT_FOUND = "ErrorSubscriptionNotFound"
CODE_INVALID = "ErrorInvalidSubscription"
MSG = {
    CODE_NOT_FOUND: "The specified subscription was not found.",
    CODE_INVALID: "The subscription is no longer valid.",
    "ErrorExceededConnectionCount": "You have exceeded the available concurrent connections for your account. "
    "Try again once your other requests have completed.",
    "ErrorInvalidRequest": "The request is invalid.",
}


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Subscription:
    id: str
    owner: str
    mailbox: str
    folders: frozenset[str] | None
    """Distinguished folder names covered; None: every folder."""
    event_types: frozenset[str]
    valid: bool = True
    queue: list[str] = field(default_factory=list)
    connection: _Connection | None = None

    def covers(self, folder: str) -> bool:
        return self.folders is None or folder in self.folders


@dataclass(eq=False)
class _Connection:
    id: int
    owner: str
    budget: str
    subscription_ids: list[str]
    request: web.Request
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    dropped: bool = False
    superseded: bool = False
    """A newer connection took over every subscription of this one: it ends with ``Closed``."""
    failed: list[str] = field(default_factory=list)
    """Subscription IDs invalidated while this connection carried them."""


class NotificationHub:
    """Subscriptions, their event queues and the open streaming connections.

    Args:
        store: the calendar store whose changes become events.
        keepalive_seconds: idle time after which a keep-alive envelope is written.
        minute_seconds: the length of one ``ConnectionTimeout`` minute (tests shorten it).
        hanging_connection_limit: open streaming connections per budget.
    """

    def __init__(
        self,
        store: CalendarStore,
        *,
        keepalive_seconds: float = DEFAULT_KEEPALIVE_SECONDS,
        minute_seconds: float = 60.0,
        hanging_connection_limit: int = DEFAULT_HANGING_CONNECTION_LIMIT,
    ) -> None:
        self.keepalive_seconds = keepalive_seconds
        self.minute_seconds = minute_seconds
        self.hanging_connection_limit = hanging_connection_limit
        self._subs: dict[str, Subscription] = {}
        self._connections: set[_Connection] = set()
        self._ids = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False
        self.events_queued = 0
        self.events_sent = 0
        store.subscribe(self._on_store_change)

    # ------------------------------------------------------------------------------ lifecycle

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Bind to the server's event loop (called when the server starts)."""
        self._loop = loop
        self._closing = False

    def close(self) -> None:
        """Server shutdown: every open connection says ``Closed`` and ends."""
        self._closing = True
        for conn in list(self._connections):
            conn.wake.set()

    # ------------------------------------------------------------------------------ subscriptions

    def subscribe(self, owner: str, mailbox: str, folders: frozenset[str] | None, event_types: frozenset[str]) -> str:
        sub_id = base64.b64encode(b"\x26\x00CWSUB:" + uuid.uuid4().bytes).decode()
        self._subs[sub_id] = Subscription(sub_id, owner, mailbox.lower(), folders, event_types)
        return sub_id

    def unsubscribe(self, owner: str, sub_id: str) -> bool:
        """Remove a subscription; False when the caller has no such subscription."""
        sub = self._subs.get(sub_id)
        if sub is None or sub.owner != owner:
            return False
        del self._subs[sub_id]
        if sub.connection is not None and sub_id in sub.connection.subscription_ids:
            sub.connection.subscription_ids.remove(sub_id)
        return True

    def invalidate(self, mailbox: str | None = None) -> int:
        """Make subscriptions (of ``mailbox``, or all) invalid: ErrorInvalidSubscription from now on, and
        connections carrying them end with that error. Returns how many were invalidated."""
        n = 0
        for sub in self._subs.values():
            if sub.valid and (mailbox is None or sub.mailbox == mailbox.lower()):
                sub.valid = False
                sub.queue.clear()
                n += 1
                if sub.connection is not None:
                    sub.connection.failed.append(sub.id)
                    sub.connection.wake.set()
        return n

    def forget(self, mailbox: str | None = None) -> int:
        """Lose subscriptions (of ``mailbox``, or all) as a restarted server would: ErrorSubscriptionNotFound."""
        gone = [s for s in self._subs.values() if mailbox is None or s.mailbox == mailbox.lower()]
        for sub in gone:
            del self._subs[sub.id]
        return len(gone)

    def drop_connections(self, mailbox: str | None = None) -> int:
        """Abort the TCP connections of open streams (carrying a subscription of ``mailbox``, or all)."""
        n = 0
        for conn in list(self._connections):
            if mailbox is not None and not any(
                (s := self._subs.get(i)) is not None and s.mailbox == mailbox.lower() for i in conn.subscription_ids
            ):
                continue
            conn.dropped = True
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
            conn.wake.set()
            n += 1
        return n

    def stats(self) -> dict[str, Any]:
        per_mailbox = Counter(s.mailbox for s in self._subs.values() if s.valid)
        return {
            "streams_open": len(self._connections),
            "subscriptions": sum(per_mailbox.values()),
            "subscriptions_invalid": sum(1 for s in self._subs.values() if not s.valid),
            "subscriptions_per_mailbox_max": max(per_mailbox.values(), default=0),
            "events_queued": self.events_queued,
            "events_sent": self.events_sent,
        }

    def subscriptions_of(self, mailbox: str) -> int:
        return sum(1 for s in self._subs.values() if s.valid and s.mailbox == mailbox.lower())

    # ------------------------------------------------------------------------------ events

    def _on_store_change(self, kind: str, appt: Appointment) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._enqueue(kind, appt)
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._enqueue, kind, appt)

    def _enqueue(self, kind: str, appt: Appointment) -> None:
        mailbox = appt.mailbox.lower()
        for sub in self._subs.values():
            if not sub.valid or sub.mailbox != mailbox or not sub.covers("calendar"):
                continue
            events = [e for t, e in _events(kind, appt) if t in sub.event_types]
            if not events:
                continue
            sub.queue.extend(events)
            self.events_queued += len(events)
            if sub.connection is not None:
                sub.connection.wake.set()

    # ------------------------------------------------------------------------------ GetStreamingEvents

    def check(self, owner: str, ids: list[str]) -> tuple[str, list[str]] | None:
        """``(ResponseCode, offending IDs)`` when some ID cannot be streamed, else None."""
        not_found = [i for i in ids if (s := self._subs.get(i)) is None or s.owner != owner]
        if not_found:
            return CODE_NOT_FOUND, not_found
        invalid = [i for i in ids if not self._subs[i].valid]
        if invalid:
            return CODE_INVALID, invalid
        return None

    async def stream(
        self, request: web.Request, owner: str, budget: str, ids: list[str], timeout_minutes: int, header: str
    ) -> web.StreamResponse:
        """Serve one GetStreamingEvents request (see the module docstring for the wire format)."""
        if not ids or not 1 <= timeout_minutes <= 30:
            return _envelope_response(_error_message("ErrorInvalidRequest", []), header)
        problem = self.check(owner, ids)
        if problem is not None:
            log.info("ews: GetStreamingEvents by %s -> %s for %d id(s)", owner, problem[0], len(problem[1]))
            return _envelope_response(_error_message(*problem), header)
        if sum(1 for c in self._connections if c.budget == budget) >= self.hanging_connection_limit:
            return _envelope_response(_error_message("ErrorExceededConnectionCount", []), header)
        loop = asyncio.get_running_loop()
        conn = _Connection(next(self._ids), owner, budget, list(dict.fromkeys(ids)), request)
        for i in conn.subscription_ids:
            sub = self._subs[i]
            old = sub.connection
            if old is not None and old is not conn and i in old.subscription_ids:
                old.subscription_ids.remove(i)
                if not old.subscription_ids:
                    old.superseded = True
                    old.wake.set()
            sub.connection = conn
        self._connections.add(conn)
        deadline = loop.time() + timeout_minutes * self.minute_seconds
        resp = web.StreamResponse(status=200, headers={"Content-Type": soap.CONTENT_TYPE})
        resp.enable_chunked_encoding()
        log.info("ews: GetStreamingEvents by %s: connection %d open with %d subscription(s)", owner, conn.id,
                 len(conn.subscription_ids))
        closed_by = "timeout"
        try:
            await resp.prepare(request)
            await resp.write(_envelope(_status_message("OK"), header))
            last_write = loop.time()
            while True:
                if conn.dropped:
                    closed_by = "dropped"
                    break
                if conn.failed:
                    await resp.write(_envelope(_error_message(CODE_INVALID, conn.failed), header))
                    closed_by = CODE_INVALID
                    break
                if self._closing or conn.superseded:
                    await resp.write(_envelope(_status_message("Closed"), header))
                    closed_by = "shutdown" if self._closing else "superseded"
                    break
                batch = self._take(conn)
                if batch:
                    await resp.write(_envelope(_notifications_message(batch), header))
                    last_write = loop.time()
                    continue
                now = loop.time()
                if now >= deadline:
                    await resp.write(_envelope(_status_message("Closed"), header))
                    break
                if now - last_write >= self.keepalive_seconds:
                    await resp.write(_envelope(_status_message("OK"), header))
                    last_write = now
                    continue
                conn.wake.clear()
                wait = min(deadline, last_write + self.keepalive_seconds) - now
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(conn.wake.wait(), timeout=max(wait, 0.0))
            if not conn.dropped:
                await resp.write_eof()
        except (ConnectionError, RuntimeError) as exc:  # client went away, or the transport was aborted
            closed_by = f"dropped ({type(exc).__name__})"
        finally:
            self._connections.discard(conn)
            for i in conn.subscription_ids:
                sub = self._subs.get(i)
                if sub is not None and sub.connection is conn:
                    sub.connection = None
            log.info("ews: GetStreamingEvents connection %d closed (%s)", conn.id, closed_by)
        return resp

    def _take(self, conn: _Connection) -> list[tuple[str, list[str]]]:
        out = []
        for i in conn.subscription_ids:
            sub = self._subs.get(i)
            if sub is None or not sub.valid or not sub.queue:
                continue
            events, sub.queue = sub.queue[:MAX_EVENTS_PER_NOTIFICATION], sub.queue[MAX_EVENTS_PER_NOTIFICATION:]
            self.events_sent += len(events)
            out.append((i, events))
        return out


# ------------------------------------------------------------------------------------------ XML


def _folder(tag: str, mailbox: str, folder: str) -> str:
    return el(tag, attrs={"Id": encode_folder_id(mailbox, folder), "ChangeKey": "AQAAAA=="})


def _events(kind: str, appt: Appointment) -> list[tuple[str, str]]:
    """``(EventType, XML)`` of the events a calendar change raises (see the module docstring)."""
    stamp = el("t:TimeStamp", text=_stamp())
    item = el("t:ItemId", attrs={"Id": appt.item_id, "ChangeKey": appt.change_key})
    in_calendar = _folder("t:ParentFolderId", appt.mailbox, "calendar")
    folder_changed = el(
        "t:ModifiedEvent", stamp, _folder("t:FolderId", appt.mailbox, "calendar"),
        _folder("t:ParentFolderId", appt.mailbox, "msgfolderroot"),
    )
    if kind == "created":
        return [("CreatedEvent", el("t:CreatedEvent", stamp, item, in_calendar)), ("ModifiedEvent", folder_changed)]
    if kind == "modified":
        return [("ModifiedEvent", el("t:ModifiedEvent", stamp, item, in_calendar))]
    moved = el(
        "t:MovedEvent",
        stamp,
        el("t:ItemId", attrs={"Id": encode_item_id(appt.mailbox, f"deleted:{appt.uid}"), "ChangeKey": appt.change_key}),
        _folder("t:ParentFolderId", appt.mailbox, "deleteditems"),
        el("t:OldItemId", attrs={"Id": appt.item_id, "ChangeKey": appt.change_key}),
        _folder("t:OldParentFolderId", appt.mailbox, "calendar"),
    )
    return [("MovedEvent", moved), ("ModifiedEvent", folder_changed)]


def _status_message(status: str) -> str:
    return el(
        "m:GetStreamingEventsResponseMessage",
        el("m:ResponseCode", text="NoError"),
        el("m:ConnectionStatus", text=status),
        attrs={"ResponseClass": "Success"},
    )


def _notifications_message(batch: list[tuple[str, list[str]]]) -> str:
    notes = [el("m:Notification", el("t:SubscriptionId", text=i), *events) for i, events in batch]
    return el(
        "m:GetStreamingEventsResponseMessage",
        el("m:ResponseCode", text="NoError"),
        el("m:Notifications", *notes),
        attrs={"ResponseClass": "Success"},
    )


def _error_message(code: str, ids: list[str]) -> str:
    return el(
        "m:GetStreamingEventsResponseMessage",
        el("m:MessageText", text=MSG.get(code, code)),
        el("m:ResponseCode", text=code),
        el("m:DescriptiveLinkKey", text="0"),
        el("m:ErrorSubscriptionIds", *(el("t:SubscriptionId", text=i) for i in ids)) if ids else None,
        el("m:ConnectionStatus", text="Closed"),
        attrs={"ResponseClass": "Error"},
    )


def _envelope(message: str, header: str) -> bytes:
    return soap.envelope(soap.operation_response("GetStreamingEvents", [message]), header)


def _envelope_response(message: str, header: str) -> web.Response:
    return web.Response(body=_envelope(message, header), status=200, content_type="text/xml", charset="utf-8")
