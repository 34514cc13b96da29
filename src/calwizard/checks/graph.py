"""Microsoft Graph checks (sync type ``cloud_graph``): which mailboxes the app can read, and which it must not.

1. ``graph.mailboxes`` — per mailbox to sync, one "List calendarView" request (Microsoft Graph v1.0,
   ``GET /users/{upn}/calendarView?startDateTime=&endDateTime=``) over the next 48 hours: readable (N events),
   denied (403 ``ErrorAccessDenied``: outside the app's Exchange RBAC for Applications scope, or no permission)
   or not found (404 ``ErrorInvalidUser``; the next address of the mailbox is tried).
2. ``graph.denied`` — every ``exchange.must_be_denied`` mailbox must answer 403: reading it proves the scope
   is too wide.

Graph's limits are honoured ("Microsoft Graph service-specific throttling limits", Outlook service): at most
4 concurrent requests per mailbox, and a 429 (or 503) is retried after its ``Retry-After`` — by the same
transport as the sync engine's (:class:`calwizard.exchange.graph.GraphClient`), with shorter waits.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from calwizard.checks.base import CheckResult, failed, ok
from calwizard.checks.context import CheckContext
from calwizard.errors import NetworkError
from calwizard.exchange.access import describe
from calwizard.exchange.clouds import endpoints_for
from calwizard.exchange.graph import Answer, GraphClient, GraphUnreachable, graph_time
from calwizard.i18n import translate

MAX_RETRIES = 3
"""Throttled answers retried per request during validation (the engine waits longer)."""
MAX_RETRY_AFTER = 30.0
WINDOW = timedelta(hours=48)
SELECT_BASIC = "start,end,showAs,isAllDay,sensitivity,organizer"
RBAC_CALENDAR_ROLE = "Application Calendars.Read"
"""The RBAC for Applications role that lets an app read calendars in a management scope."""


class _CheckToken:
    """The token the ``entra.token`` check obtained (validation does not renew it)."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    async def token(self, force: bool = False) -> str:
        return str(self.ctx.facts["access_token"])


async def calendar_view(ctx: CheckContext, client: GraphClient, mailbox: str) -> Answer:
    """All events of ``mailbox`` in the next 48 hours ("List calendarView", following ``@odata.nextLink``); the
    body's ``value`` holds them. Raises :class:`~calwizard.exchange.graph.GraphUnreachable`."""
    now = ctx.now()
    select = SELECT_BASIC + (",subject" if ctx.settings.exchange.graph_permission.value == "Calendars.Read" else "")
    url: str | None = client.url(f"/users/{quote(mailbox)}/calendarView", {
        "startDateTime": graph_time(now), "endDateTime": graph_time(now + WINDOW), "$select": select,
        "$top": "100"})
    events: list[Any] = []
    while url:
        answer = await client.get(mailbox, url, kind="calendarView")
        if answer.status != 200:
            return answer
        events += answer.body.get("value") or []
        url = answer.body.get("@odata.nextLink")
    return Answer(200, {"value": events})


def powershell_scope_script(
    app_id: str, mailboxes: list[str], permission: str = "Calendars.Read", test_mailbox: str = "",
    object_id: str = "", role: str = RBAC_CALENDAR_ROLE,
) -> str:
    """Exchange Online PowerShell that limits the app to ``mailboxes`` with RBAC for Applications
    (Microsoft Learn: "Role Based Access Control for Applications in Exchange Online"); the last line tests
    ``test_mailbox`` (default: the first mailbox).

    The role is always ``Application Calendars.Read``: RBAC for Applications has calendar roles for
    Calendars.Read and Calendars.ReadWrite only (none for Calendars.ReadBasic, which can only be granted
    tenant-wide in Entra ID); with ``permission="Calendars.ReadBasic"`` the script says so in a comment.
    ``object_id``: the Object ID of the app's service principal (Entra ID > Enterprise applications), when known
    (calwizard created the app); else a placeholder says where to find it. EWS app-only passes
    ``role="Application EWS.AccessAsApp"`` (the RBAC for Applications role of full_access_as_app)."""
    listed = ", ".join(f'"{m}"' for m in mailboxes) or '"user@contoso.com"'
    first = test_mailbox or (mailboxes[0] if mailboxes else "user@contoso.com")
    where_object_id = translate("checks", "<Object ID in Entra ID > Enterprise applications>")
    note = [
        translate("checks", "# RBAC for Applications has no Calendars.ReadBasic role: a scoped app gets "
                            "Application Calendars.Read"),
    ] if permission == "Calendars.ReadBasic" else []
    return "\n".join([
        *note,
        "Connect-ExchangeOnline",
        f'New-ServicePrincipal -AppId "{app_id}" '
        f'-ObjectId "{object_id or where_object_id}" '
        '-DisplayName "Calendar sync"',
        'New-DistributionGroup -Name "Calendar sync mailboxes" -Type Security',
        f"{listed} | ForEach-Object {{ Add-DistributionGroupMember \"Calendar sync mailboxes\" -Member $_ }}",
        '$g = Get-DistributionGroup "Calendar sync mailboxes"',
        'New-ManagementScope -Name "Calendar sync" '
        '-RecipientRestrictionFilter "MemberOfGroup -eq \'$($g.DistinguishedName)\'"',
        f'New-ManagementRoleAssignment -App "{app_id}" -Role "{role}" '
        '-CustomResourceScope "Calendar sync"',
        f'Test-ServicePrincipalAuthorization -Identity "{app_id}" -Resource "{first}"',
    ])


def _net_failed(cid: str, exc: NetworkError) -> CheckResult:
    return failed(cid, translate("checks", "Microsoft Graph cannot be reached: {message}").format(
        message=exc.message), remedy=exc.remedy or "", detail=exc.detail,
                  host=exc.host, url=exc.url)


async def _read_all(ctx: CheckContext, addresses: list[str]) -> tuple[dict[str, Answer | NetworkError], dict[str, int]]:
    """calendarView of each address; also how often each was retried after a 429/503."""
    out: dict[str, Answer | NetworkError] = {}
    client = GraphClient(ctx.http, endpoints_for(ctx.settings.exchange).graph_base_url, _CheckToken(ctx),
                         use_batch=False, max_retries=MAX_RETRIES, max_retry_after=MAX_RETRY_AFTER)
    await client.open()
    try:
        async def one(address: str) -> None:
            try:
                out[address] = await calendar_view(ctx, client, address)
            except GraphUnreachable as exc:
                out[address] = exc.error

        await asyncio.gather(*(one(a) for a in dict.fromkeys(addresses)))
    finally:
        await client.close()
    return out, client.retries_by_mailbox


def _denied_remedy(ctx: CheckContext, address: str, test_mailbox: str = "") -> str:
    """What to do about a 403 for ``address`` (one address, or several joined by ", "); the script's test line
    checks ``test_mailbox`` (default ``address``)."""
    ex = ctx.settings.exchange
    permission = ex.graph_permission.value
    synced = [m.primary for m in ctx.settings.mailboxes]
    has_role = bool((ctx.facts.get("token_claims") or {}).get("roles"))
    consent = "" if has_role else (
        translate("checks", "The token carries no application permission: grant admin consent for "
                            "Microsoft Graph > Application permissions > {permission} in Entra ID, or "
                            "authorize the app in Exchange Online: ").format(permission=permission)
    )
    return (
        translate("checks", "{consent}Microsoft Graph denied {address}: it is outside the app's Exchange "
                            "RBAC for Applications scope (or an application access policy). To include it, "
                            "run in Exchange Online PowerShell (add the mailbox to the scope's group):\n").format(
                                consent=consent,
                                address=address) + powershell_scope_script(ex.client_id, synced, permission,
                                                                           test_mailbox or address)
    )


async def check_mailboxes(ctx: CheckContext) -> list[CheckResult]:
    """Per mailbox to sync: readable (N events in 48 h), denied (403) or not found (404)."""
    mailboxes = ctx.settings.mailboxes
    if not mailboxes:
        return [ok("graph.mailboxes", translate("checks", "No mailboxes to check"))]
    # every address of every mailbox is asked at once (≤ 4 per mailbox): later addresses are only fallbacks
    answers, retries = await _read_all(ctx, [a for m in mailboxes for a in m.addresses])
    results: list[CheckResult] = []
    readable = 0
    denied: list[str] = []
    for m in mailboxes:
        cid = f"graph.mailbox:{m.pbx_name}"
        chosen: tuple[str, Answer | NetworkError] | None = None
        for address in m.addresses:
            ans = answers[address]
            chosen = (address, ans)
            if not (isinstance(ans, Answer) and ans.status == 404):
                break
        assert chosen is not None
        address, ans = chosen
        tried = m.addresses[: m.addresses.index(address) + 1]
        if isinstance(ans, NetworkError):
            results.append(_net_failed(cid, ans))
        elif ans.status == 200:
            events = ans.body.get("value") or []
            busy = sum(1 for e in events if e.get("showAs") not in ("free", None))
            readable += 1
            results.append(ok(cid, translate("checks", "{address}: readable, {len} events in the next 48 h "
                                                       "({busy} not free)").format(
                                                           address=address, len=len(events), busy=busy),
                              address=address, events=len(events), tried=tried,
                              retries=retries.get(address.lower(), 0)))
        elif ans.status == 403:
            denied.append(address)
            results.append(failed(cid, translate("checks", "{address}: access denied (403 {code}) — "
                                                           "outside the app's RBAC for Applications scope").format(
                                                               address=address, code=ans.code),
                                                               remedy=_denied_remedy(ctx, address),
                                  address=address, http_status=403, graph_error=ans.code))
        elif ans.status == 404:
            results.append(failed(cid, translate("checks", "{join}: no such mailbox in the tenant (404 "
                                                           "{code})").format(
                                                               join=', '.join(m.addresses), code=ans.code),
                                                               remedy=translate("checks",
                                                                                "Check the SMTP address of PBX user "
                                                                             "{pbx_name}: it must be a user or room "
                                                                             "mailbox in Exchange Online (not a "
                                                                             "contact or group). Microsoft Graph "
                                                                             "does not resolve names (no "
                                                                             "ResolveNames): enter an SMTP address "
                                                                             "of the mailbox, as the sync engine "
                                                                             "uses the addresses as they are.").format(
                                                                                 pbx_name=repr(m.pbx_name)),
                                  tried=tried, http_status=404, graph_error=ans.code))
        elif ans.status == 401:
            results.append(failed(cid, translate("checks", "{address}: Microsoft Graph rejected the token "
                                                           "({message})").format(address=address, message=ans.message),
                                  remedy=translate("checks", "Check that the cloud setting matches the "
                                                             "tenant's cloud (the token's audience must be "
                                                             "its Microsoft Graph host)."), http_status=401))
        else:
            results.append(failed(cid, translate("checks", "{address}: Microsoft Graph answered {status} "
                                                           "{code}").format(
                                                               address=address, status=ans.status, code=ans.code),
                                  remedy=translate("checks", "Retry later; if it persists, check the "
                                                             "service health in the Microsoft 365 admin "
                                                             "center."), http_status=ans.status, graph_error=ans.code))
    summary = translate("checks", "{readable} of {len} mailboxes readable through Microsoft Graph").format(
        readable=readable, len=len(mailboxes))
    remedy = translate("checks", "See the mailboxes below.")
    if len(denied) > 1:
        # one script for all of them, not one per mailbox
        remedy = _denied_remedy(ctx, ", ".join(denied), denied[0])
        short = (translate("checks", "Add it to the app's RBAC for Applications scope: one PowerShell "
                                     "script for all {len} denied mailboxes is in the fix of "
                                     "graph.mailboxes ('Microsoft Graph: mailboxes'; in the wizard also on "
                                     "the Mailboxes page).").format(len=len(denied)))
        results = [replace(r, remedy=short) if r.evidence.get("http_status") == 403 else r for r in results]
    how = describe(ctx.settings.exchange, ctx.settings.pbx.show_subject)  # the access model: how and what
    head = ok("graph.mailboxes", summary, detail=translate("checks", "How: {how}. What: {what}.").format(
        how=how.how, what=how.what), access_model=how.model.value,
              how=how.how, what=how.what) if readable == len(mailboxes) else failed(
        "graph.mailboxes", summary, remedy=remedy)
    return [head, *results]


async def check_denied(ctx: CheckContext) -> list[CheckResult]:
    """Every ``must_be_denied`` mailbox answers 403: the RBAC scope really keeps it out."""
    ex = ctx.settings.exchange
    if not ex.must_be_denied:
        return [ok("graph.denied", translate("checks", "No mailboxes are listed that must stay out of reach"),
                   detail=translate("checks", "List them under 'must be denied' (e.g. executives) to prove "
                                              "the app's scope excludes them."))]
    answers, _ = await _read_all(ctx, list(ex.must_be_denied))
    results: list[CheckResult] = []
    for address in ex.must_be_denied:
        cid = f"graph.denied:{address}"
        ans = answers[address]
        if isinstance(ans, NetworkError):
            results.append(_net_failed(cid, ans))
        elif ans.status == 403:
            results.append(ok(cid, translate("checks", "{address}: denied, as required (403 {code})").format(
                address=address, code=ans.code), address=address))
        elif ans.status == 200:
            results.append(failed(
                cid, translate("checks", "{address}: READABLE — the app's access is wider than it must be").format(
                    address=address),
                remedy=(
                    translate("checks", "Limit the app with Exchange RBAC for Applications to the "
                                        "mailboxes it syncs, and remove the tenant-wide admin consent for "
                                        "Microsoft Graph > {value} in Entra ID (an Entra grant applies to "
                                        "every mailbox and is not limited by the scope). Exchange Online "
                                        "PowerShell (the last line must then show InScope = False):\n").format(
                                            value=ex.graph_permission.value) + powershell_scope_script(
                        ex.client_id, [m.primary for m in ctx.settings.mailboxes], ex.graph_permission.value, address)
                ),
                address=address, http_status=200))
        elif ans.status == 404:
            results.append(failed(cid, translate("checks", "{address}: no such mailbox (404) — cannot "
                                                           "prove it is denied").format(address=address),
                                  remedy=translate("checks",
                                                   "Check the address in 'must be denied'."), http_status=404))
        else:
            results.append(failed(cid, translate("checks", "{address}: Microsoft Graph answered {status} "
                                                           "{code}").format(
                                                               address=address, status=ans.status, code=ans.code),
                                  remedy=translate("checks", "Retry later."), http_status=ans.status))
    denied = sum(1 for r in results if r.status.value == "ok")
    summary = translate("checks", "{denied} of {len} mailboxes that must be denied are denied").format(
        denied=denied, len=len(results))
    head = ok("graph.denied", summary) if denied == len(results) else failed(
        "graph.denied", summary, remedy=translate("checks", "See the mailboxes below."))
    return [head, *results]
