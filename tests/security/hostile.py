"""A hostile server on loopback: HTTPS (its own CA, made with the sandbox's certificate helpers) and plain HTTP,
answering every request according to its ``mode`` — with things that are not the expected protocol.

Modes (:data:`MODES`): ``html`` (a web page), ``big`` (Content-Length 200 MB, then zeros as fast as the client
reads), ``big-chunked`` (endless chunked zeros), ``gzip-bomb`` (a small gzip body that inflates to 200 MB),
``drip`` (headers, then one byte every 0.5 s forever), ``drip-headers`` (the status line one byte every 0.5 s),
``drip-tls`` (HTTPS port only: accepts the TCP connection and sends its TLS handshake one byte every 0.5 s),
``stall-tls`` (HTTPS port only: accepts the TCP connection and never answers the TLS ClientHello),
``redirect-loop`` (302 to itself), ``redirect`` (:attr:`HostileServer.redirect_status` to
:attr:`HostileServer.location`), ``truncated-soap`` (half a SOAP envelope, then the connection closes),
``malformed-soap`` (200 text/xml that is not XML), ``xxe`` (a SOAP answer with a DTD and an external entity),
``json-deep`` (200 application/json nested 100,000 levels deep), ``silent`` (accepts and never answers),
``ews-ok`` (a minimal valid empty EWS answer).

The server counts requests (:attr:`HostileServer.requests`) so tests can tell backing off from spinning.
"""

from __future__ import annotations

import asyncio
import gzip
import ssl
import threading
import zlib
from pathlib import Path

from calwizard.sandbox.certs import ensure_keys

MODES = ("html", "big", "big-chunked", "gzip-bomb", "drip", "drip-headers", "drip-tls", "stall-tls", "redirect-loop",
         "redirect", "truncated-soap", "malformed-soap", "xxe", "json-deep", "silent", "ews-ok")
DRIP_SECONDS = 0.5
"""Seconds between two bytes of the dripping modes: far below any read timeout, so only a total deadline ends them."""

EWS_HOST = "mail.contoso.test"
"""A host name the sandbox's server certificate covers (the hostile server presents that certificate)."""

SOAP_HEAD = (b'<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'
             b'<s:Header><h:ServerVersionInfo xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" '
             b'MajorVersion="15" MinorVersion="2" MajorBuildNumber="1544" MinorBuildNumber="4"/></s:Header><s:Body>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&xxe;</s:Body></s:Envelope>')
EWS_EMPTY = (SOAP_HEAD + b'<m:ResolveNamesResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/'
             b'messages"><m:ResponseMessages/></m:ResolveNamesResponse></s:Body></s:Envelope>')


def _gzip_bomb(size: int) -> bytes:
    out = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1024 * 1024)
    parts = [out.compress(chunk) for _ in range(size // len(chunk))]
    parts.append(out.flush())
    return b"".join(parts)


class HostileServer:
    """Serve :data:`MODES` on 127.0.0.1 (HTTPS on :attr:`port`, plain HTTP on :attr:`http_port`) from a thread.

    Args:
        data_dir: where the CA and the server certificate are made (``ca.pem`` is :attr:`ca_file`).
        mode: the initial mode; change :attr:`mode` at any time.
    """

    def __init__(self, data_dir: Path, mode: str = "html") -> None:
        keys = ensure_keys(data_dir)
        self.ca_file = keys.ca_file
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(keys.server_cert_file, keys.server_key_file)
        self.mode = mode
        self.requests = 0
        self.redirect_status = 302
        self.location = "https://exch01.contoso.test/EWS/Exchange.asmx"
        """Where the ``redirect`` mode sends (relative or absolute), and with which status."""
        self.seen: list[bytes] = []
        """Every request as received (head and body), for tests that check what was sent."""
        self.port = 0
        self.http_port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hostile-server", daemon=True)
        self._bomb = b""

    def __enter__(self) -> HostileServer:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:  # end the connections still dripping or stalled, then the loop
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._loop.stop()

        asyncio.run_coroutine_threadsafe(stop(), self._loop)
        self._thread.join(10)

    @property
    def host_overrides(self) -> dict[str, str]:
        return {EWS_HOST: f"127.0.0.1:{self.port}", f"{EWS_HOST}:80": f"127.0.0.1:{self.http_port}"}

    def url(self, path: str = "/EWS/Exchange.asmx", *, tls: bool = True) -> str:
        return f"https://{EWS_HOST}{path}" if tls else f"http://{EWS_HOST}{path}"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            tls = await asyncio.start_server(self._serve_tls, "127.0.0.1", 0)  # TLS after accept: see _serve_tls
            plain = await asyncio.start_server(self._serve, "127.0.0.1", 0)
            self.port = tls.sockets[0].getsockname()[1]
            self.http_port = plain.sockets[0].getsockname()[1]
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    async def _serve_tls(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """The HTTPS port: TCP accepted, then the TLS handshake as the mode says (normal, dripping or stalled)."""
        try:
            if self.mode == "stall-tls":
                await reader.read(65536)  # the ClientHello, never answered
                await asyncio.sleep(3600)
            elif self.mode == "drip-tls":
                await self._drip_handshake(reader, writer)
            else:
                await writer.start_tls(self._tls)
                await self._serve(reader, writer)
                return
        except (ConnectionError, ssl.SSLError, OSError, asyncio.CancelledError):  # cancelled: the server stops
            pass
        writer.close()

    async def _drip_handshake(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """A real TLS server handshake (ServerHello, certificate, ...) written one byte every :data:`DRIP_SECONDS`."""
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = self._tls.wrap_bio(incoming, outgoing, server_side=True)
        while True:
            try:
                tls.do_handshake()
                return  # a client patient enough to finish: nothing more is served
            except ssl.SSLWantReadError:
                pass
            pending = outgoing.read()
            for byte in pending:
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(DRIP_SECONDS)
            if not pending:
                data = await reader.read(65536)
                if not data:
                    return
                incoming.write(data)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length) if length else b""
                self.seen.append(head + body)
                self.requests += 1
                if not await self._answer(head.split(b" ")[1].decode("latin-1"), writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError, asyncio.LimitOverrunError, OSError,
                asyncio.CancelledError):  # cancelled: the server stops (ends normally: Python 3.11's streams log it)
            pass
        finally:
            writer.close()

    async def _answer(self, path: str, w: asyncio.StreamWriter) -> bool:
        """Write one answer; False: close the connection afterwards."""
        mode = self.mode

        def simple(status: str, ctype: str, body: bytes, extra: str = "") -> None:
            w.write(f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
                    .encode() + body)

        if mode == "html":
            simple("200 OK", "text/html", b"<!DOCTYPE html><html><head><title>Welcome</title></head><body>"
                   b"<h1>It works!</h1></body></html>")
        elif mode == "ews-ok":
            simple("200 OK", "text/xml; charset=utf-8", EWS_EMPTY)
        elif mode == "redirect":
            reason = {301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect",
                      308: "Permanent Redirect"}.get(self.redirect_status, "Redirect")
            simple(f"{self.redirect_status} {reason}", "text/html", b"", f"Location: {self.location}\r\n")
        elif mode == "redirect-loop":
            simple("302 Found", "text/html", b"", f"Location: {path}\r\n")
        elif mode == "malformed-soap":
            simple("200 OK", "text/xml; charset=utf-8", b"<s:Envelope><<<>>not xml at all&&&")
        elif mode == "xxe":
            simple("200 OK", "text/xml; charset=utf-8", XXE)
        elif mode == "json-deep":
            simple("200 OK", "application/json", b"[" * 100_000 + b"]" * 100_000)
        elif mode == "truncated-soap":
            body = EWS_EMPTY[: len(EWS_EMPTY) // 2]
            w.write(f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {len(EWS_EMPTY)}\r\n\r\n".encode()
                    + body)
            await w.drain()
            return False
        elif mode in ("big", "big-chunked"):
            chunked = mode == "big-chunked"
            head = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {200 * 1024 * 1024}"
            w.write(f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n{head}\r\n\r\n".encode())
            block = b"<" + b"a" * (64 * 1024 - 1)
            for _ in range(200 * 16):
                w.write(b"10000\r\n" + block + b"\r\n" if chunked else block)
                await w.drain()
            return False
        elif mode == "gzip-bomb":
            if not self._bomb:
                self._bomb = await asyncio.to_thread(_gzip_bomb, 200 * 1024 * 1024)
            simple("200 OK", "text/xml", self._bomb, "Content-Encoding: gzip\r\n")
        elif mode == "drip":
            w.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n")
            while True:
                w.write(b"<")
                await w.drain()
                await asyncio.sleep(DRIP_SECONDS)
        elif mode == "drip-headers":
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000:
                w.write(bytes([byte]))
                await w.drain()
                await asyncio.sleep(DRIP_SECONDS)
        elif mode == "silent":
            await asyncio.sleep(3600)
        await w.drain()
        return True


def gzip_size(data: bytes) -> int:
    """Inflated size of a gzip body (tests use it to check the bomb is one)."""
    return len(gzip.decompress(data))
