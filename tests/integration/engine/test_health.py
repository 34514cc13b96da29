"""The health endpoint and the Prometheus metrics of a running engine, against the sandbox: the numbers move
when the control API drops the streams or revokes a mailbox's access, and ``engine status`` reads them."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from engine_helpers import RecordingSink, running_engine, until

from calwizard.engine.health import HEALTH_FILE, read_health
from calwizard.engine.sync import EngineOptions
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import Settings

pytestmark = pytest.mark.integration

LOOPBACK_ANY_PORT = ("127.0.0.1", 0)


async def _get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), await resp.text()


def _metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the Prometheus text ``text`` (0 when absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        m = re.match(r"^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$", line)
        if not m or m.group(1) != name:
            continue
        got = ",".join(sorted(p for p in re.findall(r'\w+="[^"]*"', m.group(2) or "")))
        if got == want:
            return float(m.group(3))
    return 0.0


async def _health(url: str) -> tuple[int, dict[str, Any]]:
    status, _ctype, body = await _get(url + "/healthz")
    return status, json.loads(body)


async def _metrics(url: str) -> str:
    status, ctype, body = await _get(url + "/metrics")
    assert status == 200 and ctype.startswith("text/plain")
    return body


async def test_health_and_metrics_follow_the_sandbox(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    sink = RecordingSink()
    options = EngineOptions(access_retry=30, access_retry_max=60)
    async with running_engine(onprem, state, sink, options, health=LOOPBACK_ANY_PORT) as engine:
        url = json.loads((state / HEALTH_FILE).read_text())["url"]
        assert url.startswith("http://127.0.0.1:")
        await until(lambda: engine.feed.status()["connections"] == 1, what="the streaming connection")

        status, doc = await _health(url)
        assert status == 200 and doc["healthy"] is True
        assert doc["status"] == "degraded"  # legal, exec (denied) and ghost (unknown) need attention
        comps = doc["components"]
        assert comps["exchange"]["connected"] is True and comps["exchange"]["backend"] == "ews"
        assert comps["streams"]["ok"] and comps["streams"]["connections_open"] == 1
        assert comps["users"]["ok"] == 3 and comps["users"]["total"] == 6
        assert comps["users"]["access_denied"] == 2 and comps["users"]["not_found"] == 1
        assert comps["sync"]["last_full_sync"] and comps["sync"]["last_change"]
        assert "anna" not in json.dumps(doc) and "contoso" not in json.dumps(doc), "no user names or addresses"
        assert "pbx" not in comps, "no PBX configured, no PBX component"

        text = await _metrics(url)
        assert _metric(text, "calwizard_users", status="ok") == 3
        assert _metric(text, "calwizard_users", status="access_denied") == 2
        assert _metric(text, "calwizard_presence_changes_total") == engine.changes_sent >= 3
        assert _metric(text, "calwizard_exchange_requests_total", backend="ews", result="ok") > 0
        assert _metric(text, "calwizard_exchange_requests_by_operation_total", backend="ews",
                       operation="FindItem") >= 3
        assert _metric(text, "calwizard_streams_open") == 1
        assert _metric(text, "calwizard_healthy") == 1
        drops_before = _metric(text, "calwizard_stream_reconnects_total", reason="drop")
        latency_before = _metric(text, "calwizard_sync_latency_seconds_count")

        # the control API drops the stream: the reconnect is counted, the subscriptions' users re-read
        dropped = await asyncio.to_thread(control.drop_streams)
        assert dropped["dropped"] == 1
        await until(lambda: engine.feed.status()["drops"] == 1, what="the drop noticed")
        await until(lambda: engine.feed.status()["connections"] == 1, timeout=10, what="the stream reconnected")
        text = await _metrics(url)
        assert _metric(text, "calwizard_stream_reconnects_total", reason="drop") == drops_before + 1
        assert _metric(text, "calwizard_sync_latency_seconds_count") > latency_before  # re-reads after the drop
        status, doc = await _health(url)
        assert status == 200 and doc["components"]["streams"]["drops"] == 1

        # access to ben's mailbox is revoked: one more user denied, in /healthz and in /metrics
        ben = engine.users["ben"]
        try:
            await asyncio.to_thread(control.revoke, ben.address, "impersonation")
            await until(lambda: ben.status == "access_denied", timeout=10, what="ben denied")
            status, doc = await _health(url)
            assert doc["components"]["users"]["access_denied"] == 3 and doc["components"]["users"]["ok"] == 2
            assert status == 200, "one user's access is the user's problem, not the engine's"
            text = await _metrics(url)
            assert _metric(text, "calwizard_users", status="access_denied") == 3
        finally:
            await asyncio.to_thread(control.restore, ben.address)

        # engine status reads the running engine through its endpoint
        live = await asyncio.to_thread(read_health, state)
        assert live is not None and live[0] == 200 and live[1]["components"]["users"]["total"] == 6
    assert not (state / HEALTH_FILE).exists(), "the endpoint file goes with the engine"
    assert await asyncio.to_thread(read_health, state) is None


async def test_exchange_down_is_503(engine_sandbox: Sandbox, onprem: Settings, tmp_path: Path) -> None:
    """A user's read fails with a network error (recorded through the engine's own failure path, as when the
    Exchange server stops answering): /healthz says 503 with ``exchange`` failing, ``/livez`` stays 200, and the
    next successful read against the sandbox makes it healthy again."""
    from calwizard.engine.backend import BackendError

    state = tmp_path / "state"
    async with running_engine(onprem, state, RecordingSink(), health=LOOPBACK_ANY_PORT) as engine:
        url = json.loads((state / HEALTH_FILE).read_text())["url"]
        assert (await _health(url))[0] == 200
        # a failing read as the engine sees it when Exchange is unreachable
        engine._failed(engine.users["anna"], BackendError("network", "connection refused"))
        status, doc = await _health(url)
        assert status == 503 and doc["status"] == "unhealthy" and doc["failing"] == ["exchange"]
        assert doc["components"]["exchange"]["last_failure"]["kind"] == "network"
        assert (await _get(url + "/livez"))[0] == 200
        text = await _metrics(url)
        assert _metric(text, "calwizard_healthy") == 0 and _metric(text, "calwizard_exchange_connected") == 0
        # the next successful read brings it back
        await engine._read(engine.users["ben"])
        status, doc = await _health(url)
        assert status == 200 and doc["components"]["exchange"]["connected"] is True


async def test_pbx_connection_in_health_metrics_and_status(
    engine_sandbox: Sandbox, sandbox_data_dir: Path, control: ControlClient, tmp_path: Path
) -> None:
    """With a PBX, "PBX connected" is a required component of /healthz: its name, the users replicated, SetPresence
    counts, reconnects. A dropped websocket that reconnects is counted; a PBX out of reach beyond the grace period
    makes /healthz 503 (and ``engine status`` says so) until it is back."""
    import subprocess
    import sys

    settings = scenario_settings("pbx-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file, sandbox_data_dir)
    state = tmp_path / "state"
    options = EngineOptions(health_grace=1.0)
    try:
        async with running_engine(settings, state, ["pbx"], options, health=LOOPBACK_ANY_PORT) as engine:
            url = json.loads((state / HEALTH_FILE).read_text())["url"]
            sink = engine.sinks.workers[0].sink
            await until(lambda: sink.sets >= 3 and engine.sinks.workers[0].pending() == 0, what="presence in the PBX")
            status, doc = await _health(url)
            pbx = doc["components"]["pbx"]
            assert status == 200 and pbx["ok"] and pbx["required"] and pbx["connected"]
            assert pbx["pbx"] == data.PBX_NAME and pbx["users_replicated"] == pbx["users_on_pbx"] == 5
            assert pbx["presence_sets"] == sink.sets >= 3 and pbx["presence_set_failures"] == 0
            assert pbx["last_set_presence"] and pbx["reconnects"] == 0
            text = await _metrics(url)
            assert _metric(text, "calwizard_pbx_connected") == 1
            assert _metric(text, "calwizard_pbx_presence_sets_total", result="ok") == pbx["presence_sets"]
            assert _metric(text, "calwizard_pbx_replicated_users") == 5
            assert _metric(text, "calwizard_pbx_reconnects_total") == 0
            assert _metric(text, "calwizard_pbx_last_set_presence_timestamp_seconds") > 0

            # the control API drops the websocket: the engine reconnects, and it is counted
            assert (await asyncio.to_thread(control.pbx_drop))["dropped"] >= 1
            await until(lambda: sink.conn.reconnects == 1 and sink.conn.ws is not None, timeout=15,
                        what="the PBX reconnect")
            status, doc = await _health(url)
            assert status == 200 and doc["components"]["pbx"]["connected"]
            assert doc["components"]["pbx"]["reconnects"] == 1
            assert _metric(await _metrics(url), "calwizard_pbx_reconnects_total") == 1

            # the PBX stays out of reach: within the grace still healthy, beyond it 503 with "pbx" failing
            await asyncio.to_thread(control.pbx_drop, 120)
            await until(lambda: sink.conn.ws is None, what="the PBX connection lost")

            async def unhealthy() -> tuple[int, dict[str, Any]]:
                loop = asyncio.get_running_loop()
                deadline = loop.time() + 15
                while True:
                    status, doc = await _health(url)
                    if status == 503 or loop.time() > deadline:
                        return status, doc
                    await asyncio.sleep(0.1)

            status, doc = await unhealthy()
            pbx = doc["components"]["pbx"]
            assert status == 503 and doc["failing"] == ["pbx"], doc["failing"]
            assert not pbx["connected"] and pbx["seconds_disconnected"] > 1.0 and pbx["pbx"] == data.PBX_NAME
            text = await _metrics(url)
            assert _metric(text, "calwizard_pbx_connected") == 0 and _metric(text, "calwizard_healthy") == 0
            shown = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "calwizard.engine", "status",
                                                            "--state-dir", str(state)],
                                            capture_output=True, text=True, timeout=30)
            assert shown.returncode == 0, shown.stderr
            assert f"PBX {data.PBX_NAME}: NOT connected for" in shown.stdout
            assert "beyond the grace period" in shown.stdout and "health: unhealthy (HTTP 503" in shown.stdout

            # back: healthy again, the second reconnect counted
            await asyncio.to_thread(control.pbx_accept)
            await until(lambda: sink.conn.ws is not None, timeout=30, what="the PBX back")
            status, doc = await _health(url)
            assert status == 200 and doc["components"]["pbx"]["reconnects"] == 2
            assert doc["components"]["pbx"]["failed_attempts"] >= 1
    finally:
        await asyncio.to_thread(control.pbx_accept)


async def test_users_from_the_pbx_alone_make_the_pbx_a_required_component(
    engine_sandbox: Sandbox, sandbox_data_dir: Path, tmp_path: Path
) -> None:
    """Users from the PBX with presence to another sink: the PBX connection is still part of the health answer (the
    replication), without SetPresence counts."""
    settings = scenario_settings("pbx-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file, sandbox_data_dir)
    state = tmp_path / "state"
    async with running_engine(settings, state, RecordingSink(), health=LOOPBACK_ANY_PORT):
        url = json.loads((state / HEALTH_FILE).read_text())["url"]
        status, doc = await _health(url)
        pbx = doc["components"]["pbx"]
        assert status == 200 and pbx["required"] and pbx["connected"] and pbx["users_replicated"] == 5
        assert "presence_sets" not in pbx
        text = await _metrics(url)
        assert _metric(text, "calwizard_pbx_replicated_users") == 5
        assert "calwizard_pbx_presence_sets_total" not in text
