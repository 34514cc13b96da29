"""The sandbox server: one aiohttp application, virtual hosts by ``Host`` header, HTTPS + plain HTTP.

Clients connect to 127.0.0.1 through :attr:`Sandbox.host_overrides` (see
:class:`calwizard.exchange.http.HttpPolicy`) while keeping the real host name in SNI and ``Host``; one
certificate (issued by the sandbox CA, :attr:`Sandbox.ca_file`) covers every name.

``Sandbox.start()`` runs the server on its own event loop in a background thread (tests);
``await Sandbox.serve()`` runs it in the foreground (the ``calwizard sandbox`` command).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import ssl
import threading
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from calwizard.sandbox import certs, data, graph, ntlm
from calwizard.sandbox.autodiscover import AutodiscoverService, is_autodiscover_path, pox_error
from calwizard.sandbox.control import ControlApi
from calwizard.sandbox.directory import Directory
from calwizard.sandbox.entra import Entra
from calwizard.sandbox.ews import EwsService
from calwizard.sandbox.notifications import NotificationHub
from calwizard.sandbox.pbx import SandboxPbx
from calwizard.sandbox.store import CalendarStore

log = logging.getLogger("calwizard.sandbox")

SHUTDOWN_TIMEOUT = 2.0
EWS_PATH = "/ews/exchange.asmx"


class Sandbox:
    """A simulated Microsoft 365 tenant and on-premises Exchange on loopback.

    Args:
        data_dir: where keys, certificates and the NTLM user file live (created if missing).
        port: HTTPS port on 127.0.0.1 (0: pick a free one).
        http_port: plain HTTP port on 127.0.0.1 (0: pick a free one).
        latency_ms: every request's handler first sleeps this long (simulated WAN latency).
        ews_concurrency: EWS requests of one budget allowed in flight (EWSMaxConcurrency, default 27).
        ews_back_off_ms: ``BackOffMilliseconds`` of the ErrorServerBusy fault.
        ews_concurrency_answer: how a request beyond ``ews_concurrency`` is refused: ``server_busy`` (ErrorServerBusy
            with ``ews_back_off_ms``), ``connection_count`` (ErrorExceededConnectionCount, as Exchange Online
            answers EWSMaxConcurrency) or ``http_503`` (:class:`calwizard.sandbox.ews.Throttle`; the control API's
            ``/v1/throttle/concurrency`` changes both at run time).
        now: the sandbox's notion of "start time" for the seed appointments (default: now, UTC).
        stream_keepalive_seconds: idle time after which a streaming connection gets a keep-alive.
        stream_minute_seconds: the length of one ``ConnectionTimeout`` minute of GetStreamingEvents (tests
            shorten it to exercise connection renewal).
        bulk_mailboxes: generated Contoso mailboxes ``user0001@contoso.test``… to add (benchmarks; process-wide,
            see :func:`calwizard.sandbox.data.set_bulk_mailboxes`).
        shard_accounts: generated Contoso service accounts ``svc-shard0@contoso.test``… to add, one per engine shard
            (benchmarks; process-wide, see :func:`calwizard.sandbox.data.set_shard_accounts`).
        role_propagation_seconds: how long a new app role assignment (admin consent given through Microsoft Graph)
            takes to appear in client-credentials tokens (:mod:`calwizard.sandbox.directory`).

    The control API (:mod:`calwizard.sandbox.control`) is served on ``https://control.sandbox.test/v1/``; the
    simulated innovaphone PBX (:mod:`calwizard.sandbox.pbx`) on ``wss://pbx.sandbox.test/PBX0/APPS/websocket``
    (:attr:`pbx`; a second one, :attr:`pbx_branch`, on ``pbx-branch.sandbox.test``). With ``bulk_mailboxes`` the
    PBX has a user object for each generated Contoso mailbox too.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int = 0,
        http_port: int = 0,
        latency_ms: int = 0,
        ews_concurrency: int = 27,
        *,
        ews_back_off_ms: int = 5000,
        ews_concurrency_answer: str = "server_busy",
        now: datetime | None = None,
        stream_keepalive_seconds: float = 15.0,
        stream_minute_seconds: float = 60.0,
        bulk_mailboxes: int = 0,
        shard_accounts: int = 0,
        role_propagation_seconds: float = 0.0,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._requested_port = port
        self._requested_http_port = http_port
        self.latency_ms = latency_ms
        self.started_at = (now or datetime.now(UTC)).astimezone(UTC)
        if bulk_mailboxes:
            data.set_bulk_mailboxes(bulk_mailboxes)
        if shard_accounts:
            data.set_shard_accounts(shard_accounts)
        self.store = CalendarStore.seeded(data.all_mailboxes(), self.started_at)
        self.notifications = NotificationHub(
            self.store, keepalive_seconds=stream_keepalive_seconds, minute_seconds=stream_minute_seconds
        )
        self.keys = certs.ensure_keys(self.data_dir)
        self.ntlm_user_file = ntlm.write_user_file(self.data_dir)
        os.environ["NTLM_USER_FILE"] = str(self.ntlm_user_file)
        self.entra = Entra(self.keys)
        self.directory = Directory(self.entra, role_propagation_seconds=role_propagation_seconds)
        self.entra.directory = self.directory
        self._ews_gate: asyncio.Event | None = None
        self.ews = EwsService(
            self.store,
            self.entra,
            ntlm.NtlmAcceptor(),
            ews_concurrency,
            gate=self._gate,
            back_off_ms=ews_back_off_ms,
            hub=self.notifications,
            concurrency_answer=ews_concurrency_answer,
        )
        self.control = ControlApi(self)
        pbx_users = data.PBX_USERS + tuple(
            data.PbxUserSeed(a.split("@")[0], f"Bulk User {a[4:8]}", emails=(a,), groups=("bulk",))
            for a in data.bulk_addresses())
        self.pbx = SandboxPbx(data.PBX_NAME, data.PBX_DOMAIN, data.PBX_HOST, pbx_users)
        self.pbx_branch = SandboxPbx(data.PBX_BRANCH_NAME, data.PBX_DOMAIN, data.PBX_BRANCH_HOST)
        self.autodiscover = AutodiscoverService(self.ews)
        self._port = 0
        self._http_port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._closing: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._stop_requested: asyncio.Event | None = None
        self._held = 0
        self._hosts: dict[str, Callable[[web.Request, bool], Awaitable[web.StreamResponse]]] = {
            data.LOGIN_HOST: self._login,
            data.OUTLOOK_HOST: self._exchange(None),
            data.GRAPH_HOST: self._graph,
            data.CONTOSO_MAIL_HOST: self._exchange(data.CONTOSO),
            data.CONTOSO_INTERNAL_HOST: self._exchange(data.CONTOSO),
            data.CONTOSO_AUTODISCOVER_HOST: self._contoso_autodiscover,
            data.SLOW_AUTODISCOVER_HOST: self._contoso_autodiscover,
            data.CONTOSO_WEB_HOST: self._contoso_web,
            data.FABRIKAM_AUTODISCOVER_HOST: self._redirect_to_cloud,
            data.NORTHWIND_AUTODISCOVER_HOST: self._redirect_to_cloud,
            data.SLOW_HOST: self._slow,
            data.CONTROL_HOST: self._control,
            data.PBX_HOST: self._pbx,
            data.PBX_BRANCH_HOST: self._pbx,
            data.HOSTER_AUTODISCOVER_HOST: self._hoster_autodiscover,
            data.LITWARE_MAIL_HOST: self._exchange(data.LITWARE),
            data.LITWARE_AUTODISCOVER_HOST: self._exchange(data.LITWARE),
        }

    # ------------------------------------------------------------------------------ properties

    @property
    def port(self) -> int:
        return self._port

    @property
    def http_port(self) -> int:
        return self._http_port

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self._port}"

    @property
    def ca_file(self) -> Path:
        return self.keys.ca_file

    @property
    def host_overrides(self) -> dict[str, str]:
        """``{"<name>:443": "127.0.0.1:PORT", "<name>:80": "127.0.0.1:HTTP_PORT"}`` for every sandbox host."""
        out: dict[str, str] = {}
        for host in data.ALL_HOSTS:
            out[f"{host}:443"] = f"127.0.0.1:{self._port}"
            out[f"{host}:80"] = f"127.0.0.1:{self._http_port}"
        return out

    @property
    def app_ok_cert_pem(self) -> Path:
        return self.keys.app_ok_cert_pem

    @property
    def app_ok_cert_protected_pem(self) -> Path:
        return self.keys.app_ok_cert_protected_pem

    @property
    def app_ok_cert_pfx(self) -> Path:
        return self.keys.app_ok_cert_pfx

    @property
    def app_ok_cert_public_pem(self) -> Path:
        return self.keys.app_ok_cert_public_pem

    # ------------------------------------------------------------------------------ lifecycle (async)

    def _ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(self.keys.server_cert_file), str(self.keys.server_key_file))
        return ctx

    async def _start_async(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._closing = asyncio.Event()
        self._ews_gate = asyncio.Event()
        self._ews_gate.set()
        self.notifications.attach(self._loop)
        app = web.Application(middlewares=[self._middleware], client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT, handler_cancellation=True
        )
        await runner.setup()
        https_sock = _bind(self._requested_port)
        http_sock = _bind(self._requested_http_port)
        self._port = https_sock.getsockname()[1]
        self._http_port = http_sock.getsockname()[1]
        await web.SockSite(runner, https_sock, ssl_context=self._ssl_context()).start()
        await web.SockSite(runner, http_sock).start()
        self._runner = runner
        log.info(
            "sandbox listening on https://127.0.0.1:%s and http://127.0.0.1:%s (data dir %s)",
            self._port,
            self._http_port,
            self.data_dir,
        )

    async def _stop_async(self) -> None:
        if self._closing is not None:
            self._closing.set()
        self.notifications.close()
        await self.pbx.close()
        await self.pbx_branch.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        log.info("sandbox stopped")

    async def serve(self, ready: Callable[[Sandbox], Any] | None = None) -> None:
        """Run in the foreground until cancelled; ``ready(self)`` is called once listening."""
        await self._start_async()
        self._stop_requested = asyncio.Event()
        try:
            if ready is not None:
                ready(self)
            await self._stop_requested.wait()
        finally:
            await self._stop_async()

    # ------------------------------------------------------------------------------ lifecycle (thread)

    def start(self) -> Sandbox:
        """Start the server in a background thread with its own event loop; returns once listening."""
        if self._thread is not None:
            raise RuntimeError("sandbox already started")
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._stop_requested = asyncio.Event()
            try:
                loop.run_until_complete(self._start_async())
            except BaseException as e:  # reported to the starting thread
                failure.append(e)
                started.set()
                loop.close()
                return
            started.set()
            try:
                loop.run_until_complete(self._stop_requested.wait())
                loop.run_until_complete(self._stop_async())
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="calwizard-sandbox", daemon=True)
        self._thread.start()
        started.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def stop(self) -> None:
        """Stop the server (pending requests are cut off) and join its thread."""
        loop, event = self._loop, self._stop_requested
        if loop is not None and event is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(event.set)
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def run_forever(self) -> None:
        """Blocking convenience: serve until KeyboardInterrupt."""
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(self.serve(lambda s: print(f"ready {s.url}", flush=True)))

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------------------ test hooks

    def _gate(self) -> asyncio.Event:
        assert self._ews_gate is not None
        return self._ews_gate

    def _call_in_loop(self, func: Callable[[], Any]) -> Any:
        loop = self._loop
        if loop is None:
            raise RuntimeError("sandbox not started")

        async def call() -> Any:
            return func()

        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            return func()
        return asyncio.run_coroutine_threadsafe(call(), loop).result(timeout=10)

    def pause_ews(self) -> None:
        """Hold every EWS request after authentication, while it occupies its throttling slot."""
        self._call_in_loop(lambda: self._gate().clear())

    def resume_ews(self) -> None:
        """Release EWS requests held by :meth:`pause_ews`."""
        self._call_in_loop(lambda: self._gate().set())

    @contextlib.contextmanager
    def ews_paused(self) -> Iterator[None]:
        self.pause_ews()
        try:
            yield
        finally:
            self.resume_ews()

    def ews_in_flight(self) -> dict[str, int]:
        """EWS requests in flight per throttling budget (a copy)."""
        return dict(self._call_in_loop(lambda: dict(self.ews.throttle.in_flight)))

    def held_requests(self) -> int:
        """Requests ``slow.test`` is holding right now."""
        return int(self._call_in_loop(lambda: self._held))

    def issue_access_token(self, tenant: data.CloudTenant, resource: str = data.OUTLOOK_RESOURCE, **kw: Any) -> str:
        """Mint an access token directly (see :meth:`Entra.issue_access_token`), e.g. an expired one."""
        return self.entra.issue_access_token(tenant, resource, **kw)

    # ------------------------------------------------------------------------------ request handling

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if self.latency_ms and not request.host.lower().startswith(data.CONTROL_HOST):
            # simulated WAN latency of the Microsoft / Exchange hosts; the control API is not on that path
            await asyncio.sleep(self.latency_ms / 1000)
        try:
            response = await handler(request)
        except web.HTTPException as e:
            response = e
        except asyncio.CancelledError:
            log.info("%s %s %s%s -> client went away", _scheme(request), request.method, request.host, request.path)
            raise
        log.debug("%s %s %s%s -> %s", _scheme(request), request.method, request.host, request.path, response.status)
        if isinstance(response, web.HTTPException):
            raise response
        return response

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        host = request.host.rsplit(":", 1)[0].lower() if request.host else ""
        if host.startswith("["):
            host = request.host.lower()
        secure = request.secure
        handler = self._hosts.get(host)
        if handler is None:
            if host in ("127.0.0.1", "localhost"):
                return web.Response(text="calwizard sandbox\n\nhosts:\n" + "\n".join(data.ALL_HOSTS) + "\n")
            return web.Response(status=421, text=f"421 Misdirected Request: the sandbox does not serve {host!r}")
        return await handler(request, secure)

    async def _login(self, request: web.Request, secure: bool) -> web.StreamResponse:
        if not secure:
            return _not_found()
        return await self.entra.handle(request)

    async def _graph(self, request: web.Request, secure: bool) -> web.StreamResponse:
        if not secure:
            return _not_found()
        return await graph.handle(self, request)

    def _exchange(self, org: data.OnPremOrg | None) -> Callable[[web.Request, bool], Awaitable[web.StreamResponse]]:
        """The handler of an Exchange server's names: EWS and Autodiscover (https only); ``org`` None is Exchange
        Online."""

        async def handle(request: web.Request, secure: bool) -> web.StreamResponse:
            if not secure:
                return _not_found()
            path = request.path.lower()
            if path == EWS_PATH:
                return await self.ews.handle(request, org)
            if is_autodiscover_path(path):
                return await self.autodiscover.handle(request, org)
            return _not_found()

        return handle

    async def _contoso_autodiscover(self, request: web.Request, secure: bool) -> web.StreamResponse:
        if not secure:
            if request.host.split(":")[0].lower() == data.CONTOSO_AUTODISCOVER_HOST:
                log.info("http redirect: %s -> %s", request.path, data.CONTOSO_AUTODISCOVER_XML_URL)
                raise web.HTTPFound(data.CONTOSO_AUTODISCOVER_XML_URL)
            return _not_found()
        if is_autodiscover_path(request.path):
            return await self.autodiscover.handle(request, data.CONTOSO)
        return _not_found()

    async def _control(self, request: web.Request, secure: bool) -> web.StreamResponse:
        if not secure:
            return _not_found()
        return await self.control.handle(request)

    async def _pbx(self, request: web.Request, secure: bool) -> web.StreamResponse:
        if not secure:
            return _not_found()
        host = request.host.rsplit(":", 1)[0].lower()
        return await (self.pbx_branch if host == data.PBX_BRANCH_HOST else self.pbx).handle(request)

    async def _contoso_web(self, request: web.Request, secure: bool) -> web.StreamResponse:
        if request.path in ("/", "/index.html"):
            return web.Response(text="<html><body><h1>Contoso Ltd.</h1></body></html>", content_type="text/html")
        return _not_found()

    async def _redirect_to_cloud(self, request: web.Request, secure: bool) -> web.StreamResponse:
        if not secure:
            return _not_found()
        path = request.path.lower()
        target = (
            f"https://{data.OUTLOOK_HOST}{path}"
            if path in ("/autodiscover/autodiscover.svc", "/autodiscover/autodiscover.xml")
            else data.CLOUD_AUTODISCOVER_XML_URL
        )
        log.info("autodiscover redirect: %s%s -> %s", request.host, request.path, target)
        raise web.HTTPFound(target)

    async def _hoster_autodiscover(self, request: web.Request, secure: bool) -> web.StreamResponse:
        """A web hoster's catch-all for ``autodiscover.<domain>``: no Exchange behind it, every POX request gets
        Autodiscover error 600 (Invalid Request), anything else 404 — what many hosting providers answer."""
        await request.read()
        if secure and request.method == "POST" and request.path.lower() == "/autodiscover/autodiscover.xml":
            return pox_error(600, "Invalid Request")
        return _not_found()

    async def _slow(self, request: web.Request, secure: bool) -> web.StreamResponse:
        """Hold the request until the client goes away or the sandbox stops; never answer."""
        log.info("slow.test: holding %s %s", request.method, request.path)
        assert self._closing is not None
        self._held += 1
        try:
            await self._closing.wait()
        finally:
            self._held -= 1
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError


def _scheme(request: web.Request) -> str:
    return "https" if request.secure else "http"


def _not_found() -> web.Response:
    return web.Response(status=404, text="404 - File or directory not found.")


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    sock.setblocking(False)
    return sock
