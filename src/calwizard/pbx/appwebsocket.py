"""The AppWebsocket protocol, client side: one logged-in connection to an App object of an innovaphone PBX.

Wire format (innovaphone SDK, "AppWebsocket", https://sdk.innovaphone.com/doc/appwebsocket/AppWebsocket.htm):

* every message is one JSON object ``{"mt", "api"?, "src"?, ...}``; ``api`` addresses a PBX API on the
  connection (``PbxApi``, ``PbxTableUsers``…), ``src`` is echoed by the PBX in every answer to a request and in
  every later message of a subscription made with it (the "src mechanism");
* an external app service connects to ``wss://<pbx>/PBX0/APPS/websocket`` and logs in as an App object:
  ``{"mt": "AppChallenge"}`` -> ``{"mt": "AppChallengeResult", "challenge"}`` -> ``{"mt": "AppLogin", "app",
  "domain", "sip", "guid", "dn", "digest"}`` -> ``{"mt": "AppLoginResult", "ok": true}``; for an App object
  "the properties 'domain', 'sip', 'guid' or 'dn' need not to be set" (they are sent empty);
* ``digest`` = hex SHA-256 of ``app:domain:sip:guid:dn:challenge:password``, or
  ``app:domain:sip:guid:dn:info:challenge:password`` when an ``info`` object is sent (JSON without needless
  white space or escaping) — :func:`login_digest`; the page's four test vectors are unit tests;
* ``{"mt": "PbxInfo", "domain", "pbx", "pbxDns", "apis"}`` tells the PBX's domain ("System Name"), its name
  ("PBX Name"), its DNS name and the APIs the App object enables. The SDK documents it for the connections a PBX
  opens to an app service ("directly after receiving the AppLoginResult"); for connections *to*
  ``/PBX0/APPS/websocket`` the documentation is silent. Decision: after a successful login the client waits up to
  :data:`PBX_INFO_WAIT` seconds for a PbxInfo; without one, the PBX name cannot be compared with
  ``master_pbx_name`` (callers report that) and a disabled API shows as a request without answer.

Decisions where the documentation is silent:

* A failed login is an ``AppLoginResult`` without ``ok: true`` (an ``error``/``errorText`` is shown when present),
  or the PBX closing the connection in answer to AppLogin. A PBX does not tell a wrong password from an unknown App
  object (it must not reveal which objects exist); the remedy covers both.
* An API the App object does not enable: the PbxInfo ``apis`` list tells (:meth:`AppWebsocket.require_api`);
  without that list the PBX is expected to leave the request unanswered, which surfaces as ``timeout``.
* Keep-alive: WebSocket ping frames every :data:`HEARTBEAT` seconds (aiohttp's heartbeat); a missing pong closes
  the connection, which the reconnecting :class:`calwizard.pbx.connection.PbxConnection` then re-opens. Incoming
  ``{"mt": "KeepAlive"}`` messages (some app services send them) are ignored.

TLS is verified with :class:`calwizard.exchange.http.HttpPolicy` (public roots plus the configured extra CA; host
overrides apply); verification is never turned off. Every message is at most :data:`MAX_MESSAGE` bytes, every
step has a timeout, and everything can be cancelled. The App object password is used for the digest only: it is
never sent, logged or kept in an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from calwizard.errors import NetworkError, PbxError
from calwizard.i18n import translate
from calwizard.settings.model import pbx_websocket_url

if TYPE_CHECKING:
    import aiohttp

    from calwizard.exchange.http import HttpPolicy

log = logging.getLogger("calwizard.pbx")

MAX_MESSAGE = 4 * 1024 * 1024
"""Largest message accepted from the PBX, in bytes (one replicated user is well below 10 kB)."""
HEARTBEAT = 30.0
"""Seconds between WebSocket pings (keep-alive; a missing pong closes the connection)."""
PBX_INFO_WAIT = 2.0
"""Seconds to wait for a PbxInfo after AppLoginResult."""

Handler = Callable[[dict[str, Any]], None]


def login_digest(app: str, domain: str, sip: str, guid: str, dn: str, challenge: str, password: str,
                 info: dict[str, Any] | None = None) -> str:
    """The AppLogin ``digest``: hex SHA-256 over ``app:domain:sip:guid:dn[:info]:challenge:password``.

    ``info`` (if given) is encoded as the SDK requires: JSON without unnecessary white space or escaping
    (like ``JSON.stringify``). Source: SDK "AppWebsocket", AppLogin; its examples are test vectors.
    """
    parts = [app, domain, sip, guid, dn]
    if info is not None:
        parts.append(json.dumps(info, separators=(",", ":"), ensure_ascii=False))
    parts += [challenge, password]
    return hashlib.sha256(":".join(parts).encode("utf-8")).hexdigest()


def websocket_url(address: str) -> str:
    """The AppWebsocket URL for a PBX address (see :func:`calwizard.settings.model.pbx_websocket_url`)."""
    return pbx_websocket_url(address)


@dataclass(frozen=True)
class PbxInfo:
    """What the PBX tells about itself after login (SDK "AppWebsocket", PbxInfo).

    Attributes:
        pbx: the PBX name ("PBX Name" field of the PBX), compared with ``master_pbx_name``; "" when not sent.
        domain: the PBX's domain ("System Name"); the default mail domain for users without an e-mail address.
        dns: the PBX's DNS name.
        apis: the PBX APIs the App object enables, or None when the PBX did not send a PbxInfo.
    """

    pbx: str = ""
    domain: str = ""
    dns: str = ""
    apis: tuple[str, ...] | None = None

    @classmethod
    def from_message(cls, msg: dict[str, Any]) -> PbxInfo:
        apis = msg.get("apis")
        return cls(
            pbx=str(msg.get("pbx") or ""),
            domain=str(msg.get("domain") or ""),
            dns=str(msg.get("pbxDns") or ""),
            apis=tuple(str(a) for a in apis) if isinstance(apis, list) else None,
        )


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def login_remedy(app: str) -> str:
    """The fix for a rejected AppLogin (wrong password or no App object of that name)."""
    return translate(
        "pbx", "In the PBX's admin UI open PBX > Objects and look for an App object whose Name is exactly '{app}' "
               "(create it if it is missing, see the App object instructions). Enter its Password again in "
               "calwizard (PBX & presence page, or 'calwizard secrets set'), or set a new password on the App object "
               "and enter that one.").format(app=app)


def api_remedy(app: str, api: str) -> str:
    """The fix for an API the App object does not enable."""
    box = {"PbxTableUsers": "TableUsers"}.get(api, api)
    return translate("pbx", "In the PBX's admin UI open PBX > Objects, edit the App object '{app}', tick '{box}' "
                            "and click OK.").format(app=app, box=box)


class AppWebsocket:
    """A logged-in AppWebsocket connection (see the module docstring). Build it with :meth:`open`.

    Messages from the PBX are dispatched by a reader task: an answer whose ``src`` belongs to a pending
    :meth:`request` completes it; other messages go to the handlers registered with :meth:`listen` for their
    ``src``, then to those for their ``api``. Handlers run on the event loop and must not block.

    Attributes:
        url: the AppWebsocket URL.
        app: the App object name logged in as.
        info: what the PBX reported (:class:`PbxInfo`).
        closed: set when the connection is gone (then :attr:`close_reason` says why).
    """

    def __init__(self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse, url: str, app: str,
                 info: PbxInfo, backlog: list[dict[str, Any]], timeout: float) -> None:
        self._session = session
        self._ws = ws
        self.url = url
        self.app = app
        self.info = info
        self.timeout = timeout
        self.closed = asyncio.Event()
        self.close_reason: PbxError | NetworkError | None = None
        self._pending: dict[str, tuple[str, asyncio.Future[dict[str, Any]]]] = {}
        self._listeners: dict[str, list[Handler]] = {}
        self._src = itertools.count(1)
        self._prefix = secrets.token_hex(3)
        self._reader = asyncio.ensure_future(self._read(backlog))

    # ------------------------------------------------------------------------------------------ open

    @classmethod
    async def open(cls, url: str, policy: HttpPolicy, app: str, password: str, *, timeout: float = 20.0,
                   pbx_info_wait: float = PBX_INFO_WAIT) -> AppWebsocket:
        """Connect to ``url``, log in as App object ``app`` and wait for the PbxInfo.

        Args:
            url: the AppWebsocket URL (:func:`websocket_url`).
            policy: TLS (extra CA) and host overrides.
            app: the App object's Name.
            password: the App object's Password (used for the digest only).
            timeout: seconds for connecting and for each login step.
            pbx_info_wait: seconds to wait for a PbxInfo after the login succeeded.
        Raises:
            NetworkError / TlsError: the PBX cannot be reached, or its certificate is not trusted.
            PbxError: ``not_a_pbx``, ``login_rejected``, ``timeout`` or ``protocol`` (see :class:`PbxError`).
        """
        import aiohttp

        from calwizard.exchange.neterrors import translate_network_error

        host = _host(url)
        session = policy.aiohttp_session(limit=1)
        ws: aiohttp.ClientWebSocketResponse | None = None
        try:
            try:
                async with asyncio.timeout(timeout):
                    # the HTTP policy's websocket limits (calwizard.exchange.http), this client's heartbeat and
                    # message size (the tighter one wins)
                    options = {**policy.ws_connect_options(), "heartbeat": HEARTBEAT,
                               "max_msg_size": min(MAX_MESSAGE, policy.max_response_bytes)}
                    ws = await session.ws_connect(url, autoclose=True, autoping=True, **options)
            except aiohttp.WSServerHandshakeError as exc:
                raise PbxError(
                    "not_a_pbx", translate("pbx", "{host} answered HTTP {status} at {path} instead of an innovaphone "
                                                  "AppWebsocket").format(host=host, status=exc.status,
                                                                         path=urlsplit(url).path),
                    host=host, url=url, field="pbx.address",
                    remedy=translate("pbx", "Enter the PBX's host name (e.g. pbx.example.com), not the App "
                                            "Platform's or another server's; the PBX serves "
                                            "/PBX0/APPS/websocket.")) from None
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                raise translate_network_error(exc, url.replace("wss://", "https://", 1)) from None
            log.info("PBX %s: connected, logging in as App object %r", host, app)
            backlog: list[dict[str, Any]] = []
            challenge_msg = await _exchange(ws, {"mt": "AppChallenge"}, "AppChallengeResult", timeout, host, backlog)
            challenge = challenge_msg.get("challenge")
            if not isinstance(challenge, str) or not challenge or len(challenge) > 64:
                raise PbxError("protocol", translate("pbx", "{host} sent no usable AppWebsocket challenge").format(
                                   host=host), host=host, url=url,
                               remedy=translate("pbx", "Check that the address is the PBX's (an innovaphone PBX from "
                                                       "version 13r1)."))
            digest = login_digest(app, "", "", "", "", challenge, password)
            login = {"mt": "AppLogin", "app": app, "domain": "", "sip": "", "guid": "", "dn": "", "digest": digest}
            try:
                result = await _exchange(ws, login, "AppLoginResult", timeout, host, backlog)
            except PbxError as err:
                if err.kind != "closed":
                    raise
                result = {"mt": "AppLoginResult", "errorText": translate("pbx", "the PBX closed the connection")}
            if result.get("ok") is not True:
                why = result.get("errorText") or result.get("error")
                raise PbxError(
                    "login_rejected",
                    (translate("pbx", "the PBX {host} rejected the login as App object '{app}' ({why}): no App "
                                      "object of that name, or another password") if why else
                     translate("pbx", "the PBX {host} rejected the login as App object '{app}': no App object of "
                                      "that name, or another password")).format(host=host, app=app, why=why),
                    host=host, url=url, field="pbx.app_password", remedy=login_remedy(app))
            info = PbxInfo()
            with contextlib.suppress(TimeoutError):
                msg = await _receive_until(ws, "PbxInfo", pbx_info_wait, host, backlog)
                info = PbxInfo.from_message(msg)
            if info.apis is None:
                log.info("PBX %s: logged in (no PbxInfo: PBX name and enabled APIs unknown)", host)
            else:
                log.info("PBX %s: logged in; PBX name %r, domain %r, APIs %s", host, info.pbx, info.domain,
                         ", ".join(info.apis) or "none")
            conn = cls(session, ws, url, app, info, backlog, timeout)
            ws = None
            session = None  # type: ignore[assignment]
            return conn
        finally:
            if ws is not None:
                await ws.close()
            if session is not None:
                await session.close()

    # ------------------------------------------------------------------------------------------ use

    def require_api(self, api: str) -> None:
        """Raise ``PbxError("api_disabled")`` when the PbxInfo says the App object does not enable ``api``.

        Without a PbxInfo nothing is known and nothing is raised (a request then times out)."""
        if self.info.apis is not None and api not in self.info.apis:
            raise PbxError("api_disabled", translate("pbx", "the App object '{app}' does not enable the {api} "
                                                            "API").format(app=self.app, api=api),
                           host=_host(self.url), url=self.url, remedy=api_remedy(self.app, api))

    def new_src(self) -> str:
        """A fresh ``src`` value for a request or subscription on this connection."""
        return f"cw{self._prefix}-{next(self._src)}"

    def listen(self, key: str, handler: Handler) -> Callable[[], None]:
        """Call ``handler(msg)`` for every message whose ``src`` (or, without a matching src handler, ``api``) is
        ``key``. Returns a function that removes the handler."""
        self._listeners.setdefault(key, []).append(handler)

        def remove() -> None:
            with contextlib.suppress(KeyError, ValueError):
                self._listeners[key].remove(handler)

        return remove

    async def send(self, msg: dict[str, Any]) -> None:
        """Send one message. Raises ``PbxError("closed")`` when the connection is gone."""
        if self.closed.is_set():
            raise self._gone()
        try:
            await self._ws.send_str(json.dumps(msg, ensure_ascii=False, separators=(",", ":")))
        except (ConnectionError, RuntimeError) as exc:
            self._set_closed(PbxError("closed", translate("pbx", "the connection to {host} broke ({why})").format(
                host=_host(self.url), why=exc), host=_host(self.url)))
            raise self._gone() from None

    async def request(self, api: str | None, mt: str, *, timeout: float | None = None, src: str | None = None,
                      expect: str | None = None, **fields: Any) -> dict[str, Any]:
        """Send ``{"api", "mt", "src", **fields}`` and return the answer (``mt`` + "Result" unless ``expect``).

        Raises:
            PbxError: ``api_disabled`` (PbxInfo says so), ``timeout`` (no answer within ``timeout`` seconds,
                default :attr:`timeout`), ``closed`` (the connection went away meanwhile).
        """
        if api:
            self.require_api(api)
        src = src or self.new_src()
        expect = expect or f"{mt}Result"
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[src] = (expect, fut)
        msg: dict[str, Any] = {"mt": mt, **fields, "src": src}
        if api:
            msg["api"] = api
        try:
            await self.send(msg)
            async with asyncio.timeout(timeout if timeout is not None else self.timeout):
                return await fut
        except TimeoutError:
            where = f"{api} " if api else ""
            remedy = (api_remedy(self.app, api) + " " + translate("pbx", "If it is ticked, check the PBX's load and "
                                                                         "firmware (13r1 or newer).")
                      ) if api else translate("pbx", "Check the PBX's load and the network.")
            raise PbxError("timeout", translate("pbx", "the PBX did not answer {request} within {seconds} s").format(
                request=f"{where}{mt}", seconds=f"{timeout if timeout is not None else self.timeout:g}"),
                           host=_host(self.url), remedy=remedy) from None
        finally:
            self._pending.pop(src, None)

    async def close(self) -> None:
        """Close the connection (idempotent, bounded)."""
        self._set_closed(PbxError("closed", translate("pbx", "the connection was closed by calwizard"),
                                  host=_host(self.url)))
        with contextlib.suppress(Exception):
            async with asyncio.timeout(3):
                await self._ws.close()
        self._reader.cancel()
        await asyncio.gather(self._reader, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self._session.close()

    # ------------------------------------------------------------------------------------------ reading

    def _gone(self) -> PbxError:
        reason = self.close_reason
        if isinstance(reason, PbxError):
            return reason
        return PbxError("closed", reason.message if reason else translate(
            "pbx", "the connection to {host} is closed").format(host=_host(self.url)), host=_host(self.url))

    def _set_closed(self, reason: PbxError | NetworkError) -> None:
        if self.closed.is_set():
            return
        self.close_reason = reason
        self.closed.set()
        for _expect, fut in list(self._pending.values()):
            if not fut.done():
                fut.set_exception(self._gone())

    async def _read(self, backlog: list[dict[str, Any]]) -> None:
        import aiohttp

        for msg in backlog:
            self._dispatch(msg)
        try:
            while True:
                frame = await self._ws.receive()
                if frame.type == aiohttp.WSMsgType.TEXT:
                    msg = _decode(frame.data)
                    if msg is not None:
                        self._dispatch(msg)
                elif frame.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED):
                    self._set_closed(_closed_by_pbx(_host(self.url)))
                    return
                elif frame.type == aiohttp.WSMsgType.ERROR:
                    self._set_closed(_failed(_host(self.url), frame.data))
                    return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a broken transport; callers reconnect
            self._set_closed(_failed(_host(self.url), exc))

    def _dispatch(self, msg: dict[str, Any]) -> None:
        mt = msg.get("mt")
        if mt == "KeepAlive":
            return
        src = msg.get("src")
        if isinstance(src, str) and src in self._pending:
            expect, fut = self._pending[src]
            if mt == expect and not fut.done():
                fut.set_result(msg)
                return
        handled = False
        for key in (src, msg.get("api")):
            if isinstance(key, str) and self._listeners.get(key):
                for handler in list(self._listeners[key]):
                    try:
                        handler(msg)
                    except Exception:  # a bug in a handler must not stop the connection
                        log.exception("internal error handling %s from the PBX", mt)
                handled = True
                break
        if not handled:
            log.debug("PBX %s: unhandled message %s", _host(self.url), mt)


def _decode(data: str) -> dict[str, Any] | None:
    try:
        msg = json.loads(data)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the interpreter allows
        log.warning("the PBX sent a message that is not JSON; ignored")
        return None
    if not isinstance(msg, dict) or not isinstance(msg.get("mt"), str):
        log.warning("the PBX sent a message without 'mt'; ignored")
        return None
    return msg


async def _receive_until(ws: aiohttp.ClientWebSocketResponse, mt: str, timeout: float, host: str,
                         backlog: list[dict[str, Any]]) -> dict[str, Any]:
    """Receive until a message with ``mt`` arrives; others are kept in ``backlog``. Raises TimeoutError,
    PbxError("closed")."""
    import aiohttp

    async with asyncio.timeout(timeout):
        while True:
            frame = await ws.receive()
            if frame.type == aiohttp.WSMsgType.TEXT:
                msg = _decode(frame.data)
                if msg is None:
                    continue
                if msg.get("mt") == mt:
                    return msg
                if msg.get("mt") != "KeepAlive":
                    backlog.append(msg)
            elif frame.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED,
                                aiohttp.WSMsgType.ERROR):
                raise _closed_by_pbx(host)


def _closed_by_pbx(host: str) -> PbxError:
    return PbxError("closed", translate("pbx", "the PBX {host} closed the connection").format(host=host), host=host)


def _failed(host: str, exc: object) -> PbxError:
    return PbxError("closed", translate("pbx", "the connection to {host} failed ({name})").format(
        host=host, name=type(exc).__name__), host=host)


async def _exchange(ws: aiohttp.ClientWebSocketResponse, msg: dict[str, Any], expect: str, timeout: float,
                    host: str, backlog: list[dict[str, Any]]) -> dict[str, Any]:
    """Send ``msg`` and wait for ``expect`` (login steps). Raises PbxError ``timeout`` / ``closed``."""
    try:
        await ws.send_str(json.dumps(msg, separators=(",", ":")))
        return await _receive_until(ws, expect, timeout, host, backlog)
    except TimeoutError:
        raise PbxError("timeout", translate("pbx", "the PBX {host} did not answer {request} within {seconds} s")
                       .format(host=host, request=msg["mt"], seconds=f"{timeout:g}"), host=host,
                       remedy=translate("pbx", "Check that the address is the PBX's and that it runs firmware 13r1 "
                                               "or newer.")) from None
    except (ConnectionError, RuntimeError):
        raise _closed_by_pbx(host) from None
