"""One classifier for EWS errors: by ResponseCode, never by exchangelib's exception class.

The inputs are what exchangelib really raises (its classes named after the codes, all derived from
``TransportError``; its synthetic errors for transport events) and what the engine reads from the XML.
"""

from __future__ import annotations

import pytest
import requests
from exchangelib import errors as xe

from calwizard.exchange import ewserrors
from calwizard.exchange.ews import choose_resolution, classify, version_error

CASES = [
    ("ErrorNonExistentMailbox", "not_found"),
    ("ErrorImpersonateUserDenied", "impersonation_denied"),
    ("ErrorAccessDenied", "access_denied"),
    ("ErrorServerBusy", "server_busy"),
    ("ErrorTooManyObjectsOpened", "throttled"),
    ("ErrorExceededFindCountLimit", "throttled"),
    ("ErrorExceededSubscriptionCount", "subscription_limit"),
    ("ErrorExceededConnectionCount", "connection_limit"),
    ("ErrorInvalidSubscription", "subscription_lost"),
    ("ErrorSubscriptionNotFound", "subscription_lost"),
    ("ErrorMailboxMoveInProgress", "mailbox_moving"),
    ("ErrorMailboxStoreUnavailable", "mailbox_unavailable"),
    ("ErrorInternalServerError", "server_error"),
    ("ErrorInvalidExchangeImpersonationHeaderData", "invalid_request"),
    ("ErrorItemNotFound", "other"),
]


@pytest.mark.parametrize(("code", "kind"), CASES)
def test_exchangelib_exceptions_are_classified_by_code(code: str, kind: str) -> None:
    exc = getattr(xe, code)("The server's words.")
    assert isinstance(exc, xe.TransportError)  # why the class cannot decide
    err = classify(exc)
    assert (err.kind, err.code) == (kind, code)
    assert err.message.count(code) == 1 and err.message.count("The server's words.") == 1
    assert ewserrors.classify_code(code, "The server's words.") == err  # the engine's path gives the same


def test_every_kind_has_a_remedy() -> None:
    from calwizard.checks.ews import REMEDIES

    assert set(ewserrors.KINDS) - {"ews_blocked"} <= set(REMEDIES)  # ews_blocked has its own per sync type


def test_inner_error_of_internal_server_error_decides_and_is_kept() -> None:
    # exchangelib raises the inner class, naming the wrapper in the text
    exc = xe.ErrorMailboxStoreUnavailable(
        "The mailbox database is temporarily unavailable. (raised from: ErrorInternalServerError('An internal server "
        "error occurred. The operation failed.'))")
    err = classify(exc)
    assert (err.kind, err.code, err.inner_code) == ("mailbox_unavailable", "ErrorInternalServerError",
                                                    "ErrorMailboxStoreUnavailable")
    assert "inner error ErrorMailboxStoreUnavailable: The mailbox database is temporarily unavailable." in err.message
    unknown = classify(xe.ErrorInternalServerError(
        "An internal server error occurred. (inner error: ErrorSomethingNew('details'))"))
    assert (unknown.kind, unknown.inner_code) == ("server_error", "ErrorSomethingNew")
    assert "details" in unknown.message


def test_server_busy_keeps_the_back_off() -> None:
    err = classify(xe.ErrorServerBusy("The server cannot service this request right now.", back_off=12.5))
    assert (err.kind, err.back_off) == ("server_busy", 12.5)
    assert "asked to wait 12.5 s" in err.message


def test_unknown_code_in_a_plain_transport_error_is_not_network() -> None:
    exc = xe.TransportError("Unknown ResponseCode in ResponseMessage: ErrorBrandNew (MessageText: Nope, MessageXml: "
                            "None)")
    err = classify(exc)
    assert (err.kind, err.code) == ("other", "ErrorBrandNew") and "Nope" in err.message


def test_transport_failures_are_network_or_tls() -> None:
    url = "https://mail.contoso.com/EWS/Exchange.asmx"
    try:
        try:
            raise requests.exceptions.ConnectionError(ConnectionRefusedError(111, "Connection refused"))
        except requests.exceptions.ConnectionError as e:
            raise xe.ErrorTimeoutExpired(f"Reraised from {e.__class__.__name__}({e})") from None
    except xe.ErrorTimeoutExpired as synthetic:
        err = classify(synthetic, url)
    assert err.kind == "network" and "mail.contoso.com" in err.message
    assert classify(requests.exceptions.ConnectTimeout("timed out"), url).kind == "network"
    assert classify(xe.UnauthorizedError("Invalid credentials for x")).kind == "unauthorized"
    assert classify(xe.MalformedResponseError("Unknown failure in response. Code: 403 headers: {}")).kind == \
        "ews_blocked"
    assert classify(xe.TransportError("Empty ResponseCode in ResponseMessage (MessageText: None)")).kind == "other"


def test_resolution_exact_smtp_match_wins_and_ambiguity_is_named() -> None:
    found = [("chris.meyer@contoso.com", "Chris Meyer"), ("chris@contoso.com", "Chris Mayer")]
    assert choose_resolution("chris@contoso.com", found) == ("chris@contoso.com", "Chris Mayer")
    assert choose_resolution("SMTP:Chris@Contoso.com", found) == ("chris@contoso.com", "Chris Mayer")
    # a mailbox and a contact for the same address are one candidate
    assert choose_resolution("x@contoso.com", [("anna@contoso.com", "Anna"), ("Anna@contoso.com", "Anna (contact)")]
                             ) == ("anna@contoso.com", "Anna")
    err = choose_resolution("chris", found)
    assert isinstance(err, ewserrors.EwsError) and err.kind == "ambiguous" and err.label == "ambiguous name"
    assert err.candidates == ("Chris Meyer <chris.meyer@contoso.com>", "Chris Mayer <chris@contoso.com>")
    assert choose_resolution("nobody", []) is None


def test_versions_before_exchange_2013_are_refused() -> None:
    err = version_error("14.3.123.4", "EWS at https://mail.contoso.com/EWS/Exchange.asmx")
    assert err is not None and err.kind == "unsupported_version"
    assert "Exchange 2010 SP3" in err.message and "2013 or newer" in err.message
    assert version_error((8, 3, 83), "Autodiscover") is not None
    assert version_error("15.0.847.32", "x") is None and version_error((15, 2, 1544), "x") is None
    assert version_error("", "x") is None and version_error(None, "x") is None


def test_exchangelib_wrappers_are_classified_by_what_they_wrap() -> None:
    """exchangelib re-raises ErrorTooManyObjectsOpened (and ErrorTimeoutExpired) as ErrorServerBusy('Reraised
    from ...') inside the except block: the original code decides, never 'network'."""
    try:
        try:
            raise xe.ErrorTooManyObjectsOpened("Too many objects are open.")
        except xe.ErrorTooManyObjectsOpened as original:
            raise xe.ErrorServerBusy(f"Reraised from {original.__class__.__name__}({original})", back_off=1)  # noqa: B904 (as exchangelib does)
    except xe.ErrorServerBusy as wrapper:
        err = classify(wrapper)
    assert (err.kind, err.code) == ("throttled", "ErrorTooManyObjectsOpened")


EXO_CONCURRENCY_TEXT = ("You have exceeded the available concurrent connections for your account.  Try again once "
                        "your other requests have completed.")
"""Exchange Online's MessageText of ErrorExceededConnectionCount when EWSMaxConcurrency (27) is exceeded."""


def test_exceeded_connection_count_for_ews_max_concurrency_is_a_back_off_not_a_streaming_limit() -> None:
    """"EWS throttling in Exchange", table 3: ErrorExceededConnectionCount is the EWSMaxConcurrency error; Exchange
    Online names the policy part in MessageXml (Policy = MaxConcurrency). The streaming connection limit
    (GetStreamingEvents) keeps its own kind and remedy."""
    by_policy = ewserrors.classify_code("ErrorExceededConnectionCount", "refused", policy="MaxConcurrency")
    assert by_policy.kind == "concurrency_limit" and by_policy.label == "too many concurrent requests"
    assert "EWSMaxConcurrency" in by_policy.message and by_policy.transient
    assert by_policy.kind in ewserrors.BACK_OFF_KINDS
    # exchangelib drops MessageXml: validate (which never streams) goes by Exchange's text
    err = classify(xe.ErrorExceededConnectionCount(EXO_CONCURRENCY_TEXT))
    assert (err.kind, err.code) == ("concurrency_limit", "ErrorExceededConnectionCount")
    # the same words on GetStreamingEvents: the account's open streaming connections
    streaming = ewserrors.classify_code("ErrorExceededConnectionCount", EXO_CONCURRENCY_TEXT, streaming=True)
    assert streaming.kind == "connection_limit"


def test_http_503_from_exchangelib_is_busy_with_its_retry_after() -> None:
    """exchangelib's FailFast words for HTTP 503 ("EWS requests are queuing with IIS", table 4): busy, not an
    Exchange server error; the Retry-After kept by calwizard's retry policy is the wait."""
    plain = classify(xe.ErrorInternalServerTransientError("Caused by HTTP 503 response"))
    assert (plain.kind, plain.back_off) == ("server_busy", 5.0)
    kept = classify(xe.ErrorServerBusy("Caused by HTTP 503 response", back_off=2))
    assert (kept.kind, kept.back_off) == ("server_busy", 2.0) and "HTTP 503" in kept.message
