"""Exchange Web Services (``/EWS/Exchange.asmx``) of the sandbox, for on-premises and Exchange Online.

Operations (messages.xsd / types.xsd of EWS, "EWS operations in Exchange"):

* ``ResolveNames`` (with ``ReturnFullContactData``): SMTP addresses, also secondary proxy addresses,
  resolve to the mailbox's primary address; other text matches names by prefix.
* ``GetFolder``: every distinguished folder of a mailbox (root, msgfolderroot, inbox, calendar, contacts,
  tasks, sentitems, drafts, deleteditems, junkemail, outbox) and their FolderIds; ``FolderShape`` honoured
  (``IdOnly`` returns the ids only) with requested extended properties (:mod:`calwizard.sandbox.ewsshapes`).
* ``FindItem`` with ``CalendarView`` (items overlapping the window, single instances) or
  ``IndexedPageItemView``; restrictions are ignored. ``ItemShape`` honoured, extended properties returned.
* ``GetItem`` for those items, with ``MimeContent`` (the appointment's iCalendar) when asked for.
* ``ConvertId`` between EwsId, EwsLegacyId, EntryId, HexEntryId, StoreId and OwaId.
* ``Subscribe`` (streaming), ``GetStreamingEvents`` and ``Unsubscribe``: see :mod:`calwizard.sandbox.notifications`.
* Any other operation answers ``ErrorInvalidOperation`` (with a version header, so that exchangelib's
  version guessing works).

Access model:

* ``ExchangeImpersonation`` header (``ConnectingSID`` with ``PrimarySmtpAddress``, ``SmtpAddress`` or
  ``PrincipalName``) — "Impersonation and EWS in Exchange". Failures are SOAP faults (HTTP 500), as
  Exchange sends them: ``ErrorNonExistentMailbox``, ``ErrorImpersonateUserDenied``; app-only tokens
  without the header get ``ErrorInvalidExchangeImpersonationHeaderData``.
* The effective user opens their own folders, and — explicit delegate access, "Delegate access and EWS in
  Exchange" — another mailbox's calendar (a ``Mailbox`` in ``DistinguishedFolderId``, or its folder/item IDs)
  by the calendar's folder permission (``data.Mailbox.calendar_permissions``: the user's own entry, else
  ``Default``): ``ReadItems`` None answers ``ErrorAccessDenied``; ``TimeOnly`` returns only times and free/busy,
  ``TimeAndSubjectAndLocation`` also subject and location; private appointments without ``ViewPrivateItems``
  only when they are and that they are private; GetItem needs ``FullDetails``. GetFolder returns the caller's
  ``EffectiveRights`` and, when ``folder:PermissionSet`` is asked for, the calendar's ``PermissionSet``. A
  mailbox with ``calendar_access_denied`` answers ``ErrorAccessDenied`` for its calendar to everyone.
* Throttling ("EWS throttling in Exchange", EWSMaxConcurrency): more than ``concurrency`` requests of
  one budget in flight are refused, the existing ones go on ("If users try to make more concurrent requests than
  their policy allows, the new connection attempt fails. However, the existing connections remain valid."). The
  refusal (:attr:`Throttle.answer`, set at start or through the control API) is one of the documented ones —
  ``server_busy`` (default): the ``ErrorServerBusy`` fault (HTTP 500) with ``BackOffMilliseconds`` (none when the
  back-off is 0: "The response may contain a back off hint", real servers often send none);
  ``connection_count``: the ``ErrorExceededConnectionCount`` fault that the page's table 3 names for
  EWSMaxConcurrency, with the ``MessageXml`` Exchange Online sends (``Policy`` ``MaxConcurrency``,
  ``MaxConcurrencyLimit``, ``ErrorMessage`` "… Suggested backoff time 0 ms."); ``http_503``: HTTP 503, "EWS
  requests are queuing with IIS" (table 4; ``Retry-After`` when a back-off is set); ``internal_server_busy``:
  HTTP 200 with ``ErrorInternalServerError`` and the inner ``ErrorServerBusy`` in ``MessageXml`` (table 4, with
  ``BackOffMilliseconds`` when a back-off is set). The budget is the calling
  account on-premises and the impersonated mailbox in Exchange Online (as Exchange Online charges app-only
  impersonation to the target mailbox). ``GetStreamingEvents`` is not counted (HangingConnectionLimit applies).
* Runtime changes (the control API, :mod:`calwizard.sandbox.control`): a mailbox's access can be revoked
  (``impersonation``: ``ErrorImpersonateUserDenied`` for every request impersonating it; ``calendar``:
  ``ErrorAccessDenied`` for its calendar) and restored; revoking invalidates the mailbox's subscriptions.
  An ``ErrorServerBusy`` storm answers every EWS request with the fault and its ``BackOffMilliseconds``
  until it ends.
* Exchange Online: bearer tokens only. Bad tokens get 401 with ``x-ms-diagnostics``; a tenant with
  EWS disabled (EWSEnabled=False, or the app not in EwsAllowedAppIDs) gets 403 for every request.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree.ElementTree import Element

from aiohttp import web

from calwizard.sandbox import data, soap
from calwizard.sandbox.entra import DIAG_NO_PERMISSIONS, DIAG_NO_TOKEN, Entra, TokenError, TokenInfo
from calwizard.sandbox.ewsshapes import (
    ALL_FOLDER_FIELDS,
    FOLDERS,
    additional_fields,
    child_count,
    convert_id,
    extended_property_xml,
    folder_fields,
    mime_content,
    wants_mime,
)
from calwizard.sandbox.notifications import STREAMING_EVENT_TYPES, NotificationHub
from calwizard.sandbox.ntlm import NtlmAcceptor, NtlmPrincipal
from calwizard.sandbox.soap import T_NS, el, q, text_of
from calwizard.sandbox.store import Appointment, CalendarStore, decode_folder_id, decode_item_id, encode_folder_id

log = logging.getLogger("calwizard.sandbox")

DEFAULT_BACKOFF_MS = 5000
FOLDER_NAMES = {name: f.display_name for name, f in FOLDERS.items()}
FOLDER_PARENTS = {name: f.parent for name, f in FOLDERS.items()}
BEARER_CHALLENGE = (
    'Bearer client_id="00000002-0000-0ff1-ce00-000000000000", '
    'trusted_issuers="00000001-0000-0000-c000-000000000000@*", '
    'token_types="app_asserted_user_v1 service_asserted_app_v1", '
    f'authorization_uri="https://{data.LOGIN_HOST}/common/oauth2/authorize", error="invalid_token"'
)

MSG_ACCESS_DENIED = "Access is denied. Check credentials and try again."
MSG_IMPERSONATE_DENIED = "The account does not have permission to impersonate the requested user."
MSG_NON_EXISTENT = "The SMTP address has no mailbox associated with it."
MSG_SERVER_BUSY = "The server cannot service this request right now. Try again later."


class EwsFault(Exception):
    """A SOAP-fault-level EWS error (HTTP 500)."""

    def __init__(self, code: str, message: str, back_off_ms: int | None = None) -> None:
        super().__init__(code)
        self.code, self.message, self.back_off_ms = code, message, back_off_ms


# ------------------------------------------------------------------------------------------ callers


@dataclass(frozen=True)
class Caller:
    """The authenticated caller of an EWS request."""

    org: data.OnPremOrg | data.CloudTenant
    name: str
    ntlm: NtlmPrincipal | None = None
    token: TokenInfo | None = None

    @property
    def is_app_only(self) -> bool:
        return self.token is not None and self.token.is_app_only

    @property
    def own_mailbox(self) -> data.Mailbox | None:
        if self.ntlm is not None:
            return self.ntlm.mailbox
        if self.token is not None and self.token.user is not None:
            return self.token.user
        return None

    def may_impersonate(self, target: data.Mailbox) -> bool:
        if self.ntlm is not None:
            acct = self.ntlm.service_account
            if acct is None:
                return self.ntlm.mailbox is not None and self.ntlm.mailbox.address == target.address
            return target.address not in acct.impersonation_denied
        assert self.token is not None
        if self.token.is_app_only:
            app = self.token.app
            if app is None or data.EWS_APP_PERMISSION not in self.token.roles:
                return False
            return app.mailbox_scope is None or target.address in app.mailbox_scope
        user = self.token.user
        return user is not None and (user.can_impersonate or user.address == target.address)


def _org_mailbox(org: data.OnPremOrg | data.CloudTenant, address: str) -> data.Mailbox | None:
    found = data.find_mailbox(address)
    if found is None or found[0] is not org:
        return None
    return found[1]


# ------------------------------------------------------------------------------------------ throttling


CONCURRENCY_ANSWERS = ("server_busy", "connection_count", "http_503", "internal_server_busy")
"""How a request beyond the budget's concurrency is refused (see the module docstring)."""
MSG_CONNECTION_COUNT = ("You have exceeded the available concurrent connections for your account.  Try again once "
                        "your other requests have completed.")
"""Exchange Online's MessageText of ErrorExceededConnectionCount for EWSMaxConcurrency (as clients report it)."""


class Throttle:
    """In-flight request counts per budget key (used only on the server's event loop).

    Attributes:
        limit: requests of one budget in flight at most (EWSMaxConcurrency).
        answer: how a request beyond it is refused, one of :data:`CONCURRENCY_ANSWERS`.
        back_off_ms: the ``BackOffMilliseconds`` (``server_busy``) or ``Retry-After`` (``http_503``, seconds
            rounded up; 0: none) of a refusal.
        hold_ms: how long every request keeps its slot before it is answered (the server's processing time; 0: as
            fast as the sandbox answers — on loopback a client's requests then hardly ever overlap).
        peak: the most requests in flight per budget since the last :meth:`reset`.
        refused: refusals since the last :meth:`reset`.
    """

    def __init__(self, limit: int, answer: str = "server_busy", back_off_ms: int = DEFAULT_BACKOFF_MS) -> None:
        self.limit = limit
        self.answer = answer
        self.back_off_ms = back_off_ms
        self.hold_ms = 0
        self.in_flight: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.refused = 0

    def configure(self, limit: int, answer: str, back_off_ms: int, hold_ms: int = 0) -> None:
        """Change the limit, the refusal and the hold time (requests in flight keep their slots). Raises
        ValueError."""
        if answer not in CONCURRENCY_ANSWERS:
            raise ValueError(f"answer must be one of {', '.join(CONCURRENCY_ANSWERS)}")
        if limit < 1 or not 0 <= back_off_ms <= 600_000 or not 0 <= hold_ms <= 10_000:
            raise ValueError("limit must be at least 1, back_off_ms in [0, 600000] and hold_ms in [0, 10000]")
        self.limit, self.answer, self.back_off_ms, self.hold_ms = limit, answer, back_off_ms, hold_ms

    def reset(self) -> None:
        self.peak.clear()
        self.refused = 0

    def try_acquire(self, key: str) -> bool:
        n = self.in_flight.get(key, 0)
        if n >= self.limit:
            self.refused += 1
            return False
        self.in_flight[key] = n + 1
        self.peak[key] = max(self.peak.get(key, 0), n + 1)
        return True

    def refusal(self, header: str, op: str) -> web.Response:
        """The answer to a request of operation ``op`` beyond the limit (:attr:`answer`)."""
        if self.answer == "internal_server_busy":  # HTTP 200, the error in the response message (table 4)
            values = {"InnerErrorResponseCode": "ErrorServerBusy", "InnerErrorMessageText": MSG_SERVER_BUSY}
            if self.back_off_ms:
                values["BackOffMilliseconds"] = str(self.back_off_ms)
            message = el(
                f"m:{op}ResponseMessage",
                el("m:MessageText", text="An internal server error occurred. The operation failed."),
                el("m:ResponseCode", text="ErrorInternalServerError"),
                el("m:DescriptiveLinkKey", text="0"),
                el("m:MessageXml", *(el("t:Value", attrs={"Name": k}, text=v) for k, v in values.items())),
                attrs={"ResponseClass": "Error"},
            )
            return _soap(soap.operation_response(op, [message]), header)
        if self.answer == "http_503":
            headers = {"Retry-After": str(-(-self.back_off_ms // 1000))} if self.back_off_ms else {}
            return web.Response(status=503, text="Service Unavailable", headers=headers)
        if self.answer == "connection_count":
            budget = (f"This operation exceeds the throttling budget for policy part 'MaxConcurrency', policy value "
                      f"'{self.limit}',  Budget type: 'Ews'.  Suggested backoff time 0 ms.")
            return _soap(soap.ews_fault("ErrorExceededConnectionCount", MSG_CONNECTION_COUNT, extra_values={
                "Policy": "MaxConcurrency", "MaxConcurrencyLimit": str(self.limit), "ErrorMessage": budget}),
                header, status=500)
        return _soap(soap.ews_fault("ErrorServerBusy", MSG_SERVER_BUSY, back_off_ms=self.back_off_ms or None), header,
                     status=500)

    def release(self, key: str) -> None:
        n = self.in_flight.get(key, 0) - 1
        if n <= 0:
            self.in_flight.pop(key, None)
        else:
            self.in_flight[key] = n


# ------------------------------------------------------------------------------------------ folder permissions

_LEVEL_RIGHTS: dict[str, tuple[str, bool, str, str, bool, bool, bool]] = {
    # CalendarPermissionLevel: (ReadItems, CanCreateItems, EditItems, DeleteItems, CanCreateSubFolders,
    #                           IsFolderOwner, IsFolderVisible) — the rights each Outlook level stands for
    "None": ("None", False, "None", "None", False, False, False),
    "Owner": ("FullDetails", True, "All", "All", True, True, True),
    "PublishingEditor": ("FullDetails", True, "All", "All", True, False, True),
    "Editor": ("FullDetails", True, "All", "All", False, False, True),
    "PublishingAuthor": ("FullDetails", True, "Owned", "Owned", True, False, True),
    "Author": ("FullDetails", True, "Owned", "Owned", False, False, True),
    "NoneditingAuthor": ("FullDetails", True, "None", "Owned", False, False, True),
    "Reviewer": ("FullDetails", False, "None", "None", False, False, True),
    "Contributor": ("None", True, "None", "None", False, False, True),
    "FreeBusyTimeOnly": ("TimeOnly", False, "None", "None", False, False, False),
    "FreeBusyTimeAndSubjectAndLocation": ("TimeAndSubjectAndLocation", False, "None", "None", False, False, False),
}
_TIME_FIELDS = frozenset({"calendar:Start", "calendar:End", "calendar:LegacyFreeBusyStatus", "calendar:IsAllDayEvent",
                          "calendar:CalendarItemType", "calendar:StartTimeZone", "calendar:EndTimeZone",
                          "calendar:Duration", "item:ItemClass", "item:ParentFolderId"})
"""What a free/busy-only delegate reads of an appointment (ReadItems TimeOnly)."""
_SUBJECT_FIELDS = _TIME_FIELDS | {"item:Subject", "calendar:Location"}
"""ReadItems TimeAndSubjectAndLocation."""
_PRIVATE_FIELDS = _TIME_FIELDS | {"item:Sensitivity"}
"""What a delegate without ViewPrivateItems reads of a private appointment: when and that it is private."""


@dataclass(frozen=True)
class Grant:
    """What the effective user may do in a mailbox's calendar: its owner (or an account impersonating the owner)
    everything; anyone else what the calendar's permission entry grants — the user's own entry, else ``Default``
    ("Delegate access and EWS in Exchange", "CalendarPermission")."""

    level: str
    view_private: bool = False
    owner: bool = False

    @property
    def rights(self) -> tuple[str, bool, str, str, bool, bool, bool]:
        return _LEVEL_RIGHTS["Owner" if self.owner else self.level]

    @property
    def read(self) -> str:
        return self.rights[0]

    def item_fields(self, appt: Appointment, fields: frozenset[str]) -> frozenset[str]:
        """The requested fields this grant lets the caller read of ``appt``."""
        if self.owner:
            return fields
        if appt.sensitivity in ("Private", "Confidential") and not self.view_private:
            return fields & _PRIVATE_FIELDS
        if self.read == "TimeOnly":
            return fields & _TIME_FIELDS
        if self.read == "TimeAndSubjectAndLocation":
            return fields & _SUBJECT_FIELDS
        return fields


OWNER = Grant("Owner", view_private=True, owner=True)


def calendar_grant(user: data.Mailbox | None, mbx: data.Mailbox) -> Grant:
    """The grant of ``user`` (the effective user; None: nobody) on ``mbx``'s calendar."""
    if user is not None and user.address == mbx.address:
        return OWNER
    entries = {p.user.lower(): p for p in mbx.calendar_permissions}
    own = next((entries[a.lower()] for a in (user.all_addresses if user else ()) if a.lower() in entries), None)
    entry = own or entries.get("default")
    return Grant(entry.level, entry.view_private) if entry else Grant("None")


def effective_rights_xml(grant: Grant) -> str:
    """``t:EffectiveRights`` of the caller on a folder (types.xsd order)."""
    read, create, edit, delete, subfolders, _owner, _visible = grant.rights
    values = {"CreateAssociated": grant.owner, "CreateContents": create, "CreateHierarchy": subfolders,
              "Delete": delete != "None", "Modify": edit != "None", "Read": read == "FullDetails",
              "ViewPrivateItems": grant.owner or grant.view_private}
    return el("t:EffectiveRights", *(el(f"t:{k}", text=v) for k, v in values.items()))


def permission_set_xml(mbx: data.Mailbox) -> str:
    """``t:PermissionSet`` of a calendar folder: one ``t:CalendarPermission`` per entry (types.xsd:
    UserId, CanCreateItems, CanCreateSubFolders, IsFolderOwner, IsFolderVisible, IsFolderContact, EditItems,
    DeleteItems, ReadItems, CalendarPermissionLevel)."""
    out = []
    for p in mbx.calendar_permissions:
        read, create, edit, delete, subfolders, owner, visible = _LEVEL_RIGHTS[p.level]
        if p.user in ("Default", "Anonymous"):
            user = el("t:UserId", el("t:DistinguishedUser", text=p.user))
        else:
            found = data.find_mailbox(p.user)
            user = el("t:UserId", el("t:SID", text="S-1-5-21-" + data.stable_guid("sid", p.user)[:23]),
                      el("t:PrimarySmtpAddress", text=p.user),
                      el("t:DisplayName", text=found[1].display_name if found else p.user))
        out.append(el("t:CalendarPermission", user, el("t:CanCreateItems", text=create),
                      el("t:CanCreateSubFolders", text=subfolders), el("t:IsFolderOwner", text=owner),
                      el("t:IsFolderVisible", text=visible), el("t:IsFolderContact", text=owner),
                      el("t:EditItems", text=edit), el("t:DeleteItems", text=delete), el("t:ReadItems", text=read),
                      el("t:CalendarPermissionLevel", text=p.level)))
    return el("t:PermissionSet", el("t:CalendarPermissions", *out))


# ------------------------------------------------------------------------------------------ rendering


def ews_datetime(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_ews_datetime(value: str) -> datetime:
    value = value.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _duration(delta: timedelta) -> str:
    total = int(delta.total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    out = "P" + (f"{days}D" if days else "")
    time_part = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out + ("T" + time_part if time_part else ("" if days else "T0M"))


def mailbox_xml(tag: str, name: str, address: str, mailbox_type: str = "Mailbox") -> str:
    return el(
        tag,
        el("t:Name", text=name),
        el("t:EmailAddress", text=address),
        el("t:RoutingType", text="SMTP"),
        el("t:MailboxType", text=mailbox_type),
    )


def _uid_hex(appt: Appointment) -> str:
    return ("040000008200E00074C5B7101A82E00800000000" + hashlib.sha256(appt.uid.encode()).hexdigest()[:40]).upper()


def _folder_id_xml(tag: str, mailbox: str, folder: str) -> str:
    return el(tag, attrs={"Id": encode_folder_id(mailbox, folder), "ChangeKey": "AQAAABYAAAA="})


def _my_response(appt: Appointment) -> str:
    if appt.organizer is None or appt.organizer.address == appt.mailbox:
        return "Organizer"
    for a in appt.attendees:
        if a.address == appt.mailbox:
            return a.response
    return "Unknown"


_RENDERERS: list[tuple[str, Callable[[Appointment], str | None]]] = [
    ("item:ParentFolderId", lambda a: _folder_id_xml("t:ParentFolderId", a.mailbox, "calendar")),
    ("item:ItemClass", lambda a: el("t:ItemClass", text="IPM.Appointment")),
    ("item:Subject", lambda a: el("t:Subject", text=a.subject)),
    ("item:Sensitivity", lambda a: el("t:Sensitivity", text=a.sensitivity)),
    ("item:Body", lambda a: el("t:Body", attrs={"BodyType": "Text"}, text=a.body)),
    ("item:DateTimeReceived", lambda a: el("t:DateTimeReceived", text=ews_datetime(a.created))),
    ("item:Size", lambda a: el("t:Size", text=2048 + len(a.subject) + len(a.body))),
    (
        "item:Categories",
        lambda a: el("t:Categories", *(el("t:String", text=c) for c in a.categories)) if a.categories else None,
    ),
    ("item:Importance", lambda a: el("t:Importance", text="Normal")),
    ("item:IsSubmitted", lambda a: el("t:IsSubmitted", text=False)),
    ("item:IsDraft", lambda a: el("t:IsDraft", text=False)),
    ("item:IsFromMe", lambda a: el("t:IsFromMe", text=False)),
    ("item:IsResend", lambda a: el("t:IsResend", text=False)),
    ("item:IsUnmodified", lambda a: el("t:IsUnmodified", text=a.version == 1)),
    ("item:DateTimeSent", lambda a: el("t:DateTimeSent", text=ews_datetime(a.created))),
    ("item:DateTimeCreated", lambda a: el("t:DateTimeCreated", text=ews_datetime(a.created))),
    ("item:ReminderDueBy", lambda a: el("t:ReminderDueBy", text=ews_datetime(a.start))),
    ("item:ReminderIsSet", lambda a: el("t:ReminderIsSet", text=not a.is_all_day)),
    ("item:ReminderMinutesBeforeStart", lambda a: el("t:ReminderMinutesBeforeStart", text=15)),
    ("item:DisplayCc", lambda a: el("t:DisplayCc", text="")),
    ("item:DisplayTo", lambda a: el("t:DisplayTo", text="; ".join(x.name for x in a.attendees))),
    ("item:HasAttachments", lambda a: el("t:HasAttachments", text=False)),
    ("item:Culture", lambda a: el("t:Culture", text="en-US")),
    ("item:LastModifiedName", lambda a: el("t:LastModifiedName", text=a.organizer.name if a.organizer else "")),
    ("item:LastModifiedTime", lambda a: el("t:LastModifiedTime", text=ews_datetime(a.modified))),
    ("item:IsAssociated", lambda a: el("t:IsAssociated", text=False)),
    ("calendar:UID", lambda a: el("t:UID", text=_uid_hex(a))),
    ("calendar:DateTimeStamp", lambda a: el("t:DateTimeStamp", text=ews_datetime(a.modified))),
    ("calendar:Start", lambda a: el("t:Start", text=ews_datetime(a.start))),
    ("calendar:End", lambda a: el("t:End", text=ews_datetime(a.end))),
    ("calendar:IsAllDayEvent", lambda a: el("t:IsAllDayEvent", text=a.is_all_day)),
    ("calendar:LegacyFreeBusyStatus", lambda a: el("t:LegacyFreeBusyStatus", text=a.free_busy)),
    ("calendar:Location", lambda a: el("t:Location", text=a.location) if a.location else None),
    ("calendar:IsMeeting", lambda a: el("t:IsMeeting", text=a.is_meeting)),
    ("calendar:IsCancelled", lambda a: el("t:IsCancelled", text=False)),
    ("calendar:IsRecurring", lambda a: el("t:IsRecurring", text=False)),
    ("calendar:MeetingRequestWasSent", lambda a: el("t:MeetingRequestWasSent", text=a.is_meeting)),
    ("calendar:IsResponseRequested", lambda a: el("t:IsResponseRequested", text=a.is_meeting)),
    ("calendar:CalendarItemType", lambda a: el("t:CalendarItemType", text="Single")),
    ("calendar:MyResponseType", lambda a: el("t:MyResponseType", text=_my_response(a))),
    (
        "calendar:Organizer",
        lambda a: (
            el("t:Organizer", mailbox_xml("t:Mailbox", a.organizer.name, a.organizer.address)) if a.organizer else None
        ),
    ),
    (
        "calendar:RequiredAttendees",
        lambda a: (
            el(
                "t:RequiredAttendees",
                *(
                    el("t:Attendee", mailbox_xml("t:Mailbox", x.name, x.address), el("t:ResponseType", text=x.response))
                    for x in a.attendees
                ),
            )
            if a.attendees
            else None
        ),
    ),
    ("calendar:ConflictingMeetingCount", lambda a: el("t:ConflictingMeetingCount", text=0)),
    ("calendar:AdjacentMeetingCount", lambda a: el("t:AdjacentMeetingCount", text=0)),
    ("calendar:Duration", lambda a: el("t:Duration", text=_duration(a.end - a.start))),
    ("calendar:AppointmentSequenceNumber", lambda a: el("t:AppointmentSequenceNumber", text=0)),
    (
        "calendar:AppointmentState",
        lambda a: el(
            "t:AppointmentState", text=0 if not a.is_meeting else (1 if _my_response(a) == "Organizer" else 3)
        ),
    ),
    (
        "calendar:StartTimeZone",
        lambda a: el("t:StartTimeZone", attrs={"Id": "UTC", "Name": "(UTC) Coordinated Universal Time"}),
    ),
    (
        "calendar:EndTimeZone",
        lambda a: el("t:EndTimeZone", attrs={"Id": "UTC", "Name": "(UTC) Coordinated Universal Time"}),
    ),
    ("calendar:ConferenceType", lambda a: el("t:ConferenceType", text=0)),
    ("calendar:AllowNewTimeProposal", lambda a: el("t:AllowNewTimeProposal", text=True)),
    ("calendar:IsOnlineMeeting", lambda a: el("t:IsOnlineMeeting", text=a.location == "Teams")),
]
ALL_ITEM_FIELDS = frozenset(uri for uri, _ in _RENDERERS)
DEFAULT_ITEM_FIELDS = frozenset(
    {
        "item:Subject",
        "item:Sensitivity",
        "item:HasAttachments",
        "item:IsAssociated",
        "calendar:Start",
        "calendar:End",
        "calendar:LegacyFreeBusyStatus",
        "calendar:Location",
        "calendar:CalendarItemType",
        "calendar:Organizer",
        "calendar:IsAllDayEvent",
        "calendar:UID",
    }
)


_PLANS: dict[frozenset[str], list[Callable[[Appointment], str | None]]] = {}
_RENDERED: dict[tuple[int, frozenset[str]], tuple[Appointment, str]] = {}
_RENDERED_MAX = 200_000


def calendar_item_xml(appt: Appointment, fields: frozenset[str]) -> str:
    """A ``t:CalendarItem`` with the ItemId and the requested fields (schema order).

    Appointments are immutable (a change stores a new object), so the text is remembered per appointment
    object and field set: a benchmark's sandbox answers thousands of reads without re-rendering."""
    key = (id(appt), fields)
    hit = _RENDERED.get(key)
    if hit is not None and hit[0] is appt:
        return hit[1]
    plan = _PLANS.get(fields)
    if plan is None:
        plan = []
        for uri, render in _RENDERERS:
            if uri in fields:
                plan.append(render)
            if uri == "item:HasAttachments" and any(f.startswith("ext:") for f in fields):
                # t:ExtendedProperty comes after HasAttachments in ItemType (types.xsd)
                plan.append(lambda a, fields=fields: extended_property_xml(fields, appt=a) or None)
        _PLANS[fields] = plan
    parts = [mime_content(appt)] if "item:MimeContent" in fields else []
    parts.append(el("t:ItemId", attrs={"Id": appt.item_id, "ChangeKey": appt.change_key}))
    parts.extend(render(appt) for render in plan)  # type: ignore[misc]
    xml = el("t:CalendarItem", *parts)
    if len(_RENDERED) >= _RENDERED_MAX:
        _RENDERED.clear()
    _RENDERED[key] = (appt, xml)
    return xml


def requested_fields(shape: Element | None) -> frozenset[str]:
    """The item field URIs an ``ItemShape`` asks for (BaseShape + AdditionalProperties)."""
    if shape is None:
        return DEFAULT_ITEM_FIELDS
    base = text_of(shape.find(q(T_NS, "BaseShape")), "Default")
    fields: set[str] = set()
    if base == "AllProperties":
        fields |= ALL_ITEM_FIELDS
    elif base == "Default":
        fields |= DEFAULT_ITEM_FIELDS
    fields |= additional_fields(shape)  # FieldURIs and ExtendedFieldURIs ("IdOnly": nothing else)
    if wants_mime(shape, frozenset(fields)):
        fields.add("item:MimeContent")
    return frozenset(fields)


def folder_xml(mailbox: str, folder: str, total: int, fields: frozenset[str] | None = None, grant: Grant = OWNER,
               permission_set: str | None = None) -> str:
    """One folder as GetFolder returns it: the FolderId, then the fields ``fields`` asks for (None: all of them;
    ``FolderShape`` ``IdOnly``: an empty set) in schema order (types.xsd), requested extended properties included;
    ``EffectiveRights`` are the caller's (``grant``) and, when requested (``folder:PermissionSet``), the folder's
    ``PermissionSet`` follows them."""
    info = FOLDERS[folder]
    want = ALL_FOLDER_FIELDS if fields is None else fields
    return el(
        info.tag,
        _folder_id_xml("t:FolderId", mailbox, folder),
        _folder_id_xml("t:ParentFolderId", mailbox, info.parent)
        if info.parent and "folder:ParentFolderId" in want else None,
        el("t:FolderClass", text=info.folder_class) if info.folder_class and "folder:FolderClass" in want else None,
        el("t:DisplayName", text=info.display_name) if "folder:DisplayName" in want else None,
        el("t:TotalCount", text=total) if "folder:TotalCount" in want else None,
        el("t:ChildFolderCount", text=child_count(folder)) if "folder:ChildFolderCount" in want else None,
        extended_property_xml(want, folder=info) or None,
        effective_rights_xml(grant) if "folder:EffectiveRights" in want else None,
        permission_set,
        el("t:UnreadCount", text=0) if info.tag == "t:Folder" and "folder:UnreadCount" in want else None,
    )


# ------------------------------------------------------------------------------------------ service


class _Denied(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code, self.message = code, message


class EwsService:
    """EWS for one kind of organization (on-premises with NTLM, or Exchange Online with bearer tokens)."""

    def __init__(
        self,
        store: CalendarStore,
        entra: Entra,
        ntlm: NtlmAcceptor,
        concurrency: int,
        gate: Callable[[], asyncio.Event],
        back_off_ms: int = DEFAULT_BACKOFF_MS,
        hub: NotificationHub | None = None,
        concurrency_answer: str = "server_busy",
    ) -> None:
        self.store = store
        self.entra = entra
        self.ntlm = ntlm
        self.throttle = Throttle(concurrency, concurrency_answer, back_off_ms)
        self._gate = gate
        self.back_off_ms = back_off_ms
        self.hub = hub or NotificationHub(store)
        self.revoked: dict[str, str] = {}
        """Mailbox address -> ``impersonation`` | ``calendar``: access revoked at runtime."""
        self.folder_permissions: dict[str, data.Mailbox] = {}
        """Mailbox address -> the mailbox with its calendar permissions as changed at runtime."""
        self.storm_until = 0.0
        """``loop.time()`` until which every request gets ErrorServerBusy."""
        self.storm_back_off_ms = back_off_ms
        self.op_counts: Counter[str] = Counter()
        """Requests per operation that reached the operation (after authentication)."""
        self.busy_count = 0
        """ErrorServerBusy faults sent (throttling and storms)."""

    # ------------------------------------------------------------------------------ runtime changes

    def revoke(self, address: str, kind: str) -> None:
        """Revoke ``kind`` (``impersonation`` | ``calendar``) access to a mailbox; its subscriptions end."""
        self.revoked[address.lower()] = kind
        self.hub.invalidate(address)

    def restore(self, address: str) -> None:
        self.revoked.pop(address.lower(), None)

    def set_folder_permission(self, address: str, user: str, level: str, view_private: bool = False) -> None:
        """Give ``user`` (an address, ``Default`` or ``Anonymous``) ``level`` on ``address``'s calendar, as
        Add-/Set-MailboxFolderPermission do (``None`` removes a user's entry, as Remove-MailboxFolderPermission);
        a delegate whose calendar read access ends loses its subscriptions.

        Raises:
            KeyError: unknown mailbox; ValueError: unknown level.
        """
        if level not in _LEVEL_RIGHTS:
            raise ValueError(f"unknown calendar permission level {level!r}")
        found = data.find_mailbox(address)
        if found is None:
            raise KeyError(address)
        mbx = self.folder_permissions.get(found[1].address, found[1])
        keep = [p for p in mbx.calendar_permissions if p.user.lower() != user.lower()]
        if level != "None" or user in ("Default", "Anonymous"):
            keep.append(data.FolderPermission(user, level, view_private))
        self.folder_permissions[mbx.address] = dataclasses.replace(mbx, calendar_permissions=tuple(keep))
        if _LEVEL_RIGHTS[level][0] == "None":
            self.hub.invalidate(mbx.address)

    def start_storm(self, seconds: float, back_off_ms: int) -> float:
        """Answer every EWS request with ErrorServerBusy for ``seconds``; returns the loop time it ends."""
        self.storm_until = asyncio.get_running_loop().time() + seconds
        self.storm_back_off_ms = back_off_ms
        return self.storm_until

    def _storming(self) -> bool:
        return self.storm_until > 0 and asyncio.get_running_loop().time() < self.storm_until

    # ------------------------------------------------------------------------------ authentication

    def authenticate_cloud(self, request: web.Request) -> Caller | web.Response:
        """Bearer-token authentication of Exchange Online (shared with Autodiscover)."""
        auth = request.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return _unauthorized(DIAG_NO_TOKEN)
        try:
            info = self.entra.validate_access_token(token.strip(), (data.OUTLOOK_RESOURCE, data.EXCHANGE_APP_ID))
        except TokenError as e:
            log.info("ews: rejected bearer token: %s", e.diagnostics.split(";")[0])
            return _unauthorized(e.diagnostics)
        name = info.user.address if info.user else (info.app.key if info.app else str(info.claims.get("appid")))
        return Caller(org=info.tenant, name=name, token=info)

    @staticmethod
    def has_ews_permission(caller: Caller) -> bool:
        assert caller.token is not None
        if caller.token.is_app_only:
            return data.EWS_APP_PERMISSION in caller.token.roles
        return bool({data.EWS_DELEGATED_PERMISSION, "full_access_as_user"} & set(caller.token.scopes))

    # ------------------------------------------------------------------------------ entry point

    async def handle(self, request: web.Request, org: data.OnPremOrg | None) -> web.StreamResponse:
        """Serve ``/EWS/Exchange.asmx``: ``org`` is the on-premises org, or None for Exchange Online."""
        if org is not None:
            result = self.ntlm.authenticate(request)
            if isinstance(result, web.Response):
                await request.read()
                return result
            caller = Caller(org=result.org, name=result.name, ntlm=result)
            build, version = org.build, org.schema_version
        else:
            cloud = self.authenticate_cloud(request)
            if isinstance(cloud, web.Response):
                await request.read()
                return cloud
            caller = cloud
            tenant = caller.org
            assert isinstance(tenant, data.CloudTenant)
            app_id = caller.token.app.client_id if caller.token and caller.token.app else ""
            if not tenant.ews_enabled or (
                tenant.ews_allowed_app_ids is not None and app_id not in tenant.ews_allowed_app_ids
            ):
                log.info("ews: 403, EWS is blocked for tenant %s / app %s", tenant.key, app_id)
                await request.read()
                return web.Response(
                    status=403,
                    text="403 Forbidden: EWS is not enabled for this organization "
                    "or application (EWSEnabled / EwsAllowedAppIDs).",
                )
            if not self.has_ews_permission(caller):
                log.info("ews: 401, token of %s carries no EWS permission", caller.name)
                await request.read()
                return _unauthorized(DIAG_NO_PERMISSIONS)
            build, version = tenant.build, tenant.schema_version
        if request.method != "POST":
            return web.Response(text="<html><body>You have created a service.</body></html>", content_type="text/html")
        header = soap.server_version_info(build, version)
        body = await request.read()
        try:
            root = soap.parse(body)
        except soap.XmlError as e:
            log.info("ews: malformed request from %s", caller.name)
            return _soap(soap.client_fault(f"The request failed schema validation: {e}"), "", status=500)
        op_elem = _operation(root)
        if op_elem is None:
            return _soap(soap.client_fault("The request has no operation in its SOAP body."), header, status=500)
        op = soap.local_name(op_elem.tag)
        if self._storming():
            self.busy_count += 1
            log.info("ews: %s by %s -> ErrorServerBusy (storm)", op, caller.name)
            return _soap(
                soap.ews_fault("ErrorServerBusy", MSG_SERVER_BUSY, back_off_ms=self.storm_back_off_ms or None),
                header,
                status=500,
            )
        try:
            effective, budget = self._effective_user(caller, root, request)
        except EwsFault as f:
            log.info("ews: %s by %s -> %s (fault)", op, caller.name, f.code)
            return _soap(soap.ews_fault(f.code, f.message, back_off_ms=f.back_off_ms), header, status=500)
        self.op_counts[op] += 1
        if op == "GetStreamingEvents":
            return await self._get_streaming_events(request, op_elem, caller, effective, root, header)
        if not self.throttle.try_acquire(budget):
            log.info(
                "ews: %s by %s -> refused as %s (%s in flight for %s)",
                op,
                caller.name,
                self.throttle.answer,
                self.throttle.in_flight.get(budget),
                budget,
            )
            if self.throttle.answer == "server_busy":
                self.busy_count += 1
            return self.throttle.refusal(header, op)
        try:
            await self._gate().wait()
            if self.throttle.hold_ms:
                await asyncio.sleep(self.throttle.hold_ms / 1000)
            content = self._dispatch(op, op_elem, caller, effective)
        finally:
            self.throttle.release(budget)
        log.info("ews: %s by %s as %s -> 200", op, caller.name, effective.address if effective else "-")
        response = _soap(content, header)
        if op == "Subscribe" and request.headers.get("X-PreferServerAffinity", "").lower() == "true":
            # "Maintain affinity between a group of subscriptions and the Mailbox server": the first subscription
            # response of a group carries the cookie that routes the group's later requests
            response.set_cookie("X-BackEndOverrideCookie", f"{_server_name(caller)}~1942061452", path="/")
        return response

    async def _get_streaming_events(
        self, request: web.Request, elem: Element, caller: Caller, effective: data.Mailbox | None, root: Element,
        header: str,
    ) -> web.StreamResponse:
        """GetStreamingEvents: hanging connections are charged to the impersonated mailbox (or the caller)."""
        ids = [text_of(e) for e in elem.iter(q(T_NS, "SubscriptionId"))]
        ids += [text_of(e) for e in elem.findall(q(soap.M_NS, "SubscriptionId"))]  # Exchange 2010 SP1 form
        try:
            timeout = int(text_of(elem.find(q(soap.M_NS, "ConnectionTimeout")), "0"))
        except ValueError:
            timeout = 0
        head = root.find(q(soap.SOAP_NS, "Header"))
        impersonating = head is not None and head.find(q(T_NS, "ExchangeImpersonation")) is not None
        budget = effective.address if impersonating and effective is not None else caller.name
        return await self.hub.stream(request, caller.name, budget, [i for i in ids if i], timeout, header)

    def _effective_user(self, caller: Caller, root: Element, request: web.Request) -> tuple[data.Mailbox | None, str]:
        """The mailbox the request acts as, and its throttling budget key. Raises :class:`EwsFault`."""
        header = root.find(q(soap.SOAP_NS, "Header"))
        imp = header.find(q(T_NS, "ExchangeImpersonation")) if header is not None else None
        anchor = request.headers.get("X-AnchorMailbox", "")
        if imp is None:
            if caller.is_app_only:
                raise EwsFault(
                    "ErrorInvalidExchangeImpersonationHeaderData",
                    "ExchangeImpersonation SOAP header must be present for this type of OAuth token.",
                )
            return caller.own_mailbox, caller.name
        sid = imp.find(q(T_NS, "ConnectingSID"))
        target_addr = ""
        if sid is not None:
            for tag in ("PrimarySmtpAddress", "SmtpAddress", "PrincipalName"):
                target_addr = text_of(sid.find(q(T_NS, tag)))
                if target_addr:
                    break
        if not target_addr:
            raise EwsFault(
                "ErrorInvalidExchangeImpersonationHeaderData",
                "The impersonation header does not name a user (ConnectingSID).",
            )
        target = _org_mailbox(caller.org, target_addr)
        if target is None:
            raise EwsFault("ErrorNonExistentMailbox", MSG_NON_EXISTENT)
        if not caller.may_impersonate(target) or self.revoked.get(target.address) == "impersonation":
            raise EwsFault("ErrorImpersonateUserDenied", MSG_IMPERSONATE_DENIED)
        if anchor and anchor.lower() not in target.all_addresses:
            log.debug("ews: X-AnchorMailbox %s differs from the impersonated user", anchor)
        budget = caller.name if isinstance(caller.org, data.OnPremOrg) else target.address
        return target, budget

    # ------------------------------------------------------------------------------ operations

    def _dispatch(self, op: str, elem: Element, caller: Caller, user: data.Mailbox | None) -> str:
        if op == "ResolveNames":
            return self._resolve_names(elem, caller)
        if op == "GetFolder":
            return self._get_folder(elem, caller, user)
        if op == "FindItem":
            return self._find_item(elem, caller, user)
        if op == "GetItem":
            return self._get_item(elem, caller, user)
        if op == "Subscribe":
            return self._subscribe(elem, caller, user)
        if op == "Unsubscribe":
            return self._unsubscribe(elem, caller)
        if op == "ConvertId":
            return self._convert_id(elem, caller, user)
        count = max(1, len(list(elem)))
        msgs = [
            soap.response_message(
                op, error_code="ErrorInvalidOperation", message_text=f"The sandbox does not implement {op}."
            )
        ] * count
        return soap.operation_response(op, msgs)

    def _target_mailbox(self, caller: Caller, user: data.Mailbox | None, address: str,
                        folder: str = "") -> data.Mailbox:
        """The mailbox a folder reference points at, checked against the effective user: its own folders, or — by
        explicit delegate access — another mailbox's calendar that the user holds a folder permission on."""
        if address:
            mbx = _org_mailbox(caller.org, address)
            if mbx is None:
                raise _Denied("ErrorNonExistentMailbox", MSG_NON_EXISTENT)
        else:
            mbx = user
        if mbx is None:
            raise _Denied("ErrorNonExistentMailbox", MSG_NON_EXISTENT)
        owner = user is not None and mbx.address == user.address
        if not owner and (folder != "calendar" or self.grant(user, mbx).read == "None"):
            raise _Denied("ErrorAccessDenied", MSG_ACCESS_DENIED)
        return mbx

    def grant(self, user: data.Mailbox | None, mbx: data.Mailbox) -> Grant:
        """``user``'s rights on ``mbx``'s calendar, after runtime changes (a revoked or closed calendar grants
        nothing, not even to its owner or an account impersonating it; a changed folder permission counts)."""
        if mbx.calendar_access_denied or self.revoked.get(mbx.address) == "calendar":
            return Grant("None")
        return calendar_grant(user, self.folder_permissions.get(mbx.address, mbx))

    def _folder_ref(self, ref: Element, caller: Caller, user: data.Mailbox | None) -> tuple[data.Mailbox, str]:
        name = soap.local_name(ref.tag)
        if name == "DistinguishedFolderId":
            folder = ref.get("Id", "")
            address = text_of(ref.find(f"{q(T_NS, 'Mailbox')}/{q(T_NS, 'EmailAddress')}"))
            mbx = self._target_mailbox(caller, user, address, folder)
        elif name == "FolderId":
            decoded = decode_folder_id(ref.get("Id", ""))
            if decoded is None:
                raise _Denied("ErrorInvalidIdMalformed", "Id is malformed.")
            folder = decoded[1]
            mbx = self._target_mailbox(caller, user, decoded[0], folder)
        else:
            raise _Denied("ErrorInvalidRequest", f"{name} is not supported by the sandbox.")
        if folder not in FOLDERS:
            raise _Denied("ErrorFolderNotFound", "The specified folder could not be found in the store.")
        if folder == "calendar" and (mbx.calendar_access_denied or self.revoked.get(mbx.address) == "calendar"):
            raise _Denied("ErrorAccessDenied", MSG_ACCESS_DENIED)
        return mbx, folder

    def _resolve_names(self, elem: Element, caller: Caller) -> str:
        full = elem.get("ReturnFullContactData", "false").lower() == "true"
        messages = []
        for entry in elem.findall(q(soap.M_NS, "UnresolvedEntry")):
            text = (entry.text or "").strip()
            matches = self._match_names(caller.org, text)
            if not matches:
                messages.append(
                    soap.response_message(
                        "ResolveNames", error_code="ErrorNameResolutionNoResults", message_text="No results were found."
                    )
                )
                continue
            resolutions = [self._resolution_xml(m, full) for m in matches]
            container = el(
                "m:ResolutionSet",
                *resolutions,
                attrs={"TotalItemsInView": len(matches), "IncludesLastItemInRange": True},
            )
            if len(matches) == 1:
                messages.append(soap.response_message("ResolveNames", container))
            else:
                messages.append(
                    soap.response_message(
                        "ResolveNames",
                        container,
                        error_code="ErrorNameResolutionMultipleResults",
                        message_text="Multiple results were found.",
                        response_class="Warning",
                    )
                )
        return soap.operation_response("ResolveNames", messages)

    @staticmethod
    def _match_names(org: data.OnPremOrg | data.CloudTenant, text: str) -> list[data.Mailbox]:
        needle = text.lower()
        if needle.startswith("smtp:"):
            needle = needle[5:]
        if not needle:
            return []
        if "@" in needle:
            found = data.find_mailbox(needle)
            if found is not None:
                return [found[1]] if found[0] is org else []
            # no recipient has this address: ambiguous name resolution on its local part (prefix of the display,
            # first or last name or the alias) — how a made-up address of a common first name gets several
            # candidates (ErrorNameResolutionMultipleResults)
            needle, _, domain = needle.partition("@")
            domains = org.accepted_domains if isinstance(org, data.OnPremOrg) else org.domains
            if domain not in domains or not needle:
                return []
        return [
            m
            for m in data.org_mailboxes(org)
            if any(v.lower().startswith(needle) for v in (m.display_name, m.given_name, m.surname, m.local_part) if v)
        ]

    @staticmethod
    def _resolution_xml(m: data.Mailbox, full: bool) -> str:
        contact = None
        if full:
            contact = el(
                "t:Contact",
                el("t:Culture", text="en-US"),
                el("t:DisplayName", text=m.display_name),
                el("t:GivenName", text=m.given_name) if m.given_name else None,
                el(
                    "t:EmailAddresses",
                    *(
                        el("t:Entry", attrs={"Key": f"EmailAddress{i}"}, text=f"{'SMTP' if i == 1 else 'smtp'}:{a}")
                        for i, a in enumerate(m.all_addresses[:3], start=1)
                    ),
                ),
                el("t:ContactSource", text="ActiveDirectory"),
                el("t:Department", text=m.department) if m.department else None,
                el("t:Surname", text=m.surname) if m.surname else None,
            )
        return el("t:Resolution", mailbox_xml("t:Mailbox", m.display_name, m.address), contact)

    def _get_folder(self, elem: Element, caller: Caller, user: data.Mailbox | None) -> str:
        fields = folder_fields(elem.find(q(soap.M_NS, "FolderShape")))
        ids = elem.find(q(soap.M_NS, "FolderIds"))
        messages = []
        for ref in list(ids) if ids is not None else []:
            try:
                mbx, folder = self._folder_ref(ref, caller, user)
            except _Denied as d:
                messages.append(
                    soap.response_message(
                        "GetFolder", error_code=d.code, message_text=d.message, empty_container="m:Folders"
                    )
                )
                continue
            total = self.store.count(mbx.address) if folder == "calendar" else 0
            grant = self.grant(user, mbx)
            permissions = None
            if folder == "calendar" and "folder:PermissionSet" in fields:
                permissions = permission_set_xml(self.folder_permissions.get(mbx.address, mbx))
            messages.append(soap.response_message("GetFolder", el("m:Folders", folder_xml(
                mbx.address, folder, total if grant.read != "None" else 0, fields, grant, permissions))))
        return soap.operation_response("GetFolder", messages)

    def _find_item(self, elem: Element, caller: Caller, user: data.Mailbox | None) -> str:
        fields = requested_fields(elem.find(q(soap.M_NS, "ItemShape")))
        calendar_view = elem.find(q(soap.M_NS, "CalendarView"))
        paged_view = elem.find(q(soap.M_NS, "IndexedPageItemView"))
        parents = elem.find(q(soap.M_NS, "ParentFolderIds"))
        messages = []
        for ref in list(parents) if parents is not None else []:
            try:
                mbx, folder = self._folder_ref(ref, caller, user)
            except _Denied as d:
                messages.append(soap.response_message("FindItem", error_code=d.code, message_text=d.message))
                continue
            items: list[Appointment] = []
            root_attrs: dict[str, Any]
            if folder == "calendar" and calendar_view is not None:
                try:
                    start = _parse_ews_datetime(calendar_view.get("StartDate", ""))
                    end = _parse_ews_datetime(calendar_view.get("EndDate", ""))
                except ValueError:
                    messages.append(
                        soap.response_message(
                            "FindItem",
                            error_code="ErrorInvalidRequest",
                            message_text="The CalendarView dates are not valid.",
                        )
                    )
                    continue
                if end < start:
                    messages.append(
                        soap.response_message(
                            "FindItem",
                            error_code="ErrorCalendarEndDateIsEarlierThanStartDate",
                            message_text="EndDate is earlier than StartDate",
                        )
                    )
                    continue
                items = self.store.list(mbx.address, start, end)
                limit = int(calendar_view.get("MaxEntriesReturned") or 0)
                complete = not limit or len(items) <= limit
                items = items[:limit] if limit else items
                root_attrs = {"TotalItemsInView": len(items), "IncludesLastItemInRange": complete}
            else:
                every = self.store.list(mbx.address) if folder == "calendar" else []
                offset = int(paged_view.get("Offset") or 0) if paged_view is not None else 0
                limit = int(paged_view.get("MaxEntriesReturned") or 0) if paged_view is not None else 0
                items = every[offset : offset + limit] if limit else every[offset:]
                last = offset + len(items) >= len(every)
                root_attrs = {"TotalItemsInView": len(every), "IncludesLastItemInRange": last}
                if not last:
                    root_attrs = {"IndexedPagingOffset": offset + len(items), **root_attrs}
            grant = self.grant(user, mbx)
            root = el("m:RootFolder", el("t:Items", *(calendar_item_xml(a, grant.item_fields(a, fields))
                                                      for a in items)), attrs=root_attrs)
            messages.append(soap.response_message("FindItem", root))
        return soap.operation_response("FindItem", messages)

    def _get_item(self, elem: Element, caller: Caller, user: data.Mailbox | None) -> str:
        fields = requested_fields(elem.find(q(soap.M_NS, "ItemShape")))
        ids = elem.find(q(soap.M_NS, "ItemIds"))
        messages = []
        for ref in list(ids) if ids is not None else []:
            if soap.local_name(ref.tag) != "ItemId":
                messages.append(
                    soap.response_message(
                        "GetItem",
                        error_code="ErrorInvalidIdMalformed",
                        message_text="Id is malformed.",
                        empty_container="m:Items",
                    )
                )
                continue
            decoded = decode_item_id(ref.get("Id", ""))
            if decoded is None:
                messages.append(
                    soap.response_message(
                        "GetItem",
                        error_code="ErrorInvalidIdMalformed",
                        message_text="Id is malformed.",
                        empty_container="m:Items",
                    )
                )
                continue
            try:
                mbx = self._target_mailbox(caller, user, decoded[0], "calendar")
                # opening an item takes full details (a free/busy or subject/location permission lists only)
                if self.grant(user, mbx).read != "FullDetails":
                    raise _Denied("ErrorAccessDenied", MSG_ACCESS_DENIED)
            except _Denied as d:
                messages.append(
                    soap.response_message(
                        "GetItem", error_code=d.code, message_text=d.message, empty_container="m:Items"
                    )
                )
                continue
            appt = self.store.get(mbx.address, decoded[1])
            if appt is None:
                messages.append(
                    soap.response_message(
                        "GetItem",
                        error_code="ErrorItemNotFound",
                        message_text="The specified object was not found in the store., The process failed to get the "
                        "correct properties.",
                        empty_container="m:Items",
                    )
                )
                continue
            messages.append(soap.response_message("GetItem", el("m:Items", calendar_item_xml(
                appt, self.grant(user, mbx).item_fields(appt, fields)))))
        return soap.operation_response("GetItem", messages)

    def _subscribe(self, elem: Element, caller: Caller, user: data.Mailbox | None) -> str:
        """Subscribe: streaming subscriptions to folders of one mailbox (see :mod:`notifications`)."""
        request = elem.find(q(soap.M_NS, "StreamingSubscriptionRequest"))
        if request is None:
            return soap.operation_response("Subscribe", [soap.response_message(
                "Subscribe", error_code="ErrorInvalidSubscriptionRequest",
                message_text="The sandbox supports streaming subscriptions only.")])
        event_types = frozenset(text_of(e) for e in request.iter(q(T_NS, "EventType"))) & STREAMING_EVENT_TYPES
        try:
            if request.get("SubscribeToAllFolders", "false").lower() == "true":
                mbx = self._target_mailbox(caller, user, "")
                folders: frozenset[str] | None = None
            else:
                refs = request.find(q(T_NS, "FolderIds"))
                resolved = [self._folder_ref(r, caller, user) for r in (list(refs) if refs is not None else [])]
                if not resolved or len({m.address for m, _ in resolved}) != 1:
                    raise _Denied("ErrorInvalidSubscriptionRequest",
                                  "A subscription covers folders of exactly one mailbox.")
                mbx, folders = resolved[0][0], frozenset(f for _, f in resolved)
        except _Denied as d:
            return soap.operation_response(
                "Subscribe", [soap.response_message("Subscribe", error_code=d.code, message_text=d.message)])
        if not event_types:
            return soap.operation_response("Subscribe", [soap.response_message(
                "Subscribe", error_code="ErrorInvalidRequest", message_text="No event types were requested.")])
        sub_id = self.hub.subscribe(caller.name, mbx.address, folders, event_types)
        return soap.operation_response(
            "Subscribe", [soap.response_message("Subscribe", el("m:SubscriptionId", text=sub_id))])

    def _convert_id(self, elem: Element, caller: Caller, user: data.Mailbox | None) -> str:
        """ConvertId ("ConvertId operation"): every AlternateId to ``DestinationFormat``."""
        destination = elem.get("DestinationFormat", "")
        source_ids = elem.find(q(soap.M_NS, "SourceIds"))
        messages = []
        for alt in list(source_ids) if source_ids is not None else []:
            converted = convert_id(alt.get("Id", ""), alt.get("Format", ""), destination)
            mailbox = alt.get("Mailbox", "") or (user.address if user else "")
            if converted is None:
                messages.append(soap.response_message("ConvertId", error_code="ErrorInvalidIdMalformed",
                                                      message_text="Id is malformed."))
                continue
            messages.append(soap.response_message("ConvertId", el(
                "m:AlternateId", attrs={"xsi:type": "t:AlternateIdType", "Format": destination, "Id": converted,
                                        "Mailbox": mailbox})))
        return soap.operation_response("ConvertId", messages)

    def _unsubscribe(self, elem: Element, caller: Caller) -> str:
        sub_id = text_of(elem.find(q(soap.M_NS, "SubscriptionId")))
        if not self.hub.unsubscribe(caller.name, sub_id):
            msg = soap.response_message("Unsubscribe", error_code="ErrorSubscriptionNotFound",
                                        message_text="The specified subscription was not found.")
        else:
            msg = soap.response_message("Unsubscribe")
        return soap.operation_response("Unsubscribe", [msg])


def _server_name(caller: Caller) -> str:
    return caller.org.server_name if isinstance(caller.org, data.OnPremOrg) else "AM0PR01MB1234"


def _operation(root: Element) -> Element | None:
    body = root.find(q(soap.SOAP_NS, "Body"))
    if body is None or not len(body):
        return None
    return body[0]


def _soap(body: str, header: str, status: int = 200) -> web.Response:
    return web.Response(body=soap.envelope(body, header), status=status, content_type="text/xml", charset="utf-8")


def _unauthorized(diagnostics: str) -> web.Response:
    return web.Response(
        status=401,
        text="",
        headers={"WWW-Authenticate": BEARER_CHALLENGE, "x-ms-diagnostics": diagnostics},
    )
