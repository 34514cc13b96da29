"""``calwizard pbx users CONFIG`` and ``calwizard pbx presence CONFIG USER...``: look at the PBX as calwizard sees it.

* ``pbx users`` logs in as the configured App object, replicates the users (PbxTableUsers) and prints each with the
  SMTP addresses calwizard tries for it (the PBX's e-mail addresses, then username@domain) and whether the user
  filter selects it.
* ``pbx presence`` subscribes to the users' presence like a PBX client (PbxApi SubscribePresence) and prints every
  entry, calwizard's (contact ``calendar:calwizard``) marked.

Exit codes (:class:`calwizard.cli.ExitCode`): 0 done; 1 the PBX cannot be used (unreachable, login rejected, API not
enabled, another PBX); 2 bad arguments or configuration. :func:`register` imports nothing heavy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from calwizard.i18n import translate


def register(subparsers: Any) -> None:
    """Add ``pbx users`` and ``pbx presence`` to ``subparsers``."""
    p = subparsers.add_parser("pbx", help="look at the configured innovaphone PBX: its users, their presence",
                              description="Log in to the configured PBX as its App object and show what calwizard "
                              "sees there.")
    sub = p.add_subparsers(dest="pbx_command", metavar="COMMAND")
    p.set_defaults(func=lambda args: _usage(p))
    u = sub.add_parser("users", help="the PBX's users and the addresses calwizard tries for them")
    u.add_argument("config", type=Path, metavar="CONFIG_OR_BUNDLE")
    u.add_argument("--json", action="store_true", help="print JSON")
    u.set_defaults(func=cmd_users)
    r = sub.add_parser("presence", help="users' presence on the PBX, read with SubscribePresence")
    r.add_argument("config", type=Path, metavar="CONFIG_OR_BUNDLE")
    r.add_argument("users", nargs="+", metavar="USER", help="PBX user names")
    r.add_argument("--json", action="store_true", help="print JSON")
    r.set_defaults(func=cmd_presence)


def _usage(parser: argparse.ArgumentParser) -> int:
    from calwizard.errors import ExitCode

    parser.print_usage(sys.stderr)
    print("calwizard pbx: error: choose one of: users, presence", file=sys.stderr)
    return ExitCode.USAGE


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _run(args: argparse.Namespace, body: Any) -> int:
    import asyncio

    from calwizard.checks.plan import make_context
    from calwizard.cli_secrets import load_for_validate
    from calwizard.errors import ConfigError, ExitCode, SecretError, UserFacingError

    try:
        settings, fetch = load_for_validate(args.config)
        if not settings.pbx.connected:
            raise ConfigError("the configuration has no PBX connection", field="pbx.address",
                              remedy="Enter the PBX address, App object name and password (wizard: PBX & presence).")
        ctx = make_context(settings, fetch)
        if "pbx.app_password" in ctx.secrets.errors:
            raise ctx.secrets.errors["pbx.app_password"]
        if not ctx.secrets.get("pbx.app_password"):
            raise ConfigError("pbx.app_password is not configured", field="pbx.app_password")
    except (ConfigError, SecretError) as exc:
        _say(f"calwizard pbx: {exc}")
        return ExitCode.USAGE
    except (EOFError, KeyboardInterrupt):
        return ExitCode.USAGE
    try:
        return int(asyncio.run(body(ctx)))
    except UserFacingError as exc:
        _say(f"calwizard pbx: {exc}")
        return ExitCode.CHECK_FAILED


async def _open(ctx: Any) -> Any:
    from calwizard.pbx.appwebsocket import AppWebsocket, websocket_url
    from calwizard.pbx.connection import check_pbx_name

    pbx = ctx.settings.pbx
    ws = await AppWebsocket.open(websocket_url(pbx.address), ctx.http, pbx.app_name,
                                 ctx.secrets.get("pbx.app_password") or "",
                                 timeout=ctx.settings.exchange.timeout_seconds)
    try:
        check_pbx_name(ws, pbx.master_pbx_name)
    except BaseException:
        await ws.close()
        raise
    return ws


def cmd_users(args: argparse.Namespace) -> int:
    async def body(ctx: Any) -> int:
        from calwizard.pbx.users import UserFilter, replicate_users

        pbx = ctx.settings.pbx
        ws = await _open(ctx)
        try:
            users = await replicate_users(ws)
        finally:
            await ws.close()
        domain = pbx.domain or ws.info.domain
        selected = UserFilter.parse(pbx.user_filter)
        rows = [{"user": u.h323, "name": u.display, "emails": list(u.emails), "addresses": u.addresses(domain),
                 "synced": selected.matches(u)} for u in sorted(users, key=lambda u: u.h323.casefold())]
        if args.json:
            print(json.dumps({"pbx": ws.info.pbx, "domain": domain, "users": rows}, indent=2, ensure_ascii=False))
            return 0
        print(translate("pbx", "PBX {pbx}, domain {domain}: {count} users").format(
            pbx=ws.info.pbx or translate("pbx", "(name not reported)"), domain=domain or translate("pbx", "(none)"),
            count=len(rows)))
        width = max((len(r["user"]) for r in rows), default=4)
        for r in rows:
            tries = "; ".join(r["addresses"]) or translate("pbx", "no e-mail address on the PBX")
            mark = "" if r["synced"] else translate("pbx", "  (not synced: outside the user filter)")
            print(f"  {r['user']:<{width}}  {tries}{mark}")
        return 0

    return _run(args, body)


def cmd_presence(args: argparse.Namespace) -> int:
    async def body(ctx: Any) -> int:
        import asyncio

        from calwizard.pbx.presence import CONTACT, subscribe_presence

        ws = await _open(ctx)
        got: dict[str, list[Any]] = {}
        try:
            for user in args.users:
                first = asyncio.Event()

                def on(entries: list[Any], user: str = user, first: asyncio.Event = first) -> None:
                    got[user] = entries
                    first.set()

                await subscribe_presence(ws, user, on)
                async with asyncio.timeout(ctx.settings.exchange.timeout_seconds):
                    await first.wait()
        finally:
            await ws.close()
        if args.json:
            print(json.dumps({u: [e.__dict__ for e in got.get(u, [])] for u in args.users}, indent=2,
                             ensure_ascii=False))
            return 0
        for user in args.users:
            entries = got.get(user, [])
            print(f"{user}:" + ("" if entries else translate("pbx", " no presence")))
            for e in entries:
                mark = "*" if e.contact == CONTACT else " "
                print(f" {mark} {e.contact:<20} {e.activity or 'available':<10} {e.note}")
        return 0

    return _run(args, body)
