"""Meetings over many random days: no break is ever offered inside a meeting block, and
where the calendar leaves room, no one works longer than `every + lead` without one.

Days run through the real engine on a simulated clock (`Simulator`, with a pushing idle
source, so it wakes only for its deadlines), someone at the desk from 07:30 to 18:30;
working hours 08:00–18:00, `lead` 20 min, `before_long` 40 min, `resume_after` 30 s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import cycle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.engine import BERLIN, ROUTINES, config

from deskbreak.core.calendar import Block, Meeting
from deskbreak.core.config.model import (
    CalendarKind,
    CalendarSettings,
    CalendarSource,
    Config,
    TimeRange,
    WorkingHours,
)
from deskbreak.core.engine.effects import Effect, Notify
from deskbreak.core.engine.engine import Engine
from deskbreak.core.engine.meetings import clipped
from deskbreak.core.ports import NoticeKind
from deskbreak.core.simulate import Simulator

OPEN, CLOSE = 8 * 60, 18 * 60
HOURS = WorkingHours(tuple((TimeRange(OPEN, CLOSE),) for _ in range(7)))
LEAD, BEFORE_LONG = timedelta(minutes=20), timedelta(minutes=40)
RESUME = timedelta(seconds=30)  # [hold] resume_after's default
ROUTINE = ROUTINES["mini-reset"].total  # the routine every break here offers
OFFERS = (NoticeKind.DUE, NoticeKind.HELD, NoticeKind.BEFORE_MEETINGS)
SHOWN = (*OFFERS, NoticeKind.RENOTIFY, NoticeKind.HEADS_UP)
DAYS = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
EXAMPLES = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def calendar_config(every: int, heads_up: timedelta | None = None) -> Config:
    cal = CalendarSettings(
        sources=(CalendarSource("work", CalendarKind.ICS, "~/work.ics"),),
        lead=LEAD,
        before_long=BEFORE_LONG,
    )
    base = config(every=timedelta(minutes=every), hours=HOURS, heads_up=heads_up)
    return replace(base, calendar=cal)


def local(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time()).replace(tzinfo=BERLIN) + timedelta(minutes=minutes)


def meetings_at(day: date, spans: list[tuple[int, int]]) -> list[Meeting]:
    """Meetings from (start minute of the day, length in minutes), in UTC as read."""
    return [
        Meeting(local(day, s).astimezone(UTC), local(day, s + n).astimezone(UTC), "work")
        for s, n in spans
    ]


def run_day(
    cfg: Config, day: date, meetings: list[Meeting], answer: Callable[[Simulator, Effect], None]
) -> None:
    engine = Engine(cfg, ROUTINES, BERLIN, idle_pushes=True)
    sim = Simulator(engine, now=local(day, 7 * 60 + 30), on_effect=answer, pushes=True)
    sim.start()
    sim.calendar(meetings)
    sim.run_until(local(day, 18 * 60 + 30))


def take(sim: Simulator) -> None:
    started, effects = sim.engine.start(sim.observation())
    sim.take(effects)
    sim.complete(ROUTINES[started.data["routine"]])


def inside(at: datetime, blocks: list[Block]) -> bool:
    return any(b.start.timestamp() <= at.timestamp() < b.end.timestamp() for b in blocks)


# Anything at all: meetings that overlap, touch, run past the working day or fill it.
ANY_SPANS = st.lists(
    st.tuples(st.integers(7 * 60, 19 * 60), st.integers(5, 180)), min_size=1, max_size=8
)


@EXAMPLES
@given(
    day=DAYS,
    every=st.sampled_from([30, 45, 60, 90]),
    spans=ANY_SPANS,
    answers=st.lists(st.sampled_from(["take", "not now", "leave"]), min_size=1, max_size=12),
)
def test_no_break_is_ever_offered_inside_a_meeting(
    day: date, every: int, spans: list[tuple[int, int]], answers: list[str]
) -> None:
    """Whatever the person answers — takes the break, says not now, leaves the notice."""
    cfg = calendar_config(every, heads_up=timedelta(minutes=1))
    meetings = meetings_at(day, spans)
    blocks = clipped(meetings, HOURS, BERLIN)
    replies = cycle(answers)
    shown: list[tuple[datetime, NoticeKind]] = []

    def answer(sim: Simulator, effect: Effect) -> None:
        if not isinstance(effect, Notify) or effect.kind not in SHOWN:
            return
        shown.append((sim.now, effect.kind))
        if effect.kind is NoticeKind.HEADS_UP:
            return
        reply = next(replies)
        if reply == "take":
            take(sim)
        elif reply == "not now":
            sim.take(sim.engine.not_now(sim.observation()))

    run_day(cfg, day, meetings, answer)
    assert [(at, kind) for at, kind in shown if inside(at, blocks)] == []


def allows(blocks: list[Block], every: timedelta) -> bool:
    """Whether the calendar leaves room for a break every `every + lead` of work: every
    block, merged and cut to working hours, is either at most `lead - resume_after` long
    (a break held through it comes at most that late) or at least `before_long` and at
    most `every - lead` long (the break offered before it lasts until it ends)."""
    short = LEAD - RESUME
    return all(b.length <= short or BEFORE_LONG <= b.length <= every - LEAD for b in blocks)


@st.composite
def roomy_spans(draw: st.DrawFn, every: int) -> list[tuple[int, int]]:
    """Meetings in a row at least 10 minutes apart, each short (5–19 min) or long
    (40 min to `every - lead`) where `every` lets one fit."""
    lengths = st.integers(5, 19)
    if every - 20 >= 40:
        lengths = lengths | st.integers(40, every - 20)
    spans, start = [], draw(st.integers(7 * 60, 9 * 60))
    for _ in range(draw(st.integers(1, 8))):
        length = draw(lengths)
        spans.append((start, length))
        start += length + draw(st.integers(10, 120))
    return spans


@EXAMPLES
@given(day=DAYS, every=st.sampled_from([45, 60, 75, 90]), data=st.data())
def test_where_the_calendar_allows_it_work_never_runs_past_every_plus_lead(
    day: date, every: int, data: st.DataObject
) -> None:
    cfg = calendar_config(every)
    meetings = meetings_at(day, data.draw(roomy_spans(every)))
    blocks = clipped(meetings, HOURS, BERLIN)
    if not allows(blocks, cfg.schedule.every):
        return  # cut at 08:00 or 18:00 into a length that leaves no room
    breaks: list[datetime] = []

    def take_each(sim: Simulator, effect: Effect) -> None:
        if isinstance(effect, Notify) and effect.kind in OFFERS:
            breaks.append(sim.now)
            take(sim)

    run_day(cfg, day, meetings, take_each)
    assert not any(inside(at, blocks) for at in breaks)
    longest = (cfg.schedule.every + LEAD).total_seconds()
    since = local(day, OPEN)
    for at in [*breaks, local(day, CLOSE)]:
        assert at.timestamp() - since.timestamp() <= longest + 1, (at, since, breaks)
        since = at + ROUTINE
