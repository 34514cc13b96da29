"""Turn network exceptions of aiohttp and requests into explanations a technician can act on.

The one place where transport-level library exceptions become :class:`NetworkError` /
:class:`TlsError` (see DESIGN.md §2.5). TLS failures name the host and the certificate
problem and point at the extra CA file setting; verification is never turned off.

:func:`classify_transport` also recognizes a server that answers, but not with the protocol expected
(kind ``not_ews``): a web page instead of SOAP, a truncated or malformed SOAP envelope, a redirect loop, an
answer beyond the size or time limits of :class:`calwizard.exchange.http.HttpPolicy` — a failed check with a
remedy, never an internal error.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from calwizard import i18n
from calwizard.errors import NetworkError, TlsError
from calwizard.i18n import QT_TRANSLATE_NOOP, translate

CA_REMEDY = (
    QT_TRANSLATE_NOOP("exchange", "If the server uses a self-signed or company-CA certificate, set 'Extra "
                                  "CA file' (exchange.ca_file) to that CA's PEM file. Verification is "
                                  "never turned off.")
)


MISMATCH_REMEDY = QT_TRANSLATE_NOOP(
    "exchange", "The server's certificate is issued for other host names: use the host name it is issued for (check "
                "the URL and the host overrides), or have the server's certificate include {host}. Verification is "
                "never turned off.")


def _find(exc: BaseException, kind: type[BaseException] | str) -> BaseException | None:
    """The first exception of ``kind`` (a class, or a class name such as urllib3's ``CertificateError``) in
    ``exc``'s chain, its ``os_error``/``reason``/``certificate_error`` and its exception arguments."""
    def match(e: object) -> bool:
        return isinstance(e, BaseException) and (type(e).__name__ == kind if isinstance(kind, str)
                                                  else isinstance(e, kind))

    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if match(cur):
            return cur
        for attr in ("os_error", "reason", "certificate_error"):
            inner = getattr(cur, attr, None)
            if match(inner):
                return inner
            if isinstance(inner, BaseException) and id(inner) not in seen:  # urllib3: MaxRetryError.reason
                found = _find(inner, kind)
                if found is not None:
                    return found
        for a in getattr(cur, "args", ()):
            if match(a):
                return a
            if isinstance(a, BaseException) and id(a) not in seen:  # requests: SSLError(SSLError(...))
                found = _find(a, kind)
                if found is not None:
                    return found
        cur = cur.__cause__ or cur.__context__
    return None


def translate_network_error(exc: BaseException, url: str) -> NetworkError:
    """Explain ``exc`` raised while requesting ``url``.

    Returns a :class:`TlsError` for certificate problems, otherwise a :class:`NetworkError`
    whose message names the host and what happened (DNS, refused, reset, timeout).
    """
    host = urlsplit(url).hostname or url
    from calwizard.exchange.http import ResponseLimitError

    if isinstance(exc, ResponseLimitError):
        return NetworkError(translate("exchange", "{host} answered beyond calwizard's limits: {why}").format(
                                host=host, why=exc), host=host, url=url,
                            remedy=translate("exchange", "This is not the server calwizard expects, or a proxy "
                                                         "answers in its place: check the URL, the host overrides "
                                                         "and any proxy in between.")).because("limits")
    mismatch = _find(exc, "CertificateError")  # urllib3's own host name check (a ValueError, not ssl's)
    if mismatch is not None and not isinstance(mismatch, ssl.SSLError):
        return TlsError(certificate_problem(host, 62, str(mismatch)), host=host, url=url,
                        remedy=translate("exchange", MISMATCH_REMEDY).format(host=host)
                        ).with_detail(mismatch).because("tls_name")
    cert = _find(exc, ssl.SSLCertVerificationError)
    if cert is not None:
        if getattr(cert, "verify_code", None) == 62:
            return TlsError(certificate_problem(host, 62, getattr(cert, "verify_message", "") or str(cert)),
                            host=host, url=url, remedy=translate("exchange", MISMATCH_REMEDY).format(host=host)
                            ).with_detail(cert).because("tls_name")
        why = getattr(cert, "verify_message", "") or str(cert)
        return TlsError(certificate_problem(host, getattr(cert, "verify_code", None), why), host=host, url=url,
                        remedy=translate("exchange", CA_REMEDY)).with_detail(cert).because("tls")
    if _find(exc, ssl.SSLError) is not None:
        return TlsError(
            (f"the TLS handshake with {host} failed ({_find(exc, ssl.SSLError)})"
             if i18n.language() == i18n.SOURCE_LANGUAGE else
             translate("exchange", "the TLS handshake with {host} failed").format(host=host)),
            host=host,
            url=url,
            remedy=translate("exchange", "Check that the server speaks HTTPS on that port and supports TLS "
                                         "1.2 or newer."),
        ).with_detail(_find(exc, ssl.SSLError)).because("tls")
    if _find(exc, socket.gaierror) is not None or "Name or service not known" in str(exc):
        return NetworkError(
            translate("exchange", "the host name {host} cannot be resolved (DNS)").format(host=host),
            host=host,
            url=url,
            remedy=translate("exchange", "Check the spelling, the DNS records, or add a host override to "
                                         "test before DNS is ready."),
        ).with_detail(_raw(exc)).because("dns")
    if _find(exc, ConnectionRefusedError) is not None or "Connection refused" in str(exc) or \
            "[Errno 111]" in str(exc):
        return NetworkError(
            translate("exchange", "{host} refused the connection").format(host=host), host=host, url=url,
            remedy=translate("exchange", "Check that the server is running and that a firewall lets this "
                                         "port through."),
        ).with_detail(_raw(exc)).because("refused")
    if isinstance(exc, TimeoutError | asyncio.TimeoutError) or _find(exc, TimeoutError) is not None or (
        "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower()
    ):
        return NetworkError(
            translate("exchange", "{host} did not answer in time").format(host=host), host=host, url=url,
            remedy=translate("exchange", "Check firewalls and proxies between this machine and the server."),
        ).with_detail(_raw(exc)).because("timeout")
    if _find(exc, ConnectionResetError) is not None:
        return NetworkError(translate("exchange", "{host} closed the connection").format(host=host), host=host,
                            url=url, remedy=translate("exchange", "A proxy or firewall may be interfering; try again.")
                            ).with_detail(_raw(exc)).because("reset")
    if i18n.language() == i18n.SOURCE_LANGUAGE:  # English: the exception's own text in the message, as before
        message = f"cannot reach {host}: {type(exc).__name__}: {exc}"
    else:  # another language: a sentence in it; the English exception text goes to the details
        message = translate("exchange", "cannot reach {host}").format(host=host)
    return NetworkError(message, host=host, url=url,
                        remedy=translate("exchange", "Check the network path to the server.")).with_detail(_raw(exc))


def _raw(exc: BaseException) -> str:
    """The exception as ``Type: text`` (for the details)."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_CERT_UNTRUSTED_CA = frozenset({2, 18, 19, 20, 21})
"""OpenSSL verify codes of a chain that ends in a CA this machine does not trust (unable to get issuer certificate,
self-signed certificate, self-signed certificate in chain, unable to get local issuer certificate, unable to
verify the first certificate)."""


def certificate_problem(host: str, code: int | None, why: str) -> str:
    """The sentence for a failed certificate verification of ``host``: by OpenSSL's verify ``code``
    (``X509_V_ERR_*``) for the common cases — a CA not trusted here, a certificate for another host name, an
    expired or not yet valid certificate — in the interface language, OpenSSL's English text ``why`` left to the
    details. In English the message keeps ``why`` in parentheses, as it always did."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return f"the TLS certificate of {host} is not trusted ({why})"
    if code in _CERT_UNTRUSTED_CA:
        text = translate("exchange", "the TLS certificate of {host} is not trusted: it is issued by a certificate "
                                     "authority this computer does not trust (self-signed or a company CA)")
    elif code == 62 or "Hostname mismatch" in why:
        text = translate("exchange", "the TLS certificate of {host} is not trusted: it is issued for another host "
                                     "name")
    elif code == 10:
        text = translate("exchange", "the TLS certificate of {host} is not trusted: it has expired")
    elif code == 9:
        text = translate("exchange", "the TLS certificate of {host} is not trusted: it is not valid yet")
    else:
        text = translate("exchange", "the TLS certificate of {host} is not trusted")
    return text.format(host=host)


NOT_EWS_REMEDY = QT_TRANSLATE_NOOP(
    "exchange", "The URL answers, but not as Exchange Web Services: check the EWS URL (usually "
                "https://<mail server>/EWS/Exchange.asmx) and that no proxy, load balancer or web server answers in "
                "its place.")
"""The remedy of every ``not_ews`` failure (marked for translation: pass it through ``translate("exchange", …)``)."""


@dataclass(frozen=True)
class TransportFailure:
    """What went wrong below the EWS protocol. ``kind``: ``tls`` | ``network`` | ``not_ews``; ``message`` names the
    real reason in one line (TLS not trusted, DNS, refused, not EWS …)."""

    kind: str
    message: str
    remedy: str = ""
    detail: str = ""
    """The library's own (English) text, for the details only."""


# exchangelib's messages for an answer that is no EWS answer (its MalformedResponseError, SOAPError and
# TransportError carry them; classify by the message, as its classes are reused for other things)
_NOT_EWS_TEXTS = ("No Body element in SOAP response", "Unknown SOAP response", "No valid version headers",
                  "Redirect to same location", "Redirect loop", "Max redirect count exceeded")


def _wrapped_transport(exc: BaseException) -> BaseException | None:
    """The requests/socket exception behind an exchangelib error, following ``__cause__``/``__context__``."""
    import requests

    seen: set[int] = set()
    cur = exc.__cause__ or exc.__context__
    while cur is not None and id(cur) not in seen and len(seen) < 12:
        seen.add(id(cur))
        if isinstance(cur, requests.exceptions.RequestException | OSError):
            return cur
        cur = cur.__cause__ or cur.__context__
    return None


def classify_transport(exc: BaseException, url: str) -> TransportFailure | None:
    """Explain ``exc`` (raised by requests, aiohttp or exchangelib while talking to ``url``) if it is a transport or
    not-the-protocol failure; None for anything else (EWS response codes, bugs).

    Recognized: the response limits (:class:`~calwizard.exchange.http.ResponseLimitError`), redirect loops
    (``requests.TooManyRedirects``, exchangelib's redirect errors), answers that are not SOAP/EWS (exchangelib's
    ``MalformedResponseError``/``SOAPError``, XML syntax errors, a forbidden DTD or entity), TLS failures and
    network failures (DNS, refused, reset, timeout: :func:`translate_network_error`).
    """
    import requests

    from calwizard.exchange.http import ResponseLimitError, ResponseTooLarge

    host = urlsplit(url).hostname or url
    name = type(exc).__name__
    not_ews = translate("exchange", NOT_EWS_REMEDY)
    if "IncompleteRead" in str(exc) or isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return TransportFailure("not_ews", translate(
            "exchange", "{host} cut its answer short (the connection closed before the answer it announced was "
                        "complete): not a complete EWS answer").format(host=host), not_ews)
    if name == "TransportError" or name.startswith("Error"):  # exchangelib wraps what requests raised
        inner = _wrapped_transport(exc)
        if inner is not None:
            return classify_transport(inner, url)
        if "Reraised from " in str(exc):  # exchangelib re-raised a connection failure as a ResponseCode
            err = translate_network_error(exc, url)
            return TransportFailure("tls" if isinstance(err, TlsError) else "network", err.message, err.remedy or "",
                                    err.detail)
    if isinstance(exc, ResponseLimitError):
        what = (translate("exchange", "not an EWS server: {host} answered with more than the size limit ({why})")
                if isinstance(exc, ResponseTooLarge) else
                translate("exchange", "not an EWS server: {host} did not finish its answer within the time limit "
                                      "({why})"))
        return TransportFailure("not_ews", what.format(host=host, why=exc), not_ews)
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return TransportFailure("not_ews", translate("exchange", "not an EWS server: {host} redirects in a loop")
                                .format(host=host), not_ews)
    text = str(exc)
    xml_errors: tuple[type[BaseException], ...] = ()
    try:
        from defusedxml import DefusedXmlException
        from lxml.etree import XMLSyntaxError

        xml_errors = (XMLSyntaxError, DefusedXmlException)
    except ImportError:  # pragma: no cover
        pass
    if xml_errors and isinstance(exc, xml_errors):
        return TransportFailure("not_ews", translate(
            "exchange", "not an EWS server: {host} answered with something that is not SOAP ({name})").format(
                host=host, name=name), not_ews)
    if name in ("MalformedResponseError", "SOAPError", "ParseError") or (
            name == "TransportError" and any(t in text for t in _NOT_EWS_TEXTS)):
        reason = (translate("exchange", "not an EWS server: {host} redirects in a loop") if "edirect" in text else
                  translate("exchange", "not an EWS server: {host} answered with something that is not EWS "
                                        "({text})"))
        return TransportFailure("not_ews", reason.format(host=host, text=text[:120]), not_ews)
    if isinstance(exc, requests.exceptions.RequestException | OSError | TimeoutError) or name.startswith("Client"):
        err = translate_network_error(exc, url)
        return TransportFailure("tls" if isinstance(err, TlsError) else "network", err.message, err.remedy or "",
                                err.detail)
    return None
