"""The engine as an installed service would run it, against the sandbox: ``install-service --root`` from a sealed
bundle, then the engine started with exactly the service's environment (its own encrypted store, the passphrase
from a credential file), health endpoint, rotating debug log — and no secret in any file it wrote. Then two
instances with ``--shard 0/2`` and ``--shard 1/2``: every sandbox user is synced by exactly one of them."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path, PurePath

import pytest
from engine_helpers import wait_for as _wait

from calwizard.engine.cli import status_report
from calwizard.engine.health import HEALTH_FILE, read_health
from calwizard.engine.logs import JWT
from calwizard.engine.service import under
from calwizard.engine.service.cli import install_service
from calwizard.pbx.presence import CONTACT
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings import load_settings, save_settings
from calwizard.settings.model import Mailbox, Settings
from calwizard.settings.shard import shard_of

sys.path.insert(0, str(Path(__file__).parents[2] / "unit"))
from test_cli_secrets import encoded_forms  # the project's leak scan

pytestmark = pytest.mark.integration

ENGINE = [sys.executable, "-m", "calwizard.engine"]
BUNDLE_PASS = "service bundle passphrase 2026"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE",
                                                             "CALWIZARD_STORE_PASSPHRASE", "CALWIZARD_SECRET_STORE",
                                                             "CALWIZARD_BUNDLE_PASSPHRASE", "CALWIZARD_SHARD")}
    return {**env, **extra}


def _lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _stop(proc: subprocess.Popen) -> str:  # type: ignore[type-arg]
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return err


def _sealed_bundle(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``calwizard export`` of ``settings`` into a sealed bundle; its passphrase in the environment, as a technician
    gives it to install-service."""
    config = save_settings(settings, tmp_path / "customer.toml")
    bundle = tmp_path / "customer.calwiz"
    export = subprocess.run([sys.executable, "-m", "calwizard.cli", "export", str(config), "-o", str(bundle)],
                            capture_output=True, text=True, timeout=60,
                            env=_env(CALWIZARD_BUNDLE_PASSPHRASE=BUNDLE_PASS))
    assert export.returncode == 0, export.stderr
    monkeypatch.setenv("CALWIZARD_BUNDLE_PASSPHRASE", BUNDLE_PASS)
    return bundle


def test_installed_service_runs_from_its_own_store(onprem: Settings, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _sealed_bundle(onprem, tmp_path, monkeypatch)
    root = tmp_path / "root"
    result = install_service(bundle, name="calwizard-test", root=root, platform="linux", health="127.0.0.1:0")
    assert result.imported == ["password"] and result.kept == [] and not result.started
    unit = root / "etc/systemd/system/calwizard-test.service"
    assert result.definition == unit and unit.exists()
    installed = load_settings(root / "etc/calwizard/calwizard-test/engine.toml")
    assert installed.exchange.password is not None and installed.exchange.password.store == \
        "calwizard-test/exchange.password"
    for f in (root / "etc/credstore/calwizard-test.store-passphrase", root / "var/lib/calwizard/calwizard-test"
              / "secrets.cfg", root / "etc/calwizard/calwizard-test/engine.toml"):
        assert f.stat().st_mode & 0o077 == 0, f"{f} is owner-only"

    # run it the way the unit does (ExecStart + Environment=), with the paths below the root
    state = under(root, PurePath("/var/lib/calwizard/calwizard-test"))
    runnable = installed.model_copy(update={"exchange": installed.exchange.model_copy(update={
        "ca_file": str(under(root, PurePath(installed.exchange.ca_file)))})})
    run_config = save_settings(runnable, tmp_path / "as-the-service-sees-it.toml")
    sink, log_file = tmp_path / "presence.jsonl", tmp_path / "logs" / "engine.log"
    env = _env(CALWIZARD_SECRET_STORE="file", CALWIZARD_STORE_FILE=str(state / "secrets.cfg"),
               CALWIZARD_STORE_PASSPHRASE_FILE=str(root / "etc/credstore/calwizard-test.store-passphrase"))
    proc = subprocess.Popen([*ENGINE, "run", str(run_config), "--state-dir", str(state), "--sink", str(sink),
                             "--health", "127.0.0.1:0", "--log-file", str(log_file), "--log-level", "debug"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _wait(lambda: len(_lines(sink)) >= 3 or proc.poll() is not None, 60, "presence from the service")
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        _wait(lambda: (state / HEALTH_FILE).exists(), 10, "the health endpoint")
        live = read_health(state)
        assert live is not None and live[0] == 200 and live[1]["components"]["exchange"]["connected"]
        status = subprocess.run([*ENGINE, "status", "--state-dir", str(state), "--json"], capture_output=True,
                                text=True, timeout=30, env=_env())
        assert status.returncode == 0 and json.loads(status.stdout)["health"]["http_status"] == 200
    finally:
        stderr = _stop(proc)
    assert proc.returncode == 0, stderr
    assert {r["pbx_name"] for r in _lines(sink)} == {"anna", "ben", "room-1"}
    assert "DEBUG" in log_file.read_text() and log_file.stat().st_mode & 0o077 == 0

    # the leak scan over everything written: the root, the log, the sink, stderr
    blobs = {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*")
             if p.is_file() and p.name != "customer.toml"}
    blobs["stderr"] = stderr.encode()
    hits = [f"{form} form of the service account's password in {where}"
            for secret in data.DEMO_CREDENTIALS.values() if len(secret) >= 9
            for form, needle in encoded_forms(secret) for where, blob in blobs.items() if needle in blob]
    assert hits == []
    jwt = re.compile(JWT.pattern.encode())
    assert [w for w, blob in blobs.items() if jwt.search(blob)] == [], "no token anywhere"


def _exec_start(unit: Path, root: Path, config: Path) -> list[str]:
    """The unit's ExecStart= as the service would run it here: the credential and state paths below ``root``."""
    import shlex

    line = next(x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
    name = unit.stem
    line = line.replace("%d/engine.toml", str(config)).replace(f"%S/calwizard/{name}",
                                                               str(root / "var/lib/calwizard" / name))
    return shlex.split(line.partition("=")[2])


def _calwizard_entry(control: ControlClient, user: str) -> dict | None:  # type: ignore[type-arg]
    return next((e for e in control.pbx_presence(user) if e["contact"] == CONTACT), None)


def test_installed_pbx_service_sends_presence_to_the_pbx(engine_sandbox: Sandbox, sandbox_data_dir: Path,
                                                         control: ControlClient, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A configuration with a PBX installed without --sink: the service's command line names no sink, the App object
    password is in the service's own store, and the running service sets presence in the PBX (read back through the
    sandbox PBX) — on Windows too, the PBX is where presence goes."""
    settings = scenario_settings("pbx-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file, sandbox_data_dir)
    bundle = _sealed_bundle(settings, tmp_path, monkeypatch)

    windows = install_service(bundle, name="calwizard-pbx", root=tmp_path / "win", platform="windows")
    assert windows.sinks == ["pbx (the configuration's default)"] and windows.spec is not None
    from calwizard.engine.service import windows as win

    assert "--sink" not in win.service_argv(windows.spec), "a PBX-configured Windows service sends presence to the PBX"
    assert (tmp_path / "win/ProgramData/calwizard/calwizard-pbx/engine.toml").is_file()

    root = tmp_path / "root"
    result = install_service(bundle, name="calwizard-pbx", root=root, platform="linux", health="127.0.0.1:0")
    assert result.imported == ["password", "pbx.app_password"] and result.kept == []
    installed = load_settings(root / "etc/calwizard/calwizard-pbx/engine.toml")
    assert installed.pbx.app_password is not None and installed.pbx.app_password.store == \
        "calwizard-pbx/pbx.app_password", "the App object password is in the service's own store"
    assert installed.pbx.address == settings.pbx.address
    unit = root / "etc/systemd/system/calwizard-pbx.service"
    runnable = installed.model_copy(update={"exchange": installed.exchange.model_copy(update={
        "ca_file": str(under(root, PurePath(installed.exchange.ca_file)))})})
    argv = _exec_start(unit, root, save_settings(runnable, tmp_path / "as-the-service-sees-it.toml"))
    assert "--sink" not in argv
    state = root / "var/lib/calwizard/calwizard-pbx"
    env = _env(CALWIZARD_SECRET_STORE="file", CALWIZARD_STORE_FILE=str(state / "secrets.cfg"),
               CALWIZARD_STORE_PASSPHRASE_FILE=str(root / "etc/credstore/calwizard-pbx.store-passphrase"))
    proc = subprocess.Popen([sys.executable, *argv[1:]] if argv[0] == sys.executable else argv,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _wait(lambda: proc.poll() is not None or all(_calwizard_entry(control, u) for u in ("anna", "room-1")), 60,
              "calwizard's presence in the PBX")
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        live = read_health(state)
        assert live is not None and live[0] == 200, live
        assert live[1]["components"]["pbx"]["connected"] and live[1]["components"]["pbx"]["presence_sets"] >= 2
    finally:
        stderr = _stop(proc)
    assert proc.returncode == 0, stderr
    assert "presence -> pbx" in stderr
    assert _calwizard_entry(control, "anna") is None, "a clean stop clears what calwizard set"


def test_install_service_sinks_on_the_command_line(onprem: Settings, tmp_path: Path, sandbox_data_dir: Path,
                                                   engine_sandbox: Sandbox) -> None:
    """``install-service --sink`` is repeatable like ``engine run``'s; a sink the configuration cannot serve is refused
    at install time (exit 2), not when the service starts."""
    pbx_config = save_settings(scenario_settings("pbx-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                                 sandbox_data_dir), tmp_path / "pbx.toml")
    cli = [sys.executable, "-m", "calwizard.cli", "engine", "install-service"]
    done = subprocess.run([*cli, str(pbx_config), "--root", str(tmp_path / "r1"), "--name", "cw", "--sink", "pbx",
                           "--sink", "presence.jsonl"], capture_output=True, text=True, timeout=60, env=_env())
    assert done.returncode == 0, done.stderr
    assert "presence -> pbx, /var/lib/calwizard/cw/presence.jsonl" in done.stderr
    exec_start = next(x for x in (tmp_path / "r1/etc/systemd/system/cw.service").read_text().splitlines()
                      if x.startswith("ExecStart="))
    assert exec_start.endswith("--sink pbx --sink /var/lib/calwizard/cw/presence.jsonl")
    refused = subprocess.run([*cli, str(save_settings(onprem, tmp_path / "onprem.toml")), "--root",
                              str(tmp_path / "r2"), "--sink", "pbx"], capture_output=True, text=True, timeout=60,
                             env=_env())
    assert refused.returncode == 2 and "no PBX connection" in refused.stderr
    assert not (tmp_path / "r2").exists(), "nothing written"


def test_two_shards_cover_every_user_once(engine_sandbox: Sandbox, onprem: Settings, tmp_path: Path) -> None:
    every = [Mailbox(pbx_name=m.address.split("@")[0], addresses=[m.address]) for m in data.CONTOSO.mailboxes]
    settings = onprem.model_copy(update={"mailboxes": every})
    config = save_settings(settings, tmp_path / "all.toml")
    names = {m.pbx_name for m in every}
    assert {shard_of(n, 2) for n in names} == {0, 1}, "both shards own users"
    procs, states, sinks = [], [], []
    try:
        for k in (0, 1):
            state, sink = tmp_path / f"state-{k}", tmp_path / f"presence-{k}.jsonl"
            states.append(state)
            sinks.append(sink)
            procs.append(subprocess.Popen([*ENGINE, "run", str(config), "--shard", f"{k}/2", "--state-dir",
                                           str(state), "--sink", str(sink)],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()))

        def synced(k: int) -> bool:
            if procs[k].poll() is not None:
                return True
            try:
                return bool(status_report(states[k])["last_full_sync"])
            except Exception:  # the database is not there yet
                return False

        for k in (0, 1):
            _wait(lambda k=k: synced(k), 60, f"shard {k}'s initial sync")
            assert procs[k].poll() is None, procs[k].stderr.read() if procs[k].stderr else ""
        owned = [{u["pbx_name"] for u in status_report(s)["users"]} for s in states]
        presence = [{r["pbx_name"] for r in _lines(s)} for s in sinks]
    finally:
        errors = [_stop(p) for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    assert owned[0] | owned[1] == names, "no gap"
    assert not owned[0] & owned[1], "no overlap"
    assert owned[0] and owned[1]
    for k in (0, 1):
        assert owned[k] == {n for n in names if shard_of(n, 2) == k}
        assert presence[k] <= owned[k] and presence[k], "each shard sends presence for its own users only"
        assert f"shard {k}/2" in errors[k]
