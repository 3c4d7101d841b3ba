"""Natural breaks with an idle source that pushes ("idle since T", "back at T").

The engine is woken by the source's two events and by its own deadlines only, so an
absence is measured exactly: an 80-second one with natural_break = "1m" is seen, one of
5½ minutes is a 5-minute natural break wherever it falls between wake-ups, and an idle
daemon at the desk does not wake once a minute to probe.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from support.engine import BERLIN, MIN, config, events, notices, sim_at

from deskbreak.core.engine.effects import Effect, Observation
from deskbreak.core.events import EventKind
from deskbreak.core.simulate import Simulator

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)


class CountingEngine:
    """Counts the engine's observations: each is one wake-up of the daemon."""

    def __init__(self, sim: Simulator) -> None:
        self.count = 0
        inner = sim.engine.observe

        def observe(obs: Observation) -> list[Effect]:
            self.count += 1
            return inner(obs)

        sim.engine.observe = observe  # type: ignore[method-assign]


def _absence(
    *, natural_break: str | None, worked: float, away: float, pushes: bool = True
) -> Simulator:
    nb = None if natural_break is None else timedelta(minutes=float(natural_break))
    cfg = config(every=timedelta(minutes=45), natural_break=nb)
    sim = sim_at(MONDAY, cfg, pushes=pushes)
    sim.run_for(worked)
    sim.go_away()
    sim.run_for(away)
    sim.come_back()
    return sim


def _worked(sim: Simulator) -> float:
    """Active seconds counted toward the 45-minute break."""
    left = sim.engine.status().seconds_left
    assert left is not None
    return 45 * MIN - left


# (natural_break in minutes, seconds worked before leaving, seconds away, natural break?)
ABSENCES = [
    ("1", 10 * MIN, 80, True),
    ("1", 10 * MIN + 17, 80, True),
    ("1", 10 * MIN, 59, False),
    ("5", 10 * MIN, 330, True),
    ("5", 10 * MIN + 1, 330, True),
    ("5", 10 * MIN + 29, 330, True),
    ("5", 10 * MIN + 59.5, 330, True),
    ("5", 3 * MIN + 41, 330, True),
    ("5", 10 * MIN, 301, True),
    ("5", 10 * MIN, 299, False),
    ("5", 10 * MIN + 33, 270, False),
]


@pytest.mark.parametrize(("nb", "worked", "away", "expected"), ABSENCES)
def test_an_absence_is_a_natural_break_exactly_when_it_reaches_the_length(
    nb: str, worked: float, away: float, expected: bool
) -> None:
    sim = _absence(natural_break=nb, worked=worked, away=away)
    found = events(sim, EventKind.NATURAL_BREAK)
    assert bool(found) is expected, found
    if expected:
        (record,) = found
        assert record.event.detail["cause"] == "idle"
        assert record.event.detail["seconds"] == round(float(nb) * 60) or (
            record.event.detail["seconds"] == round(away)
        )
        assert _worked(sim) < 1.0  # the counter restarted on return


def test_the_natural_break_is_recorded_when_the_length_is_reached_not_on_return() -> None:
    cfg = config(every=timedelta(minutes=45), natural_break=timedelta(minutes=5))
    sim = sim_at(MONDAY, cfg, pushes=True)
    sim.run_for(10 * MIN + 13)
    sim.go_away()
    left = sim.now
    sim.run_for(20 * MIN)
    (record,) = events(sim, EventKind.NATURAL_BREAK)
    assert record.event.at - left == timedelta(minutes=5)


def test_a_short_absence_is_not_work_but_not_a_break_either() -> None:
    sim = _absence(natural_break="5", worked=10 * MIN, away=200)
    assert not events(sim, EventKind.NATURAL_BREAK)
    assert _worked(sim) == pytest.approx(10 * MIN, abs=1.0)


def test_no_reminder_greets_a_user_back_from_a_natural_break() -> None:
    sim = _absence(natural_break="1", worked=44 * MIN, away=80)
    sim.run_for(30 * MIN)
    assert events(sim, EventKind.NATURAL_BREAK)
    assert not notices(sim)


def test_an_idle_daemon_with_a_pushing_source_does_not_wake_to_probe() -> None:
    cfg = config(every=timedelta(minutes=45), natural_break=timedelta(minutes=5))
    pushed = sim_at(MONDAY, cfg, pushes=True)
    polled = sim_at(MONDAY, cfg, pushes=False)
    counts = []
    for sim in (pushed, polled):
        counter = CountingEngine(sim)
        sim.run_for(40 * MIN)  # at the desk, nothing falls due
        counts.append(counter.count)
    assert counts[0] <= 40 * MIN / 300 + 1  # only the engine's own MAX_WAIT bound
    assert counts[1] >= 40  # one probe a minute


def test_away_with_a_pushing_source_waits_for_the_return_not_a_probe() -> None:
    cfg = config(every=timedelta(minutes=45), natural_break=timedelta(minutes=5))
    sim = sim_at(MONDAY, cfg, pushes=True)
    sim.run_for(5 * MIN)
    sim.go_away()
    sim.run_for(6 * MIN)
    counter = CountingEngine(sim)
    sim.run_for(60 * MIN)
    assert counter.count <= 60 * MIN / 300 + 1
