"""Keyboard users: on every page, no two visible controls (wizard buttons included) share an Alt+letter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget, QWizard

from calwizard.sandbox.scenarios import scenario_settings
from calwizard.wizard.flow import new_state

MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(wiz: QWizard | QWidget) -> dict[str, list[str]]:
    """Letter -> texts of the visible controls that use it (buttons, and labels that focus a buddy) on the wizard's
    current page (with the wizard's own buttons) or in a dialog."""
    found: dict[str, list[str]] = {}
    page = wiz.currentPage() if isinstance(wiz, QWizard) else wiz
    widgets: list[Any] = [w for w in page.findChildren(QAbstractButton) if w.isVisible()]
    widgets += [w for w in page.findChildren(QLabel) if w.isVisible() and w.buddy() is not None]
    for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                  QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton):
        button = wiz.button(which) if isinstance(wiz, QWizard) else None
        if button is not None and button.isVisible():
            widgets.append(button)
    for w in widgets:
        text = w.text().replace("&&", "")
        if m := MNEMONIC.search(text):
            found.setdefault(m.group(1).lower(), []).append(text)
    return found


@pytest.mark.parametrize("scenario", ["onprem-ok", "app-only-ok", "graph-ok", "delegated"])
def test_no_page_has_two_controls_on_one_alt_letter(qtbot, make_wizard, gui_sandbox, scenario) -> None:
    settings = scenario_settings(scenario, gui_sandbox.host_overrides, gui_sandbox.ca_file, gui_sandbox.data_dir)
    wiz = make_wizard(new_state(settings, profile=f"mn-{scenario}"))
    seen = []
    clashes: dict[str, dict[str, list[str]]] = {}
    while True:
        step = wiz.step()
        seen.append(step)
        if page_clashes := {k: v for k, v in mnemonics(wiz).items() if len(v) > 1}:
            clashes[step.value] = page_clashes
        if wiz.nextId() < 0:
            break
        wiz.next()
        qtbot.waitUntil(lambda s=step: wiz.step() != s, timeout=5000)
    assert len(seen) >= 9
    assert not clashes, f"{scenario}: {clashes}"


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_create_app_dialog_has_one_control_per_alt_letter(qtbot, qapp, make_wizard, services, gui_sandbox,
                                                              tmp_path, language) -> None:
    from PySide6.QtCore import Qt
    from tests.gui.test_wizard_sandbox import go_to

    from calwizard.gui.i18n import install_translators
    from calwizard.wizard.flow import StepId

    install_translators(qapp, language)
    try:
        settings = scenario_settings("entra-setup", gui_sandbox.host_overrides, gui_sandbox.ca_file,
                                     gui_sandbox.data_dir)
        wiz = make_wizard(new_state(settings, profile=f"mn-dialog-{language}"), services)
        entra = go_to(qtbot, wiz, StepId.ENTRA)
        qtbot.mouseClick(entra.create_app, Qt.MouseButton.LeftButton)
        dialog = entra._create_dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        found = mnemonics(dialog)
        assert len(found) >= 8, found  # the dialog's fields and buttons were found at all
        assert not {k: v for k, v in found.items() if len(v) > 1}
        dialog.reject()
    finally:
        install_translators(qapp, "en")
