"""Turn network exceptions of aiohttp and requests into explanations a technician can act on.

The one place where transport-level library exceptions become :class:`NetworkError` /
:class:`TlsError` (see DESIGN.md §2.5). TLS failures name the host and the certificate
problem and point at the extra CA file setting; verification is never turned off.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from urllib.parse import urlsplit

from calwizard.errors import NetworkError, TlsError
from calwizard.i18n import QT_TRANSLATE_NOOP, translate

CA_REMEDY = (
    QT_TRANSLATE_NOOP("exchange", "If the server uses a self-signed or company-CA certificate, set 'Extra "
                                  "CA file' (exchange.ca_file) to that CA's PEM file. Verification is "
                                  "never turned off.")
)


def _find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, kind):
            return cur
        for attr in ("os_error", "reason", "certificate_error"):
            inner = getattr(cur, attr, None)
            if isinstance(inner, kind):
                return inner
        args = getattr(cur, "args", ())
        for a in args:
            if isinstance(a, BaseException) and isinstance(a, kind):
                return a
        cur = cur.__cause__ or cur.__context__
    return None


def translate_network_error(exc: BaseException, url: str) -> NetworkError:
    """Explain ``exc`` raised while requesting ``url``.

    Returns a :class:`TlsError` for certificate problems, otherwise a :class:`NetworkError`
    whose message names the host and what happened (DNS, refused, reset, timeout).
    """
    host = urlsplit(url).hostname or url
    cert = _find(exc, ssl.SSLCertVerificationError)
    if cert is not None:
        why = getattr(cert, "verify_message", "") or str(cert)
        return TlsError(
            translate("exchange", "the TLS certificate of {host} is not trusted ({why})").format(host=host, why=why),
            host=host,
            url=url,
            remedy=CA_REMEDY,
        )
    if _find(exc, ssl.SSLError) is not None:
        return TlsError(
            translate("exchange", "the TLS handshake with {host} failed ({find})").format(
                host=host, find=_find(exc, ssl.SSLError)),
            host=host,
            url=url,
            remedy=translate("exchange", "Check that the server speaks HTTPS on that port and supports TLS "
                                         "1.2 or newer."),
        )
    if _find(exc, socket.gaierror) is not None or "Name or service not known" in str(exc):
        return NetworkError(
            translate("exchange", "the host name {host} cannot be resolved (DNS)").format(host=host),
            host=host,
            url=url,
            remedy=translate("exchange", "Check the spelling, the DNS records, or add a host override to "
                                         "test before DNS is ready."),
        )
    if _find(exc, ConnectionRefusedError) is not None:
        return NetworkError(
            translate("exchange", "{host} refused the connection").format(host=host), host=host, url=url,
            remedy=translate("exchange", "Check that the server is running and that a firewall lets this "
                                         "port through."),
        )
    if isinstance(exc, TimeoutError | asyncio.TimeoutError) or _find(exc, TimeoutError) is not None or (
        "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower()
    ):
        return NetworkError(
            translate("exchange", "{host} did not answer in time").format(host=host), host=host, url=url,
            remedy=translate("exchange", "Check firewalls and proxies between this machine and the server."),
        )
    if _find(exc, ConnectionResetError) is not None:
        return NetworkError(translate("exchange", "{host} closed the connection").format(host=host), host=host, url=url,
                            remedy=translate("exchange", "A proxy or firewall may be interfering; try again."))
    return NetworkError(translate("exchange", "cannot reach {host}: {name}: {exc}").format(
        host=host, name=type(exc).__name__, exc=exc), host=host, url=url,
                        remedy=translate("exchange", "Check the network path to the server."))
