"""The engine's SQLite state: users, appointments, presence + outbox in one transaction, locking."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from calwizard.engine.model import Appointment
from calwizard.engine.store import Store
from calwizard.errors import ConfigError

NOW = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)


def _record(pbx: str, text: str) -> dict[str, str | None]:
    return {"user": f"{pbx}@x.test", "pbx_name": pbx, "activity": "busy", "presence": text,
            "until": "2030-05-06T09:00:00Z", "at": "2030-05-06T07:08:09Z"}


def test_users_appointments_and_reset_on_address_change(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.ensure_user("anna", ["a@x.test"], NOW)
    store.set_resolved("anna", "anna@x.test", "Anna", NOW)
    store.set_status("anna", "resolved", "", NOW)
    appts = [Appointment(NOW, NOW + timedelta(hours=1), "Ü 🎉", "busy", is_private=True, organizer="o@x.test",
                         uid="id-1")]
    store.replace_appointments("anna", appts, NOW)
    row = store.users()["anna"]
    assert (row.primary, row.status, row.read_at) == ("anna@x.test", "resolved", NOW)
    assert store.appointments("anna") == appts
    store.ensure_user("anna", ["a@x.test"], NOW)  # unchanged addresses keep the resolution
    assert store.users()["anna"].primary == "anna@x.test"
    store.ensure_user("anna", ["b@x.test"], NOW)  # changed addresses: resolve again
    row = store.users()["anna"]
    assert (row.primary, row.status, row.addresses) == (None, "pending", ("b@x.test",))
    store.ensure_user("ben", ["ben@x.test"], NOW)
    assert store.forget_users_except({"ben"}) == 1
    assert set(store.users()) == {"ben"} and store.appointments("anna") == []
    store.close()


def test_presence_and_outbox_in_order_and_dead_letters(tmp_path: Path) -> None:
    store = Store(tmp_path)
    seqs = [store.record_presence(_record("anna", t)) for t in ("one", "two", "three")]
    assert seqs == sorted(seqs)
    assert store.presences()["anna"].text == "three"
    assert [json.loads(p)["presence"] for _, p in store.outbox()] == ["one", "two", "three"]
    store.delivered(seqs[0])
    seq, payload = store.outbox()[0]
    store.dead_letter(seq, payload, "HTTP 400", NOW)
    assert store.outbox_size() == 1 and store.dead_letters() == 1
    store.close()
    again = Store(tmp_path)  # survives a restart
    assert again.outbox_size() == 1 and again.presences()["anna"].text == "three"
    assert again.meta("instance")
    again.close()


def test_one_engine_per_state_dir_and_read_only_status(tmp_path: Path) -> None:
    first = Store(tmp_path)
    with pytest.raises(ConfigError, match="another engine"):
        Store(tmp_path)
    first.add_event("anna", "access_denied", "impersonation_denied: no", NOW)
    reader = Store(tmp_path, read_only=True)
    assert reader.events()[-1]["kind"] == "access_denied"
    reader.close()
    first.close()
    Store(tmp_path).close()  # the lock is released on close
    with pytest.raises(ConfigError, match="no engine state"):
        Store(tmp_path / "missing", read_only=True)
