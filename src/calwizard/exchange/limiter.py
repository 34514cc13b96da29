"""The per-account request limiter shared by the validation checks and the sync engine.

Exchange throttles per account ("EWS throttling in Exchange", Microsoft Learn): at most ``EWSMaxConcurrency``
(27) requests of one account in flight, and an ``ErrorServerBusy`` answer carries ``BackOffMilliseconds`` the
*account* must wait — every request of it, not just the one that got the answer. :class:`AccountLimiter` keeps
both rules for one account: ``limit`` slots, and a pause that starts at a busy answer and holds every caller until
it is over.

A request the server refuses because the account has too many in flight (``ErrorExceededConnectionCount`` for
EWSMaxConcurrency, table 3 of the same page: kind ``concurrency_limit``) means the server's budget is smaller than
``limit`` — another program of the same account uses part of it, or an administrator lowered the policy: the
limiter then keeps at most one request fewer than it had in flight (its :attr:`AccountLimiter.ceiling`), pauses
like for a busy answer, and sends the request again; after :data:`RECOVER_AFTER` answers without such a refusal
the ceiling rises by one again, up to ``limit``.

The engine (:class:`calwizard.engine.ews_backend.EwsBackend`) and ``calwizard validate``'s EWS checks
(:mod:`calwizard.checks.ews`) use the same class, so both keep the account's budget the same way.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from calwizard.exchange.ewserrors import BACK_OFF_KINDS

log = logging.getLogger("calwizard.exchange.limiter")

T = TypeVar("T")

EWS_CONCURRENCY = 27
"""EWSMaxConcurrency default ("EWS throttling in Exchange")."""
MAX_BUSY_WAIT = 300.0
"""Longest pause honoured for one busy answer (seconds)."""
MIN_BUSY_WAIT = 0.05
"""Shortest pause after a busy answer without (or with a zero) back-off (seconds)."""
RECOVER_AFTER = 50
"""Answers without a concurrency refusal after which a lowered ceiling rises by one."""


def _kind_and_back_off(exc: BaseException) -> tuple[str | None, float]:
    """``(kind, back_off)`` of a project error (:class:`calwizard.engine.backend.BackendError`, or the checks'
    ``EwsFailure`` wrapping an :class:`calwizard.exchange.ewserrors.EwsError`): the limiter imports neither."""
    kind = getattr(exc, "kind", None)
    if kind is None and getattr(exc, "err", None) is not None:
        exc = exc.err  # type: ignore[attr-defined]
        kind = getattr(exc, "kind", None)
    return kind, float(getattr(exc, "back_off", 0.0) or 0.0)


def busy_back_off(exc: BaseException) -> float | None:
    """The back-off (seconds) of an exception that says "wait, then send it again" (kinds
    :data:`~calwizard.exchange.ewserrors.BACK_OFF_KINDS`: the server is busy, or the account had too many requests
    in flight), else None."""
    kind, back_off = _kind_and_back_off(exc)
    return back_off if kind in BACK_OFF_KINDS else None


def over_concurrency(exc: BaseException) -> bool:
    """True when the server refused the request because the account had too many in flight (EWSMaxConcurrency)."""
    return _kind_and_back_off(exc)[0] == "concurrency_limit"


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
        busy: busy answers seen (concurrency refusals included).
        refused: concurrency refusals seen (EWSMaxConcurrency).
        ceiling: calls in flight allowed now: ``limit``, lower after a concurrency refusal.
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
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()
        self._resume_at = 0.0
        self.ceiling = self.limit
        self._calm = 0
        self.refused = 0
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

    async def _acquire(self) -> None:
        """Take a slot: wait while :attr:`ceiling` calls are in flight (first come, first served, as
        ``asyncio.Semaphore``; a slot handed to a caller cancelled meanwhile goes back)."""
        if self.in_flight < self.ceiling and not self._waiters:
            self._take()
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._release()  # the slot was ours already
            else:
                with contextlib.suppress(ValueError):
                    self._waiters.remove(waiter)
            raise

    def _take(self) -> None:
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)

    def _release(self) -> None:
        self.in_flight -= 1
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self.in_flight < self.ceiling:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._take()
                waiter.set_result(None)

    def _lower_ceiling(self) -> None:
        """The server refused a call for too many in flight: keep one fewer than were in flight (at least one)."""
        self.refused += 1
        self._calm = 0
        lowered = max(1, min(self.ceiling, self.in_flight - 1))
        if lowered < self.ceiling:
            log.info("%s refused a request beyond the account's concurrency (EWSMaxConcurrency): at most %d in "
                     "flight from now on (was %d)", self._what, lowered, self.ceiling)
            self.ceiling = lowered

    def _answered(self) -> None:
        """A call was answered without a concurrency refusal: a lowered ceiling recovers slowly."""
        if self.ceiling < self.limit:
            self._calm += 1
            if self._calm >= RECOVER_AFTER:
                self._calm = 0
                self.ceiling += 1
                self._wake()

    async def run(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Await ``fn(*args)`` within the limit; a busy answer pauses the account and the call is tried again, a
        concurrency refusal also lowers :attr:`ceiling`.

        Raises:
            whatever ``fn`` raises, except busy answers and concurrency refusals (those only after
            ``max_retries`` of them, or when the pause is longer than the limiter waits).
        """
        retries = 0
        while True:
            await self._wait_pause()
            await self._acquire()
            try:
                await self._wait_pause()
                try:
                    result = await fn(*args)
                except Exception as exc:
                    back_off = self._back_off_of(exc)
                    if back_off is None or self._gives_up(back_off):
                        raise
                    if over_concurrency(exc):
                        self._lower_ceiling()
                    waited = self._pause(back_off)
                    retries += 1
                    if self.max_retries is not None and retries > self.max_retries:
                        raise
                    log.info("%s is busy: pausing requests for %.2f s (BackOffMilliseconds)", self._what, waited)
                else:
                    self._answered()
                    return result
            finally:
                self._release()
