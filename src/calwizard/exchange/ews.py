"""EWS adapter over exchangelib: builds Configurations/Accounts per sync type and classifies errors.

Protocol facts (Microsoft Learn, EWS reference): ``ResolveNames``, ``GetFolder`` (distinguished
folder ``calendar``), ``FindItem`` with ``CalendarView`` (StartDate/EndDate); app-only access
needs the ``ExchangeImpersonation`` SOAP header and ``X-AnchorMailbox`` ("Configure impersonation",
"Authenticate an EWS application by using OAuth") — exchangelib sends both for
``access_type=IMPERSONATION``. Throttling: ``ErrorServerBusy`` carries ``BackOffMilliseconds``
("EWS throttling in Exchange"). Exchange Online answers HTTP 403 when EWS is blocked for the
tenant or the app (``EWSEnabled``/``EwsAllowedAppIDs``, enforced since 1 October 2026).

All functions here are blocking (exchangelib uses requests); callers run them in threads.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from calwizard.exchange import ewserrors
from calwizard.exchange.ewserrors import EwsError
from calwizard.exchange.http import HttpPolicy, install_exchangelib_policy
from calwizard.exchange.neterrors import translate_network_error
from calwizard.i18n import translate
from calwizard.settings.model import ExchangeSettings, SyncType

log = logging.getLogger(__name__)

EXCHANGE_ONLINE_BUILD = (15, 20, 0)
"""Exchange Online reports major 15, minor 20 (used when Autodiscover v2 gives no version)."""


def make_config(
    exchange: ExchangeSettings,
    http: HttpPolicy,
    ews_url: str,
    build: tuple[int, int, int] | None,
    *,
    password: str | None = None,
    access_token: str | None = None,
    client_id: str = "",
) -> Any:
    """An exchangelib ``Configuration`` for the sync type.

    On-premises: NTLM with the service account (``user`` as UPN). Cloud: OAuth 2.0 with an access
    token already obtained with msal (exchangelib never fetches one itself: the token is handed in
    and its expiry is far beyond a validation run).
    """
    from exchangelib import NTLM, OAUTH2, Build, Configuration, Credentials, Version

    install_exchangelib_policy(http)
    install_unwrapped_messages()
    install_fixed_pool()
    install_no_invented_back_off()
    version = Version(build=Build(*build)) if build else None
    if exchange.sync_type == SyncType.ON_PREMISES:
        creds: Any = Credentials(exchange.ntlm_username, password or "")
        auth = NTLM
    else:
        from calwizard.exchange.clouds import endpoints_for

        token_url = f"{endpoints_for(exchange).authority(exchange.tenant_id or 'organizations')}/oauth2/v2.0/token"
        creds = msal_token_credentials(client_id, access_token or "", token_url)
        auth = OAUTH2
    return Configuration(service_endpoint=ews_url, credentials=creds, auth_type=auth, version=version,
                         max_connections=27, retry_policy=fail_fast_with_retry_after())


def fail_fast_with_retry_after() -> Any:
    """exchangelib's ``FailFast`` retry policy (every error is raised to the caller, which backs off itself:
    :mod:`calwizard.exchange.limiter`), except that an HTTP 503 keeps its ``Retry-After``: exchangelib's
    ``FailFast`` raises "Caused by HTTP 503 response" without it, so a server asking for 1 s would be waited 5 s
    ("EWS throttling in Exchange", table 4: HTTP 503, EWS requests are queuing; the engine reads the header too)."""
    from exchangelib.errors import ErrorInternalServerTransientError, ErrorServerBusy
    from exchangelib.protocol import FailFast

    class FailFastWithRetryAfter(FailFast):  # type: ignore[misc]
        def raise_response_errors(self, response: Any) -> Any:
            try:
                return super().raise_response_errors(response)
            except ErrorInternalServerTransientError as exc:
                header = str(response.headers.get("Retry-After", "")).strip()
                wait = int(header) if response.status_code == 503 and header.isdigit() else 0
                if wait > 0:
                    raise ErrorServerBusy(exc.args[0], back_off=wait) from None
                raise

    return FailFastWithRetryAfter()


def install_unwrapped_messages() -> None:
    """Make exchangelib read response messages that are not wrapped in ``m:ResponseMessages``.

    exchangelib treats an operation response without the wrapper as the message itself, finds no ResponseCode
    in it and raises "Empty ResponseCode" — the real message (and its error code) is lost. The same answer is
    read by the engine (:func:`calwizard.engine.ews_soap.response_messages`); this teaches exchangelib the same:
    ``m:FooResponseMessage`` elements directly in ``m:FooResponse``, or directly in the SOAP Body, are the
    messages. Installed once; other answers go to exchangelib's own code unchanged.
    """
    from exchangelib.services.common import EWSService

    if getattr(EWSService, "_calwizard_unwrapped", False):
        return
    original = EWSService._get_soap_messages

    def _get_soap_messages(self: Any, body: Any) -> Any:
        response = body.find(self._response_tag())
        if response is None:
            direct = body.findall(self._response_message_tag())
        elif response.find(self._response_messages_tag()) is None:
            direct = response.findall(self._response_message_tag())
        else:
            direct = []
        return direct or original(self, body)

    EWSService._get_soap_messages = _get_soap_messages
    EWSService._calwizard_unwrapped = True


def install_fixed_pool() -> None:
    """Stop exchangelib from shrinking its session pool on ErrorServerBusy (and the codes it treats alike).

    exchangelib's ``decrease_poolsize`` takes the pool lock and then waits for a free session; when every session
    is in use it tries to add one, which needs the same (non-reentrant) lock: the thread deadlocks and every other
    request to that server after it hangs (seen with validate's 27 concurrent reads during a throttling storm). The
    checks do the back-off themselves (:mod:`calwizard.checks.ews`: every request pauses for BackOffMilliseconds),
    so the pool keeps its size; exchangelib treats the refusal as "already at the minimum" and raises the error.
    """
    from exchangelib.errors import SessionPoolMinSizeReached
    from exchangelib.protocol import BaseProtocol

    if getattr(BaseProtocol, "_calwizard_fixed_pool", False):
        return

    def decrease_poolsize(self: Any) -> None:
        raise SessionPoolMinSizeReached("calwizard keeps the session pool size; the checks back off themselves")

    BaseProtocol.decrease_poolsize = decrease_poolsize
    BaseProtocol._calwizard_fixed_pool = True


def install_no_invented_back_off() -> None:
    """Stop exchangelib from inventing a back-off for an ErrorServerBusy that carries none.

    exchangelib fills an ErrorServerBusy without ``BackOffMilliseconds`` (also the inner ErrorServerBusy of an
    ErrorInternalServerError, "EWS throttling in Exchange" table 4, whose ``MessageXml`` it drops) with its own retry
    wait (``RETRY_WAIT``, 10 s, doubling): validate would then say "Exchange asked to wait 10 s (BackOffMilliseconds
    10000)" — words the server never sent. With the fail-fast policy that wait is never slept by exchangelib (the
    checks back off themselves), so it is set to 0: such an answer has no back-off, and the checks wait their own
    short default."""
    from exchangelib.protocol import BaseProtocol

    BaseProtocol.RETRY_WAIT = 0


def msal_token_credentials(client_id: str, access_token: str, token_url: str) -> Any:
    """exchangelib OAuth 2.0 credentials carrying a token obtained with msal.

    exchangelib must never fetch a token itself: its client-credentials class resets the token whenever
    a session is retired (e.g. after an HTTP 403) and then asks ``login.microsoftonline.com`` — the wrong
    cloud, with no secret. The authorization-code credentials class keeps the token; ``token_url`` is
    overridden to the configured cloud so that nothing ever goes to a host the configuration did not name.
    """
    from exchangelib.credentials import OAuth2AuthorizationCodeCredentials

    class MsalTokenCredentials(OAuth2AuthorizationCodeCredentials):
        @property
        def token_url(self) -> str:
            return token_url

    token = {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600}
    return MsalTokenCredentials(client_id=client_id, access_token=token)


def make_account(config: Any, smtp_address: str, impersonate: bool = True) -> Any:
    """An exchangelib ``Account`` (no autodiscover) acting for ``smtp_address``."""
    from exchangelib import DELEGATE, IMPERSONATION, Account

    return Account(primary_smtp_address=smtp_address, config=config, autodiscover=False,
                   access_type=IMPERSONATION if impersonate else DELEGATE)


def resolve_primary(config: Any, addresses: list[str], impersonate: str | None = None
                    ) -> tuple[str | None, str] | EwsError:
    """ResolveNames each address in order; return (primary SMTP address or None, display name), or the
    ``ambiguous`` :class:`EwsError` when an address resolves to several mailboxes (:func:`choose_resolution`).

    ``impersonate``: run ResolveNames as that mailbox (the ``ExchangeImpersonation`` header; the "per user" mode of
    :mod:`calwizard.exchange.names`), else as the service account."""
    from exchangelib import Account, Identity  # noqa: F401  (imports exchangelib fully before using protocol)
    from exchangelib.protocol import Protocol
    from exchangelib.services import ResolveNames

    class _ResolveAs(ResolveNames):  # type: ignore[misc]
        @property
        def _account_to_impersonate(self) -> Any:
            return Identity(primary_smtp_address=impersonate) if impersonate else super()._account_to_impersonate

    protocol = Protocol(config=config)
    _ = protocol.version  # ResolveNames needs it: without a build from Autodiscover, asks the server (one thread)
    for addr in addresses:
        found: list[tuple[str, str]] = []
        for r in _ResolveAs(protocol=protocol).call(unresolved_entries=[addr], return_full_contact_data=False):
            if isinstance(r, Exception):  # ErrorNameResolutionNoResults comes back as an instance
                continue
            mailbox = getattr(r, "mailbox", r)
            email = getattr(mailbox, "email_address", None)
            routing = (getattr(mailbox, "routing_type", None) or "SMTP").upper()
            if email and routing == "SMTP":
                found.append((email, getattr(mailbox, "name", "") or ""))
        chosen = choose_resolution(addr, found)
        if chosen is not None:
            return chosen
    return None, ""


def choose_resolution(name: str, found: list[tuple[str, str]]) -> tuple[str, str] | EwsError | None:
    """Pick the mailbox a ResolveNames answer means for ``name`` — the rule of validate and the engine alike.

    ``found`` holds (SMTP address, display name) per ``t:Resolution`` in the server's order. With several
    candidates (``ErrorNameResolutionMultipleResults``, "ResolveNames operation") the first one is never taken
    silently: the candidate whose address equals ``name`` (an exact SMTP match, ``smtp:`` prefix ignored) wins;
    candidates that share one address (a mailbox and a contact for it) count once; otherwise the answer is the
    ``ambiguous`` :class:`EwsError` naming the candidates. None: nothing resolved.
    """
    wanted = name.strip().lower().removeprefix("smtp:")
    distinct: dict[str, tuple[str, str]] = {}
    for email, display in found:
        distinct.setdefault(email.lower(), (email, display))
    if not distinct:
        return None
    if wanted in distinct:
        return distinct[wanted]
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    return ewserrors.ambiguous(name, [f"{d} <{e}>" if d else e for e, d in distinct.values()])


def read_calendar_view(account: Any, start: datetime, end: datetime) -> list[Any]:
    """Read the CalendarView between ``start`` and ``end`` (aware) of the mailbox's calendar with ONE
    FindItem on the distinguished folder ``calendar`` (EWS opens the folder for the request; access errors
    — ErrorAccessDenied, ErrorImpersonateUserDenied, ErrorNonExistentMailbox — come back the same way).

    ``account.calendar`` would first GetFolder the root and then the calendar (two extra round trips),
    and asking for the organizer would add a GetItem (FindItem does not return it), so neither is done.
    """
    from exchangelib import EWSDateTime
    from exchangelib.folders import Calendar, Root
    from exchangelib.properties import DistinguishedFolderId
    from exchangelib.properties import Mailbox as EwsMailbox

    mailbox = EwsMailbox(email_address=account.primary_smtp_address)
    root = Root(account=account, _distinguished_id=DistinguishedFolderId(id="root", mailbox=mailbox))
    cal = Calendar(root=root, _distinguished_id=DistinguishedFolderId(id="calendar", mailbox=mailbox))
    return list(
        cal.view(start=EWSDateTime.from_datetime(start), end=EWSDateTime.from_datetime(end)).only(
            "subject", "start", "end", "is_all_day", "legacy_free_busy_status", "sensitivity"
        )
    )


def guess_version(config: Any) -> Any:
    """Ask the server for its version (exchangelib's ``Protocol.version``: one small request) when neither
    Autodiscover nor the configuration reported one — before any other request, which needs a version hint."""
    from exchangelib import Account  # noqa: F401  (imports exchangelib fully before using protocol)
    from exchangelib.protocol import Protocol

    return Protocol(config=config).version


def read_calendar_rights(account: Any, address: str) -> Any:
    """GetFolder of ``address``'s calendar (explicit access: DistinguishedFolderId ``calendar`` with the Mailbox)
    with ``folder:PermissionSet`` and ``folder:EffectiveRights`` (Microsoft Learn: "GetFolder operation",
    "PermissionSet", "EffectiveRights"); returns the exchangelib ``Calendar`` (read it with
    :func:`calwizard.exchange.access.rights_from_exchangelib`). Raises exchangelib's errors (ErrorAccessDenied,
    ErrorNonExistentMailbox, …) for :func:`classify`."""
    from exchangelib.fields import FieldPath
    from exchangelib.folders import Calendar, Root
    from exchangelib.properties import DistinguishedFolderId
    from exchangelib.properties import Mailbox as EwsMailbox
    from exchangelib.services import GetFolder

    mailbox = EwsMailbox(email_address=address)
    root = Root(account=account, _distinguished_id=DistinguishedFolderId(id="root", mailbox=mailbox))
    cal = Calendar(root=root, _distinguished_id=DistinguishedFolderId(id="calendar", mailbox=mailbox))
    fields = [FieldPath(field=Calendar.get_field_by_fieldname(n)) for n in ("permission_set", "effective_rights")]
    for res in GetFolder(account=account).call(folders=[cal], additional_fields=fields, shape="IdOnly"):
        if isinstance(res, Exception):
            raise res
        return res
    from exchangelib.errors import ErrorFolderNotFound

    raise ErrorFolderNotFound("GetFolder answered without a folder")


def server_build(config: Any) -> str:
    """The server's version as reported in the last ServerVersionInfo header, e.g. ``15.2.1544.4`` ("" unknown).

    Check it with :func:`version_error` (older than Exchange 2013 is not supported)."""
    v = getattr(config, "version", None)
    b = getattr(v, "build", None)
    if b is None:
        return ""
    return f"{b.major_version}.{b.minor_version}.{b.major_build}.{b.minor_build}"


def version_error(version: str | tuple[int, ...] | None, where: str) -> EwsError | None:
    """The ``unsupported_version`` error when ``version`` (``15.2.1544.4`` or a build tuple) is older than
    Exchange 2013 (major version 15), else None (also when the version is unknown)."""
    if not version:
        return None
    text = version if isinstance(version, str) else ".".join(str(p) for p in version)
    try:
        major = int(text.split(".")[0])
    except ValueError:
        return None
    if major >= ewserrors.MIN_MAJOR_VERSION:
        return None
    return ewserrors.unsupported_version(text, where)


_RAISED_FROM = re.compile(r"^(?P<inner_text>.*) \(raised from: (?P<code>Error\w+)\((?P<text>.*)\)\)$", re.S)
_INNER = re.compile(r"^(?P<text>.*) \(inner error: (?P<inner>Error\w+)\((?P<inner_text>.*)\)\)$", re.S)
_UNKNOWN_CODE = re.compile(r"Unknown ResponseCode in ResponseMessage: (?P<code>\w+) \(MessageText: (?P<text>.*?)(?:, "
                           r"MessageXml: .*)?\)$", re.S)
_HTTP_STATUS = re.compile(r"Unknown failure in response\. Code: (?P<status>\d{3})")
_CAUSED_BY_HTTP = re.compile(r"^Caused by HTTP (?P<status>\d{3}) response")
_SYNTHETIC = ("Reraised from ", "Caused by ")
"""Prefixes of the texts exchangelib gives the EWS error classes it raises for transport events (a connection
error becomes ``ErrorTimeoutExpired('Reraised from ConnectionError(...)')``): not the server's words."""


def classify(exc: BaseException, url: str = "") -> EwsError:
    """Turn an exchangelib / requests exception into an :class:`EwsError` (the one adapter).

    The ResponseCode decides (:func:`calwizard.exchange.ewserrors.classify_code`): exchangelib names its
    exception classes after the codes but derives all of them from ``TransportError``, and raises plain
    ``TransportError`` for codes it does not know, so the class hierarchy is never consulted. Only real
    transport failures (requests, TLS, sockets, and the errors exchangelib raises in their place) become
    ``network`` / ``tls``; ``url`` names the server in their message.

    Raises:
        the exception itself when it is neither an EWS nor a transport failure (a bug).
    """
    import requests
    from exchangelib import errors as e

    from calwizard.exchange.neterrors import classify_transport

    text = str(exc.args[0]) if getattr(exc, "args", None) and isinstance(exc.args[0], str) else str(exc)
    name = type(exc).__name__
    if isinstance(exc, e.EWSError) and name.startswith("Error"):
        m = _CAUSED_BY_HTTP.match(text)
        if m:  # exchangelib's words for an HTTP answer without SOAP (HTTP 503: "EWS requests are queuing with IIS")
            wait = getattr(exc, "back_off", None)  # Retry-After, when exchangelib's policy kept it
            return ewserrors.classify_http(int(m["status"]), retry_after=float(wait) if wait else None)
        if text.startswith(_SYNTHETIC):
            # exchangelib's own wrapper (ErrorServerBusy for ErrorTooManyObjectsOpened, ErrorTimeoutExpired for a
            # connection error, ...): the error it was raised from is what the server (or the network) said
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, e.EWSError) and type(cause).__name__.startswith("Error"):
                return classify(cause, url)
            if cause is not None or text.startswith("Reraised from"):
                return _transport(exc, url)
        back_off = getattr(exc, "back_off", None)
        back_off_ms = back_off * 1000 if isinstance(back_off, int | float) else None
        m = _RAISED_FROM.match(text)
        if m:  # exchangelib raised the inner error's class for an ErrorInternalServerError
            return ewserrors.classify_code(m["code"], _unquote(m["text"]), inner_code=name,
                                           inner_text=m["inner_text"], back_off_ms=back_off_ms)
        m = _INNER.match(text)
        if m:
            return ewserrors.classify_code(name, m["text"], inner_code=m["inner"],
                                           inner_text=_unquote(m["inner_text"]), back_off_ms=back_off_ms)
        return ewserrors.classify_code(name, text, back_off_ms=back_off_ms)
    if isinstance(exc, e.UnauthorizedError):
        return ewserrors.classify_http(401, diagnostics=text)
    if isinstance(exc, e.RateLimitError):
        return ewserrors.EwsError("server_busy", translate("exchange", "the server is busy (throttling); it asked to "
                                                                      "wait {seconds} s").format(
                                      seconds=f"{exc.wait:g}"), float(exc.wait or 0))
    if isinstance(exc, e.CASError):
        return ewserrors.EwsError("other", translate("exchange", "Exchange CAS error: {error}").format(
            error=exc.cas_error), code="X-CasErrorCode")
    if isinstance(exc, e.RedirectError):
        return ewserrors.EwsError("other", translate("exchange", "EWS answered with a redirect to {url}; set that URL "
                                                                "as the EWS URL").format(url=exc.url))
    if text.startswith("Empty ResponseCode"):
        return ewserrors.EwsError("other", translate("exchange", "Exchange answered without a ResponseCode (the answer "
                                                                 "is not EWS)"))
    m = _UNKNOWN_CODE.search(text)
    if m:
        return ewserrors.classify_code(m["code"], m["text"])
    m = _HTTP_STATUS.search(text)
    if m:
        return ewserrors.classify_http(int(m["status"]))
    not_ews = classify_transport(exc, url or "the EWS server")  # a web page, a redirect loop, over the limits …
    if not_ews is not None and not_ews.kind == "not_ews":
        return ewserrors.transport_error("not_ews", not_ews.message)
    if isinstance(exc, requests.exceptions.RequestException | OSError) or (
            isinstance(exc, e.TransportError) and not isinstance(exc, e.MalformedResponseError | e.SOAPError)):
        return _transport(exc, url)
    if isinstance(exc, e.EWSError):  # a malformed answer, a SOAP fault without an EWS code
        return ewserrors.EwsError("other", f"{name}: {ewserrors.clip(text)}")
    raise exc


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def _transport(exc: BaseException, url: str) -> EwsError:
    from calwizard.errors import TlsError

    err = translate_network_error(exc, url or "the EWS server")
    return ewserrors.transport_error("tls" if isinstance(err, TlsError) else "network", err.message, err.detail,
                                     err.remedy or "" if err.reason == "tls_name" else "")
