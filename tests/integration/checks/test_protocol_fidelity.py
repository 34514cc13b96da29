"""What Exchange says, said exactly: Autodiscover errors, ambiguous names and ErrorServerBusy in ``validate``
against the sandbox (real msal/exchangelib/aiohttp over HTTPS on loopback)."""

from __future__ import annotations

import asyncio
import time

import pytest
from test_validate_scenarios import run_scenario, statuses

from calwizard.checks import ews as ews_checks
from calwizard.checks.base import CheckStatus
from calwizard.sandbox import Sandbox
from calwizard.sandbox import data as d

pytestmark = pytest.mark.integration


async def test_autodiscover_error_is_the_summary_and_the_remedy(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "autodiscover-error")
    ad = r["autodiscover"]
    assert ad.status is CheckStatus.FAILED, statuses(r)
    assert ad.summary == ("Autodiscover at autodiscover.tailspin.test answered error 600 (Invalid Request) for "
                          f"{d.TAILSPIN_USER}")
    assert "catch-all" in ad.remedy and "autodiscover.tailspin.test" in ad.remedy
    assert "Create the DNS record" not in ad.remedy  # not a DNS hint: a server answered
    tried = {a["url"]: a["outcome"] for a in ad.evidence["chain"]}
    assert "600" in tried["https://autodiscover.tailspin.test/autodiscover/autodiscover.xml"]
    assert "https://autodiscover.tailspin.test/autodiscover/autodiscover.svc" in tried  # SOAP asked too
    assert r["ews.connect"].status is CheckStatus.SKIPPED


async def test_soap_autodiscover_alone_finds_ews(sandbox: Sandbox) -> None:
    """An explicit …/autodiscover.svc URL: GetUserSettings (InternalEwsUrl, ExternalEwsUrl, CasVersion)."""
    r = await run_scenario(sandbox, "onprem-ok",
                           exchange__autodiscover_url=f"https://{d.CONTOSO_AUTODISCOVER_HOST}/Autodiscover/Autodiscover.svc")
    ad = r["autodiscover"]
    assert ad.status is CheckStatus.OK, ad
    assert ad.evidence["external_ews_url"] == d.CONTOSO_EWS_URL
    assert ad.evidence["internal_ews_url"] == d.CONTOSO_INTERNAL_EWS_URL
    assert ad.evidence["exchange_version"] == "15.2.1544"
    assert [a["url"] for a in ad.evidence["chain"]] == [
        f"https://{d.CONTOSO_AUTODISCOVER_HOST}/Autodiscover/Autodiscover.svc"]
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)


async def test_ambiguous_name_is_reported_with_its_candidates(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "onprem-ambiguous-name")
    chris = r["ews.mailbox:chris"]
    assert chris.status is CheckStatus.FAILED
    assert chris.evidence["kind"] == "ambiguous"
    assert "ambiguous name" in chris.summary
    assert sorted(chris.evidence["candidates"]) == [f"Chris Mayer <{d.CONTOSO_CHRIS_MAYER}>",
                                                    f"Chris Meyer <{d.CONTOSO_CHRIS_MEYER}>"]
    assert "primary SMTP address" in chris.remedy
    # an exact SMTP match is never ambiguous, however many names start alike
    assert r["ews.mailbox:chris-meyer"].status is CheckStatus.OK
    assert r["ews.mailbox:chris-meyer"].evidence["mailbox"] == d.CONTOSO_CHRIS_MEYER


async def _storm(sandbox: Sandbox, seconds: float, back_off_ms: int) -> None:
    async def start() -> None:
        sandbox.ews.start_storm(seconds, back_off_ms)

    await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(start(), sandbox._loop))  # type: ignore[arg-type]


async def test_server_busy_longer_than_the_cap_says_how_long(sandbox: Sandbox) -> None:
    await _storm(sandbox, 20, 45_000)
    try:
        started = time.monotonic()
        r = await run_scenario(sandbox, "onprem-ok")
        elapsed = time.monotonic() - started
    finally:
        await _storm(sandbox, 0, 0)
    connect = r["ews.connect"]
    assert connect.status is CheckStatus.FAILED, statuses(r)
    assert connect.evidence["kind"] == "server_busy"
    assert "server busy (Exchange asked to wait 45 s)" in connect.summary
    assert f"longer than validate waits ({ews_checks.BUSY_WAIT_CAP:g} s" in connect.detail
    assert "Set-ThrottlingPolicyAssociation" in connect.remedy
    assert elapsed < 15, "a back-off beyond the cap fails at once instead of timing out"


async def test_server_busy_within_the_cap_is_waited_out(sandbox: Sandbox) -> None:
    await _storm(sandbox, 1.5, 600)
    try:
        r = await run_scenario(sandbox, "onprem-ok")
    finally:
        await _storm(sandbox, 0, 0)
    assert all(v.status is CheckStatus.OK for v in r.values()), statuses(r)


async def test_exchange_2010_is_a_clear_failure(sandbox: Sandbox) -> None:
    r = await run_scenario(sandbox, "onprem-exchange-2010")
    ad = r["autodiscover"]
    assert ad.status is CheckStatus.FAILED, statuses(r)
    assert "reports Exchange 14.3.123 (Exchange 2010 SP3)" in ad.summary
    assert "2013 or newer" in ad.summary and "2013 or newer" in ad.remedy
    assert ad.evidence["kind"] == "unsupported_version"
    # with the EWS URL set explicitly, EWS's own ServerVersionInfo says the same
    r = await run_scenario(sandbox, "onprem-exchange-2010",
                           exchange__ews_url=f"https://{d.LITWARE_MAIL_HOST}/EWS/Exchange.asmx")
    connect = r["ews.connect"]
    assert connect.status is CheckStatus.FAILED, statuses(r)
    assert connect.evidence["kind"] == "unsupported_version"
    assert "ServerVersionInfo" in connect.detail and "Exchange 2010 SP3" in connect.detail


async def test_soap_autodiscover_follows_a_redirect_with_a_bearer_token(sandbox: Sandbox) -> None:
    """Exchange Online through the customer's autodiscover name: HTTP 302 to Exchange Online's autodiscover.svc,
    then GetUserSettings with the app's token."""
    r = await run_scenario(sandbox, "app-only-ok",
                           exchange__autodiscover_url=f"https://{d.FABRIKAM_AUTODISCOVER_HOST}/autodiscover/autodiscover.svc")
    ad = r["autodiscover"]
    assert ad.status is CheckStatus.OK, ad
    assert ad.evidence["source_url"] == d.CLOUD_AUTODISCOVER_SVC_URL
    outcomes = [a["outcome"] for a in ad.evidence["chain"]]
    assert any(o.startswith("HTTP 302 redirect to " + d.CLOUD_AUTODISCOVER_SVC_URL) for o in outcomes), outcomes
    assert any(o.startswith("SOAP settings (EWS " + d.CLOUD_EWS_URL) for o in outcomes), outcomes
    assert r["ews.connect"].status is CheckStatus.OK
