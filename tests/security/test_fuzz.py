"""Property-based fuzzing (Hypothesis) of every parser of outside input: the settings loader, the bundle reader,
Autodiscover (POX, SOAP, v2 JSON), EWS SOAP and streaming, Microsoft Graph JSON, Entra errors and PBX messages.

Each input either parses or is refused with the parser's documented error — never another exception (a
traceback) — and stays within a time and memory bound per input (Hypothesis' deadline; tracemalloc's peak).
The example counts keep the whole file well under a minute on a loaded 2-core machine.
"""

from __future__ import annotations

import hashlib
import json
import re
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calwizard import bundle as bundle_mod
from calwizard.engine.backend import BackendError
from calwizard.errors import BundleError, ConfigError, UserFacingError
from calwizard.settings import Settings

MEMORY_BOUND = 64 * 1024 * 1024
FUZZ = settings(max_examples=100, deadline=timedelta(seconds=3), derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module", autouse=True)
def traced() -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


def within_memory(fn: Callable[[], Any]) -> Any:
    """Call ``fn`` and assert its allocation peak stays under :data:`MEMORY_BOUND`; re-raise what it raises."""
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    try:
        return fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1] - base
        assert peak < MEMORY_BOUND, f"one input took {peak / 2**20:.0f} MiB"


def refused_only(fn: Callable[[], Any], *allowed: type[BaseException]) -> Any:
    try:
        return within_memory(fn)
    except allowed:
        return None


# --------------------------------------------------------------------------- generic strategies

CONTROL = st.sampled_from(["\x00", "\x1b", "\u202e", "\n", "\t", "\ufeff", "\x7f", "\ud7ff", "💥"])
TEXT = st.one_of(st.text(max_size=40), st.builds(lambda a, c, b: a + c + b, st.text(max_size=10), CONTROL,
                                                   st.text(max_size=10)))
JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=True), TEXT)


def json_values(keys: list[str]) -> st.SearchStrategy[Any]:
    key = st.one_of(st.sampled_from(keys), st.text(max_size=8))
    return st.recursive(JSON_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                             st.dictionaries(key, inner, max_size=6)), max_leaves=25)


def mutations(sample: bytes) -> st.SearchStrategy[bytes]:
    """Flip, delete, insert, duplicate and truncate bytes of ``sample``."""
    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        buf = bytearray(sample)
        for _ in range(draw(st.integers(1, 4))):
            if not buf:
                break
            pos = draw(st.integers(0, len(buf) - 1))
            op = draw(st.sampled_from(["flip", "delete", "insert", "dup", "cut"]))
            if op == "flip":
                buf[pos] ^= 1 << draw(st.integers(0, 7))
            elif op == "delete":
                del buf[pos: pos + draw(st.integers(1, 16))]
            elif op == "insert":
                buf[pos:pos] = draw(st.binary(min_size=1, max_size=16))
            elif op == "dup":
                buf[pos:pos] = buf[pos: pos + draw(st.integers(1, 64))] * draw(st.integers(1, 50))
            else:
                del buf[pos:]
        return bytes(buf)

    return mutate()


def xml_documents(names: list[str]) -> st.SearchStrategy[bytes]:
    """Random XML trees over ``names`` (with and without namespaces), plus the classic attacks."""
    ns = st.sampled_from(["", "http://schemas.xmlsoap.org/soap/envelope/",
                          "http://schemas.microsoft.com/exchange/services/2006/messages",
                          "http://schemas.microsoft.com/exchange/services/2006/types",
                          "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a",
                          "http://schemas.microsoft.com/exchange/2010/Autodiscover"])

    def escape(text: str) -> str:
        return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .encode("utf-8", "surrogatepass").decode("utf-8", "replace"))

    leaf = st.tuples(st.sampled_from(names), ns, TEXT).map(
        lambda t: f'<{t[0]} xmlns="{t[1]}">{escape(t[2])}</{t[0]}>' if t[1] else f"<{t[0]}>{escape(t[2])}</{t[0]}>")
    tree = st.recursive(leaf, lambda kids: st.tuples(st.sampled_from(names), ns, st.lists(kids, max_size=4)).map(
        lambda t: (f'<{t[0]} xmlns="{t[1]}">' if t[1] else f"<{t[0]}>") + "".join(t[2]) + f"</{t[0]}>"),
        max_leaves=20)
    attacks = st.sampled_from([
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        '<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><a>&d;</a>',
        "<a>" * 5000 + "</a>" * 5000,
        '<?xml version="1.0" encoding="utf-16"?><a/>',
        "<a><![CDATA[<b>]]></a>",
    ])
    return st.one_of(tree.map(lambda x: ('<?xml version="1.0" encoding="utf-8"?>' + x).encode()),
                     attacks.map(str.encode), st.binary(max_size=200))


# --------------------------------------------------------------------------- settings loader

VALID_TOML = b"""schema_version = 1
[pbx]
master_pbx_name = "pbx1"
presence_timezone = "Europe/Berlin"
prioritized_words = ["vacation"]
[exchange]
sync_type = "cloud_app_only"
user = "svc@contoso.com"
client_id = "11111111-2222-3333-4444-555555555555"
tenant_id = "contoso.com"
client_secret = { store = "p/exchange.client_secret" }
host_overrides = { "outlook.office365.com" = "10.0.0.1:443" }
timeout_seconds = 20
[[mailboxes]]
pbx_name = "anna"
addresses = ["anna@contoso.com", "a@contoso.com"]
"""

SETTING_KEYS = ["pbx", "exchange", "mapping", "mailboxes", "schema_version", "sync_type", "user", "ews_url",
                "timeout_seconds", "host_overrides", "password", "store", "env", "sandbox", "pbx_name", "addresses",
                "custom_cloud", "authority_host", "redirect_uri", "max_subscriptions_per_connection", "address"]


@FUZZ
@given(raw=st.one_of(mutations(VALID_TOML), st.binary(max_size=300)))
def test_settings_loader_bytes(raw: bytes) -> None:
    from calwizard.settings.io import settings_from_bytes

    refused_only(lambda: settings_from_bytes(raw, source="fuzz.toml"), ConfigError)


@settings(FUZZ, max_examples=60)
@given(doc=st.dictionaries(st.sampled_from(SETTING_KEYS), json_values(SETTING_KEYS), max_size=6))
def test_settings_loader_documents(doc: dict[str, Any]) -> None:
    from calwizard.settings.io import migrate, settings_from_dict

    def load() -> Settings:
        return settings_from_dict(migrate(dict(doc)))

    result = refused_only(load, ConfigError)
    assert result is None or isinstance(result, Settings)


# --------------------------------------------------------------------------- bundle reader

PASS = "correct horse battery staple"


def _reframe(data: bytes) -> bytes:
    newline = data.find(b"\n")
    if newline < 0:
        return data
    m = re.match(rb"CALWIZARD-BUNDLE version=(\d{1,6}) writer=(\S{1,64}) ", data[:newline])
    if not m:
        return data
    rest = data[newline + 1:]
    digest = hashlib.sha256(rest).hexdigest()
    length = 0
    for _ in range(5):
        writer = m.group(2).decode("ascii", "replace").replace("\ufffd", "?")  # the header is ASCII
        header = bundle_mod._header(int(m.group(1)), writer, length, digest) + b"\n"
        if len(header) + len(rest) == length:
            break
        length = len(header) + len(rest)
    return header + rest


@pytest.fixture(scope="module")
def bundles() -> list[bytes]:
    s = Settings.model_validate({"pbx": {"master_pbx_name": "pbx1"}, "exchange": {
        "sync_type": "on_premises", "user": "svc@contoso.com", "password": {"store": "p/exchange.password"}},
        "mailboxes": [{"pbx_name": "anna", "addresses": "anna@contoso.com"}]})
    report = [{"id": "inputs", "status": "ok", "summary": "s", "detail": "", "remedy": "", "evidence": {}}]
    return [bundle_mod.encode_bundle(s, {"password": "pw-1"}, PASS, report, scrypt_n=2**10),
            bundle_mod.encode_bundle(s, None, None, report)]


@FUZZ
@given(data=st.data())
def test_bundle_reader(bundles: list[bytes], data: st.DataObject) -> None:
    sample = data.draw(st.sampled_from(bundles))
    raw = data.draw(st.one_of(mutations(sample), mutations(sample).map(_reframe), st.binary(max_size=200)))
    refused_only(lambda: bundle_mod.parse_bundle(raw, PASS), BundleError)


# --------------------------------------------------------------------------- Autodiscover

AUTODISCOVER_NAMES = ["Autodiscover", "Response", "Account", "Action", "Protocol", "Type", "EwsUrl", "ASUrl",
                      "ServerVersion", "Error", "ErrorCode", "Message", "RedirectAddr", "RedirectUrl", "User",
                      "DisplayName", "Envelope", "Body", "Fault", "faultstring", "GetUserSettingsResponseMessage",
                      "UserResponses", "UserResponse", "UserSettings", "UserSetting", "Name", "Value",
                      "RedirectTarget", "ErrorMessage"]
POX_SAMPLE = (b'<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/'
              b'autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/'
              b'outlook/responseschema/2006a"><User><DisplayName>Anna</DisplayName></User><Account><Action>settings'
              b'</Action><Protocol><Type>EXCH</Type><EwsUrl>https://mail.contoso.com/EWS/Exchange.asmx</EwsUrl>'
              b'<ServerVersion>73C18880</ServerVersion></Protocol></Account></Response></Autodiscover>')


@FUZZ
@given(raw=st.one_of(xml_documents(AUTODISCOVER_NAMES), mutations(POX_SAMPLE)))
def test_autodiscover_pox_and_soap(raw: bytes) -> None:
    from calwizard.exchange import autodiscover as ad

    for parse in (ad.parse_pox_response, ad.parse_soap_response):
        refused_only(lambda p=parse: p(raw, "https://autodiscover.contoso.com/x", "anna@contoso.com"),
                     UserFacingError, ad._Redirect)


@FUZZ
@given(status=st.sampled_from([200, 302, 404, 500]), data=json_values(["Protocol", "Url", "ErrorCode"]))
def test_autodiscover_v2_json(status: int, data: Any) -> None:
    from calwizard.exchange.autodiscover import parse_v2_response

    url = refused_only(lambda: parse_v2_response(status, data, "https://outlook.office365.com/x"), UserFacingError)
    assert url is None or (isinstance(url, str) and url.startswith(("https://", "http://")))


# --------------------------------------------------------------------------- EWS SOAP and streaming

EWS_NAMES = ["Envelope", "Header", "Body", "Fault", "faultcode", "faultstring", "detail", "ResponseCode", "Message",
             "ResolveNamesResponse", "ResponseMessages", "ResolveNamesResponseMessage", "FindItemResponseMessage",
             "MessageText", "MessageXml", "Value", "RootFolder", "Items", "CalendarItem", "Subject", "Start", "End",
             "GetStreamingEventsResponseMessage", "Notifications", "Notification", "SubscriptionId",
             "CreatedEvent", "ConnectionStatus", "ErrorSubscriptionIds", "ServerVersionInfo"]
STREAM_SAMPLE = (b'<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><m:GetStreamingEventsResponse '
                 b'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.'
                 b'microsoft.com/exchange/services/2006/types"><m:ResponseMessages>'
                 b'<m:GetStreamingEventsResponseMessage '
                 b'ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Notifications><m:Notification>'
                 b'<t:SubscriptionId>abc</t:SubscriptionId><t:CreatedEvent/></m:Notification></m:Notifications>'
                 b'<m:ConnectionStatus>OK</m:ConnectionStatus></m:GetStreamingEventsResponseMessage>'
                 b'</m:ResponseMessages></m:GetStreamingEventsResponse></Body></Envelope>')


@FUZZ
@given(raw=st.one_of(xml_documents(EWS_NAMES), mutations(STREAM_SAMPLE)))
def test_ews_soap_and_streaming(raw: bytes) -> None:
    from calwizard.engine import ews_soap

    def parse() -> None:
        body = ews_soap.parse_body(raw)
        for msg in ews_soap.response_messages(body):
            ews_soap.message_error(msg)

    refused_only(parse, BackendError)
    refused_only(lambda: ews_soap.stream_items(raw), BackendError)


@FUZZ
@given(status=st.integers(100, 599), content=st.binary(max_size=64),
       headers=st.dictionaries(st.sampled_from(["Retry-After", "x-ms-diagnostics", "X"]), TEXT, max_size=3))
def test_ews_http_status(status: int, content: bytes, headers: dict[str, str]) -> None:
    from calwizard.engine import ews_soap

    err = within_memory(lambda: ews_soap.http_error(status, headers, content))
    assert err is None or isinstance(err, BackendError)


# --------------------------------------------------------------------------- Microsoft Graph JSON

GRAPH_KEYS = ["value", "@odata.nextLink", "@odata.deltaLink", "responses", "id", "status", "headers", "body",
              "Retry-After", "error", "code", "message", "start", "end", "dateTime", "timeZone", "subject", "showAs",
              "isAllDay", "sensitivity", "organizer", "emailAddress", "address", "@removed"]


@FUZZ
@given(body=json_values(GRAPH_KEYS), count=st.integers(0, 20))
def test_graph_pages_batches_and_errors(body: Any, count: int) -> None:
    from calwizard.engine.graph_backend import answer_error, appointment_from_event, page_of
    from calwizard.exchange.graph import Answer, batch_answers

    events, next_link, _delta = within_memory(lambda: page_of(body))
    assert next_link is None or next_link.startswith("https://")
    for event in [*events, body if isinstance(body, dict) else {}]:
        within_memory(lambda e=event: appointment_from_event(e, ZoneInfo("Europe/Berlin")))
    answers = within_memory(lambda: batch_answers(body, count))
    assert len(answers) == count and all(100 <= a.status <= 599 for a in answers)
    answer = Answer(403, body if isinstance(body, dict) else {})
    assert isinstance(answer_error(answer, "calendar of x"), BackendError)


# --------------------------------------------------------------------------- Entra errors and tokens

ENTRA_KEYS = ["error", "error_description", "error_codes", "timestamp", "trace_id", "correlation_id", "suberror",
              "access_token", "expires_in"]


@FUZZ
@given(result=st.dictionaries(st.sampled_from(ENTRA_KEYS), json_values(ENTRA_KEYS), max_size=5),
       description=st.builds(lambda n, t: "AADSTS" + "7" * n + ": " + t, st.integers(1, 6000), st.text(max_size=20)),
       token=st.text(max_size=200))
def test_entra_errors_and_claims(result: dict[str, Any], description: str, token: str) -> None:
    from calwizard.exchange import entra

    for r in (result, {**result, "error_description": description}):
        err = within_memory(lambda r=r: entra.explain_token_error(r, field="exchange.client_secret"))
        assert isinstance(err, UserFacingError) and err.remedy
    assert isinstance(within_memory(lambda: entra.decode_claims(token)), dict)


# --------------------------------------------------------------------------- PBX messages

PBX_KEYS = ["mt", "api", "src", "challenge", "ok", "pbx", "domain", "pbxDns", "apis", "columns", "guid", "h323", "cn",
            "dn", "e164", "emails", "email", "grps", "name", "presence", "contact", "activity", "note", "status",
            "error", "errorText"]


@FUZZ
@given(value=json_values(PBX_KEYS), raw=st.one_of(st.text(max_size=100), st.just("[" * 100_000 + "]" * 100_000)))
def test_pbx_messages(value: Any, raw: str) -> None:
    from calwizard.pbx import appwebsocket
    from calwizard.pbx.presence import PresenceEntry
    from calwizard.pbx.users import PbxUser

    for text in (raw, json.dumps(value)):
        msg = within_memory(lambda t=text: appwebsocket._decode(t))
        assert msg is None or isinstance(msg.get("mt"), str)
    if isinstance(value, dict):
        within_memory(lambda: appwebsocket.PbxInfo.from_message(value))
    within_memory(lambda: PbxUser.from_columns(value))
    within_memory(lambda: PresenceEntry.from_json(value))
