"""The sandbox's control API: change the simulated tenant while a client (the sync engine) runs.

HTTPS + JSON on ``https://control.sandbox.test/v1/`` (same port, certificate and CA as every sandbox host;
clients reach it through the sandbox's host overrides). No authentication: the sandbox serves loopback only
and holds public demo data.

=========================================================  =================================================
request                                                    effect / answer
=========================================================  =================================================
``GET  /v1/mailboxes/{address}/appointments``              ``{"appointments": [Appointment, ...]}``
``POST /v1/mailboxes/{address}/appointments``              create; body: ``subject``, ``start``, ``end`` (ISO
                                                           8601 with offset) and optionally ``free_busy``
                                                           (Free, Tentative, Busy, OOF, WorkingElsewhere,
                                                           NoData; default Busy), ``sensitivity`` (Normal,
                                                           Personal, Private, Confidential), ``is_all_day``,
                                                           ``location``, ``organizer`` (SMTP address), ``body``;
                                                           201 + the Appointment
``PATCH /v1/mailboxes/{address}/appointments/{uid}``       change any of those fields; 200 + the Appointment
``DELETE /v1/mailboxes/{address}/appointments/{uid}``      delete; 200 ``{"deleted": uid}``
``POST /v1/mailboxes/{address}/access``                    ``{"access": "revoked" | "restored", "kind":
                                                           "impersonation" | "calendar"}``: revoked
                                                           impersonation answers ErrorImpersonateUserDenied,
                                                           revoked calendar access ErrorAccessDenied; revoking
                                                           invalidates the mailbox's subscriptions
``POST /v1/mailboxes/{address}/permissions``               ``{"user": address | "Default", "level":
                                                           CalendarPermissionLevel, "view_private"?: bool}``:
                                                           set a calendar folder permission (delegate access),
                                                           ``"None"`` removes the user's entry; losing read
                                                           access invalidates the mailbox's subscriptions
``POST /v1/streams/drop``                                  ``{"mailbox"?: address, "forget_subscriptions"?:
                                                           bool}``: abort the TCP connections of open
                                                           GetStreamingEvents streams (all, or those carrying
                                                           the mailbox's subscriptions); with
                                                           ``forget_subscriptions`` the subscriptions are lost
                                                           too, as after a server restart
                                                           (ErrorSubscriptionNotFound); ``{"dropped": n,
                                                           "forgotten": m}``
``POST /v1/subscriptions/invalidate``                      ``{"mailbox"?: address}``: subscriptions become
                                                           invalid (ErrorInvalidSubscription, also mid-stream);
                                                           ``{"invalidated": n}``
``POST /v1/throttle/storm``                                ``{"seconds": 2.0, "back_off_ms": 500}``: every EWS
                                                           request gets ErrorServerBusy with that
                                                           BackOffMilliseconds for that long
``POST /v1/throttle/concurrency``                          ``{"limit": 27, "answer": "server_busy" |
                                                           "connection_count" | "http_503" |
                                                           "internal_server_busy", "back_off_ms": 5000,
                                                           "hold_ms": 0}`` (each optional): EWS requests of one
                                                           throttling budget in flight at most (EWSMaxConcurrency),
                                                           how one beyond is refused (see
                                                           :mod:`calwizard.sandbox.ews`) and how long each request
                                                           keeps its slot (simulated processing time); answers
                                                           like ``GET``
``GET  /v1/throttle/concurrency``                          ``{"limit", "answer", "back_off_ms", "hold_ms", "in_flight":
                                                           {budget: n}, "peak": {budget: n}, "refused": n}``
                                                           (peak and refused since the last ``stats/reset``)
``GET  /v1/stats``                                         EWS requests per operation, ErrorServerBusy count,
                                                           open streams, subscriptions, events
``POST /v1/stats/reset``                                   zero the request counters
``GET  /v1/pbx/users``                                     the PBX's objects: ``{"users": [PbxUser, ...]}``
``POST /v1/pbx/users``                                     add a user object: ``h323`` (required), ``cn``,
                                                           ``e164``, ``config``, ``node``, ``emails`` and
                                                           ``groups`` (lists of strings); pushed to every
                                                           replication as ReplicateAdd; 201 + the PbxUser
``PATCH /v1/pbx/users/{h323}``                             change those fields (``h323`` renames); pushed as
                                                           ReplicateUpdate; 200 + the PbxUser
``DELETE /v1/pbx/users/{h323}``                            remove it; pushed as ReplicateDel
``GET  /v1/pbx/users/{h323}/presence``                     ``{"presence": [{contact, status, activity, note},
                                                           ...]}``, newest first
``POST /v1/pbx/connections/drop``                          abort the TCP connection of every AppWebsocket
                                                           (as a network failure would): ``{"dropped": n}``;
                                                           with ``{"refuse_seconds": s}`` (0-600) the PBX stays
                                                           out of reach that long: new AppWebsocket
                                                           connections are cut at once
``POST /v1/pbx/connections/accept``                        end such a refusal now: ``{"accepting": true}``
``GET  /v1/pbx/stats``                                     logins, failed logins, open connections, SetPresence
                                                           requests per user
=========================================================  =================================================

The ``/v1/pbx/...`` resources act on the PBX ``pbx.sandbox.test`` (``sandbox-pbx``). A PbxUser is ``{"guid",
"h323", "cn", "e164", "config", "node", "pseudo", "emails", "groups"}``.

An Appointment is ``{"uid", "mailbox", "item_id", "subject", "start", "end", "free_busy", "sensitivity",
"is_all_day", "location", "organizer", "version"}`` (times in UTC, ISO 8601). Errors are
``{"error": {"code", "message"}}`` with 400 (bad input) or 404 (unknown mailbox or appointment).

:class:`ControlClient` is a small Python client of this API (tests, benchmarks).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, get_args

from aiohttp import web

from calwizard.sandbox import data
from calwizard.sandbox.pbx import PbxControlError
from calwizard.sandbox.store import Appointment, Attendee, FreeBusy, Sensitivity

if TYPE_CHECKING:
    from calwizard.exchange.http import HttpPolicy
    from calwizard.sandbox.parts import SandboxParts as Sandbox

log = logging.getLogger("calwizard.sandbox")

BASE_URL = f"https://{data.CONTROL_HOST}/v1"
_FIELDS = {"subject", "start", "end", "free_busy", "sensitivity", "is_all_day", "location", "organizer", "body"}


class _BadRequest(Exception):
    def __init__(self, message: str, status: int = 400, code: str = "BadRequest") -> None:
        super().__init__(message)
        self.status, self.code = status, code


def appointment_json(a: Appointment) -> dict[str, Any]:
    return {
        "uid": a.uid,
        "mailbox": a.mailbox,
        "item_id": a.item_id,
        "subject": a.subject,
        "start": a.start.astimezone(UTC).isoformat(),
        "end": a.end.astimezone(UTC).isoformat(),
        "free_busy": a.free_busy,
        "sensitivity": a.sensitivity,
        "is_all_day": a.is_all_day,
        "location": a.location,
        "organizer": a.organizer.address if a.organizer else None,
        "version": a.version,
    }


def _time(value: object, name: str) -> datetime:
    if not isinstance(value, str):
        raise _BadRequest(f"{name} must be an ISO 8601 date-time string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _BadRequest(f"{name} is not an ISO 8601 date-time: {value!r}") from None
    if parsed.tzinfo is None:
        raise _BadRequest(f"{name} needs a UTC offset (e.g. 2030-01-01T09:00:00+00:00)")
    return parsed.astimezone(UTC)


def _fields(body: dict[str, Any], *, create: bool) -> dict[str, Any]:
    unknown = set(body) - _FIELDS
    if unknown:
        raise _BadRequest(f"unknown field(s): {', '.join(sorted(unknown))}")
    if create:
        missing = {"subject", "start", "end"} - set(body)
        if missing:
            raise _BadRequest(f"missing field(s): {', '.join(sorted(missing))}")
    out: dict[str, Any] = {}
    for key, value in body.items():
        if key in ("start", "end"):
            out[key] = _time(value, key)
        elif key == "free_busy":
            if value not in get_args(FreeBusy):
                raise _BadRequest(f"free_busy must be one of {', '.join(get_args(FreeBusy))}")
            out[key] = value
        elif key == "sensitivity":
            if value not in get_args(Sensitivity):
                raise _BadRequest(f"sensitivity must be one of {', '.join(get_args(Sensitivity))}")
            out[key] = value
        elif key == "is_all_day":
            if not isinstance(value, bool):
                raise _BadRequest("is_all_day must be true or false")
            out[key] = value
        elif key == "organizer":
            if value is None:
                out[key] = None
            elif isinstance(value, str) and "@" in value:
                found = data.find_mailbox(value)
                name = found[1].display_name if found else value.split("@")[0]
                out[key] = Attendee(value.lower(), name, "Organizer")
            else:
                raise _BadRequest("organizer must be an SMTP address or null")
        elif not isinstance(value, str):
            raise _BadRequest(f"{key} must be a string")
        else:
            out[key] = value
    if "start" in out and "end" in out and out["end"] < out["start"]:
        raise _BadRequest("end is before start")
    return out


class ControlApi:
    """The request handler of ``control.sandbox.test`` (runs on the sandbox's event loop)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def handle(self, request: web.Request) -> web.StreamResponse:
        parts = [p for p in request.path.split("/") if p]
        try:
            if not parts or parts[0] != "v1":
                raise _BadRequest(f"no such resource: {request.path}", 404, "NotFound")
            body = await self._body(request)
            if parts[1:2] == ["pbx"]:
                return await self._pbx_route(request.method, parts[2:], body, request)
            return self._route(request.method, parts[1:], body, request)
        except PbxControlError as e:
            return web.json_response({"error": {"code": e.code, "message": str(e)}}, status=e.status)
        except _BadRequest as e:
            return web.json_response({"error": {"code": e.code, "message": str(e)}}, status=e.status)

    @staticmethod
    async def _body(request: web.Request) -> dict[str, Any]:
        if request.method not in ("POST", "PATCH"):
            return {}
        raw = await request.read()
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except ValueError:
            raise _BadRequest("the body is not JSON") from None
        if not isinstance(body, dict):
            raise _BadRequest("the body must be a JSON object")
        return body

    async def _pbx_route(self, method: str, parts: list[str], body: dict[str, Any], request: web.Request
                         ) -> web.Response:
        pbx = self.sandbox.pbx
        match (method, parts):
            case ("GET", ["users"]):
                return web.json_response({"users": pbx.users()})
            case ("POST", ["users"]):
                return web.json_response(await pbx.add_user(body), status=201)
            case ("PATCH", ["users", h323]):
                return web.json_response(await pbx.change_user(h323, body))
            case ("DELETE", ["users", h323]):
                return web.json_response(await pbx.remove_user(h323))
            case ("GET", ["users", h323, "presence"]):
                return web.json_response({"presence": pbx.presence_of(h323)})
            case ("POST", ["connections", "drop"]):
                refuse = body.get("refuse_seconds", 0)
                if isinstance(refuse, bool) or not isinstance(refuse, int | float) or not 0 <= refuse <= 600:
                    raise _BadRequest("refuse_seconds must be a number from 0 to 600")
                return web.json_response({"dropped": pbx.drop(float(refuse)), "refuse_seconds": refuse})
            case ("POST", ["connections", "accept"]):
                pbx.accept()
                return web.json_response({"accepting": True})
            case ("GET", ["stats"]):
                return web.json_response(pbx.stats())
        raise _BadRequest(f"no such resource: {method} {request.path}", 404, "NotFound")

    def _concurrency(self) -> dict[str, Any]:
        t = self.sandbox.ews.throttle
        return {"limit": t.limit, "answer": t.answer, "back_off_ms": t.back_off_ms, "hold_ms": t.hold_ms,
                "in_flight": dict(t.in_flight),
                "peak": dict(t.peak), "refused": t.refused}

    def _mailbox(self, address: str) -> str:
        found = data.find_mailbox(address)
        if found is None:
            raise _BadRequest(f"no mailbox {address!r} in the sandbox", 404, "MailboxNotFound")
        return found[1].address

    def _route(self, method: str, parts: list[str], body: dict[str, Any], request: web.Request) -> web.Response:
        sb = self.sandbox
        store = sb.store
        match (method, parts):
            case ("GET", ["mailboxes", address, "appointments"]):
                mailbox = self._mailbox(address)
                return web.json_response({"appointments": [appointment_json(a) for a in store.list(mailbox)]})
            case ("POST", ["mailboxes", address, "appointments"]):
                mailbox = self._mailbox(address)
                fields = _fields(body, create=True)
                appt = store.create(mailbox, fields.pop("subject"), fields.pop("start"), fields.pop("end"), **fields)
                log.info("control: created %s in %s", appt.uid, mailbox)
                return web.json_response(appointment_json(appt), status=201)
            case ("PATCH", ["mailboxes", address, "appointments", uid]):
                mailbox = self._mailbox(address)
                fields = _fields(body, create=False)
                old = store.get(mailbox, uid)
                if old is None:
                    raise _BadRequest(f"no appointment {uid!r} in {mailbox}", 404, "ItemNotFound")
                if fields.get("end", old.end) < fields.get("start", old.start):
                    raise _BadRequest("end is before start")
                appt = store.change(mailbox, uid, **fields)
                log.info("control: changed %s in %s", uid, mailbox)
                return web.json_response(appointment_json(appt))
            case ("DELETE", ["mailboxes", address, "appointments", uid]):
                mailbox = self._mailbox(address)
                if store.get(mailbox, uid) is None:
                    raise _BadRequest(f"no appointment {uid!r} in {mailbox}", 404, "ItemNotFound")
                store.delete(mailbox, uid)
                log.info("control: deleted %s in %s", uid, mailbox)
                return web.json_response({"deleted": uid})
            case ("POST", ["mailboxes", address, "access"]):
                mailbox = self._mailbox(address)
                access, kind = body.get("access"), body.get("kind", "impersonation")
                if kind not in ("impersonation", "calendar"):
                    raise _BadRequest("kind must be impersonation or calendar")
                if access == "revoked":
                    sb.ews.revoke(mailbox, kind)
                elif access == "restored":
                    sb.ews.restore(mailbox)
                else:
                    raise _BadRequest("access must be revoked or restored")
                log.info("control: %s access to %s %s", kind, mailbox, access)
                return web.json_response({"mailbox": mailbox, "access": access, "kind": kind})
            case ("POST", ["mailboxes", address, "permissions"]):
                mailbox = self._mailbox(address)
                user, level = str(body.get("user") or ""), str(body.get("level") or "")
                if not user:
                    raise _BadRequest("user is required (an SMTP address, Default or Anonymous)")
                try:
                    sb.ews.set_folder_permission(mailbox, user, level, bool(body.get("view_private", False)))
                except ValueError as exc:
                    raise _BadRequest(str(exc)) from None
                log.info("control: %s gets %s on %s's calendar", user, level, mailbox)
                return web.json_response({"mailbox": mailbox, "user": user, "level": level})
            case ("POST", ["streams", "drop"]):
                mailbox = self._mailbox(body["mailbox"]) if body.get("mailbox") else None
                dropped = sb.notifications.drop_connections(mailbox)
                forgotten = sb.notifications.forget(mailbox) if body.get("forget_subscriptions") else 0
                log.info("control: dropped %d stream(s), forgot %d subscription(s)", dropped, forgotten)
                return web.json_response({"dropped": dropped, "forgotten": forgotten})
            case ("POST", ["subscriptions", "invalidate"]):
                mailbox = self._mailbox(body["mailbox"]) if body.get("mailbox") else None
                return web.json_response({"invalidated": sb.notifications.invalidate(mailbox)})
            case ("POST", ["throttle", "storm"]):
                try:
                    seconds = float(body.get("seconds", 2.0))
                    back_off_ms = int(body.get("back_off_ms", 500))
                except (TypeError, ValueError):
                    raise _BadRequest("seconds must be a number and back_off_ms an integer") from None
                if not (0 < seconds <= 3600 and 0 <= back_off_ms <= 600_000):
                    raise _BadRequest("seconds must be in (0, 3600] and back_off_ms in [0, 600000]")
                sb.ews.start_storm(seconds, back_off_ms)
                log.info("control: ErrorServerBusy storm for %.1f s (BackOffMilliseconds %d)", seconds, back_off_ms)
                return web.json_response({"seconds": seconds, "back_off_ms": back_off_ms})
            case ("POST", ["throttle", "concurrency"]):
                t = sb.ews.throttle
                try:
                    t.configure(int(body.get("limit", t.limit)), str(body.get("answer", t.answer)),
                                int(body.get("back_off_ms", t.back_off_ms)), int(body.get("hold_ms", t.hold_ms)))
                except (TypeError, ValueError) as exc:
                    raise _BadRequest(f"limit, back_off_ms and hold_ms must be integers, answer a known refusal: "
                                      f"{exc}") from None
                log.info("control: EWS concurrency %d per budget, beyond it %s", t.limit, t.answer)
                return web.json_response(self._concurrency())
            case ("GET", ["throttle", "concurrency"]):
                return web.json_response(self._concurrency())
            case ("GET", ["stats"]):
                return web.json_response(
                    {
                        "requests": dict(sb.ews.op_counts),
                        "server_busy": sb.ews.busy_count,
                        **sb.notifications.stats(),
                    }
                )
            case ("POST", ["stats", "reset"]):
                sb.ews.op_counts.clear()
                sb.ews.busy_count = 0
                sb.ews.throttle.reset()
                return web.json_response({"reset": True})
        raise _BadRequest(f"no such resource: {method} {request.path}", 404, "NotFound")


class ControlClient:
    """A blocking client of the control API over an :class:`HttpPolicy` (the sandbox's CA and overrides).

    Every method raises :class:`requests.HTTPError` for an error answer.
    """

    def __init__(self, policy: HttpPolicy, base_url: str = BASE_URL, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = policy.requests_session()
        self.session.trust_env = False
        self.timeout = timeout

    def close(self) -> None:
        self.session.close()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        r = self.session.request(method, f"{self.base_url}/{path.lstrip('/')}", json=body, timeout=self.timeout)
        r.raise_for_status()
        return r.json()

    @staticmethod
    def _jsonable(fields: dict[str, Any]) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in fields.items()}

    def appointments(self, mailbox: str) -> list[dict[str, Any]]:
        return self._call("GET", f"mailboxes/{mailbox}/appointments")["appointments"]

    def create(self, mailbox: str, subject: str, start: datetime, end: datetime, **fields: Any) -> dict[str, Any]:
        body = self._jsonable({"subject": subject, "start": start, "end": end, **fields})
        return self._call("POST", f"mailboxes/{mailbox}/appointments", body)

    def change(self, mailbox: str, uid: str, **fields: Any) -> dict[str, Any]:
        return self._call("PATCH", f"mailboxes/{mailbox}/appointments/{uid}", self._jsonable(fields))

    def delete(self, mailbox: str, uid: str) -> dict[str, Any]:
        return self._call("DELETE", f"mailboxes/{mailbox}/appointments/{uid}")

    def revoke(self, mailbox: str, kind: str = "impersonation") -> dict[str, Any]:
        return self._call("POST", f"mailboxes/{mailbox}/access", {"access": "revoked", "kind": kind})

    def restore(self, mailbox: str) -> dict[str, Any]:
        return self._call("POST", f"mailboxes/{mailbox}/access", {"access": "restored"})

    def set_permission(self, mailbox: str, user: str, level: str, view_private: bool = False) -> dict[str, Any]:
        """Set ``user``'s calendar folder permission on ``mailbox`` (delegate access)."""
        return self._call("POST", f"mailboxes/{mailbox}/permissions",
                          {"user": user, "level": level, "view_private": view_private})

    def drop_streams(self, mailbox: str | None = None, *, forget_subscriptions: bool = False) -> dict[str, Any]:
        return self._call("POST", "streams/drop", {"mailbox": mailbox, "forget_subscriptions": forget_subscriptions})

    def invalidate_subscriptions(self, mailbox: str | None = None) -> dict[str, Any]:
        return self._call("POST", "subscriptions/invalidate", {"mailbox": mailbox})

    def concurrency(self, limit: int | None = None, answer: str | None = None, back_off_ms: int | None = None,
                    hold_ms: int | None = None) -> dict[str, Any]:
        """Set (any of) the EWS concurrency limit per budget, its refusal and the time each request keeps its slot;
        returns the state (``GET`` when nothing is set)."""
        body = {k: v for k, v in (("limit", limit), ("answer", answer), ("back_off_ms", back_off_ms),
                                  ("hold_ms", hold_ms)) if v is not None}
        return self._call("POST", "throttle/concurrency", body) if body else self._call("GET", "throttle/concurrency")

    def storm(self, seconds: float, back_off_ms: int = 500) -> dict[str, Any]:
        return self._call("POST", "throttle/storm", {"seconds": seconds, "back_off_ms": back_off_ms})

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "stats")

    def reset_stats(self) -> dict[str, Any]:
        return self._call("POST", "stats/reset")

    # the simulated PBX (``/v1/pbx/...``)

    def pbx_users(self) -> list[dict[str, Any]]:
        return self._call("GET", "pbx/users")["users"]

    def pbx_add_user(self, h323: str, **fields: Any) -> dict[str, Any]:
        """Add a PBX user object (``cn``, ``e164``, ``config``, ``node``, ``emails``, ``groups``)."""
        return self._call("POST", "pbx/users", {"h323": h323, **fields})

    def pbx_change_user(self, h323: str, **fields: Any) -> dict[str, Any]:
        return self._call("PATCH", f"pbx/users/{h323}", fields)

    def pbx_remove_user(self, h323: str) -> dict[str, Any]:
        return self._call("DELETE", f"pbx/users/{h323}")

    def pbx_presence(self, h323: str) -> list[dict[str, Any]]:
        """The user's presence entries on the PBX, newest first."""
        return self._call("GET", f"pbx/users/{h323}/presence")["presence"]

    def pbx_drop(self, refuse_seconds: float = 0) -> dict[str, Any]:
        """Abort every AppWebsocket connection to the PBX; with ``refuse_seconds`` keep it out of reach that long."""
        return self._call("POST", "pbx/connections/drop", {"refuse_seconds": refuse_seconds} if refuse_seconds else
                          None)

    def pbx_accept(self) -> dict[str, Any]:
        """End a refusal started by :meth:`pbx_drop`: the PBX accepts connections again."""
        return self._call("POST", "pbx/connections/accept")

    def pbx_stats(self) -> dict[str, Any]:
        return self._call("GET", "pbx/stats")
