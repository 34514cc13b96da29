"""``calwizard engine install-service | uninstall-service | service-status`` (and the hidden ``service-host`` of
the Windows service), plus :func:`install_service`, the one function the CLI and the wizard's Summary page call.

Exit codes: 0 done; 1 the service manager refused (systemctl/launchctl/SCM failed); 2 bad arguments,
configuration, bundle, or missing root/administrator rights; 3 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from calwizard.engine.service import (
    DEFAULT_HEALTH_PORT,
    DEFAULT_NAME,
    ServiceSpec,
    check_name,
    current_platform,
    prepare,
)
from calwizard.i18n import translate


def _module(platform: str) -> Any:
    if platform == "linux":
        from calwizard.engine.service import systemd as mod
    elif platform == "darwin":
        from calwizard.engine.service import launchd as mod  # type: ignore[no-redef]
    else:
        from calwizard.engine.service import windows as mod  # type: ignore[no-redef]
    return mod


def is_admin() -> bool:
    """Root on POSIX, an elevated administrator on Windows."""
    if hasattr(os, "geteuid"):
        return os.geteuid() == 0
    try:
        import ctypes

        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # pragma: no cover
        return False


@dataclass
class InstallResult:
    """What :func:`install_service` did, for the CLI's and the wizard's messages."""

    name: str
    platform: str
    definition: Path | None
    """The unit / plist written (None on Windows: the SCM holds the definition)."""
    files: list[Path] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    started: bool = False
    health_url: str = ""
    sinks: list[str] = field(default_factory=list)
    """Where the service sends presence, for the messages."""
    spec: ServiceSpec | None = None
    """What the service runs (its command line: ``spec.run_args()``)."""


def install_command(source: Path, name: str = DEFAULT_NAME) -> str:
    """The command line an administrator runs to install ``source`` (shown when rights are missing)."""
    prefix = "" if current_platform() == "windows" else "sudo "
    return f'{prefix}calwizard engine install-service "{source}"' + (f" --name {name}" if name != DEFAULT_NAME else "")


def install_service(source: Path, *, name: str = DEFAULT_NAME, health: str | None = None,
                    sinks: Sequence[str] = (), shard: str | None = None, account: str | None = None,
                    log_level: str | None = None, root: Path | None = None, start: bool = True,
                    platform: str | None = None, bundle_passphrase: str | None = None) -> InstallResult:
    """Install the engine for ``source`` (configuration or bundle) as a service of this machine (or below
    ``root``). Qt-free: the CLI and the wizard's Summary page call it (the wizard in a worker thread).

    ``sinks``: where presence goes (``--sink`` values, :func:`~calwizard.engine.service.service_sinks`); empty: the
    configuration's default sinks, decided when the service starts — the PBX when a PBX connection is configured,
    else stdout (the journal, launchd's log file); a Windows service without a PBX writes
    ``STATE_DIR\\presence.jsonl`` (its stdout goes nowhere).

    Raises:
        ConfigError: bad name/shard/health, not root/administrator without ``root``.
        UserFacingError: the source, a secret, a file (see :func:`calwizard.engine.service.prepare`).
        OSError: the service manager refused.
    """
    from calwizard.engine.health import parse_address
    from calwizard.engine.service import load_source, service_sinks
    from calwizard.errors import ConfigError
    from calwizard.settings.shard import Shard

    name = check_name(name)
    platform = platform or current_platform()
    if shard:
        shard = str(Shard.parse(shard))
    if health is None:
        k = Shard.parse(shard).index if shard else 0
        health = f"127.0.0.1:{DEFAULT_HEALTH_PORT + k}"
    host, port = parse_address(health)
    if root is None and not is_admin():
        raise ConfigError(translate("service", "installing a service needs administrator rights"),
                          field="install-service", remedy=translate("service", "Run it as root/administrator: {command}"
                                                                    ).format(command=install_command(source, name)))
    mod = _module(platform)
    address = f"{f'[{host}]' if ':' in host else host}:{port}"
    options: dict[str, Any] = {"health": address, "shard": shard, "account": account, "log_level": log_level}
    loaded = load_source(source, bundle_passphrase)
    spec = mod.spec_for(name, **options)
    spec = replace(spec, sinks=service_sinks(sinks, state_dir=spec.state_dir, pbx_configured=loaded[0].pbx.connected,
                                             stdout_logged=mod.STDOUT_LOGGED))
    writer = None
    if platform == "windows" and root is None:
        writer = mod.protect_passphrase
    done = prepare(source, spec, root=root, passphrase_writer=writer, loaded=loaded)
    definition, notes = mod.install(spec, root=root, start=start)
    default = "pbx" if loaded[0].pbx.connected else "stdout"  # engine.runner.default_sinks, without the engine
    default = translate("service", "{sink} (the configuration's default)").format(sink=default)
    result = InstallResult(name, platform, definition, [*done.files, *([definition] if definition else [])],
                           done.imported, done.kept, notes, started=root is None and start,
                           health_url=f"http://{address}",
                           sinks=list(spec.sinks) or [default], spec=spec)
    return result


# ------------------------------------------------------------------------------------------ verbs


def register(sub: Any) -> None:
    """Add the service verbs to ``calwizard engine``'s subparsers."""
    i = sub.add_parser(
        "install-service", help="install the engine as a service of this machine (systemd, launchd, Windows)",
        description="Install the sync engine for CONFIG_OR_BUNDLE as a service: systemd unit (Linux), launchd daemon "
        "(macOS) or Windows service; restarted on failure, started at boot. The secrets go into an encrypted store "
        "of the service's own. Needs root/administrator rights (or --root).")
    i.add_argument("config", type=Path, metavar="CONFIG_OR_BUNDLE")
    i.add_argument("--name", default=DEFAULT_NAME, help=f"service name (default {DEFAULT_NAME})")
    i.add_argument("--health", default=None, metavar="HOST:PORT",
                   help=f"health/metrics endpoint (default 127.0.0.1:{DEFAULT_HEALTH_PORT}, +K for shard K)")
    i.add_argument("--sink", action="append", default=None, metavar="pbx|stdout|FILE|https://URL|default",
                   help="where presence changes go, as engine run --sink; repeat for several (default: the "
                   "configuration's default sinks: the PBX when one is configured, else stdout, i.e. the journal/log; "
                   "a Windows service without a PBX: presence.jsonl in its state directory). A relative FILE is in "
                   "the service's state directory")
    i.add_argument("--shard", default=None, metavar="K/N", help="this instance's shard (see engine run --shard)")
    i.add_argument("--account", default=None, help="run as this account (default: systemd DynamicUser, launchd "
                   "root, Windows NT AUTHORITY\\LocalService)")
    i.add_argument("--log-level", default=None, choices=["debug", "info", "warning", "error"])
    i.add_argument("--root", type=Path, default=None, metavar="DIR",
                   help="write everything below DIR (an image or chroot) and start nothing")
    i.add_argument("--no-start", action="store_true", help="install and enable, but do not start now")
    i.add_argument("--state-dir", type=Path, default=None, help=argparse.SUPPRESS)
    i.set_defaults(func=cmd_install)

    u = sub.add_parser("uninstall-service", help="stop and remove the engine service")
    u.add_argument("--name", default=DEFAULT_NAME)
    u.add_argument("--purge", action="store_true", help="also delete its configuration, secret store and state")
    u.add_argument("--root", type=Path, default=None, metavar="DIR", help=argparse.SUPPRESS)
    u.set_defaults(func=cmd_uninstall)

    s = sub.add_parser("service-status", help="the engine service's state (service manager and health endpoint)")
    s.add_argument("--name", default=DEFAULT_NAME)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_service_status)

    h = sub.add_parser("service-host")  # no help: not listed (the Windows service's own entry point)
    h.add_argument("host_args", nargs=argparse.REMAINDER)
    h.set_defaults(func=cmd_service_host)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def cmd_install(args: argparse.Namespace) -> int:
    from calwizard.errors import ExitCode, UserFacingError

    if args.state_dir is not None:
        _say(translate("service", "calwizard engine install-service: the state directory is the service's own "
                       "(/var/lib/calwizard/NAME, …); --state-dir is ignored"))
    try:
        result = install_service(args.config, name=args.name, health=args.health, sinks=args.sink or (),
                                 shard=args.shard, account=args.account, log_level=args.log_level, root=args.root,
                                 start=not args.no_start)
    except UserFacingError as exc:
        _say(f"calwizard engine install-service: {exc}")
        return ExitCode.USAGE
    except (EOFError, KeyboardInterrupt):
        _say(translate("service", "calwizard engine install-service: no passphrase given"))
        return ExitCode.USAGE
    except OSError as exc:
        _say(f"calwizard engine install-service: {exc}")
        return ExitCode.CHECK_FAILED
    where = translate("service", " below {root}").format(root=args.root) if args.root else ""
    _say(translate("service", "calwizard engine install-service: {name} installed{where} ({platform})").format(
        name=result.name, where=where, platform=result.platform)
         + (f": {result.definition}" if result.definition else ""))
    _say(translate("service", "  presence -> {sinks}").format(sinks=", ".join(result.sinks)))
    if result.imported:
        _say(translate("service", "  secrets in the service's own encrypted store: {fields}").format(
            fields=", ".join(result.imported)))
    if result.kept:
        _say(translate("service", "  secret references kept (the service's environment must provide them): "
                       "{fields}").format(fields=", ".join(result.kept)))
    for note in result.notes:
        _say(translate("service", "  note: {note}").format(note=note))
    _say(translate("service", "  health: {url}/healthz; status: calwizard engine service-status --name {name}").format(
        url=result.health_url, name=result.name) + ("" if result.started else translate("service", " (not started)")))
    return ExitCode.OK


def cmd_uninstall(args: argparse.Namespace) -> int:
    from calwizard.errors import ExitCode, UserFacingError

    try:
        name = check_name(args.name)
        if args.root is None and not is_admin():
            _say(translate("service", "calwizard engine uninstall-service: needs administrator rights (sudo)"))
            return ExitCode.USAGE
        removed = _module(current_platform()).uninstall(name, root=args.root, purge=args.purge)
    except UserFacingError as exc:
        _say(f"calwizard engine uninstall-service: {exc}")
        return ExitCode.USAGE
    except OSError as exc:
        _say(f"calwizard engine uninstall-service: {exc}")
        return ExitCode.CHECK_FAILED
    _say(translate("service", "calwizard engine uninstall-service: {name} removed ({count} path(s))").format(
        name=name, count=len(removed)))
    return ExitCode.OK


def cmd_service_status(args: argparse.Namespace) -> int:
    import json

    from calwizard.engine.health import read_health
    from calwizard.errors import ExitCode, UserFacingError

    try:
        name = check_name(args.name)
    except UserFacingError as exc:
        _say(f"calwizard engine service-status: {exc}")
        return ExitCode.USAGE
    platform = current_platform()
    mod = _module(platform)
    try:
        manager = mod.status(name)
    except (OSError, ImportError) as exc:
        manager = {"error": str(exc)}
    spec = mod.spec_for(name, health=f"127.0.0.1:{DEFAULT_HEALTH_PORT}")
    live = read_health(Path(spec.state_dir))
    doc = {"name": name, "platform": platform, "service_manager": manager,
           "health": {"http_status": live[0], **live[1]} if live else None}
    if args.json:
        print(json.dumps(doc, indent=2))
    else:
        print(f"{name} ({platform}): " + ", ".join(f"{k}={v}" for k, v in manager.items()))
        if live:
            from calwizard.engine.healthtext import print_health

            print_health(doc["health"])  # type: ignore[arg-type]
        else:
            print(translate("service", "health endpoint: not answering (stopped, or not readable by this user)"))
    return ExitCode.OK


def cmd_service_host(args: argparse.Namespace) -> int:
    from calwizard.errors import ExitCode

    if current_platform() != "windows":
        _say(translate("service", "calwizard engine service-host: only the Windows Service Control Manager starts "
                       "this"))
        return ExitCode.USAGE
    from calwizard.engine.service.windows import host_main

    return host_main(args.host_args)
