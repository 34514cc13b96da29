"""Engine recovery (issue 13): denied and unknown users are retried with exponential backoff from seconds up to a
cap, at once when access is evidently back, a restored user syncs within 30 s, and a server that never speaks EWS
is backed off from and reported — not spun on."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.unit.engine.test_sync import MemoryBackend, _run, _settings, _until

from calwizard.engine.backend import BackendError
from calwizard.engine.sync import EngineOptions
from calwizard.settings import Settings


def test_backoff_starts_in_seconds_and_is_capped() -> None:
    from calwizard.engine.sync import SyncEngine

    engine = SyncEngine.__new__(SyncEngine)
    engine.options = EngineOptions()
    import random

    engine._rng = random.Random(1)
    denied = [engine.retry_delay("access_denied", n) for n in range(1, 12)]
    assert 1.7 <= denied[0] <= 2.0 and 3.4 <= denied[1] <= 4.0  # seconds, doubling
    assert all(d <= 30.0 for d in denied) and denied[-1] >= 0.85 * 30  # capped: a restored user syncs within 30 s
    unknown = [engine.retry_delay("not_found", n) for n in range(1, 20)]
    assert unknown[0] <= 5.0 and max(unknown) <= 600.0
    errors = [engine.retry_delay("error", n) for n in range(1, 40)]
    assert errors[0] <= 5.0 and max(errors) <= 300.0  # a server that is not EWS: backed off, never spun on


async def test_another_users_recovery_retries_the_denied_at_once(tmp_path: Path) -> None:
    backend = MemoryBackend()
    backend.directory = {f"{n}@x.test": f"{n}@x.test" for n in ("anna", "ben", "carl")}
    backend.feed.deny |= {"ben@x.test", "carl@x.test"}
    engine, _sink, finish = await _run(_settings("anna", "ben", "carl"), backend, tmp_path,
                                       EngineOptions(access_retry=60.0, access_retry_max=60.0))
    try:
        assert engine.users["ben"].status == engine.users["carl"].status == "access_denied"
        backend.feed.deny.clear()  # the grant was fixed for both
        started = time.monotonic()
        engine._on_change("ben@x.test", "a notification for a denied user")  # evidence that ben is back
        await _until(lambda: engine.users["ben"].status == "resolved", timeout=5)
        await _until(lambda: engine.users["carl"].status == "resolved", timeout=5)  # at once, not after 60 s
        assert time.monotonic() - started < 10
    finally:
        await finish()


async def test_retry_now_and_unknown_users_are_retried_before_midnight(tmp_path: Path) -> None:
    backend = MemoryBackend()
    backend.directory = {"anna@x.test": "anna@x.test"}
    engine, _sink, finish = await _run(_settings("anna", "ghost"), backend, tmp_path,
                                       EngineOptions(not_found_retry=0.05, not_found_retry_max=0.2))
    try:
        assert engine.users["ghost"].status == "not_found"
        backend.directory["ghost@x.test"] = "ghost@x.test"  # the mailbox is created
        await _until(lambda: engine.users["ghost"].status == "resolved", timeout=5)
        backend.fail_reads["anna@x.test"] = BackendError("access_denied", "revoked")
        engine._spawn(engine._read(engine.users["anna"]))
        await _until(lambda: engine.users["anna"].status == "access_denied")
        del backend.fail_reads["anna@x.test"]
        assert engine.retry_now() == 1  # what SIGHUP does
        await _until(lambda: engine.users["anna"].status == "resolved", timeout=5)
    finally:
        await finish()


# --------------------------------------------------------------------------- against the sandbox and a hostile server


@pytest.fixture(scope="module")
def recovery_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from calwizard.sandbox import Sandbox

    sb = Sandbox(tmp_path_factory.mktemp("recovery-sandbox"), stream_keepalive_seconds=0.5,
                 stream_minute_seconds=1.0, ews_back_off_ms=200)
    sb.start()
    try:
        yield sb
    finally:
        sb.stop()


@pytest.mark.integration
async def test_a_restored_user_syncs_within_30_seconds(recovery_sandbox: Any, tmp_path: Path) -> None:
    """Default retry settings: access to a calendar is revoked (the user goes to access_denied and is retried with
    growing waits), then restored through the sandbox's control API: the user syncs again within 30 s."""
    from tests.integration.engine.engine_helpers import RecordingSink, running_engine, until

    from calwizard.exchange.http import HttpPolicy
    from calwizard.sandbox import data
    from calwizard.sandbox.control import ControlClient
    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.settings.model import Mailbox

    sb = recovery_sandbox
    settings: Settings = scenario_settings("onprem-ok", sb.host_overrides, sb.ca_file, sb.data_dir)
    settings.mailboxes = [Mailbox(pbx_name="anna", addresses=[data.CONTOSO_ANNA_SECONDARY]),
                          Mailbox(pbx_name="ben", addresses=[data.CONTOSO_BEN])]
    control = ControlClient(HttpPolicy(ca_file=sb.ca_file, host_overrides=sb.host_overrides, timeout=20.0,
                                       cache_dir=tmp_path / "ca"))
    sink = RecordingSink()
    try:
        async with running_engine(settings, tmp_path / "state", sink) as engine:
            ben = engine.users["ben"]
            await asyncio.to_thread(control.revoke, data.CONTOSO_BEN, "calendar")
            engine._spawn(engine._read(ben))  # the next read meets the revoked access
            await until(lambda: ben.status == "access_denied", timeout=30, what="ben denied")
            await asyncio.sleep(7)  # denied for a while: the retries have backed off (2 s, 4 s, 8 s, ...)
            await asyncio.to_thread(control.restore, data.CONTOSO_BEN)
            restored = time.monotonic()
            now = datetime.now(UTC).replace(microsecond=0)
            mark = sink.mark()
            created = await asyncio.to_thread(control.create, data.CONTOSO_BEN, "Back in sync", now,
                                              now + timedelta(hours=1))
            await until(lambda: ben.status == "resolved", timeout=30, what="ben restored")
            record = await sink.wait_for(lambda r: r["pbx_name"] == "ben" and "Back in sync" in r["presence"],
                                         after=mark, timeout=30)
            assert time.monotonic() - restored <= 30, "a restored user syncs within 30 s"
            assert record["activity"] == "busy"
            await asyncio.to_thread(control.delete, data.CONTOSO_BEN, created["uid"])
    finally:
        control.close()


@pytest.mark.integration
async def test_the_engine_backs_off_from_a_server_that_never_speaks_ews(hostile: Any, tmp_path: Path) -> None:
    """The EWS URL answers with a web page: every user goes to ``error`` with the reason ('not an EWS server'),
    retried with growing waits — a handful of requests in 8 seconds, not thousands — and the status says so."""
    import os

    from tests.integration.engine.engine_helpers import RecordingSink

    from calwizard.engine.cli import status_report
    from calwizard.engine.runner import run_engine
    from calwizard.secretrefs import make_fetcher

    os.environ["CW_HOSTILE_PW"] = "not-a-real-password-2"
    settings = Settings.model_validate({
        "pbx": {"master_pbx_name": "pbx1"},
        "exchange": {"sync_type": "on_premises", "user": "svc@contoso.test", "password": {"env": "CW_HOSTILE_PW"},
                     "ews_url": hostile.url(), "ca_file": str(hostile.ca_file),
                     "host_overrides": hostile.host_overrides, "timeout_seconds": 4},
        "mailboxes": [{"pbx_name": "anna", "addresses": "anna@contoso.test"},
                      {"pbx_name": "ben", "addresses": "ben@contoso.test"}],
    })
    hostile.mode = "html"
    before = hostile.requests
    stop = asyncio.Event()
    box: dict[str, Any] = {}
    task = asyncio.ensure_future(run_engine(settings, make_fetcher(settings), sink=RecordingSink(),
                                            state_dir=tmp_path / "state", stop=stop,
                                            on_engine=lambda e: box.setdefault("engine", e)))
    await asyncio.sleep(8)
    assert not task.done(), "the engine keeps running (and retrying), it does not give up or crash"
    engine = box["engine"]
    assert {u.status for u in engine.users.values()} == {"error"}
    assert all("not an EWS server" in u.detail for u in engine.users.values())
    requests = hostile.requests - before
    assert 2 <= requests <= 30, f"{requests} requests in 8 s"
    stop.set()
    await asyncio.wait_for(task, 20)
    report = status_report(tmp_path / "state")
    assert all("not an EWS server" in u["detail"] for u in report["users"])
