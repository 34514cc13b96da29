"""A lasting connection to the PBX: logs in, checks it is the master PBX, and reconnects after any loss.

:class:`PbxConnection` keeps one :class:`~calwizard.pbx.appwebsocket.AppWebsocket` open for the sync engine. After
every (re)connect it checks the PBX name against ``master_pbx_name`` (seed "PBX Settings": "the calendar will only
accept one [PBX] ... the only PBX the calendar accepts a connection from") and then runs the registered
``on_connect`` coroutines in order — the user replication restarts (a full replication on every connection, as the
SDK's replicator does) and the presence sink re-sends what it holds. A lost connection is re-opened with
exponential backoff (:data:`BACKOFF_FIRST` doubling to :data:`BACKOFF_MAX` seconds) and jitter (each wait is
between 50 % and 100 % of the nominal one), so that many connectors do not hit a restarted PBX at the same instant.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from calwizard.errors import NetworkError, PbxError
from calwizard.i18n import translate
from calwizard.pbx.appwebsocket import AppWebsocket, websocket_url

if TYPE_CHECKING:
    from calwizard.exchange.http import HttpPolicy

log = logging.getLogger("calwizard.pbx")

BACKOFF_FIRST = 1.0
BACKOFF_MAX = 60.0

OnConnect = Callable[[AppWebsocket], Awaitable[None]]


def check_pbx_name(ws: AppWebsocket, master: str) -> None:
    """Raise ``PbxError("wrong_pbx")`` when the PBX reached reports a name other than ``master``.

    Names compare case-insensitively. A PBX that sent no PbxInfo (no name) passes: nothing can be compared.
    """
    name = ws.info.pbx
    if master and name and name.casefold() != master.casefold():
        raise PbxError(
            "wrong_pbx", translate("pbx", "the PBX at {host} is '{name}', not the master PBX '{master}'").format(
                host=ws.url.split('/')[2], name=name, master=master),
            field="pbx.master_pbx_name",
            remedy=translate("pbx", "Either enter the address of the PBX named '{master}', or — if '{name}' is the "
                                    "PBX calwizard should accept — set the master PBX name to '{name}' (the PBX name, "
                                    "as in the PBX's configuration, PBX > Config > General > PBX Name; not its DNS "
                                    "name).").format(master=master, name=name))


def backoff(attempt: int, first: float = BACKOFF_FIRST, most: float = BACKOFF_MAX,
            rng: Callable[[], float] = random.random) -> float:
    """Seconds to wait before reconnect attempt ``attempt`` (1-based): ``first * 2**(attempt-1)`` capped at
    ``most``, times a jitter factor in [0.5, 1)."""
    nominal = min(most, first * 2 ** max(0, attempt - 1))
    return nominal * (0.5 + rng() / 2)


@dataclass
class PbxConnection:
    """The sync engine's connection to the PBX (see the module docstring).

    Args:
        address: the PBX address (host or URL, :func:`~calwizard.pbx.appwebsocket.websocket_url`).
        app: App object name.
        password: App object password (kept in memory only; never logged).
        master: ``master_pbx_name``; a PBX with another name is refused.
        policy: TLS and host overrides.
        timeout: seconds for each network step and request.
        required_apis: the APIs the App object must enable (``PbxApi``, ``PbxTableUsers``).
    """

    address: str
    app: str
    password: str = field(repr=False)
    master: str
    policy: HttpPolicy
    timeout: float = 20.0
    required_apis: tuple[str, ...] = ()
    """APIs the App object must enable (checked against the PbxInfo on every connect)."""
    backoff_first: float = BACKOFF_FIRST
    backoff_max: float = BACKOFF_MAX
    on_connect: list[OnConnect] = field(default_factory=list)
    connects: int = 0
    """Connections established (the first one and every reconnect)."""
    failed_attempts: int = 0
    """Reconnect attempts that failed (unreachable, TLS, login refused, another PBX, API disabled)."""
    last_error: str = ""
    pbx_name: str = ""
    """The name the PBX reported on the latest connection (kept while it is down)."""
    _down_since: float | None = field(default=None, init=False)
    _ws: AppWebsocket | None = field(default=None, init=False)
    _up: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    _task: asyncio.Task[None] | None = field(default=None, init=False)
    _closing: bool = field(default=False, init=False)

    @property
    def url(self) -> str:
        return websocket_url(self.address)

    @property
    def ws(self) -> AppWebsocket | None:
        """The current connection when it is up and set up (``on_connect`` done), else None."""
        return self._ws if self._up.is_set() and self._ws is not None and not self._ws.closed.is_set() else None

    async def _open(self) -> AppWebsocket:
        ws = await AppWebsocket.open(self.url, self.policy, self.app, self.password, timeout=self.timeout)
        try:
            check_pbx_name(ws, self.master)
            for api in self.required_apis:
                ws.require_api(api)
            if not ws.info.pbx and self.connects == 0:
                log.warning("the PBX did not report its name: cannot check that it is the master PBX %r", self.master)
            for hook in self.on_connect:
                await hook(ws)
        except BaseException:
            await ws.close()
            raise
        return ws

    async def start(self) -> None:
        """Open the first connection (raising its error: the engine cannot start without its PBX), then keep it
        open in the background until :meth:`close`.

        Raises:
            NetworkError / TlsError / PbxError: the first connection failed.
        """
        ws = await self._open()
        self._adopt(ws)
        self._task = asyncio.ensure_future(self._supervise())

    def _adopt(self, ws: AppWebsocket) -> None:
        self._ws = ws
        self.connects += 1
        self.last_error = ""
        self.pbx_name = ws.info.pbx or self.pbx_name
        self._down_since = None
        self._up.set()

    async def _supervise(self) -> None:
        attempt = 0
        while not self._closing:
            ws = self._ws
            if ws is not None:
                await ws.closed.wait()
                self._up.clear()
                if self._closing:
                    return
                self._down_since = time.monotonic()
                reason = ws.close_reason.message if ws.close_reason else "closed"
                log.warning("PBX connection lost (%s); reconnecting", reason)
                self.last_error = reason
                await ws.close()
                self._ws = None
            attempt += 1
            delay = backoff(attempt, self.backoff_first, self.backoff_max)
            await asyncio.sleep(delay)
            try:
                ws = await self._open()
            except (PbxError, NetworkError) as err:
                self.last_error = str(err)
                self.failed_attempts += 1
                level = logging.ERROR if isinstance(err, PbxError) and err.kind in ("wrong_pbx", "login_rejected",
                                                                                    "api_disabled") else logging.WARNING
                log.log(level, "PBX reconnect attempt %d failed: %s", attempt, err)
                continue
            log.info("PBX connection re-established (attempt %d)", attempt)
            attempt = 0
            self._adopt(ws)

    async def wait_up(self, timeout: float | None = None) -> AppWebsocket:
        """The connection, waiting until it is up. Raises TimeoutError after ``timeout`` seconds."""
        while True:
            async with asyncio.timeout(timeout):
                await self._up.wait()
            ws = self.ws
            if ws is not None:
                return ws
            await asyncio.sleep(0.05)

    async def drop(self) -> None:
        """Close the current connection as if the network had dropped it (tests); the supervisor reconnects."""
        if self._ws is not None:
            await self._ws.close()

    async def close(self, before: Callable[[AppWebsocket], Awaitable[Any]] | None = None) -> None:
        """Stop reconnecting and close. ``before(ws)`` runs first on a live connection (e.g. to clear presence)."""
        self._closing = True
        ws = self._ws
        if before is not None and ws is not None and not ws.closed.is_set():
            with contextlib.suppress(PbxError, NetworkError, TimeoutError):
                await before(ws)
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if ws is not None:
            await ws.close()
        self._up.clear()

    @property
    def reconnects(self) -> int:
        """Connections re-established after a loss."""
        return max(0, self.connects - 1)

    def status(self) -> dict[str, Any]:
        """The connection for ``engine status`` and ``/healthz``: ``connected`` (logged in, PBX name and APIs checked,
        ``on_connect`` done), ``pbx`` (the PBX's name, the last known one while it is down), ``connects``,
        ``reconnects``, ``failed_attempts``, ``last_error`` and, while it is down, ``seconds_disconnected``."""
        out: dict[str, Any] = {"connected": self.ws is not None, "pbx": self.pbx_name, "connects": self.connects,
                               "reconnects": self.reconnects, "failed_attempts": self.failed_attempts,
                               "last_error": self.last_error}
        if self._down_since is not None and self.ws is None:
            out["seconds_disconnected"] = round(time.monotonic() - self._down_since, 1)
        return out
