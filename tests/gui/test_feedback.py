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
