"""Statistics: per-day tallies, totals, the goal streak and local calendar days (DST)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.core.stats import by_day, streak, summarize, tally
from deskbreak.core.status import Counts

BERLIN = ZoneInfo("Europe/Berlin")


def day_events(
    day: date,
    *,
    due: int = 0,
    completed: int = 0,
    partial: int = 0,
    snoozed: int = 0,
    skipped: int = 0,
    natural: int = 0,
) -> list[Event]:
    """A working day's events, ten minutes apart from 09:00 local time."""
    kinds = (
        [EventKind.DUE] * due
        + [EventKind.COMPLETED] * completed
        + [EventKind.PARTIAL] * partial
        + [EventKind.SNOOZED] * snoozed
        + [EventKind.SKIPPED] * skipped
        + [EventKind.NATURAL_BREAK] * natural
        + [EventKind.NOTIFIED, EventKind.STARTED]  # never counted
    )
    start = datetime.combine(day, time(9, 0), BERLIN)
    seconds = {EventKind.COMPLETED: 180, EventKind.PARTIAL: 60, EventKind.NATURAL_BREAK: 600}
    return [
        Event(
            at=start + timedelta(minutes=10 * i),
            kind=kind,
            routine="mini-reset",
            trigger=Trigger.INTERVAL,
            detail={"seconds": seconds[kind]} if kind in seconds else {},
        )
        for i, kind in enumerate(kinds)
    ]


def dst_sunday() -> list[Event]:
    """2024-03-31, Berlin springs forward at 02:00: six breaks from 00:30 to 23:30."""
    times = [(0, 30), (1, 45), (3, 15), (12, 0), (18, 0), (23, 30)]
    return [
        Event(
            at=datetime(2024, 3, 31, h, m, tzinfo=BERLIN),
            kind=EventKind.COMPLETED,
            detail={"seconds": 120},
        )
        for h, m in times
    ]


def two_weeks() -> list[Event]:
    d = date(2024, 3, 18)  # a Monday
    events: list[Event] = []
    for offset in range(5):  # Mon-Fri: met
        events += day_events(d + timedelta(days=offset), due=8, completed=7, skipped=1)
    # Sat 23, Sun 24: rest days, nothing at all
    events += day_events(date(2024, 3, 25), due=8, completed=3, snoozed=4, skipped=5)  # unmet
    events += day_events(date(2024, 3, 26), due=7, completed=6, skipped=1)
    events += day_events(date(2024, 3, 27), due=7, completed=5, partial=1, snoozed=2)
    events += day_events(date(2024, 3, 28), due=6, completed=6, natural=2)
    events += day_events(date(2024, 3, 29), due=8, completed=6, partial=1, skipped=1)
    # Sat 30: rest; Sun 31 is the DST day
    events += dst_sunday()
    events += day_events(date(2024, 4, 1), due=6, completed=6)
    events += day_events(date(2024, 4, 2), due=3, completed=2, natural=1)  # today, unmet so far
    return events


def test_two_weeks_give_the_expected_week_and_streak() -> None:
    summary = summarize(two_weeks(), today=date(2024, 4, 2), days=7, goal=6, tz=BERLIN)
    assert [d.day for d in summary.days] == [date(2024, 3, 27) + timedelta(n) for n in range(7)]
    assert [d.counts.taken for d in summary.days] == [6, 6, 7, 0, 6, 6, 2]
    assert [d.met for d in summary.days] == [True, True, True, False, True, True, False]
    assert summary.totals == Counts(
        due=7 + 6 + 8 + 0 + 0 + 6 + 3,
        completed=5 + 6 + 6 + 0 + 6 + 6 + 2,
        partial=2,
        snoozed=2,
        skipped=1,
        natural=3,
        stretch_seconds=(5 + 6 + 6 + 6 + 2) * 180 + 2 * 60 + 6 * 120,
    )
    # Apr 1, Mar 31, (Sat 30 rest), 29, 28, 27, 26 — Mar 25 was missed; today is not over
    assert summary.streak == 6
    assert summary.today_stats.counts.natural == 1 and not summary.today_stats.met


def test_today_joins_the_streak_once_met() -> None:
    events = [*two_weeks(), *day_events(date(2024, 4, 2), completed=4)]
    assert summarize(events, today=date(2024, 4, 2), days=7, goal=6, tz=BERLIN).streak == 7


def test_streak_runs_past_the_window_and_over_weekends() -> None:
    d = date(2024, 3, 4)  # Monday; three full weeks of weekdays met, weekends empty
    events = [
        e
        for n in range(21)
        if (d + timedelta(n)).weekday() < 5
        for e in day_events(d + timedelta(n), due=6, completed=6)
    ]
    summary = summarize(events, today=date(2024, 3, 24), days=3, goal=6, tz=BERLIN)
    assert len(summary.days) == 3
    assert summary.streak == 15


def test_natural_breaks_do_not_count_toward_the_goal() -> None:
    events = day_events(date(2024, 3, 26), due=6, completed=5, natural=4)
    events += day_events(date(2024, 3, 27), due=6, completed=6)
    summary = summarize(events, today=date(2024, 3, 27), days=2, goal=6, tz=BERLIN)
    assert [d.met for d in summary.days] == [False, True]
    assert summary.streak == 1


def test_no_goal_means_no_streak() -> None:
    events = day_events(date(2024, 3, 27), due=6, completed=6)
    summary = summarize(events, today=date(2024, 3, 27), days=1, goal=0, tz=BERLIN)
    assert summary.streak == 0 and not summary.days[0].met
    assert streak({}, today=date(2024, 3, 27), goal=6) == 0


def test_spring_forward_day_is_one_local_day() -> None:
    days = by_day(dst_sunday(), BERLIN)
    assert list(days) == [date(2024, 3, 31)]
    assert days[date(2024, 3, 31)].completed == 6
    # in UTC the same breaks straddle two days, so the zone really matters
    assert len(by_day(dst_sunday(), ZoneInfo("UTC"))) == 2


def test_fall_back_day_keeps_both_half_past_twos() -> None:
    first = datetime(2024, 10, 27, 2, 30, tzinfo=BERLIN)
    second = datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=BERLIN)
    late = datetime(2024, 10, 27, 23, 59, tzinfo=BERLIN)
    assert second - first == timedelta(0)  # same wall time, so compare the instants instead
    assert second.astimezone(ZoneInfo("UTC")) - first.astimezone(ZoneInfo("UTC")) == timedelta(
        hours=1
    )
    events = [Event(at=at, kind=EventKind.SKIPPED) for at in (first, second, late)]
    # events reach stats in fixed offsets (as the store returns them)
    events = [Event(at=e.at.astimezone(ZoneInfo("UTC")), kind=e.kind) for e in events]
    summary = summarize(events, today=date(2024, 10, 28), days=2, goal=6, tz=BERLIN)
    assert [d.counts.skipped for d in summary.days] == [3, 0]


def test_tally_ignores_odd_seconds() -> None:
    at = datetime(2024, 3, 27, 9, 0, tzinfo=BERLIN)
    events = [
        Event(at=at, kind=EventKind.COMPLETED, detail={"seconds": 90.6}),
        Event(at=at, kind=EventKind.COMPLETED, detail={"seconds": "lots"}),
        Event(at=at, kind=EventKind.PARTIAL, detail={"seconds": True}),
        Event(at=at, kind=EventKind.PARTIAL, detail={"seconds": -5}),
        Event(at=at, kind=EventKind.NATURAL_BREAK, detail={"seconds": 900}),
    ]
    assert tally(events) == Counts(completed=2, partial=2, natural=1, stretch_seconds=91)


def test_json_form_is_stable() -> None:
    events = day_events(date(2024, 3, 27), due=2, completed=1, partial=1, skipped=1)
    summary = summarize(events, today=date(2024, 3, 28), days=2, goal=1, tz=BERLIN)
    zero = {
        "due": 0,
        "taken": 0,
        "completed": 0,
        "partial": 0,
        "snoozed": 0,
        "skipped": 0,
        "natural": 0,
        "stretch_seconds": 0,
        "stretch_minutes": 0.0,
        "held": 0,
        "held_taken": 0,
    }
    wednesday = {
        **zero,
        "due": 2,
        "taken": 2,
        "completed": 1,
        "partial": 1,
        "skipped": 1,
        "stretch_seconds": 240,
        "stretch_minutes": 4.0,
    }
    assert summary.to_json() == {
        "date": "2024-03-28",
        "days": 2,
        "goal": 1,
        "streak": 1,
        "today": {"date": "2024-03-28", **zero, "met": False},
        "totals": wednesday,
        "per_day": [
            {"date": "2024-03-27", **wednesday, "met": True},
            {"date": "2024-03-28", **zero, "met": False},
        ],
    }


def test_held_breaks_and_those_taken_after_the_hold_are_counted() -> None:
    at = datetime(2024, 3, 27, 9, 0, tzinfo=BERLIN)
    kinds = [
        EventKind.DUE, EventKind.HELD, EventKind.HOLD_ENDED, EventKind.NOTIFIED,
        EventKind.STARTED, EventKind.COMPLETED,  # held, then taken
        EventKind.DUE, EventKind.HELD, EventKind.HOLD_ENDED, EventKind.SKIPPED,  # held, skipped
        EventKind.DUE, EventKind.HELD, EventKind.HOLD_ENDED, EventKind.NATURAL_BREAK,
        EventKind.STARTED, EventKind.PARTIAL,  # a break started later, not the held one
        EventKind.DUE, EventKind.COMPLETED,  # never held
    ]  # fmt: skip
    events = [Event(at=at + timedelta(minutes=i), kind=kind) for i, kind in enumerate(kinds)]
    counts = tally(events)
    assert (counts.held, counts.held_taken) == (3, 1)
    assert (counts.due, counts.taken) == (4, 3)
