"""Pure parts of the EWS backend: times, all-day items, time zone names, the limiter."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from calwizard.engine.backend import BackendError
from calwizard.engine.ews_backend import Limiter, all_day_span, ews_time, parse_ews_time, zone

BERLIN = ZoneInfo("Europe/Berlin")


def test_times() -> None:
    t = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert ews_time(t) == "2030-01-02T03:04:05Z"
    assert parse_ews_time("2030-01-02T03:04:05Z") == t
    assert parse_ews_time("2030-01-02T04:04:05+01:00") == t


def test_windows_and_iana_zone_names() -> None:
    assert zone("W. Europe Standard Time") == ZoneInfo("Europe/Berlin")
    assert zone("UTC") == ZoneInfo("UTC")
    assert zone("Europe/Vienna") == ZoneInfo("Europe/Vienna")
    assert zone("No Such Zone") is None and zone("") is None


def test_all_day_items_become_presence_timezone_midnights() -> None:
    # an all-day item created in Berlin for 24-26 December: Exchange sends 23:00Z on the 23rd .. 23:00Z on the 26th
    start, end = datetime(2030, 12, 23, 23, 0, tzinfo=UTC), datetime(2030, 12, 26, 23, 0, tzinfo=UTC)
    s, e = all_day_span(start, end, BERLIN, ZoneInfo("Europe/London"))
    assert (s.date().isoformat(), e.date().isoformat()) == ("2030-12-24", "2030-12-27")
    assert s.tzinfo == ZoneInfo("Europe/London") and s.hour == 0
    # no zone on the item: the presence timezone is used; a degenerate span becomes one day
    s, e = all_day_span(datetime(2030, 3, 1, tzinfo=UTC), datetime(2030, 3, 1, tzinfo=UTC), None, ZoneInfo("UTC"))
    assert (e - s).days == 1


async def test_limiter_bounds_concurrency_and_waits_out_server_busy() -> None:
    limiter = Limiter(3)
    in_flight = peak = 0
    failures = {"x": 2}

    async def op(name: str) -> str:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            await asyncio.sleep(0)
            if failures.get(name):
                failures[name] -= 1
                raise BackendError("server_busy", "busy", back_off=0.01)
            return name
        finally:
            in_flight -= 1

    names = ["x", *(f"n{i}" for i in range(10))]
    assert await asyncio.gather(*(limiter.run(op, n) for n in names)) == names
    assert peak <= 3 and limiter.busy == 2

    async def denied() -> None:
        raise BackendError("access_denied", "no")

    with pytest.raises(BackendError, match="no"):
        await limiter.run(denied)
