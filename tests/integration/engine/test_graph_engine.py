"""The engine over Microsoft Graph (sync type cloud_graph) against the sandbox's Graph v1.0: real msal tokens for
the Graph audience, real HTTPS on 127.0.0.1, calendarView reads, delta queries, JSON batching, 429 + Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from engine_helpers import RecordingSink, expected_texts, running_engine, until

from calwizard.engine.cli import status_report
from calwizard.engine.presence import compute_presence
from calwizard.engine.store import Store
from calwizard.engine.sync import EngineOptions
from calwizard.sandbox import Sandbox, data
from calwizard.sandbox import graph as sandbox_graph
from calwizard.sandbox.control import ControlClient
from calwizard.sandbox.scenarios import scenario_settings
from calwizard.settings.model import Settings

pytestmark = pytest.mark.asyncio


@pytest.fixture
def graph_ok(engine_sandbox: Sandbox, sandbox_data_dir: Path) -> Settings:
    return scenario_settings("graph-ok", engine_sandbox.host_overrides, engine_sandbox.ca_file, sandbox_data_dir)


def fast(poll: float = 1.0, batch: bool = True) -> EngineOptions:
    return EngineOptions(poll_interval=poll, graph_batch=batch, error_retry=0.2, access_retry=0.5)


def create_now(control: ControlClient, mailbox: str, subject: str, minutes: int = 60) -> dict:
    """An appointment from now on that the presence must show whatever the seeded calendar holds at this moment:
    it starts last and its title carries a prioritized word of the scenario ("vacation")."""
    now = datetime.now(UTC).replace(microsecond=0)
    return control.create(mailbox, f"{subject} (vacation)", now, now + timedelta(minutes=minutes))


def by_user(records: list[dict]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for r in records:
        out[r["pbx_name"]] = (r["activity"], r["presence"])
    return out


async def test_graph_and_ews_give_the_same_presence(
    engine_sandbox: Sandbox, graph_ok: Settings, app_only: Settings, tmp_path: Path
) -> None:
    """Same tenant, same seeded calendars: the presence through Graph equals the presence through EWS."""
    assert [m.addresses for m in graph_ok.mailboxes] == [m.addresses for m in app_only.mailboxes]
    ews_sink, graph_sink = RecordingSink(), RecordingSink()
    async with running_engine(app_only, tmp_path / "ews", ews_sink) as ews_engine:
        assert ews_engine.backend.name == "ews"
        ews_read = {u.pbx_name: u.appointments for u in ews_engine.users.values()}
    async with running_engine(graph_ok, tmp_path / "graph", graph_sink, fast()) as graph_engine:
        assert graph_engine.backend.name == "graph"
        statuses = {u.pbx_name: u.status for u in graph_engine.users.values()}
        graph_read = {u.pbx_name: u.appointments for u in graph_engine.users.values()}
    assert statuses == {m.pbx_name: "resolved" for m in graph_ok.mailboxes}
    # the seeded calendars hold busy, tentative, private, all-day and out-of-office items: every quarter hour of
    # the next 48 hours renders the same presence from what either backend read
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    kinds = set()
    for name, appts in graph_read.items():
        kinds |= {a.free_busy for a in appts} | {"all_day" for a in appts if a.is_all_day} | {
            "private" for a in appts if a.is_private}
        for step in range(0, 48 * 4):
            at = start + timedelta(minutes=15 * step)
            g = compute_presence(at, appts, graph_ok.pbx, graph_ok.mapping)
            e = compute_presence(at, ews_read[name], app_only.pbx, app_only.mapping)
            assert (g.activity, g.text) == (e.activity, e.text), f"{name} at {at}"
    assert {"busy", "tentative", "all_day", "private"} <= kinds
    ews, graph = by_user(ews_sink.records), by_user(graph_sink.records)
    assert set(graph) == {m.pbx_name for m in graph_ok.mailboxes}
    assert graph == ews
    # and both are what the seeded data says, at the second the record was made
    for r in graph_sink.records:
        assert r["presence"] in expected_texts(engine_sandbox, graph_ok, r)


@pytest.mark.parametrize("batch", [True, False], ids=["batch", "no-batch"])
async def test_a_change_reaches_the_sink_within_the_poll_interval(
    engine_sandbox: Sandbox, control: ControlClient, graph_ok: Settings, tmp_path: Path, batch: bool
) -> None:
    poll = 1.0
    sink = RecordingSink()
    async with running_engine(graph_ok, tmp_path / "state", sink, fast(poll, batch)) as engine:
        mark = sink.mark()
        subject = f"Graph change {'batch' if batch else 'plain'}"
        created = create_now(control, data.FABRIKAM_BOB, subject)
        record = await sink.wait_for(lambda r: r["pbx_name"] == "bob" and subject in r["presence"], after=mark,
                                     timeout=poll + 2.0)
        assert record["activity"] != "available"
        mark = sink.mark()
        control.delete(data.FABRIKAM_BOB, created["uid"])
        await sink.wait_for(lambda r: r["pbx_name"] == "bob" and subject not in r["presence"], after=mark,
                            timeout=poll + 2.0)
        stats = engine.backend.stats()
        feed = engine.feed.status()
    assert feed["kind"] == "delta" and feed["polls"] > 0 and feed["changes"] >= 2
    if batch:
        assert stats["batches"] > 0 and stats["http_requests"] < stats["graph_requests"]
    else:
        # one HTTP request per Graph request (a poll may still be in flight when the counters are read)
        assert stats["batches"] == 0
        assert stats["graph_requests"] <= stats["http_requests"] <= stats["graph_requests"] + 4


async def test_throttled_mailbox_waits_for_retry_after_and_loses_nothing(
    engine_sandbox: Sandbox, control: ControlClient, graph_ok: Settings, tmp_path: Path
) -> None:
    sink = RecordingSink()
    svc = sandbox_graph.service(engine_sandbox)
    async with running_engine(graph_ok, tmp_path / "state", sink, fast(0.5)) as engine:
        throttled_before = svc.throttled_count
        svc.throttle_next(data.FABRIKAM_CAROL, 3)
        mark = sink.mark()
        create_now(control, data.FABRIKAM_CAROL, "Throttled but delivered", 50)
        # three 429s with Retry-After: 1 s each are waited out, then the change arrives
        await sink.wait_for(lambda r: r["pbx_name"] == "carol" and "Throttled but delivered" in r["presence"],
                            after=mark, timeout=10.0)
        assert engine.backend.stats()["throttled"] >= 3
    assert svc.throttled_count - throttled_before >= 3


async def test_mailbox_outside_the_rbac_scope_is_access_denied(
    engine_sandbox: Sandbox, sandbox_data_dir: Path, tmp_path: Path
) -> None:
    settings = scenario_settings("graph-out-of-scope", engine_sandbox.host_overrides, engine_sandbox.ca_file,
                                 sandbox_data_dir)
    sink = RecordingSink()
    async with running_engine(settings, tmp_path / "state", sink, fast()) as engine:
        statuses = {u.pbx_name: (u.status, u.detail) for u in engine.users.values()}
    assert statuses["ceo"][0] == "access_denied"
    assert "403" in statuses["ceo"][1] and "RBAC for Applications" in statuses["ceo"][1]
    assert {name for name, (status, _) in statuses.items() if status == "resolved"} == {"alice", "bob"}
    assert {r["pbx_name"] for r in sink.records} == {"alice", "bob"}


async def test_delta_links_are_kept_across_restarts(
    engine_sandbox: Sandbox, control: ControlClient, graph_ok: Settings, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    first = RecordingSink()
    async with running_engine(graph_ok, state, first, fast()) as engine:
        assert engine.feed.status()["rounds"] == len(graph_ok.mailboxes)
    report = status_report(state)  # what `calwizard engine status` shows
    assert report["graph_change_tracking"]["links"] == len(graph_ok.mailboxes)
    store = Store(state)
    try:
        assert store.delta_link_count() == len(graph_ok.mailboxes)
        stored = store.delta_link(data.FABRIKAM_ALICE)
        assert stored is not None
        link, start, end = stored
        assert "/calendarView/delta?" in link and "deltatoken" in link.lower()
        assert end - start >= timedelta(hours=48)
    finally:
        store.close()
    # a change while the engine is stopped is read at the next start; the stored links are continued
    create_now(control, data.FABRIKAM_ALICE, "While stopped", 40)
    sink = RecordingSink()
    async with running_engine(graph_ok, state, sink, fast()) as engine:
        feed = engine.feed.status()
    assert feed["resumed_links"] == len(graph_ok.mailboxes) and feed["rounds"] == 0
    alice = [r for r in sink.records if r["pbx_name"] == "alice"]
    assert len(alice) == 1 and "While stopped" in alice[0]["presence"]
    # the others are sent again only if their presence changed meanwhile (an appointment began or ended)
    last = by_user(first.records)
    for r in sink.records:
        if r["pbx_name"] != "alice":
            assert (r["activity"], r["presence"]) != last[r["pbx_name"]]


async def test_a_delta_link_graph_no_longer_accepts_starts_a_new_round(
    engine_sandbox: Sandbox, control: ControlClient, graph_ok: Settings, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    async with running_engine(graph_ok, state, RecordingSink(), fast()):
        pass
    store = Store(state)
    try:
        stored = store.delta_link(data.FABRIKAM_BOB)
        assert stored is not None
        link, start, end = stored
        broken = link.split("$deltatoken=", 1)[0] + "$deltatoken=not-a-token"
        store.set_delta_link(data.FABRIKAM_BOB, broken, start, end, datetime.now(UTC))
    finally:
        store.close()
    sink = RecordingSink()
    async with running_engine(graph_ok, state, sink, fast()) as engine:
        feed = engine.feed.status()
        assert engine.users["bob"].status == "resolved"
        # the new round watches bob again: a change is still seen
        mark = sink.mark()
        create_now(control, data.FABRIKAM_BOB, "After a new round")
        await sink.wait_for(lambda r: r["pbx_name"] == "bob" and "After a new round" in r["presence"], after=mark,
                            timeout=3.0)
    assert feed["expired_links"] == 1 and feed["rounds"] == 1 and feed["resumed_links"] == len(graph_ok.mailboxes) - 1


async def test_a_delta_window_running_out_is_renewed_without_losing_changes(
    engine_sandbox: Sandbox, control: ControlClient, graph_ok: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A delta round watches a fixed window; before less than the engine's 48 hours remain, a new round starts and
    the user is re-read. Here the window is made to run out within seconds."""
    from calwizard.engine import graph_backend

    poll = 0.5
    monkeypatch.setattr(graph_backend, "DELTA_WINDOW", timedelta(hours=48, seconds=2 * poll + 1.5))
    sink = RecordingSink()
    async with running_engine(graph_ok, tmp_path / "state", sink, fast(poll)) as engine:
        start_records = sink.mark()
        await until(lambda: engine.feed.status()["renewed_windows"] >= len(graph_ok.mailboxes), timeout=10,
                    what="every window renewed")
        await until(lambda: engine.reads >= 2 * len(graph_ok.mailboxes), timeout=5, what="re-reads after renewal")
        # the re-reads after each renewal resend nothing: every record is a change of its user's presence
        seen: dict[str, tuple[str, str]] = by_user(sink.records[:start_records])
        for r in sink.records[start_records:]:
            assert (r["activity"], r["presence"]) != seen.get(r["pbx_name"])
            seen[r["pbx_name"]] = (r["activity"], r["presence"])
        mark = sink.mark()
        create_now(control, data.FABRIKAM_CAROL, "After renewal")
        await sink.wait_for(lambda r: r["pbx_name"] == "carol" and "After renewal" in r["presence"], after=mark,
                            timeout=poll + 2.0)


async def test_an_expired_token_is_renewed_once_and_the_change_still_arrives(
    engine_sandbox: Sandbox, control: ControlClient, graph_ok: Settings, tmp_path: Path
) -> None:
    poll = 0.5
    sink = RecordingSink()
    async with running_engine(graph_ok, tmp_path / "state", sink, fast(poll)) as engine:
        assert engine_sandbox.entra.expire_issued_tokens() >= 1
        mark = sink.mark()
        create_now(control, data.FABRIKAM_ROOM, "After the token expired")
        await sink.wait_for(lambda r: r["pbx_name"] == "room-atlantic" and "After the token expired" in r["presence"],
                            after=mark, timeout=poll + 3.0)
        stats = engine.backend.stats()
        statuses = {u.status for u in engine.users.values()}
    # Graph answered 401; the engine asked msal for a new token (not the cached one) and went on
    assert stats["token_renewals_on_401"] >= 1 and stats["token_renewals"] >= 1
    assert statuses == {"resolved"}
