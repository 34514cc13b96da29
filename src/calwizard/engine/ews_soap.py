"""The engine's EWS wire layer: SOAP over aiohttp, NTLM (pyspnego) or OAuth 2.0 bearer tokens (msal).

Why not exchangelib for the engine's requests — measured against the sandbox (1000 mailboxes, 27 in
flight): exchangelib's response path costs ~8.6 ms of CPU per request (the body is fed to lxml one byte at a
time through ``iter_content()``, and every item becomes a full ``CalendarItem`` model, ~1.2 ms each); the
same requests over requests' sessions with a lean parser still cost ~1.9 ms (requests' per-call overhead,
27 threads contending for the GIL); over aiohttp, ~0.6 ms. The engine also needs long-lived streaming
responses it can stop at once (a cancelled task) instead of a thread blocked in ``recv``. So the engine speaks
EWS itself, exactly as the schema and the samples of Microsoft Learn write it, and keeps the project's
one error table: response codes (with ``BackOffMilliseconds`` and the inner error of
``ErrorInternalServerError`` from ``MessageXml``) are classified by
:func:`calwizard.exchange.ewserrors.classify_code`, exactly as ``calwizard validate`` classifies what
exchangelib raises. exchangelib remains what ``calwizard validate`` and the benchmark's reference loop use.

Operations (Microsoft Learn, EWS reference): ``ResolveNames``, ``FindItem`` with ``CalendarView``,
``GetItem``, ``Subscribe`` (``StreamingSubscriptionRequest``), ``Unsubscribe``, ``GetStreamingEvents``;
SOAP headers ``RequestServerVersion`` and ``ExchangeImpersonation`` (``ConnectingSID``/``SmtpAddress``) with
the ``X-AnchorMailbox`` HTTP header ("Configure impersonation", "Authenticate an EWS application by using
OAuth"); ``X-PreferServerAffinity`` and the ``X-BackEndOverrideCookie`` cookie on notification requests
("Maintain affinity between a group of subscriptions and the Mailbox server"); ``ErrorServerBusy`` with
``BackOffMilliseconds`` ("EWS throttling in Exchange").

Connections:

* **NTLM** ([MS-NTHT]) authenticates a connection, not a request. Each *lane* is an aiohttp session whose
  connector holds exactly one connection; a lane carries one request at a time, does the handshake (negotiate
  -> challenge -> authenticate with the request) when its connection is new, and is trusted afterwards. A
  ``401`` on a trusted lane (the server closed the connection) repeats the handshake once. Streaming
  connections get lanes of their own.
* **Bearer**: one session; the token comes from :class:`calwizard.engine.tokens.TokenSource` (msal),
  renewed :data:`calwizard.engine.tokens.TOKEN_EARLY_RENEWAL` seconds before it expires, and once more
  on a ``401``.
* Every session uses the configuration's HTTP policy: its CA file, host overrides and timeout
  (:class:`calwizard.exchange.http.HttpPolicy`).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

from calwizard.engine.backend import BackendError
from calwizard.exchange import ews
from calwizard.exchange.ewserrors import classify_code, classify_http, transport_error
from calwizard.exchange.http import HttpPolicy

log = logging.getLogger("calwizard.engine.ews")

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
M = "{http://schemas.microsoft.com/exchange/services/2006/messages}"
T = "{http://schemas.microsoft.com/exchange/services/2006/types}"
E = "{http://schemas.microsoft.com/exchange/services/2006/errors}"
S = f"{{{SOAP_NS}}}"

_ENVELOPE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    f'<s:Envelope xmlns:s="{SOAP_NS}" '
    'xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" '
    'xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">'
    '<s:Header><t:RequestServerVersion Version="{version}"/>{impersonation}</s:Header>'
    "<s:Body>{body}</s:Body></s:Envelope>"
)
_IMPERSONATION = (
    "<t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>{address}</t:SmtpAddress></t:ConnectingSID>"
    "</t:ExchangeImpersonation>"
)
_END_OF_ENVELOPE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?Envelope\s*>")
AFFINITY_COOKIE = "X-BackEndOverrideCookie"


def envelope(body: str, version: str, impersonate: str | None) -> bytes:
    imp = _IMPERSONATION.format(address=escape(impersonate)) if impersonate else ""
    return _ENVELOPE.replace("{version}", version).replace("{impersonation}", imp).replace("{body}", body).encode()


def attr(value: str) -> str:
    """An XML attribute value, quoted."""
    return quoteattr(value)


def text(value: str) -> str:
    return escape(value)


# ------------------------------------------------------------------------------------------------ errors


def from_ews_error(err: ews.EwsError) -> BackendError:
    """The :class:`BackendError` of a classified EWS error (kind, message, back-off, code and candidates kept)."""
    return BackendError(err.kind, err.message, err.back_off, code=err.code, candidates=err.candidates)


def error_for_code(code: str, message: str, back_off_ms: int | None = None, inner_code: str = "",
                   inner_text: str = "", *, policy: str = "", streaming: bool = False) -> BackendError:
    """A :class:`BackendError` for an EWS ResponseCode, classified by the one shared table
    (:func:`calwizard.exchange.ewserrors.classify_code`, as ``calwizard validate`` does; ``policy``: the
    ``MessageXml`` ``Policy`` value, ``streaming``: the answer is to GetStreamingEvents)."""
    return from_ews_error(classify_code(code, message, back_off_ms=back_off_ms, inner_code=inner_code,
                                        inner_text=inner_text, policy=policy, streaming=streaming))


def error_for_exception(exc: BaseException, url: str = "") -> BackendError:
    """A network-level failure (aiohttp, TLS, timeout) as a :class:`BackendError` (``network`` or ``tls``, the
    message naming the host and the cause as :func:`calwizard.exchange.neterrors.translate_network_error` does)."""
    import ssl

    import aiohttp

    from calwizard.errors import TlsError
    from calwizard.exchange.neterrors import classify_transport, translate_network_error

    limit = classify_transport(exc, url or "the EWS server")
    if limit is not None and limit.kind == "not_ews":  # over the size or time limits of the HTTP policy
        return from_ews_error(transport_error("not_ews", limit.message))
    err = translate_network_error(exc, url or "the EWS server")
    tls = isinstance(err, TlsError) or isinstance(exc, aiohttp.ClientConnectorCertificateError | ssl.SSLError
                                                  | aiohttp.ClientSSLError)
    return from_ews_error(transport_error("tls" if tls else "network", err.message))


def _message_xml_values(elem: Element) -> dict[str, str]:
    """The ``t:Value Name=...`` entries of a ``MessageXml`` (BackOffMilliseconds, InnerErrorResponseCode, ...)."""
    return {v.get("Name", ""): (v.text or "").strip() for v in elem.iter(f"{T}Value") if v.get("Name")}


def _code_error(code: str, message: str, elem: Element, streaming: bool = False) -> BackendError:
    values = _message_xml_values(elem)
    back_off = values.get("BackOffMilliseconds", "")
    return error_for_code(code, message, int(back_off) if back_off.isdigit() else None,
                          values.get("InnerErrorResponseCode", ""), values.get("InnerErrorMessageText", ""),
                          policy=values.get("Policy", ""), streaming=streaming)


def _fault(body: Element, streaming: bool = False) -> BackendError | None:
    fault = body.find(f"{S}Fault")
    if fault is None:
        return None
    detail = fault.find("detail")
    code = message = ""
    if detail is not None:
        code = (detail.findtext(f"{E}ResponseCode") or "").strip()
        message = (detail.findtext(f"{E}Message") or "").strip()
    if not code:
        code = (fault.findtext("faultcode") or "").rpartition(":")[2]
        if not code.startswith("Error"):  # s:Client / s:Server: a SOAP-level fault without an EWS code
            code = "ErrorInternalServerError" if code != "Client" else "ErrorInvalidRequest"
        message = message or (fault.findtext("faultstring") or "").strip()
    return _code_error(code, message, detail if detail is not None else fault, streaming)


def message_error(msg: Element) -> BackendError | None:
    """The error of one ``...ResponseMessage`` (ResponseClass Error; without a ResponseClass, a ResponseCode
    other than NoError), else None."""
    code = (msg.findtext(f"{M}ResponseCode") or "").strip()
    response_class = msg.get("ResponseClass")
    if response_class != "Error" and (response_class is not None or code in ("", "NoError")):
        return None
    code = code or "ErrorInternalServerError"
    streaming = isinstance(msg.tag, str) and msg.tag.endswith("GetStreamingEventsResponseMessage")
    return _code_error(code, (msg.findtext(f"{M}MessageText") or "").strip(), msg, streaming)


_parsers = threading.local()


def _parser() -> Any:
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        from lxml import etree

        # As defensive as defusedxml: no DTD is loaded or accepted, no entity is resolved, nothing is fetched,
        # no "huge tree"; comments and processing instructions are dropped.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                                 huge_tree=False, remove_comments=True, remove_pis=True)
        _parsers.parser = parser
    return parser


def parse_body(content: bytes) -> Element:
    """The SOAP Body of a response. Parsed with lxml (C; ~3x faster than defusedxml's pure-Python expat
    handlers, which showed in the engine's profile) under a hardened parser; a document with a DTD is refused
    as defusedxml would. Raises :class:`BackendError`."""
    from lxml import etree

    try:
        root = etree.fromstring(content, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        page = content.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
        raise BackendError("not_ews", f"not an EWS server: the answer is {'a web page, ' if page else ''}not valid "
                           f"SOAP ({type(exc).__name__})") from None
    if root.getroottree().docinfo.doctype:
        raise BackendError("not_ews", "not an EWS server: the answer carries a DTD (refused)")
    body = root.find(f"{S}Body")
    if body is None:
        raise BackendError("not_ews", "not an EWS server: the answer has no SOAP Body")
    return body  # type: ignore[no-any-return]


def server_version(body: Element) -> str:
    """``MajorVersion.MinorVersion.MajorBuildNumber.MinorBuildNumber`` of the ``ServerVersionInfo`` SOAP header of
    the envelope ``body`` belongs to ("ServerVersionInfo", EWS reference), or "" when the answer carries none."""
    root = body.getparent() if hasattr(body, "getparent") else None
    header = root.find(f"{S}Header") if root is not None else None
    info = header.find(f"{T}ServerVersionInfo") if header is not None else None
    if info is None:
        return ""
    parts = [info.get(a, "") for a in ("MajorVersion", "MinorVersion", "MajorBuildNumber", "MinorBuildNumber")]
    return ".".join(parts) if all(p.isdigit() for p in parts) else ""


def response_messages(body: Element, *, streaming: bool = False) -> list[Element]:
    """The ``m:...ResponseMessage`` elements of an operation's response ("ResponseMessages", EWS reference),
    also when a server sends them without the ``m:ResponseMessages`` wrapper. Raises :class:`BackendError` for a
    SOAP fault and for an answer without any response message (never an empty list: "0 appointments" must not
    hide an error); ``streaming``: the answer is to GetStreamingEvents (a refused connection is the streaming
    connection limit, not EWSMaxConcurrency)."""
    fault = _fault(body, streaming)
    if fault is not None:
        raise fault
    if not len(body):
        raise BackendError("other", "the server's answer has an empty SOAP Body")
    operation = body[0]
    messages = operation.find(f"{M}ResponseMessages")
    if messages is not None:
        return list(messages)
    # Not wrapped in m:ResponseMessages (seen from proxies and older servers): the messages directly in the
    # operation's response, or the message directly in the Body — still read, so that an error in it is an error
    direct = [c for c in operation if isinstance(c.tag, str) and c.tag.endswith("ResponseMessage")]
    if direct:
        return direct
    if isinstance(operation.tag, str) and (operation.tag.endswith("ResponseMessage")
                                           or operation.find(f"{M}ResponseCode") is not None):
        return [operation]
    raise BackendError("other", f"the server's answer has no response message ({_local(operation.tag)})")


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def http_error(status: int, headers: Any, content: bytes) -> BackendError | None:
    """The error an HTTP status means (None for 200, and for 500 with a SOAP answer: parse that), classified by
    :func:`calwizard.exchange.ewserrors.classify_http`."""
    if status == 200:
        return None
    if status == 500 and content.lstrip().startswith(b"<"):
        return None
    retry = str(headers.get("Retry-After", "")).strip()
    diag = str(headers.get("x-ms-diagnostics", "")).split(";")[0]
    return from_ews_error(classify_http(status, diagnostics=diag and f"x-ms-diagnostics {diag}",
                                        retry_after=float(retry) if retry.isdigit() else None))


# ------------------------------------------------------------------------------------------------ sessions


def _session(http: HttpPolicy, limit: int) -> Any:
    """An aiohttp session applying ``http`` (CA file, host overrides) with at most ``limit`` connections."""
    import aiohttp

    # no cookie jar: the one cookie EWS sets (X-BackEndOverrideCookie) is handled explicitly, and aiohttp's jar
    # filtering showed in the engine's profile
    return http.aiohttp_session(limit=limit, auto_decompress=True, cookie_jar=aiohttp.DummyCookieJar())


def _auth_challenge(headers: Any, scheme: str) -> str | None:
    for value in headers.getall("WWW-Authenticate", []):
        for part in value.split(","):
            part = part.strip()
            if part.upper().startswith(scheme.upper() + " "):
                return part.split(" ", 1)[1].strip()
    return None


def _ntlm_step(ctx: Any, challenge: str | None) -> str:
    """The next NTLM token (base64) of ``ctx`` for the server's ``challenge`` (None: the first message)."""
    from spnego.exceptions import SpnegoError

    try:
        token = ctx.step(base64.b64decode(challenge) if challenge is not None else None)
    except (SpnegoError, ValueError) as exc:
        raise BackendError("unauthorized", f"NTLM: the server's challenge cannot be answered ({type(exc).__name__})"
                           ) from None
    return base64.b64encode(token or b"").decode()


@dataclass(eq=False)
class _Lane:
    session: Any
    trusted: bool = False


class Transport:
    """Sends EWS requests (see the module docstring): NTLM lanes or one bearer-token session.

    Args:
        http: the HTTP policy.
        url: the EWS URL.
        lanes: requests in flight at most (NTLM: connections; bearer: connection limit).
        ntlm: ``(user, password)`` for NTLM, else None.
        token: async callable returning an access token (``force=True``: renew now), for bearer auth.
    """

    def __init__(self, http: HttpPolicy, url: str, lanes: int, *, ntlm: tuple[str, str] | None = None,
                 token: Callable[[bool], Awaitable[str]] | None = None, extra_connections: int = 10) -> None:
        self.http = http
        self.url = url
        self.host = urlsplit(url).hostname or ""
        self._ntlm = ntlm
        self._token = token
        self._size = lanes
        self._idle: asyncio.Queue[_Lane] | None = None
        self._all: list[_Lane] = []
        self._shared: Any = None
        self._extra = extra_connections
        self.affinity: dict[str, str] = {}
        """Group anchor mailbox -> X-BackEndOverrideCookie value from the group's first subscription response."""

    def _start(self) -> None:
        if self._ntlm is not None and self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self._size):
                lane = _Lane(_session(self.http, 1))
                self._all.append(lane)
                self._idle.put_nowait(lane)
        if self._ntlm is None and self._shared is None:
            self._shared = _session(self.http, self._size + self._extra)

    async def close(self) -> None:
        for lane in self._all:
            await lane.session.close()
        self._all.clear()
        if self._shared is not None:
            await self._shared.close()
            self._shared = None

    # ------------------------------------------------------------------------------------------ requests

    def _headers(self, anchor: str | None, affinity: bool) -> dict[str, str]:
        headers = {"Content-Type": "text/xml; charset=utf-8", "Accept": "text/xml"}
        if anchor:
            headers["X-AnchorMailbox"] = anchor
        if affinity:
            headers["X-PreferServerAffinity"] = "true"
            cookie = self.affinity.get((anchor or "").lower())
            if cookie:
                headers["Cookie"] = f"{AFFINITY_COOKIE}={cookie}"
        return headers

    def _note_affinity(self, resp: Any, headers: dict[str, str]) -> None:
        if "X-PreferServerAffinity" not in headers:
            return
        cookie = resp.cookies.get(AFFINITY_COOKIE)
        anchor = headers.get("X-AnchorMailbox", "").lower()
        if cookie is not None and anchor and anchor not in self.affinity:
            self.affinity[anchor] = cookie.value

    async def post(self, data: bytes, *, anchor: str | None, affinity: bool = False) -> tuple[int, Any, bytes]:
        """POST one SOAP request; returns (status, headers, body). Raises :class:`BackendError` for network
        failures."""
        self._start()
        headers = self._headers(anchor, affinity)
        if self._ntlm is not None:
            assert self._idle is not None
            lane = await self._idle.get()
            try:
                return await self._ntlm_post(lane, data, headers)
            finally:
                self._idle.put_nowait(lane)
        return await self._bearer_post(self._shared, data, headers)

    async def _exchange(self, session: Any, data: bytes, headers: dict[str, str]) -> tuple[int, Any, bytes]:
        import aiohttp

        try:
            async with session.post(self.url, data=data, headers=headers, allow_redirects=False) as resp:
                body = await resp.read()
                self._note_affinity(resp, headers)
                return resp.status, resp.headers, body
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise error_for_exception(exc, self.url) from None

    async def _handshake(self, session: Any, data: bytes, headers: dict[str, str]) -> tuple[int, Any, bytes]:
        """NTLM negotiate -> challenge -> authenticate (+ the request) on the lane's one connection."""
        ctx = self._ntlm_context()
        status, hdrs, body = await self._exchange(
            session, b"", {**headers, "Authorization": "NTLM " + _ntlm_step(ctx, None)})
        challenge = _auth_challenge(hdrs, "NTLM") if status == 401 else None
        if challenge is None:
            return status, hdrs, body
        return await self._exchange(session, data, {**headers, "Authorization": "NTLM " +
                                                    _ntlm_step(ctx, challenge)})

    def _ntlm_context(self) -> Any:
        import spnego

        assert self._ntlm is not None
        user, password = self._ntlm
        return spnego.client(user, password, hostname=self.host, service="HTTP", protocol="ntlm")

    async def _ntlm_post(self, lane: _Lane, data: bytes, headers: dict[str, str]) -> tuple[int, Any, bytes]:
        if lane.trusted:
            try:
                status, hdrs, body = await self._exchange(lane.session, data, headers)
            except BackendError:
                lane.trusted = False
                raise
            if status != 401:
                return status, hdrs, body
            lane.trusted = False  # a new connection: authenticate it
        status, hdrs, body = await self._handshake(lane.session, data, headers)
        lane.trusted = status != 401
        return status, hdrs, body

    async def _bearer_post(self, session: Any, data: bytes, headers: dict[str, str]) -> tuple[int, Any, bytes]:
        assert self._token is not None
        for attempt in (0, 1):
            token = await self._token(attempt == 1)
            status, hdrs, body = await self._exchange(session, data, {**headers, "Authorization": f"Bearer {token}"})
            if status != 401:
                break
        return status, hdrs, body

    # ------------------------------------------------------------------------------------------ streaming

    @contextlib.asynccontextmanager
    async def stream(self, data: bytes, *, anchor: str, read_timeout: float) -> AsyncIterator[Any]:
        """POST a streaming request on a connection of its own; yields the open aiohttp response (status
        checked by the caller). Raises :class:`BackendError` for network failures."""
        import aiohttp

        self._start()
        headers = self._headers(anchor, True)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.http.timeout, sock_read=read_timeout)
        if self._ntlm is not None:
            session = _session(self.http, 1)
            owned = True
        else:
            session = self._shared
            owned = False
        try:
            if self._ntlm is not None:
                # negotiate -> challenge on the stream's own connection; the authenticate leg carries the request
                ctx = self._ntlm_context()
                status, hdrs, _ = await self._exchange(
                    session, b"", {**headers, "Authorization": "NTLM " + _ntlm_step(ctx, None)})
                challenge = _auth_challenge(hdrs, "NTLM") if status == 401 else None
                if challenge is None:
                    raise http_error(status, hdrs, b"") or BackendError("other", "NTLM negotiation failed")
                headers["Authorization"] = "NTLM " + _ntlm_step(ctx, challenge)
            else:
                assert self._token is not None
                headers["Authorization"] = f"Bearer {await self._token(False)}"
            try:
                async with session.post(self.url, data=data, headers=headers, allow_redirects=False,
                                        timeout=timeout) as resp:
                    yield resp
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                raise error_for_exception(exc, self.url) from None
        finally:
            if owned:
                await session.close()


# ------------------------------------------------------------------------------------------------ client


@dataclass
class Counters:
    """Requests sent per operation, and failures per error kind."""

    requests: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def count(self, op: str) -> None:
        self.requests[op] = self.requests.get(op, 0) + 1

    def fail(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class SoapClient:
    """EWS operations as coroutines over a :class:`Transport`.

    Args:
        transport: connections and authentication.
        api_version: ``RequestServerVersion`` to send, e.g. ``Exchange2016``.
        impersonation: send the ``ExchangeImpersonation`` header for the mailbox a request acts on (impersonation
            and app-only). False for delegate access: the service account itself opens the mailbox's folders by
            explicit access (a ``Mailbox`` in ``DistinguishedFolderId``, seed 001) under its folder permissions;
            ``X-AnchorMailbox`` still routes the request to the mailbox.
    """

    def __init__(self, transport: Transport, api_version: str, *, impersonation: bool = True) -> None:
        self.transport = transport
        self.api_version = api_version
        self.impersonation = impersonation
        self.counters = Counters()
        self.server_version = ""
        """The server's version from the first answer's ServerVersionInfo header ("" until then)."""

    async def call(self, op: str, body: str, *, impersonate: str | None, anchor: str | None = None,
                   affinity: bool = False) -> list[Element]:
        """Send one operation; returns its response messages. Raises :class:`BackendError` for transport
        errors, HTTP errors and SOAP faults (not for per-message errors: see :func:`message_error`)."""
        self.counters.count(op)
        try:
            status, headers, content = await self.transport.post(
                envelope(body, self.api_version, impersonate if self.impersonation else None),
                anchor=anchor or impersonate, affinity=affinity)
            err = http_error(status, headers, content)
            if err is not None:
                raise err
            body = parse_body(content)
            if not self.server_version:
                self.server_version = server_version(body)
            return response_messages(body)
        except BackendError as err:
            self.counters.fail(err.kind)
            raise

    async def close(self) -> None:
        await self.transport.close()

    # -------------------------------------------------------------------------------------------- streaming

    async def stream(self, anchor: str, subscription_ids: list[str], minutes: int) -> AsyncIterator[StreamItem]:
        """GetStreamingEvents for ``subscription_ids``, impersonating the group's anchor mailbox (delegate access:
        as the service account, which owns the subscriptions); yields what
        the server sends as :class:`StreamItem` until the response ends. Raises :class:`BackendError` when
        the request fails or the connection breaks (``kind`` network); a response that ends without
        ``ConnectionStatus`` ``Closed`` or an error answer raises too."""
        ids = "".join(f"<t:SubscriptionId>{text(i)}</t:SubscriptionId>" for i in subscription_ids)
        body = (f"<m:GetStreamingEvents><m:SubscriptionIds>{ids}</m:SubscriptionIds>"
                f"<m:ConnectionTimeout>{int(minutes)}</m:ConnectionTimeout></m:GetStreamingEvents>")
        self.counters.count("GetStreamingEvents")
        import aiohttp

        async with self.transport.stream(envelope(body, self.api_version, anchor if self.impersonation else None),
                                         anchor=anchor,
                                         read_timeout=minutes * 60 + 120) as resp:
            if resp.status != 200:
                content = await resp.read()
                err = http_error(resp.status, resp.headers, content)
                if err is None:
                    response_messages(parse_body(content), streaming=True)  # raises the SOAP fault
                    err = BackendError("other", "GetStreamingEvents failed without a reason")
                self.counters.fail(err.kind)
                raise err
            buffer = b""
            ended = False
            cap = self.transport.http.max_response_bytes
            debug = getattr(resp, "calwizard_debug", None)  # EWS protocol debugging: each document as it comes
            try:
                async for chunk in resp.content.iter_any():
                    buffer += chunk
                    if len(buffer) > cap and _END_OF_ENVELOPE.search(buffer) is None:  # one envelope never ends
                        self.counters.fail("not_ews")
                        raise BackendError("not_ews", f"not an EWS server: a streaming answer grew beyond "
                                           f"{cap // (1024 * 1024)} MiB without ending its SOAP envelope")
                    while (m := _END_OF_ENVELOPE.search(buffer)) is not None:
                        doc, buffer = buffer[: m.end()].lstrip(), buffer[m.end():]
                        if debug is not None:
                            debug[0].body(debug[1], doc, part="streamed")
                        for item in stream_items(doc):
                            if item.kind == "error" or (item.kind == "status" and item.value == "Closed"):
                                ended = True
                            yield item
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                self.counters.fail("network")
                raise error_for_exception(exc, self.transport.url) from None
            if not ended:
                self.counters.fail("network")
                raise BackendError("network", "the stream ended without ConnectionStatus Closed")


@dataclass(frozen=True)
class StreamItem:
    """One thing read from a GetStreamingEvents response.

    ``kind``: ``status`` (``value`` OK/Closed), ``notification`` (``subscription_id``, ``events``: the event
    element names, e.g. ``CreatedEvent``), or ``error`` (``code``, ``subscription_ids`` — the
    ErrorSubscriptionIds, possibly empty — and ``message``).
    """

    kind: str
    value: str = ""
    subscription_id: str = ""
    events: tuple[str, ...] = ()
    code: str = ""
    subscription_ids: tuple[str, ...] = ()
    message: str = ""


def stream_items(doc: bytes) -> list[StreamItem]:
    """The items of one envelope of a GetStreamingEvents response."""
    out: list[StreamItem] = []
    for msg in response_messages(parse_body(doc)):
        if msg.get("ResponseClass") == "Error":
            err_ids = msg.find(f"{M}ErrorSubscriptionIds")
            ids: tuple[str, ...] = ()
            if err_ids is not None:  # t:SubscriptionId per types.xsd; m: accepted too
                ids = tuple((e.text or "").strip() for e in err_ids
                            if e.tag in (f"{T}SubscriptionId", f"{M}SubscriptionId"))
            out.append(StreamItem("error", code=(msg.findtext(f"{M}ResponseCode") or "").strip(),
                                  subscription_ids=ids, message=(msg.findtext(f"{M}MessageText") or "").strip()))
            continue
        notes = msg.find(f"{M}Notifications")
        if notes is not None:
            for note in notes.iter(f"{M}Notification"):
                sub_id = (note.findtext(f"{T}SubscriptionId") or "").strip()
                events = tuple(e.tag.rpartition("}")[2] for e in note if e.tag.endswith("Event"))
                out.append(StreamItem("notification", subscription_id=sub_id, events=events))
        status = msg.findtext(f"{M}ConnectionStatus")
        if status:
            out.append(StreamItem("status", value=status.strip()))
    return out
