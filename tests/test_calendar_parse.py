"""iCalendar text to meetings: which events are meetings, recurrences and their exceptions,
zones and daylight saving, floating times, bad input; and the cache's JSON form."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from support.calendars import BERLIN, DAY, ME, at, berlin, calendar, event, the_day_events

from deskbreak.core.calendarstate import (
    Failure,
    Problem,
    SourceRecord,
    decode,
    encode,
)
from deskbreak.daemon.calendar.parse import NotICalendar, Parsed, Rules, parse, window

NOON = berlin(12)


def _read(text: str, *, now: datetime = NOON, rules: Rules | None = None) -> Parsed:
    rules = rules or Rules(("focus time",), frozenset({ME}))
    return parse(text, source="work", span=window(now, BERLIN), tz=BERLIN, rules=rules)


def _on(parsed: Parsed, day: date) -> list[tuple[str, str]]:
    return [
        (m.start.astimezone(BERLIN).strftime("%H:%M"), m.end.astimezone(BERLIN).strftime("%H:%M"))
        for m in parsed.meetings
        if m.start.astimezone(BERLIN).date() == day
    ]


def test_only_meetings_count_and_a_moved_occurrence_moves() -> None:
    parsed = _read(calendar(*the_day_events()))
    assert _on(parsed, DAY) == [("11:00", "12:00"), ("14:00", "14:15")]
    # the next day: the stand-up's occurrence is cancelled
    assert _on(parsed, DAY + timedelta(days=1)) == []
    # all-day, free, declined, focus, cancelled on the day; the cancelled stand-up the next
    assert parsed.ignored == 6
    assert all(m.source == "work" and m.start.tzinfo is UTC for m in parsed.meetings)


def test_without_my_address_a_declined_invitation_is_a_meeting() -> None:
    parsed = _read(calendar(*the_day_events()), rules=Rules(("focus time",)))
    assert ("15:00", "16:00") in _on(parsed, DAY)


def test_the_ignore_words_match_any_case_and_only_when_given() -> None:
    parsed = _read(calendar(*the_day_events()), rules=Rules((), frozenset({ME})))
    assert ("16:00", "17:00") in _on(parsed, DAY)


def test_a_series_with_no_end_is_expanded_only_in_the_window() -> None:
    daily = event(
        "d", at(9, 0, date(2000, 1, 3)), at(9, 30, date(2000, 1, 3)), extra=("RRULE:FREQ=DAILY",)
    )
    parsed = _read(calendar(daily))
    assert len(parsed.meetings) == 2  # today and tomorrow, not 26 years of them
    assert window(NOON, BERLIN) == (berlin(0), berlin(0, day=DAY + timedelta(days=2)))


def test_a_zone_keeps_its_wall_time_across_daylight_saving() -> None:
    # Berlin moves its clocks on 2026-03-29: 09:00 is 08:00 UTC before and 07:00 UTC after.
    daily = event(
        "d", at(9, 0, date(2026, 3, 20)), at(9, 30, date(2026, 3, 20)), extra=("RRULE:FREQ=DAILY",)
    )
    before = _read(calendar(daily), now=berlin(12, day=date(2026, 3, 28)))
    assert [m.start.hour for m in before.meetings] == [8, 7]
    # New York's meeting at 10:00 is 15:00 in Berlin in March's odd week (US already moved)
    ny = event(
        "ny", at(10, 0, date(2026, 3, 20)), at(11, 0, date(2026, 3, 20)), zone="America/New_York"
    )
    parsed = _read(calendar(ny), now=berlin(12, day=date(2026, 3, 20)))
    assert [m.start.astimezone(BERLIN).hour for m in parsed.meetings] == [15]


def test_floating_times_and_unknown_zones_are_local_and_the_zone_is_named() -> None:
    floating = event("f", at(8), at(8, 30), zone=None)
    mars = event("m", at(13), at(13, 30), zone="Mars/Olympus_Mons")
    parsed = _read(calendar(floating, mars))
    assert _on(parsed, DAY) == [("08:00", "08:30"), ("13:00", "13:30")]
    assert parsed.unknown_zones == {"Mars/Olympus_Mons"}


def test_a_duration_instead_of_an_end_and_an_event_without_length() -> None:
    text = calendar(
        event("a", at(8), at(8), extra=()).replace(
            "DTEND;TZID=Europe/Berlin:20260305T080000", "DURATION:PT45M"
        ),
        event("b", at(9), at(9)),
    )
    parsed = _read(text)
    assert _on(parsed, DAY) == [("08:00", "08:45")]


@pytest.mark.parametrize(
    "text",
    [
        "garbage",
        "",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",  # cut off
        "<html><body>Sign in</body></html>",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone\r\nEND:VCARD\r\n",
    ],
)
def test_what_is_not_icalendar_says_so(text: str) -> None:
    with pytest.raises(NotICalendar):
        _read(text)


def test_a_broken_event_is_skipped_and_the_rest_read() -> None:
    broken = event("x", at(8), at(9)).replace(
        "DTSTART;TZID=Europe/Berlin:20260305T080000", "DTSTART:zzz"
    )
    parsed = _read(calendar(broken, event("ok", at(11), at(12))))
    assert _on(parsed, DAY) == [("11:00", "12:00")]


def test_the_cache_form_round_trips_and_holds_no_titles() -> None:
    parsed = _read(calendar(*the_day_events()))
    record = SourceRecord(
        "work",
        datetime(2026, 3, 5, 11, tzinfo=UTC),
        tuple((m.start, m.end) for m in parsed.meetings),
        parsed.ignored,
        Problem(Failure.HTTP, "500"),
    )
    data = json.loads(json.dumps(encode({"work": record})))
    assert decode(data) == {"work": record}
    text = json.dumps(data)
    for title in ("Stand-up", "Planning", "Retro", "FOCUS", "Conference"):
        assert title not in text
    assert decode(data)["work"].report().error  # a sentence for people


@pytest.mark.parametrize(
    "data",
    [None, [], {"version": 99}, {"version": 1, "sources": []},
     {"version": 1, "sources": {"w": {"meetings": [["x", "y"]]}}},
     {"version": 1, "sources": {"w": {"meetings": [["2026-03-05T10:00", "2026-03-05T11:00"]]}}}],
)  # fmt: skip
def test_a_damaged_cache_means_nothing_known(data: object) -> None:
    assert decode(data) == {}
