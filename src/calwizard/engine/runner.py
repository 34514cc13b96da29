"""Assemble and run the engine for one configuration: secrets, HTTP policy, store, sinks, backend, PBX.

Used by ``calwizard engine run`` (:mod:`calwizard.engine.cli`), the integration tests and the benchmark.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from calwizard.checks.context import CheckContext, SecretFetcher
from calwizard.checks.plan import make_context
from calwizard.engine.backend import CalendarBackend
from calwizard.engine.ews_backend import EwsBackend
from calwizard.engine.sinks import make_sink
from calwizard.engine.store import Store
from calwizard.engine.sync import EngineOptions, SyncEngine
from calwizard.errors import ConfigError
from calwizard.exchange import expiry
from calwizard.exchange.remedies import connections_needed, streaming_limit_remedy
from calwizard.i18n import translate
from calwizard.settings.model import Settings, SyncType
from calwizard.settings.shard import Shard, propose_shards, streaming_budget

if TYPE_CHECKING:
    from calwizard.pbx.connection import PbxConnection

log = logging.getLogger("calwizard.engine")

NEEDED_SECRETS = {
    SyncType.ON_PREMISES: ("password",),
    SyncType.CLOUD_APP_ONLY: (),
    SyncType.CLOUD_DELEGATED: ("token_cache",),
    SyncType.CLOUD_GRAPH: (),
}


def default_state_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("calwizard", appauthor=False)) / "engine"


def require_secrets(ctx: CheckContext, remedy: str | None = None) -> None:
    """Raise the first reason the backend of ``ctx``'s sync type cannot authenticate: a secret it needs that is
    not configured, or that could not be read (the fetcher's :class:`~calwizard.errors.SecretError`).

    Raises:
        ConfigError / SecretError: naming the field; ``remedy`` for a secret that is not configured (None:
            complete the configuration in the wizard).
    """
    ex = ctx.settings.exchange
    for name in NEEDED_SECRETS.get(ex.sync_type, ()):
        if name in ctx.secrets.errors:
            raise ctx.secrets.errors[name]
        if ctx.secrets.get(name) is None:
            raise ConfigError(translate("engine", "exchange.{name} is not configured").format(name=name),
                              field=f"exchange.{name}", remedy=remedy or translate(
                                  "engine", "Complete the configuration in the wizard and validate it."))
    if ex.sync_type.is_app_only and not ex.client_certificate and "client_secret" in ctx.secrets.errors:
        raise ctx.secrets.errors["client_secret"]


def make_backend(ctx: CheckContext, options: EngineOptions | None = None, *, store: Store | None = None
                 ) -> CalendarBackend:
    """The :class:`~calwizard.engine.backend.CalendarBackend` for the configuration's sync type (not yet opened).

    EWS sync types get :class:`~calwizard.engine.ews_backend.EwsBackend`; ``cloud_graph`` gets
    :class:`~calwizard.engine.graph_backend.GraphBackend`. Used by the engine and by the wizard's presence
    preview (which opens the backend, reads one mailbox and closes it). ``store``: where the Graph backend
    keeps its delta links (None: not kept).

    Raises:
        ConfigError: the sync type has nothing to sync (``disabled``).
    """
    options = options or EngineOptions()
    sync_type = ctx.settings.exchange.sync_type
    if sync_type.uses_graph:
        from calwizard.engine.graph_backend import GraphBackend

        return GraphBackend(ctx, poll_interval=options.poll_interval, use_batch=options.graph_batch, store=store)
    if sync_type.uses_ews:
        return EwsBackend(ctx, max_concurrency=options.max_concurrency, max_streams=options.max_streams,
                          connection_timeout_minutes=options.connection_timeout_minutes)
    raise _disabled()


def _disabled() -> ConfigError:
    """The error of a configuration whose sync type is ``disabled``."""
    return ConfigError(translate("engine", "the sync type is 'disabled': there is nothing to sync"),
                       field="exchange.sync_type",
                       remedy=translate("engine", "Choose a sync type in the wizard and validate the configuration."))


def shard_settings(settings: Settings, shard: Shard | None) -> Settings:
    """``settings`` with only the mailboxes ``shard`` owns (all of them without a shard)."""
    if shard is None or not settings.mailboxes:
        return settings
    mine = [m for m in settings.mailboxes if shard.owns(m.pbx_name)]
    if not mine:
        raise ConfigError(translate("engine", "shard {shard} owns none of the {count} configured users").format(
            shard=shard, count=len(settings.mailboxes)), field="--shard",
            remedy=translate("engine", "Run fewer shards: 'calwizard validate' proposes how many."))
    log.info("shard %s: %d of %d user(s)", shard, len(mine), len(settings.mailboxes))
    return settings.model_copy(update={"mailboxes": mine})


PBX_SINK = "pbx"
DEFAULT_SINK = "default"
"""``--sink default``: :func:`default_sinks` (e.g. ``--sink default --sink out.jsonl``: the usual place and a file)."""


def default_sinks(settings: Settings) -> list[str]:
    """``["pbx"]`` when a PBX connection is configured, else ``["stdout"]``."""
    return [PBX_SINK] if settings.pbx.connected else ["stdout"]


def make_pbx(ctx: CheckContext, required_apis: tuple[str, ...] = ()) -> PbxConnection:
    """The engine's connection to the configured PBX (not yet started); ``required_apis``: what it must enable.

    Raises:
        ConfigError / SecretError: no App object password, or it cannot be read.
    """
    from calwizard.pbx.connection import PbxConnection

    pbx = ctx.settings.pbx
    if "pbx.app_password" in ctx.secrets.errors:
        raise ctx.secrets.errors["pbx.app_password"]
    password = ctx.secrets.get("pbx.app_password")
    if not password:
        raise ConfigError(translate("engine", "pbx.app_password is not configured"), field="pbx.app_password",
                          remedy=translate("engine", "Enter the App object's password in the wizard (PBX & presence "
                                           "page) or with 'calwizard secrets set PROFILE pbx.app_password'."))
    return PbxConnection(pbx.address, pbx.app_name, password, pbx.master_pbx_name, ctx.http,
                         timeout=ctx.settings.exchange.timeout_seconds, required_apis=required_apis)


@dataclass
class EngineParts:
    """What :func:`build_engine` assembled: the engine, its store, its sinks and (with a PBX) its PBX connection."""

    engine: SyncEngine
    store: Store
    sinks: list[Any]
    pbx: PbxConnection | None = None
    pbx_sink: Any = None
    """The :class:`~calwizard.engine.pbx_sink.PbxSink` among ``sinks`` (None: presence does not go to the PBX)."""
    pbx_users: Any = None
    """The :class:`~calwizard.pbx.users.UserDirectory` (None: the users do not come from the PBX)."""

    def pbx_probe(self) -> Any:
        """What ``/healthz`` reports about the PBX (:class:`~calwizard.engine.health.PbxProbe`), None without one."""
        from calwizard.engine.health import PbxProbe

        return PbxProbe(self.pbx, self.pbx_sink, self.pbx_users) if self.pbx is not None else None


def build_engine(settings: Settings, fetch: SecretFetcher, *, sink: str | Sequence[str] | Any | None = None,
                 state_dir: Path, options: EngineOptions | None = None) -> EngineParts:
    """The engine, its store, its sinks and its PBX connection, ready for :func:`run_engine`.

    ``sink``: a sink spec (``pbx``, ``stdout``, a path, ``https://…``, ``default``), a list of them (each gets every
    change), a sink object, or None for :func:`default_sinks`. With a PBX connection configured and
    ``pbx.user_source`` = ``pbx``, the users are the PBX's (:class:`~calwizard.engine.pbx_users.PbxUserSource`).

    Raises:
        ConfigError / SecretError: unusable configuration, missing secret, state dir in use, ``pbx`` sink without a
            PBX connection.
    """
    from calwizard.engine.sinks import SinkGroup

    options = options or EngineOptions()
    settings = shard_settings(settings, options.shard)
    ex = settings.exchange
    if ex.sync_type == SyncType.DISABLED:
        raise _disabled()
    if not settings.mailboxes and not settings.pbx.users_from_pbx:
        raise ConfigError(translate("engine", "no mailboxes are configured"), field="mailboxes",
                          remedy=translate("engine", "Add the users to sync."))
    needed = connections_needed(len(settings.mailboxes), ex.max_subscriptions_per_connection)
    if ex.sync_type.uses_ews and needed > options.max_streams and not settings.pbx.users_from_pbx:
        raise ConfigError(
            translate("engine", "{count} mailboxes need {needed} streaming connections at {per} subscriptions per "
                      "connection; Exchange allows {allowed} per account").format(
                count=len(settings.mailboxes), needed=needed, per=ex.max_subscriptions_per_connection,
                allowed=options.max_streams),
            field="exchange.max_subscriptions_per_connection",
            remedy=streaming_limit_remedy(len(settings.mailboxes), ex.max_subscriptions_per_connection, ex.sync_type,
                                          shards=propose_shards([m.pbx_name for m in settings.mailboxes],
                                                                streaming_budget(ex.max_subscriptions_per_connection))))
    specs: list[Any] = list(sink) if isinstance(sink, list | tuple) else [sink] if sink is not None else []
    specs = [s for spec in specs for s in (default_sinks(settings) if spec == DEFAULT_SINK else [spec])] or \
        default_sinks(settings)
    if PBX_SINK in specs and not settings.pbx.connected:
        raise ConfigError(translate("engine", "--sink pbx needs a PBX connection, and the configuration has none"),
                          field="pbx.address",
                          remedy=translate("engine", "Enter the PBX address, App object name and password (wizard: "
                                           "PBX & presence), or choose another sink."))
    ctx = make_context(settings, fetch, debug_log="engine")
    require_secrets(ctx)
    ctx.ews_concurrency = options.max_concurrency
    apis = (("PbxApi",) if PBX_SINK in specs else ()) + (("PbxTableUsers",) if settings.pbx.users_from_pbx else ())
    pbx = make_pbx(ctx, apis) if settings.pbx.connected and apis else None
    store = Store(state_dir)
    try:
        store.set_meta("shard", str(options.shard) if options.shard else "")
        named: list[tuple[str, Any]] = []
        for spec in specs:
            if spec == PBX_SINK:
                from calwizard.engine.pbx_sink import PbxSink

                assert pbx is not None
                named.append((PBX_SINK, PbxSink(pbx, store, timeout=ex.timeout_seconds)))
            elif isinstance(spec, str):
                named.append((spec, make_sink(spec, ctx.http)))
            else:
                named.append((getattr(spec, "description", "sink"), spec))
        workers = SinkGroup(store, named)
        users = directory = None
        if pbx is not None and settings.pbx.users_from_pbx:
            from calwizard.engine.pbx_users import PbxUserSource
            from calwizard.pbx.users import UserDirectory, UserFilter

            directory = UserDirectory(UserFilter.parse(settings.pbx.user_filter), timeout=ex.timeout_seconds)
            pbx.on_connect.insert(0, directory.on_connect)  # the users first, then the presence re-sent
            users = PbxUserSource(directory, settings, shard=options.shard, streaming_budget=options.max_streams *
                                  ex.max_subscriptions_per_connection if ex.sync_type.uses_ews else None)
        backend = make_backend(ctx, options, store=store)
        credentials = expiry.configured_expiries(ex, expiry.certificate_not_after(ex, ctx.secrets.get))
        engine = SyncEngine(settings, backend, store, workers, options, credentials=credentials, users=users)
        for _name, obj in named:
            if hasattr(obj, "clear"):
                engine.on_user_removed.append(obj.clear)
    except BaseException:
        store.close()
        raise
    return EngineParts(engine, store, [obj for _n, obj in named], pbx,
                       pbx_sink=next((obj for n, obj in named if n == PBX_SINK), None), pbx_users=directory)


async def run_engine(settings: Settings, fetch: SecretFetcher, *, sink: str | Sequence[str] | Any | None = None,
                     state_dir: Path, stop: asyncio.Event, options: EngineOptions | None = None,
                     on_engine: Callable[[SyncEngine], None] | None = None,
                     health: tuple[str, int] | None = None) -> None:
    """Run until ``stop`` is set. ``on_engine`` sees the engine before it starts (tests, benchmark).
    ``health``: (host, port) of the health and metrics endpoint (:mod:`calwizard.engine.health`), served from
    before the backend opens until the engine stopped; None: none.

    With a PBX the connection is opened first: the PBX must be reachable, accept the App object's login and be the
    master PBX, else nothing starts. On the way out the sinks are closed (the PBX sink clears calwizard's presence).

    Raises:
        UserFacingError: configuration, secrets, discovery or authentication failed (nothing was synced); the
            health address cannot be used; for the PBX :class:`~calwizard.errors.PbxError`,
            :class:`~calwizard.errors.NetworkError`.
        BackendError: EWS could not be used at all.
    """
    from calwizard.engine.health import serving

    parts = build_engine(settings, fetch, sink=sink, state_dir=state_dir, options=options)
    server = None
    try:
        if on_engine is not None:
            on_engine(parts.engine)
        server = await serving(parts.engine, health, state_dir, pbx=parts.pbx_probe())
        if parts.pbx is not None:
            await parts.pbx.start()
            parts.store.set_meta("pbx", parts.pbx.url)
        await parts.engine.run(stop)
    finally:
        if server is not None:
            await server.close()
        for obj in parts.sinks:
            await obj.close()
        if parts.pbx is not None:
            await parts.pbx.close()
        parts.store.close()
