"""The engine as a launchd daemon (macOS): a property list in ``/Library/LaunchDaemons``, ``launchctl``.

launchd.plist(5): ``Label`` ``com.calwizard.NAME``; ``ProgramArguments`` (the program and ``engine run …``);
``RunAtLoad``; ``KeepAlive`` ``{SuccessfulExit: false}`` restarts the engine when it exits with an error (not
after a clean stop), ``ThrottleInterval`` 30 s between restarts; ``UserName`` for ``--account`` (default root);
``EnvironmentVariables`` name the service's secret store and the root-only passphrase file;
``StandardOutPath``/``StandardErrorPath`` and the engine's own rotating log file in ``/Library/Logs/calwizard``
(platformdirs' site log directory). Loaded with ``launchctl bootstrap system PLIST`` and removed with
``launchctl bootout system/LABEL`` (launchctl(1)). The plist is written with :mod:`plistlib`.
"""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from calwizard.engine.service import CONFIG_NAME, PASSPHRASE_CREDENTIAL, STORE_NAME, ServiceSpec, program_command, under
from calwizard.i18n import translate

DAEMON_DIR = PurePosixPath("/Library/LaunchDaemons")
SUPPORT_DIR = PurePosixPath("/Library/Application Support/calwizard")
LOG_DIR = PurePosixPath("/Library/Logs/calwizard")


def label(name: str) -> str:
    return f"com.calwizard.{name}"


def plist_path(name: str) -> PurePosixPath:
    return DAEMON_DIR / f"{label(name)}.plist"


STDOUT_LOGGED = True
"""The engine's stdout is kept (stdout goes to ``StandardOutPath``): ``--sink stdout`` is a sensible sink here."""


def spec_for(name: str, *, health: str, sinks: Sequence[str] = (), shard: str | None = None,
             account: str | None = None, log_level: str | None = None, command: list[str] | None = None
             ) -> ServiceSpec:
    base = SUPPORT_DIR / name
    return ServiceSpec(
        name=name, platform="darwin", command=tuple(command or program_command()), config=base / CONFIG_NAME,
        state_dir=base / "state", store_file=base / "state" / STORE_NAME,
        passphrase_file=base / PASSPHRASE_CREDENTIAL, health=health, sinks=tuple(sinks), shard=shard, account=account,
        log_file=LOG_DIR / f"{name}.log", log_level=log_level)


def plist(spec: ServiceSpec) -> dict[str, Any]:
    """The launchd job of ``spec`` as a dictionary."""
    job: dict[str, Any] = {
        "Label": label(spec.name),
        "ProgramArguments": [*spec.command, *spec.run_args()],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": 30,
        "ProcessType": "Background",
        "WorkingDirectory": str(spec.state_dir),
        "EnvironmentVariables": {**spec.environment(), "PYTHONUNBUFFERED": "1"},
        "StandardOutPath": str(LOG_DIR / f"{spec.name}.out.log"),
        "StandardErrorPath": str(LOG_DIR / f"{spec.name}.err.log"),
        "Umask": 0o077,
        "ExitTimeOut": 30,
    }
    if spec.account:
        job["UserName"] = spec.account
    return job


def plist_bytes(spec: ServiceSpec) -> bytes:
    return plistlib.dumps(plist(spec), fmt=plistlib.FMT_XML, sort_keys=True)


def _launchctl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["launchctl", *args], capture_output=True, text=True, timeout=120)


def install(spec: ServiceSpec, *, root: Path | None, start: bool = True) -> tuple[Path, list[str]]:
    """Write the plist (root:wheel 0644, as launchd requires) and, on the real system, bootstrap it."""
    path = under(root, plist_path(spec.name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(plist_bytes(spec))
    os.chmod(path, 0o644)
    under(root, LOG_DIR).mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    if root is None and start:
        _launchctl("bootout", f"system/{label(spec.name)}")  # a previous version, if loaded
        proc = _launchctl("bootstrap", "system", str(path))
        if proc.returncode != 0:
            raise OSError(translate("service", "{command} failed: {output}").format(
                command="launchctl bootstrap", output=proc.stderr.strip() or proc.stdout.strip()))
    return path, notes


def uninstall(name: str, *, root: Path | None, purge: bool) -> list[Path]:
    if root is None:
        _launchctl("bootout", f"system/{label(name)}")
    removed = []
    for p in [plist_path(name), *([SUPPORT_DIR / name] if purge else [])]:
        real = under(root, p)
        if real.is_dir():
            shutil.rmtree(real)
            removed.append(real)
        elif real.exists():
            real.unlink()
            removed.append(real)
    return removed


def status(name: str) -> dict[str, str]:
    proc = _launchctl("print", f"system/{label(name)}")
    out = {"loaded": "yes" if proc.returncode == 0 else "no"}
    for line in proc.stdout.splitlines():
        key, sep, value = line.strip().partition(" = ")
        if sep and key in ("state", "pid", "last exit code", "runs"):
            out[key] = value
    return out
