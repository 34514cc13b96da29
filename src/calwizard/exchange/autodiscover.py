"""Autodiscover client: finds the EWS URLs and Exchange version for an SMTP address.

Protocol sources:

* Candidate order — seed ``002_…calendar-pages.txt`` ("Autodiscover"): for a user at domain D,
  ``https://autodiscover.D``, ``https://D``, ``http://autodiscover.D``, ``http://D``. The http
  candidates are used only for an HTTP redirect to an https URL (Microsoft: "Autodiscover for
  Exchange", phase 2 step 3); credentials are never sent over plain http.
* POX Autodiscover — [MS-OXDSCLI] "Autodiscover Publishing and Lookup Protocol" and Microsoft Learn "POX
  Autodiscover XML elements for Exchange" ("Response (POX)", "Account (POX)", "Error (POX)"): POST an
  ``Autodiscover/Request`` (request schema ``…/outlook/requestschema/2006``, acceptable response
  schema ``…/outlook/responseschema/2006a``) to ``/autodiscover/autodiscover.xml``; the answer's
  ``Account/Action`` is ``settings``, ``redirectAddr`` (restart with another address) or
  ``redirectUrl`` (POST to another URL). ``Protocol`` ``EXCH`` carries the internal EWS URL and
  ``ServerVersion``; ``EXPR`` the external EWS URL. Element names are matched case-insensitively:
  Microsoft's own pages spell the same element ``RedirectUrl`` ("RedirectUrl (POX)") and ``RedirectURL``
  ("Account (POX)"), and real servers send both. A protocol block without ``EwsUrl`` falls back to its
  ``ASUrl`` (the Availability service URL, which is the EWS endpoint), as the EWS Managed API does. An
  ``Error`` (codes 500–603, [MS-OXDSCLI] 2.2.4.1.1.3.2 "ErrorCode") is the answer of that server: it becomes
  the check's summary and remedy (:data:`POX_ERRORS`), never a DNS hint.
* SOAP Autodiscover — [MS-OXWSADISC] and Microsoft Learn "GetUserSettings operation (SOAP)": POST a
  ``GetUserSettingsRequestMessage`` to ``/autodiscover/autodiscover.svc`` asking for ``InternalEwsUrl``,
  ``ExternalEwsUrl``, ``CasVersion``, ``UserDisplayName`` and ``AutoDiscoverSMTPAddress``; the
  ``UserResponse`` ``ErrorCode`` is ``NoError``, ``RedirectAddress`` / ``RedirectUrl`` (with
  ``RedirectTarget``) or an error (``InvalidUser``, ``InvalidRequest``, ``ServerBusy``… :data:`SOAP_ERRORS`).
  Each https candidate host is asked both ways (POX first, then SOAP), as Exchange's own clients try
  both (the EWS Managed API: SOAP, then POX); the namespace is matched by local name, since Microsoft's
  samples write it with ``https://`` and servers send ``http://``.
* Autodiscover v2 (Exchange Online) — ``GET /autodiscover/autodiscover.json/v1.0/{email}?Protocol=EWS``
  answers ``{"Protocol": "EWS", "Url": …}`` anonymously.

Unlike exchangelib's sequential autodiscover (4 probes, 10 s each), every candidate is probed
**concurrently** under one overall deadline, so a firewalled candidate cannot stall the rest.
The highest-priority candidate that answers wins; a lower-priority success waits at most
:data:`GRACE_SECONDS` for higher-priority candidates still pending. HTTP 302 and POX
``redirectUrl`` are followed up to :data:`MAX_HOPS` hops with loop detection; ``redirectAddr``
restarts the discovery for the new address (counted in the same hop budget).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeET

from calwizard.errors import NetworkError, UserFacingError
from calwizard.exchange.http import HttpPolicy
from calwizard.exchange.neterrors import translate_network_error
from calwizard.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)

MAX_HOPS = 10
GRACE_SECONDS = 2.0
POX_PATH = "/autodiscover/autodiscover.xml"
SOAP_PATH = "/autodiscover/autodiscover.svc"
SOAP_NS = "http://schemas.microsoft.com/exchange/2010/Autodiscover"
SOAP_SETTINGS = ("InternalEwsUrl", "ExternalEwsUrl", "CasVersion", "UserDisplayName", "AutoDiscoverSMTPAddress")
REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
RESPONSE_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"

Authenticator = Callable[[Any, str, bytes], Awaitable[tuple[int, dict[str, str], bytes]]]
"""``async (session, url, body) -> (status, headers, body)``: POSTs with credentials."""


@dataclass
class Attempt:
    """One request Autodiscover made: the URL and what came of it (for the report)."""

    url: str
    outcome: str
    elapsed: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "outcome": self.outcome, "elapsed": round(self.elapsed, 3)}


@dataclass
class AutodiscoverResult:
    """What Autodiscover found.

    Attributes:
        email: the address finally resolved (after redirectAddr).
        source_url: the URL that answered with settings.
        external_ews_url / internal_ews_url: from ``EXPR`` / ``EXCH`` (v2: both the same URL).
        server_version: the ``ServerVersion`` hex string, e.g. ``73C18880``, or "" when not reported.
        build: ``(major, minor, build)`` parsed from ``server_version``, or None.
        display_name: the user's display name if reported.
        chain: every attempt in the order they finished.
    """

    email: str
    source_url: str
    external_ews_url: str = ""
    internal_ews_url: str = ""
    server_version: str = ""
    build: tuple[int, int, int] | None = None
    display_name: str = ""
    chain: list[Attempt] = field(default_factory=list)

    def ews_url(self, prefer: str) -> str:
        """The EWS URL for ``prefer`` (``external``/``internal``), falling back to the other one."""
        if prefer == "internal":
            return self.internal_ews_url or self.external_ews_url
        return self.external_ews_url or self.internal_ews_url


class AutodiscoverFailed(UserFacingError):
    """No candidate produced settings; ``chain`` lists every attempt."""

    def __init__(self, message: str, chain: list[Attempt], remedy: str) -> None:
        super().__init__(message, remedy=remedy)
        self.chain = chain


class AutodiscoverError(UserFacingError):
    """An Autodiscover server answered with an error (POX ``Error``, SOAP ``ErrorCode``): the answer of a server
    that speaks Autodiscover, so it is the summary and the remedy of a failed discovery.

    Attributes:
        code: the error code as sent (``600``, ``InvalidUser``, …).
        server_message: the server's ``Message`` / ``ErrorMessage``.
    """

    def __init__(self, url: str, code: str, server_message: str, remedy: str) -> None:
        host = urlsplit(url).hostname or url
        text = f" ({server_message})" if server_message else ""
        super().__init__(translate("exchange", "Autodiscover at {host} answered error {code}{text}").format(
            host=host, code=code, text=text), url=url, host=host, remedy=remedy)
        self.code = code
        self.server_message = server_message


POX_ERRORS: dict[str, str] = {
    "500": QT_TRANSLATE_NOOP("exchange", "The server does not know this address: check the spelling, and "
                                         "that the mailbox is hosted in this Exchange organization."),
    "501": QT_TRANSLATE_NOOP("exchange", "The address exists but has no Exchange configuration (e.g. a "
                                         "mail contact): use the address of a mailbox hosted in this "
                                         "Exchange organization."),
    "600": QT_TRANSLATE_NOOP("exchange", "The server answered like an Autodiscover service but rejected "
                                         "the request as invalid: typically a web hoster's or proxy's "
                                         "catch-all for autodiscover.xml, not Exchange. Point the DNS name "
                                         "autodiscover.<domain> at the Exchange server, or enter the "
                                         "Exchange server's Autodiscover URL (e.g. https://mail.<domain>) "
                                         "or the EWS URL explicitly."),
    "601": QT_TRANSLATE_NOOP("exchange", "The server cannot answer with the Outlook response schema "
                                         "(2006a), so it is not Exchange's Autodiscover for this mailbox: "
                                         "enter the Exchange server's Autodiscover URL or the EWS URL "
                                         "explicitly."),
    "602": QT_TRANSLATE_NOOP("exchange", "Exchange knows the address but its configuration is incomplete: an "
                                         "Exchange administrator should check the Autodiscover and EWS virtual "
                                         "directories (Get-AutodiscoverVirtualDirectory, "
                                         "Get-WebServicesVirtualDirectory) and the event log."),
    "603": QT_TRANSLATE_NOOP("exchange", "Autodiscover failed inside the Exchange server: check its "
                                         "application event log, then try again."),
}
"""Remedy per POX ``ErrorCode`` ([MS-OXDSCLI] 2.2.4.1.1.3.2: 500 address not found, 501 bad address, 600 invalid
request, 601 schema not provided, 602 configuration error, 603 internal error)."""

SOAP_ERRORS: dict[str, str] = {
    "InvalidUser": POX_ERRORS["500"],
    "InvalidRequest": POX_ERRORS["600"].replace("autodiscover.xml", "autodiscover.svc"),
    "InvalidSetting": QT_TRANSLATE_NOOP("exchange", "The server does not know the EWS settings calwizard "
                                                    "asks for: enter the EWS URL explicitly."),
    "SettingIsNotAvailable": QT_TRANSLATE_NOOP("exchange", "The server has no EWS URL for this mailbox: an "
                                                           "Exchange administrator should set the "
                                                           "internal/external URL of the EWS virtual "
                                                           "directory (Set-WebServicesVirtualDirectory)."),
    "ServerBusy": QT_TRANSLATE_NOOP("exchange", "The Autodiscover service is busy: try again in a minute."),
    "InvalidDomain": POX_ERRORS["500"],
    "NotFederated": POX_ERRORS["602"],
    "InternalServerError": POX_ERRORS["603"],
}
"""Remedy per SOAP Autodiscover ``ErrorCode`` ("ErrorCode (SOAP)")."""

OTHER_ERROR_REMEDY = QT_TRANSLATE_NOOP("exchange", "See the server's message; check the Exchange server's "
                                                   "Autodiscover configuration and event log.")


class _Redirect(Exception):
    def __init__(self, kind: str, target: str) -> None:
        self.kind, self.target = kind, target


def parse_server_version(hexstr: str) -> tuple[int, int, int] | None:
    """Decode [MS-OXDSCLI] ``ServerVersion`` (32-bit hex): 4 bits flags, 6 bits major, 6 bits minor,
    1 bit reserved, 15 bits build number (as exchangelib's former ``Build.from_hex_string``)."""
    try:
        bits = f"{int(hexstr, 16):032b}"
    except ValueError:
        return None
    return int(bits[4:10], 2), int(bits[10:16], 2), int(bits[17:32], 2)


def pox_request_body(email: str) -> bytes:
    """The POX Autodiscover request for ``email`` ([MS-OXDSCLI] 2.2.3)."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Autodiscover xmlns="{REQUEST_NS}"><Request>'
        f"<EMailAddress>{escape(email)}</EMailAddress>"
        f"<AcceptableResponseSchema>{RESPONSE_SCHEMA}</AcceptableResponseSchema>"
        "</Request></Autodiscover>"
    ).encode()


def soap_request_body(email: str, url: str) -> bytes:
    """The SOAP Autodiscover ``GetUserSettings`` request for ``email`` ("GetUserSettings operation (SOAP)")."""
    settings = "".join(f"<a:Setting>{name}</a:Setting>" for name in SOAP_SETTINGS)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:a="{SOAP_NS}" xmlns:wsa="http://www.w3.org/2005/08/addressing" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
        "<soap:Header><a:RequestedServerVersion>Exchange2010</a:RequestedServerVersion>"
        f"<wsa:Action>{SOAP_NS}/Autodiscover/GetUserSettings</wsa:Action><wsa:To>{escape(url)}</wsa:To></soap:Header>"
        "<soap:Body><a:GetUserSettingsRequestMessage><a:Request><a:Users><a:User>"
        f"<a:Mailbox>{escape(email)}</a:Mailbox></a:User></a:Users><a:RequestedSettings>{settings}"
        "</a:RequestedSettings></a:Request></a:GetUserSettingsRequestMessage></soap:Body></soap:Envelope>"
    ).encode()


def _local(tag: str) -> str:
    """The local name of ``tag`` in lower case (POX element names are matched case-insensitively)."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(elem: Any, name: str) -> Any:
    name = name.lower()
    return next((c for c in elem if _local(c.tag) == name), None)


def _text(elem: Any, name: str) -> str:
    child = _child(elem, name) if elem is not None else None
    return (child.text or "").strip() if child is not None else ""


def _parse(data: bytes, url: str, what: str) -> Any:
    try:
        return SafeET.fromstring(data)
    except Exception:  # defusedxml raises several types (ParseError, DTDForbidden, EntitiesForbidden)
        raise UserFacingError(translate("exchange", "{url} answered, but not with {what}").format(
            url=url, what=what), url=url).because("not_protocol") from None


def parse_pox_response(data: bytes, url: str, email: str) -> AutodiscoverResult:
    """Parse a POX response ("Response (POX)", "Account (POX)", "Error (POX)"; [MS-OXDSCLI] 2.2.4).

    Element names are matched case-insensitively (``RedirectUrl`` / ``RedirectURL``; ``Action`` values too); an
    ``EXCH`` / ``EXPR`` block without ``EwsUrl`` uses its ``ASUrl``.

    Raises:
        _Redirect: the response is a redirectAddr / redirectUrl.
        AutodiscoverError: an ``Error`` element (``Response/Error`` or ``Account/Error``).
        UserFacingError: an unusable document.
    """
    root = _parse(data, url, translate("exchange", "Autodiscover XML"))
    if _local(root.tag) != "autodiscover":
        raise UserFacingError(translate("exchange", "{url} answered XML, but not an Autodiscover response").format(
            url=url), url=url).because("not_protocol")
    elems = list(root.iter())
    for e in elems:
        if _local(e.tag) == "error":
            code, message = _text(e, "ErrorCode"), _text(e, "Message")
            raise AutodiscoverError(url, code or translate("exchange", "(no code)"), message,
                                    translate("exchange", POX_ERRORS.get(code, OTHER_ERROR_REMEDY)))
    action = next((e.text or "" for e in elems if _local(e.tag) == "action"), "settings").strip().lower()
    if action == "redirectaddr":
        raise _Redirect("addr", next((e.text or "" for e in elems if _local(e.tag) == "redirectaddr"), "").strip())
    if action == "redirecturl":
        raise _Redirect("url", next((e.text or "" for e in elems if _local(e.tag) == "redirecturl"), "").strip())
    res = AutodiscoverResult(email=email, source_url=url)
    for e in elems:
        if _local(e.tag) == "displayname" and e.text and not res.display_name:
            res.display_name = e.text.strip()
        if _local(e.tag) != "protocol":
            continue
        kind = _text(e, "Type").upper()
        ews = _text(e, "EwsUrl") or _text(e, "ASUrl")  # the EWS Managed API's fallback
        if kind == "EXCH":
            res.internal_ews_url = res.internal_ews_url or ews
            res.server_version = _text(e, "ServerVersion") or res.server_version
        elif kind == "EXPR":
            res.external_ews_url = res.external_ews_url or ews
            res.server_version = res.server_version or _text(e, "ServerVersion")
    if not (res.internal_ews_url or res.external_ews_url):
        raise UserFacingError(translate("exchange", "{url} answered, but reported no EWS URL for {email}").format(
            url=url, email=email), url=url,
                              remedy=translate("exchange", "Check that the mailbox exists and EWS is "
                                                           "enabled on the server."))
    res.build = parse_server_version(res.server_version) if res.server_version else None
    return res


def parse_soap_response(data: bytes, url: str, email: str) -> AutodiscoverResult:
    """Parse a SOAP ``GetUserSettingsResponseMessage`` ("GetUserSettings operation (SOAP)", "UserResponse (SOAP)").

    Raises:
        _Redirect: ``RedirectAddress`` / ``RedirectUrl`` (``RedirectTarget``).
        AutodiscoverError: an error code of the response or of the user's response (or a SOAP fault).
        UserFacingError: an unusable document.
    """
    root = _parse(data, url, translate("exchange", "SOAP Autodiscover XML"))
    elems = list(root.iter())
    fault = next((e for e in elems if _local(e.tag) == "fault"), None)
    if fault is not None:
        raise AutodiscoverError(url, translate("exchange", "SOAP fault"), _text(fault, "faultstring"),
                                translate("exchange", OTHER_ERROR_REMEDY))
    response = next((e for e in elems if _local(e.tag) == "response"), None)
    if response is None or _local(root.tag) != "envelope":
        raise UserFacingError(translate("exchange", "{url} answered XML, but not a GetUserSettings response").format(
            url=url), url=url)
    user = next((e for e in response.iter() if _local(e.tag) == "userresponse"), None)
    for scope in (user, response):  # the user's error is the more specific one
        if scope is None:
            continue
        code = _text(scope, "ErrorCode") or "NoError"
        target = _text(scope, "RedirectTarget")
        if code == "RedirectAddress":
            raise _Redirect("addr", target)
        if code == "RedirectUrl":
            raise _Redirect("url", target)
        if code != "NoError":
            raise AutodiscoverError(url, code, _text(scope, "ErrorMessage"),
                                    translate("exchange", SOAP_ERRORS.get(code, OTHER_ERROR_REMEDY)))
    if user is None:
        raise UserFacingError(translate("exchange", "{url} answered, but without a UserResponse for {email}").format(
            url=url, email=email), url=url)
    values: dict[str, str] = {}
    settings = _child(user, "UserSettings")
    for setting in list(settings) if settings is not None else []:
        name, value = _text(setting, "Name"), _text(setting, "Value")
        if name:
            values[name.lower()] = value
    res = AutodiscoverResult(email=values.get("autodiscoversmtpaddress") or email, source_url=url,
                             external_ews_url=values.get("externalewsurl", ""),
                             internal_ews_url=values.get("internalewsurl", ""),
                             display_name=values.get("userdisplayname", ""))
    cas = values.get("casversion", "")
    if not (res.internal_ews_url or res.external_ews_url):
        raise UserFacingError(translate("exchange", "{url} answered, but reported no EWS URL for {email}").format(
            url=url, email=email), url=url,
                              remedy=translate("exchange", SOAP_ERRORS["SettingIsNotAvailable"]))
    res.build = _build_from_text(cas)
    res.server_version = cas
    return res


def _build_from_text(version: str) -> tuple[int, int, int] | None:
    """``15.2.1544.4`` -> ``(15, 2, 1544)``; None when unreadable."""
    try:
        parts = [int(p) for p in version.split(".")[:3]]
    except ValueError:
        return None
    if not parts:
        return None
    major, minor, build = (*parts, 0, 0)[:3]
    return major, minor, build


def is_soap_url(url: str) -> bool:
    """Whether ``url`` is a SOAP Autodiscover endpoint (``…/autodiscover.svc``)."""
    return urlsplit(url).path.lower().endswith(".svc")


def candidates(domain: str) -> list[str]:
    """The seed's candidate URLs for ``domain`` in priority order; each https host is asked with POX and SOAP."""
    return [
        f"https://autodiscover.{domain}{POX_PATH}",
        f"https://autodiscover.{domain}{SOAP_PATH}",
        f"https://{domain}{POX_PATH}",
        f"https://{domain}{SOAP_PATH}",
        f"http://autodiscover.{domain}{POX_PATH}",
        f"http://{domain}{POX_PATH}",
    ]


def normalize_autodiscover_url(url: str) -> str:
    """An explicit Autodiscover URL as the technician typed it -> the endpoint URL.

    ``https://autodiscover.contoso.com`` -> ``…/autodiscover/autodiscover.xml``; a ``….svc`` or ``….xml`` URL is
    kept (SOAP or POX).
    """
    return explicit_urls(url)[0]


def explicit_urls(url: str) -> list[str]:
    """The endpoints to ask for an explicit Autodiscover URL: the one named (``….xml`` POX, ``….svc`` SOAP), or for
    a bare host both, POX first."""
    url = url.strip()
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    base = f"{parts.scheme}://{parts.netloc}"
    if path.lower().endswith((".svc", ".xml")):
        return [f"{base}{path}"]
    return [f"{base}{POX_PATH}", f"{base}{SOAP_PATH}"]


def ntlm_authenticator(username: str, password: str) -> Authenticator:
    """POST with NTLM (pyspnego client side): negotiate -> challenge -> authenticate on one connection.

    Never used over plain http. ``username`` is a UPN (``svc@contoso.com``) or ``DOMAIN\\user``.
    """

    async def post(session: Any, url: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        import spnego

        host = urlsplit(url).hostname or ""
        ctx = spnego.client(username, password, hostname=host, service="HTTP", protocol="ntlm")
        headers = {"Content-Type": "text/xml; charset=utf-8"}
        token = ctx.step()
        status, hdrs, data = await _post(session, url, body, {**headers, "Authorization": f"NTLM {_b64(token)}"})
        if status != 401:
            return status, hdrs, data
        challenge = _auth_token(hdrs, "NTLM")
        if challenge is None:
            return status, hdrs, data
        token = ctx.step(base64.b64decode(challenge))
        return await _post(session, url, body, {**headers, "Authorization": f"NTLM {_b64(token or b'')}"})

    return post


def bearer_authenticator(token: str, anchor: str) -> Authenticator:
    """POST with an OAuth bearer token (Exchange Online) and ``X-AnchorMailbox``."""

    async def post(session: Any, url: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        return await _post(session, url, body, {
            "Content-Type": "text/xml; charset=utf-8",
            "Authorization": f"Bearer {token}",
            "X-AnchorMailbox": anchor,
        })

    return post


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _auth_token(headers: dict[str, str], scheme: str) -> str | None:
    for key, value in headers.items():
        if key.lower() != "www-authenticate":
            continue
        for part in value.split(","):
            part = part.strip()
            if part.upper().startswith(scheme.upper() + " "):
                return part.split(" ", 1)[1].strip()
    return None


async def _post(session: Any, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    async with session.post(url, data=body, headers=headers, allow_redirects=False) as resp:
        data = await resp.read()
        return resp.status, _headers(resp), data


def _headers(resp: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in resp.headers.items():
        out[k] = f"{out[k]}, {v}" if k in out else v
    return out


class Autodiscover:
    """One Autodiscover run.

    Args:
        http: the HTTP policy (CA, overrides, per-request timeout).
        authenticate: how to POST with credentials (NTLM or bearer), or None for anonymous.
        deadline: overall seconds for the whole discovery.
    """

    def __init__(self, http: HttpPolicy, authenticate: Authenticator | None, deadline: float) -> None:
        self.http = http
        self.authenticate = authenticate
        self.deadline = deadline
        self.chain: list[Attempt] = []
        self._hops = 0
        self._seen: set[tuple[str, str]] = set()

    def _count_redirect(self, url: str) -> None:
        self._hops += 1
        if self._hops > MAX_HOPS:
            raise UserFacingError(translate("exchange", "more than {MAX_HOPS} Autodiscover redirects (last "
                                                        "at {url})").format(MAX_HOPS=MAX_HOPS, url=url), url=url,
                                  remedy=translate("exchange", "Check the Autodiscover redirects "
                                                               "configured on the servers.")).because("redirect")

    def _note(self, url: str, outcome: str, started: float) -> None:
        log.info("Autodiscover %s: %s", url, outcome)
        self.chain.append(Attempt(url, outcome, time.monotonic() - started))

    async def discover(self, email: str, explicit_url: str = "") -> AutodiscoverResult:
        """Find the settings for ``email``.

        Raises:
            AutodiscoverFailed: nothing produced settings; the exception carries the chain.
        """
        async with self.http.aiohttp_session() as session:
            try:
                async with asyncio.timeout(self.deadline):
                    res = await self._discover(session, email, explicit_url)
            except TimeoutError:
                raise AutodiscoverFailed(
                    translate("exchange", "Autodiscover for {email} found nothing within {deadline:g} s").format(
                        email=email, deadline=self.deadline),
                    self.chain,
                    translate("exchange", "Check the Autodiscover DNS records and firewalls, or enter the "
                                          "Autodiscover URL explicitly."),
                ) from None
        res.chain = self.chain
        return res

    async def _discover(self, session: Any, email: str, explicit_url: str) -> AutodiscoverResult:
        while True:
            urls = explicit_urls(explicit_url) if explicit_url else candidates(email.split("@")[-1])
            try:
                return await self._race(session, email, urls)
            except _Redirect as r:  # redirectAddr: restart for the new address
                if not r.target or "@" not in r.target:
                    raise AutodiscoverFailed(
                    translate("exchange", "Autodiscover redirected to an invalid address {target}").format(
                        target=repr(r.target)),
                    self.chain,
                    translate("exchange", "Check the Autodiscover configuration of the server."),
                ) from None
                email, explicit_url = r.target, ""

    async def _race(self, session: Any, email: str, urls: list[str]) -> AutodiscoverResult:
        tasks = [asyncio.create_task(self._probe(session, email, u), name=f"autodiscover:{u}") for u in urls]
        results: dict[int, AutodiscoverResult | BaseException] = {}
        try:
            grace_until: float | None = None
            pending = set(tasks)
            while pending:
                timeout = None if grace_until is None else max(0.0, grace_until - time.monotonic())
                done, pending = await asyncio.wait(pending, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                if not done:
                    break  # grace over
                for t in done:
                    results[tasks.index(t)] = t.exception() or t.result()
                # the best finished success whose higher-priority candidates are all finished wins
                for i in range(len(tasks)):
                    r = results.get(i)
                    if r is None:
                        break
                    if isinstance(r, AutodiscoverResult):
                        return r
                    if isinstance(r, _Redirect):
                        raise r
                if grace_until is None and any(isinstance(r, AutodiscoverResult | _Redirect) for r in results.values()):
                    grace_until = time.monotonic() + GRACE_SECONDS
            for i in range(len(tasks)):
                r = results.get(i)
                if isinstance(r, AutodiscoverResult):
                    return r
                if isinstance(r, _Redirect):
                    raise r
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        domain = email.rpartition("@")[2]
        errors = [r for i in sorted(results) if isinstance(r := results[i], UserFacingError)]
        rejected = [e for e in errors if getattr(e, "status", None) == 401]
        answered = [e for e in errors if isinstance(e, AutodiscoverError)]
        if answered and not rejected:  # a server that speaks Autodiscover said why: that is the answer
            first = answered[0]
            raise AutodiscoverFailed(translate("exchange", "{message} for {email}").format(
                message=first.message, email=email), self.chain,
                                     (first.remedy
             or translate("exchange", OTHER_ERROR_REMEDY)).replace("<domain>", domain))
        raise AutodiscoverFailed(
            translate("exchange", "Autodiscover: {host} rejected the credentials for {email}").format(
                host=(rejected[0].url or "").split("/")[2] if rejected[0].url else "?", email=email) if rejected
            else translate("exchange", "Autodiscover found no server for {email}").format(email=email)
            + _reason(errors),
            self.chain,
            _remedy_for(errors).replace("<domain>", domain),
        )

    async def _probe(self, session: Any, email: str, url: str) -> AutodiscoverResult:
        """Follow one candidate to settings, or raise what stopped it."""
        while True:
            soap = is_soap_url(url)
            body = soap_request_body(email, url) if soap else pox_request_body(email)
            key = (url, email)
            if key in self._seen:
                self._note(url, translate("exchange", "skipped: already tried by another candidate (or a "
                                                      "redirect loop)"), time.monotonic())
                raise UserFacingError(translate("exchange", "redirect loop at {url}").format(url=url),
                                      url=url).because("redirect")
            self._seen.add(key)
            started = time.monotonic()
            scheme = urlsplit(url).scheme
            try:
                if scheme == "http":
                    async with session.get(url, allow_redirects=False) as resp:
                        await resp.read()
                        status, headers, data = resp.status, _headers(resp), b""
                elif self.authenticate is not None:
                    status, headers, data = await self.authenticate(session, url, body)
                else:
                    status, headers, data = await _post(session, url, body, {"Content-Type": "text/xml"})
            except asyncio.CancelledError:
                self._note(url, translate("exchange", "cancelled: another candidate answered first"), started)
                raise
            except Exception as exc:
                err: NetworkError = translate_network_error(exc, url)
                self._note(url, err.message, started)
                raise err from None
            if status in (301, 302, 303, 307, 308) and "Location" in {k.title(): v for k, v in headers.items()}:
                location = next(v for k, v in headers.items() if k.lower() == "location")
                target = urljoin(url, location)
                self._note(url, translate("exchange", "HTTP {status} redirect to {target}").format(
                    status=status, target=target), started)
                if urlsplit(target).scheme != "https":
                    raise UserFacingError(translate("exchange", "{url} redirected to a non-https URL {target}").format(
                        url=url, target=target), url=url).because("redirect")
                self._count_redirect(url)
                url = target
                continue
            if scheme == "http":
                self._note(url, translate("exchange", "HTTP {status} (an http candidate is only used for a "
                                                      "redirect)").format(status=status), started)
                raise UserFacingError(translate("exchange", "{url}: no redirect").format(url=url), url=url)
            if status == 401:
                schemes = ", ".join(v for k, v in headers.items() if k.lower() == "www-authenticate") or "none"
                self._note(url, translate("exchange", "HTTP 401: credentials rejected (server offers: "
                                                      "{schemes})").format(schemes=schemes[:60]), started)
                err2 = UserFacingError(translate("exchange", "{url} rejected the credentials").format(url=url), url=url)
                err2.status = 401  # type: ignore[attr-defined]
                raise err2
            if status != 200 and not (soap and status == 500 and data.lstrip().startswith(b"<")):
                self._note(url, f"HTTP {status}", started)
                raise UserFacingError(translate("exchange", "{url} answered HTTP {status}").format(
                    url=url, status=status), url=url)
            try:
                res = parse_soap_response(data, url, email) if soap else parse_pox_response(data, url, email)
            except _Redirect as r:
                if r.kind == "url":
                    self._note(url, translate("exchange", "redirectUrl to {target}").format(target=r.target), started)
                    if not r.target.lower().startswith("https://"):
                        raise UserFacingError(translate("exchange", "{url} redirected to a non-https URL "
                                                                    "{target}").format(
                                                                        url=url, target=r.target),
                                              url=url).because("redirect") from None
                    self._count_redirect(url)
                    url = r.target
                    continue
                self._note(url, translate("exchange", "redirectAddr to {target}").format(target=r.target), started)
                self._count_redirect(url)
                raise
            except UserFacingError as exc:
                self._note(url, exc.message, started)
                raise
            found = res.external_ews_url or res.internal_ews_url
            self._note(url, translate("exchange", "{value} settings (EWS {found})").format(
                value='SOAP' if soap else 'POX', found=found), started)
            return res


def _reason(errors: list[UserFacingError]) -> str:
    """``": <the most telling reason>"`` for the summary line (TLS not trusted, an answer that is not Autodiscover,
    refused, DNS, no answer), so that it states the real reason and not only the chain; "" if none."""
    def rank(e: UserFacingError) -> int:  # by the cause, never the message (it is in the user's language)
        if e.__class__.__name__ == "TlsError":
            return 0
        return {"not_protocol": 1, "limits": 1, "redirect": 1, "refused": 2, "dns": 3}.get(e.reason or "", 4)

    best = min(errors, key=rank, default=None)
    return f": {best.message}" if best is not None and rank(best) < 4 else ""


def _remedy_for(errors: list[UserFacingError]) -> str:
    if any(getattr(e, "status", None) == 401 for e in errors):
        return (translate("exchange", "The server rejected the credentials: check the user and password "
                                      "(on-premises: the account must be able to log on to Exchange with "
                                      "NTLM)."))
    if any(e.__class__.__name__ == "TlsError" for e in errors):
        return next(e.remedy for e in errors if e.__class__.__name__ == "TlsError") or ""
    return (translate("exchange", "Create the DNS record autodiscover.<domain> pointing at the Exchange "
                                  "server, or enter the Autodiscover URL (e.g. https://mail.<domain>) "
                                  "explicitly."))


async def discover_v2(http: HttpPolicy, url: str, chain: list[Attempt]) -> str:
    """Autodiscover v2 JSON (Exchange Online): return the EWS URL.

    Raises:
        UserFacingError / NetworkError: no EWS URL in the answer.
    """
    started = time.monotonic()
    try:
        async with http.aiohttp_session() as session, session.get(url) as resp:
            status = resp.status
            data: Any = await resp.json(content_type=None) if status == 200 else None
    except (ValueError, UnicodeDecodeError, RecursionError):
        chain.append(Attempt(url, translate("exchange", "not JSON"), time.monotonic() - started))
        raise UserFacingError(translate("exchange", "{url} did not answer with Autodiscover v2 JSON").format(url=url),
                              url=url).because("not_protocol") from None
    except Exception as exc:
        err = translate_network_error(exc, url)
        chain.append(Attempt(url, err.message, time.monotonic() - started))
        raise err from None
    try:
        ews_url = parse_v2_response(status, data, url)
    except UserFacingError:
        chain.append(Attempt(url, f"HTTP {status}", time.monotonic() - started))
        raise
    chain.append(Attempt(url, translate("exchange", "EWS URL {url}").format(url=ews_url), time.monotonic() - started))
    return ews_url


def parse_v2_response(status: int, data: Any, url: str) -> str:
    """The EWS URL of an Autodiscover v2 answer (``{"Protocol": "EWS", "Url": "https://…"}``, Microsoft Learn
    "Autodiscover for Exchange", v2 JSON endpoint).

    Raises:
        UserFacingError: not HTTP 200, not a JSON object, or no ``Url`` string that looks like a URL.
    """
    found = data.get("Url") if status == 200 and isinstance(data, dict) else None
    if not isinstance(found, str) or not found.strip() or len(found) > 2048 or \
            urlsplit(found.strip()).scheme.lower() not in ("https", "http") or any(c.isspace() for c in found.strip()):
        raise UserFacingError(translate("exchange", "Autodiscover v2 at {url} answered HTTP {status} without an EWS "
                                                    "URL").format(url=url, status=status), url=url,
                              remedy=translate("exchange", "Check that the user has an Exchange Online mailbox."))
    return found.strip()
