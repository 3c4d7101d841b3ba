"""The wake-up grace is the engine's parameter: no reminder this soon after start-up or a
wake-up (60 s unless told otherwise)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
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


def _heads_ups(sim: Simulator) -> list[datetime]:
    return [at for at, _n in notices(sim, NoticeKind.HEADS_UP)]


@pytest.mark.parametrize("pushes", [False, True], ids=["probing", "pushing"])
def test_a_heads_up_inside_the_start_up_grace_comes_at_its_own_time(pushes: bool) -> None:
    """A restart with 80 s of the interval left: the one-minute heads-up is due 20 s after
    start, inside the minute's grace. It comes then, not when the grace ends; the break
    itself still waits for the grace, and comes when it is due."""
    cfg = config(heads_up=timedelta(minutes=1))
    before = Simulator(Engine(cfg, ROUTINES, BERLIN, idle_pushes=pushes), JUST_AFTER)
    before.pushes = pushes
    before.start()
    before.run_for(45 * MIN - 80)
    assert _heads_ups(before) == []
    data = before.engine.snapshot()
    sim = Simulator(Engine(cfg, ROUTINES, BERLIN, idle_pushes=pushes), before.now)
    sim.pushes = pushes
    started = sim.now
    sim.take(sim.engine.restore(data, sim.observation()))
    sim.run_for(3 * MIN)
    assert [at - started for at in _heads_ups(sim)] == [timedelta(seconds=20)]
    assert [at - started for at, _n in notices(sim)] == [timedelta(seconds=80)]


def test_a_heads_up_inside_a_longer_grace_is_not_lost() -> None:
    """A one-minute interval with a 40 s heads-up and a grace of 90 s: the heads-up comes
    20 s in, and the break when the grace is over."""
    cfg = config(every=timedelta(minutes=1), heads_up=timedelta(seconds=40))
    sim = Simulator(Engine(cfg, ROUTINES, BERLIN, wake_grace=90.0), now=JUST_AFTER)
    sim.start()
    sim.run_for(3 * MIN)
    assert [at - JUST_AFTER for at in _heads_ups(sim)] == [timedelta(seconds=20)]
    assert [at - JUST_AFTER for at, _n in notices(sim)] == [timedelta(seconds=90)]


def test_a_heads_up_inside_the_grace_after_a_wake_up_comes_at_its_own_time() -> None:
    """Asleep for two minutes (not a natural break, but a grace after it) with 90 s of the
    interval left: the heads-up comes 30 s after the wake-up, the break at 90 s."""
    sim = Simulator(Engine(config(heads_up=timedelta(minutes=1)), ROUTINES, BERLIN), now=JUST_AFTER)
    sim.start()
    sim.run_for(45 * MIN - 90)
    sim.suspend(2 * MIN)
    woke = sim.now
    sim.run_for(3 * MIN)
    assert [at - woke for at in _heads_ups(sim)] == [timedelta(seconds=30)]
    assert [at - woke for at, _n in notices(sim)] == [timedelta(seconds=90)]
