"""The Tray against a fake Commands on pystray's dummy backend (no display), and the
choice of backend from the environment."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from support.fakes import RecordingCommands
from support.tray import CHOICES, NOW, ROUTINES, make_status

from deskbreak.core.ports import PauseKind, PauseSpec, Reply
from deskbreak.core.status import State
from deskbreak.desktop.tray import Tray
from deskbreak.desktop.tray.choice import Choice, choose

DUMMY = {"PYSTRAY_BACKEND": "dummy"}


class Harness:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.commands = RecordingCommands(make_status(), routines=ROUTINES, choices=CHOICES)
        self.notices: list[tuple[str, str]] = []
        self.quits = 0
        self.clicks = 0
        self.tray = Tray(
            self.commands,
            self.on_quit,
            notify=lambda title, message: self.notices.append((title, message)),
            env=env or DUMMY,
            on_click=self.on_click,
        )
        assert self.tray.check()
        self.icon = self.tray.create()

    def on_quit(self) -> None:
        self.quits += 1

    def on_click(self) -> None:
        self.clicks += 1

    def items(self, menu: Any = None) -> dict[str, Any]:
        menu = self.icon.menu if menu is None else menu
        return {item.text: item for item in menu if item.text != "- - - -"}

    def click(self, *path: str) -> None:
        items = self.items()
        for name in path[:-1]:
            items = self.items(items[name].submenu)
        items[path[-1]](self.icon)


@pytest.fixture
def harness(home: Path) -> Harness:
    return Harness()


def test_the_pystray_menu_shows_the_model(harness: Harness) -> None:
    harness.tray.update(make_status(State.DUE))
    items = harness.items()
    assert list(items)[:6] == [
        "Open deskbreak…",
        "Start Neck release now",
        "Routines",
        "Snooze",
        "Skip this break",
        "Pause",
    ]
    assert items["Open deskbreak…"].default
    assert not items["Time for a break: Neck release"].enabled
    snooze = list(items["Snooze"].submenu)
    assert [(s.text, s.radio, s.checked) for s in snooze] == [
        ("5 min", True, False),
        ("10 min", True, False),
        ("30 min", True, False),
    ]
    assert [getattr(s, "key", None) for s in snooze] == ["snooze:300", "snooze:600", "snooze:1800"]


def test_the_default_item_opens_the_control_window(harness: Harness) -> None:
    harness.tray.update(make_status())
    harness.icon()  # what a left click (Activate) does
    assert harness.clicks == 1
    assert harness.commands.calls == []


def test_items_call_their_commands(harness: Harness) -> None:
    harness.tray.update(make_status())
    harness.click("Start Neck release now")
    harness.click("Routines", "More routines", "Floor back release")
    harness.click("Snooze", "10 min")
    harness.click("Skip this break")
    harness.click("Pause", "1 hour")
    harness.click("Open config")
    harness.click("Reload config")
    harness.click("Statistics")
    assert harness.commands.calls == [
        ("start_break", None),
        ("start_break", "floor-back"),
        ("snooze", timedelta(minutes=10)),
        ("skip", None),
        ("pause", PauseSpec(PauseKind.FOR, length=timedelta(hours=1))),
        ("open_config", None),
        ("reload", None),
        ("show_stats", None),
    ]


def test_resume_while_paused(harness: Harness) -> None:
    harness.tray.update(make_status(State.PAUSED))
    assert "Pause" not in harness.items()
    harness.click("Resume")
    assert harness.commands.calls == [("resume", None)]


def test_a_refused_reply_is_shown(harness: Harness) -> None:
    harness.commands.default = Reply.refused("Nothing to skip right now")
    harness.tray.update(make_status(State.DUE))
    harness.click("Skip this break")
    assert harness.notices == [("deskbreak", "Nothing to skip right now")]


def test_a_failing_command_is_reported_not_raised(harness: Harness) -> None:
    harness.commands.error = RuntimeError("boom")
    harness.tray.update(make_status())
    harness.click("Reload config")
    assert len(harness.notices) == 1
    assert "log" in harness.notices[0][1]


def test_quit_calls_on_quit_and_stops_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    stopped = threading.Event()
    stops: list[int] = []

    def fake_stop() -> None:
        stops.append(1)
        stopped.set()

    monkeypatch.setattr(harness.icon, "stop", fake_stop)
    harness.tray.update(make_status())
    harness.click("Quit")
    harness.tray.stop()  # the daemon's own stop may follow
    assert stopped.wait(5)
    assert harness.quits == 1
    assert stops == [1]


def test_updates_after_stop_touch_nothing(harness: Harness) -> None:
    harness.tray.update(make_status())
    first = harness.icon.icon
    harness.tray.stop()
    harness.tray.update(make_status(State.DUE))
    assert harness.icon.icon is first
    assert harness.tray.redraws == 1


def test_update_redraws_only_when_the_picture_changes(harness: Harness) -> None:
    harness.tray.update(make_status(seconds_left=23 * 60))
    first = harness.icon.icon
    assert harness.icon.title == "Next break in 23 min"
    harness.tray.update(make_status(seconds_left=23 * 60 - 5))
    assert harness.tray.redraws == 1
    assert harness.icon.icon is first
    harness.tray.update(make_status(seconds_left=20 * 60))
    assert harness.tray.redraws == 2
    assert harness.icon.icon is not first
    assert harness.icon.title == "Next break in 20 min"


def test_title_follows_the_headline_without_a_redraw(harness: Harness) -> None:
    snoozed = make_status(State.SNOOZED, snoozed_until=NOW + timedelta(minutes=5))
    harness.tray.update(snoozed)
    harness.tray.update(replace(snoozed, snoozed_until=NOW + timedelta(minutes=15)))
    assert harness.tray.redraws == 1
    assert harness.icon.title == "Snoozed until 10:15"


def test_the_menu_is_rebuilt_only_when_it_changes(harness: Harness) -> None:
    harness.tray.update(make_status(seconds_left=23 * 60))
    menu = harness.icon.menu
    harness.tray.update(make_status(seconds_left=23 * 60 - 10))
    assert harness.icon.menu is menu
    harness.tray.update(make_status(State.PAUSED))
    assert harness.icon.menu is not menu


# -- the choice of backend -------------------------------------------------------------


def test_pystray_backend_in_the_environment_wins() -> None:
    assert choose("auto", {"PYSTRAY_BACKEND": "xorg"}) == Choice("xembed")
    assert choose("none", {"PYSTRAY_BACKEND": "dummy"}) == Choice("dummy")


def test_macos_and_windows_keep_pystrays_own() -> None:
    assert choose("auto", {}, platform="darwin") == Choice("darwin")
    assert choose("sni", {}, platform="win32") == Choice("win32")


def test_none_and_missing_hosts_give_a_reason() -> None:
    assert choose("none", {}, platform="linux").reason == (
        'the tray icon is turned off ([tray] backend = "none")'
    )
    assert choose("xembed", {}, platform="linux") == Choice(
        None, "no X display (DISPLAY is not set)"
    )
    assert choose("sni", {}, platform="linux") == Choice(
        None, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    )
    auto = choose("auto", {}, platform="linux")
    assert auto.backend is None
    assert auto.reason == (
        "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); "
        "no X display (DISPLAY is not set)"
    )


def test_an_x_display_that_does_not_exist() -> None:
    reason = choose("auto", {"DISPLAY": ":4093"}, platform="linux").reason or ""
    assert "cannot open the X display :4093" in reason


def test_a_named_backend_without_its_host_still_waits_for_one() -> None:
    """sni and xembed register or dock when a host appears later."""
    assert choose("sni", {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nowhere"}) == Choice("sni")
    assert choose("xembed", {"DISPLAY": ":4093"}) == Choice("xembed")


def test_a_wayland_session_waits_for_its_bar(tmp_path: Path) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/bus", "WAYLAND_DISPLAY": "w-1"}
    assert choose("auto", env, platform="linux") == Choice("sni")


def test_check_sets_available_and_reason() -> None:
    tray = Tray(
        RecordingCommands(make_status()),
        lambda: None,
        notify=lambda t, m: None,
        backend="xembed",
        env={},
    )
    assert not tray.check()
    assert not tray.available
    assert tray.reason == "no X display (DISPLAY is not set)"
