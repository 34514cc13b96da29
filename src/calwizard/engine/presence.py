"""The presence string: renderer (:func:`compute_presence`) and strict parser (:func:`parse_presence`).

Source: seed ``002_…calendar-pages.txt``, page "Reference13r3:Concept App Service Calendar",
sections "Presence", "Presence string format" (the ABNF, the tags, Additional Notes, Example
presence strings), and page "Reference13r3:Apps/PbxManager/App Calendar" ("PBX & Presence",
"Presence mapping"). Which appointment is shown when several overlap is decided in
:mod:`calwizard.engine.mapping`.

The format, as written here::

    Presence         = Free / Free " " Until " " Date-Time " " Next-Appointment
                     / Appointment-Info " " Until " " Date-Time [" " Next-Appointment]
    Date-Time        = Date / Time / Date " " Time
    Next-Appointment = "(" [Busy ": " / Away ": "] Appointment-Info ")"
    Appointment-Info = Title / Private / Activity-Word
    Tags             = "#" Activity [" #len:" N ":" N] " #until:" N [" #whole-day"]
                       [" #next-activity:" Activity " #next:" N ":" N ":" N ":" N]
    Activity         = "free" / "busy" / "away"
    string           = Presence [" " Tags]     ; tags present iff Presence is not just Free

``Free``, ``Until``, ``Busy``, ``Away``, ``Private`` and the activity words are the localized
words of :data:`WORDS`; Date and Time are CLDR formats of the presence language.

Decisions where the seed's grammar, prose and examples disagree or say nothing
-----------------------------------------------------------------------------

1. **Spaces.** The grammar glues ``Appointment-Info "until "`` and ``Date-Time
   Next-Appointment`` together; every example has one space there ("Meeting … until 12:30",
   "10:30 (Busy: …)"), so one space is written. Date and Time are joined by one space as in
   the example "22.08.2017 07:00" (not by CLDR's "{1}, {0}" glue).
2. **Tag separators.** One space between the presence and the first tag and between tags,
   none at the end. The grammar's ``Date-Time " "`` would leave a trailing space when
   ``#until`` is the last tag, and the example "``#len:8  #until``" has a double space: both
   read as typos next to the other examples.
3. **``#next-activity:<activity>``** with a colon, as in the examples and like every other
   valued tag (``#len:``, ``#until:``, ``#next:``); the grammar's ``"#next-activity"
   Activity`` would glue the words into "#next-activitybusy".
4. **``#len:<chars>:<bytes>``** always carries both numbers, as the grammar and its comment
   say; the example "#len:9" lacks the byte count.
5. **Characters and bytes.** "characters (UTF-8 conform)" = Unicode code points (Python
   ``str`` indices); bytes = UTF-8 bytes. ``#next`` positions are counted from the start of
   the string, 0-based, and point at the next appointment's Appointment-Info (the seed's
   "#next:24:28" for "Free until 10:30 (Busy: Meeting with Caption Sparrow)" confirms
   0-based character positions). The examples' byte numbers "48" and "2" match no
   encoding; the real UTF-8 offsets are written ("#next:24:28:24:28" for that ASCII string).
6. **``#until``** is the until instant as whole POSIX seconds (UTC, rounded down); the text
   shows it in the presence timezone, to the minute.
7. **Do not disturb** has no tag of its own (the grammar allows free/busy/away): it is written
   as ``busy`` in ``#busy`` / ``#next-activity:busy`` and with the ``Busy:`` prefix — DND is
   busy for anyone reading the text; the PBX activity (:attr:`Presence.activity`) still says
   ``dnd``. *Available* (an appointment mapped to Available) is ``free``.
8. **Next-Appointment** is written only in the free form: after "Free until" and after an
   appointment mapped to *Available* (seed "Presence mapping": "Homeoffice until 2pm (Busy:
   Meeting)"); never after a busy/away/DND appointment (Additional Notes: "Next-Appointment
   only will be written, if the presence won't start with an Appointment-Info" — read as
   "with a busy Appointment-Info", as the Available example requires).
9. **The prefix** ``Busy: ``/``Away: `` (localized; the grammar marks it optional) is written
   when the next appointment is busy/DND or away and its Appointment-Info is a title or
   "Private". It is left out when the next appointment is *Available* (it is neither busy nor
   away: "Free until 14:00 (Homeoffice)") and when the Appointment-Info already is the
   activity word (decision 10), to avoid "(Busy: Busy)".
10. **Subject hidden** (``PbxSettings.show_subject`` off), and an empty title: the
    Appointment-Info is the localized word of the appointment's activity — "Busy",
    "Away", "Do not disturb" or "Available" — so the text stays a sentence ("Busy until
    12:30", "Free until 10:30 (Away)", "Available until 14:00 (Busy)", the seed's own
    wording) and ``#len`` counts that word. Hidden subjects win over "Private".
11. **Private** appointments show the localized "Private" instead of the title.
12. **Whole day.** ``#whole-day`` is written, and Date-Time is the date only, when the until
    instant is the end of the shown whole-day appointment or the start of a whole-day
    appointment that begins there (Additional Notes). A whole-day appointment ends at
    midnight after its last day and that date is shown, as in the example "Christmas until
    27.12.2017" (24–26 December); a client re-rendering from ``#until`` gets the same date.
    A whole-day appointment cut short by a timed one shows the time of the cut.
13. **Date and time formats.** A presence language *without* a region ("en", "de") writes the
    seed's own formats: day-first dotted dates and 24-hour times, "22.08.2017 07:00", exactly as
    every example of the seed ("Sleeping until 22.08.2017 07:00", "Christmas until 27.12.2017")
    and as the PBX Manager's default. A language *with* a region ("en_US", "en_GB", "de_CH") is
    the technician picking a locale: its CLDR formats via babel — the date is the locale's best
    pattern for the skeleton ``yMMdd`` with numeric day/month widened to two digits as UTS #35
    prescribes for skeleton matching (en_US "08/22/2017", en_GB "22/08/2017", de_CH
    "22.08.2017"), the time the locale's short time format (en_US "7:00 AM"). The grammar's
    "2DIGIT" hour and "a.m." are examples of "real format depends on localization settings".
    **Spaces inside dates and times are plain spaces**: CLDR ≥ 42 writes U+202F NARROW NO-BREAK
    SPACE before AM/PM (and some locales U+00A0), which the fonts of many phones cannot show;
    every space separator is written as U+0020.
14. **Titles** are shown as sent, except that control characters and line/paragraph
    separators become spaces, lone surrogates become U+FFFD, and leading/trailing white space
    is removed (a presence is one line; ``#len`` counts what is shown).
15. **"Free"** alone is written only when no appointment is shown now and none comes later
    among the appointments passed in (the engine passes its 48-hour window).
16. **Languages.** ``PbxSettings.presence_language`` selects the word table by its full code,
    then by its language part ("de_AT" -> "de"), else English; the formats follow decision 13
    ("en_GB" writes "24/12/2017 07:00", "en" the seed's "24.12.2017 07:00").
17. **Reading what real clients receive.** :func:`parse_presence` is lenient by default: it
    accepts every example string of the seed as printed — "#len:9" without the byte count, the
    double space in "#len:8  #until", #next byte numbers that do not match the text ("48", "2"),
    English words with the seed's dotted dates, and any date/time the seed's grammar allows
    (Day "." or "/" Month "." or "/" Year; Hour ":" Minute with "a.m."/"p.m.") besides the
    locale's own — and lists each departure from this module's grammar in
    :attr:`ParsedPresence.deviations`. ``strict=True`` accepts only what :func:`compute_presence`
    writes (the renderer's tests use it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Final, Literal, TypedDict
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, match_skeleton, tokenize_pattern, untokenize_pattern

from calwizard.engine.mapping import Activity, MappedAppointment, Slot, effective_slots
from calwizard.engine.model import Appointment
from calwizard.errors import CalwizardError
from calwizard.settings.model import PbxSettings, PresenceMappingSettings

# --------------------------------------------------------------------------- words


class PresenceWords(TypedDict):
    """The fixed words of one presence language."""

    free: str
    """The free presence, and the start of "Free until …"."""
    until: str
    busy: str
    """Prefix of a busy next appointment ("Busy: …"), and the Appointment-Info of a busy
    appointment whose subject is hidden."""
    away: str
    dnd: str
    """Appointment-Info of a do-not-disturb appointment whose subject is hidden."""
    available: str
    """Appointment-Info of an appointment mapped to Available whose subject is hidden."""
    private: str


WORDS: Final[dict[str, PresenceWords]] = {
    "en": {
        "free": "Free",
        "until": "until",
        "busy": "Busy",
        "away": "Away",
        "dnd": "Do not disturb",
        "available": "Available",
        "private": "Private",
    },
    "de": {
        "free": "Frei",
        "until": "bis",
        "busy": "Beschäftigt",
        "away": "Abwesend",
        "dnd": "Nicht stören",
        "available": "Verfügbar",
        "private": "Privat",
    },
}
"""The fixed presence words, one table per language code; adding a language is adding a table."""


def words_for(language: str) -> tuple[str, PresenceWords]:
    """The word table for ``language`` (e.g. "de", "de_AT", "de-AT"): exact code, then its
    language part, else English.

    Returns:
        ``(code of the table used, table)``.
    """
    code = language.strip().replace("-", "_")
    for candidate in (code, code.split("_")[0].lower()):
        if candidate in WORDS:
            return candidate, WORDS[candidate]
    return "en", WORDS["en"]


_ACTIVITY_WORD: Final[dict[Activity, Literal["busy", "away", "dnd", "available"]]] = {
    Activity.BUSY: "busy",
    Activity.AWAY: "away",
    Activity.DND: "dnd",
    Activity.AVAILABLE: "available",
}

_TAG_ACTIVITY: Final[dict[Activity, str]] = {
    Activity.AVAILABLE: "free",
    Activity.BUSY: "busy",
    Activity.AWAY: "away",
    Activity.DND: "busy",  # decision 7
}

# --------------------------------------------------------------------------- CLDR formats

_DATE_SKELETON: Final = "yMMdd"

DateTimeForm = Literal["date", "time", "datetime"]


@dataclass(frozen=True, slots=True)
class _Formats:
    locale: Locale
    date_pattern: str
    time_pattern: str
    periods: tuple[tuple[str, str], ...]  # (shown AM/PM text, "am"/"pm")


def _widen(pattern: str) -> str:
    """Widen numeric day and month fields to two digits (UTS #35 "Matching Skeletons": the
    matched pattern's field widths are adjusted to the requested skeleton ``yMMdd``)."""
    tokens = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field" and value[0] in "dML" and value[1] == 1:
            value = (value[0], 2)
        tokens.append((kind, value))
    return untokenize_pattern(tokens)


def _pattern_regex(pattern: str, periods: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """A regex for the output of a CLDR pattern, with groups day/month/year/hour/minute/period.

    Raises:
        ValueError: the pattern uses a field this module does not parse (a language whose
            formats need it must extend this function).
    """
    parts: list[str] = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "chars":
            parts.append(re.escape(value))
            continue
        char, width = value
        digits = r"\d{2}" if width >= 2 else r"\d{1,2}"
        if char == "d":
            parts.append(f"(?P<day>{digits})")
        elif char in "ML" and width <= 2:
            parts.append(f"(?P<month>{digits})")
        elif char in "yu":
            parts.append(r"(?P<year2>\d{2})" if width == 2 else r"(?P<year>\d{4})")
        elif char in "hHkK":
            parts.append(f"(?P<hour>{digits})")
        elif char == "m":
            parts.append(f"(?P<minute>{digits})")
        elif char in "ab":
            alternatives = "|".join(re.escape(p) for p, _ in sorted(periods, key=lambda p: -len(p[0])))
            parts.append(f"(?P<period>{alternatives})")
        else:
            raise ValueError(f"unsupported CLDR field {char * width!r} in pattern {pattern!r}")
    return re.compile("".join(parts))


SEED_DATE_PATTERN: Final = "dd.MM.y"
"""The seed's date format ("22.08.2017"): languages without a region (decision 13)."""
SEED_TIME_PATTERN: Final = "HH:mm"
"""The seed's time format ("07:00")."""


def plain_spaces(text: str) -> str:
    """``text`` with every space separator (U+00A0, U+202F, U+2009, …) as U+0020 (decision 13)."""
    return "".join(" " if ch != " " and unicodedata.category(ch) == "Zs" else ch for ch in text)


def _plain_pattern(pattern: str) -> str:
    return untokenize_pattern(
        [(kind, plain_spaces(value) if kind == "chars" else value) for kind, value in tokenize_pattern(pattern)]
    )


def uses_seed_formats(language: str) -> bool:
    """True when ``language`` has no region, so presence dates and times use the seed's formats (decision 13)."""
    return Locale.parse(language.strip().replace("-", "_")).territory is None


@lru_cache(maxsize=64)
def _formats(language: str) -> _Formats:
    locale = Locale.parse(language.strip().replace("-", "_"))
    names = locale.day_periods["format"]["abbreviated"]
    periods = tuple((plain_spaces(names[p]), p) for p in ("am", "pm") if p in names)
    if locale.territory is None:
        return _Formats(locale=locale, date_pattern=SEED_DATE_PATTERN, time_pattern=SEED_TIME_PATTERN,
                        periods=periods)
    key = match_skeleton(_DATE_SKELETON, locale.datetime_skeletons)
    date_pattern = _widen(
        locale.datetime_skeletons[key].pattern if key else locale.date_formats["short"].pattern
    )
    time_pattern = locale.time_formats["short"].pattern
    return _Formats(locale=locale, date_pattern=_plain_pattern(date_pattern),
                    time_pattern=_plain_pattern(time_pattern), periods=periods)


def date_time_example(language: str) -> str:
    """How ``language`` writes a date and a time, e.g. ``22.08.2017 07:00`` (for choosers)."""
    fmt = _formats(language)
    sample = datetime(2017, 8, 22, 19, 0)
    return f"{_format_date(sample, fmt)} {_format_time(sample, fmt)}"


@lru_cache(maxsize=1)
def presence_locales() -> tuple[tuple[str, str], ...]:
    """Every locale a presence can be written in: ``(code, label)`` for each language of :data:`WORDS`
    (the seed's formats) followed by each of its CLDR regional locales (their formats), labelled with
    the language name and a sample date and time, e.g. ``("en_GB", "English (United Kingdom) — 22/08/2017
    19:00")``."""
    from babel.localedata import locale_identifiers

    out: list[tuple[str, str]] = []
    for language in WORDS:
        name = Locale.parse(language).get_display_name(language) or language
        out.append((language, f"{name[:1].upper()}{name[1:]} — {date_time_example(language)}"))
        regional: list[tuple[str, str]] = []
        for ident in locale_identifiers():
            loc = Locale.parse(ident)
            if loc.language != language or loc.territory is None or loc.variant or loc.script:
                continue
            code = f"{loc.language}_{loc.territory}"
            label = loc.get_display_name(language) or code
            regional.append((code, f"{label[:1].upper()}{label[1:]} — {date_time_example(code)}"))
        out += sorted(regional, key=lambda c: c[1].casefold())
    return tuple(out)


@lru_cache(maxsize=32)
def _regexes(fmt: _Formats) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(date regex, time regex) for the parser; built only when parsing, so that rendering
    works for every CLDR locale even where the parser lacks a field (e.g. "B")."""
    try:
        return _pattern_regex(fmt.date_pattern, fmt.periods), _pattern_regex(fmt.time_pattern, fmt.periods)
    except ValueError as e:
        raise PresenceParseError(f"cannot parse dates and times of {fmt.locale}: {e}") from None


def _format_date(local: datetime, fmt: _Formats) -> str:
    return plain_spaces(format_datetime(local, fmt.date_pattern, locale=fmt.locale))


def _format_time(local: datetime, fmt: _Formats) -> str:
    return plain_spaces(format_datetime(local, fmt.time_pattern, locale=fmt.locale))


def format_date_time(until: datetime, now: datetime, tz: ZoneInfo, whole_day: bool, language: str) -> str:
    """The Date-Time of a presence (seed "Presence string format", Additional Notes).

    Args:
        until: the instant shown (aware).
        now: when the text is built (aware); decides "same day".
        tz: the presence timezone; both instants are shown in it.
        whole_day: show the date only.
        language: presence language (babel/CLDR locale code).

    Returns:
        the date only when ``whole_day``; the time only when ``until`` falls on the same local
        day as ``now``; otherwise date, one space, time.
    """
    return _render_date_time(until, now, tz, whole_day, _formats(language))[0]


def _render_date_time(
    until: datetime, now: datetime, tz: ZoneInfo, whole_day: bool, fmt: _Formats
) -> tuple[str, DateTimeForm]:
    local = until.astimezone(tz)
    if whole_day:
        return _format_date(local, fmt), "date"
    if local.date() == now.astimezone(tz).date():
        return _format_time(local, fmt), "time"
    return f"{_format_date(local, fmt)} {_format_time(local, fmt)}", "datetime"


# --------------------------------------------------------------------------- renderer


@dataclass(frozen=True, slots=True)
class Presence:
    """A user's presence at one instant.

    Attributes:
        activity: the PBX activity to set ("available", "busy", "away", "dnd").
        text: the whole presence string, tags included (seed "Presence string format").
        body: ``text`` without the tags (what a person reads).
        until: end of what is shown (UTC): the end of the current appointment, or the start of
            the next one; ``None`` for a plain "Free". ``#until`` is its POSIX seconds,
            rounded down.
        next_change: the next instant (UTC) at which the presence text changes: ``until``, or,
            when the text shows date and time, the local midnight that begins the day of
            ``until`` (from then on it shows the time only); ``None`` for a plain "Free".
        whole_day: Date-Time is a date only (``#whole-day``).
        appointment: the appointment the text starts with (``None`` for "Free…").
        next_appointment: the appointment in Next-Appointment, if any.
        next_activity: the activity of ``next_appointment``.
    """

    activity: Activity
    text: str
    body: str
    until: datetime | None = None
    next_change: datetime | None = None
    whole_day: bool = False
    appointment: Appointment | None = None
    next_appointment: Appointment | None = None
    next_activity: Activity | None = None


_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _epoch_seconds(t: datetime) -> int:
    return (t - _EPOCH) // timedelta(seconds=1)


def clean_title(subject: str) -> str:
    """``subject`` as shown in a presence (decision 14): control characters and line or
    paragraph separators become spaces, lone surrogates U+FFFD, outer white space is removed."""
    out = []
    for ch in subject:
        category = unicodedata.category(ch)
        if category == "Cs":
            out.append("\ufffd")
        elif category in ("Cc", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out).strip()


def _info(m: MappedAppointment, pbx: PbxSettings, words: PresenceWords) -> tuple[str, bool]:
    """Appointment-Info for ``m`` and whether it is the activity word (decisions 10, 11)."""
    activity_word = words[_ACTIVITY_WORD[m.activity]]
    if not pbx.show_subject:
        return activity_word, True
    if m.appointment.is_private:
        return words["private"], False
    title = clean_title(m.appointment.subject)
    return (title, False) if title else (activity_word, True)


def _start_of_local_day(t: datetime, tz: ZoneInfo) -> datetime:
    """The first instant (UTC) of ``t``'s day in ``tz`` (a midnight skipped by a DST change
    resolves to the first instant after the gap)."""
    return datetime.combine(t.astimezone(tz).date(), time(0), tzinfo=tz).astimezone(UTC)


def compute_presence(
    now: datetime,
    appointments: Sequence[Appointment],
    pbx: PbxSettings,
    mapping: PresenceMappingSettings,
) -> Presence:
    """The presence of a user at ``now`` (seed "Presence", "Presence string format",
    "Presence mapping"; the rules and the decisions are in the module docstring).

    Args:
        now: the instant (aware; any zone). Decides what is current and "same day".
        appointments: the user's appointments (any order; past, current and future).
        pbx: presence language, timezone, show_subject and the priority words.
        mapping: free/busy -> activity mapping and the tentative exception organizers.

    Returns:
        The :class:`Presence`. Pure: same inputs, same result.

    Raises:
        ValueError: ``now`` is naive.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be an aware datetime, got {now!r}")
    now = now.astimezone(UTC)
    tz = ZoneInfo(pbx.presence_timezone)
    _, words = words_for(pbx.presence_language)
    fmt = _formats(pbx.presence_language)
    slots = effective_slots(appointments, pbx, mapping)

    current: Slot | None = next((s for s in slots if s.start <= now < s.end), None)
    following: Slot | None
    if current is not None:
        until = current.end
        following = next((s for s in slots if s.start == current.end), None)
    else:
        following = next((s for s in slots if s.start > now), None)
        if following is None:
            return Presence(activity=Activity.AVAILABLE, text=words["free"], body=words["free"])
        until = following.start

    shown = current.winner.appointment if current is not None else None
    upcoming = following.winner.appointment if following is not None else None
    whole_day = (shown is not None and shown.is_all_day and shown.end == until) or (
        upcoming is not None and upcoming.is_all_day and upcoming.start == until
    )
    date_time, form = _render_date_time(until, now, tz, whole_day, fmt)
    free_form = current is None or current.winner.activity is Activity.AVAILABLE

    tags: list[str] = []
    if current is None:
        activity = Activity.AVAILABLE
        body = f"{words['free']} {words['until']} {date_time}"
        tags.append("#free")
    else:
        activity = current.winner.activity
        info, _ = _info(current.winner, pbx, words)
        body = f"{info} {words['until']} {date_time}"
        tags.append(f"#{_TAG_ACTIVITY[activity]}")
        tags.append(f"#len:{len(info)}:{len(info.encode('utf-8'))}")
    tags.append(f"#until:{_epoch_seconds(until)}")
    if whole_day:
        tags.append("#whole-day")

    shown_next = following if free_form else None
    if shown_next is not None:
        next_info, is_word = _info(shown_next.winner, pbx, words)
        prefix = ""
        if not is_word and shown_next.winner.activity in (Activity.BUSY, Activity.DND):
            prefix = f"{words['busy']}: "
        elif not is_word and shown_next.winner.activity is Activity.AWAY:
            prefix = f"{words['away']}: "
        body = f"{body} ({prefix}"
        pos, pos_bytes = len(body), len(body.encode("utf-8"))
        body = f"{body}{next_info})"
        tags.append(f"#next-activity:{_TAG_ACTIVITY[shown_next.winner.activity]}")
        tags.append(f"#next:{pos}:{len(next_info)}:{pos_bytes}:{len(next_info.encode('utf-8'))}")

    # date + time turns into time only when the day of `until` begins
    next_change = until
    if form == "datetime" and (day_start := _start_of_local_day(until, tz)) > now:
        next_change = day_start
    return Presence(
        activity=activity,
        text=f"{body} {' '.join(tags)}",
        body=body,
        until=until,
        next_change=next_change,
        whole_day=whole_day,
        appointment=current.winner.appointment if current is not None else None,
        next_appointment=shown_next.winner.appointment if shown_next is not None else None,
        next_activity=shown_next.winner.activity if shown_next is not None else None,
    )


# --------------------------------------------------------------------------- parser


class PresenceParseError(CalwizardError, ValueError):
    """A string is not a presence string in the grammar of this module."""


@dataclass(frozen=True, slots=True)
class ParsedPresence:
    """A presence string taken apart by :func:`parse_presence`.

    Attributes:
        language: the word table that matched ("en", "de", …).
        kind: "free" (just Free), "free_until" (Free until … (next)) or "appointment"
            (starts with Appointment-Info).
        body: the presence without tags.
        activity: the ``#free/#busy/#away`` tag (``None`` for "free").
        info: the leading Appointment-Info (kind "appointment").
        info_len: ``#len`` as (characters, UTF-8 bytes).
        date_time: the Date-Time text as written.
        form: "date", "time" or "datetime".
        date: the local date shown, if any.
        time: the local time shown, if any.
        until: ``#until`` (POSIX seconds).
        whole_day: ``#whole-day`` present.
        next_prefix: "busy", "away" or ``None`` (no prefix in Next-Appointment).
        next_info: the next appointment's Appointment-Info.
        next_activity: the ``#next-activity`` tag.
        next_span: ``#next`` as (position, length, byte position, byte length); lenient parsing
            puts the true byte numbers here when the string's are missing or wrong.
        deviations: how the string departs from this module's grammar (decision 17), e.g.
            ``"#len has no byte count"``; empty for what :func:`compute_presence` writes.
    """

    language: str
    kind: Literal["free", "free_until", "appointment"]
    body: str
    activity: str | None = None
    info: str | None = None
    info_len: tuple[int, int] | None = None
    date_time: str | None = None
    form: DateTimeForm | None = None
    date: date | None = None
    time: time | None = None
    until: int | None = None
    whole_day: bool = False
    next_prefix: str | None = None
    next_info: str | None = None
    next_activity: str | None = None
    next_span: tuple[int, int, int, int] | None = None
    deviations: tuple[str, ...] = ()


_TAGS_RE: Final = re.compile(
    r" #(?P<activity>free|busy|away)"
    r"(?: #len:(?P<len_c>0|[1-9]\d*):(?P<len_b>0|[1-9]\d*))?"
    r" #until:(?P<until>0|[1-9]\d*)"
    r"(?P<whole_day> #whole-day)?"
    r"(?: #next-activity:(?P<next_activity>free|busy|away)"
    r" #next:(?P<np>0|[1-9]\d*):(?P<nl>0|[1-9]\d*):(?P<npb>0|[1-9]\d*):(?P<nlb>0|[1-9]\d*))?"
    r"\Z",
)


def _utf8_len(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


def _parse_fields(m: re.Match[str], fmt: _Formats) -> tuple[date | None, time | None]:
    g = m.groupdict()
    d = t = None
    if g.get("day") is not None:
        year = int(g["year"]) if g.get("year") is not None else 2000 + int(g["year2"])
        d = date(year, int(g["month"]), int(g["day"]))  # ValueError on 31.02.
    if g.get("minute") is not None:
        hour = int(g["hour"])
        if g.get("period") is not None:  # h (1-12) or K (0-11) with AM/PM
            hour = hour % 12 + (12 if dict(fmt.periods)[g["period"]] == "pm" else 0)
        elif hour == 24:  # k (1-24)
            hour = 0
        t = time(hour, int(g["minute"]))  # ValueError on 25:00; wrong widths fail the round trip
    return d, t


def _parse_date_time(text: str, fmt: _Formats, whole_day: bool) -> tuple[DateTimeForm, date | None, time | None]:
    """Validate a Date-Time strictly: it must be exactly what the renderer writes for the date
    and time it denotes (round trip through babel)."""
    date_re, time_re = _regexes(fmt)
    candidates: list[tuple[DateTimeForm, str, str]] = []
    if whole_day:
        candidates.append(("date", text, ""))
    else:
        candidates.append(("time", "", text))
        # date and time are joined by a space; either pattern may contain spaces too
        candidates += [("datetime", text[:i], text[i + 1 :]) for i, ch in enumerate(text) if ch == " "]
    for form, date_text, time_text in candidates:
        dm = date_re.fullmatch(date_text) if date_text else None
        tm = time_re.fullmatch(time_text) if time_text else None
        if (date_text and dm is None) or (time_text and tm is None):
            continue
        try:
            d = _parse_fields(dm, fmt)[0] if dm is not None else None
            t = _parse_fields(tm, fmt)[1] if tm is not None else None
        except ValueError:
            continue
        probe = datetime.combine(d or date(2000, 1, 1), t or time(0))
        if d is not None and _format_date(probe, fmt) != date_text:
            continue
        if t is not None and _format_time(probe, fmt) != time_text:
            continue
        return form, d, t
    expected = "a date" if whole_day else "a time or a date and a time"
    raise PresenceParseError(f"{text!r} is not {expected} in the format of {fmt.locale}")


_SEED_DATE: Final = r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})"
_SEED_TIME: Final = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?: ?(?P<period>[AaPp]\.? ?[Mm]\.?))?"
_SEED_DATE_TIME: Final = {
    "date": re.compile(_SEED_DATE),
    "time": re.compile(_SEED_TIME),
    "datetime": re.compile(f"{_SEED_DATE},? {_SEED_TIME}"),
}
"""The seed grammar's Date-Time ("Date = Day ('.' / '/') Month ('.' / '/') Year", "Time = Hour ':' Minute
['a.m.' / 'p.m.']"), read leniently (decision 17)."""


def _parse_date_time_lenient(
    text: str, fmt: _Formats, whole_day: bool
) -> tuple[DateTimeForm, date | None, time | None, list[str]]:
    """The locale's format (any space separator counting as a space), else the seed grammar's forms."""
    plain = " ".join(plain_spaces(text).split())
    notes = [] if plain == text else ["unusual spaces in the Date-Time"]
    try:
        return (*_parse_date_time(plain, fmt, whole_day), notes)
    except PresenceParseError:
        pass
    for form in ("date",) if whole_day else ("time", "datetime"):
        m = _SEED_DATE_TIME[form].fullmatch(plain)
        if m is None:
            continue
        g = m.groupdict()
        try:
            d = date(int(g["year"]), int(g["month"]), int(g["day"])) if g.get("day") else None
            t = None
            if g.get("hour") is not None:
                hour = int(g["hour"])
                if g.get("period"):
                    if not 1 <= hour <= 12:
                        raise ValueError(hour)
                    hour = hour % 12 + (12 if g["period"][0] in "Pp" else 0)
                t = time(hour, int(g["minute"]))
        except ValueError:
            continue
        return form, d, t, [*notes, f"Date-Time {text!r} is in the seed's format, not that of {fmt.locale}"]
    expected = "a date" if whole_day else "a time or a date and a time"
    raise PresenceParseError(f"{text!r} is not {expected} (neither in the format of {fmt.locale} nor the seed's)")


_LENIENT_TAGS_RE: Final = re.compile(
    r" +#(?P<activity>free|busy|away)"
    r"(?: +#len:(?P<len_c>\d+)(?::(?P<len_b>\d+))?)?"
    r" +#until:(?P<until>\d+)"
    r"(?P<whole_day> +#whole-day)?"
    r"(?: +#next-activity:(?P<next_activity>free|busy|away)"
    r" +#next:(?P<np>\d+):(?P<nl>\d+)(?::(?P<npb>\d+):(?P<nlb>\d+))?)?"
    r" *\Z",
)


def _parse_in(text: str, code: str, words: PresenceWords, fmt: _Formats, strict: bool = True) -> ParsedPresence:
    notes: list[str] = []
    if text == words["free"] or (not strict and text.strip() == words["free"]):
        if text != words["free"]:
            notes.append("white space around 'Free'")
        return ParsedPresence(language=code, kind="free", body=words["free"], deviations=tuple(notes))
    m = (_TAGS_RE if strict else _LENIENT_TAGS_RE).search(text)
    if m is None:
        raise PresenceParseError("no valid tags at the end (#activity [#len] #until [#whole-day] [#next-…])")
    body = text[: m.start()]
    activity = m["activity"]
    whole_day = m["whole_day"] is not None
    until_word = words["until"]
    if not strict:
        tags = text[m.start():]
        if tags.endswith(" "):
            notes.append("trailing space")
        if "  " in tags.rstrip():
            notes.append("more than one space between tags")
        if re.search(r":0\d", tags):
            notes.append("a number with a leading zero")

    info: str | None = None
    info_len: tuple[int, int] | None = None
    if m["len_c"] is not None:
        kind: Literal["free_until", "appointment"] = "appointment"
        n_chars = int(m["len_c"])
        if n_chars > len(body):
            raise PresenceParseError(f"#len:{n_chars} is longer than the presence")
        info = body[:n_chars]
        if m["len_b"] is None:
            notes.append("#len has no byte count")
        elif _utf8_len(info) != int(m["len_b"]):
            if strict:
                raise PresenceParseError(f"#len says {m['len_b']} bytes, the Appointment-Info has {_utf8_len(info)}")
            notes.append(f"#len says {m['len_b']} bytes, the Appointment-Info has {_utf8_len(info)}")
        info_len = (n_chars, _utf8_len(info))
        lead = f" {until_word} "
        rest_start = n_chars
    else:
        kind = "free_until"
        if activity != "free":
            raise PresenceParseError("a presence that does not start with Appointment-Info must be #free")
        lead = f"{words['free']} {until_word} "
        rest_start = 0
    if not body.startswith(lead, rest_start):
        raise PresenceParseError(f"expected {lead!r} at position {rest_start}")
    dt_start = rest_start + len(lead)

    next_prefix = next_info = next_activity = None
    next_span: tuple[int, int, int, int] | None = None
    if m["np"] is not None:
        if activity != "free":
            raise PresenceParseError("Next-Appointment only follows a free presence (#free)")
        pos, length = int(m["np"]), int(m["nl"])
        if pos + length + 1 != len(body) or not body.endswith(")"):
            raise PresenceParseError("#next does not point at the Appointment-Info before the final ')'")
        next_info = body[pos : pos + length]
        true_bytes = (_utf8_len(body[:pos]), _utf8_len(next_info))
        if m["npb"] is None:
            notes.append("#next has no byte numbers")
        elif (int(m["npb"]), int(m["nlb"])) != true_bytes:
            if strict:
                raise PresenceParseError("#next byte position or length does not match the text")
            notes.append(f"#next byte numbers {m['npb']}:{m['nlb']} do not match the text "
                         f"({true_bytes[0]}:{true_bytes[1]})")
        head = body[dt_start:pos] if pos >= dt_start else ""
        next_activity = m["next_activity"]
        for label, opener in (("busy", f" ({words['busy']}: "), ("away", f" ({words['away']}: "), (None, " (")):
            if head.endswith(opener):
                next_prefix = label
                dt_end = pos - len(opener)
                break
        else:
            raise PresenceParseError("Next-Appointment does not start with ' (' and an optional prefix")
        if next_prefix is not None and next_prefix != next_activity:
            raise PresenceParseError(f"prefix {next_prefix!r} contradicts #next-activity:{next_activity}")
        next_span = (pos, length, *true_bytes)
    else:
        if kind == "free_until":
            raise PresenceParseError("'Free until' must be followed by Next-Appointment (#next)")
        dt_end = len(body)
    if dt_end < dt_start:
        raise PresenceParseError("no Date-Time")
    date_time = body[dt_start:dt_end]
    if strict:
        form, d, t = _parse_date_time(date_time, fmt, whole_day)
    else:
        form, d, t, dt_notes = _parse_date_time_lenient(date_time, fmt, whole_day)
        notes += dt_notes
    return ParsedPresence(
        language=code,
        kind=kind,
        body=body,
        activity=activity,
        info=info,
        info_len=info_len,
        date_time=date_time,
        form=form,
        date=d,
        time=t,
        until=int(m["until"]),
        whole_day=whole_day,
        next_prefix=next_prefix,
        next_info=next_info,
        next_activity=next_activity,
        next_span=next_span,
        deviations=tuple(notes),
    )


def parse_presence(text: str, language: str | None = None, *, strict: bool = False) -> ParsedPresence:
    """Parse a presence string (the grammar in the module docstring; decision 17).

    Args:
        text: the whole presence string, tags included.
        language: the presence language it was written in (e.g. "de", "en_GB"); it selects
            the words and the date/time formats. ``None`` tries each language of :data:`WORDS`
            with its default (the seed's) formats.
        strict: accept only what :func:`compute_presence` writes. The default, lenient, also
            accepts what real innovaphone clients receive (every example of the seed) and lists
            the departures in :attr:`ParsedPresence.deviations`.

    Returns:
        The :class:`ParsedPresence`.

    Raises:
        PresenceParseError: ``text`` is not a presence string: wrong or missing words, tags out
            of order or malformed, ``#len``/``#next`` character numbers that do not match the
            text, a Date-Time that is no date/time (or a date where a time belongs and vice
            versa), a Next-Appointment after a busy/away presence. Strict parsing also refuses
            byte numbers that do not match, missing byte numbers, extra spaces, leading zeros
            and a Date-Time not exactly in the locale's format.
    """
    if language is not None:
        code, words = words_for(language)
        return _parse_in(text, code, words, _formats(language), strict)
    errors = []
    for code, words in WORDS.items():
        try:
            return _parse_in(text, code, words, _formats(code), strict)
        except PresenceParseError as e:
            errors.append(f"{code}: {e}")
    raise PresenceParseError(f"not a presence string ({'; '.join(errors)})")
