"""The sync engine against the sandbox: real exchangelib sessions, NTLM / OAuth (msal), streaming
notifications, the control API — no mocks, loopback only, no fixed sleeps (events and deadlines)."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from engine_helpers import RecordingSink, expected_texts, no_repeats, running_engine, until

from calwizard.engine.cli import status_report
from calwizard.engine.sync import EngineOptions
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox.control import ControlClient
from calwizard.settings.model import Settings

pytestmark = pytest.mark.integration

CHANGE_DEADLINE = 2.0
"""An appointment change must show in presence within this many seconds."""


async def _ctl(fn, *args, **kw):  # type: ignore[no-untyped-def]
    return await asyncio.to_thread(fn, *args, **kw)


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


async def test_initial_presence_for_every_user_and_statuses(
    engine_sandbox: Sandbox, onprem: Settings, tmp_path: Path
) -> None:
    sink = RecordingSink()
    async with running_engine(onprem, tmp_path / "state", sink) as engine:
        await until(lambda: {r["pbx_name"] for r in sink.records} >= {"anna", "ben", "room-1"}, what="presence")
        by_user = {r["pbx_name"]: r for r in sink.records}
        assert set(by_user) == {"anna", "ben", "room-1"}, "users without access get no presence"
        assert by_user["anna"]["user"] == data.CONTOSO_ANNA, "resolved through the secondary address"
        for record in by_user.values():
            assert record["presence"] in expected_texts(engine_sandbox, onprem, record)
            assert set(record) == {"user", "pbx_name", "activity", "presence", "until", "at"}
            assert record["activity"] in ("available", "busy", "away", "dnd")
        status = {u.pbx_name: u.status for u in engine.users.values()}
        assert status == {"anna": "resolved", "ben": "resolved", "room-1": "resolved", "legal": "access_denied",
                          "exec": "access_denied", "ghost": "not_found"}
        assert "impersonation_denied" in engine.users["legal"].detail
        assert "access_denied" in engine.users["exec"].detail
    report = status_report(tmp_path / "state")
    assert report["running"] is False
    assert {u["pbx_name"]: u["status"] for u in report["users"]}["ghost"] == "not_found"
    assert {e["pbx_name"] for e in report["events"]} >= {"legal", "exec", "ghost"}


async def test_app_only_initial_presence(engine_sandbox: Sandbox, app_only: Settings, tmp_path: Path) -> None:
    sink = RecordingSink()
    async with running_engine(app_only, tmp_path / "state", sink) as engine:
        await until(lambda: len({r["pbx_name"] for r in sink.records}) == 4, what="presence of 4 users")
        for record in sink.records:
            assert record["presence"] in expected_texts(engine_sandbox, app_only, record)
        assert engine.backend.stats()["requests"]["FindItem"] == 4  # type: ignore[index]


async def test_create_change_delete_show_within_two_seconds(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    async with running_engine(onprem, tmp_path / "state", sink) as engine:
        await until(lambda: engine.feed.status()["connections"] == 1, what="the streaming connection")
        before = next(r for r in reversed(sink.records) if r["pbx_name"] == "ben")
        now = _now()
        mark = sink.mark()
        t0 = time.monotonic()
        created = await _ctl(control.create, data.CONTOSO_BEN, "Quarterly numbers", now,
                             now + timedelta(hours=5), free_busy="Busy")
        rec = await sink.wait_for(lambda r: r["pbx_name"] == "ben", after=mark, timeout=CHANGE_DEADLINE)
        assert time.monotonic() - t0 < CHANGE_DEADLINE
        assert rec["presence"].startswith("Quarterly numbers until ") and rec["activity"] == "busy"
        assert rec["presence"] in expected_texts(engine_sandbox, onprem, rec)

        mark = sink.mark()
        t0 = time.monotonic()
        await _ctl(control.change, data.CONTOSO_BEN, created["uid"], subject="Vacation", free_busy="OOF")
        rec = await sink.wait_for(lambda r: r["pbx_name"] == "ben", after=mark, timeout=CHANGE_DEADLINE)
        assert time.monotonic() - t0 < CHANGE_DEADLINE
        assert rec["presence"].startswith("Vacation until ") and rec["activity"] == "away"

        mark = sink.mark()
        t0 = time.monotonic()
        await _ctl(control.delete, data.CONTOSO_BEN, created["uid"])
        rec = await sink.wait_for(lambda r: r["pbx_name"] == "ben", after=mark, timeout=CHANGE_DEADLINE)
        assert time.monotonic() - t0 < CHANGE_DEADLINE
        assert rec["presence"] == before["presence"] or rec["presence"] in expected_texts(engine_sandbox, onprem, rec)
        assert sink.since(mark, "anna") == [] and sink.since(mark, "room-1") == [], "only the affected user changes"
        no_repeats(sink.records)


async def test_appointment_end_changes_presence_by_timer(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    async with running_engine(onprem, tmp_path / "state", sink) as engine:
        await until(lambda: engine.feed.status()["connections"] == 1, what="the streaming connection")
        end = datetime.now(UTC) + timedelta(seconds=1.5)
        mark = sink.mark()
        created = await _ctl(control.create, data.CONTOSO_ROOM, "Short stand-up", end - timedelta(minutes=10), end,
                             free_busy="Busy", is_all_day=False)
        try:
            rec = await sink.wait_for(lambda r: r["pbx_name"] == "room-1", after=mark, timeout=CHANGE_DEADLINE)
            assert rec["presence"].startswith("Short stand-up until ")
            reads = engine.reads
            rec = await sink.wait_for(lambda r: r["pbx_name"] == "room-1" and "Short stand-up" not in r["presence"],
                                      after=mark, timeout=5)
            assert engine.reads == reads, "the end of an appointment needs no read, only the timer"
            assert rec["presence"] in expected_texts(engine_sandbox, onprem, rec)
        finally:
            await _ctl(control.delete, data.CONTOSO_ROOM, created["uid"])


async def test_dropped_streams_lose_no_change(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    async with running_engine(onprem, tmp_path / "state", sink) as engine:
        await until(lambda: engine.feed.status()["connections"] == 1, what="the streaming connection")
        for forget in (False, True):  # a dropped TCP connection; then a "server restart" losing subscriptions
            now = _now()
            mark = sink.mark()
            dropped = await _ctl(control.drop_streams, forget_subscriptions=forget)
            assert dropped["dropped"] == 1
            subject = f"After drop {forget}"
            created = await _ctl(control.create, data.CONTOSO_ANNA, subject, now, now + timedelta(hours=2))
            rec = await sink.wait_for(lambda r, s=subject: r["pbx_name"] == "anna" and s in r["presence"],
                                      after=mark, timeout=5)
            assert rec["presence"] in expected_texts(engine_sandbox, onprem, rec)
            await until(lambda: engine.feed.status()["connections"] == 1, what="the reconnected stream")
            await _ctl(control.delete, data.CONTOSO_ANNA, created["uid"])
            await sink.wait_for(lambda r, s=subject: r["pbx_name"] == "anna" and s not in r["presence"],
                                after=mark, timeout=5)
        stats = engine.feed.status()
        assert stats["drops"] == 2 and stats["resubscribed"] >= 6
        assert (await _ctl(control.stats))["subscriptions_per_mailbox_max"] <= 2  # old ones are unsubscribed
    no_repeats(sink.records)


async def test_server_busy_storm_loses_no_change(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    async with running_engine(onprem, tmp_path / "state", sink) as engine:
        await until(lambda: engine.feed.status()["connections"] == 1, what="the streaming connection")
        busy_before = (await _ctl(control.stats))["server_busy"]
        now = _now()
        mark = sink.mark()
        await _ctl(control.storm, 1.5, back_off_ms=200)
        created = await _ctl(control.create, data.CONTOSO_BEN, "Storm watch", now, now + timedelta(hours=1))
        rec = await sink.wait_for(lambda r: r["pbx_name"] == "ben" and "Storm watch" in r["presence"], after=mark,
                                  timeout=8)
        assert (await _ctl(control.stats))["server_busy"] > busy_before, "the storm answered ErrorServerBusy"
        assert engine.backend.stats()["server_busy"] >= 1  # type: ignore[operator]
        assert rec["presence"] in expected_texts(engine_sandbox, onprem, rec)
        await _ctl(control.delete, data.CONTOSO_BEN, created["uid"])
        await sink.wait_for(lambda r: r["pbx_name"] == "ben" and "Storm watch" not in r["presence"], after=mark,
                            timeout=5)
        assert len(sink.since(mark, "ben")) == 2 and sink.since(mark, "anna") == []

        # a storm while the stream is down: reconnecting and subscribing again wait it out
        await until(lambda: engine.feed.status()["connections"] == 1, what="the stream")
        mark = sink.mark()
        await _ctl(control.storm, 1.0, back_off_ms=150)
        await _ctl(control.drop_streams)
        created = await _ctl(control.create, data.CONTOSO_ROOM, "Storm and drop", now, now + timedelta(hours=1))
        rec = await sink.wait_for(lambda r: r["pbx_name"] == "room-1" and "Storm and drop" in r["presence"],
                                  after=mark, timeout=10)
        assert rec["presence"] in expected_texts(engine_sandbox, onprem, rec)
        await _ctl(control.delete, data.CONTOSO_ROOM, created["uid"])
        await sink.wait_for(lambda r: r["pbx_name"] == "room-1" and "Storm and drop" not in r["presence"],
                            after=mark, timeout=5)
    no_repeats(sink.records)


async def test_restart_sends_only_what_changed_meanwhile(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    first = RecordingSink()
    async with running_engine(onprem, state, first):
        await until(lambda: len(first.records) == 3, what="initial presence")
    now = _now()
    created = await _ctl(control.create, data.CONTOSO_BEN, "While you were out", now, now + timedelta(hours=2))
    try:
        second = RecordingSink()
        async with running_engine(onprem, state, second) as engine:
            rec = await second.wait_for(lambda r: r["pbx_name"] == "ben", timeout=5)
            assert "While you were out" in rec["presence"]
            assert engine.started.is_set()
            # every user has been read; anything unchanged was not sent again
            assert [r["pbx_name"] for r in second.records] == ["ben"]
            # resolved addresses are reused; only the user that resolved to nothing is tried again
            assert engine.backend.stats()["requests"].get("ResolveNames", 0) == 1  # type: ignore[union-attr]
    finally:
        await _ctl(control.delete, data.CONTOSO_BEN, created["uid"])
    no_repeats(first.records + second.records)


async def test_revoked_access_is_an_event_and_retried(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    """Access to the group's anchor mailbox is revoked at runtime: its user is reported (an event, a status),
    retried, and restored; the other users' notifications keep flowing through a new anchor meanwhile."""
    sink = RecordingSink()
    options = EngineOptions(access_retry=0.3, access_retry_max=0.5)
    async with running_engine(onprem, tmp_path / "state", sink, options) as engine:
        await until(lambda: engine.feed.status()["connections"] == 1, what="the streaming connection")
        [anchor] = engine.feed.status()["anchors"]  # type: ignore[misc]
        victim = next(u for u in engine.users.values() if u.primary == anchor)
        other = next(u for u in engine.users.values() if u.status == "resolved" and u is not victim)
        try:
            await _ctl(control.revoke, anchor, "impersonation")
            await until(lambda: victim.status == "access_denied", what="the anchor's user denied")
            assert "impersonation_denied" in victim.detail and other.status == "resolved"
            now = _now()
            mark = sink.mark()
            created = await _ctl(control.create, other.address, "Still flowing", now, now + timedelta(hours=1))
            await sink.wait_for(lambda r: r["pbx_name"] == other.pbx_name and "Still flowing" in r["presence"],
                                after=mark, timeout=CHANGE_DEADLINE + 2)
            assert engine.feed.status()["anchors"] != [anchor]
            await _ctl(control.delete, other.address, created["uid"])
        finally:
            await _ctl(control.restore, anchor)
        await until(lambda: victim.status == "resolved", timeout=5, what="access restored")
        now = _now()
        mark = sink.mark()
        created = await _ctl(control.create, anchor, "Back in business", now, now + timedelta(hours=1))
        await sink.wait_for(lambda r: r["pbx_name"] == victim.pbx_name and "Back in business" in r["presence"],
                            after=mark, timeout=CHANGE_DEADLINE)
        await _ctl(control.delete, anchor, created["uid"])
    kinds = [(e["pbx_name"], e["kind"]) for e in status_report(tmp_path / "state")["events"]]
    assert (victim.pbx_name, "access_denied") in kinds and (victim.pbx_name, "restored") in kinds


async def test_invalidated_subscription_rereads_only_that_user(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    async with running_engine(onprem, tmp_path / "state", sink) as engine:
        await until(lambda: engine.feed.status()["connections"] == 1, what="the streaming connection")
        reads = engine.reads
        assert (await _ctl(control.invalidate_subscriptions, data.CONTOSO_ROOM))["invalidated"] == 1
        await until(lambda: engine.feed.status()["resubscribed"] == 1 and engine.feed.status()["connections"] == 1,
                    what="room-1 subscribed again")
        await until(lambda: engine.reads == reads + 1, what="room-1 read again")
        assert engine.feed.status()["lost"] == 1
        now = _now()
        mark = sink.mark()
        created = await _ctl(control.create, data.CONTOSO_ROOM, "Board meeting", now, now + timedelta(hours=1))
        await sink.wait_for(lambda r: r["pbx_name"] == "room-1" and "Board meeting" in r["presence"], after=mark,
                            timeout=CHANGE_DEADLINE)
        await _ctl(control.delete, data.CONTOSO_ROOM, created["uid"])


async def test_connections_are_renewed_without_losing_changes(
    engine_sandbox: Sandbox, onprem: Settings, control: ControlClient, tmp_path: Path
) -> None:
    sink = RecordingSink()
    options = EngineOptions(connection_timeout_minutes=1)  # one sandbox "minute" is one second here
    async with running_engine(onprem, tmp_path / "state", sink, options) as engine:
        await until(lambda: engine.feed.status()["renewals"] >= 2, timeout=6, what="two renewals")
        reads = engine.reads
        now = _now()
        mark = sink.mark()
        created = await _ctl(control.create, data.CONTOSO_BEN, "Renewal check", now, now + timedelta(hours=1))
        await sink.wait_for(lambda r: r["pbx_name"] == "ben" and "Renewal check" in r["presence"], after=mark,
                            timeout=CHANGE_DEADLINE)
        await _ctl(control.delete, data.CONTOSO_BEN, created["uid"])
        await sink.wait_for(lambda r: r["pbx_name"] == "ben" and "Renewal check" not in r["presence"], after=mark,
                            timeout=CHANGE_DEADLINE)
        assert engine.reads == reads + 2, "a renewal re-reads nobody"
        assert engine.feed.status()["drops"] == 0
