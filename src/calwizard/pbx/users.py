"""The PBX's users, replicated with the PbxTableUsers API, and the SMTP addresses calwizard tries for them.

Wire format (innovaphone SDK "PbxTableUsers", https://sdk.innovaphone.com/doc/appwebsocket/PbxTableUsers.htm, and
"Replication", https://sdk.innovaphone.com/doc/appwebsocket/Replication.htm):

* the replicator sends ``{"api": "PbxTableUsers", "mt": "ReplicateStart", "add": false, "del": false, "columns":
  {"<column>": {}, ...}, "pseudo": [""]}``; ``pseudo: [""]`` limits the table to user objects (no App objects,
  trunks, waiting queues…), as the SDK's replicator does with its ``pseudo`` list; the PBX answers
  ``ReplicateStartResult``;
* then ``ReplicateNext`` -> ``ReplicateNextResult {"columns": {row}}`` row by row; a ``ReplicateNextResult``
  without ``columns`` ends the initial replication;
* afterwards the PBX pushes ``ReplicateAdd`` / ``ReplicateUpdate`` / ``ReplicateDel`` with the row's ``columns``
  (for a delete at least ``guid``), carrying the ``src`` of the ReplicateStart.

Columns read: ``guid``, ``h323`` (the user name), ``cn``, ``dn``, ``e164``, ``config`` (config template),
``node``, ``emails`` (``[{"email"}]``) and ``grps`` (``[{"name", "mode", "dyn"}]``). The ``pwd`` column (the user's
encrypted password) is never requested.

Addresses tried for a user (seed ``002_…calendar-pages.txt``, "Users and primary SMTP address": "The calendar tries
to use username@pbx-domain. If that isn't the users email address, you can add additional addresses to each user
object in the PBX"): the user's e-mail addresses in the PBX's order, then ``<user name>@<domain>`` when a domain is
known (the ``pbx.domain`` setting, else the PBX's own domain from its PbxInfo) and that is an SMTP address. A user
with no e-mail address and no domain to fall back to gets no address at all: the engine shows "no e-mail address on
the PBX" for it.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from calwizard.errors import PbxError
from calwizard.i18n import translate
from calwizard.pbx.appwebsocket import AppWebsocket
from calwizard.settings.model import Mailbox, parse_user_filter

log = logging.getLogger("calwizard.pbx")

API = "PbxTableUsers"
COLUMNS = ("guid", "h323", "cn", "dn", "e164", "config", "node", "emails", "grps")
"""Columns requested (never ``pwd``)."""
MAX_USERS = 100_000
"""Rows accepted in one replication (a bound against a runaway publisher)."""

_EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class PbxUser:
    """One replicated PBX user object.

    Attributes:
        guid: the object's GUID (the replication key).
        h323: the user name (the name calwizard's users are known by: ``Mailbox.pbx_name``).
        cn, dn, e164: common name, display name, phone number.
        config: the config template; node: the node.
        emails: the e-mail addresses of the ``emails`` table, in order.
        groups: the names of the groups the user is in (``grps``).
    """

    guid: str
    h323: str
    cn: str = ""
    dn: str = ""
    e164: str = ""
    config: str = ""
    node: str = ""
    emails: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    @classmethod
    def from_columns(cls, cols: Any) -> PbxUser | None:
        """The user of a replicated row, or None when the row has no guid or user name."""
        if not isinstance(cols, dict):
            return None
        guid, h323 = cols.get("guid"), cols.get("h323")
        if not isinstance(guid, str) or not guid or not isinstance(h323, str) or not h323.strip():
            return None

        def text(name: str) -> str:
            v = cols.get(name)
            return v if isinstance(v, str) else ""

        def column(name: str, key: str) -> tuple[str, ...]:
            rows = cols.get(name)
            if not isinstance(rows, list):
                return ()
            return tuple(r[key].strip() for r in rows if isinstance(r, dict) and isinstance(r.get(key), str)
                         and r[key].strip())

        return cls(guid=guid, h323=h323.strip(), cn=text("cn"), dn=text("dn"), e164=text("e164"),
                   config=text("config"), node=text("node"), emails=column("emails", "email"),
                   groups=column("grps", "name"))

    @property
    def display(self) -> str:
        return self.dn or self.cn or self.h323

    def addresses(self, domain: str) -> list[str]:
        """The SMTP addresses to try, in order (see the module docstring): the usable e-mail addresses, then
        ``h323@domain`` if ``domain`` is set and that is an SMTP address not already listed."""
        out: list[str] = []
        for a in self.emails:
            if _EMAIL_RE.match(a) and a.lower() not in (x.lower() for x in out):
                out.append(a)
        if domain:
            fallback = f"{self.h323}@{domain}"
            if _EMAIL_RE.match(fallback) and fallback.lower() not in (x.lower() for x in out):
                out.append(fallback)
        return out


@dataclass(frozen=True)
class UserFilter:
    """Which PBX users to sync: ``""`` (all), or terms separated by ``,``: ``group:NAME``, ``config:NAME`` (config
    template), ``node:NAME``; a user is synced when it matches any term (names compare case-insensitively).

    Build it with :meth:`parse` (raises ValueError with the fix)."""

    terms: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> UserFilter:
        """Raises ValueError naming the bad term (:func:`calwizard.settings.model.parse_user_filter`)."""
        return cls(parse_user_filter(text))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matches(self, user: PbxUser) -> bool:
        if not self.terms:
            return True
        for kind, name in self.terms:
            if kind == "group" and name in (g.casefold() for g in user.groups):
                return True
            if kind == "config" and user.config.casefold() == name:
                return True
            if kind == "node" and user.node.casefold() == name:
                return True
        return False


async def replicate_users(ws: AppWebsocket, *, timeout: float | None = None,
                          on_push: Callable[[str, PbxUser], None] | None = None) -> list[PbxUser]:
    """Run the initial replication of the users table on ``ws`` and return every user (unfiltered).

    Args:
        ws: a logged-in connection whose App object enables TableUsers.
        timeout: seconds for each step (default: the connection's).
        on_push: if given, stays registered afterwards and receives ``("add" | "update" | "del", user)`` for every
            change the PBX pushes on this connection.
    Raises:
        PbxError: ``api_disabled``, ``timeout``, ``closed``, ``protocol``.
    """
    src = ws.new_src()
    if on_push is not None:
        kinds = {"ReplicateAdd": "add", "ReplicateUpdate": "update", "ReplicateDel": "del"}

        def pushed(msg: dict[str, Any]) -> None:
            kind = kinds.get(str(msg.get("mt")))
            if kind is None or msg.get("api") not in (None, API):
                return
            cols = msg.get("columns")
            user = PbxUser.from_columns(cols)
            if user is None and kind == "del" and isinstance(cols, dict) and isinstance(cols.get("guid"), str):
                user = PbxUser(guid=cols["guid"], h323=str(cols.get("h323") or ""))
            if user is not None:
                on_push(kind, user)

        ws.listen(src, pushed)
    await ws.request(API, "ReplicateStart", timeout=timeout, src=src, add=False, **{"del": False},
                     columns={c: {} for c in COLUMNS}, pseudo=[""])
    users: list[PbxUser] = []
    while True:
        msg = await ws.request(API, "ReplicateNext", timeout=timeout, src=src)
        cols = msg.get("columns")
        if not cols:
            break
        user = PbxUser.from_columns(cols)
        if user is not None:
            users.append(user)
        if len(users) > MAX_USERS:
            raise PbxError("protocol", translate("pbx", "the PBX replicated more than {limit} users; stopped")
                           .format(limit=MAX_USERS),
                           remedy=translate("pbx", "Limit the users with the user filter (pbx.user_filter)."))
    return users


Change = tuple[str, PbxUser]
"""``("add" | "update" | "del", user)``."""


class UserDirectory:
    """The PBX's users, kept current over a :class:`~calwizard.pbx.connection.PbxConnection`.

    Register :meth:`on_connect` with the connection: every (re)connect replicates the table in full, compares it with
    what was known and reports the differences; between connects the PBX's pushed changes are reported as they
    come. Users that do not match the filter count as absent (a user moved out of the filtered group is removed).

    ``listener(changes)`` receives lists of :data:`Change`. :attr:`ready` is set after the first full replication.
    """

    def __init__(self, user_filter: UserFilter, listener: Callable[[list[Change]], None] | None = None,
                 timeout: float | None = None) -> None:
        self.filter = user_filter
        self.listener = listener
        self.timeout = timeout
        self.users: dict[str, PbxUser] = {}
        """guid -> user (filtered)."""
        self.domain = ""
        """The PBX's domain from its PbxInfo (the default for the username@domain fallback)."""
        self.total = 0
        """Users on the PBX before filtering (last full replication)."""
        self.ready = asyncio.Event()
        self.replications = 0
        self._buffer: list[Change] | None = None

    async def on_connect(self, ws: AppWebsocket) -> None:
        """Replicate in full over ``ws`` and report what changed since the last replication."""
        self.domain = ws.info.domain
        self._buffer = []  # changes pushed while the table is read are applied after it
        try:
            fresh = await replicate_users(ws, timeout=self.timeout, on_push=self._pushed)
        except BaseException:
            self._buffer = None
            raise
        self.total = len(fresh)
        wanted = {u.guid: u for u in fresh if self.filter.matches(u)}
        changes: list[Change] = []
        for guid, old in list(self.users.items()):
            if guid not in wanted:
                changes.append(("del", old))
        for guid, new in wanted.items():
            old = self.users.get(guid)
            if old is None:
                changes.append(("add", new))
            elif old != new:
                changes.append(("update", new))
        self.users = wanted
        self.replications += 1
        log.info("PBX users replicated: %d on the PBX, %d after the filter", len(fresh), len(wanted))
        if changes:
            self._emit(changes)
        buffered, self._buffer = self._buffer, None
        for kind, user in buffered:
            self._pushed(kind, user)
        self.ready.set()

    def _pushed(self, kind: str, user: PbxUser) -> None:
        if self._buffer is not None:
            self._buffer.append((kind, user))
            return
        old = self.users.get(user.guid)
        if kind == "del" or not self.filter.matches(user):
            if old is not None:
                del self.users[user.guid]
                log.info("PBX user %s removed%s", old.h323, "" if kind == "del" else " (no longer matches the filter)")
                self._emit([("del", old)])
            return
        self.users[user.guid] = user
        if old is None:
            log.info("PBX user %s added", user.h323)
            self._emit([("add", user)])
        elif old != user:
            log.info("PBX user %s changed", user.h323)
            self._emit([("update", user)])

    def _emit(self, changes: list[Change]) -> None:
        if self.listener is not None:
            self.listener(changes)


def by_name(users: Iterable[PbxUser]) -> dict[str, PbxUser]:
    """``{h323 (casefolded): user}``."""
    return {u.h323.casefold(): u for u in users}


def pbx_mailboxes(users: Iterable[PbxUser], domain: str, overrides: Iterable[Mailbox] = ()
                  ) -> tuple[list[Mailbox], list[PbxUser]]:
    """The users to sync for the PBX's ``users``: one :class:`~calwizard.settings.Mailbox` per user with the
    addresses of :meth:`PbxUser.addresses` — or, when ``overrides`` (the configured mailbox list) has an entry with the
    same PBX name, that entry's addresses. Returns ``(mailboxes, users with no address at all)``."""
    by = {m.pbx_name.casefold(): m for m in overrides}
    out: list[Mailbox] = []
    none: list[PbxUser] = []
    for u in sorted(users, key=lambda u: u.h323.casefold()):
        override = by.get(u.h323.casefold())
        if override is not None:
            out.append(override)
            continue
        addresses = u.addresses(domain)
        if addresses:
            out.append(Mailbox(pbx_name=u.h323, addresses=addresses))
        else:
            none.append(u)
    return out, none
