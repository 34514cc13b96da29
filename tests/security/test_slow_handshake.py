"""A server that accepts TCP and then trickles its TLS handshake (or never answers the ClientHello), or trickles
its response headers — each byte well within any read timeout — is cut off by a total deadline per request on
every network path: requests (msal, exchangelib: validate's EWS check, which asks requests for 120 s), aiohttp
(Autodiscover, OpenID discovery, Graph, the engine's EWS requests and its streaming connection). validate says so
in a failed check with a remedy; the engine classifies it as a transient failure and keeps retrying.

The time bounds here are hang guards (an order of magnitude above the configured timeout), not speed tests."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
import requests
from tests.security.guards import bounded
from tests.security.hostile import EWS_HOST
from tests.security.test_hostile_server import onprem_config, policy, validate_json

from calwizard.exchange.http import HttpPolicy, TlsHandshakeTimeout
from calwizard.settings import Settings
from calwizard.settings.io import save_settings

pytestmark = pytest.mark.integration

TLS_MODES = ("drip-tls", "stall-tls")
LOGIN_HOST = "login.sandbox.test"
TENANT = "5b0f4c8e-2a61-4d3b-9e7f-1c2d3e4f5a6b"


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in out:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out


# --------------------------------------------------------------------------- the shared policy


@pytest.mark.parametrize("mode", TLS_MODES)
def test_requests_ends_a_slow_handshake_at_the_policy_timeout(hostile: Any, mode: str) -> None:
    """exchangelib asks requests for a 120 s timeout: the handshake still ends at the policy's timeout (2 s here),
    and the exception says it was the TLS handshake."""
    hostile.mode = mode
    slow = HttpPolicy(ca_file=Path(hostile.ca_file), host_overrides=hostile.host_overrides, timeout=2.0,
                      cache_dir=Path(hostile.ca_file).parent)
    session = slow.requests_session()
    with bounded(seconds=30, mib=50), pytest.raises(requests.Timeout) as info:
        session.post(hostile.url(), data=b"<x/>", timeout=120)
    assert any(isinstance(e, TlsHandshakeTimeout) for e in _chain(info.value)), _chain(info.value)


@pytest.mark.parametrize("mode", TLS_MODES)
def test_aiohttp_ends_a_slow_handshake(hostile: Any, mode: str) -> None:
    import aiohttp

    hostile.mode = mode

    async def fetch() -> None:
        async with policy(hostile).aiohttp_session() as session, session.post(hostile.url(), data=b"<x/>") as resp:
            await resp.read()

    with bounded(seconds=30, mib=50), pytest.raises((TimeoutError, aiohttp.ClientError)):
        asyncio.run(fetch())


@pytest.mark.parametrize("mode", ["drip-headers", "drip"])
def test_requests_over_plain_http_has_the_deadline_too(hostile: Any, mode: str) -> None:
    """http:// (the health probe; a plain-HTTP URL before validate refuses it): the same total deadline."""
    from calwizard.exchange.http import ResponseTooSlow

    hostile.mode = mode
    with bounded(seconds=30, mib=50), pytest.raises(ResponseTooSlow):
        policy(hostile).requests_session().post(hostile.url(tls=False), data=b"<x/>", timeout=120)


@pytest.mark.parametrize("mode", ["drip-headers", "drip", "silent"])
def test_the_health_probe_ends(hostile: Any, mode: str) -> None:
    """``engine status`` asks a running engine's health endpoint: something else on that port that trickles its
    answer does not hold the command — it is "no engine answers" (None) within the probe's timeout."""
    from calwizard.engine.health import read_health

    hostile.mode = mode
    with bounded(seconds=30, mib=50):
        assert read_health(url=f"http://127.0.0.1:{hostile.http_port}", timeout=1.0) is None


@pytest.mark.parametrize("mode", [*TLS_MODES, "drip-headers", "drip", "big"])
async def test_the_webhook_sink_ends(hostile: Any, mode: str) -> None:
    """The engine's webhook sink: a receiver that trickles is a retryable delivery failure, in time."""
    from calwizard.engine.sinks import SinkError, WebhookSink

    hostile.mode = mode
    sink = WebhookSink(hostile.url("/hook?token=hook-secret-4711"), policy(hostile))
    try:
        with bounded(seconds=30, mib=50), pytest.raises(SinkError) as info:
            await sink.deliver('{"pbx_name": "anna"}', "key-1")
    finally:
        await sink.close()
    assert not info.value.permanent
    assert "hook-secret-4711" not in str(info.value), info.value  # webhook URLs carry their token in the query


@pytest.mark.parametrize("mode", [*TLS_MODES, "drip-headers", "silent"])
async def test_the_pbx_websocket_ends(hostile: Any, mode: str) -> None:
    """The PBX's AppWebsocket: a handshake (TLS or the HTTP upgrade) that trickles or stalls ends in the connect
    timeout, as an error that says what happened."""
    from calwizard.errors import UserFacingError
    from calwizard.pbx.appwebsocket import AppWebsocket, websocket_url

    hostile.mode = mode
    with bounded(seconds=30, mib=50), pytest.raises(UserFacingError) as info:
        await AppWebsocket.open(websocket_url(EWS_HOST), policy(hostile), "calwizard", "not-a-real-pbx-password",
                                timeout=2)
    assert info.value.remedy and "not-a-real-pbx-password" not in str(info.value)


def test_the_handshake_explained(hostile: Any) -> None:
    from calwizard.exchange.neterrors import translate_network_error

    hostile.mode = "drip-tls"
    slow = HttpPolicy(ca_file=Path(hostile.ca_file), host_overrides=hostile.host_overrides, timeout=1.0,
                      cache_dir=Path(hostile.ca_file).parent)
    with pytest.raises(requests.Timeout) as info:
        slow.requests_session().get(hostile.url())
    err = translate_network_error(info.value, hostile.url())
    assert "did not complete the TLS handshake within 1 s" in err.message and EWS_HOST in err.message
    assert err.remedy and err.reason == "timeout"


# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize(("mode", "reason"), [
    ("drip-tls", "did not complete the TLS handshake"),
    ("stall-tls", "did not complete the TLS handshake"),
    ("drip-headers", "time limit"),
])
def test_validate_ews_ends_with_a_failed_check(hostile: Any, tmp_path: Path, mode: str, reason: str,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    hostile.mode = mode
    with bounded(seconds=60, mib=150):
        rc, checks = validate_json(onprem_config(hostile, tmp_path, timeout_seconds=2), capfd)
    connect = checks["ews.connect"]
    assert rc == 1 and connect["status"] == "failed", connect
    assert reason in connect["summary"], connect["summary"]
    assert connect["remedy"]


@pytest.mark.parametrize("mode", ["big"])
def test_validate_logs_no_request_dump(hostile: Any, tmp_path: Path, mode: str,
                                       caplog: pytest.LogCaptureFixture) -> None:
    """exchangelib logs a failed request at ERROR with its headers and whole SOAP body: not in validate's log (the
    check says what failed; the EWS debug log, when on, holds the exchange with secrets masked)."""
    import logging

    from calwizard import cli

    hostile.mode = mode
    with caplog.at_level(logging.DEBUG, logger="exchangelib.util"):
        rc = cli.main(["validate", "--json", str(onprem_config(hostile, tmp_path, timeout_seconds=2))])
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert rc == 1 and not [e for e in errors if "Request XML" in e or "<s:Envelope" in e], errors


@pytest.mark.parametrize("mode", [*TLS_MODES, "drip-headers"])
def test_validate_autodiscover_ends_with_a_failed_check(hostile: Any, tmp_path: Path, mode: str,
                                                       capfd: pytest.CaptureFixture[str]) -> None:
    hostile.mode = mode
    config = onprem_config(hostile, tmp_path, ews_url="", autodiscover_url=f"https://{EWS_HOST}", timeout_seconds=2)
    with bounded(seconds=60, mib=150):
        rc, checks = validate_json(config, capfd)
    ad = checks["autodiscover"]
    assert rc == 1 and ad["status"] == "failed", ad
    assert ad["remedy"]


def _app_only(hostile: Any, tmp_path: Path) -> Path:
    os.environ["CW_HOSTILE_SECRET"] = "not-a-real-secret-3"
    s = Settings.model_validate({
        "pbx": {"master_pbx_name": "pbx1"},
        "exchange": {
            "sync_type": "cloud_app_only", "cloud": "custom", "user": "svc@contoso.test",
            "custom_cloud": {"authority_host": LOGIN_HOST, "ews_host": "outlook.sandbox.test",
                             "graph_host": "graph.sandbox.test"},
            "client_id": "11111111-2222-3333-4444-555555555555", "tenant_id": TENANT,
            "client_secret": {"env": "CW_HOSTILE_SECRET"},
            "host_overrides": {LOGIN_HOST: f"127.0.0.1:{hostile.port}"}, "ca_file": str(hostile.ca_file),
            "timeout_seconds": 2,
        },
        "mailboxes": [{"pbx_name": "anna", "addresses": "anna@contoso.test"}],
    })
    return save_settings(s, tmp_path / "cloud.toml")


@pytest.mark.parametrize("mode", [*TLS_MODES, "drip-headers"])
def test_validate_entra_ends_with_a_failed_check(hostile: Any, tmp_path: Path, mode: str,
                                                capfd: pytest.CaptureFixture[str]) -> None:
    """The OpenID discovery (aiohttp) against a login host that trickles."""
    hostile.mode = mode
    with bounded(seconds=60, mib=150):
        rc, checks = validate_json(_app_only(hostile, tmp_path), capfd)
    tenant = checks["entra.tenant"]
    assert rc == 1 and tenant["status"] == "failed", tenant
    assert "cannot be reached" in tenant["summary"] and tenant["remedy"]


@pytest.mark.parametrize("mode", [*TLS_MODES, "drip-headers"])
def test_msal_token_endpoint_ends(hostile: Any, tmp_path: Path, mode: str) -> None:
    """msal's HTTP client (OpenID discovery and the token request of the token check) is the policy's requests
    session: its handshake and headers end too, as an error the token check explains."""
    from calwizard.exchange import entra
    from calwizard.exchange.clouds import endpoints_for
    from calwizard.exchange.neterrors import classify_transport
    from calwizard.settings.io import load_settings

    hostile.mode = mode
    ex = load_settings(_app_only(hostile, tmp_path)).exchange
    http = HttpPolicy.from_settings(ex, cache_dir=tmp_path / "ca")
    with bounded(seconds=60, mib=100), pytest.raises((OSError, ValueError)) as info:
        app = entra.build_confidential_app(ex, endpoints_for(ex), http, "not-a-real-secret-3")
        app.acquire_token_for_client(scopes=["https://outlook.sandbox.test/.default"])
    failure = classify_transport(info.value, f"https://{LOGIN_HOST}/{TENANT}")
    assert failure is not None and failure.remedy, info.value


# --------------------------------------------------------------------------- the engine


async def _transport(hostile: Any, **kw: Any) -> Any:
    from calwizard.engine.ews_soap import Transport

    async def token(force: bool) -> str:
        return "not-a-real-token"

    http = HttpPolicy(ca_file=Path(hostile.ca_file), host_overrides=hostile.host_overrides, timeout=2.0,
                      cache_dir=Path(hostile.ca_file).parent, **kw)
    return Transport(http, hostile.url(), 1, token=token)


@pytest.mark.parametrize("mode", [*TLS_MODES, "drip-headers", "drip"])
async def test_engine_requests_end_as_transient_failures(hostile: Any, mode: str) -> None:
    from calwizard.engine.backend import BackendError

    hostile.mode = mode
    transport = await _transport(hostile)
    try:
        with bounded(seconds=60, mib=50), pytest.raises(BackendError) as info:
            await transport.post(b"<x/>", anchor="anna@contoso.test")
    finally:
        await transport.close()
    assert info.value.kind in ("network", "not_ews"), info.value
    from calwizard.exchange.ewserrors import KINDS

    assert KINDS[info.value.kind].transient


@pytest.mark.parametrize("mode", [*TLS_MODES, "drip-headers"])
async def test_the_streaming_connection_ends_a_slow_start(hostile: Any, mode: str) -> None:
    """GetStreamingEvents is long-lived (its body may take the ConnectionTimeout), but its handshake and its
    response headers are not: they end within the policy's limits."""
    from calwizard.engine.backend import BackendError

    hostile.mode = mode
    transport = await _transport(hostile, max_response_seconds=3.0)
    try:
        with bounded(seconds=60, mib=50), pytest.raises(BackendError) as info:
            async with transport.stream(b"<x/>", anchor="anna@contoso.test", read_timeout=1800, total=1800):
                pass
    finally:
        await transport.close()
    assert info.value.kind == "network", info.value


async def test_the_streaming_connection_ends_at_its_total(hostile: Any) -> None:
    """A stream that drips forever (each byte within the read timeout) ends at the stream's total deadline (the
    ConnectionTimeout plus a margin in the engine; 2 s here)."""
    from calwizard.engine.backend import BackendError

    hostile.mode = "drip"
    transport = await _transport(hostile)
    try:
        with bounded(seconds=60, mib=50), pytest.raises(BackendError) as info:
            async with transport.stream(b"<x/>", anchor="anna@contoso.test", read_timeout=1800, total=2.0) as resp:
                async for _chunk in resp.content.iter_any():
                    pass
    finally:
        await transport.close()
    assert info.value.kind == "network", info.value


@pytest.mark.parametrize("mode", ["drip-tls", "drip-headers"])
async def test_the_engine_reports_a_trickling_server_and_keeps_retrying(hostile: Any, tmp_path: Path,
                                                                       mode: str) -> None:
    """The whole engine against an EWS URL that trickles: every user gets a status with the reason (a transient
    failure, retried), the engine neither hangs nor gives up."""
    from tests.security.engines import engine_in_error

    from calwizard.exchange.ewserrors import KINDS

    hostile.mode = mode
    async with engine_in_error(hostile, tmp_path / "state") as engine:
        (anna,) = engine.users.values()
        assert anna.status == "error" and anna.detail, (anna.status, anna.detail)
        why = ("TLS handshake",) if mode == "drip-tls" else ("in time", "time limit")
        assert any(w in anna.detail for w in why), anna.detail
        kind = anna.detail.split(":", 1)[0]
        assert KINDS[kind].transient, anna.detail
