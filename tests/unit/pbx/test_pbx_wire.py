"""AppWebsocket wire details: the SDK's AppLogin digest test vectors, the PBX address, PbxInfo, reconnect backoff."""

from __future__ import annotations

import pytest

from calwizard.pbx.appwebsocket import PbxInfo, login_digest, websocket_url
from calwizard.pbx.connection import backoff
from calwizard.sandbox.pbx import expected_digest

CHALLENGE = "0123456789abcdef"

# innovaphone SDK, "AppWebsocket", AppLogin: "Following examples can be used as test vectors"
SDK_VECTORS = [
    (dict(app="pbxadminapi", domain="", sip="", guid="", dn="", info=None),
     "a205299ed2ef2786c311e0be1b14db343f2cadd906a6ae7b564eee34bda5e9a1"),
    (dict(app="pbxadminapi", domain="", sip="", guid="", dn="", info={}),
     "57b23fe824b9222a7ac879597cb509bcdc865a1bfeb057d9d12118cef0c3ba34"),
    (dict(app="pbxadminapi", domain="", sip="", guid="", dn="", info={"cn": "Test User"}),
     "96db3c3f657230c2b68194becc6d2a77f05de9f79f01fc81e9ca0fb196b10d9d"),
    (dict(app="innovaphone-users", domain="example.com", sip="administrator",
          guid="0123456789abcdef0123456789abcdef", dn="Administrator User",
          info={"appobj": "users", "apps": [{"name": "users"}, {"name": "profile"}],
                "appurl": "https://1.2.3.4/example.com/usersapp/innovaphone-users", "unlicensed": True}),
     "ef1b811ffaa8f9255c39c653d8fb26b4687b2d8c4d9ac91b4821bff6bae3ff44"),
]


@pytest.mark.parametrize(("fields", "digest"), SDK_VECTORS)
def test_client_digest_matches_the_sdk_test_vectors(fields: dict, digest: str) -> None:
    f = dict(fields)
    info = f.pop("info")
    assert login_digest(challenge=CHALLENGE, password="pwd", info=info, **f) == digest


@pytest.mark.parametrize(("fields", "digest"), SDK_VECTORS)
def test_sandbox_pbx_digest_matches_the_sdk_test_vectors(fields: dict, digest: str) -> None:
    msg = {k: v for k, v in fields.items() if v is not None}
    assert expected_digest(msg, CHALLENGE, "pwd") == digest


def test_digest_depends_on_password_and_challenge() -> None:
    base = login_digest("calwizard", "", "", "", "", CHALLENGE, "pwd")
    assert login_digest("calwizard", "", "", "", "", CHALLENGE, "pwe") != base
    assert login_digest("calwizard", "", "", "", "", "0123456789abcdee", "pwd") != base


@pytest.mark.parametrize(("address", "url"), [
    ("pbx.example.com", "wss://pbx.example.com/PBX0/APPS/websocket"),
    ("pbx.example.com:8443", "wss://pbx.example.com:8443/PBX0/APPS/websocket"),
    ("https://pbx.example.com/", "wss://pbx.example.com/PBX0/APPS/websocket"),
    ("https://pbx.example.com/admin.xml", "wss://pbx.example.com/PBX0/APPS/websocket"),
    ("wss://pbx.example.com/PBX0/APPS/websocket", "wss://pbx.example.com/PBX0/APPS/websocket"),
    ("wss://10.0.0.5/PBX1/APPS/websocket", "wss://10.0.0.5/PBX1/APPS/websocket"),
    ("  pbx.example.com  ", "wss://pbx.example.com/PBX0/APPS/websocket"),
])
def test_websocket_url(address: str, url: str) -> None:
    assert websocket_url(address) == url


@pytest.mark.parametrize(("address", "words"), [
    ("http://pbx.example.com", "not encrypted"),
    ("ws://pbx.example.com/PBX0/APPS/websocket", "not encrypted"),
    ("ftp://pbx.example.com", "not a PBX address"),
    ("pbx example com", "not a PBX address"),
    ("pbx.example.com:99999", "not a PBX address"),
])
def test_websocket_url_refuses_clear_text_and_garbage(address: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        websocket_url(address)


def test_pbx_info_from_message() -> None:
    info = PbxInfo.from_message({"mt": "PbxInfo", "domain": "example.com", "pbx": "master", "pbxDns": "pbx.example.com",
                                 "apis": ["PbxApi", "PbxTableUsers"]})
    assert info == PbxInfo("master", "example.com", "pbx.example.com", ("PbxApi", "PbxTableUsers"))
    assert PbxInfo.from_message({"mt": "PbxInfo"}).apis is None


def test_backoff_doubles_to_the_cap_with_jitter() -> None:
    assert backoff(1, 1.0, 60.0, rng=lambda: 0.0) == 0.5
    assert backoff(1, 1.0, 60.0, rng=lambda: 0.999999) == pytest.approx(1.0, abs=1e-5)
    assert backoff(4, 1.0, 60.0, rng=lambda: 0.0) == 4.0
    assert backoff(20, 1.0, 60.0, rng=lambda: 0.0) == 30.0
    waits = {backoff(3, 1.0, 60.0) for _ in range(50)}
    assert len(waits) > 1 and all(2.0 <= w < 4.0 for w in waits)
