"""Microsoft Graph events -> the engine's appointments, and Graph answers -> backend errors (no network)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from calwizard.engine.graph_backend import Answer, answer_error, appointment_from_event, parse_graph_datetime

BERLIN = ZoneInfo("Europe/Berlin")


def event(**fields: object) -> dict:
    base = {
        "id": "AAMkAD=",
        "subject": "Design review",
        "start": {"dateTime": "2026-11-23T09:00:00.0000000", "timeZone": "UTC"},
        "end": {"dateTime": "2026-11-23T10:30:00.0000000", "timeZone": "UTC"},
        "showAs": "busy",
        "isAllDay": False,
        "sensitivity": "normal",
        "organizer": {"emailAddress": {"name": "Anna", "address": "anna@contoso.com"}},
    }
    return base | fields


def test_a_busy_event_keeps_times_subject_and_organizer() -> None:
    a = appointment_from_event(event(), BERLIN)
    assert a is not None
    assert (a.start, a.end) == (datetime(2026, 11, 23, 9, tzinfo=UTC), datetime(2026, 11, 23, 10, 30, tzinfo=UTC))
    assert (a.subject, a.free_busy, a.organizer, a.uid) == ("Design review", "busy", "anna@contoso.com", "AAMkAD=")
    assert not a.is_private and not a.is_all_day


@pytest.mark.parametrize(("show_as", "free_busy"), [
    ("free", "free"), ("tentative", "tentative"), ("busy", "busy"), ("oof", "oof"),
    ("workingElsewhere", "working_elsewhere"), ("unknown", "no_data"), ("somethingNew", "no_data"),
])
def test_show_as_maps_to_the_presence_mapping_sources(show_as: str, free_busy: str) -> None:
    a = appointment_from_event(event(showAs=show_as), BERLIN)
    assert a is not None and a.free_busy == free_busy


@pytest.mark.parametrize(("sensitivity", "private"), [
    ("normal", False), ("personal", False), ("private", True), ("confidential", True),
])
def test_private_and_confidential_hide_the_subject(sensitivity: str, private: bool) -> None:
    a = appointment_from_event(event(sensitivity=sensitivity), BERLIN)
    assert a is not None and a.is_private is private


def test_all_day_event_covers_its_dates_in_the_presence_timezone() -> None:
    a = appointment_from_event(event(isAllDay=True,
                                     start={"dateTime": "2026-11-24T00:00:00.0000000", "timeZone": "UTC"},
                                     end={"dateTime": "2026-11-26T00:00:00.0000000", "timeZone": "UTC"}), BERLIN)
    assert a is not None and a.is_all_day
    assert a.start == datetime(2026, 11, 24, tzinfo=BERLIN) and a.end == datetime(2026, 11, 26, tzinfo=BERLIN)


def test_windows_time_zone_names_are_understood() -> None:
    t = parse_graph_datetime({"dateTime": "2026-11-23T09:00:00.0000000", "timeZone": "W. Europe Standard Time"})
    assert t.astimezone(UTC) == datetime(2026, 11, 23, 8, tzinfo=UTC)


def test_event_without_readable_times_is_skipped_and_read_basic_has_no_subject() -> None:
    assert appointment_from_event(event(start={"timeZone": "UTC"}), BERLIN) is None
    basic = event()
    del basic["subject"]
    a = appointment_from_event(basic, BERLIN)
    assert a is not None and a.subject == ""


@pytest.mark.parametrize(("status", "code", "kind"), [
    (401, "InvalidAuthenticationToken", "unauthorized"),
    (403, "ErrorAccessDenied", "access_denied"),
    (404, "ErrorInvalidUser", "not_found"),
    (429, "ApplicationThrottled", "server_busy"),
    (503, "ServiceUnavailable", "server_busy"),
    (500, "InternalServerError", "other"),
])
def test_graph_errors_become_backend_error_kinds(status: int, code: str, kind: str) -> None:
    err = answer_error(Answer(status, {"error": {"code": code, "message": "m"}}, retry_after=7.0),
                       "calendar of anna@contoso.com")
    assert err.kind == kind
    assert code in err.message and "anna@contoso.com" in err.message
    if kind == "server_busy":
        assert err.back_off == 7.0
    if kind == "access_denied":
        assert "RBAC for Applications" in err.message
