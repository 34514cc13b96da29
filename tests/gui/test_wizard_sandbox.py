"""The whole wizard against the sandbox tenant: on-premises and app-only to a saved, validated
configuration; failure display (bad secret, denied mailboxes); cancellation; a responsive event loop."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QWizard
from tests.gui.conftest import click_next, click_radio, type_into, wait_checks

from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings import load_settings, save_settings
from calwizard.settings.model import ExchangeSettings, SecretRef, Settings, SyncType
from calwizard.wizard.flow import StepId, new_state

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def base_config(sb: Any, tmp_path: Path) -> Path:
    """What a technician starts from: a profile that only knows how to reach the (sandbox) servers."""
    s = Settings(exchange=ExchangeSettings(host_overrides=sb.host_overrides, ca_file=str(sb.ca_file),
                                           timeout_seconds=10))
    return save_settings(s, tmp_path / "start.toml")


def finish(qtbot: Any, wiz: Any) -> None:
    button = wiz.button(QWizard.WizardButton.FinishButton)
    assert button.isEnabled(), wiz.currentPage().error
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.result() == QWizard.DialogCode.Accepted, timeout=20000)


def add_mailbox(qtbot: Any, page: Any, name: str, address: str) -> None:
    qtbot.mouseClick(page.add, Qt.MouseButton.LeftButton)
    row = page.table.rowCount() - 1
    page.table.item(row, 0).setText(name)
    page.table.item(row, 1).setText(address)


def validate_all(qtbot: Any, wiz: Any) -> list[Any]:
    page = wiz.currentPage()
    assert wiz.step() == StepId.VALIDATE
    qtbot.waitUntil(lambda: bool(page.results) and not page.job.running, timeout=60000)
    return page.results


def test_onprem_whole_wizard_to_saved_validated_configuration(qtbot, make_wizard, gui_sandbox, tmp_path,
                                                                store_opener) -> None:
    wiz = make_wizard()
    welcome = wiz.currentPage()
    assert welcome.open_path(base_config(gui_sandbox, tmp_path))
    type_into(qtbot, welcome.profile, "customer-a")
    click_next(qtbot, wiz, StepId.PBX)
    type_into(qtbot, wiz.currentPage().master, "pbx1")
    click_next(qtbot, wiz, StepId.SYNC_TYPE)
    click_radio(qtbot, wiz.currentPage().radios[SyncType.ON_PREMISES])
    click_next(qtbot, wiz, StepId.CONNECTION)
    conn = wiz.currentPage()
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    type_into(qtbot, conn.user, d.CONTOSO_SVC_UPN)
    type_into(qtbot, conn.password, d.DEMO_CREDENTIALS[d.CRED_CONTOSO_SVC_PASSWORD])
    qtbot.waitUntil(lambda: "mail.contoso.test/EWS/Exchange.asmx" in conn.found.text(), timeout=30000)
    assert conn.live.tree.statuses() == {"autodiscover": "ok"}
    assert "Exchange version" in conn.found.text()
    click_next(qtbot, wiz, StepId.MAILBOXES)
    mb = wiz.currentPage()
    add_mailbox(qtbot, mb, "anna", d.CONTOSO_ANNA)
    add_mailbox(qtbot, mb, "ben", d.CONTOSO_BEN)
    qtbot.mouseClick(mb.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [mb.table.item(r, 2).text() for r in range(2)] == ["OK", "OK"], timeout=30000)
    click_next(qtbot, wiz, StepId.MAPPING)
    click_next(qtbot, wiz, StepId.ADVANCED)
    click_next(qtbot, wiz, StepId.VALIDATE)
    results = validate_all(qtbot, wiz)
    assert {r.status.value for r in results} == {"ok"}, [(r.id, r.summary) for r in results]
    assert wiz.currentPage().tree.statuses() == {k: "ok" for k in wiz.currentPage().tree.statuses()}
    click_next(qtbot, wiz, StepId.SUMMARY)
    summary = wiz.currentPage()
    assert "passed" in summary.overview.text()
    target = Path(summary.path.text())
    assert target == tmp_path / "start.toml"  # an opened configuration is saved where it came from
    finish(qtbot, wiz)

    text = target.read_text()
    assert d.DEMO_CREDENTIALS[d.CRED_CONTOSO_SVC_PASSWORD] not in text
    saved = load_settings(target)
    assert saved.exchange.sync_type == SyncType.ON_PREMISES
    assert saved.exchange.password == SecretRef(store="customer-a/exchange.password")
    assert [m.pbx_name for m in saved.mailboxes] == ["anna", "ben"]
    assert store_opener().get("customer-a/exchange.password") == d.DEMO_CREDENTIALS[d.CRED_CONTOSO_SVC_PASSWORD]


def test_app_only_whole_wizard_to_saved_validated_configuration(qtbot, make_wizard, gui_sandbox, tmp_path,
                                                                  store_opener) -> None:
    wiz = make_wizard()
    assert wiz.currentPage().open_path(base_config(gui_sandbox, tmp_path))
    type_into(qtbot, wiz.currentPage().profile, "fabrikam")
    click_next(qtbot, wiz, StepId.PBX)
    type_into(qtbot, wiz.currentPage().master, "pbx1")
    click_next(qtbot, wiz, StepId.SYNC_TYPE)
    sync = wiz.currentPage()
    click_radio(qtbot, sync.radios[SyncType.CLOUD_APP_ONLY])
    assert "blocked by default since 1 October 2026" in sync.ews.text.text()
    click_next(qtbot, wiz, StepId.CONNECTION)
    conn = wiz.currentPage()
    conn.cloud.setCurrentIndex(conn.cloud.findData("custom"))
    type_into(qtbot, conn.hosts["authority_host"], d.LOGIN_HOST)
    type_into(qtbot, conn.hosts["ews_host"], d.OUTLOOK_HOST)
    type_into(qtbot, conn.hosts["graph_host"], d.GRAPH_HOST)
    type_into(qtbot, conn.user, d.FABRIKAM_ALICE)
    qtbot.waitUntil(lambda: conn.live.tree.statuses().get("autodiscover") == "ok", timeout=30000)
    click_next(qtbot, wiz, StepId.ENTRA)
    entra = wiz.currentPage()
    assert "dc890d15-9560-4a4c-9b7f-a736ec74ec40" in entra.copy_permission.edit.text()
    assert "00000002-0000-0ff1-ce00-000000000000" in entra.copy_manifest.edit.text()
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    type_into(qtbot, entra.client_id, d.APP_OK_CLIENT_ID)
    type_into(qtbot, entra.tenant_id, d.FABRIKAM_TENANT_ID)
    type_into(qtbot, entra.secret, d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET])
    qtbot.waitUntil(lambda: entra.live.tree.statuses() == {"entra.tenant": "ok", "entra.token": "ok",
                                                           "entra.permissions": "ok"}, timeout=30000)
    click_next(qtbot, wiz, StepId.MAILBOXES)
    mb = wiz.currentPage()
    csv = tmp_path / "users.csv"
    csv.write_text(f"pbx_name,addresses\nalice,{d.FABRIKAM_ALICE}\nbob,{d.FABRIKAM_BOB}\n")
    assert mb.import_file(csv)
    qtbot.waitUntil(lambda: [mb.table.item(r, 2).text() for r in range(2)] == ["OK", "OK"], timeout=30000)
    for step in (StepId.MAPPING, StepId.ADVANCED, StepId.VALIDATE):
        click_next(qtbot, wiz, step)
    results = validate_all(qtbot, wiz)
    assert {r.status.value for r in results} == {"ok"}, [(r.id, r.summary) for r in results]
    click_next(qtbot, wiz, StepId.SUMMARY)
    summary = wiz.currentPage()
    target = Path(summary.path.text())
    bundle = tmp_path / "fabrikam.calwiz"
    assert not summary.install_button.isEnabled(), "a service is installed from the exported bundle"
    summary.export(bundle, "correct horse battery staple")
    qtbot.waitUntil(bundle.exists, timeout=30000)
    qtbot.waitUntil(summary.install_button.isEnabled, timeout=30000)
    summary.install_root = tmp_path / "root"  # the real system needs root; an image directory does not
    qtbot.mouseClick(summary.install_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "installed as the service" in summary.status.text.text(), timeout=60000)
    unit = tmp_path / "root/etc/systemd/system/calwizard-engine.service"
    assert unit.exists() and "Restart=on-failure" in unit.read_text()
    installed = load_settings(tmp_path / "root/etc/calwizard/calwizard-engine/engine.toml")
    assert installed.exchange.client_secret == SecretRef(store="calwizard-engine/exchange.client_secret")
    finish(qtbot, wiz)
    saved = load_settings(target)
    assert saved.exchange.sync_type == SyncType.CLOUD_APP_ONLY
    # every file the wizard wrote (config, bundle, secret store file, CA cache): no form of the secret
    secret = d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET]
    import base64
    from urllib.parse import quote

    forms = [secret.encode(), base64.b64encode(secret.encode()), quote(secret, safe="").encode()]
    for f in tmp_path.rglob("*"):
        if f.is_file():
            blob = f.read_bytes()
            assert not any(form in blob for form in forms), f"secret found in {f}"
    from calwizard.bundle import read_bundle

    assert read_bundle(bundle, "correct horse battery staple").secrets["client_secret"] == secret
    assert saved.exchange.client_secret == SecretRef(store="fabrikam/exchange.client_secret")
    assert d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET] not in target.read_text()
    assert store_opener().get("fabrikam/exchange.client_secret") == d.DEMO_CREDENTIALS[d.CRED_APP_OK_SECRET]


def go_to(qtbot: Any, wiz: Any, step: StepId) -> Any:
    while wiz.step() != step:
        click_next(qtbot, wiz)
    return wiz.currentPage()


def scenario_state(sb: Any, name: str) -> Any:
    return new_state(scenario_settings(name, sb.host_overrides, sb.ca_file, sb.data_dir), profile="t")


def test_bad_secret_is_shown_with_its_remedy_and_does_not_block(qtbot, make_wizard, gui_sandbox) -> None:
    wiz = make_wizard(scenario_state(gui_sandbox, "app-only-bad-secret"))
    entra = go_to(qtbot, wiz, StepId.ENTRA)
    wait_checks(qtbot, entra)
    st = entra.live.tree.statuses()
    assert st["entra.tenant"] == "ok" and st["entra.token"] == "failed" and st["entra.permissions"] == "skipped"
    html = entra.live.details.toHtml()
    assert "7000215" in html and "How to fix" in html
    assert "Problems found" in entra.live.status.text()
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    val = go_to(qtbot, wiz, StepId.VALIDATE)
    validate_all(qtbot, wiz)
    assert "failed" in val.banner.text.text()
    assert "You can still save" in val.banner.text.text()
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    text = val.copy_report()
    assert "[FAILED ] entra.token" in text and "fix:" in text


def test_denied_mailboxes_are_shown_and_filterable(qtbot, make_wizard, gui_sandbox, tmp_path) -> None:
    wiz = make_wizard(scenario_state(gui_sandbox, "onprem-mailbox-problems"))
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    wait_checks(qtbot, mb)
    status = {mb.table.item(r, 0).text(): mb.table.item(r, 2).text() for r in range(mb.table.rowCount())}
    assert status == {"anna": "OK", "legal": "Impersonation denied", "exec": "Access denied", "ghost": "Not found"}
    assert "3 of 4 mailboxes have a problem" in mb.live_banner.text.text()
    mb.only_problems.setChecked(True)
    assert [mb.table.isRowHidden(r) for r in range(4)] == [True, False, False, False]
    mb.table.selectRow(1)
    assert "ApplicationImpersonation" in mb.detail.text()
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    val = go_to(qtbot, wiz, StepId.VALIDATE)
    validate_all(qtbot, wiz)
    item = val.tree.item_for("ews.mailboxes")
    assert item.childCount() == 4 and item.isExpanded()
    report = val.save_report(tmp_path / "r.html")
    assert "impersonation denied" in report.read_text()


def test_cloud_names_are_resolved_on_the_mailboxes_page(qtbot, make_wizard, gui_sandbox) -> None:
    """App-only EWS: a secondary address is found via ResolveNames, an ambiguous name names its candidates."""
    wiz = make_wizard(scenario_state(gui_sandbox, "app-only-names"))
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    wait_checks(qtbot, mb)
    rows = {mb.table.item(r, 0).text(): r for r in range(mb.table.rowCount())}
    status = {name: mb.table.item(r, 2).text() for name, r in rows.items()}
    assert status == {"alice": "OK", "bob": "OK", "dana": "Ambiguous name", "dana-fisher": "OK", "ghost": "Not found"}
    assert f"found via {d.FABRIKAM_BOB_SECONDARY}" in mb.table.item(rows["bob"], 2).toolTip()
    assert d.FABRIKAM_DANA_FISCHER in mb.table.item(rows["dana"], 2).toolTip()
    mb.table.selectRow(rows["dana"])
    assert "primary SMTP address" in mb.detail.text()


@pytest.fixture(scope="module")
def slow_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from calwizard.sandbox.server import Sandbox

    sb = Sandbox(tmp_path_factory.mktemp("slow-sandbox"), latency_ms=300)
    sb.start()
    yield sb
    sb.stop()


def test_cancel_and_back_stop_running_checks(qtbot, make_wizard, slow_sandbox) -> None:
    wiz = make_wizard(scenario_state(slow_sandbox, "onprem-ok"))
    val = go_to(qtbot, wiz, StepId.VALIDATE)
    qtbot.waitUntil(lambda: "running" in val.tree.statuses().values(), timeout=10000)
    assert val.busy and val.cancel_button.isEnabled()
    qtbot.mouseClick(val.cancel_button, Qt.MouseButton.LeftButton)
    assert not val.job.running
    assert "skipped" in val.tree.statuses().values()
    assert "cancelled" in val.banner.text.text()
    assert val.run.isEnabled()
    # run again, then Back cancels
    qtbot.mouseClick(val.run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: val.job.running, timeout=5000)
    qtbot.mouseClick(wiz.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wiz.step() == StepId.ADVANCED and not val.job.running
    # closing cancels too
    for _ in range(3):
        qtbot.mouseClick(wiz.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    conn = wiz.currentPage()
    assert wiz.step() == StepId.CONNECTION
    qtbot.mouseClick(conn.live.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: conn.live.running, timeout=5000)
    wiz.reject()
    assert not conn.live.running


def test_event_loop_stays_responsive_during_a_slow_check(qtbot, make_wizard, slow_sandbox) -> None:
    wiz = make_wizard(scenario_state(slow_sandbox, "app-only-ok"))
    ticks: list[int] = []
    clock = QElapsedTimer()
    clock.start()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    val = go_to(qtbot, wiz, StepId.VALIDATE)
    start = time.monotonic()
    timer.start()
    qtbot.waitUntil(lambda: bool(val.results) and not val.job.running, timeout=60000)
    timer.stop()
    elapsed = time.monotonic() - start
    assert elapsed > 1.0  # the sandbox really was slow (several round trips of 300 ms)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) >= 0.5 * elapsed * 1000 / 20, (len(ticks), elapsed)
    assert max(gaps) < 250, max(gaps)
