"""Snooze lengths and sums within the configured bounds; pause times that say what they do."""

from __future__ import annotations

from datetime import datetime, timedelta

from support.engine import BERLIN, MIN, config, office_hours, sim_at

from deskbreak.core.ports import PauseKind, PauseSpec, ReplyCode
from deskbreak.core.status import State

TUESDAY_19_21 = datetime(2026, 11, 24, 19, 21, tzinfo=BERLIN)
FRIDAY_15 = datetime(2026, 11, 27, 15, 0, tzinfo=BERLIN)


def test_a_snooze_longer_than_the_config_allows_is_refused() -> None:
    sim = sim_at(TUESDAY_19_21)
    sim.run_for(45 * MIN)
    reply, effects = sim.engine.snooze(sim.observation(), timedelta(hours=99))
    assert reply.code is ReplyCode.INVALID
    assert reply.message == "A snooze lasts 1 min to 4 h, not 99 h"
    assert effects == [] and sim.engine.status().state is State.DUE


def test_snoozes_of_a_break_not_yet_due_add_up_to_the_longest_snooze_at_most() -> None:
    sim = sim_at(TUESDAY_19_21, config(max_snoozes=0))
    sim.run_for(5 * MIN)
    sim.run_for(2.5)
    first, _ = sim.engine.snooze(sim.observation(), timedelta(hours=3, minutes=30))
    assert first.message == "Next break put off by 3 h 30 min (due in 4 h 10 min)"
    second, _ = sim.engine.snooze(sim.observation(), timedelta(hours=1))
    assert second.message == "Next break put off by 30 min (due in 4 h 40 min)"
    third, _ = sim.engine.snooze(sim.observation(), timedelta(minutes=5))
    assert third.code is ReplyCode.REFUSED
    assert "already put off by 4 h" in third.message
    left = sim.engine.status().seconds_left
    assert left is not None and abs(left - (40 + 4 * 60) * 60) <= 3  # 4 h past the interval


def test_pause_tomorrow_without_hours_lasts_until_the_next_morning() -> None:
    sim = sim_at(TUESDAY_19_21)
    reply, _ = sim.engine.pause(sim.observation(), PauseSpec(PauseKind.TOMORROW))
    assert reply.message == "Paused until tomorrow at 06:00"
    assert sim.engine.status().paused_until == datetime(2026, 11, 25, 6, 0, tzinfo=BERLIN)


def test_pause_tomorrow_on_a_friday_lasts_until_the_next_working_period() -> None:
    sim = sim_at(FRIDAY_15, config(hours=office_hours()))
    reply, _ = sim.engine.pause(sim.observation(), PauseSpec(PauseKind.TOMORROW))
    assert reply.message == "Paused until Mon 30 Nov at 09:00"
    assert sim.engine.status().headline() == "Paused until Mon 30 Nov at 09:00"


def test_pause_until_a_time_already_passed_today_says_it_means_tomorrow() -> None:
    sim = sim_at(TUESDAY_19_21)
    reply, _ = sim.engine.pause(sim.observation(), PauseSpec(PauseKind.UNTIL, clock=19 * 60))
    assert reply.message == "19:00 has passed today — paused until tomorrow at 19:00"
    later, _ = sim.engine.pause(sim.observation(), PauseSpec(PauseKind.UNTIL, clock=23 * 60 + 59))
    assert later.message == "Paused until 23:59"
    assert sim.engine.status().headline() == "Paused until 23:59"


def test_an_unknown_routine_is_worded_as_everywhere_else() -> None:
    sim = sim_at(TUESDAY_19_21)
    reply, _ = sim.engine.start(sim.observation(), "mini-rest")
    assert reply.code is ReplyCode.INVALID
    assert reply.message == 'no routine "mini-rest" — did you mean "mini-reset"?'
    reply, _ = sim.engine.start(sim.observation(), "nosuch")
    assert reply.message == 'no routine "nosuch" — see `deskbreak routines list`'
