"""Progression: holds and repetitions that grow, in small steps, over the weeks kept up.

What the sources say. Phyt Health's back lift on the stomach starts with a 20 s hold and
grows it "to 30, 45, and 60 seconds", and its snake pose says to "gradually increase your
hold time as you get more comfortable"; Eastnole expects results "within a few weeks or
a month" and gives each exercise a range (a 5 s hold, 3-5 repetitions); Hunter Method gives
ranges too (a side stretch held 15-30 s, 8-10 rotations a side). MyYogaTeacher asks for
practice "daily, even if just for 5-10 minutes" and Yoga With Adriene for "five days a
week". So growth is earned by regular practice, week by week, and stays inside the
source's range for each exercise.

The rule, from those numbers:
- A week (Monday to Sunday, local days) is *kept* when on at least `DAYS` (5) of its days
  at least `BREAKS` (2) breaks were completed — two desk breaks of two to four minutes are
  the "5-10 minutes" a day. Only finished weeks count, so the level holds for a whole week.
- Walking the last `WINDOW` (12) finished weeks oldest first from level 0, a kept week
  goes up one level (to at most `TOP`, 4), any other week down one (never below 0).
- At level L an exercise with a source number (`Exercise.grows`) holds `HOLD_STEP` (20 %)
  of its written hold longer per level, rounded to whole seconds (5 s -> 6 -> 7 -> 8 -> 9),
  and does one more repetition every `REPS_EVERY` (2) levels; neither goes past the
  source's number (and never below what is written). An exercise without a source number,
  or without a hold or a breath pace, keeps its lengths.
- A step that grows is lengthened to hold its repetitions whole; a desk routine never grows
  past `DESK_MAX` (four minutes): it plays at the highest level at or below L that fits.
- Easier always wins: a routine marked `easier` (the lighter variant) never grows, nor
  does a routine the user wrote (`[[routines]]`: every step has its own duration).

Core module: standard library and `deskbreak.core` only; no I/O, no clock reads (the
caller says what day it is).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta, tzinfo

from deskbreak.core.events import Event, EventKind
from deskbreak.core.routines import DESK_MAX, STILL, Routine, Step

TOP = 4  # the highest level
BREAKS = 2  # completed breaks that make a day count
DAYS = 5  # counted days that make a week kept
WINDOW = 12  # finished weeks looked at
HOLD_STEP = 0.2  # of the written hold, per level
REPS_EVERY = 2  # one more repetition every this many levels


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def window_start(today: date) -> date:
    """The first day whose breaks can count for the level on `today`."""
    return week_start(today) - timedelta(weeks=WINDOW)


def completed_per_day(events: Iterable[Event], tz: tzinfo) -> dict[date, int]:
    """Completed breaks per local calendar day (in tz)."""
    days: Counter[date] = Counter()
    for event in events:
        if event.kind is EventKind.COMPLETED:
            days[event.at.astimezone(tz).date()] += 1
    return dict(days)


def kept(week: date, completed: Mapping[date, int]) -> bool:
    """Whether the week starting on `week` (a Monday) was kept up."""
    days = (week + timedelta(days=n) for n in range(7))
    return sum(1 for day in days if completed.get(day, 0) >= BREAKS) >= DAYS


def level(completed: Mapping[date, int], *, today: date) -> int:
    """The level for the week of `today`, from the completed breaks per day before it."""
    current = 0
    this_week = week_start(today)
    for n in range(WINDOW, 0, -1):
        if kept(this_week - timedelta(weeks=n), completed):
            current = min(TOP, current + 1)
        else:
            current = max(0, current - 1)
    return current


def level_of(events: Iterable[Event], *, today: date, tz: tzinfo) -> int:
    """The level for the week of `today`, from the recorded events."""
    return level(completed_per_day(events, tz), today=today)


def hold_at(hold: float, cap: float | None, at: int) -> float:
    """A written hold at level `at`: 20 % longer per level, whole seconds, at most `cap`."""
    if cap is None or hold <= 0 or at <= 0:
        return hold
    return max(hold, min(float(cap), float(round(hold * (1 + HOLD_STEP * at)))))


def reps_at(count: int, cap: int | None, at: int) -> int:
    """A written repetition count at level `at`: one more every two levels, at most `cap`."""
    if cap is None or at <= 0:
        return count
    return max(count, min(cap, count + math.ceil(at / REPS_EVERY)))


def grown_step(step: Step, at: int) -> Step:
    """The step at level `at`; the same step when its exercise does not grow."""
    exercise, grows = step.exercise, step.exercise.grows
    reps = step.repetitions()
    rhythm = exercise.rhythm
    if at <= 0 or grows is None or reps is None or rhythm is None or rhythm is STILL:
        return step
    breath = exercise.breath_seconds or 0.0
    hold = hold_at(rhythm.hold, grows.hold, at)
    count = reps_at(reps.count, grows.reps, at)
    if hold == rhythm.hold and count == reps.count:
        return step
    longer = replace(rhythm, hold=hold)
    # whole repetitions at their natural length: `repetitions()` finds `count` again
    seconds = count * longer.seconds(breath)
    return Step(replace(exercise, rhythm=longer), timedelta(seconds=seconds), level=at)


def _grown(routine: Routine, at: int) -> Routine:
    return replace(routine, steps=tuple(grown_step(step, at) for step in routine.steps))


def progressed(routine: Routine, at: int) -> Routine:
    """`routine` as it plays at level `at` (see the module docstring for what grows)."""
    if at <= 0 or routine.easier or not routine.builtin:
        return routine
    for candidate in range(min(at, TOP), 0, -1):
        grown = _grown(routine, candidate)
        if not routine.is_desk or routine.total > DESK_MAX or grown.total <= DESK_MAX:
            return grown
    return routine


def hold_percent(at: int) -> int:
    """How much longer, at most, a hold is at level `at`, in percent."""
    return round(HOLD_STEP * 100 * max(0, at))


def more_reps(at: int) -> int:
    """How many more repetitions, at most, an exercise does at level `at`."""
    return math.ceil(max(0, at) / REPS_EVERY)
