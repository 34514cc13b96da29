"""The engine's EWS wire layer: envelopes, faults, response codes, streaming envelopes, hostile XML."""

from __future__ import annotations

import pytest

from calwizard.engine.backend import BackendError
from calwizard.engine.ews_soap import (
    envelope,
    error_for_code,
    http_error,
    message_error,
    parse_body,
    response_messages,
    stream_items,
)

NS = ('xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" '
      'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" '
      'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"')


def _env(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?><s:Envelope {NS}><s:Body>{body}</s:Body></s:Envelope>'.encode()


def test_envelope_escapes_and_impersonates() -> None:
    doc = envelope("<m:X/>", "Exchange2016", "o'brien&co@x.test").decode()
    assert '<t:RequestServerVersion Version="Exchange2016"/>' in doc
    assert "<t:SmtpAddress>o'brien&amp;co@x.test</t:SmtpAddress>" in doc
    assert "ExchangeImpersonation" not in envelope("<m:X/>", "Exchange2016", None).decode()
    parse_body(doc.encode())  # well-formed


def test_fault_with_back_off_is_server_busy() -> None:
    fault = _env(
        '<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy'
        "</faultcode><faultstring>busy</faultstring><detail>"
        '<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy'
        '</e:ResponseCode><e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">busy'
        '</e:Message><t:MessageXml><t:Value Name="BackOffMilliseconds">1500</t:Value></t:MessageXml></detail>'
        "</s:Fault>")
    with pytest.raises(BackendError) as e:
        response_messages(parse_body(fault))
    assert e.value.kind == "server_busy" and e.value.back_off == 1.5


def test_exchange_onlines_max_concurrency_fault_is_a_concurrency_limit() -> None:
    """ErrorExceededConnectionCount with MessageXml Policy MaxConcurrency (as Exchange Online sends it for
    EWSMaxConcurrency, "EWS throttling in Exchange" table 3) is 'wait, then send again'; the same code answering
    GetStreamingEvents without naming the policy is the streaming connection limit."""
    fault = (
        '<s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">'
        "a:ErrorExceededConnectionCount</faultcode><faultstring>refused</faultstring><detail>"
        '<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">'
        "ErrorExceededConnectionCount</e:ResponseCode>"
        '<e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">You have exceeded the '
        "available concurrent connections for your account.  Try again once your other requests have completed."
        '</e:Message><t:MessageXml><t:Value Name="Policy">MaxConcurrency</t:Value>'
        '<t:Value Name="MaxConcurrencyLimit">27</t:Value><t:Value Name="ErrorMessage">This operation exceeds the '
        "throttling budget for policy part 'MaxConcurrency', policy value '27',  Budget type: 'Ews'.  Suggested "
        "backoff time 0 ms.</t:Value></t:MessageXml></detail></s:Fault>")
    with pytest.raises(BackendError) as e:
        response_messages(parse_body(_env(fault)))
    assert (e.value.kind, e.value.code) == ("concurrency_limit", "ErrorExceededConnectionCount")
    without_policy = fault.replace('<t:Value Name="Policy">MaxConcurrency</t:Value>', "")
    with pytest.raises(BackendError) as e:
        response_messages(parse_body(_env(without_policy)), streaming=True)
    assert e.value.kind == "connection_limit"


@pytest.mark.parametrize(("code", "kind"), [
    ("ErrorImpersonateUserDenied", "impersonation_denied"),
    ("ErrorNonExistentMailbox", "not_found"),
    ("ErrorAccessDenied", "access_denied"),
    ("ErrorTooManyObjectsOpened", "throttled"),
    ("ErrorExceededSubscriptionCount", "subscription_limit"),
    ("ErrorExceededConnectionCount", "connection_limit"),
    ("ErrorMailboxMoveInProgress", "mailbox_moving"),
    ("ErrorMailboxStoreUnavailable", "mailbox_unavailable"),
    ("ErrorSomethingNew", "other"),
])
def test_response_codes_are_classified(code: str, kind: str) -> None:
    assert error_for_code(code, "text").kind == kind
    msg = response_messages(parse_body(_env(
        f'<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Error"><m:MessageText>no'
        f"</m:MessageText><m:ResponseCode>{code}</m:ResponseCode></m:FindItemResponseMessage></m:ResponseMessages>"
        "</m:FindItemResponse>")))[0]
    err = message_error(msg)
    assert err is not None and err.kind == kind


def test_http_errors() -> None:
    assert http_error(200, {}, b"") is None
    assert http_error(500, {}, b"<s:Envelope/>") is None  # a SOAP fault: parsed instead
    assert http_error(401, {"x-ms-diagnostics": "2000008;reason=x"}, b"").kind == "unauthorized"  # type: ignore[union-attr]
    assert http_error(403, {}, b"").kind == "ews_blocked"  # type: ignore[union-attr]
    busy = http_error(503, {"Retry-After": "7"}, b"")
    assert busy is not None and (busy.kind, busy.back_off) == ("server_busy", 7.0)


def test_stream_items() -> None:
    ok = _env('<m:GetStreamingEventsResponse><m:ResponseMessages><m:GetStreamingEventsResponseMessage '
              'ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:ConnectionStatus>OK'
              "</m:ConnectionStatus></m:GetStreamingEventsResponseMessage></m:ResponseMessages>"
              "</m:GetStreamingEventsResponse>")
    assert [(i.kind, i.value) for i in stream_items(ok)] == [("status", "OK")]
    note = _env('<m:GetStreamingEventsResponse><m:ResponseMessages><m:GetStreamingEventsResponseMessage '
                'ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Notifications><m:Notification>'
                "<t:SubscriptionId>S1</t:SubscriptionId><t:CreatedEvent><t:TimeStamp>2030-01-01T00:00:00Z"
                '</t:TimeStamp><t:ItemId Id="I"/></t:CreatedEvent><t:ModifiedEvent><t:TimeStamp>2030-01-01T00:00:00Z'
                '</t:TimeStamp><t:FolderId Id="F"/></t:ModifiedEvent></m:Notification></m:Notifications>'
                "</m:GetStreamingEventsResponseMessage></m:ResponseMessages></m:GetStreamingEventsResponse>")
    [item] = stream_items(note)
    assert (item.kind, item.subscription_id, item.events) == ("notification", "S1", ("CreatedEvent", "ModifiedEvent"))
    error = _env('<m:GetStreamingEventsResponse><m:ResponseMessages><m:GetStreamingEventsResponseMessage '
                 'ResponseClass="Error"><m:MessageText>gone</m:MessageText><m:ResponseCode>ErrorInvalidSubscription'
                 "</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey><m:ErrorSubscriptionIds>"
                 "<t:SubscriptionId>S1</t:SubscriptionId><t:SubscriptionId>S2</t:SubscriptionId>"
                 "</m:ErrorSubscriptionIds><m:ConnectionStatus>Closed</m:ConnectionStatus>"
                 "</m:GetStreamingEventsResponseMessage></m:ResponseMessages></m:GetStreamingEventsResponse>")
    items = stream_items(error)
    assert (items[0].kind, items[0].code, items[0].subscription_ids) == ("error", "ErrorInvalidSubscription",
                                                                         ("S1", "S2"))


def test_hostile_xml_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<lolz>&lol2;</lolz>")
    with pytest.raises(BackendError):
        parse_body(bomb)
    external = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&e;</s:Body></s:Envelope>')
    with pytest.raises(BackendError):
        parse_body(external)
    with pytest.raises(BackendError):
        parse_body(b"not xml")


def _find_item_message(attrs: str, inner: str) -> str:
    return (f"<m:FindItemResponseMessage {attrs}><m:MessageText>no</m:MessageText><m:ResponseCode>{inner}"
            "</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey></m:FindItemResponseMessage>")


def test_internal_server_error_with_inner_error_keeps_both() -> None:
    """"MessageXml" (EWS reference): ErrorInternalServerError names its cause in InnerErrorResponseCode."""
    body = _env('<m:FindItemResponse><m:ResponseMessages><m:FindItemResponseMessage ResponseClass="Error">'
                "<m:MessageText>An internal server error occurred. The operation failed.</m:MessageText>"
                "<m:ResponseCode>ErrorInternalServerError</m:ResponseCode><m:DescriptiveLinkKey>0"
                '</m:DescriptiveLinkKey><m:MessageXml><t:Value Name="InnerErrorMessageText">Mailbox database is '
                'offline.</t:Value><t:Value Name="InnerErrorResponseCode">ErrorMailboxStoreUnavailable</t:Value>'
                '<t:Value Name="InnerErrorDescriptiveLinkKey">0</t:Value></m:MessageXml>'
                "</m:FindItemResponseMessage></m:ResponseMessages></m:FindItemResponse>")
    err = message_error(response_messages(parse_body(body))[0])
    assert err is not None and err.kind == "mailbox_unavailable" and err.code == "ErrorInternalServerError"
    assert "ErrorInternalServerError: An internal server error occurred" in err.message
    assert "inner error ErrorMailboxStoreUnavailable: Mailbox database is offline." in err.message


@pytest.mark.parametrize("doc", [
    # the messages directly in the operation's response
    '<m:FindItemResponse>{msg}</m:FindItemResponse>',
    # the message directly in the Body
    '{msg}',
])
def test_response_message_outside_the_wrapper_is_still_read(doc: str) -> None:
    body = _env(doc.format(msg=_find_item_message('ResponseClass="Error"', "ErrorAccessDenied")))
    [msg] = response_messages(parse_body(body))
    err = message_error(msg)
    assert err is not None and err.kind == "access_denied"


def test_an_answer_without_any_message_is_an_error_not_an_empty_list() -> None:
    with pytest.raises(BackendError) as e:
        response_messages(parse_body(_env("<m:FindItemResponse/>")))
    assert "no response message" in e.value.message


def test_exchangelib_reads_unwrapped_messages_too() -> None:
    """The same answer through exchangelib (validate): the error inside is raised, not 'Empty ResponseCode'."""
    from exchangelib import errors as xe
    from exchangelib.services import FindItem
    from exchangelib.util import to_xml

    from calwizard.exchange.ews import install_unwrapped_messages

    install_unwrapped_messages()
    service = FindItem.__new__(FindItem)
    for doc in ('<m:FindItemResponse>{msg}</m:FindItemResponse>', '{msg}'):
        root = to_xml(_env(doc.format(msg=_find_item_message('ResponseClass="Error"', "ErrorAccessDenied"))))
        [msg] = service._get_soap_messages(root.find("{http://schemas.xmlsoap.org/soap/envelope/}Body"))
        with pytest.raises(xe.ErrorAccessDenied):
            service._get_element_container(message=msg, name="{x}RootFolder")


def test_server_version_from_the_header() -> None:
    """"ServerVersionInfo" (EWS reference): the attributes of the h:ServerVersionInfo header."""
    from calwizard.engine.ews_soap import server_version

    doc = (b'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'
           b'<s:Header><h:ServerVersionInfo MajorVersion="14" MinorVersion="3" MajorBuildNumber="123" '
           b'MinorBuildNumber="4" Version="Exchange2010_SP2" '
           b'xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header>'
           b"<s:Body/></s:Envelope>")
    assert server_version(parse_body(doc)) == "14.3.123.4"
    assert server_version(parse_body(_env("<m:X/>"))) == ""
