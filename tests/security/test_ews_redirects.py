"""An EWS URL that redirects (a load balancer sending to another host, http->https, a sign-in page in EWS's place):
validate and the engine say the same thing — where it leads and what to do — from one classifier
(:func:`calwizard.exchange.ewserrors.classify_redirect`), and neither follows it with the credentials."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from tests.security.guards import bounded
from tests.security.hostile import EWS_HOST
from tests.security.test_hostile_server import onprem_config, validate_json

from calwizard.exchange.ewserrors import classify_redirect
from calwizard.exchange.http import HttpPolicy

EWS = f"https://{EWS_HOST}/EWS/Exchange.asmx"
OTHER_HOST = "exch01.contoso.test"


@pytest.mark.parametrize(("location", "says", "remedy"), [
    (f"https://{OTHER_HOST}/EWS/Exchange.asmx", f"redirects to another host, https://{OTHER_HOST}/EWS/Exchange.asmx",
     f"Set exchange.ews_url to https://{OTHER_HOST}/EWS/Exchange.asmx"),
    ("/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.test%2fEWS%2fExchange.asmx&reason=0",
     "redirects to a sign-in page (https://mail.contoso.test/owa/auth/logon.aspx", "without forms-based"),
    ("https://adfs.contoso.test/adfs/ls/?wa=wsignin1.0", "sign-in page", "without forms-based"),
    ("/ews/exchange.asmx/", "redirects to https://mail.contoso.test/ews/exchange.asmx/",
     "Set exchange.ews_url to https://mail.contoso.test/ews/exchange.asmx/"),
    ("", "redirect without a target", "Autodiscover"),
])
def test_the_classifier_names_the_target_and_what_to_do(location: str, says: str, remedy: str) -> None:
    err = classify_redirect(location, EWS)
    assert err.kind == "redirect" and not err.transient
    assert says in err.message and remedy in err.remedy, (err.message, err.remedy)
    assert err.remedy in err.message  # the engine shows only the message: it says what to do too


def test_http_to_https_and_the_iis_error_page() -> None:
    err = classify_redirect(EWS, EWS.replace("https://", "http://"))
    assert "from http:// to https://" in err.message and err.remedy == f"Set exchange.ews_url to {EWS}."
    outage = classify_redirect("/ews/genericerrorpage.htm?aspxerrorpath=/ews/exchange.asmx", EWS)
    assert outage.kind == "server_error" and outage.transient  # an outage behind the URL, as exchangelib treats it


# --------------------------------------------------------------------------- validate and the engine, on the wire


def _followed(hostile: Any) -> list[bytes]:
    return [r for r in hostile.seen if f"host: {OTHER_HOST}".encode() in r.lower()]


def _overrides(hostile: Any) -> dict[str, str]:
    return {**hostile.host_overrides, OTHER_HOST: f"127.0.0.1:{hostile.port}"}


async def _engine_error(hostile: Any) -> Any:
    """What the engine's EWS client says about the same answer (NTLM, as validate's on-premises config)."""
    from calwizard.engine.backend import BackendError
    from calwizard.engine.ews_soap import SoapClient, Transport

    http = HttpPolicy(ca_file=Path(hostile.ca_file), host_overrides=_overrides(hostile), timeout=4.0,
                      cache_dir=Path(hostile.ca_file).parent)
    client = SoapClient(Transport(http, hostile.url(), 1, ntlm=("svc@contoso.test", "not-a-real-password-1")),
                        "Exchange2016")
    try:
        with pytest.raises(BackendError) as info:
            await client.call("ResolveNames", "<m:ResolveNames ReturnFullContactData=\"false\"><m:UnresolvedEntry>"
                              "anna@contoso.test</m:UnresolvedEntry></m:ResolveNames>", impersonate=None)
    finally:
        await client.close()
    return info.value


@pytest.mark.integration
@pytest.mark.parametrize(("status", "location", "says"), [
    (302, f"https://{OTHER_HOST}/EWS/Exchange.asmx", "redirects to another host"),
    (301, f"https://{OTHER_HOST}/EWS/Exchange.asmx", "redirects to another host"),
    (307, f"https://{OTHER_HOST}/EWS/Exchange.asmx", "redirects to another host"),
    (308, f"https://{OTHER_HOST}/EWS/Exchange.asmx", "redirects to another host"),
    (302, "/owa/auth/logon.aspx?url=https%3a%2f%2fmail.contoso.test%2fEWS%2fExchange.asmx&reason=0",
     "sign-in page"),
])
def test_validate_and_the_engine_say_the_same_and_never_follow(hostile: Any, tmp_path: Path, status: int,
                                                              location: str, says: str,
                                                              capfd: pytest.CaptureFixture[str]) -> None:
    hostile.mode, hostile.redirect_status, hostile.location = "redirect", status, location
    hostile.seen.clear()
    with bounded(seconds=60, mib=150):
        rc, checks = validate_json(onprem_config(hostile, tmp_path, overrides=_overrides(hostile)), capfd)
    connect = checks["ews.connect"]
    assert rc == 1 and connect["status"] == "failed", connect
    assert "EWS URL redirects" in connect["summary"] and says in connect["summary"], connect["summary"]
    assert "exchange.ews_url" in connect["remedy"] or "without forms-based" in connect["remedy"], connect["remedy"]
    engine = asyncio.run(_engine_error(hostile))
    assert engine.kind == "redirect" and engine.message == connect["detail"], (engine.message, connect["detail"])
    assert hostile.seen and not _followed(hostile), "a redirect is never followed"
    assert not any(b"not-a-real-password-1" in r for r in hostile.seen)


@pytest.mark.integration
async def test_the_engine_reports_a_redirecting_ews_url(hostile: Any, tmp_path: Path) -> None:
    """The whole engine: every user has the status ``error`` with the redirect's target and what to do; the engine
    keeps running (the address may be fixed on the load balancer) and never follows the redirect."""
    from tests.security.engines import PASSWORD, engine_in_error

    hostile.mode, hostile.redirect_status = "redirect", 302
    hostile.location = f"https://{OTHER_HOST}/EWS/Exchange.asmx"
    hostile.seen.clear()
    async with engine_in_error(hostile, tmp_path / "state", overrides=_overrides(hostile)) as engine:
        (anna,) = engine.users.values()
        assert anna.detail.startswith("redirect: ") and f"https://{OTHER_HOST}/EWS/Exchange.asmx" in anna.detail
        assert "exchange.ews_url" in anna.detail, anna.detail
        assert not _followed(hostile) and not any(PASSWORD.encode() in r for r in hostile.seen)


@pytest.mark.integration
async def test_the_webhook_sink_never_follows_a_redirect(hostile: Any) -> None:
    """A 307/308 would re-post the presence records to wherever it points: refused, the target named."""
    from calwizard.engine.sinks import SinkError, WebhookSink

    hostile.mode, hostile.redirect_status = "redirect", 307
    hostile.location = f"https://{OTHER_HOST}/hook?token=abc"
    hostile.seen.clear()
    policy = HttpPolicy(ca_file=Path(hostile.ca_file), host_overrides=_overrides(hostile), timeout=4.0,
                        cache_dir=Path(hostile.ca_file).parent)
    sink = WebhookSink(hostile.url("/hook"), policy)
    try:
        with pytest.raises(SinkError) as info:
            await sink.deliver('{"pbx_name": "anna", "presence": "Busy: Board meeting"}', "key-1")
    finally:
        await sink.close()
    assert info.value.permanent and f"a redirect to https://{OTHER_HOST}/hook:" in str(info.value), info.value
    assert "token=abc" not in str(info.value)
    assert len(hostile.seen) == 1 and not _followed(hostile)


@pytest.mark.integration
async def test_graph_never_follows_a_link_elsewhere_with_the_token(hostile: Any) -> None:
    """``@odata.nextLink``/``@odata.deltaLink`` come from answers: one that points to another host is refused before
    anything is sent (the bearer token would go there); a link on Graph's own origin is followed."""
    from calwizard.exchange.graph import GraphClient, GraphUnreachable

    class Tokens:
        async def token(self, force: bool = False) -> str:
            return "not-a-real-graph-token"

    hostile.mode = "ews-ok"
    hostile.seen.clear()
    policy = HttpPolicy(ca_file=Path(hostile.ca_file), host_overrides=_overrides(hostile), timeout=4.0,
                        cache_dir=Path(hostile.ca_file).parent)
    client = GraphClient(policy, f"https://{EWS_HOST}/v1.0", Tokens(), use_batch=False)
    await client.open()
    try:
        for link in (f"https://{OTHER_HOST}/v1.0/users/anna/calendarView/delta?$deltatoken=x",
                     f"https://{EWS_HOST}:8443/v1.0/users", f"http://{EWS_HOST}/v1.0/users"):
            with pytest.raises(GraphUnreachable) as info:
                await client.get("anna@contoso.test", link)
            assert "not followed" in str(info.value) and info.value.error.remedy
        assert hostile.seen == []
        answer = await client.get("anna@contoso.test", f"https://{EWS_HOST}:443/v1.0/users?$top=1")
        assert answer.status == 200 and len(hostile.seen) == 1
    finally:
        await client.close()
    assert not any(b"not-a-real-graph-token" in r for r in hostile.seen if OTHER_HOST.encode() in r)
