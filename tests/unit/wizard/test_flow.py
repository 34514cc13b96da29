"""The wizard flow without Qt: navigation per sync type, Back stack, validity, secrets, live plans."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from calwizard.settings.model import Mailbox, SecretRef, Settings, SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

TODAY = date(2026, 11, 21)


def state_for(sync_type: SyncType = SyncType.ON_PREMISES, **kw) -> flow.WizardState:
    s = Settings()
    s.exchange.sync_type = sync_type
    return flow.new_state(s, today=TODAY, **kw)


def fill_onprem(st: flow.WizardState) -> flow.WizardState:
    st = flow.set_field(st, "pbx.master_pbx_name", "pbx1")
    st = flow.set_field(st, "exchange.user", "svc@contoso.test")
    return flow.set_secret(st, "password", "pw")


def walk(st: flow.WizardState) -> list[StepId]:
    seen = [st.step]
    while flow.next_step(st) is not None:
        st = flow.go_next(st)
        seen.append(st.step)
    return seen


def test_navigation_per_sync_type() -> None:
    assert walk(fill_onprem(state_for())) == [
        StepId.WELCOME, StepId.PBX, StepId.SYNC_TYPE, StepId.CONNECTION, StepId.MAILBOXES, StepId.MAPPING,
        StepId.ADVANCED, StepId.VALIDATE, StepId.SUMMARY]
    st = state_for(SyncType.CLOUD_APP_ONLY)
    for path, value in [("pbx.master_pbx_name", "pbx1"), ("exchange.user", "a@fabrikam.test"),
                        ("exchange.client_id", "5b0ee3a4-6f55-4c6d-8c7c-3f4a4f0c2a11"),
                        ("exchange.tenant_id", "fabrikam.test")]:
        st = flow.set_field(st, path, value)
    st = flow.set_secret(st, "client_secret", "s3cret")
    assert StepId.ENTRA in walk(st)
    st = flow.set_field(state_for(SyncType.DISABLED), "pbx.master_pbx_name", "pbx1")
    assert walk(st) == [StepId.WELCOME, StepId.PBX, StepId.SYNC_TYPE, StepId.VALIDATE, StepId.SUMMARY]


def test_next_blocked_by_required_fields_and_back_pops_snapshots() -> None:
    st = flow.go_next(state_for())
    assert st.step is StepId.PBX
    problems = flow.page_problems(st, StepId.PBX)
    assert [p.field for p in problems] == ["pbx.master_pbx_name"]
    with pytest.raises(flow.NavigationError):
        flow.go_next(st)
    st = flow.set_field(st, "pbx.master_pbx_name", "pbx1")
    st = flow.go_next(st)
    assert st.step is StepId.SYNC_TYPE and len(st.history) == 2
    st = flow.set_field(st, "pbx.presence_language", "de")
    st, snap = flow.go_back(st)
    assert st.step is StepId.PBX and snap.step is StepId.PBX
    assert st.settings.pbx.presence_language == "de"  # edits survive Back
    st, _ = flow.go_back(st)
    assert st.step is StepId.WELCOME and not flow.can_go_back(st)
    with pytest.raises(flow.NavigationError):
        flow.go_back(st)


def test_back_retraces_the_walked_path_after_the_sync_type_changed() -> None:
    st = state_for(SyncType.CLOUD_APP_ONLY)
    st = flow.set_field(st, "pbx.master_pbx_name", "pbx1")
    st = flow.set_field(st, "exchange.user", "a@fabrikam.test")
    st = flow.go_next(flow.go_next(flow.go_next(st)))
    assert st.step is StepId.CONNECTION
    st = flow.go_next(st)
    assert st.step is StepId.ENTRA
    st, _ = flow.go_back(st)
    st, _ = flow.go_back(st)
    st = flow.set_field(st, "exchange.sync_type", SyncType.ON_PREMISES)
    assert flow.next_step(st) is StepId.CONNECTION
    assert StepId.ENTRA not in st.steps


def test_invalid_value_is_a_field_error_and_keeps_last_valid_value() -> None:
    st = flow.set_field(state_for(), "pbx.master_pbx_name", "pbx.example.com")
    assert "DNS name" in st.field_errors["pbx.master_pbx_name"]
    assert st.settings.pbx.master_pbx_name == ""
    assert not flow.page_valid(st, StepId.PBX)
    st = flow.set_field(st, "pbx.master_pbx_name", "pbx1")
    assert "pbx.master_pbx_name" not in st.field_errors
    assert flow.page_valid(st, StepId.PBX)


def test_step_of_fields() -> None:
    assert flow.step_of("exchange.client_id") is StepId.ENTRA
    assert flow.step_of("exchange.custom_cloud.authority_host") is StepId.CONNECTION
    assert flow.step_of("exchange.max_subscriptions_per_connection") is StepId.ADVANCED
    assert flow.step_of("mailboxes.2") is StepId.MAILBOXES
    assert flow.step_of("mapping.busy") is StepId.MAPPING
    assert flow.step_of("profile") is StepId.WELCOME
    assert flow.step_of("exchange.user") is StepId.CONNECTION


def test_typed_secrets_stay_in_memory_and_reference_the_store() -> None:
    st = flow.set_secret(state_for(profile="cust-a"), "password", "hunter2")
    assert st.settings.exchange.password == SecretRef(store="cust-a/exchange.password")
    assert "hunter2" not in repr(st)
    assert "hunter2" not in st.settings.model_dump_json()
    fetch = flow.make_fetcher(st, base=lambda ref: "from-base")
    assert fetch(SecretRef(store="cust-a/exchange.password")) == "hunter2"
    assert fetch(SecretRef(env="OTHER")) == "from-base"
    st = flow.set_profile(st, "cust-b")
    assert st.settings.exchange.password == SecretRef(store="cust-b/exchange.password")
    st = flow.set_secret(st, "password", "")
    assert st.settings.exchange.password is None and not st.secrets


def test_clearing_a_typed_secret_restores_the_loaded_reference() -> None:
    s = Settings()
    s.exchange.password = SecretRef(env="CW_PW")
    st = flow.new_state(s, saved=s.model_copy(deep=True), today=TODAY)
    st = flow.set_secret(st, "password", "x")
    assert st.settings.exchange.password.store
    st = flow.set_secret(st, "password", "")
    assert st.settings.exchange.password == SecretRef(env="CW_PW")


def test_profile_rule_matches_secret_store() -> None:
    from calwizard import secrets

    for name in ("default", "cust-a", "a.b_c@d+e", "-bad", "", "x" * 129, "sp ace"):
        assert bool(flow.PROFILE_RE.match(name)) == bool(secrets._NAME_RE.match(name)), name
    st = flow.set_profile(state_for(), "bad name")
    assert "profile" in st.field_errors and not flow.page_valid(st, StepId.WELCOME)


def test_ews_online_state_and_texts() -> None:
    assert flow.ews_online_state(date(2026, 9, 30)) is flow.EwsOnlineState.AVAILABLE
    assert flow.ews_online_state(date(2026, 10, 1)) is flow.EwsOnlineState.BLOCKED_BY_DEFAULT
    assert flow.ews_online_state(date(2027, 4, 1)) is flow.EwsOnlineState.OFF
    text = flow.ews_online_text(TODAY)
    assert "blocked by default since 1 October 2026" in text and "1 April 2027" in text and "131 days" in text
    assert "on-premises" in flow.recommendation(TODAY)
    assert set(flow.SYNC_TYPE_INFO) == {t.value for t in SyncType}


def test_cloud_ews_blocks_connection_page_after_switch_off_except_custom_cloud() -> None:
    st = state_for(SyncType.CLOUD_APP_ONLY)
    st = flow.set_field(st, "exchange.user", "a@fabrikam.test")
    assert flow.page_valid(st, StepId.CONNECTION)
    late = flow.new_state(st.settings, today=date(2027, 4, 2))
    assert any(p.field == "exchange.cloud" for p in flow.page_problems(late, StepId.CONNECTION))
    custom = flow.set_field(late, "exchange.cloud", "custom")
    custom = flow.set_field(custom, "exchange.custom_cloud",
                            {"authority_host": "login.x.test", "ews_host": "o.x.test", "graph_host": "g.x.test"})
    assert flow.page_valid(custom, StepId.CONNECTION)


def test_mailboxes_warn_but_do_not_block() -> None:
    st = state_for()
    assert flow.page_valid(st, StepId.MAILBOXES)
    assert flow.warnings_for(st, StepId.MAILBOXES)
    st = flow.set_field(st, "mailboxes", [Mailbox(pbx_name="a", addresses=["a@b.test"])])
    assert not flow.warnings_for(st, StepId.MAILBOXES)
    st = flow.set_field_error(st, "mailboxes.1", "bad address")
    assert not flow.page_valid(st, StepId.MAILBOXES)
    st = flow.clear_field_errors(st, "mailboxes")
    assert flow.page_valid(st, StepId.MAILBOXES)


def test_live_plans() -> None:
    st = fill_onprem(state_for())
    ids = [s.id for s in flow.live_plan(st.settings, StepId.CONNECTION)]
    assert ids == ["autodiscover"]
    assert flow.live_plan(st.settings, StepId.CONNECTION)[0].needs == ()
    ids = [s.id for s in flow.live_plan(st.settings, StepId.MAILBOXES)]
    assert ids == ["ews.streaming", "autodiscover", "ews.connect", "ews.mailboxes", "ews.access", "ews.denied"]
    assert flow.live_plan(st.settings, StepId.VALIDATE)[0].id == "inputs"
    assert flow.live_ready(st, StepId.CONNECTION)
    assert not flow.live_ready(flow.set_secret(st, "password", ""), StepId.CONNECTION)
    cloud = state_for(SyncType.CLOUD_APP_ONLY)
    cloud = flow.set_field(cloud, "exchange.user", "a@fabrikam.test")
    assert [s.id for s in flow.live_plan(cloud.settings, StepId.ENTRA)] == [
        "entra.tenant", "entra.token", "entra.permissions"]
    assert flow.live_ready(cloud, StepId.CONNECTION)  # Autodiscover v2 is anonymous
    assert not flow.live_ready(cloud, StepId.ENTRA)


def test_flow_imports_no_qt_and_no_pydantic() -> None:
    code = ("import sys, calwizard.wizard.flow; "
            "assert not any(m.startswith(('PySide6', 'pydantic')) for m in sys.modules), "
            "[m for m in sys.modules if m.startswith(('PySide6', 'pydantic'))]")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent)


def test_the_step_table_is_re_exported_by_flow() -> None:
    from calwizard.wizard import steps

    assert flow.StepId is steps.StepId and flow.STEP_TITLES is steps.STEP_TITLES
    assert flow.NAVIGATION is steps.NAVIGATION
    assert set(flow.STEP_TITLES) == set(StepId) and all(s in StepId for nav in flow.NAVIGATION.values() for s in nav)


def test_steps_imports_no_qt_and_not_the_flow() -> None:
    """The start path's step table loads alone: neither the flow nor Qt."""
    code = ("import sys, calwizard.wizard.steps; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pydantic', 'calwizard.wizard.flow'))]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent)
