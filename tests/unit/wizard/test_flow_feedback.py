"""Feedback rules of the flow without Qt: reachable pages, results that go stale when their inputs change, each
page's state, where a result's field is, removing a stored secret, the profile of a reopened configuration, and
the admin center pages per cloud."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from calwizard.checks.base import failed, ok, warning
from calwizard.settings import save_settings
from calwizard.settings.model import CloudName, Mailbox, SecretRef, Settings, SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId, StepStatus

TODAY = date(2026, 11, 21)


def onprem(**kw) -> flow.WizardState:
    s = Settings()
    s.exchange.sync_type = SyncType.ON_PREMISES
    st = flow.new_state(s, today=TODAY, **kw)
    st = flow.set_field(st, "pbx.master_pbx_name", "pbx1")
    st = flow.set_field(st, "exchange.user", "svc@contoso.test")
    return flow.set_secret(st, "password", "pw")


def test_reachable_pages_stop_at_the_first_blocking_page_and_route_there() -> None:
    st = onprem()
    assert flow.reachable_steps(st) == st.steps  # every page is complete: all reachable
    st = flow.set_field(st, "exchange.user", "")
    reach = flow.reachable_steps(st)
    assert reach == (StepId.WELCOME, StepId.PBX, StepId.SYNC_TYPE, StepId.CONNECTION)  # Connection blocks
    assert flow.route(st, StepId.CONNECTION) == ("next", "next", "next")
    with pytest.raises(flow.NavigationError, match="Connection"):
        flow.route(st, StepId.MAPPING)
    st = flow.set_field(st, "exchange.user", "svc@contoso.test")
    for _ in range(5):
        st = flow.go_next(st)
    assert st.step is StepId.MAPPING
    assert flow.route(st, StepId.PBX) == ("back",) * 4  # pages walked: Back retraces them
    assert flow.route(st, StepId.SUMMARY) == ("next",) * 3


def test_results_go_stale_only_when_an_input_they_judged_changes() -> None:
    st = flow.set_field(onprem(), "mailboxes", [Mailbox(pbx_name="anna", addresses="anna@contoso.test")])
    book = flow.ResultBook()
    book.record(st, "autodiscover", [ok("autodiscover", "found")])
    book.record(st, "ews.mailboxes", [ok("ews.mailboxes", "1 ok"), ok("ews.mailbox:anna", "readable")])
    assert {r.id for r in book.fresh(st)} == {"autodiscover", "ews.mailboxes", "ews.mailbox:anna"}
    # the presence mapping is not an input of Autodiscover or of a mailbox's access
    st2 = flow.set_field(st, "mapping.busy", "do_not_disturb")
    assert not book.outdated(st2)
    # a new mailbox row: the list-level result is outdated, anna's own result is not; the new row has none
    st3 = flow.set_field(st, "mailboxes", [*st.settings.mailboxes, Mailbox(pbx_name="ben", addresses="b@c.test")])
    assert {r.id for r in book.outdated(st3)} == {"ews.mailboxes"}
    assert book.is_fresh(st3, "ews.mailbox:anna") and not book.is_fresh(st3, "ews.mailbox:ben")
    # the password (typed in the wizard) is judged by Autodiscover: a new one outdates it
    st4 = flow.set_secret(st, "password", "other")
    assert "autodiscover" in {r.id for r in book.outdated(st4)}
    assert "other" not in repr(book.outdated(st4)) and "pw" not in flow.fingerprint(st, "autodiscover")
    # a new run replaces the check's earlier results
    book.record(st3, "ews.mailboxes", [ok("ews.mailbox:ben", "readable")])
    assert {r.id for r in book.fresh(st3)} == {"autodiscover", "ews.mailbox:ben"}


def test_step_states_show_failed_warning_ok_and_not_checked() -> None:
    st = flow.set_field(onprem(), "mailboxes", [Mailbox(pbx_name="anna", addresses="anna@contoso.test")])
    states = flow.step_states(st)
    assert set(states.values()) == {StepStatus.UNCHECKED}  # nothing seen, nothing checked
    for _ in range(3):
        st = flow.go_next(st)
    assert st.step is StepId.CONNECTION
    fresh = [warning("autodiscover", "slow"), failed("ews.mailbox:anna", "denied"), ok("ews.connect", "fine")]
    states = flow.step_states(st, fresh)
    assert states[StepId.PBX] == StepStatus.OK and states[StepId.SYNC_TYPE] == StepStatus.OK  # seen, complete
    assert states[StepId.CONNECTION] == StepStatus.WARNING
    assert states[StepId.MAILBOXES] == StepStatus.FAILED and states[StepId.VALIDATE] == StepStatus.FAILED
    assert states[StepId.MAPPING] == StepStatus.UNCHECKED
    # a blocking problem on a page already seen
    st = flow.set_field(st, "exchange.user", "")
    assert flow.step_states(st, fresh)[StepId.CONNECTION] == StepStatus.FAILED
    assert flow.step_states(st, extra={StepId.WELCOME: StepStatus.WARNING})[StepId.WELCOME] == StepStatus.WARNING


def test_each_result_leads_to_its_field_and_page() -> None:
    s = Settings()
    s.exchange.sync_type = SyncType.CLOUD_APP_ONLY
    s.mailboxes = [Mailbox(pbx_name="anna", addresses="anna@contoso.test"), Mailbox(pbx_name="ben", addresses="b@c.t")]
    cases = [
        (failed("entra.tenant", "no such tenant"), "exchange.tenant_id", StepId.ENTRA),
        (failed("entra.token", "bad secret"), "exchange.client_secret", StepId.ENTRA),
        (failed("autodiscover", "not found"), "exchange.user", StepId.CONNECTION),
        (failed("ews.mailbox:ben", "denied"), "mailboxes.2", StepId.MAILBOXES),
        (failed("inputs:exchange.client_id", "empty"), "exchange.client_id", StepId.ENTRA),
        (failed("graph.denied:ceo@contoso.test", "readable"), "exchange.must_be_denied", StepId.MAILBOXES),
        (failed("pbx.connect", "refused", field="pbx.app_password"), "pbx.app_password", StepId.PBX),
    ]
    for result, path, step in cases:
        assert flow.result_field(result, s) == path, result.id
        assert flow.step_of(path) == step, path


def test_removing_a_stored_secret_drops_the_reference_and_deletes_it_on_save(tmp_path: Path) -> None:
    from calwizard.secrets import open_store
    from calwizard.wizard.persist import open_configuration, save

    store = open_store("file", path=tmp_path / "s.cfg", passphrase="pp", service="calwizard-unit")
    store.set("customer-a/exchange.password", "old")
    s = onprem().settings
    s.exchange.password = SecretRef(store="customer-a/exchange.password")
    path = save_settings(s, tmp_path / "copy of customer.toml")
    st = open_configuration(path, today=TODAY)
    assert st.profile == "customer-a"  # the profile its secrets are stored under, not the file's name
    assert flow.stored_secret(st, "password") == SecretRef(store="customer-a/exchange.password")
    st = flow.set_secret(st, "password", "x")
    st = flow.set_secret(st, "password", "")  # typed and cleared again: the stored one is back in force
    assert flow.stored_secret(st, "password") is not None and st.settings.exchange.password is not None
    st = flow.remove_secret(st, "password")
    assert st.settings.exchange.password is None and st.dirty and flow.stored_secret(st, "password") is None
    saved = save(st, path, lambda: store)
    assert store.get("customer-a/exchange.password") is None and not saved.removed_secrets
    assert "password" not in path.read_text()


def test_profile_of_a_configuration_without_store_references_is_the_fallback() -> None:
    s = Settings()
    assert flow.profile_of(s, "cust-z") == "cust-z"
    s.exchange.password = SecretRef(env="CW_PW")
    assert flow.profile_of(s, "cust-z") == "cust-z"


@pytest.mark.parametrize(("cloud", "host"), [
    (CloudName.GLOBAL, "https://entra.microsoft.com/"),
    (CloudName.USGOV_GCC_HIGH, "https://entra.microsoft.us/"),
    (CloudName.CHINA, "https://entra.microsoftonline.cn/"),
])
def test_admin_center_links_open_the_page_of_each_manual_step_in_the_right_cloud(cloud, host) -> None:
    s = Settings()
    s.exchange.sync_type = SyncType.CLOUD_GRAPH
    s.exchange.cloud = cloud
    s.exchange.client_id = "11111111-2222-3333-4444-555555555555"
    s.exchange.tenant_id = "contoso.onmicrosoft.com"
    links = {link.page: link.url for link in flow.portal_links(s)}
    assert set(links) == {"new-registration", "api-permissions", "certificates-secrets", "enterprise-applications",
                          "exchange"}
    assert all(url.startswith("https://") for url in links.values())
    assert links["api-permissions"] == (f"{host}contoso.onmicrosoft.com/#view/Microsoft_AAD_RegisteredApps/"
                                        "ApplicationMenuBlade/~/CallAnAPI/appId/11111111-2222-3333-4444-555555555555"
                                        "/isMSAApp~/false")
    assert "/Credentials/appId/11111111-2222-3333-4444-555555555555" in links["certificates-secrets"]
    s.exchange.cloud = CloudName.CUSTOM  # the sandbox: no admin center
    assert flow.portal_links(s) == []
    s.exchange.cloud = cloud
    s.exchange.client_id = ""  # no app yet: only the pages that need none
    assert {link.page for link in flow.portal_links(s)} == {"new-registration", "enterprise-applications", "exchange"}
