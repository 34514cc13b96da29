"""Delegate access in the sandbox, driven by exchangelib without impersonation (explicit access): each calendar's
folder permission decides what the service account reads ("Delegate access and EWS in Exchange", seed 001)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from exchangelib import DELEGATE, NTLM, Account, Credentials
from exchangelib.errors import ErrorAccessDenied
from sandbox_helpers import ONPREM_BUILD, ews_account

from calwizard.exchange import ews
from calwizard.exchange.access import Visibility, rights_from_exchangelib
from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient

pytestmark = pytest.mark.integration

SVC = [data.CONTOSO_SVC_UPN]


def delegate_account(policy: HttpPolicy, target: str) -> Account:
    """The service account opening ``target``'s folders with its own rights (no ExchangeImpersonation)."""
    creds = Credentials(data.CONTOSO_SVC_NTLM_USER, data.credential(data.CRED_CONTOSO_SVC_PASSWORD))
    acct = ews_account(policy, target, creds, NTLM, data.CONTOSO_EWS_URL, ONPREM_BUILD)
    return Account(primary_smtp_address=target, access_type=DELEGATE, config=acct.protocol.config,
                   autodiscover=False)


@pytest.fixture
def control(sandbox_policy: HttpPolicy) -> Iterator[ControlClient]:
    client = ControlClient(sandbox_policy)
    yield client
    client.close()


def view(sandbox: Sandbox, account: Account) -> list:  # type: ignore[type-arg]
    start = sandbox.started_at - timedelta(days=1)
    return ews.read_calendar_view(account, start, start + timedelta(days=4))


def test_getfolder_returns_the_permission_set_and_the_callers_effective_rights(
        sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    anna = ews.read_calendar_rights(delegate_account(sandbox_policy, data.CONTOSO_ANNA), data.CONTOSO_ANNA)
    entries = {(p.user_id.primary_smtp_address or p.user_id.distinguished_user): p.calendar_permission_level
               for p in anna.permission_set.calendar_permissions}
    assert entries == {"Default": "FreeBusyTimeOnly", "Anonymous": "None", data.CONTOSO_SVC_UPN: "Reviewer"}
    assert (anna.effective_rights.read, anna.effective_rights.modify, anna.effective_rights.view_private_items) == (
        True, False, False)
    room = rights_from_exchangelib(ews.read_calendar_rights(delegate_account(sandbox_policy, data.CONTOSO_ROOM),
                                                            data.CONTOSO_ROOM), SVC)
    assert (room.level, room.view_private) == ("Reviewer", True)
    with pytest.raises(ErrorAccessDenied):  # nothing granted, not even free/busy
        ews.read_calendar_rights(delegate_account(sandbox_policy, data.CONTOSO_LEGAL), data.CONTOSO_LEGAL)


def test_what_each_level_lets_the_delegate_read(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    full = view(sandbox, delegate_account(sandbox_policy, data.CONTOSO_ANNA))  # Reviewer, no private items
    frank = view(sandbox, delegate_account(sandbox_policy, data.CONTOSO_FRANK))  # Default: FreeBusyTimeOnly
    ben = view(sandbox, delegate_account(sandbox_policy, data.CONTOSO_BEN))  # FreeBusyTimeAndSubjectAndLocation
    room = view(sandbox, delegate_account(sandbox_policy, data.CONTOSO_ROOM))  # Reviewer + ViewPrivateItems
    assert all(i.start and i.end and i.legacy_free_busy_status for i in full + frank + ben + room)
    assert all(i.subject is None for i in frank), "free/busy only: no subjects"
    assert all(i.subject for i in ben if i.sensitivity != "Private") and any(i.sensitivity for i in ben)
    private = [i for i in full if i.sensitivity == "Private"]
    assert private and all(i.subject is None for i in private), "private details withheld without ViewPrivateItems"
    assert all(i.subject for i in room), "with ViewPrivateItems the room's private appointments come in full"
    assert any(i.subject and i.sensitivity != "Private" for i in full)


def test_permission_changes_at_runtime_through_the_control_api(
        sandbox: Sandbox, sandbox_policy: HttpPolicy, control: ControlClient) -> None:
    try:
        control.set_permission(data.CONTOSO_FRANK, data.CONTOSO_SVC_UPN, "FreeBusyTimeAndSubjectAndLocation")
        account = delegate_account(sandbox_policy, data.CONTOSO_FRANK)
        assert any(i.subject for i in view(sandbox, account))
        rights = rights_from_exchangelib(ews.read_calendar_rights(account, data.CONTOSO_FRANK), SVC)
        assert (rights.level, rights.read, rights.via) == ("FreeBusyTimeAndSubjectAndLocation",
                                                           Visibility.SUBJECT_LOCATION, "own entry")
        control.set_permission(data.CONTOSO_FRANK, "Default", "None")
        control.set_permission(data.CONTOSO_FRANK, data.CONTOSO_SVC_UPN, "None")
        with pytest.raises(ErrorAccessDenied):
            view(sandbox, account)
    finally:
        control.set_permission(data.CONTOSO_FRANK, data.CONTOSO_SVC_UPN, "None")
        control.set_permission(data.CONTOSO_FRANK, "Default", "FreeBusyTimeOnly")
