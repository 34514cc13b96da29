"""The per-account request limiter shared by the validation checks and the sync engine.

Exchange throttles per account ("EWS throttling in Exchange", Microsoft Learn): at most ``EWSMaxConcurrency``
(27) requests of one account in flight, and an ``ErrorServerBusy`` answer carries ``BackOffMilliseconds`` the
*account* must wait — every request of it, not just the one that got the answer. :class:`AccountLimiter` keeps
both rules for one account: a semaphore of ``limit`` slots, and a pause that starts at a busy answer and holds
every caller until it is over. The engine (:class:`calwizard.engine.ews_backend.EwsBackend`) and ``calwizard
validate``'s EWS checks (:mod:`calwizard.checks.ews`) use the same class, so both keep the account's budget the
same way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

log = logging.getLogger("calwizard.exchange.limiter")

T = TypeVar("T")

EWS_CONCURRENCY = 27
"""EWSMaxConcurrency default ("EWS throttling in Exchange")."""
MAX_BUSY_WAIT = 300.0
"""Longest pause honoured for one busy answer (seconds)."""
MIN_BUSY_WAIT = 0.05
"""Shortest pause after a busy answer without (or with a zero) back-off (seconds)."""


def busy_back_off(exc: BaseException) -> float | None:
    """The back-off (seconds) of an exception that says "the server is busy", else None.

    Understands every error type of the project that carries ``kind == "server_busy"`` and ``back_off``
    (:class:`calwizard.engine.backend.BackendError`, :class:`calwizard.exchange.ews.EwsError` wrapped by the
    checks): the limiter needs no import of either.
    """
    if getattr(exc, "kind", None) == "server_busy":
        return float(getattr(exc, "back_off", 0.0) or 0.0)
    err = getattr(exc, "err", None)  # the checks' EwsFailure wraps an EwsError
    if err is not None and getattr(err, "kind", None) == "server_busy":
        return float(getattr(err, "back_off", 0.0) or 0.0)
    return None


class AccountLimiter:
    """At most ``limit`` calls of one account in flight; a busy answer pauses all of them for its back-off.

    Args:
        limit: calls in flight at most (EWSMaxConcurrency: 27).
        max_retries: busy answers one call waits out before its busy error is raised to the caller (None: no
            limit — the engine retries until the server takes the request; a validation has a deadline).
        back_off_of: seconds to pause for an exception, or None when it is not a busy answer
            (default :func:`busy_back_off`).
        what: service name for log lines ("EWS").
        give_up_above: a busy answer asking for a longer pause (seconds) is not waited out: its error is raised at
            once (None: every pause is waited, capped at :data:`MAX_BUSY_WAIT` — the engine; a validation has a
            deadline and gives up).
        wait_budget: all pauses together at most this many seconds (None: no limit); a busy answer that would
            exceed it is raised.
        min_wait: pause after a busy answer without (or with a zero) back-off (seconds).

    Attributes:
        busy: busy answers seen.
        paused_seconds: pause time started by busy answers (seconds; overlapping pauses counted once).
        in_flight / peak_in_flight: calls running now / at most so far.
    """

    def __init__(self, limit: int = EWS_CONCURRENCY, *, max_retries: int | None = None,
                 back_off_of: Callable[[BaseException], float | None] = busy_back_off, what: str = "EWS",
                 give_up_above: float | None = None, wait_budget: float | None = None,
                 min_wait: float = MIN_BUSY_WAIT) -> None:
        self.limit = max(1, int(limit))
        self.max_retries = max_retries
        self.give_up_above = give_up_above
        self.wait_budget = wait_budget
        self.min_wait = min_wait
        self._back_off_of = back_off_of
        self._what = what
        self._sem = asyncio.Semaphore(self.limit)
        self._resume_at = 0.0
        self.busy = 0
        self.paused_seconds = 0.0
        self.in_flight = 0
        self.peak_in_flight = 0
        self.on_busy: Callable[[float], None] | None = None
        """Observer of busy answers (the engine's metrics): called with the pause in seconds."""

    async def _wait_pause(self) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._resume_at - loop.time()) > 0:
            await asyncio.sleep(delay)

    def _pause(self, back_off: float) -> float:
        loop = asyncio.get_running_loop()
        back_off = min(max(back_off, self.min_wait), MAX_BUSY_WAIT)
        now = loop.time()
        until = now + back_off
        if until > self._resume_at:
            self.paused_seconds += until - max(self._resume_at, now)
            self._resume_at = until
        self.busy += 1
        if self.on_busy is not None:
            self.on_busy(back_off)
        return back_off

    def _gives_up(self, back_off: float) -> bool:
        """True when ``back_off`` (seconds) is longer than this limiter waits or would exceed its wait budget."""
        wait = min(max(back_off, self.min_wait), MAX_BUSY_WAIT)
        if self.give_up_above is not None and wait > self.give_up_above:
            return True
        if self.wait_budget is None:
            return False
        now = asyncio.get_running_loop().time()
        added = max(0.0, now + wait - max(self._resume_at, now))
        return self.paused_seconds + added > self.wait_budget

    async def run(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Await ``fn(*args)`` within the limit; a busy answer pauses the account and the call is tried again.

        Raises:
            whatever ``fn`` raises, except busy answers (those only after ``max_retries`` of them).
        """
        retries = 0
        while True:
            await self._wait_pause()
            async with self._sem:
                await self._wait_pause()
                self.in_flight += 1
                self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
                try:
                    return await fn(*args)
                except Exception as exc:
                    back_off = self._back_off_of(exc)
                    if back_off is None or self._gives_up(back_off):
                        raise
                    waited = self._pause(back_off)
                    retries += 1
                    if self.max_retries is not None and retries > self.max_retries:
                        raise
                    log.info("%s is busy: pausing requests for %.2f s (BackOffMilliseconds)", self._what, waited)
                finally:
                    self.in_flight -= 1
