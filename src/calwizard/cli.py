"""Command line entry point: ``calwizard`` (GUI) and the headless verbs.

Arguments are parsed before anything heavy is imported; headless verbs never import PySide6
(a test asserts it). Exit codes: :class:`ExitCode`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from calwizard.errors import ExitCode

__all__ = ["ExitCode", "main"]




def _version() -> str:
    from calwizard import __version__

    return __version__


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for (``importlib.metadata`` takes ~30 ms: not on every start of
    the wizard)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        parser._print_message(f"calwizard {_version()}\n", sys.stdout)
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="calwizard",
        description="Set up and validate calendar-to-presence connectors (Exchange / Microsoft 365 -> PBX). "
        "Without a command, the wizard opens.",
    )
    p.add_argument("--version", action=_VersionAction)
    p.add_argument("-v", "--verbose", action="store_true", help="log what every network step tries (stderr)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    v = sub.add_parser("validate", help="run every check headless and report")
    v.add_argument("config", type=Path, help="configuration file (.toml) or sealed bundle (.calwiz)")
    v.add_argument("--json", action="store_true", help='print {"passed": bool, "checks": [...]} as JSON')
    v.add_argument("--rebind-secrets", action="store_true",
                   help="re-bind stored secrets the configuration references to its destinations (Entra authority, "
                   "EWS, Graph, PBX hosts) instead of refusing them; use it only for a configuration you trust")
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("sandbox", help="serve a simulated Microsoft 365 tenant and on-premises Exchange")
    s.add_argument("--port", type=int, default=8443, help="HTTPS port on 127.0.0.1 (0: any free port)")
    s.add_argument("--http-port", type=int, default=0, help="plain HTTP port for the redirect candidate (0: any)")
    s.add_argument("--data-dir", type=Path, required=True, help="where ca.pem and configs/<scenario>.toml go")
    s.add_argument("--latency-ms", type=int, default=0, help="delay every answer by this many milliseconds")
    s.add_argument("--ews-concurrency", type=int, default=27, help="concurrent EWS requests per account")
    s.add_argument("--bulk-mailboxes", type=int, default=0,
                   help="add this many generated mailboxes user0001@contoso.test … (benchmarks)")
    s.add_argument("--role-propagation-seconds", type=float, default=0.0,
                   help="delay before an admin consent given through Microsoft Graph shows in app tokens")
    s.add_argument("--shard-accounts", type=int, default=0, metavar="N",
                   help="add N service accounts svc-shard0@contoso.test … (demo credentials "
                   "contoso-svc-shardK-password), one per engine shard (benchmarks)")
    s.set_defaults(func=cmd_sandbox)

    g = sub.add_parser("gui", help="open the wizard (the same as no command), optionally with a configuration")
    g.add_argument("config", nargs="?", type=Path, help="configuration file to open")
    g.set_defaults(func=cmd_gui)

    dm = sub.add_parser("demo", help="start the sandbox tenant in-process and open the wizard prefilled for it")
    dm.add_argument("scenario", nargs="?", default="pbx-ok",
                    help="sandbox scenario to prefill (default pbx-ok: Exchange on-premises and the sandbox PBX, the "
                    "whole chain; e.g. onprem-ok, app-only-ok)")
    dm.add_argument("--data-dir", type=Path, default=None, help="sandbox files (default: a temporary directory)")
    dm.add_argument("--latency-ms", type=int, default=0, help="delay every sandbox answer (ms)")
    dm.set_defaults(func=cmd_demo)

    from calwizard.engine import cli as engine_cli
    from calwizard.engine.service import cli as service_cli

    service_cli.register(engine_cli.register(sub))  # engine run/status, then install-service and the others

    from calwizard import cli_entra

    cli_entra.register(sub)
    from calwizard.pbx import cli as pbx_cli

    pbx_cli.register(sub)

    try:
        from calwizard import cli_secrets
    except ImportError:  # pragma: no cover - module lands with the secrets issue
        cli_secrets = None  # type: ignore[assignment]
    if cli_secrets is not None:
        cli_secrets.register(sub)
    return p


def cmd_validate(args: argparse.Namespace) -> int:
    import asyncio

    from calwizard.checks.plan import make_context, validate
    from calwizard.checks.text import print_result
    from calwizard.cli_secrets import load_for_validate
    from calwizard.errors import UserFacingError

    try:
        settings, fetch = load_for_validate(args.config, rebind=getattr(args, "rebind_secrets", False))
        ctx = make_context(settings, fetch)
    except UserFacingError as exc:
        print(f"calwizard: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if ctx.http.debug_log is not None:
        print(f"calwizard: EWS protocol debugging is on: requests and responses (secrets masked) go to "
              f"{ctx.http.debug_log.path}", file=sys.stderr)

    def progress(ev) -> None:  # type: ignore[no-untyped-def]
        if not args.json and ev.kind == "finished":
            for r in ev.results:
                print_result(r.to_json())
            sys.stdout.flush()

    try:
        results = asyncio.run(validate(ctx, progress=progress))
    except KeyboardInterrupt:
        print("calwizard: cancelled", file=sys.stderr)
        return 130
    passed = all(r.passed for r in results)
    internal = any(r.evidence.get("internal_error") for r in results)
    if args.json:
        import json

        print(json.dumps({"passed": passed, "checks": [r.to_json() for r in results]}, indent=2))
    else:
        n_fail = sum(1 for r in results if r.status == "failed")
        n_warn = sum(1 for r in results if r.status == "warning")
        from calwizard.i18n import translate

        print((translate("cli", "PASSED: {checks} checks, {failed} failed, {warnings} warnings") if passed else
               translate("cli", "FAILED: {checks} checks, {failed} failed, {warnings} warnings")).format(
            checks=len(results), failed=n_fail, warnings=n_warn))
    if internal:
        return ExitCode.INTERNAL
    return ExitCode.OK if passed else ExitCode.CHECK_FAILED


def cmd_sandbox(args: argparse.Namespace) -> int:
    import asyncio

    from calwizard.sandbox.cli import serve_sandbox

    try:
        return asyncio.run(serve_sandbox(args))
    except KeyboardInterrupt:
        return ExitCode.OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from calwizard.gui.app import run_gui
    except ImportError as exc:
        print(f"calwizard: the wizard cannot start: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    return run_gui(args)


def cmd_demo(args: argparse.Namespace) -> int:
    try:
        from calwizard.gui.app import run_demo
    except ImportError as exc:
        print(f"calwizard: the wizard cannot start: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    return run_demo(args)


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not verbose:  # what exchangelib warns about (e.g. "Multiple results were found.") is in our own check results
        logging.getLogger("exchangelib").setLevel(logging.ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:  # `calwizard` alone opens the wizard: no need to build every verb's parser (time to first page)
        _configure_logging(False)
        return cmd_gui(argparse.Namespace(verbose=False, command=None, config=None))
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    from calwizard import i18n

    # headless verbs speak the system's language (LANG, LC_MESSAGES) or CALWIZARD_LANG; the catalog is read only
    # when a text in another language than English is asked for
    i18n.set_language(i18n.choose_language())
    func = getattr(args, "func", None)
    if func is None:
        return cmd_gui(args)
    try:
        return int(func(args))
    except Exception:
        logging.getLogger("calwizard").exception("internal error")
        print("calwizard: internal error (a bug in calwizard); details are in the log above", file=sys.stderr)
        return ExitCode.INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
