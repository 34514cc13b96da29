"""Validation against the sandbox for the settings of issue 12 and the access models: secret expiry, the
streaming connection limit, name resolving, access levels per mailbox, delegate access and least privilege.

Each test asserts what a technician sees in ``calwizard validate``: the status, the summary and a remedy that fits
the configured access model.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from test_validate_scenarios import run_scenario, statuses

from calwizard.checks.base import CheckStatus
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import Mailbox, Settings

pytestmark = pytest.mark.integration


async def test_client_secret_expiring_soon_is_a_warning_with_the_days_and_the_fix(sandbox: Sandbox) -> None:
    soon = (datetime.now(UTC) + timedelta(days=10)).date()
    r = await run_scenario(sandbox, "app-only-ok", exchange__client_secret_expires=soon)
    token = r["entra.token"]
    assert token.status is CheckStatus.WARNING, statuses(r)
    assert token.summary.startswith("Token issued, but the client secret expires in")
    assert f"(on {soon.isoformat()})" in token.summary
    assert "Certificates & secrets" in token.remedy and token.evidence["field"] == "exchange.client_secret_expires"
    assert r["ews.connect"].status is CheckStatus.OK  # a warning does not stop the rest
    later = await run_scenario(sandbox, "app-only-ok",
                               exchange__client_secret_expires=(datetime.now(UTC) + timedelta(days=90)).date())
    assert later["entra.token"].status is CheckStatus.OK
    unknown = await run_scenario(sandbox, "app-only-ok")
    assert "expiry date" in unknown["entra.token"].detail


# ----------------------------------------------------------------------------- access models


async def test_delegate_ok_reports_each_calendars_level_and_what_it_shows(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "onprem-delegate-ok")
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)
    head = r["ews.access"]
    assert head.evidence["access_model"] == "delegate"
    assert "explicit access, no impersonation" in head.summary and "3 of 3 calendars" in head.summary
    anna, ben, room = (r[f"ews.access:{n}"] for n in ("anna", "ben", "room-1"))
    assert (anna.evidence["level"], anna.evidence["read_items"]) == ("Reviewer", "FullDetails")
    assert ben.evidence["level"] == "FreeBusyTimeAndSubjectAndLocation"
    assert "subject and location" in ben.summary
    assert room.evidence["view_private"] is True and room.evidence["access_label"] == "Reviewer (private items)"
    assert r["ews.mailbox:anna"].status is CheckStatus.OK  # read without impersonation


async def test_delegate_free_busy_only_warns_that_the_presence_has_no_subject(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "onprem-delegate-freebusy-only")
    frank = r["ews.access:frank"]
    assert frank.status is CheckStatus.WARNING
    assert frank.summary == ('frank (frank@contoso.test): FreeBusyTimeOnly (Default) — free/busy only: the presence '
                             'shows no subject ("Busy until 12:30")')
    assert ('Set-MailboxFolderPermission -Identity "frank@contoso.test:\\Calendar" -User "svc-calendar@contoso.test" '
            "-AccessRights FreeBusyTimeAndSubjectAndLocation") in frank.remedy
    assert r["ews.access"].status is CheckStatus.OK and r["ews.mailbox:frank"].status is CheckStatus.OK
    hidden = await run_scenario(sandbox, "onprem-delegate-freebusy-only", pbx__show_subject=False)
    assert hidden["ews.access:frank"].status is CheckStatus.OK  # free/busy is all a subject-less presence needs


async def test_delegate_missing_permission_fails_with_the_add_line(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "onprem-delegate-missing")
    legal = r["ews.access:legal"]
    assert legal.status is CheckStatus.FAILED
    assert "delegate access denied" in legal.summary
    assert ('Add-MailboxFolderPermission -Identity "legal@contoso.test:\\Calendar" -User '
            '"svc-calendar@contoso.test" -AccessRights FreeBusyTimeAndSubjectAndLocation') in legal.remedy
    assert r["ews.access"].status is CheckStatus.FAILED
    assert 'Grant-CalendarSync "legal@contoso.test"' in r["ews.access"].remedy
    mailbox = r["ews.mailbox:legal"]  # the read check's remedy fits the access model too
    assert mailbox.status is CheckStatus.FAILED and "Add-MailboxFolderPermission" in mailbox.remedy
    assert "impersonat" not in mailbox.remedy.split("\n")[0].lower()
    assert r["ews.access:anna"].status is CheckStatus.OK


async def test_impersonation_remedies_never_ask_for_a_folder_permission(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "onprem-mailbox-problems")
    legal, exec_ = r["ews.mailbox:legal"], r["ews.mailbox:exec"]
    assert legal.evidence["kind"] == "impersonation_denied" and "ApplicationImpersonation" in legal.remedy
    assert exec_.evidence["kind"] == "access_denied" and "a folder permission does not change that" in exec_.remedy
    for res in (legal, exec_):
        assert "Reviewer" not in res.remedy and "Add-MailboxFolderPermission" not in res.remedy
    head = r["ews.access"]
    assert head.status is CheckStatus.OK and head.evidence["access_model"] == "impersonation"
    assert head.summary.startswith("How: EWS impersonation: svc-calendar@contoso.test acts as each mailbox")


@pytest.mark.parametrize(("scenario", "denied", "readable", "mailboxes"), [
    ("onprem-ok", "legal@contoso.test", "frank@contoso.test", None),
    ("onprem-delegate-ok", "legal@contoso.test", "frank@contoso.test", None),
    # the scoped app reaches alice, bob, carol and the room; it syncs only alice here
    ("app-only-impersonation-denied", "ceo@fabrikam.test", "bob@fabrikam.test", [("alice", d.FABRIKAM_ALICE)]),
])
async def test_must_be_denied_is_proven_for_ews_too(sandbox: Sandbox, scenario: str, denied: str, readable: str,
                                                     mailboxes: list[tuple[str, str]] | None) -> None:
    extra = {} if mailboxes is None else {"mailboxes": [Mailbox(pbx_name=n, addresses=[a]) for n, a in mailboxes]}
    r = await run_scenario(sandbox, scenario, exchange__must_be_denied=[denied, readable], **extra)
    assert r[f"ews.denied:{denied}"].status is CheckStatus.OK, r[f"ews.denied:{denied}"].summary
    bad = r[f"ews.denied:{readable}"]
    assert bad.status is CheckStatus.FAILED and "READABLE" in bad.summary
    assert r["ews.denied"].status is CheckStatus.FAILED
    expected = {"onprem-ok": "New-ManagementRoleAssignment -Name \"Calendar sync impersonation\" -Role "
                "ApplicationImpersonation", "onprem-delegate-ok": "Remove-MailboxFolderPermission",
                "app-only-impersonation-denied": f'New-ManagementRoleAssignment -App "{d.APP_SCOPED_CLIENT_ID}" -Role '
                '"Application EWS.AccessAsApp"'}[scenario]
    assert expected in bad.remedy


# ----------------------------------------------------------------------------- user for name resolving


async def _three_ways(sandbox: Sandbox, settings: Settings) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Per user: the primary address validate, the wizard's preview and the engine's backend resolve to (None: not
    resolved; the error kind otherwise, for validate and the engine)."""
    from calwizard.checks.plan import make_context, validate
    from calwizard.engine.backend import BackendError
    from calwizard.engine.runner import make_backend
    from calwizard.exchange.names import name_candidates
    from calwizard.secretrefs import make_fetcher
    from calwizard.wizard import preview

    fetch = make_fetcher(settings)
    results = {r.id: r for r in await validate(make_context(settings, fetch))}
    ctx = make_context(settings, fetch)
    backend = make_backend(ctx)
    await backend.open()
    out: dict[str, tuple[str | None, str | None, str | None]] = {}
    try:
        for mb in settings.mailboxes:
            r = results[f"ews.mailbox:{mb.pbx_name}"]
            by_validate = r.evidence.get("mailbox") if r.status is CheckStatus.OK else r.evidence.get("kind")
            try:
                got = await backend.resolve(name_candidates(mb, settings))
                by_engine = got.primary
            except BackendError as err:
                by_engine = err.kind
            try:
                by_preview: str | None = (await preview.read_calendar(settings, fetch, mb.pbx_name)).address
            except preview.PreviewError as err:
                by_preview = "not_found" if "no mailbox found" in err.message else err.message
            out[mb.pbx_name] = (by_validate, by_preview, by_engine)
    finally:
        await backend.close()
    return out


async def test_name_resolving_modes_resolve_the_same_in_validate_preview_and_engine(sandbox: Sandbox) -> None:
    from calwizard.settings.model import NameResolvingUser

    s = scenario_settings("onprem-ok", sandbox.host_overrides, sandbox.ca_file, sandbox.ca_file.parent)
    s.pbx.domain = d.CONTOSO_DOMAIN
    s.mailboxes = [Mailbox(pbx_name="ben", addresses=[d.CONTOSO_UNKNOWN]),  # ben@contoso.test only by name
                   Mailbox(pbx_name="anna", addresses=[d.CONTOSO_ANNA_SECONDARY])]
    service = await _three_ways(sandbox, s)
    assert service["anna"] == (d.CONTOSO_ANNA, d.CONTOSO_ANNA, d.CONTOSO_ANNA)
    assert service["ben"][0] == "not_found" and service["ben"][2] is None and service["ben"][1] == "not_found"

    s.exchange.name_resolving_user = NameResolvingUser.PER_USER  # names from the PBX: ben@contoso.test is tried
    per_user = await _three_ways(sandbox, s)
    assert per_user["ben"] == (d.CONTOSO_BEN, d.CONTOSO_BEN, d.CONTOSO_BEN)
    assert per_user["anna"] == (d.CONTOSO_ANNA, d.CONTOSO_ANNA, d.CONTOSO_ANNA)

    # per user, ResolveNames runs as the user: a mailbox outside the impersonation scope fails alike
    s.mailboxes = [Mailbox(pbx_name="legal", addresses=[d.CONTOSO_LEGAL])]
    legal = (await _three_ways(sandbox, s))["legal"]
    assert legal[0] == "impersonation_denied" and legal[2] == "impersonation_denied", legal
