"""Keyboard users: on every page, no two visible controls (wizard buttons included) share an Alt+letter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWizard

from calwizard.sandbox.scenarios import scenario_settings
from calwizard.wizard.flow import new_state

MNEMONIC = re.compile(r"&([^&\s])")


def mnemonics(wiz: QWizard) -> dict[str, list[str]]:
    """Letter -> texts of the visible controls that use it (buttons, and labels that focus a buddy)."""
    found: dict[str, list[str]] = {}
    page = wiz.currentPage()
    widgets: list[Any] = [w for w in page.findChildren(QAbstractButton) if w.isVisible()]
    widgets += [w for w in page.findChildren(QLabel) if w.isVisible() and w.buddy() is not None]
    for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                  QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton):
        button = wiz.button(which)
        if button.isVisible():
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
