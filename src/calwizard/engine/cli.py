"""``calwizard engine run`` and ``calwizard engine status``.

``engine run CONFIG_OR_BUNDLE [--sink stdout|FILE|https://URL] [--state-dir DIR]`` syncs until SIGTERM or
SIGINT, then shuts down cleanly (streams closed, subscriptions removed, queued presence delivered or kept
for the next start) and exits 0. Presence changes go to the sink as JSON lines (:mod:`.sinks`); logs go to
stderr (``-v`` for every presence change and network step). Exit codes (:class:`calwizard.cli.ExitCode`):
0 clean shutdown; 1 the engine could not start against Exchange (Autodiscover, sign-in, EWS refused — the
message names the fix); 2 bad arguments, configuration, secret or state directory; 3 internal error.

``engine status [--state-dir DIR] [--json]`` prints each user's status (resolved / not found / access
denied / error / pending) with its detail and last presence, the sink backlog and the latest events.

:func:`register` adds the verbs to the ``calwizard`` parser and imports nothing heavy.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

SINK_HELP = "where presence changes go: stdout (default), a file path (JSON lines), or an https:// webhook"


def register(subparsers: Any) -> None:
    """Add ``engine run`` and ``engine status`` to ``subparsers`` (from ``parser.add_subparsers()``)."""
    p = subparsers.add_parser(
        "engine",
        help="run the sync engine: calendars to PBX presence",
        description="The sync engine reads every configured user's calendar (EWS), follows changes with "
        "streaming notifications and writes each presence change as one JSON line.",
    )
    sub = p.add_subparsers(dest="engine_command", metavar="COMMAND")
    p.set_defaults(func=_usage(p))
    r = sub.add_parser(
        "run",
        help="sync until SIGTERM/SIGINT",
        description="Sync CONFIG_OR_BUNDLE until SIGTERM or SIGINT. A bundle's passphrase is asked on the terminal "
        "or read from CALWIZARD_BUNDLE_PASSPHRASE.",
    )
    r.add_argument("config", type=Path, metavar="CONFIG_OR_BUNDLE", help="configuration (.toml) or bundle (.calwiz)")
    r.add_argument("--sink", default="stdout", metavar="stdout|FILE|https://URL", help=SINK_HELP)
    r.add_argument("--state-dir", type=Path, default=None, metavar="DIR",
                   help="where the engine keeps its database (default: the user state directory)")
    r.add_argument("--rebind-secrets", action="store_true",
                   help="re-bind stored secrets the configuration references to its destinations instead of refusing "
                   "them; use it only for a configuration you trust")
    r.set_defaults(func=cmd_run)
    s = sub.add_parser("status", help="show each user's sync status from the engine's state")
    s.add_argument("--state-dir", type=Path, default=None, metavar="DIR", help="the engine's state directory")
    s.add_argument("--json", action="store_true", help="print the status as JSON")
    s.set_defaults(func=cmd_status)


def _usage(parser: argparse.ArgumentParser) -> Any:
    def show(args: argparse.Namespace) -> int:
        from calwizard.cli import ExitCode

        parser.print_usage(sys.stderr)
        print("calwizard engine: error: choose one of: run, status", file=sys.stderr)
        return ExitCode.USAGE

    return show


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    import asyncio

    from calwizard.cli import ExitCode
    from calwizard.cli_secrets import load_for_validate
    from calwizard.engine.runner import default_state_dir
    from calwizard.errors import ConfigError, SecretError, UserFacingError

    state_dir = args.state_dir or default_state_dir()
    try:
        settings, fetch = load_for_validate(args.config, rebind=getattr(args, "rebind_secrets", False))
    except UserFacingError as exc:
        _say(f"calwizard engine: {exc}")
        return ExitCode.USAGE
    except (EOFError, KeyboardInterrupt):
        _say("calwizard engine: no passphrase given")
        return ExitCode.USAGE
    try:
        return asyncio.run(_run(settings, fetch, args.sink, state_dir))
    except (ConfigError, SecretError) as exc:
        _say(f"calwizard engine: {exc}")
        return ExitCode.USAGE
    except UserFacingError as exc:
        _say(f"calwizard engine: cannot start: {exc}")
        return ExitCode.CHECK_FAILED
    except KeyboardInterrupt:
        return ExitCode.OK


async def _run(settings: Any, fetch: Any, sink: str, state_dir: Path) -> int:
    import asyncio
    import signal

    from calwizard.cli import ExitCode
    from calwizard.engine.backend import BackendError
    from calwizard.engine.runner import run_engine

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises KeyboardInterrupt
            loop.add_signal_handler(sig, stop.set)
    _say(f"calwizard engine: syncing {len(settings.mailboxes)} user(s); presence -> {sink}; state in {state_dir}")
    try:
        await run_engine(settings, fetch, sink=sink, state_dir=state_dir, stop=stop)
    except BackendError as err:
        _say(f"calwizard engine: cannot start: EWS {err.kind.replace('_', ' ')}: {err.message}")
        return ExitCode.CHECK_FAILED
    _say("calwizard engine: stopped")
    return ExitCode.OK


def status_report(state_dir: Path) -> dict[str, Any]:
    """The engine state as a JSON-able dict. Raises ConfigError when there is no state."""
    from calwizard.engine.store import LOCK_NAME, Store

    store = Store(state_dir, read_only=True)
    try:
        users = store.users()
        presences = store.presences()
        report = {
            "state_dir": str(state_dir),
            "running": _locked(state_dir / LOCK_NAME),
            "last_full_sync": store.meta("last_full_sync"),
            "outbox": store.outbox_size(),
            "dead_letters": store.dead_letters(),
            "users": [
                {
                    "pbx_name": u.pbx_name,
                    "address": u.primary or (u.addresses[0] if u.addresses else ""),
                    "status": u.status,
                    "detail": u.detail,
                    "since": u.status_since.isoformat(timespec="seconds"),
                    "presence": presences[u.pbx_name].text if u.pbx_name in presences else None,
                    "activity": presences[u.pbx_name].activity if u.pbx_name in presences else None,
                }
                for u in sorted(users.values(), key=lambda u: u.pbx_name.lower())
            ],
            "events": store.events(20),
            "graph_change_tracking": store.delta_link_summary(),
        }
    finally:
        store.close()
    return report


def _locked(path: Path) -> bool | None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return None
    import os

    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def cmd_status(args: argparse.Namespace) -> int:
    from calwizard.cli import ExitCode
    from calwizard.engine.runner import default_state_dir
    from calwizard.errors import UserFacingError

    state_dir = args.state_dir or default_state_dir()
    try:
        report = status_report(state_dir)
    except UserFacingError as exc:
        _say(f"calwizard engine: {exc}")
        return ExitCode.USAGE
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return ExitCode.OK
    running = {True: "running", False: "not running", None: "unknown"}[report["running"]]
    print(f"engine state {report['state_dir']} ({running}); last full sync {report['last_full_sync'] or 'never'}")
    print(f"sink backlog: {report['outbox']} change(s) waiting, {report['dead_letters']} dead letter(s)")
    if tracking := report.get("graph_change_tracking"):
        print(f"Microsoft Graph change tracking: {tracking['links']} delta link(s), advanced between "
              f"{tracking['oldest']} and {tracking['newest']}")
    width = max((len(u["pbx_name"]) for u in report["users"]), default=8)
    for u in report["users"]:
        line = f"  {u['pbx_name']:<{width}}  {u['status']:<13} {u['address']}"
        if u["detail"]:
            line += f"  ({u['detail']})"
        print(line)
        if u["presence"]:
            print(f"  {'':<{width}}  {'':<13} presence: {u['presence']}")
    if report["events"]:
        print("recent events:")
        for e in report["events"]:
            print(f"  {e['at']}  {e['pbx_name']}: {e['kind']}" + (f" — {e['detail']}" if e["detail"] else ""))
    return ExitCode.OK
