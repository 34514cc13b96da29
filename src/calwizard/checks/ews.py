"""EWS checks: connect as the service account, then every mailbox to sync.

* ``ews.connect`` — authenticate (NTLM on-premises; bearer token in the cloud), resolve the
  configured user (ResolveNames; app-only: the user's calendar through impersonation), open the
  user's calendar and read a 48-hour calendar view (GetFolder + FindItem/CalendarView).
* ``ews.mailboxes`` — the same for each mailbox to sync, concurrently within the EWS concurrency
  limit (EWSMaxConcurrency is 27 per account; we stay below it; when Exchange refuses a request for too many in
  flight — ErrorExceededConnectionCount, its budget is smaller or shared — fewer are sent at once and the request
  is sent again: :mod:`calwizard.exchange.limiter`). One result per mailbox: ok / not found /
  ambiguous name / impersonation denied / access denied / ... — every EWS error classified by its
  ResponseCode (:mod:`calwizard.exchange.ewserrors`, the engine's table too), each kind with its remedy.

``ErrorServerBusy`` ("EWS throttling in Exchange"): the ``BackOffMilliseconds`` the server asks for is
honoured — every request of the check pauses that long — as long as one wait is at most
:data:`BUSY_WAIT_CAP` and all waits of the check together at most :data:`BUSY_WAIT_BUDGET` seconds
(the plan adds that budget to the checks' timeouts); beyond that the check fails and says how long Exchange
asked to wait.

ResolveNames with several candidates never takes the first silently
(:func:`calwizard.exchange.ews.choose_resolution`): an exact SMTP match wins, otherwise the mailbox is
reported as an ambiguous name with the candidates.

The server's version (``ServerVersionInfo``) older than Exchange 2013 fails ``ews.connect``.

HTTP 403 from Exchange Online means EWS is blocked for the tenant or app (since 1 October 2026
unless ``EWSEnabled`` and ``EwsAllowedAppIDs`` allow it; off for good on 1 April 2027).
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta
from typing import Any

from calwizard.checks.base import CheckResult, failed, ok
from calwizard.checks.context import CheckContext
from calwizard.exchange import access, ews, names, remedies
from calwizard.exchange.limiter import EWS_CONCURRENCY, AccountLimiter
from calwizard.exchange.neterrors import CA_REMEDY, NOT_EWS_REMEDY
from calwizard.i18n import QT_TRANSLATE_NOOP, translate
from calwizard.settings.model import Mailbox, Settings, SyncType

WINDOW = timedelta(hours=48)
"""The sync window (seed "Synchronization": the next 48 hours)."""
BUSY_WAIT_CAP = 30.0
"""Longest single ErrorServerBusy back-off (seconds) validate waits; a longer one fails the check at once."""
BUSY_WAIT_BUDGET = 60.0
"""All ErrorServerBusy back-offs of one check together (seconds, wall clock); more fails the check."""
BUSY_DEFAULT_WAIT = 0.5
"""Wait (seconds) after an ErrorServerBusy that names no BackOffMilliseconds."""
LEGACY_BUSY_RETRIES = 5
"""Busy answers one call waited out on the code path before the shared limiter (bench comparison only)."""

EWS_BLOCKED_REMEDY = QT_TRANSLATE_NOOP(
    "checks",
    "Exchange Online blocks EWS by default since 1 October 2026 and turns it off for good on 1 April 2027. "
    "Either (a) until then, an Exchange administrator runs Set-OrganizationConfig -EWSEnabled $true and adds "
    "this app's client ID to EwsAllowedAppIDs (Set-OrganizationConfig -EwsApplicationAccessPolicy "
    "EnforceAllowList -EwsAllowedAppIDs @{Add='<client ID>'}), or (b) switch to a Microsoft Graph sync type, "
    "which keeps working after EWS is gone."
)

APP_ONLY_DENIED_REMEDY = QT_TRANSLATE_NOOP(
    "checks",
    "The app's access is limited (Exchange RBAC for Applications or an application access policy) and this "
    "mailbox is outside the scope: add the mailbox to the scope's group (e.g. Add-DistributionGroupMember), then "
    "check with Test-ServicePrincipalAuthorization -Identity <client ID> -Resource <mailbox>."
)

REMEDIES = {
    "not_found": QT_TRANSLATE_NOOP("checks", "Check the SMTP address (a typo, or the mailbox was removed); "
                                             "add the user's primary address."),
    "impersonation_denied": QT_TRANSLATE_NOOP(
        "checks",
        "Grant the service account impersonation rights for this mailbox (on-premises: New-ManagementRoleAssignment "
        "-Role ApplicationImpersonation -User <service account>, scoped to include this mailbox); app-only: the "
        "application access policy / RBAC scope must include it."
    ),
    "access_denied": (
        QT_TRANSLATE_NOOP("checks", "The account may not open this calendar: with impersonation, check the "
                                    "impersonation scope and the mailbox itself; with delegate access, the "
                                    "account's folder permission on the calendar (at least "
                                    "FreeBusyTimeAndSubjectAndLocation).")
    ),
    "unauthorized": (
        QT_TRANSLATE_NOOP("checks", "Check the user and password (on-premises: NTLM must be enabled on the "
                                    "EWS virtual directory); cloud: check the app's permissions and admin "
                                    "consent.")
    ),
    "ambiguous": (
        QT_TRANSLATE_NOOP("checks", "Several mailboxes match this address and none matches it exactly: "
                                    "enter the user's primary SMTP address (one of the candidates listed) "
                                    "instead.")
    ),
    "server_busy": remedies.SERVER_BUSY,
    "concurrency_limit": remedies.EXCEEDED_CONCURRENCY,
    "throttled": (
        QT_TRANSLATE_NOOP("checks", "A throttling-policy limit of the account was exceeded (e.g. "
                                    "EWSFindCountLimit, or too many objects open at once). Try again "
                                    "later; on-premises, assign the service account a throttling policy "
                                    "with higher EWS limits (New-ThrottlingPolicy, then "
                                    "Set-ThrottlingPolicyAssociation -Identity <service account>).")
    ),
    # the engine keeps running and retries after these two (exchange/remedies.py: never 'stop' or 'lower')
    "subscription_limit": remedies.EXCEEDED_SUBSCRIPTION_COUNT,
    "connection_limit": remedies.EXCEEDED_CONNECTION_COUNT,
    "subscription_lost": (
        QT_TRANSLATE_NOOP("checks", "Exchange no longer knows the subscription (a restart, a failover or a "
                                    "mailbox move); the engine subscribes again by itself. If it keeps "
                                    "happening, check the Exchange server's application event log.")
    ),
    "mailbox_moving": QT_TRANSLATE_NOOP("checks", "The mailbox is being moved to another database: try again when "
                                                  "the move is finished (Get-MoveRequest shows its state)."),
    "mailbox_unavailable": QT_TRANSLATE_NOOP(
        "checks",
        "Exchange cannot reach the mailbox's database (dismounted, or a failover is in progress): check "
        "Get-MailboxDatabaseCopyStatus on the Exchange server, then try again."
    ),
    "server_error": (
        QT_TRANSLATE_NOOP("checks", "Exchange reported an internal error (the detail names the inner "
                                    "error, if any): try again; if it persists, check the Exchange "
                                    "server's application event log at that time.")
    ),
    "invalid_request": (
        QT_TRANSLATE_NOOP("checks", "Exchange refused the request (the detail says why): check that the "
                                    "EWS URL is the Exchange 2013 or newer endpoint …/EWS/Exchange.asmx; "
                                    "if it persists, report the detail.")
    ),
    "unsupported_version": (
        QT_TRANSLATE_NOOP("checks", "calwizard (like the PBX's Calendar plugin) supports Exchange Server "
                                    "2013 or newer and Exchange Online: upgrade the server, or point the "
                                    "EWS URL at an Exchange 2013+ server that hosts these mailboxes.")
    ),
    "tls": CA_REMEDY,
    "network": QT_TRANSLATE_NOOP("checks", "Check the EWS URL and the network path (firewall, proxy) to the "
                                           "Exchange server."),
    "not_ews": NOT_EWS_REMEDY,
    "other": QT_TRANSLATE_NOOP("checks", "See the detail; check the Exchange server's event log."),
}
"""Remedy per error kind (:data:`calwizard.exchange.ewserrors.KINDS`); ``<service account>`` is filled in. Marked for
translation in context ``checks``, the two from :mod:`calwizard.exchange.neterrors` in ``exchange``."""


class _Ews:
    """Runs blocking exchangelib calls in a thread pool within the account's request limiter.

    Every EWS request of one validation goes through one :class:`calwizard.exchange.limiter.AccountLimiter` (the
    engine's per-account limiter: :data:`~calwizard.exchange.limiter.EWS_CONCURRENCY` in flight; an
    ErrorServerBusy pauses every request of the account for its ``BackOffMilliseconds``, one wait at most
    :data:`BUSY_WAIT_CAP` and all waits of the validation together at most :data:`BUSY_WAIT_BUDGET` seconds —
    beyond that the check fails saying how long Exchange asked to wait). ``ctx.ews_path == "legacy"`` keeps the
    code path before the limiter was shared (``ctx.ews_concurrency`` calls in flight, each waiting out its own
    busy answers), for ``bench/validate_latency.py``'s side-by-side comparison.
    """

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.url = str(ctx.facts.get("ews_url", ""))
        legacy = getattr(ctx, "ews_path", "current") == "legacy"
        limit = ctx.ews_concurrency if legacy else max(ctx.ews_concurrency, EWS_CONCURRENCY)
        self.limiter: AccountLimiter | None = None
        if legacy:
            self.sem = asyncio.Semaphore(limit)
        else:
            self.limiter = ctx.facts.setdefault("_ews_limiter", AccountLimiter(
                limit, give_up_above=BUSY_WAIT_CAP, wait_budget=BUSY_WAIT_BUDGET, min_wait=BUSY_DEFAULT_WAIT))
        self.pool: ThreadPoolExecutor = ctx.facts.setdefault(
            "_ews_pool", ThreadPoolExecutor(max_workers=limit + 2, thread_name_prefix="ews")
        )

    async def _in_thread(self, fn: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, functools.partial(fn, *args))
        except Exception as exc:
            raise EwsFailure(ews.classify(exc, self.url)) from None

    async def call(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(*args)`` in the pool; raises :class:`EwsFailure` with the classified error."""
        if self.limiter is None:
            return await self._legacy_call(fn, *args)
        try:
            return await self.limiter.run(self._in_thread, fn, *args)
        except EwsFailure as failure:
            if failure.err.kind == "concurrency_limit":  # refused for too many in flight, and the wait ran out
                raise EwsFailure(replace(failure.err, message=translate(
                    "checks", "{message}; validate kept at most {ceiling} requests in flight and waited {seconds:g} "
                              "s in total").format(message=failure.err.message, ceiling=self.limiter.ceiling,
                                                   seconds=self.limiter.paused_seconds))) from None
            if failure.err.kind != "server_busy":
                raise
            raise EwsFailure(replace(failure.err, message=self._busy_message(failure.err))) from None

    def _busy_message(self, err: ews.EwsError) -> str:
        """Why validate stopped waiting for a busy Exchange, with the wait the server asked for."""
        assert self.limiter is not None
        wait = err.back_off or BUSY_DEFAULT_WAIT
        if wait > BUSY_WAIT_CAP:
            return (translate("checks", "Exchange is throttling and asked to wait {wait:g} s "
                                        "(BackOffMilliseconds {int}), longer than validate waits "
                                        "({BUSY_WAIT_CAP:g} s at a time)").format(
                                            wait=wait, int=int(wait * 1000), BUSY_WAIT_CAP=BUSY_WAIT_CAP))
        return (translate("checks", "Exchange is still throttling after validate waited {paused_seconds:g} "
                                    "s in total; it last asked to wait {wait:g} s (BackOffMilliseconds "
                                    "{int})").format(
                                        paused_seconds=self.limiter.paused_seconds, wait=wait, int=int(wait * 1000)))

    async def _legacy_call(self, fn: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        for attempt in range(LEGACY_BUSY_RETRIES + 1):
            async with self.sem:
                try:
                    return await loop.run_in_executor(self.pool, functools.partial(fn, *args))
                except Exception as exc:
                    err = ews.classify(exc, self.url)
            if err.kind != "server_busy" or attempt == LEGACY_BUSY_RETRIES:
                raise EwsFailure(err)
            await asyncio.sleep(min(err.back_off or 0.5, 10.0))
        raise AssertionError("unreachable")


class EwsFailure(Exception):
    def __init__(self, err: ews.EwsError) -> None:
        super().__init__(err.message)
        self.err = err


def _config(ctx: CheckContext) -> Any:
    ex = ctx.settings.exchange
    if "_ews_config" not in ctx.facts:
        ctx.facts["_ews_config"] = ews.make_config(
            ex, ctx.http, ctx.facts["ews_url"], ctx.facts.get("ews_build"),
            password=ctx.secrets.get("password"), access_token=ctx.facts.get("access_token"),
            client_id=ex.client_id,
        )
    return ctx.facts["_ews_config"]


def _fail(id: str, who: str, err: ews.EwsError, sync_type: SyncType, client_id: str = "",
          service_account: str = "", *, settings: Settings | None = None, **evidence: Any) -> CheckResult:
    if err.kind == "ews_blocked":
        if sync_type.is_cloud:
            remedy = translate("checks", EWS_BLOCKED_REMEDY).replace("<client ID>", client_id or "<client ID>")
            return failed(id, translate("checks", "{who}: EWS is blocked for this tenant or app (HTTP 403)").format(
                who=who), remedy=remedy,
                          kind=err.kind, **evidence)
        return failed(id, translate("checks", "{who}: Exchange answered HTTP 403 Forbidden").format(
            who=who), kind=err.kind,
                      remedy=translate("checks", "Check that EWS is enabled for the account (Set-CASMailbox "
                                                 "-EwsEnabled $true) and that no EWS application policy blocks it."),
                      **evidence)
    remedy = err.remedy or remedies.localized(REMEDIES.get(err.kind, ""))
    remedy = translate("exchange" if remedy in (CA_REMEDY, NOT_EWS_REMEDY) else "checks", remedy)
    remedy = remedy.replace("<service account>", service_account or "<service account>")
    if err.kind == "impersonation_denied" and sync_type == SyncType.CLOUD_APP_ONLY:
        remedy = translate("checks", APP_ONLY_DENIED_REMEDY).replace("<client ID>", client_id or "<client ID>").replace(
            "<mailbox>", str(evidence.get("mailbox", "<mailbox>")))
    if settings is not None:  # what the configured access model needs (never a folder permission to impersonate)
        remedy = access.access_denied_remedy(settings.exchange, err.kind, str(evidence.get("mailbox", "<mailbox>")),
                                             settings.pbx.show_subject) or remedy
    summary = f"{who}: {err.label}"
    if err.kind in ("network", "tls", "not_ews") and err.message:  # the summary states the real reason
        summary += f" — {err.message}"
    elif err.kind == "server_busy" and err.back_off:
        summary += translate("checks", " (Exchange asked to wait {back_off:g} s)").format(back_off=err.back_off)
    elif err.kind == "ambiguous" and err.candidates:
        summary += translate("checks", " ({n} candidates: {names})").format(
            n=len(err.candidates), names=", ".join(err.candidates[:3]) + (", …" if len(err.candidates) > 3 else ""))
    if err.code:
        evidence.setdefault("response_code", err.code)
    if err.candidates:
        evidence.setdefault("candidates", list(err.candidates))
    return failed(id, summary, remedy=remedy, detail="\n".join(filter(None, (err.message, err.detail))), kind=err.kind,
                  **evidence)


async def _read(ctx: CheckContext, runner: _Ews, address: str) -> int:
    start = ctx.now()
    # the Account object is made here, not in a request slot: it sends nothing; delegate access: no impersonation
    impersonate = access.model_for(ctx.settings.exchange) is not access.Model.DELEGATE
    account = ews.make_account(_config(ctx), address, impersonate)
    items = await runner.call(ews.read_calendar_view, account, start, start + WINDOW)
    return len(items)


async def _resolve(runner: _Ews, config: Any, address: str, impersonate: str | None = None) -> str | None:
    """ResolveNames ``address`` (as ``impersonate``, else as the service account): its primary SMTP address, or
    None. Raises :class:`EwsFailure` (also for an ambiguous name: several candidates and no exact SMTP match)."""
    got = await runner.call(ews.resolve_primary, config, [address], impersonate)
    if isinstance(got, ews.EwsError):
        raise EwsFailure(got)
    return got[0]


async def _resolve_and_read(ctx: CheckContext, runner: _Ews, address: str) -> tuple[str | None, int | EwsFailure]:
    """ResolveNames ``address`` and read its calendar view concurrently (one round trip instead of two).

    Returns the primary address (None: not resolvable) and the appointment count or the read's failure.
    Raises :class:`EwsFailure` when ResolveNames itself fails or the name is ambiguous.
    """
    resolving = asyncio.ensure_future(_resolve(runner, _config(ctx), address,
                                               names.resolver_for(ctx.settings.exchange, address)))
    reading = asyncio.ensure_future(_read(ctx, runner, address))
    try:
        resolved = await resolving
    except BaseException:
        reading.cancel()
        await asyncio.gather(reading, return_exceptions=True)
        raise
    try:
        return resolved, await reading
    except EwsFailure as f:
        return resolved, f


async def check_connect(ctx: CheckContext) -> CheckResult:
    """Authenticate, resolve the service user and read its 48-hour calendar view."""
    ex = ctx.settings.exchange
    cid = "ews.connect"
    runner = _Ews(ctx)
    url = ctx.facts["ews_url"]
    try:
        config = await asyncio.to_thread(_config, ctx)
        await _ensure_version(ctx, runner)
        reading = asyncio.ensure_future(_read(ctx, runner, ex.user))
        if ex.sync_type == SyncType.ON_PREMISES:  # ResolveNames and the calendar view go out together
            try:
                primary = await _resolve(runner, config, ex.user)
            except BaseException:
                reading.cancel()
                await asyncio.gather(reading, return_exceptions=True)
                raise
            if primary is None:
                reading.cancel()
                await asyncio.gather(reading, return_exceptions=True)
                return failed(cid, translate("checks", "ResolveNames found no mailbox for {user}").format(user=ex.user),
                              remedy=translate("checks", "The service account needs a mailbox (it is also "
                                                         "used for Autodiscover)."),
                              ews_url=url)
        count = await reading
    except EwsFailure as f:
        return _fail(cid, translate("checks", "EWS at {url}").format(
            url=url), f.err, ex.sync_type, ex.client_id, ex.ntlm_username, ews_url=url)
    version = ews.server_build(config)
    too_old = ews.version_error(version, translate("checks", "EWS at {url} (ServerVersionInfo)").format(url=url))
    if too_old is not None:
        return _fail(cid, translate("checks", "EWS at {url}").format(
            url=url), too_old, ex.sync_type, ews_url=url, exchange_build=version)
    ctx.facts["ews_connected"] = True
    return ok(cid, translate("checks", "Connected to EWS as {user}; {count} appointments in the next 48 h").format(
        user=ex.user, count=count),
              detail=translate("checks", "EWS URL {url}; Exchange build {value}").format(
                  url=url, value=version or 'unknown'), ews_url=url, exchange_build=version,
              appointments=count)


async def _check_mailbox(ctx: CheckContext, runner: _Ews, mb: Mailbox) -> CheckResult:
    ex = ctx.settings.exchange
    cid = f"ews.mailbox:{mb.pbx_name}"
    who = f"{mb.pbx_name} ({mb.primary})"
    last: ews.EwsError | None = None
    tried = names.name_candidates(mb, ctx.settings)  # the engine's and the preview's names, in their order
    for address in tried:
        primary = address
        try:
            # every EWS sync type resolves as the engine does (ResolveNames as names.resolver_for says: the
            # service account, the app-only user impersonated, or each name itself): the primary SMTP address and
            # the calendar view at the configured address go out together; the view is read again only when the
            # primary address differs (a secondary address, a name)
            resolved, read = await _resolve_and_read(ctx, runner, address)
            if resolved is None:
                last = ews.EwsError("not_found", translate("checks", "ResolveNames found no mailbox for "
                                                                     "{address}").format(address=address))
                continue
            primary = resolved
            if primary.lower() != address.lower():
                count = await _read(ctx, runner, primary)
            elif isinstance(read, EwsFailure):
                raise read
            else:
                count = read
        except EwsFailure as f:
            last = f.err
            if f.err.kind == "not_found":
                continue
            return _fail(cid, who, f.err, ex.sync_type, ex.client_id, ex.ntlm_username, settings=ctx.settings,
                         mailbox=primary, pbx_name=mb.pbx_name)
        if primary.lower() != mb.primary.lower():
            who = translate("checks", "{pbx_name} ({primary}, found via {address})").format(
                pbx_name=mb.pbx_name, primary=primary, address=address) if address.lower() != primary.lower() \
                else f"{mb.pbx_name} ({primary})"
        return ok(cid, translate("checks", "{who}: calendar readable, {count} appointments in the next 48 h").format(
            who=who, count=count),
                  mailbox=primary, pbx_name=mb.pbx_name, appointments=count)
    assert last is not None
    return _fail(cid, who, last, ex.sync_type, ex.client_id, ex.ntlm_username, settings=ctx.settings,
                 mailbox=mb.primary, pbx_name=mb.pbx_name, tried=tried)


async def _ensure_version(ctx: CheckContext, runner: _Ews) -> None:
    """Make exchangelib know the server's version before any other request: Autodiscover reported it, or (an
    explicit EWS URL) the server is asked once — by whichever check comes first (``ews.connect`` and the mailbox
    checks run alongside each other). Raises :class:`EwsFailure` (e.g. the server does not speak EWS)."""
    lock: asyncio.Lock = ctx.facts.setdefault("_ews_version_lock", asyncio.Lock())
    async with lock:
        config = await asyncio.to_thread(_config, ctx)
        if getattr(config, "version", None) is None:
            await runner.call(ews.guess_version, config)


async def check_mailboxes(ctx: CheckContext) -> list[CheckResult]:
    """Check every mailbox to sync, concurrently within the EWS concurrency limit."""
    if not ctx.settings.mailboxes:
        return [ok("ews.mailboxes", translate("checks", "No mailboxes to sync are configured yet"))]
    runner = _Ews(ctx)
    try:
        await _ensure_version(ctx, runner)
    except EwsFailure as f:
        ex = ctx.settings.exchange
        return [_fail("ews.mailboxes", translate("checks", "EWS at {url}").format(url=ctx.facts["ews_url"]), f.err,
                      ex.sync_type, ex.client_id, ex.ntlm_username, ews_url=ctx.facts["ews_url"])]
    return list(await asyncio.gather(*(_check_mailbox(ctx, runner, mb) for mb in ctx.settings.mailboxes)))
