"""Delegated sign-in against the sandbox: a scripted browser signs in, the token cache it yields
lets validation run headless (refresh token, no browser)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from tests.integration.sandbox.sandbox_helpers import sign_in as play_sign_in_page

from calwizard.checks.base import CheckStatus
from calwizard.checks.plan import make_context, validate
from calwizard.errors import UserFacingError
from calwizard.exchange.http import HttpPolicy
from calwizard.exchange.signin import sign_in
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.secretrefs import make_fetcher

pytestmark = pytest.mark.integration


def scripted_browser(policy: HttpPolicy, login: str, password: str):  # type: ignore[no-untyped-def]
    """A browser that signs in on the sandbox page and delivers the answer to the loopback redirect URI."""

    def open_url(url: str) -> None:
        def run() -> None:
            session = policy.requests_session()
            answer = play_sign_in_page(session, url, login, password)
            redirect = parse_qs(urlsplit(url).query)["redirect_uri"][0]
            assert isinstance(answer, dict), answer
            requests.post(redirect, data=answer, timeout=10)

        threading.Thread(target=run, daemon=True).start()

    return open_url


def _settings(sandbox: Sandbox):  # type: ignore[no-untyped-def]
    return scenario_settings("delegated", sandbox.host_overrides, sandbox.ca_file, sandbox.ca_file.parent)


def test_sign_in_then_headless_validation_with_refresh_token(sandbox: Sandbox, tmp_path: Path) -> None:
    settings = _settings(sandbox)
    policy = HttpPolicy.from_settings(settings.exchange, cache_dir=tmp_path)
    password = d.credential(d.CRED_FABRIKAM_SVC_PASSWORD)
    result = sign_in(settings.exchange, policy, open_browser=scripted_browser(policy, d.FABRIKAM_SVC, password),
                     timeout=30)
    assert result.username == d.FABRIKAM_SVC
    assert "token_cache=***" in repr(result)
    assert '"RefreshToken"' in result.token_cache  # msal cache layout: what headless runs need

    base = make_fetcher(settings)

    def fetch(ref):  # type: ignore[no-untyped-def]
        return result.token_cache if ref == settings.exchange.token_cache else base(ref)

    results = asyncio.run(validate(make_context(settings, fetch)))
    by_id = {r.id: r for r in results}
    assert all(r.status is CheckStatus.OK for r in results), {r.id: r.summary for r in results}
    assert "signed-in user" in by_id["entra.token"].summary
    assert "EWS.AccessAsUser.All" in by_id["entra.permissions"].summary


def test_wrong_password_never_completes_and_times_out_cleanly(sandbox: Sandbox, tmp_path: Path) -> None:
    settings = _settings(sandbox)
    policy = HttpPolicy.from_settings(settings.exchange, cache_dir=tmp_path)
    opened: list[str] = []

    def browser(url: str) -> None:
        opened.append(url)
        page = play_sign_in_page(policy.requests_session(), url, d.FABRIKAM_SVC, "wrong password")
        assert isinstance(page, str) and "AADSTS50126" in page  # the page says why; nothing reaches us

    with pytest.raises(UserFacingError, match="no answer from the browser"):
        sign_in(settings.exchange, policy, open_browser=browser, timeout=1)
    assert opened and "code_challenge_method=S256" in opened[0]


def test_sign_in_can_be_cancelled(sandbox: Sandbox, tmp_path: Path) -> None:
    settings = _settings(sandbox)
    cancel = threading.Event()
    with pytest.raises(UserFacingError, match="cancelled"):
        sign_in(settings.exchange, HttpPolicy.from_settings(settings.exchange, cache_dir=tmp_path),
                open_browser=lambda url: cancel.set(), cancel=cancel, timeout=30)


def test_validation_without_sign_in_says_what_to_do(sandbox: Sandbox) -> None:
    settings = _settings(sandbox)
    base = make_fetcher(settings)

    def fetch(ref):  # type: ignore[no-untyped-def]
        return "" if ref == settings.exchange.token_cache else base(ref)

    results = asyncio.run(validate(make_context(settings, fetch)))
    token = next(r for r in results if r.id == "entra.token")
    assert token.status is CheckStatus.FAILED
    assert "Sign in" in token.remedy
