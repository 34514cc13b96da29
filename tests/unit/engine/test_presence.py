"""The presence string (seed 002, "Presence", "Presence string format", "Presence mapping").

The seed's example strings are asserted in the form the grammar decisions of
:mod:`calwizard.engine.presence` normalize them to; each test names the seed string it stands for.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calwizard.engine.mapping import Activity, activity_for
from calwizard.engine.model import Appointment
from calwizard.engine.presence import (
    WORDS,
    Presence,
    PresenceParseError,
    clean_title,
    compute_presence,
    parse_presence,
    words_for,
)
from calwizard.settings.model import FreeBusySource, PbxSettings, PresenceMappingSettings, PresenceTarget

BERLIN = ZoneInfo("Europe/Berlin")
MAPPING = PresenceMappingSettings()


def pbx(language: str = "en_GB", tz: str = "Europe/Berlin", **kw: object) -> PbxSettings:
    return PbxSettings(presence_language=language, presence_timezone=tz, **kw)  # type: ignore[arg-type]


def at(month: int, day: int, h: int = 0, m: int = 0, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime(2017, month, day, h, m, tzinfo=tz)


def appt(subject: str, start: datetime, end: datetime, free_busy: str = "busy", **kw: object) -> Appointment:
    return Appointment(start=start, end=end, subject=subject, free_busy=free_busy, **kw)  # type: ignore[arg-type]


def render(now: datetime, appts: list[Appointment], settings_: PbxSettings, mapping=MAPPING) -> Presence:
    p = compute_presence(now, appts, settings_, mapping)
    parse_presence(p.text, settings_.presence_language, strict=True)  # every rendered string parses back
    return p


SPARROW = appt("Meeting with Caption Sparrow", at(12, 22, 10, 30), at(12, 22, 12, 30))
CHRISTMAS = appt("Christmas", at(12, 24), at(12, 27), is_all_day=True)
SLEEPING = appt("Sleeping", at(8, 21, 22), at(8, 22, 7), "oof")

# ----------------------------------------------------------------------------- the seed's examples


def test_seed_free() -> None:
    # seed: "Free"
    p = render(at(12, 28), [SPARROW, CHRISTMAS], pbx())
    assert (p.text, p.activity, p.until, p.next_change) == ("Free", Activity.AVAILABLE, None, None)
    assert render(at(12, 28), [], pbx("de")).text == "Frei"


def test_seed_free_until_next_meeting() -> None:
    # seed: "Free until 10:30 (Busy: Meeting with Caption Sparrow) #free #until:12345
    #        #next-activity:busy #next:24:28:48:28"  (byte position 48 is not the UTF-8 offset)
    p = render(at(12, 22, 9), [SPARROW], pbx("en_GB"))
    assert p.text == (
        "Free until 10:30 (Busy: Meeting with Caption Sparrow) #free #until:1513935000 "
        "#next-activity:busy #next:24:28:24:28"
    )
    assert p.activity is Activity.AVAILABLE
    assert p.until == p.next_change == SPARROW.start


def test_seed_free_until_next_meeting_in_german_counts_umlaut_bytes() -> None:
    p = render(at(12, 22, 9), [SPARROW], pbx("de"))
    assert p.text == (
        "Frei bis 10:30 (Beschäftigt: Meeting with Caption Sparrow) #free #until:1513935000 "
        "#next-activity:busy #next:29:28:30:28"
    )


def test_seed_free_until_next_meeting_in_us_english_uses_cldr_12_hour_time() -> None:
    p = render(at(12, 22, 9), [SPARROW], pbx("en_US"))
    # CLDR en_US short time "h:mm a"; CLDR's U+202F NARROW NO-BREAK SPACE before AM is written as a plain space
    assert p.text == (
        "Free until 10:30 AM (Busy: Meeting with Caption Sparrow) #free #until:1513935000 "
        "#next-activity:busy #next:27:28:27:28"
    )
    assert "\u202f" not in p.text and "\xa0" not in p.text


def test_seed_meeting_until() -> None:
    # seed: "Meeting with Caption Sparrow until 12:30 #busy #len:28:28 #until:12345"
    p = render(at(12, 22, 11), [SPARROW], pbx("en_GB"))
    assert p.text == "Meeting with Caption Sparrow until 12:30 #busy #len:28:28 #until:1513942200"
    assert p.activity is Activity.BUSY
    assert p.appointment == SPARROW
    assert p.until == p.next_change == SPARROW.end
    assert render(at(12, 22, 11), [SPARROW], pbx("en_US")).body == "Meeting with Caption Sparrow until 12:30 PM"


def test_seed_free_until_whole_day_christmas() -> None:
    # seed: "Free until 24.12.2017 (Busy: Christmas) #free #until:54321 #whole-day
    #        #next-activity:busy #next:29:9:29:2"
    p = render(at(12, 23, 18), [CHRISTMAS], pbx("de"))
    assert p.text == (
        "Frei bis 24.12.2017 (Beschäftigt: Christmas) #free #until:1514070000 #whole-day "
        "#next-activity:busy #next:34:9:35:9"
    )
    assert p.whole_day
    # same calendar in en_GB: the seed's character numbers 29:9, and the real byte numbers
    assert render(at(12, 23, 18), [CHRISTMAS], pbx("en_GB")).text == (
        "Free until 24/12/2017 (Busy: Christmas) #free #until:1514070000 #whole-day "
        "#next-activity:busy #next:29:9:29:9"
    )


def test_seed_christmas_until_whole_day_end() -> None:
    # seed: "Christmas until 27.12.2017 #busy #len:9 #until:42424242 #whole-day"
    p = render(at(12, 25, 10), [CHRISTMAS], pbx("de"))
    assert p.text == "Christmas bis 27.12.2017 #busy #len:9:9 #until:1514329200 #whole-day"
    assert p.until == CHRISTMAS.end == p.next_change


def test_seed_sleeping_until_tomorrow_date_and_time() -> None:
    # seed: "Sleeping until 22.08.2017 07:00 #away #len:8  #until:3333333"
    p = render(at(8, 21, 23), [SLEEPING], pbx("de"))
    assert p.text == "Sleeping bis 22.08.2017 07:00 #away #len:8:8 #until:1503378000"
    assert p.activity is Activity.AWAY
    # the date disappears at midnight: that is the next change, before the end
    assert p.next_change == at(8, 22)
    after_midnight = render(at(8, 22, 0, 30), [SLEEPING], pbx("de"))
    assert after_midnight.text == "Sleeping bis 07:00 #away #len:8:8 #until:1503378000"
    assert after_midnight.next_change == SLEEPING.end


# ----------------------------------------------------------------------------- other rules


def test_next_appointment_tomorrow_shows_date_and_time() -> None:
    standup = appt("Standup", at(12, 23, 9), at(12, 23, 9, 15))
    p = render(at(12, 22, 17), [standup], pbx("en_GB"))
    assert p.body == "Free until 23/12/2017 09:00 (Busy: Standup)"
    assert p.next_change == at(12, 23)
    assert render(at(12, 23), [standup], pbx("en_GB")).body == "Free until 09:00 (Busy: Standup)"
    assert render(at(12, 22, 17), [standup], pbx("en_US")).body == "Free until 12/23/2017 9:00 AM (Busy: Standup)"
    # a language without a region writes the seed's formats
    assert render(at(12, 22, 17), [standup], pbx("en")).body == "Free until 23.12.2017 09:00 (Busy: Standup)"


def test_private_appointment_shows_private_instead_of_the_title() -> None:
    secret = appt("Doctor Müller", at(12, 22, 10), at(12, 22, 11), is_private=True)
    assert render(at(12, 22, 10, 30), [secret], pbx()).text == "Private until 11:00 #busy #len:7:7 #until:1513936800"
    assert render(at(12, 22, 9), [secret], pbx("de")).body == "Frei bis 10:00 (Beschäftigt: Privat)"


def test_subject_hidden_shows_the_activity_word() -> None:
    hidden = pbx("en_GB", show_subject=False)
    meeting = appt("Salary talk", at(12, 22, 10), at(12, 22, 11))
    trip = appt("Trip", at(12, 22, 10), at(12, 22, 11), "oof")
    home = appt("Homeoffice", at(12, 22, 8), at(12, 22, 10), "working_elsewhere")
    assert render(at(12, 22, 10, 30), [meeting], hidden).text == "Busy until 11:00 #busy #len:4:4 #until:1513936800"
    assert render(at(12, 22, 9), [trip], hidden).body == "Free until 10:00 (Away)"
    assert render(at(12, 22, 9), [home, meeting], hidden).text == (
        "Available until 10:00 (Busy) #free #len:9:9 #until:1513933200 #next-activity:busy #next:23:4:23:4"
    )
    private = appt("Doctor", at(12, 22, 10), at(12, 22, 11), is_private=True)
    assert render(at(12, 22, 10, 30), [private], hidden).body == "Busy until 11:00"
    german = render(at(12, 22, 10, 30), [meeting], pbx("de", show_subject=False))
    assert german.text == "Beschäftigt bis 11:00 #busy #len:11:12 #until:1513936800"
    assert "Salary" not in german.text


def test_do_not_disturb_is_tagged_busy_but_sets_dnd() -> None:
    mapping = PresenceMappingSettings(busy=PresenceTarget.DO_NOT_DISTURB)
    focus = appt("Focus", at(12, 22, 10), at(12, 22, 11))
    now = render(at(12, 22, 10), [focus], pbx(), mapping)
    assert now.activity is Activity.DND
    assert now.text == "Focus until 11:00 #busy #len:5:5 #until:1513936800"
    before = render(at(12, 22, 9), [focus], pbx(), mapping)
    assert before.body == "Free until 10:00 (Busy: Focus)"
    assert before.next_activity is Activity.DND
    assert before.text.endswith("#next-activity:busy #next:24:5:24:5")
    hidden = render(at(12, 22, 10), [focus], pbx(show_subject=False), mapping)
    assert hidden.body == "Do not disturb until 11:00"


def test_whole_day_appointment_cut_by_a_timed_one_shows_the_time() -> None:
    holiday = appt("Holiday", at(12, 22), at(12, 23), "oof", is_all_day=True)
    call = appt("Call", at(12, 22, 10), at(12, 22, 11))
    p = render(at(12, 22, 9), [holiday, call], pbx())
    assert p.text == "Holiday until 10:00 #away #len:7:7 #until:1513933200"
    assert not p.whole_day
    assert render(at(12, 22, 11), [holiday, call], pbx()).text == (
        "Holiday until 23/12/2017 #away #len:7:7 #until:1513983600 #whole-day"
    )


def test_available_appointment_with_nothing_after_it() -> None:
    home = appt("Homeoffice", at(12, 22, 8), at(12, 22, 12), "working_elsewhere")
    p = render(at(12, 22, 9), [home], pbx())
    assert p.text == "Homeoffice until 12:00 #free #len:10:10 #until:1513940400"
    assert p.activity is Activity.AVAILABLE
    assert render(at(12, 22, 12), [home], pbx()).text == "Free"


def test_free_until_an_available_appointment_has_no_prefix() -> None:
    home = appt("Homeoffice", at(12, 22, 14), at(12, 22, 18), "working_elsewhere")
    p = render(at(12, 22, 9), [home], pbx())
    assert p.text == "Free until 14:00 (Homeoffice) #free #until:1513947600 #next-activity:free #next:18:10:18:10"


def test_titles_are_single_line_and_counted_as_shown() -> None:
    messy = appt("  Line one\nline two\t🎉\u2028 ", at(12, 22, 10), at(12, 22, 11))
    p = render(at(12, 22, 10), [messy], pbx())
    assert p.body == "Line one line two 🎉 until 11:00"
    assert "#len:19:22 " in p.text
    assert clean_title("a\ud800b") == "a\ufffdb"
    empty = appt("   ", at(12, 22, 10), at(12, 22, 11), "oof")
    assert render(at(12, 22, 10), [empty], pbx()).body == "Away until 11:00"


def test_titles_that_look_like_grammar_parse_back_exactly() -> None:
    tricky = "Review (Busy: x) until 10:00 #busy #len:1:1"
    a = appt(tricky, at(12, 22, 10), at(12, 22, 11))
    for now in (at(12, 22, 9), at(12, 22, 10)):
        p = render(now, [a], pbx())
        parsed = parse_presence(p.text, "en_GB")
        assert tricky in (parsed.info, parsed.next_info)


def test_presence_timezone_decides_the_time_shown_and_the_day() -> None:
    # 18:30 UTC is 00:00 the next day in Kolkata (UTC+05:30)
    late = appt("Late call", datetime(2017, 12, 22, 18, 30, tzinfo=UTC), datetime(2017, 12, 22, 19, tzinfo=UTC))
    now = datetime(2017, 12, 22, 17, tzinfo=UTC)
    assert render(now, [late], pbx("en_GB", "Asia/Kolkata")).body == "Free until 23/12/2017 00:00 (Busy: Late call)"
    assert render(now, [late], pbx("en_GB", "UTC")).body == "Free until 18:30 (Busy: Late call)"
    # Windows zone names are accepted by the settings and give the same result as the IANA name
    assert render(now, [late], pbx("de", "W. Europe Standard Time")).body == "Frei bis 19:30 (Beschäftigt: Late call)"


def test_regional_language_uses_the_base_word_table_and_its_own_cldr_formats() -> None:
    assert words_for("de_AT") == ("de", WORDS["de"])
    assert words_for("fr") == ("en", WORDS["en"])
    assert render(at(12, 22, 9), [SPARROW], pbx("de_AT")).body.startswith("Frei bis 10:30 (Beschäftigt: ")


def test_every_word_table_is_complete() -> None:
    keys = set(WORDS["en"])
    assert {"free", "until", "busy", "away", "private"} <= keys
    for code, table in WORDS.items():
        assert set(table) == keys, code
        assert all(v and v == v.strip() and "#" not in v for v in table.values()), code


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="aware"):
        compute_presence(datetime(2017, 12, 22), [], pbx(), MAPPING)


# ----------------------------------------------------------------------------- the parser

VALID_DE = [
    "Frei",
    "Frei bis 24.12.2017 (Beschäftigt: Christmas) #free #until:1514070000 #whole-day "
    "#next-activity:busy #next:34:9:35:9",
    "Christmas bis 27.12.2017 #busy #len:9:9 #until:1514329200 #whole-day",
    "Sleeping bis 22.08.2017 07:00 #away #len:8:8 #until:1503378000",
]


@pytest.mark.parametrize("text", VALID_DE)
def test_parser_accepts_rendered_german_strings_and_finds_the_language(text: str) -> None:
    assert parse_presence(text).language == "de"
    assert parse_presence(text, "de").body == text.split(" #")[0]


def test_parser_returns_the_parts() -> None:
    parsed = parse_presence(VALID_DE[1], "de")
    assert (parsed.kind, parsed.activity, parsed.next_prefix, parsed.next_info) == (
        "free_until",
        "free",
        "busy",
        "Christmas",
    )
    assert (parsed.date.isoformat(), parsed.time, parsed.whole_day, parsed.until) == (
        "2017-12-24",
        None,
        True,
        1514070000,
    )
    sleeping = parse_presence(VALID_DE[3])
    assert (sleeping.info, sleeping.info_len, sleeping.form) == ("Sleeping", (8, 8), "datetime")
    assert sleeping.time.isoformat() == "07:00:00"
    us = parse_presence("Sick until 12/27/2017 7:05 PM #away #len:4:4 #until:1514397900", "en_US", strict=True)
    assert (us.language, us.time.isoformat()) == ("en", "19:05:00")


REJECTED = {
    "seed example with wrong byte position": "Free until 10:30 (Busy: Meeting with Caption Sparrow) #free "
    "#until:12345 #next-activity:busy #next:24:28:48:28",
    "byte position equal to char position after an umlaut": VALID_DE[1].replace("#next:34:9:35:9", "#next:34:9:34:9"),
    "#len with one number (seed)": "Christmas bis 27.12.2017 #busy #len:9 #until:1514329200 #whole-day",
    "double space (seed)": "Sleeping bis 22.08.2017 07:00 #away #len:8:8  #until:1503378000",
    "#next-activity without colon": VALID_DE[1].replace("#next-activity:busy", "#next-activity busy"),
    "#len pointing into the title": "Christmas bis 27.12.2017 #busy #len:8:8 #until:1514329200 #whole-day",
    "tags out of order": "Christmas bis 27.12.2017 #busy #until:1514329200 #len:9:9 #whole-day",
    "trailing space": VALID_DE[3] + " ",
    "date only without #whole-day": "Christmas bis 27.12.2017 #busy #len:9:9 #until:1514329200",
    "time with #whole-day": "Sleeping bis 07:00 #away #len:8:8 #until:1503378000 #whole-day",
    "two-digit year": "Sleeping bis 22.08.17 07:00 #away #len:8:8 #until:1503378000",
    "one-digit hour in de": "Sleeping bis 7:00 #away #len:8:8 #until:1503378000",
    "one-digit month in de": "Sleeping bis 22.8.2017 07:00 #away #len:8:8 #until:1503378000",
    "CLDR comma glue": "Sleeping bis 22.08.2017, 07:00 #away #len:8:8 #until:1503378000",
    "impossible date": "Sleeping bis 31.02.2017 07:00 #away #len:8:8 #until:1503378000",
    "impossible time": "Sleeping bis 25:00 #away #len:8:8 #until:1503378000",
    "English until in German": "Sleeping until 07:00 #away #len:8:8 #until:1503378000",
    "free until without a next appointment": "Frei bis 10:00 #free #until:1503378000",
    "free form tagged busy": "Frei bis 10:00 (X) #busy #until:1 #next-activity:busy #next:16:1:16:1",
    "next appointment after a busy one": "Sleeping bis 07:00 (Beschäftigt: X) #away #len:8:8 #until:1 "
    "#next-activity:busy #next:33:1:34:1",
    "prefix contradicts next activity": "Frei bis 10:00 (Abwesend: X) #free #until:1 "
    "#next-activity:busy #next:25:1:25:1",
    "leading zero": "Sleeping bis 07:00 #away #len:8:8 #until:01503378000",
    "no tags": "Sleeping bis 07:00",
    "empty": "",
    "English Free": "Free",
}


@pytest.mark.parametrize("text", list(REJECTED.values()), ids=list(REJECTED))
def test_strict_parser_rejects_strings_off_the_grammar(text: str) -> None:
    language = None if text.startswith("Free until 10:30") else "de"
    with pytest.raises(PresenceParseError):
        parse_presence(text, language, strict=True)


def test_strict_parser_is_exact_about_the_cldr_time_of_us_english() -> None:
    good = "Sick until 7:05 PM #away #len:4:4 #until:1514397900"
    assert parse_presence(good, "en_US", strict=True).time.isoformat() == "19:05:00"
    for bad in ("Sick until 7:05\u202fPM", "Sick until 07:05 PM", "Sick until 19:05", "Sick until 7:05 pm"):
        with pytest.raises(PresenceParseError):
            parse_presence(bad + " #away #len:4:4 #until:1514397900", "en_US", strict=True)


# ----------------------------------------------------------------------------- what real clients receive

SEED_EXAMPLES = [  # seed 002, "Example presence strings", verbatim
    "Free",
    "Free until 10:30 (Busy: Meeting with Caption Sparrow) #free #until:12345 #next-activity:busy #next:24:28:48:28",
    "Meeting with Caption Sparrow until 12:30 #busy #len:28:28 #until:12345",
    "Free until 24.12.2017 (Busy: Christmas) #free #until:54321 #whole-day #next-activity:busy #next:29:9:29:2",
    "Christmas until 27.12.2017 #busy #len:9 #until:42424242 #whole-day",
    "Sleeping until 22.08.2017 07:00 #away #len:8  #until:3333333",
]


@pytest.mark.parametrize("text", SEED_EXAMPLES)
def test_every_seed_example_parses_as_real_clients_receive_it(text: str) -> None:
    parsed = parse_presence(text)
    assert parsed.language == "en"
    assert parse_presence(text, "en") == parsed


def test_seed_examples_parse_into_their_parts_and_name_their_departures() -> None:
    free, meeting, christmas_next, christmas, sleeping = (parse_presence(t) for t in SEED_EXAMPLES[1:])
    assert (free.kind, free.time.isoformat(), free.next_prefix, free.next_info, free.next_activity) == (
        "free_until", "10:30:00", "busy", "Meeting with Caption Sparrow", "busy")
    assert free.next_span == (24, 28, 24, 28)  # the true byte numbers, not the seed's "48:28"
    assert free.deviations == ("#next byte numbers 48:28 do not match the text (24:28)",)
    assert (meeting.info, meeting.info_len, meeting.until, meeting.deviations) == (
        "Meeting with Caption Sparrow", (28, 28), 12345, ())
    assert (christmas_next.date.isoformat(), christmas_next.whole_day, christmas_next.next_info) == (
        "2017-12-24", True, "Christmas")
    assert (christmas.info, christmas.info_len, christmas.date.isoformat()) == ("Christmas", (9, 9), "2017-12-27")
    assert christmas.deviations == ("#len has no byte count",)
    assert (sleeping.activity, sleeping.form, sleeping.date.isoformat(), sleeping.time.isoformat()) == (
        "away", "datetime", "2017-08-22", "07:00:00")
    assert "more than one space between tags" in sleeping.deviations
    for strict_rejects in SEED_EXAMPLES[1:]:
        if strict_rejects in (SEED_EXAMPLES[2],):
            continue
        with pytest.raises(PresenceParseError):
            parse_presence(strict_rejects, strict=True)


def test_default_presence_language_renders_the_seed_examples_formats() -> None:
    """With the default settings, what the engine writes has the seed's shape: English words, day-first dotted
    dates, 24-hour times."""
    default = PbxSettings(presence_timezone="Europe/Berlin")
    assert render(at(8, 21, 23), [appt("Sleeping", at(8, 21, 22), at(8, 22, 7), "oof")], default).text == (
        "Sleeping until 22.08.2017 07:00 #away #len:8:8 #until:1503378000")
    assert render(at(12, 25, 10), [CHRISTMAS], default).text == (
        "Christmas until 27.12.2017 #busy #len:9:9 #until:1514329200 #whole-day")
    assert render(at(12, 22, 9), [SPARROW], default).body == "Free until 10:30 (Busy: Meeting with Caption Sparrow)"


def test_lenient_parser_reads_other_clients_date_forms_and_unusual_spaces() -> None:
    us = parse_presence("Sick until 12/27/2017 7:05\u202fPM #away #len:4:4 #until:1514397900", "en_US")
    assert (us.date.isoformat(), us.time.isoformat()) == ("2017-12-27", "19:05:00")
    assert us.deviations == ("unusual spaces in the Date-Time",)
    seedish = parse_presence("Sick until 27/12/2017 7:05 p.m. #away #len:4:4 #until:1514397900", "en")
    assert (seedish.date.isoformat(), seedish.time.isoformat()) == ("2017-12-27", "19:05:00")
    assert seedish.deviations and "seed's format" in seedish.deviations[0]
    for hopeless in ("Sick until 27.13.2017 07:05 #away #len:4:4 #until:1", "Sick until 25:05 #away #len:4:4 #until:1",
                     "Sick until 07:05 #away #len:5:5 #until:1", "Sick bis 07:05 #away #len:4:4 #until:1"):
        with pytest.raises(PresenceParseError):
            parse_presence(hopeless, "en")


def test_every_locale_offered_has_word_table_and_plain_spaces() -> None:
    from calwizard.engine.presence import presence_locales

    locales = dict(presence_locales())
    assert {"en", "de", "en_US", "en_GB", "de_AT", "de_CH"} <= set(locales)
    assert all(words_for(code)[0] == code.split("_")[0] for code in locales)
    assert locales["en"].endswith("22.08.2017 19:00") and locales["en_US"].endswith("08/22/2017 7:00 PM")
    assert not any(ch in label for label in locales.values() for ch in "\u202f\xa0\u2009")


# ----------------------------------------------------------------------------- properties

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Santiago", "Australia/Lord_Howe"]
LANGUAGES = ["en", "de", "en_GB", "de_AT", "en_US"]
BASE = datetime(2026, 3, 27, tzinfo=UTC)  # DST changes in Europe/US/Chile/Australia within reach

TITLES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "Meeting",
            "Besprechung über Öl und Äpfel",
            "会議 第三四半期",
            "🎉 Party 👨‍👩‍👧 🌴",
            "Urlaub",
            "Home office",
            "until 10:00 (Busy: x) #busy #len:1:1",
            "",
            " \n ",
        ]
    ),
    st.lists(st.sampled_from(["ä", "ß", "語", "🙂", "a", " ", "(", ")", "#", ":", "\t", "é"]), max_size=12).map(
        "".join
    ),
)


@st.composite
def calendars(draw: st.DrawFn) -> tuple[PbxSettings, PresenceMappingSettings, list[Appointment], datetime]:
    tz_name = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(tz_name)
    settings_ = pbx(
        draw(st.sampled_from(LANGUAGES)),
        tz_name,
        show_subject=draw(st.booleans()),
        prioritized_words=draw(st.lists(st.sampled_from(["urlaub", "party", "会議"]), max_size=2)),
        non_prioritized_words=draw(st.lists(st.sampled_from(["home office", "meeting", "ö"]), max_size=2)),
    )
    targets = st.sampled_from(list(PresenceTarget))
    mapping = PresenceMappingSettings(
        **{s.value: draw(targets) for s in FreeBusySource},
        tentative_exception_organizers=["hr@contoso.com"],
    )
    appts = []
    for _ in range(draw(st.integers(0, 7))):
        if draw(st.booleans()):
            day = (BASE.astimezone(tz) + timedelta(days=draw(st.integers(-1, 6)))).date()
            start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
            end = datetime.combine(day + timedelta(days=draw(st.integers(1, 3))), datetime.min.time(), tzinfo=tz)
            all_day = True
        else:
            start = BASE + timedelta(minutes=draw(st.integers(-24 * 60, 7 * 24 * 60)))
            end = start + timedelta(minutes=draw(st.integers(-30, 3 * 24 * 60)))
            all_day = False
        appts.append(
            Appointment(
                start=start,
                end=end,
                subject=draw(TITLES),
                free_busy=draw(st.sampled_from(["free", "tentative", "busy", "oof", "working_elsewhere", "no_data"])),
                is_all_day=all_day,
                is_private=draw(st.booleans()),
                organizer=draw(st.sampled_from(["", "hr@contoso.com", "HR@Contoso.COM", "boss@contoso.com"])),
            )
        )
    if appts and draw(st.booleans()):  # often inside or at the edge of an appointment
        a = draw(st.sampled_from(appts))
        now = a.start + max(a.end - a.start, timedelta(0)) * draw(st.sampled_from([0, 0.25, 0.5, 0.99, 1]))
    else:
        now = BASE + timedelta(seconds=draw(st.integers(-24 * 3600, 7 * 24 * 3600)))
    now += timedelta(microseconds=draw(st.integers(0, 999_999)))
    return settings_, mapping, appts, now


def expected_info(a: Appointment, activity: Activity, settings_: PbxSettings) -> str:
    """Appointment-Info by the documented decisions 10, 11 and 14."""
    words = words_for(settings_.presence_language)[1]
    word = words[{"available": "available", "busy": "busy", "away": "away", "dnd": "dnd"}[activity.value]]
    if not settings_.show_subject:
        return word
    if a.is_private:
        return words["private"]
    return clean_title(a.subject) or word


TAG_RE = re.compile(r"#(\S+)")
PROPERTY_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(calendars())
def test_rendered_presence_parses_and_its_numbers_are_true(
    case: tuple[PbxSettings, PresenceMappingSettings, list[Appointment], datetime],
) -> None:
    settings_, mapping, appts, now = case
    p = compute_presence(now, appts, settings_, mapping)
    parsed = parse_presence(p.text, settings_.presence_language, strict=True)
    assert parsed == parse_presence(p.text, settings_.presence_language)  # lenient reads it the same
    words = words_for(settings_.presence_language)[1]

    if p.until is None:
        assert p.text == words["free"] and p.next_change is None
        # nothing is shown now and nothing comes later
        assert all(
            activity_for(a, mapping) is None or a.end <= now or a.end <= a.start for a in appts
        )
        return

    tags = dict(t.split(":", 1) if ":" in t else (t, "") for t in TAG_RE.findall(p.text[len(p.body) :]))
    assert p.text == f"{p.body} " + " ".join(
        f"#{k}:{v}" if v else f"#{k}" for k, v in tags.items()
    )  # tags are all after the body, single-spaced, no trailing space

    # until: in the future, consistent with #until and with the Date-Time shown in the presence timezone
    tz = ZoneInfo(settings_.presence_timezone)
    assert p.until > now
    assert int(tags["until"]) == int(p.until.timestamp() // 1) == parsed.until
    local = p.until.astimezone(tz)
    if parsed.date is not None:
        assert parsed.date == local.date()
    if parsed.time is not None:
        assert (parsed.time.hour, parsed.time.minute) == (local.hour, local.minute)
    assert (parsed.form == "date") == p.whole_day == ("whole-day" in tags)
    if parsed.form == "time":
        assert local.date() == now.astimezone(tz).date()

    # #len: the leading Appointment-Info in characters and UTF-8 bytes
    if p.appointment is not None:
        shown_activity = activity_for(p.appointment, mapping)
        assert shown_activity is p.activity
        info = expected_info(p.appointment, p.activity, settings_)
        assert p.text.startswith(info)
        assert tags["len"] == f"{len(info)}:{len(info.encode('utf-8'))}"
        assert p.appointment.start <= now < p.appointment.end
    else:
        assert "len" not in tags and p.activity is Activity.AVAILABLE
        assert p.body.startswith(f"{words['free']} {words['until']} ")

    # #next: position and length of the next Appointment-Info, in characters and UTF-8 bytes
    if p.next_appointment is not None:
        assert p.activity is Activity.AVAILABLE and tags["free"] == ""
        pos, length, pos_b, len_b = map(int, tags["next"].split(":"))
        info = expected_info(p.next_appointment, p.next_activity, settings_)
        assert p.text[pos : pos + length] == info and p.body == p.text[: pos + length] + ")"
        assert (pos_b, len_b) == (len(p.text[:pos].encode("utf-8")), len(info.encode("utf-8")))
        assert p.next_appointment.start <= p.until < p.next_appointment.end
    else:
        assert "next" not in tags and "next-activity" not in tags

    # the text holds until next_change, and changes at midnight when that comes first
    assert now < p.next_change <= p.until
    for probe in (now + (p.next_change - now) / 3, p.next_change - timedelta(microseconds=1)):
        assert compute_presence(probe, appts, settings_, mapping).text == p.text
    if p.next_change < p.until:
        assert compute_presence(p.next_change, appts, settings_, mapping).text != p.text


@PROPERTY_SETTINGS
@given(calendars(), st.integers(0, 200))
def test_corrupting_a_number_in_the_tags_is_rejected(
    case: tuple[PbxSettings, PresenceMappingSettings, list[Appointment], datetime], which: int
) -> None:
    settings_, mapping, appts, now = case
    p = compute_presence(now, appts, settings_, mapping)
    tags = p.text[len(p.body) :]
    spans = [m.span() for m in re.finditer(r"(?<=[:])\d+", tags) if not tags[: m.start()].endswith("until:")]
    assume(spans)
    start, end = spans[which % len(spans)]
    bumped = tags[:start] + str(int(tags[start:end]) + 1) + tags[end:]
    with pytest.raises(PresenceParseError):
        parse_presence(p.body + bumped, settings_.presence_language, strict=True)
