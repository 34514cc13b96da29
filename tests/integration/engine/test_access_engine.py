"""The engine under the access models of issue 12: delegate access (explicit access, no ExchangeImpersonation
header, each calendar's folder permission), and the remedy it logs when Exchange refuses a streaming connection."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from engine_helpers import RecordingSink, running_engine, sandbox_appointments, until

from calwizard.engine.model import Appointment
from calwizard.engine.presence import compute_presence
from calwizard.engine.store import parse_iso
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import Mailbox, Settings

pytestmark = pytest.mark.integration


@pytest.fixture
def delegate(engine_sandbox: Sandbox, sandbox_data_dir: Path) -> Settings:
    s = scenario_settings("onprem-delegate-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                          sandbox_data_dir)
    s.mailboxes = [Mailbox(pbx_name="anna", addresses=[data.CONTOSO_ANNA]),
                   Mailbox(pbx_name="frank", addresses=[data.CONTOSO_FRANK]),
                   Mailbox(pbx_name="legal", addresses=[data.CONTOSO_LEGAL])]
    return s


def free_busy_only(appts: list[Appointment]) -> list[Appointment]:
    """What a FreeBusyTimeOnly delegate reads: times and free/busy, no subject, no sensitivity."""
    return [Appointment(a.start, a.end, "", a.free_busy, a.is_all_day, False, "", a.uid) for a in appts]


async def test_delegate_access_reads_by_folder_permission_without_impersonation(
        engine_sandbox: Sandbox, delegate: Settings, control: ControlClient, tmp_path: Path) -> None:
    # impersonating anna is refused from now on: only explicit (delegate) access can still read her calendar
    await asyncio.to_thread(control.revoke, data.CONTOSO_ANNA, "impersonation")
    sink = RecordingSink()
    try:
        async with running_engine(delegate, tmp_path / "state", sink) as engine:
            await until(lambda: {r["pbx_name"] for r in sink.records} >= {"anna", "frank"}, what="presence")
            assert engine.backend.client.impersonation is False  # type: ignore[attr-defined]
            by_user = {r["pbx_name"]: r for r in sink.records}
            tz = delegate.pbx.presence_timezone
            for name, address, transform in (("anna", data.CONTOSO_ANNA, list),
                                             ("frank", data.CONTOSO_FRANK, free_busy_only)):
                record = by_user[name]
                at = parse_iso(record["at"])
                assert at is not None
                appts = transform(sandbox_appointments(engine_sandbox, address, tz))
                assert record["presence"] in {compute_presence(at + timedelta(seconds=s), appts, delegate.pbx,
                                                               delegate.mapping).text for s in (0, 1)}, name
            statuses = {u.pbx_name: (u.status, u.detail) for u in engine.users.values()}
            assert statuses["legal"][0] == "access_denied" and "access_denied" in statuses["legal"][1]

            # a change arrives through the delegate's own streaming subscription; free/busy only: no subject
            await until(lambda: engine.feed.status()["connections"] == 1, what="the streaming connection")
            now = datetime.now(UTC).replace(microsecond=0)
            mark = sink.mark()
            await asyncio.to_thread(control.create, data.CONTOSO_FRANK, "Secret project", now,
                                    now + timedelta(hours=6), free_busy="OOF")
            rec = await sink.wait_for(lambda r: r["pbx_name"] == "frank", after=mark, timeout=10)
            assert rec["presence"].startswith("Away until ") and "Secret project" not in rec["presence"]
            assert rec["activity"] == "away"
    finally:
        await asyncio.to_thread(control.restore, data.CONTOSO_ANNA)


async def test_refused_streaming_connection_logs_the_remedy_and_the_engine_keeps_running(
        engine_sandbox: Sandbox, delegate: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "calwizard.engine")
    hub = engine_sandbox.notifications
    limit = hub.hanging_connection_limit
    hub.hanging_connection_limit = 0  # every GetStreamingEvents of the account: ErrorExceededConnectionCount
    sink = RecordingSink()
    try:
        async with running_engine(delegate, tmp_path / "state", sink) as engine:
            await until(lambda: any("ErrorExceededConnectionCount" in r.getMessage() for r in caplog.records),
                        timeout=10, what="the refused connection")
            line = next(r.getMessage() for r in caplog.records if "ErrorExceededConnectionCount" in r.getMessage())
            assert "raise that setting (up to 200)" in line and "HangingConnectionLimit" in line
            assert "lower" not in line
            assert {r["pbx_name"] for r in sink.records} >= {"anna", "frank"}  # presence from the reads goes on
            assert engine.users["anna"].status == "resolved"
    finally:
        hub.hanging_connection_limit = limit


async def test_the_engine_logs_its_streamed_notifications_too(engine_sandbox: Sandbox, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """EWS protocol debugging in the engine: ews-debug-engine.log, streamed notification documents included."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    settings = scenario_settings("onprem-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file, tmp_path)
    settings.exchange.ews_debug_log = True
    sink = RecordingSink()
    async with running_engine(settings, tmp_path / "state", sink) as engine:
        await until(lambda: engine.feed.status()["connections"] == 1, timeout=10, what="the streaming connection")
        path = engine.backend.ctx.http.debug_log.path
        await until(lambda: "<- streamed" in path.read_text(encoding="utf-8"), timeout=30,
                    what="a streamed notification document in the debug log")
    text = path.read_text(encoding="utf-8")
    assert path.name == "ews-debug-engine.log"
    assert "<m:GetStreamingEvents>" in text and "<m:ConnectionStatus>OK</m:ConnectionStatus>" in text
    password = data.credential(data.CRED_CONTOSO_SVC_PASSWORD)
    assert password not in text and "TlRMTVNTUA" not in text and "NTLM [redacted]" in text
