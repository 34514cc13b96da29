"""Free/busy -> presence mapping and overlap rules (seed 002, "Presence mapping", "PBX & Presence",
"Presence string format" Additional Notes), asserted on what the PBX shows."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from calwizard.engine.mapping import (
    Activity,
    Priority,
    activity_for,
    effective_slots,
    free_busy_source,
    title_priority,
)
from calwizard.engine.model import Appointment
from calwizard.engine.presence import compute_presence
from calwizard.settings.model import FreeBusySource, PbxSettings, PresenceMappingSettings, PresenceTarget

BERLIN = ZoneInfo("Europe/Berlin")
PBX = PbxSettings(presence_language="en_GB", presence_timezone="Europe/Berlin")


def at(h: int, m: int = 0, day: int = 22) -> datetime:
    return datetime(2017, 12, day, h, m, tzinfo=BERLIN)


def appt(subject: str, start: datetime, end: datetime, free_busy: str = "busy", **kw: object) -> Appointment:
    return Appointment(start=start, end=end, subject=subject, free_busy=free_busy, **kw)  # type: ignore[arg-type]


def text_at(now: datetime, appts: list[Appointment], pbx: PbxSettings = PBX, mapping=None) -> str:
    return compute_presence(now, appts, pbx, mapping or PresenceMappingSettings()).text


# ----------------------------------------------------------------------------- source -> target

SOURCES = [
    (FreeBusySource.BUSY, "busy", ""),
    (FreeBusySource.TENTATIVE, "tentative", "someone@contoso.com"),
    (FreeBusySource.TENTATIVE_EXCEPTION, "tentative", "HR@Contoso.com"),
    (FreeBusySource.OUT_OF_OFFICE, "oof", ""),
    (FreeBusySource.WORKING_ELSEWHERE, "working_elsewhere", ""),
    (FreeBusySource.NO_DATA, "no_data", ""),
]

EXPECTED = {
    # target: (activity, text at 10:00 for "Sick" 9:00-12:00 (nothing after it))
    PresenceTarget.BUSY: (Activity.BUSY, "Sick until 12:00 #busy #len:4:4 #until:1513940400"),
    PresenceTarget.AWAY: (Activity.AWAY, "Sick until 12:00 #away #len:4:4 #until:1513940400"),
    PresenceTarget.DO_NOT_DISTURB: (Activity.DND, "Sick until 12:00 #busy #len:4:4 #until:1513940400"),
    PresenceTarget.AVAILABLE: (Activity.AVAILABLE, "Sick until 12:00 #free #len:4:4 #until:1513940400"),
    PresenceTarget.IGNORE: (Activity.AVAILABLE, "Free"),
}


@pytest.mark.parametrize("target", list(PresenceTarget))
@pytest.mark.parametrize(("source", "free_busy", "organizer"), SOURCES)
def test_each_source_maps_to_each_target(
    source: FreeBusySource, free_busy: str, organizer: str, target: PresenceTarget
) -> None:
    # every other source maps to something visible, so only the configured field decides
    others = {s.value: PresenceTarget.BUSY for s in FreeBusySource if s is not source}
    mapping = PresenceMappingSettings(
        **others, **{source.value: target}, tentative_exception_organizers=["hr@contoso.com"]
    )
    a = appt("Sick", at(9), at(12), free_busy, organizer=organizer)
    assert free_busy_source(a, mapping) is source
    activity, text = EXPECTED[target]
    p = compute_presence(at(10), [a], PBX, mapping)
    assert p.activity is activity
    assert p.text == text
    assert activity_for(a, mapping) == (None if target is PresenceTarget.IGNORE else activity)


def test_free_appointments_never_show_up() -> None:
    mapping = PresenceMappingSettings(**{s.value: PresenceTarget.BUSY for s in FreeBusySource})
    a = appt("Lunch", at(9), at(12), "free")
    assert free_busy_source(a, mapping) is None
    assert text_at(at(10), [a], mapping=mapping) == "Free"
    assert text_at(at(8), [a], mapping=mapping) == "Free"


def test_default_mapping_ignores_tentative_but_not_the_tentative_exception() -> None:
    mapping = PresenceMappingSettings(tentative_exception_organizers="hr@contoso.com; boss@contoso.com")
    normal = appt("Maybe", at(9), at(12), "tentative", organizer="colleague@contoso.com")
    sick = appt("Sick", at(9), at(12), "tentative", organizer="Boss@CONTOSO.com")
    assert text_at(at(10), [normal], mapping=mapping) == "Free"
    p = compute_presence(at(10), [normal, sick], PBX, mapping)
    assert p.activity is Activity.AWAY  # default target of tentative exceptions
    assert p.text == "Sick until 12:00 #away #len:4:4 #until:1513940400"


def test_tentative_without_organizer_is_no_exception() -> None:
    mapping = PresenceMappingSettings(tentative_exception_organizers=["hr@contoso.com"])
    a = appt("Sick", at(9), at(12), "tentative")
    assert free_busy_source(a, mapping) is FreeBusySource.TENTATIVE


def test_available_keeps_the_free_form_with_the_title() -> None:
    # seed: "Homeoffice until 2pm (Busy: Meeting)" instead of "Available until 2pm (Busy: Meeting)"
    day = [
        appt("Homeoffice", at(0), at(0, day=23), "working_elsewhere", is_all_day=True),
        appt("Meeting", at(14), at(15)),
    ]
    p = compute_presence(at(10), day, PBX, PresenceMappingSettings())
    assert p.activity is Activity.AVAILABLE
    assert p.text == (
        "Homeoffice until 14:00 (Busy: Meeting) #free #len:10:10 #until:1513947600 "
        "#next-activity:busy #next:30:7:30:7"
    )
    assert text_at(at(14, 30), day).startswith("Meeting until 15:00 #busy")
    # after the meeting, the rest of the whole-day home office: the date only
    assert text_at(at(15, 30), day) == "Homeoffice until 23/12/2017 #free #len:10:10 #until:1513983600 #whole-day"


# ----------------------------------------------------------------------------- overlaps


def test_later_start_cuts_the_current_appointment_and_the_earlier_one_resumes() -> None:
    long, short = appt("Workshop", at(9), at(12)), appt("Call", at(10), at(11))
    assert text_at(at(9, 30), [long, short]).startswith("Workshop until 10:00 #busy")
    assert text_at(at(10, 30), [long, short]).startswith("Call until 11:00 #busy")
    assert text_at(at(11, 30), [long, short]).startswith("Workshop until 12:00 #busy")


def test_next_starting_exactly_at_the_end() -> None:
    appts = [appt("One", at(9), at(10)), appt("Two", at(10), at(11))]
    assert text_at(at(9, 30), appts).startswith("One until 10:00 #busy")
    assert text_at(at(10), appts).startswith("Two until 11:00 #busy")


def test_a_meeting_is_not_hidden_by_an_available_appointment_starting_later() -> None:
    appts = [appt("Meeting", at(8), at(10)), appt("Homeoffice", at(9), at(17), "working_elsewhere")]
    p = compute_presence(at(9, 30), appts, PBX, PresenceMappingSettings())
    assert p.activity is Activity.BUSY
    assert p.text.startswith("Meeting until 10:00 #busy")
    assert text_at(at(10, 30), appts).startswith("Homeoffice until 17:00 #free")


def test_prioritized_words_win_over_concurrent_appointments() -> None:
    vacation = appt("My VACATION 🌴", at(0), at(0, day=24), "oof", is_all_day=True)
    meeting = appt("Meeting", at(10), at(11))
    plain = compute_presence(at(10, 30), [vacation, meeting], PBX, PresenceMappingSettings())
    assert plain.text.startswith("Meeting until 11:00 #busy")
    pbx = PbxSettings(presence_language="en_GB", presence_timezone="Europe/Berlin", prioritized_words="vacation")
    p = compute_presence(at(10, 30), [vacation, meeting], pbx, PresenceMappingSettings())
    assert p.activity is Activity.AWAY
    assert p.text == "My VACATION 🌴 until 24/12/2017 #away #len:13:16 #until:1514070000 #whole-day"
    # before the vacation starts, it is what comes next, even if a meeting overlaps its start
    early = appt("Early call", at(23, day=21), at(1))
    before = compute_presence(at(22, day=21), [vacation, meeting, early], pbx, PresenceMappingSettings())
    assert before.body == "Free until 23:00 (Busy: Early call)"
    during = compute_presence(at(23, 30, day=21), [vacation, meeting, early], pbx, PresenceMappingSettings())
    assert during.body == "Early call until 22/12/2017"
    assert during.whole_day  # cut by the start of the whole-day vacation at midnight


def test_non_prioritized_words_lose_to_concurrent_appointments() -> None:
    appts = [appt("Meeting", at(8), at(12)), appt("Home Office", at(9), at(17))]
    assert text_at(at(10), appts).startswith("Home Office until 17:00")
    pbx = PbxSettings(
        presence_language="en_GB", presence_timezone="Europe/Berlin", non_prioritized_words=["home office"]
    )
    assert text_at(at(10), appts, pbx).startswith("Meeting until 12:00 #busy")
    assert text_at(at(12), appts, pbx).startswith("Home Office until 17:00 #busy")


def test_title_priority_is_a_case_insensitive_substring_and_prioritized_wins_a_tie() -> None:
    pbx = PbxSettings(prioritized_words="Urlaub, sick", non_prioritized_words="homeoffice")
    assert title_priority("Sommerurlaub", pbx) is Priority.HIGH
    assert title_priority("SICK leave", pbx) is Priority.HIGH
    assert title_priority("HomeOffice", pbx) is Priority.LOW
    assert title_priority("Urlaub statt Homeoffice", pbx) is Priority.HIGH
    assert title_priority("Meeting", pbx) is Priority.NORMAL


def test_effective_slots_are_disjoint_merged_and_skip_ignored_and_empty_appointments() -> None:
    appts = [
        appt("A", at(9), at(12)),
        appt("B", at(10), at(11)),
        appt("Maybe", at(13), at(14), "tentative"),  # ignored by default
        appt("Empty", at(15), at(15)),
        appt("Backwards", at(16), at(15)),
        appt("C", at(12), at(13)),
    ]
    slots = effective_slots(appts, PBX, PresenceMappingSettings())
    assert [(s.winner.appointment.subject, s.start, s.end) for s in slots] == [
        ("A", at(9), at(10)),
        ("B", at(10), at(11)),
        ("A", at(11), at(12)),
        ("C", at(12), at(13)),
    ]


def test_appointment_rejects_naive_times_and_unknown_free_busy() -> None:
    with pytest.raises(ValueError, match="aware"):
        Appointment(datetime(2017, 1, 1), at(10), "x", "busy")
    with pytest.raises(ValueError, match="free_busy"):
        Appointment(at(9), at(10), "x", "Busy")
    assert Appointment(at(9), at(10), "x", "busy").start.utcoffset().total_seconds() == 0
