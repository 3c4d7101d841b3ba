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
        (obs(0, 0, None), obs(3660, 60, None), 60.0, 3660.0, 3600.0),  # macOS: mono stops
        (obs(0, 0, None), obs(3660, 3660, None), 60.0, 3660.0, 3600.0),  # Windows: woke late
        (obs(0, 0, None), obs(20, 20, None), 60.0, 20.0, 0.0),  # a command came early
    ],
)
def test_elapsed(
    before: Observation, after: Observation, expected: float, real: float, slept: float
) -> None:
    assert elapsed(before, after, expected) == Elapsed(real, slept)


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
