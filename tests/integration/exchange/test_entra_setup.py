"""Creating the app registration through Microsoft Graph against the sandbox tenant (exchange/entra_setup): the
administrator signs in through the sandbox's authorize page (scripted browser) or with a device code, the plan,
the steps, the wait for propagation, the created app's own token passing the existing ``entra.permissions`` check,
and the failures a technician meets (no administrator, cancelled sign-in, name taken) with rollback."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.integration.conftest import policy_for

from calwizard.checks.base import CheckStatus
from calwizard.checks.entra import check_permissions, check_tenant, check_token
from calwizard.checks.plan import make_context
from calwizard.errors import UserFacingError
from calwizard.exchange import entra_setup as es
from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.browser import auto_browser
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import GraphPermission, SecretRef, Settings, SyncType

pytestmark = pytest.mark.integration

PROPAGATION = 1.5


@pytest.fixture(scope="module")
def slow_sandbox(sandbox_data_dir: Path) -> Iterator[Sandbox]:
    """A sandbox whose app role assignments take PROPAGATION seconds to show in tokens."""
    sb = Sandbox(sandbox_data_dir, role_propagation_seconds=PROPAGATION)
    sb.start()
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture
def policy(slow_sandbox: Sandbox, tmp_path: Path) -> HttpPolicy:
    return policy_for(slow_sandbox, tmp_path / "ca")


def settings_for(sb: Sandbox, sync_type: SyncType = SyncType.CLOUD_GRAPH) -> Settings:
    s = scenario_settings("entra-setup", sb.host_overrides, sb.ca_file, sb.data_dir)
    s.exchange.sync_type = sync_type
    return s


def browser(policy: HttpPolicy, login: str, password: str, *, cancel: bool = False) -> Any:
    return auto_browser(policy, login, password, cancel=cancel)


def sign_in(settings: Settings, policy: HttpPolicy, login: str = d.FABRIKAM_ADMIN,
            password: str = d.CRED_FABRIKAM_ADMIN_PASSWORD) -> es.AdminSession:
    return es.admin_sign_in(settings.exchange, policy, open_browser=browser(policy, login, d.credential(password)),
                            timeout=30)


async def create(session: es.AdminSession, settings: Settings, policy: HttpPolicy, options: es.SetupOptions,
                 events: list[es.SetupEvent]) -> tuple[es.Plan, es.SetupResult, dict[str, Any]]:
    async with es.AppSetup(session, settings, policy) as setup:
        plan = await setup.plan(options)
        result = await setup.execute(plan, events.append)
        claims = await setup.wait_until_granted(result, events.append, timeout=30, interval=0.3)
    return plan, result, claims


async def entra_checks(settings: Settings, secret: str) -> dict[str, Any]:
    field = "client_secret" if settings.exchange.client_secret is not None else "client_certificate_pem"
    ctx = make_context(settings, lambda ref: secret)
    results = {}
    for check in (check_tenant, check_token, check_permissions):
        r = await check(ctx)
        results[r.id] = r
    assert getattr(settings.exchange, field) is not None
    return results


def test_admin_creates_a_graph_app_whose_own_token_passes_the_permissions_check(slow_sandbox, policy) -> None:
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy)
    assert session.username == d.FABRIKAM_ADMIN and session.tenant_id == d.FABRIKAM_TENANT_ID
    assert "Global Administrator" in session.role_names
    assert session.access_token not in repr(session)

    events: list[es.SetupEvent] = []
    plan, result, claims = asyncio.run(create(session, settings, policy, es.SetupOptions(display_name="Sync A"),
                                              events))
    assert plan.ok and "Calendars.Read" in plan.steps[0] and "single tenant" in plan.steps[0]
    assert any("every mailbox" in w for w in plan.warnings)  # tenant-wide consent: the two grants add up
    assert result.secret and result.secret not in repr(result)
    assert "Calendars.Read" in claims["roles"]
    # the wait saw the role missing first (propagation), then present
    waits = [e for e in events if e.step == es.STEP_WAIT]
    assert any("does not carry Calendars.Read yet" in e.detail for e in waits) and waits[-1].status == "done"
    assert [e.step for e in events if e.status == "done"][:4] == [es.STEP_APP, es.STEP_SECRET, es.STEP_SP,
                                                                  es.STEP_CONSENT]
    created = {a["appId"]: a for a in slow_sandbox.directory.summary()}[result.created.client_id]
    assert created["displayName"] == "Sync A" and created["passwords"] == 1
    assert created["assignments"] == ["798ee544-9d2d-430c-a058-570e29e34338"]  # Calendars.Read

    ref = SecretRef(store="p/exchange.client_secret")
    configured = es.configure(settings, result, ref)
    ex = configured.exchange
    assert ex.client_id == result.created.client_id and ex.tenant_id == d.FABRIKAM_TENANT_ID
    assert ex.client_secret == ref and ex.app_registration is not None
    assert ex.client_secret_expires == result.expires.date()  # the expiry warnings know it
    assert ex.app_registration.consent == "tenant_wide"
    assert ex.app_registration.service_principal_object_id == result.created.sp_object_id
    checks = asyncio.run(entra_checks(configured, result.secret))
    assert checks["entra.token"].status == CheckStatus.OK
    assert checks["entra.permissions"].status == CheckStatus.OK, checks["entra.permissions"]
    assert "Calendars.Read" in checks["entra.permissions"].summary


def test_certificate_credential_and_ews_app_only(slow_sandbox, policy) -> None:
    settings = settings_for(slow_sandbox, SyncType.CLOUD_APP_ONLY)
    session = sign_in(settings, policy)
    events: list[es.SetupEvent] = []
    options = es.SetupOptions(display_name="Sync EWS cert", credential=es.CredentialKind.CERTIFICATE, months=6)
    plan, result, claims = asyncio.run(create(session, settings, policy, options, events))
    assert "full_access_as_app" in plan.steps[0]
    assert "full_access_as_app" in claims["roles"]
    assert not result.secret and "PRIVATE KEY" in result.certificate_pem and result.thumbprint
    assert result.certificate_pem not in repr(result)
    ref = SecretRef(store="p/exchange.client_certificate_pem")
    configured = es.configure(settings, result, ref)
    assert configured.exchange.client_certificate_pem == ref and configured.exchange.client_secret is None
    checks = asyncio.run(entra_checks(configured, result.certificate_pem))
    assert checks["entra.token"].summary == "Entra ID issued a token (client certificate)"
    assert checks["entra.permissions"].status == CheckStatus.OK


def test_scoped_consent_grants_nothing_tenant_wide_and_fills_the_object_id(slow_sandbox, policy) -> None:
    from calwizard.wizard import flow

    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy)
    events: list[es.SetupEvent] = []
    options = es.SetupOptions(display_name="Sync scoped", consent=es.ConsentMode.RBAC_SCOPED)
    _plan, result, claims = asyncio.run(create(session, settings, policy, options, events))
    assert "roles" not in claims  # no tenant-wide consent at all
    assert ("skipped" in {e.status for e in events if e.step == es.STEP_SCOPED})
    created = {a["appId"]: a for a in slow_sandbox.directory.summary()}[result.created.client_id]
    assert created["assignments"] == []
    script = flow.scope_script(es.configure(settings, result, SecretRef(store="p/exchange.client_secret")))
    assert f'-ObjectId "{result.created.sp_object_id}"' in script
    assert f'New-ManagementRoleAssignment -App "{result.created.client_id}"' in script
    # ReadBasic cannot be scoped
    settings.exchange.graph_permission = GraphPermission.CALENDARS_READ_BASIC
    assert options.problems(es.required_permission(settings.exchange))


def test_non_admin_fails_at_the_consent_step_and_rollback_deletes_everything(slow_sandbox, policy) -> None:
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy, d.FABRIKAM_ALICE, d.CRED_FABRIKAM_ALICE_PASSWORD)
    assert session.role_names == []

    async def run() -> tuple[es.Plan, es.SetupFailed, list[str]]:
        async with es.AppSetup(session, settings, policy) as setup:
            plan = await setup.plan(es.SetupOptions(display_name="Sync by alice"))
            with pytest.raises(es.SetupFailed) as failed:
                await setup.execute(plan)
            left = await setup.rollback(failed.value.created)
        return plan, failed.value, left

    plan, failure, left = asyncio.run(run())
    assert any("Global Administrator, Privileged Role Administrator" in w for w in plan.warnings)
    assert failure.step == es.STEP_CONSENT and failure.code == "Authorization_RequestDenied"
    assert "not an administrator" in failure.message
    assert "scoped to the synced mailboxes" in (failure.remedy or "")
    assert failure.created.app_object_id and failure.created.sp_object_id
    assert left == []
    assert not [a for a in slow_sandbox.directory.summary() if a["displayName"] == "Sync by alice"]


def test_application_administrator_may_grant_exchange_but_not_graph_app_roles(slow_sandbox, policy) -> None:
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy, d.FABRIKAM_APP_ADMIN, d.CRED_FABRIKAM_APP_ADMIN_PASSWORD)

    async def plan_for(s: Settings) -> es.Plan:
        async with es.AppSetup(session, s, policy) as setup:
            return await setup.plan(es.SetupOptions(display_name="Sync by appadmin"))

    graph_plan = asyncio.run(plan_for(settings))
    assert any("Application Administrator" in w and "needs Global Administrator" in w for w in graph_plan.warnings)
    ews_plan = asyncio.run(plan_for(settings_for(slow_sandbox, SyncType.CLOUD_APP_ONLY)))
    assert not any("needs" in w for w in ews_plan.warnings)


def test_a_taken_name_is_described_and_nothing_is_created_until_the_technician_chooses(slow_sandbox, policy) -> None:
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy)
    events: list[es.SetupEvent] = []
    _plan, first, _claims = asyncio.run(create(session, settings, policy, es.SetupOptions(display_name="Taken name"),
                                               events))
    before = slow_sandbox.directory.summary()

    async def again() -> es.Plan:
        async with es.AppSetup(session, settings, policy) as setup:
            plan = await setup.plan(es.SetupOptions(display_name="Taken name"))
            with pytest.raises(UserFacingError):
                await setup.execute(plan)
            return plan

    plan = asyncio.run(again())
    assert not plan.ok and plan.needs_choice and plan.bad_choice and plan.steps == ()
    assert [e.client_id for e in plan.existing] == [first.created.client_id]
    today = first.created_at.date().isoformat()
    text = plan.text()
    assert (f"An application 'Taken name' already exists (app ID {first.created.client_id}, created {today}); its "
            "permissions: Microsoft Graph Calendars.Read (application, admin consent granted); client secrets: 1 "
            f"(the last expires {first.expires.date().isoformat()}).") in text
    assert "Reuse it" in plan.problems[0] and "'Taken name (2)'" in plan.problems[0]
    assert plan.proposed_name == "Taken name (2)"
    assert slow_sandbox.directory.summary() == before  # nothing created, nothing changed


def by_id(sb: Sandbox, object_id: str) -> dict[str, Any]:
    return next(a for a in sb.directory.summary() if a["id"] == object_id)


def test_reusing_an_app_made_by_hand_adds_only_what_it_lacks_and_validates(slow_sandbox, policy) -> None:
    directory = slow_sandbox.directory
    made = directory.register_by_hand("Sync by hand", permissions=((d.GRAPH_APP_ID, "User.Read.All"),), consent=True,
                                      secret_days=90)
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy)

    async def plan_for(options: es.SetupOptions) -> es.Plan:
        async with es.AppSetup(session, settings, policy) as setup:
            return await setup.plan(options)

    found = asyncio.run(plan_for(es.SetupOptions(display_name="Sync by hand")))
    assert found.needs_choice
    assert "its permissions: Microsoft Graph User.Read.All (application, admin consent granted)" in found.text()
    assert "; client secrets: 1 (the last expires" in found.text()
    events: list[es.SetupEvent] = []
    options = es.SetupOptions(display_name="Sync by hand", reuse=made["appId"])
    plan, result, claims = asyncio.run(create(session, settings, policy, options, events))
    assert plan.ok and plan.reuse is not None and plan.reuse.object_id == made["id"] and plan.display_name == ""
    assert plan.steps[0].startswith("Use the existing application 'Sync by hand'")
    assert plan.steps[1].startswith("Add the API permission: Microsoft Graph > Application permissions > "
                                    "Calendars.Read")
    assert not any(s.startswith("Create the service principal") for s in plan.steps)  # it has one
    assert "Calendars.Read" in claims["roles"] and "User.Read.All" in claims["roles"]

    after = by_id(slow_sandbox, made["id"])
    assert after["appId"] == made["appId"] and after["displayName"] == "Sync by hand"  # the same app, not a copy
    assert len([a for a in directory.summary() if a["displayName"] == "Sync by hand"]) == 1
    assert after["servicePrincipal"] == made["servicePrincipal"]
    assert after["passwordKeyIds"] == [*made["passwordKeyIds"], result.created.password_key_id]  # the old one stays
    assert after["requested"] == ["df021288-bdef-4463-88db-98f22de89214", "798ee544-9d2d-430c-a058-570e29e34338"]
    assert sorted(after["assignments"]) == sorted([*made["assignments"], "798ee544-9d2d-430c-a058-570e29e34338"])
    assert result.created.reused and not result.created.sp_created and result.display_name == "Sync by hand"
    assert [e.status for e in events if e.step == es.STEP_SP] == ["skipped"]

    configured = es.configure(settings, result, SecretRef(store="p/exchange.client_secret"))
    assert configured.exchange.client_id == made["appId"]
    assert configured.exchange.app_registration is not None and configured.exchange.app_registration.reused
    checks = asyncio.run(entra_checks(configured, result.secret))
    assert checks["entra.permissions"].status == CheckStatus.OK, checks["entra.permissions"]


def test_a_new_app_under_the_first_free_name(slow_sandbox, policy) -> None:
    directory = slow_sandbox.directory
    directory.register_by_hand("Sync twice")
    directory.register_by_hand("sync twice (2)")  # names compare without regard to case
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy)
    events: list[es.SetupEvent] = []
    plan, result, _claims = asyncio.run(create(session, settings, policy,
                                               es.SetupOptions(display_name="Sync twice", new_name=True), events))
    assert plan.display_name == "Sync twice (3)" and plan.steps[0].startswith("Create the application 'Sync twice (3)'")
    assert by_id(slow_sandbox, result.created.app_object_id)["displayName"] == "Sync twice (3)"
    assert result.display_name == "Sync twice (3)" and not result.created.reused


def test_several_apps_of_that_name_are_listed_and_one_is_chosen_by_its_app_id(slow_sandbox, policy) -> None:
    from datetime import UTC, datetime

    directory = slow_sandbox.directory
    old = directory.register_by_hand("Sync many", created=datetime(2025, 3, 1, tzinfo=UTC))
    new = directory.register_by_hand("Sync many", permissions=((d.GRAPH_APP_ID, "Calendars.Read"),), consent=True,
                                     service_principal=True)
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy)

    async def plans() -> tuple[es.Plan, es.Plan, es.Plan]:
        async with es.AppSetup(session, settings, policy) as setup:
            return (await setup.plan(es.SetupOptions(display_name="Sync many")),
                    await setup.plan(es.SetupOptions(display_name="Sync many", reuse=new["appId"])),
                    await setup.plan(es.SetupOptions(display_name="Sync many",
                                                     reuse="0badc0de-0000-4000-8000-000000000000")))

    ask, chosen, missing = asyncio.run(plans())
    assert ask.needs_choice and {e.client_id for e in ask.existing} == {old["appId"], new["appId"]}
    assert "2 applications are named 'Sync many'" in ask.problems[0]
    assert f"(app ID {old['appId']}, created 2025-03-01); its permissions: none; no client secret or certificate." in \
        ask.text()
    assert chosen.ok and chosen.reuse is not None and chosen.reuse.client_id == new["appId"]
    assert chosen.reuse.has_permission and chosen.reuse.consented  # nothing to add but the credential
    assert not any("Add the API permission" in s or "Grant admin consent" in s for s in chosen.steps)
    assert any("granted already (kept as it is)" in s for s in chosen.steps)
    assert missing.reuse_not_found and missing.bad_choice and "No app registration with the app ID" in \
        missing.problems[0]


def test_rollback_on_a_reused_app_removes_only_what_this_run_added(slow_sandbox, policy) -> None:
    """An Application Administrator may change any app but not grant Microsoft Graph app roles: the permission and the
    secret are added, the consent fails, the rollback takes both away and leaves the app as it was."""
    directory = slow_sandbox.directory
    made = directory.register_by_hand("Sync rollback", permissions=((d.GRAPH_APP_ID, "User.Read.All"),), consent=True,
                                      secret_days=30)
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy, d.FABRIKAM_APP_ADMIN, d.CRED_FABRIKAM_APP_ADMIN_PASSWORD)
    events: list[es.SetupEvent] = []

    async def run() -> tuple[es.SetupFailed, list[str]]:
        async with es.AppSetup(session, settings, policy) as setup:
            plan = await setup.plan(es.SetupOptions(display_name="Sync rollback", reuse=made["appId"]))
            with pytest.raises(es.SetupFailed) as failed:
                await setup.execute(plan, events.append)
            middle = by_id(slow_sandbox, made["id"])
            assert middle["passwords"] == 2 and len(middle["requested"]) == 2
            left = await setup.rollback(failed.value.created, events.append)
        return failed.value, left

    failure, left = asyncio.run(run())
    assert failure.step == es.STEP_CONSENT and failure.created.reused and failure.created.anything
    assert "a client secret" in failure.created.describe() and "the API permission" in failure.created.describe()
    assert left == []
    assert by_id(slow_sandbox, made["id"]) == made  # as it was: its secret, permission, consent, service principal
    undone = [e.step for e in events if e.status == "done" and e.step.startswith("Remove")]
    assert undone == [es.STEP_REMOVE_SECRET, es.STEP_REMOVE_PERMISSION]
    assert not any(e.step in (es.STEP_DELETE_APP, es.STEP_DELETE_SP) for e in events)


def test_rollback_of_a_certificate_and_consent_added_to_a_reused_app(slow_sandbox, policy) -> None:
    directory = slow_sandbox.directory
    made = directory.register_by_hand("Sync cert", secret_days=30, service_principal=False)
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy)
    events: list[es.SetupEvent] = []
    options = es.SetupOptions(display_name="Sync cert", reuse=made["appId"], credential=es.CredentialKind.CERTIFICATE)
    _plan, first, _claims = asyncio.run(create(session, settings, policy, options, events))
    # a second certificate beside the first: the first stays (Update application replaces the whole collection)
    _plan, second, _claims = asyncio.run(create(session, settings, policy, options, events))
    mid = by_id(slow_sandbox, made["id"])
    assert mid["certificates"] == 2 and mid["passwords"] == 1 and mid["servicePrincipal"]
    assert first.created.sp_created and not second.created.sp_created and not second.created.assignment_id

    async def undo(created: es.Created) -> list[str]:
        async with es.AppSetup(session, settings, policy) as setup:
            return await setup.rollback(created, events.append)

    assert asyncio.run(undo(second.created)) == []
    after = by_id(slow_sandbox, made["id"])
    assert after["certificates"] == 1 and after["assignments"] == mid["assignments"] and after["requested"]
    assert asyncio.run(undo(first.created)) == []
    assert by_id(slow_sandbox, made["id"]) == made  # no certificate, no permission, no service principal: as made


def test_a_user_may_not_change_an_app_of_someone_else(slow_sandbox, policy) -> None:
    made = slow_sandbox.directory.register_by_hand("Sync not yours", owner=d.FABRIKAM_ADMIN)
    settings = settings_for(slow_sandbox)
    session = sign_in(settings, policy, d.FABRIKAM_ALICE, d.CRED_FABRIKAM_ALICE_PASSWORD)

    async def run() -> tuple[es.Plan, es.SetupFailed]:
        async with es.AppSetup(session, settings, policy) as setup:
            plan = await setup.plan(es.SetupOptions(display_name="x", reuse=made["appId"]))
            with pytest.raises(es.SetupFailed) as failed:
                await setup.execute(plan)
        return plan, failed.value

    plan, failure = asyncio.run(run())
    assert any("works only if alice@fabrikam.test is one of its owners" in w for w in plan.warnings)
    assert failure.step == es.STEP_ADD_PERMISSION and "may not change the application 'Sync not yours'" in \
        failure.message
    assert not failure.created.anything and by_id(slow_sandbox, made["id"]) == made


def test_cancel_in_the_browser_is_a_cancelled_sign_in(slow_sandbox, policy) -> None:
    settings = settings_for(slow_sandbox)
    with pytest.raises(UserFacingError) as err:
        es.admin_sign_in(settings.exchange, policy, timeout=30, open_browser=browser(
            policy, d.FABRIKAM_ADMIN, d.credential(d.CRED_FABRIKAM_ADMIN_PASSWORD), cancel=True))
    assert "cancelled" in err.value.message and "AADSTS65004" in err.value.message


def test_device_code_sign_in(slow_sandbox, policy) -> None:
    settings = settings_for(slow_sandbox)
    shown: list[tuple[str, str, str]] = []

    def show(message: str, url: str, code: str) -> None:
        shown.append((message, url, code))

        def enter() -> None:
            s = policy.requests_session()
            page = s.post(url, data={"otc": code, "login": d.FABRIKAM_ADMIN,
                                     "passwd": d.credential(d.CRED_FABRIKAM_ADMIN_PASSWORD)}, timeout=10)
            assert "You have signed in" in page.text

        threading.Thread(target=enter, daemon=True).start()

    session = es.admin_sign_in_device_code(settings.exchange, policy, show=show, timeout=60)
    assert session.username == d.FABRIKAM_ADMIN and shown and shown[0][2] in shown[0][0]


def test_a_tenant_id_entra_does_not_know_is_named_at_the_sign_in(slow_sandbox, policy) -> None:
    """A typo in the configuration's tenant ID: no internal error, the field and the fix (real msal, which reads the
    authority's OpenID configuration first)."""
    settings = settings_for(slow_sandbox)
    settings.exchange.tenant_id = "0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e"
    for sign in (lambda: sign_in(settings, policy),
                 lambda: es.admin_sign_in_device_code(settings.exchange, policy, show=lambda *a: None, timeout=5)):
        with pytest.raises(UserFacingError) as err:
            sign()
        assert err.value.field == "exchange.tenant_id"
        assert "Entra ID does not know the tenant '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e'" in err.value.message
        assert "leave the tenant ID empty" in (err.value.remedy or "")
