"""A scripted "browser" for the sandbox's sign-in page: what a person does in the system browser, done over HTTPS
by code. Tests, ``calwizard demo`` and the screenshot script pass :func:`auto_browser` where the wizard expects
``open_browser(url)`` (a real browser cannot reach ``login.sandbox.test``: it only exists through host overrides).

The sandbox's pages (:mod:`calwizard.sandbox.entra`): the authorize page is a form ``id="signin"`` with hidden
fields, ``login``, ``passwd`` and a Cancel button; its answer is a 302 to the redirect URI (query) or an
auto-submitted form ``id="response"`` (``response_mode=form_post``), which is then posted to the redirect URI.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

_FORM_RE = re.compile(r'<form id="(?P<id>[^"]+)" method="post" action="(?P<action>[^"]*)">(?P<body>.*?)</form>', re.S)
_INPUT_RE = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)">')


def _hidden_inputs(body: str) -> dict[str, str]:
    return {unescape(m["name"]): unescape(m["value"]) for m in _INPUT_RE.finditer(body)}


def play_sign_in(session: Any, auth_uri: str, login: str, password: str, *, cancel: bool = False,
                 timeout: float = 20.0) -> dict[str, str] | str:
    """Open ``auth_uri`` with ``session`` (a ``requests.Session`` trusting the sandbox) and submit the sign-in form.

    Returns the authorization response parameters for the redirect URI (query of the 302, or the fields of the
    form_post page), or the HTML of the page when the sign-in did not complete (e.g. a wrong password).
    ``cancel``: press Cancel instead (the answer is ``error=access_denied``, AADSTS65004).
    """
    page = session.get(auth_uri, allow_redirects=False, timeout=timeout)
    page.raise_for_status()
    form = _FORM_RE.search(page.text)
    if form is None or form["id"] != "signin":
        return str(page.text)
    fields = _hidden_inputs(form["body"]) | {"login": login, "passwd": password} | ({"cancel": "1"} if cancel else {})
    answer = session.post(urljoin(auth_uri, unescape(form["action"])), data=fields, allow_redirects=False,
                          timeout=timeout)
    if answer.status_code == 302:
        return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["Location"]).query).items()}
    posted = _FORM_RE.search(answer.text)
    if posted is not None and posted["id"] == "response":
        return _hidden_inputs(posted["body"])
    return str(answer.text)


def auto_browser(policy: Any, login: str, password: str, *, cancel: bool = False) -> Callable[[str], None]:
    """``open_browser(url)`` that signs in as ``login`` on the sandbox's page in a thread (a browser is another
    process) and delivers the answer to the loopback redirect URI, as the real browser would.

    Args:
        policy: the :class:`~calwizard.exchange.http.HttpPolicy` that reaches the sandbox.
        login, password: the account (the sandbox's public demo credentials).
        cancel: press Cancel on the page instead of signing in.
    """
    import requests

    def open_url(url: str) -> None:
        def run() -> None:
            answer = play_sign_in(policy.requests_session(), url, login, password, cancel=cancel)
            redirect = parse_qs(urlsplit(url).query).get("redirect_uri", [""])[0]
            if isinstance(answer, dict) and redirect:
                requests.post(redirect, data=answer, timeout=10)

        threading.Thread(target=run, name="sandbox-browser", daemon=True).start()

    return open_url
