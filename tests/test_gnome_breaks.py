"""Beside GNOME 48's own break reminders: who keeps time, and GNOME's movement break
followed on simulated days (fake clocks), plus the pure readers of what GNOME publishes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from support.engine import BERLIN, MIN, config, events, sim_at

from deskbreak.core.config.dump import config_document
from deskbreak.core.config.model import Config, GnomeSettings
from deskbreak.core.config.read import ConfigErrors, parse_config
from deskbreak.core.engine.effects import Launch, Notify
from deskbreak.core.events import EventKind
from deskbreak.core.gnomebreaks import (
    GnomeBreaks,
    Keeper,
    MovementClock,
    Phase,
    ShellState,
    keeper,
    parse_selected,
)
from deskbreak.core.simulate import Simulator
from deskbreak.core.status import Action, State
from deskbreak.doctor.areas import gnome as gnome_finding

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
S = ShellState


def shown(sim: Simulator) -> list[Notify]:
    return [e for _, e in sim.effects if isinstance(e, Notify)]


def gnome(sim: Simulator, keeps: bool, phase: Phase) -> None:
    sim.take(sim.engine.gnome_breaks(sim.observation(), keeps, phase))


# ------------------------------------------------------------------ config


def test_the_setting_reads_dumps_and_refuses_a_wrong_word_with_its_key_path() -> None:
    assert parse_config("").gnome.breaks == "auto"
    cfg = parse_config('[gnome]\nbreaks = "gnome"\n')
    assert cfg.gnome == GnomeSettings("gnome")
    assert config_document(cfg)["gnome"] == {"breaks": "gnome"}
    with pytest.raises(ConfigErrors) as caught:
        parse_config('[gnome]\nbreaks = "gnomee"\n')
    assert [p.path for p in caught.value.problems] == ["gnome.breaks"]


# ------------------------------------------------------------------ who keeps time


@pytest.mark.parametrize(
    ("setting", "selected", "state", "chosen"),
    [
        ("auto", ("movement",), S.ACTIVE, Keeper.GNOME),
        ("auto", ("eyesight",), S.ACTIVE, Keeper.DESKBREAK),  # eyesight is no desk break
        ("auto", ("movement",), None, Keeper.DESKBREAK),  # no shell runs the reminder
        ("auto", (), S.DISABLED, Keeper.DESKBREAK),
        ("both", ("movement",), S.ACTIVE, Keeper.BOTH),
        ("deskbreak", ("movement",), S.ACTIVE, Keeper.DESKBREAK),
    ],
)
def test_auto_follows_gnomes_movement_reminder(
    setting: str, selected: tuple[str, ...], state: ShellState | None, chosen: Keeper
) -> None:
    assert keeper(setting, GnomeBreaks(selected, state)) is chosen


def test_gsettings_output_is_read_in_each_form() -> None:
    assert parse_selected("@as []\n") == ()
    assert parse_selected("['eyesight', 'movement']\n") == ("eyesight", "movement")
    assert parse_selected("selected-breaks: ['movement']") == ("movement",)
    assert parse_selected("No such key") is None


def test_with_both_reminders_on_only_the_movement_break_counts() -> None:
    clock = MovementClock(0.0)
    both = ("eyesight", "movement")
    assert not clock.see(0, both, S.ACTIVE, 60, 20)
    assert not clock.see(25, both, S.DUE, 60, 20)  # an eyesight break at 25 s
    assert not clock.see(40, both, S.IN_BREAK, 60, 20)
    assert not clock.see(45, both, S.ACTIVE, 60, 20)  # 15 s away: not a movement break
    assert clock.see(61, both, S.DUE, 60, 20)  # the movement interval is up
    assert clock.see(70, both, S.IN_BREAK, 60, 20)
    assert not clock.see(95, both, S.ACTIVE, 60, 20)  # 35 s away: it ended
    assert not clock.see(120, both, S.DUE, 60, 20)
    only = MovementClock(0.0)
    assert only.see(5, ("movement",), S.DUE, 60, 20)  # alone, every due break is it


# ------------------------------------------------------------------ the engine


def gnome_day(cfg: Config | None = None) -> Simulator:
    sim = sim_at(MONDAY_9, cfg or config())
    gnome(sim, True, Phase.NONE)
    return sim


def test_while_gnome_keeps_time_deskbreak_counts_nothing_and_reminds_of_nothing() -> None:
    sim = gnome_day()
    sim.run_for(180 * MIN)
    assert shown(sim) == []
    assert events(sim, EventKind.DUE) == [] and events(sim, EventKind.HEADS_UP) == []
    status = sim.engine.status()
    assert status.state is State.WORKING and status.next_due is None
    assert not status.allows(Action.SNOOZE) and not status.allows(Action.SKIP)


def test_gnomes_due_break_is_offered_once_without_a_notice_and_its_routine_runs() -> None:
    sim = gnome_day()
    sim.run_for(30 * MIN)
    gnome(sim, True, Phase.DUE)
    gnome(sim, True, Phase.DUE)  # told again: still one offer
    sim.run_for(10 * MIN)
    due = events(sim, EventKind.DUE)
    assert len(due) == 1 and due[0].event.detail == {"by": "gnome"}
    assert shown(sim) == []  # GNOME's notification is the reminder
    assert sim.engine.status().state is State.DUE
    reply, effects = sim.engine.snooze(sim.observation())
    assert not reply.ok  # GNOME's break cannot be snoozed from here
    reply, effects = sim.engine.start(sim.observation())
    sim.take(effects)
    assert reply.ok and [e for e in effects if isinstance(e, Launch)]
    gnome(sim, True, Phase.IN_BREAK)  # the user stands still doing the routine
    routine = sim.engine.settings.routines[due[0].event.routine or ""]
    sim.complete(routine)
    gnome(sim, True, Phase.NONE)
    assert len(events(sim, EventKind.COMPLETED)) == 1
    assert events(sim, EventKind.NATURAL_BREAK) == []
    assert sim.engine.status().state is State.WORKING


def test_gnomes_break_taken_away_from_the_desk_counts_and_a_delayed_one_is_dropped() -> None:
    sim = gnome_day()
    gnome(sim, True, Phase.DUE)
    gnome(sim, True, Phase.IN_BREAK)
    gnome(sim, True, Phase.NONE)
    taken = events(sim, EventKind.NATURAL_BREAK)
    assert len(taken) == 1 and taken[0].event.detail == {"by": "gnome"}
    gnome(sim, True, Phase.DUE)
    gnome(sim, True, Phase.NONE)  # "Delay" or "Skip" in GNOME's notification
    assert len(events(sim, EventKind.DUE)) == 2
    assert len(events(sim, EventKind.NATURAL_BREAK)) == 1
    assert sim.engine.status().state is State.WORKING
    assert shown(sim) == []


def test_when_deskbreak_keeps_time_again_its_counter_starts_afresh_and_reminds() -> None:
    sim = gnome_day()
    sim.run_for(60 * MIN)
    gnome(sim, False, Phase.DUE)  # GNOME's phase is ignored when it does not keep time
    assert events(sim, EventKind.DUE) == []
    sim.run_for(44 * MIN)
    assert events(sim, EventKind.DUE) == []
    sim.run_for(2 * MIN)
    assert len(events(sim, EventKind.DUE)) == 1 and len(shown(sim)) >= 1


def test_both_keeps_deskbreaks_counter() -> None:
    sim = sim_at(MONDAY_9, replace(config(), gnome=GnomeSettings("both")))
    gnome(sim, False, Phase.NONE)  # the controller tells "both" as not GNOME's alone
    sim.run_for(46 * MIN)
    assert len(events(sim, EventKind.DUE)) == 1


# ------------------------------------------------------------------ doctor


def test_doctor_names_the_setting_and_the_one_command_and_warns_of_two_counters() -> None:
    on = gnome_finding(("movement",), "auto")
    assert on.verdict.value == "ok" and on.details["keeper"] == "gnome"
    assert on.details["setting"] == "org.gnome.desktop.break-reminders selected-breaks"
    assert "selected-breaks" in str(on.details["command"])
    both = gnome_finding(("movement",), "both")
    assert both.verdict.value == "problem" and both.fix and "gsettings set" in both.fix
    off = gnome_finding((), "auto")
    assert off.details["keeper"] == "deskbreak" and "movement" in str(off.details["command"])
