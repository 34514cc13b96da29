"""``calwizard entra create-app CONFIG``: the headless "Create it for me" (technicians working over SSH).

An administrator signs in with a device code (or ``--browser``), calwizard shows the plan, creates the app
registration with Microsoft Graph (:mod:`calwizard.exchange.entra_setup`), puts the client secret or the
certificate's private key straight into the secret store, writes the IDs and the secret store reference into
CONFIG, waits until the app's token carries the permission and runs the Entra checks.

An app registration of the same display name already in the tenant is never duplicated silently: calwizard lists
it (app ID, created, permissions, credentials) and the technician chooses ``--reuse APP_ID`` (add only what it
lacks: the permission, a new credential, service principal and consent) or ``--new-name`` (a new app named
"<name> (2)"); in a terminal without ``--yes`` it asks. Exit codes: 0 created and checked, 1 a step or a check
failed, 2 bad arguments or configuration (also: an app of that name exists and neither was chosen), 130
interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def register(subparsers: Any) -> None:
    """Add ``entra create-app`` to ``subparsers``. Imports nothing heavy."""
    p = subparsers.add_parser("entra", help="Entra ID helpers: create the app registration",
                              description="Entra ID helpers.")
    sub = p.add_subparsers(dest="entra_command", metavar="COMMAND")
    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), EXIT_USAGE)[1])
    c = sub.add_parser(
        "create-app",
        help="create the app registration for CONFIG with one administrator sign-in (device code)",
        description="An administrator signs in once (a code to enter on any device with a browser; --browser: the "
        "system browser on this machine) with the delegated permissions Application.ReadWrite.All and "
        "AppRoleAssignment.ReadWrite.All. calwizard shows what it will create, creates the single-tenant app with "
        "exactly the sync type's application permission, a client secret (or a certificate generated here), the "
        "service principal and the admin consent (or none, for --consent scoped), keeps the credential in the "
        "secret store, writes the IDs into CONFIG, waits until the app's token carries the permission and runs "
        "the Entra checks. Consent needs Global Administrator or Privileged Role Administrator for Microsoft "
        "Graph permissions, and also Cloud Application Administrator or Application Administrator for Exchange "
        "Online's full_access_as_app.",
    )
    c.add_argument("config", type=Path, metavar="CONFIG", help="the configuration (TOML) to complete")
    c.add_argument("--name", default="", help="display name of the app registration (default: 'Calendar sync "
                   "(calwizard)')")
    c.add_argument("--reuse", default="", metavar="APP_ID",
                   help="reuse the existing app registration with this application (client) ID: calwizard adds the "
                   "missing permission, a new client secret or certificate, the service principal and the consent "
                   "it lacks, and changes nothing else on it")
    c.add_argument("--new-name", action="store_true",
                   help="an app of that name exists: create a new one under the first free name '<name> (2)', "
                   "'(3)'...")
    c.add_argument("--credential", choices=("secret", "certificate"), default="secret",
                   help="client secret (default) or a certificate generated on this machine")
    c.add_argument("--months", type=int, default=12, help="lifetime of the secret or certificate (1-24, default 12)")
    c.add_argument("--consent", choices=("tenant-wide", "scoped"), default="tenant-wide",
                   help="tenant-wide admin consent (default), or scoped: none in Entra ID, the app is limited to "
                   "the synced mailboxes with Exchange RBAC for Applications (Microsoft Graph Calendars.Read)")
    c.add_argument("--profile", default="", help="secret store profile (default: from the file name)")
    c.add_argument("--browser", action="store_true", help="sign in in the system browser instead of with a code")
    c.add_argument("--yes", action="store_true", help="do not ask before creating (and delete what was created if "
                   "a step fails)")
    c.add_argument("--wait-timeout", type=float, default=600.0,
                   help="seconds to wait for the permission to show in the app's token (default 600)")
    c.set_defaults(func=cmd_create_app)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _ask(question: str) -> bool:
    if sys.stdin is None or not sys.stdin.isatty():
        raise EOFError
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _choose(plan: Any, current: str) -> Any:
    """Ask which app of that name to reuse, or for a new name; the options to plan again with, or None.
    ``current``: the client ID the configuration has now (marked)."""
    from dataclasses import replace

    for i, app in enumerate(plan.existing, 1):
        uses = " - CONFIG uses it" if current and app.client_id.lower() == current.strip().lower() else ""
        _say(f"  {i}) reuse {app.display_name!r} (app ID {app.client_id}){uses}")
    _say(f"  n) create a new app named {plan.proposed_name!r}")
    answer = input("Your choice (Enter: cancel): ").strip().lower()
    if answer == "n":
        return replace(plan.options, new_name=True, reuse="")
    if answer.isdigit() and 1 <= int(answer) <= len(plan.existing):
        return replace(plan.options, reuse=plan.existing[int(answer) - 1].client_id, new_name=False)
    return None


def _choice_fix(plan: Any, current: str = "") -> str:
    """The remedy for an app of that name (or a --reuse that names none); ``current``: the client ID CONFIG has
    now."""
    if plan.reuse_not_found:
        return ("pass the application (client) ID of an app registration of this tenant to --reuse (Entra admin "
                "center > App registrations), or leave --reuse out to create a new one")
    if plan.options.reuse and plan.options.new_name:
        return "pass either --reuse APP_ID or --new-name"
    ids = ", ".join(a.client_id + (" - CONFIG uses it" if current and a.client_id.lower() == current.lower() else "")
                    for a in plan.existing)
    return (f"run again with --reuse APP_ID ({ids}) to reuse it (calwizard adds only what it lacks), or with "
            f"--new-name to create {plan.proposed_name!r}, or choose another name with --name")


def cmd_create_app(args: argparse.Namespace) -> int:
    from calwizard.errors import ConfigError, SecretError, UserFacingError

    try:
        return _create_app(args)
    except UserFacingError as exc:  # configuration, store: 2; sign-in refused or cancelled, Graph: 1
        _say(f"calwizard entra create-app: error: {exc.message}")
        if exc.remedy:
            _say(f"       fix: {exc.remedy}")
        return EXIT_USAGE if isinstance(exc, ConfigError | SecretError) or exc.field == "exchange.sync_type" \
            else EXIT_FAILED
    except EOFError:
        _say("calwizard entra create-app: error: no terminal to confirm: run it in a terminal or pass --yes")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("calwizard entra create-app: cancelled")
        return EXIT_INTERRUPTED


def _create_app(args: argparse.Namespace) -> int:
    from calwizard.cli_secrets import profile_from_filename
    from calwizard.exchange import entra_setup as es
    from calwizard.exchange.http import HttpPolicy
    from calwizard.secrets import check_profile_name, open_store
    from calwizard.settings import load_settings, save_settings
    from calwizard.settings.model import SecretRef

    settings = load_settings(args.config)
    permission = es.required_permission(settings.exchange)
    options = es.SetupOptions(
        display_name=args.name or es.DEFAULT_DISPLAY_NAME,
        credential=es.CredentialKind(args.credential), months=args.months,
        consent=es.ConsentMode.TENANT_WIDE if args.consent == "tenant-wide" else es.ConsentMode.RBAC_SCOPED,
        reuse=args.reuse.strip(), new_name=args.new_name)
    problems = options.problems(permission)
    if problems:
        _say(f"calwizard entra create-app: error: {problems[0]}")
        return EXIT_USAGE
    profile = check_profile_name(args.profile or profile_from_filename(args.config))
    store = open_store(interactive=True)  # before anything is created: a secret must have somewhere to go
    http = HttpPolicy.from_settings(settings.exchange)

    cancel = threading.Event()
    if args.browser:
        session = es.admin_sign_in(settings.exchange, http, cancel=cancel)
    else:
        def show(message: str, url: str, code: str) -> None:
            _say(message or f"Open {url} and enter the code {code}.")

        session = es.admin_sign_in_device_code(settings.exchange, http, show=show, cancel=cancel)
    _say(f"Signed in as {session.username}" + (f" ({', '.join(session.role_names)})" if session.role_names else ""))

    def progress(ev: es.SetupEvent) -> None:
        if ev.status == "running" and ev.step == es.STEP_WAIT and ev.detail:
            _say(f"  ... {es.step_label(ev.step)}: {ev.detail}")
        elif ev.status != "running":
            mark = {"done": "[ OK ]", "failed": "[FAIL]", "skipped": "[SKIP]"}.get(ev.status, "[....]")
            _say(f"{mark} {es.step_label(ev.step)}" + (f": {ev.detail}" if ev.detail else ""))

    async def run() -> int:
        async with es.AppSetup(session, settings, http) as setup:
            plan = await setup.plan(options)
            _say(plan.text())
            while plan.needs_choice and not args.yes and _interactive():
                chosen = _choose(plan, settings.exchange.client_id)
                if chosen is None:
                    _say("Nothing was created.")
                    return EXIT_USAGE
                plan = await setup.plan(chosen)
                _say(plan.text())
            if plan.bad_choice:
                _say(f"calwizard entra create-app: error: {plan.problems[0]}")
                _say(f"       fix: {_choice_fix(plan, settings.exchange.client_id.strip())}")
                return EXIT_USAGE
            if not plan.ok:
                return EXIT_FAILED
            reusing = plan.reuse is not None
            if not args.yes and not _ask("Change it as shown?" if reusing else "Create it?"):
                _say("Nothing was created." if not reusing else "Nothing was changed.")
                return EXIT_FAILED
            try:
                result = await setup.execute(plan, progress)
            except es.SetupFailed as exc:
                _say(f"calwizard entra create-app: {exc.message}")
                if exc.remedy:
                    _say(f"       fix: {exc.remedy}")
                undo = "Remove what this run added?" if exc.created.reused else "Delete what was created?"
                if exc.created.anything and (args.yes or _ask(undo)):
                    left = await setup.rollback(exc.created, progress)
                    if left:
                        _say("Could not undo: " + "; ".join(left))
                    elif exc.created.reused:
                        _say("Removed what this run added; the application itself was kept as it was.")
                    else:
                        _say("Deleted what was created.")
                elif exc.created.anything:
                    _say(f"Kept: {exc.created.describe()}.")
                return EXIT_FAILED
            field = es.credential_field(result)
            ref = SecretRef(store=f"{profile}/exchange.{field}")
            assert ref.store is not None
            configured = es.configure(settings, result, ref)
            from calwizard.secretbinding import field_destinations

            # bound to this configuration's Entra authority and hosts (calwizard.secretbinding)
            store.set(ref.store, result.credential_value, bound_to=field_destinations(configured, f"exchange.{field}"))
            save_settings(configured, args.config)
            _say(f"Wrote {args.config}: client ID {result.created.client_id}, tenant {result.tenant_id}; the "
                 f"{'client secret' if field == 'client_secret' else 'certificate and its private key'} is in the "
                 f"secret store ({store.backend_name}) as {ref.store!r}, expires {result.expires.date()} "
                 f"(renew it before: calwizard validate warns 30 days ahead).")
            from calwizard.exchange.clouds import admin_center_url

            portal = admin_center_url(configured.exchange.cloud, "overview", client_id=result.created.client_id,
                                      tenant=result.tenant_id)
            if portal:
                _say(f"The app in the Entra admin center: {portal}")
            if result.consent == es.ConsentMode.RBAC_SCOPED:
                from calwizard.wizard.flow import scope_script

                _say("Limit the app to the synced mailboxes (Exchange Online PowerShell, as an Exchange "
                     "administrator):")
                print(scope_script(configured), flush=True)
            try:
                await setup.wait_until_granted(result, progress, timeout=args.wait_timeout)
            except es.SetupFailed as exc:
                _say(f"calwizard entra create-app: {exc.message}" + (f"\n       fix: {exc.remedy}" if exc.remedy
                                                                       else ""))
                return EXIT_FAILED
            return await _check(configured, store)

    return asyncio.run(run())


async def _check(settings: Any, store: Any) -> int:
    """The Entra checks of the finished configuration, as ``calwizard validate`` prints them."""
    from calwizard.checks.entra import check_permissions, check_tenant, check_token
    from calwizard.checks.plan import make_context
    from calwizard.checks.text import print_result
    from calwizard.secretrefs import make_fetcher

    ctx = make_context(settings, make_fetcher(settings, store_opener=lambda: store))
    ok = True
    for check in (check_tenant, check_token, check_permissions):
        result = await check(ctx)
        print_result(result.to_json())
        ok = ok and result.passed
        if not result.passed:
            break
    return EXIT_OK if ok else EXIT_FAILED
