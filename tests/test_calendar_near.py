"""Dropping the single events far from the window before the recurrences are expanded
(`parse.near`) changes no meeting: the same calendars read with and without it give the same
meetings, the same count of ignored events and the same unknown zones, on every day of a
sweep that crosses daylight saving in Europe and in America.

The calendar has what the drop must never take: series (a rule, a date list, exceptions),
occurrences moved far from their RECURRENCE-ID and onto it from far, an override without its
series, a single event whose UID another event far away shares with a higher SEQUENCE,
events long enough (a DTEND weeks later, a DURATION of weeks) to reach the window from far,
all-day events, floating times (plain, and under X-WR-TIMEZONE), zones fourteen hours from
UTC either way, UTC times, events without an end or a UID; and single events years away,
which it must drop."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.calendars import BERLIN, ME, at, berlin, calendar, event

from deskbreak.daemon.calendar import parse as parsing
from deskbreak.daemon.calendar.parse import Parsed, Rules, window

RULES = Rules(("focus",), frozenset({ME}))
MARCH, OCTOBER = date(2026, 3, 1), date(2026, 10, 20)


def vevent(uid: str | None, *lines: str) -> str:
    head = ["BEGIN:VEVENT", *([f"UID:{uid}"] if uid else []), "DTSTAMP:20260101T000000Z"]
    return "\r\n".join([*head, *lines, "END:VEVENT"])


def on(day: date, hour: int, minute: int = 0) -> datetime:
    return at(hour, minute, day)


def d(day: int, month: int = 3) -> date:
    return date(2026, month, day)


def varied() -> str:
    """Every kind of event the drop must keep, beside far single events it may drop."""
    return calendar(
        # a daily stand-up: an exception, a cancelled day, occurrences moved far away and
        # moved in from far away
        event("standup", on(d(1), 10), on(d(1), 10, 15),
              extra=("RRULE:FREQ=DAILY;UNTIL=20260415T000000Z", "EXDATE;TZID=Europe/Berlin:"
                     "20260305T100000")),
        event("standup", on(d(20), 15), on(d(20), 15, 30), recurrence_id=on(d(10), 10)),
        event("standup", on(d(11), 16), on(d(11), 16, 30), recurrence_id=on(d(25), 10)),
        event("standup", on(d(12), 10), on(d(12), 10, 15), recurrence_id=on(d(12), 10),
              extra=("STATUS:CANCELLED",)),
        # a weekly series from years ago, one occurrence moved from 2025 into March 2026 and
        # one from March 2026 to June 2026
        event("weekly", on(date(2025, 1, 6), 13), on(date(2025, 1, 6), 14),
              extra=("RRULE:FREQ=WEEKLY",)),
        event("weekly", on(d(18), 7), on(d(18), 7, 45), recurrence_id=on(date(2025, 2, 3), 13)),
        event("weekly", on(d(1, 6), 13), on(d(1, 6), 14), recurrence_id=on(d(16), 13)),
        # an override whose series is not in the file (a CalDAV object can be that)
        event("orphan", on(d(19), 9), on(d(19), 9, 30), recurrence_id=on(date(2024, 5, 2), 9)),
        # New York's weekly meeting across the US change (March 8) and Europe's (March 29)
        event("ny", on(d(2), 10), on(d(2), 11), zone="America/New_York",
              extra=("RRULE:FREQ=WEEKLY;COUNT=6",)),
        # a date list: the first start is months away, the added date is near
        event("rdate", on(date(2026, 1, 2), 9), on(date(2026, 1, 2), 9, 30),
              extra=("RDATE;TZID=Europe/Berlin:20260317T090000,20261026T090000",)),
        # the same UID twice without RECURRENCE-ID: the higher SEQUENCE (far away) wins
        event("dup", on(d(16), 11), on(d(16), 12), extra=("SEQUENCE:0",)),
        event("dup", on(date(2024, 1, 8), 11), on(date(2024, 1, 8), 12), extra=("SEQUENCE:1",)),
        # long events that start far away
        event("quarter", on(date(2026, 2, 1), 8), on(d(24), 18), summary="Project"),
        vevent("weeks", "DTSTART;TZID=Europe/Berlin:20260201T090000", "DURATION:P45D"),
        vevent("oct-long", "DTSTART:20261001T090000Z", "DURATION:P3W4D"),
        # all day: one day, several days, by duration, without an end; and a zero-length one
        event("holiday", d(6), d(7)),
        event("trip", d(20), d(23)),
        vevent("allday-duration", "DTSTART;VALUE=DATE:20260326", "DURATION:P2D"),
        vevent("allday-open", "DTSTART;VALUE=DATE:20260309"),
        vevent("allday-oct", "DTSTART;VALUE=DATE:20261025", "DTEND;VALUE=DATE:20261026"),
        # floating, one across midnight; UTC; the zones furthest from UTC; an unknown zone
        event("float", on(d(16), 8), on(d(16), 8, 30), zone=None),
        event("float-night", on(d(27), 23, 30), on(d(28), 0, 30), zone=None),
        vevent("utc", "DTSTART:20260310T230000Z", "DTEND:20260311T003000Z"),
        event("kiritimati", on(d(19), 1), on(d(19), 2), zone="Pacific/Kiritimati"),
        event("pago", on(d(9), 22), on(d(9), 23), zone="Pacific/Pago_Pago"),
        event("kathmandu", on(d(29), 2), on(d(29), 3), zone="Asia/Kathmandu"),
        event("mars", on(d(14), 9), on(d(14), 10), zone="Mars/Olympus_Mons"),
        # the night Europe's clocks go back (the 02:00-03:00 hour happens twice)
        event("dst-night", on(d(25, 10), 1, 30), on(d(25, 10), 3, 30)),
        # not meetings, but counted: free, cancelled, declined, an ignore word
        event("free", on(d(13), 9), on(d(13), 10), extra=("TRANSP:TRANSPARENT",)),
        event("gone", on(d(13), 11), on(d(13), 12), extra=("STATUS:CANCELLED",)),
        event("declined", on(d(13), 14), on(d(13), 15),
              extra=(f"ATTENDEE;PARTSTAT=DECLINED:mailto:{ME}",)),
        event("focus", on(d(13), 16), on(d(13), 17), summary="Focus block"),
        # an end before the start (the library skips it), no end at all, no UID
        event("backwards", on(d(21), 10), on(d(21), 9)),
        vevent("instant", "DTSTART;TZID=Europe/Berlin:20260322T100000"),
        vevent(None, "DTSTART;TZID=Europe/Berlin:20260317T150000",
               "DTEND;TZID=Europe/Berlin:20260317T153000"),
        # far away, single: these the drop may take
        event("past", on(date(2019, 5, 6), 9), on(date(2019, 5, 6), 10)),
        event("past-allday", date(2021, 3, 17), date(2021, 3, 18)),
        vevent(None, "DTSTART:20300317T150000Z", "DTEND:20300317T153000Z"),
        vevent("future-duration", "DTSTART;VALUE=DATE:20310101", "DURATION:P1D"),
        event("future-float", on(date(2029, 3, 17), 9), on(date(2029, 3, 17), 10), zone=None),
    )  # fmt: skip


def x_wr_timezone() -> str:
    """A calendar whose floating times are in the zone X-WR-TIMEZONE names (Google writes
    these): Los Angeles, nine hours behind Berlin."""
    text = calendar(
        event("la-late", on(d(16), 20), on(d(16), 22), zone=None),
        event("la-early", on(d(17), 1), on(d(17), 2), zone=None),
        event("la-allday", d(18), d(19)),
        event("la-far", on(date(2025, 3, 17), 9), on(date(2025, 3, 17), 10), zone=None),
    )
    return text.replace("VERSION:2.0", "VERSION:2.0\r\nX-WR-TIMEZONE:America/Los_Angeles")


def days() -> Iterator[date]:
    for first, count in ((MARCH - timedelta(days=3), 40), (OCTOBER, 10)):
        yield from (first + timedelta(days=n) for n in range(count))


def read(text: str, day: date, *, whole: bool = False) -> Parsed:
    """The calendar read on `day`; `whole`: with every event handed to the expansion."""
    span = window(berlin(12, day=day), BERLIN)
    with pytest.MonkeyPatch.context() as patch:
        if whole:
            patch.setattr(parsing, "near", lambda components, low, high: list(components))
        return parsing.parse(text, source="work", span=span, tz=BERLIN, rules=RULES)


@pytest.mark.parametrize(
    ("text", "least"), [(varied(), 150), (x_wr_timezone(), 6)], ids=["varied", "x-wr-timezone"]
)
def test_dropping_far_single_events_changes_no_day(text: str, least: int) -> None:
    seen = 0
    for day in days():
        dropped, whole = read(text, day), read(text, day, whole=True)
        assert dropped == whole, day
        seen += len(whole.meetings) + whole.ignored
    assert seen >= least  # the sweep did see the calendar's events


def test_the_sweep_sees_what_the_drop_must_keep() -> None:
    """The cases that need keeping do land in the window on some day of the sweep (else the
    comparison above would not test them)."""
    seen = set()
    for day in days():
        for m in read(varied(), day).meetings:
            start, end = m.start.astimezone(BERLIN), m.end.astimezone(BERLIN)
            seen.add(f"{start:%m-%d %H:%M}-{end:%m-%d %H:%M}")
    for kept in [
        "03-20 15:00-03-20 15:30",  # the stand-up of the 10th, moved
        "03-11 16:00-03-11 16:30",  # the stand-up of the 25th, moved
        "03-18 07:00-03-18 07:45",  # the weekly one of 2025, moved into March
        "03-19 09:00-03-19 09:30",  # the override without its series
        "03-17 09:00-03-17 09:30",  # the date list's near date
        "02-01 08:00-03-24 18:00",  # weeks long, by its end
        "02-01 09:00-03-18 09:00",  # weeks long, by its duration
        "03-18 12:00-03-18 13:00",  # Kiritimati's 01:00 on the 19th
    ]:
        assert kept in seen, kept
    assert "03-16 11:00-03-16 12:00" not in seen  # the duplicate's higher SEQUENCE is far
    assert "03-16 13:00-03-16 14:00" not in seen  # the weekly one moved to June
    assert "03-10 10:00-03-10 10:15" not in seen  # moved to the 20th


def test_single_events_days_away_are_dropped_and_nothing_else() -> None:
    import icalendar

    components = icalendar.Calendar.from_ical(varied()).subcomponents

    def dropped(low: datetime, high: datetime) -> set[str]:
        kept = parsing.near(components, low, high)
        assert all(c in components for c in kept)  # in their order, none added
        return {
            str(c.get("UID") or c.get("DTSTART").dt.date()) for c in components if c not in kept
        }

    far = {"past", "past-allday", "future-float", "future-duration", "2030-03-17"}
    assert dropped(datetime(2026, 3, 16), datetime(2026, 3, 18)) == far | {
        "holiday", "allday-open", "pago", "utc", "backwards", "instant", "allday-duration",
        "float-night", "kathmandu", "oct-long", "allday-oct", "dst-night",
    }  # fmt: skip
    # in October the March events go too; the series, the overrides and the duplicate never
    assert dropped(datetime(2026, 10, 22), datetime(2026, 10, 24)) == far | {
        "holiday", "allday-open", "pago", "utc", "backwards", "instant", "allday-duration",
        "float-night", "kathmandu", "quarter", "weeks", "trip", "float", "kiritimati", "mars",
        "free", "gone", "declined", "focus", "2026-03-17",
    }  # fmt: skip


@pytest.mark.parametrize(
    "lines",
    [
        ("DTSTART;VALUE=DATE:20200101", "DTEND;TZID=Europe/Berlin:20200102T100000"),
        ("DTSTART;TZID=Europe/Berlin:20200101T100000", "DTEND:20200101T110000"),
        ("DTSTART;TZID=Europe/Berlin:20200101T100000", "DTEND;VALUE=DATE:20200102"),
        ("DTSTART;VALUE=DATE:20200101", "DTEND:zzz"),
        ("DTSTART:zzz", "DTEND:20200101T110000"),
        ("DTSTART:20200101T100000", "DURATION:-P400D"),
        ("DTSTART:99991231T100000", "DURATION:P2D"),  # the library gives up on the file
    ],
)
def test_an_odd_event_far_away_reads_as_it_did(lines: tuple[str, ...]) -> None:
    """Mixed kinds, unreadable times, a negative duration, a year 10000 end: the outcome
    (meetings, or the calendar refused) is the one without the drop."""
    text = calendar(vevent("odd", *lines), event("near", on(d(5), 10), on(d(5), 11)))

    def outcome(whole: bool) -> Parsed | str:
        try:
            return read(text, d(5), whole=whole)
        except parsing.NotICalendar as exc:
            return f"not iCalendar: {exc}"

    assert outcome(False) == outcome(True)


ZONES = (None, "UTC", "Europe/Berlin", "Pacific/Kiritimati", "Pacific/Pago_Pago",
         "America/St_Johns", "Asia/Kathmandu")  # fmt: skip
TODAY = d(28)  # the day before Europe's clocks go forward


@st.composite
def single(draw: st.DrawFn) -> str:
    """One single event within a few days of TODAY: a zone or none, a date or a time, an end,
    a duration or neither."""
    uid = f"e{draw(st.integers(0, 10**6))}"
    offset = timedelta(minutes=draw(st.integers(-5 * 24 * 60, 6 * 24 * 60)))
    start = datetime(TODAY.year, TODAY.month, TODAY.day) + offset
    length = timedelta(minutes=draw(st.integers(-120, 3 * 24 * 60)))
    zone = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):  # all day
        lines = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}"]
        how = draw(st.sampled_from(("end", "duration", "none")))
        if how == "end":
            lines.append(f"DTEND;VALUE=DATE:{start + timedelta(days=length.days + 1):%Y%m%d}")
        elif how == "duration":
            lines.append(f"DURATION:P{max(length.days, 0) + 1}D")
        return vevent(uid, *lines)

    def prop(name: str, when: datetime) -> str:
        if zone is None:
            return f"{name}:{when:%Y%m%dT%H%M%S}"
        if zone == "UTC":
            return f"{name}:{when:%Y%m%dT%H%M%S}Z"
        return f"{name};TZID={zone}:{when:%Y%m%dT%H%M%S}"

    lines = [prop("DTSTART", start)]
    how = draw(st.sampled_from(("end", "duration", "none")))
    if how == "end":
        lines.append(prop("DTEND", start + length))
    elif how == "duration" and length >= timedelta(0):
        lines.append(f"DURATION:PT{int(length.total_seconds() // 60)}M")
    return vevent(uid, *lines)


@settings(max_examples=60, deadline=None)
@given(st.lists(single(), min_size=1, max_size=8), st.integers(-1, 1))
def test_random_single_events_near_the_window_read_the_same(events: list[str], shift: int) -> None:
    text = calendar(*events)
    day = TODAY + timedelta(days=shift)
    assert read(text, day) == read(text, day, whole=True)
