"""Timers at wall-clock instants: a scheduler, not polling.

The engine keeps one timer per key (per user: the next appointment start or end or the next change of the
presence text; one for the midnight resync). A timer set for an instance far away is re-armed in steps of at
most :data:`MAX_SLEEP` so that a changed wall clock (NTP step, suspend/resume) is noticed within that time;
when a timer fires early by a few milliseconds the callback still gets the instant it was set for
(``at``), so "now" never lies before the boundary that was meant.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Hashable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

log = logging.getLogger("calwizard.engine")

MAX_SLEEP = 300.0
"""Longest single sleep of a timer (seconds)."""

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def next_midnight(now: datetime, tz: ZoneInfo) -> datetime:
    """The first instant of the next day in ``tz`` after ``now`` (UTC). A midnight that a DST change skips
    resolves to the first instant after the gap."""
    local = now.astimezone(tz)
    day = local.date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


class Scheduler:
    """One pending callback per key, at an aware datetime.

    Args:
        clock: the current time (aware).
    """

    def __init__(self, clock: Clock = utcnow) -> None:
        self.clock = clock
        self._timers: dict[Hashable, tuple[datetime, asyncio.TimerHandle]] = {}
        self._closed = False

    def at(self, key: Hashable, when: datetime, callback: Callable[[datetime], None]) -> None:
        """Call ``callback(when)`` at ``when`` (replacing the key's pending timer)."""
        if self._closed:
            return
        self.cancel(key)
        loop = asyncio.get_running_loop()
        delay = (when - self.clock()).total_seconds()
        handle = loop.call_later(min(max(delay, 0.0), MAX_SLEEP), self._fire, key, when, callback)
        self._timers[key] = (when, handle)

    def when(self, key: Hashable) -> datetime | None:
        entry = self._timers.get(key)
        return entry[0] if entry else None

    def cancel(self, key: Hashable) -> None:
        entry = self._timers.pop(key, None)
        if entry is not None:
            entry[1].cancel()

    def _fire(self, key: Hashable, when: datetime, callback: Callable[[datetime], None]) -> None:
        self._timers.pop(key, None)
        if self._closed:
            return
        if (when - self.clock()).total_seconds() > 0.05:  # re-armed step of a long wait, or the clock moved
            self.at(key, when, callback)
            return
        try:
            callback(when)
        except Exception:
            log.exception("internal error in a scheduled task (%s)", key)

    def __len__(self) -> int:
        return len(self._timers)

    def close(self) -> None:
        self._closed = True
        for _, handle in self._timers.values():
            handle.cancel()
        self._timers.clear()
