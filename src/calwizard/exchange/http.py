"""HTTP policy shared by every network call: trusted CAs, host overrides, timeouts.

One :class:`HttpPolicy` is built from the settings and applied to all three HTTP
stacks calwizard uses:

* our own asyncio code (Autodiscover, OpenID discovery, Graph) through
  :meth:`HttpPolicy.aiohttp_session` — truly cancellable requests;
* msal, through a ``requests.Session`` from :meth:`HttpPolicy.requests_session`
  (msal's ``http_client`` argument);
* exchangelib, through :func:`install_exchangelib_policy`, which sets
  ``exchangelib.protocol.BaseProtocol.HTTP_ADAPTER_CLS`` — exchangelib's own
  documented extension point for custom certificate handling ("Advanced usage"
  of the exchangelib docs). That attribute is process-wide, so one process
  validates one configuration at a time.

TLS verification is never turned off: the answer to a self-signed or private-CA
server is an extra CA file that is trusted *in addition to* the public roots.

**Response limits** (one place for all three stacks): every response body is read at most
:attr:`HttpPolicy.max_response_bytes` bytes (default 16 MiB, counted after decompression, and refused at
once when ``Content-Length`` says more), and every request — connecting, sending, the response headers
and the whole body — ends within :attr:`HttpPolicy.total_seconds` (default: three times the per-request
timeout, i.e. 60 s for the default 20 s), however slowly the server drips its answer. Exceeding either raises a
:class:`ResponseLimitError` (``ResponseTooLarge`` / ``ResponseTooSlow``: a ``requests`` exception for
requests and exchangelib, an ``aiohttp.ClientError`` for aiohttp), which
:func:`calwizard.exchange.neterrors.translate_network_error` explains. How:

* requests / msal / exchangelib: :class:`PolicyAdapter` reads the body itself under the size cap; a
  per-thread deadline clamps the timeout of every TLS ``recv`` and of the TLS handshake to the time left (a
  socket class of the policy's SSL context; plain-HTTP sockets likewise, through a urllib3 connection class), so
  a dripping server cannot outlast it; the connect timeout (the TCP connection and the TLS handshake) is at most
  :attr:`HttpPolicy.timeout` whatever the caller asks (exchangelib asks for 120 s), and a handshake cut off
  there is a :class:`TlsHandshakeTimeout`;
* aiohttp: the session's ``ClientTimeout(total=..., sock_connect=...)`` (``sock_connect`` bounds the TCP
  connection and the TLS handshake) and a response class whose ``read()`` (and so
  ``json()``/``text()``) stops at the cap. Long-lived streams (EWS streaming notifications) pass their own
  timeout and bound what they buffer themselves (:data:`HttpPolicy.max_response_bytes` per message);
* websockets: :meth:`HttpPolicy.ws_connect_options` (message size cap, heartbeat).

Host overrides work like curl's ``--connect-to``: the TCP connection goes to
another address (and port), while the TLS server name (SNI), the certificate's
host name check and the HTTP ``Host`` header keep the original name. Keys are
``host`` or ``host:port``; values ``address`` or ``address:port``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import certifi
import requests
from requests.adapters import HTTPAdapter

from calwizard import activity
from calwizard.errors import ConfigError
from calwizard.i18n import translate

if TYPE_CHECKING:
    import aiohttp

DEFAULT_PORTS = {"http": 80, "https": 443}
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
"""Largest response body read (16 MiB: a 48-hour calendar view or a Graph ``$batch`` of 20 mailboxes takes far
less)."""
MIN_TOTAL_SECONDS = 3.0
_CONTEXTS: dict[tuple[str, int], ssl.SSLContext] = {}
_CONTEXT_LOCK = threading.Lock()


# --------------------------------------------------------------------------- limit errors


class ResponseLimitError(Exception):
    """A response broke a limit of the :class:`HttpPolicy`. Attributes: ``url``, ``limit`` (bytes or seconds)."""

    what = "limit"

    def __init__(self, url: str, limit: float) -> None:
        super().__init__(self.describe(url, limit))
        self.url = url
        self.limit = limit

    @classmethod
    def describe(cls, url: str, limit: float) -> str:
        return translate("exchange", "the answer of {url} broke a limit ({limit:g})").format(url=url, limit=limit)


class ResponseTooLarge(ResponseLimitError):
    """The body is larger than :attr:`HttpPolicy.max_response_bytes`."""

    what = "size"

    @classmethod
    def describe(cls, url: str, limit: float) -> str:
        return translate("exchange", "the answer of {url} is larger than {size}").format(url=url, size=_mib(limit))


class ResponseTooSlow(ResponseLimitError):
    """The whole exchange took longer than :attr:`HttpPolicy.total_seconds`."""

    what = "time"

    @classmethod
    def describe(cls, url: str, limit: float) -> str:
        return translate("exchange", "the answer of {url} did not arrive completely within {limit:g} s").format(
            url=url, limit=limit)


class TlsHandshakeTimeout(TimeoutError):
    """The server accepted the TCP connection but did not complete its TLS handshake in time (a trickling or
    stalled handshake). Attribute ``seconds``: the time it had."""

    def __init__(self, seconds: float) -> None:
        super().__init__(translate("exchange", "the TLS handshake did not complete within {s:g} s").format(
            s=round(seconds, 1)))
        self.seconds = seconds


class RequestsResponseTooLarge(ResponseTooLarge, requests.exceptions.RequestException):
    """:class:`ResponseTooLarge` as a requests exception (msal and exchangelib handle those)."""


class RequestsResponseTooSlow(ResponseTooSlow, requests.exceptions.Timeout):
    """:class:`ResponseTooSlow` as a requests timeout."""


def _mib(n: float) -> str:
    return f"{n / (1024 * 1024):g} MiB" if n >= 1024 * 1024 else f"{int(n)} bytes"


# --------------------------------------------------------------------------- the per-thread deadline (requests)

_deadline = threading.local()


@contextlib.contextmanager
def _deadline_scope(at: float, url: str, limit: float) -> Iterator[None]:
    """Within the block, TLS reads of this thread end by ``at`` (``time.monotonic()``)."""
    previous = getattr(_deadline, "value", None)
    _deadline.value = (at, url, limit)
    try:
        yield
    finally:
        _deadline.value = previous


_UNCHANGED = object()


def _clamped(base: float | None) -> Any:
    """``base`` (a socket timeout) cut to the time left of the calling thread's deadline; :data:`_UNCHANGED` when
    the thread has none. Raises :class:`RequestsResponseTooSlow` when the deadline has passed."""
    current = getattr(_deadline, "value", None)
    if current is None:
        return _UNCHANGED
    at, url, limit = current
    left = at - time.monotonic()
    if left <= 0:
        raise RequestsResponseTooSlow(url, limit)
    return left if base is None else min(base, left)


class _DeadlineSocket(socket.socket):
    """A plain TCP socket (``http://``) whose every receive waits no longer than the calling thread's deadline
    allows. No new slots: :class:`_DeadlineHTTPConnection` switches the class of the socket urllib3 made. The
    base timeout is the socket's own — urllib3 sets the read timeout before each request."""

    __slots__ = ()

    def recv(self, buflen: int = 1024, flags: int = 0) -> bytes:
        clamped = _clamped(self.gettimeout())
        if clamped is not _UNCHANGED:
            self.settimeout(clamped)
        return super().recv(buflen, flags)

    def recv_into(self, buffer: Any, nbytes: int = 0, flags: int = 0) -> int:
        clamped = _clamped(self.gettimeout())
        if clamped is not _UNCHANGED:
            self.settimeout(clamped)
        return super().recv_into(buffer, nbytes, flags)


class _DeadlineSSLSocket(ssl.SSLSocket):
    """An SSL socket whose every receive waits no longer than the calling thread's deadline allows."""

    _cw_timeout: float | None = None

    def settimeout(self, value: float | None) -> None:
        self._cw_timeout = value
        super().settimeout(value)

    def _clamp(self) -> None:
        clamped = _clamped(self._cw_timeout if self._cw_timeout is not None else self.gettimeout())
        if clamped is not _UNCHANGED:
            super().settimeout(clamped)

    def do_handshake(self, block: bool = False) -> None:
        """The TLS handshake within the thread's deadline: CPython bounds the whole handshake by the socket timeout
        (not each read), so a server trickling its handshake byte by byte ends when the deadline does."""
        before = self.gettimeout()
        self._clamp()
        allowed = self.gettimeout()
        try:
            super().do_handshake(block)
        except TimeoutError as exc:
            raise TlsHandshakeTimeout(allowed or 0.0) from exc
        finally:
            with contextlib.suppress(OSError):
                super().settimeout(before)

    def recv(self, buflen: int = 1024, flags: int = 0) -> bytes:
        self._clamp()
        return super().recv(buflen, flags)

    def recv_into(self, buffer: Any, nbytes: int | None = None, flags: int = 0) -> int:
        self._clamp()
        return super().recv_into(buffer, nbytes, flags)


def _split_hostport(value: str, default_port: int | None) -> tuple[str, int | None]:
    host, sep, port = value.rpartition(":")
    if sep and port.isdigit():
        return host.lower(), int(port)
    return value.lower(), default_port


@dataclass(frozen=True)
class HttpPolicy:
    """How calwizard connects: extra CA, host overrides and the per-request timeout.

    Args:
        ca_file: extra PEM CA file trusted in addition to the public roots (certifi), or None.
        host_overrides: ``{"host[:port]": "address[:port]"}`` (see module docstring).
        timeout: per-request timeout in seconds (connect and each read).
        cache_dir: where the combined CA bundle for requests is written (public certificates only).
        max_response_bytes: the largest response body read (bytes, after decompression).
        max_response_seconds: the longest a whole request may take, answer included (seconds); None: see
            :attr:`total_seconds`.
    """

    ca_file: Path | None = None
    host_overrides: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 20.0
    cache_dir: Path | None = None
    debug_log: Any = field(default=None, compare=False, repr=False)
    """A :class:`calwizard.exchange.debuglog.DebugLog` (EWS protocol debugging), or None: every request and response
    of the sessions made from this policy is written to it, secrets masked."""
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    max_response_seconds: float | None = None

    @property
    def total_seconds(self) -> float:
        """The longest one request may take, answer included: :attr:`max_response_seconds`, else three times
        the per-request timeout (60 s for the default 20 s)."""
        if self.max_response_seconds is not None:
            return self.max_response_seconds
        return max(MIN_TOTAL_SECONDS, 3 * self.timeout)

    @classmethod
    def from_settings(cls, exchange: Any, cache_dir: Path | None = None) -> HttpPolicy:
        """Build the policy from :class:`calwizard.settings.ExchangeSettings`.

        Raises:
            ConfigError: the extra CA file does not exist or holds no PEM certificate.
        """
        ca = Path(exchange.ca_file).expanduser() if exchange.ca_file else None
        if ca is not None:
            try:
                text = ca.read_text("ascii", errors="replace")
            except OSError:
                raise ConfigError(
                    f"the extra CA file {ca} cannot be read",
                    field="exchange.ca_file",
                    remedy="Choose the PEM file of the CA that issued the server's certificate.",
                ) from None
            if "-----BEGIN CERTIFICATE-----" not in text:
                raise ConfigError(
                    f"{ca} holds no PEM certificate",
                    field="exchange.ca_file",
                    remedy="Export the CA certificate as Base-64 (PEM), not DER or PFX.",
                )
        return cls(
            ca_file=ca,
            host_overrides=dict(exchange.host_overrides),
            timeout=float(exchange.timeout_seconds),
            cache_dir=cache_dir,
        )

    # ------------------------------------------------------------------ overrides

    def connect_target(self, scheme: str, host: str, port: int | None) -> tuple[str, int] | None:
        """Where to connect for ``scheme://host:port``, or None when not overridden.

        A ``host:port`` key wins over a bare ``host`` key; a value without port keeps the port.
        """
        port = port or DEFAULT_PORTS.get(scheme, 443)
        host = host.lower()
        target = self.host_overrides.get(f"{host}:{port}") or self.host_overrides.get(host)
        if target is None:
            return None
        addr, tport = _split_hostport(target, port)
        return addr, tport or port

    # ------------------------------------------------------------------ TLS

    def ssl_context(self) -> ssl.SSLContext:
        """A verifying client SSL context (CERT_REQUIRED, host name check): public roots (certifi) plus the
        extra CA file. Shared and cached per CA file: loading ~150 roots costs tens of milliseconds, which
        every new connection would otherwise pay again."""
        mtime = self.ca_file.stat().st_mtime_ns if self.ca_file is not None and self.ca_file.exists() else 0
        key = (str(self.ca_file), mtime)
        with _CONTEXT_LOCK:
            ctx = _CONTEXTS.get(key)
            if ctx is None:
                ctx = ssl.create_default_context(cafile=certifi.where())
                if self.ca_file is not None:
                    ctx.load_verify_locations(cafile=str(self.ca_file))
                ctx.sslsocket_class = _DeadlineSSLSocket  # requests' TLS reads honour the per-thread deadline
                _CONTEXTS[key] = ctx
        return ctx

    def verify_path(self) -> str:
        """A CA bundle path for requests: certifi, or certifi + the extra CA in a cached file.

        The combined file holds public certificates only (never secrets).
        """
        if self.ca_file is None:
            return certifi.where()
        extra = self.ca_file.read_bytes()
        base = Path(certifi.where()).read_bytes()
        digest = hashlib.sha256(base + b"\0" + extra).hexdigest()[:16]
        cache = self.cache_dir or _default_cache_dir()
        path = cache / f"ca-bundle-{digest}.pem"
        if not path.exists():
            import os
            import tempfile

            from calwizard.fsutil import private_dir

            private_dir(cache)
            fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=cache)
            with os.fdopen(fd, "wb") as fh:
                fh.write(base + b"\n" + extra + b"\n")
            os.replace(tmp, path)  # atomic: concurrent callers never see a partial file
        return str(path)

    # ------------------------------------------------------------------ clients

    def requests_session(self) -> requests.Session:
        """A ``requests.Session`` with :class:`PolicyAdapter` mounted (for msal's ``http_client``)."""
        s = requests.Session()
        adapter = PolicyAdapter(self)
        s.mount("https://", adapter)
        s.mount("http://", adapter)
        return s

    def aiohttp_session(self, *, limit: int = 100, **kwargs: Any) -> aiohttp.ClientSession:
        """An ``aiohttp.ClientSession`` that verifies TLS with :meth:`ssl_context` and honours overrides.

        Must be called with a running event loop. ``limit``: connections at most. ``kwargs`` go to
        ``ClientSession`` (e.g. ``cookie_jar``).
        """
        import aiohttp

        connector = aiohttp.TCPConnector(
            ssl=self.ssl_context(), resolver=_OverrideResolver(self), limit=limit, force_close=False
        )
        timeout = aiohttp.ClientTimeout(total=self.total_seconds, sock_connect=self.timeout, sock_read=self.timeout)
        response_class = _capped_response_class(self.max_response_bytes)
        if self.debug_log is not None:
            from calwizard.exchange.debuglog import aiohttp_hooks

            hooks = aiohttp_hooks(self.debug_log)
            logged = hooks.pop("response_class", None)
            if logged is not None:  # the debug log's read() reads through the capped one
                response_class = type("LoggedCappedResponse", (logged, response_class), {})
            kwargs = {**hooks, **kwargs}
        if activity.observed():  # the wizard shows what is on the wire (calwizard.activity)
            kwargs["trace_configs"] = [*kwargs.get("trace_configs", ()), activity.aiohttp_trace()]
        return aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False,
                                     response_class=response_class, **kwargs)

    def ws_connect_options(self) -> dict[str, Any]:
        """Keyword arguments for ``aiohttp.ClientSession.ws_connect`` (the PBX's AppWebsocket and any other
        websocket): at most :attr:`max_response_bytes` per message, a heartbeat every ``timeout`` seconds (a
        server that stops answering pings is dropped), and the per-request timeout for the handshake."""
        import aiohttp

        return {
            "max_msg_size": self.max_response_bytes,
            "heartbeat": self.timeout,
            "timeout": aiohttp.ClientWSTimeout(ws_receive=None, ws_close=self.timeout),
        }


_RESPONSE_CLASSES: dict[int, type] = {}


def _capped_response_class(max_bytes: int) -> type:
    """An ``aiohttp.ClientResponse`` subclass whose ``read()`` (and ``json()``/``text()``) stops at ``max_bytes``."""
    cls = _RESPONSE_CLASSES.get(max_bytes)
    if cls is not None:
        return cls
    import aiohttp

    class AiohttpResponseTooLarge(ResponseTooLarge, aiohttp.ClientPayloadError):
        """:class:`ResponseTooLarge` as an aiohttp client error."""

    class CappedResponse(aiohttp.ClientResponse):
        async def read(self) -> bytes:
            if self._body is None:
                url = str(self.url.with_query(None).with_fragment(None))  # never a query (tokens) in a message
                try:
                    if self.content_length is not None and self.content_length > max_bytes:
                        raise AiohttpResponseTooLarge(url, max_bytes)
                    chunks: list[bytes] = []
                    total = 0
                    while chunk := await self.content.readany():
                        total += len(chunk)
                        if total > max_bytes:
                            raise AiohttpResponseTooLarge(url, max_bytes)
                        chunks.append(chunk)
                    self._body = b"".join(chunks)
                except BaseException:
                    self.close()
                    raise
            return await super().read()

        async def json(self, *args: Any, **kwargs: Any) -> Any:
            """``json()`` of the capped body; JSON nested beyond the parser's depth is a ValueError like any other
            JSON that cannot be read (never a RecursionError from a hostile server)."""
            try:
                return await super().json(*args, **kwargs)
            except RecursionError:
                raise ValueError(f"the answer of {self.url} is JSON nested too deeply") from None

    _RESPONSE_CLASSES[max_bytes] = CappedResponse
    return CappedResponse


def _default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("calwizard", appauthor=False))


ITER_CHUNK = 64 * 1024
"""Bytes per chunk when a caller iterates a response with requests' default ``chunk_size=1``."""


class _ChunkedResponse(requests.Response):
    """A response whose ``iter_content()`` without a chunk size yields :data:`ITER_CHUNK` bytes at a time.

    exchangelib parses every EWS answer from ``response.iter_content()`` (requests' default: one byte per
    chunk). After NTLM authentication (requests_ntlm reads the body) that iterates the buffered body byte by
    byte: about 3,500 generator steps per CalendarView answer, a quarter of the validation's CPU time at
    1,000 mailboxes (profiled with ``bench/validate_latency.py --mailboxes 1000``). Larger chunks parse the same
    bytes the same way.
    """

    def iter_content(self, chunk_size: int | None = 1, decode_unicode: bool = False) -> Any:
        if chunk_size == 1 and not decode_unicode:
            chunk_size = ITER_CHUNK
        return super().iter_content(chunk_size, decode_unicode)


class PolicyAdapter(HTTPAdapter):
    """A requests transport adapter applying an :class:`HttpPolicy`.

    * verification always uses the policy's shared SSL context — public roots plus the extra CA, required
      certificate, host name check (``verify=False`` from any caller is ignored);
    * overridden hosts are connected to the override address while SNI, certificate host name
      check and the ``Host`` header keep the original name.
    """

    def __init__(self, policy: HttpPolicy, *args: Any, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(*args, **kwargs)

    def build_connection_pool_key_attributes(
        self, request: requests.PreparedRequest, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, True, cert)
        if host_params["scheme"] == "https":
            pool_kwargs["ssl_context"] = self.policy.ssl_context()
            pool_kwargs["cert_reqs"] = "CERT_REQUIRED"
        target = self.policy.connect_target(host_params["scheme"], host_params["host"], host_params["port"])
        if target is not None:
            original = host_params["host"]
            host_params["host"], host_params["port"] = target
            if host_params["scheme"] == "https":
                pool_kwargs["server_hostname"] = original
                pool_kwargs["assert_hostname"] = original
        return host_params, pool_kwargs

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """requests' pool manager, with plain-HTTP pools whose sockets honour the per-request deadline too (TLS
        sockets do through the policy's SSL context)."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {**self.poolmanager.pool_classes_by_scheme,
                                                   "http": _deadline_http_pool()}

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """Verification comes from the pool's SSL context; never load another bundle, never turn it off."""
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None

    def build_response(self, req: requests.PreparedRequest, resp: Any) -> requests.Response:
        response = super().build_response(req, resp)
        response.__class__ = _ChunkedResponse
        return response

    def _connect_capped(self, timeout: Any) -> Any:
        """``(connect, read)`` for urllib3: the caller's timeout with the connect part (the TCP connection; the
        TLS handshake runs under it too) at most the policy's :attr:`HttpPolicy.timeout` — exchangelib asks for
        120 s, which a server trickling its handshake would otherwise get. None: the policy's timeout for both."""
        cap = self.policy.timeout
        if timeout is None:
            return (cap, cap)
        if isinstance(timeout, tuple):
            connect, read = timeout
        elif isinstance(timeout, (int, float)):
            connect, read = timeout, timeout
        else:  # a urllib3 Timeout object: its own rules
            return timeout
        return (cap if connect is None else min(float(connect), cap), read)

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,  # type: ignore[override]
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        """Send under the policy: verified TLS, overrides, the timeout, and the response limits (the body is read
        here, at most :attr:`HttpPolicy.max_response_bytes`, all within :attr:`HttpPolicy.total_seconds`;
        ``stream=True`` callers get the size cap on what they read, and the deadline up to the headers)."""
        parts = urlsplit(request.url or "")
        if parts.hostname and self.policy.connect_target(parts.scheme, parts.hostname, parts.port):
            request.headers.setdefault("Host", parts.netloc)
        url = f"{parts.scheme}://{parts.netloc}{parts.path}"
        total, cap = self.policy.total_seconds, self.policy.max_response_bytes
        timeout = self._connect_capped(timeout)
        deadline = None if stream else time.monotonic() + total
        until = time.monotonic() + total

        def limited_send() -> requests.Response:
            with _deadline_scope(until, url, total):
                try:
                    resp = super(PolicyAdapter, self).send(
                        request, stream=True, verify=True, cert=cert, proxies=proxies, timeout=timeout)
                except requests.RequestException as exc:
                    if isinstance(exc, ResponseLimitError) or time.monotonic() < until:
                        raise
                    raise RequestsResponseTooSlow(url, total) from exc  # the clamped read gave up at the deadline
            length = resp.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > cap:
                resp.close()
                raise RequestsResponseTooLarge(url, cap)
            _limit_raw(resp, url, cap, deadline, total)
            return resp

        shown = activity.started(request.method or "GET", request.url or "")  # the wizard's live display
        try:
            if self.policy.debug_log is not None:  # EWS protocol debugging reads the (capped) body to log it
                from calwizard.exchange.debuglog import log_requests_exchange

                return log_requests_exchange(self.policy.debug_log, request,  # type: ignore[no-any-return]
                                             limited_send)
            return limited_send()
        finally:
            activity.ended(shown)


_HTTP_POOL: list[type] = []


def _deadline_http_pool() -> type:
    """A urllib3 ``HTTPConnectionPool`` whose connections' sockets are :class:`_DeadlineSocket` (urllib3's
    ``ConnectionCls`` extension point)."""
    if not _HTTP_POOL:
        from urllib3.connection import HTTPConnection
        from urllib3.connectionpool import HTTPConnectionPool

        class _DeadlineHTTPConnection(HTTPConnection):
            def _new_conn(self) -> socket.socket:
                sock = super()._new_conn()
                if type(sock) is socket.socket:
                    sock.__class__ = _DeadlineSocket
                return sock

        class _DeadlineHTTPPool(HTTPConnectionPool):
            ConnectionCls = _DeadlineHTTPConnection

        _HTTP_POOL.append(_DeadlineHTTPPool)
    return _HTTP_POOL[0]


def _limit_raw(resp: requests.Response, url: str, cap: int, deadline: float | None, total: float) -> None:
    """Make reading ``resp``'s body raise :class:`RequestsResponseTooLarge` past ``cap`` bytes (decoded) and — when
    ``deadline`` is set — :class:`RequestsResponseTooSlow` past it (TLS reads are clamped to it, see
    :class:`_DeadlineSSLSocket`; plain HTTP is checked between reads).

    The body stays unread here: response hooks (NTLM's channel binding reads the TLS socket) run first, and
    requests reads the body afterwards, through these wrappers (urllib3 reads chunked bodies with
    ``read_chunked``, others with ``read``).
    """
    raw = resp.raw
    read, read_chunked = raw.read, getattr(raw, "read_chunked", None)
    seen = [0]

    def count(data: bytes | None) -> None:
        seen[0] += len(data or b"")
        if seen[0] > cap:
            resp.close()
            raise RequestsResponseTooLarge(url, cap)
        if deadline is not None and time.monotonic() > deadline:
            resp.close()
            raise RequestsResponseTooSlow(url, total)

    def scope() -> contextlib.AbstractContextManager[None]:
        return _deadline_scope(deadline, url, total) if deadline is not None else contextlib.nullcontext()

    def late(exc: BaseException) -> None:
        """A read that failed at the deadline (the clamped socket timed out): say so."""
        if deadline is not None and time.monotonic() >= deadline and not isinstance(exc, ResponseLimitError):
            resp.close()
            raise RequestsResponseTooSlow(url, total) from exc

    def capped_read(*args: Any, **kwargs: Any) -> bytes:
        try:
            with scope():
                data = read(*args, **kwargs)
        except Exception as exc:
            late(exc)
            raise
        count(data)
        return data

    def capped_read_chunked(*args: Any, **kwargs: Any) -> Iterator[bytes]:
        assert read_chunked is not None
        chunks = read_chunked(*args, **kwargs)
        while True:
            try:
                with scope():
                    chunk = next(chunks, None)
            except Exception as exc:
                late(exc)
                raise
            if chunk is None:
                return
            count(chunk)
            yield chunk

    raw.read = capped_read
    if read_chunked is not None:
        raw.read_chunked = capped_read_chunked


class _OverrideResolver:
    """aiohttp resolver: override table first, then the system resolver (threaded getaddrinfo)."""

    def __new__(cls, policy: HttpPolicy) -> Any:
        import aiohttp.abc
        from aiohttp.resolver import ThreadedResolver

        class Resolver(aiohttp.abc.AbstractResolver):
            def __init__(self) -> None:
                self._fallback = ThreadedResolver()

            async def resolve(
                self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
            ) -> list[Any]:
                scheme = "http" if port == 80 else "https"
                target = policy.connect_target(scheme, host, port)
                if target is None:
                    return await self._fallback.resolve(host, port, family)
                addr, tport = target
                infos = await self._fallback.resolve(addr, tport, family)
                for info in infos:
                    info["hostname"] = host
                return infos

            async def close(self) -> None:
                await self._fallback.close()

        return Resolver()


_installed: HttpPolicy | None = None


class _NoRequestDumps(logging.Filter):
    """Drops exchangelib's ERROR-level dump of a failed request (``post_ratelimited``: the exception, then the
    session, the request's headers and its whole SOAP body — mailbox addresses, calendar data): the failure reaches
    the user classified (:func:`calwizard.exchange.ews.classify`) and the EWS protocol debug log, when switched on,
    holds the exchange with secrets masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and isinstance(record.msg, str)
                    and record.msg.startswith("%s: %s\n%s\n%s"))


_NO_DUMPS = _NoRequestDumps()


def install_exchangelib_policy(policy: HttpPolicy) -> None:
    """Make exchangelib use ``policy`` for every session it creates from now on.

    Sets ``BaseProtocol.HTTP_ADAPTER_CLS`` (exchangelib's documented hook for custom TLS handling)
    to a :class:`PolicyAdapter` bound to ``policy`` and clears exchangelib's protocol cache so that
    no session built under an earlier policy is reused.
    """
    global _installed
    from exchangelib.protocol import BaseProtocol, CachingProtocol

    class _BoundAdapter(PolicyAdapter):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(policy, *args, **kwargs)

    # debug_log does not take part in HttpPolicy's equality: a policy that only switches the EWS debug log on must
    # still drop sessions built without it (their adapters would not log)
    if _installed != policy or _installed.debug_log is not policy.debug_log:
        CachingProtocol.clear_cache()
    logging.getLogger("exchangelib.util").addFilter(_NO_DUMPS)  # idempotent (one filter object)
    BaseProtocol.HTTP_ADAPTER_CLS = _BoundAdapter
    _installed = policy
