"""The due popup on a real dunst: it stays until acted on, and every outcome closes it.

The controller runs on a fake clock with the real notifier chain (desktop-notifier on the
session bus of the shared X11 desktop); dunst's own state is read through the bus monitor.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop
from support.engine import BERLIN, ROUTINES
from support.fakes import FakeIdle, FakeLauncher, FakeTimer
from support.waiting import wait_until

from deskbreak.core.config.model import Config
from deskbreak.core.engine.effects import Observation
from deskbreak.core.engine.engine import Engine
from deskbreak.core.ports import Notice, NoticeAction, NoticeKind, PauseKind, PauseSpec
from deskbreak.daemon.configwatch import ConfigWatch
from deskbreak.daemon.controller import Controller
from deskbreak.daemon.edges import Edges
from deskbreak.daemon.owner import Owner
from deskbreak.daemon.store import Store
from deskbreak.desktop.notify import ActionableBackend, build_notifier
from deskbreak.desktop.notifyqueue import BackgroundNotifier

pytestmark = pytest.mark.desktop

DUE_TITLE = "Time for a desk break"


class Daemon:
    """A controller on a fake clock that notifies through the real chain."""

    def __init__(self, tmp: Path) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
        self.mono = 100.0
        self.timer = FakeTimer()
        self.launcher = FakeLauncher()
        self.store, _ = Store.open(tmp / "history.sqlite3")
        chain = build_notifier(self._on_action, timeout=5.0, on_snooze=self._on_snooze)
        self.notifier = BackgroundNotifier(chain)
        edges = Edges(
            store=self.store, notifier=self.notifier, launcher=self.launcher, idle=FakeIdle(),
            observe=self._observe, config=ConfigWatch(tmp / "config.toml"), timer=self.timer,
            open_path=lambda _: None, render_chart=lambda _: tmp / "week.png", quit=lambda: None,
        )  # fmt: skip
        # The owner thread, as in the daemon: the notifier's clicks and the test's calls
        # reach the controller one at a time, on that thread.
        self.owner = Owner(BERLIN)
        engine = Engine(Config(), ROUTINES, BERLIN)
        self.controller = Controller(engine, BERLIN, edges, inbox=self.owner)
        self.owner.start(self.controller.tick)
        self.controller.restore(None)

    def _observe(self, idle: float | None) -> Observation:
        return Observation(self.now, self.mono, self.mono, idle)

    def _on_action(self, action: NoticeAction) -> None:
        # as the daemon does: off the notifier's loop thread, which the controller calls back
        threading.Thread(target=self.controller.on_notice_action, args=(action,)).start()

    def _on_snooze(self, length: timedelta) -> None:
        args = (NoticeAction.SNOOZE, length)
        threading.Thread(target=self.controller.on_notice_action, args=args).start()

    def run_for(self, seconds: float) -> None:
        end = self.mono + seconds
        while self.mono < end:
            step = min(self.timer.requests[-1], end - self.mono)
            self.now += timedelta(seconds=step)
            self.mono += step
            self.controller.tick()
            self.controller.status()  # asked after the posted tick: it has run

    def close(self) -> None:
        self.owner.shutdown()
        self.notifier.shutdown()
        self.store.close()


@pytest.fixture
def desk(desktop: Desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Desktop]:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.vars["DBUS_SESSION_BUS_ADDRESS"])
    desktop.run("dunstctl", "close-all")
    yield desktop
    desktop.run("dunstctl", "close-all")


@pytest.fixture
def daemon(desk: Desktop, tmp_path: Path) -> Iterator[Daemon]:
    made = Daemon(tmp_path)
    yield made
    made.close()


def shown(desk: Desktop, summary: str) -> list[dict[str, Any]]:
    return [n for n in desk.notifications() if n["summary"] == summary and n["displayed"]]


def break_is_due(desk: Desktop, daemon: Daemon) -> dict[str, Any]:
    daemon.run_for(45 * 60)
    wait_until("the due popup in dunst", lambda: bool(shown(desk, DUE_TITLE)))
    (popup,) = shown(desk, DUE_TITLE)
    return popup


OUTCOMES: dict[str, Callable[[Desktop, Daemon], object]] = {
    "break from the tray or CLI": lambda desk, d: d.controller.start_break(),
    "snooze": lambda desk, d: d.controller.snooze(),
    "skip": lambda desk, d: d.controller.skip(),
    "pause": lambda desk, d: d.controller.pause(PauseSpec(PauseKind.INDEFINITE)),
    "Start in the popup": lambda desk, d: desk.invoke_action("Start", summary=DUE_TITLE),
    "Snooze in the popup": lambda desk, d: desk.invoke_action("Snooze 5 min", summary=DUE_TITLE),
}


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_every_outcome_closes_the_due_popup(desk: Desktop, daemon: Daemon, outcome: str) -> None:
    popup = break_is_due(desk, daemon)
    OUTCOMES[outcome](desk, daemon)
    wait_until("the popup to close", lambda: not shown(desk, DUE_TITLE))
    closed = [n for n in desk.notifications() if n["id"] == popup["id"]]
    assert closed and closed[0]["closed_reason"] in (2, 3)  # dismissed by the click, or by us
    wait_until("the outcome", lambda: daemon.controller.status().state.value != "due")


def test_each_snooze_choice_is_offered_in_dunst(desk: Desktop, daemon: Daemon) -> None:
    popup = break_is_due(desk, daemon)
    labels = [label for label, key in popup["actions"].items() if key != "default"]
    assert labels == ["Start", "Snooze 5 min", "Snooze 10 min", "Snooze 30 min"]
    desk.invoke_action("Snooze 30 min", summary=DUE_TITLE)
    wait_until("the snooze", lambda: daemon.controller.status().snoozed_until is not None)
    assert daemon.controller.status().snoozed_until == daemon.now + timedelta(minutes=30)


def test_the_due_popup_outlasts_the_servers_timeout(desk: Desktop, daemon: Daemon) -> None:
    popup = break_is_due(desk, daemon)
    other = ActionableBackend(lambda a: None, timeout=5.0)  # a popup with dunst's own timeout
    try:
        other.send(Notice(NoticeKind.INFO, "An ordinary notice", "expires"))
        wait_until(
            "the ordinary notice to expire",
            lambda: any(n["closed_reason"] == 1 for n in desk.notifications()),
            timeout=30.0,
        )
    finally:
        other.shutdown()
    assert [n["id"] for n in shown(desk, DUE_TITLE)] == [popup["id"]]
