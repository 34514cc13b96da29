"""A simulated innovaphone PBX: ``wss://pbx.sandbox.test/PBX0/APPS/websocket`` on the sandbox's port and CA.

It speaks the PBX side of what :mod:`calwizard.pbx` uses, from the innovaphone SDK pages cited there:

* **AppWebsocket** login of an App object: ``AppChallenge`` -> ``AppChallengeResult`` (16 digits, "innovaphone
  implementations only use 0-9"), ``AppLogin`` checked against the App object's password with the SDK's digest
  (with or without ``info``; the SDK's published test vectors pass) -> ``AppLoginResult {"ok": true}`` and a
  ``PbxInfo {domain, pbx, pbxDns, apis}``. A wrong password or an unknown App object gets ``AppLoginResult``
  without ``ok``, and the connection is closed (the same answer for both: a PBX does not reveal which objects
  exist). Messages before a successful login are ignored.
* **PbxTableUsers** replication of the seeded user objects (:data:`calwizard.sandbox.data.PBX_USERS`):
  ``ReplicateStart`` (the ``columns`` asked for, ``pseudo`` filter) -> ``ReplicateStartResult``, ``ReplicateNext``
  -> one ``ReplicateNextResult`` per row, then one without ``columns``; afterwards every change made through the
  control API is pushed as ``ReplicateAdd`` / ``ReplicateUpdate`` / ``ReplicateDel`` with the ReplicateStart's
  ``src``.
* **PbxApi** ``SetPresence`` (by ``sip`` or ``guid``; one entry per contact, newest first; an empty activity and
  note remove the contact's entry), ``SubscribePresence`` / ``UnsubscribePresence`` with ``PresenceState`` and
  ``PresenceUpdate`` after every change, ``GetNodeInfo``.
* An API the App object does not enable is not answered at all (the PbxInfo's ``apis`` leaves it out).

Control (:mod:`calwizard.sandbox.control`): add, change and remove users; drop every websocket (and keep the PBX out
of reach for a while); read a user's presence; counters.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from calwizard.sandbox import data

log = logging.getLogger("calwizard.sandbox.pbx")

MAX_MESSAGE = 1024 * 1024
PBX_WEBSOCKET_PATH = "/PBX0/APPS/websocket"
USER_COLUMNS = ("guid", "h323", "cn", "dn", "e164", "config", "node", "pseudo", "emails", "grps")


class PbxControlError(Exception):
    """A control request the simulated PBX cannot carry out (unknown user, bad field, duplicate)."""

    def __init__(self, message: str, status: int = 400, code: str = "BadRequest") -> None:
        super().__init__(message)
        self.status, self.code = status, code


@dataclass(eq=False)
class _Session:
    ws: web.WebSocketResponse
    request: web.Request
    app: data.PbxAppObject | None = None
    challenge: str = ""
    replication_src: str | None = None
    replication_columns: tuple[str, ...] = ()
    replication_pseudo: tuple[str, ...] | None = None
    cursor: list[str] = field(default_factory=list)
    live: bool = False
    watching: dict[str, str] = field(default_factory=dict)
    """user guid -> src of the SubscribePresence."""


def expected_digest(msg: dict[str, Any], challenge: str, password: str) -> str:
    """The digest an AppLogin must carry (SDK "AppWebsocket", AppLogin): SHA-256 over
    ``app:domain:sip:guid:dn[:info]:challenge:password``, ``info`` as compact JSON. The server side's own
    implementation (not the client's), so that the SDK's test vectors check both independently."""
    fields = [str(msg.get(k) or "") for k in ("app", "domain", "sip", "guid", "dn")]
    if isinstance(msg.get("info"), dict):
        fields.append(json.dumps(msg["info"], ensure_ascii=False, separators=(",", ":")))
    text = ":".join([*fields, challenge, password])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _seed_row(u: data.PbxUserSeed) -> dict[str, Any]:
    return {
        "guid": u.guid, "h323": u.h323, "cn": u.cn, "dn": u.cn, "e164": u.e164, "config": u.config,
        "node": u.node, "pseudo": u.pseudo, "emails": [{"email": e} for e in u.emails],
        "grps": [{"name": g, "mode": "active", "dyn": ""} for g in u.groups],
    }


class SandboxPbx:
    """One simulated PBX (see the module docstring). Runs on the sandbox's event loop.

    Args:
        name: the "PBX Name" (PbxInfo ``pbx``).
        domain: the "System Name" (PbxInfo ``domain``).
        dns: the DNS name (PbxInfo ``pbxDns``).
        users: the user objects at start.
        apps: the App objects.
    """

    def __init__(self, name: str, domain: str, dns: str, users: tuple[data.PbxUserSeed, ...] = data.PBX_USERS,
                 apps: tuple[data.PbxAppObject, ...] = data.PBX_APPS) -> None:
        self.name, self.domain, self.dns = name, domain, dns
        self.apps = {a.name: a for a in apps}
        self.rows: dict[str, dict[str, Any]] = {}
        for u in users:
            self.rows[u.guid] = _seed_row(u)
        self.presence: dict[str, list[dict[str, str]]] = {}
        """user guid -> presence entries, newest first."""
        self.sessions: set[_Session] = set()
        self.logins = 0
        self.failed_logins = 0
        self.set_presence_calls: collections.Counter[str] = collections.Counter()
        """h323 -> SetPresence requests received."""
        self.presence_log: collections.deque[dict[str, Any]] = collections.deque(maxlen=10_000)
        self._refuse_until = 0.0
        """Loop time until which new AppWebsocket connections are cut (:meth:`drop` with ``refuse_seconds``)."""
        self.fixed_challenge: str | None = None
        """Test hook: hand out this challenge instead of a random one (the SDK's examples use
        ``0123456789abcdef``)."""

    # ------------------------------------------------------------------------------------------ websocket

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The PBX's HTTPS host: the AppWebsocket endpoint, a small page elsewhere."""
        if self._refusing() and request.path == PBX_WEBSOCKET_PATH:
            # out of reach (see drop): the connection is cut before any answer, as a network failure would
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=503)
        if request.path != PBX_WEBSOCKET_PATH:
            if request.path in ("/", "/index.html"):
                return web.Response(text=f"<html><body>innovaphone PBX {self.name} (calwizard sandbox)</body></html>",
                                    content_type="text/html")
            return web.Response(status=404, text="404 Not Found")
        ws = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, autoping=True)
        if not ws.can_prepare(request).ok:
            return web.Response(status=400, text="this is an AppWebsocket endpoint")
        await ws.prepare(request)
        session = _Session(ws, request)
        self.sessions.add(session)
        try:
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                try:
                    msg = json.loads(frame.data)
                except ValueError:
                    continue
                if isinstance(msg, dict):
                    await self._message(session, msg)
        finally:
            self.sessions.discard(session)
        return ws

    async def _send(self, session: _Session, msg: dict[str, Any]) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await session.ws.send_str(json.dumps(msg, ensure_ascii=False))

    async def _message(self, s: _Session, msg: dict[str, Any]) -> None:
        mt, api, src = msg.get("mt"), msg.get("api"), msg.get("src")
        echo = {"src": src} if src is not None else {}
        if mt == "AppChallenge":
            s.challenge = self.fixed_challenge or "".join(secrets.choice("0123456789") for _ in range(16))
            await self._send(s, {"mt": "AppChallengeResult", "challenge": s.challenge, **echo})
            return
        if mt == "AppLogin":
            await self._login(s, msg, echo)
            return
        if s.app is None:
            log.info("pbx %s: %s before login ignored", self.name, mt)
            return
        if api and api not in s.app.apis:
            log.info("pbx %s: %s/%s not enabled on App object %r; not answered", self.name, api, mt, s.app.name)
            return
        if api == "PbxTableUsers":
            await self._table_users(s, str(mt), msg, echo)
        elif api == "PbxApi":
            await self._pbx_api(s, str(mt), msg, echo)

    async def _login(self, s: _Session, msg: dict[str, Any], echo: dict[str, Any]) -> None:
        app = self.apps.get(str(msg.get("app") or ""))
        ok = False
        if app is not None and s.challenge:
            expected = expected_digest(msg, s.challenge, data.credential(app.password_credential))
            ok = secrets.compare_digest(expected, str(msg.get("digest") or ""))
        s.challenge = ""  # one login per challenge
        if not ok:
            self.failed_logins += 1
            log.info("pbx %s: login as App object %r rejected", self.name, msg.get("app"))
            await self._send(s, {"mt": "AppLoginResult", **echo})
            await s.ws.close()
            return
        assert app is not None
        s.app = app
        self.logins += 1
        log.info("pbx %s: App object %r logged in", self.name, app.name)
        await self._send(s, {"mt": "AppLoginResult", "ok": True, **echo})
        await self._send(s, {"mt": "PbxInfo", "domain": self.domain, "pbx": self.name, "pbxDns": self.dns,
                             "apis": list(app.apis)})

    # ------------------------------------------------------------------------------------------ PbxTableUsers

    def _visible(self, s: _Session, row: dict[str, Any]) -> bool:
        return s.replication_pseudo is None or row.get("pseudo", "") in s.replication_pseudo

    def _project(self, s: _Session, row: dict[str, Any]) -> dict[str, Any]:
        cols = s.replication_columns or USER_COLUMNS
        out = {k: row[k] for k in cols if k in row}
        out["guid"] = row["guid"]
        return out

    async def _table_users(self, s: _Session, mt: str, msg: dict[str, Any], echo: dict[str, Any]) -> None:
        base = {"api": "PbxTableUsers", **echo}
        if mt == "ReplicateStart":
            cols = msg.get("columns")
            s.replication_columns = tuple(k for k in cols if k in USER_COLUMNS and k != "pwd") \
                if isinstance(cols, dict) else USER_COLUMNS
            pseudo = msg.get("pseudo")
            s.replication_pseudo = tuple(str(p) for p in pseudo) if isinstance(pseudo, list) else None
            s.replication_src = msg.get("src")
            s.cursor = [g for g, row in self.rows.items() if self._visible(s, row)]
            s.live = True
            await self._send(s, {"mt": "ReplicateStartResult", **base,
                                 "columns": {c: {} for c in s.replication_columns}})
        elif mt == "ReplicateNext":
            while s.cursor:
                guid = s.cursor.pop(0)
                row = self.rows.get(guid)
                if row is not None:
                    await self._send(s, {"mt": "ReplicateNextResult", **base, "columns": self._project(s, row)})
                    return
            await self._send(s, {"mt": "ReplicateNextResult", **base})

    async def _push(self, mt: str, row: dict[str, Any]) -> None:
        for s in list(self.sessions):
            if s.live and self._visible(s, row):
                cols = self._project(s, row) if mt != "ReplicateDel" else {"guid": row["guid"], "h323": row["h323"]}
                msg: dict[str, Any] = {"api": "PbxTableUsers", "mt": mt, "columns": cols}
                if s.replication_src is not None:
                    msg["src"] = s.replication_src
                await self._send(s, msg)

    # ------------------------------------------------------------------------------------------ PbxApi

    def find(self, sip: str = "", guid: str = "", num: str = "") -> dict[str, Any] | None:
        """The user row by user name (case-insensitive), GUID or phone number, or None."""
        for row in self.rows.values():
            if row.get("pseudo", ""):
                continue
            if (sip and row["h323"].casefold() == sip.split("@")[0].casefold()) or (guid and row["guid"] == guid) \
                    or (num and row.get("e164") == num):
                return row
        return None

    def _entries(self, guid: str) -> list[dict[str, str]]:
        return self.presence.setdefault(guid, [{"contact": "tel:", "status": "open", "activity": "", "note": ""}])

    async def _pbx_api(self, s: _Session, mt: str, msg: dict[str, Any], echo: dict[str, Any]) -> None:
        base = {"api": "PbxApi", **echo}
        if mt == "SetPresence":
            row = self.find(sip=str(msg.get("sip") or ""), guid=str(msg.get("guid") or ""))
            if row is None:
                await self._send(s, {"mt": "SetPresenceResult", **base, "error": 1, "errorText": "unknown user"})
                return
            contact = str(msg.get("contact") or "")
            activity, note = str(msg.get("activity") or ""), str(msg.get("note") or "")
            entries = [e for e in self._entries(row["guid"]) if e["contact"] != contact]
            if activity or note:
                entries.insert(0, {"contact": contact, "status": "open", "activity": activity, "note": note})
            self.presence[row["guid"]] = entries
            self.set_presence_calls[row["h323"]] += 1
            self.presence_log.append({"h323": row["h323"], "contact": contact, "activity": activity, "note": note,
                                      "at": asyncio.get_running_loop().time()})
            await self._send(s, {"mt": "SetPresenceResult", **base})
            await self._notify(row)
        elif mt == "SubscribePresence":
            row = self.find(sip=str(msg.get("sip") or ""), num=str(msg.get("num") or ""))
            await self._send(s, {"mt": "SubscribePresenceResult", **base})
            if row is None:
                await self._send(s, {"mt": "PresenceState", **base, "up": False})
                return
            s.watching[row["guid"]] = str(msg.get("src") or "")
            emails = row.get("emails") or []
            await self._send(s, {"mt": "PresenceState", **base, "up": True, "sip": row["h323"],
                                 "num": row.get("e164", ""), "dn": row.get("dn", ""),
                                 "email": emails[0]["email"] if emails else ""})
            await self._send(s, {"mt": "PresenceUpdate", **base, "presence": self._entries(row["guid"])})
        elif mt == "UnsubscribePresence":
            row = self.find(sip=str(msg.get("sip") or ""), num=str(msg.get("num") or ""))
            if row is not None:
                s.watching.pop(row["guid"], None)
            await self._send(s, {"mt": "UnsubscribePresenceResult", **base})
        elif mt == "GetNodeInfo":
            await self._send(s, {"mt": "GetNodeInfoResult", **base, "name": "root", "prefix_intl": "000",
                                 "prefix_ntl": "00", "prefix_subs": "", "country_code": "49"})

    async def _notify(self, row: dict[str, Any]) -> None:
        for s in list(self.sessions):
            src = s.watching.get(row["guid"])
            if src is not None:
                msg: dict[str, Any] = {"api": "PbxApi", "mt": "PresenceUpdate", "presence": self._entries(row["guid"])}
                if src:
                    msg["src"] = src
                await self._send(s, msg)

    # ------------------------------------------------------------------------------------------ control

    @staticmethod
    def public(row: dict[str, Any]) -> dict[str, Any]:
        """The control API's JSON of a user object."""
        return {"guid": row["guid"], "h323": row["h323"], "cn": row.get("cn", ""), "e164": row.get("e164", ""),
                "config": row.get("config", ""), "node": row.get("node", ""), "pseudo": row.get("pseudo", ""),
                "emails": [e["email"] for e in row.get("emails", [])],
                "groups": [g["name"] for g in row.get("grps", [])]}

    def users(self) -> list[dict[str, Any]]:
        return [self.public(r) for r in self.rows.values()]

    def _row(self, h323: str) -> dict[str, Any]:
        for row in self.rows.values():
            if row["h323"].casefold() == h323.casefold():
                return row
        raise PbxControlError(f"no PBX object named {h323!r}", 404, "UserNotFound")

    @staticmethod
    def _apply(row: dict[str, Any], fields: dict[str, Any]) -> None:
        allowed = {"h323", "cn", "e164", "config", "node", "emails", "groups"}
        unknown = set(fields) - allowed
        if unknown:
            raise PbxControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
        for key, value in fields.items():
            if key in ("emails", "groups"):
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise PbxControlError(f"{key} must be a list of strings")
                if key == "emails":
                    row["emails"] = [{"email": v} for v in value]
                else:
                    row["grps"] = [{"name": v, "mode": "active", "dyn": ""} for v in value]
            elif not isinstance(value, str) or (key == "h323" and not value.strip()):
                what = "a non-empty string" if key == "h323" else "a string"
                raise PbxControlError(f"{key} must be {what}")
            else:
                row[key] = value.strip() if key == "h323" else value
                if key == "cn":
                    row["dn"] = value

    async def add_user(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Create a user object (``h323`` required) and push it to the replicating sessions."""
        h323 = fields.get("h323")
        if not isinstance(h323, str) or not h323.strip():
            raise PbxControlError("h323 (the user name) is required")
        with contextlib.suppress(PbxControlError):
            self._row(h323)
            raise PbxControlError(f"a PBX object named {h323!r} exists already", 409, "Conflict")
        row = _seed_row(data.PbxUserSeed(h323.strip(), str(fields.get("cn") or h323)))
        self._apply(row, {k: v for k, v in fields.items() if k != "h323"})
        self.rows[row["guid"]] = row
        log.info("pbx %s: user %s added", self.name, row["h323"])
        await self._push("ReplicateAdd", row)
        return self.public(row)

    async def change_user(self, h323: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Change a user object and push the update."""
        row = self._row(h323)
        if "h323" in fields and str(fields["h323"]).casefold() != h323.casefold():
            with contextlib.suppress(PbxControlError):
                self._row(str(fields["h323"]))
                raise PbxControlError(f"a PBX object named {fields['h323']!r} exists already", 409, "Conflict")
        self._apply(row, fields)
        log.info("pbx %s: user %s changed", self.name, row["h323"])
        await self._push("ReplicateUpdate", row)
        return self.public(row)

    async def remove_user(self, h323: str) -> dict[str, Any]:
        """Delete a user object and push the deletion."""
        row = self._row(h323)
        del self.rows[row["guid"]]
        self.presence.pop(row["guid"], None)
        log.info("pbx %s: user %s removed", self.name, row["h323"])
        await self._push("ReplicateDel", row)
        return {"deleted": row["h323"]}

    def drop(self, refuse_seconds: float = 0.0) -> int:
        """Abort every websocket's TCP connection (as a network failure would); returns how many. With
        ``refuse_seconds`` the PBX stays out of reach that long: every new AppWebsocket connection is cut at once
        (a PBX restarting, a broken link), until then or until :meth:`accept`."""
        n = 0
        if refuse_seconds > 0:
            self._refuse_until = asyncio.get_running_loop().time() + refuse_seconds
        for s in list(self.sessions):
            transport = s.request.transport
            if transport is not None:
                transport.abort()
                n += 1
        log.info("pbx %s: dropped %d connection(s)%s", self.name, n,
                 f"; out of reach for {refuse_seconds:g} s" if refuse_seconds > 0 else "")
        return n

    def accept(self) -> None:
        """End a refusal started by :meth:`drop`: connections are accepted again."""
        self._refuse_until = 0.0

    def _refusing(self) -> bool:
        return self._refuse_until > 0 and asyncio.get_running_loop().time() < self._refuse_until

    def presence_of(self, h323: str) -> list[dict[str, str]]:
        """The user's presence entries, newest first."""
        return [dict(e) for e in self._entries(self._row(h323)["guid"])]

    def stats(self) -> dict[str, Any]:
        return {"name": self.name, "connections": len(self.sessions), "logins": self.logins,
                "failed_logins": self.failed_logins, "set_presence": dict(self.set_presence_calls)}

    async def close(self) -> None:
        """Close every websocket (sandbox shutdown)."""
        for s in list(self.sessions):
            with contextlib.suppress(Exception):
                await s.ws.close()
