"""Assemble and run the engine for one configuration: secrets, HTTP policy, store, sink, backend.

Used by ``calwizard engine run`` (:mod:`calwizard.engine.cli`), the integration tests and the benchmark.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from calwizard.checks.context import CheckContext, SecretFetcher
from calwizard.checks.plan import make_context
from calwizard.engine.backend import CalendarBackend
from calwizard.engine.ews_backend import EwsBackend
from calwizard.engine.sinks import SinkWorker, make_sink
from calwizard.engine.store import Store
from calwizard.engine.sync import EngineOptions, SyncEngine
from calwizard.errors import ConfigError
from calwizard.exchange import expiry
from calwizard.exchange.remedies import connections_needed, streaming_limit_remedy
from calwizard.settings.model import Settings, SyncType
from calwizard.settings.shard import Shard

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


def require_secrets(ctx: CheckContext, remedy: str = "Complete the configuration in the wizard and validate it."
                    ) -> None:
    """Raise the first reason the backend of ``ctx``'s sync type cannot authenticate: a secret it needs that is
    not configured, or that could not be read (the fetcher's :class:`~calwizard.errors.SecretError`).

    Raises:
        ConfigError / SecretError: naming the field; ``remedy`` for a secret that is not configured.
    """
    ex = ctx.settings.exchange
    for name in NEEDED_SECRETS.get(ex.sync_type, ()):
        if name in ctx.secrets.errors:
            raise ctx.secrets.errors[name]
        if ctx.secrets.get(name) is None:
            raise ConfigError(f"exchange.{name} is not configured", field=f"exchange.{name}", remedy=remedy)
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
    raise ConfigError("the sync type is 'disabled': there is nothing to sync", field="exchange.sync_type",
                      remedy="Choose a sync type in the wizard and validate the configuration.")


def shard_settings(settings: Settings, shard: Shard | None) -> Settings:
    """``settings`` with only the mailboxes ``shard`` owns (all of them without a shard)."""
    if shard is None or not settings.mailboxes:
        return settings
    mine = [m for m in settings.mailboxes if shard.owns(m.pbx_name)]
    if not mine:
        raise ConfigError(f"shard {shard} owns none of the {len(settings.mailboxes)} configured users",
                          field="--shard", remedy="Run fewer shards: 'calwizard validate' proposes how many.")
    log.info("shard %s: %d of %d user(s)", shard, len(mine), len(settings.mailboxes))
    return settings.model_copy(update={"mailboxes": mine})


def build_engine(settings: Settings, fetch: SecretFetcher, *, sink: str | Any, state_dir: Path,
                 options: EngineOptions | None = None) -> tuple[SyncEngine, Store, Any]:
    """The engine, its store and its sink, ready for :meth:`SyncEngine.run`.

    ``sink`` is a sink spec (``stdout``, a path, ``https://…``) or a sink object.

    Raises:
        ConfigError / SecretError: unusable configuration, missing secret, state dir in use.
    """
    options = options or EngineOptions()
    settings = shard_settings(settings, options.shard)
    ex = settings.exchange
    if ex.sync_type == SyncType.DISABLED:
        raise ConfigError("the sync type is 'disabled': there is nothing to sync", field="exchange.sync_type",
                          remedy="Choose a sync type in the wizard and validate the configuration.")
    if not settings.mailboxes:
        raise ConfigError("no mailboxes are configured", field="mailboxes", remedy="Add the users to sync.")
    needed = connections_needed(len(settings.mailboxes), ex.max_subscriptions_per_connection)
    if ex.sync_type.uses_ews and needed > options.max_streams:
        raise ConfigError(
            f"{len(settings.mailboxes)} mailboxes need {needed} streaming connections at "
            f"{ex.max_subscriptions_per_connection} subscriptions per connection; Exchange allows "
            f"{options.max_streams} per account",
            field="exchange.max_subscriptions_per_connection",
            remedy=streaming_limit_remedy(len(settings.mailboxes), ex.max_subscriptions_per_connection, ex.sync_type))
    ctx = make_context(settings, fetch)
    require_secrets(ctx)
    ctx.ews_concurrency = options.max_concurrency
    store = Store(state_dir)
    try:
        store.set_meta("shard", str(options.shard) if options.shard else "")
        sink_obj = make_sink(sink, ctx.http) if isinstance(sink, str) else sink
        backend = make_backend(ctx, options, store=store)
        credentials = expiry.configured_expiries(ex, expiry.certificate_not_after(ex, ctx.secrets.get))
        engine = SyncEngine(settings, backend, store, SinkWorker(store, sink_obj), options, credentials=credentials)
    except BaseException:
        store.close()
        raise
    return engine, store, sink_obj


async def run_engine(settings: Settings, fetch: SecretFetcher, *, sink: str | Any, state_dir: Path,
                     stop: asyncio.Event, options: EngineOptions | None = None,
                     on_engine: Callable[[SyncEngine], None] | None = None,
                     health: tuple[str, int] | None = None) -> None:
    """Run until ``stop`` is set. ``on_engine`` sees the engine before it starts (tests, benchmark).
    ``health``: (host, port) of the health and metrics endpoint (:mod:`calwizard.engine.health`), served from
    before the backend opens until the engine stopped; None: none.

    Raises:
        UserFacingError: configuration, secrets, discovery or authentication failed (nothing was synced); the
            health address cannot be used.
        BackendError: EWS could not be used at all.
    """
    from calwizard.engine.health import serving

    engine, store, sink_obj = build_engine(settings, fetch, sink=sink, state_dir=state_dir, options=options)
    server = None
    try:
        if on_engine is not None:
            on_engine(engine)
        server = await serving(engine, health, state_dir)
        await engine.run(stop)
    finally:
        if server is not None:
            await server.close()
        await sink_obj.close()
        store.close()
