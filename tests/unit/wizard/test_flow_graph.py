"""The wizard flow for Microsoft Graph (``cloud_graph``) without Qt: recommendation, order, the app-only -> Graph
migration, permission texts, least-privilege PowerShell, field pages and live plans."""

from __future__ import annotations

from datetime import date

import pytest

from calwizard.settings.model import GraphPermission, Mailbox, SecretRef, Settings, SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

BEFORE = date(2026, 9, 1)
BLOCKED = date(2026, 11, 21)
OFF = date(2027, 4, 2)
CLIENT_ID = "5b0ee3a4-6f55-4c6d-8c7c-3f4a4f0c2a11"
CALENDARS_READ_ID = "798ee544-9d2d-430c-a058-570e29e34338"
CALENDARS_READ_BASIC_ID = "8ba4a692-bc31-4128-9094-475872af8a53"
FULL_ACCESS_AS_APP_ID = "dc890d15-9560-4a4c-9b7f-a736ec74ec40"


def app_only(today: date = BLOCKED, **kw) -> flow.WizardState:
    s = Settings()
    s.pbx.master_pbx_name = "pbx1"
    s.exchange.sync_type = SyncType.CLOUD_APP_ONLY
    s.exchange.user = "alice@fabrikam.test"
    s.exchange.client_id = CLIENT_ID
    s.exchange.tenant_id = "fabrikam.test"
    s.mailboxes = [Mailbox(pbx_name="alice", addresses=["alice@fabrikam.test", "a@fabrikam.test"]),
                   Mailbox(pbx_name="bob", addresses=["bob@fabrikam.test"])]
    return flow.new_state(s, today=today, profile="fabrikam", **kw)


@pytest.mark.parametrize("today", [BEFORE, BLOCKED, OFF])
def test_microsoft_graph_is_recommended_for_exchange_online(today: date) -> None:
    text = flow.recommendation(today)
    on_prem, _, online = text.partition(". ")
    assert "on-premises" in on_prem
    assert online.startswith("Exchange Online: Microsoft Graph")
    assert "1 April 2027" in text or flow.ews_online_state(today) is flow.EwsOnlineState.OFF
    assert SyncType.CLOUD_GRAPH.value == flow.RECOMMENDED_ONLINE_TYPE


def test_graph_comes_first_among_the_exchange_online_types() -> None:
    order = flow.SYNC_TYPE_ORDER
    assert sorted(order) == sorted(t.value for t in SyncType)
    online = [t for t in order if SyncType(t).is_cloud]
    assert online[0] == "cloud_graph"
    assert order.index("on_premises") < order.index("cloud_graph")


@pytest.mark.parametrize("today", [BEFORE, BLOCKED, OFF])
def test_ews_status_text_stays_true_with_graph_on_the_page(today: date) -> None:
    text = flow.ews_online_text(today)
    assert "Microsoft Graph does not use EWS and is not affected" in text
    assert "Exchange Server on-premises keeps EWS" in text
    assert "sync types below use EWS" not in text  # Graph is one of the types below, and it does not


def test_ews_switch_off_does_not_block_graph_but_blocks_ews_cloud_types() -> None:
    st = flow.new_state(app_only().settings, today=OFF)
    problems = flow.page_problems(st, StepId.CONNECTION)
    assert problems and "Microsoft Graph" in problems[0].remedy
    graph = flow.switch_to_graph(st)
    assert flow.page_problems(graph, StepId.CONNECTION) == []
    assert flow.warnings_for(graph, StepId.SYNC_TYPE) == []  # the EWS warning is about EWS types only
    assert flow.warnings_for(st, StepId.SYNC_TYPE)


def test_switch_to_graph_keeps_the_app_registration_and_mailboxes() -> None:
    st = flow.set_secret(app_only(), "client_secret", "typed-secret")
    before = st.settings.exchange
    switched = flow.switch_to_graph(st)
    ex = switched.settings.exchange
    assert ex.sync_type is SyncType.CLOUD_GRAPH
    assert (ex.client_id, ex.tenant_id, ex.client_secret) == (before.client_id, before.tenant_id,
                                                               SecretRef(store="fabrikam/exchange.client_secret"))
    assert switched.secrets["client_secret"] == "typed-secret"
    assert switched.settings.mailboxes == st.settings.mailboxes
    assert switched.step is st.step and switched.history == st.history
    # the Graph pages need nothing more: Entra and Mailboxes are complete
    assert flow.page_valid(switched, StepId.ENTRA) and flow.page_valid(switched, StepId.MAILBOXES)


def test_migration_says_exactly_which_permission_to_add_and_what_can_go() -> None:
    st = flow.switch_to_graph(flow.set_secret(app_only(), "client_secret", "typed-secret"))
    m = flow.graph_migration(st)
    assert m is not None
    assert (m.permission, m.permission_id) == ("Calendars.Read", CALENDARS_READ_ID)
    assert dict(m.kept)["client ID"] == CLIENT_ID and dict(m.kept)["mailboxes"] == "2"
    assert "typed-secret" not in m.text
    add, consent, remove = m.steps
    assert "Microsoft Graph > Application permissions: add Calendars.Read" in add and CALENDARS_READ_ID in add
    assert CLIENT_ID in add
    assert "Grant admin consent" in consent and "RBAC for Applications" in consent
    assert "full_access_as_app" in remove and FULL_ACCESS_AS_APP_ID in remove and "can be removed" in remove
    basic = flow.set_field(st, "exchange.graph_permission", GraphPermission.CALENDARS_READ_BASIC)
    m2 = flow.graph_migration(basic)
    assert m2 is not None and m2.permission_id == CALENDARS_READ_BASIC_ID and "Calendars.ReadBasic" in m2.steps[0]


def test_certificate_registration_is_kept_too(tmp_path) -> None:
    cert = tmp_path / "app.pem"
    cert.write_text("x")
    st = flow.set_field(app_only(), "exchange.client_certificate", str(cert))
    m = flow.graph_migration(flow.switch_to_graph(st))
    assert m is not None and dict(m.kept)["certificate"] == str(cert)


def test_an_opened_app_only_configuration_switched_by_radio_is_a_migration() -> None:
    opened = app_only()
    opened = flow.new_state(opened.settings, saved=opened.settings.model_copy(deep=True), today=BLOCKED)
    st = flow.set_sync_type(opened, SyncType.ON_PREMISES)  # wandering through the radios
    assert flow.graph_migration(st) is None
    st = flow.set_sync_type(st, SyncType.CLOUD_GRAPH)
    assert flow.graph_migration(st) is not None
    st = flow.set_field(st, "exchange.graph_permission", GraphPermission.CALENDARS_READ_BASIC)
    assert flow.graph_migration(st) is not None  # later edits keep it
    back = flow.set_sync_type(st, SyncType.CLOUD_APP_ONLY)
    assert flow.graph_migration(back) is None and back.migrated_from == ""


def test_no_migration_without_an_app_only_origin_or_registration() -> None:
    fresh = flow.new_state(Settings(), today=BLOCKED)
    graph = flow.set_sync_type(flow.set_sync_type(fresh, SyncType.CLOUD_APP_ONLY), SyncType.CLOUD_GRAPH)
    assert flow.graph_migration(graph) is None  # nothing registered yet: nothing to keep
    onprem = flow.set_sync_type(flow.set_sync_type(app_only(), SyncType.ON_PREMISES), SyncType.CLOUD_GRAPH)
    assert flow.graph_migration(onprem) is None
    with pytest.raises(ValueError, match="app-only"):
        flow.switch_to_graph(flow.set_sync_type(app_only(), SyncType.ON_PREMISES))


@pytest.mark.parametrize("today", [BEFORE, BLOCKED, OFF])
def test_app_only_is_offered_the_switch(today: date) -> None:
    st = app_only(today)
    text = flow.graph_switch_suggestion(st)
    assert text is not None
    assert "keeps this app registration" in text and "Calendars.Read" in text and CALENDARS_READ_ID in text
    assert "1 April 2027" in text
    assert flow.graph_switch_suggestion(flow.switch_to_graph(st)) is None
    assert flow.graph_switch_suggestion(flow.set_sync_type(st, SyncType.ON_PREMISES)) is None


def test_permission_texts() -> None:
    assert flow.graph_permission_id("Calendars.Read") == CALENDARS_READ_ID
    assert flow.graph_permission_id("Calendars.ReadBasic") == CALENDARS_READ_BASIC_ID
    assert flow.graph_permission_text("Calendars.Read") == (
        f"Microsoft Graph > Application permissions > Calendars.Read (ID {CALENDARS_READ_ID}), with admin consent")
    assert set(flow.GRAPH_PERMISSION_TRADEOFF) == {p.value for p in GraphPermission}
    assert "subject" in flow.GRAPH_PERMISSION_TRADEOFF["Calendars.ReadBasic"]
    assert "without body" in flow.GRAPH_PERMISSION_TRADEOFF["Calendars.ReadBasic"]
    warning = flow.tenant_wide_consent_warning("Calendars.Read")
    assert "every mailbox" in warning and "Exchange RBAC for Applications is the scoping tool" in warning
    assert "'Application Calendars.Read'" in warning and "ReadBasic" not in warning
    basic = flow.tenant_wide_consent_warning("Calendars.ReadBasic")
    assert "no ReadBasic role" in basic and "'Application Calendars.Read'" in basic
    assert "only be granted tenant-wide" in flow.GRAPH_PERMISSION_TRADEOFF["Calendars.ReadBasic"]


def test_read_basic_warns_when_mailboxes_must_stay_out_of_reach() -> None:
    st = flow.switch_to_graph(app_only())
    basic = flow.set_field(st, "exchange.graph_permission", GraphPermission.CALENDARS_READ_BASIC)
    assert flow.warnings_for(basic, StepId.ENTRA) == []  # ReadBasic still returns the subject
    guarded = flow.set_field(basic, "exchange.must_be_denied", ["ceo@fabrikam.test"])
    (warning,) = flow.warnings_for(guarded, StepId.ENTRA)
    assert "ceo@fabrikam.test" in warning and "tenant-wide" in warning and "Calendars.Read" in warning
    read = flow.set_field(guarded, "exchange.graph_permission", GraphPermission.CALENDARS_READ)
    assert flow.warnings_for(read, StepId.ENTRA) == []


def test_scope_script_is_filled_with_app_mailboxes_permission_and_denied_mailboxes() -> None:
    st = flow.switch_to_graph(app_only())
    st = flow.set_field(st, "exchange.graph_permission", GraphPermission.CALENDARS_READ_BASIC)
    st = flow.set_field(st, "exchange.must_be_denied", "ceo@fabrikam.test; cfo@fabrikam.test")
    script = flow.scope_script(st.settings)
    assert f'New-ServicePrincipal -AppId "{CLIENT_ID}"' in script
    assert '"alice@fabrikam.test", "bob@fabrikam.test" | ForEach-Object' in script  # primary addresses only
    assert "a@fabrikam.test" not in script
    # RBAC for Applications has no ReadBasic role: the scoped app gets Calendars.Read, and the script says so
    assert '-Role "Application Calendars.Read"' in script and "no Calendars.ReadBasic role" in script
    assert f'Test-ServicePrincipalAuthorization -Identity "{CLIENT_ID}" -Resource "ceo@fabrikam.test"' in script
    assert script.splitlines()[-1].endswith('-Resource "cfo@fabrikam.test"')
    empty = flow.set_field(st, "exchange.client_id", "")
    assert '-AppId "<Application (client) ID>"' in flow.scope_script(empty.settings)


def test_graph_fields_are_edited_on_their_pages() -> None:
    assert flow.step_of("exchange.graph_permission") is StepId.ENTRA
    assert flow.step_of("exchange.must_be_denied") is StepId.MAILBOXES
    assert flow.step_of("exchange.graph_poll_interval_seconds") is StepId.ADVANCED


def test_must_be_denied_errors_block_the_mailboxes_page() -> None:
    st = flow.switch_to_graph(flow.set_secret(app_only(), "client_secret", "s"))
    bad = flow.set_field(st, "exchange.must_be_denied", "not-an-address")
    assert "not an SMTP address" in bad.field_errors["exchange.must_be_denied"]
    assert not flow.page_valid(bad, StepId.MAILBOXES) and flow.page_valid(bad, StepId.ENTRA)
    both = flow.set_field(st, "exchange.must_be_denied", "bob@fabrikam.test")
    (problem,) = flow.page_problems(both, StepId.MAILBOXES)
    assert problem.field == "exchange.must_be_denied" and "both as a mailbox to sync" in problem.message


def test_graph_live_checks() -> None:
    st = flow.switch_to_graph(flow.set_field(app_only(), "exchange.user", ""))
    assert not flow.live_ready(st, StepId.ENTRA)  # no secret or certificate yet
    st = flow.set_secret(st, "client_secret", "s")
    assert flow.live_ready(st, StepId.ENTRA) and flow.live_ready(st, StepId.MAILBOXES)
    assert not flow.live_ready(st, StepId.CONNECTION)  # nothing to check there for Graph
    assert [s.id for s in flow.live_plan(st.settings, StepId.ENTRA)] == [
        "entra.tenant", "entra.token", "entra.permissions"]
    assert [s.id for s in flow.live_plan(st.settings, StepId.MAILBOXES)] == [
        "entra.tenant", "entra.token", "entra.permissions", "graph.mailboxes", "graph.denied"]
    assert [s.id for s in flow.live_plan(st.settings, StepId.CONNECTION)] == []
