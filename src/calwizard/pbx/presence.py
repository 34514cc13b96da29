"""Presence on the PBX with the PbxApi: set it for a user, and watch it the way a PBX client does.

Wire format (innovaphone SDK "PbxApi", https://sdk.innovaphone.com/doc/appwebsocket/PbxApi.htm):

* ``{"api": "PbxApi", "mt": "SetPresence", "sip", "guid"?, "contact", "activity", "note"}`` ->
  ``{"mt": "SetPresenceResult", "error"?, "errorText"?}`` — "sets the presence for a given contact of a user,
  defined by the SIP URI or GUID"; ``sip`` is the user name (h323);
* ``{"mt": "SubscribePresence", "sip" | "num"}`` -> ``SubscribePresenceResult``, ``PresenceState {up, sip, num,
  dn, email}`` and ``PresenceUpdate {"presence": [{contact, status, activity, note}, ...]}`` (newest first) now and
  after every change, with the ``src`` of the subscription; ``UnsubscribePresence`` ends it;
* presence activities: ``""`` available, ``"away"``, ``"busy"``, ``"dnd"`` do not disturb (the presence object of
  that page); the PBX keeps one entry per *contact*, e.g. ``tel:`` (set by the user), ``im:`` (the PBX),
  ``calendar:`` ("automatically created by a calendar app like the innovaphone Calendar").

Decisions:

* calwizard sets its presence under the contact :data:`CONTACT` (``calendar:calwizard``): a ``calendar:`` contact,
  so clients treat it as calendar presence (and re-render the note's hash tags), with a name of its own so that it
  never overwrites what the user sets on a phone (``tel:``) or another calendar app's entry.
* The note is the presence string of the seed grammar ("Presence string format"), hash tags included.
* Clearing: ``SetPresence`` with an empty activity and an empty note for :data:`CONTACT` (the documentation names
  no delete operation; an empty entry is what "no calendar presence" means to every client).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from calwizard.errors import PbxError
from calwizard.i18n import translate
from calwizard.pbx.appwebsocket import AppWebsocket

log = logging.getLogger("calwizard.pbx")

API = "PbxApi"
CONTACT = "calendar:calwizard"
"""The presence contact calwizard's entries are set under."""

ACTIVITIES = {"available": "", "busy": "busy", "away": "away", "dnd": "dnd"}
"""Engine activity (:class:`calwizard.engine.mapping.Activity` values) -> PbxApi presence activity."""


@dataclass(frozen=True)
class PresenceEntry:
    """One entry of a user's presence on the PBX (PbxApi "presence" object)."""

    contact: str
    activity: str = ""
    note: str = ""
    status: str = ""

    @classmethod
    def from_json(cls, obj: Any) -> PresenceEntry | None:
        if not isinstance(obj, dict):
            return None
        return cls(contact=str(obj.get("contact") or ""), activity=str(obj.get("activity") or ""),
                   note=str(obj.get("note") or ""), status=str(obj.get("status") or ""))


def pbx_activity(activity: str) -> str:
    """The PbxApi activity for an engine activity (``available`` -> ``""``). Raises KeyError for unknown ones."""
    return ACTIVITIES[activity]


async def set_presence(ws: AppWebsocket, sip: str, activity: str, note: str, *, contact: str = CONTACT,
                       timeout: float | None = None) -> None:
    """Set ``sip``'s presence entry ``contact`` to ``activity`` (a PbxApi value: "", busy, away, dnd) and ``note``.

    Raises:
        PbxError: ``rejected`` (the PBX answered with an error, e.g. no such user), ``api_disabled``, ``timeout``,
            ``closed``.
    """
    answer = await ws.request(API, "SetPresence", timeout=timeout, sip=sip, contact=contact, activity=activity,
                              note=note)
    error = answer.get("error")
    if error not in (None, 0, "0", "", False):
        text = answer.get("errorText") or translate("pbx", "error {code}").format(code=error)
        raise PbxError("rejected", translate("pbx", "the PBX refused the presence of {sip}: {why}").format(
            sip=sip, why=text),
                       remedy=translate("pbx", "Check that a user object named '{sip}' exists on the PBX.").format(
                           sip=sip))


async def clear_presence(ws: AppWebsocket, sip: str, *, timeout: float | None = None) -> None:
    """Remove calwizard's entry from ``sip``'s presence (see the module docstring)."""
    await set_presence(ws, sip, "", "", timeout=timeout)


async def subscribe_presence(ws: AppWebsocket, sip: str, handler: Callable[[list[PresenceEntry]], None], *,
                             timeout: float | None = None) -> Callable[[], None]:
    """Watch ``sip``'s presence like a PBX client: ``handler(entries)`` gets every ``PresenceUpdate`` (newest entry
    first). Returns a function that stops calling ``handler`` (the subscription ends with the connection).

    Raises:
        PbxError: ``api_disabled``, ``timeout``, ``closed``.
    """
    src = ws.new_src()

    def on_message(msg: dict[str, Any]) -> None:
        if msg.get("mt") == "PresenceUpdate" and isinstance(msg.get("presence"), list):
            entries = [e for e in (PresenceEntry.from_json(p) for p in msg["presence"]) if e is not None]
            handler(entries)

    remove = ws.listen(src, on_message)
    try:
        await ws.request(API, "SubscribePresence", timeout=timeout, src=src, sip=sip)
    except BaseException:
        remove()
        raise
    return remove


def calwizard_entry(entries: list[PresenceEntry]) -> PresenceEntry | None:
    """calwizard's entry in a presence list, or None when there is none (or it is cleared)."""
    for e in entries:
        if e.contact == CONTACT and (e.activity or e.note):
            return e
    return None
