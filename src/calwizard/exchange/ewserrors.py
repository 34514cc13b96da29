"""EWS errors classified by their ResponseCode: one table for ``calwizard validate`` and the engine.

exchangelib raises a subclass of ``TransportError`` for *every* EWS ResponseCode (and plain
``TransportError`` for codes it does not know), and the engine reads the codes from the XML itself, so
the exception class says nothing reliable: both paths hand the **code** (and the server's text, the
inner error of ``ErrorInternalServerError`` and ``BackOffMilliseconds``) to :func:`classify_code`.
``network`` and ``tls`` are only for real transport failures (:func:`transport_error`).

Sources (Microsoft Learn, EWS reference): "ResponseCode" (the codes), "MessageXml" (``InnerErrorResponseCode``,
``InnerErrorMessageText`` and ``BackOffMilliseconds`` as ``t:Value`` elements), "EWS throttling in Exchange"
(``ErrorServerBusy``, ``ErrorTooManyObjectsOpened``, ``ErrorExceededFindCountLimit``,
``ErrorExceededConnectionCount``, ``ErrorExceededSubscriptionCount``; the EWSMaxSubscriptions,
EWSFindCountLimit and EWSMaxConcurrency throttling-policy parameters), "Handling notification-related
errors in EWS in Exchange" (lost subscriptions, ``ErrorExceededConnectionCount``), "Impersonation and EWS
in Exchange" (``ErrorImpersonateUserDenied``, ``ErrorNonExistentMailbox``), "ResolveNames operation"
(``ErrorNameResolutionMultipleResults``, ``ErrorNameResolutionNoResults``).
"""

from __future__ import annotations

from dataclasses import dataclass

from calwizard.i18n import QT_TRANSLATE_NOOP, translate


@dataclass(frozen=True)
class Kind:
    """What a kind of error means.

    Attributes:
        label: the short status a technician sees (e.g. ``mailbox not found``).
        sentence: what happened, as one sentence without the server's words.
        transient: worth retrying soon by itself (throttling, server hiccups, network).
    """

    label: str
    sentence: str
    transient: bool = False


KINDS: dict[str, Kind] = {
    "not_found": Kind(
        QT_TRANSLATE_NOOP("exchange", "mailbox not found"),
        QT_TRANSLATE_NOOP("exchange", "the mailbox does not exist")),
    "ambiguous": Kind(
        QT_TRANSLATE_NOOP("exchange", "ambiguous name"),
        QT_TRANSLATE_NOOP("exchange", "the name resolves to several mailboxes")),
    "impersonation_denied": Kind(
        QT_TRANSLATE_NOOP("exchange", "impersonation denied"),
        QT_TRANSLATE_NOOP("exchange", "the account may not impersonate this mailbox")),
    "access_denied": Kind(
        QT_TRANSLATE_NOOP("exchange", "access denied"),
        QT_TRANSLATE_NOOP("exchange", "access to the calendar was denied")),
    "unauthorized": Kind(
        QT_TRANSLATE_NOOP("exchange", "credentials rejected"),
        QT_TRANSLATE_NOOP("exchange", "the server rejected the credentials")),
    "ews_blocked": Kind(
        QT_TRANSLATE_NOOP("exchange", "EWS blocked"),
        QT_TRANSLATE_NOOP("exchange", "Exchange answered HTTP 403 Forbidden")),
    "server_busy": Kind(
        QT_TRANSLATE_NOOP("exchange", "server busy"),
        QT_TRANSLATE_NOOP("exchange", "the server is busy (throttling)"),
        transient=True),
    "throttled": Kind(
        QT_TRANSLATE_NOOP("exchange", "throttling limit"),
        QT_TRANSLATE_NOOP("exchange", "a throttling limit of the account was exceeded"),
        transient=True),
    "subscription_limit": Kind(
        QT_TRANSLATE_NOOP("exchange", "too many subscriptions"),
        QT_TRANSLATE_NOOP("exchange", "the account has reached its limit of subscriptions (EWSMaxSubscriptions)"),
        transient=True),
    "concurrency_limit": Kind(
        QT_TRANSLATE_NOOP("exchange", "too many concurrent requests"),
        QT_TRANSLATE_NOOP("exchange", "the account had more EWS requests in flight than its throttling policy "
                                      "allows (EWSMaxConcurrency)"),
        transient=True),
    "connection_limit": Kind(
        QT_TRANSLATE_NOOP("exchange", "too many streaming connections"),
        QT_TRANSLATE_NOOP("exchange", "the account has reached its limit of open streaming connections"),
        transient=True),
    "subscription_lost": Kind(
        QT_TRANSLATE_NOOP("exchange", "subscription lost"),
        QT_TRANSLATE_NOOP("exchange", "the server no longer knows the subscription"),
        transient=True),
    "mailbox_moving": Kind(
        QT_TRANSLATE_NOOP("exchange", "mailbox being moved"),
        QT_TRANSLATE_NOOP("exchange", "the mailbox is being moved to another database"),
        transient=True),
    "mailbox_unavailable": Kind(
        QT_TRANSLATE_NOOP("exchange", "mailbox database unavailable"),
        QT_TRANSLATE_NOOP("exchange", "the mailbox database cannot be reached by the Exchange server"),
        transient=True),
    "server_error": Kind(
        QT_TRANSLATE_NOOP("exchange", "Exchange server error"),
        QT_TRANSLATE_NOOP("exchange", "Exchange reported an internal error"),
        transient=True),
    "invalid_request": Kind(
        QT_TRANSLATE_NOOP("exchange", "request refused"),
        QT_TRANSLATE_NOOP("exchange", "Exchange refused the request as invalid")),
    "unsupported_version": Kind(
        QT_TRANSLATE_NOOP("exchange", "Exchange version not supported"),
        QT_TRANSLATE_NOOP("exchange", "the Exchange server is older than Exchange 2013")),
    "network": Kind(
        QT_TRANSLATE_NOOP("exchange", "cannot reach EWS"),
        QT_TRANSLATE_NOOP("exchange", "the EWS server cannot be reached"),
        transient=True),
    "tls": Kind(
        QT_TRANSLATE_NOOP("exchange", "TLS certificate not trusted"),
        QT_TRANSLATE_NOOP("exchange", "the TLS connection to the EWS server failed")),
    "not_ews": Kind(
        QT_TRANSLATE_NOOP("exchange", "not an EWS server"),
        QT_TRANSLATE_NOOP("exchange", "the server answered, but not as Exchange Web Services (a web page, a broken or "
                                      "truncated SOAP answer, a redirect loop, or an answer beyond the size or time "
                                      "limits)"),
        transient=True),
    "other": Kind(
        QT_TRANSLATE_NOOP("exchange", "EWS error"),
        QT_TRANSLATE_NOOP("exchange", "Exchange answered with an error"),
        transient=True),
}
"""Every error kind of :class:`EwsError` (and of the engine's ``BackendError`` for EWS)."""

CODES: dict[str, str] = {
    # the mailbox
    "ErrorNonExistentMailbox": "not_found",
    "ErrorMailRecipientNotFound": "not_found",
    "ErrorNameResolutionNoResults": "not_found",
    "ErrorInvalidSmtpAddress": "not_found",
    "ErrorNameResolutionMultipleResults": "ambiguous",
    # rights
    "ErrorImpersonateUserDenied": "impersonation_denied",
    "ErrorImpersonationDenied": "impersonation_denied",
    "ErrorImpersonationFailed": "impersonation_denied",
    "ErrorAccessDenied": "access_denied",
    "ErrorDelegateNoUser": "access_denied",
    "ErrorSubscriptionAccessDenied": "access_denied",
    # throttling ("EWS throttling in Exchange")
    "ErrorServerBusy": "server_busy",
    "ErrorTooManyObjectsOpened": "throttled",
    "ErrorExceededFindCountLimit": "throttled",
    "ErrorTimeoutExpired": "throttled",
    "ErrorBatchProcessingStopped": "throttled",
    "ErrorExceededSubscriptionCount": "subscription_limit",
    "ErrorExceededConnectionCount": "connection_limit",
    # notifications ("Handling notification-related errors in EWS in Exchange")
    "ErrorInvalidSubscription": "subscription_lost",
    "ErrorSubscriptionNotFound": "subscription_lost",
    "ErrorExpiredSubscription": "subscription_lost",
    "ErrorReadEventsFailed": "subscription_lost",
    "ErrorMissedNotificationEvents": "subscription_lost",
    "ErrorInvalidWatermark": "subscription_lost",
    "ErrorProxiedSubscriptionCallFailure": "subscription_lost",
    # the mailbox's database and server
    "ErrorMailboxMoveInProgress": "mailbox_moving",
    "ErrorMailboxStoreUnavailable": "mailbox_unavailable",
    "ErrorMailboxFailover": "mailbox_unavailable",
    "ErrorConnectionFailed": "mailbox_unavailable",
    "ErrorConnectionFailedTransientError": "mailbox_unavailable",
    "ErrorProxyCallFailed": "mailbox_unavailable",
    "ErrorProxyRequestProcessingFailed": "mailbox_unavailable",
    "ErrorInternalServerError": "server_error",
    "ErrorInternalServerTransientError": "server_error",
    # our request
    "ErrorInvalidRequest": "invalid_request",
    "ErrorSchemaValidation": "invalid_request",
    "ErrorInvalidServerVersion": "invalid_request",
    "ErrorIncorrectSchemaVersion": "invalid_request",
    "ErrorInvalidSchemaVersionForMailboxVersion": "invalid_request",
    "ErrorInvalidExchangeImpersonationHeaderData": "invalid_request",
    "ErrorInvalidOperation": "invalid_request",
    "ErrorInvalidPropertyRequest": "invalid_request",
    "ErrorInvalidSubscriptionRequest": "invalid_request",
    "ErrorInvalidIdMalformed": "invalid_request",
}
"""EWS ResponseCode -> kind; a code not listed is ``other`` (its code and text are kept in the message)."""

BACK_OFF_KINDS = frozenset({"server_busy", "concurrency_limit"})
"""Kinds that mean "the account must wait, then the request is sent again" (the limiter's back-off)."""
CONCURRENCY_POLICY = "MaxConcurrency"
"""The ``Policy`` value (``MessageXml``) of an ErrorExceededConnectionCount caused by EWSMaxConcurrency."""
CONCURRENCY_TEXT = "concurrent connections for your account"
"""Part of Exchange Online's MessageText of ErrorExceededConnectionCount ("You have exceeded the available
concurrent connections for your account.  Try again once your other requests have completed.")."""

INNER_WRAPPERS = frozenset({"ErrorInternalServerError", "ErrorInternalServerTransientError"})
"""Codes whose ``InnerErrorResponseCode`` (MessageXml) says more than they do: the inner code decides the kind."""


@dataclass(frozen=True)
class EwsError:
    """A classified EWS failure.

    Attributes:
        kind: a key of :data:`KINDS`.
        message: one sentence, safe to show (no secrets): what happened, then the server's code and words
            once, e.g. ``the mailbox does not exist (ErrorNonExistentMailbox: The SMTP address has no mailbox
            associated with it.)``.
        back_off: seconds the server asked to wait (``server_busy``: BackOffMilliseconds / 1000), else 0.
        code: the EWS ResponseCode ("" for transport failures).
        inner_code: ``InnerErrorResponseCode`` of an ``ErrorInternalServerError``, else "".
        candidates: ``ambiguous``: the candidates' addresses / names as the server listed them.
    """

    kind: str
    message: str
    back_off: float = 0.0
    code: str = ""
    inner_code: str = ""
    candidates: tuple[str, ...] = ()
    detail: str = ""
    """The library's own (English) text behind a transport failure, for the details only."""
    remedy: str = ""
    """A remedy more specific than the kind's (a certificate issued for another host name), or ""."""

    @property
    def label(self) -> str:
        """The short status (e.g. ``access denied``)."""
        return translate("exchange", KINDS.get(self.kind, KINDS["other"]).label)

    @property
    def transient(self) -> bool:
        return KINDS.get(self.kind, KINDS["other"]).transient


def kind_of(code: str) -> str:
    """The kind of an EWS ResponseCode (``other`` when unknown)."""
    return CODES.get(code.strip(), "other")


def classify_code(code: str, text: str = "", *, back_off_ms: float | None = None, inner_code: str = "",
                  inner_text: str = "", policy: str = "", streaming: bool = False) -> EwsError:
    """Classify an EWS ResponseCode (from a response message, a SOAP fault's ``detail`` or an exchangelib
    exception's class name).

    Args:
        code: the ResponseCode, e.g. ``ErrorAccessDenied``.
        text: the server's ``MessageText`` / ``Message`` (kept in the message, once).
        back_off_ms: ``BackOffMilliseconds`` from ``MessageXml`` (ErrorServerBusy), if sent.
        inner_code, inner_text: ``InnerErrorResponseCode`` / ``InnerErrorMessageText`` (ErrorInternalServerError).
        policy: the ``Policy`` value of ``MessageXml`` (Exchange Online names the throttling policy part, e.g.
            ``MaxConcurrency``).
        streaming: the answer is to ``GetStreamingEvents``.

    ``ErrorExceededConnectionCount`` has two meanings ("EWS throttling in Exchange", table 3: EWSMaxConcurrency,
    "more concurrent requests against the server than are allowed by a user's policy"; "Handling
    notification-related errors in EWS in Exchange": the account's open streaming connections): it is
    ``concurrency_limit`` when the server names the policy ``MaxConcurrency``, or — not streaming — its text is
    Exchange's "… concurrent connections for your account" (exchangelib drops ``MessageXml``), else
    ``connection_limit``.

    Returns:
        The :class:`EwsError`; an inner error decides the kind of its wrapper when the inner code is known.
    """
    code = (code or "").strip() or "ErrorInternalServerError"
    text = " ".join((text or "").split())
    kind = kind_of(code)
    if code == "ErrorExceededConnectionCount" and (
            policy.strip() == CONCURRENCY_POLICY or (not streaming and CONCURRENCY_TEXT in text.lower())):
        kind = "concurrency_limit"
    if inner_code and (code in INNER_WRAPPERS or kind == "other") and kind_of(inner_code) != "other":
        kind = kind_of(inner_code)
    words = f"{code}: {text}" if text and text != code else code
    if inner_code:
        inner_words = " ".join((inner_text or "").split())
        words += translate("exchange", "; inner error {inner_code}").format(
            inner_code=inner_code) + (f": {inner_words}" if inner_words else "")
    sentence = translate("exchange", KINDS[kind].sentence)
    back_off = max(0.0, float(back_off_ms or 0) / 1000.0)
    if kind == "server_busy" and back_off:
        sentence += translate("exchange", "; it asked to wait {seconds} (BackOffMilliseconds {int})").format(
            seconds=_seconds(back_off), int=int(back_off * 1000))
    return EwsError(kind, f"{sentence} ({clip(words)})", back_off, code, inner_code)


def classify_http(status: int, *, diagnostics: str = "", retry_after: float | None = None) -> EwsError:
    """Classify an HTTP status of the EWS endpoint that carries no SOAP answer.

    401: credentials/token rejected (``x-ms-diagnostics`` kept); 403: EWS blocked (Exchange Online since
    1 October 2026 unless EWSEnabled / EwsAllowedAppIDs allow it); 429/503: busy with ``Retry-After``;
    other 5xx: a server error; anything else: ``other``.
    """
    if status == 401:
        sentence = translate("exchange", KINDS["unauthorized"].sentence)
        return EwsError("unauthorized", f"{sentence} (HTTP 401"
                        + (f", {clip(diagnostics, 120)}" if diagnostics else "") + ")")
    if status == 403:
        return EwsError("ews_blocked", translate("exchange", KINDS["ews_blocked"].sentence))
    if status in (429, 503):
        wait = retry_after if retry_after is not None else 5.0
        return EwsError("server_busy", translate("exchange", "{sentence} (HTTP {status}, Retry-After {seconds})")
                        .format(
            sentence=translate("exchange", KINDS["server_busy"].sentence), status=status, seconds=_seconds(wait)), wait)
    if status >= 500:
        return EwsError("server_error", translate("exchange", "{sentence} (HTTP {status} without a SOAP answer)")
                        .format(
            sentence=translate("exchange", KINDS["server_error"].sentence), status=status))
    return EwsError("other", translate("exchange", "EWS answered HTTP {status}").format(status=status))


def transport_error(kind: str, what: str, detail: str = "", remedy: str = "") -> EwsError:
    """A real transport failure (``network``, ``tls``, or ``not_ews``: the server answers but not with EWS —
    :func:`calwizard.exchange.neterrors.classify_transport`): ``what`` names the host and the cause."""
    assert kind in ("network", "tls", "not_ews")
    return EwsError(kind, clip(what, 300), detail=clip(detail, 500), remedy=remedy)


def ambiguous(name: str, candidates: list[str]) -> EwsError:
    """ResolveNames found several candidates for ``name`` and none is an exact SMTP match."""
    shown = ", ".join(candidates[:5]) + (translate("exchange", " and {value} more").format(
        value=len(candidates) - 5) if len(candidates) > 5 else "")
    return EwsError("ambiguous", translate("exchange", "{name} resolves to {len} mailboxes: {shown}").format(
        name=name, len=len(candidates), shown=shown),
                    code="ErrorNameResolutionMultipleResults", candidates=tuple(candidates))


def unsupported_version(version: str, where: str) -> EwsError:
    """The server reports a version older than Exchange 2013 (major version 15)."""
    return EwsError("unsupported_version", translate("exchange", "{where} reports Exchange {version} "
                                                                 "({exchange_name}); calwizard supports "
                                                                 "Exchange 2013 or newer").format(
                                                                     where=where, version=version,
                                                                     exchange_name=exchange_name(version)))


def exchange_name(version: str) -> str:
    """The product name for a build string such as ``14.3.123.4`` (major.minor)."""
    try:
        major, minor = (int(p) for p in version.split(".")[:2])
    except ValueError:
        return translate("exchange", "unknown version")
    names = {(8, 0): "Exchange 2007", (8, 1): "Exchange 2007 SP1",
             (8, 2): "Exchange 2007 SP2", (8, 3): "Exchange 2007 SP3", (14, 0): "Exchange 2010",
             (14, 1): "Exchange 2010 SP1", (14, 2): "Exchange 2010 SP2", (14, 3): "Exchange 2010 SP3",
             (15, 0): "Exchange 2013", (15, 1): "Exchange 2016", (15, 2): "Exchange 2019", (15, 20): "Exchange Online"}
    return names.get((major, minor), f"Exchange {major}.{minor}")


MIN_MAJOR_VERSION = 15
"""Exchange 2013 is major version 15 (15.0); Exchange 2010 is 14.x, 2007 is 8.x."""


def _seconds(value: float) -> str:
    return f"{value:g} s" if value < 120 else f"{value / 60:.1f} min"


def clip(text: str, limit: int = 240) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
