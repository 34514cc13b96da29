"""'Create it for me' on the Entra app page against the sandbox tenant: from an empty page to a validated Microsoft
Graph configuration with one administrator sign-in (scripted browser through the sandbox's authorize page); a
non-administrator fails at the consent step and deletes what was created; a cancelled sign-in creates nothing;
leaving the page drops the administrator's session."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton, QWizard
from tests.gui.conftest import click_next, wait_checks
from tests.gui.test_wizard_sandbox import go_to, validate_all

from calwizard.exchange.http import HttpPolicy
from calwizard.gui.layoutcheck import layout_problems
from calwizard.gui.report import report_html
from calwizard.sandbox import data as d
from calwizard.sandbox.browser import auto_browser
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import SecretRef
from calwizard.wizard.flow import StepId, new_state

pytestmark = [pytest.mark.gui, pytest.mark.integration]

PROFILE = "setup-gui"


def scripted_browser(sb: Any, tmp_path: Any, login: str, password: str, *, cancel: bool = False) -> Any:
    policy = HttpPolicy(ca_file=sb.ca_file, host_overrides=sb.host_overrides, timeout=20.0, cache_dir=tmp_path / "b")
    return auto_browser(policy, login, d.credential(password), cancel=cancel)


def open_dialog(qtbot: Any, make_wizard: Any, services: Any, sb: Any, tmp_path: Any, browser: Any) -> tuple[Any, Any,
                                                                                                           Any]:
    settings = scenario_settings("entra-setup", sb.host_overrides, sb.ca_file, sb.data_dir)
    svc = replace(services, open_browser=browser, extra={**services.extra, "entra_setup_interval": 0.2})
    wiz = make_wizard(new_state(settings, profile=PROFILE), svc)
    entra = go_to(qtbot, wiz, StepId.ENTRA)
    # the empty page: nothing to check yet, Next blocked, the manual path and "Create it for me" side by side
    assert entra.client_id.text() == "" and entra.tenant_id.text() == ""
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert entra.create_app.isVisible() and entra.copy_manifest.isVisible()
    qtbot.mouseClick(entra.create_app, Qt.MouseButton.LeftButton)
    dialog = entra._create_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert "Calendars.Read" in dialog.findChild(type(dialog.status), "setup-intro").text()
    assert not dialog.create.isEnabled()
    return wiz, entra, dialog


def sign_in(qtbot: Any, dialog: Any, name: str, button: str = "signin") -> None:
    """Name the app, sign in (the scripted browser plays the sandbox's page) and wait for the plan."""
    dialog.name.setText(name)
    qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.create.isEnabled(), timeout=30000)


def test_create_it_for_me_from_an_empty_page_to_a_validated_graph_configuration(
        qtbot, make_wizard, services, gui_sandbox, tmp_path, store_opener) -> None:
    browser = scripted_browser(gui_sandbox, tmp_path, d.FABRIKAM_ADMIN, d.CRED_FABRIKAM_ADMIN_PASSWORD)
    wiz, entra, dialog = open_dialog(qtbot, make_wizard, services, gui_sandbox, tmp_path, browser)
    sign_in(qtbot, dialog, "Calendar sync GUI")
    assert "Signed in as admin@fabrikam.test (Global Administrator)" in dialog.status.text()
    plan = dialog.plan_label.text()
    assert "1. Create the application 'Calendar sync GUI' (single tenant) requesting Microsoft Graph > Application " \
           "permissions > Calendars.Read" in plan
    assert "Grant admin consent for Calendars.Read: tenant-wide" in plan
    assert dialog.scoped.isVisible() and dialog.scoped.isEnabled()  # the technician chooses; Calendars.Read scopes
    assert "The two grants add up" in dialog.consent_note.text()
    dialog.scoped.setChecked(True)  # the plan follows the choice
    qtbot.waitUntil(lambda: "No tenant-wide consent" in dialog.plan_label.text() and dialog.create.isEnabled(),
                    timeout=30000)
    assert "Grant admin consent" not in dialog.plan_label.text()
    dialog.tenant_wide.setChecked(True)
    qtbot.waitUntil(lambda: "Grant admin consent" in dialog.plan_label.text() and dialog.create.isEnabled(),
                    timeout=30000)

    qtbot.mouseClick(dialog.create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entra._create_dialog is None, timeout=60000)  # done: the dialog closed itself
    assert dialog.session is None  # the administrator's token went with it
    steps = [dialog.steps.item(i).text() for i in range(dialog.steps.count())]
    assert [s.split(":")[0] for s in steps] == ["✓ Create the application", "✓ Add the client secret",
                                                "✓ Create the service principal", "✓ Grant admin consent",
                                                "✓ Wait until Entra ID hands out the permission"]

    state = wiz.ctl.state
    ex = state.settings.exchange
    created = {a["appId"]: a for a in gui_sandbox.directory.summary()}[ex.client_id]
    assert created["displayName"] == "Calendar sync GUI"
    assert entra.client_id.text() == ex.client_id and entra.tenant_id.text() == d.FABRIKAM_TENANT_ID
    own = SecretRef(store=f"{PROFILE}/exchange.client_secret")
    assert ex.client_secret == own
    assert "client_secret" not in state.secrets  # never typed, never shown: straight into the secret store
    assert entra.secret.text() == "" and "kept in secret store entry" in entra.secret.edit.placeholderText()
    secret = store_opener().get(own.store)
    assert secret and secret not in repr(state)
    assert "Created by calwizard" in entra.created_info.text() and created["id"] in entra.created_info.text()
    assert entra.secret_expires.date().toPython() == ex.client_secret_expires  # the expiry the warnings use
    wait_checks(qtbot, entra)
    assert entra.live.tree.statuses() == {"entra.tenant": "ok", "entra.token": "ok", "entra.permissions": "ok"}

    validate = go_to(qtbot, wiz, StepId.VALIDATE)
    results = validate_all(qtbot, wiz)
    failed = [r for r in results if r.status.value == "failed"]
    assert not failed, failed
    assert "failed" not in validate.banner.text.text()
    html = report_html(results, settings=wiz.ctl.state.settings)
    assert "created by calwizard" in html and created["id"] in html and "tenant-wide admin consent" in html


def test_a_non_admin_fails_at_the_consent_step_and_deletes_what_was_created(
        qtbot, make_wizard, services, gui_sandbox, tmp_path) -> None:
    browser = scripted_browser(gui_sandbox, tmp_path, d.FABRIKAM_ALICE, d.CRED_FABRIKAM_ALICE_PASSWORD)
    wiz, entra, dialog = open_dialog(qtbot, make_wizard, services, gui_sandbox, tmp_path, browser)
    sign_in(qtbot, dialog, "Calendar sync by a user")
    assert "no administrator role" in dialog.status.text()
    assert "needs Global Administrator, Privileged Role Administrator" in dialog.plan_label.text()

    qtbot.mouseClick(dialog.create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rollback.isVisible() and dialog.rollback.isEnabled(), timeout=30000)
    error = dialog.banner.text.text()
    assert "Grant admin consent failed" in error and "not an administrator" in error
    assert "Privileged Role Administrator" in error and "scoped to the synced mailboxes" in error
    assert [a for a in gui_sandbox.directory.summary() if a["displayName"] == "Calendar sync by a user"]

    qtbot.mouseClick(dialog.rollback, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "has been deleted" in dialog.banner.text.text(), timeout=30000)
    assert not [a for a in gui_sandbox.directory.summary() if a["displayName"] == "Calendar sync by a user"]
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entra._create_dialog is None, timeout=5000)
    assert entra.client_id.text() == "" and wiz.ctl.state.settings.exchange.client_id == ""


def test_cancelling_the_sign_in_creates_nothing_and_leaving_the_page_drops_the_session(
        qtbot, make_wizard, services, gui_sandbox, tmp_path) -> None:
    before = len(gui_sandbox.directory.summary())
    browser = scripted_browser(gui_sandbox, tmp_path, d.FABRIKAM_ADMIN, d.CRED_FABRIKAM_ADMIN_PASSWORD, cancel=True)
    wiz, entra, dialog = open_dialog(qtbot, make_wizard, services, gui_sandbox, tmp_path, browser)
    qtbot.mouseClick(dialog.signin, Qt.MouseButton.LeftButton)
    # the banner comes up a moment before the sign-in task has ended: the button is usable again only then
    qtbot.waitUntil(lambda: dialog.banner.isVisible() and dialog.signin.isEnabled(), timeout=30000)
    assert "cancelled" in dialog.banner.text.text() and "AADSTS65004" in dialog.banner.text.text()
    assert dialog.status.text() == "Not signed in." and dialog.session is None
    assert not dialog.create.isEnabled()

    # a sign-in the browser never completes: Back leaves the page, which closes the dialog and drops everything
    entra.ctl.services.open_browser = lambda url: None
    qtbot.mouseClick(dialog.signin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Complete the sign-in" in dialog.status.text(), timeout=10000)
    wiz.back()
    qtbot.waitUntil(lambda: entra._create_dialog is None, timeout=10000)
    assert dialog.session is None and not dialog._task.running
    assert len(gui_sandbox.directory.summary()) == before
    click_next(qtbot, wiz, StepId.ENTRA)
    assert entra.client_id.text() == ""


def test_the_manual_path_is_unchanged_for_other_types(qtbot, make_wizard, services, gui_sandbox) -> None:
    settings = scenario_settings("delegated", gui_sandbox.host_overrides, gui_sandbox.ca_file, gui_sandbox.data_dir)
    wiz = make_wizard(new_state(settings, profile="t"), services)
    entra = go_to(qtbot, wiz, StepId.ENTRA)
    assert not entra.create_app.isVisible() and entra.signin.isVisible()


def test_sign_in_with_a_code_for_a_machine_without_a_browser(qtbot, make_wizard, services, gui_sandbox,
                                                            tmp_path) -> None:
    import re
    import threading

    policy = HttpPolicy(ca_file=gui_sandbox.ca_file, host_overrides=gui_sandbox.host_overrides, timeout=20.0,
                        cache_dir=tmp_path / "b")
    _wiz, _entra, dialog = open_dialog(qtbot, make_wizard, services, gui_sandbox, tmp_path, lambda url: None)
    qtbot.mouseClick(dialog.device, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "enter the code" in dialog.status.text(), timeout=30000)
    url, code = re.search(r"open the page (\S+) and enter the code (\S+) ", dialog.status.text()).groups()

    def other_device() -> None:  # the administrator, on a phone
        policy.requests_session().post(url, data={"otc": code, "login": d.FABRIKAM_ADMIN,
                                                  "passwd": d.credential(d.CRED_FABRIKAM_ADMIN_PASSWORD)}, timeout=10)

    threading.Thread(target=other_device, daemon=True).start()
    qtbot.waitUntil(lambda: dialog.create.isEnabled(), timeout=30000)
    assert "Signed in as admin@fabrikam.test" in dialog.status.text()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)  # Cancel: nothing was created
    assert dialog.session is None


# ------------------------------------------------------------------ an app of the same name exists


def sign_in_to_a_taken_name(qtbot: Any, dialog: Any, name: str) -> None:
    """Name the app, sign in and wait for the plan that finds apps of that name (Create waits for a choice)."""
    dialog.name.setText(name)
    qtbot.mouseClick(dialog.signin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.existing_box.isVisible(), timeout=30000)
    assert not dialog.create.isEnabled()


def choose(qtbot: Any, dialog: Any, object_name: str, step: str) -> None:
    """Pick one of the choices and wait for the plan that follows it."""
    (button,) = [b for b in dialog.existing_group.buttons() if b.objectName() == object_name]
    assert button.isVisible() and button.isEnabled(), object_name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: step in dialog.plan_label.text() and dialog.create.isEnabled(), timeout=30000)


def test_reuse_an_app_of_the_same_name_to_a_validated_configuration(
        qtbot, make_wizard, services, gui_sandbox, tmp_path) -> None:
    made = gui_sandbox.directory.register_by_hand("GUI sync reuse", permissions=((d.GRAPH_APP_ID, "User.Read.All"),),
                                                  consent=True, secret_days=60)
    browser = scripted_browser(gui_sandbox, tmp_path, d.FABRIKAM_ADMIN, d.CRED_FABRIKAM_ADMIN_PASSWORD)
    wiz, entra, dialog = open_dialog(qtbot, make_wizard, services, gui_sandbox, tmp_path, browser)
    sign_in_to_a_taken_name(qtbot, dialog, "GUI sync reuse")
    plan = dialog.plan_label.text()
    assert f"An application 'GUI sync reuse' already exists (app ID {made['appId']}, created" in plan
    assert "its permissions: Microsoft Graph User.Read.All (application, admin consent granted)" in plan
    assert "Reuse it (calwizard adds what it lacks" in plan and "calwizard will:" not in plan
    assert dialog.existing_box.findChild(QRadioButton, "setup-new-name").text() == \
        "Create a new one named 'GUI sync reuse (2)'"
    choose(qtbot, dialog, f"setup-reuse:{made['appId']}", "1. Use the existing application 'GUI sync reuse'")
    assert dialog.create.text() == "&Reuse it"
    assert "2. Add the API permission: Microsoft Graph > Application permissions > Calendars.Read" in \
        dialog.plan_label.text()

    qtbot.mouseClick(dialog.create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entra._create_dialog is None, timeout=60000)
    steps = [dialog.steps.item(i).text().split(":")[0] for i in range(dialog.steps.count())]
    assert steps == ["✓ Use the existing application", "✓ Add the API permission", "✓ Add the client secret",
                     "– Create the service principal", "✓ Grant admin consent",
                     "✓ Wait until Entra ID hands out the permission"]
    assert [a["id"] for a in gui_sandbox.directory.summary() if a["displayName"] == "GUI sync reuse"] == [made["id"]]
    assert wiz.ctl.state.settings.exchange.client_id == made["appId"] == entra.client_id.text()
    assert entra.created_info.text().startswith("Reused by calwizard")
    wait_checks(qtbot, entra)
    assert entra.live.tree.statuses() == {"entra.tenant": "ok", "entra.token": "ok", "entra.permissions": "ok"}
    go_to(qtbot, wiz, StepId.VALIDATE)
    results = validate_all(qtbot, wiz)
    assert not [r for r in results if r.status.value == "failed"]
    assert "reused by calwizard" in report_html(results, settings=wiz.ctl.state.settings)


def test_several_apps_of_that_name_and_a_new_one_beside_them(qtbot, make_wizard, services, gui_sandbox,
                                                            tmp_path) -> None:
    one = gui_sandbox.directory.register_by_hand("GUI sync many")
    two = gui_sandbox.directory.register_by_hand("GUI sync many")
    browser = scripted_browser(gui_sandbox, tmp_path, d.FABRIKAM_ADMIN, d.CRED_FABRIKAM_ADMIN_PASSWORD)
    wiz, entra, dialog = open_dialog(qtbot, make_wizard, services, gui_sandbox, tmp_path, browser)
    sign_in_to_a_taken_name(qtbot, dialog, "GUI sync many")
    assert "2 applications are named 'GUI sync many'" in dialog.plan_label.text()
    names = {b.objectName() for b in dialog.existing_group.buttons()}
    assert names == {f"setup-reuse:{one['appId']}", f"setup-reuse:{two['appId']}", "setup-new-name"}
    assert not layout_problems(dialog)  # the descriptions and the choices fit (nothing cut off or overlapping)
    choose(qtbot, dialog, "setup-new-name", "1. Create the application 'GUI sync many (2)'")
    assert dialog.create.text() == "&Create"
    # another name: the answer was for 'GUI sync many'; a name nobody has needs none
    dialog.name.setText("GUI sync many, renamed")
    qtbot.waitUntil(lambda: "'GUI sync many, renamed'" in dialog.plan_label.text() and dialog.create.isEnabled(),
                    timeout=30000)
    assert not dialog.existing_box.isVisible()
    dialog.name.setText("GUI sync many")
    qtbot.waitUntil(lambda: dialog.existing_box.isVisible() and "2 applications" in dialog.plan_label.text(),
                    timeout=30000)
    assert not dialog.create.isEnabled()  # asked again
    choose(qtbot, dialog, "setup-new-name", "1. Create the application 'GUI sync many (2)'")
    qtbot.mouseClick(dialog.create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entra._create_dialog is None, timeout=60000)
    apps = gui_sandbox.directory.summary()
    assert sorted(a["id"] for a in apps if a["displayName"] == "GUI sync many") == sorted([one["id"], two["id"]])
    (new,) = [a for a in apps if a["displayName"] == "GUI sync many (2)"]
    assert wiz.ctl.state.settings.exchange.client_id == new["appId"]


def test_undo_on_a_reused_app_removes_only_what_was_added(qtbot, make_wizard, services, gui_sandbox,
                                                         tmp_path) -> None:
    """An Application Administrator may change the app but not grant Microsoft Graph's Calendars.Read."""
    made = gui_sandbox.directory.register_by_hand("GUI sync undo", permissions=((d.GRAPH_APP_ID, "User.Read.All"),),
                                                  consent=True, secret_days=60)
    browser = scripted_browser(gui_sandbox, tmp_path, d.FABRIKAM_APP_ADMIN, d.CRED_FABRIKAM_APP_ADMIN_PASSWORD)
    wiz, entra, dialog = open_dialog(qtbot, make_wizard, services, gui_sandbox, tmp_path, browser)
    sign_in_to_a_taken_name(qtbot, dialog, "GUI sync undo")
    choose(qtbot, dialog, f"setup-reuse:{made['appId']}", "Use the existing application")
    qtbot.mouseClick(dialog.create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rollback.isVisible() and dialog.rollback.isEnabled(), timeout=30000)
    assert "Grant admin consent failed" in dialog.banner.text.text()
    assert dialog.rollback.text() == "&Undo what was added"
    qtbot.mouseClick(dialog.rollback, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "the application itself was kept" in dialog.banner.text.text(), timeout=30000)
    assert [a for a in gui_sandbox.directory.summary() if a["id"] == made["id"]] == [made]
    steps = [dialog.steps.item(i).text() for i in range(dialog.steps.count())]
    assert "✓ Remove the client secret" in steps and "✓ Remove the API permission" in steps
    assert not any("Delete the application" in s for s in steps)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: entra._create_dialog is None, timeout=5000)
    assert wiz.ctl.state.settings.exchange.client_id == ""
