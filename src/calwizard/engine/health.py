"""The engine's health endpoint and Prometheus metrics: ``calwizard engine run --health HOST:PORT``.

Served with aiohttp on the engine's own event loop (no thread), loopback only unless a host is given:

``GET /healthz``
    JSON (:meth:`HealthModel.snapshot`): ``status`` (``ok`` | ``degraded`` | ``starting`` | ``unhealthy``),
    ``healthy`` and one entry per *component*. HTTP **200** when ``healthy`` (``ok`` or ``degraded``: the
    engine works, some users or a credential need attention), **503** otherwise — the semantics of a load
    balancer's health check and of Kubernetes' readiness and startup probes. Components:

    * ``exchange`` — the backend is open (Autodiscover/sign-in succeeded) and the latest failure of a
      connection-level kind (network, TLS, credentials rejected, EWS blocked) is older than the latest
      successful read. Required.
    * ``streams`` (EWS) — every group of subscriptions has its GetStreamingEvents connection open, or has been
      without one for less than ``stream_grace`` seconds (a renewal or reconnect in progress). Required.
    * ``delta`` (Microsoft Graph) — the delta queries advance: the poll count grew within three poll intervals
      (plus ``stream_grace``). Required.
    * ``users`` — counts per status (``ok``, ``access_denied``, ``not_found``, ``ambiguous``, ``error``,
      ``pending``; statuses the engine adds later appear under their own name). Degrades, never fails: one
      user's problem is reported, the others keep syncing.
    * ``sync`` — ``last_full_sync`` (the last completed initial sync, from the state database),
      ``last_change`` (the last presence change handed to the sinks), the initial sync's duration.
    * ``sink`` — the outbox backlog and dead letters; a sink object with a ``health()`` method adds its own
      component under its ``health_name``.
    * ``pbx`` (with a PBX connection: the PBX sink and/or users from the PBX, :class:`PbxProbe`) — ``connected``
      (logged in as the App object, the master PBX, its APIs enabled), ``pbx`` (its name), ``users_replicated`` (the
      PBX's users after the user filter) and ``users_on_pbx``, ``presence_sets`` / ``presence_set_failures`` and
      ``last_set_presence`` (UTC), ``reconnects``, ``failed_attempts``, ``last_error``, and while it is down
      ``seconds_disconnected``. Required: it fails once the connection has been down for more than
      ``grace`` seconds (a reconnect within the grace keeps the engine healthy), so "PBX connected" is part of the
      200/503 answer.
    * ``credentials`` — the app's client secret / certificate expiry (``engine.credentials``:
      :mod:`calwizard.exchange.expiry`), ``days_left`` each; degraded within 30 days, unhealthy once expired.

    More components are added with :meth:`HealthModel.add` (a probe returning a :class:`Component`).

``GET /livez``
    200 ``{"alive": true}`` while the event loop answers (a liveness probe that does not restart the engine
    because Exchange is down).

``GET /metrics``
    The Prometheus text format (``prometheus_client``), from a registry of this engine (no global state):
    presence changes sent, calendar reads, the sync latency histogram (a reported change -> presence
    recomputed), Exchange requests by backend and result, throttling back-offs, stream reconnects by reason,
    users by status, open streams, outbox, last full sync / last change timestamps, credential expiry, and
    ``calwizard_healthy``; with a PBX ``calwizard_pbx_connected``, ``calwizard_pbx_presence_sets_total{result}``
    (``ok`` | ``failed``), ``calwizard_pbx_reconnects_total``, ``calwizard_pbx_connect_failures_total``,
    ``calwizard_pbx_replicated_users`` and ``calwizard_pbx_last_set_presence_timestamp_seconds``.

No answer carries a user's address, a secret or a token: counts, timestamps and error kinds only.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calwizard.i18n import translate

log = logging.getLogger("calwizard.engine.health")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 9464
"""The port ``--health`` uses when only a host, or nothing but ``--health``, is given."""
HEALTH_FILE = "health.json"
"""Written into the state directory while the endpoint serves: ``{"url", "pid"}`` (``engine status`` reads it)."""
CONNECTION_KINDS = frozenset({"network", "tls", "unauthorized", "ews_blocked"})
"""Failure kinds that mean "Exchange cannot be reached or refuses the account", not "this user has a problem"."""
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
"""Histogram buckets of ``calwizard_sync_latency_seconds`` (Graph changes wait for the next delta poll)."""
STATUS_NAMES = {"resolved": "ok"}
"""Engine user statuses under their health/metrics name (``resolved`` is ``ok``; the rest keep theirs)."""


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT``, ``:PORT``, ``PORT`` or ``HOST`` (IPv6 in brackets) -> (host, port); loopback by default.

    Raises:
        ConfigError: (field ``--health``) unparsable, or a port outside 0-65535.
    """
    from calwizard.errors import ConfigError

    raw = (text or "").strip()
    host, port_text = DEFAULT_HOST, ""
    if raw.startswith("["):
        end = raw.find("]")
        host, rest = raw[1:end], raw[end + 1:]
        port_text = rest[1:] if rest.startswith(":") else rest
    elif raw.count(":") == 1:
        host, port_text = raw.split(":")
        host = host or DEFAULT_HOST
    elif raw.isdigit():
        port_text = raw
    elif raw and ":" not in raw:
        host = raw
    elif raw:
        raise ConfigError(translate("engine", "--health {value} is not HOST:PORT").format(value=repr(text)),
                          field="--health", remedy=translate(
                              "engine", "Give HOST:PORT, e.g. --health 127.0.0.1:9464 (IPv6: [::1]:9464)."))
    try:
        port = int(port_text) if port_text else DEFAULT_PORT
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise ConfigError(translate("engine", "--health {value}: the port must be a number from 0 to 65535").format(
            value=repr(text)), field="--health",
            remedy=translate("engine", "Give HOST:PORT, e.g. --health 127.0.0.1:9464."))
    return host, port


@dataclass
class Component:
    """The health of one part of the engine.

    Attributes:
        ok: the part works.
        required: when not ``ok``, the engine is unhealthy (503); otherwise only degraded.
        detail: JSON-able facts (counts, timestamps, error kinds).
    """

    ok: bool
    required: bool = True
    detail: dict[str, Any] = field(default_factory=dict)


Probe = Callable[[], "Component | None"]


@dataclass
class PbxProbe:
    """The engine's PBX connection as ``/healthz`` and ``/metrics`` see it (read at request time, nothing changed).

    Attributes:
        conn: the :class:`~calwizard.pbx.connection.PbxConnection` (its ``status()``).
        sink: the :class:`~calwizard.engine.pbx_sink.PbxSink` (``sets``, ``failures``, ``last_set_at``), None when
            presence does not go to the PBX.
        directory: the :class:`~calwizard.pbx.users.UserDirectory` (``users``, ``total``, ``replications``), None when
            the users do not come from the PBX.
    """

    conn: Any
    sink: Any = None
    directory: Any = None

    def status(self) -> dict[str, Any]:
        """The connection's status with the sink's and the replication's counts (JSON-able, no user names)."""
        out = dict(self.conn.status())
        if self.directory is not None:
            out |= {"users_replicated": len(self.directory.users), "users_on_pbx": self.directory.total,
                    "replications": self.directory.replications}
        if self.sink is not None:
            out |= {"presence_sets": self.sink.sets, "presence_set_failures": self.sink.failures,
                    "last_set_presence": _iso(self.sink.last_set_at)}
        return out


def _iso(t: datetime | None) -> str | None:
    return t.astimezone(UTC).isoformat(timespec="seconds") if t is not None else None


def _timestamp(text: str | None) -> float | None:
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return datetime.fromisoformat(text).timestamp()
    return None


class HealthModel:
    """What ``/healthz`` and ``/metrics`` report for one running :class:`~calwizard.engine.sync.SyncEngine`.

    Args:
        engine: the engine (its attributes are read, nothing is changed).
        stream_grace: seconds a stream group may be without its connection, a delta feed may be late, and the PBX
            connection may be down, before the component fails.
        clock: monotonic seconds (tests).
        pbx: the engine's PBX connection (None: no PBX configured, no ``pbx`` component).

    Everything is read on the event loop at request time; the model keeps only what it needs to notice that
    something has *not* happened for a while (streams down since, delta polls last advanced).
    """

    def __init__(self, engine: Any, *, stream_grace: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 pbx: PbxProbe | None = None) -> None:
        self.engine = engine
        self.stream_grace = stream_grace
        self.pbx = pbx
        self._clock = clock
        self._probes: dict[str, Probe] = {}
        self._streams_down_since: float | None = None
        self._polls_seen: tuple[int, float] | None = None
        self.started_at = clock()

    def add(self, name: str, probe: Probe) -> None:
        """Add a component: ``probe()`` returns its :class:`Component`, or None while it has nothing to say."""
        self._probes[name] = probe

    # ------------------------------------------------------------------------------------------ components

    def _exchange(self) -> Component:
        e = self.engine
        failure = e.last_failure
        detail: dict[str, Any] = {"backend": getattr(e.backend, "name", ""), "open": bool(e.opened),
                                  "last_success": _iso(e.last_success_at)}
        connected = bool(e.opened)
        if failure is not None:
            kind, _message, at = failure
            detail["last_failure"] = {"kind": kind, "at": _iso(at)}
            if kind in CONNECTION_KINDS and (e.last_success_at is None or at >= e.last_success_at):
                connected = False
        detail["connected"] = connected
        return Component(connected, True, detail)

    def _feed(self) -> tuple[str, Component] | None:
        status = dict(self.engine.feed.status())
        now = self._clock()
        if status.get("kind") == "delta":
            polls, watched = int(status.get("polls", 0)), int(status.get("watched", 0))
            interval = float(status.get("poll_interval", 60.0))
            if self._polls_seen is None or polls != self._polls_seen[0]:
                self._polls_seen = (polls, now)
            quiet = now - self._polls_seen[1]
            alive = watched == 0 or not self.engine.opened or quiet <= 3 * interval + self.stream_grace
            detail = {"watched": watched, "polls": polls, "seconds_since_last_poll": round(quiet, 1),
                      "poll_interval": interval, "changes": status.get("changes", 0),
                      "expired_links": status.get("expired_links", 0)}
            return "delta", Component(alive, True, detail)
        groups, connections = int(status.get("groups", 0)), int(status.get("connections", 0))
        if connections >= groups or not self.engine.opened:
            self._streams_down_since = None
        elif self._streams_down_since is None:
            self._streams_down_since = now
        down = now - self._streams_down_since if self._streams_down_since is not None else 0.0
        detail = {"connections_open": connections, "groups": groups,
                  "subscriptions": status.get("subscriptions", 0),
                  **{k: status.get(k, 0) for k in ("connects", "renewals", "drops", "lost", "resubscribed",
                                                   "connect_failures", "notifications")}}
        if down:
            detail["seconds_without_connection"] = round(down, 1)
        return "streams", Component(down <= self.stream_grace, True, detail)

    def user_counts(self) -> dict[str, int]:
        """Users per status, under their health names (``ok`` for ``resolved``)."""
        counts = {"ok": 0, "access_denied": 0, "not_found": 0, "ambiguous": 0, "error": 0, "pending": 0}
        for user in self.engine.users.values():
            name = STATUS_NAMES.get(user.status, user.status)
            counts[name] = counts.get(name, 0) + 1
        return counts

    def _users(self) -> Component:
        counts = self.user_counts()
        problems = sum(n for k, n in counts.items() if k not in ("ok", "pending"))
        return Component(problems == 0, False, {"total": sum(counts.values()), **counts})

    def _sync(self) -> Component:
        e = self.engine
        detail = {"started": e.started.is_set(), "last_full_sync": e.store.meta("last_full_sync") or None,
                  "last_change": _iso(e.last_change_at), "initial_sync_seconds":
                  round(e.initial_sync_seconds, 3) if e.initial_sync_seconds is not None else None,
                  "reads": e.reads, "changes_sent": e.changes_sent}
        return Component(True, False, detail)

    def _sink(self) -> Component:
        sinks = self.engine.sinks
        return Component(True, False, {"outbox": self.engine.store.outbox_size(), "dead_letters": sinks.dead,
                                       "delivered": sinks.delivered, "failures": sinks.failures})

    def _sink_health(self) -> tuple[str, Component] | None:
        workers = self.engine.sinks
        for sink in getattr(workers, "sinks", None) or [getattr(workers, "sink", None)]:  # one sink, or a SinkGroup
            probe = getattr(sink, "health", None)
            if not callable(probe):
                continue
            got = probe()
            if isinstance(got, Component):
                return getattr(sink, "health_name", "sink_connection"), got
            got = dict(got or {})
            return getattr(sink, "health_name", "sink_connection"), Component(bool(got.pop("ok", False)), True, got)
        return None

    def _pbx(self) -> Component | None:
        if self.pbx is None:
            return None
        detail = self.pbx.status()
        down = float(detail.get("seconds_disconnected", 0.0))
        return Component(bool(detail["connected"]) or down <= self.stream_grace, True, detail)

    def _credentials(self) -> Component | None:
        creds = list(getattr(self.engine, "credentials", ()) or ())
        if not creds:
            return None
        now = datetime.now(UTC)
        items = []
        worst_ok, expired = True, False
        for c in creds:
            left = c.days_left(now)
            items.append({"what": c.what, "expires": _iso(c.expires), "days_left": left})
            if c.expires <= now:
                expired = True
            elif left <= 30:
                worst_ok = False
        if expired:
            return Component(False, True, {"credentials": items})
        return Component(worst_ok, False, {"credentials": items})

    def components(self) -> dict[str, Component]:
        """Every component, in a stable order."""
        out: dict[str, Component] = {"exchange": self._exchange()}
        feed = self._feed()
        if feed is not None:
            out[feed[0]] = feed[1]
        out["users"] = self._users()
        out["sync"] = self._sync()
        out["sink"] = self._sink()
        extra = self._sink_health()
        if extra is not None:
            out[extra[0]] = extra[1]
        pbx = self._pbx()
        if pbx is not None:
            out["pbx"] = pbx
        creds = self._credentials()
        if creds is not None:
            out["credentials"] = creds
        for name, probe in self._probes.items():
            got = probe()
            if got is not None:
                out[name] = got
        return out

    def snapshot(self) -> dict[str, Any]:
        """The ``/healthz`` document: ``status``, ``healthy``, ``components`` ({name: {ok, required, ...}})."""
        comps = self.components()
        failed_required = [n for n, c in comps.items() if c.required and not c.ok]
        degraded = [n for n, c in comps.items() if not c.required and not c.ok]
        if not self.engine.opened and not self.engine.started.is_set():
            status = "starting"
        elif failed_required:
            status = "unhealthy"
        elif degraded:
            status = "degraded"
        else:
            status = "ok"
        shard = getattr(self.engine.options, "shard", None)
        return {
            "status": status,
            "healthy": status in ("ok", "degraded"),
            "failing": failed_required,
            "degraded": degraded,
            "shard": str(shard) if shard else None,
            "uptime_seconds": round(self._clock() - self.started_at, 1),
            "components": {n: {"ok": c.ok, "required": c.required, **c.detail} for n, c in comps.items()},
        }


# ------------------------------------------------------------------------------------------ metrics


class EngineCollector:
    """A ``prometheus_client`` collector that reads the engine's counters at scrape time (nothing is counted
    twice, nothing is kept in a global registry)."""

    def __init__(self, model: HealthModel) -> None:
        self.model = model

    def describe(self) -> list[Any]:
        return []  # unchecked collector: families are produced at collect time

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        model, engine = self.model, self.model.engine
        snap = model.snapshot()
        comps = snap["components"]

        def gauge(name: str, doc: str, value: float | None, labels: dict[str, str] | None = None) -> Any:
            g = GaugeMetricFamily(name, doc, labels=list(labels) if labels else None)
            if value is not None:
                g.add_metric(list(labels.values()) if labels else [], value)
            return g

        yield gauge("calwizard_healthy", "1 when /healthz answers 200", 1.0 if snap["healthy"] else 0.0)
        yield gauge("calwizard_exchange_connected", "1 when Exchange (EWS or Graph) is reachable and accepts the "
                    "account", 1.0 if comps["exchange"]["connected"] else 0.0)
        c = CounterMetricFamily("calwizard_presence_changes", "Presence changes handed to the sinks")
        c.add_metric([], engine.changes_sent)
        yield c
        c = CounterMetricFamily("calwizard_calendar_reads", "Successful calendar reads (48-hour windows)")
        c.add_metric([], engine.reads)
        yield c

        users = GaugeMetricFamily("calwizard_users", "Configured users of this instance by status",
                                  labels=["status"])
        for status, n in model.user_counts().items():
            users.add_metric([status], n)
        yield users

        backend = getattr(engine.backend, "name", "")
        stats = dict(engine.backend.stats())
        requests = CounterMetricFamily("calwizard_exchange_requests", "Exchange requests by backend and result",
                                       labels=["backend", "result"])
        ops = CounterMetricFamily("calwizard_exchange_requests_by_operation",
                                  "Exchange requests by backend and operation", labels=["backend", "operation"])
        backoffs = CounterMetricFamily("calwizard_throttling_backoffs", "Throttling answers waited out "
                                       "(ErrorServerBusy, HTTP 429/503)", labels=["backend"])
        if backend == "graph":
            by_status = getattr(getattr(engine.backend, "client", None), "counters", None)
            for code, n in sorted((getattr(by_status, "by_status", None) or {}).items()):
                requests.add_metric([backend, _graph_result(int(code))], n)
            for op, n in sorted(dict(stats.get("requests", {})).items()):
                ops.add_metric([backend, str(op)], n)
            backoffs.add_metric([backend], float(stats.get("throttled", 0)))
        else:
            total = sum(dict(stats.get("requests", {})).values())
            errors = dict(stats.get("errors", {}))
            requests.add_metric([backend, "ok"], max(total - sum(errors.values()), 0))
            for kind, n in sorted(errors.items()):
                requests.add_metric([backend, str(kind)], n)
            for op, n in sorted(dict(stats.get("requests", {})).items()):
                ops.add_metric([backend, str(op)], n)
            backoffs.add_metric([backend], float(stats.get("server_busy", 0)))
        yield requests
        yield ops
        yield backoffs

        feed = dict(engine.feed.status())
        reconnects = CounterMetricFamily("calwizard_stream_reconnects", "Change feed re-establishments by reason "
                                         "(EWS streams: renewal, drop, lost subscriptions, failed connects; Graph: "
                                         "expired delta links, renewed windows)", labels=["reason"])
        if feed.get("kind") == "delta":
            reasons = {"delta_link_expired": "expired_links", "window_renewed": "renewed_windows"}
        else:
            reasons = {"renewal": "renewals", "drop": "drops", "lost_subscription": "lost",
                       "resubscribed": "resubscribed", "connect_failure": "connect_failures"}
        for label, key in reasons.items():
            reconnects.add_metric([label], float(feed.get(key, 0)))
        yield reconnects
        if feed.get("kind") != "delta":
            yield gauge("calwizard_streams_open", "Open GetStreamingEvents connections",
                        float(feed.get("connections", 0)))
            yield gauge("calwizard_stream_groups", "Subscription groups (one connection each)",
                        float(feed.get("groups", 0)))
            yield gauge("calwizard_subscriptions", "Streaming subscriptions", float(feed.get("subscriptions", 0)))
        else:
            yield gauge("calwizard_delta_feeds", "Mailboxes followed with delta queries", float(feed.get("watched", 0)))

        yield gauge("calwizard_outbox", "Presence changes waiting for the sink", float(engine.store.outbox_size()))
        yield gauge("calwizard_dead_letters", "Presence changes the sink refused for good", float(engine.sinks.dead))
        sync = comps["sync"]
        yield gauge("calwizard_last_full_sync_timestamp_seconds", "Unix time of the last completed initial sync",
                    _timestamp(sync["last_full_sync"]))
        yield gauge("calwizard_last_change_timestamp_seconds", "Unix time of the last presence change",
                    _timestamp(sync["last_change"]))
        if "pbx" in comps:
            yield from _pbx_metrics(comps["pbx"], gauge)
        expiry = GaugeMetricFamily("calwizard_credential_expiry_timestamp_seconds",
                                   "Unix time at which the app's credential expires", labels=["credential"])
        for item in comps.get("credentials", {}).get("credentials", []):
            ts = _timestamp(item["expires"])
            if ts is not None:
                expiry.add_metric([item["what"]], ts)
        yield expiry


def _pbx_metrics(pbx: dict[str, Any], gauge: Callable[..., Any]) -> Iterator[Any]:
    """The PBX connection's metric families from its ``/healthz`` component."""
    from prometheus_client.core import CounterMetricFamily

    yield gauge("calwizard_pbx_connected", "1 while the engine is logged in to the PBX as its App object",
                1.0 if pbx["connected"] else 0.0)
    c = CounterMetricFamily("calwizard_pbx_reconnects", "PBX connections re-established after a loss")
    c.add_metric([], pbx.get("reconnects", 0))
    yield c
    c = CounterMetricFamily("calwizard_pbx_connect_failures", "PBX reconnect attempts that failed")
    c.add_metric([], pbx.get("failed_attempts", 0))
    yield c
    if "presence_sets" in pbx:
        c = CounterMetricFamily("calwizard_pbx_presence_sets", "SetPresence requests sent to the PBX by result",
                                labels=["result"])
        c.add_metric(["ok"], pbx["presence_sets"])
        c.add_metric(["failed"], pbx["presence_set_failures"])
        yield c
        yield gauge("calwizard_pbx_last_set_presence_timestamp_seconds", "Unix time of the last SetPresence the "
                    "PBX confirmed", _timestamp(pbx["last_set_presence"]))
    if "users_replicated" in pbx:
        yield gauge("calwizard_pbx_replicated_users", "Users replicated from the PBX (after the user filter)",
                    float(pbx["users_replicated"]))


def _graph_result(status: int) -> str:
    if 200 <= status < 300:
        return "ok"
    return {401: "unauthorized", 403: "access_denied", 404: "not_found", 410: "gone", 429: "throttled",
            503: "throttled", 504: "throttled"}.get(status, f"http_{status}")


class EngineMetrics:
    """The Prometheus registry of one engine: :class:`EngineCollector` plus the sync latency histogram, observed
    through :attr:`SyncEngine.on_sync_latency`."""

    def __init__(self, model: HealthModel) -> None:
        from prometheus_client import CollectorRegistry, Histogram

        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(EngineCollector(model))  # type: ignore[arg-type]
        self.latency = Histogram("calwizard_sync_latency_seconds", "Seconds from a reported calendar change "
                                 "(streaming notification, delta query) to the user's presence recomputed",
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        model.engine.on_sync_latency = self.latency.observe

    def render(self) -> tuple[bytes, str]:
        """The text exposition and its content type."""
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return generate_latest(self.registry), CONTENT_TYPE_LATEST


# ------------------------------------------------------------------------------------------ server


class HealthServer:
    """``/healthz``, ``/livez`` and ``/metrics`` on ``host:port``, on the running event loop.

    Args:
        engine: the engine to report on.
        host, port: where to listen (port 0: any free port; see :attr:`url` after :meth:`start`).
        state_dir: where :data:`HEALTH_FILE` is written while serving (None: not written).
        stream_grace: see :class:`HealthModel`.
        pbx: the engine's PBX connection (None: none configured).
    """

    def __init__(self, engine: Any, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
                 state_dir: Path | None = None, stream_grace: float = 60.0, pbx: PbxProbe | None = None) -> None:
        self.model = HealthModel(engine, stream_grace=stream_grace, pbx=pbx)
        self.metrics = EngineMetrics(self.model)
        self.host, self.port = host, port
        self.state_dir = state_dir
        self._runner: Any = None
        self.url = ""

    async def start(self) -> None:
        """Listen. Raises :class:`calwizard.errors.ConfigError` when the address cannot be used (in use,
        not local)."""
        from aiohttp import web

        from calwizard.errors import ConfigError

        app = web.Application(client_max_size=1024)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/livez", self._livez)
        app.router.add_get("/metrics", self._metrics)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise ConfigError(translate("engine", "the health endpoint cannot listen on {host}:{port}: {why}").format(
                host=self.host, port=self.port, why=exc.strerror or exc), field="--health",
                remedy=translate("engine", "Choose a free port (or another address) with --health HOST:PORT.")
            ) from None
        self._runner = runner
        bound = [a for a in runner.addresses if isinstance(a, tuple)]
        port = int(bound[0][1]) if bound else self.port
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{host}:{port}"
        if self.state_dir is not None:
            from calwizard.settings.io import atomic_write_text

            atomic_write_text(self.state_dir / HEALTH_FILE, json.dumps({"url": self.url, "pid": os.getpid()}))
        log.info("health endpoint on %s (/healthz, /livez, /metrics)", self.url)

    async def close(self) -> None:
        if self.state_dir is not None:
            with contextlib.suppress(OSError):
                (self.state_dir / HEALTH_FILE).unlink()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _healthz(self, request: Any) -> Any:
        from aiohttp import web

        snap = self.model.snapshot()
        return web.json_response(snap, status=200 if snap["healthy"] else 503,
                                 headers={"Cache-Control": "no-store"})

    async def _livez(self, request: Any) -> Any:
        from aiohttp import web

        return web.json_response({"alive": True}, headers={"Cache-Control": "no-store"})

    async def _metrics(self, request: Any) -> Any:
        from aiohttp import web

        body, content_type = self.metrics.render()
        resp = web.Response(body=body, headers={"Cache-Control": "no-store"})
        resp.content_type = content_type.split(";")[0]
        resp.charset = "utf-8"
        return resp


# ------------------------------------------------------------------------------------------ client


def read_health(state_dir: Path | None = None, url: str | None = None, timeout: float = 3.0
                ) -> tuple[int, dict[str, Any]] | None:
    """``GET /healthz`` of a running engine: its URL from ``url``, else from ``state_dir``'s
    :data:`HEALTH_FILE`. Returns (HTTP status, document), or None when nothing answers (stopped engine).

    Only plain HTTP on the address given (the endpoint serves loopback by default), never through a proxy, no
    redirects; the answer is read up to 1 MiB, and the whole request — connecting, the headers and the body —
    ends within ``timeout`` seconds however slowly something else on that port answers (the shared HTTP
    policy's limits, :class:`calwizard.exchange.http.HttpPolicy`).
    """
    import requests

    from calwizard.exchange.http import HttpPolicy

    if url is None and state_dir is not None:
        try:
            url = str(json.loads((state_dir / HEALTH_FILE).read_text(encoding="utf-8"))["url"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        host, port = parse_address(url)
        url = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    policy = HttpPolicy(timeout=timeout, max_response_bytes=1 << 20, max_response_seconds=timeout)
    try:
        with policy.requests_session() as session:
            session.trust_env = False  # never through a proxy
            resp = session.get(url.rstrip("/") + "/healthz", allow_redirects=False)
            return resp.status_code, json.loads(resp.content)
    except (requests.RequestException, OSError, ValueError):
        return None


async def serving(engine: Any, address: tuple[str, int] | None, state_dir: Path | None, *,
                  pbx: PbxProbe | None = None) -> HealthServer | None:
    """Start a :class:`HealthServer` for ``engine`` at ``address`` (None: no endpoint); the grace of the streams, the
    delta feed and the PBX connection is the engine's ``options.health_grace``."""
    if address is None:
        return None
    grace = float(getattr(engine.options, "health_grace", 60.0))
    server = HealthServer(engine, address[0], address[1], state_dir=state_dir, stream_grace=grace, pbx=pbx)
    await server.start()
    return server


__all__ = ["Component", "EngineMetrics", "HealthModel", "HealthServer", "PbxProbe", "parse_address", "read_health",
           "serving"]
