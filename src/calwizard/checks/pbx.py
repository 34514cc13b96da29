"""PBX checks: the connection to the innovaphone PBX, its name, its APIs, its users — and the PBX's users fed into
the per-mailbox Exchange checks.

* ``pbx.connect`` — one spec, three kinds of results: ``pbx.connect`` (reachable, TLS, AppLogin as the App object),
  ``pbx.name`` (the PBX reached is the master PBX, seed "PBX Settings"), ``pbx.api:PbxApi`` and
  ``pbx.api:PbxTableUsers`` (the App object's check boxes; from the PbxInfo, else probed with ``GetNodeInfo`` and a
  ``ReplicateStart``).
* ``pbx.users`` — replicates the users (PbxTableUsers): how many, how many after the user filter, and a warning per
  user without an e-mail address on the PBX (``pbx.user:<name>``). Puts the users into ``ctx.facts["pbx_users"]``
  and the mailboxes to check into ``ctx.facts["pbx_mailboxes"]``.
* :func:`from_pbx` wraps the per-mailbox check of the sync type (``ews.mailboxes`` or ``graph.mailboxes``) so that it
  checks the PBX's users instead of the configured list. A PBX user whose addresses resolve to no mailbox is a
  *warning* there, not a failure: a PBX has users without a mailbox (door phones, a reception), and the seed's
  Calendar simply does not sync them ("a user, that isn't available in PBX won't be synchronized").

Every failure carries the fix in the PBX's admin UI (:mod:`calwizard.pbx.appwebsocket`'s remedies).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from calwizard.checks.base import CheckResult, CheckStatus, failed, ok, skipped, warning
from calwizard.checks.context import CheckContext
from calwizard.errors import NetworkError, PbxError, TlsError
from calwizard.i18n import QT_TRANSLATE_NOOP, translate
from calwizard.pbx.appwebsocket import AppWebsocket, api_remedy, websocket_url
from calwizard.pbx.connection import check_pbx_name
from calwizard.pbx.instructions import REQUIRED_APIS
from calwizard.pbx.users import UserFilter, pbx_mailboxes, replicate_users

PROBE_TIMEOUT = 5.0
"""Seconds an API probe waits when the PBX sent no PbxInfo (a PBX does not answer a disabled API)."""
NO_EMAIL_REMEDY = (
    QT_TRANSLATE_NOOP("checks", "On the PBX, open the user object (PBX > Objects, or the Users app) and "
                                "enter the user's e-mail address under E-Mail; or set the mail domain "
                                "(pbx.domain) so that <user name>@<domain> is tried.")
)
NO_MAILBOX_REMEDY = (
    QT_TRANSLATE_NOOP("checks", "Not synced, which is right for a PBX user without a calendar (a door "
                                "phone, a reception). If the user has a mailbox, enter its address on the "
                                "PBX user object (E-Mail) or in the mailbox list.")
)


_API_USE = {
    "PbxApi": (QT_TRANSLATE_NOOP("checks", "calwizard sets presence with it (SetPresence)"),
               QT_TRANSLATE_NOOP("checks", "calwizard cannot set presence")),
    "PbxTableUsers": (QT_TRANSLATE_NOOP("checks", "calwizard reads the users with it (ReplicateStart)"),
                      QT_TRANSLATE_NOOP("checks", "calwizard cannot read the PBX's users")),
}


def _password(ctx: CheckContext) -> str | None:
    return ctx.secrets.get("pbx.app_password")


async def _open(ctx: CheckContext) -> AppWebsocket:
    pbx = ctx.settings.pbx
    return await AppWebsocket.open(websocket_url(pbx.address), ctx.http, pbx.app_name, _password(ctx) or "",
                                   timeout=ctx.settings.exchange.timeout_seconds)


def _connect_failed(ctx: CheckContext, err: PbxError | NetworkError) -> CheckResult:
    pbx = ctx.settings.pbx
    host = err.host or pbx.address
    if isinstance(err, TlsError):
        return failed("pbx.connect", f"PBX {host}: {err.message}", remedy=err.remedy or "", detail=err.detail,
                      kind="tls")
    if isinstance(err, PbxError):
        labels = {"login_rejected": translate("checks", "login rejected"),
                  "not_a_pbx": translate("checks", "not a PBX"), "timeout": translate("checks", "no answer"),
                  "closed": translate("checks", "connection closed"),
                  "protocol": translate("checks", "unexpected answer")}
        return failed("pbx.connect", f"PBX {host}: {labels.get(err.kind, err.kind)} — {err.message}",
                      remedy=err.remedy or "", kind=err.kind, field=err.field or "pbx.address")
    return failed("pbx.connect", translate("checks", "PBX {host}: cannot connect — {message}").format(
        host=host, message=err.message), remedy=err.remedy or "", detail=err.detail,
                  kind="network", field="pbx.address")


async def _probe(ws: AppWebsocket, api: str) -> bool:
    """Whether ``api`` answers (no PbxInfo said which APIs the App object enables)."""
    try:
        if api == "PbxApi":
            await ws.request(api, "GetNodeInfo", timeout=PROBE_TIMEOUT)
        else:
            await ws.request(api, "ReplicateStart", timeout=PROBE_TIMEOUT, add=False, **{"del": False},
                             columns={"guid": {}}, pseudo=[""])
    except PbxError as err:
        if err.kind == "timeout":
            return False
        raise
    return True


async def check_connect(ctx: CheckContext) -> list[CheckResult]:
    """Reach the PBX, log in as the App object, compare the PBX name, check the two APIs."""
    pbx = ctx.settings.pbx
    if "pbx.app_password" in ctx.secrets.errors:
        err = ctx.secrets.errors["pbx.app_password"]
        return [failed("pbx.connect", translate("checks", "The App object password cannot be read: {message}").format(
            message=err.message),
                       remedy=err.remedy or "", field="pbx.app_password")]
    if not _password(ctx):
        return [failed("pbx.connect", translate("checks", "No App object password is configured"),
                       field="pbx.app_password",
                       remedy=translate("checks", "Enter the password of the App object on the PBX & "
                                                  "presence page (it is kept in the secret store)."))]
    try:
        ws = await _open(ctx)
    except (PbxError, NetworkError) as err:
        return [_connect_failed(ctx, err)]
    try:
        info = ws.info
        ctx.facts["pbx_info"] = info
        host = ws.url.split("/")[2]
        results = [ok("pbx.connect", translate("checks", "Logged in to the PBX at {host} as App object "
                                                         "'{app_name}'").format(host=host, app_name=pbx.app_name),
                      url=ws.url, pbx=info.pbx, domain=info.domain)]
        try:
            check_pbx_name(ws, pbx.master_pbx_name)
            if info.pbx:
                results.append(ok("pbx.name", translate("checks", "The PBX is '{pbx}', the master PBX").format(
                    pbx=info.pbx), pbx=info.pbx))
            else:
                results.append(warning(
                    "pbx.name", translate("checks", "The PBX did not report its name: it cannot be "
                                                    "compared with the master PBX name"),
                    remedy=translate("checks", "Make sure {host} is the PBX named '{master_pbx_name}' (PBX "
                                               "> Config > General > PBX Name); calwizard accepts only "
                                               "that PBX.").format(host=host, master_pbx_name=pbx.master_pbx_name)))
        except PbxError as err:
            results.append(failed("pbx.name", err.message, remedy=err.remedy or "", field="pbx.master_pbx_name",
                                  pbx=info.pbx, master=pbx.master_pbx_name))
        for api in REQUIRED_APIS:
            enabled = api in info.apis if info.apis is not None else await _probe(ws, api)
            if enabled:
                results.append(ok(f"pbx.api:{api}", translate("checks", "The App object enables {api}: {use}").format(
                    api=api, use=translate("checks", _API_USE[api][0]))))
            else:
                results.append(failed(
                    f"pbx.api:{api}", translate("checks", "The App object '{app_name}' does not enable {api}: {use}")
                    .format(app_name=pbx.app_name, api=api, use=translate("checks", _API_USE[api][1])),
                    remedy=api_remedy(pbx.app_name, api), field="pbx.app_name", api=api))
        return results
    finally:
        await ws.close()


async def check_users(ctx: CheckContext) -> list[CheckResult]:
    """Replicate the PBX's users; count them; warn about users without an e-mail address."""
    pbx = ctx.settings.pbx
    try:
        ws = await _open(ctx)
    except (PbxError, NetworkError) as err:
        return [_connect_failed(ctx, err)]
    try:
        users = await replicate_users(ws, timeout=max(ctx.settings.exchange.timeout_seconds, 10.0))
    except PbxError as err:
        return [failed("pbx.users", translate("checks", "The PBX's users cannot be replicated: {message}").format(
            message=err.message),
                       remedy=err.remedy or api_remedy(pbx.app_name, "PbxTableUsers"), kind=err.kind)]
    finally:
        await ws.close()
    user_filter = UserFilter.parse(pbx.user_filter)
    chosen = [u for u in users if user_filter.matches(u)]
    domain = pbx.domain or ws.info.domain
    mailboxes, no_address = pbx_mailboxes(chosen, domain, ctx.settings.mailboxes)
    ctx.facts["pbx_users"] = chosen
    ctx.facts["pbx_domain"] = domain
    ctx.facts["pbx_mailboxes"] = mailboxes
    count = translate("checks", "{len} users on the PBX").format(
        len=len(users)) + (translate("checks", ", {len} of them match the filter "
                                                                    "'{user_filter}'").format(
                                                                        len=len(chosen), user_filter=pbx.user_filter)
                                                  if user_filter else "")
    if not chosen:
        head = warning("pbx.users", translate("checks", "{count}: no user to sync").format(count=count),
                       remedy=translate("checks", "Check the user filter (pbx.user_filter).") if user_filter else
                       translate("checks", "Create the users on the PBX, or check that the App object may "
                                           "see them."),
                       users=len(users), synced=0)
    else:
        tried = {m.pbx_name.casefold(): list(m.addresses) for m in mailboxes}
        head = ok("pbx.users", translate("checks", "{count}; their calendars are synced").format(
            count=count), users=len(users), synced=len(chosen),
                  domain=domain, mailboxes=[
                      {"pbx_name": u.h323, "name": u.display, "emails": list(u.emails),
                       "addresses": tried.get(u.h323.casefold(), [])}
                      for u in sorted(chosen, key=lambda u: u.h323.casefold())])
    results = [head]
    for u in chosen:
        if u.emails:
            continue
        cid = f"pbx.user:{u.h323}"
        if u in no_address:
            results.append(warning(cid, translate("checks", "{h323}: no e-mail address on the PBX — not "
                                                            "synced").format(h323=u.h323),
                                   remedy=translate("checks", NO_EMAIL_REMEDY), pbx_name=u.h323))
        elif u.h323.casefold() not in {m.casefold() for m in (x.pbx_name for x in ctx.settings.mailboxes)}:
            results.append(warning(cid, translate("checks", "{h323}: no e-mail address on the PBX; tried "
                                                            "as {h323}@{domain} (username@domain)").format(
                                                                h323=u.h323, domain=domain),
                                   remedy=translate("checks", NO_EMAIL_REMEDY),
                                                                pbx_name=u.h323,
                                   address=f"{u.h323}@{domain}"))
    return results


CheckFunc = Callable[[CheckContext], Awaitable[CheckResult | list[CheckResult]]]


def _soften(r: CheckResult) -> CheckResult:
    if r.status is CheckStatus.FAILED and (r.evidence.get("kind") == "not_found"
                                           or r.evidence.get("http_status") == 404):
        return replace(r, status=CheckStatus.WARNING, summary=translate("checks", "{summary} — not synced").format(
            summary=r.summary), remedy=translate("checks", NO_MAILBOX_REMEDY))
    return r


def from_pbx(inner: CheckFunc, head_id: str | None = None, *, check_id: str | None = None) -> CheckFunc:
    """``inner`` (a per-mailbox check reading ``ctx.settings.mailboxes``) run over the PBX's users
    (``ctx.facts["pbx_mailboxes"]``, from ``pbx.users``); "no such mailbox" becomes a warning (see the module
    docstring). ``head_id``: the id of ``inner``'s summary result, if it has one (re-judged after softening);
    ``check_id``: the id of the skipped/empty result when ``inner`` has no summary to re-judge (``ews.streaming``)."""
    own_id = head_id or check_id or "mailboxes"

    async def check(ctx: CheckContext) -> list[CheckResult]:
        mailboxes = ctx.facts.get("pbx_mailboxes")
        if mailboxes is None:
            return [skipped(own_id, translate("checks", "The PBX's users are not known (pbx.users did not "
                                                        "run)"))]
        if not mailboxes:
            return [ok(own_id, translate("checks", "No PBX user to check"))]
        sub = replace(ctx, settings=ctx.settings.model_copy(update={"mailboxes": mailboxes}))
        out = await inner(sub)
        results = [_soften(r) for r in (out if isinstance(out, list) else [out])]
        if head_id is not None:
            rest = [r for r in results if r.id != head_id]
            if all(r.passed for r in rest):
                results = [replace(r, status=CheckStatus.WARNING if any(x.status is CheckStatus.WARNING for x in rest)
                                   else r.status, remedy="See the mailboxes below." if r.status is CheckStatus.FAILED
                                   else r.remedy)
                           if r.id == head_id and r.status is CheckStatus.FAILED else r for r in results]
        return results

    return check
