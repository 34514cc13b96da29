"""A trial of the whole chain from the wizard: Exchange -> engine -> PBX, and the presence read back from the PBX.

:func:`trial_run` runs the sync engine (``calwizard engine run``'s code path, the PBX as sink) until its initial
sync is done, reads the presence of a few users back from the PBX the way a PBX client does (PbxApi
SubscribePresence), and stops the engine — which clears what it set. Plain asyncio, no Qt: the Summary page runs
it on the GUI's event loop; tests run it directly.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calwizard.errors import UserFacingError
from calwizard.i18n import translate

DEFAULT_TIMEOUT = 90.0
"""Seconds the trial may take before it gives up (discovery, sign-in, the initial sync)."""


@dataclass(frozen=True)
class TrialPresence:
    """What the PBX showed for one user: calwizard's entry (activity ``""`` = available)."""

    pbx_name: str
    activity: str
    note: str


@dataclass
class TrialResult:
    """The outcome of :func:`trial_run`: users by status and the presence read back from the PBX."""

    statuses: dict[str, int] = field(default_factory=dict)
    presence: list[TrialPresence] = field(default_factory=list)
    users: int = 0


async def _prefetched(settings: Any, fetch: Callable[[Any], str]) -> Callable[[Any], str]:
    """``fetch`` with every reference of ``settings`` looked up once, in a worker thread."""
    from calwizard.secretrefs import secret_refs

    def lookup() -> list[tuple[Any, str | BaseException]]:
        out: list[tuple[Any, str | BaseException]] = []
        for ref in secret_refs(settings).values():
            try:
                out.append((ref, fetch(ref)))
            except UserFacingError as exc:
                out.append((ref, exc))
        return out

    known = await asyncio.to_thread(lookup)

    def cached(ref: Any) -> str:
        for r, value in known:
            if r == ref:
                if isinstance(value, BaseException):
                    raise value
                return value
        return fetch(ref)

    return cached


async def trial_run(settings: Any, fetch: Callable[[Any], str], state_dir: Path, *, show: int = 5,
                    timeout: float = DEFAULT_TIMEOUT) -> TrialResult:
    """Run the chain once (see the module docstring).

    Args:
        settings: a configuration with a PBX connection.
        fetch: resolves its secret references.
        state_dir: an empty directory for the engine's state (a trial never touches the real engine's).
        show: read back the presence of at most this many users.
        timeout: seconds for the whole trial.
    Raises:
        UserFacingError: the engine cannot start (Exchange, the PBX: the message names the fix), or the trial took
            longer than ``timeout``.
    """
    from calwizard.checks.plan import make_context
    from calwizard.engine.runner import run_engine
    from calwizard.pbx.appwebsocket import AppWebsocket, websocket_url
    from calwizard.pbx.presence import PresenceEntry, calwizard_entry, subscribe_presence

    fetch = await _prefetched(settings, fetch)  # secret look-ups may block (a keychain, an HTTP fetch): not here
    stop = asyncio.Event()
    box: dict[str, Any] = {}
    task = asyncio.ensure_future(run_engine(settings, fetch, sink=["pbx"], state_dir=state_dir, stop=stop,
                                            on_engine=lambda e: box.setdefault("engine", e)))
    result = TrialResult()
    try:
        async with asyncio.timeout(timeout):
            while "engine" not in box and not task.done():
                await asyncio.sleep(0.01)
            if task.done():
                task.result()
            engine = box["engine"]
            started = asyncio.ensure_future(engine.started.wait())
            await asyncio.wait({task, started}, return_when=asyncio.FIRST_COMPLETED)
            if task.done():
                started.cancel()
                task.result()
                raise UserFacingError(translate("preview", "the engine stopped during its first sync"))
            for user in engine.users.values():
                result.statuses[user.status] = result.statuses.get(user.status, 0) + 1
            result.users = len(engine.users)
            sink = engine.sinks.workers[0]
            while sink.pending():
                await asyncio.sleep(0.05)
            names = sorted(n for n, u in engine.users.items() if u.last is not None)[:show]
            ctx = make_context(settings, fetch)
            ws = await AppWebsocket.open(websocket_url(settings.pbx.address), ctx.http, settings.pbx.app_name,
                                         ctx.secrets.get("pbx.app_password") or "",
                                         timeout=settings.exchange.timeout_seconds)
            try:
                for name in names:
                    got: asyncio.Future[list[PresenceEntry]] = asyncio.get_running_loop().create_future()

                    def on(entries: list[PresenceEntry], got: asyncio.Future[list[PresenceEntry]] = got) -> None:
                        if not got.done():
                            got.set_result(entries)

                    await subscribe_presence(ws, name, on)
                    entry = calwizard_entry(await got)
                    if entry is not None:
                        result.presence.append(TrialPresence(name, entry.activity, entry.note))
            finally:
                await ws.close()
    except TimeoutError:
        raise UserFacingError(translate("preview", "the trial did not finish within {timeout:g} s").format(
            timeout=timeout),
                              remedy=translate("preview", "Validate the configuration first; a slow "
                                                          "Exchange or PBX needs longer.")) from None
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.shield(task), 30)
        if not task.done():
            task.cancel()
    if task.done() and not task.cancelled() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]
    return result
