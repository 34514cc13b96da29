"""Helpers of the engine integration tests: a recording sink, a running engine, expected presence."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from calwizard.engine.ews_backend import FREE_BUSY, all_day_span
from calwizard.engine.model import Appointment
from calwizard.engine.presence import compute_presence
from calwizard.engine.runner import run_engine
from calwizard.engine.store import parse_iso
from calwizard.engine.sync import EngineOptions, SyncEngine
from calwizard.sandbox import Sandbox
from calwizard.secretrefs import make_fetcher
from calwizard.settings.model import Settings

START_TIMEOUT = 30.0


class RecordingSink:
    """A sink that keeps every record and lets a test wait for the next one (no sleeping)."""

    description = "test sink"

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.keys: list[str] = []
        self._changed = asyncio.Event()

    async def deliver(self, payload: str, key: str) -> None:
        self.records.append(json.loads(payload))
        self.keys.append(key)
        self._changed.set()

    async def close(self) -> None:
        return None

    def mark(self) -> int:
        return len(self.records)

    def since(self, mark: int, pbx_name: str | None = None) -> list[dict[str, Any]]:
        return [r for r in self.records[mark:] if pbx_name is None or r["pbx_name"] == pbx_name]

    async def wait_for(self, predicate: Callable[[dict[str, Any]], bool], *, after: int = 0,
                       timeout: float = 5.0) -> dict[str, Any]:
        """The first record after index ``after`` matching ``predicate``; TimeoutError after ``timeout``."""
        async def scan() -> dict[str, Any]:
            seen = after
            while True:
                self._changed.clear()
                for record in self.records[seen:]:
                    if predicate(record):
                        return record
                seen = len(self.records)
                await self._changed.wait()

        return await asyncio.wait_for(scan(), timeout)


@contextlib.asynccontextmanager
async def running_engine(settings: Settings, state_dir: Path, sink: Any,
                         options: EngineOptions | None = None,
                         health: tuple[str, int] | None = None) -> AsyncIterator[SyncEngine]:
    """Run the engine in this event loop until the block ends (then a clean stop); ``health``: serve the health
    endpoint there (port 0: any free port; its URL is in ``state_dir/health.json``)."""
    stop = asyncio.Event()
    box: dict[str, SyncEngine] = {}
    task = asyncio.ensure_future(run_engine(settings, make_fetcher(settings), sink=sink, state_dir=state_dir,
                                            stop=stop, options=options or EngineOptions(),
                                            on_engine=lambda e: box.setdefault("engine", e), health=health))

    async def started() -> None:
        while "engine" not in box:
            await asyncio.sleep(0)
        await box["engine"].started.wait()

    waiter = asyncio.ensure_future(started())
    done, _ = await asyncio.wait({task, waiter}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        waiter.cancel()
        task.result()  # raises what stopped the engine
        raise AssertionError("the engine stopped before it started")
    if waiter not in done:
        waiter.cancel()
        stop.set()
        await asyncio.wait_for(task, 15)
        raise AssertionError("the engine did not finish its initial sync in time")
    try:
        yield box["engine"]
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


async def until(predicate: Callable[[], bool], timeout: float = 5.0, what: str = "condition") -> None:
    """Wait (yielding to the event loop, no fixed sleeps) until ``predicate()`` or fail after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait (outside an event loop: a process under test) until ``predicate()`` or fail after ``timeout`` s."""
    import threading
    import time

    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        tick.wait(0.05)


def sandbox_appointments(sb: Sandbox, address: str, presence_tz: str) -> list[Appointment]:
    """The sandbox's appointments of ``address`` as the engine must see them (all-day items: dates in the
    item's zone, UTC in the sandbox, as midnights of the presence timezone)."""
    tz = ZoneInfo(presence_tz)
    out = []
    for a in sb.store.list(address):
        start, end = a.start, a.end
        if a.is_all_day:
            start, end = all_day_span(start, end, ZoneInfo("UTC"), tz)
        out.append(Appointment(start, end, a.subject, FREE_BUSY[a.free_busy], a.is_all_day,
                               a.sensitivity in ("Private", "Confidential"), "", a.item_id))
    return out


def expected_texts(sb: Sandbox, settings: Settings, record: dict[str, Any]) -> set[str]:
    """The presence texts the record may carry for the sandbox's current data (``at`` is to the second)."""
    at = parse_iso(record["at"])
    assert at is not None
    appts = sandbox_appointments(sb, record["user"], settings.pbx.presence_timezone)
    return {compute_presence(at + timedelta(seconds=s), appts, settings.pbx, settings.mapping).text for s in (0, 1)}


def no_repeats(records: list[dict[str, Any]]) -> None:
    """No user got the same presence twice in a row (only changes are sent)."""
    last: dict[str, str] = {}
    for r in records:
        assert last.get(r["pbx_name"]) != r["presence"], f"duplicate presence for {r['pbx_name']}: {r['presence']}"
        last[r["pbx_name"]] = r["presence"]


def utc(dt: datetime) -> str:
    return dt.isoformat()
