"""Service definitions without installing anything: the systemd unit verifies with systemd-analyze, the launchd
plist round-trips through plistlib, the Windows service's command line parses back to the engine's arguments,
and the Windows service class imports on any platform."""

from __future__ import annotations

import plistlib
import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from calwizard.cli import build_parser
from calwizard.engine.service import (
    ServiceSpec,
    check_name,
    launchd,
    program_command,
    service_sinks,
    systemd,
    windows,
)
from calwizard.errors import ConfigError

HEALTH = "127.0.0.1:9464"


def _engine_run_args(argv: list[str]):  # type: ignore[no-untyped-def]
    """``argv`` (program and ``engine run …``, as a service starts it) parsed by calwizard's own parser."""
    assert argv[1:3] in (["-m", "calwizard.engine"], ["engine", "run"]) or argv[1] == "engine"
    rest = argv[3:] if argv[1] == "-m" else argv[2:]
    return build_parser().parse_args(["engine", *rest])


# ------------------------------------------------------------------------------------------ systemd

VARIANTS = {
    "default": {},
    "shard and account": {"shard": "1/3", "account": "calwizard"},
    "debug, webhook": {"log_level": "debug", "sinks": ("https://pbx.example.test/presence?x=1&y=%20",)},
    "pbx and a file elsewhere": {"sinks": ("pbx", "/srv/presence/out.jsonl")},
}


@pytest.fixture(scope="module")
def analyze() -> str:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed (Debian package: systemd)")
    return tool


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_systemd_unit_verifies(variant: str, analyze: str, tmp_path: Path) -> None:
    spec = systemd.spec_for("calwizard-engine", health=HEALTH, **VARIANTS[variant])
    unit = tmp_path / "calwizard-engine.service"
    unit.write_text(systemd.unit_text(spec))
    ok, output = systemd.verify(unit)
    assert ok, output
    text = unit.read_text()
    assert "Restart=on-failure" in text and "RestartPreventExitStatus=2" in text
    assert ("User=calwizard" in text) == bool(VARIANTS[variant].get("account"))
    assert ("DynamicUser=yes" in text) != bool(VARIANTS[variant].get("account"))
    for line in ("ProtectSystem=strict", "NoNewPrivileges=yes", "StateDirectory=calwizard/calwizard-engine",
                 "LoadCredential=engine.toml:/etc/calwizard/calwizard-engine/engine.toml",
                 "LoadCredential=store-passphrase:/etc/credstore/calwizard-engine.store-passphrase"):
        assert line in text.splitlines()
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    sinks = VARIANTS[variant].get("sinks", ())
    assert exec_start.count("--sink") == len(sinks), "no --sink: the configuration's default sinks"
    # a file sink outside the state directory must stay writable under ProtectSystem=strict
    assert ("ReadWritePaths=-/srv/presence" in text.splitlines()) == ("/srv/presence/out.jsonl" in sinks)


def test_systemd_verify_catches_a_broken_unit(analyze: str, tmp_path: Path) -> None:
    """The verification itself can fail: an unknown restart policy and a missing program are reported."""
    spec = systemd.spec_for("calwizard-engine", health=HEALTH, command=["/nonexistent/calwizard", "engine"])
    unit = tmp_path / "calwizard-engine.service"
    unit.write_text(systemd.unit_text(spec).replace("Restart=on-failure", "Restart=sometimes"))
    ok, output = systemd.verify(unit)
    assert not ok and "sometimes" in output and "/nonexistent/calwizard" in output


def test_systemd_exec_start_is_the_engine_command_line() -> None:
    spec = systemd.spec_for("calwizard-engine", health="[::1]:9470", shard="0/2",
                            command=["/opt/calwizard/calwizard", "engine"])
    exec_start = next(line for line in systemd.unit_text(spec).splitlines() if line.startswith("ExecStart="))
    assert exec_start == ("ExecStart=/opt/calwizard/calwizard engine run %d/engine.toml --state-dir "
                          "%S/calwizard/calwizard-engine --health [::1]:9470 --shard 0/2")
    assert "ReadWritePaths" not in systemd.unit_text(spec)
    assert "ProtectHome=yes" in systemd.unit_text(spec)


# ------------------------------------------------------------------------------------------ launchd


def test_launchd_plist_round_trips() -> None:
    spec = launchd.spec_for("calwizard-engine", health=HEALTH, shard="2/4", account="_calwizard",
                            command=["/Applications/calwizard.app/Contents/MacOS/calwizard", "engine"])
    data = launchd.plist_bytes(spec)
    assert data.startswith(b"<?xml") and b"<!DOCTYPE plist" in data
    job = plistlib.loads(data)
    assert job == launchd.plist(spec)
    assert job["Label"] == "com.calwizard.calwizard-engine"
    assert job["KeepAlive"] == {"SuccessfulExit": False} and job["RunAtLoad"] is True
    assert job["UserName"] == "_calwizard"
    env = job["EnvironmentVariables"]
    assert env["CALWIZARD_SECRET_STORE"] == "file"
    assert env["CALWIZARD_STORE_PASSPHRASE_FILE"].startswith("/Library/Application Support/calwizard/")
    args = _engine_run_args(job["ProgramArguments"])
    assert str(args.config) == "/Library/Application Support/calwizard/calwizard-engine/engine.toml"
    assert str(args.state_dir) == "/Library/Application Support/calwizard/calwizard-engine/state"
    assert args.shard == "2/4" and args.health == HEALTH
    assert args.log_file == "/Library/Logs/calwizard/calwizard-engine.log"
    assert launchd.plist_path("calwizard-engine").as_posix() == \
        "/Library/LaunchDaemons/com.calwizard.calwizard-engine.plist"


def test_launchd_sinks_are_repeatable() -> None:
    spec = launchd.spec_for("calwizard-engine", health=HEALTH, sinks=("pbx", "/var/log/presence.jsonl"))
    args = _engine_run_args(launchd.plist(spec)["ProgramArguments"])
    assert args.sink == ["pbx", "/var/log/presence.jsonl"]
    assert _engine_run_args(launchd.plist(launchd.spec_for("x", health=HEALTH))["ProgramArguments"]).sink is None


def test_launchd_install_below_a_root(tmp_path: Path) -> None:
    spec = launchd.spec_for("calwizard-engine", health=HEALTH)
    path, notes = launchd.install(spec, root=tmp_path, start=True)
    assert path == tmp_path / "Library/LaunchDaemons/com.calwizard.calwizard-engine.plist"
    assert plistlib.loads(path.read_bytes()) == launchd.plist(spec) and notes == []
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    assert launchd.uninstall("calwizard-engine", root=tmp_path, purge=False) == [path]


# ------------------------------------------------------------------------------------------ windows


def test_windows_service_class_imports_without_pywin32() -> None:
    assert windows.EngineService._svc_name_ == "calwizard-engine"
    assert callable(windows.EngineService.SvcDoRun) and callable(windows.EngineService.SvcStop)
    service = windows.EngineService(["calwizard-engine"])
    assert service.exit_code == 0


def test_windows_command_line_parses_back() -> None:
    exe = r"C:\Program Files\calwizard\calwizard.exe"
    spec = windows.spec_for("calwizard-engine", health="127.0.0.1:9466", shard="2/3", account=r"CORP\svc-cal$",
                            command=[exe, "engine"])
    line = windows.service_command_line(spec)
    assert line.startswith(f'"{exe}" engine service-host --name calwizard-engine ')
    argv = windows.split_command_line(line)
    assert argv == windows.service_argv(spec)
    host = windows.parse_host_args(argv[3:])
    assert host.name == "calwizard-engine"
    assert str(host.passphrase_dpapi).endswith("store-passphrase.dpapi")
    run = windows.engine_args(host.run)  # what the service host runs
    assert run.func.__name__ == "cmd_run" and not run.verbose
    whole = build_parser().parse_args(["engine", *host.run])  # the service runs what the command line would
    assert {k: v for k, v in vars(run).items() if k != "func"} == {k: v for k, v in vars(whole).items() if k != "func"}
    assert str(run.config).replace("\\", "/") == "C:/ProgramData/calwizard/calwizard-engine/engine.toml"
    assert run.shard == "2/3" and run.health == "127.0.0.1:9466"
    assert run.sink is None, "no --sink: the configuration's default sinks (the PBX when one is configured)"
    assert run.log_file.replace("\\", "/") == "C:/ProgramData/calwizard/Logs/calwizard-engine.log"


def test_windows_command_line_with_sinks() -> None:
    spec = windows.spec_for("calwizard-engine", health=HEALTH, sinks=service_sinks(
        ["pbx", "presence.jsonl", r"D:\presence\all.jsonl"], state_dir=windows.PROGRAM_DATA / "calwizard-engine" /
        "state", pbx_configured=True, stdout_logged=windows.STDOUT_LOGGED), command=[r"C:\cw\calwizard.exe", "engine"])
    argv = windows.split_command_line(windows.service_command_line(spec))
    run = windows.engine_args(windows.parse_host_args(argv[3:]).run)
    assert [s.replace("\\", "/") for s in run.sink] == [
        "pbx", "C:/ProgramData/calwizard/calwizard-engine/state/presence.jsonl", "D:/presence/all.jsonl"]


@pytest.mark.parametrize("arg", ['plain', 'with space', 'quote"inside', 'trailing\\', 'C:\\dir with space\\',
                                 '', 'a\\\\"b'])
def test_windows_quoting_round_trips(arg: str) -> None:
    import subprocess

    argv = ["C:\\x\\calwizard.exe", arg, "last"]
    assert windows.split_command_line(subprocess.list2cmdline(argv)) == argv


def test_windows_service_config() -> None:
    spec = windows.spec_for("calwizard-engine", health=HEALTH)
    cfg = windows.service_config(spec)
    assert cfg["start_type"] == "auto" and cfg["delayed_auto_start"] is True
    assert cfg["account"] == r"NT AUTHORITY\LocalService"
    assert [a for a, _ in cfg["failure_actions"]["actions"]] == ["restart"] * 3
    assert cfg["failure_actions_on_non_crash_failures"] is True
    assert cfg["binary_path"] == windows.service_command_line(spec)


# ------------------------------------------------------------------------------------------ common

STATE = PurePosixPath("/var/lib/calwizard/calwizard-engine")
WIN_STATE = PureWindowsPath("C:/ProgramData/calwizard/calwizard-engine/state")


def test_service_sinks_default_to_the_configuration() -> None:
    """No --sink: nothing on the command line (the engine's default: the PBX when configured, else stdout); only a
    Windows service without a PBX, whose stdout goes nowhere, writes a file in its state directory."""
    for logged in (True, False):
        assert service_sinks([], state_dir=STATE, pbx_configured=True, stdout_logged=logged) == ()
    assert service_sinks([], state_dir=STATE, pbx_configured=False, stdout_logged=True) == ()
    assert service_sinks([], state_dir=WIN_STATE, pbx_configured=False, stdout_logged=False) == (
        str(WIN_STATE / "presence.jsonl"),)


def test_service_sinks_are_checked_at_install() -> None:
    got = service_sinks(["pbx", "out.jsonl", "https://hook.example.test/p", "pbx", "/srv/p.jsonl"],
                        state_dir=STATE, pbx_configured=True, stdout_logged=True)
    assert got == ("pbx", "/var/lib/calwizard/calwizard-engine/out.jsonl", "https://hook.example.test/p",
                   "/srv/p.jsonl")
    assert service_sinks(["-"], state_dir=STATE, pbx_configured=False, stdout_logged=True) == ("stdout",)
    # engine run's "default" passes through, except where it would mean a lost stdout (Windows without a PBX)
    assert service_sinks(["default", "out.jsonl"], state_dir=STATE, pbx_configured=False, stdout_logged=True) == (
        "default", "/var/lib/calwizard/calwizard-engine/out.jsonl")
    assert service_sinks(["default"], state_dir=WIN_STATE, pbx_configured=True, stdout_logged=False) == ("default",)
    assert service_sinks(["default"], state_dir=WIN_STATE, pbx_configured=False, stdout_logged=False) == (
        str(WIN_STATE / "presence.jsonl"),)
    for sinks, pbx, logged, words in ((["pbx"], False, True, "no PBX connection"),
                                      (["stdout"], True, False, "not kept"),
                                      (["http://hook.example.test/p?token=x"], True, True, "https://")):
        with pytest.raises(ConfigError) as err:
            service_sinks(sinks, state_dir=STATE, pbx_configured=pbx, stdout_logged=logged)
        assert words in str(err.value) and err.value.field == "--sink"
        assert "token=x" not in str(err.value)



def test_service_names() -> None:
    assert check_name("calwizard-engine-2") == "calwizard-engine-2"
    for bad in ("", "Calwizard", "2engine", "a b", "x/y", "a" * 65):
        with pytest.raises(ConfigError):
            check_name(bad)


def test_program_command() -> None:
    assert program_command(frozen=True, executable="/opt/cw/calwizard") == ["/opt/cw/calwizard", "engine"]
    assert program_command(frozen=False, executable="/usr/bin/python3") == ["/usr/bin/python3", "-m",
                                                                            "calwizard.engine"]
    assert isinstance(systemd.spec_for("x", health=HEALTH), ServiceSpec)
