"""The engine's EWS wire layer: SOAP requests over exchangelib's authenticated sessions.

Why not exchangelib's service classes for the hot path: measured against the sandbox, exchangelib spends
~8.6 ms of CPU per request on the response side (it feeds the body to lxml one byte at a time through
``iter_content()`` and builds a full ``CalendarItem`` model, ~1.2 ms per item), which caps one process at
~110 requests per second — far below what EWSMaxConcurrency (27) allows at 50 ms round trips. Here the
requests are written from the EWS schema as text and the answers parsed with defusedxml, ~1.5-2 ms per
request. exchangelib still owns everything else that is hard to get right: its ``Protocol`` session pool,
NTLM (requests_ntlm, one handshake per pooled connection) and OAuth sessions, token expiry
(``TokenExpiredError`` -> ``Protocol.refresh_credentials``), and its exception classes, which
:func:`calwizard.exchange.ews.classify` — the one adapter — turns into error kinds.

Operations (Microsoft Learn, EWS reference): ``ResolveNames``, ``FindItem`` with ``CalendarView``,
``GetItem``, ``Subscribe`` (``StreamingSubscriptionRequest``), ``Unsubscribe``, ``GetStreamingEvents``;
headers ``RequestServerVersion`` and ``ExchangeImpersonation`` (``ConnectingSID``/``SmtpAddress``) with
``X-AnchorMailbox`` ("Configure impersonation", "Authenticate an EWS application by using OAuth");
``X-PreferServerAffinity`` / ``X-BackEndOverrideCookie`` for notification requests ("Maintain affinity
between a group of subscriptions and the Mailbox server"); ``ErrorServerBusy``'s ``BackOffMilliseconds``
("EWS throttling in Exchange").

Everything here is blocking; :mod:`calwizard.engine.ews_backend` runs it in threads.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as SafeET

from calwizard.engine.backend import BackendError
from calwizard.exchange import ews

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
MAX_TOKEN_REFRESHES = 2


def envelope(body: str, version: str, impersonate: str | None) -> bytes:
    imp = _IMPERSONATION.format(address=escape(impersonate)) if impersonate else ""
    return _ENVELOPE.replace("{version}", version).replace("{impersonation}", imp).replace("{body}", body).encode()


def attr(value: str) -> str:
    """An XML attribute value, quoted."""
    return quoteattr(value)


def text(value: str) -> str:
    return escape(value)


def _error(code: str, message: str, back_off_ms: int | None = None) -> BackendError:
    """A :class:`BackendError` for an EWS ResponseCode, classified by :func:`calwizard.exchange.ews.classify`."""
    from exchangelib import errors as xerrors

    cls = getattr(xerrors, code, None)
    if not (isinstance(cls, type) and issubclass(cls, xerrors.EWSError)):
        cls = xerrors.EWSError
    exc = cls(f"{code}: {message}".strip(": ")) if cls is not xerrors.ErrorServerBusy else cls(
        message, back_off=(back_off_ms or 0) / 1000)
    err = ews.classify(exc)
    return BackendError(err.kind, f"{code}: {message}" if err.kind == "other" else err.message, err.back_off)


def _from_exception(exc: BaseException) -> BackendError:
    import urllib3.exceptions

    if isinstance(exc, urllib3.exceptions.HTTPError):  # a broken stream read below requests' wrappers
        return BackendError("network", f"{type(exc).__name__}: {str(exc)[:200]}")
    err = ews.classify(exc)
    return BackendError(err.kind, err.message, err.back_off)


def _fault(body: Element) -> BackendError | None:
    fault = body.find(f"{S}Fault")
    if fault is None:
        return None
    detail = fault.find("detail")
    code = message = ""
    back_off = None
    if detail is not None:
        code = (detail.findtext(f"{E}ResponseCode") or "").strip()
        message = (detail.findtext(f"{E}Message") or "").strip()
        for value in detail.iter(f"{T}Value"):
            if value.get("Name") == "BackOffMilliseconds" and (value.text or "").strip().isdigit():
                back_off = int(value.text.strip())  # type: ignore[union-attr]
    if not code:
        code = (fault.findtext("faultcode") or "").rpartition(":")[2] or "ErrorInternalServerError"
        message = message or (fault.findtext("faultstring") or "").strip()
    return _error(code, message, back_off)


def message_error(msg: Element) -> BackendError | None:
    """The error of one ``...ResponseMessage`` (ResponseClass Error), else None."""
    if msg.get("ResponseClass") != "Error":
        return None
    code = (msg.findtext(f"{M}ResponseCode") or "").strip()
    text_ = (msg.findtext(f"{M}MessageText") or "").strip()
    back_off = None
    for value in msg.iter(f"{T}Value"):
        if value.get("Name") == "BackOffMilliseconds" and (value.text or "").strip().isdigit():
            back_off = int(value.text.strip())  # type: ignore[union-attr]
    return _error(code or "ErrorInternalServerError", text_, back_off)


def parse_body(content: bytes) -> Element:
    """The SOAP Body of a response (defusedxml: no DTDs, no entities). Raises :class:`BackendError`."""
    try:
        root = SafeET.fromstring(content)
    except Exception as exc:  # ParseError, defusedxml's DTD/entity refusals
        raise BackendError("other", f"the server's answer is not valid SOAP ({type(exc).__name__})") from None
    body = root.find(f"{S}Body")
    if body is None:
        raise BackendError("other", "the server's answer has no SOAP Body")
    return body


def response_messages(body: Element) -> list[Element]:
    """The ``m:...ResponseMessage`` elements of an operation's response (raises for a SOAP fault)."""
    fault = _fault(body)
    if fault is not None:
        raise fault
    if not len(body):
        raise BackendError("other", "the server's answer has an empty SOAP Body")
    messages = body[0].find(f"{M}ResponseMessages")
    return list(messages) if messages is not None else []


# ----------------------------------------------------------------------------------------------- client


@dataclass
class Counters:
    """Requests sent per operation, and failures per error kind (thread-safe enough: GIL-atomic updates)."""

    requests: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def count(self, op: str) -> None:
        self.requests[op] = self.requests.get(op, 0) + 1

    def fail(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class SoapClient:
    """Blocking EWS calls over the sessions of one exchangelib ``Protocol``.

    Args:
        protocol: exchangelib ``Protocol`` (its session pool, auth and credentials are used).
        api_version: ``RequestServerVersion`` to send, e.g. ``Exchange2016``.
        timeout: per-request timeout in seconds.
        oauth: the protocol's credentials are OAuth 2.0 (401 -> refresh the token once and retry).
    """

    def __init__(self, protocol: Any, api_version: str, timeout: float, *, oauth: bool) -> None:
        self.protocol = protocol
        self.url = protocol.service_endpoint
        self.api_version = api_version
        self.timeout = timeout
        self.oauth = oauth
        self.counters = Counters()

    def _headers(self, anchor: str | None, affinity: bool) -> dict[str, str]:
        headers = {"Content-Type": "text/xml; charset=utf-8", "Accept": "text/xml"}
        if anchor:
            headers["X-AnchorMailbox"] = anchor
        if affinity:
            headers["X-PreferServerAffinity"] = "true"
        return headers

    def _post(self, op: str, data: bytes, headers: dict[str, str], *, stream: bool = False,
              read_timeout: float | None = None) -> tuple[Any, Any]:
        """POST with a pooled session; returns (session, response). The caller releases the session."""
        import requests
        from oauthlib.oauth2 import TokenExpiredError

        refreshes = 0
        while True:
            session = self.protocol.get_session()
            session.trust_env = False  # proxies come from the policy, not the environment
            try:
                response = session.post(self.url, data=data, headers=headers, stream=stream, allow_redirects=False,
                                        timeout=(self.timeout, read_timeout or self.timeout))
            except TokenExpiredError:
                self.protocol.release_session(self.protocol.refresh_credentials(session))
                refreshes += 1
                if refreshes > MAX_TOKEN_REFRESHES:
                    raise BackendError("unauthorized", "the access token could not be renewed") from None
                continue
            except requests.exceptions.RequestException as exc:
                self.protocol.retire_session(session)
                self.counters.fail("network")
                raise _from_exception(exc) from None
            except Exception:
                self.protocol.retire_session(session)
                raise
            if response.status_code == 401 and self.oauth and refreshes < MAX_TOKEN_REFRESHES:
                response.close()
                self.protocol.release_session(self.protocol.refresh_credentials(session))
                refreshes += 1
                continue
            return session, response

    def call(self, op: str, body: str, *, impersonate: str | None, anchor: str | None = None,
             affinity: bool = False) -> list[Element]:
        """Send one operation; returns its response messages. Raises :class:`BackendError` for transport
        errors, HTTP errors and SOAP faults (not for per-message errors: see :func:`message_error`)."""
        from exchangelib import errors as xerrors

        self.counters.count(op)
        data = envelope(body, self.api_version, impersonate)
        session, response = self._post(op, data, self._headers(anchor or impersonate, affinity))
        try:
            status = response.status_code
            content = response.content
        except Exception as exc:
            self.protocol.retire_session(session)
            self.counters.fail("network")
            raise _from_exception(exc) from None
        self.protocol.release_session(session)
        try:
            if status == 401:
                raise _from_exception(xerrors.UnauthorizedError(
                    f"HTTP 401 ({response.headers.get('x-ms-diagnostics', '').split(';')[0] or 'no diagnostics'})"))
            if status == 403:
                raise _from_exception(xerrors.TransportError("HTTP 403 Forbidden"))
            if status in (429, 503):
                retry = response.headers.get("Retry-After", "")
                raise BackendError("server_busy", f"HTTP {status} from EWS",
                                   float(retry) if retry.isdigit() else 5.0)
            if status not in (200, 500) or not content.lstrip().startswith(b"<"):
                raise BackendError("network" if status >= 500 else "other", f"HTTP {status} from EWS")
            return response_messages(parse_body(content))
        except BackendError as err:
            self.counters.fail(err.kind)
            raise

    # -------------------------------------------------------------------------------------------- streaming

    def open_stream(self, anchor: str, subscription_ids: list[str], minutes: int) -> StreamReader:
        """Start a GetStreamingEvents request for ``subscription_ids``, impersonating the group's anchor
        mailbox; the returned reader yields what the server sends (blocking iteration)."""
        ids = "".join(f"<t:SubscriptionId>{text(i)}</t:SubscriptionId>" for i in subscription_ids)
        body = (f"<m:GetStreamingEvents><m:SubscriptionIds>{ids}</m:SubscriptionIds>"
                f"<m:ConnectionTimeout>{int(minutes)}</m:ConnectionTimeout></m:GetStreamingEvents>")
        return StreamReader(self, envelope(body, self.api_version, anchor), self._headers(anchor, True),
                            read_timeout=minutes * 60 + 120)


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


class StreamReader:
    """A GetStreamingEvents response being read (in one thread) and abortable (from any thread)."""

    def __init__(self, client: SoapClient, data: bytes, headers: dict[str, str], read_timeout: float) -> None:
        self._client = client
        self._data = data
        self._headers = headers
        self._read_timeout = read_timeout
        self._lock = threading.Lock()
        self._response: Any = None
        self._aborted = False
        self.clean = False
        """The server ended the response with ConnectionStatus Closed and the body was complete."""

    def abort(self) -> None:
        """Stop reading now: shut the socket down so that a blocked read returns (from any thread)."""
        with self._lock:
            self._aborted = True
            response = self._response
        if response is None:
            return
        raw = getattr(response, "raw", None)
        conn = getattr(raw, "connection", None) or getattr(raw, "_connection", None)
        sock = getattr(conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    @property
    def aborted(self) -> bool:
        return self._aborted

    def items(self) -> Iterator[StreamItem]:
        """Open the request and yield :class:`StreamItem` as envelopes arrive. Raises :class:`BackendError`
        when the request fails or the connection breaks (also after :meth:`abort`)."""
        client = self._client
        client.counters.count("GetStreamingEvents")
        session, response = client._post("GetStreamingEvents", self._data, self._headers, stream=True,
                                         read_timeout=self._read_timeout)
        with self._lock:
            self._response = response
            aborted = self._aborted
        ok = False
        try:
            if aborted:
                raise BackendError("network", "the stream was closed by the engine")
            if response.status_code != 200:
                content = response.content
                if response.status_code == 500 and content.lstrip().startswith(b"<"):
                    response_messages(parse_body(content))  # raises the fault
                raise BackendError("network" if response.status_code >= 500 else "other",
                                   f"HTTP {response.status_code} from EWS")
            yield from self._envelopes(response)
            ok = self.clean
        except BackendError:
            raise
        except Exception as exc:
            if self._aborted:
                raise BackendError("network", "the stream was closed by the engine") from None
            raise _from_exception(exc) from None
        finally:
            with contextlib.suppress(Exception):
                response.close()
            if ok:
                client.protocol.release_session(session)
            else:
                client.protocol.retire_session(session)

    def _chunks(self, response: Any) -> Iterator[bytes]:
        raw = response.raw
        raw.decode_content = True
        if getattr(raw, "chunked", False) and raw.supports_chunked_reads():
            yield from raw.read_chunked(decode_content=True)
        else:
            while chunk := raw.read1(65536):
                yield chunk

    def _envelopes(self, response: Any) -> Iterator[StreamItem]:
        buffer = b""
        for chunk in self._chunks(response):
            buffer += chunk
            while (m := _END_OF_ENVELOPE.search(buffer)) is not None:
                doc, buffer = buffer[: m.end()].lstrip(), buffer[m.end():]
                for item in _stream_items(doc):
                    if item.kind == "status" and item.value == "Closed":
                        self.clean = True
                    elif item.kind == "error":
                        self.clean = True  # an error answer is a complete, orderly end of the response
                    yield item
        if buffer.strip():
            raise BackendError("network", "the stream ended in the middle of a message")


def _stream_items(doc: bytes) -> list[StreamItem]:
    out: list[StreamItem] = []
    for msg in response_messages(parse_body(doc)):
        if msg.get("ResponseClass") == "Error":
            err_ids = msg.find(f"{M}ErrorSubscriptionIds")
            ids: tuple[str, ...] = ()
            if err_ids is not None:  # t:SubscriptionId per types.xsd; m: accepted too
                ids = tuple((e.text or "").strip() for e in err_ids if e.tag in (f"{T}SubscriptionId",
                                                                                 f"{M}SubscriptionId"))
            out.append(StreamItem("error", code=(msg.findtext(f"{M}ResponseCode") or "").strip(),
                                  subscription_ids=ids, message=(msg.findtext(f"{M}MessageText") or "").strip()))
            continue
        notes = msg.find(f"{M}Notifications")
        if notes is not None:
            for note in notes.iter(f"{M}Notification"):
                sub_id = (note.findtext(f"{T}SubscriptionId") or "").strip()
                events = tuple(e.tag.rpartition("}")[2] for e in note
                               if e.tag.endswith("Event") and e.tag != f"{T}SubscriptionId")
                out.append(StreamItem("notification", subscription_id=sub_id, events=events))
        status = msg.findtext(f"{M}ConnectionStatus")
        if status:
            out.append(StreamItem("status", value=status.strip()))
    return out


Deliver = Callable[[StreamItem], None]
