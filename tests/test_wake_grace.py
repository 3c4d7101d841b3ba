"""The wake-up grace is the engine's parameter: no reminder this soon after start-up or a
wake-up (60 s unless told otherwise)."""

from __future__ import annotations

from datetime import datetime, timedelta

from support.engine import BERLIN, MIN, ROUTINES, config, morning_reminder, notices

from deskbreak.core.engine.engine import Engine
from deskbreak.core.engine.state import WAKE_GRACE
from deskbreak.core.events import Trigger
from deskbreak.core.ports import NoticeKind
from deskbreak.core.simulate import Simulator

JUST_AFTER = datetime(2026, 11, 23, 8, 30, 10, tzinfo=BERLIN)  # a Monday, 10 s past 08:30


def _first_fixed(grace: float | None) -> timedelta:
    """How long after start-up the missed 08:30 reminder is shown."""
    cfg = config(reminders=morning_reminder())
    if grace is None:
        engine = Engine(cfg, ROUTINES, BERLIN)
    else:
        engine = Engine(cfg, ROUTINES, BERLIN, wake_grace=grace)
    sim = Simulator(engine, now=JUST_AFTER, boot=1000.0)
    sim.start()
    sim.run_for(5 * MIN)
    fixed = [at for at, n in notices(sim, NoticeKind.DUE) if n.trigger is Trigger.FIXED]
    assert len(fixed) == 1
    return fixed[0] - JUST_AFTER


def test_the_default_grace_holds_a_reminder_for_a_minute_after_start_up() -> None:
    assert WAKE_GRACE == 60.0
    assert timedelta(seconds=WAKE_GRACE) <= _first_fixed(None) < timedelta(seconds=WAKE_GRACE + 5)


def test_a_shorter_grace_lets_it_through_sooner() -> None:
    assert _first_fixed(0.0) < timedelta(seconds=1)
    assert timedelta(seconds=10) <= _first_fixed(10.0) < timedelta(seconds=15)


def test_the_grace_after_a_wake_up_follows_the_parameter() -> None:
    engine = Engine(config(natural_break=None), ROUTINES, BERLIN, wake_grace=600.0)
    sim = Simulator(engine, now=JUST_AFTER, boot=1000.0)
    sim.start()
    sim.run_for(44 * MIN)
    sim.suspend(8 * MIN)  # past half the grace (natural breaks are off)
    woke = sim.now
    sim.run_for(15 * MIN)
    due = [at for at, _ in notices(sim, NoticeKind.DUE)]
    assert len(due) == 1 and due[0] - woke >= timedelta(seconds=600)
