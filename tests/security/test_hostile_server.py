"""Servers that are not what they claim: every response bounded in size and time in one place (the HTTP policy),
and anything that is not the expected protocol a failed check with the real reason and a remedy — exit 1, never an
internal error (issue 13)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest
import requests
from tests.security.guards import bounded
from tests.security.hostile import EWS_HOST

from calwizard import cli
from calwizard.exchange.http import HttpPolicy, ResponseTooLarge, ResponseTooSlow
from calwizard.settings import Settings
from calwizard.settings.io import save_settings

pytestmark = pytest.mark.integration

CAP = 2 * 1024 * 1024


def policy(server: Any, **kw: Any) -> HttpPolicy:
    return HttpPolicy(ca_file=Path(server.ca_file), host_overrides=server.host_overrides, timeout=5.0,
                      max_response_bytes=CAP, max_response_seconds=3.0, cache_dir=Path(server.ca_file).parent, **kw)


# --------------------------------------------------------------------------- the shared limits


@pytest.mark.parametrize(("mode", "error"), [
    ("big", ResponseTooLarge), ("big-chunked", ResponseTooLarge), ("gzip-bomb", ResponseTooLarge),
    ("drip", ResponseTooSlow), ("drip-headers", ResponseTooSlow),
])
def test_requests_stops_at_the_limits(hostile: Any, mode: str, error: type) -> None:
    hostile.mode = mode
    session = policy(hostile).requests_session()
    with bounded(seconds=15, mib=3 * CAP / (1024 * 1024) + 30), pytest.raises(error) as info:
        session.post(hostile.url(), data=b"<x/>")
    assert isinstance(info.value, requests.RequestException)  # what msal and exchangelib handle


@pytest.mark.parametrize(("mode", "error"), [
    ("big", ResponseTooLarge), ("big-chunked", ResponseTooLarge), ("gzip-bomb", ResponseTooLarge),
    ("drip", asyncio.TimeoutError), ("drip-headers", asyncio.TimeoutError),
])
def test_aiohttp_stops_at_the_limits(hostile: Any, mode: str, error: type) -> None:
    import aiohttp

    hostile.mode = mode

    async def fetch() -> None:
        async with policy(hostile).aiohttp_session() as session, session.post(hostile.url(), data=b"<x/>") as resp:
            await resp.read()

    with bounded(seconds=15, mib=3 * CAP / (1024 * 1024) + 30), pytest.raises((error, aiohttp.ClientError)) as info:
        asyncio.run(fetch())
    if error is ResponseTooLarge:
        assert isinstance(info.value, ResponseTooLarge) and isinstance(info.value, aiohttp.ClientError)


def test_a_normal_answer_passes(hostile: Any) -> None:
    hostile.mode = "ews-ok"
    resp = policy(hostile).requests_session().post(hostile.url(), data=b"<x/>")
    assert resp.status_code == 200 and resp.content.startswith(b"<?xml")

    async def fetch() -> bytes:
        async with policy(hostile).aiohttp_session() as session, session.post(hostile.url(), data=b"<x/>") as r:
            return await r.read()

    assert asyncio.run(fetch()).startswith(b"<?xml")


# --------------------------------------------------------------------------- validate against a hostile EWS URL


def onprem_config(server: Any, tmp_path: Path, *, ews_url: str | None = None, ca: bool = True,
                  overrides: dict[str, str] | None = None, **exchange: Any) -> Path:
    os.environ["CW_HOSTILE_PW"] = "not-a-real-password-1"
    s = Settings.model_validate({
        "pbx": {"master_pbx_name": "pbx1"},
        "exchange": {"sync_type": "on_premises", "user": "svc@contoso.test", "password": {"env": "CW_HOSTILE_PW"},
                     "ews_url": ews_url if ews_url is not None else server.url(),
                     "ca_file": str(server.ca_file) if ca else "",
                     "host_overrides": server.host_overrides if overrides is None else overrides,
                     **{"timeout_seconds": 4, **exchange}},
        "mailboxes": [{"pbx_name": "anna", "addresses": "anna@contoso.test"}],
    })
    return save_settings(s, tmp_path / "hostile.toml")


def validate_json(path: Path, capfd: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    rc = cli.main(["validate", "--json", str(path)])
    out = capfd.readouterr()
    assert "Traceback" not in out.err and "internal error" not in out.err
    return rc, {c["id"]: c for c in json.loads(out.out)["checks"]}


@pytest.mark.parametrize(("mode", "reason"), [
    ("html", "not an EWS server"),
    ("malformed-soap", "not an EWS server"),
    ("truncated-soap", "not an EWS server"),
    ("redirect-loop", "redirects in a loop"),
    ("xxe", "not an EWS server"),
    ("json-deep", "not an EWS server"),
    ("big", "larger than"),
    ("gzip-bomb", "larger than"),
])
def test_not_ews_is_a_failed_check_with_the_reason(hostile: Any, tmp_path: Path, mode: str, reason: str,
                                                  capfd: pytest.CaptureFixture[str]) -> None:
    hostile.mode = mode
    with bounded(seconds=40, mib=150):
        rc, checks = validate_json(onprem_config(hostile, tmp_path), capfd)
    assert rc == 1
    connect = checks["ews.connect"]
    assert connect["status"] == "failed" and reason in connect["summary"], connect["summary"]
    assert connect["remedy"] and "internal_error" not in connect["evidence"]


def test_a_dripping_server_is_cut_off(hostile: Any, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """One byte every half second: each read succeeds, but the whole answer never does — cut off at 3x the
    request timeout (2 s here)."""
    hostile.mode = "drip"
    with bounded(seconds=40, mib=150):
        rc, checks = validate_json(onprem_config(hostile, tmp_path, timeout_seconds=2), capfd)
    connect = checks["ews.connect"]
    assert rc == 1 and connect["status"] == "failed", connect
    assert "time limit" in connect["summary"] or "no answer within" in connect["summary"], connect["summary"]


@pytest.mark.parametrize(("case", "reason"), [
    ("plain-http", "uses plain HTTP"),
    ("untrusted", "TLS certificate"),
    ("dns", "cannot be resolved (DNS)"),
    ("refused", "refused the connection"),
])
def test_the_summary_states_the_real_reason(hostile: Any, tmp_path: Path, case: str, reason: str,
                                           capfd: pytest.CaptureFixture[str]) -> None:
    hostile.mode = "ews-ok"
    kw: dict[str, Any] = {
        "plain-http": {"ews_url": hostile.url(tls=False)},
        "untrusted": {"ca": False},
        "dns": {"ews_url": "https://mail.nonexistent.invalid/EWS/Exchange.asmx", "overrides": {}},
        "refused": {"overrides": {EWS_HOST: "127.0.0.1:1"}},
    }[case]
    with bounded(seconds=40, mib=150):
        rc, checks = validate_json(onprem_config(hostile, tmp_path, **kw), capfd)
    assert rc == 1
    failed = [c for c in checks.values() if c["status"] == "failed"]
    assert failed and reason in failed[0]["summary"], failed[0]["summary"]
    assert failed[0]["remedy"]


@pytest.mark.parametrize(("mode", "reason"), [("html", "not an Autodiscover response"), ("big", "larger than"),
                                              ("redirect-loop", "redirect")])
def test_autodiscover_against_a_hostile_server(hostile: Any, tmp_path: Path, mode: str, reason: str,
                                               capfd: pytest.CaptureFixture[str]) -> None:
    hostile.mode = mode
    config = onprem_config(hostile, tmp_path, ews_url="", autodiscover_url=f"https://{EWS_HOST}")
    with bounded(seconds=40, mib=150):
        rc, checks = validate_json(config, capfd)
    ad = checks["autodiscover"]
    assert rc == 1 and ad["status"] == "failed", ad
    assert reason in ad["summary"], ad["summary"]  # the summary line states the reason, not only the chain


def test_autodiscover_v2_json_bomb(hostile: Any, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Exchange Online's Autodiscover v2 answers JSON: nested 100,000 deep is refused, not a traceback."""
    hostile.mode = "json-deep"
    from calwizard.exchange import autodiscover as ad

    chain: list[Any] = []
    with bounded(seconds=20, mib=100), pytest.raises(Exception) as info:
        asyncio.run(ad.discover_v2(policy(hostile), f"https://{EWS_HOST}/autodiscover/autodiscover.json/v1.0/"
                                   "a@contoso.test?Protocol=EWS", chain))
    from calwizard.errors import UserFacingError

    assert isinstance(info.value, UserFacingError)
