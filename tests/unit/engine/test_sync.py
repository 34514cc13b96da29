"""The sync core against an in-memory backend (the protocol is tested against the sandbox elsewhere):
coalesced reads, statuses and retries, only changes sent, restarts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from calwizard.engine.backend import BackendError, ChangeCallback, FailureCallback, Resolution
from calwizard.engine.model import Appointment
from calwizard.engine.sinks import SinkWorker
from calwizard.engine.store import Store
from calwizard.engine.sync import EngineOptions, SyncEngine
from calwizard.settings.model import Mailbox, PbxSettings, Settings


class MemoryFeed:
    def __init__(self) -> None:
        self.watched: set[str] = set()
        self.on_change: ChangeCallback = lambda a, r: None
        self.on_failure: FailureCallback = lambda a, e: None
        self.deny: set[str] = set()

    def bind(self, on_change: ChangeCallback, on_failure: FailureCallback) -> None:
        self.on_change, self.on_failure = on_change, on_failure

    async def watch(self, address: str) -> None:
        if address in self.deny:
            raise BackendError("impersonation_denied", "no impersonation")
        self.watched.add(address)

    async def unwatch(self, address: str) -> None:
        self.watched.discard(address)

    def watching(self, address: str) -> bool:
        return address in self.watched

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    def status(self) -> dict[str, object]:
        return {}


class MemoryBackend:
    name = "memory"
    max_concurrency = 4

    def __init__(self) -> None:
        self.calendars: dict[str, list[Appointment]] = {}
        self.directory: dict[str, str] = {}
        self.feed = MemoryFeed()
        self.reads: list[str] = []
        self.resolves = 0
        self.gate: asyncio.Event | None = None
        self.fail_reads: dict[str, BackendError] = {}

    async def open(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def resolve(self, addresses: Sequence[str]) -> Resolution:
        self.resolves += 1
        for a in addresses:
            if a in self.directory:
                return Resolution(self.directory[a], a.split("@")[0].title())
        return Resolution(None)

    async def read(self, address: str, start: datetime, end: datetime) -> list[Appointment]:
        self.reads.append(address)
        if self.gate is not None:
            await self.gate.wait()
        if address in self.fail_reads:
            raise self.fail_reads[address]
        return [a for a in self.calendars.get(address, []) if a.start < end and a.end > start]

    def change_feed(self) -> MemoryFeed:
        return self.feed

    def stats(self) -> dict[str, object]:
        return {}


class ListSink:
    description = "list"

    def __init__(self) -> None:
        self.records: list[dict[str, object]] = []
        self.event = asyncio.Event()

    async def deliver(self, payload: str, key: str) -> None:
        self.records.append(json.loads(payload))
        self.event.set()

    async def close(self) -> None:
        return None


def _settings(*names: str) -> Settings:
    return Settings(pbx=PbxSettings(presence_language="en", presence_timezone="UTC"),
                    mailboxes=[Mailbox(pbx_name=n, addresses=[f"{n}@x.test"]) for n in names])


async def _run(settings: Settings, backend: MemoryBackend, state: Path, options: EngineOptions | None = None):  # type: ignore[no-untyped-def]
    store = Store(state)
    sink = ListSink()
    engine = SyncEngine(settings, backend, store, SinkWorker(store, sink), options or EngineOptions())  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.ensure_future(engine.run(stop))
    await asyncio.wait_for(engine.started.wait(), 5)

    async def finish() -> None:
        stop.set()
        await asyncio.wait_for(task, 5)
        store.close()

    return engine, sink, finish


async def _until(pred, timeout: float = 3.0) -> None:  # type: ignore[no-untyped-def]
    async def loop() -> None:
        while not pred():
            await asyncio.sleep(0.005)
    await asyncio.wait_for(loop(), timeout)


def _meeting(subject: str, start: datetime, minutes: int = 60) -> Appointment:
    return Appointment(start, start + timedelta(minutes=minutes), subject, "busy", uid=subject)


async def test_initial_sync_statuses_and_presence(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    backend = MemoryBackend()
    backend.directory = {"anna@x.test": "anna@x.test", "ben@x.test": "ben@x.test"}
    backend.calendars["anna@x.test"] = [_meeting("Standup", now - timedelta(minutes=5))]
    backend.feed.deny.add("ben@x.test")
    engine, sink, finish = await _run(_settings("anna", "ben", "ghost"), backend, tmp_path,
                                      EngineOptions(access_retry=0.05))
    try:
        await _until(lambda: len(sink.records) == 1)
        assert sink.records[0]["pbx_name"] == "anna" and str(sink.records[0]["presence"]).startswith("Standup until")
        assert {n: u.status for n, u in engine.users.items()} == {"anna": "resolved", "ben": "access_denied",
                                                                  "ghost": "not_found"}
        backend.feed.deny.clear()  # access granted: the retry brings ben up without a restart
        await _until(lambda: engine.users["ben"].status == "resolved")
        await _until(lambda: len(sink.records) == 2)
        assert sink.records[1] == {**sink.records[1], "pbx_name": "ben", "presence": "Free", "activity": "available"}
    finally:
        await finish()


async def test_changes_during_a_read_cause_exactly_one_more_read(tmp_path: Path) -> None:
    backend = MemoryBackend()
    backend.directory = {"anna@x.test": "anna@x.test"}
    engine, sink, finish = await _run(_settings("anna"), backend, tmp_path)
    try:
        backend.gate = asyncio.Event()
        before = len(backend.reads)
        for _ in range(5):
            backend.feed.on_change("anna@x.test", "event")
        await _until(lambda: len(backend.reads) == before + 1)  # the first read is running, held by the gate
        now = datetime.now(UTC)
        backend.calendars["anna@x.test"] = [_meeting("Review", now - timedelta(minutes=1))]
        backend.gate.set()
        await _until(lambda: any("Review" in str(r["presence"]) for r in sink.records))
        await _until(lambda: not engine.users["anna"].reading)
        assert len(backend.reads) == before + 2
    finally:
        await finish()


async def test_restart_sends_nothing_unchanged_and_follows_stored_appointments(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    backend = MemoryBackend()
    backend.directory = {"anna@x.test": "anna@x.test", "ben@x.test": "ben@x.test"}
    backend.calendars["anna@x.test"] = [_meeting("Long", now - timedelta(minutes=5), 120)]
    backend.calendars["ben@x.test"] = [_meeting("Short", now - timedelta(minutes=5), 120)]
    _, first, finish = await _run(_settings("anna", "ben"), backend, tmp_path)
    await _until(lambda: len(first.records) == 2)
    await finish()
    # restart: nothing changed for anna; ben's calendar cannot be read now (network), his stored appointments
    # are still followed, and nothing is re-sent
    backend.fail_reads["ben@x.test"] = BackendError("network", "unreachable")
    engine, second, finish = await _run(_settings("anna", "ben"), backend, tmp_path, EngineOptions(error_retry=60))
    try:
        assert backend.resolves == 2, "stored resolutions are reused"
        assert engine.users["ben"].status == "error" and engine.users["ben"].has_data
        assert engine.changes_sent == 0 and engine.store.outbox_size() == 0 and second.records == []
    finally:
        await finish()


async def test_presence_follows_the_end_of_an_appointment_without_reads(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    backend = MemoryBackend()
    backend.directory = {"anna@x.test": "anna@x.test"}
    backend.calendars["anna@x.test"] = [Appointment(now - timedelta(minutes=10), now + timedelta(seconds=0.3),
                                                    "Tiny", "busy", uid="t")]
    _, sink, finish = await _run(_settings("anna"), backend, tmp_path)
    try:
        await _until(lambda: len(sink.records) == 2)
        assert str(sink.records[0]["presence"]).startswith("Tiny until") and sink.records[1]["presence"] == "Free"
        assert len(backend.reads) == 1
    finally:
        await finish()


async def test_midnight_reads_everyone_again_and_retries_the_unresolved(tmp_path: Path) -> None:
    backend = MemoryBackend()
    backend.directory = {"anna@x.test": "anna@x.test"}
    engine, _, finish = await _run(_settings("anna", "ben"), backend, tmp_path)
    try:
        assert engine.users["ben"].status == "not_found"
        reads, resolves = len(backend.reads), backend.resolves
        backend.directory["ben@x.test"] = "ben@x.test"  # ben's mailbox exists now
        first = engine.scheduler.when("midnight")
        assert first is not None and first.hour == 0  # UTC presence timezone
        engine._midnight(first)
        await _until(lambda: engine.users["ben"].status == "resolved")
        assert len(backend.reads) == reads + 2 and backend.resolves == resolves + 1  # anna re-read, ben resolved
        assert engine.scheduler.when("midnight") == first + timedelta(days=1)
    finally:
        await finish()
