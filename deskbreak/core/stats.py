"""Break statistics: tallies per local calendar day, window totals and the goal streak.

Owns the rules for what counts: a break is *taken* when a routine completed or
stopped part-way (PARTIAL); natural breaks (time away) are reported but do not
count toward the daily goal, because the goal is about doing the stretches, not
about leaving the desk. A day *meets* the goal when taken >= goal. The streak
counts the consecutive days up to today that met the goal: today joins it once
met, but an unmet today does not break a streak that ran through yesterday; a
rest day (nothing fell due and nothing was taken: a weekend, a holiday, the
daemon not running) neither extends nor breaks it. Days are local calendar
days in the tz given, so a DST day has 23 or 25 hours and still one row.
Core module: standard library plus the core `events` and `status` only.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta, tzinfo
from typing import Any

from deskbreak.core.events import Event, EventKind
from deskbreak.core.status import Counts

log = logging.getLogger(__name__)

_FIELD = {
    EventKind.DUE: "due",
    EventKind.COMPLETED: "completed",
    EventKind.PARTIAL: "partial",
    EventKind.SNOOZED: "snoozed",
    EventKind.SKIPPED: "skipped",
    EventKind.NATURAL_BREAK: "natural",
    EventKind.HELD: "held",
}
_TAKEN = (EventKind.COMPLETED, EventKind.PARTIAL)
_GONE = (EventKind.DUE, EventKind.SKIPPED, EventKind.NATURAL_BREAK, EventKind.PAUSED)


def _seconds(detail: Mapping[str, Any]) -> int:
    value = detail.get("seconds")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return max(0, round(value))


def tally(events: Iterable[Event]) -> Counts:
    """Count events into Counts: due (interval and fixed), taken, snoozed, skipped…"""
    values = {f.name: 0 for f in fields(Counts)}
    was_held = False  # the latest due break was held, and is not yet taken or gone
    for event in events:
        if event.kind in _TAKEN and was_held:
            values["held_taken"] += 1
        if event.kind in _TAKEN or event.kind in _GONE or event.kind is EventKind.HELD:
            was_held = event.kind is EventKind.HELD
        name = _FIELD.get(event.kind)
        if name is None:
            continue
        values[name] += 1
        if event.kind in _TAKEN:
            values["stretch_seconds"] += _seconds(event.detail)
    return Counts(**values)


def add(a: Counts, b: Counts) -> Counts:
    return Counts(**{f.name: getattr(a, f.name) + getattr(b, f.name) for f in fields(Counts)})


def counts_json(counts: Counts) -> dict[str, Any]:
    """The JSON form of one set of tallies (shared by days, today and totals)."""
    return {
        "due": counts.due,
        "taken": counts.taken,
        "completed": counts.completed,
        "partial": counts.partial,
        "snoozed": counts.snoozed,
        "skipped": counts.skipped,
        "natural": counts.natural,
        "stretch_seconds": counts.stretch_seconds,
        "stretch_minutes": round(counts.stretch_seconds / 60, 1),
        "held": counts.held,
        "held_taken": counts.held_taken,
    }


@dataclass(frozen=True)
class DayStats:
    day: date
    counts: Counts
    goal: int

    @property
    def met(self) -> bool:
        return self.goal > 0 and self.counts.taken >= self.goal

    @property
    def rest(self) -> bool:
        """Nothing fell due and nothing was taken: neutral for the streak."""
        return self.counts.due == 0 and self.counts.taken == 0

    def to_json(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), **counts_json(self.counts), "met": self.met}


@dataclass(frozen=True)
class Summary:
    today: date
    goal: int
    days: tuple[DayStats, ...]  # oldest first; the last one is today
    streak: int

    @property
    def totals(self) -> Counts:
        total = Counts()
        for day in self.days:
            total = add(total, day.counts)
        return total

    @property
    def today_stats(self) -> DayStats:
        return self.days[-1]

    def last(self, n: int) -> Summary:
        """The same summary narrowed to its last n days (the streak is unchanged)."""
        return replace(self, days=self.days[-max(1, n) :])

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (`deskbreak stats --json`)."""
        return {
            "date": self.today.isoformat(),
            "days": len(self.days),
            "goal": self.goal,
            "streak": self.streak,
            "today": self.today_stats.to_json(),
            "totals": counts_json(self.totals),
            "per_day": [day.to_json() for day in self.days],
        }


def by_day(events: Iterable[Event], tz: tzinfo) -> dict[date, Counts]:
    """Tallies per local calendar day (in tz)."""
    grouped: dict[date, list[Event]] = defaultdict(list)
    for event in events:
        grouped[event.at.astimezone(tz).date()].append(event)
    return {day: tally(group) for day, group in grouped.items()}


def streak(days: Mapping[date, Counts], *, today: date, goal: int) -> int:
    """Consecutive goal-meeting days up to today (see the module docstring)."""
    if goal <= 0 or not days:
        return 0
    earliest = min(days)
    run = 0
    day = today
    while day >= earliest:
        stats = DayStats(day, days.get(day, Counts()), goal)
        if stats.met:
            run += 1
        elif not stats.rest and day != today:
            break
        day -= timedelta(days=1)
    return run


def summarize(events: Iterable[Event], *, today: date, days: int, goal: int, tz: tzinfo) -> Summary:
    """Per-day rows for the `days` days ending today, plus the streak over all events."""
    if days < 1:
        raise ValueError("days must be at least 1")
    tallies = by_day(events, tz)
    window = tuple(
        DayStats(day, tallies.get(day, Counts()), goal)
        for day in (today - timedelta(days=n) for n in range(days - 1, -1, -1))
    )
    return Summary(
        today=today,
        goal=goal,
        days=window,
        streak=streak(tallies, today=today, goal=goal),
    )
