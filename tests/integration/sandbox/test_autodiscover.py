"""Autodiscover of the sandbox: POX, SOAP (with exchangelib's own client), v2 JSON and the redirects."""

from __future__ import annotations

import defusedxml.ElementTree as SafeET
import pytest
from exchangelib import NTLM, OAUTH2, Configuration, Credentials, OAuth2AuthorizationCodeCredentials
from exchangelib.autodiscover.protocol import AutodiscoverProtocol
from requests_ntlm import HttpNtlmAuth
from sandbox_helpers import app_token

from calwizard.exchange.http import HttpPolicy, install_exchangelib_policy
from calwizard.sandbox import data

pytestmark = pytest.mark.integration

POX_REQ = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">'
    "<Request><EMailAddress>{email}</EMailAddress><AcceptableResponseSchema>"
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
    "</AcceptableResponseSchema></Request></Autodiscover>"
)
R = "{http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006}"
A = "{http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a}"
SVC_PASSWORD = data.credential(data.CRED_CONTOSO_SVC_PASSWORD)


def pox(policy: HttpPolicy, url: str, email: str, auth=None, headers=None):
    s = policy.requests_session()
    return s.post(
        url,
        data=POX_REQ.format(email=email).encode(),
        auth=auth,
        headers={"Content-Type": "text/xml; charset=utf-8", **(headers or {})},
        allow_redirects=False,
    )


def ews_urls(xml: bytes) -> dict[str, str]:
    root = SafeET.fromstring(xml)
    return {p.findtext(f"{A}Type"): p.findtext(f"{A}EwsUrl") for p in root.iter(f"{A}Protocol")}


@pytest.mark.parametrize("host", [data.CONTOSO_AUTODISCOVER_HOST, data.CONTOSO_MAIL_HOST])
def test_pox_onprem_with_ntlm(sandbox_policy: HttpPolicy, host: str) -> None:
    url = f"https://{host}/autodiscover/autodiscover.xml"
    assert pox(sandbox_policy, url, data.CONTOSO_ANNA).status_code == 401
    r = pox(
        sandbox_policy, url, data.CONTOSO_ANNA_SECONDARY, auth=HttpNtlmAuth(data.CONTOSO_SVC_NTLM_USER, SVC_PASSWORD)
    )
    assert r.status_code == 200
    assert ews_urls(r.content) == {"EXCH": data.CONTOSO_INTERNAL_EWS_URL, "EXPR": data.CONTOSO_EWS_URL}
    assert SafeET.fromstring(r.content).findtext(f".//{A}AutoDiscoverSMTPAddress") == data.CONTOSO_ANNA


def test_pox_unknown_address_is_error_500(sandbox_policy: HttpPolicy) -> None:
    url = data.CONTOSO_AUTODISCOVER_XML_URL
    r = pox(sandbox_policy, url, data.CONTOSO_UNKNOWN, auth=HttpNtlmAuth(data.CONTOSO_SVC_NTLM_USER, SVC_PASSWORD))
    assert r.status_code == 200
    assert SafeET.fromstring(r.content).findtext(f"{R}Response/{R}Error/{R}ErrorCode") == "500"


def test_pox_wrong_password(sandbox_policy: HttpPolicy) -> None:
    r = pox(
        sandbox_policy,
        data.CONTOSO_AUTODISCOVER_XML_URL,
        data.CONTOSO_ANNA,
        auth=HttpNtlmAuth(data.CONTOSO_SVC_NTLM_USER, "wrong"),
    )
    assert r.status_code == 401


def test_slow_test_users_on_autodiscover_slow_test(sandbox_policy: HttpPolicy) -> None:
    r = pox(
        sandbox_policy,
        f"https://{data.SLOW_AUTODISCOVER_HOST}/autodiscover/autodiscover.xml",
        data.CONTOSO_OPS_SLOW,
        auth=HttpNtlmAuth(data.CONTOSO_SVC_NTLM_USER, SVC_PASSWORD),
    )
    assert ews_urls(r.content)["EXPR"] == data.CONTOSO_EWS_URL


def test_pox_cloud_with_bearer(sandbox_policy: HttpPolicy) -> None:
    token = app_token(sandbox_policy, data.APP_OK_CLIENT_ID, data.CRED_APP_OK_SECRET)["access_token"]
    assert pox(sandbox_policy, data.CLOUD_AUTODISCOVER_XML_URL, data.FABRIKAM_ALICE).status_code == 401
    r = pox(
        sandbox_policy,
        data.CLOUD_AUTODISCOVER_XML_URL,
        data.FABRIKAM_ALICE,
        headers={"Authorization": f"Bearer {token}"},
    )
    assert ews_urls(r.content) == {"EXCH": data.CLOUD_EWS_URL, "EXPR": data.CLOUD_EWS_URL}


def test_soap_get_user_settings_onprem_with_exchangelib(sandbox_policy: HttpPolicy) -> None:
    install_exchangelib_policy(sandbox_policy)
    protocol = AutodiscoverProtocol(
        config=Configuration(
            service_endpoint=f"https://{data.CONTOSO_AUTODISCOVER_HOST}/autodiscover/autodiscover.svc",
            credentials=Credentials(data.CONTOSO_SVC_NTLM_USER, SVC_PASSWORD),
            auth_type=NTLM,
        )
    )
    response = protocol.get_user_settings(user=data.CONTOSO_ANNA)
    assert response.error_code is None or response.error_code == "NoError"
    assert response.ews_url == data.CONTOSO_EWS_URL
    assert response.user_settings["internal_ews_url"] == data.CONTOSO_INTERNAL_EWS_URL
    assert response.user_settings["user_display_name"] == "Anna Schmidt"
    assert response.user_settings["cas_version"] == "15.2.1544.4"
    assert response.version.api_version == "Exchange2016"
    assert response.autodiscover_smtp_address == data.CONTOSO_ANNA
    unknown = protocol.get_user_settings(user=data.CONTOSO_UNKNOWN)
    assert unknown.error_code == "InvalidUser"


def test_soap_get_user_settings_cloud_with_exchangelib(sandbox_policy: HttpPolicy) -> None:
    install_exchangelib_policy(sandbox_policy)
    token = app_token(sandbox_policy, data.APP_OK_CLIENT_ID, data.CRED_APP_OK_SECRET)
    protocol = AutodiscoverProtocol(
        config=Configuration(
            service_endpoint=data.CLOUD_AUTODISCOVER_SVC_URL,
            credentials=OAuth2AuthorizationCodeCredentials(access_token=token),
            auth_type=OAUTH2,
        )
    )
    response = protocol.get_user_settings(user=data.FABRIKAM_BOB)
    assert response.ews_url == data.CLOUD_EWS_URL
    assert response.user_settings["user_ms_online"] == "True"


async def test_v2_json(sandbox_policy: HttpPolicy) -> None:
    base = f"https://{data.OUTLOOK_HOST}/autodiscover/autodiscover.json/v1.0"
    async with sandbox_policy.aiohttp_session() as s:
        async with s.get(f"{base}/{data.FABRIKAM_ALICE}", params={"Protocol": "EWS"}) as r:
            assert await r.json() == {"Protocol": "EWS", "Url": data.CLOUD_EWS_URL}
        async with s.get(f"{base}/{data.FABRIKAM_ALICE}", params={"Protocol": "AutodiscoverV1"}) as r:
            assert await r.json() == {"Protocol": "AutodiscoverV1", "Url": data.CLOUD_AUTODISCOVER_XML_URL}
        async with s.get(f"{base}/{data.FABRIKAM_ALICE}", params={"Protocol": "Nope"}) as r:
            assert r.status == 400 and (await r.json())["ErrorCode"] == "InvalidProtocol"
        async with s.get(f"{base}/{data.CONTOSO_ANNA}", params={"Protocol": "EWS"}) as r:
            assert r.status == 404


async def test_redirects_and_website(sandbox_policy: HttpPolicy) -> None:
    async with sandbox_policy.aiohttp_session() as s:
        async with s.get(
            f"http://{data.CONTOSO_AUTODISCOVER_HOST}/autodiscover/autodiscover.xml", allow_redirects=False
        ) as r:
            assert r.status == 302 and r.headers["Location"] == data.CONTOSO_AUTODISCOVER_XML_URL
        async with s.post(
            f"https://{data.FABRIKAM_AUTODISCOVER_HOST}/autodiscover/autodiscover.xml",
            data=b"<x/>",
            allow_redirects=False,
        ) as r:
            assert r.status == 302 and r.headers["Location"] == data.CLOUD_AUTODISCOVER_XML_URL
        async with s.post(f"https://{data.CONTOSO_WEB_HOST}/autodiscover/autodiscover.xml", data=b"<x/>") as r:
            assert r.status == 404
        async with s.get(f"https://{data.CONTOSO_WEB_HOST}/") as r:
            assert r.status == 200
        async with s.get(f"https://{data.GRAPH_HOST}/v1.0/users") as r:
            assert r.status == 401  # Graph (sandbox/graph.py) wants a bearer token
