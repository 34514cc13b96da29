"""The engine's state: one SQLite database (WAL) in the state directory.

Tables:

``users``         per PBX user: configured addresses, resolved primary address, display name, status
                  (``pending`` | ``resolved`` | ``not_found`` | ``ambiguous`` | ``no_email`` | ``access_denied`` |
                  ``error``), its detail and since when, when the address was resolved.
``appointments``  per PBX user, the appointments of the last successful read (the 48-hour window).
``presence``      per PBX user, the last presence handed to the sinks (activity, text, until, at): a
                  restart compares against it and sends nothing that is unchanged.
``outbox``        presence records not yet delivered by the sink, in order; a record leaves only once the
                  sink confirmed it (so a stopped engine or an unreachable webhook loses nothing).
``sink_cursor``   with several sinks (``--sink pbx --sink out.jsonl``): per sink, the last record it confirmed; a
                  record leaves the outbox once every sink of the run is past it.
``dead_letter``   records a sink rejected for good (e.g. a webhook answering 400), kept for the operator.
``events``        status changes worth a look (access denied, not found, restored…), the newest kept.
``meta``          key/value: instance id, last full sync.

The database holds personal data (calendar subjects), so the state directory is owner-only (0700) and the
database with its WAL and SHM files 0600 on POSIX, an owner-only ACL on Windows (:mod:`calwizard.fsutil`).
``delta_links``   Microsoft Graph (``cloud_graph``): per mailbox address, the ``@odata.deltaLink`` of its
                  calendarView delta query and the window it covers, so a restart continues change tracking
                  instead of starting over. A delta link is server state, not a credential.

A presence change is recorded in ``presence`` and ``outbox`` in one transaction. Nothing secret is stored:
appointment subjects are calendar data the engine exists to publish.

Only the engine's event loop thread uses a :class:`Store`; ``engine status`` opens the file read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calwizard.engine.model import Appointment
from calwizard.errors import ConfigError
from calwizard.i18n import translate

DB_NAME = "engine.sqlite3"
LOCK_NAME = "engine.lock"
SCHEMA_VERSION = 1
MAX_EVENTS = 1000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    pbx_name TEXT PRIMARY KEY,
    addresses TEXT NOT NULL,
    primary_address TEXT,
    display_name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending',
    detail TEXT NOT NULL DEFAULT '',
    status_since TEXT NOT NULL,
    resolved_at TEXT,
    read_at TEXT
);
CREATE TABLE IF NOT EXISTS appointments (
    pbx_name TEXT NOT NULL,
    uid TEXT NOT NULL,
    start TEXT NOT NULL,
    "end" TEXT NOT NULL,
    subject TEXT NOT NULL,
    free_busy TEXT NOT NULL,
    is_all_day INTEGER NOT NULL,
    is_private INTEGER NOT NULL,
    organizer TEXT NOT NULL,
    PRIMARY KEY (pbx_name, uid)
);
CREATE TABLE IF NOT EXISTS presence (
    pbx_name TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    activity TEXT NOT NULL,
    text TEXT NOT NULL,
    until TEXT,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dead_letter (seq INTEGER PRIMARY KEY, payload TEXT NOT NULL, reason TEXT NOT NULL,
                                        at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS delta_links (address TEXT PRIMARY KEY, link TEXT NOT NULL, window_start TEXT NOT NULL,
                                         window_end TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, pbx_name TEXT NOT NULL,
                                   kind TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sink_cursor (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);
"""


def iso(t: datetime | None) -> str | None:
    return t.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if t is not None else None


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


@dataclass(frozen=True)
class UserRow:
    pbx_name: str
    addresses: tuple[str, ...]
    primary: str | None
    display_name: str
    status: str
    detail: str
    status_since: datetime
    resolved_at: datetime | None
    read_at: datetime | None


@dataclass(frozen=True)
class PresenceRow:
    pbx_name: str
    user: str
    activity: str
    text: str
    until: str | None
    at: str


def _writable_remedy() -> str:
    return translate("engine", "Choose a writable directory with --state-dir.")


class Store:
    """The state database of one engine (see the module docstring).

    Args:
        state_dir: directory of the database (created if missing).
        read_only: open for ``engine status`` (no schema changes, no lock).

    Raises:
        ConfigError: the state directory is unusable, or (read-write) another engine holds it.
    """

    def __init__(self, state_dir: Path, *, read_only: bool = False) -> None:
        self.state_dir = Path(state_dir).expanduser()
        self.path = self.state_dir / DB_NAME
        self._lock_fd: int | None = None
        if read_only:
            if not self.path.exists():
                raise ConfigError(translate("engine", "no engine state in {path}").format(path=self.state_dir),
                                  field="--state-dir",
                                  remedy=translate("engine", "Give the --state-dir the engine runs with."))
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self.db.row_factory = sqlite3.Row
            return
        from calwizard.fsutil import private_dir, private_file, restrict_to_owner

        try:
            private_dir(self.state_dir)
        except OSError as exc:
            raise ConfigError(translate("engine", "the state directory {path} cannot be created: {why}").format(
                path=self.state_dir, why=exc.strerror), field="--state-dir", remedy=_writable_remedy()) from None
        self._lock()
        try:
            # owner-only before SQLite opens it: its -wal and -shm files get the database file's mode; files of an
            # older calwizard (created with the umask's mode) are made owner-only too
            private_file(self.path)
            for extra in ("-wal", "-shm", "-journal"):
                if (self.state_dir / (DB_NAME + extra)).exists():
                    restrict_to_owner(self.state_dir / (DB_NAME + extra))
        except OSError as exc:
            raise ConfigError(translate("engine", "the engine state {path} cannot be created: {why}").format(
                path=self.path, why=exc.strerror), field="--state-dir", remedy=_writable_remedy()) from None
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        version = self.meta("schema_version")
        if version is not None and int(version) > SCHEMA_VERSION:
            raise ConfigError(translate("engine", "the engine state in {path} was written by a newer calwizard").format(
                path=self.state_dir), field="--state-dir",
                remedy=translate("engine", "Use a newer calwizard or another --state-dir."))
        self.set_meta("schema_version", str(SCHEMA_VERSION))
        if self.meta("instance") is None:
            self.set_meta("instance", uuid.uuid4().hex[:12])

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: SQLite's own locking still protects the file
            return
        fd = os.open(self.state_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise ConfigError(translate("engine", "another engine is running with the state directory {path}").format(
                path=self.state_dir), field="--state-dir",
                remedy=translate("engine", "Stop the other engine, or give this one its own --state-dir.")) from None
        self._lock_fd = fd

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # ------------------------------------------------------------------------------------------ meta

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                        "excluded.value", (key, value))

    # ------------------------------------------------------------------------------------------ users

    def users(self) -> dict[str, UserRow]:
        out = {}
        for r in self.db.execute("SELECT * FROM users"):
            out[r["pbx_name"]] = UserRow(
                r["pbx_name"], tuple(json.loads(r["addresses"])), r["primary_address"], r["display_name"],
                r["status"], r["detail"], parse_iso(r["status_since"]) or datetime.now(UTC),
                parse_iso(r["resolved_at"]), parse_iso(r["read_at"]))
        return out

    def ensure_user(self, pbx_name: str, addresses: list[str], now: datetime) -> None:
        """Create the user's row, or reset it to ``pending`` when its configured addresses changed."""
        encoded = json.dumps(list(addresses))
        row = self.db.execute("SELECT addresses FROM users WHERE pbx_name = ?", (pbx_name,)).fetchone()
        if row is None:
            self.db.execute("INSERT INTO users(pbx_name, addresses, status_since) VALUES(?, ?, ?)",
                            (pbx_name, encoded, iso(now)))
        elif row[0] != encoded:
            self.db.execute("UPDATE users SET addresses = ?, primary_address = NULL, resolved_at = NULL, "
                            "status = 'pending', detail = '', status_since = ? WHERE pbx_name = ?",
                            (encoded, iso(now), pbx_name))

    def forget_user(self, pbx_name: str) -> None:
        """Drop the state of one user (removed from the PBX or the configuration)."""
        with self.transaction() as db:
            for table in ("users", "appointments", "presence"):
                db.execute(f"DELETE FROM {table} WHERE pbx_name = ?", (pbx_name,))

    def forget_users_except(self, pbx_names: set[str]) -> int:
        """Drop state of users no longer configured; returns how many."""
        gone = [r[0] for r in self.db.execute("SELECT pbx_name FROM users") if r[0] not in pbx_names]
        with self.transaction() as db:
            for name in gone:
                for table in ("users", "appointments", "presence"):
                    db.execute(f"DELETE FROM {table} WHERE pbx_name = ?", (name,))
        return len(gone)

    def set_resolved(self, pbx_name: str, primary: str, display_name: str, now: datetime) -> None:
        self.db.execute("UPDATE users SET primary_address = ?, display_name = ?, resolved_at = ? WHERE pbx_name = ?",
                        (primary, display_name, iso(now), pbx_name))

    def set_status(self, pbx_name: str, status: str, detail: str, now: datetime) -> None:
        self.db.execute("UPDATE users SET status = ?, detail = ?, status_since = ? WHERE pbx_name = ?",
                        (status, detail, iso(now), pbx_name))

    # ------------------------------------------------------------------------------------------ appointments

    def appointments(self, pbx_name: str) -> list[Appointment]:
        rows = self.db.execute('SELECT uid, start, "end", subject, free_busy, is_all_day, is_private, organizer '
                               "FROM appointments WHERE pbx_name = ? ORDER BY start", (pbx_name,))
        return [Appointment(parse_iso(r[1]), parse_iso(r[2]), r[3], r[4], bool(r[5]), bool(r[6]), r[7], r[0])  # type: ignore[arg-type]
                for r in rows]

    def replace_appointments(self, pbx_name: str, appointments: list[Appointment], read_at: datetime) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM appointments WHERE pbx_name = ?", (pbx_name,))
            db.executemany(
                'INSERT OR REPLACE INTO appointments(pbx_name, uid, start, "end", subject, free_busy, is_all_day, '
                "is_private, organizer) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(pbx_name, a.uid, iso(a.start), iso(a.end), a.subject, a.free_busy, int(a.is_all_day),
                  int(a.is_private), a.organizer) for a in appointments],
            )
            db.execute("UPDATE users SET read_at = ? WHERE pbx_name = ?", (iso(read_at), pbx_name))

    # ------------------------------------------------------------------------------------------ presence

    def presence(self, pbx_name: str) -> PresenceRow | None:
        """The last presence handed to the sinks for ``pbx_name``, or None."""
        r = self.db.execute("SELECT * FROM presence WHERE pbx_name = ?", (pbx_name,)).fetchone()
        return PresenceRow(r["pbx_name"], r["user"], r["activity"], r["text"], r["until"], r["at"]) if r else None

    def presences(self) -> dict[str, PresenceRow]:
        return {r["pbx_name"]: PresenceRow(r["pbx_name"], r["user"], r["activity"], r["text"], r["until"], r["at"])
                for r in self.db.execute("SELECT * FROM presence")}

    def record_presence(self, record: dict[str, Any]) -> int:
        """Remember ``record`` as the user's last presence and queue it for the sinks (one transaction);
        returns its outbox sequence number."""
        with self.transaction() as db:
            db.execute("INSERT INTO presence(pbx_name, user, activity, text, until, at) VALUES(?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT(pbx_name) DO UPDATE SET user = excluded.user, activity = excluded.activity, "
                       "text = excluded.text, until = excluded.until, at = excluded.at",
                       (record["pbx_name"], record["user"], record["activity"], record["presence"], record["until"],
                        record["at"]))
            cur = db.execute("INSERT INTO outbox(payload) VALUES(?)", (json.dumps(record, ensure_ascii=False),))
        return int(cur.lastrowid or 0)

    def outbox(self, limit: int = 100, after: int = 0) -> list[tuple[int, str]]:
        """The oldest ``limit`` records with a sequence number above ``after``."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT seq, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", (after, limit))]

    def sink_cursor(self, name: str) -> int:
        """The last record sink ``name`` confirmed (0: none yet)."""
        row = self.db.execute("SELECT seq FROM sink_cursor WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def set_sink_cursor(self, name: str, seq: int) -> None:
        self.db.execute("INSERT INTO sink_cursor(name, seq) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET seq = "
                        "excluded.seq", (name, seq))

    def trim_outbox(self, sinks: list[str]) -> None:
        """Delete the records every one of ``sinks`` confirmed; forget the cursors of other sinks."""
        if not sinks:
            return
        marks = ",".join("?" * len(sinks))
        with self.transaction() as db:
            db.execute(f"DELETE FROM sink_cursor WHERE name NOT IN ({marks})", sinks)
            low = min(self.sink_cursor(n) for n in sinks)
            db.execute("DELETE FROM outbox WHERE seq <= ?", (low,))

    def outbox_size(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])

    def delivered(self, seq: int) -> None:
        self.db.execute("DELETE FROM outbox WHERE seq = ?", (seq,))

    def dead_letter(self, seq: int, payload: str, reason: str, now: datetime, *, keep: bool = False) -> None:
        """Keep a record a sink rejected for good; ``keep``: leave it in the outbox (other sinks still need it)."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO dead_letter(seq, payload, reason, at) VALUES(?, ?, ?, ?)",
                       (seq, payload, reason, iso(now)))
            if not keep:
                db.execute("DELETE FROM outbox WHERE seq = ?", (seq,))

    def dead_letters(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM dead_letter").fetchone()[0])

    # ------------------------------------------------------------------------------------------ events

    def add_event(self, pbx_name: str, kind: str, detail: str, now: datetime) -> None:
        cur = self.db.execute("INSERT INTO events(at, pbx_name, kind, detail) VALUES(?, ?, ?, ?)",
                              (iso(now), pbx_name, kind, detail))
        if (cur.lastrowid or 0) % 100 == 0:
            self.db.execute("DELETE FROM events WHERE seq <= ?", ((cur.lastrowid or 0) - MAX_EVENTS,))

    def events(self, limit: int = 20) -> list[dict[str, str]]:
        rows = self.db.execute("SELECT at, pbx_name, kind, detail FROM events ORDER BY seq DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows][::-1]

    # ------------------------------------------------------------------------------------------ delta links

    def delta_link(self, address: str) -> tuple[str, datetime, datetime] | None:
        """The stored Graph delta link of ``address`` and its window ``(link, start, end)`` (UTC), or None."""
        row = self.db.execute("SELECT link, window_start, window_end FROM delta_links WHERE address = ?",
                              (address.lower(),)).fetchone()
        if row is None:
            return None
        start, end = parse_iso(row[1]), parse_iso(row[2])
        assert start is not None and end is not None
        return row[0], start, end

    def set_delta_link(self, address: str, link: str, start: datetime, end: datetime, now: datetime) -> None:
        """Keep the newest delta link of ``address`` (its window ``[start, end)`` in UTC)."""
        self.db.execute(
            "INSERT INTO delta_links(address, link, window_start, window_end, updated) VALUES(?, ?, ?, ?, ?) "
            "ON CONFLICT(address) DO UPDATE SET link = excluded.link, window_start = excluded.window_start, "
            "window_end = excluded.window_end, updated = excluded.updated",
            (address.lower(), link, iso(start), iso(end), iso(now)))

    def forget_delta_link(self, address: str) -> None:
        self.db.execute("DELETE FROM delta_links WHERE address = ?", (address.lower(),))

    def delta_link_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM delta_links").fetchone()[0])

    def delta_link_summary(self) -> dict[str, Any] | None:
        """``{"links", "oldest", "newest"}`` (ISO times of the least and most recently advanced delta link), or
        None when no Graph change tracking was ever kept here (EWS, or a state written before it existed)."""
        try:
            row = self.db.execute("SELECT COUNT(*), MIN(updated), MAX(updated) FROM delta_links").fetchone()
        except sqlite3.OperationalError:
            return None
        if not row or not row[0]:
            return None
        return {"links": int(row[0]), "oldest": row[1], "newest": row[2]}
