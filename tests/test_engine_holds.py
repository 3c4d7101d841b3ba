"""Holds on simulated days: a due break waits out a call and is offered once after it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from support.engine import BERLIN, MIN, ROUTINES, config, events, notices, sim_at

from deskbreak.core.config.model import Config, HoldSettings
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import CloseNotice, Launch, Notify
from deskbreak.core.events import EventKind
from deskbreak.core.ports import HoldSignal, NoticeKind
from deskbreak.core.simulate import Simulator
from deskbreak.core.status import State

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
MIC = HoldSignal.MICROPHONE


def holding(**settings: object) -> Config:
    base = config(heads_up=timedelta(minutes=1))
    return replace(base, hold=HoldSettings(**settings))  # type: ignore[arg-type]


def shown(sim: Simulator) -> list[Notify]:
    return [e for _, e in sim.effects if isinstance(e, Notify)]


def closes(sim: Simulator) -> int:
    return sum(isinstance(e, CloseNotice) for _, e in sim.effects)


def test_a_break_due_during_a_call_is_held_without_a_sound_and_work_keeps_counting() -> None:
    sim = sim_at(MONDAY_9, holding())
    sim.run_for(10 * MIN)
    sim.hold(MIC)
    sim.go_away()  # nobody types during a call: that is not time away
    sim.run_for(50 * MIN)
    assert shown(sim) == []  # no heads-up, no due notice, no re-notify
    status = sim.engine.status()
    assert status.state is State.HELD
    assert status.hold is not None and status.hold.reasons == ("microphone",)
    assert status.hold.since == MONDAY_9 + timedelta(minutes=10)
    assert status.headline() == "Held: microphone in use"
    assert events(sim, EventKind.NATURAL_BREAK) == []
    held = events(sim, EventKind.HELD)
    assert len(held) == 1 and held[0].event.detail["reasons"] == ["microphone"]
    assert held[0].event.at == MONDAY_9 + timedelta(minutes=45)


def test_the_held_break_is_offered_once_after_resume_after_of_quiet() -> None:
    sim = sim_at(MONDAY_9, holding(resume_after=timedelta(seconds=30)))
    sim.hold(MIC)
    sim.run_for(50 * MIN)
    sim.hold()
    sim.run_for(20)
    assert shown(sim) == []
    sim.hold(MIC)  # the stream came back: a dropped call does not count as its end
    sim.run_for(20)
    sim.hold()
    sim.run_for(29)
    assert shown(sim) == []
    sim.run_for(2)
    offered = notices(sim, NoticeKind.HELD)
    assert len(offered) == 1 and len(shown(sim)) == 1
    assert offered[0][0] == MONDAY_9 + timedelta(minutes=50, seconds=70)
    assert sim.engine.status().state is State.DUE
    ended = events(sim, EventKind.HOLD_ENDED)
    assert len(ended) == 1
    assert ended[0].event.detail == {"seconds": 370, "reasons": ["microphone"], "how": "offered"}
    sim.run_for(5 * MIN)  # and from then on, the usual re-notify
    assert [n.kind for n in shown(sim)] == [NoticeKind.HELD, NoticeKind.RENOTIFY]


def test_at_most_offers_a_held_break_during_a_long_call_and_does_not_hold_it_again() -> None:
    sim = sim_at(MONDAY_9, holding(at_most=timedelta(minutes=20)))
    sim.hold(HoldSignal.CAMERA)
    sim.run_for(45 * MIN + 19 * MIN)
    assert shown(sim) == []
    sim.run_for(2 * MIN)
    assert [at for at, _ in notices(sim, NoticeKind.HELD)] == [MONDAY_9 + timedelta(minutes=65)]
    assert events(sim, EventKind.HOLD_ENDED)[0].event.detail["how"] == "at-most"
    sim.run_for(5 * MIN)
    assert len(notices(sim, NoticeKind.RENOTIFY)) == 1
    assert sim.engine.status().state is State.DUE


def test_a_notice_on_screen_when_a_call_starts_is_withdrawn_and_comes_back_after() -> None:
    sim = sim_at(MONDAY_9, holding(resume_after=timedelta(seconds=10)))
    sim.run_for(46 * MIN)
    assert len(notices(sim, NoticeKind.DUE)) == 1
    sim.hold(HoldSignal.SCREEN_SHARE)
    assert closes(sim) == 1
    assert events(sim, EventKind.HELD)[0].event.detail["withdrawn"] is True
    sim.run_for(30 * MIN)
    assert len(notices(sim)) == 1  # nothing re-notified during the share
    sim.hold()
    sim.run_for(11)
    assert len(notices(sim, NoticeKind.HELD)) == 1


def test_a_break_the_user_starts_is_never_held_and_a_routine_is_never_interrupted() -> None:
    sim = sim_at(MONDAY_9, holding())
    sim.hold(MIC)
    reply, effects = sim.engine.start(sim.observation(), "short")
    sim.take(effects)
    assert reply.ok
    assert [e for _, e in sim.effects if isinstance(e, Launch)] != []
    started = closes(sim)  # starting closes whatever notice is on screen
    sim.hold(MIC, HoldSignal.DND)
    assert closes(sim) == started
    assert sim.engine.status().state is State.ON_BREAK
    sim.complete(ROUTINES["short"])
    assert events(sim, EventKind.COMPLETED) != []


def test_starting_the_held_break_ends_the_hold_as_started() -> None:
    sim = sim_at(MONDAY_9, holding())
    sim.hold(MIC)
    sim.run_for(50 * MIN)
    reply, effects = sim.engine.start(sim.observation())
    sim.take(effects)
    assert reply.ok
    ended = events(sim, EventKind.HOLD_ENDED)
    assert [e.event.detail["how"] for e in ended] == ["started"]
    assert ended[0].event.detail["seconds"] == 5 * 60


def test_a_hold_across_a_short_suspend_stays_and_a_long_one_is_a_natural_break() -> None:
    sim = sim_at(MONDAY_9, holding(fullscreen=True))
    sim.hold(HoldSignal.FULLSCREEN)
    sim.run_for(46 * MIN)
    sim.suspend(2 * MIN)
    assert sim.engine.status().state is State.HELD
    assert shown(sim) == []
    sim.suspend(10 * MIN)  # longer than natural_break: the break was taken
    assert [e.event.detail["how"] for e in events(sim, EventKind.HOLD_ENDED)] == ["natural-break"]
    assert sim.engine.status().state is State.WORKING
    sim.hold()
    sim.run_for(5 * MIN)
    assert shown(sim) == []


def test_reloading_a_config_that_switches_the_signal_off_releases_the_held_break() -> None:
    sim = sim_at(MONDAY_9, holding(resume_after=timedelta(seconds=30)))
    sim.hold(HoldSignal.DND)
    sim.run_for(50 * MIN)
    assert sim.engine.status().state is State.HELD
    new = holding(dnd=False, resume_after=timedelta(seconds=30))
    sim.take(sim.engine.reconfigure(sim.observation(), Settings(new, ROUTINES)))
    assert sim.engine.status().state is State.HELD  # the quiet still has to last 30 s
    assert sim.engine.wake_in() <= 30
    sim.run_for(31)
    assert len(notices(sim, NoticeKind.HELD)) == 1


def test_switched_off_signals_and_no_apps_hold_nothing() -> None:
    sim = sim_at(MONDAY_9, holding(microphone=False))
    sim.hold(MIC, HoldSignal.APP)
    sim.run_for(46 * MIN)
    assert len(notices(sim, NoticeKind.DUE)) == 1
    assert sim.engine.status().hold is None


def test_dnd_does_not_turn_time_away_into_work() -> None:
    sim = sim_at(MONDAY_9, holding())
    sim.hold(HoldSignal.DND)
    sim.go_away()
    sim.run_for(20 * MIN)
    assert len(events(sim, EventKind.NATURAL_BREAK)) == 1


def test_snoozing_a_held_break_ends_the_hold_and_the_snooze_end_is_held_again() -> None:
    sim = sim_at(MONDAY_9, holding())
    sim.hold(MIC)
    sim.run_for(46 * MIN)
    reply, effects = sim.engine.snooze(sim.observation())
    sim.take(effects)
    assert reply.ok
    assert events(sim, EventKind.HOLD_ENDED)[0].event.detail["how"] == "snoozed"
    sim.run_for(11 * MIN)
    assert shown(sim) == []
    assert len(events(sim, EventKind.HELD)) == 2
    assert sim.engine.status().state is State.HELD
