"""The wizard for Exchange Online through Microsoft Graph (``cloud_graph``) against the sandbox tenant: offered
first and recommended, driven to a validated saved configuration; least privilege (must-be-denied mailboxes and
the RBAC for Applications PowerShell); out-of-scope and missing-consent failures on the Validate page; an app-only
(EWS) configuration switched to Graph keeping its app registration."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard
from tests.gui.conftest import click_next, click_radio, type_into, wait_checks
from tests.gui.test_wizard_sandbox import base_config, finish, go_to, validate_all

from calwizard.gui.widgets import renders_fixed_pitch
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings import load_settings, save_settings
from calwizard.settings.model import GraphPermission, SecretRef, SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId, new_state

pytestmark = [pytest.mark.gui, pytest.mark.integration]

TODAY = date(2026, 11, 21)
GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
CALENDARS_READ_ID = "798ee544-9d2d-430c-a058-570e29e34338"
CALENDARS_READ_BASIC_ID = "8ba4a692-bc31-4128-9094-475872af8a53"
FULL_ACCESS_AS_APP_ID = "dc890d15-9560-4a4c-9b7f-a736ec74ec40"


@pytest.fixture
def graph_services(services: Any) -> Any:
    return replace(services, today=lambda: TODAY)


def scenario(sb: Any, name: str, profile: str = "t") -> Any:
    return new_state(scenario_settings(name, sb.host_overrides, sb.ca_file, sb.data_dir), profile=profile,
                     today=TODAY)


def table_status(page: Any) -> dict[str, str]:
    return {page.table.item(r, 0).text(): page.table.item(r, 2).text() for r in range(page.table.rowCount())}


def test_sync_type_page_offers_graph_first_recommended_with_a_mnemonic(qtbot, make_wizard, graph_services) -> None:
    s = new_state(today=TODAY).settings
    s.pbx.master_pbx_name = "pbx1"
    wiz = make_wizard(new_state(s, today=TODAY), graph_services)
    click_next(qtbot, wiz, StepId.PBX)
    click_next(qtbot, wiz, StepId.SYNC_TYPE)
    page = wiz.currentPage()
    radios = page.radios
    ys = {st: r.mapTo(page, r.rect().topLeft()).y() for st, r in radios.items()}
    online = sorted((st for st in radios if st.is_cloud), key=ys.get)
    assert online[0] is SyncType.CLOUD_GRAPH  # first among the Exchange Online types, as seen on screen
    assert ys[SyncType.ON_PREMISES] < ys[SyncType.CLOUD_GRAPH]
    graph = radios[SyncType.CLOUD_GRAPH]
    assert "Microsoft &Graph" in graph.text() and "recommended for Exchange Online" in page.recommended.text()
    assert page.recommended.isVisible() and "recommended for Exchange Online" in graph.accessibleDescription()
    mnemonics = [r.text()[r.text().index("&") + 1].lower() for r in radios.values()]
    assert len(set(mnemonics)) == len(mnemonics), mnemonics  # one letter per type
    assert "Exchange Online: Microsoft Graph" in page.recommend.text()
    # the EWS banner stays true with Graph on the page
    assert "blocked by default since 1 October 2026" in page.ews.text.text()
    assert "Microsoft Graph does not use EWS and is not affected" in page.ews.text.text()
    wiz.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None, timeout=5000)
    qtbot.keyClick(page, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wiz.ctl.state.settings.exchange.sync_type is SyncType.CLOUD_GRAPH, timeout=5000)
    assert graph.isChecked()
    assert not page.switch_button.isVisible()  # nothing to switch from
    items = [wiz.steps.item(i).text() for i in range(wiz.steps.count())]
    assert any("Entra app" in t for t in items)


def test_graph_whole_wizard_to_saved_validated_configuration(qtbot, make_wizard, graph_services, gui_sandbox,
                                                             tmp_path, store_opener) -> None:
    wiz = make_wizard(None, graph_services)
    assert wiz.currentPage().open_path(base_config(gui_sandbox, tmp_path))
    type_into(qtbot, wiz.currentPage().profile, "graphco")
    click_next(qtbot, wiz, StepId.PBX)
    type_into(qtbot, wiz.currentPage().master, "pbx1")
    click_next(qtbot, wiz, StepId.SYNC_TYPE)
    click_radio(qtbot, wiz.currentPage().radios[SyncType.CLOUD_GRAPH])
    click_next(qtbot, wiz, StepId.CONNECTION)
    conn = wiz.currentPage()
    # Graph needs no service account and no Autodiscover: only the cloud is asked for
    assert conn.graph_note.isVisible()
    assert not conn.user.isVisible() and not conn.autodiscover.isVisible() and not conn.live.isVisible()
    conn.cloud.setCurrentIndex(conn.cloud.findData("custom"))
    type_into(qtbot, conn.hosts["authority_host"], d.LOGIN_HOST)
    type_into(qtbot, conn.hosts["ews_host"], d.OUTLOOK_HOST)
    type_into(qtbot, conn.hosts["graph_host"], d.GRAPH_HOST)
    click_next(qtbot, wiz, StepId.ENTRA)
    entra = wiz.currentPage()
    # what to add in the Entra admin center, copyable, and why a tenant-wide consent is too wide
    assert entra.copy_api.edit.text() == GRAPH_APP_ID
    assert entra.copy_permission.edit.text() == "Calendars.Read"
    assert entra.copy_permission_id.edit.text() == CALENDARS_READ_ID
    assert GRAPH_APP_ID in entra.copy_manifest.edit.text() and CALENDARS_READ_ID in entra.copy_manifest.edit.text()
    assert entra.consent.isVisible()
    consent = entra.consent.text.text()
    assert "every mailbox" in consent and "Exchange RBAC for Applications is the scoping tool" in consent
    assert not entra.migration.isVisible()
    assert entra.permission.isVisible() and "ReadBasic" not in entra.problem_banner.text.text()
    assert "only be granted tenant-wide" in entra.tradeoff.text() and "without body" in entra.tradeoff.text()
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    type_into(qtbot, entra.client_id, d.APP_OK_CLIENT_ID)
    type_into(qtbot, entra.tenant_id, d.FABRIKAM_TENANT_ID)
    type_into(qtbot, entra.secret, d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET])
    qtbot.waitUntil(lambda: entra.live.tree.statuses() == {"entra.tenant": "ok", "entra.token": "ok",
                                                           "entra.permissions": "ok"}, timeout=30000)
    assert "Calendars.Read" in entra.live.tree.item_for("entra.permissions").text(2)
    # the permission without bodies: its ID to copy, and that it cannot be scoped
    entra.permission.setCurrentIndex(entra.permission.findData(GraphPermission.CALENDARS_READ_BASIC))
    assert entra.copy_permission_id.edit.text() == CALENDARS_READ_BASIC_ID
    assert "no ReadBasic role" in entra.consent.text.text()
    entra.permission.setCurrentIndex(entra.permission.findData(GraphPermission.CALENDARS_READ))
    assert not entra.problem_banner.isVisible()
    click_next(qtbot, wiz, StepId.MAILBOXES)
    mb = wiz.currentPage()
    csv = tmp_path / "users.csv"
    csv.write_text(f"pbx_name,addresses\nalice,{d.FABRIKAM_ALICE}\nbob,{d.FABRIKAM_BOB}\n")
    assert mb.import_file(csv)
    # rows get their results as checks finish; the banner sums up when the whole run is done
    qtbot.waitUntil(lambda: table_status(mb) == {"alice": "OK", "bob": "OK"}
                    and "All 2 mailboxes are readable" in mb.live_banner.text.text(), timeout=30000)
    # least privilege: the PowerShell for this app and these mailboxes, read-only, copyable
    assert mb.scope_box.isVisible() and mb.script.isReadOnly()
    script = mb.script.toPlainText()
    assert f'New-ManagementRoleAssignment -App "{d.APP_OK_CLIENT_ID}" -Role "Application Calendars.Read"' in script
    assert f'"{d.FABRIKAM_ALICE}", "{d.FABRIKAM_BOB}" | ForEach-Object' in script
    assert renders_fixed_pitch(mb.script.font())  # what the reader sees, whatever family 'monospace' resolves to
    qtbot.mouseClick(mb.copy_script, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == script
    assert "exchange.must_be_denied" in mb.denied.objectName()
    assert mb.denied.toolTip() and "403" in mb.denied.toolTip()  # help from the setting's description
    for step in (StepId.MAPPING, StepId.ADVANCED):
        click_next(qtbot, wiz, step)
    adv = wiz.currentPage()
    assert adv.poll.isVisible() and adv.poll.value() == 60 and not adv.max_subs.isVisible()
    click_next(qtbot, wiz, StepId.VALIDATE)
    results = validate_all(qtbot, wiz)
    assert {r.status.value for r in results} == {"ok"}, [(r.id, r.summary) for r in results]
    statuses = wiz.currentPage().tree.statuses()
    assert statuses["graph.mailboxes"] == "ok" and "autodiscover" not in statuses
    click_next(qtbot, wiz, StepId.SUMMARY)
    summary = wiz.currentPage()
    assert "Microsoft Graph" in summary.overview.text() and "Calendars.Read" in summary.overview.text()
    target = Path(summary.path.text())
    finish(qtbot, wiz)
    saved = load_settings(target)
    assert saved.exchange.sync_type == SyncType.CLOUD_GRAPH
    assert saved.exchange.client_id == d.APP_OK_CLIENT_ID
    assert saved.exchange.graph_permission == GraphPermission.CALENDARS_READ
    assert saved.exchange.client_secret == SecretRef(store="graphco/exchange.client_secret")
    assert [m.pbx_name for m in saved.mailboxes] == ["alice", "bob"]
    assert d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET] not in target.read_text()
    assert store_opener().get("graphco/exchange.client_secret") == d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET]


def test_must_be_denied_mailboxes_are_proven_denied_or_shown_readable(qtbot, make_wizard, graph_services,
                                                                      gui_sandbox) -> None:
    wiz = make_wizard(scenario(gui_sandbox, "graph-scoped"), graph_services)
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    wait_checks(qtbot, mb)
    assert mb.denied.text() == d.FABRIKAM_CEO
    qtbot.waitUntil(lambda: mb.denied_banner.isVisible(), timeout=30000)
    assert f"{d.FABRIKAM_CEO}: denied, as required" in mb.denied_banner.text.text()
    assert f'Test-ServicePrincipalAuthorization -Identity "{d.APP_SCOPED_CLIENT_ID}" -Resource "{d.FABRIKAM_CEO}"' \
        in mb.script.toPlainText()
    # a mailbox to sync cannot also be one that must be denied: Next is blocked, with the reason
    type_into(qtbot, mb.denied, d.FABRIKAM_ALICE)
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    # beside the field (field-tied), and the banner names the field
    assert "both as a mailbox to sync and as one that must be denied" in mb.errors["exchange.must_be_denied"].text()
    assert "Mailboxes that must be denied" in mb.problem_banner.text.text()
    type_into(qtbot, mb.denied, "ceo")
    assert mb.errors["exchange.must_be_denied"].isVisible()
    assert "not an SMTP address" in mb.errors["exchange.must_be_denied"].text()
    type_into(qtbot, mb.denied, d.FABRIKAM_CEO)
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    # the tenant-wide app of graph-ok can read the CEO's calendar: the scope is too wide, and the page says so
    wiz2 = make_wizard(new_state(replace_denied(scenario(gui_sandbox, "graph-ok").settings), profile="t2",
                                 today=TODAY), graph_services)
    mb2 = go_to(qtbot, wiz2, StepId.MAILBOXES)
    wait_checks(qtbot, mb2)
    qtbot.waitUntil(lambda: mb2.denied_banner.isVisible(), timeout=30000)
    text = mb2.denied_banner.text.text()
    assert "0 of 1 mailboxes that must be denied are denied" in text and "READABLE" in text
    assert "tenant-wide admin consent" in text


def replace_denied(settings: Any) -> Any:
    settings.exchange.must_be_denied = [d.FABRIKAM_CEO]
    return settings


def test_out_of_scope_mailbox_is_shown_denied_with_the_powershell(qtbot, make_wizard, graph_services, gui_sandbox,
                                                                  tmp_path) -> None:
    wiz = make_wizard(scenario(gui_sandbox, "graph-out-of-scope"), graph_services)
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    wait_checks(qtbot, mb)
    assert table_status(mb) == {"alice": "OK", "bob": "OK", "ceo": "Access denied (out of scope)"}
    assert "1 of 3 mailboxes have a problem" in mb.live_banner.text.text()
    mb.table.selectRow(2)
    assert "outside the app's Exchange RBAC for Applications scope" in mb.detail.text()
    assert "the PowerShell below" in mb.detail.text()
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()  # a failed check never blocks
    val = go_to(qtbot, wiz, StepId.VALIDATE)
    validate_all(qtbot, wiz)
    assert "failed" in val.banner.text.text()
    item = val.tree.item_for("graph.mailboxes")
    assert item.isExpanded()
    children = {item.child(i).text(0): item.child(i) for i in range(item.childCount())}
    assert children["ceo"].text(1) == "Failed" and "access denied (403" in children["ceo"].text(2)
    assert children["alice"].text(1) == "OK"
    val.tree.setCurrentItem(children["ceo"])
    html = val.details.toHtml()
    assert "How to fix" in html and "New-ManagementRoleAssignment" in html and "Application Calendars.Read" in html
    report = val.save_report(tmp_path / "r.html").read_text()
    assert "ceo@fabrikam.test" in report and "access denied" in report


def test_missing_consent_is_shown_with_its_remedy(qtbot, make_wizard, graph_services, gui_sandbox) -> None:
    wiz = make_wizard(scenario(gui_sandbox, "graph-no-consent"), graph_services)
    entra = go_to(qtbot, wiz, StepId.ENTRA)
    wait_checks(qtbot, entra)
    assert entra.live.tree.statuses() == {"entra.tenant": "ok", "entra.token": "ok", "entra.permissions": "warning"}
    html = entra.live.details.toHtml()
    assert "admin consent is missing" in html and "Grant admin consent" in html and "Calendars.Read" in html
    val = go_to(qtbot, wiz, StepId.VALIDATE)
    validate_all(qtbot, wiz)
    assert "You can still save" in val.banner.text.text()
    st = val.tree.statuses()
    assert st["entra.permissions"] == "warning" and st["graph.mailboxes"] == "failed"
    item = val.tree.item_for("graph.mailboxes")
    rows = {item.child(i).text(0): item.child(i).text(2) for i in range(item.childCount())}
    assert "0 of 4 mailboxes readable" in rows["graph.mailboxes"]
    assert "access denied (403" in rows["alice"]
    val.tree.setCurrentItem(val.tree.item_for("entra.permissions"))
    assert "admin consent is missing" in val.details.toHtml()
    text = val.copy_report()
    assert "[WARNING] entra.permissions" in text and "Grant admin consent" in text


def test_app_only_configuration_switches_to_graph_keeping_its_registration(qtbot, make_wizard, graph_services,
                                                                           gui_sandbox, tmp_path) -> None:
    path = save_settings(scenario_settings("app-only-ok", gui_sandbox.host_overrides, gui_sandbox.ca_file,
                                           gui_sandbox.data_dir), tmp_path / "fabrikam.toml")
    wiz = make_wizard(None, graph_services)
    assert wiz.currentPage().open_path(path)
    sync = go_to(qtbot, wiz, StepId.SYNC_TYPE)
    assert sync.radios[SyncType.CLOUD_APP_ONLY].isChecked()
    assert sync.switch_banner.isVisible() and sync.switch_button.isVisible()
    offer = sync.switch_banner.text.text()
    assert "keeps this app registration" in offer and CALENDARS_READ_ID in offer
    assert sync.switch_button.text() == "&Switch to Microsoft Graph, keep this app registration"
    qtbot.mouseClick(sync.switch_button, Qt.MouseButton.LeftButton)
    assert sync.radios[SyncType.CLOUD_GRAPH].isChecked()
    assert not sync.switch_button.isVisible()
    assert sync.switched_banner.isVisible() and d.APP_OK_CLIENT_ID in sync.switched_banner.text.text()
    click_next(qtbot, wiz, StepId.CONNECTION)
    click_next(qtbot, wiz, StepId.ENTRA)
    entra = wiz.currentPage()
    assert entra.client_id.text() == d.APP_OK_CLIENT_ID
    assert entra.tenant_id.text() == d.FABRIKAM_TENANT_ID
    assert "kept in sandbox credential" in entra.secret.edit.placeholderText()
    steps = entra.migration.text.text()
    assert entra.migration.isVisible()
    assert f"Microsoft Graph > Application permissions: add Calendars.Read (ID {CALENDARS_READ_ID})" in steps
    assert "Grant admin consent" in steps
    assert "full_access_as_app" in steps and FULL_ACCESS_AS_APP_ID in steps and "can be removed" in steps
    # the kept secret gets a Microsoft Graph token
    wait_checks(qtbot, entra)
    assert entra.live.tree.statuses() == {"entra.tenant": "ok", "entra.token": "ok", "entra.permissions": "ok"}
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    assert mb.table.rowCount() == 4  # the mailboxes are kept too
    wait_checks(qtbot, mb)
    assert set(table_status(mb).values()) == {"OK"}
    go_to(qtbot, wiz, StepId.VALIDATE)
    results = validate_all(qtbot, wiz)
    assert {r.status.value for r in results} == {"ok"}, [(r.id, r.summary) for r in results]
    summary = go_to(qtbot, wiz, StepId.SUMMARY)
    assert Path(summary.path.text()) == path
    finish(qtbot, wiz)
    saved = load_settings(path)
    assert saved.exchange.sync_type == SyncType.CLOUD_GRAPH
    assert (saved.exchange.client_id, saved.exchange.tenant_id) == (d.APP_OK_CLIENT_ID, d.FABRIKAM_TENANT_ID)
    assert saved.exchange.client_secret == SecretRef(sandbox=d.CRED_APP_OK_SECRET)


def test_typed_secret_survives_the_switch(qtbot, make_wizard, graph_services, gui_sandbox) -> None:
    st = scenario(gui_sandbox, "app-only-ok", profile="edit")
    st = flow.set_secret(st, "client_secret", d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET])
    wiz = make_wizard(st, graph_services)
    sync = go_to(qtbot, wiz, StepId.SYNC_TYPE)
    qtbot.mouseClick(sync.switch_button, Qt.MouseButton.LeftButton)
    entra = go_to(qtbot, wiz, StepId.ENTRA)
    assert entra.secret.text() == d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET]
    assert entra.migration.isVisible()
    wait_checks(qtbot, entra)
    assert entra.live.tree.statuses()["entra.token"] == "ok"
    assert wiz.ctl.state.settings.exchange.client_secret == SecretRef(store="edit/exchange.client_secret")
