"""The PBX sink: each presence change becomes ``SetPresence`` on the innovaphone PBX (:mod:`calwizard.pbx.presence`).

* The activity is the PbxApi value of the mapping target (Available -> ``""``, Busy -> ``busy``, Away -> ``away``,
  Do not disturb -> ``dnd``), the note is the presence string of the seed grammar, the contact is calwizard's own
  (``calendar:calwizard``), so nothing the user sets on a phone is overwritten. "Ignore for presence" appointments
  never produce a presence of their own, so they send nothing.
* **Only changes are sent.** A record from the outbox names a user; the sink sends that user's *current* presence
  (the store's, i.e. the newest) unless the PBX already has exactly that from calwizard. A backlog of old records is
  thus never replayed in the wrong order, and nothing is sent twice in a steady state.
* **After every (re)connect** the current presence of every user is sent once (:meth:`PbxSink.on_connect`,
  registered with the :class:`~calwizard.pbx.connection.PbxConnection`): whatever changed while the PBX was out of
  reach arrives, and SetPresence is idempotent, so a change already delivered is simply confirmed.
* **Removing a user** (from the PBX, the filter or the list) and **stopping the engine** clear what calwizard set
  (:meth:`clear`, :meth:`close`).
* A record for a user the PBX refuses (no such user object) is a permanent failure: dead-lettered with the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import UTC, datetime

from calwizard.engine.sinks import SinkError
from calwizard.engine.store import Store
from calwizard.errors import NetworkError, PbxError
from calwizard.pbx.appwebsocket import AppWebsocket
from calwizard.pbx.connection import PbxConnection
from calwizard.pbx.presence import clear_presence, pbx_activity, set_presence

log = logging.getLogger("calwizard.engine.sink")

CLEAR_TIMEOUT = 5.0
"""Seconds :meth:`PbxSink.close` spends clearing calwizard's presence entries."""


class PbxSink:
    """Delivers presence to the PBX (see the module docstring).

    Args:
        conn: the engine's PBX connection (its ``on_connect`` gets :meth:`on_connect`).
        store: the engine state (the current presence per user).
        timeout: seconds a SetPresence may take.
    """

    def __init__(self, conn: PbxConnection, store: Store, timeout: float = 20.0) -> None:
        self.conn = conn
        self.store = store
        self.timeout = timeout
        self.description = f"PBX {conn.master or conn.address}"
        self.sent: dict[str, tuple[str, str]] = {}
        """user name -> (activity, note) the PBX has from calwizard on the current connection."""
        self.sets = 0
        """SetPresence requests the PBX confirmed."""
        self.failures = 0
        """SetPresence requests that failed (refused by the PBX, or the connection broke; retried unless refused)."""
        self.last_set_at: datetime | None = None
        """When the PBX last confirmed a SetPresence (UTC)."""
        self.resends = 0
        self._lock = asyncio.Lock()
        conn.on_connect.append(self.on_connect)

    def _current(self, pbx_name: str) -> tuple[str, str] | None:
        row = self.store.presence(pbx_name)
        return (pbx_activity(row.activity), row.text) if row is not None else None

    async def _send(self, ws: AppWebsocket, pbx_name: str, value: tuple[str, str]) -> None:
        try:
            await set_presence(ws, pbx_name, value[0], value[1], timeout=self.timeout)
        except (PbxError, NetworkError):
            self.failures += 1
            raise
        self.sent[pbx_name] = value
        self.sets += 1
        self.last_set_at = datetime.now(UTC)

    async def on_connect(self, ws: AppWebsocket) -> None:
        """Send every user's current presence once (a new connection: the PBX may have missed changes)."""
        async with self._lock:
            self.sent.clear()
            names = sorted(self.store.presences())
            for name in names:
                value = self._current(name)
                if value is None:
                    continue
                try:
                    await self._send(ws, name, value)
                except PbxError as err:
                    if err.kind != "rejected":
                        raise
                    log.warning("%s: %s", self.description, err)
            self.resends += 1
            log.info("%s: current presence of %d user(s) sent after connecting", self.description, len(self.sent))

    async def deliver(self, payload: str, key: str) -> None:
        """Bring the PBX up to date for the record's user (see the module docstring)."""
        try:
            name = json.loads(payload)["pbx_name"]
        except (ValueError, KeyError, TypeError):
            raise SinkError("not a presence record", permanent=True) from None
        try:
            ws = await self.conn.wait_up()
            async with self._lock:
                value = self._current(name)
                if value is None or self.sent.get(name) == value:
                    return
                await self._send(ws, name, value)
        except PbxError as err:
            raise SinkError(str(err), permanent=err.kind == "rejected") from None
        except NetworkError as err:
            raise SinkError(str(err)) from None

    async def clear(self, pbx_name: str) -> None:
        """Remove calwizard's presence entry of ``pbx_name`` (the user is no longer synced). Best effort."""
        async with self._lock:
            ws = self.conn.ws
            if pbx_name not in self.sent or ws is None:
                self.sent.pop(pbx_name, None)
                return
            with contextlib.suppress(PbxError):
                await clear_presence(ws, pbx_name, timeout=self.timeout)
                log.info("%s: presence of %s cleared", self.description, pbx_name)
            self.sent.pop(pbx_name, None)

    async def close(self) -> None:
        """Clear every entry calwizard set (bounded by :data:`CLEAR_TIMEOUT`), then close the connection."""

        async def clear_all(ws: AppWebsocket) -> None:
            async with asyncio.timeout(CLEAR_TIMEOUT):
                for name in list(self.sent):
                    await clear_presence(ws, name, timeout=self.timeout)
                    self.sent.pop(name, None)
            log.info("%s: calwizard's presence entries cleared", self.description)

        await self.conn.close(before=clear_all)
