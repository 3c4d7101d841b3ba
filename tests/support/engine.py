"""Shared builders for the engine tests: small routines, configs and a simulator."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from deskbreak.core.config.model import Config, Reminder, Schedule, TimeRange, WorkingHours
from deskbreak.core.engine.effects import Notify, Record
from deskbreak.core.engine.engine import Engine
from deskbreak.core.events import EventKind
from deskbreak.core.ports import NoticeKind
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.core.simulate import Simulator

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MIN = 60.0

_EX = Exercise("ex", "Stretch", ("Gently",))


def routine(rid: str, minutes: float) -> Routine:
    return Routine(rid, rid.title(), (Step(_EX, timedelta(minutes=minutes)),))


ROUTINES: Mapping[str, Routine] = {
    "mini-reset": routine("mini-reset", 4),
    "short": routine("short", 2),
    "morning": routine("morning", 5),
}


def office_hours() -> WorkingHours:
    """Mon–Fri 09:00–12:30 and 13:30–18:00; weekends off."""
    day = (TimeRange(9 * 60, 12 * 60 + 30), TimeRange(13 * 60 + 30, 18 * 60))
    return WorkingHours((day,) * 5 + ((), ()))


def config(**schedule: object) -> Config:
    reminders = schedule.pop("reminders", ())
    # The test catalogue (ROUTINES) holds mini-reset, short and morning: the default rotation
    # (every desk routine) would name routines it does not have.
    schedule.setdefault("rotation", ("mini-reset",))
    return Config(schedule=Schedule(**schedule), reminders=reminders)  # type: ignore[arg-type]


def morning_reminder() -> tuple[Reminder, ...]:
    return (Reminder(8 * 60 + 30, (0, 1, 2, 3, 4), "morning"),)


def sim_at(
    when: datetime,
    cfg: Config | None = None,
    *,
    boot: bool = True,
    idle: bool = True,
    pushes: bool = False,
) -> Simulator:
    tz = when.tzinfo
    assert tz is not None
    engine = Engine(cfg or Config(), ROUTINES, tz, idle_available=idle, idle_pushes=pushes)
    sim = Simulator(engine, now=when, boot=1000.0 if boot else None, pushes=pushes)
    sim.start()
    return sim


def notices(sim: Simulator, *kinds: NoticeKind) -> list[tuple[datetime, Notify]]:
    wanted = kinds or (NoticeKind.DUE, NoticeKind.RENOTIFY)
    return [(at, e) for at, e in sim.effects if isinstance(e, Notify) and e.kind in wanted]


def events(sim: Simulator, kind: EventKind) -> list[Record]:
    return [e for _, e in sim.effects if isinstance(e, Record) and e.event.kind is kind]
