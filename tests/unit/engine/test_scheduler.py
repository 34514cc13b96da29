"""Timers at wall-clock instants, and the next midnight of the presence timezone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from calwizard.engine.scheduler import Scheduler, next_midnight, utcnow

BERLIN = ZoneInfo("Europe/Berlin")


def test_next_midnight_in_the_presence_timezone() -> None:
    assert next_midnight(datetime(2030, 1, 10, 22, 30, tzinfo=UTC), BERLIN) == datetime(2030, 1, 10, 23, 0,
                                                                                         tzinfo=UTC)
    assert next_midnight(datetime(2030, 1, 10, 23, 0, tzinfo=UTC), BERLIN) == datetime(2030, 1, 11, 23, 0,
                                                                                        tzinfo=UTC)
    # the night summer time ends (27 October 2030): midnight is 22:00 UTC in summer time
    assert next_midnight(datetime(2030, 10, 26, 12, 0, tzinfo=UTC), BERLIN) == datetime(2030, 10, 26, 22, 0,
                                                                                         tzinfo=UTC)
    assert next_midnight(datetime(2030, 10, 26, 22, 0, tzinfo=UTC), BERLIN) == datetime(2030, 10, 27, 23, 0,
                                                                                         tzinfo=UTC)
    sao_paulo = ZoneInfo("America/Sao_Paulo")  # had midnight DST gaps (2018-11-04 00:00 -> 01:00)
    assert next_midnight(datetime(2018, 11, 3, 12, 0, tzinfo=UTC), sao_paulo).astimezone(sao_paulo).hour in (0, 1)


async def test_timers_fire_once_at_their_instant_and_replace_per_key() -> None:
    sched = Scheduler()
    fired: list[tuple[str, datetime]] = []
    done = asyncio.Event()

    def record(name: str):  # type: ignore[no-untyped-def]
        def cb(at: datetime) -> None:
            fired.append((name, at))
            if name == "last":
                done.set()
        return cb

    start = utcnow()
    sched.at("a", start + timedelta(seconds=0.05), record("replaced"))
    sched.at("a", start + timedelta(seconds=0.08), record("a"))  # replaces the first timer of key "a"
    sched.at("b", start - timedelta(seconds=1), record("past"))  # already due: fires at once
    sched.at("c", start + timedelta(seconds=0.1), record("cancelled"))
    sched.cancel("c")
    sched.at("d", start + timedelta(seconds=0.15), record("last"))
    await asyncio.wait_for(done.wait(), 5)
    assert [n for n, _ in fired] == ["past", "a", "last"]
    assert all(at <= utcnow() for _, at in fired)
    assert len(sched) == 0
    sched.close()


async def test_a_timer_that_fires_early_is_rearmed() -> None:
    """The scheduler trusts the wall clock, not the event loop's timer: a callback never sees 'now' before
    the instant it was set for."""
    offset = [timedelta(0)]
    sched = Scheduler(clock=lambda: utcnow() + offset[0])
    seen: list[datetime] = []
    done = asyncio.Event()
    target = sched.clock() + timedelta(seconds=0.05)

    def cb(at: datetime) -> None:
        seen.append(sched.clock())
        done.set()

    sched.at("x", target, cb)
    offset[0] = -timedelta(seconds=0.1)  # the wall clock stepped back: the timer must wait longer
    await asyncio.wait_for(done.wait(), 5)
    assert seen[0] >= target - timedelta(seconds=0.05)
    sched.close()
