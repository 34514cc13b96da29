"""Helpers shared by the sandbox tests: msal apps, a test "browser", exchangelib accounts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import msal
import requests
from exchangelib import IMPERSONATION, Account, Build, Configuration, OAuth2Credentials, Version

from calwizard.exchange.http import HttpPolicy, install_exchangelib_policy
from calwizard.sandbox import data

ONPREM_BUILD = Build(15, 2, 1544, 4)
CLOUD_BUILD = Build(15, 20, 7452, 27)


def authority(tenant: str) -> str:
    return f"https://{data.LOGIN_HOST}/{tenant}"


def confidential_app(
    policy: HttpPolicy, client_id: str, tenant: str, credential: Any
) -> msal.ConfidentialClientApplication:
    return msal.ConfidentialClientApplication(
        client_id,
        authority=authority(tenant),
        client_credential=credential,
        http_client=policy.requests_session(),
        instance_discovery=False,
    )


def public_app(policy: HttpPolicy, client_id: str, tenant: str) -> msal.PublicClientApplication:
    return msal.PublicClientApplication(
        client_id, authority=authority(tenant), http_client=policy.requests_session(), instance_discovery=False
    )


def app_token(policy: HttpPolicy, client_id: str, secret_name: str, tenant: str = data.FABRIKAM_TENANT_ID) -> dict:
    app = confidential_app(policy, client_id, tenant, data.credential(secret_name))
    return app.acquire_token_for_client([data.OUTLOOK_SCOPE])


def sign_in(session: requests.Session, auth_uri: str, login: str, password: str, *,
            cancel: bool = False) -> dict[str, str] | str:
    """Play the browser: open ``auth_uri``, submit the sign-in form (:func:`calwizard.sandbox.browser.play_sign_in`).

    Returns the authorization response parameters delivered to the redirect URI (query string of the
    302, or the fields of the form_post page), or the HTML of the page when the sign-in did not
    complete (e.g. wrong password). ``cancel``: press the page's Cancel instead (error=access_denied).
    """
    from calwizard.sandbox.browser import play_sign_in

    return play_sign_in(session, auth_uri, login, password, cancel=cancel)


class SandboxOAuth2Credentials(OAuth2Credentials):
    """exchangelib's client-credentials class pointed at the sandbox authority.

    exchangelib drops the access token of client-credentials sessions when it retires a session
    (after any error) and fetches a new one from ``token_url`` — hard-coded to the global cloud.
    """

    @property
    def token_url(self) -> str:
        return f"https://{data.LOGIN_HOST}/{self.tenant_id}/oauth2/v2.0/token"

    @property
    def scope(self) -> list[str]:
        return [data.OUTLOOK_SCOPE]


def ews_account(
    policy: HttpPolicy, target: str, credentials: Any, auth_type: str, endpoint: str, build: Build
) -> Account:
    install_exchangelib_policy(policy)
    config = Configuration(
        service_endpoint=endpoint, credentials=credentials, auth_type=auth_type, version=Version(build=build)
    )
    return Account(primary_smtp_address=target, access_type=IMPERSONATION, config=config, autodiscover=False)


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Poll ``predicate`` until it is true or the deadline passes (AssertionError)."""
    deadline = time.monotonic() + timeout
    tick = threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        tick.wait(0.01)
