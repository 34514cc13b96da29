"""Pages without a server: field help from the settings' descriptions, accessible names, masked secrets,
keyboard operation, the two-stage start, the preview, reports, and that secrets never reach the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QWizard,
)
from tests.gui.conftest import click_next

from calwizard.settings.model import ExchangeSettings, PbxSettings, SecretRef, Settings, SyncType
from calwizard.wizard import flow
from calwizard.wizard.flow import StepId

pytestmark = pytest.mark.gui


def onprem_state(**kw) -> flow.WizardState:
    s = Settings()
    s.exchange.sync_type = SyncType.ON_PREMISES
    s.pbx.master_pbx_name = "pbx1"
    return flow.new_state(s, **kw)


def test_tooltips_come_from_the_settings_descriptions(make_wizard) -> None:
    wiz = make_wizard(onprem_state())
    conn = wiz.pages[StepId.CONNECTION]
    assert ExchangeSettings.model_fields["user"].description in conn.user.toolTip()
    assert ExchangeSettings.model_fields["ca_file"].description in conn.ca.toolTip()
    assert conn.user.accessibleDescription() == ExchangeSettings.model_fields["user"].description
    pbx = wiz.pages[StepId.PBX]
    assert PbxSettings.model_fields["master_pbx_name"].description in pbx.master.toolTip()
    adv = wiz.pages[StepId.ADVANCED]
    assert "200" in adv.max_subs.toolTip()


def test_every_input_has_an_accessible_name(make_wizard) -> None:
    wiz = make_wizard(onprem_state())
    missing = []
    for step, page in wiz.pages.items():
        for cls in (QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QAbstractButton, QTableWidget):
            for w in page.findChildren(cls):
                if isinstance(w, QLineEdit) and isinstance(w.parent(), QComboBox):
                    continue  # an editable combo's own line edit: the combo carries the name
                if isinstance(w, QAbstractButton) and w.text():
                    continue  # buttons are named by their text
                if w.parent() is not None and w.parent().objectName().startswith("qt_"):
                    continue  # Qt's internal widgets (spin box, scroll bars)
                if w.objectName().startswith("qt_"):
                    continue
                if not w.accessibleName():
                    missing.append(f"{step}: {cls.__name__} {w.objectName()}")
    assert not missing, missing


def test_secret_fields_are_masked_with_a_toggle_and_never_saved(qtbot, make_wizard, tmp_path, store_opener) -> None:
    wiz = make_wizard(onprem_state(profile="cust"))
    conn = wiz.pages[StepId.CONNECTION]
    pw = conn.password
    assert pw.edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(pw.toggle, Qt.MouseButton.LeftButton)
    assert pw.edit.echoMode() == QLineEdit.EchoMode.Normal and pw.toggle.text() == "Hide"
    qtbot.mouseClick(pw.toggle, Qt.MouseButton.LeftButton)
    assert pw.edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(pw.edit, "Very-Secret-1")
    st = wiz.ctl.state
    assert st.settings.exchange.password == SecretRef(store="cust/exchange.password")
    assert "Very-Secret-1" not in repr(st)
    from calwizard.wizard.persist import save

    path = tmp_path / "c.toml"
    save(st, path, store_opener)
    assert "Very-Secret-1" not in path.read_text()
    assert store_opener().get("cust/exchange.password") == "Very-Secret-1"


def test_keyboard_only_walk(qtbot, make_wizard) -> None:
    """Type and press Enter: Next is the default button; mnemonics reach the fields."""
    wiz = make_wizard()
    assert wiz.step() == StepId.WELCOME
    qtbot.keyClick(wiz.focusWidget() or wiz, Qt.Key.Key_Return)
    assert wiz.step() == StepId.PBX
    pbx = wiz.currentPage()
    pbx.master.setFocus()
    qtbot.keyClicks(pbx.master, "pbx1")
    qtbot.keyClick(pbx.master, Qt.Key.Key_Tab)
    assert wiz.focusWidget() is pbx.language  # tab order follows the form
    qtbot.keyClick(pbx.master, Qt.Key.Key_Return)
    assert wiz.step() == StepId.SYNC_TYPE
    # Back keeps what was typed
    qtbot.keyClick(wiz, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wiz.back()
    assert wiz.step() == StepId.PBX and pbx.master.text() == "pbx1"


def test_invalid_value_shows_the_models_message_and_blocks_next(qtbot, make_wizard) -> None:
    wiz = make_wizard()
    click_next(qtbot, wiz, StepId.PBX)
    pbx = wiz.currentPage()
    qtbot.keyClicks(pbx.master, "pbx.example.com")
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    err = pbx.errors["pbx.master_pbx_name"]
    assert err.isVisible() and "DNS name" in err.text()
    assert "DNS name" in wiz.button(QWizard.WizardButton.NextButton).toolTip()
    pbx.master.setText("pbx1")
    assert not err.isVisible() and wiz.button(QWizard.WizardButton.NextButton).isEnabled()


def test_sync_type_page_shows_ews_online_state_and_side_list_follows(qtbot, make_wizard) -> None:
    wiz = make_wizard(onprem_state())
    click_next(qtbot, wiz)
    click_next(qtbot, wiz, StepId.SYNC_TYPE)
    page = wiz.currentPage()
    assert page.ews.isVisible()
    assert "1 April 2027" in page.ews.text.text()
    page.radios[SyncType.CLOUD_APP_ONLY].click()
    items = [wiz.steps.item(i).text() for i in range(wiz.steps.count())]
    assert any("Entra app" in t for t in items)
    page.radios[SyncType.ON_PREMISES].click()
    items = [wiz.steps.item(i).text() for i in range(wiz.steps.count())]
    assert not any("Entra app" in t for t in items)


def test_welcome_opens_configurations_and_imports_csv(qtbot, make_wizard, tmp_path) -> None:
    from calwizard.settings import save_settings

    wiz = make_wizard()
    welcome = wiz.currentPage()
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\n[pbx]\nmaster_pbx_name = 'a.b'\n")
    assert not welcome.open_path(bad)
    assert "pbx.master_pbx_name" in welcome.load_error.text.text()
    good = save_settings(onprem_state().settings, tmp_path / "cust-b.toml")
    assert welcome.open_path(good)
    assert wiz.ctl.state.profile == "cust-b" and welcome.profile.text() == "cust-b"
    csv = tmp_path / "u.csv"
    csv.write_text('pbx_name,addresses\nanna,anna@contoso.test\nben,"ben@contoso.test;b2@contoso.test"\n')
    assert welcome.import_csv(csv)
    assert [m.pbx_name for m in wiz.ctl.state.settings.mailboxes] == ["anna", "ben"]


def test_mailbox_rows_are_validated(qtbot, make_wizard) -> None:
    wiz = make_wizard(onprem_state())
    page = wiz.pages[StepId.MAILBOXES]
    while wiz.step() != StepId.MAILBOXES:
        wiz.ctl.update(flow.set_field, "exchange.user", "svc@contoso.test")
        wiz.ctl.update(flow.set_secret, "password", "x")
        click_next(qtbot, wiz)
    page.add_row_()
    page.table.item(0, 0).setText("anna")
    page.table.item(0, 1).setText("not-an-address")
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "not an SMTP address" in page.problem_banner.text.text()
    page.table.item(0, 1).setText("anna@contoso.test")
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert [m.pbx_name for m in wiz.ctl.state.settings.mailboxes] == ["anna"]


def test_mapping_preview_uses_the_presence_renderer(qtbot, make_wizard) -> None:
    wiz = make_wizard(onprem_state())
    page = wiz.pages[StepId.MAPPING]
    page.initializePage()
    texts = [page.preview.item(r, 2).text() for r in range(page.preview.rowCount())]
    assert texts and any("#busy" in t for t in texts)
    assert "Weekly team meeting" in page.at_text.text()  # 10:15 by default
    wiz.ctl.update(flow.set_field, "mapping.busy", "do_not_disturb")
    page.update_preview()
    assert page.at_text.text().startswith("dnd:")


def test_report_html_and_text() -> None:
    from calwizard.checks.base import failed, ok
    from calwizard.gui.report import overall, report_html, report_text

    results = [ok("inputs", "fine"), failed("entra.token", "bad <secret>", remedy="paste the Value")]
    html = report_html(results, settings=Settings())
    assert "&lt;secret&gt;" in html and "Some checks failed" in html and "<script" not in html
    assert "fix: paste the Value" in report_text(results)
    assert overall(results) == "failed"


def test_two_stage_start_shows_welcome_before_the_settings_model(qtbot, qloop, services) -> None:
    from calwizard.gui.controller import Controller
    from calwizard.gui.wizard import CalWizard

    wiz = CalWizard(Controller(None, services))
    qtbot.addWidget(wiz)
    wiz.show()
    assert wiz.step() == StepId.WELCOME and not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    wiz.finish_setup()
    assert wiz.ready and wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert len(wiz.pageIds()) == len(StepId)


def test_gui_modules_import_lazily(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys, calwizard.gui.app, calwizard.gui.pages.welcome, calwizard.gui.wizard; "
            "bad = [m for m in sys.modules if m.startswith(('pydantic', 'exchangelib', 'msal', 'qasync'))]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


@pytest.mark.gui
def test_bundle_passphrase_dialog_shows_strength_and_needs_two_equal_entries(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from calwizard.gui.pages.summary import PassphraseDialog

    dialog = PassphraseDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.first.setText("short")
    dialog.second.setText("short")
    assert "too short" in dialog.strength.text() and not ok.isEnabled()
    dialog.first.setText("correct horse battery staple")
    assert "differ" in dialog.strength.text() and not ok.isEnabled()
    dialog.second.setText("correct horse battery staple")
    assert ok.isEnabled()
    assert any(word in dialog.strength.text() for word in ("fair", "good", "strong"))
    assert dialog.passphrase() == "correct horse battery staple"
