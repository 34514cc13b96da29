"""The AppWebsocket client against the sandbox PBX over real WSS on loopback: login (and the SDK's published
AppLogin examples, sent verbatim), replication with live changes, presence, every error a technician meets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from calwizard.errors import NetworkError, PbxError, TlsError
from calwizard.exchange.http import HttpPolicy
from calwizard.pbx.appwebsocket import AppWebsocket, websocket_url
from calwizard.pbx.connection import PbxConnection
from calwizard.pbx.presence import CONTACT, calwizard_entry, set_presence, subscribe_presence
from calwizard.pbx.users import UserDirectory, UserFilter, replicate_users
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient

pytestmark = pytest.mark.integration

PASSWORD = data.credential(data.CRED_PBX_APP_PASSWORD)
URL = websocket_url(data.PBX_HOST)


@pytest.fixture(scope="module")
def control(sandbox_policy: HttpPolicy) -> Iterator[ControlClient]:
    client = ControlClient(sandbox_policy)
    yield client
    client.close()


async def _ctl(fn, *args, **kw):  # type: ignore[no-untyped-def]
    return await asyncio.to_thread(fn, *args, **kw)


@pytest.mark.parametrize("example", [
    {"app": "pbxadminapi", "digest": "a205299ed2ef2786c311e0be1b14db343f2cadd906a6ae7b564eee34bda5e9a1", "dn": "",
     "domain": "", "guid": "", "mt": "AppLogin", "sip": ""},
    {"app": "pbxadminapi", "digest": "57b23fe824b9222a7ac879597cb509bcdc865a1bfeb057d9d12118cef0c3ba34", "dn": "",
     "domain": "", "guid": "", "info": {}, "mt": "AppLogin", "sip": ""},
    {"app": "pbxadminapi", "digest": "96db3c3f657230c2b68194becc6d2a77f05de9f79f01fc81e9ca0fb196b10d9d", "dn": "",
     "domain": "", "guid": "", "info": {"cn": "Test User"}, "mt": "AppLogin", "sip": ""},
    {"app": "innovaphone-users", "digest": "ef1b811ffaa8f9255c39c653d8fb26b4687b2d8c4d9ac91b4821bff6bae3ff44",
     "dn": "Administrator User", "domain": "example.com", "guid": "0123456789abcdef0123456789abcdef",
     "info": {"appobj": "users", "apps": [{"name": "users"}, {"name": "profile"}],
              "appurl": "https://1.2.3.4/example.com/usersapp/innovaphone-users", "unlicensed": True},
     "mt": "AppLogin", "pbxObj": "users", "sip": "administrator"},
])
async def test_the_sdk_applogin_examples_log_in_to_the_sandbox_pbx(sandbox: Sandbox, sandbox_policy: HttpPolicy,
                                                                   example: dict) -> None:
    """The SDK's examples (challenge 0123456789abcdef, password "pwd"), sent byte for byte as published."""
    sandbox._call_in_loop(lambda: setattr(sandbox.pbx, "fixed_challenge", "0123456789abcdef"))
    try:
        async with sandbox_policy.aiohttp_session() as session, session.ws_connect(URL) as ws:
            await ws.send_str(json.dumps({"mt": "AppChallenge"}))
            assert (await ws.receive_json())["challenge"] == "0123456789abcdef"
            await ws.send_str(json.dumps(example))
            assert await ws.receive_json() == {"mt": "AppLoginResult", "ok": True}
            info = await ws.receive_json()
            assert info["mt"] == "PbxInfo" and info["pbx"] == data.PBX_NAME
            tampered = dict(example, digest="0" * 64)
            await ws.send_str(json.dumps({"mt": "AppChallenge"}))
            await ws.receive_json()
            await ws.send_str(json.dumps(tampered))
            assert await ws.receive_json() == {"mt": "AppLoginResult"}, "no ok: a wrong digest is refused"
    finally:
        sandbox._call_in_loop(lambda: setattr(sandbox.pbx, "fixed_challenge", None))


async def test_login_pbx_info_and_presence_like_a_pbx_client(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    ws = await AppWebsocket.open(URL, sandbox_policy, data.PBX_APP, PASSWORD, timeout=10)
    try:
        assert (ws.info.pbx, ws.info.domain, ws.info.apis) == (data.PBX_NAME, data.PBX_DOMAIN,
                                                               ("PbxApi", "PbxTableUsers"))
        seen: list[list] = []
        await subscribe_presence(ws, "room-1", seen.append)
        await set_presence(ws, "room-1", "dnd", "Do not disturb until 10:00 #busy")
        await set_presence(ws, "room-1", "", "")
        while len(seen) < 3:
            await asyncio.sleep(0.01)
        assert calwizard_entry(seen[1]) is not None and calwizard_entry(seen[1]).activity == "dnd"
        assert seen[1][0].contact == CONTACT, "the newest entry first"
        assert calwizard_entry(seen[2]) is None, "an empty activity and note clear calwizard's entry"
        with pytest.raises(PbxError) as err:
            await set_presence(ws, "nobody-here", "busy", "x")
        assert err.value.kind == "rejected"
    finally:
        await ws.close()


async def test_replication_with_pushed_changes(sandbox: Sandbox, sandbox_policy: HttpPolicy,
                                               control: ControlClient) -> None:
    ws = await AppWebsocket.open(URL, sandbox_policy, data.PBX_APP, PASSWORD, timeout=10)
    changes: list = []
    directory = UserDirectory(UserFilter.parse("group:calendar"), changes.extend)
    try:
        await directory.on_connect(ws)
        assert {u.h323 for u in directory.users.values()} == {"anna", "ben", "room-1", "ghost"}
        assert directory.total == 5, "App objects and waiting queues are not users (pseudo filter)"
        changes.clear()
        await _ctl(control.pbx_add_user, "dora", emails=["dora@contoso.test"], groups=["calendar"])
        await _ctl(control.pbx_change_user, "ghost", groups=[])
        await _ctl(control.pbx_change_user, "dora", emails=["d.ora@contoso.test"])
        await _ctl(control.pbx_remove_user, "dora")
        while len(changes) < 4:
            await asyncio.sleep(0.01)
        assert [(k, u.h323) for k, u in changes] == [("add", "dora"), ("del", "ghost"), ("update", "dora"),
                                                     ("del", "dora")]
        assert changes[2][1].emails == ("d.ora@contoso.test",)
    finally:
        await ws.close()
        await _ctl(control.pbx_change_user, "ghost", groups=["calendar"])
        if any(u["h323"] == "dora" for u in await _ctl(control.pbx_users)):
            await _ctl(control.pbx_remove_user, "dora")


async def test_login_errors_a_technician_meets(sandbox: Sandbox, sandbox_policy: HttpPolicy, tmp_path: Path) -> None:
    with pytest.raises(PbxError) as err:
        await AppWebsocket.open(URL, sandbox_policy, data.PBX_APP, "wrong", timeout=10)
    assert err.value.kind == "login_rejected" and "PBX > Objects" in (err.value.remedy or "")
    assert "wrong" not in str(err.value)
    with pytest.raises(PbxError) as err:
        await AppWebsocket.open(URL, sandbox_policy, "no-such-app", PASSWORD, timeout=10)
    assert err.value.kind == "login_rejected", "an unknown App object gets the same answer"
    ws = await AppWebsocket.open(URL, sandbox_policy, data.PBX_APP_USERS_ONLY, PASSWORD, timeout=10)
    try:
        with pytest.raises(PbxError) as err:
            await set_presence(ws, "anna", "busy", "x")
        assert err.value.kind == "api_disabled" and "tick 'PbxApi'" in (err.value.remedy or "")
        assert len(await replicate_users(ws)) == 5
    finally:
        await ws.close()
    with pytest.raises(PbxError) as err:
        await AppWebsocket.open(websocket_url(data.OUTLOOK_HOST), sandbox_policy, data.PBX_APP, PASSWORD, timeout=10)
    assert err.value.kind == "not_a_pbx" and err.value.field == "pbx.address"
    no_ca = HttpPolicy(host_overrides=sandbox.host_overrides, timeout=10, cache_dir=tmp_path)
    with pytest.raises(TlsError) as tls:
        await AppWebsocket.open(URL, no_ca, data.PBX_APP, PASSWORD, timeout=10)
    assert "exchange.ca_file" in (tls.value.remedy or "")
    closed = HttpPolicy(ca_file=sandbox.ca_file, host_overrides={f"{data.PBX_HOST}:443": "127.0.0.1:1"}, timeout=5,
                        cache_dir=tmp_path)
    with pytest.raises(NetworkError) as net:
        await AppWebsocket.open(URL, closed, data.PBX_APP, PASSWORD, timeout=5)
    assert "refused" in net.value.message
    with pytest.raises(NetworkError) as slow:
        await AppWebsocket.open(websocket_url(data.SLOW_HOST), sandbox_policy, data.PBX_APP, PASSWORD, timeout=1)
    assert "did not answer in time" in slow.value.message


async def test_connection_refuses_another_pbx_and_reconnects_after_a_drop(
        sandbox: Sandbox, sandbox_policy: HttpPolicy, control: ControlClient) -> None:
    wrong = PbxConnection(data.PBX_BRANCH_HOST, data.PBX_APP, PASSWORD, data.PBX_NAME, sandbox_policy, timeout=10)
    with pytest.raises(PbxError) as err:
        await wrong.start()
    assert err.value.kind == "wrong_pbx" and "'branch-pbx'" in err.value.message
    connects: list[str] = []

    async def hook(ws: AppWebsocket) -> None:
        connects.append(ws.info.pbx)

    conn = PbxConnection(data.PBX_HOST, data.PBX_APP, PASSWORD, data.PBX_NAME, sandbox_policy, timeout=10,
                         backoff_first=0.05, on_connect=[hook])
    await conn.start()
    try:
        assert conn.ws is not None and connects == [data.PBX_NAME]
        await _ctl(control.pbx_drop)
        ws = await conn.wait_up(timeout=10)
        while len(connects) < 2:
            await asyncio.sleep(0.01)
        assert conn.connects == 2 and ws.info.pbx == data.PBX_NAME
        assert conn.status()["connected"] is True
    finally:
        await conn.close()
    assert conn.ws is None


async def test_unknown_messages_are_dropped_and_a_closed_connection_says_so(sandbox_policy: HttpPolicy) -> None:
    ws = await AppWebsocket.open(URL, sandbox_policy, data.PBX_APP, PASSWORD, timeout=10)
    try:
        ws._dispatch({"mt": "Unknown", "src": "nobody"})  # unknown messages are logged and dropped
        assert not ws.closed.is_set()
        answer = await ws.request("PbxApi", "GetNodeInfo", timeout=5)
        assert answer["name"] == "root"
    finally:
        await ws.close()
    assert ws.closed.is_set()
    with pytest.raises(PbxError) as err:
        await ws.request("PbxApi", "GetNodeInfo", timeout=1)
    assert err.value.kind == "closed"
