"""The EWS backend of the sync engine: discovery, tokens, ResolveNames, CalendarView, and the change feed.

* **Discovery** reuses the validation checks: :func:`calwizard.checks.autodiscover.check_autodiscover`
  finds the EWS URL and server version exactly as ``calwizard validate`` does (the explicit EWS URL,
  Autodiscover v2 for Exchange Online, POX Autodiscover on-premises).
* **Tokens** (cloud sync types) come from msal only. One long-lived msal application is kept:
  ``acquire_token_for_client`` (app-only) and ``acquire_token_silent`` (delegated) serve the cached token and
  renew it (:mod:`calwizard.engine.tokens`); the engine asks for a new one a few minutes before the current one expires,
  and once more when Exchange answers 401.
* **Requests** go through :mod:`calwizard.engine.ews_soap` (aiohttp; NTLM or bearer), at most
  ``max_concurrency`` in flight (EWSMaxConcurrency: 27). ``ErrorServerBusy`` pauses *every* request of the
  backend for its ``BackOffMilliseconds`` (the server throttles the account, not one request) and the
  request is retried; a refusal for too many requests in flight (ErrorExceededConnectionCount for
  EWSMaxConcurrency, HTTP 503) is waited out the same way, and after ErrorExceededConnectionCount fewer requests
  go out at once (:mod:`calwizard.exchange.limiter`); other errors go to the caller.
* **Organizer** (needed only for the tentative-exception mapping): FindItem does not return the organizer's
  address (exchangelib marks the field complex for that reason), so the engine asks for it with one
  ``GetItem`` per read, for the tentative items only, and only when tentative exception organizers are
  configured and map differently from plain tentative. Organizers with routing type ``EX`` are resolved to
  SMTP with ``ResolveNames`` (cached).
* **All-day items**: EWS sends start/end as UTC instants of the item's own midnights; the engine takes the
  dates in the item's ``StartTimeZone`` (Windows zone names are mapped with CLDR's table) and makes them
  midnight-to-midnight in the presence timezone, as :class:`calwizard.engine.model.Appointment` requires.
* **Private**: sensitivity ``Private`` or ``Confidential`` shows "Private" (both mean "do not show the
  subject"; ``Personal`` does not).
* **Access model** (:mod:`calwizard.exchange.access`): impersonation and app-only send the ``ExchangeImpersonation``
  header for each mailbox; delegate access (``exchange.access_model = "delegate"``, on-premises) sends none — the
  service account opens each calendar by explicit access under its folder permission, resolves names itself, and
  owns the subscriptions and streaming connections (all charged to its own throttling budget, seed 004). A
  free/busy-only permission yields appointments without subjects: the presence shows the activity word.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calwizard.checks.context import CheckContext
from calwizard.engine import ews_soap as soap
from calwizard.engine.backend import BackendError, Resolution
from calwizard.engine.model import Appointment
from calwizard.engine.tokens import TokenSource
from calwizard.errors import ConfigError, UserFacingError
from calwizard.exchange.ews import EwsError, choose_resolution, version_error
from calwizard.exchange.limiter import EWS_CONCURRENCY, AccountLimiter
from calwizard.i18n import translate

log = logging.getLogger("calwizard.engine.ews")

T = TypeVar("T")

SUBSCRIBE_EVENT_TYPES = ("CopiedEvent", "CreatedEvent", "DeletedEvent", "ModifiedEvent", "MovedEvent")
FIELDS = (
    "item:Subject",
    "item:Sensitivity",
    "calendar:Start",
    "calendar:End",
    "calendar:IsAllDayEvent",
    "calendar:LegacyFreeBusyStatus",
    "calendar:StartTimeZone",
)
FREE_BUSY = {
    "Free": "free",
    "Tentative": "tentative",
    "Busy": "busy",
    "OOF": "oof",
    "WorkingElsewhere": "working_elsewhere",
    "NoData": "no_data",
}
PRIVATE_SENSITIVITY = frozenset({"Private", "Confidential"})


def ews_time(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ews_time(value: str) -> datetime:
    value = value.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@functools.lru_cache(maxsize=256)
def zone(ms_or_iana: str) -> ZoneInfo | None:
    """A zone for an EWS time zone Id (Windows name such as ``W. Europe Standard Time``, or ``UTC``)."""
    name = ms_or_iana.strip()
    if not name:
        return None
    with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(name)
    from tzlocal.windows_tz import win_tz

    iana = win_tz.get(name)
    if iana:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(iana)
    return None


def all_day_span(start: datetime, end: datetime, item_tz: ZoneInfo | None, presence_tz: ZoneInfo) -> tuple[
        datetime, datetime]:
    """Midnight-to-midnight in ``presence_tz`` for the dates an all-day item covers in its own zone."""
    tz = item_tz or presence_tz
    first: date = (start.astimezone(tz) + timedelta(hours=12)).date()
    last_excl: date = (end.astimezone(tz) + timedelta(hours=12)).date()
    if last_excl <= first:
        last_excl = first + timedelta(days=1)
    return (datetime.combine(first, datetime.min.time(), tzinfo=presence_tz),
            datetime.combine(last_excl, datetime.min.time(), tzinfo=presence_tz))


# ------------------------------------------------------------------------------------------ limiter


class Limiter(AccountLimiter):
    """At most ``limit`` calls in flight (fewer after the server refused one for too many in flight);
    ErrorServerBusy pauses all of them for the server's back-off, and the call is retried until the server takes
    it (:class:`calwizard.exchange.limiter.AccountLimiter`, shared with the validation checks)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit, max_retries=None)


# ------------------------------------------------------------------------------------------ backend


class EwsBackend:
    """:class:`calwizard.engine.backend.CalendarBackend` over EWS.

    Args:
        ctx: settings, resolved secrets and HTTP policy (:func:`calwizard.checks.plan.make_context`).
        max_concurrency: requests in flight (<= 27).
        max_streams: streaming connections (<= 10); see :class:`calwizard.engine.notifications.StreamingFeed`.
        connection_timeout_minutes: ``ConnectionTimeout`` of each streaming connection (< 30: renewed before
            the 30-minute limit).
    """

    name = "ews"

    def __init__(self, ctx: CheckContext, *, max_concurrency: int = EWS_CONCURRENCY, max_streams: int = 10,
                 connection_timeout_minutes: int = 29) -> None:
        self.ctx = ctx
        self.settings = ctx.settings
        self.max_concurrency = max_concurrency
        self.max_streams = max_streams
        self.connection_timeout_minutes = connection_timeout_minutes
        self.limiter = Limiter(max_concurrency)
        self.client: soap.SoapClient | None = None
        self.ews_url = ""
        self.presence_tz = ZoneInfo(self.settings.pbx.presence_timezone)
        self._organizer_cache: dict[str, str] = {}
        self._feed: Any = None
        self.tokens: TokenSource | None = None
        mapping = self.settings.mapping
        self.needs_organizer = bool(mapping.tentative_exception_organizers) and (
            mapping.tentative != mapping.tentative_exception)

    # ------------------------------------------------------------------------------------------ lifecycle

    async def open(self) -> None:
        """Token (cloud), Autodiscover (the validation check), the SOAP client. Raises
        :class:`UserFacingError` for configuration problems and :class:`BackendError` for EWS failures."""
        from exchangelib.version import Build, Version

        from calwizard.checks.autodiscover import check_autodiscover

        ex = self.settings.exchange
        if not ex.sync_type.uses_ews:
            raise ConfigError(translate("engine", "the sync type is 'disabled': there is nothing to sync"),
                              field="exchange.sync_type",
                              remedy=translate("engine", "Choose a sync type in the wizard."))
        if ex.sync_type.is_cloud:
            self.tokens = TokenSource(self.ctx)
            self.ctx.facts["access_token"] = await self.tokens.prime()
        result = await check_autodiscover(self.ctx)
        if result.status == "failed":
            raise UserFacingError(f"Autodiscover: {result.summary}", remedy=result.remedy or None)
        self.ews_url = self.ctx.facts["ews_url"]
        build = self.ctx.facts.get("ews_build")
        too_old = version_error(build, f"Autodiscover for {ex.user}")
        if too_old is not None:  # the seed supports Exchange 2013 or newer
            from calwizard.checks.ews import REMEDIES

            raise UserFacingError(too_old.message, remedy=REMEDIES["unsupported_version"])
        api_version = Version(build=Build(*build)).api_version if build else "Exchange2013_SP1"
        if self.tokens is not None:
            transport = soap.Transport(self.ctx.http, self.ews_url, self.max_concurrency, token=self.tokens.token,
                                       extra_connections=self.max_streams)
        else:
            transport = soap.Transport(self.ctx.http, self.ews_url, self.max_concurrency,
                                       ntlm=(ex.ntlm_username, self.ctx.secrets.get("password") or ""))
        self.client = soap.SoapClient(transport, api_version, impersonation=not self.delegate)
        if not build and not ex.sync_type.is_cloud:
            await self._check_server_version()
        log.info("EWS at %s (build %s)", self.ews_url, ".".join(map(str, build)) if build else
                 self.client.server_version or "unknown")

    async def _check_server_version(self) -> None:
        """With the EWS URL set explicitly Autodiscover reports no version: ask EWS itself (one ResolveNames for the
        service account, whose answer carries ServerVersionInfo). Raises :class:`UserFacingError` for a server
        older than Exchange 2013; any other failure is left to the first real request."""
        from calwizard.checks.ews import REMEDIES

        assert self.client is not None
        ex = self.settings.exchange
        body = f'<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>{soap.text(ex.user)}' \
               "</m:UnresolvedEntry></m:ResolveNames>"
        with contextlib.suppress(BackendError):
            await self.client.call("ResolveNames", body, impersonate=None)
        too_old = version_error(self.client.server_version, f"EWS at {self.ews_url} (ServerVersionInfo)")
        if too_old is not None:
            await self.client.close()
            raise UserFacingError(too_old.message, remedy=REMEDIES["unsupported_version"])

    async def close(self) -> None:
        if self._feed is not None:
            await self._feed.close()
        if self.client is not None:
            await self.client.close()

    async def call(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Await an EWS call within the concurrency limit (ErrorServerBusy is waited out)."""
        return await self.limiter.run(fn, *args)

    def change_feed(self) -> Any:
        from calwizard.engine.notifications import StreamingFeed

        if self._feed is None:
            self._feed = StreamingFeed(self, max_per_connection=self.settings.exchange.max_subscriptions_per_connection,
                                       max_connections=self.max_streams,
                                       connection_timeout_minutes=self.connection_timeout_minutes,
                                       service_account=self.settings.exchange.user)
        return self._feed

    def stats(self) -> dict[str, object]:
        c = self.client.counters if self.client else soap.Counters()
        return {"requests": dict(c.requests), "errors": dict(c.errors), "server_busy": self.limiter.busy,
                "peak_in_flight": self.limiter.peak_in_flight, "concurrency_refused": self.limiter.refused,
                "concurrency_ceiling": self.limiter.ceiling,
                "token_renewals": self.tokens.renewals if self.tokens else 0}

    # ------------------------------------------------------------------------------------------ resolve

    @property
    def delegate(self) -> bool:
        """Delegate access: no impersonation, the service account's folder permissions (``exchange.access_model``)."""
        from calwizard.exchange.access import Model, model_for

        return model_for(self.settings.exchange) is Model.DELEGATE

    def _resolver_for(self, address: str) -> str | None:
        """Whom ResolveNames impersonates (:func:`calwizard.exchange.names.resolver_for`, validate's rule too)."""
        from calwizard.exchange.names import resolver_for

        return resolver_for(self.settings.exchange, address)

    async def _resolve_one(self, address: str) -> tuple[str, str] | None:
        """ResolveNames for one address: (primary SMTP, display name), or None when nothing resolves. Raises
        :class:`BackendError` (``ambiguous`` when several mailboxes match and none exactly:
        :func:`calwizard.exchange.ews.choose_resolution`)."""
        assert self.client is not None
        body = f'<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>{soap.text(address)}' \
               "</m:UnresolvedEntry></m:ResolveNames>"
        messages = await self.client.call("ResolveNames", body, impersonate=self._resolver_for(address))
        for msg in messages:
            code = (msg.findtext(f"{soap.M}ResponseCode") or "").strip()
            if code == "ErrorNameResolutionNoResults":
                return None
            if msg.get("ResponseClass") == "Error":
                raise soap.message_error(msg)  # type: ignore[misc]
            found: list[tuple[str, str]] = []
            for res in msg.iter(f"{soap.T}Resolution"):
                mbx = res.find(f"{soap.T}Mailbox")
                if mbx is None:
                    continue
                email = (mbx.findtext(f"{soap.T}EmailAddress") or "").strip()
                routing = (mbx.findtext(f"{soap.T}RoutingType") or "SMTP").strip().upper()
                if email and routing == "SMTP":
                    found.append((email, (mbx.findtext(f"{soap.T}Name") or "").strip()))
            chosen = choose_resolution(address, found)  # several candidates: never the first one silently
            if isinstance(chosen, EwsError):
                raise soap.from_ews_error(chosen)
            if chosen is not None:
                return chosen
        return None

    async def resolve(self, addresses: Sequence[str]) -> Resolution:
        for address in addresses:
            try:
                got = await self.call(self._resolve_one, address)
            except BackendError as err:
                if err.kind == "not_found":  # per-user resolving impersonates the address: it may not exist
                    continue
                raise
            if got is not None:
                return Resolution(got[0], got[1])
        return Resolution(None)

    # ------------------------------------------------------------------------------------------ read

    async def _find(self, address: str, start: datetime, end: datetime) -> list[Appointment]:
        assert self.client is not None
        fields = "".join(f'<t:FieldURI FieldURI="{f}"/>' for f in FIELDS)
        mailbox = f"<t:Mailbox><t:EmailAddress>{soap.text(address)}</t:EmailAddress></t:Mailbox>"
        body = (
            '<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>'
            f"<t:AdditionalProperties>{fields}</t:AdditionalProperties></m:ItemShape>"
            f'<m:CalendarView StartDate="{ews_time(start)}" EndDate="{ews_time(end)}"/>'
            f'<m:ParentFolderIds><t:DistinguishedFolderId Id="calendar">{mailbox}</t:DistinguishedFolderId>'
            "</m:ParentFolderIds></m:FindItem>"
        )
        messages = await self.client.call("FindItem", body, impersonate=address)
        out: list[Appointment] = []
        tentative: list[int] = []
        for msg in messages:
            err = soap.message_error(msg)
            if err is not None:
                raise err
            for item in msg.iter(f"{soap.T}CalendarItem"):
                appt = self._appointment(item)
                if appt is None:
                    continue
                if appt.free_busy == "tentative":
                    tentative.append(len(out))
                out.append(appt)
        if tentative and self.needs_organizer:
            organizers = await self._organizers(address, [out[i].uid for i in tentative])
            for i in tentative:
                a = out[i]
                out[i] = Appointment(a.start, a.end, a.subject, a.free_busy, a.is_all_day, a.is_private,
                                     organizers.get(a.uid, ""), a.uid)
        return out

    def _appointment(self, item: Any) -> Appointment | None:
        """One ``t:CalendarItem`` (a single pass over its children: ~4x cheaper than a ``findtext`` per field,
        which showed in the engine's profile at 8 items per mailbox)."""
        fields: dict[str, Any] = {}
        for child in item:
            fields[child.tag] = child
        t = soap.T
        start_e, end_e = fields.get(f"{t}Start"), fields.get(f"{t}End")
        if start_e is None or end_e is None or not start_e.text or not end_e.text:
            return None
        try:
            start, end = parse_ews_time(start_e.text), parse_ews_time(end_e.text)
        except ValueError:
            log.warning("skipping a calendar item with an unreadable start/end")
            return None

        def value(name: str) -> str:
            e = fields.get(f"{t}{name}")
            return (e.text or "").strip() if e is not None else ""

        all_day = value("IsAllDayEvent").lower() == "true"
        if all_day:
            tz_elem = fields.get(f"{t}StartTimeZone")
            start, end = all_day_span(start, end, zone(tz_elem.get("Id", "")) if tz_elem is not None else None,
                                      self.presence_tz)
        item_id = fields.get(f"{t}ItemId")
        subject = fields.get(f"{t}Subject")
        return Appointment(
            start=start,
            end=end,
            subject=(subject.text or "") if subject is not None else "",
            free_busy=FREE_BUSY.get(value("LegacyFreeBusyStatus"), "no_data"),
            is_all_day=all_day,
            is_private=value("Sensitivity") in PRIVATE_SENSITIVITY,
            uid=item_id.get("Id", "") if item_id is not None else "",
        )

    async def _organizers(self, address: str, item_ids: list[str]) -> dict[str, str]:
        """GetItem (organizer only) for ``item_ids``: item id -> organizer SMTP address ("" if unknown)."""
        assert self.client is not None
        ids = "".join(f"<t:ItemId Id={soap.attr(i)}/>" for i in item_ids)
        body = ('<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>'
                '<t:FieldURI FieldURI="calendar:Organizer"/></t:AdditionalProperties></m:ItemShape>'
                f"<m:ItemIds>{ids}</m:ItemIds></m:GetItem>")
        out: dict[str, str] = {}
        for msg in await self.client.call("GetItem", body, impersonate=address):
            if msg.get("ResponseClass") == "Error":
                continue  # the item went away meanwhile: its event brings another read
            for item in msg.iter(f"{soap.T}CalendarItem"):
                item_id = item.find(f"{soap.T}ItemId")
                mbx = item.find(f"{soap.T}Organizer/{soap.T}Mailbox")
                if item_id is None or mbx is None:
                    continue
                email = (mbx.findtext(f"{soap.T}EmailAddress") or "").strip()
                if (mbx.findtext(f"{soap.T}RoutingType") or "SMTP").strip().upper() == "EX" and email:
                    email = await self._smtp_for_ex(email)
                out[item_id.get("Id", "")] = email
        return out

    async def _smtp_for_ex(self, legacy_dn: str) -> str:
        if legacy_dn not in self._organizer_cache:
            try:
                got = await self._resolve_one(legacy_dn)
            except BackendError:
                return ""
            self._organizer_cache[legacy_dn] = got[0] if got else ""
        return self._organizer_cache[legacy_dn]

    async def read(self, address: str, start: datetime, end: datetime) -> list[Appointment]:
        return await self.call(self._find, address, start, end)

    # ------------------------------------------------------------------------------------------ subscriptions

    async def subscribe(self, address: str, anchor: str | None = None) -> str:
        """Subscribe (streaming) to the calendar of ``address``, routed with the group's ``anchor`` mailbox and
        its affinity cookie; returns the subscription ID."""
        assert self.client is not None
        events = "".join(f"<t:EventType>{e}</t:EventType>" for e in SUBSCRIBE_EVENT_TYPES)
        body = ("<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds>"
                f'<t:DistinguishedFolderId Id="calendar"><t:Mailbox><t:EmailAddress>{soap.text(address)}'
                "</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId></t:FolderIds>"
                f"<t:EventTypes>{events}</t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>")
        for msg in await self.client.call("Subscribe", body, impersonate=address, anchor=anchor or address,
                                          affinity=True):
            err = soap.message_error(msg)
            if err is not None:
                raise err
            sub_id = (msg.findtext(f"{soap.M}SubscriptionId") or "").strip()
            if sub_id:
                return sub_id
        raise BackendError("other", "Subscribe answered without a SubscriptionId")

    async def unsubscribe(self, address: str, subscription_id: str, anchor: str | None = None) -> None:
        """Unsubscribe; a subscription the server no longer knows is fine."""
        assert self.client is not None
        body = f"<m:Unsubscribe><m:SubscriptionId>{soap.text(subscription_id)}</m:SubscriptionId></m:Unsubscribe>"
        for msg in await self.client.call("Unsubscribe", body, impersonate=address, anchor=anchor or address,
                                          affinity=True):
            code = (msg.findtext(f"{soap.M}ResponseCode") or "").strip()
            if msg.get("ResponseClass") == "Error" and code not in ("ErrorSubscriptionNotFound",
                                                                    "ErrorInvalidSubscription"):
                raise soap.message_error(msg)  # type: ignore[misc]

