"""The wizard asks before it re-binds a stored secret to new destinations (issue 13, secret binding).

A configuration that references a secret store entry saved for ``mail.contoso.com`` but now sends it to
another EWS host: saving shows a dialog naming both; No keeps the binding (the checks then refuse the secret),
Yes re-binds it. A secret typed in the wizard is bound to the configuration it is saved with, without asking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from calwizard.settings import ExchangeSettings, SecretRef, Settings
from calwizard.wizard.flow import StepId, new_state, set_secret

# the offscreen platform plugin warns when a message box resizes itself (not a calwizard problem)
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("does not support propagateSizeHints")]


def _summary(qtbot: Any, make_wizard: Any, state: Any) -> Any:
    wiz = make_wizard(state)
    qtbot.waitUntil(lambda: wiz.ready, timeout=10000)
    return wiz.pages[StepId.SUMMARY]


def _answer(qtbot: Any, page: Any, button: QMessageBox.StandardButton) -> str:
    qtbot.waitUntil(lambda: page.rebind_dialog is not None and page.rebind_dialog.isVisible(), timeout=60000)
    box = page.rebind_dialog
    text = box.text()
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    return text


def test_saving_asks_before_rebinding_a_stored_secret(qtbot, make_wizard, tmp_path: Path, store_opener) -> None:
    store = store_opener()
    store.set("cust/exchange.password", "pw-Secret-1", bound_to={"ews mail.contoso.com"})
    settings = Settings(exchange=ExchangeSettings(
        sync_type="on_premises", user="svc@contoso.com", ews_url="https://mail.elsewhere.example/EWS/Exchange.asmx",
        password=SecretRef(store="cust/exchange.password")))
    page = _summary(qtbot, make_wizard, new_state(settings, profile="cust"))
    target = tmp_path / "cust.toml"
    page.path.setText(str(target))

    with qtbot.waitSignal(page.saved, timeout=60000):
        page.save()
        text = _answer(qtbot, page, QMessageBox.StandardButton.No)
    assert "cust/exchange.password" in text and "mail.contoso.com" in text and "mail.elsewhere.example" in text
    assert target.exists()  # No: the configuration is saved, the binding is kept
    assert store_opener().get_entry("cust/exchange.password").bound_to == {"ews mail.contoso.com"}

    with qtbot.waitSignal(page.saved, timeout=60000):
        page.save()
        _answer(qtbot, page, QMessageBox.StandardButton.Yes)
    entry = store_opener().get_entry("cust/exchange.password")
    assert entry.bound_to == {"ews mail.elsewhere.example"}
    assert entry.value == "pw-Secret-1"  # the value itself is unchanged


def test_a_typed_secret_is_bound_to_the_saved_configuration(qtbot, make_wizard, tmp_path: Path,
                                                             store_opener) -> None:
    settings = Settings(exchange=ExchangeSettings(
        sync_type="on_premises", user="svc@contoso.com", ews_url="https://mail.contoso.com/EWS/Exchange.asmx"))
    page = _summary(qtbot, make_wizard, set_secret(new_state(settings, profile="cust"), "password", "pw-Typed-2"))
    target = tmp_path / "cust.toml"
    page.path.setText(str(target))
    with qtbot.waitSignal(page.saved, timeout=60000):
        page.save()
    assert page.rebind_dialog is None  # nothing to ask
    entry = store_opener().get_entry("cust/exchange.password")
    assert entry.value == "pw-Typed-2" and entry.bound_to == {"ews mail.contoso.com"}
