"""The wizard's pages for issue 12's settings and access models, against the sandbox: the access level per mailbox,
the delegate option with its PowerShell, least privilege for impersonation, the client secret's expiry date and the
presence locales."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QGuiApplication
from tests.gui.conftest import click_radio, wait_checks
from tests.gui.test_wizard_sandbox import go_to, scenario_state

from calwizard.settings.model import AccessModel
from calwizard.wizard.flow import StepId

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def cells(page: Any, column: int) -> dict[str, str]:
    return {page.table.item(r, 0).text(): page.table.item(r, column).text() for r in range(page.table.rowCount())}


def test_delegate_access_shows_each_calendars_level_and_the_folder_permission_script(
        qtbot, make_wizard, gui_sandbox) -> None:  # type: ignore[no-untyped-def]
    wiz = make_wizard(scenario_state(gui_sandbox, "onprem-delegate-freebusy-only"))
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    wait_checks(qtbot, mb)
    qtbot.waitUntil(lambda: cells(mb, 3)["frank"] != "", timeout=30000)
    assert cells(mb, 2) == {"anna": "OK", "frank": "OK"}
    assert cells(mb, 3) == {"anna": "Reviewer", "frank": "FreeBusyTimeOnly (Default)"}
    assert "without subject" in mb.table.item(1, 3).toolTip()
    mb.table.selectRow(1)
    assert "free/busy only" in mb.detail.text() and "the PowerShell below does it" in mb.detail.text()
    assert mb.use_delegate.isChecked() and mb.use_delegate.isVisible()
    assert mb.scope_title.text() == "Delegate access: folder permissions instead of impersonation"
    script = mb.copy_powershell()
    assert QGuiApplication.clipboard().text() == script
    assert 'Grant-CalendarSync "frank@contoso.test" "svc-calendar@contoso.test" FreeBusyTimeAndSubjectAndLocation' \
        in script and "Add-MailboxFolderPermission" in script


def test_impersonation_model_shows_full_details_and_the_scope_script_then_switches_to_delegate(
        qtbot, make_wizard, gui_sandbox) -> None:  # type: ignore[no-untyped-def]
    wiz = make_wizard(scenario_state(gui_sandbox, "onprem-ok"))
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    wait_checks(qtbot, mb)
    assert set(cells(mb, 3).values()) == {"Impersonation: full details"}
    assert "ApplicationImpersonation" in mb.table.item(0, 3).toolTip()
    assert mb.use_impersonation.isChecked()
    assert "New-ManagementRoleAssignment -Name \"Calendar sync impersonation\"" in mb.script.toPlainText()
    click_radio(qtbot, mb.use_delegate)
    assert wiz.ctl.state.settings.exchange.access_model == AccessModel.DELEGATE
    assert cells(mb, 3) == {"anna": "", "ben": "", "room-1": ""}  # the levels must be read again
    assert "Grant-CalendarSync" in mb.script.toPlainText()
    mb.run_checks()
    wait_checks(qtbot, mb)
    qtbot.waitUntil(lambda: cells(mb, 3)["room-1"] != "", timeout=30000)
    assert cells(mb, 3) == {"anna": "Reviewer", "ben": "FreeBusyTimeAndSubjectAndLocation",
                            "room-1": "Reviewer (private items)"}


def test_must_be_denied_is_proven_for_ews_on_the_mailboxes_page(qtbot, make_wizard, gui_sandbox
                                                                ) -> None:  # type: ignore[no-untyped-def]
    wiz = make_wizard(scenario_state(gui_sandbox, "onprem-ok"))
    mb = go_to(qtbot, wiz, StepId.MAILBOXES)
    mb.denied.setText("legal@contoso.test")
    mb.run_checks()
    wait_checks(qtbot, mb)
    qtbot.waitUntil(lambda: "denied, as required" in mb.denied_banner.text.text(), timeout=30000)


def test_client_secret_expiry_field(qtbot, make_wizard, gui_sandbox) -> None:  # type: ignore[no-untyped-def]
    wiz = make_wizard(scenario_state(gui_sandbox, "app-only-ok"))
    entra = go_to(qtbot, wiz, StepId.ENTRA)
    assert entra.secret_expires.isVisible() and entra.secret_expires.text().startswith("not set")
    entra.secret_expires.setDate(QDate(2031, 6, 30))
    assert str(wiz.ctl.state.settings.exchange.client_secret_expires) == "2031-06-30"
    entra.secret_expires.setDate(entra.secret_expires.minimumDate())
    assert wiz.ctl.state.settings.exchange.client_secret_expires is None


def test_presence_language_offers_every_locale_of_the_words(qtbot, make_wizard, gui_sandbox
                                                             ) -> None:  # type: ignore[no-untyped-def]
    wiz = make_wizard(scenario_state(gui_sandbox, "onprem-ok"))
    pbx = go_to(qtbot, wiz, StepId.PBX)
    codes = [pbx.language.itemData(i) for i in range(pbx.language.count())]
    assert {"en", "de", "en_US", "en_GB", "de_AT", "de_CH"} <= set(codes)
    assert pbx.language.currentData() == "en" and "22.08.2017 19:00" in pbx.language.currentText()
    pbx.language.setCurrentIndex(codes.index("en_US"))
    assert wiz.ctl.state.settings.pbx.presence_language == "en_US"


def test_debug_log_option_says_where_the_log_goes(qtbot, make_wizard, gui_sandbox) -> None:  # type: ignore[no-untyped-def]
    from calwizard.exchange.debuglog import default_path

    wiz = make_wizard(scenario_state(gui_sandbox, "graph-ok"))
    adv = go_to(qtbot, wiz, StepId.ADVANCED)
    assert adv.debug.isVisible() and not adv.debug_path.isVisible()  # Microsoft Graph is logged too
    adv.debug.setChecked(True)
    assert wiz.ctl.state.settings.exchange.ews_debug_log is True
    assert adv.debug_path.isVisible() and str(default_path("wizard")) in adv.debug_path.text()
