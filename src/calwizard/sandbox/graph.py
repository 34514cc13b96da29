"""Microsoft Graph v1.0 on ``graph.sandbox.test``: the calendar endpoints the ``cloud_graph`` sync type uses.

Served (Microsoft Graph REST API v1.0 reference; shapes as Graph returns them):

* ``GET /v1.0/users/{id | userPrincipalName}`` — "Get user"; needs ``User.Read.All`` (or ``User.ReadBasic.All``,
  ``Directory.Read.All``) like real Graph, else 403 ``Authorization_RequestDenied``; unknown users 404
  ``Request_ResourceNotFound``.
* ``GET /v1.0/users/{id}/calendarView?startDateTime=&endDateTime=`` — "List calendarView": ``$select``, ``$top``
  (default 10, at most 1000), ``$skip``, paging with ``@odata.nextLink``.
* ``GET /v1.0/users/{id}/calendarView/delta?startDateTime=&endDateTime=`` — "event: delta": pages of
  ``Prefer: odata.maxpagesize`` events with ``@odata.nextLink`` (``$skiptoken``), the last with
  ``@odata.deltaLink`` (``$deltatoken``); a later round returns what changed, deleted events (or events moved
  out of the window) as ``{"id": …, "@removed": {"reason": "deleted"}}``.
* directory objects (``/v1.0/me``, ``/v1.0/applications``, ``/v1.0/servicePrincipals``): see
  :mod:`calwizard.sandbox.directory`.
* ``POST /v1.0/$batch`` — "Combine multiple requests in one HTTP call using JSON batching": at most 20 requests,
  run concurrently (so they count against the mailbox concurrency limit, as in Graph).

Authorization: a bearer token for the Graph audience signed by the sandbox's Entra
(:meth:`calwizard.sandbox.entra.Entra.validate_access_token`); app-only tokens need ``Calendars.Read`` or
``Calendars.ReadBasic`` in ``roles`` (ReadBasic: no body, attachments, extensions) and the mailbox inside
the app's RBAC for Applications scope (:attr:`calwizard.sandbox.data.AppRegistration.mailbox_scope`), else 403
``ErrorAccessDenied``. Throttling ("Microsoft Graph service-specific throttling limits", Outlook service): at
most 4 concurrent requests per app and mailbox; the fifth gets 429 ``ApplicationThrottled`` with
``Retry-After``.

The per-sandbox state lives in a :class:`GraphService` attached to the sandbox (:func:`service`).
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from aiohttp import web
from multidict import CIMultiDict, MultiDict

from calwizard.sandbox import data
from calwizard.sandbox.entra import TokenError, TokenInfo
from calwizard.sandbox.store import Appointment, ChangeKind, encode_item_id

if TYPE_CHECKING:
    from calwizard.sandbox.parts import SandboxParts as Sandbox

log = logging.getLogger("calwizard.sandbox.graph")

BASE = f"{data.GRAPH_RESOURCE}/v1.0"
CALENDARS_READ = "Calendars.Read"
CALENDARS_READ_BASIC = "Calendars.ReadBasic"
CALENDAR_ROLES = (CALENDARS_READ, CALENDARS_READ_BASIC, "Calendars.ReadWrite")
USER_READ_ROLES = ("User.Read.All", "User.ReadBasic.All", "Directory.Read.All", "User.ReadWrite.All")
BASIC_HIDDEN = frozenset({"body", "bodyPreview", "attachments", "extensions"})
"""Event properties Calendars.ReadBasic does not return (Microsoft Graph permissions reference: "read events of
all calendars, except for properties such as body, attachments, and extensions")."""
MAILBOX_CONCURRENCY = 4
MAX_BATCH = 20
MAX_TOP = 1000
MAX_DIRECTORY_BODY = 256 * 1024
DEFAULT_TOP = 10
DEFAULT_DELTA_PAGE = 100

MSG_ACCESS_DENIED = "Access is denied. Check credentials and try again."
SHOW_AS = {
    "Free": "free",
    "Tentative": "tentative",
    "Busy": "busy",
    "OOF": "oof",
    "WorkingElsewhere": "workingElsewhere",
    "NoData": "unknown",
}


class GraphError(Exception):
    """A Graph error response: ``{"error": {"code", "message", "innerError"}}``."""

    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message
        self.headers = dict(headers or {})


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


def error_body(code: str, message: str) -> dict[str, Any]:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    rid = str(uuid.uuid4())
    return {
        "error": {
            "code": code,
            "message": message,
            "innerError": {"date": now, "request-id": rid, "client-request-id": rid},
        }
    }


def graph_datetime(value: datetime) -> dict[str, str]:
    """Graph's dateTimeTimeZone in UTC: ``{"dateTime": "2026-11-22T09:00:00.0000000", "timeZone": "UTC"}``."""
    return {"dateTime": value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"}


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_json(appt: Appointment, *, basic: bool = False, select: frozenset[str] | None = None) -> dict[str, Any]:
    """An appointment as a Graph ``event`` resource."""
    organizer = appt.organizer
    ev: dict[str, Any] = {
        "@odata.etag": f'W/"{appt.change_key}"',
        "id": appt.item_id,
        "createdDateTime": _iso(appt.created),
        "lastModifiedDateTime": _iso(appt.modified),
        "changeKey": appt.change_key,
        "categories": list(appt.categories),
        "iCalUId": "040000008200E00074C5B7101A82E008" + appt.uid.replace("-", "").upper(),
        "subject": appt.subject,
        "bodyPreview": appt.body[:255],
        "body": {"contentType": "text", "content": appt.body},
        "importance": "normal",
        "sensitivity": appt.sensitivity.lower(),
        "isAllDay": appt.is_all_day,
        "isCancelled": False,
        "isOrganizer": organizer is not None and organizer.address.lower() == appt.mailbox.lower(),
        "showAs": SHOW_AS.get(appt.free_busy, "unknown"),
        "type": "singleInstance",
        "start": graph_datetime(appt.start),
        "end": graph_datetime(appt.end),
        "location": {"displayName": appt.location},
        "attendees": [
            {
                "type": "required",
                "status": {"response": _response(a.response), "time": "0001-01-01T00:00:00Z"},
                "emailAddress": {"name": a.name, "address": a.address},
            }
            for a in appt.attendees
        ],
        "organizer": {"emailAddress": {"name": organizer.name, "address": organizer.address}} if organizer else None,
    }
    if basic:
        for key in BASIC_HIDDEN:
            ev.pop(key, None)
    if select:
        ev = {k: v for k, v in ev.items() if k in select or k in ("id", "@odata.etag")}
    return ev


def _response(ews: str) -> str:
    return {
        "Organizer": "organizer",
        "Tentative": "tentativelyAccepted",
        "Accept": "accepted",
        "Decline": "declined",
        "NoResponseReceived": "notResponded",
    }.get(ews, "none")


def _token_encode(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def _token_decode(token: str) -> dict[str, Any]:
    try:
        value = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except ValueError:
        raise GraphError(400, "ErrorInvalidUrlQuery", "The delta or skip token is malformed.") from None
    if not isinstance(value, dict):
        raise GraphError(400, "ErrorInvalidUrlQuery", "The delta or skip token is malformed.")
    return value


def _parse_dt(value: str, name: str) -> datetime:
    try:
        dt = datetime.fromisoformat(value.strip().replace(" ", "+"))
    except ValueError:
        raise GraphError(
            400, "ErrorInvalidParameter", f"The value '{value}' of parameter '{name}' is invalid."
        ) from None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


class GraphService:
    """Microsoft Graph of one sandbox: change log for delta queries, throttling, the request handlers."""

    def __init__(self, sandbox: Sandbox, *, retry_after_seconds: int = 1) -> None:
        self.sandbox = sandbox
        self.store = sandbox.store
        self.retry_after_seconds = retry_after_seconds
        self.in_flight: dict[tuple[str, str], int] = {}
        self.throttled_count = 0
        self.request_count = 0
        self._gate: asyncio.Event | None = None
        self._forced: dict[str, int] = {}
        self._lock = threading.Lock()
        self._seq = 0
        self._changes: list[tuple[int, str, str, ChangeKind]] = []
        self._unsubscribe = self.store.subscribe(self._on_change)

    # ------------------------------------------------------------------------------ change log

    def _on_change(self, kind: ChangeKind, appt: Appointment) -> None:
        with self._lock:
            self._seq += 1
            self._changes.append((self._seq, appt.mailbox.lower(), appt.uid, kind))

    @property
    def seq(self) -> int:
        with self._lock:
            return self._seq

    def _changed_since(self, mailbox: str, since: int, until: int) -> list[str]:
        with self._lock:
            uids = [uid for seq, mbx, uid, _ in self._changes if since < seq <= until and mbx == mailbox]
        return list(dict.fromkeys(uids))

    # ------------------------------------------------------------------------------ pausing (tests)

    def gate(self) -> asyncio.Event:
        if self._gate is None:
            self._gate = asyncio.Event()
            self._gate.set()
        return self._gate

    def pause(self) -> None:
        """Hold every calendar request while it occupies its mailbox concurrency slot (throttling tests)."""
        self.sandbox._call_in_loop(lambda: self.gate().clear())

    def resume(self) -> None:
        self.sandbox._call_in_loop(lambda: self.gate().set())

    def throttle_next(self, address: str, count: int) -> None:
        """Answer the next ``count`` calendar requests for ``address`` with 429 (as if other clients of the app
        held the mailbox's concurrency slots)."""
        self.sandbox._call_in_loop(lambda: self._forced.__setitem__(address.lower(), count))

    # ------------------------------------------------------------------------------ HTTP entry point

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.request_count += 1
        try:
            token = self._authenticate(request.headers.get("Authorization", ""))
            path = request.path
            directory = self.sandbox.directory
            if directory.handles(path):
                reply = directory.handle(token, request.method, path, dict(request.query),
                                         await request.content.read(MAX_DIRECTORY_BODY + 1))
            elif request.method == "POST" and path.rstrip("/") in ("/v1.0/$batch", "/v1.0/%24batch"):
                reply = await self._batch(token, await request.read())
            else:
                reply = await self._serve(token, request.method, path, request.query, request.headers)
        except GraphError as e:
            reply = Reply(e.status, error_body(e.code, e.message), e.headers)
        log.info("graph: %s %s -> %s", request.method, request.path_qs[:200], reply.status)
        return web.json_response(reply.body, status=reply.status, headers=reply.headers)

    def _authenticate(self, header: str) -> TokenInfo:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise GraphError(401, "InvalidAuthenticationToken", "Access token is empty.")
        try:
            return self.sandbox.entra.validate_access_token(token.strip(), (data.GRAPH_RESOURCE, data.GRAPH_APP_ID))
        except TokenError as e:
            reason = e.diagnostics.split('reason="', 1)[-1].split('"', 1)[0]
            message = "Lifetime validation failed, the token is expired." if "expired" in reason else reason
            raise GraphError(401, "InvalidAuthenticationToken", message) from None

    # ------------------------------------------------------------------------------ routing

    async def _serve(
        self,
        token: TokenInfo,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
    ) -> Reply:
        parts = [p for p in path.split("/") if p]
        if not parts or parts[0] != "v1.0":
            raise GraphError(400, "BadRequest", "Invalid version.")
        parts = parts[1:]
        if len(parts) >= 2 and parts[0].lower() == "users":
            if method != "GET":
                raise GraphError(
                    405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target."
                )
            user_key = parts[1]
            rest = [p.lower() for p in parts[2:]]
            if not rest:
                return self._get_user(token, user_key)
            if rest == ["calendarview"]:
                return await self._calendar_request(token, user_key, query, headers, delta=False)
            if rest == ["calendarview", "delta"]:
                return await self._calendar_request(token, user_key, query, headers, delta=True)
        raise GraphError(
            400, "BadRequest", f"Resource not found for the segment '{parts[0] if parts else ''}'."
        )

    def _find_user(self, token: TokenInfo, key: str) -> data.Mailbox | None:
        key = key.strip().lower()
        for mbx in data.org_mailboxes(token.tenant):
            if key in mbx.all_addresses or key == data.object_id(mbx.address):
                return mbx
        return None

    def _get_user(self, token: TokenInfo, key: str) -> Reply:
        if token.is_app_only and not set(USER_READ_ROLES) & set(token.roles):
            raise GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        mbx = self._find_user(token, key)
        if mbx is None:
            raise GraphError(
                404,
                "Request_ResourceNotFound",
                f"Resource '{key}' does not exist or one of its queried reference-property objects are not present.",
            )
        body = {
            "@odata.context": f"{BASE}/$metadata#users/$entity",
            "businessPhones": [],
            "displayName": mbx.display_name,
            "givenName": mbx.given_name or None,
            "jobTitle": None,
            "mail": mbx.address,
            "mobilePhone": None,
            "officeLocation": mbx.department or None,
            "preferredLanguage": None,
            "surname": mbx.surname or None,
            "userPrincipalName": mbx.address,
            "id": data.object_id(mbx.address),
        }
        return Reply(200, body, {})

    # ------------------------------------------------------------------------------ calendars

    def _authorize_calendar(self, token: TokenInfo, key: str) -> tuple[data.Mailbox, bool]:
        """The target mailbox and whether only basic properties may be returned; raises GraphError."""
        if token.is_app_only:
            roles = set(token.roles)
            if not roles & set(CALENDAR_ROLES):
                raise GraphError(403, "ErrorAccessDenied", MSG_ACCESS_DENIED)
            basic = not roles & {CALENDARS_READ, "Calendars.ReadWrite"}
        else:
            scopes = set(token.scopes)
            if not scopes & {CALENDARS_READ, "Calendars.ReadWrite", "Calendars.Read.Shared"}:
                raise GraphError(403, "ErrorAccessDenied", MSG_ACCESS_DENIED)
            basic = False
        mbx = self._find_user(token, key)
        if mbx is None:
            raise GraphError(404, "ErrorInvalidUser", f"The requested user '{key}' is invalid.")
        if token.is_app_only:
            app = token.app
            if app is None or (app.mailbox_scope is not None and mbx.address not in app.mailbox_scope):
                raise GraphError(403, "ErrorAccessDenied", MSG_ACCESS_DENIED)
        elif token.user is None or token.user.address != mbx.address:
            raise GraphError(403, "ErrorAccessDenied", MSG_ACCESS_DENIED)
        return mbx, basic

    async def _calendar_request(
        self, token: TokenInfo, key: str, query: Mapping[str, str], headers: Mapping[str, str], *, delta: bool
    ) -> Reply:
        mbx, basic = self._authorize_calendar(token, key)
        budget = (str(token.claims.get("appid", "")), mbx.address)
        forced = self._forced.get(mbx.address, 0)
        if forced:
            self._forced[mbx.address] = forced - 1
        if forced or self.in_flight.get(budget, 0) >= MAILBOX_CONCURRENCY:
            self.throttled_count += 1
            log.info("graph: %s over its MailboxConcurrency limit for %s", budget[0], mbx.address)
            raise GraphError(
                429,
                "ApplicationThrottled",
                "Application is over its MailboxConcurrency limit.",
                {"Retry-After": str(self.retry_after_seconds)},
            )
        self.in_flight[budget] = self.in_flight.get(budget, 0) + 1
        try:
            await self.gate().wait()
            if delta:
                return self._delta(mbx, key, basic, query, headers)
            return self._calendar_view(mbx, key, basic, query)
        finally:
            n = self.in_flight[budget] - 1
            if n:
                self.in_flight[budget] = n
            else:
                del self.in_flight[budget]

    @staticmethod
    def _window(query: Mapping[str, str]) -> tuple[datetime, datetime]:
        lower = {k.lower(): v for k, v in query.items()}
        if "startdatetime" not in lower or "enddatetime" not in lower:
            raise GraphError(
                400,
                "ErrorInvalidParameter",
                "This request requires a time window specified by the query string parameters StartDateTime "
                "and EndDateTime.",
            )
        return _parse_dt(lower["startdatetime"], "startDateTime"), _parse_dt(lower["enddatetime"], "endDateTime")

    def _calendar_view(self, mbx: data.Mailbox, key: str, basic: bool, query: Mapping[str, str]) -> Reply:
        start, end = self._window(query)
        try:
            top = int(query.get("$top", DEFAULT_TOP))
            skip = int(query.get("$skip", 0))
        except ValueError:
            raise GraphError(400, "BadRequest", "Invalid $top or $skip value.") from None
        if not 1 <= top <= MAX_TOP or skip < 0:
            raise GraphError(400, "ErrorInvalidParameter", f"The value of $top must be between 1 and {MAX_TOP}.")
        select = frozenset(s.strip() for s in query.get("$select", "").split(",") if s.strip()) or None
        items = self.store.list(mbx.address, start, end)
        page = items[skip : skip + top]
        body: dict[str, Any] = {
            "@odata.context": f"{BASE}/$metadata#users('{quote(key)}')/calendarView",
            "value": [event_json(a, basic=basic, select=select) for a in page],
        }
        if skip + top < len(items):
            params = dict(query) | {"$skip": str(skip + top), "$top": str(top)}
            body["@odata.nextLink"] = f"{BASE}/users/{quote(key)}/calendarView?{urlencode(params, safe='$:,')}"
        return Reply(200, body, {})

    def _delta(
        self, mbx: data.Mailbox, key: str, basic: bool, query: Mapping[str, str], headers: Mapping[str, str]
    ) -> Reply:
        page_size = DEFAULT_DELTA_PAGE
        for pref in headers.get("Prefer", "").split(","):
            name, _, value = pref.strip().partition("=")
            if name.strip().lower() == "odata.maxpagesize" and value.strip().isdigit():
                page_size = max(1, min(int(value), MAX_TOP))
        if "$skiptoken" in query:
            state = _token_decode(query["$skiptoken"])
        elif "$deltatoken" in query:
            state = _token_decode(query["$deltatoken"])
            state = {**state, "since": state["q"], "q": self.seq, "o": 0}
        else:
            start, end = self._window(query)
            state = {"s": _iso(start), "e": _iso(end), "q": self.seq, "o": 0, "since": None}
        if state.get("m") not in (None, mbx.address):
            raise GraphError(400, "ErrorInvalidUrlQuery", "The delta token belongs to another mailbox.")
        start, end = _parse_dt(state["s"], "startDateTime"), _parse_dt(state["e"], "endDateTime")
        entries: list[dict[str, Any]] = []
        if state.get("since") is None:
            entries = [event_json(a, basic=basic) for a in self.store.list(mbx.address, start, end)]
        else:
            for uid in self._changed_since(mbx.address, int(state["since"]), int(state["q"])):
                appt = self.store.get(mbx.address, uid)
                if appt is not None and appt.overlaps(start, end):
                    entries.append(event_json(appt, basic=basic))
                else:
                    entries.append({"id": encode_item_id(mbx.address, uid), "@removed": {"reason": "deleted"}})
        offset = int(state.get("o", 0))
        page = entries[offset : offset + page_size]
        link = f"{BASE}/users/{quote(key)}/calendarView/delta"
        body: dict[str, Any] = {"@odata.context": f"{BASE}/$metadata#Collection(event)", "value": page}
        common = {"m": mbx.address, "s": state["s"], "e": state["e"], "q": state["q"]}
        if offset + page_size < len(entries):
            token = _token_encode({**common, "o": offset + page_size, "since": state.get("since")})
            body["@odata.nextLink"] = f"{link}?$skiptoken={token}"
        else:
            body["@odata.deltaLink"] = f"{link}?$deltatoken={_token_encode(common)}"
        return Reply(200, body, {"Preference-Applied": f"odata.maxpagesize={page_size}"})

    # ------------------------------------------------------------------------------ $batch

    async def _batch(self, token: TokenInfo, raw: bytes) -> Reply:
        try:
            payload = json.loads(raw or b"{}")
            requests = payload["requests"]
            if not isinstance(requests, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise GraphError(400, "BadRequest", "Invalid batch payload format.") from None
        if not requests:
            raise GraphError(400, "BadRequest", "Invalid batch payload format.")
        if len(requests) > MAX_BATCH:
            raise GraphError(400, "BadRequest", f"Number of requests exceeds the limit of {MAX_BATCH}.")
        ids = [str(r.get("id", "")) if isinstance(r, dict) else "" for r in requests]
        if "" in ids or len(set(ids)) != len(ids):
            raise GraphError(400, "BadRequest", "Each request in a batch needs a unique, non-empty id.")

        async def one(req: dict[str, Any]) -> dict[str, Any]:
            rid = str(req["id"])
            url = str(req.get("url", ""))
            split = urlsplit(url if url.startswith("/") else "/" + url)
            raw_path = unquote(split.path)  # as for a direct request: the path is percent-decoded
            path = raw_path if raw_path.startswith("/v1.0/") else "/v1.0" + raw_path
            query = MultiDict(parse_qsl(split.query, keep_blank_values=True))
            try:
                reply = await self._serve(
                    token, str(req.get("method", "GET")).upper(), path, query, CIMultiDict(req.get("headers") or {})
                )
            except GraphError as e:
                reply = Reply(e.status, error_body(e.code, e.message), e.headers)
            return {
                "id": rid,
                "status": reply.status,
                "headers": {"Content-Type": "application/json", **reply.headers},
                "body": reply.body,
            }

        responses = await asyncio.gather(*(one(r) for r in requests))
        return Reply(200, {"responses": list(responses)}, {})


_SERVICES_LOCK = threading.Lock()


def service(sandbox: Sandbox) -> GraphService:
    """The :class:`GraphService` of ``sandbox`` (created on first use, kept on the sandbox)."""
    with _SERVICES_LOCK:
        svc = sandbox.__dict__.get("_graph_service")
        if svc is None:
            svc = GraphService(sandbox)
            sandbox.__dict__["_graph_service"] = svc
        return svc


async def handle(sandbox: Sandbox, request: web.Request) -> web.StreamResponse:
    """Serve a request to ``graph.sandbox.test``."""
    return await service(sandbox).handle(request)
