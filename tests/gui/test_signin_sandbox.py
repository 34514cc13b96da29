"""The Entra app page's Sign-in button (delegated type) against the sandbox tenant: a scripted browser (the
``Services.open_browser`` hook) plays the sign-in page, the page shows the signed-in account, the token cache
lets the live token check run without a browser, and saving puts the cache into the secret store, never
into the configuration file."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from tests.gui.conftest import click_next, wait_checks
from tests.integration.sandbox.sandbox_helpers import sign_in as play_sign_in_page

from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings import load_settings
from calwizard.settings.model import SecretRef
from calwizard.wizard.flow import StepId, new_state

pytestmark = [pytest.mark.gui, pytest.mark.integration]

PROFILE = "fabrikam-delegated"


def scripted_browser(policy: HttpPolicy, login: str, password: str, opened: list[str]) -> Any:
    """``open_browser(url)``: signs in on the sandbox page (in a thread, as a real browser is another process)
    and delivers the answer (form_post) to the wizard's loopback redirect URI."""

    def open_url(url: str) -> None:
        opened.append(url)

        def run() -> None:
            answer = play_sign_in_page(policy.requests_session(), url, login, password)
            assert isinstance(answer, dict), answer
            redirect = parse_qs(urlsplit(url).query)["redirect_uri"][0]
            requests.post(redirect, data=answer, timeout=10)

        threading.Thread(target=run, daemon=True).start()

    return open_url


def test_sign_in_button_shows_the_account_and_keeps_the_token_cache_in_the_secret_store(
        qtbot, make_wizard, gui_sandbox, services, store_opener, tmp_path) -> None:
    settings = scenario_settings("delegated", gui_sandbox.host_overrides, gui_sandbox.ca_file, gui_sandbox.data_dir)
    opened: list[str] = []
    browser = scripted_browser(HttpPolicy.from_settings(settings.exchange, cache_dir=tmp_path / "http"),
                               d.FABRIKAM_SVC, d.credential(d.CRED_FABRIKAM_SVC_PASSWORD), opened)
    wiz = make_wizard(new_state(settings, profile=PROFILE), replace(services, open_browser=browser))
    while wiz.step() != StepId.ENTRA:
        click_next(qtbot, wiz)
    entra = wiz.currentPage()
    assert entra.signin.isVisible()

    qtbot.mouseClick(entra.signin, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Signed in as" in entra.signin_status.text(), timeout=30000)
    assert entra.signin_status.text() == f"Signed in as {d.FABRIKAM_SVC}."
    assert len(opened) == 1 and "code_challenge_method=S256" in opened[0]  # PKCE, as msal's interactive flow
    assert "response_mode=form_post" in opened[0]

    # the typed secret: in the wizard state (masked), referenced from the profile's store entry
    state = wiz.ctl.state
    cache = state.secrets["token_cache"]
    refresh = [t["secret"] for t in json.loads(cache)["RefreshToken"].values()]
    assert refresh and all(refresh)
    assert cache not in repr(state) and refresh[0] not in repr(state)
    own = SecretRef(store=f"{PROFILE}/exchange.token_cache")
    assert state.settings.exchange.token_cache == own
    # the live checks use it at once: a token for the signed-in user, no browser
    wait_checks(qtbot, entra)
    assert entra.live.tree.statuses()["entra.token"] == "ok"
    assert len(opened) == 1

    # save (Summary, Finish): the cache goes to the secret store, the file holds the reference only
    while wiz.step() != StepId.SUMMARY:
        click_next(qtbot, wiz)
    target = Path(wiz.currentPage().path.text())
    finish = wiz.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.result() == QWizard.DialogCode.Accepted, timeout=30000)
    assert store_opener().get(own.store) == cache
    assert load_settings(target).exchange.token_cache == own
    text = target.read_text()
    assert f'store = "{own.store}"' in text and "RefreshToken" not in text
    assert target.is_relative_to(tmp_path)
    for f in tmp_path.rglob("*"):  # config, encrypted store file, HTTP cache: no refresh token in clear
        if f.is_file():
            blob = f.read_bytes()
            assert not any(r.encode() in blob for r in refresh), f"refresh token found in {f}"
