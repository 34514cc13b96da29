"""Flow and feedback a technician notices: closing with unsaved changes, dialogs sized by their content."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from tests.gui.conftest import click_next

from calwizard.gui.layoutcheck import layout_problems
from calwizard.settings.model import Settings, SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

pytestmark = pytest.mark.gui


def onprem_state(**kw: Any) -> flow.WizardState:
    s = Settings()
    s.exchange.sync_type = SyncType.ON_PREMISES
    s.pbx.master_pbx_name = "pbx1"
    return flow.new_state(s, **kw)


def answer_close_dialog(qtbot: Any, which: str, seen: dict[str, Any]) -> None:
    """Click ``which`` (save, discard, keep) in the close dialog once it is open."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)  # not open yet
            return
        seen["buttons"] = sorted(b.text().replace("&", "") for b in box.buttons())
        seen["problems"] = layout_problems(box)
        button = {"save": box.button(QMessageBox.StandardButton.Save),
                  "discard": box.button(QMessageBox.StandardButton.Discard)}.get(which)
        if button is None:
            button = next(b for b in box.buttons() if "Keep" in b.text())
        button.click()

    QTimer.singleShot(50, click)


@pytest.mark.parametrize("answer", ["keep", "discard", "save"])
def test_closing_with_unsaved_changes_asks_save_discard_or_keep_editing(qtbot, make_wizard, services,
                                                                          answer) -> None:
    svc = replace(services, extra={})
    wiz = make_wizard(onprem_state(profile="cust-close"), svc)
    try:
        closing(qtbot, wiz, services, answer)
    finally:
        svc.extra["confirm_discard"] = False  # the fixture's teardown closes the window without asking


def closing(qtbot: Any, wiz: Any, services: Any, answer: str) -> None:
    click_next(qtbot, wiz, StepId.PBX)
    wiz.currentPage().master.setText("pbx2")
    seen: dict[str, Any] = {}
    answer_close_dialog(qtbot, answer, seen)
    wiz.close()
    assert seen["buttons"] == ["Discard", "Keep editing", "Save"]
    assert not seen["problems"], seen["problems"]  # the dialog is sized by its text
    saved = services.config_dir / "cust-close.toml"
    if answer == "keep":
        assert wiz.isVisible() and not saved.exists()
    elif answer == "discard":
        assert not wiz.isVisible() and not saved.exists()
    else:  # closes once the file is written
        qtbot.waitUntil(lambda: not wiz.isVisible(), timeout=10000)
        assert 'master_pbx_name = "pbx2"' in saved.read_text()


def test_bundle_passphrase_dialog_is_sized_by_its_content(qtbot) -> None:
    from calwizard.gui.pages.summary import PassphraseDialog

    dialog = PassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not layout_problems(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    lines = dialog.findChildren(type(dialog.strength))[0].height() // dialog.fontMetrics().lineSpacing()
    assert lines <= 3  # the explanation wraps into a few lines, not a narrow column


def test_step_list_shows_each_steps_state_and_opens_reachable_pages(qtbot, make_wizard) -> None:
    wiz = make_wizard(onprem_state(profile="steps"))
    wiz.ctl.update(flow.set_field, "exchange.user", "svc@contoso.test")
    wiz.ctl.update(flow.set_secret, "password", "pw")
    while wiz.step() != StepId.MAPPING:
        click_next(qtbot, wiz)
    qtbot.waitUntil(lambda: wiz.steps.states().get("pbx") == "ok")
    states = wiz.steps.states()
    assert states["sync_type"] == "ok" and states["advanced"] == "unchecked" and states["validate"] == "unchecked"
    assert "PBX & presence: OK" in wiz.steps.label.accessibleDescription()
    wiz.steps.label.linkActivated.emit("step:pbx")  # a click on the link
    assert wiz.step() == StepId.PBX and wiz.ctl.state.step == StepId.PBX
    wiz.steps.label.linkActivated.emit("step:advanced")  # ahead, every page between is complete
    assert wiz.step() == StepId.ADVANCED
    # a blocking problem: the pages behind it are no longer links and cannot be opened
    wiz.steps.label.linkActivated.emit("step:connection")
    wiz.currentPage().user.setText("")
    qtbot.waitUntil(lambda: wiz.steps.states().get("connection") == "failed")
    assert "step:mapping" not in wiz.steps.label.text() and "step:pbx" in wiz.steps.label.text()
    wiz.steps.label.linkActivated.emit("step:mapping")
    assert wiz.step() == StepId.CONNECTION


@pytest.mark.integration
def test_validate_go_to_field_opens_the_page_and_focuses_the_field(qtbot, make_wizard, gui_sandbox) -> None:
    from calwizard.sandbox.scenarios import scenario_settings

    settings = scenario_settings("app-only-bad-secret", gui_sandbox.host_overrides, gui_sandbox.ca_file,
                                 gui_sandbox.data_dir)
    wiz = make_wizard(flow.new_state(settings, profile="goto"))
    while wiz.step() != StepId.VALIDATE:
        click_next(qtbot, wiz)
    page = wiz.currentPage()
    qtbot.waitUntil(lambda: bool(page.results) and not page.job.running, timeout=60000)
    token = next(r for r in page.results if r.id == "entra.token")
    assert token.status.value == "failed"
    # the first failure is selected; its details carry the link, the button acts on it
    assert page.tree.selected_result().id == "entra.token"
    assert "Go to field: Entra app › Client secret" in page.details.toPlainText()
    assert page.goto.isEnabled()
    qtbot.mouseClick(page.goto, Qt.MouseButton.LeftButton)
    entra = wiz.currentPage()
    assert wiz.step() == StepId.ENTRA and wiz.focusWidget() is entra.secret.edit
    # the mailboxes: a row's failure selects that row
    while wiz.step() != StepId.VALIDATE:
        click_next(qtbot, wiz)
    qtbot.waitUntil(lambda: bool(page.results) and not page.job.running, timeout=60000)
    assert page.go_to_field("mailboxes.1")
    mb = wiz.currentPage()
    assert wiz.step() == StepId.MAILBOXES and mb.table.currentRow() == 0 and wiz.focusWidget() is mb.table


@pytest.mark.integration
def test_results_are_marked_outdated_when_their_inputs_change_and_checked_again(qtbot, make_wizard,
                                                                                 gui_sandbox) -> None:
    from tests.gui.conftest import wait_checks
    from tests.gui.test_wizard_sandbox import add_mailbox, go_to, scenario_state

    from calwizard.sandbox import data as d

    wiz = make_wizard(scenario_state(gui_sandbox, "onprem-ok"))
    conn = go_to(qtbot, wiz, StepId.CONNECTION)
    wait_checks(qtbot, conn)
    assert conn.live.tree.statuses()["autodiscover"] == "ok"
    user = conn.user.text()
    conn.user.setText("someone.else@contoso.test")  # an input Autodiscover judged
    assert conn.live.tree.statuses()["autodiscover"] == "outdated"  # at once, before the new run
    assert "Outdated" in conn.live.tree.item_for("autodiscover").text(2)
    wait_checks(qtbot, conn)  # checked again after the typing pause
    assert conn.live.tree.statuses()["autodiscover"] != "outdated"
    conn.user.setText(user)
    wait_checks(qtbot, conn)
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    wait_checks(qtbot, mb)
    rows = mb.table.rowCount()
    qtbot.waitUntil(lambda: "mailboxes are readable" in mb.live_banner.text.text() or "problem" in
                    mb.live_banner.text.text(), timeout=30000)
    add_mailbox(qtbot, mb, "newbie", d.CONTOSO_ANNA)  # a new row: not checked yet, then checked
    assert mb.table.item(rows, 2).text() in ("Not checked yet", "Checking…")
    qtbot.waitUntil(lambda: mb.table.item(rows, 2).text() not in ("Not checked yet", "Checking…", ""),
                    timeout=30000)
    wait_checks(qtbot, mb)
    # the summary line counts the rows the table shows
    texts = [mb.table.item(r, 2).text() for r in range(mb.table.rowCount())]
    ok_rows = texts.count("OK")
    banner = mb.live_banner.text.text()
    assert (f"All {ok_rows} mailboxes are readable" in banner if ok_rows == len(texts)
            else f"of {len(texts)} mailboxes have a problem" in banner), (texts, banner)
    # the Validate report goes stale on the Summary page once an input it judged changes
    go_to(qtbot, wiz, StepId.VALIDATE)
    qtbot.waitUntil(lambda: bool(wiz.currentPage().results) and not wiz.currentPage().job.running, timeout=60000)
    summary = go_to(qtbot, wiz, StepId.SUMMARY)
    assert "outdated" not in summary.overview.text()
    wiz.ctl.update(flow.set_field, "exchange.user", "other@contoso.test")
    assert "outdated" in summary.overview.text()


def test_welcome_checks_the_secret_store_and_asks_for_the_file_passphrase_up_front(qtbot, make_wizard, services,
                                                                                   tmp_path) -> None:
    from calwizard.secrets import KeychainProbe, open_store

    store_file = tmp_path / "store" / "secrets.cfg"
    reason = "Secret Service: org.freedesktop.DBus.Error.ServiceUnknown"
    svc = replace(services, store_opener=None, store_path=store_file,
                  store_probe=lambda: KeychainProbe(None, (reason,)))
    wiz = make_wizard(onprem_state(profile="nokeychain"), svc)
    welcome = wiz.currentPage()
    qtbot.waitUntil(lambda: welcome.store_report is not None, timeout=10000)
    banner = welcome.store_banner
    assert "No OS keychain is usable" in banner.text.text() and str(store_file) in banner.text.text()
    # the backend's own words only behind "Details"
    assert "DBus" not in banner.text.text() and not banner.details.isVisible()
    qtbot.mouseClick(banner.details_button, Qt.MouseButton.LeftButton)
    assert banner.details.isVisible() and "ServiceUnknown" in banner.details.text()
    assert welcome.store_pass.isVisible() and welcome.store_again.isVisible()  # a new store: asked twice
    qtbot.waitUntil(lambda: wiz.steps.states().get("welcome") == "warning")
    welcome.store_pass.setText("correct horse battery")
    welcome.store_again.setText("correct horse")
    qtbot.waitUntil(lambda: "differ" in welcome.store_error.text(), timeout=5000)
    welcome.store_again.setText("correct horse battery")
    qtbot.waitUntil(lambda: welcome.store_report.status == "ok", timeout=5000)
    assert svc.store_opener is not None and wiz.ctl.store_needs_passphrase is False
    qtbot.waitUntil(lambda: wiz.steps.states().get("welcome") != "warning")
    # saving later uses that store: nothing is discovered late
    from calwizard.wizard.persist import save

    state = flow.set_secret(wiz.ctl.state, "password", "S3cret!")
    save(state, tmp_path / "c.toml", svc.store_opener)
    assert open_store("file", path=store_file, passphrase="correct horse battery").get(
        "nokeychain/exchange.password") == "S3cret!"


def test_welcome_unlocks_an_existing_file_store_only_with_its_passphrase(qtbot, make_wizard, services,
                                                                         tmp_path) -> None:
    from calwizard.secrets import KeychainProbe, open_store

    store_file = tmp_path / "secrets.cfg"
    open_store("file", path=store_file, passphrase="the right one").set("x/exchange.password", "v")
    svc = replace(services, store_opener=None, store_path=store_file, store_probe=lambda: KeychainProbe(None, ()))
    wiz = make_wizard(onprem_state(), svc)
    welcome = wiz.currentPage()
    qtbot.waitUntil(lambda: welcome.store_report is not None, timeout=10000)
    assert "type the passphrase it was created with" in welcome.store_banner.text.text()
    assert welcome.store_pass.isVisible() and not welcome.store_again.isVisible()
    welcome.store_pass.setText("a wrong one")
    qtbot.waitUntil(lambda: "does not unlock" in welcome.store_error.text(), timeout=10000)
    welcome.store_pass.setText("the right one")
    qtbot.waitUntil(lambda: welcome.store_report.status == "ok", timeout=10000)
    assert svc.store_opener().get("x/exchange.password") == "v"


def answer_box(which: str) -> None:
    """Click the button whose text contains ``which`` in the next message box."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        next(b for b in box.buttons() if which in b.text().replace("&", "")).click()

    QTimer.singleShot(50, click)


@pytest.mark.parametrize("answer", ["Keep it", "Remove it"])
def test_clearing_a_stored_secret_asks_whether_to_remove_or_keep_it(qtbot, make_wizard, services, store_opener,
                                                                     tmp_path, answer) -> None:
    from calwizard.settings import save_settings
    from calwizard.settings.model import SecretRef

    store_opener().set("cust-secret/exchange.password", "stored-pw")
    s = onprem_state().settings
    s.exchange.user = "svc@contoso.test"
    s.exchange.password = SecretRef(store="cust-secret/exchange.password")
    path = save_settings(s, tmp_path / "whatever-name.toml")
    wiz = make_wizard()
    assert wiz.currentPage().open_path(path)
    assert wiz.ctl.state.profile == "cust-secret"  # the profile its secrets are stored under
    conn = None
    while wiz.step() != StepId.CONNECTION:
        click_next(qtbot, wiz)
    conn = wiz.currentPage()
    assert conn.password.remove.isVisible() and "cust-secret/exchange.password" in conn.password.edit.placeholderText()
    type_into = conn.password.edit
    type_into.setText("new-one")
    assert not conn.password.remove.isVisible()
    answer_box(answer)
    type_into.setText("")  # cleared while a stored password exists: asks
    if answer == "Keep it":
        assert wiz.ctl.state.settings.exchange.password == SecretRef(store="cust-secret/exchange.password")
        assert conn.password.remove.isVisible()
    else:
        assert wiz.ctl.state.settings.exchange.password is None and not conn.password.remove.isVisible()
        from calwizard.wizard.persist import save

        save(wiz.ctl.state, path, store_opener)
        assert store_opener().get("cust-secret/exchange.password") is None
        assert "password" not in path.read_text()


def test_entra_page_opens_each_manual_steps_admin_center_page_in_the_right_cloud(qtbot, make_wizard,
                                                                                   services) -> None:
    from calwizard.settings.model import CloudName

    opened: list[str] = []
    s = Settings()
    s.exchange.sync_type = SyncType.CLOUD_APP_ONLY
    s.exchange.cloud = CloudName.USGOV_GCC_HIGH
    s.exchange.client_id = "11111111-2222-3333-4444-555555555555"
    s.exchange.tenant_id = "contoso.onmicrosoft.us"
    wiz = make_wizard(flow.new_state(s), replace(services, open_browser=opened.append))
    entra = wiz.pages[StepId.ENTRA]
    entra.initializePage()
    buttons = {page for page, b in entra.link_buttons.items() if not b.isHidden()}
    assert buttons == {"new-registration", "api-permissions", "certificates-secrets", "manifest", "exchange"}
    entra.link_buttons["api-permissions"].click()
    assert opened == ["https://entra.microsoft.us/contoso.onmicrosoft.us/#view/Microsoft_AAD_RegisteredApps/"
                      "ApplicationMenuBlade/~/CallAnAPI/appId/11111111-2222-3333-4444-555555555555/isMSAApp~/false"]
    wiz.ctl.update(flow.set_field, "exchange.cloud", CloudName.GLOBAL)
    entra.on_state(wiz.ctl.state)
    entra.link_buttons["exchange"].click()
    assert opened[-1] == "https://admin.exchange.microsoft.com"


@pytest.mark.integration
def test_a_long_check_shows_what_is_on_the_wire_with_elapsed_time_and_timeout(qtbot, make_wizard, tmp_path) -> None:
    """Like Microsoft's Remote Connectivity Analyzer: while Autodiscover waits for a slow server (every answer of
    this sandbox takes 2 s), its row names the request (method and address), the seconds so far and the check's
    timeout."""
    import re

    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.sandbox.server import Sandbox

    slow = Sandbox(tmp_path / "slow", latency_ms=2000)
    slow.start()
    try:
        settings = scenario_settings("onprem-ok", slow.host_overrides, slow.ca_file, slow.data_dir)
        wiz = make_wizard(flow.new_state(settings, profile="wire"))
        while wiz.step() != StepId.CONNECTION:
            click_next(qtbot, wiz)
        conn = wiz.currentPage()
        pattern = re.compile(r"^(GET|POST) https://autodiscover[^ ?]* · \d+ s of \d+ s$")

        def shows_request() -> None:
            item = conn.live.tree.item_for("autodiscover")
            assert item is not None and pattern.match(item.text(2)), item.text(2) if item else None

        qtbot.waitUntil(shows_request, timeout=20000)
        conn.live.cancel()
    finally:
        slow.stop()
