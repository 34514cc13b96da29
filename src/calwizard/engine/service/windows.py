"""The engine as a Windows service (pywin32's service framework).

* The service's command line (:func:`service_command_line`) starts the frozen program (or Python with ``-m
  calwizard.engine``) with the hidden verb ``service-host``: ``calwizard.exe engine service-host --name NAME
  --passphrase-dpapi FILE -- run CONFIG --state-dir DIR --health … --log-file …``. ``service-host`` hands the
  process to the Service Control Manager (``servicemanager.StartServiceCtrlDispatcher``); :class:`EngineService`
  runs ``engine run`` with the arguments after ``--`` until the SCM asks it to stop (a clean stop, as SIGTERM
  elsewhere).
* :func:`service_config`: start type automatic, delayed (``SERVICE_CONFIG_DELAYED_AUTO_START_INFO``); recovery:
  restart after 10 s, 30 s and 60 s, failure count reset after a day (``SERVICE_CONFIG_FAILURE_ACTIONS`` with
  the failure-actions flag, so a crash *and* a non-zero exit count as failures); account: ``--account`` (a
  domain or local user, or a managed service account ``DOMAIN\\name$``), default ``NT AUTHORITY\\LocalService``.
* Secrets: the service's encrypted file store in ``C:\\ProgramData\\calwizard\\NAME\\state``; its passphrase is
  protected with DPAPI in machine scope (``CryptProtectData`` with ``CRYPTPROTECT_LOCAL_MACHINE`` and an entropy
  of its own: unreadable on any other machine or from a copy of the disk) in a file whose ACL grants only
  SYSTEM, the Administrators and the service account; :class:`EngineService` unprotects it into its own process
  (never into the environment of another process or onto the command line).
* Logs: the engine's rotating log file in ``C:\\ProgramData\\calwizard\\Logs`` (platformdirs' site log
  directory), start/stop in the Windows event log (servicemanager).

pywin32 exists only on Windows (``pywin32; sys_platform == "win32"``): everything that needs it is imported
inside the functions, so this module and :class:`EngineService` import on any platform (tests build and parse
the command line on Linux; real installation is a manual check, see docs/service.md).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import subprocess
from collections.abc import Sequence
from pathlib import Path, PureWindowsPath
from typing import Any

from calwizard.engine.service import CONFIG_NAME, STORE_NAME, ServiceSpec, program_command, under

PROGRAM_DATA = PureWindowsPath("C:/ProgramData/calwizard")
LOG_DIR = PROGRAM_DATA / "Logs"
DEFAULT_ACCOUNT = "NT AUTHORITY\\LocalService"
DPAPI_ENTROPY = b"calwizard engine store passphrase v1"
PASSPHRASE_FILE = "store-passphrase.dpapi"
RESTART_DELAYS_MS = (10_000, 30_000, 60_000)
RESET_PERIOD_S = 24 * 3600

try:  # pywin32 (Windows only)
    import win32serviceutil as _win32serviceutil  # type: ignore[import-not-found]

    _ServiceBase: Any = _win32serviceutil.ServiceFramework
except ImportError:  # any other platform: the class stays importable, its methods need pywin32
    _win32serviceutil = None

    class _ServiceBase:  # type: ignore[no-redef]
        def __init__(self, args: Any) -> None:
            self.args = args


STDOUT_LOGGED = False
"""A Windows service's stdout goes nowhere: without a PBX its presence goes to a file (:func:`service_sinks`)."""


def spec_for(name: str, *, health: str, sinks: Sequence[str] = (), shard: str | None = None,
             account: str | None = None, log_level: str | None = None, command: list[str] | None = None
             ) -> ServiceSpec:
    """The service as the SCM runs it. ``sinks``: the ``--sink`` values (:func:`service_sinks` chose them; empty:
    the configuration's default sinks)."""
    base = PROGRAM_DATA / name
    return ServiceSpec(
        name=name, platform="windows", command=tuple(command or program_command()), config=base / CONFIG_NAME,
        state_dir=base / "state", store_file=base / "state" / STORE_NAME, passphrase_file=base / PASSPHRASE_FILE,
        health=health, sinks=tuple(sinks), shard=shard,
        account=account or DEFAULT_ACCOUNT, log_file=LOG_DIR / f"{name}.log", log_level=log_level)


def service_argv(spec: ServiceSpec) -> list[str]:
    """The service process's arguments (program first)."""
    return [*spec.command, "service-host", "--name", spec.name, "--passphrase-dpapi", str(spec.passphrase_file),
            "--store-file", str(spec.store_file), "--", *spec.run_args()]


def service_command_line(spec: ServiceSpec) -> str:
    """The service's ``binPath`` (Windows command-line quoting: ``subprocess.list2cmdline``)."""
    return subprocess.list2cmdline(service_argv(spec))


def host_parser() -> argparse.ArgumentParser:
    """The parser of ``engine service-host`` (what the SCM starts)."""
    p = argparse.ArgumentParser(prog="calwizard engine service-host", add_help=False)
    p.add_argument("--name", required=True)
    p.add_argument("--passphrase-dpapi", type=Path, required=True)
    p.add_argument("--store-file", type=Path, required=True)
    p.add_argument("run", nargs=argparse.REMAINDER)
    return p


def parse_host_args(argv: list[str]) -> argparse.Namespace:
    """``service-host`` arguments -> namespace with ``run`` = the ``engine run`` arguments (without ``--``)."""
    ns = host_parser().parse_args(argv)
    if ns.run and ns.run[0] == "--":
        ns.run = ns.run[1:]
    return ns


def split_command_line(cmdline: str) -> list[str]:
    """The inverse of ``subprocess.list2cmdline`` (CommandLineToArgvW's rules for the cases it produces)."""
    args, cur, i, quoted, have = [], [], 0, False, False
    while i < len(cmdline):
        c = cmdline[i]
        if c == "\\":
            j = i
            while j < len(cmdline) and cmdline[j] == "\\":
                j += 1
            n = j - i
            if j < len(cmdline) and cmdline[j] == '"':
                cur.append("\\" * (n // 2))
                if n % 2:
                    cur.append('"')
                    i = j + 1
                else:
                    i = j
                have = True
                continue
            cur.append("\\" * n)
            i = j
            have = True
            continue
        if c == '"':
            quoted = not quoted
            have = True
        elif c in " \t" and not quoted:
            if have:
                args.append("".join(cur))
                cur, have = [], False
        else:
            cur.append(c)
            have = True
        i += 1
    if have:
        args.append("".join(cur))
    return args


def service_config(spec: ServiceSpec) -> dict[str, Any]:
    """What :func:`install` gives the SCM (``CreateService`` and ``ChangeServiceConfig2``), as plain data."""
    return {
        "name": spec.name,
        "display_name": f"calwizard sync engine ({spec.name})",
        "description": "Keeps PBX presence in step with Exchange calendars (calwizard engine).",
        "binary_path": service_command_line(spec),
        "start_type": "auto",
        "delayed_auto_start": True,
        "account": spec.account or DEFAULT_ACCOUNT,
        "failure_actions": {"reset_period_s": RESET_PERIOD_S,
                            "actions": [("restart", ms) for ms in RESTART_DELAYS_MS]},
        "failure_actions_on_non_crash_failures": True,
    }


# ------------------------------------------------------------------------------------------ pywin32 parts


def protect_passphrase(path: Path, passphrase: str) -> Path:
    """Write ``passphrase`` DPAPI-protected (machine scope + entropy) to ``path``. Windows only."""
    import win32crypt  # type: ignore[import-not-found]

    blob = win32crypt.CryptProtectData(passphrase.encode("utf-8"), "calwizard store passphrase", DPAPI_ENTROPY,
                                       None, None, 0x4)  # CRYPTPROTECT_LOCAL_MACHINE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(blob)
    return path


def unprotect_passphrase(path: Path) -> str:
    import win32crypt  # type: ignore[import-not-found]

    _desc, data = win32crypt.CryptUnprotectData(path.read_bytes(), DPAPI_ENTROPY, None, None, 0)
    return data.decode("utf-8")


def _restrict_acl(path: Path, account: str) -> None:
    """Only SYSTEM, Administrators and ``account`` may read ``path`` (icacls: inheritance removed)."""
    for args in (["/inheritance:r"], ["/grant:r", "*S-1-5-18:F"], ["/grant:r", "*S-1-5-32-544:F"],
                 ["/grant:r", f"{account}:R"]):
        subprocess.run(["icacls", str(path), *args], capture_output=True, text=True, timeout=60, check=True)


def install(spec: ServiceSpec, *, root: Path | None, start: bool = True, password: str | None = None
            ) -> tuple[Path | None, list[str]]:
    """Create (or update) the service with :func:`service_config` and start it. With ``root`` nothing is
    registered (the files were written below it by :func:`calwizard.engine.service.prepare`)."""
    if root is not None:
        return None, ["--root: the service was not registered with the Service Control Manager"]
    import win32service  # type: ignore[import-not-found]
    import win32serviceutil  # type: ignore[import-not-found]

    cfg = service_config(spec)
    for p in (Path(spec.passphrase_file), Path(spec.state_dir)):
        _restrict_acl(p, cfg["account"])
    hscm = win32service.OpenSCManager(None, None, win32service.SC_MANAGER_ALL_ACCESS)
    try:
        try:
            hs = win32service.OpenService(hscm, spec.name, win32service.SERVICE_ALL_ACCESS)
            win32service.ChangeServiceConfig(hs, win32service.SERVICE_NO_CHANGE, win32service.SERVICE_AUTO_START,
                                             win32service.SERVICE_NO_CHANGE, cfg["binary_path"], None, 0, None,
                                             cfg["account"], password, cfg["display_name"])
        except win32service.error:
            hs = win32service.CreateService(hscm, spec.name, cfg["display_name"], win32service.SERVICE_ALL_ACCESS,
                                            win32service.SERVICE_WIN32_OWN_PROCESS, win32service.SERVICE_AUTO_START,
                                            win32service.SERVICE_ERROR_NORMAL, cfg["binary_path"], None, 0, None,
                                            cfg["account"], password)
        try:
            win32service.ChangeServiceConfig2(hs, win32service.SERVICE_CONFIG_DESCRIPTION, cfg["description"])
            win32service.ChangeServiceConfig2(hs, win32service.SERVICE_CONFIG_DELAYED_AUTO_START_INFO, True)
            actions = [(win32service.SC_ACTION_RESTART, ms) for _, ms in cfg["failure_actions"]["actions"]]
            win32service.ChangeServiceConfig2(hs, win32service.SERVICE_CONFIG_FAILURE_ACTIONS, {
                "ResetPeriod": cfg["failure_actions"]["reset_period_s"], "RebootMsg": None, "Command": None,
                "Actions": actions})
            win32service.ChangeServiceConfig2(hs, win32service.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, True)
        finally:
            win32service.CloseServiceHandle(hs)
    finally:
        win32service.CloseServiceHandle(hscm)
    if start:
        win32serviceutil.StartService(spec.name)
    return None, []


def uninstall(name: str, *, root: Path | None, purge: bool) -> list[Path]:
    removed: list[Path] = []
    if root is None:
        import win32serviceutil  # type: ignore[import-not-found]

        with contextlib.suppress(Exception):  # not running
            win32serviceutil.StopService(name)
        win32serviceutil.RemoveService(name)
    if purge:
        import shutil

        real = under(root, PROGRAM_DATA / name) if root is not None else Path(str(PROGRAM_DATA / name))
        if real.exists():
            shutil.rmtree(real)
            removed.append(real)
    return removed


def status(name: str) -> dict[str, str]:
    import win32serviceutil  # type: ignore[import-not-found]

    state = win32serviceutil.QueryServiceStatus(name)[1]
    names = {1: "stopped", 2: "start pending", 3: "stop pending", 4: "running", 5: "continue pending",
             6: "pause pending", 7: "paused"}
    return {"state": names.get(state, str(state))}


class EngineService(_ServiceBase):  # type: ignore[misc,valid-type]
    """The service object the SCM talks to: runs ``engine run`` (the arguments after ``--``) on an asyncio loop
    and stops it cleanly on ``SvcStop``."""

    _svc_name_ = "calwizard-engine"
    _svc_display_name_ = "calwizard sync engine"
    _svc_description_ = "Keeps PBX presence in step with Exchange calendars (calwizard engine)."
    host_args: argparse.Namespace | None = None
    """Set by :func:`host_main` before the dispatcher starts."""

    def __init__(self, args: Any) -> None:
        super().__init__(args)
        self._loop: Any = None
        self._stop: Any = None
        self.exit_code = 0

    def SvcStop(self) -> None:
        import win32service  # type: ignore[import-not-found]

        self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING)  # type: ignore[attr-defined]
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)

    def SvcDoRun(self) -> None:
        import os

        import servicemanager  # type: ignore[import-not-found]

        host = self.host_args
        assert host is not None
        os.environ["CALWIZARD_SECRET_STORE"] = "file"
        os.environ["CALWIZARD_STORE_FILE"] = str(host.store_file)
        os.environ["CALWIZARD_STORE_PASSPHRASE"] = unprotect_passphrase(host.passphrase_dpapi)
        servicemanager.LogInfoMsg(f"{host.name}: starting the sync engine")

        def ready(loop: Any, stop: Any) -> None:
            self._loop, self._stop = loop, stop

        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        args = engine_args(host.run)
        args.on_loop = ready
        self.exit_code = int(args.func(args))
        servicemanager.LogInfoMsg(f"{host.name}: the sync engine stopped (exit code {self.exit_code})")
        if self.exit_code:
            raise SystemExit(self.exit_code)  # a non-zero exit: the SCM's recovery actions restart the service


def engine_args(run: list[str]) -> argparse.Namespace:
    """Parse the service's ``engine run …`` arguments (``run``: what :func:`service_command_line` put after
    ``engine``, e.g. ``["run", "C:\\…\\config.toml", "--health", "127.0.0.1:9464"]``) as ``calwizard engine`` would:
    a parser of the engine's verbs only (not the whole command line's, which would import this module's callers).

    Raises:
        SystemExit: the arguments are not an ``engine`` command line (argparse's usage error).
    """
    from calwizard.engine import cli as engine_cli

    parser = argparse.ArgumentParser(prog="calwizard")
    parser.add_argument("-v", "--verbose", action="store_true")
    engine_cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["engine", *run])


def host_main(argv: list[str]) -> int:
    """``engine service-host …``: hand this process to the Service Control Manager. Windows only."""
    import servicemanager  # type: ignore[import-not-found]

    EngineService.host_args = parse_host_args(argv)
    EngineService._svc_name_ = EngineService.host_args.name
    servicemanager.Initialize(EngineService.host_args.name, None)
    servicemanager.PrepareToHostSingle(EngineService)
    servicemanager.StartServiceCtrlDispatcher()
    return 0


__all__ = ["EngineService", "host_main", "parse_host_args", "service_command_line", "service_config", "spec_for"]
