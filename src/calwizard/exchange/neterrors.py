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

CA_REMEDY = (
    "If the server uses a self-signed or company-CA certificate, set 'Extra CA file' (exchange.ca_file) "
    "to that CA's PEM file. Verification is never turned off."
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
            f"the TLS certificate of {host} is not trusted ({why})",
            host=host,
            url=url,
            remedy=CA_REMEDY,
        )
    if _find(exc, ssl.SSLError) is not None:
        return TlsError(
            f"the TLS handshake with {host} failed ({_find(exc, ssl.SSLError)})",
            host=host,
            url=url,
            remedy="Check that the server speaks HTTPS on that port and supports TLS 1.2 or newer.",
        )
    if _find(exc, socket.gaierror) is not None or "Name or service not known" in str(exc):
        return NetworkError(
            f"the host name {host} cannot be resolved (DNS)",
            host=host,
            url=url,
            remedy="Check the spelling, the DNS records, or add a host override to test before DNS is ready.",
        )
    if _find(exc, ConnectionRefusedError) is not None:
        return NetworkError(
            f"{host} refused the connection", host=host, url=url,
            remedy="Check that the server is running and that a firewall lets this port through.",
        )
    if isinstance(exc, TimeoutError | asyncio.TimeoutError) or _find(exc, TimeoutError) is not None or (
        "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower()
    ):
        return NetworkError(
            f"{host} did not answer in time", host=host, url=url,
            remedy="Check firewalls and proxies between this machine and the server.",
        )
    if _find(exc, ConnectionResetError) is not None:
        return NetworkError(f"{host} closed the connection", host=host, url=url,
                            remedy="A proxy or firewall may be interfering; try again.")
    return NetworkError(f"cannot reach {host}: {type(exc).__name__}: {exc}", host=host, url=url,
                        remedy="Check the network path to the server.")
