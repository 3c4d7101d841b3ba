"""`deskbreak plan`: when reminders would fire, computed by the real engine.

Simulates a user who is at the desk throughout working hours (09:00–18:00 when
no hours are configured) and away otherwise, and who starts and completes each
break as soon as it is due. Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core.config.model import Config, TimeRange, WorkingHours
from deskbreak.core.engine import hours
from deskbreak.core.engine.effects import Record
from deskbreak.core.engine.engine import Engine
from deskbreak.core.events import EventKind, Trigger
from deskbreak.core.instants import between, earliest, later
from deskbreak.core.routines import Routine
from deskbreak.core.simulate import Simulator

_DEFAULT_DAY = WorkingHours(tuple((TimeRange(9 * 60, 18 * 60),) for _ in range(7)))


@dataclass(frozen=True)
class Planned:
    at: datetime
    kind: str  # "interval" or "fixed"
    routine: str

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "kind": self.kind,
            "routine": self.routine,
        }


def plan(
    config: Config, routines: Mapping[str, Routine], tz: tzinfo, first: date, days: int
) -> list[Planned]:
    """Every reminder from the start of `first` for `days` days, in order."""
    start = hours.local(first, 0, tz)
    end = hours.local(first + timedelta(days=days), 0, tz)
    engine = Engine(config, routines, tz, idle_available=True)
    desk = config.schedule.hours or _DEFAULT_DAY
    sim = Simulator(engine, now=later(start, -3600), last_input=later(start, -7200))
    sim.start()
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
            if isinstance(effect, Record) and effect.event.kind is EventKind.DUE:
                _take_break(sim, routines, effect, out, start)
    return out


def _take_break(
    sim: Simulator,
    routines: Mapping[str, Routine],
    record: Record,
    out: list[Planned],
    start: datetime,
) -> None:
    event = record.event
    if between(start, event.at) >= 0 and event.routine is not None:
        kind = "fixed" if event.trigger is Trigger.FIXED else "interval"
        out.append(Planned(event.at, kind, event.routine))
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
