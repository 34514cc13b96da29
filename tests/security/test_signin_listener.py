"""The delegated sign-in's loopback listener (the redirect URI http://localhost:<port>): a local connection that never
sends its request — a browser's speculative preconnect, any other local client — neither keeps the browser's answer
from arriving nor the sign-in from ending; a form with a hostile Content-Length is refused without reading it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from tests.integration.exchange.test_signin import scripted_browser

from calwizard.errors import UserFacingError
from calwizard.exchange.http import HttpPolicy
from calwizard.exchange.signin import sign_in
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d
from calwizard.sandbox.scenarios import scenario_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def signin_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    sb = Sandbox(tmp_path_factory.mktemp("signin-sandbox"))
    sb.start()
    try:
        yield sb
    finally:
        sb.stop()


def _run_guarded(target: Any, seconds: float) -> dict[str, Any]:
    """Run ``target()`` in a thread; its result or exception — and a failure when it is still running after
    ``seconds`` (a hang guard, not a speed test)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = target()
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"the sign-in still runs after {seconds} s"
    return box


def test_a_stalled_local_connection_does_not_block_the_sign_in(signin_sandbox: Sandbox, tmp_path: Path) -> None:
    settings = scenario_settings("delegated", signin_sandbox.host_overrides, signin_sandbox.ca_file,
                                 signin_sandbox.ca_file.parent)
    policy = HttpPolicy.from_settings(settings.exchange, cache_dir=tmp_path)
    browser = scripted_browser(policy, d.FABRIKAM_SVC, d.credential(d.CRED_FABRIKAM_SVC_PASSWORD))
    stalled: list[socket.socket] = []

    def preconnecting_browser(url: str) -> None:
        port = urlsplit(parse_qs(urlsplit(url).query)["redirect_uri"][0]).port
        stalled.append(socket.create_connection(("127.0.0.1", port)))  # connects, never sends a byte
        browser(url)

    try:
        box = _run_guarded(lambda: sign_in(settings.exchange, policy, open_browser=preconnecting_browser,
                                           timeout=60), 120)
    finally:
        for s in stalled:
            s.close()
    assert "error" not in box, box.get("error")
    assert box["result"].username == d.FABRIKAM_SVC


@pytest.mark.parametrize("length", ["-1", "99999999999", "x"])
def test_a_hostile_form_is_refused_unread(signin_sandbox: Sandbox, tmp_path: Path, length: str) -> None:
    """A negative Content-Length would make the listener read until the connection ends (unbounded memory): it is
    refused at once, and the sign-in still ends (here: the user does not finish it, so it times out cleanly)."""
    settings = scenario_settings("delegated", signin_sandbox.host_overrides, signin_sandbox.ca_file,
                                 signin_sandbox.ca_file.parent)
    policy = HttpPolicy.from_settings(settings.exchange, cache_dir=tmp_path)
    answers: list[bytes] = []

    def hostile_client(url: str) -> None:
        port = urlsplit(parse_qs(urlsplit(url).query)["redirect_uri"][0]).port
        with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
            s.sendall(f"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: {length}\r\n\r\ncode=".encode())
            answers.append(s.recv(200))  # the answer comes although the body never ends

    box = _run_guarded(lambda: sign_in(settings.exchange, policy, open_browser=hostile_client, timeout=3), 60)
    assert isinstance(box.get("error"), UserFacingError) and "no answer from the browser" in str(box["error"])
    assert answers and answers[0].split(b" ")[1] in (b"400", b"413"), answers
