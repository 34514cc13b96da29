"""The validation plan per sync type, and one call that validates a configuration.

Dependencies (a failed prerequisite skips its dependents):

on-premises:      inputs -> autodiscover -> ews.connect -> ews.mailboxes + ews.access + ews.denied;
                  ews.streaming (offline, every EWS type)
cloud (EWS):      inputs -> entra.tenant -> entra.token -> entra.permissions -> autodiscover
                  -> ews.connect -> ews.mailboxes
cloud (Graph):    inputs -> entra.tenant -> entra.token -> entra.permissions -> graph.mailboxes + graph.denied
                  (entra.permissions only warns when the token has no roles: an app authorized through RBAC for
                  Applications alone gets none, and the mailbox checks then tell)
with a PBX:       pbx.connect -> pbx.users, alongside the above; when the users come from the PBX the mailbox
                  check (ews.mailboxes / graph.mailboxes) also needs pbx.users and checks the PBX's users, and
                  ews.streaming counts them (pbx.users -> ews.streaming)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from calwizard.checks import access, autodiscover, entra, ews, graph, inputs, pbx, streaming
from calwizard.checks.base import CheckResult
from calwizard.checks.context import CheckContext, SecretFetcher, resolve_secrets
from calwizard.checks.runner import CheckSpec, ProgressCallback, Runner
from calwizard.exchange.http import HttpPolicy
from calwizard.i18n import translate
from calwizard.settings.model import Settings, SyncType


def pbx_plan(settings: Settings) -> list[CheckSpec]:
    """The PBX checks (empty without a PBX connection): ``pbx.connect`` -> ``pbx.users``."""
    if not settings.pbx.connected:
        return []
    t = settings.exchange.timeout_seconds
    return [
        CheckSpec("pbx.connect", translate("checks", "PBX: connection"), pbx.check_connect,
                  timeout=3 * t + 2 * pbx.PROBE_TIMEOUT + 5),
        CheckSpec("pbx.users", translate("checks", "PBX: users"), pbx.check_users, ("pbx.connect",),
                  timeout=max(60.0, 4 * t)),
    ]


def build_plan(settings: Settings) -> list[CheckSpec]:
    """The checks for ``settings``' sync type and PBX connection, with dependencies and timeouts (seconds)."""
    plan = _exchange_plan(settings)
    pbx_specs = pbx_plan(settings)
    if not settings.pbx.users_from_pbx:
        return plan + pbx_specs
    out: list[CheckSpec] = []
    for spec in plan:
        # how many users the PBX has is known only after pbx.users: a bound of ten minutes
        if spec.id == "ews.streaming":  # the PBX's users, once pbx.users has replicated them
            spec = replace(spec, func=pbx.from_pbx(spec.func, check_id="ews.streaming"), needs=("pbx.users",))
        elif spec.id == "ews.mailboxes":
            spec = replace(spec, func=pbx.from_pbx(spec.func), needs=(*spec.needs, "pbx.users"),
                           timeout=max(spec.timeout, 600.0))
        elif spec.id == "ews.access":  # delegate access: the PBX's users' calendars
            spec = replace(spec, func=pbx.from_pbx(spec.func, "ews.access"), needs=(*spec.needs, "pbx.users"),
                           timeout=max(spec.timeout, 600.0))
        elif spec.id == "graph.mailboxes":
            spec = replace(spec, func=pbx.from_pbx(spec.func, "graph.mailboxes"), needs=(*spec.needs, "pbx.users"),
                           timeout=max(spec.timeout, 600.0))
        out.append(spec)
    return out + pbx_specs


def _exchange_plan(settings: Settings) -> list[CheckSpec]:
    ex = settings.exchange
    t = ex.timeout_seconds
    plan = [CheckSpec("inputs", "Settings", inputs.check_inputs, timeout=10)]
    if ex.sync_type == SyncType.DISABLED:
        return plan
    ad_needs: tuple[str, ...] = ("inputs",)
    ews_needs: tuple[str, ...] = ("autodiscover",)
    if ex.sync_type.is_cloud:
        plan += [
            CheckSpec("entra.tenant", translate("checks", "Entra ID: tenant"), entra.check_tenant, ("inputs",),
                      timeout=t + 5),
            CheckSpec("entra.token", translate("checks", "Entra ID: token"), entra.check_token, ("entra.tenant",),
                      timeout=2 * t + 5),
            CheckSpec("entra.permissions", translate("checks", "Entra ID: permissions"), entra.check_permissions,
                      ("entra.token",),
                      timeout=5),
        ]
        if ex.sync_type.uses_graph:
            n = len(settings.mailboxes) + len(ex.must_be_denied)
            return [
                *plan,
                CheckSpec("graph.mailboxes", translate("checks", "Microsoft Graph: mailboxes"), graph.check_mailboxes,
                          ("entra.permissions",), timeout=max(60.0, 3 * t) + n),
                CheckSpec("graph.denied", translate("checks", "Microsoft Graph: mailboxes that must be denied"),
                          graph.check_denied,
                          ("entra.permissions",), timeout=max(60.0, 3 * t) + n),
            ]
        if ex.autodiscover_url:
            ad_needs = ("inputs", "entra.token")
        ews_needs = ("autodiscover", "entra.permissions")
    plan += [
        CheckSpec("ews.streaming", translate("checks", "EWS: streaming connections"), streaming.check_streaming,
                  timeout=5),
        CheckSpec("autodiscover", "Autodiscover", autodiscover.check_autodiscover, ad_needs, timeout=t + 5),
        # + the ErrorServerBusy back-offs a check may honour (ews.BUSY_WAIT_BUDGET), so it can say how long it waited
        CheckSpec("ews.connect", translate("checks", "EWS: service account"), ews.check_connect, ews_needs,
                  timeout=3 * t + 5 + ews.BUSY_WAIT_BUDGET),
        # the mailboxes are read alongside the service account's own check; if that fails they are skipped
        CheckSpec("ews.mailboxes", translate("checks", "EWS: mailboxes"), ews.check_mailboxes, ews_needs,
                  timeout=max(60.0, 3 * t) + 2 * len(settings.mailboxes) + ews.BUSY_WAIT_BUDGET,
                  gated_by=("ews.connect",)),
        # how and what: the access model, and for delegate access each calendar's permission level
        CheckSpec("ews.access", translate("checks", "EWS: access model"), access.check_access, ews_needs,
                  timeout=max(60.0, 3 * t) + 2 * len(settings.mailboxes) + ews.BUSY_WAIT_BUDGET,
                  gated_by=("ews.connect",)),
        CheckSpec("ews.denied", translate("checks", "EWS: mailboxes that must be denied"), access.check_denied,
                  ews_needs,
                  timeout=max(60.0, 3 * t) + len(ex.must_be_denied) + ews.BUSY_WAIT_BUDGET,
                  gated_by=("ews.connect",)),
    ]
    return plan


def make_context(settings: Settings, fetch: SecretFetcher, *, http: HttpPolicy | None = None,
                 debug_log: str = "validate") -> CheckContext:
    """Resolve secrets and build the :class:`CheckContext` for ``settings``.

    With ``exchange.ews_debug_log`` on, the HTTP policy writes every request and response to the debug log
    ``ews-debug-<debug_log>.log`` (:mod:`calwizard.exchange.debuglog`; ``validate``, ``wizard`` or ``engine``),
    the resolved secrets masked; its path is ``ctx.http.debug_log.path``.

    Raises:
        ConfigError: the extra CA file is unusable, or the debug log cannot be written.
    """
    secrets = resolve_secrets(settings, fetch)
    http = http or HttpPolicy.from_settings(settings.exchange)
    if settings.exchange.ews_debug_log and http.debug_log is None:
        from calwizard.errors import ConfigError
        from calwizard.exchange.debuglog import DebugLog

        try:
            log = DebugLog.open(debug_log, secrets.all_values())
        except OSError as exc:
            raise ConfigError(translate("checks", "the EWS debug log cannot be written: {value}").format(
                value=exc.strerror or exc),
                              field="exchange.ews_debug_log",
                              remedy=translate("checks", "Turn EWS protocol debugging off, or make the "
                                                         "user log directory writable.")
                              ) from None
        http = replace(http, debug_log=log)
    return CheckContext(
        settings=settings,
        secrets=secrets,
        http=http,
        token_cache=secrets.get("token_cache"),
    )


async def validate(ctx: CheckContext, *, progress: ProgressCallback | None = None,
                   plan: Sequence[CheckSpec] | None = None) -> list[CheckResult]:
    """Run the whole plan for ``ctx.settings``; returns every result in plan order."""
    import asyncio

    runner = Runner(list(plan or build_plan(ctx.settings)), ctx, progress)
    # exchangelib takes ~0.3 s to import: load it while Entra and Autodiscover are on the wire
    warmup = asyncio.ensure_future(asyncio.to_thread(_import_exchangelib)) if ctx.settings.exchange.sync_type.uses_ews \
        else None
    try:
        return await runner.run()
    finally:
        if warmup is not None:
            await asyncio.gather(warmup, return_exceptions=True)
        pool = ctx.facts.pop("_ews_pool", None)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _import_exchangelib() -> None:
    import exchangelib
    import exchangelib.folders  # noqa: F401
