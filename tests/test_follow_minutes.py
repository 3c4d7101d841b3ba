"""A countdown's minute is a change: while someone follows, the controller also wakes when
the minutes left next change, and each step hands the hooks its events (fakes here)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support.engine import BERLIN, ROUTINES
from support.fakes import FakeIdle, FakeLauncher, FakeStore, FakeTimer, RecordingNotifier
from support.status import make_status

from deskbreak.core.config.model import Config, Hook, Schedule
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import Observation
from deskbreak.core.engine.engine import Engine
from deskbreak.core.hooks import HookRun
from deskbreak.core.ports import PauseKind, PauseSpec
from deskbreak.core.status import State, Status, until_minutes_change
from deskbreak.daemon.controller import Controller
from deskbreak.daemon.edges import Edges


@pytest.mark.parametrize(
    ("left", "step"), [(1380, 60.5), (1381, 1.5), (1439, 59.5), (59, 59.5), (1, 1.5)]
)
def test_the_next_minute_comes_when_the_minutes_left_change(left: int, step: float) -> None:
    status = make_status(State.WORKING, seconds_left=left)
    assert until_minutes_change(status) == step
    later = make_status(State.WORKING, seconds_left=round(left - step))
    assert later.minutes_left == (status.minutes_left or 0) - 1


@pytest.mark.parametrize("state", [State.PAUSED, State.DUE, State.SNOOZED, State.AWAY])
def test_nothing_counts_down_outside_work(state: State) -> None:
    assert until_minutes_change(make_status(state, seconds_left=None)) is None


class Rig:
    def __init__(self, tmp: Path, config: Config) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
        self.mono = 100.0
        self.timer = FakeTimer()
        self.hooks: list[HookRun] = []
        self.statuses: list[Status] = []
        self.idle = FakeIdle()
        self.path = tmp / "config.toml"
        self.settings = Settings(config, ROUTINES)
        edges = Edges(
            store=FakeStore(),
            notifier=RecordingNotifier(),
            launcher=FakeLauncher(),
            idle=self.idle,
            observe=self.observe,
            config=self,
            timer=self.timer,
            open_path=lambda path: None,
            render_chart=lambda summary: self.path,
            quit=lambda: None,
            run_hook=self.hooks.append,
        )
        self.controller = Controller(Engine(config, ROUTINES, BERLIN), BERLIN, edges)
        self.controller.restore(None)

    def observe(self, idle: float | None) -> Observation:
        return Observation(self.now, self.mono, self.mono, idle)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds

    def read(self) -> Settings:
        return self.settings

    def changed(self) -> bool:
        return False

    def ensure_exists(self) -> Path:
        return self.path


HOURLY = Config(schedule=Schedule(every=timedelta(hours=1), natural_break=None, renotify=None))


def test_a_follower_gets_each_minute_and_nobody_else_wakes_for_it(tmp_path: Path) -> None:
    rig = Rig(tmp_path, HOURLY)
    following = [False]
    rig.controller.subscribe(rig.statuses.append, minutes=lambda: following[0])
    rig.controller.tick()
    assert rig.timer.requests[-1] > 60.5  # nobody follows: the engine's own next look
    following[0] = True
    rig.controller.tick()
    shown = rig.statuses[-1].minutes_left
    step = rig.timer.requests[-1]
    assert step <= 60.5
    rig.advance(step)
    rig.controller.tick()
    assert rig.statuses[-1].minutes_left == (shown or 0) - 1


def test_each_step_hands_the_hooks_its_events(tmp_path: Path) -> None:
    config = Config(
        schedule=HOURLY.schedule,
        hooks=(Hook(("paused", "resumed"), ("x",)), Hook(("due",), ("y",))),
    )
    rig = Rig(tmp_path, config)
    rig.controller.pause(PauseSpec(PauseKind.INDEFINITE))
    rig.controller.resume()
    assert [(h.event, h.argv) for h in rig.hooks] == [("paused", ("x",)), ("resumed", ("x",))]
    assert rig.hooks[0].env["DESKBREAK_STATE"] == "paused"
    assert rig.hooks[1].env["DESKBREAK_STATE"] == "working"


def test_while_the_user_is_idle_the_minutes_stand_still_and_nobody_wakes_for_them(
    tmp_path: Path,
) -> None:
    """Active time stops while the user is idle: a minute wake would find the same minutes
    and come again seconds later, many times a minute, for nothing."""
    rig = Rig(tmp_path, HOURLY)
    rig.controller.subscribe(rig.statuses.append, minutes=lambda: True)
    rig.advance(30)
    rig.controller.tick()
    assert rig.statuses[-1].counting and rig.timer.requests[-1] <= 60.5
    rig.idle.seconds = 120.0  # away from the keyboard for two minutes
    rig.advance(120)
    rig.controller.tick()
    assert not rig.statuses[-1].counting
    assert rig.timer.requests[-1] > 60.5  # the engine's own next look only
    idle = make_status(State.WORKING, seconds_left=1381, counting=False)
    assert until_minutes_change(idle) is None
