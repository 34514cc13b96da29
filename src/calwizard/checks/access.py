"""Access model checks (EWS): HOW the connector reaches each calendar, WHAT that lets it see, and least privilege.

* ``ews.access`` — the access model (:mod:`calwizard.exchange.access`): impersonation, app-only or delegate access.
  For delegate access (on-premises, ``exchange.access_model = "delegate"``) each mailbox's calendar is read with
  GetFolder (explicit access, ``folder:PermissionSet`` and ``folder:EffectiveRights``; Microsoft Learn "GetFolder
  operation", "PermissionSet", "CalendarPermission", "EffectiveRights") and its permission level proves what the
  presence can show: none -> failed with the ``Add-MailboxFolderPermission`` line; free/busy only while subjects
  are shown -> warning (the presence shows "Busy until …"); levels that may change the calendar -> warning (more
  than needed). Impersonation and app-only act as the owner: one result says so (the mailbox checks prove each
  mailbox is reachable).
* ``ews.denied`` — every ``exchange.must_be_denied`` mailbox must stay out of reach: EWS must refuse it
  (ErrorImpersonateUserDenied outside the impersonation scope or the app's RBAC scope, ErrorAccessDenied without a
  folder permission). Reading it proves the scope is too wide — the EWS counterpart of ``graph.denied``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from calwizard.checks.base import CheckResult, failed, ok, warning
from calwizard.checks.context import CheckContext
from calwizard.checks.ews import EwsFailure, _config, _Ews, _read
from calwizard.exchange import access, ews
from calwizard.exchange.access import FolderRights, Model, Visibility
from calwizard.i18n import translate
from calwizard.settings.model import Mailbox


def _account_addresses(ctx: CheckContext) -> list[str]:
    ex = ctx.settings.exchange
    return [a for a in (ex.user, ex.logon_name if "@" in ex.logon_name else "") if a]


async def _rights(ctx: CheckContext, runner: _Ews, address: str) -> FolderRights:
    config = _config(ctx)
    account = await runner.call(ews.make_account, config, address, False)
    folder = await runner.call(ews.read_calendar_rights, account, address)
    return access.rights_from_exchangelib(folder, _account_addresses(ctx))


def _grant_line(ctx: CheckContext, mailbox: str, verb: str = "Add") -> str:
    ex = ctx.settings.exchange
    level = access.least_level(ctx.settings.pbx.show_subject)
    return (translate("checks", '{verb}-MailboxFolderPermission -Identity "{mailbox}:\\Calendar" -User '
                                '"{user}" -AccessRights {level}  # the calendar folder may have a '
                                "localized name (e.g. Kalender)").format(
                                    verb=verb, mailbox=mailbox, user=ex.user, level=level))


async def _delegate_mailbox(ctx: CheckContext, runner: _Ews, mb: Mailbox) -> CheckResult:
    cid = f"ews.access:{mb.pbx_name}"
    show_subject = ctx.settings.pbx.show_subject
    needed = access.needed_visibility(show_subject)
    least = access.least_level(show_subject)
    last: ews.EwsError | None = None
    for address in mb.addresses:
        try:
            rights = await _rights(ctx, runner, address)
        except EwsFailure as f:
            last = f.err
            if f.err.kind == "not_found":
                continue
            if f.err.kind == "access_denied":
                rights = FolderRights("None", Visibility.NONE, via="refused")
            else:
                return failed(cid, translate("checks", "{pbx_name} ({address}): the calendar's permissions "
                                                       "cannot be read: {message}").format(
                                                           pbx_name=mb.pbx_name, address=address,
                                                           message=f.err.message),
                                                           remedy=translate("checks",
                                                                            "See the EWS mailbox check of this "
                                                                             "user."),
                              mailbox=address, pbx_name=mb.pbx_name, kind=f.err.kind, access_model="delegate")
        evidence: dict[str, Any] = {"mailbox": address, "pbx_name": mb.pbx_name, "access_model": "delegate",
                                    "level": rights.level, "read_items": rights.read.value if rights.read else None,
                                    "view_private": rights.view_private, "writes": rights.writes, "via": rights.via,
                                    "sees": rights.sees, "access_label": rights.label()}
        who = f"{mb.pbx_name} ({address})"
        if rights.read is None:
            return warning(cid, translate("checks", "{who}: delegate access; the permission level is not "
                                                    "reported (can read: unknown)").format(who=who),
                           remedy=translate("checks", "Check it with Get-MailboxFolderPermission; {least} is the "
                                                      "least that works.").format(least=least),
                           **evidence)
        if rights.read is Visibility.NONE:
            held = translate("checks", "holds no permission on this calendar") if rights.via != "own entry" else \
                translate("checks", "holds {level} on this calendar").format(level=rights.level)
            return failed(cid, translate("checks", "{who}: delegate access denied — {user} {held}").format(
                who=who, user=ctx.settings.exchange.user, held=held)
                          + (translate("checks", " (and Default is None)") if rights.via == "Default" else ""),
                          remedy=translate("checks", "Give the service account {least} on the calendar "
                                                     "(Exchange Management Shell; the Mailboxes page has "
                                                     "the script for every mailbox):\n").format(
                                                         least=least) + _grant_line(ctx, address),
                          **evidence)
        level = rights.label()
        if rights.read.rank < needed.rank:
            return warning(cid, translate("checks", "{who}: {level} — free/busy only: the presence shows "
                                                    'no subject ("Busy until 12:30")').format(
                                                        who=who, level=level),
                                                        remedy=translate("checks",
                                                                         "For the appointment's subject in the "
                                                                  "presence, give the service account "
                                                                  "{least}:\n").format(
                                                                      least=least) + _grant_line(ctx, address, "Set")
                           + translate("checks", "\nOr hide subjects (PBX & presence page) — then "
                                                 "free/busy is enough."), **evidence)
        if rights.writes:
            return warning(cid, translate("checks", "{who}: {level} — the presence works, but the service "
                                                    "account may also change this calendar (more than it "
                                                    "needs)").format(
                                                        who=who, level=level),
                           remedy=translate("checks", "Least privilege is {least}: ").format(least=least)
                           + _grant_line(ctx, address, "Set"), **evidence)
        private = translate("checks", '; private appointments show as "Private"') if show_subject else ""
        return ok(cid, translate("checks", "{who}: delegate access, {level} — {sees}{private}").format(
            who=who, level=level, sees=rights.sees, private=private), **evidence)
    assert last is not None
    return failed(cid, translate("checks", "{pbx_name} ({join}): mailbox not found").format(
        pbx_name=mb.pbx_name, join='; '.join(mb.addresses)), remedy=(
        translate("checks", "Check the SMTP address (a typo, or the mailbox was removed).")),
        pbx_name=mb.pbx_name, kind="not_found", access_model="delegate")


async def check_access(ctx: CheckContext) -> list[CheckResult]:
    """``ews.access`` (see the module docstring)."""
    ex = ctx.settings.exchange
    info = access.describe(ex, ctx.settings.pbx.show_subject)
    evidence = {"access_model": info.model.value, "how": info.how, "what": info.what}
    if info.model is not Model.DELEGATE:
        return [ok("ews.access", translate("checks", "How: {how}. What: {what}.").format(
            how=info.how, what=info.what), **evidence)]
    mailboxes = ctx.settings.mailboxes
    if not mailboxes:
        return [ok("ews.access", translate("checks", "How: {how}. No mailboxes to check.").format(
            how=info.how), **evidence)]
    runner = _Ews(ctx)
    results = list(await asyncio.gather(*(_delegate_mailbox(ctx, runner, mb) for mb in mailboxes)))
    good = sum(1 for r in results if r.status.value == "ok")
    summary = (translate("checks", "How: {how}. {good} of {len} calendars grant what the presence needs "
                                   "(at least {least_level}).").format(
                                       how=info.how, good=good, len=len(results),
                                       least_level=access.least_level(ctx.settings.pbx.show_subject)))
    bad = [r for r in results if r.status.value == "failed"]
    head = ok("ews.access", summary, detail=f"What: {info.what}.", **evidence) if not bad else failed(
        "ews.access", summary, remedy=translate("checks", "Give the service account a folder permission on each "
                                                          "calendar below; the Mailboxes page has the PowerShell for "
                                                          "all of them:\n")
        + access.folder_permission_script(
            [r.evidence["mailbox"] for r in bad if "mailbox" in r.evidence], ex.user, ctx.settings.pbx.show_subject),
        **evidence)
    return [head, *results]


async def check_denied(ctx: CheckContext) -> list[CheckResult]:
    """``ews.denied``: every ``must_be_denied`` mailbox is refused by EWS under the configured access model."""
    ex = ctx.settings.exchange
    model = access.model_for(ex)
    if not ex.must_be_denied:
        return [ok("ews.denied", translate("checks", "No mailboxes are listed that must stay out of reach"),
                   detail=translate("checks", "List them under 'must be denied' (e.g. executives) to prove "
                                              "the access is limited."))]
    runner = _Ews(ctx)
    scope = {Model.DELEGATE: translate("checks", "the service account holds no folder permission on it"),
             Model.APP_ONLY: translate("checks", "it is outside the app's RBAC for Applications scope"),
             Model.IMPERSONATION: translate("checks", "it is outside the impersonation management scope")}[model]

    async def one(address: str) -> CheckResult:
        cid = f"ews.denied:{address}"
        try:
            count = await _read(ctx, runner, address)
        except EwsFailure as f:
            if f.err.kind in ("impersonation_denied", "access_denied"):
                expected = "access_denied" if model is Model.DELEGATE else "impersonation_denied"
                why = scope if f.err.kind == expected else translate("checks", "EWS refuses its calendar "
                                                                               "(ErrorAccessDenied)")
                return ok(cid, translate("checks", "{address}: denied, as required — {why}").format(
                    address=address, why=why), address=address, kind=f.err.kind)
            if f.err.kind == "not_found":
                return failed(cid, translate("checks", "{address}: no such mailbox — cannot prove it is "
                                                       "denied").format(address=address),
                              remedy=translate("checks", "Check the address in 'must be denied'."),
                              address=address, kind="not_found")
            return failed(cid, f"{address}: {f.err.message}",
                          remedy=translate("checks", "Retry; see the EWS checks above."),
                          address=address, kind=f.err.kind)
        if model is Model.DELEGATE:
            fix = (translate("checks", "Remove the service account's folder permission on {address}'s "
                                       "calendar (Exchange Management Shell): "
                                       'Remove-MailboxFolderPermission -Identity "{address}:\\Calendar" '
                                       '-User "{user}"; if the calendar\'s Default entry grants free/busy, '
                                       "set it to None there (Set-MailboxFolderPermission -Identity "
                                       '"{address}:\\Calendar" -User Default -AccessRights None) — or '
                                       "accept that everyone in the organization sees that calendar's "
                                       "free/busy.").format(address=address, user=ex.user))
        elif model is Model.IMPERSONATION:
            fix = (translate("checks", "Limit the service account's ApplicationImpersonation to the synced "
                                       "mailboxes with a management scope, and remove wider assignments "
                                       "(Exchange Management Shell):\n")
                   + access.impersonation_scope_script([m.primary for m in ctx.settings.mailboxes], ex.user,
                                                       ex.must_be_denied))
        else:
            from calwizard.checks.graph import powershell_scope_script

            fix = (translate("checks", "Limit the app with Exchange RBAC for Applications to the mailboxes "
                                       "it syncs (role 'Application EWS.AccessAsApp' with a management "
                                       "scope) and remove the tenant-wide admin consent for "
                                       "full_access_as_app. Exchange Online PowerShell (the last line must "
                                       "show InScope = False):\n")
                   + powershell_scope_script(ex.client_id, [m.primary for m in ctx.settings.mailboxes],
                                             "full_access_as_app", address, role=access.RBAC_EWS_ROLE))
        return failed(cid, translate("checks", "{address}: READABLE ({count} appointments in 48 h) — the "
                                               "access is wider than it must be").format(
                                                   address=address, count=count), remedy=fix, address=address,
                                                   appointments=count)

    results = list(await asyncio.gather(*(one(a) for a in ex.must_be_denied)))
    denied = sum(1 for r in results if r.status.value == "ok")
    summary = translate("checks", "{denied} of {len} mailboxes that must be denied are denied").format(
        denied=denied, len=len(results))
    head = ok("ews.denied", summary) if denied == len(results) else failed(
        "ews.denied", summary, remedy=translate("checks", "See the mailboxes below."))
    return [head, *results]
