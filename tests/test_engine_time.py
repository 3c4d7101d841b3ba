"""The engine across DST days and simulated weeks, and its invariants under random days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support.engine import (
    BERLIN,
    MIN,
    NEW_YORK,
    ROUTINES,
    config,
    morning_reminder,
    notices,
    office_hours,
    sim_at,
)

from deskbreak.core.config.model import Config, Reminder, Schedule, TimeRange, WorkingHours
from deskbreak.core.engine.effects import Notify
from deskbreak.core.events import Trigger
from deskbreak.core.plan import plan
from deskbreak.core.ports import NoticeKind

EVERY_DAY = WorkingHours(((TimeRange(9 * 60, 18 * 60),),) * 7)
DST_DAYS = [
    (BERLIN, date(2026, 3, 29)),
    (BERLIN, date(2026, 10, 25)),
    (NEW_YORK, date(2026, 3, 8)),
    (NEW_YORK, date(2026, 11, 1)),
]


@pytest.mark.parametrize(("tz", "day"), DST_DAYS)
def test_dst_day_has_the_same_breaks_as_an_ordinary_day(tz: ZoneInfo, day: date) -> None:
    cfg = Config(
        schedule=Schedule(hours=EVERY_DAY),
        reminders=(Reminder(8 * 60 + 30, tuple(range(7)), "morning"),),
    )
    on_dst = plan(cfg, ROUTINES, tz, day, 1)
    ordinary = plan(cfg, ROUTINES, tz, day - timedelta(days=7), 1)
    assert [p.at.strftime("%H:%M") for p in on_dst] == [p.at.strftime("%H:%M") for p in ordinary]
    assert on_dst[0].kind == "fixed" and on_dst[0].at.strftime("%H:%M") == "08:30"
    assert all(p.at.utcoffset() == on_dst[0].at.utcoffset() for p in on_dst)


@pytest.mark.parametrize(("tz", "day"), DST_DAYS)
def test_a_reminder_in_the_dst_gap_or_overlap_fires_exactly_once(tz: ZoneInfo, day: date) -> None:
    cfg = Config(reminders=(Reminder(2 * 60 + 30, tuple(range(7)), "morning"),))
    fixed = [p for p in plan(cfg, ROUTINES, tz, day, 1) if p.kind == "fixed"]
    assert len(fixed) == 1
    assert fixed[0].at.hour in (2, 3)


@pytest.mark.parametrize(("tz", "day"), DST_DAYS)
def test_intervals_are_real_time_across_the_transition(tz: ZoneInfo, day: date) -> None:
    sim = sim_at(datetime(day.year, day.month, day.day, 0, 0, tzinfo=tz), config(renotify=None))
    sim.run_for(4 * 3600)
    due = [t for t, e in sim.log if isinstance(e, Notify)]
    assert len(due) == 1  # nobody started the break: one reminder
    assert due[0] == pytest.approx(45 * MIN, abs=1)


def test_a_simulated_office_week() -> None:
    cfg = config(hours=office_hours(), reminders=morning_reminder())
    week = plan(cfg, ROUTINES, BERLIN, date(2026, 11, 23), 7)
    by_day: dict[date, list[str]] = {}
    for p in week:
        by_day.setdefault(p.at.date(), []).append(p.at.strftime("%H:%M"))
    assert sorted(by_day) == [date(2026, 11, 23) + timedelta(days=d) for d in range(5)]
    monday = by_day[date(2026, 11, 23)]
    assert monday[:3] == ["08:30", "09:45", "10:34"]
    assert all(t <= "12:30" or t >= "13:30" for t in monday)
    assert len(set(map(tuple, by_day.values()))) == 1  # every weekday alike


# ------------------------------------------------------------ properties
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("work"), st.integers(1, 180)),
        st.tuples(st.just("away"), st.integers(1, 30)),
        st.tuples(st.just("sleep"), st.integers(1, 240)),
        st.tuples(st.just("jump"), st.integers(-120, 120)),
        st.tuples(st.just("snooze"), st.sampled_from([None, 5, 30])),
        st.tuples(st.just("skip"), st.just(0)),
        st.tuples(st.just("take"), st.just(0)),
    ),
    min_size=1,
    max_size=25,
)


def _run(
    actions: list[tuple[str, int | None]], boot: bool
) -> tuple[object, list[tuple[str, float]]]:
    cfg = config(hours=office_hours())
    sim = sim_at(datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN), cfg, boot=boot)
    marks: list[tuple[str, float]] = []
    for action, arg in actions:
        obs = sim.observation
        if action == "work":
            sim.come_back()
            sim.run_for((arg or 1) * MIN)
        elif action == "away":
            sim.go_away()
            sim.run_for((arg or 1) * MIN)
        elif action == "sleep":
            due_before = bool(sim.engine.status().state.value in ("due", "snoozed"))
            sim.suspend((arg or 1) * MIN)
            marks.append(("woke-due" if due_before else "woke", sim.elapsed))
        elif action == "jump":
            sim.jump_wall((arg or 0) * MIN)
        elif action == "snooze":
            length = None if arg is None else timedelta(minutes=arg)
            sim.take(sim.engine.snooze(obs(), length)[1])
        elif action == "skip":
            sim.take(sim.engine.skip(obs())[1])
        else:
            reply, effects = sim.engine.start(obs())
            sim.take(effects)
            if reply.ok:
                sim.complete(ROUTINES[str(reply.data["routine"])])
    return sim, marks


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=ACTIONS, boot=st.booleans())
# A wall clock set forward while a break is due, on a machine without a boot clock:
# the jump once counted as time asleep and brought the reminder back 60 s later.
@example(actions=[("work", 106), ("jump", 4)], boot=False)
def test_invariants_hold_on_any_day(actions: list[tuple[str, int | None]], boot: bool) -> None:
    sim, marks = _run(actions, boot)
    reminders = [
        (t, at, e)
        for (t, e), (at, _) in zip(sim.log, sim.effects, strict=True)  # type: ignore[attr-defined]
        if isinstance(e, Notify) and e.kind in (NoticeKind.DUE, NoticeKind.RENOTIFY)
    ]
    hours = office_hours()
    for _, at, e in reminders:
        # never a desk reminder outside working hours (wall time may have jumped:
        # the engine judges hours by the clock it is shown, and so do we)
        if e.trigger is Trigger.INTERVAL:
            day = at.weekday()
            minute = at.hour * 60 + at.minute
            assert any(r.start <= minute <= r.end for r in hours.ranges(day)), at
    times = [t for t, _, _ in reminders]
    shortest = 5 * MIN  # the snooze choices here are ≥ 5 min and renotify is 5 min
    for a, b in pairwise(times):
        assert b - a >= shortest - 1, (a, b)
    for kind, woke in marks:
        if kind == "woke":
            assert not any(0 <= t - woke < 60 for t in times), (woke, times)


def test_every_reminder_is_spaced_even_with_a_burst_of_snoozes() -> None:
    sim = sim_at(datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN), config(max_snoozes=0))
    sim.run_for(45 * MIN)
    for _ in range(10):
        sim.take(sim.engine.snooze(sim.observation(), timedelta(minutes=5))[1])
        sim.run_for(5 * MIN)
    times = [t for t, e in sim.log if isinstance(e, Notify)]
    assert len(times) == 11
    assert min(b - a for a, b in pairwise(times)) >= 5 * MIN
    assert notices(sim)[-1][1].trigger is Trigger.INTERVAL
