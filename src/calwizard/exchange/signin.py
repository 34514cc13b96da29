"""Delegated sign-in: authorization code flow with PKCE in the system browser.

Microsoft identity platform, "OAuth 2.0 authorization code flow" and "Redirect URI restrictions":
for public clients, ``http://localhost`` redirect URIs match any port, so a loopback listener on a
free port of 127.0.0.1 receives the browser's redirect (RFC 8252, "OAuth 2.0 for Native Apps").
msal builds the request (``initiate_auth_code_flow``: state, nonce, PKCE S256) and redeems the code
(``acquire_token_by_auth_code_flow``). The msal token cache (holding the refresh token) is what the
caller keeps — encrypted, in the secret store — so that validation and the sync engine run
headless afterwards (``acquire_token_silent``).
"""

from __future__ import annotations

import html
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from calwizard.errors import UserFacingError
from calwizard.exchange import entra
from calwizard.exchange.clouds import endpoints_for
from calwizard.exchange.http import HttpPolicy
from calwizard.settings.model import ExchangeSettings


@dataclass(frozen=True)
class SignInResult:
    """Outcome of a sign-in: the signed-in user's name and the serialized msal token cache.

    ``token_cache`` contains the refresh token: store it only in the secret store. ``repr`` hides it.
    """

    username: str
    token_cache: str
    scopes: tuple[str, ...]

    def __repr__(self) -> str:
        return f"SignInResult(username={self.username!r}, token_cache=***, scopes={self.scopes})"


MAX_FORM_BYTES = 1 << 20
"""Largest form the loopback listener reads (Entra's form_post answer: a few kilobytes)."""
REQUEST_TIMEOUT = 10.0
"""Seconds the loopback listener waits for each read of a request: the browser sends its redirect at once."""


class _Catcher(ThreadingHTTPServer):
    """The loopback listener: one thread per connection, so that a connection that never sends its request (a
    browser's speculative preconnect, any other local client) cannot keep the browser's redirect from being
    served, nor ``shutdown()`` from ending."""

    daemon_threads = True
    block_on_close = False
    params: dict[str, str] | None = None
    done: threading.Event


class _Handler(BaseHTTPRequestHandler):
    server: _Catcher
    timeout = REQUEST_TIMEOUT  # socket timeout of each connection (socketserver.StreamRequestHandler)

    def do_GET(self) -> None:
        self._answer(dict(parse_qsl(urlsplit(self.path).query)))

    def do_POST(self) -> None:  # response_mode=form_post: the browser posts the answer
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit() or int(length) > MAX_FORM_BYTES:  # never read "until the end" (a negative length)
            self.send_error(413 if length.isdigit() else 400)
            return
        self._answer(dict(parse_qsl(self.rfile.read(int(length)).decode("utf-8", "replace"))))

    def _answer(self, query: dict[str, str]) -> None:
        if "code" not in query and "error" not in query:
            self.send_response(404)
            self.end_headers()
            return
        self.server.params = query
        ok = "code" in query
        body = (
            "<html><body style='font-family:sans-serif'><h2>"
            + ("Signed in. You can close this window and return to calwizard." if ok else
               "Sign-in failed: " + html.escape(query.get("error_description", query.get("error", ""))))
            + "</h2></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.done.set()

    def log_message(self, format: str, *args: Any) -> None:  # the query holds the code: never log it
        return


def sign_in(
    exchange: ExchangeSettings,
    http: HttpPolicy,
    *,
    open_browser: Callable[[str], Any] = webbrowser.open,
    timeout: float = 300.0,
    cancel: threading.Event | None = None,
    existing_cache: str | None = None,
) -> SignInResult:
    """Run the interactive sign-in (blocking; run it in a thread).

    Args:
        exchange: the settings (client ID, tenant, cloud, scopes, redirect URI ``http://localhost``).
        http: the HTTP policy (msal's requests session).
        open_browser: shows the URL to the user (the system browser; tests pass a scripted browser).
        timeout: seconds to wait for the browser to come back.
        cancel: set it to abandon the sign-in (the wizard's Cancel/Back).
        existing_cache: a serialized msal cache to extend.
    Returns:
        The signed-in user and the token cache.
    Raises:
        UserFacingError: the user cancelled, the time ran out, or Entra refused (with the AADSTS remedy).
    """
    import msal

    scopes = list(exchange.scopes or [endpoints_for(exchange).ews_scope])
    cache = msal.SerializableTokenCache()
    if existing_cache:
        cache.deserialize(existing_cache)
    result = interactive_token(exchange, http, scopes, open_browser=open_browser, timeout=timeout, cancel=cancel,
                               token_cache=cache, login_hint=exchange.user or None)
    claims = result.get("id_token_claims") or {}
    username = claims.get("preferred_username") or claims.get("upn") or exchange.user
    return SignInResult(username=username, token_cache=cache.serialize(), scopes=tuple(scopes))


def interactive_token(
    exchange: ExchangeSettings,
    http: HttpPolicy,
    scopes: list[str],
    *,
    open_browser: Callable[[str], Any] = webbrowser.open,
    timeout: float = 300.0,
    cancel: threading.Event | None = None,
    token_cache: Any = None,
    login_hint: str | None = None,
) -> dict[str, Any]:
    """Authorization code + PKCE through the browser and the loopback redirect, for ``exchange.client_id`` (a
    public client) at ``exchange.tenant_id`` (empty: ``organizations``). Blocking; run it in a thread.

    Returns:
        msal's token result (``access_token``, ``expires_in``, ``id_token_claims``…).
    Raises:
        UserFacingError: cancelled (here or in the browser: AADSTS65004), timed out, or refused by Entra.
    """
    redirect = urlsplit(exchange.redirect_uri or "http://localhost")
    if redirect.scheme != "http" or redirect.hostname not in ("localhost", "127.0.0.1"):
        raise UserFacingError(
            f"the redirect URI {exchange.redirect_uri} cannot receive the sign-in on this computer",
            field="exchange.redirect_uri",
            remedy="Register http://localhost as a 'Mobile and desktop applications' redirect URI and use it here.",
        )
    app = entra.build_public_app(exchange, endpoints_for(exchange), http, token_cache=token_cache)
    server = _Catcher(("127.0.0.1", 0), _Handler)
    server.done = threading.Event()
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="signin-redirect", daemon=True)
    thread.start()
    try:
        flow = app.initiate_auth_code_flow(scopes, redirect_uri=f"http://localhost:{port}",
                                           login_hint=login_hint, response_mode="form_post")
        open_browser(flow["auth_uri"])
        waited = 0.0
        while not server.done.wait(0.2):
            waited += 0.2
            if cancel is not None and cancel.is_set():
                raise UserFacingError("sign-in cancelled")
            if waited >= timeout:
                raise UserFacingError(f"no answer from the browser within {timeout:g} s",
                                      remedy="Sign in again and complete the sign-in in the browser window.")
        params = server.params or {}
        if "error" in params:
            err = entra.explain_token_error(params)
            raise UserFacingError(f"sign-in failed: {err.message}", remedy=err.remedy)
        result = app.acquire_token_by_auth_code_flow(flow, params)
    finally:
        server.shutdown()
        server.server_close()
    if "access_token" not in result:
        err = entra.explain_token_error(result)
        raise UserFacingError(f"sign-in failed: {err.message}", remedy=err.remedy)
    return dict(result)


def device_code_token(
    exchange: ExchangeSettings,
    http: HttpPolicy,
    scopes: list[str],
    *,
    show: Callable[[str, str, str], Any],
    cancel: threading.Event | None = None,
    timeout: float = 900.0,
) -> dict[str, Any]:
    """Device authorization grant (Microsoft identity platform: "OAuth 2.0 device authorization grant flow") for
    machines without a browser: ``show(message, verification_uri, user_code)`` tells the user where to sign in;
    this polls until they did. Blocking; run it in a thread.

    Returns:
        msal's token result.
    Raises:
        UserFacingError: cancelled, declined, expired, or refused by Entra.
    """
    import time

    app = entra.build_public_app(exchange, endpoints_for(exchange), http)
    flow = app.initiate_device_flow(scopes=scopes)
    if "user_code" not in flow:
        err = entra.explain_token_error(flow)
        raise UserFacingError(f"sign-in failed: {err.message}", remedy=err.remedy)
    flow["expires_at"] = min(float(flow.get("expires_at") or time.time() + timeout), time.time() + timeout)
    show(str(flow.get("message", "")), str(flow.get("verification_uri", "")), str(flow["user_code"]))
    result = app.acquire_token_by_device_flow(
        flow, exit_condition=lambda _flow: cancel is not None and cancel.is_set())
    if cancel is not None and cancel.is_set():
        raise UserFacingError("sign-in cancelled")
    if "access_token" not in result:
        if result.get("error") == "authorization_declined":
            raise UserFacingError("sign-in cancelled: the sign-in was declined on the code page")
        if result.get("error") in ("expired_token", "authorization_pending"):
            raise UserFacingError("the code was not used in time",
                                  remedy="Start again and enter the code within the time shown.")
        err = entra.explain_token_error(result)
        raise UserFacingError(f"sign-in failed: {err.message}", remedy=err.remedy)
    return dict(result)
