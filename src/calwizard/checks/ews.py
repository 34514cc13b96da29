"""EWS checks: connect as the service account, then every mailbox to sync.

* ``ews.connect`` — authenticate (NTLM on-premises; bearer token in the cloud), resolve the
  configured user (ResolveNames; app-only: the user's calendar through impersonation), open the
  user's calendar and read a 48-hour calendar view (GetFolder + FindItem/CalendarView).
* ``ews.mailboxes`` — the same for each mailbox to sync, concurrently within the EWS concurrency
  limit (EWSMaxConcurrency is 27 per account; we stay below it), honouring ``ErrorServerBusy``'s
  ``BackOffMilliseconds``. One result per mailbox: ok / not found / impersonation denied / access
  denied.

HTTP 403 from Exchange Online means EWS is blocked for the tenant or app (since 1 October 2026
unless ``EWSEnabled`` and ``EwsAllowedAppIDs`` allow it; off for good on 1 April 2027).
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from calwizard.checks.base import CheckResult, failed, ok
from calwizard.checks.context import CheckContext
from calwizard.exchange import ews
from calwizard.exchange.neterrors import CA_REMEDY, NOT_EWS_REMEDY
from calwizard.settings.model import Mailbox, SyncType

WINDOW = timedelta(hours=48)
"""The sync window (seed "Synchronization": the next 48 hours)."""
MAX_BUSY_RETRIES = 5

EWS_BLOCKED_REMEDY = (
    "Exchange Online blocks EWS by default since 1 October 2026 and turns it off for good on 1 April 2027. "
    "Either (a) until then, an Exchange administrator runs Set-OrganizationConfig -EWSEnabled $true and adds "
    "this app's client ID to EwsAllowedAppIDs (Set-OrganizationConfig -EwsApplicationAccessPolicy "
    "EnforceAllowList -EwsAllowedAppIDs @{Add='<client ID>'}), or (b) switch to a Microsoft Graph sync type, "
    "which keeps working after EWS is gone."
)

APP_ONLY_DENIED_REMEDY = (
    "The app's access is limited (Exchange RBAC for Applications or an application access policy) and this "
    "mailbox is outside the scope: add the mailbox to the scope's group (e.g. Add-DistributionGroupMember), then "
    "check with Test-ServicePrincipalAuthorization -Identity <client ID> -Resource <mailbox>."
)

REMEDIES = {
    "not_found": "Check the SMTP address (a typo, or the mailbox was removed); add the user's primary address.",
    "impersonation_denied": (
        "Grant the service account impersonation rights for this mailbox (on-premises: New-ManagementRoleAssignment "
        "-Role ApplicationImpersonation -User <service account>, scoped to include this mailbox); app-only: the "
        "application access policy / RBAC scope must include it."
    ),
    "access_denied": (
        "The account may not open this calendar: check impersonation rights, or the calendar's folder permissions "
        "(at least Reviewer) for delegate access."
    ),
    "unauthorized": (
        "Check the user and password (on-premises: NTLM must be enabled on the EWS virtual directory); "
        "cloud: check the app's permissions and admin consent."
    ),
    "server_busy": "Exchange is throttling: lower 'Max subscriptions per connection' or try again later.",
    "tls": CA_REMEDY,
    "network": "Check the EWS URL and the network path (firewall, proxy) to the Exchange server.",
    "not_ews": NOT_EWS_REMEDY,
    "other": "See the detail; check the Exchange server's event log.",
}


class _Ews:
    """Runs blocking exchangelib calls in a bounded thread pool, retrying on ErrorServerBusy."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.sem = asyncio.Semaphore(ctx.ews_concurrency)
        self.pool: ThreadPoolExecutor = ctx.facts.setdefault(
            "_ews_pool", ThreadPoolExecutor(max_workers=ctx.ews_concurrency + 2, thread_name_prefix="ews")
        )

    async def call(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(*args)`` in the pool; raises :class:`EwsFailure` with the classified error."""
        loop = asyncio.get_running_loop()
        for attempt in range(MAX_BUSY_RETRIES + 1):
            async with self.sem:
                try:
                    return await loop.run_in_executor(self.pool, functools.partial(fn, *args))
                except Exception as exc:
                    err = ews.classify(exc, self.ctx.facts.get("ews_url", ""))
            if err.kind != "server_busy" or attempt == MAX_BUSY_RETRIES:
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
          service_account: str = "", **evidence: Any) -> CheckResult:
    if err.kind == "ews_blocked":
        if sync_type.is_cloud:
            remedy = EWS_BLOCKED_REMEDY.replace("<client ID>", client_id or "<client ID>")
            return failed(id, f"{who}: EWS is blocked for this tenant or app (HTTP 403)", remedy=remedy,
                          kind=err.kind, **evidence)
        return failed(id, f"{who}: Exchange answered HTTP 403 Forbidden", kind=err.kind,
                      remedy="Check that EWS is enabled for the account (Set-CASMailbox -EwsEnabled $true) and "
                      "that no EWS application policy blocks it.", **evidence)
    labels = {
        "not_found": "mailbox not found",
        "impersonation_denied": "impersonation denied",
        "access_denied": "access denied",
        "unauthorized": "credentials rejected",
        "server_busy": "server busy",
        "network": "cannot reach EWS",
        "tls": "TLS certificate not trusted",
        "not_ews": "not an EWS server",
        "other": "EWS error",
    }
    remedy = REMEDIES.get(err.kind, "").replace("<service account>", service_account or "<service account>")
    if err.kind in ("network", "tls", "not_ews") and err.message:  # the summary states the real reason
        return failed(id, f"{who}: {err.message}", remedy=remedy, detail=err.message, kind=err.kind, **evidence)
    if err.kind == "impersonation_denied" and sync_type == SyncType.CLOUD_APP_ONLY:
        remedy = APP_ONLY_DENIED_REMEDY.replace("<client ID>", client_id or "<client ID>").replace(
            "<mailbox>", str(evidence.get("mailbox", "<mailbox>")))
    return failed(id, f"{who}: {labels.get(err.kind, err.kind)}", remedy=remedy,
                  detail=err.message, kind=err.kind, **evidence)


async def _read(ctx: CheckContext, runner: _Ews, address: str) -> int:
    start = ctx.now()
    config = _config(ctx)
    account = await runner.call(ews.make_account, config, address, True)
    items = await runner.call(ews.read_calendar_view, account, start, start + WINDOW)
    return len(items)


async def _resolve_and_read(ctx: CheckContext, runner: _Ews, address: str) -> tuple[str | None, int | EwsFailure]:
    """ResolveNames ``address`` and read its calendar view concurrently (one round trip instead of two).

    Returns the primary address (None: not resolvable) and the appointment count or the read's failure.
    Raises :class:`EwsFailure` when ResolveNames itself fails.
    """
    resolving = asyncio.ensure_future(runner.call(ews.resolve_primary, _config(ctx), [address]))
    reading = asyncio.ensure_future(_read(ctx, runner, address))
    try:
        resolved, _name = await resolving
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
                primary, _name = await runner.call(ews.resolve_primary, config, [ex.user])
            except BaseException:
                reading.cancel()
                await asyncio.gather(reading, return_exceptions=True)
                raise
            if primary is None:
                reading.cancel()
                await asyncio.gather(reading, return_exceptions=True)
                return failed(cid, f"ResolveNames found no mailbox for {ex.user}",
                              remedy="The service account needs a mailbox (it is also used for Autodiscover).",
                              ews_url=url)
        count = await reading
    except EwsFailure as f:
        return _fail(cid, f"EWS at {url}", f.err, ex.sync_type, ex.client_id, ex.ntlm_username, ews_url=url)
    version = ews.server_build(config)
    ctx.facts["ews_connected"] = True
    return ok(cid, f"Connected to EWS as {ex.user}; {count} appointments in the next 48 h",
              detail=f"EWS URL {url}; Exchange build {version or 'unknown'}", ews_url=url, exchange_build=version,
              appointments=count)


async def _check_mailbox(ctx: CheckContext, runner: _Ews, mb: Mailbox) -> CheckResult:
    ex = ctx.settings.exchange
    cid = f"ews.mailbox:{mb.pbx_name}"
    who = f"{mb.pbx_name} ({mb.primary})"
    last: ews.EwsError | None = None
    for address in mb.addresses:
        primary = address
        try:
            if ex.sync_type == SyncType.ON_PREMISES:
                # ResolveNames (the primary SMTP address) and the calendar view at the configured address go
                # out together; the view is read again only when the primary address differs.
                resolved, read = await _resolve_and_read(ctx, runner, address)
                if resolved is None:
                    last = ews.EwsError("not_found", f"ResolveNames found no mailbox for {address}")
                    continue
                primary = resolved
                if primary.lower() != address.lower():
                    count = await _read(ctx, runner, primary)
                elif isinstance(read, EwsFailure):
                    raise read
                else:
                    count = read
            else:
                count = await _read(ctx, runner, primary)
        except EwsFailure as f:
            last = f.err
            if f.err.kind == "not_found":
                continue
            return _fail(cid, who, f.err, ex.sync_type, ex.client_id, ex.ntlm_username,
                         mailbox=primary, pbx_name=mb.pbx_name)
        if primary.lower() != mb.primary.lower():
            who = f"{mb.pbx_name} ({primary}, found via {address})" if address.lower() != primary.lower() \
                else f"{mb.pbx_name} ({primary})"
        return ok(cid, f"{who}: calendar readable, {count} appointments in the next 48 h",
                  mailbox=primary, pbx_name=mb.pbx_name, appointments=count)
    assert last is not None
    return _fail(cid, who, last, ex.sync_type, ex.client_id, ex.ntlm_username, mailbox=mb.primary, pbx_name=mb.pbx_name,
                 tried=list(mb.addresses))


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
        return [ok("ews.mailboxes", "No mailboxes to sync are configured yet")]
    runner = _Ews(ctx)
    try:
        await _ensure_version(ctx, runner)
    except EwsFailure as f:
        ex = ctx.settings.exchange
        return [_fail("ews.mailboxes", f"EWS at {ctx.facts['ews_url']}", f.err, ex.sync_type, ex.client_id,
                      ex.ntlm_username, ews_url=ctx.facts["ews_url"])]
    return list(await asyncio.gather(*(_check_mailbox(ctx, runner, mb) for mb in ctx.settings.mailboxes)))
