"""Elapsed real, asleep and active time between two looks at the clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from deskbreak.core.engine.effects import Observation
from deskbreak.core.engine.timekeeping import Elapsed, WorkCounter, elapsed

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def obs(wall: float, mono: float, boot: float | None, idle: float | None = 0.0) -> Observation:
    return Observation(T0 + timedelta(seconds=wall), mono, boot, idle)


@pytest.mark.parametrize(
    ("before", "after", "expected", "real", "slept"),
    [
        (obs(0, 0, 0), obs(60, 60, 60), 60.0, 60.0, 0.0),  # an ordinary minute
        (obs(0, 0, 0), obs(3660, 60, 3660), 60.0, 3660.0, 3600.0),  # an hour asleep (Linux)
        (obs(0, 0, 0), obs(3660, 60, 60), 60.0, 60.0, 0.0),  # wall clock set forward
        (obs(0, 0, 0), obs(-3540, 60, 60), 60.0, 60.0, 0.0),  # wall clock set back
        (obs(0, 0, None), obs(3660, 3660, None), 60.0, 3660.0, 3600.0),  # Windows: woke late
        (obs(0, 0, None), obs(20, 20, None), 60.0, 20.0, 0.0),  # a command came early
        (obs(0, 0, None), obs(-3540, 60, None), 60.0, 60.0, 0.0),  # no boot clock, set back
    ],
)
def test_elapsed(
    before: Observation, after: Observation, expected: float, real: float, slept: float
) -> None:
    assert elapsed(before, after, expected) == Elapsed(real, slept)


@pytest.mark.parametrize(
    "after",
    [obs(3660, 60, None), obs(300, 0, None)],
    ids=["macOS-asleep-an-hour", "wall-set-forward-5-min"],
)
def test_without_a_boot_clock_wall_time_beyond_the_monotonic_clock_is_unclear(
    after: Observation,
) -> None:
    # Asleep with a stopped monotonic clock, or the wall clock set forward: the same
    # observations. Neither is real time, so neither can end a snooze early.
    got = elapsed(obs(0, 0, None), after, 300.0)
    assert got.real == after.mono and got.slept == 0.0
    assert got.unclear == after.now.timestamp() - T0.timestamp() - after.mono


def test_an_idle_stretch_is_taken_back_from_the_work_counted_before_it_showed() -> None:
    counter = WorkCounter()
    counter.count(60, Elapsed(60, 0), 30, counting=True, natural_break=300)
    assert counter.work == 60  # half a minute without input: still work
    counter.count(120, Elapsed(60, 0), 90, counting=True, natural_break=300)
    assert counter.work == 30  # the whole 90 s stretch is not work
    away = counter.count(420, Elapsed(300, 0), 390, counting=True, natural_break=300)
    assert away == 390 and counter.away
    counter.count(480, Elapsed(60, 0), 5, counting=True, natural_break=300)
    assert not counter.away and counter.work == 0
