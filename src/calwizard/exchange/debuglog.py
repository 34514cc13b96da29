"""EWS protocol debugging (setting ``exchange.ews_debug_log``; PBX Manager "EWS protocol debugging: only enable it
for trouble shooting"): every HTTP request and response of EWS, Autodiscover, Microsoft Graph and Entra ID that
``calwizard validate``, the wizard or the sync engine sends, written to a rotating file with every secret masked.

Where: ``<user log dir>/ews-debug-<name>.log`` (platformdirs; e.g. ``~/.local/state/calwizard/log`` on Linux,
``%LOCALAPPDATA%\\calwizard\\Logs`` on Windows, ``~/Library/Logs/calwizard`` on macOS), ``<name>`` being
``validate``, ``wizard`` or ``engine``; :data:`MAX_BYTES` per file and :data:`BACKUPS` older files, created
owner-only. The path is printed when a run starts (:attr:`DebugLog.path`).

How: the one HTTP policy every network call uses (:class:`calwizard.exchange.http.HttpPolicy`) carries the log —
aiohttp sessions report through a ``TraceConfig`` and a response class that logs what is read, requests
sessions (exchangelib, msal) through the policy's transport adapter, and the engine's GetStreamingEvents
connections log each notification document as it arrives. Nothing of exchangelib's own DEBUG output is written
here (it logs bearer tokens).

Masked (:func:`redact`): ``Authorization``/``Proxy-Authorization`` values (the scheme stays: ``NTLM [redacted]``),
cookies, NTLM/Negotiate challenges and every base64 NTLM message anywhere, form fields and JSON members that carry
credentials or tokens (``client_secret``, ``client_assertion``, ``password``, ``refresh_token``, ``access_token``,
``id_token``, ``code``, …), XML elements named like passwords or security tokens, whole bodies of OAuth token and
device-code endpoints, anything shaped like a JWT, and the configuration's resolved secret values
(:class:`calwizard.redaction.Redactor`).
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from calwizard.redaction import MASK, OwnerOnlyRotatingFileHandler, Redactor

MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 3
BODY_LIMIT = 256 * 1024
"""Characters of one body written (the rest is counted, not written)."""

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "www-authenticate",
                            "proxy-authenticate"})
SECRET_KEYS = ("client_secret", "client_assertion", "assertion", "password", "refresh_token", "access_token",
               "id_token", "code", "code_verifier", "device_code", "user_code", "passwd", "secret")
_KEYS = "|".join(SECRET_KEYS)
_FORM = re.compile(rf"(?i)(?<![\w-])({_KEYS})=([^&\s]*)")
_JSON = re.compile(rf'(?i)("({_KEYS})"\s*:\s*)"(?:[^"\\]|\\.)*"')
_XML = re.compile(r"(?is)<((?:[\w.-]+:)?(?:\w*Password\w*|BinarySecret|BinarySecurityToken|\w*Token))(\s[^>]*)?>"
                  r".*?</\1\s*>")
_NTLM = re.compile(r"TlRMTVNTUA[A-Za-z0-9+/=]*")
"""Base64 of any NTLM message ("NTLMSSP\\0")."""
_TOKEN_PATH = re.compile(r"(?i)/oauth2(/v2\.0)?/(token|devicecode)\b|/kerberos\b")


def redact_header(name: str, value: str) -> str:
    """A header value safe to write: credentials, challenges and cookies masked (the scheme is kept)."""
    if name.lower() not in SECRET_HEADERS:
        return _NTLM.sub(MASK, value)
    parts = []
    for piece in value.split(","):
        scheme, sep, _rest = piece.strip().partition(" ")
        parts.append(f"{scheme} {MASK}" if sep and name.lower() not in ("cookie", "set-cookie") else MASK)
    return ", ".join(parts)


def redact(text: str) -> str:
    """Credentials and tokens in a body masked (form fields, JSON members, XML elements, NTLM messages)."""
    text = _FORM.sub(lambda m: f"{m.group(1)}={MASK}", text)
    text = _JSON.sub(lambda m: f'{m.group(1)}"{MASK}"', text)
    text = _XML.sub(lambda m: f"<{m.group(1)}{m.group(2) or ''}>{MASK}</{m.group(1)}>", text)
    return _NTLM.sub(MASK, text)


def is_token_endpoint(url: str) -> bool:
    """OAuth token and device-code endpoints: their bodies are never written (credentials, tokens)."""
    return bool(_TOKEN_PATH.search(urlsplit(url).path))


def default_path(name: str, directory: Path | None = None) -> Path:
    """``<directory or the user log directory>/ews-debug-<name>.log``."""
    if directory is None:
        import platformdirs

        directory = Path(platformdirs.user_log_dir("calwizard", appauthor=False))
    return directory / f"ews-debug-{name}.log"


def _text(body: Any) -> str:
    if body is None:
        return ""
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body).decode("utf-8", errors="replace")
    if isinstance(body, str):
        return body
    return f"({type(body).__name__} body not shown)"


class DebugLog:
    """One debug log file (see the module docstring). Thread-safe; every call swallows I/O errors of the file
    (debugging must never break a validation or the engine).

    Args:
        path: the file.
        redactor: the known secret values (more can be added with ``redactor.add``).
    """

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _open: ClassVar[dict[Path, DebugLog]] = {}
    """One log per file and process: the logging handlers of a file must not multiply."""
    _seq: ClassVar[Iterator[int]] = itertools.count(1)

    def __init__(self, path: Path, redactor: Redactor) -> None:
        self.path = path
        self.redactor = redactor
        self._urls: dict[int, tuple[str, float]] = {}
        self._logger = logging.getLogger(f"calwizard.ewsdebug.{abs(hash(str(path)))}")
        self._logger.propagate = False  # never into the console, caplog or the engine's log file
        self._logger.setLevel(logging.DEBUG)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = OwnerOnlyRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        self._logger.addHandler(handler)

    @classmethod
    def open(cls, name: str, secrets: Iterable[str] = (), directory: Path | None = None) -> DebugLog:
        """The debug log ``ews-debug-<name>.log`` in ``directory`` (default: the user log directory); one per
        file and process, ``secrets`` added to its redactor.

        Raises:
            OSError: the directory or file cannot be created.
        """
        path = default_path(name, directory).resolve()
        with cls._lock:
            log = cls._open.get(path)
            if log is None:
                log = cls._open[path] = cls(path, Redactor())
        log.redactor.add(secrets)
        return log

    def _write(self, text: str) -> None:
        self._logger.debug(self.redactor(text))  # logging reports a failing write itself; it never raises
    def _headers(self, headers: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> str:
        items = headers.items() if isinstance(headers, Mapping) else headers
        return "".join(f"{k}: {redact_header(str(k), str(v))}\n" for k, v in items)

    def _body(self, url: str, body: Any) -> str:
        text = _text(body)
        if not text:
            return ""
        if is_token_endpoint(url):
            return f"\n(body of the OAuth endpoint not written: {len(text)} characters)\n"
        more = len(text) - BODY_LIMIT
        text = redact(text[:BODY_LIMIT])
        return "\n" + text + (f"\n… ({more} more characters not written)" if more > 0 else "") + "\n"

    def request(self, method: str, url: str, headers: Mapping[str, Any] | Iterable[tuple[str, Any]],
                body: Any = None) -> int:
        """Write a request; returns its number (for :meth:`response` and :meth:`body`)."""
        seq = next(self._seq)
        if len(self._urls) > 10_000:  # responses never read (e.g. cancelled): forget the oldest
            for old in list(self._urls)[:5_000]:
                self._urls.pop(old, None)
        self._urls[seq] = (url, time.monotonic())
        self._write(f"#{seq} -> {method} {url}\n{self._headers(headers)}{self._body(url, body)}")
        return seq

    def response(self, seq: int, status: int, reason: str, headers: Mapping[str, Any] | Iterable[tuple[str, Any]],
                 body: Any = None) -> None:
        """Write the status and headers of request ``seq``'s response, and its body when given."""
        url, started = self._urls.get(seq, ("", time.monotonic()))
        took = time.monotonic() - started
        self._write(f"#{seq} <- {status} {reason} ({took:.3f} s) {url}\n{self._headers(headers)}"
                    f"{self._body(url, body)}")

    def body(self, seq: int, body: Any, *, part: str = "body") -> None:
        """Write (a part of) request ``seq``'s response body read later (e.g. a streaming notification)."""
        url, _ = self._urls.get(seq, ("", 0.0))
        self._write(f"#{seq} <- {part} {url}{self._body(url, body)}")
        if part == "body":
            self._urls.pop(seq, None)

    def failure(self, seq: int, error: BaseException) -> None:
        url, _ = self._urls.pop(seq, ("", 0.0))
        self._write(f"#{seq} !! {type(error).__name__}: {str(error)[:300]} {url}")


# ------------------------------------------------------------------------------------------ aiohttp


def aiohttp_hooks(log: DebugLog) -> dict[str, Any]:
    """``ClientSession`` keyword arguments that write every request and response of the session to ``log``: a
    ``TraceConfig`` (request line, headers and body; response status and headers) and a response class whose
    ``read()`` writes the body (``json()`` and ``text()`` read through it). Streamed bodies are written by their
    reader with :meth:`DebugLog.body` (the response's ``calwizard_debug`` attribute holds ``(log, seq)``)."""
    import aiohttp

    async def on_start(session: Any, ctx: Any, params: Any) -> None:
        ctx.chunks = []
        ctx.method, ctx.url, ctx.headers = params.method, str(params.url), list(params.headers.items())

    async def on_chunk(session: Any, ctx: Any, params: Any) -> None:
        ctx.chunks.append(bytes(params.chunk))

    async def on_end(session: Any, ctx: Any, params: Any) -> None:
        seq = log.request(ctx.method, ctx.url, ctx.headers, b"".join(ctx.chunks))
        resp = params.response
        log.response(seq, resp.status, resp.reason or "", list(resp.headers.items()))
        resp.calwizard_debug = (log, seq)

    async def on_error(session: Any, ctx: Any, params: Any) -> None:
        seq = log.request(ctx.method, ctx.url, ctx.headers, b"".join(getattr(ctx, "chunks", [])))
        log.failure(seq, params.exception)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    trace.on_request_chunk_sent.append(on_chunk)
    trace.on_request_end.append(on_end)
    trace.on_request_exception.append(on_error)

    class LoggedResponse(aiohttp.ClientResponse):
        calwizard_debug: tuple[DebugLog, int] | None = None

        async def read(self) -> bytes:
            body = await super().read()
            if self.calwizard_debug is not None:
                dlog, seq = self.calwizard_debug
                dlog.body(seq, body)
                self.calwizard_debug = None
            return body

    return {"trace_configs": [trace], "response_class": LoggedResponse}


# ------------------------------------------------------------------------------------------ requests


def log_requests_exchange(log: DebugLog, request: Any, send: Any) -> Any:
    """Send a ``requests`` PreparedRequest with ``send()`` and write both sides to ``log`` (the response body is
    read here, so a streamed response is buffered; only while debugging)."""
    seq = log.request(request.method or "", request.url or "", dict(request.headers), request.body)
    try:
        resp = send()
    except Exception as exc:
        log.failure(seq, exc)
        raise
    if resp.status_code == 401:
        # an authentication leg: NTLM's channel binding (requests_ntlm) still needs the open socket of this
        # response, so its (empty) body is left unread
        log.response(seq, resp.status_code, resp.reason or "", dict(resp.headers))
        return resp
    try:
        content = resp.content
    except Exception as exc:  # the connection broke while reading: let the caller meet it too
        log.failure(seq, exc)
        return resp
    log.response(seq, resp.status_code, resp.reason or "", dict(resp.headers), content)
    return resp
