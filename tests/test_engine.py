"""The break engine on simulated days: due, snooze, skip, idle, suspend, hours, pause."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from support.engine import (
    BERLIN,
    MIN,
    ROUTINES,
    config,
    events,
    morning_reminder,
    notices,
    office_hours,
    sim_at,
)

from deskbreak.core.config.model import Schedule
from deskbreak.core.engine.effects import CloseNotice, Launch
from deskbreak.core.events import EventKind, Trigger
from deskbreak.core.ports import NoticeKind, PauseKind, PauseSpec, PlayOutcome, PlayResult
from deskbreak.core.simulate import Simulator
from deskbreak.core.status import State

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)


def test_break_falls_due_after_45_minutes_of_active_work() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(44 * MIN)
    assert notices(sim) == []
    assert sim.engine.status().state is State.WORKING
    assert sim.engine.status().minutes_left == 1
    sim.run_for(2 * MIN)
    due = notices(sim)
    assert [at for at, _ in due] == [MONDAY_9 + timedelta(minutes=45)]
    assert due[0][1].routine == "mini-reset"
    assert sim.engine.status().state is State.DUE
    assert len(events(sim, EventKind.DUE)) == 1


def test_ignored_break_renotifies_every_five_minutes() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(61 * MIN)
    times = [at - MONDAY_9 for at, _ in notices(sim)]
    assert times == [timedelta(minutes=m) for m in (45, 50, 55, 60)]
    kinds = [n.kind for _, n in notices(sim)]
    assert kinds == [NoticeKind.DUE] + [NoticeKind.RENOTIFY] * 3


def test_renotify_off_gives_one_notification() -> None:
    sim = sim_at(MONDAY_9, config(renotify=None))
    sim.run_for(90 * MIN)
    assert len(notices(sim)) == 1


DEFAULT_RENOTIFY = Schedule().renotify


def _dismiss(sim: Simulator) -> None:
    sim.take(sim.engine.dismissed(sim.observation()))


def test_renotify_off_a_dismissed_notice_comes_back_once() -> None:
    """With renotify off, a notice closed without a choice comes back once, the default
    renotify interval later; a dismissal of that one is final, and the break stays due."""
    assert DEFAULT_RENOTIFY is not None
    sim = sim_at(MONDAY_9, config(renotify=None))
    sim.run_for(47 * MIN)
    _dismiss(sim)
    dismissed_at = sim.now
    sim.run_for(20 * MIN)
    shown = [(at, n.kind) for at, n in notices(sim)]
    assert shown == [
        (MONDAY_9 + timedelta(minutes=45), NoticeKind.DUE),
        (dismissed_at + DEFAULT_RENOTIFY, NoticeKind.RENOTIFY),
    ]
    _dismiss(sim)
    _dismiss(sim)
    sim.run_for(90 * MIN)
    assert len(notices(sim)) == 2
    assert sim.engine.status().state is State.DUE


def test_with_renotify_set_a_dismissal_changes_nothing() -> None:
    left = sim_at(MONDAY_9, config(renotify=timedelta(minutes=7)))
    dismissed = sim_at(MONDAY_9, config(renotify=timedelta(minutes=7)))
    for sim in (left, dismissed):
        sim.run_for(47 * MIN)
    _dismiss(dismissed)
    for sim in (left, dismissed):
        sim.run_for(30 * MIN)
    assert notices(dismissed) == notices(left)
    assert [at - MONDAY_9 for at, _n in notices(left)] == [
        timedelta(minutes=m) for m in (45, 52, 59, 66, 73)
    ]


def test_renotify_off_a_dismissal_brings_back_only_a_due_break_s_notice() -> None:
    """Nothing due, a snoozed break: a dismissal (a heads-up closed, say) brings nothing."""
    sim = sim_at(MONDAY_9, config(renotify=None))
    sim.run_for(30 * MIN)
    _dismiss(sim)
    sim.run_for(15 * MIN)
    assert len(notices(sim)) == 1  # the break falls due as it would
    sim.take(sim.engine.snooze(sim.observation(), timedelta(minutes=10))[1])
    _dismiss(sim)
    sim.run_for(30 * MIN)
    assert [at - MONDAY_9 for at, _n in notices(sim)] == [
        timedelta(minutes=45),
        timedelta(minutes=55),  # the snooze's end, and nothing after it
    ]


def test_snooze_delays_and_is_refused_at_the_limit() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(45 * MIN)
    for n in range(3):
        reply, effects = sim.engine.snooze(sim.observation())
        sim.take(effects)
        assert reply.ok, reply.message
        assert sim.engine.status().state is State.SNOOZED
        assert sim.engine.status().snoozes_used == n + 1
        before = len(notices(sim))
        sim.run_for(9 * MIN)
        assert len(notices(sim)) == before
        sim.run_for(1 * MIN)
        assert len(notices(sim)) == before + 1
    reply, _ = sim.engine.snooze(sim.observation())
    assert not reply.ok
    assert "limit reached (3 of 3)" in reply.message
    assert sim.engine.status().snooze_refusal == reply.message
    assert len(events(sim, EventKind.SNOOZED)) == 3


def test_snooze_with_a_chosen_length_and_unlimited_snoozes() -> None:
    sim = sim_at(MONDAY_9, config(max_snoozes=0))
    sim.run_for(45 * MIN)
    for _ in range(6):
        reply, _ = sim.engine.snooze(sim.observation(), timedelta(minutes=30))
        assert reply.ok
        start = sim.now
        sim.run_for(30 * MIN)
        assert notices(sim)[-1][0] == start + timedelta(minutes=30)


def test_snoozing_the_next_break_before_it_is_due_pushes_it_back() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(30 * MIN)
    reply, _ = sim.engine.snooze(sim.observation(), timedelta(minutes=10))
    assert reply.ok
    sim.run_for(30 * MIN)
    assert [at for at, _ in notices(sim, NoticeKind.DUE)] == [MONDAY_9 + timedelta(minutes=55)]


def test_skip_records_and_restarts_the_counter() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(46 * MIN)
    reply, effects = sim.engine.skip(sim.observation())
    sim.take(effects)
    assert reply.ok
    skipped = events(sim, EventKind.SKIPPED)
    assert len(skipped) == 1 and skipped[0].event.routine == "mini-reset"
    assert any(isinstance(e, CloseNotice) for e in effects)
    assert sim.engine.status().state is State.WORKING
    assert sim.engine.status().seconds_left == 45 * 60


def test_start_launches_the_rotation_in_turn_and_completion_restarts_the_count() -> None:
    sim = sim_at(MONDAY_9, config(rotation=("mini-reset", "short")))
    launched = []
    for _ in range(3):
        sim.run_until(sim.now + timedelta(minutes=45))
        assert sim.engine.status().state is State.DUE
        reply, effects = sim.engine.start(sim.observation())
        sim.take(effects)
        assert reply.ok
        launch = [e for e in effects if isinstance(e, Launch)]
        launched.append(launch[0].routine)
        assert sim.engine.status().state is State.ON_BREAK
        sim.complete(ROUTINES[launch[0].routine])
        assert sim.engine.status().state is State.WORKING
    assert launched == ["mini-reset", "short", "mini-reset"]
    assert len(events(sim, EventKind.COMPLETED)) == 3
    assert all(e.event.trigger is Trigger.INTERVAL for e in events(sim, EventKind.STARTED))


def test_a_stopped_routine_ends_the_break_and_a_failed_one_leaves_it_due() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(45 * MIN)
    sim.take(sim.engine.start(sim.observation())[1])
    outcome = PlayOutcome("mini-reset", PlayResult.STOPPED, 0, 4, 31.0)
    sim.take(sim.engine.finish(sim.observation(), outcome))
    assert sim.engine.status().state is State.WORKING
    assert len(events(sim, EventKind.STOPPED)) == 1
    before = len(notices(sim))
    sim.run_for(44 * MIN)
    assert len(notices(sim)) == before  # no popup straight after the stop
    sim.run_for(2 * MIN)
    sim.take(sim.engine.start(sim.observation())[1])
    failed = PlayOutcome("mini-reset", PlayResult.FAILED, 0, 4, 0.0)
    sim.take(sim.engine.finish(sim.observation(), failed))
    assert sim.engine.status().state is State.DUE


def test_unknown_routine_is_refused_with_a_suggestion() -> None:
    sim = sim_at(MONDAY_9)
    reply, _ = sim.engine.start(sim.observation(), "mini-rest")
    assert not reply.ok
    assert 'did you mean "mini-reset"' in reply.message


def test_short_idle_counts_as_work_but_a_longer_one_does_not() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(10 * MIN)
    sim.go_away()
    sim.run_for(30)  # a 30 s pause to read counts as work
    sim.come_back()
    sim.run_for(10 * MIN)
    sim.go_away()
    sim.run_for(3 * MIN)  # three minutes away is not work (and not a break)
    sim.come_back()
    sim.run_until(MONDAY_9 + timedelta(minutes=60))
    due = notices(sim)
    assert due[0][0] == MONDAY_9 + timedelta(minutes=48)
    assert events(sim, EventKind.NATURAL_BREAK) == []


def test_natural_break_when_away_long_enough() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(40 * MIN)
    sim.go_away()
    sim.run_for(6 * MIN)
    assert sim.engine.status().state is State.AWAY
    assert notices(sim) == []
    natural = events(sim, EventKind.NATURAL_BREAK)
    assert len(natural) == 1
    assert natural[0].event.detail["cause"] == "idle"
    sim.run_for(20 * MIN)  # still away: nothing fires
    assert notices(sim) == []
    back = sim.now
    sim.come_back()
    assert sim.engine.status().state is State.WORKING
    sim.run_for(50 * MIN)
    assert notices(sim)[0][0] == back + timedelta(minutes=45)


def test_natural_break_resolves_a_due_break() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(46 * MIN)
    sim.go_away()
    sim.run_for(10 * MIN)
    assert sim.engine.status().state is State.AWAY
    assert events(sim, EventKind.NATURAL_BREAK)[0].event.routine == "mini-reset"


def test_without_an_idle_source_time_counts_and_no_natural_breaks() -> None:
    sim = sim_at(MONDAY_9, idle=False)
    sim.go_away()
    sim.run_for(46 * MIN)
    assert len(notices(sim)) == 1
    assert sim.engine.status().natural_breaks is False


@pytest.mark.parametrize("boot", [True, False])
def test_no_reminder_right_after_waking(boot: bool) -> None:
    """The peers' bug: a break fires seconds after the lid opens."""
    sim = sim_at(MONDAY_9, boot=boot)
    sim.run_for(44 * MIN + 50)
    sim.suspend(3 * MIN)  # shorter than natural_break: paused, not a break
    woke = sim.now
    sim.run_for(5 * MIN)
    first = notices(sim)[0][0]
    assert first - woke >= timedelta(minutes=1)
    assert events(sim, EventKind.NATURAL_BREAK) == []


@pytest.mark.parametrize("boot", [True, False])
def test_long_suspend_is_a_natural_break(boot: bool) -> None:
    sim = sim_at(MONDAY_9, boot=boot)
    sim.run_for(44 * MIN)
    sim.suspend(2 * 3600)
    natural = events(sim, EventKind.NATURAL_BREAK)
    assert len(natural) == 1 and natural[0].event.detail["cause"] == "asleep"
    woke = sim.now
    sim.run_for(50 * MIN)
    assert notices(sim)[0][0] == woke + timedelta(minutes=45)


def test_a_break_due_before_sleeping_may_remind_on_wake() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(46 * MIN)
    sim.suspend(2 * MIN)
    assert sim.engine.status().state is State.DUE
    before = len(notices(sim))
    sim.run_for(4 * MIN)
    assert len(notices(sim)) == before + 1


def test_wall_clock_jumps_neither_fire_nor_double_reminders() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(30 * MIN)
    sim.jump_wall(3600)  # clock set an hour forward: real time did not pass
    sim.run_for(10 * MIN)
    assert notices(sim) == []
    sim.jump_wall(-2 * 3600)
    sim.run_for(6 * MIN)
    assert len(notices(sim)) == 1


def test_fixed_reminder_fires_once_even_if_the_clock_goes_back() -> None:
    start = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)
    sim = sim_at(start, config(reminders=morning_reminder()))
    sim.run_until(start + timedelta(minutes=40))
    fixed = [n for _, n in notices(sim, NoticeKind.DUE) if n.trigger is Trigger.FIXED]
    assert len(fixed) == 1 and fixed[0].routine == "morning"
    sim.take(sim.engine.start(sim.observation())[1])
    sim.complete(ROUTINES["morning"])
    sim.jump_wall(-30 * MIN)
    sim.run_for(20 * MIN)
    assert len([n for _, n in notices(sim, NoticeKind.DUE) if n.trigger is Trigger.FIXED]) == 1
    assert events(sim, EventKind.COMPLETED)[0].event.trigger is Trigger.FIXED


def test_fixed_reminder_missed_while_asleep_fires_once_after_the_grace() -> None:
    start = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)
    sim = sim_at(start, config(reminders=morning_reminder()))
    sim.run_for(10 * MIN)
    sim.suspend(40 * MIN)  # asleep through 08:30
    woke = sim.now
    sim.run_for(10 * MIN)
    fixed = [at for at, n in notices(sim, NoticeKind.DUE) if n.trigger is Trigger.FIXED]
    assert len(fixed) == 1
    assert fixed[0] - woke >= timedelta(minutes=1)


def test_no_desk_breaks_outside_hours_and_status_names_the_next_period() -> None:
    friday_17 = datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN)
    sim = sim_at(friday_17, config(hours=office_hours()))
    sim.run_until(datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN))
    interval = [at for at, n in notices(sim) if n.trigger is Trigger.INTERVAL]
    assert all(at.hour < 18 and at.weekday() < 5 for at in interval)
    sim.run_until(datetime(2026, 11, 28, 12, 0, tzinfo=BERLIN))  # no-op: already later
    assert sim.engine.status().state is State.WORKING
    sat = sim_at(datetime(2026, 11, 28, 12, 0, tzinfo=BERLIN), config(hours=office_hours()))
    status = sat.engine.status()
    assert status.state is State.OFF_HOURS
    assert status.next_working == datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    assert "Outside working hours" in status.headline()


def test_lunch_gap_drops_a_due_break_and_restarts_the_counter() -> None:
    start = datetime(2026, 11, 23, 11, 50, tzinfo=BERLIN)
    sim = sim_at(start, config(hours=office_hours()))
    sim.run_until(datetime(2026, 11, 23, 13, 30, tzinfo=BERLIN))
    assert [at for at, _ in notices(sim)] == []
    sim.run_until(datetime(2026, 11, 23, 14, 20, tzinfo=BERLIN))
    assert [at.strftime("%H:%M") for at, _ in notices(sim, NoticeKind.DUE)] == ["14:15"]


def test_pause_for_until_tomorrow_and_resume() -> None:
    sim = sim_at(MONDAY_9, config(hours=office_hours()))
    reply, _ = sim.engine.pause(sim.observation(), PauseSpec(PauseKind.FOR, timedelta(minutes=30)))
    assert reply.ok
    assert sim.engine.status().state is State.PAUSED
    assert sim.engine.status().paused_until == MONDAY_9 + timedelta(minutes=30)
    sim.run_for(30 * MIN)
    assert sim.engine.status().state is State.WORKING
    reply, _ = sim.engine.pause(sim.observation(), PauseSpec(PauseKind.TOMORROW))
    assert reply.ok
    assert sim.engine.status().paused_until == datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
    reply, _ = sim.engine.resume(sim.observation())
    assert reply.ok and sim.engine.status().state is State.WORKING
    reply, _ = sim.engine.resume(sim.observation())
    assert not reply.ok and "not paused" in reply.message


def test_pause_until_a_clock_time_and_indefinitely() -> None:
    sim = sim_at(MONDAY_9)
    spec = PauseSpec(PauseKind.UNTIL, clock=13 * 60)
    sim.engine.pause(sim.observation(), spec)
    assert sim.engine.status().paused_until == MONDAY_9.replace(hour=13)
    sim.run_until(MONDAY_9.replace(hour=12, minute=59))
    assert notices(sim) == []
    sim.engine.pause(sim.observation(), PauseSpec(PauseKind.INDEFINITE))
    sim.run_for(5 * 3600)
    assert notices(sim) == []
    status = sim.engine.status()
    assert status.state is State.PAUSED and status.paused_until is None
    assert status.headline() == "Paused"


def test_heads_up_comes_before_the_break() -> None:
    sim = sim_at(MONDAY_9, config(heads_up=timedelta(minutes=1)))
    sim.run_for(46 * MIN)
    heads = notices(sim, NoticeKind.HEADS_UP)
    assert [at - MONDAY_9 for at, _ in heads] == [timedelta(minutes=44)]
    assert notices(sim)[0][0] == MONDAY_9 + timedelta(minutes=45)


def test_snapshot_and_restore_continue_a_snoozed_break() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(45 * MIN)
    sim.engine.snooze(sim.observation(), timedelta(minutes=10))
    data = sim.engine.snapshot()
    sim.run_for(2 * MIN)
    again = sim_at(sim.now)
    again.take(again.engine.restore(data, again.observation()))
    status = again.engine.status()
    assert status.state is State.SNOOZED
    assert status.snoozes_used == 1
    assert status.snoozed_until == MONDAY_9 + timedelta(minutes=55)


def test_restore_after_a_long_gap_starts_fresh_and_ignores_garbage() -> None:
    sim = sim_at(MONDAY_9)
    sim.run_for(40 * MIN)
    data = sim.engine.snapshot()
    later = sim_at(sim.now + timedelta(hours=2))
    later.engine.restore(data, later.observation())
    assert later.engine.status().seconds_left == 45 * 60
    broken = sim_at(sim.now)
    broken.engine.restore({"saved_at": "yesterday", "work": "lots"}, broken.observation())
    assert broken.engine.status().state is State.WORKING
