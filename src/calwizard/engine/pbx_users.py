"""Users from the PBX: the engine's user list is the PBX's (seed ``002_…calendar-pages.txt``, "Concepts": "The
calendar will get a list of all users available in the PBX"), kept current while the engine runs.

:class:`PbxUserSource` turns the :class:`~calwizard.pbx.users.UserDirectory`'s users (replicated with
PbxTableUsers, optionally filtered) into :class:`~calwizard.engine.sync.UserSpec` s — the addresses of
:func:`~calwizard.pbx.users.pbx_mailboxes`: the user's e-mail addresses, then ``<user name>@<domain>``, or the
configured mailbox list's entry of the same name, which overrides them — and passes every change the PBX reports
(a user added, changed, renamed, deleted, or moved in or out of the filter; after a reconnect, whatever changed
meanwhile) to the engine.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from calwizard.engine.sync import UserSpec
from calwizard.exchange.remedies import streaming_limit_remedy
from calwizard.pbx.users import Change, PbxUser, UserDirectory, pbx_mailboxes
from calwizard.settings.model import Mailbox, Settings
from calwizard.settings.shard import Shard, propose_shards

if TYPE_CHECKING:
    from calwizard.engine.sync import SyncEngine

log = logging.getLogger("calwizard.engine")


class PbxUserSource:
    """The PBX's users as the engine's :class:`~calwizard.engine.sync.UserSource`.

    Args:
        directory: registered with the engine's PBX connection (its first replication is done when the connection
            has started).
        settings: ``pbx.domain`` (else the PBX's own domain) and the mailbox list (overrides).
        shard: with ``--shard``, only the users this shard owns.
        streaming_budget: EWS: the users one account's streaming connections carry (connections x subscriptions per
            connection); None: no limit (Microsoft Graph). More users than that: an error in the log with the
            remedy (the shards that would carry them) when the engine starts and whenever the PBX's users grow past
            it; the users without room get the status ``streaming_limit`` (:class:`~calwizard.engine.sync.SyncEngine`).
    """

    def __init__(self, directory: UserDirectory, settings: Settings, shard: Shard | None = None, *,
                 streaming_budget: int | None = None) -> None:
        self.directory = directory
        self.settings = settings
        self.shard = shard
        self.streaming_budget = streaming_budget
        self._over_budget = False
        self._names: dict[str, str] = {}
        """guid -> the user name the engine knows the user by."""
        self._engine: SyncEngine | None = None

    def spec(self, user: PbxUser) -> UserSpec:
        """The user to sync for a PBX user."""
        domain = self.settings.pbx.domain or self.directory.domain
        mailboxes, _none = pbx_mailboxes([user], domain, self.settings.mailboxes)
        overridden = any(m.pbx_name.casefold() == user.h323.casefold() for m in self.settings.mailboxes)
        if mailboxes:
            return UserSpec(mailboxes[0], no_email=not user.emails and not overridden)
        return UserSpec(Mailbox.model_construct(pbx_name=user.h323, addresses=[]), no_email=True)

    def _mine(self, user: PbxUser) -> bool:
        return self.shard is None or self.shard.owns(user.h323)

    async def start(self, engine: SyncEngine) -> list[UserSpec]:
        """The replicated users now; later changes go to ``engine``."""
        await self.directory.ready.wait()
        self._engine = engine
        self.directory.listener = self._changes
        specs = []
        for u in self.directory.users.values():
            if self._mine(u):
                self._names[u.guid] = u.h323
                specs.append(self.spec(u))
        log.info("%d user(s) from the PBX (%d on the PBX)", len(specs), self.directory.total)
        self._check_budget()
        return specs

    def _check_budget(self) -> None:
        """Log once (again after the count fell back within the budget) that the users outgrew the streaming
        connections, with what to do."""
        budget = self.streaming_budget
        over = budget is not None and len(self._names) > budget
        if over and not self._over_budget:
            ex = self.settings.exchange
            names = [u.h323 for u in self.directory.users.values()]
            shards = propose_shards(names, budget or 1)
            log.error("%d user(s) from the PBX%s, but the streaming connections of one account carry %d: %d user(s) "
                      "wait (status streaming_limit). %s", len(self._names),
                      f" in shard {self.shard}" if self.shard else "", budget, len(self._names) - (budget or 0),
                      streaming_limit_remedy(len(names), ex.max_subscriptions_per_connection, ex.sync_type,
                                             shards=shards))
        self._over_budget = over

    def _changes(self, changes: list[Change]) -> None:
        engine = self._engine
        if engine is None:
            return
        for kind, user in changes:
            known = self._names.get(user.guid)
            if kind != "del" and not self._mine(user):
                kind = "del"  # renamed into another shard
            if kind == "del":
                if known is not None:
                    del self._names[user.guid]
                    engine.remove_user(known)
                continue
            if known is not None and known != user.h323:  # renamed on the PBX: another user name, another user
                engine.remove_user(known)
            self._names[user.guid] = user.h323
            if kind == "add" or known != user.h323:
                engine.add_user(self.spec(user))
            else:
                engine.update_user(self.spec(user))
        self._check_budget()
