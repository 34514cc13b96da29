"""The PBX in the wizard, against the sandbox PBX: the connection fields and their live check on the PBX & presence
page (login, App object APIs, the PBX's users), the App object instructions (the README's text), and "Users from
the PBX" on the Mailboxes page with each user's mailbox status."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWizard
from tests.gui.conftest import click_next, type_into, wait_checks
from tests.gui.test_mnemonics import mnemonics

from calwizard.pbx.instructions import app_object_instructions
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings import save_settings
from calwizard.settings.model import ExchangeSettings, Settings, UserSource
from calwizard.wizard.flow import StepId, new_state

pytestmark = [pytest.mark.gui, pytest.mark.integration]

README = Path(__file__).resolve().parents[2] / "README.md"


def to_step(qtbot: Any, wiz: Any, step: StepId) -> Any:
    while wiz.step() != step:
        before = wiz.step()
        qtbot.waitUntil(lambda: not wiz.currentPage().busy, timeout=60000)
        click_next(qtbot, wiz)
        qtbot.waitUntil(lambda b=before: wiz.step() != b, timeout=5000)
    return wiz.currentPage()


def test_pbx_page_connection_fields_and_live_check(qtbot, make_wizard, gui_sandbox, tmp_path) -> None:
    start = save_settings(Settings(exchange=ExchangeSettings(host_overrides=gui_sandbox.host_overrides,
                                                             ca_file=str(gui_sandbox.ca_file), timeout_seconds=10)),
                          tmp_path / "start.toml")
    wiz = make_wizard()
    assert wiz.currentPage().open_path(start)
    click_next(qtbot, wiz, StepId.PBX)
    page = wiz.currentPage()
    steps = app_object_instructions("calwizard")
    # the same steps, their terminal line wraps undone (the label wraps them to its width)
    assert page.instructions.text() == re.sub(r"\n[ \t]+", " ", steps)
    assert page.instructions.text().count("\n") == 5, "one line per step"
    assert steps in README.read_text(encoding="utf-8"), "README shows the same instructions"
    type_into(qtbot, page.master, d.PBX_NAME)
    assert not page.live.ready(), "no PBX address yet: nothing to check"
    type_into(qtbot, page.address, d.PBX_HOST)
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled(), "an address needs the App object password"
    type_into(qtbot, page.app_password, d.credential(d.CRED_PBX_APP_PASSWORD))
    qtbot.waitUntil(lambda: page.live.tree.statuses().get("pbx.users") is not None and not page.live.running,
                    timeout=30000)
    statuses = page.live.tree.statuses()
    assert statuses == {"pbx.connect": "ok", "pbx.users": "warning"}, "warnings: users without an e-mail address"
    assert {r.id for r in page.live.last if r.status.value == "warning"} == {"pbx.user:ben", "pbx.user:reception"}
    assert wiz.ctl.state.settings.pbx.app_password is not None
    assert d.credential(d.CRED_PBX_APP_PASSWORD) not in Path(start).read_text()

    # an App object without PbxApi: the fix names the check box
    type_into(qtbot, page.app_name, d.PBX_APP_USERS_ONLY)
    assert f"Name: {d.PBX_APP_USERS_ONLY}" in page.instructions.text()
    qtbot.waitUntil(lambda: any(r.id == "pbx.api:PbxApi" and r.status.value == "failed" for r in page.live.last)
                    and not page.live.running, timeout=30000)
    failed = next(r for r in page.live.last if r.id == "pbx.api:PbxApi")
    assert page.live.tree.statuses()["pbx.connect"] == "failed"
    assert "tick 'PbxApi'" in failed.remedy
    assert "Problems found" in page.live.status.text()

    # a wrong password: rejected, with the fix in the PBX's admin UI
    type_into(qtbot, page.app_name, d.PBX_APP)
    type_into(qtbot, page.app_password, "not-the-password")
    qtbot.waitUntil(lambda: any(r.id == "pbx.connect" and r.evidence.get("kind") == "login_rejected"
                                for r in page.live.last), timeout=30000)
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled(), "a failed live check never blocks"


def test_mailboxes_page_users_from_the_pbx(qtbot, make_wizard, gui_sandbox) -> None:
    settings = scenario_settings("pbx-ok", gui_sandbox.host_overrides, gui_sandbox.ca_file, gui_sandbox.data_dir)
    wiz = make_wizard(new_state(settings, profile="pbx-gui"))
    page = to_step(qtbot, wiz, StepId.MAILBOXES)
    assert page.source_box.isVisible() and page.pbx_table.isVisible() and page.overrides_note.isVisible()
    assert page.source.currentData() == UserSource.PBX
    wait_checks(qtbot, page, timeout=60000)
    qtbot.waitUntil(lambda: page.pbx_table.rowCount() == 5, timeout=10000)
    rows = {page.pbx_table.item(r, 0).text(): (page.pbx_table.item(r, 1).text(), page.pbx_table.item(r, 2).text())
            for r in range(page.pbx_table.rowCount())}
    assert rows["anna"] == (f"{d.CONTOSO_ANNA_SECONDARY}; {d.CONTOSO_ANNA}", "OK")
    assert rows["ben"] == (d.CONTOSO_BEN, "OK"), "no e-mail on the PBX: username@domain"
    assert rows["ghost"][1] == "Not found"
    assert rows["reception"] == ("reception@contoso.test", "No e-mail address"), "username@domain tried, in vain"
    assert "3 of 5 PBX users have a readable mailbox" in page.live_banner.text.text()
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    page.pbx_table.selectRow(list(rows).index("ghost"))
    assert "not synced" in page.detail.text()

    page.source.setCurrentIndex(page.source.findData(UserSource.LIST))
    assert wiz.ctl.state.settings.pbx.user_source == UserSource.LIST
    assert not page.pbx_table.isVisible() and not page.overrides_note.isVisible()
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled() or not wiz.ctl.state.settings.mailboxes


def test_pbx_pages_have_no_alt_letter_twice(qtbot, make_wizard, gui_sandbox) -> None:
    settings = scenario_settings("pbx-ok", gui_sandbox.host_overrides, gui_sandbox.ca_file, gui_sandbox.data_dir)
    wiz = make_wizard(new_state(settings, profile="pbx-mn"))
    for step in (StepId.PBX, StepId.MAILBOXES):
        to_step(qtbot, wiz, step)
        clashes = {k: v for k, v in mnemonics(wiz).items() if len(v) > 1}
        assert not clashes, f"{step.value}: {clashes}"


def test_summary_tries_the_whole_chain_and_the_pbx_shows_presence(qtbot, make_wizard, gui_sandbox) -> None:
    from calwizard.pbx.presence import CONTACT

    settings = scenario_settings("pbx-ok", gui_sandbox.host_overrides, gui_sandbox.ca_file, gui_sandbox.data_dir)
    wiz = make_wizard(new_state(settings, profile="pbx-trial"))
    page = to_step(qtbot, wiz, StepId.SUMMARY)
    assert page.trial_button.isVisible()
    assert "pbx.sandbox.test, App object calwizard" in page.overview.text()
    logins = gui_sandbox.pbx.logins
    page.trial_button.click()
    qtbot.waitUntil(lambda: "cleared" in page.trial_status.text.text() and not page.busy, timeout=90000)
    text = page.trial_status.text.text()
    assert "The engine synced 5 user(s)" in text and "3 resolved" in text
    for name in ("anna", "ben", "room-1"):
        assert f"  {name}: " in text
    assert gui_sandbox.pbx.logins > logins
    assert not any(e["contact"] == CONTACT for e in gui_sandbox.pbx.presence_of("anna")), "cleared after the trial"
