"""Reading presence back from the sandbox PBX the way a PBX client does: SubscribePresence / PresenceUpdate."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from calwizard.exchange.http import HttpPolicy
from calwizard.pbx.appwebsocket import AppWebsocket, websocket_url
from calwizard.pbx.presence import PresenceEntry, calwizard_entry, subscribe_presence
from calwizard.sandbox import data


class PresenceWatcher:
    """Subscribes to users' presence on the sandbox PBX (its own AppWebsocket) and waits for what it expects."""

    def __init__(self, policy: HttpPolicy) -> None:
        self.policy = policy
        self.ws: AppWebsocket | None = None
        self.latest: dict[str, list[PresenceEntry]] = {}
        self.updates: dict[str, int] = {}
        self._changed = asyncio.Event()

    async def __aenter__(self) -> PresenceWatcher:
        self.ws = await AppWebsocket.open(websocket_url(data.PBX_HOST), self.policy, data.PBX_APP,
                                          data.credential(data.CRED_PBX_APP_PASSWORD), timeout=10)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def watch(self, *users: str) -> None:
        assert self.ws is not None
        for user in users:
            def on(entries: list[PresenceEntry], user: str = user) -> None:
                self.latest[user] = entries
                self.updates[user] = self.updates.get(user, 0) + 1
                self._changed.set()

            await subscribe_presence(self.ws, user, on, timeout=10)

    def entry(self, user: str) -> PresenceEntry | None:
        """calwizard's entry in the user's presence (None: none, or cleared)."""
        return calwizard_entry(self.latest.get(user, []))

    async def wait_for(self, user: str, predicate: Callable[[PresenceEntry | None], bool], timeout: float = 10.0,
                       what: str = "") -> PresenceEntry | None:
        async def scan() -> PresenceEntry | None:
            while True:
                self._changed.clear()
                e = self.entry(user)
                if user in self.latest and predicate(e):
                    return e
                await self._changed.wait()

        try:
            return await asyncio.wait_for(scan(), timeout)
        except TimeoutError:
            raise AssertionError(f"{user}: PBX presence never became {what or 'as expected'}; last: "
                                 f"{self.entry(user)}") from None
