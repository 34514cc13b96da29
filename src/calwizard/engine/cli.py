"""``calwizard engine run`` and ``calwizard engine status``.

``engine run CONFIG_OR_BUNDLE [--sink pbx|stdout|FILE|https://URL ...] [--state-dir DIR]`` syncs until SIGTERM
or SIGINT (SIGHUP retries at once every user that is not synced, e.g. after access was granted), then shuts down
cleanly (streams closed, subscriptions removed, queued presence delivered or kept
for the next start, calwizard's presence on the PBX cleared) and exits 0. Presence changes go to the PBX
(``pbx``, the default when a PBX connection is configured: SetPresence, :mod:`.pbx_sink`) and/or as JSON lines to
the other sinks (:mod:`.sinks`); ``--sink`` may be given several times (``--sink pbx --sink out.jsonl``). Logs go to
stderr (``-v`` for every presence change and network step). Exit codes (:class:`calwizard.errors.ExitCode`):
0 clean shutdown; 1 the engine could not start against Exchange or the PBX (Autodiscover, sign-in, EWS refused,
PBX unreachable, App object login rejected, App object API not enabled, another PBX than the master PBX — the
message names the fix); 2 bad arguments, configuration, secret or state directory; 3 internal error.

``engine status [--state-dir DIR] [--json]`` prints each user's status (resolved / not found / ambiguous
— several mailboxes match, the candidates in the detail — / no e-mail address on the PBX / access denied / error /
pending) with its detail and last presence, the sink backlog and the latest events.

:func:`register` adds the verbs to the ``calwizard`` parser and imports nothing heavy.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from calwizard import i18n
from calwizard.i18n import translate

SINK_HELP = ("where presence changes go: pbx (the configured PBX; the default when one is configured), stdout (the "
             "default otherwise), a file path (JSON lines), an https:// webhook, or default; repeat for several")
HEALTH_DEFAULT = "127.0.0.1:9464"


def register(subparsers: Any) -> Any:
    """Add ``engine run`` and ``engine status`` to ``subparsers`` (from ``parser.add_subparsers()``); returns the
    ``engine`` verb's own subparsers, where :mod:`calwizard.engine.service.cli` adds the service verbs."""
    p = subparsers.add_parser(
        "engine",
        help="run the sync engine: calendars to PBX presence",
        description="The sync engine reads every user's calendar (EWS or Microsoft Graph), follows changes with "
        "streaming notifications or delta queries and sets each presence change in the PBX (or writes it as JSON "
        "lines: see --sink).",
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
    r.add_argument("--sink", action="append", default=None, metavar="pbx|stdout|FILE|https://URL|default",
                   help=SINK_HELP)
    r.add_argument("--state-dir", type=Path, default=None, metavar="DIR",
                   help="where the engine keeps its database (default: the user state directory)")
    r.add_argument("--rebind-secrets", action="store_true",
                   help="re-bind stored secrets the configuration references to its destinations instead of refusing "
                   "them; use it only for a configuration you trust")
    r.add_argument("--shard", default=None, metavar="K/N",
                   help="sync only the users this instance owns: shard K of N (0 <= K < N; 'ordinal/N' takes K from "
                   "the host name's trailing number, as in a StatefulSet); default $CALWIZARD_SHARD or all users")
    r.add_argument("--health", nargs="?", const=HEALTH_DEFAULT, default=None, metavar="HOST:PORT",
                   help=f"serve /healthz and /metrics (Prometheus) on HOST:PORT (default {HEALTH_DEFAULT}: loopback "
                   "only; port 0 picks a free one)")
    r.add_argument("--log-file", nargs="?", const="", default=None, metavar="PATH",
                   help="also log to a rotating file (without PATH: engine.log in the platform's log directory)")
    r.add_argument("--log-level", default=None, choices=["debug", "info", "warning", "error"],
                   help="log level (default: info with -v or --log-file, else warning)")
    r.set_defaults(func=cmd_run)
    s = sub.add_parser("status", help="show each user's sync status: from the running engine's health endpoint, "
                       "or from its state directory when it is stopped")
    s.add_argument("--state-dir", type=Path, default=None, metavar="DIR", help="the engine's state directory")
    s.add_argument("--health", default=None, metavar="HOST:PORT|URL",
                   help="ask this health endpoint (default: the one the engine of --state-dir serves)")
    s.add_argument("--json", action="store_true", help="print the status as JSON")
    s.set_defaults(func=cmd_status)
    return sub


def _usage(parser: argparse.ArgumentParser) -> Any:
    def show(args: argparse.Namespace) -> int:
        from calwizard.errors import ExitCode

        parser.print_usage(sys.stderr)
        print(translate("engine_cli", "calwizard engine: error: choose one of: {verbs}").format(
            verbs="run, status, install-service, uninstall-service, service-status"), file=sys.stderr)
        return ExitCode.USAGE

    return show


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def cmd_run(args: argparse.Namespace) -> int:
    import asyncio

    from calwizard.cli_secrets import load_for_validate
    from calwizard.engine import logs
    from calwizard.engine.health import parse_address
    from calwizard.engine.runner import default_state_dir
    from calwizard.engine.sync import EngineOptions
    from calwizard.errors import ConfigError, ExitCode, SecretError, UserFacingError
    from calwizard.settings.shard import Shard

    state_dir = args.state_dir or default_state_dir()
    redactor = logs.Redactor()
    try:
        log_file = None if args.log_file is None else Path(args.log_file) if args.log_file else logs.default_log_file()
        logs.setup(level=args.log_level, verbose=args.verbose, log_file=log_file, redactor=redactor)
        shard = Shard.parse(args.shard) if args.shard else Shard.from_env()
        health = parse_address(args.health) if args.health is not None else None
        settings, fetch = load_for_validate(args.config, rebind=getattr(args, "rebind_secrets", False))
    except UserFacingError as exc:
        _say(f"calwizard engine: {exc}")
        return ExitCode.USAGE
    except (EOFError, KeyboardInterrupt):
        _say(translate("engine_cli", "calwizard engine: no passphrase given"))
        return ExitCode.USAGE
    try:
        return asyncio.run(_run(settings, fetch, args.sink, state_dir, options=EngineOptions(shard=shard),
                                health=health, redactor=redactor, on_loop=getattr(args, "on_loop", None)))
    except (ConfigError, SecretError) as exc:
        _say(f"calwizard engine: {exc}")
        return ExitCode.USAGE
    except UserFacingError as exc:
        _say(translate("engine_cli", "calwizard engine: cannot start: {error}").format(error=exc))
        return ExitCode.CHECK_FAILED
    except KeyboardInterrupt:
        return ExitCode.OK


async def _run(settings: Any, fetch: Any, sink: list[str] | None, state_dir: Path, *, options: Any = None,
               health: tuple[str, int] | None = None, redactor: Any = None, on_loop: Any = None) -> int:
    """Run the engine until SIGTERM/SIGINT (or, for a Windows service, until ``on_loop``'s caller sets the stop
    event it was handed with the loop: ``on_loop(loop, stop)``). ``sink``: the ``--sink`` values (None: the
    configuration's default sinks)."""
    import asyncio
    import signal

    from calwizard.engine.backend import BackendError
    from calwizard.engine.runner import default_sinks, run_engine
    from calwizard.errors import ExitCode

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises KeyboardInterrupt
            loop.add_signal_handler(sig, stop.set)
    if on_loop is not None:
        on_loop(loop, stop)
    shard = getattr(options, "shard", None)
    sinks = [x for s in (sink or ["default"]) for x in (default_sinks(settings) if s == "default" else [s])]
    who = translate("engine_cli", "the PBX's users") if settings.pbx.users_from_pbx else \
        translate("engine_cli", "{count} user(s)").format(count=len(settings.mailboxes))
    _say(translate("engine_cli", "calwizard engine: syncing {who}").format(who=who)
         + (translate("engine_cli", " (shard {shard}: only the users it owns)").format(shard=shard) if shard else "")
         + translate("engine_cli", "; presence -> {sinks}; state in {state_dir}").format(
             sinks=", ".join(sinks), state_dir=state_dir))

    def seen(engine: Any) -> None:
        # once it runs, the engine speaks English: its log lines and the users' status details (which the log
        # repeats) are for operators who grep them; the start-up refusals above and below are the interface's
        engine.on_running.append(lambda: i18n.set_language(i18n.SOURCE_LANGUAGE))
        if redactor is not None:
            redactor.add(engine.backend.ctx.secrets.all_values())
        sighup = getattr(signal, "SIGHUP", None)
        if sighup is not None:  # POSIX: 'kill -HUP <pid>' retries every user that is not synced, at once
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sighup, engine.retry_now)
        debug = engine.backend.ctx.http.debug_log
        if debug is not None:
            _say(translate("engine_cli", "calwizard engine: EWS protocol debugging is on: requests and responses "
                           "(secrets masked) go to {path}").format(path=debug.path))

    language = i18n.language()
    try:
        await run_engine(settings, fetch, sink=sinks, state_dir=state_dir, stop=stop, options=options, on_engine=seen,
                         health=health)
    except BackendError as err:
        _say(translate("engine_cli", "calwizard engine: cannot start: EWS {kind}: {message}").format(
            kind=_kind_words(err.kind),
            message=err.message))
        return ExitCode.CHECK_FAILED
    finally:
        i18n.set_language(language)
    _say(translate("engine_cli", "calwizard engine: stopped"))
    return ExitCode.OK


def _kind_words(kind: str) -> str:
    """An EWS error kind (``access_denied``) in words: the kind's label in the interface language (``kein Zugriff``),
    in English the kind itself (``access denied``)."""
    from calwizard.exchange.ewserrors import KINDS

    label = KINDS[kind].label if kind in KINDS else None
    words = translate("exchange", label) if label else None
    return words if words and words != label else kind.replace("_", " ")


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
            "pbx": store.meta("pbx"),
            "graph_change_tracking": store.delta_link_summary(),
            "credential_expiry": _credential_expiry(store.meta("credential_expiry")),
        }
    finally:
        store.close()
    return report


def _credential_expiry(meta: str | None) -> list[dict[str, Any]]:
    """The app's expiring credentials the engine last started with, each with ``days_left`` and ``warning`` (the
    sentence, when within 30/14/7 days or past; else None) as of now."""
    from datetime import UTC, datetime

    from calwizard.exchange.expiry import CredentialExpiry

    now = datetime.now(UTC)
    out: list[dict[str, Any]] = []
    try:
        entries = json.loads(meta) if meta else []
        credentials = [CredentialExpiry.from_json(e) for e in entries]
    except (ValueError, KeyError, TypeError):
        return out
    for c in credentials:
        warn = c.stage(now) is not None
        out.append({**c.to_json(), "days_left": c.days_left(now), "warning": c.message(now) if warn else None,
                    "remedy": c.remedy if warn else None})
    return out


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
    from calwizard.engine.health import read_health
    from calwizard.engine.runner import default_state_dir
    from calwizard.errors import ExitCode, UserFacingError

    state_dir = args.state_dir or default_state_dir()
    try:
        endpoint = getattr(args, "health", None)
        live = read_health(None if endpoint else state_dir, endpoint)
    except UserFacingError as exc:
        _say(f"calwizard engine: {exc}")
        return ExitCode.USAGE
    try:
        report = status_report(state_dir)  # an error in the interface language, then the JSON's values in English
        if args.json:
            with i18n.speaking(i18n.SOURCE_LANGUAGE):
                report = status_report(state_dir)
    except UserFacingError as exc:
        if live is None:
            _say(f"calwizard engine: {exc}")
            return ExitCode.USAGE
        # a remote engine (container): its endpoint is all there is
        report = {"state_dir": None, "running": True, "last_full_sync": None, "outbox": None, "dead_letters": None,
                  "users": [], "events": []}
    if live is not None:
        report["running"] = True
        report["health"] = {"http_status": live[0], **live[1]}
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return ExitCode.OK
    from calwizard.engine.healthtext import status_word as word

    running = word({True: "running", False: "not running", None: "unknown"}[report["running"]])
    if report["state_dir"]:
        print(translate("engine_cli", "engine state {state_dir} ({running}); last full sync {when}").format(
            state_dir=report["state_dir"], running=running, when=report["last_full_sync"] or word("never")))
        print(translate("engine_cli", "sink backlog: {waiting}, {dead}").format(
            waiting=translate("engine_cli", "{count} change(s) waiting").format(count=report["outbox"]),
            dead=translate("engine_cli", "{count} dead letter(s)").format(count=report["dead_letters"])))
    if report.get("pbx"):
        print(f"PBX: {report['pbx']}")
    for c in report.get("credential_expiry") or []:
        if c["warning"]:
            print(translate("engine_cli", "WARNING: {warning}. {remedy}").format(
                warning=c["warning"], remedy=translate("exchange", c["remedy"])))
        else:
            print(translate("engine_cli", "{what} valid until {date} ({days} days)").format(
                what=translate("exchange", c["what"]), date=c["expires"][:10], days=c["days_left"]))
    if "health" in report:
        from calwizard.engine.healthtext import print_health

        print_health(report["health"])
    if tracking := report.get("graph_change_tracking"):
        links = translate("engine_cli", "{count} delta link(s)").format(count=tracking["links"])
        print(translate("engine_cli", "Microsoft Graph change tracking: {links}, advanced between {oldest} and "
                        "{newest}").format(links=links, oldest=tracking["oldest"], newest=tracking["newest"]))
    width = max((len(u["pbx_name"]) for u in report["users"]), default=8)
    column = max([13, *(len(word(u["status"])) for u in report["users"])])
    for u in report["users"]:
        line = f"  {u['pbx_name']:<{width}}  {word(u['status']):<{column}} {u['address']}"
        if u["detail"]:
            line += f"  ({u['detail']})"
        print(line)
        if u["presence"]:
            print(f"  {'':<{width}}  {'':<{column}} " + translate("engine_cli", "presence: {text}").format(
                text=u["presence"]))
    if report["events"]:
        print(translate("engine_cli", "recent events:"))
        for e in report["events"]:
            print(f"  {e['at']}  {e['pbx_name']}: {word(e['kind'])}" + (f" — {e['detail']}" if e["detail"] else ""))
    return ExitCode.OK
