"""The engine's EWS wire layer against the sandbox: bearer tokens renewed on 401 and before expiry, NTLM
lanes, streaming."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from calwizard.checks.plan import make_context
from calwizard.engine.ews_backend import TokenSource
from calwizard.engine.ews_soap import SoapClient, Transport
from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox, data
from calwizard.secretrefs import make_fetcher
from calwizard.settings.model import Settings

pytestmark = pytest.mark.integration

RESOLVE = ('<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>{}</m:UnresolvedEntry>'
           "</m:ResolveNames>")


async def test_bearer_token_renewed_when_exchange_answers_401(engine_sandbox: Sandbox,
                                                              engine_policy: HttpPolicy) -> None:
    app = data.app_by_key("app-ok")
    now = int(time.time())
    expired = engine_sandbox.issue_access_token(data.FABRIKAM, data.OUTLOOK_RESOURCE, app=app, lifetime=60,
                                                issued_at=now - 3600)
    valid = engine_sandbox.issue_access_token(data.FABRIKAM, data.OUTLOOK_RESOURCE, app=app)
    asked: list[bool] = []

    async def token(force: bool) -> str:
        asked.append(force)
        return valid if force else expired

    client = SoapClient(Transport(engine_policy, data.CLOUD_EWS_URL, 2, token=token), "Exchange2016")
    try:
        [msg] = await client.call("ResolveNames", RESOLVE.format(data.FABRIKAM_BOB), impersonate=data.FABRIKAM_ALICE)
        assert msg.get("ResponseClass") == "Success"
        assert asked == [False, True], "one 401, then a forced renewal"
    finally:
        await client.close()


async def test_token_source_renews_before_expiry(app_only: Settings) -> None:
    tokens = TokenSource(make_context(app_only, make_fetcher(app_only)))
    first = await tokens.token()
    assert first == await tokens.token() and tokens.renewals == 0  # cached
    tokens._renew_at = 0.0  # the renewal time has come
    assert await tokens.token() and tokens.renewals == 0  # msal's cache still serves it: nothing to renew
    renewed = await tokens.token(force=True)
    assert renewed != first and tokens.renewals == 1


async def test_ntlm_lanes_and_streaming(engine_sandbox: Sandbox, engine_policy: HttpPolicy, tmp_path: Path) -> None:
    password = data.credential(data.CRED_CONTOSO_SVC_PASSWORD)
    transport = Transport(engine_policy, data.CONTOSO_EWS_URL, 2, ntlm=(data.CONTOSO_SVC_NTLM_USER, password))
    client = SoapClient(transport, "Exchange2016")
    try:
        for address in (data.CONTOSO_ANNA, data.CONTOSO_BEN, data.CONTOSO_ROOM):  # lanes are reused, trusted
            [msg] = await client.call("ResolveNames", RESOLVE.format(address), impersonate=None)
            assert msg.get("ResponseClass") == "Success"
        bad = SoapClient(Transport(engine_policy, data.CONTOSO_EWS_URL, 1,
                                   ntlm=(data.CONTOSO_SVC_NTLM_USER, "wrong")), "Exchange2016")
        with pytest.raises(Exception) as e:
            await bad.call("ResolveNames", RESOLVE.format(data.CONTOSO_ANNA), impersonate=None)
        assert getattr(e.value, "kind", "") == "unauthorized"
        await bad.close()
        # a stream of unknown subscriptions: the documented error answer, nothing streamed
        items = [i async for i in client.stream(data.CONTOSO_ANNA, ["bm90LWEtc3Vi"], 1)]
        assert [(i.kind, i.code, i.subscription_ids) for i in items] == [
            ("error", "ErrorSubscriptionNotFound", ("bm90LWEtc3Vi",))]
    finally:
        await client.close()
