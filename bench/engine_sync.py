"""Benchmark: the sync engine against a plain exchangelib loop, 1000 mailboxes, WAN latency, throttling on.

    python bench/engine_sync.py [--mailboxes 1000] [--latency-ms 50] [--changes 40] [--loop-sample N]
                                [--backends ews,graph,graph-nobatch] [--poll-interval 10]

The sandbox runs in its own process (on-premises Exchange with ``--mailboxes`` generated Contoso mailboxes,
every EWS answer delayed by ``--latency-ms``, EWSMaxConcurrency 27 enforced: more requests in flight answer
ErrorServerBusy). In this process, one after the other:

1. **engine** — ``calwizard engine``'s code path (:func:`calwizard.engine.runner.run_engine`) with an
   in-memory sink: discovery (Autodiscover), then for every mailbox ResolveNames -> Subscribe -> 48-hour
   CalendarView, concurrently within the 27-request limit, then streaming connections (200 subscriptions
   each). *Initial sync* is the time from the first request of that phase until every user has presence.
2. **change latency** — ``--changes`` appointments are created through the control API, one at a time on
   random mailboxes; each latency runs from sending the change to the engine handing the new presence to
   its sink (streaming notification -> CalendarView -> presence). The control API carries no injected
   latency (it is not on the simulated WAN path); the stream carries none either (the sandbox delays each
   request once), so a real WAN adds about one one-way trip to these numbers.
   **change -> presence in the PBX** (unless ``--no-pbx``): the engine also runs the PBX sink (the sandbox PBX has a
   user object for every generated mailbox), and a PBX client of its own (SubscribePresence on the changed users)
   times each change until the PBX reports calwizard's presence entry with the new appointment —
   ``pbx_change_latency_ms``, measured at the PBX side.
3. **plain exchangelib loop** — for the same mailboxes, one after another: ``resolve_primary`` and
   ``read_calendar_view`` of :mod:`calwizard.exchange.ews` (ResolveNames + FindItem, exchangelib's own
   request/response path). ``--loop-sample N`` times the first N mailboxes and scales to all (reported).

4. **Microsoft Graph** (``graph``, ``graph-nobatch``) — the same engine with the ``cloud_graph`` backend over
   as many generated Fabrikam (Exchange Online) mailboxes, app-only with Calendars.Read only (so users are
   resolved by a calendar probe), with and without JSON batching: initial sync (token, probe, first delta
   round, 48-hour calendarView per user), HTTP requests vs. Graph requests, 429s, and change latency for
   ``--changes`` appointments created at once on distinct users (bounded by ``--poll-interval``: a change is
   seen at the mailbox's next delta poll).

Prints one JSON line (the Graph runs under ``"graph"`` / ``"graph_nobatch"``). The round-trip bound (EWS) is
``mailboxes x round trips per mailbox x latency / concurrency``, with the round trips per mailbox the engine
really made (counted by the sandbox). Goals: engine >= 15x faster than the loop, within 1.3x of the bound,
p95 change latency < 1 s; peak memory (max RSS) of this process after the engine phase is reported, with the
RSS before it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

CONCURRENCY = 27

sys.path.insert(0, str(Path(__file__).parent))
from sandbox_process import cpu_of, load_average, sandbox_process  # noqa: E402


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


class _Sink:
    description = "bench"

    def __init__(self) -> None:
        self.count = 0
        self.arrivals: dict[str, list[float]] = {}
        self.event = asyncio.Event()

    async def deliver(self, payload: str, key: str) -> None:
        record = json.loads(payload)
        self.count += 1
        self.arrivals.setdefault(record["pbx_name"], []).append(time.perf_counter())
        self.event.set()

    async def close(self) -> None:
        return None


@dataclass
class _Run:
    sink: _Sink
    stop: asyncio.Event
    task: asyncio.Future[Any]
    engine: Any
    total: float
    """Seconds from start to the end of the initial sync (discovery and token included)."""
    cpu: float
    sandbox_cpu: float


async def _start(settings: Any, state_dir: Path, options: Any, sandbox_pid: int) -> _Run:
    """``calwizard engine run``'s code path with an in-memory sink (and the PBX, if the settings have one), until its
    initial sync is done."""
    from calwizard.engine.runner import run_engine
    from calwizard.secretrefs import make_fetcher

    sink = _Sink()
    stop = asyncio.Event()
    box: dict[str, Any] = {}
    cpu0, sandbox_cpu0 = time.process_time(), cpu_of(sandbox_pid)
    t0 = time.perf_counter()
    sinks: list[Any] = ["pbx", sink] if settings.pbx.connected else [sink]
    task = asyncio.ensure_future(run_engine(settings, make_fetcher(settings), sink=sinks, state_dir=state_dir,
                                            stop=stop, options=options,
                                            on_engine=lambda e: box.setdefault("engine", e)))
    while "engine" not in box:
        if task.done():  # refused before it started (e.g. more users than 10 x 200 subscriptions): say why
            task.result()
            raise SystemExit("the engine stopped before it started")
        await asyncio.sleep(0.001)
    engine = box["engine"]
    started = asyncio.ensure_future(engine.started.wait())
    await asyncio.wait({task, started}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()
        raise SystemExit("the engine stopped during its initial sync")
    return _Run(sink, stop, task, engine, time.perf_counter() - t0, time.process_time() - cpu0,
                cpu_of(sandbox_pid) - sandbox_cpu0)


async def _engine_phase(settings: Any, state_dir: Path, control: Any, changes: int, rng: random.Random,
                        sandbox_pid: int) -> dict:
    from calwizard.engine.sync import EngineOptions
    from calwizard.sandbox import data

    run = await _start(settings, state_dir, EngineOptions(max_concurrency=CONCURRENCY), sandbox_pid)
    sink, stop, task, engine = run.sink, run.stop, run.task, run.engine
    total, cpu, sandbox_cpu = run.total, run.cpu, run.sandbox_cpu
    initial = engine.initial_sync_seconds
    users = len(settings.mailboxes)
    resolved = sum(1 for u in engine.users.values() if u.status == "resolved")
    with_presence = len(sink.arrivals)
    initial_requests = dict(engine.backend.stats()["requests"])
    sandbox_initial = await asyncio.to_thread(control.stats)
    rss_after_initial = _rss_mb()

    # wait for the streaming connections, then measure change -> presence
    groups = -(-users // settings.exchange.max_subscriptions_per_connection)
    while engine.feed.status()["connections"] < groups:
        await asyncio.sleep(0.01)
    chosen = rng.sample(range(1, users + 1), min(changes, users))  # distinct users
    watcher = await _PbxWatcher.open(settings, [f"user{n:04d}" for n in chosen]) if settings.pbx.connected else None
    latencies = []
    pbx_latencies: list[float] = []
    pbx_missed = 0
    unchanged = lost = 0
    for i, n in enumerate(chosen):
        pbx = f"user{n:04d}"
        before = len(sink.arrivals.get(pbx, []))
        t = time.perf_counter()
        # starts now (a seeded appointment that began a minute ago would otherwise hide it)
        now = datetime.now(UTC).replace(microsecond=0)
        await asyncio.to_thread(control.create, data.bulk_address(n), f"Bench change {i}", now,
                                now + timedelta(hours=9), free_busy="OOF")
        deadline = time.perf_counter() + 10
        while len(sink.arrivals.get(pbx, [])) == before and time.perf_counter() < deadline:
            sink.event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(sink.event.wait(), 1)
        if len(sink.arrivals.get(pbx, [])) > before:
            latencies.append(sink.arrivals[pbx][before] - t)
            if watcher is not None:
                seen = await watcher.wait(pbx, f"Bench change {i}", deadline=t + 10)
                if seen is None:
                    pbx_missed += 1
                else:
                    pbx_latencies.append(seen - t)
        elif any(a.subject == f"Bench change {i}" for a in engine.users[pbx].appointments):
            unchanged += 1  # read, but an overlapping appointment keeps the presence as it was
        else:
            lost += 1
    if watcher is not None:
        await watcher.close()
    feed = engine.feed.status()
    stop.set()
    await asyncio.wait_for(task, 60)
    return {
        "engine_feed": feed,
        "engine_total_s": round(total, 3),
        "engine_initial_sync_s": round(initial, 3),
        "engine_discovery_s": round(total - initial, 3),
        "engine_resolved": resolved,
        "engine_users_with_presence": with_presence,
        "engine_requests": initial_requests,
        "engine_peak_in_flight": engine.backend.stats()["peak_in_flight"],
        "sandbox_requests_initial": sandbox_initial["requests"],
        "sandbox_server_busy_initial": sandbox_initial["server_busy"],
        "cpu_engine_s": round(cpu, 2),
        "cpu_sandbox_s": round(sandbox_cpu, 2),
        "change_latency_ms": {
            "n": len(latencies),
            "read_but_presence_unchanged": unchanged,
            "lost": lost,
            "p50": round(_percentile(latencies, 50) * 1000, 1),
            "p95": round(_percentile(latencies, 95) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
        } if latencies else {},
        "pbx_change_latency_ms": {
            "n": len(pbx_latencies),
            "missed": pbx_missed,
            "p50": round(_percentile(pbx_latencies, 50) * 1000, 1),
            "p95": round(_percentile(pbx_latencies, 95) * 1000, 1),
            "max": round(max(pbx_latencies) * 1000, 1),
        } if pbx_latencies else ({"n": 0, "missed": pbx_missed} if watcher is not None else {}),
        "rss_after_initial_mb": round(rss_after_initial, 1),
    }


class _PbxWatcher:
    """A PBX client of the benchmark's own: SubscribePresence on the users, arrival time of each note."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.notes: dict[str, list[tuple[float, str]]] = {}
        self.event = asyncio.Event()

    @classmethod
    async def open(cls, settings: Any, users: list[str]) -> _PbxWatcher:
        from calwizard.checks.plan import make_context
        from calwizard.pbx.appwebsocket import AppWebsocket, websocket_url
        from calwizard.pbx.presence import calwizard_entry, subscribe_presence
        from calwizard.secretrefs import make_fetcher

        ctx = make_context(settings, make_fetcher(settings))
        ws = await AppWebsocket.open(websocket_url(settings.pbx.address), ctx.http, settings.pbx.app_name,
                                     ctx.secrets.get("pbx.app_password") or "", timeout=30)
        w = cls(ws)
        for user in users:
            def on(entries: list[Any], user: str = user) -> None:
                e = calwizard_entry(entries)
                w.notes.setdefault(user, []).append((time.perf_counter(), e.note if e else ""))
                w.event.set()

            await subscribe_presence(ws, user, on, timeout=30)
        return w

    async def wait(self, user: str, words: str, deadline: float) -> float | None:
        """When the PBX first reported a note of ``user`` containing ``words`` (perf_counter), None by ``deadline``."""
        while True:
            for at, note in self.notes.get(user, []):
                if words in note:
                    return at
            if time.perf_counter() > deadline:
                return None
            self.event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.event.wait(), max(0.01, deadline - time.perf_counter()))

    async def close(self) -> None:
        await self.ws.close()


async def _graph_phase(settings: Any, state_dir: Path, control: Any, changes: int, rng: random.Random,
                       poll_interval: float, batch: bool, sandbox_pid: int) -> dict:
    """The engine with the Microsoft Graph backend: initial sync, then ``changes`` appointments at once."""
    from calwizard.engine.sync import EngineOptions
    from calwizard.sandbox import data

    run = await _start(settings, state_dir, EngineOptions(poll_interval=poll_interval, graph_batch=batch),
                       sandbox_pid)
    sink, stop, task, engine = run.sink, run.stop, run.task, run.engine
    total, cpu, sandbox_cpu = run.total, run.cpu, run.sandbox_cpu
    initial_stats = dict(engine.backend.stats())
    users = len(settings.mailboxes)
    resolved = sum(1 for u in engine.users.values() if u.status == "resolved")
    with_presence = len(sink.arrivals)

    chosen = rng.sample(range(1, users + 1), min(changes, users))
    counts = {n: len(sink.arrivals.get(f"user{n:04d}", [])) for n in chosen}
    sent: dict[int, float] = {}
    for i, n in enumerate(chosen):
        sent[n] = time.perf_counter()
        now = datetime.now(UTC).replace(microsecond=0)  # starts now: nothing seeded began later
        await asyncio.to_thread(control.create, data.bulk_address(n, data.FABRIKAM_DOMAIN), f"Bench change {i}",
                                now, now + timedelta(hours=9), free_busy="OOF")
    deadline = time.perf_counter() + poll_interval * 2 + 30
    while any(len(sink.arrivals.get(f"user{n:04d}", [])) == counts[n] for n in chosen):
        if time.perf_counter() > deadline:
            break
        sink.event.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(sink.event.wait(), 1)
    latencies = [sink.arrivals[f"user{n:04d}"][counts[n]] - sent[n] for n in chosen
                 if len(sink.arrivals.get(f"user{n:04d}", [])) > counts[n]]
    # a change that was read but left the presence as it was (an overlapping appointment wins) is not lost
    silent = [n for n in chosen if len(sink.arrivals.get(f"user{n:04d}", [])) == counts[n]]
    unchanged = sum(1 for n in silent if any(a.subject.startswith("Bench change")
                                             for a in engine.users[f"user{n:04d}"].appointments))
    feed = engine.feed.status()
    stats = engine.backend.stats()
    stop.set()
    await asyncio.wait_for(task, 60)
    return {
        "batch": batch,
        "poll_interval_s": poll_interval,
        "initial_sync_s": round(engine.initial_sync_seconds or 0.0, 3),
        "total_s": round(total, 3),
        "resolved": resolved,
        "users_with_presence": with_presence,
        "initial_http_requests": initial_stats["http_requests"],
        "initial_graph_requests": initial_stats["graph_requests"],
        "initial_requests_by_kind": initial_stats["requests"],
        "batches_initial": initial_stats["batches"],
        "throttled_initial": initial_stats["throttled"],
        "graph_requests_total": stats["graph_requests"],
        "http_requests_total": stats["http_requests"],
        "peak_in_flight": stats["peak_in_flight"],
        "feed": feed,
        "cpu_engine_s": round(cpu, 2),
        "cpu_sandbox_s": round(sandbox_cpu, 2),
        "change_latency_ms": {
            "n": len(latencies),
            "read_but_presence_unchanged": unchanged,
            "lost": len(silent) - unchanged,
            "p50": round(_percentile(latencies, 50) * 1000, 1),
            "p95": round(_percentile(latencies, 95) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
        } if latencies else {"n": 0, "read_but_presence_unchanged": unchanged, "lost": len(silent) - unchanged},
        "rss_mb": round(_rss_mb(), 1),
    }


def _loop_phase(settings: Any, http: Any, addresses: list[str]) -> float:
    from calwizard.exchange import ews

    ex = settings.exchange
    config = ews.make_config(ex, http, "https://mail.contoso.test/EWS/Exchange.asmx", (15, 2, 1544),
                             password=settings_password(settings))
    start = time.perf_counter()
    for address in addresses:
        got = ews.resolve_primary(config, [address])
        primary = None if isinstance(got, ews.EwsError) else got[0]  # ambiguous: the configured address
        account = ews.make_account(config, primary or address)
        now = datetime.now(UTC)
        ews.read_calendar_view(account, now, now + timedelta(hours=48))
    return time.perf_counter() - start


def settings_password(settings: Any) -> str:
    from calwizard.secretrefs import make_fetcher

    return make_fetcher(settings)(settings.exchange.password)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mailboxes", type=int, default=1000)
    ap.add_argument("--latency-ms", type=int, default=50)
    ap.add_argument("--changes", type=int, default=40, help="appointments created to measure change latency")
    ap.add_argument("--loop-sample", type=int, default=0,
                    help="time the plain loop over the first N mailboxes only and scale (0: all)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--backends", default="ews,graph,graph-nobatch",
                    help="comma-separated: ews (with the exchangelib loop), graph, graph-nobatch")
    ap.add_argument("--poll-interval", type=float, default=10.0,
                    help="Graph delta poll interval in seconds (the settings allow 10-3600; default there 60)")
    ap.add_argument("--no-pbx", action="store_true",
                    help="EWS phase without the PBX sink (no change -> presence-in-PBX latency)")
    args = ap.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"ews", "graph", "graph-nobatch"}
    if unknown:
        ap.error(f"unknown backend(s): {', '.join(sorted(unknown))}")

    work = Path(tempfile.mkdtemp(prefix="calwizard-bench-"))
    try:
        with sandbox_process(work / "sandbox", latency_ms=args.latency_ms, mailboxes=args.mailboxes,
                             concurrency=CONCURRENCY) as sb:
            _bench(args, backends, work, sb)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _bench(args: Any, backends: list[str], work: Path, sb: Any) -> None:
    from calwizard.exchange.http import HttpPolicy
    from calwizard.sandbox import data
    from calwizard.sandbox.control import ControlClient
    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.settings.model import Mailbox, SecretRef, UserSource

    overrides, ca_file = sb.host_overrides, sb.ca_file
    http = HttpPolicy(ca_file=Path(ca_file), host_overrides=overrides, timeout=30, cache_dir=work / "ca")
    control = ControlClient(http)
    result: dict[str, Any] = {"bench": "engine_sync", "mailboxes": args.mailboxes,
                              "latency_ms": args.latency_ms, "backends": backends}
    for k, name in enumerate(("graph", "graph-nobatch"), 1):
        if name not in backends:
            continue
        gsettings = scenario_settings("graph-ok", overrides, Path(ca_file), work / "sandbox")
        gsettings.mailboxes = [
            Mailbox(pbx_name=f"user{i:04d}", addresses=[data.bulk_address(i, data.FABRIKAM_DOMAIN)])
            for i in range(1, args.mailboxes + 1)]
        result[name.replace("-", "_")] = asyncio.run(_graph_phase(
            gsettings, work / f"state-{name}", control, args.changes, random.Random(args.seed + k),
            args.poll_interval, name == "graph", sb.pid))
    if "ews" not in backends:
        print(json.dumps(result), flush=True)
        return
    settings = scenario_settings("onprem-ok", overrides, Path(ca_file), work / "sandbox")
    addresses = [data.bulk_address(i) for i in range(1, args.mailboxes + 1)]
    settings.mailboxes = [Mailbox(pbx_name=f"user{i:04d}", addresses=[a]) for i, a in enumerate(addresses, 1)]
    if not args.no_pbx:  # presence also into the sandbox PBX (its user objects user0001…); the list stays the users
        settings.pbx = settings.pbx.model_copy(update={
            "address": data.PBX_HOST, "app_name": data.PBX_APP,
            "app_password": SecretRef(sandbox=data.CRED_PBX_APP_PASSWORD), "user_source": UserSource.LIST})
    control.reset_stats()
    rss_before = _rss_mb()
    load_before = load_average()
    engine = asyncio.run(_engine_phase(settings, work / "state", control, args.changes, random.Random(args.seed),
                                       sb.pid))

    sample = args.loop_sample or args.mailboxes
    loop_measured = _loop_phase(settings, http, addresses[:sample])
    loop_s = loop_measured * args.mailboxes / sample

    initial_ops = ("ResolveNames", "Subscribe", "FindItem", "GetItem")
    round_trips = sum(engine["engine_requests"].get(op, 0) for op in initial_ops) / args.mailboxes
    ideal = args.mailboxes * round_trips * args.latency_ms / 1000 / CONCURRENCY
    initial = engine["engine_initial_sync_s"]
    result |= {
        "concurrency_limit": CONCURRENCY,
        **engine,
        "round_trips_per_mailbox": round(round_trips, 3),
        "round_trip_bound_s": round(ideal, 3),
        "engine_vs_bound": round(initial / ideal, 3) if ideal else None,
        "loop_s": round(loop_s, 3),
        "loop_measured_mailboxes": sample,
        "loop_measured_s": round(loop_measured, 3),
        "speedup_vs_loop": round(loop_s / initial, 1) if initial else None,
        "rss_before_engine_mb": round(rss_before, 1),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "cpus": os.cpu_count(),
        "goals": {
            "speedup_ge_15x": bool(initial and loop_s / initial >= 15),
            "within_1_3x_of_bound": bool(ideal and initial / ideal <= 1.3),
            "p95_change_latency_lt_1s": bool(engine["change_latency_ms"]
                                             and engine["change_latency_ms"]["p95"] < 1000),
            "p95_change_to_pbx_lt_1s": bool(engine["pbx_change_latency_ms"].get("p95") is not None
                                            and engine["pbx_change_latency_ms"]["p95"] < 1000)
            if not args.no_pbx else None,
            "every_user_has_presence": engine["engine_users_with_presence"] == args.mailboxes,
        },
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    sys.exit(main())
