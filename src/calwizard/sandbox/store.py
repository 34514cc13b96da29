"""In-memory calendar store of the sandbox: every mailbox's appointments.

The store is shared by the server thread (EWS answers) and the tests or a control API (changes),
so every method takes a lock. Listeners registered with :meth:`CalendarStore.subscribe` are called
after each change (a later streaming-notification feature builds on this).

Seed appointments are laid out relative to the sandbox's start time (UTC, aligned down to 15
minutes) and vary deterministically with the mailbox address; see :func:`demo_appointments`.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from calwizard.sandbox import data

FreeBusy = Literal["Free", "Tentative", "Busy", "OOF", "WorkingElsewhere", "NoData"]
Sensitivity = Literal["Normal", "Personal", "Private", "Confidential"]
ChangeKind = Literal["created", "modified", "deleted"]

QUARTER = timedelta(minutes=15)


def align_15(moment: datetime) -> datetime:
    """``moment`` in UTC, aligned down to a quarter hour (seconds dropped)."""
    moment = moment.astimezone(UTC).replace(second=0, microsecond=0)
    return moment - timedelta(minutes=moment.minute % 15)


@dataclass(frozen=True)
class Attendee:
    address: str
    name: str
    response: str = "Unknown"  # Unknown | Organizer | Tentative | Accept | Decline | NoResponseReceived


@dataclass(frozen=True)
class Appointment:
    """One calendar item (a single instance: no recurrence)."""

    mailbox: str
    uid: str
    subject: str
    start: datetime
    end: datetime
    free_busy: FreeBusy = "Busy"
    sensitivity: Sensitivity = "Normal"
    is_all_day: bool = False
    location: str = ""
    organizer: Attendee | None = None
    attendees: tuple[Attendee, ...] = ()
    categories: tuple[str, ...] = ()
    body: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    modified: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    version: int = 1

    @property
    def item_id(self) -> str:
        return encode_item_id(self.mailbox, self.uid)

    @property
    def change_key(self) -> str:
        return "DwAAABYA" + base64.b64encode(f"{self.uid}:{self.version}".encode()).decode()

    @property
    def is_meeting(self) -> bool:
        return bool(self.attendees)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """EWS CalendarView semantics: the item overlaps the window [start, end)."""
        return self.start < end and self.end > start


# ------------------------------------------------------------------------------------------------ IDs
# EWS IDs are opaque base64 blobs. The sandbox's carry the mailbox and item/folder name so that
# any request can be routed without a lookup table; they look like Exchange's (start with "AAMk").

_ITEM_PREFIX = b"\x00\x00\x93$CWI:"
_FOLDER_PREFIX = b"\x00\x00\x93$CWF:"


def encode_item_id(mailbox: str, uid: str) -> str:
    return base64.b64encode(_ITEM_PREFIX + f"{mailbox.lower()}\x00{uid}".encode()).decode()


def decode_item_id(item_id: str) -> tuple[str, str] | None:
    """``(mailbox, uid)`` of an item ID, or None when malformed."""
    try:
        raw = base64.b64decode(item_id.encode(), validate=True)
    except ValueError:
        return None
    if not raw.startswith(_ITEM_PREFIX):
        return None
    mailbox, sep, uid = raw[len(_ITEM_PREFIX) :].decode(errors="replace").partition("\x00")
    return (mailbox, uid) if sep else None


def encode_folder_id(mailbox: str, folder: str) -> str:
    return base64.b64encode(_FOLDER_PREFIX + f"{mailbox.lower()}\x00{folder}".encode()).decode()


def decode_folder_id(folder_id: str) -> tuple[str, str] | None:
    """``(mailbox, distinguished folder name)`` of a folder ID, or None when malformed."""
    try:
        raw = base64.b64decode(folder_id.encode(), validate=True)
    except ValueError:
        return None
    if not raw.startswith(_FOLDER_PREFIX):
        return None
    mailbox, sep, name = raw[len(_FOLDER_PREFIX) :].decode(errors="replace").partition("\x00")
    return (mailbox, name) if sep else None


# ------------------------------------------------------------------------------------------ seed data

_MEETING_SUBJECTS = ("Project sync", "Weekly team meeting", "Customer call", "Budget review", "Sprint planning")
_TENTATIVE_SUBJECTS = ("Optional: brown-bag session", "Maybe: vendor demo", "Tentative: coffee chat")
_ELSEWHERE_SUBJECTS = ("Working from home", "On site at customer", "Branch office visit")
_ALL_DAY_SUBJECTS = ("Company offsite", "Trade fair", "Public holiday (regional)")
_PRIVATE_SUBJECTS = ("Doctor's appointment", "Parent-teacher meeting", "Private errand")
_OVERLAP_SUBJECTS = (("Escalation call", "Partner workshop"), ("Interview", "Release go/no-go"))


def _pick(seq: tuple, h: int, salt: int) -> Any:
    return seq[(h >> (salt * 4)) % len(seq)]


def demo_appointments(mailbox: data.Mailbox, now: datetime) -> list[Appointment]:
    """The seed appointments of ``mailbox``, relative to ``now`` (aligned to 15 minutes, UTC).

    Every mailbox gets: a busy meeting in progress now, a tentative one later today, an out-of-office
    day tomorrow (all-day), a working-elsewhere block, an all-day (free) event the day after tomorrow,
    a private appointment tomorrow, and two overlapping meetings. Times and subjects vary with a hash
    of the address so mailboxes differ, deterministically.
    """
    base = align_15(now)
    midnight = base.replace(hour=0, minute=0)
    h = int(hashlib.sha256(mailbox.address.encode()).hexdigest()[:12], 16)
    organizer_self = Attendee(mailbox.address, mailbox.display_name, "Organizer")
    colleague = Attendee("organizer@" + mailbox.domain, "Meeting Organizer", "Organizer")
    if mailbox.kind == "room":
        organizer_self = colleague

    def uid(n: int) -> str:
        return str(uuid.UUID(hashlib.sha256(f"{mailbox.address}:{n}".encode()).hexdigest()[:32]))

    def mk(n: int, subject: str, start: datetime, end: datetime, **kw: object) -> Appointment:
        return Appointment(
            mailbox=mailbox.address,
            uid=uid(n),
            subject=str(subject),
            start=start,
            end=end,
            created=base - timedelta(days=7),
            modified=base - timedelta(days=1),
            **kw,  # type: ignore[arg-type]
        )

    now_start = base - QUARTER * (h % 3)
    tent_start = base + timedelta(hours=2) + QUARTER * ((h >> 3) % 4)
    else_start = base + timedelta(hours=3, minutes=30) + QUARTER * ((h >> 5) % 4)
    priv_start = midnight + timedelta(days=1, hours=8) + QUARTER * ((h >> 7) % 8)
    ov_start = base + timedelta(hours=6) + QUARTER * ((h >> 9) % 4)
    ov_subjects = _pick(_OVERLAP_SUBJECTS, h, 5)
    attendees = (Attendee(mailbox.address, mailbox.display_name, "Accept"),)
    return [
        mk(
            1,
            _pick(_MEETING_SUBJECTS, h, 1),
            now_start,
            now_start + timedelta(minutes=60 + 30 * (h % 2)),
            free_busy="Busy",
            organizer=colleague,
            attendees=attendees,
            location="Teams",
        ),
        mk(
            2,
            _pick(_TENTATIVE_SUBJECTS, h, 2),
            tent_start,
            tent_start + timedelta(minutes=30),
            free_busy="Tentative",
            organizer=colleague,
            attendees=(Attendee(mailbox.address, mailbox.display_name, "Tentative"),),
        ),
        mk(
            3,
            "Out of office",
            midnight + timedelta(days=1),
            midnight + timedelta(days=2),
            free_busy="OOF",
            is_all_day=True,
            organizer=organizer_self,
        ),
        mk(
            4,
            _pick(_ELSEWHERE_SUBJECTS, h, 3),
            else_start,
            else_start + timedelta(hours=2),
            free_busy="WorkingElsewhere",
            organizer=organizer_self,
        ),
        mk(
            5,
            _pick(_ALL_DAY_SUBJECTS, h, 4),
            midnight + timedelta(days=2),
            midnight + timedelta(days=3),
            free_busy="Free",
            is_all_day=True,
            organizer=organizer_self,
            location="Headquarters",
        ),
        mk(
            6,
            _pick(_PRIVATE_SUBJECTS, h, 6),
            priv_start,
            priv_start + timedelta(hours=1),
            free_busy="Busy",
            sensitivity="Private",
            organizer=organizer_self,
        ),
        mk(
            7,
            ov_subjects[0],
            ov_start,
            ov_start + timedelta(hours=1),
            free_busy="Busy",
            organizer=colleague,
            attendees=attendees,
        ),
        mk(
            8,
            ov_subjects[1],
            ov_start + timedelta(minutes=30),
            ov_start + timedelta(minutes=90),
            free_busy="Busy",
            organizer=colleague,
            attendees=attendees,
        ),
    ]


# ---------------------------------------------------------------------------------------------- store

Listener = Callable[[ChangeKind, Appointment], None]


class CalendarStore:
    """Appointments by mailbox (lower-case primary address), thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._items: dict[str, dict[str, Appointment]] = {}
        self._listeners: list[Listener] = []

    @classmethod
    def seeded(cls, mailboxes: Iterable[data.Mailbox], now: datetime) -> CalendarStore:
        store = cls()
        for mbx in mailboxes:
            store._items.setdefault(mbx.address.lower(), {})
            for appt in demo_appointments(mbx, now):
                store._items[mbx.address.lower()][appt.uid] = appt
        return store

    # -------------------------------------------------------------------------------- reading

    def list(self, mailbox: str, start: datetime | None = None, end: datetime | None = None) -> list[Appointment]:
        """Appointments of ``mailbox`` overlapping ``[start, end)`` (all when omitted), by start time."""
        with self._lock:
            items = list(self._items.get(mailbox.lower(), {}).values())
        if start is not None and end is not None:
            items = [a for a in items if a.overlaps(start, end)]
        return sorted(items, key=lambda a: (a.start, a.end, a.uid))

    def get(self, mailbox: str, uid: str) -> Appointment | None:
        with self._lock:
            return self._items.get(mailbox.lower(), {}).get(uid)

    def get_by_item_id(self, item_id: str) -> Appointment | None:
        decoded = decode_item_id(item_id)
        return self.get(*decoded) if decoded else None

    def count(self, mailbox: str) -> int:
        with self._lock:
            return len(self._items.get(mailbox.lower(), {}))

    # -------------------------------------------------------------------------------- changing

    def add(self, appointment: Appointment) -> Appointment:
        """Store a new appointment (its ``mailbox`` decides where) and notify listeners."""
        appointment = replace(appointment, mailbox=appointment.mailbox.lower())
        with self._lock:
            self._items.setdefault(appointment.mailbox, {})[appointment.uid] = appointment
        self._notify("created", appointment)
        return appointment

    def create(self, mailbox: str, subject: str, start: datetime, end: datetime, **fields: object) -> Appointment:
        """Convenience: build and :meth:`add` an appointment with a fresh UID."""
        return self.add(
            Appointment(mailbox=mailbox, uid=str(uuid.uuid4()), subject=subject, start=start, end=end, **fields)
        )  # type: ignore[arg-type]

    def change(self, mailbox: str, uid: str, **fields: object) -> Appointment:
        """Replace fields of an appointment (bumps version/ChangeKey and modified time). KeyError if absent."""
        with self._lock:
            items = self._items.get(mailbox.lower(), {})
            old = items[uid]
            new = replace(
                old,
                **fields,
                version=old.version + 1,  # type: ignore[arg-type]
                modified=datetime.now(UTC).replace(microsecond=0),
            )
            items[uid] = new
        self._notify("modified", new)
        return new

    def delete(self, mailbox: str, uid: str) -> Appointment:
        """Remove an appointment. KeyError if absent."""
        with self._lock:
            old = self._items.get(mailbox.lower(), {}).pop(uid)
        self._notify("deleted", old)
        return old

    # -------------------------------------------------------------------------------- listeners

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(kind, appointment)`` after every change; returns an unsubscribe function."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, kind: ChangeKind, appointment: Appointment) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(kind, appointment)
