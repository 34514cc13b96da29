"""SOAP 1.1 helpers of the sandbox: namespaces, a tiny XML writer and defensive parsing.

Responses are written as text with the prefixes real Exchange uses (``s:`` envelope, ``m:`` messages,
``t:`` types, ``e:`` errors, ``h:`` for the ``ServerVersionInfo`` header). Requests are parsed with
defusedxml (no entities, no DTDs), like exchangelib does.

References: "EWS XML elements in Exchange" (messages.xsd/types.xsd), "ServerVersionInfo",
"ResponseCode", and SOAP 1.1 Fault (W3C NOTE-SOAP-20000508, section 4.4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
M_NS = "http://schemas.microsoft.com/exchange/services/2006/messages"
T_NS = "http://schemas.microsoft.com/exchange/services/2006/types"
E_NS = "http://schemas.microsoft.com/exchange/services/2006/errors"
AUTOD_NS = "http://schemas.microsoft.com/exchange/2010/Autodiscover"
WSA_NS = "http://www.w3.org/2005/08/addressing"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
POX_REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
POX_RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
POX_OUTLOOK_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"

XML_DECL = '<?xml version="1.0" encoding="utf-8"?>'
CONTENT_TYPE = "text/xml; charset=utf-8"


class XmlError(ValueError):
    """The request body is not well-formed (or is hostile) XML."""


def parse(body: bytes) -> Element:
    """Parse a request body with defusedxml. Raises :class:`XmlError`."""
    try:
        return SafeET.fromstring(body)
    except (SafeET.ParseError, DefusedXmlException, ValueError) as e:
        raise XmlError(str(e)) from None


def q(ns: str, local: str) -> str:
    """Clark notation ``{ns}local`` for ElementTree look-ups."""
    return f"{{{ns}}}{local}"


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def text_of(elem: Element | None, default: str = "") -> str:
    return (elem.text or "").strip() if elem is not None else default


# ---------------------------------------------------------------------------------------------- writer


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quote(value: str) -> str:
    """An attribute value in double quotes (what ``xml.sax.saxutils.quoteattr`` writes, without its scan)."""
    v = _escape(value)
    if '"' in v or "\n" in v or "\r" in v or "\t" in v:
        v = v.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{v}"'


def el(tag: str, *children: str | None, attrs: Mapping[str, object] | None = None, text: object = None) -> str:
    """One element as text. ``children`` are already-serialized strings (None entries are skipped);
    ``text`` is escaped. Attribute values are converted with ``str`` (bools as ``true``/``false``)."""
    attr_text = ""
    if attrs:
        parts = []
        for k, v in attrs.items():
            if v is None:
                continue
            if isinstance(v, bool):
                v = "true" if v else "false"
            parts.append(f" {k}={_quote(str(v))}")
        attr_text = "".join(parts)
    body = "".join([c for c in children if c]) if children else ""
    if text is not None:
        if isinstance(text, bool):
            text = "true" if text else "false"
        body = _escape(str(text)) + body
    if not body:
        return f"<{tag}{attr_text}/>"
    return f"<{tag}{attr_text}>{body}</{tag}>"


def join(items: Iterable[str | None]) -> str:
    return "".join(i for i in items if i)


# ------------------------------------------------------------------------------------------- envelopes


def server_version_info(build: tuple[int, int, int, int], version: str) -> str:
    """The ``h:ServerVersionInfo`` SOAP header Exchange puts on every EWS response."""
    major, minor, major_build, minor_build = build
    return el(
        "h:ServerVersionInfo",
        attrs={
            "MajorVersion": major,
            "MinorVersion": minor,
            "MajorBuildNumber": major_build,
            "MinorBuildNumber": minor_build,
            "Version": version,
            "xmlns:h": T_NS,
            "xmlns": T_NS,
            "xmlns:xsd": XSD_NS,
            "xmlns:xsi": XSI_NS,
        },
    )


def envelope(body: str, header: str = "") -> bytes:
    """A complete SOAP 1.1 envelope (UTF-8 bytes)."""
    head = f"<s:Header>{header}</s:Header>" if header else ""
    return (
        f'{XML_DECL}<s:Envelope xmlns:s="{SOAP_NS}">{head}'
        f'<s:Body xmlns:xsi="{XSI_NS}" xmlns:xsd="{XSD_NS}">{body}</s:Body></s:Envelope>'
    ).encode()


def ews_fault(
    code: str,
    message: str,
    *,
    back_off_ms: int | None = None,
    extra_values: Mapping[str, str] | None = None,
    faultcode_ns: str = T_NS,
) -> str:
    """An EWS SOAP fault body (sent with HTTP 500), e.g. ErrorServerBusy or ErrorImpersonateUserDenied.

    ``back_off_ms`` adds ``<t:MessageXml><t:Value Name="BackOffMilliseconds">`` as Exchange does when
    throttling.
    """
    values = dict(extra_values or {})
    if back_off_ms is not None:
        values = {"BackOffMilliseconds": str(back_off_ms), **values}
    message_xml = None
    if values:
        message_xml = el(
            "t:MessageXml",
            *(el("t:Value", attrs={"Name": k}, text=v) for k, v in values.items()),
            attrs={"xmlns:t": T_NS},
        )
    return el(
        "s:Fault",
        el("faultcode", attrs={"xmlns:a": faultcode_ns}, text=f"a:{code}"),
        el("faultstring", attrs={"xml:lang": "en-US"}, text=message),
        el(
            "detail",
            el("e:ResponseCode", attrs={"xmlns:e": E_NS}, text=code),
            el("e:Message", attrs={"xmlns:e": E_NS}, text=message),
            message_xml,
        ),
    )


def client_fault(message: str) -> str:
    """A plain SOAP ``s:Client`` fault (malformed requests)."""
    return el(
        "s:Fault",
        el("faultcode", text="s:Client"),
        el("faultstring", attrs={"xml:lang": "en-US"}, text=message),
    )


def response_message(
    operation: str,
    content: str = "",
    *,
    error_code: str | None = None,
    message_text: str = "",
    response_class: str | None = None,
    empty_container: str | None = None,
) -> str:
    """One ``m:<Operation>ResponseMessage``: Success with ``content`` or an error with code and text."""
    tag = f"m:{operation}ResponseMessage"
    if error_code is None or error_code == "NoError":
        return el(
            tag, el("m:ResponseCode", text="NoError"), content, attrs={"ResponseClass": response_class or "Success"}
        )
    return el(
        tag,
        el("m:MessageText", text=message_text),
        el("m:ResponseCode", text=error_code),
        el("m:DescriptiveLinkKey", text="0"),
        content or (el(empty_container) if empty_container else None),
        attrs={"ResponseClass": response_class or "Error"},
    )


def operation_response(operation: str, messages: Iterable[str]) -> str:
    """``m:<Operation>Response`` with ``m:ResponseMessages`` wrapping ``messages``."""
    return el(
        f"m:{operation}Response",
        el("m:ResponseMessages", *messages),
        attrs={"xmlns:m": M_NS, "xmlns:t": T_NS},
    )


def bool_text(value: bool) -> str:
    return "true" if value else "false"
