"""``engine run`` / ``engine status`` as a process: file and webhook sinks, SIGTERM, exit codes, no secrets."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp import web
from engine_helpers import RecordingSink, running_engine
from engine_helpers import wait_for as _wait

from calwizard.sandbox import Sandbox, data
from calwizard.settings import save_settings
from calwizard.settings.model import Settings

pytestmark = pytest.mark.integration

ENGINE = [sys.executable, "-m", "calwizard.engine"]
SECRETS = list(data.DEMO_CREDENTIALS.values())


def _lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for key in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"):
        env.pop(key, None)  # the configuration's CA file must be enough
    return env


def test_run_to_file_sigterm_and_status(onprem: Settings, tmp_path: Path) -> None:
    config = tmp_path / "engine.toml"
    save_settings(onprem, config)
    state, out = tmp_path / "state", tmp_path / "presence.jsonl"
    proc = subprocess.Popen([*ENGINE, "-v", "run", str(config), "--sink", str(out), "--state-dir", str(state)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        _wait(lambda: len(_lines(out)) >= 3 or proc.poll() is not None, 30, "three presence lines")
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        running = subprocess.run([*ENGINE, "status", "--state-dir", str(state), "--json"], capture_output=True,
                                 text=True, env=_env(), timeout=30)
        assert running.returncode == 0, running.stderr
        report = json.loads(running.stdout)
        assert report["running"] is True
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert "calwizard engine: stopped" in stderr
    assert stdout == "", "with a file sink nothing goes to stdout"
    lines = _lines(out)
    assert {r["pbx_name"] for r in lines} == {"anna", "ben", "room-1"}
    status = subprocess.run([*ENGINE, "status", "--state-dir", str(state)], capture_output=True, text=True,
                            env=_env(), timeout=30)
    assert status.returncode == 0
    assert "not running" in status.stdout
    for name, expected in (("legal", "access_denied"), ("exec", "access_denied"), ("ghost", "not_found"),
                           ("anna", "resolved")):
        assert any(line.split()[:2] == [name, expected] for line in status.stdout.splitlines()), status.stdout
    everything = stdout + stderr + out.read_text(encoding="utf-8") + status.stdout
    everything += (state / "engine.sqlite3").read_bytes().decode("utf-8", errors="replace")
    for secret in SECRETS:
        assert secret not in everything
    assert "eyJ" not in everything, "no token in logs, sink or state"


def test_exit_codes(onprem: Settings, engine_sandbox: Sandbox, tmp_path: Path) -> None:
    missing = subprocess.run([*ENGINE, "run", str(tmp_path / "nope.toml"), "--state-dir", str(tmp_path / "s")],
                             capture_output=True, text=True, env=_env(), timeout=30)
    assert missing.returncode == 2 and "calwizard engine:" in missing.stderr
    bad = onprem.model_copy(deep=True)
    bad.exchange.password = type(bad.exchange.password)(sandbox=data.CRED_CONTOSO_ANNA_PASSWORD)  # type: ignore[misc]
    config = tmp_path / "bad.toml"
    save_settings(bad, config)
    rejected = subprocess.run([*ENGINE, "run", str(config), "--state-dir", str(tmp_path / "s2")],
                              capture_output=True, text=True, env=_env(), timeout=60)
    assert rejected.returncode == 1, rejected.stderr
    assert "cannot start" in rejected.stderr
    assert data.credential(data.CRED_CONTOSO_ANNA_PASSWORD) not in rejected.stderr
    nostate = subprocess.run([*ENGINE, "status", "--state-dir", str(tmp_path / "none")], capture_output=True,
                             text=True, env=_env(), timeout=30)
    assert nostate.returncode == 2


async def test_webhook_sink_retries_until_delivered(
    engine_sandbox: Sandbox, app_only: Settings, tmp_path: Path
) -> None:
    """An HTTPS webhook (the sandbox's certificate, trusted through the configuration's CA file) that fails the
    first deliveries: every change arrives, in order, each with an Idempotency-Key."""
    received: list[tuple[str, dict]] = []  # type: ignore[type-arg]
    failures = {"left": 3}

    async def hook(request: web.Request) -> web.Response:
        body = await request.json()
        if failures["left"]:
            failures["left"] -= 1
            return web.Response(status=503, headers={"Retry-After": "0"})
        received.append((request.headers.get("Idempotency-Key", ""), body))
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/presence", hook)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(engine_sandbox.keys.server_cert_file), str(engine_sandbox.keys.server_key_file))
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ctx)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        import calwizard.engine.sinks as sinks

        sinks.RETRY_FIRST, saved = 0.05, sinks.RETRY_FIRST
        try:
            async with running_engine(app_only, tmp_path / "state", f"https://127.0.0.1:{port}/presence") as engine:
                loop = asyncio.get_running_loop()
                deadline = loop.time() + 10
                while len(received) < 4:
                    assert loop.time() < deadline, "webhook deliveries"
                    await asyncio.sleep(0.02)
                assert engine.sinks.failures == 3 and engine.store.outbox_size() == 0
        finally:
            sinks.RETRY_FIRST = saved
    finally:
        await runner.cleanup()
    assert sorted(b["pbx_name"] for _, b in received) == ["alice", "bob", "carol", "room-atlantic"]
    keys = [k for k, _ in received]
    assert all(keys) and len(set(keys)) == 4


async def test_secrets_stay_out_of_verbose_logs(app_only: Settings, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="calwizard")
    sink = RecordingSink()
    async with running_engine(app_only, tmp_path / "state", sink):
        pass
    text = caplog.text + json.dumps(sink.records)
    for secret in SECRETS:
        assert secret not in text
    assert "eyJ" not in text


def test_run_from_a_sealed_bundle(onprem: Settings, tmp_path: Path) -> None:
    config, bundle = tmp_path / "engine.toml", tmp_path / "engine.calwiz"
    onprem.mailboxes = onprem.mailboxes[:2]
    save_settings(onprem, config)
    env = {**_env(), "CALWIZARD_BUNDLE_PASSPHRASE": "correct horse battery staple 42"}
    made = subprocess.run([sys.executable, "-m", "calwizard.cli", "export", str(config), "-o", str(bundle)],
                          capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
    assert made.returncode == 0, made.stderr
    wrong = subprocess.run([*ENGINE, "run", str(bundle), "--state-dir", str(tmp_path / "s0")], capture_output=True,
                           text=True, env={**env, "CALWIZARD_BUNDLE_PASSPHRASE": "wrong"}, timeout=60,
                           stdin=subprocess.DEVNULL)
    assert wrong.returncode == 2, wrong.stderr
    out = tmp_path / "presence.jsonl"
    proc = subprocess.Popen([*ENGINE, "run", str(bundle), "--sink", str(out), "--state-dir", str(tmp_path / "s")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            stdin=subprocess.DEVNULL)
    try:
        _wait(lambda: len(_lines(out)) >= 2 or proc.poll() is not None, 30, "presence from the bundle")
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert {r["pbx_name"] for r in _lines(out)} == {"anna", "ben"}
    assert data.credential(data.CRED_CONTOSO_SVC_PASSWORD) not in stderr
