"""EWS of the sandbox, driven by the real exchangelib (NTLM on-premises, OAuth2 in Exchange Online)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from exchangelib import NTLM, OAUTH2, Credentials, EWSDateTime, Identity, OAuth2AuthorizationCodeCredentials
from exchangelib.errors import (
    ErrorAccessDenied,
    ErrorImpersonateUserDenied,
    ErrorNameResolutionNoResults,
    ErrorNonExistentMailbox,
    ErrorServerBusy,
    UnauthorizedError,
)
from exchangelib.items import CalendarItem
from sandbox_helpers import (
    CLOUD_BUILD,
    ONPREM_BUILD,
    SandboxOAuth2Credentials,
    app_token,
    ews_account,
    public_app,
    sign_in,
    wait_until,
)

from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox, data

pytestmark = pytest.mark.integration

SVC_PASSWORD = data.credential(data.CRED_CONTOSO_SVC_PASSWORD)


def ntlm_account(
    policy: HttpPolicy,
    target: str,
    username: str = data.CONTOSO_SVC_NTLM_USER,
    password: str = SVC_PASSWORD,
    endpoint: str = data.CONTOSO_EWS_URL,
):
    return ews_account(policy, target, Credentials(username, password), NTLM, endpoint, ONPREM_BUILD)


def app_account(
    policy: HttpPolicy,
    target: str,
    client_id: str = data.APP_OK_CLIENT_ID,
    secret_name: str = data.CRED_APP_OK_SECRET,
    tenant_id: str = data.FABRIKAM_TENANT_ID,
):
    token = app_token(policy, client_id, secret_name, tenant=tenant_id)
    assert "access_token" in token, token
    creds = SandboxOAuth2Credentials(
        client_id=client_id,
        client_secret=data.credential(secret_name),
        tenant_id=tenant_id,
        identity=Identity(primary_smtp_address=target),
        access_token=token,
    )
    return ews_account(policy, target, creds, OAUTH2, data.CLOUD_EWS_URL, CLOUD_BUILD)


def window(sandbox: Sandbox) -> tuple[EWSDateTime, EWSDateTime]:
    start = sandbox.started_at - timedelta(hours=1)
    return EWSDateTime.from_datetime(start), EWSDateTime.from_datetime(start + timedelta(days=4))


def raw_ews(policy: HttpPolicy, token: str, target: str = data.FABRIKAM_ALICE) -> requests.Response:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" '
        'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><s:Header>'
        '<t:RequestServerVersion Version="Exchange2016"/><t:ExchangeImpersonation><t:ConnectingSID>'
        f"<t:PrimarySmtpAddress>{target}</t:PrimarySmtpAddress></t:ConnectingSID></t:ExchangeImpersonation>"
        "</s:Header><s:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>"
        '<m:FolderIds><t:DistinguishedFolderId Id="calendar"/></m:FolderIds></m:GetFolder></s:Body></s:Envelope>'
    )
    return policy.requests_session().post(
        data.CLOUD_EWS_URL,
        data=body.encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "text/xml; charset=utf-8",
            "X-AnchorMailbox": target,
        },
    )


# ------------------------------------------------------------------------------------------ on-premises, NTLM


@pytest.mark.parametrize("username", [data.CONTOSO_SVC_NTLM_USER, data.CONTOSO_SVC_UPN])
def test_ntlm_impersonation_calendar_view(sandbox: Sandbox, sandbox_policy: HttpPolicy, username: str) -> None:
    account = ntlm_account(sandbox_policy, data.CONTOSO_ANNA, username=username)
    calendar = account.calendar
    assert calendar.name == "Calendar"
    items = list(calendar.view(*window(sandbox)))
    expected = sandbox.store.list(data.CONTOSO_ANNA)
    assert [i.subject for i in items] == [a.subject for a in expected]
    by_subject = {i.subject: i for i in items}
    statuses = {i.legacy_free_busy_status for i in items}
    assert {"Busy", "Tentative", "OOF", "WorkingElsewhere", "Free"} <= statuses
    private = [i for i in items if i.sensitivity == "Private"]
    assert len(private) == 1
    all_day = [i for i in items if i.is_all_day]
    assert len(all_day) == 2
    first = expected[0]
    item = by_subject[first.subject]
    assert isinstance(item, CalendarItem)
    assert item.start == first.start and item.end == first.end
    assert item.organizer.email_address == first.organizer.address
    assert item.uid and item.id and item.changekey


def test_ntlm_get_item_roundtrip(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    account = ntlm_account(sandbox_policy, data.CONTOSO_BEN)
    ids = list(account.calendar.view(*window(sandbox)).values_list("id", "changekey"))
    assert len(ids) == sandbox.store.count(data.CONTOSO_BEN)
    fetched = list(account.fetch(ids=ids))
    assert {f.subject for f in fetched} == {a.subject for a in sandbox.store.list(data.CONTOSO_BEN)}


def test_ntlm_only_fields(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    account = ntlm_account(sandbox_policy, data.CONTOSO_ROOM)
    rows = list(account.calendar.view(*window(sandbox)).only("subject", "start", "end", "legacy_free_busy_status"))
    assert rows and all(r.subject and r.start and r.legacy_free_busy_status for r in rows)


def test_ntlm_wrong_password_is_401(sandbox_policy: HttpPolicy) -> None:
    account = ntlm_account(sandbox_policy, data.CONTOSO_ANNA, password="wrong-password")
    with pytest.raises(UnauthorizedError):
        account.protocol.resolve_names([data.CONTOSO_ANNA])


def test_ntlm_challenge_is_offered(sandbox_policy: HttpPolicy) -> None:
    """Like IIS with Windows Authentication: Negotiate and NTLM, two headers (requests joins them)."""
    r = sandbox_policy.requests_session().post(data.CONTOSO_EWS_URL, data=b"<x/>")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Negotiate, NTLM"
    assert r.raw.headers.getlist("WWW-Authenticate") == ["Negotiate", "NTLM"]


def test_negotiate_scheme_with_a_raw_ntlm_token_is_answered_in_kind(sandbox_policy: HttpPolicy) -> None:
    import base64

    import spnego

    ctx = spnego.client(data.CONTOSO_SVC_NTLM_USER, data.credential(data.CRED_CONTOSO_SVC_PASSWORD),
                        hostname=data.CONTOSO_MAIL_HOST, protocol="ntlm")
    session = sandbox_policy.requests_session()
    r = session.post(data.CONTOSO_EWS_URL, data=b"",
                     headers={"Authorization": "Negotiate " + base64.b64encode(ctx.step()).decode()})
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Negotiate TlRMTVNTUA")


def test_resolve_names_primary_and_secondary(sandbox_policy: HttpPolicy) -> None:
    account = ntlm_account(sandbox_policy, data.CONTOSO_ANNA)
    results = account.protocol.resolve_names(
        [data.CONTOSO_ANNA_SECONDARY, data.CONTOSO_BEN, data.CONTOSO_UNKNOWN], return_full_contact_data=True
    )
    (anna_mbx, anna_contact), (ben_mbx, _), missing = results
    assert anna_mbx.email_address == data.CONTOSO_ANNA and anna_contact.display_name == "Anna Schmidt"
    assert {e.email for e in anna_contact.email_addresses} >= {f"SMTP:{data.CONTOSO_ANNA}"}
    assert ben_mbx.email_address == data.CONTOSO_BEN
    assert isinstance(missing, ErrorNameResolutionNoResults)
    short = account.protocol.resolve_names([f"smtp:{data.CONTOSO_ANNA_SECONDARY}"])
    assert short[0].email_address == data.CONTOSO_ANNA


def test_internal_ews_url_is_served(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    account = ntlm_account(sandbox_policy, data.CONTOSO_OPS_SLOW, endpoint=data.CONTOSO_INTERNAL_EWS_URL)
    assert len(list(account.calendar.view(*window(sandbox)))) == sandbox.store.count(data.CONTOSO_OPS_SLOW)


def test_impersonation_denied_for_legal(sandbox_policy: HttpPolicy) -> None:
    with pytest.raises(ErrorImpersonateUserDenied):
        _ = ntlm_account(sandbox_policy, data.CONTOSO_LEGAL).calendar


def test_unknown_mailbox(sandbox_policy: HttpPolicy) -> None:
    with pytest.raises(ErrorNonExistentMailbox):
        _ = ntlm_account(sandbox_policy, data.CONTOSO_UNKNOWN).calendar


def test_exec_calendar_access_denied(sandbox_policy: HttpPolicy) -> None:
    account = ntlm_account(sandbox_policy, data.CONTOSO_EXEC)
    assert account.root.name is not None  # the mailbox itself is reachable
    with pytest.raises(ErrorAccessDenied):
        _ = account.calendar


def test_store_changes_are_visible(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    start = sandbox.started_at + timedelta(days=1, hours=5)
    appt = sandbox.store.create(data.CONTOSO_BEN, "Added by test", start, start + timedelta(minutes=45))
    try:
        account = ntlm_account(sandbox_policy, data.CONTOSO_BEN)
        subjects = [i.subject for i in account.calendar.view(*window(sandbox))]
        assert "Added by test" in subjects
        sandbox.store.change(data.CONTOSO_BEN, appt.uid, subject="Changed by test")
        subjects = [i.subject for i in account.calendar.view(*window(sandbox))]
        assert "Changed by test" in subjects and "Added by test" not in subjects
    finally:
        sandbox.store.delete(data.CONTOSO_BEN, appt.uid)
    assert "Changed by test" not in [i.subject for i in account.calendar.view(*window(sandbox))]


# ------------------------------------------------------------------------------------------ Exchange Online


def test_app_only_impersonation(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    account = app_account(sandbox_policy, data.FABRIKAM_ALICE)
    (bob,) = account.protocol.resolve_names([data.FABRIKAM_BOB])
    assert bob.email_address == data.FABRIKAM_BOB
    items = list(account.calendar.view(*window(sandbox)))
    assert {i.subject for i in items} == {a.subject for a in sandbox.store.list(data.FABRIKAM_ALICE)}


def test_app_scoped_to_some_mailboxes(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    room = app_account(sandbox_policy, data.FABRIKAM_ROOM, data.APP_SCOPED_CLIENT_ID, data.CRED_APP_SCOPED_SECRET)
    assert len(list(room.calendar.view(*window(sandbox)))) == sandbox.store.count(data.FABRIKAM_ROOM)
    ceo = app_account(sandbox_policy, data.FABRIKAM_CEO, data.APP_SCOPED_CLIENT_ID, data.CRED_APP_SCOPED_SECRET)
    with pytest.raises(ErrorImpersonateUserDenied):
        _ = ceo.calendar


def test_app_only_unknown_mailbox(sandbox_policy: HttpPolicy) -> None:
    with pytest.raises(ErrorNonExistentMailbox):
        _ = app_account(sandbox_policy, data.FABRIKAM_UNKNOWN).calendar
    with pytest.raises(ErrorNonExistentMailbox):  # a mailbox of another organization
        _ = app_account(sandbox_policy, data.CONTOSO_ANNA).calendar


def test_delegated_impersonation(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    app = public_app(sandbox_policy, data.APP_OK_CLIENT_ID, data.FABRIKAM_TENANT_ID)
    flow = app.initiate_auth_code_flow(
        [data.EWS_DELEGATED_SCOPE], redirect_uri="http://localhost", response_mode="form_post"
    )
    response = sign_in(
        sandbox_policy.requests_session(),
        flow["auth_uri"],
        data.FABRIKAM_SVC,
        data.credential(data.CRED_FABRIKAM_SVC_PASSWORD),
    )
    token = app.acquire_token_by_auth_code_flow(flow, response)
    creds = OAuth2AuthorizationCodeCredentials(access_token=token)
    account = ews_account(sandbox_policy, data.FABRIKAM_CAROL, creds, OAUTH2, data.CLOUD_EWS_URL, CLOUD_BUILD)
    assert len(list(account.calendar.view(*window(sandbox)))) == sandbox.store.count(data.FABRIKAM_CAROL)


def test_no_permission_token_gets_401_diagnostics(sandbox_policy: HttpPolicy) -> None:
    token = app_token(sandbox_policy, data.APP_NOCONSENT_CLIENT_ID, data.CRED_APP_NOCONSENT_SECRET)["access_token"]
    r = raw_ews(sandbox_policy, token)
    assert r.status_code == 401
    assert r.headers["x-ms-diagnostics"] == (
        '2000008;reason="The token contains no permissions, or permissions can not be understood.";'
        'error_category="invalid_grant"'
    )
    assert r.headers["WWW-Authenticate"].startswith("Bearer ")


def test_expired_token_gets_401_diagnostics(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    app = data.app_by_key("app-ok")
    token = sandbox.issue_access_token(data.FABRIKAM, app=app, lifetime=-60)
    r = raw_ews(sandbox_policy, token)
    assert r.status_code == 401 and 'error_category="invalid_token"' in r.headers["x-ms-diagnostics"]
    assert "expired" in r.headers["x-ms-diagnostics"]


def test_graph_token_is_wrong_audience(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    token = sandbox.issue_access_token(data.FABRIKAM, data.GRAPH_RESOURCE, app=data.app_by_key("app-ok"))
    r = raw_ews(sandbox_policy, token)
    assert r.status_code == 401 and r.headers["x-ms-diagnostics"].startswith("2000003;")


def test_raw_app_only_getfolder(sandbox_policy: HttpPolicy) -> None:
    token = app_token(sandbox_policy, data.APP_OK_CLIENT_ID, data.CRED_APP_OK_SECRET)["access_token"]
    r = raw_ews(sandbox_policy, token)
    assert r.status_code == 200
    assert 'MajorVersion="15" MinorVersion="20"' in r.text and 'Version="V2018_01_08"' in r.text
    assert "<t:CalendarFolder>" in r.text and 'ResponseClass="Success"' in r.text


def test_northwind_ews_is_blocked_403(sandbox_policy: HttpPolicy) -> None:
    token = app_token(
        sandbox_policy, data.APP_NORTHWIND_CLIENT_ID, data.CRED_APP_NORTHWIND_SECRET, tenant=data.NORTHWIND_TENANT_ID
    )
    assert "access_token" in token, token
    assert raw_ews(sandbox_policy, token["access_token"], data.NORTHWIND_DAVE).status_code == 403
    account = app_account(
        sandbox_policy,
        data.NORTHWIND_DAVE,
        data.APP_NORTHWIND_CLIENT_ID,
        data.CRED_APP_NORTHWIND_SECRET,
        data.NORTHWIND_TENANT_ID,
    )
    with pytest.raises(Exception, match="403"):
        _ = account.calendar


# ------------------------------------------------------------------------------------------ throttling


@pytest.fixture
def busy_sandbox(sandbox_data_dir: Path, tmp_path: Path) -> Iterator[tuple[Sandbox, HttpPolicy]]:
    sb = Sandbox(sandbox_data_dir, ews_concurrency=1, ews_back_off_ms=1234).start()
    try:
        yield sb, HttpPolicy(ca_file=sb.ca_file, host_overrides=sb.host_overrides, cache_dir=tmp_path)
    finally:
        sb.stop()


def test_server_busy_when_concurrency_exceeded(busy_sandbox: tuple[Sandbox, HttpPolicy]) -> None:
    sandbox, policy = busy_sandbox
    first = ntlm_account(policy, data.CONTOSO_ANNA)
    # The UPN logon gives a second exchangelib Protocol (its own connection) for the same account and budget.
    second = ntlm_account(policy, data.CONTOSO_BEN, username=data.CONTOSO_SVC_UPN)
    with ThreadPoolExecutor(max_workers=1) as pool:
        sandbox.pause_ews()
        try:
            held = pool.submit(lambda: first.protocol.resolve_names([data.CONTOSO_BEN]))
            wait_until(lambda: sandbox.ews_in_flight().get(data.CONTOSO_SVC_UPN) == 1, what="first request in flight")
            with pytest.raises(ErrorServerBusy) as excinfo:
                second.protocol.resolve_names([data.CONTOSO_ANNA])
            assert excinfo.value.back_off == pytest.approx(1.234)
        finally:
            sandbox.resume_ews()
        assert held.result(timeout=30)[0].email_address == data.CONTOSO_BEN
    assert sandbox.ews_in_flight() == {}
