"""What makes the sandbox's EWS look like a real mailbox to any EWS client (not only calwizard's).

Microsoft Learn, EWS reference:

* "DistinguishedFolderId": the well-known folders every mailbox has — :data:`FOLDERS` (root, msgfolderroot,
  inbox, calendar, contacts, tasks, sentitems, drafts, deleteditems, junkemail, outbox), each with its
  folder class and element (``t:Folder``, ``t:CalendarFolder``, ``t:ContactsFolder``, ``t:TasksFolder``).
* "FolderShape" / "ItemShape" and "BaseShape": ``IdOnly`` returns the ids only, ``Default`` the default
  properties, ``AllProperties`` everything; ``AdditionalProperties`` adds ``FieldURI``s and
  ``ExtendedFieldURI``s (:func:`folder_fields`, :func:`extended_requests`).
* "ExtendedFieldURI" / "ExtendedProperty": requested MAPI properties are returned with the request's own
  ``ExtendedFieldURI`` attributes when the item (or folder) has a value (:func:`extended_property_xml`):
  PidTagSubject 0x0037, PidTagSensitivity 0x0036, PidTagBody 0x1000, PidTagContainerClass 0x3613,
  PidTagDisplayName 0x3001, and in PSETID_Appointment PidLidBusyStatus 0x8205, PidLidLocation 0x8208,
  PidLidAppointmentStartWhole 0x820D, PidLidAppointmentEndWhole 0x820E, PidLidAppointmentSubType 0x8215.
* "MimeContent": an appointment's MIME content is its iCalendar (RFC 5545) object, base64 (:func:`mime_content`).
* "ConvertId operation": ``EwsId``, ``EwsLegacyId``, ``EntryId``, ``HexEntryId``, ``StoreId``, ``OwaId`` — the
  sandbox's forms are reversible encodings of one another (:func:`convert_id`).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from calwizard.sandbox.soap import T_NS, el, q, text_of
from calwizard.sandbox.store import Appointment


@dataclass(frozen=True)
class FolderInfo:
    """A distinguished folder: display name, parent, folder class and the element EWS writes it as."""

    display_name: str
    parent: str | None
    folder_class: str
    tag: str = "t:Folder"


FOLDERS: dict[str, FolderInfo] = {
    "root": FolderInfo("", None, ""),
    "msgfolderroot": FolderInfo("Top of Information Store", "root", "IPF.Note"),
    "inbox": FolderInfo("Inbox", "msgfolderroot", "IPF.Note"),
    "calendar": FolderInfo("Calendar", "msgfolderroot", "IPF.Appointment", "t:CalendarFolder"),
    "contacts": FolderInfo("Contacts", "msgfolderroot", "IPF.Contact", "t:ContactsFolder"),
    "tasks": FolderInfo("Tasks", "msgfolderroot", "IPF.Task", "t:TasksFolder"),
    "sentitems": FolderInfo("Sent Items", "msgfolderroot", "IPF.Note"),
    "drafts": FolderInfo("Drafts", "msgfolderroot", "IPF.Note"),
    "deleteditems": FolderInfo("Deleted Items", "msgfolderroot", "IPF.Note"),
    "junkemail": FolderInfo("Junk Email", "msgfolderroot", "IPF.Note"),
    "outbox": FolderInfo("Outbox", "msgfolderroot", "IPF.Note"),
}
"""The distinguished folders of every sandbox mailbox."""

DEFAULT_FOLDER_FIELDS = frozenset({"folder:DisplayName", "folder:TotalCount", "folder:ChildFolderCount",
                                   "folder:UnreadCount"})
"""``FolderShape`` ``Default`` (besides the FolderId)."""
ALL_FOLDER_FIELDS = DEFAULT_FOLDER_FIELDS | {"folder:ParentFolderId", "folder:FolderClass",
                                             "folder:EffectiveRights"}


def child_count(folder: str) -> int:
    return sum(1 for f in FOLDERS.values() if f.parent == folder)


def folder_fields(shape: Element | None) -> frozenset[str]:
    """The folder field URIs (and extended-property keys, :func:`extended_requests`) a ``FolderShape`` asks for.

    No shape at all (a sloppy client) gets the Default shape."""
    if shape is None:
        return DEFAULT_FOLDER_FIELDS
    base = text_of(shape.find(q(T_NS, "BaseShape")), "Default")
    fields: set[str] = set(ALL_FOLDER_FIELDS if base == "AllProperties" else DEFAULT_FOLDER_FIELDS if base == "Default"
                           else ())
    return frozenset(fields | additional_fields(shape))


def additional_fields(shape: Element) -> set[str]:
    """``AdditionalProperties``: FieldURIs by name, ExtendedFieldURIs as their keys (:func:`extended_key`)."""
    extra = shape.find(q(T_NS, "AdditionalProperties"))
    out: set[str] = set()
    if extra is None:
        return out
    for f in extra:
        local = f.tag.rsplit("}", 1)[-1]
        if local == "FieldURI":
            out.add(f.get("FieldURI", ""))
        elif local == "ExtendedFieldURI":
            out.add(extended_key(f))
    return out


# ------------------------------------------------------------------------------------------ extended properties

_EXT_ATTRS = ("DistinguishedPropertySetId", "PropertySetId", "PropertyTag", "PropertyName", "PropertyId",
              "PropertyType")
PSETID_APPOINTMENT = "00062002-0000-0000-C000-000000000046"


def extended_key(elem: Element) -> str:
    """A canonical key for one ``t:ExtendedFieldURI`` (its attributes, in a fixed order)."""
    return "ext:" + "|".join(f"{a}={elem.get(a, '')}" for a in _EXT_ATTRS if elem.get(a) is not None)


def _attrs(key: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in key[4:].split("|") if "=" in part)


def _tag(attrs: dict[str, str]) -> int | None:
    value = attrs.get("PropertyTag") or attrs.get("PropertyId")
    if value is None:
        return None
    try:
        return int(value, 16) if value.lower().startswith("0x") else int(value)
    except ValueError:
        return None


_FREE_BUSY_NUMBER = {"Free": 0, "Tentative": 1, "Busy": 2, "OOF": 3, "WorkingElsewhere": 4, "NoData": 0}
_SENSITIVITY_NUMBER = {"Normal": 0, "Personal": 1, "Private": 2, "Confidential": 3}


def _ews_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ITEM_TAGS: dict[int, Callable[[Appointment], str | None]] = {
    0x0037: lambda a: a.subject,
    0x0036: lambda a: str(_SENSITIVITY_NUMBER.get(a.sensitivity, 0)),
    0x1000: lambda a: a.body or None,
    0x001A: lambda a: "IPM.Appointment",
}
_APPOINTMENT_IDS: dict[int, Callable[[Appointment], str | None]] = {
    0x8205: lambda a: str(_FREE_BUSY_NUMBER.get(a.free_busy, 2)),
    0x8208: lambda a: a.location or None,
    0x820D: lambda a: _ews_time(a.start),
    0x820E: lambda a: _ews_time(a.end),
    0x8215: lambda a: "true" if a.is_all_day else "false",
}


def _value(key: str, appt: Appointment | None, folder: FolderInfo | None) -> str | None:
    attrs = _attrs(key)
    tag = _tag(attrs)
    if tag is None:
        return None
    if "PropertyTag" in attrs:
        if appt is not None and tag in _ITEM_TAGS:
            return _ITEM_TAGS[tag](appt)
        if folder is not None and tag == 0x3613:
            return folder.folder_class or None
        if folder is not None and tag == 0x3001:
            return folder.display_name
        return None
    pset = attrs.get("DistinguishedPropertySetId", "") or attrs.get("PropertySetId", "").upper()
    if appt is not None and pset in ("Appointment", PSETID_APPOINTMENT) and tag in _APPOINTMENT_IDS:
        return _APPOINTMENT_IDS[tag](appt)
    return None


def extended_property_xml(fields: frozenset[str], appt: Appointment | None = None,
                          folder: FolderInfo | None = None) -> str:
    """The ``t:ExtendedProperty`` elements for the requested extended properties that have a value."""
    out = []
    for key in sorted(f for f in fields if f.startswith("ext:")):
        value = _value(key, appt, folder)
        if value is None:
            continue
        out.append(el("t:ExtendedProperty", el("t:ExtendedFieldURI", attrs=_attrs(key)), el("t:Value", text=value)))
    return "".join(out)


# ------------------------------------------------------------------------------------------ MIME content


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def icalendar(appt: Appointment) -> str:
    """The appointment as an iCalendar object (RFC 5545), as Exchange returns it in ``MimeContent``."""
    lines = ["BEGIN:VCALENDAR", "METHOD:PUBLISH", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0",
             "BEGIN:VEVENT", f"UID:{_ics_text(appt.uid)}", f"SUMMARY;LANGUAGE=en-US:{_ics_text(appt.subject)}"]
    if appt.is_all_day:
        lines += [f"DTSTART;VALUE=DATE:{appt.start:%Y%m%d}", f"DTEND;VALUE=DATE:{appt.end:%Y%m%d}"]
    else:
        lines += [f"DTSTART:{_ics_time(appt.start)}", f"DTEND:{_ics_time(appt.end)}"]
    lines += [f"CLASS:{'PRIVATE' if appt.sensitivity in ('Private', 'Confidential') else 'PUBLIC'}",
              f"TRANSP:{'TRANSPARENT' if appt.free_busy == 'Free' else 'OPAQUE'}",
              f"X-MICROSOFT-CDO-BUSYSTATUS:{appt.free_busy.upper()}",
              f"DTSTAMP:{_ics_time(appt.modified)}", f"SEQUENCE:{appt.version - 1}"]
    if appt.location:
        lines.append(f"LOCATION;LANGUAGE=en-US:{_ics_text(appt.location)}")
    if appt.organizer is not None:
        lines.append(f"ORGANIZER;CN={_ics_text(appt.organizer.name)}:mailto:{appt.organizer.address}")
    lines += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def mime_content(appt: Appointment) -> str:
    """``t:MimeContent`` of an appointment (base64 of its iCalendar object)."""
    return el("t:MimeContent", attrs={"CharacterSet": "UTF-8"},
              text=base64.b64encode(icalendar(appt).encode()).decode())


def wants_mime(shape: Element | None, fields: frozenset[str]) -> bool:
    """``IncludeMimeContent`` true, or ``item:MimeContent`` among the AdditionalProperties."""
    if "item:MimeContent" in fields:
        return True
    return shape is not None and text_of(shape.find(q(T_NS, "IncludeMimeContent"))).lower() == "true"


# ------------------------------------------------------------------------------------------ ConvertId

ID_FORMATS = ("EwsId", "EwsLegacyId", "EntryId", "HexEntryId", "StoreId", "OwaId")
_ENTRY_PREFIX = b"\x00\x00\x00\x00CWE:"
_STORE_PREFIX = b"CWS:"


def _raw(fmt: str, value: str) -> bytes | None:
    """The EwsId bytes behind ``value`` in format ``fmt`` (None: malformed)."""
    try:
        if fmt in ("EwsId", "EwsLegacyId"):
            return base64.b64decode(value.encode(), validate=True)
        if fmt == "OwaId":
            return base64.urlsafe_b64decode(value.encode() + b"=" * (-len(value) % 4))
        if fmt == "HexEntryId":
            blob = binascii.unhexlify(value)
            return blob[len(_ENTRY_PREFIX):] if blob.startswith(_ENTRY_PREFIX) else None
        if fmt == "EntryId":
            blob = base64.b64decode(value.encode(), validate=True)
            return blob[len(_ENTRY_PREFIX):] if blob.startswith(_ENTRY_PREFIX) else None
        if fmt == "StoreId":
            blob = base64.b64decode(value.encode(), validate=True)
            return blob[len(_STORE_PREFIX):] if blob.startswith(_STORE_PREFIX) else None
    except (ValueError, binascii.Error):
        return None
    return None


def convert_id(value: str, source: str, destination: str) -> str | None:
    """``value`` in format ``source`` converted to ``destination`` (None: malformed or unknown format)."""
    if source not in ID_FORMATS or destination not in ID_FORMATS:
        return None
    raw = _raw(source, value)
    if not raw:
        return None
    if destination in ("EwsId", "EwsLegacyId"):
        return base64.b64encode(raw).decode()
    if destination == "OwaId":
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")
    if destination == "HexEntryId":
        return binascii.hexlify(_ENTRY_PREFIX + raw).decode().upper()
    if destination == "EntryId":
        return base64.b64encode(_ENTRY_PREFIX + raw).decode()
    return base64.b64encode(_STORE_PREFIX + raw).decode()
