"""EWS streaming notifications: the change feed of the EWS backend.

Microsoft Learn: "Stream notifications about mailbox events by using EWS in Exchange", "GetStreamingEvents
operation", "Handling notification-related errors in EWS in Exchange", "Maintain affinity between a group of
subscriptions and the Mailbox server in Exchange"; seed "Communication with Exchange" (one streaming
connection, re-established every 30 minutes).

* **Subscriptions.** One streaming subscription per mailbox (its calendar folder; Created, Deleted,
  Modified, Moved and Copied events), made with impersonation of that mailbox.
* **Groups and connections.** Subscriptions are grouped, at most ``max_per_connection`` (the setting "max
  subscriptions per connection", <= 200) per group and at most ``max_connections`` (<= 10, the hanging
  connection limit) groups. Following Microsoft's affinity guide, each group has an *anchor* mailbox (its
  first member; the guide sorts a known group alphabetically, this engine's groups grow as users come up):
  every Subscribe, Unsubscribe and GetStreamingEvents of the group carries ``X-AnchorMailbox`` = anchor,
  ``X-PreferServerAffinity`` and the ``X-BackEndOverrideCookie`` of the group's first subscription, and the
  group's one GetStreamingEvents connection impersonates the anchor (its budget is charged to the anchor).
  Each connection is read by a task of its own. (Grouping by Autodiscover's ``GroupingInformation`` is not
  done: on-premises servers and the sandbox have one mailbox server per EWS URL.) A group's connection
  opens when the group is full or :data:`SETTLE` seconds after its last change, so that start-up opens
  each connection once.
* **Renewal.** Connections ask for ``ConnectionTimeout`` = ``connection_timeout_minutes`` (29): the server
  ends them with ``ConnectionStatus`` ``Closed`` before the 30-minute limit and the group reconnects at once
  with the same subscriptions. Events raised in between wait in the subscriptions' server-side queues, so a
  renewal loses nothing and needs no re-read.
* **Membership changes** (a mailbox watched again after a failure) open a new connection for the whole group
  (the server moves the subscriptions to it); the old connection is left to the server to close and is
  aborted after :data:`HANDOVER_GRACE` seconds; what it still delivers is used.
* **Lost subscriptions.** ``ErrorInvalidSubscription`` / ``ErrorSubscriptionNotFound`` (at connect or
  mid-stream; the IDs come in ``ErrorSubscriptionIds``, all of the connection's when none are named): those
  mailboxes are subscribed again, then reported with ``on_change(address, "resubscribed")`` so the engine
  re-reads them — only them.
* **Dropped connections** (the stream breaks after it was open): events the server had already written are
  gone with it, so every mailbox of the group is subscribed again and re-read (its old subscriptions are
  removed with Unsubscribe, best effort).
* **Connecting fails** (ErrorServerBusy, network): the group retries with backoff (the server's
  BackOffMilliseconds, else 1 s doubling to 60 s); the subscriptions keep queueing meanwhile.
* **A mailbox that cannot be subscribed again** (access revoked): ``on_failure(address, error)``; the engine
  reports it and watches the mailbox again later.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from calwizard.engine.backend import (
    DENIED_KINDS,
    TRANSIENT_KINDS,
    BackendError,
    ChangeCallback,
    FailureCallback,
)
from calwizard.engine.ews_soap import SoapClient, StreamItem
from calwizard.exchange import remedies
from calwizard.exchange.ewserrors import CODES

T = TypeVar("T")


class StreamingHost(Protocol):
    """What a :class:`StreamingFeed` needs of its EWS backend (:class:`calwizard.engine.ews_backend.EwsBackend`
    implements it; a protocol here keeps this module below the backend, without an import cycle)."""

    client: SoapClient | None

    async def call(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Await ``fn(*args)`` within the account's EWS concurrency limit."""
        ...

    async def subscribe(self, address: str, anchor: str | None = None) -> str:
        """Create a streaming subscription on ``address``'s calendar; returns its SubscriptionId."""
        ...

    async def unsubscribe(self, address: str, subscription_id: str, anchor: str | None = None) -> None:
        """Remove a subscription (one the server no longer knows is fine)."""
        ...

log = logging.getLogger("calwizard.engine.notifications")

SETTLE = 0.2
"""Seconds a group waits after its last membership change before (re)connecting."""
HANDOVER_GRACE = 5.0
"""Seconds an old connection may still deliver after its group moved to a new one."""
RECONNECT_FIRST = 1.0
RECONNECT_MAX = 60.0
CLOSE_TIMEOUT = 3.0
"""Seconds :meth:`StreamingFeed.close` spends on Unsubscribe."""
LOST_CODES = frozenset(code for code, kind in CODES.items() if kind == "subscription_lost")
"""ResponseCodes that mean "the subscription is gone" (the shared table, :mod:`calwizard.exchange.ewserrors`):
ErrorInvalidSubscription, ErrorSubscriptionNotFound, ErrorExpiredSubscription, ErrorReadEventsFailed,
ErrorMissedNotificationEvents, ErrorInvalidWatermark, ErrorProxiedSubscriptionCallFailure."""


@dataclass(eq=False)
class _Connection:
    generation: int
    ids: dict[str, str]
    """subscription id -> address carried by this connection."""
    open: bool = False
    retired: bool = False
    clean: bool = False
    """The server ended the response in order (ConnectionStatus Closed, or an error answer)."""
    error: str = ""
    """A response code other than a lost subscription (e.g. ErrorExceededConnectionCount)."""
    task: asyncio.Task[None] | None = None

    def abort(self) -> None:
        if self.task is not None:
            self.task.cancel()


@dataclass(eq=False)
class _Group:
    id: int
    anchor: str = ""
    """The group's anchor mailbox (its first member, kept for the group's life)."""
    members: dict[str, str] = field(default_factory=dict)
    """address -> subscription id."""
    conn: _Connection | None = None
    generation: int = 0
    pending: asyncio.TimerHandle | None = None
    renewing: int = 0
    """Resubscriptions in progress; the group reconnects when they are done."""
    joining: int = 0
    """First subscriptions in progress (places reserved in the group)."""
    anchor_pending: asyncio.Event | None = None
    """Set while a candidate's subscription decides whether it becomes the anchor."""
    retry_delay: float = RECONNECT_FIRST
    connects: int = 0


class StreamingFeed:
    """:class:`calwizard.engine.backend.ChangeFeed` over EWS streaming notifications (module docstring)."""

    def __init__(self, backend: StreamingHost, *, max_per_connection: int = 200, max_connections: int = 10,
                 connection_timeout_minutes: int = 29, service_account: str = "") -> None:
        self.backend = backend
        self.service_account = service_account
        """Named in the remedies of ErrorExceededSubscriptionCount/ConnectionCount."""
        self.max_per_connection = max(1, min(max_per_connection, 200))
        self.max_connections = max(1, max_connections)
        self.minutes = max(1, min(connection_timeout_minutes, 30))
        self._groups: list[_Group] = []
        self._where: dict[str, _Group] = {}
        self._by_sub: dict[str, str] = {}
        self._ids = itertools.count(1)
        self._on_change: ChangeCallback = lambda a, r: None
        self._on_failure: FailureCallback = lambda a, e: None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._started = False
        self._closing = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self.counters: dict[str, int] = {"connects": 0, "renewals": 0, "drops": 0, "lost": 0, "resubscribed": 0,
                                         "notifications": 0, "connect_failures": 0}

    # ------------------------------------------------------------------------------------------ API

    @property
    def capacity(self) -> int:
        return self.max_per_connection * self.max_connections

    def bind(self, on_change: ChangeCallback, on_failure: FailureCallback) -> None:
        self._on_change, self._on_failure = on_change, on_failure

    def watching(self, address: str) -> bool:
        return address.lower() in self._where

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._started = True
        for group in self._groups:
            if group.members and group.conn is None:
                self._schedule_connect(group, now=True)

    async def watch(self, address: str) -> None:
        key = address.lower()
        if key in self._where or self._closing:
            return
        group = self._group_with_room()
        group.joining += 1  # holds the place until the subscription is made
        try:
            anchor, candidate = await self._anchor_for(group, key)
            try:
                sub_id = await self.backend.call(self.backend.subscribe, address, anchor)
            except BaseException:
                if candidate:
                    self._anchor_decided(group, "")
                raise
            if candidate:
                self._anchor_decided(group, key)
        finally:
            group.joining -= 1
        if self._closing:
            return
        if key in self._where:  # watched concurrently meanwhile
            self._spawn(self._unsubscribe(address, sub_id, group.anchor))
            return
        group.members[key] = sub_id
        self._where[key] = group
        self._by_sub[sub_id] = key
        self._schedule_connect(group)

    async def unwatch(self, address: str) -> None:
        key = address.lower()
        group = self._where.pop(key, None)
        if group is None:
            return
        sub_id = group.members.pop(key, None)
        anchor = group.anchor
        self._leave(group, key)
        if sub_id is not None:
            self._by_sub.pop(sub_id, None)
            self._spawn(self._unsubscribe(key, sub_id, anchor))

    def status(self) -> dict[str, object]:
        return {
            "connections": sum(1 for g in self._groups if g.conn is not None and g.conn.open),
            "groups": len([g for g in self._groups if g.members]),
            "subscriptions": len(self._by_sub),
            "anchors": [g.anchor for g in self._groups if g.members],
            **self.counters,
        }

    async def close(self) -> None:
        """Abort every connection and Unsubscribe (bounded by :data:`CLOSE_TIMEOUT`)."""
        if self._closing:
            return
        self._closing = True
        for group in self._groups:
            if group.pending is not None:
                group.pending.cancel()
            if group.conn is not None:
                group.conn.retired = True
                group.conn.abort()
        for task in list(self._tasks):
            task.cancel()
        subs = [(address, sub_id, g.anchor) for g in self._groups for address, sub_id in g.members.items()]
        if subs:
            gone = asyncio.gather(*(self._unsubscribe(a, s, n) for a, s, n in subs), return_exceptions=True)
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(gone, CLOSE_TIMEOUT)
        readers = [g.conn.task for g in self._groups if g.conn is not None and g.conn.task is not None]
        await asyncio.gather(*readers, *self._tasks, return_exceptions=True)

    # ------------------------------------------------------------------------------------------ groups

    def _group_with_room(self) -> _Group:
        for group in self._groups:
            if len(group.members) + group.renewing + group.joining < self.max_per_connection:
                return group
        if len(self._groups) >= self.max_connections:
            raise BackendError("connection_limit", f"no room on the streaming connections: they carry "
                               f"{self.capacity} mailboxes ({self.max_connections} connections x "
                               f"{self.max_per_connection} subscriptions) and are full; this user waits until another "
                               "leaves. Run the engine as shards (--shard K/N; 'calwizard validate' proposes N) or "
                               "raise 'Max subscriptions per connection'", code="")
        group = _Group(next(self._ids))
        self._groups.append(group)
        return group

    async def _anchor_for(self, group: _Group, key: str) -> tuple[str, bool]:
        """The group's anchor, or ``(key, True)``: this mailbox is the candidate (its subscription decides)."""
        while not group.anchor:
            if group.anchor_pending is None:
                group.anchor_pending = asyncio.Event()
                return key, True
            await group.anchor_pending.wait()
        return group.anchor, False

    def _anchor_decided(self, group: _Group, anchor: str) -> None:
        group.anchor = anchor
        pending, group.anchor_pending = group.anchor_pending, None
        if pending is not None:
            pending.set()

    def _leave(self, group: _Group, address: str) -> None:
        """``address`` left ``group``: if it was the anchor, another member takes over."""
        if group.anchor == address and group.anchor_pending is None:
            group.anchor = min(group.members) if group.members else ""

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _schedule_connect(self, group: _Group, *, now: bool = False, delay: float | None = None) -> None:
        if not self._started or self._closing:
            return
        if group.pending is not None:
            group.pending.cancel()
        loop = asyncio.get_running_loop()
        wait = 0.0 if now or len(group.members) >= self.max_per_connection else SETTLE
        if delay is not None:
            wait = delay
        group.pending = loop.call_later(wait, self._connect, group)

    def _connect(self, group: _Group) -> None:
        group.pending = None
        if self._closing or group.renewing:
            return
        old = group.conn
        if not group.members:
            group.conn = None
            if old is not None:
                old.retired = True
                old.abort()
            return
        assert self._loop is not None
        if group.anchor not in group.members and group.anchor_pending is None:
            group.anchor = min(group.members)
        group.generation += 1
        group.connects += 1
        ids = {sub_id: address for address, sub_id in group.members.items()}
        conn = _Connection(group.generation, ids)
        group.conn = conn
        if old is not None and not old.retired:
            old.retired = True
            if old.open:  # the server hands the subscriptions to the new connection; the old one is let go
                self._loop.call_later(HANDOVER_GRACE, old.abort)
            else:
                old.abort()
        conn.task = asyncio.ensure_future(self._read(group, conn))
        self.counters["connects"] += 1
        log.info("streaming connection %d: connecting with %d subscription(s) as %s", group.id, len(ids),
                 group.anchor)

    # ------------------------------------------------------------------------------------------ reading

    async def _read(self, group: _Group, conn: _Connection) -> None:
        client = self.backend.client
        assert client is not None
        outcome: BackendError | None = None
        try:
            async for item in client.stream(group.anchor, list(conn.ids), self.minutes):
                if item.kind == "error" or (item.kind == "status" and item.value == "Closed"):
                    conn.clean = True
                self._on_item(group, conn, item)
        except asyncio.CancelledError:
            return  # aborted by the feed (handover, close)
        except BackendError as err:
            outcome = err
        except Exception as err:  # a bug: report it as a failure of this connection, never die silently
            log.exception("internal error reading streaming connection %d", group.id)
            outcome = BackendError("other", f"internal error: {type(err).__name__}")
        self._on_end(group, conn, outcome)

    # ------------------------------------------------------------------------------------------ events (loop)

    def _on_item(self, group: _Group, conn: _Connection, item: StreamItem) -> None:
        if self._closing:
            return
        if item.kind == "status":
            if item.value == "OK" and not conn.open:
                conn.open = True
                group.retry_delay = RECONNECT_FIRST
                log.info("streaming connection %d open (%d subscription(s))", group.id, len(conn.ids))
            return
        if item.kind == "notification":
            address = self._by_sub.get(item.subscription_id) or conn.ids.get(item.subscription_id)
            if address is not None:
                self.counters["notifications"] += 1
                self._on_change(address, "event")
            return
        if item.kind == "error":
            if item.code in LOST_CODES:
                ids = [i for i in item.subscription_ids if i in conn.ids] or list(conn.ids)
                addresses = [conn.ids[i] for i in ids if self._by_sub.get(i) == conn.ids[i]]
                log.warning("streaming connection %d: %s for %d subscription(s); subscribing again", group.id,
                            item.code, len(addresses))
                self.counters["lost"] += len(addresses)
                self._resubscribe(group, addresses)
            else:
                conn.error = item.code or "error"
                fix = remedies.remedy_for_code(item.code, self.service_account)
                log.warning("streaming connection %d: %s (%s)%s", group.id, item.code, item.message,
                            f" — {fix}" if fix else "")

    def _on_end(self, group: _Group, conn: _Connection, outcome: BackendError | None) -> None:
        if self._closing or conn.retired or group.conn is not conn:
            return
        group.conn = None
        if group.renewing:
            return  # the resubscription reconnects the group
        if outcome is None and conn.clean and conn.open and not conn.error:
            self.counters["renewals"] += 1
            log.info("streaming connection %d closed by the server; renewing", group.id)
            self._schedule_connect(group, now=True)
            return
        if conn.open and not conn.clean:
            self.counters["drops"] += 1
            log.warning("streaming connection %d dropped (%s); subscribing its %d mailbox(es) again and re-reading "
                        "them", group.id, outcome.message if outcome else "ended early", len(group.members))
            self._resubscribe(group, list(group.members))
            return
        self.counters["connect_failures"] += 1
        delay = group.retry_delay
        if outcome is not None and outcome.kind in DENIED_KINDS | {"not_found"} and len(group.members) > 1:
            # the anchor cannot be impersonated any more: the next member anchors the group
            others = sorted(m for m in group.members if m != group.anchor)
            log.warning("streaming connection %d: anchor %s refused (%s); %s anchors the group now", group.id,
                        group.anchor, outcome.message, others[0])
            group.anchor = others[0]
            delay = 0.0
        elif outcome is not None and outcome.kind == "server_busy":
            delay = max(outcome.back_off, 0.05)
        else:
            group.retry_delay = min(group.retry_delay * 2, RECONNECT_MAX)
        log.warning("streaming connection %d could not be opened (%s); retrying in %.1f s", group.id,
                    outcome.message if outcome else conn.error or "no answer", delay)
        self._schedule_connect(group, delay=delay)

    # ------------------------------------------------------------------------------------------ resubscribe

    def _resubscribe(self, group: _Group, addresses: list[str]) -> None:
        todo = []
        for address in addresses:
            sub_id = group.members.pop(address, None)
            if sub_id is None:
                continue
            self._by_sub.pop(sub_id, None)
            self._where.pop(address, None)
            todo.append((address, sub_id))
        if not todo:
            return
        group.renewing += len(todo)
        for address, old in todo:
            self._spawn(self._renew(group, address, old))

    async def _renew(self, group: _Group, address: str, old_sub: str) -> None:
        self._spawn(self._unsubscribe(address, old_sub, group.anchor))
        delay = RECONNECT_FIRST
        try:
            while not self._closing:
                try:
                    sub_id = await self.backend.call(self.backend.subscribe, address, group.anchor)
                except BackendError as err:
                    if err.kind in TRANSIENT_KINDS:
                        await asyncio.sleep(delay)
                        delay = min(delay * 2, RECONNECT_MAX)
                        continue
                    log.warning("%s cannot be subscribed again: %s", address, err.message)
                    self._leave(group, address)
                    self._on_failure(address, err)
                    return
                if address in self._where:  # watched again by the engine meanwhile
                    self._spawn(self._unsubscribe(address, sub_id, group.anchor))
                    return
                group.members[address] = sub_id
                self._where[address] = group
                self._by_sub[sub_id] = address
                self.counters["resubscribed"] += 1
                self._on_change(address, "resubscribed")
                return
        finally:
            group.renewing -= 1
            if group.renewing == 0 and not self._closing:
                self._schedule_connect(group, now=True)

    async def _unsubscribe(self, address: str, sub_id: str, anchor: str) -> None:
        with contextlib.suppress(BackendError):
            await self.backend.call(self.backend.unsubscribe, address, sub_id, anchor)
