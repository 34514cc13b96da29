"""The whole chain on loopback: sandbox Exchange -> engine -> sandbox PBX. Presence is read back from the PBX with
SubscribePresence, as a PBX client would, never from the engine's internals."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from engine_helpers import RecordingSink, expected_texts, running_engine, until, wait_for
from pbx_helpers import PresenceWatcher

from calwizard.engine.cli import status_report
from calwizard.exchange.http import HttpPolicy
from calwizard.pbx.presence import CONTACT
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import Settings

pytestmark = pytest.mark.integration

SYNCED = ("anna", "ben", "room-1")


async def _ctl(fn, *args, **kw):  # type: ignore[no-untyped-def]
    return await asyncio.to_thread(fn, *args, **kw)


@pytest.fixture
def pbx_ok(engine_sandbox: Sandbox, sandbox_data_dir: Path) -> Settings:
    return scenario_settings("pbx-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file, sandbox_data_dir)


def _expected(sb: Sandbox, settings: Settings, record: dict) -> set[str]:
    return expected_texts(sb, settings, record)


async def test_every_pbx_user_with_a_mailbox_gets_its_presence_in_the_pbx(
    engine_sandbox: Sandbox, pbx_ok: Settings, engine_policy: HttpPolicy, tmp_path: Path
) -> None:
    sink = RecordingSink()
    async with PresenceWatcher(engine_policy) as pbx:
        await pbx.watch(*SYNCED, data.PBX_RECEPTION, data.PBX_GHOST)
        async with running_engine(pbx_ok, tmp_path / "state", ["pbx", sink]) as engine:
            await until(lambda: {r["pbx_name"] for r in sink.records} >= set(SYNCED), what="presence of 3 users")
            for name in SYNCED:
                record = next(r for r in reversed(sink.records) if r["pbx_name"] == name)
                entry = await pbx.wait_for(name, lambda e, r=record: e is not None and e.note == r["presence"],
                                           what=record["presence"])
                assert entry is not None and entry.note in _expected(engine_sandbox, pbx_ok, record)
                assert entry.contact == CONTACT
                assert entry.activity == {"available": "", "busy": "busy", "away": "away", "dnd": "dnd"}[
                    record["activity"]]
            assert {r["user"] for r in sink.records if r["pbx_name"] == "anna"} == {data.CONTOSO_ANNA}
            assert {r["user"] for r in sink.records if r["pbx_name"] == "ben"} == {data.CONTOSO_BEN}, \
                "no e-mail on the PBX: ben@contoso.test (username@pbx-domain)"
            status = {u.pbx_name: u.status for u in engine.users.values()}
            assert status == {"anna": "resolved", "ben": "resolved", "room-1": "resolved",
                              "reception": "no_email", "ghost": "not_found"}, "only users, no App object or queue"
            assert pbx.entry(data.PBX_RECEPTION) is None and pbx.entry(data.PBX_GHOST) is None
            await until(lambda: engine.sinks.workers[0].pending() == 0, what="the PBX sink to catch up")
            sets = (await _ctl(ControlClient(engine_policy).pbx_stats))["set_presence"]
            assert {n: sets.get(n, 0) for n in SYNCED} == {n: 1 for n in SYNCED}, "each presence sent once"
        report = status_report(tmp_path / "state")
        users = {u["pbx_name"]: u for u in report["users"]}
        assert users["reception"]["status"] == "no_email"
        assert "no e-mail address on the PBX" in users["reception"]["detail"]
        assert report["pbx"] == f"wss://{data.PBX_HOST}/PBX0/APPS/websocket"
        # stopping the engine cleared what calwizard set
        for name in SYNCED:
            await pbx.wait_for(name, lambda e: e is None, what="cleared after the engine stopped")


async def test_live_pbx_users_appointment_changes_and_a_dropped_websocket(
    engine_sandbox: Sandbox, pbx_ok: Settings, engine_policy: HttpPolicy, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    now = datetime.now(UTC).replace(microsecond=0)
    created: list[tuple[str, str]] = []
    try:
        async with PresenceWatcher(engine_policy) as pbx, \
                running_engine(pbx_ok, tmp_path / "state", ["pbx", sink]) as engine:
            await pbx.watch("anna", "ben")
            await until(lambda: {r["pbx_name"] for r in sink.records} >= set(SYNCED), what="initial presence")
            # an appointment change reaches the PBX
            appt = await _ctl(control.create, data.CONTOSO_ANNA, "PBX budget review", now - timedelta(minutes=1),
                              now + timedelta(hours=6), free_busy="Busy")
            created.append((data.CONTOSO_ANNA, appt["uid"]))
            e = await pbx.wait_for("anna", lambda e: e is not None and "PBX budget review" in e.note,
                                   what="the new appointment")
            assert e is not None and e.activity == "busy"
            # a user added on the PBX while running gets presence
            await _ctl(control.pbx_add_user, "ops", cn="Operations", emails=[data.CONTOSO_OPS_SLOW],
                       groups=["calendar"])
            await until(lambda: "ops" in engine.users and engine.users["ops"].status == "resolved", timeout=15,
                        what="ops synced")
            await pbx.watch("ops")
            await pbx.wait_for("ops", lambda e: e is not None, what="ops's presence")
            # the websocket drops; a change meanwhile still arrives after the reconnect
            connects = engine_sandbox.pbx.logins
            dropped = await _ctl(control.pbx_drop)
            assert dropped["dropped"] >= 1
            appt2 = await _ctl(control.create, data.CONTOSO_BEN, "During the outage", now - timedelta(minutes=1),
                               now + timedelta(hours=7), free_busy="OOF")
            created.append((data.CONTOSO_BEN, appt2["uid"]))
            async with PresenceWatcher(engine_policy) as pbx2:  # the first watcher's connection was dropped too
                await pbx2.watch("ben", "anna")
                e = await pbx2.wait_for("ben", lambda e: e is not None and "During the outage" in e.note,
                                        timeout=20, what="the change made while the PBX was away")
                assert e is not None and e.activity == "away"
                e = await pbx2.wait_for("anna", lambda e: e is not None and "PBX budget review" in e.note,
                                        what="anna still right after the reconnect")
                assert engine_sandbox.pbx.logins > connects
                # removing a user on the PBX stops its sync and clears its presence
                await pbx2.watch("ops")
                await _ctl(control.pbx_remove_user, "ops")
                await until(lambda: "ops" not in engine.users, what="ops removed from the engine")
    finally:
        for mailbox, uid in created:
            await _ctl(control.delete, mailbox, uid)
        if any(u["h323"] == "ops" for u in await _ctl(control.pbx_users)):
            await _ctl(control.pbx_remove_user, "ops")


async def test_user_filter_moves_users_in_and_out_and_clears_their_presence(
    engine_sandbox: Sandbox, pbx_ok: Settings, engine_policy: HttpPolicy, control: ControlClient, tmp_path: Path
) -> None:
    pbx_ok.pbx.user_filter = "group:rooms"
    sink = RecordingSink()
    try:
        async with PresenceWatcher(engine_policy) as pbx, \
                running_engine(pbx_ok, tmp_path / "state", ["pbx", sink]) as engine:
            assert set(engine.users) == {"room-1"}
            await pbx.watch("room-1", "ben")
            await pbx.wait_for("room-1", lambda e: e is not None, what="room-1's presence")
            await _ctl(control.pbx_change_user, "ben", groups=["calendar", "rooms"])
            await until(lambda: "ben" in engine.users and engine.users["ben"].status == "resolved", timeout=15,
                        what="ben moved into the filter")
            await pbx.wait_for("ben", lambda e: e is not None, what="ben's presence")
            await _ctl(control.pbx_change_user, "room-1", groups=["calendar"])
            await until(lambda: "room-1" not in engine.users, what="room-1 moved out of the filter")
            await pbx.wait_for("room-1", lambda e: e is None, what="room-1's presence cleared")
    finally:
        await _ctl(control.pbx_change_user, "ben", groups=["calendar", "support"])
        await _ctl(control.pbx_change_user, "room-1", groups=["calendar", "rooms"])


async def test_more_pbx_users_than_the_streaming_connections_carry(
    engine_sandbox: Sandbox, pbx_ok: Settings, engine_policy: HttpPolicy, control: ControlClient, tmp_path: Path,
    caplog: pytest.LogCaptureFixture
) -> None:
    """Two connections of one subscription each, three users with a mailbox: the engine says so with the fix, the
    third user waits with a status of its own, and takes the place of a user who leaves at once."""
    from calwizard.engine.sync import EngineOptions

    pbx_ok.pbx.user_filter = "group:calendar"
    pbx_ok.exchange.max_subscriptions_per_connection = 1
    sink = RecordingSink()
    leaving = ""
    try:
        with caplog.at_level(logging.ERROR, logger="calwizard.engine"):
            async with PresenceWatcher(engine_policy) as pbx, running_engine(
                    pbx_ok, tmp_path / "state", ["pbx", sink], options=EngineOptions(max_streams=2)) as engine:
                await until(lambda: sorted(engine.users[n].status for n in SYNCED) == [
                    "resolved", "resolved", "streaming_limit"], timeout=20, what="two synced, one waiting")
                waiting = next(n for n in SYNCED if engine.users[n].status == "streaming_limit")
                assert "no room on the streaming connections" in engine.users[waiting].detail
                assert "--shard" in engine.users[waiting].detail
                errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
                assert any("4 user(s) from the PBX, but the streaming connections of one account carry 2" in m
                           and "shards" in m for m in errors), errors
                await pbx.watch(*SYNCED)
                assert pbx.entry(waiting) is None
                leaving = next(n for n in SYNCED if n != waiting)
                await _ctl(control.pbx_change_user, leaving, groups=["elsewhere"])
                await until(lambda: engine.users[waiting].status == "resolved", timeout=10,
                            what="the waiting user synced once another left")
                await pbx.wait_for(waiting, lambda e: e is not None, what="the waiting user's presence")
    finally:
        if leaving:
            seed = next(u for u in data.PBX_USERS if u.h323 == leaving)
            await _ctl(control.pbx_change_user, leaving, groups=list(seed.groups))


async def test_an_email_added_on_the_pbx_is_picked_up(
    engine_sandbox: Sandbox, pbx_ok: Settings, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    try:
        async with running_engine(pbx_ok, tmp_path / "state", ["pbx", sink]) as engine:
            assert engine.users["reception"].status == "no_email"
            await _ctl(control.pbx_change_user, "reception", emails=[data.CONTOSO_LEGAL.replace("legal", "ben")])
            await until(lambda: engine.users["reception"].status == "resolved", timeout=15,
                        what="reception resolved through its new e-mail address")
            assert engine.users["reception"].primary == data.CONTOSO_BEN
    finally:
        await _ctl(control.pbx_change_user, "reception", emails=[])


@pytest.mark.parametrize(("scenario", "words"), [
    ("pbx-bad-password", "rejected the login as App object 'calwizard'"),
    ("pbx-api-disabled", "does not enable the PbxApi API"),
    ("pbx-wrong-name", "is 'branch-pbx', not the master PBX 'sandbox-pbx'"),
])
def test_engine_refuses_to_start_with_the_fix(engine_sandbox: Sandbox, sandbox_data_dir: Path, tmp_path: Path,
                                              scenario: str, words: str) -> None:
    import os
    import subprocess
    import sys

    from calwizard.settings import save_settings

    path = save_settings(scenario_settings(scenario, engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                           sandbox_data_dir), tmp_path / f"{scenario}.toml")
    proc = subprocess.run([sys.executable, "-m", "calwizard.engine", "-v", "run", str(path), "--state-dir",
                           str(tmp_path / "state")], capture_output=True, text=True, timeout=90,
                          env=dict(os.environ))
    assert proc.returncode == 1, proc.stderr
    assert "cannot start" in proc.stderr and words in proc.stderr
    assert "Traceback" not in proc.stderr
    assert data.credential(data.CRED_PBX_APP_PASSWORD) not in proc.stderr + proc.stdout


def test_pbx_sink_without_a_pbx_is_a_usage_error(engine_sandbox: Sandbox, sandbox_data_dir: Path,
                                                 tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from calwizard.settings import save_settings

    path = save_settings(scenario_settings("onprem-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                           sandbox_data_dir), tmp_path / "c.toml")
    proc = subprocess.run([sys.executable, "-m", "calwizard.engine", "run", str(path), "--sink", "pbx",
                           "--state-dir", str(tmp_path / "state")], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ))
    assert proc.returncode == 2 and "--sink pbx needs a PBX connection" in proc.stderr


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


async def test_steady_state_sends_nothing_twice_and_a_reconnect_resends_each_user_once(
    engine_sandbox: Sandbox, pbx_ok: Settings, engine_policy: HttpPolicy, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    created: list[tuple[str, str]] = []
    try:
        async with running_engine(pbx_ok, tmp_path / "state", ["pbx", sink]) as engine:
            pbx_sink = engine.sinks.workers[0].sink
            await until(lambda: engine.sinks.workers[0].pending() == 0 and pbx_sink.sets >= 3, what="presence set")
            before = dict(engine_sandbox.pbx.set_presence_calls)
            # an appointment mapped to "Ignore for presence" (tentative, by default) changes nothing on the PBX
            now = datetime.now(UTC).replace(microsecond=0)
            appt = await _ctl(control.create, data.CONTOSO_BEN, "Maybe lunch", now - timedelta(minutes=1),
                              now + timedelta(hours=8), free_busy="Tentative")
            created.append((data.CONTOSO_BEN, appt["uid"]))
            await until(lambda: any(a.subject == "Maybe lunch" for a in engine.users["ben"].appointments),
                        what="the tentative appointment read")
            await until(lambda: engine.sinks.workers[0].pending() == 0, what="the sinks idle")
            assert dict(engine_sandbox.pbx.set_presence_calls) == before, "an ignored appointment sends nothing"
            # the PBX connection drops: after the reconnect each user's presence is sent exactly once more
            resends = pbx_sink.resends
            await _ctl(control.pbx_drop)
            await until(lambda: pbx_sink.resends > resends and engine.sinks.workers[0].pending() == 0, timeout=20,
                        what="the reconnect's resend")
            after = dict(engine_sandbox.pbx.set_presence_calls)
            assert {n: after.get(n, 0) - before.get(n, 0) for n in SYNCED} == {n: 1 for n in SYNCED}
            assert engine.sinks.workers[0].sink.conn.connects == 2
    finally:
        for mailbox, uid in created:
            await _ctl(control.delete, mailbox, uid)


def test_engine_run_cli_feeds_the_pbx_and_a_file_and_clears_on_sigterm(
        engine_sandbox: Sandbox, sandbox_data_dir: Path, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    from calwizard.settings import save_settings

    path = save_settings(scenario_settings("pbx-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                           sandbox_data_dir), tmp_path / "pbx-ok.toml")
    out = tmp_path / "presence.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "calwizard.engine", "-v", "run", str(path), "--sink", "default",
                             "--sink", str(out), "--state-dir", str(tmp_path / "state")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    try:
        def presence_in_file() -> bool:
            assert proc.poll() is None, proc.communicate()[1]
            return len(_jsonl(out) if out.exists() else []) >= 3

        wait_for(presence_in_file, 60, "presence in the file")
        wait_for(lambda: any(e["contact"] == CONTACT for e in engine_sandbox.pbx.presence_of("anna")), 20,
                 "presence on the PBX")
    finally:
        proc.send_signal(signal.SIGTERM)
        _stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr
    assert "presence -> pbx, " in stderr and "the PBX's users" in stderr
    assert {r["pbx_name"] for r in _jsonl(out)} == set(SYNCED)
    assert not any(e["contact"] == CONTACT for e in engine_sandbox.pbx.presence_of("anna")), "cleared on SIGTERM"
    for secret in data.DEMO_CREDENTIALS.values():
        assert secret not in stderr
