"""Benchmark: the sync engine against a plain exchangelib loop, 1000 mailboxes, WAN latency, throttling on.

    python bench/engine_sync.py [--mailboxes 1000] [--latency-ms 50] [--changes 40] [--loop-sample N]
                                [--backends ews,graph,graph-nobatch] [--poll-interval 10]
    python bench/engine_sync.py --mailboxes 10000 --shards auto|N [--shared-account] [--no-pbx] [--changes 40]

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

5. **shards** (``--shards N``, e.g. ``--mailboxes 10000 --shards 6``; ``--shards auto``: as many as ``calwizard
   validate`` proposes) — instead of the phases above: N engine *processes* (``calwizard engine run CONFIG --shard K/N
   --state-dir STATE_K --sink FILE_K [--sink pbx] --health 127.0.0.1:0``), each with its own state directory and, unless
   ``--shared-account``, its own service account (the sandbox's ``--shard-accounts``: svc-shard0…, each with its own
   EWS throttling budget of 27 concurrent requests), all started at once against one sandbox with ``--mailboxes``
   generated mailboxes (and PBX users). Per shard: its users, *initial sync* (the engine's own figure from its
   ``/healthz``, and the time from process start until the initial sync was done), peak memory (``VmHWM``, the
   process's peak RSS) after the initial sync and at the end, CPU seconds, EWS requests and throttling back-offs (from
   its ``/metrics``). Then ``--changes`` appointments, one at a time on random users: change -> the owning shard's file
   sink (``change_latency_ms``) and, unless ``--no-pbx``, -> calwizard's entry in the sandbox PBX read by a PBX client
   of the benchmark's own (``pbx_change_latency_ms``). One engine process refuses more than 10 x 200 subscriptions, so
   10,000 mailboxes need at least 5 shards (hashing is uneven: ``auto`` picks the smallest N whose every shard fits).

Prints one JSON line (the Graph runs under ``"graph"`` / ``"graph_nobatch"``; the shard run as
``engine_sync_shards``). The round-trip bound (EWS) is
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
    ap.add_argument("--shards", default=None, metavar="N|auto",
                    help="run the EWS engine as N shard processes instead (auto: as many as validate proposes)")
    ap.add_argument("--shared-account", action="store_true",
                    help="with --shards: every shard uses the one service account (default: one account per shard)")
    ap.add_argument("--timeout", type=float, default=3600.0, help="with --shards: seconds the initial sync may take")
    args = ap.parse_args()
    if args.shards is not None:
        main_shards(args, ap)
        return
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


# ------------------------------------------------------------------------------------------ shards


@dataclass
class _ShardProc:
    """One engine process of the shard run."""

    index: int
    proc: Any
    state: Path
    out: Path
    log: Path
    spawned: float
    url: str = ""
    users: int = 0
    ready_after_s: float | None = None
    initial_sync_s: float | None = None
    rss_initial_mb: float | None = None
    offset: int = 0
    records: int = 0


def _vm(pid: int, key: str = "VmHWM") -> float | None:
    """``key`` of /proc/PID/status in MiB (VmHWM: the process's peak RSS so far)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _metric_sum(text: str, name: str) -> float:
    """The sum of every sample of ``name`` in a Prometheus text exposition."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            with contextlib.suppress(ValueError):
                total += float(line.rsplit(" ", 1)[1])
    return total


def _scrape(url: str) -> str:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url + "/metrics", timeout=10) as resp:
        return resp.read().decode()


def main_shards(args: Any, ap: Any) -> None:
    from calwizard.settings.shard import propose_shards, shard_loads, streaming_budget

    names = [f"user{i:04d}" for i in range(1, args.mailboxes + 1)]
    if args.shards == "auto":
        count = propose_shards(names, streaming_budget(200))
    elif args.shards.isdigit() and int(args.shards) >= 1:
        count = int(args.shards)
    else:
        ap.error("--shards must be a number >= 1 or 'auto'")
    work = Path(tempfile.mkdtemp(prefix="calwizard-bench-shards-"))
    try:
        with sandbox_process(work / "sandbox", latency_ms=args.latency_ms, mailboxes=args.mailboxes,
                             concurrency=CONCURRENCY, shard_accounts=0 if args.shared_account else count) as sb:
            result = _bench_shards(args, count, names, work, sb)
            result["loads"] = shard_loads(names, count)
            print(json.dumps(result), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _shard_configs(args: Any, count: int, names: list[str], work: Path, sb: Any) -> list[Path]:
    """One configuration per shard: every generated mailbox (the shard picks its own), its own service account."""
    from calwizard.sandbox import data
    from calwizard.sandbox.scenarios import scenario_settings
    from calwizard.settings import save_settings
    from calwizard.settings.model import Mailbox, SecretRef, UserSource

    base = scenario_settings("onprem-ok", sb.host_overrides, Path(sb.ca_file), work / "sandbox")
    base.mailboxes = [Mailbox(pbx_name=n, addresses=[data.bulk_address(i)]) for i, n in enumerate(names, 1)]
    if not args.no_pbx:
        base.pbx = base.pbx.model_copy(update={
            "address": data.PBX_HOST, "app_name": data.PBX_APP,
            "app_password": SecretRef(sandbox=data.CRED_PBX_APP_PASSWORD), "user_source": UserSource.LIST})
    paths = []
    for k in range(count):
        settings = base
        if not args.shared_account:
            upn, cred = data.shard_account(k)
            settings = base.model_copy(update={"exchange": base.exchange.model_copy(update={
                "user": upn, "password": SecretRef(sandbox=cred)})})
        paths.append(save_settings(settings, work / f"shard{k}.toml"))
    return paths


def _spawn_shards(args: Any, count: int, configs: list[Path], work: Path) -> list[_ShardProc]:
    import subprocess

    env = {k: v for k, v in os.environ.items() if k not in ("CALWIZARD_SHARD", "REQUESTS_CA_BUNDLE")}
    shards = []
    for k in range(count):
        state, out, log = work / f"state-{k}", work / f"presence-{k}.jsonl", work / f"engine-{k}.log"
        argv = [sys.executable, "-m", "calwizard.engine", "run", str(configs[k]), "--shard", f"{k}/{count}",
                "--state-dir", str(state), "--sink", str(out), *([] if args.no_pbx else ["--sink", "pbx"]),
                "--health", "127.0.0.1:0", "--log-level", "warning"]
        with open(log, "wb") as err:
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=env)
        shards.append(_ShardProc(k, proc, state, out, log, time.perf_counter()))
    return shards


def _poll_started(shards: list[_ShardProc], deadline: float) -> None:
    """Wait until every shard finished its initial sync (its /healthz says so); SystemExit when one ends or the
    deadline passes."""
    from calwizard.engine.health import HEALTH_FILE, read_health

    pending = list(shards)
    while pending:
        for sh in list(pending):
            if sh.proc.poll() is not None:
                raise SystemExit(f"shard {sh.index} ended with exit code {sh.proc.returncode}: "
                                 + sh.log.read_text(errors="replace")[-2000:])
            if not sh.url:
                with contextlib.suppress(OSError, ValueError, KeyError):
                    sh.url = json.loads((sh.state / HEALTH_FILE).read_text())["url"]
                continue
            got = read_health(url=sh.url)
            if got is None:
                continue
            sync = got[1]["components"]["sync"]
            if sync.get("started") and sync.get("initial_sync_seconds") is not None:
                sh.ready_after_s = round(time.perf_counter() - sh.spawned, 3)
                sh.initial_sync_s = sync["initial_sync_seconds"]
                sh.users = int(got[1]["components"]["users"]["total"])
                sh.rss_initial_mb = _vm(sh.proc.pid)
                pending.remove(sh)
        if time.perf_counter() > deadline:
            raise SystemExit(f"shards {[sh.index for sh in pending]} did not finish their initial sync in time")
        time.sleep(0.25)


def _wait_steady(shards: list[_ShardProc], timeout: float = 600.0) -> float:
    """Wait until every shard has its streaming connections open and its sinks caught up with the initial sync (the
    PBX got every user's presence): the change latencies are then a steady state's. Returns the seconds waited."""
    from calwizard.engine.health import read_health

    t0 = time.perf_counter()
    for sh in shards:
        while True:
            got = read_health(url=sh.url)
            comps = got[1]["components"] if got else {}
            streams, sink = comps.get("streams", {}), comps.get("sink", {})
            if streams and streams.get("connections_open", 0) >= streams.get("groups", 1) and sink.get("outbox") == 0:
                break
            if time.perf_counter() > t0 + timeout:
                raise SystemExit(f"shard {sh.index}: streams not open or the sinks not caught up: {streams} {sink}")
            time.sleep(0.1)
    return time.perf_counter() - t0


def _new_records(sh: _ShardProc) -> list[dict[str, Any]]:
    """Records the shard's file sink got since the last call."""
    try:
        with open(sh.out, "rb") as fh:
            fh.seek(sh.offset)
            chunk = fh.read()
    except OSError:
        return []
    end = chunk.rfind(b"\n") + 1
    sh.offset += end
    lines = [json.loads(x) for x in chunk[:end].splitlines() if x.strip()]
    sh.records += len(lines)
    return lines


async def _shard_changes(args: Any, settings_path: Path, shards: list[_ShardProc], names: list[str], control: Any,
                         rng: random.Random) -> dict[str, Any]:
    """``--changes`` appointments one at a time: change -> the owning shard's file sink, and -> the PBX."""
    from calwizard.sandbox import data
    from calwizard.settings import load_settings
    from calwizard.settings.shard import shard_of

    count = len(shards)
    chosen = rng.sample(range(1, len(names) + 1), min(args.changes, len(names)))
    users = [f"user{n:04d}" for n in chosen]
    watcher = None if args.no_pbx else await _PbxWatcher.open(load_settings(settings_path), users)
    for sh in shards:
        _new_records(sh)  # skip what the initial sync wrote
    latencies: list[float] = []
    pbx_latencies: list[float] = []
    missed = pbx_missed = 0
    for i, (n, user) in enumerate(zip(chosen, users, strict=True)):
        sh = shards[shard_of(user, count)]
        subject = f"Bench change {i}"
        now = datetime.now(UTC).replace(microsecond=0)
        t = time.perf_counter()
        await asyncio.to_thread(control.create, data.bulk_address(n), subject, now, now + timedelta(hours=9),
                                free_busy="OOF")
        seen = None
        while seen is None and time.perf_counter() < t + 10:
            for r in _new_records(sh):
                if r["pbx_name"] == user and subject in r["presence"]:
                    seen = time.perf_counter()
            if seen is None:
                await asyncio.sleep(0.005)
        if seen is None:
            missed += 1
            continue
        latencies.append(seen - t)
        if watcher is not None:
            at = await watcher.wait(user, subject, deadline=t + 10)
            if at is None:
                pbx_missed += 1
            else:
                pbx_latencies.append(at - t)
    if watcher is not None:
        await watcher.close()

    def summary(values: list[float], lost: int) -> dict[str, Any]:
        if not values:
            return {"n": 0, "missed": lost}
        return {"n": len(values), "missed": lost, "p50": round(_percentile(values, 50) * 1000, 1),
                "p95": round(_percentile(values, 95) * 1000, 1), "max": round(max(values) * 1000, 1)}

    return {"change_latency_ms": summary(latencies, missed),
            **({} if watcher is None else {"pbx_change_latency_ms": summary(pbx_latencies, pbx_missed)})}


def _bench_shards(args: Any, count: int, names: list[str], work: Path, sb: Any) -> dict[str, Any]:
    import signal

    from calwizard.exchange.http import HttpPolicy
    from calwizard.sandbox.control import ControlClient

    http = HttpPolicy(ca_file=Path(sb.ca_file), host_overrides=sb.host_overrides, timeout=30, cache_dir=work / "ca")
    control = ControlClient(http)
    configs = _shard_configs(args, count, names, work, sb)
    load_before = load_average()
    control.reset_stats()
    sandbox_cpu0 = cpu_of(sb.pid)
    t0 = time.perf_counter()
    shards = _spawn_shards(args, count, configs, work)
    try:
        _poll_started(shards, t0 + args.timeout)
        fleet = time.perf_counter() - t0
        sandbox_cpu_initial = cpu_of(sb.pid) - sandbox_cpu0
        sandbox_initial = control.stats()
        steady_after = _wait_steady(shards)
        changes = asyncio.run(_shard_changes(args, configs[0], shards, names, control, random.Random(args.seed)))
        per_shard = []
        for sh in shards:
            text = _scrape(sh.url)
            per_shard.append({
                "shard": f"{sh.index}/{count}", "users": sh.users, "initial_sync_s": round(sh.initial_sync_s or 0, 3),
                "ready_after_start_s": sh.ready_after_s, "peak_rss_after_initial_mb": sh.rss_initial_mb,
                "peak_rss_mb": _vm(sh.proc.pid), "rss_now_mb": _vm(sh.proc.pid, "VmRSS"),
                "cpu_s": round(cpu_of(sh.proc.pid), 2),
                "ews_requests": int(_metric_sum(text, "calwizard_exchange_requests_total")),
                "throttling_backoffs": int(_metric_sum(text, "calwizard_throttling_backoffs_total")),
                "streams_open": int(_metric_sum(text, "calwizard_streams_open")),
                "presence_records": sh.records})
    finally:
        for sh in shards:
            if sh.proc.poll() is None:
                sh.proc.send_signal(signal.SIGTERM)
        for sh in shards:
            try:
                sh.proc.wait(60)
            except Exception:
                sh.proc.kill()
        control.close()
    return {
        "bench": "engine_sync_shards", "mailboxes": args.mailboxes, "shards": count, "latency_ms": args.latency_ms,
        "accounts": "shared" if args.shared_account else "one per shard", "pbx_sink": not args.no_pbx,
        "fleet_initial_sync_s": round(fleet, 3), "sinks_caught_up_after_s": round(fleet + steady_after, 3),
        "per_shard": per_shard,
        "peak_rss_max_mb": max((p["peak_rss_mb"] or 0) for p in per_shard),
        "peak_rss_total_mb": round(sum((p["peak_rss_mb"] or 0) for p in per_shard), 1),
        **changes,
        "exit_codes": [sh.proc.returncode for sh in shards],
        "sandbox_cpu_initial_s": round(sandbox_cpu_initial, 2),
        "sandbox_requests_initial": sum(dict(sandbox_initial["requests"]).values()),
        "sandbox_server_busy_initial": sandbox_initial["server_busy"],
        "load_average_before": load_before, "load_average_after": load_average(), "cpus": os.cpu_count(),
    }


if __name__ == "__main__":
    sys.exit(main())
