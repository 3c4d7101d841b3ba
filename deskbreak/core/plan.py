"""`deskbreak plan`: when reminders would fire, computed by the real engine.

Simulates a user who is at the desk throughout working hours (09:00–18:00 when
no hours are configured) and away otherwise, and who starts and completes each
break as soon as it is offered — before a long meeting block, or after the block
that held it. Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core.calendar import Meeting
from deskbreak.core.config.model import Config, TimeRange, WorkingHours
from deskbreak.core.engine import hours
from deskbreak.core.engine.effects import Notify
from deskbreak.core.engine.engine import Engine
from deskbreak.core.engine.meetings import clipped
from deskbreak.core.events import Trigger
from deskbreak.core.instants import between, earliest, later
from deskbreak.core.ports import NoticeKind
from deskbreak.core.routines import Routine
from deskbreak.core.simulate import Simulator

_DEFAULT_DAY = WorkingHours(tuple((TimeRange(9 * 60, 18 * 60),) for _ in range(7)))
# The notices the simulated user answers by taking the break, and how it moved.
_OFFERS = {NoticeKind.DUE: None, NoticeKind.HELD: "held", NoticeKind.BEFORE_MEETINGS: "early"}


@dataclass(frozen=True)
class Planned:
    at: datetime
    kind: str  # "interval", "fixed", or "meetings" (a meeting block from `at` to `end`)
    routine: str  # "" for meetings
    moved: str | None = None  # a break offered "early" (before meetings) or "held" by them
    end: datetime | None = None  # meetings: the block's end
    sources: tuple[str, ...] = ()  # meetings: the calendars the block comes from

    def to_json(self) -> dict[str, Any]:
        at = self.at.isoformat(timespec="seconds")
        if self.kind == "meetings":
            until = None if self.end is None else self.end.isoformat(timespec="seconds")
            return {"at": at, "kind": self.kind, "end": until, "sources": list(self.sources)}
        out: dict[str, Any] = {"at": at, "kind": self.kind, "routine": self.routine}
        if self.moved is not None:
            out["moved"] = self.moved
        return out


def plan(
    config: Config,
    routines: Mapping[str, Routine],
    tz: tzinfo,
    first: date,
    days: int,
    *,
    meetings: Sequence[Meeting] = (),
) -> list[Planned]:
    """Every reminder from the start of `first` for `days` days, in order, with the
    meeting blocks (from `meetings`, when the config has a calendar) among them."""
    start = hours.local(first, 0, tz)
    end = hours.local(first + timedelta(days=days), 0, tz)
    engine = Engine(config, routines, tz, idle_available=True)
    desk = config.schedule.hours or _DEFAULT_DAY
    sim = Simulator(engine, now=later(start, -3600), last_input=later(start, -7200))
    sim.start()
    if meetings:
        sim.calendar(meetings)
    out: list[Planned] = []
    while between(sim.now, end) > 0:
        boundary = _next_boundary(desk, sim.now, tz)
        step = min(engine.wake_in(), between(sim.now, earliest(boundary, end)))
        sim.advance(max(step, 1.0))
        at_desk = hours.period_at(desk, sim.now, tz) is not None
        if at_desk and sim.last_input is not None:
            sim.last_input = None
        elif not at_desk and sim.last_input is None:
            sim.last_input = sim.now
        for effect in sim.take(engine.observe(sim.observation())):
            if isinstance(effect, Notify) and effect.kind in _OFFERS:
                _take_break(sim, routines, effect, out, start)
    if config.calendar.enabled:
        for b in clipped(meetings, config.schedule.hours, tz):
            if between(b.start, end) > 0 and between(start, b.end) > 0:
                at, until = b.start.astimezone(tz), b.end.astimezone(tz)
                out.append(Planned(at, "meetings", "", end=until, sources=b.sources))
    return sorted(out, key=lambda p: p.at.timestamp())


def _take_break(
    sim: Simulator,
    routines: Mapping[str, Routine],
    notice: Notify,
    out: list[Planned],
    start: datetime,
) -> None:
    if between(start, sim.now) >= 0:
        kind = "fixed" if notice.trigger is Trigger.FIXED else "interval"
        out.append(Planned(sim.now, kind, notice.routine, _OFFERS[notice.kind]))
    reply, effects = sim.engine.start(sim.observation())
    sim.take(effects)
    routine_id = reply.data.get("routine")
    if reply.ok and isinstance(routine_id, str) and routine_id in routines:
        sim.complete(routines[routine_id])


def _next_boundary(desk: WorkingHours, now: datetime, tz: tzinfo) -> datetime:
    period = hours.period_at(desk, now, tz)
    if period is not None:
        return period[1]
    nxt = hours.next_start(desk, now, tz)
    return nxt if nxt is not None else later(now, 86400)
