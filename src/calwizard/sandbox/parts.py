"""What the sandbox's request handlers need of the running sandbox, as a protocol.

:class:`calwizard.sandbox.server.Sandbox` implements :class:`SandboxParts`; the control API
(:mod:`calwizard.sandbox.control`) and the Graph service (:mod:`calwizard.sandbox.graph`) are typed against it, so
that they sit below the server module instead of importing it (DESIGN.md: no import cycles).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from calwizard.sandbox.directory import Directory
    from calwizard.sandbox.entra import Entra
    from calwizard.sandbox.ews import EwsService
    from calwizard.sandbox.notifications import NotificationHub
    from calwizard.sandbox.pbx import SandboxPbx
    from calwizard.sandbox.store import CalendarStore


class SandboxParts(Protocol):
    """The services of one running sandbox tenant (all created by ``Sandbox.__init__``)."""

    store: CalendarStore
    """The mailboxes' calendars."""
    notifications: NotificationHub
    """EWS streaming subscriptions and their connections."""
    entra: Entra
    """Entra ID: apps, users, token issuance."""
    directory: Directory
    """Graph's directory objects (applications, service principals, role assignments)."""
    ews: EwsService
    """The EWS endpoint (throttling state, access revocations)."""
    pbx: SandboxPbx
    """The simulated innovaphone PBX."""

    def _call_in_loop(self, func: Callable[[], Any]) -> Any:
        """Run ``func`` on the sandbox's event loop thread and return its result (raises if not started)."""
        ...
