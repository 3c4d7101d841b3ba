"""The Tray against a fake Commands and a backend that records what it is asked (no
display), pystray's adapter on its headless (dummy) backend, and the choice of backend from
the environment."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from support.fakes import RecordingCommands
from support.tray import CHOICES, NOW, ROUTINES, RecordingBackend, make_status
from support.waiting import wait_until

from deskbreak.core.ports import PauseKind, PauseSpec, Reply
from deskbreak.core.status import State
from deskbreak.desktop.tray import Tray
from deskbreak.desktop.tray.adapter import PystrayBackend
from deskbreak.desktop.tray.backend import Env, Perform, TrayBackend
from deskbreak.desktop.tray.choice import Choice, choose

DUMMY = {"PYSTRAY_BACKEND": "dummy"}


class Harness:
    """A Tray whose backend is a `RecordingBackend`."""

    def __init__(self, *, has_menu: bool = True) -> None:
        self.commands = RecordingCommands(make_status(), routines=ROUTINES, choices=CHOICES)
        self.notices: list[tuple[str, str]] = []
        self.quits = 0
        self.clicks = 0
        self.built: list[RecordingBackend] = []
        self.has_menu = has_menu
        self.tray = Tray(
            self.commands,
            self.on_quit,
            notify=lambda title, message: self.notices.append((title, message)),
            env={},
            on_click=self.on_click,
            factory=self.make,
        )
        assert self.tray.check()
        self.tray.create()

    def make(self, app: str, env: Env, perform: Perform) -> TrayBackend:
        assert app == "deskbreak"
        self.built.append(RecordingBackend(perform, has_menu=self.has_menu))
        return self.built[-1]

    @property
    def icon(self) -> RecordingBackend:
        (built,) = self.built
        return built

    def on_quit(self) -> None:
        self.quits += 1

    def on_click(self) -> None:
        self.clicks += 1


@pytest.fixture
def harness(home: Path) -> Harness:
    return Harness()


def test_the_backend_is_given_the_menu_model(harness: Harness) -> None:
    harness.tray.update(make_status(State.DUE))
    harness.icon.calls.clear()
    items = harness.icon.texts()
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
    snooze = harness.icon.texts(items["Snooze"].children)
    assert [(s.text, s.radio, s.checked) for s in snooze.values()] == [
        ("5 min", True, False),
        ("10 min", True, False),
        ("30 min", True, False),
    ]
    assert [s.key for s in snooze.values()] == ["snooze:300", "snooze:600", "snooze:1800"]


def test_the_icon_shows_before_the_first_status_and_then_follows_it(harness: Harness) -> None:
    icon = harness.icon
    assert icon.calls == [("show", "deskbreak")]
    assert icon.picture is not None and icon.picture(16).size == (16, 16)  # blank
    harness.tray.update(make_status(State.DUE))
    assert icon.calls[1:] == [("update", ("picture", "title", "items")), ("attention", True)]
    assert not harness.tray.docked.is_set()
    harness.tray.run()
    assert icon.of("run") == [None]
    assert harness.tray.docked.is_set()


def test_a_backend_built_after_the_first_status_shows_it(home: Path) -> None:
    built: list[RecordingBackend] = []

    def make(app: str, env: Env, perform: Perform) -> TrayBackend:
        built.append(RecordingBackend(perform))
        return built[-1]

    commands = RecordingCommands(make_status(), routines=ROUTINES, choices=CHOICES)
    tray = Tray(commands, lambda: None, notify=lambda t, m: None, factory=make)
    tray.update(make_status(State.DUE))
    assert tray.check() and tray.create() is built[0]
    assert built[0].calls == [("show", "Time for a break: Neck release"), ("attention", True)]
    assert tray.backend == "recording"
    assert "Skip this break" in built[0].texts()


def test_the_default_item_opens_the_control_window(harness: Harness) -> None:
    harness.tray.update(make_status())
    harness.icon.activate()  # what a left click (Activate) does
    assert harness.clicks == 1
    assert harness.commands.calls == []


def test_items_call_their_commands(harness: Harness) -> None:
    harness.tray.update(make_status())
    harness.icon.click("Start Neck release now")
    harness.icon.click("Routines", "More routines", "Floor back release")
    harness.icon.click("Snooze", "10 min")
    harness.icon.click("Skip this break")
    harness.icon.click("Pause", "1 hour")
    harness.icon.click("Open config")
    harness.icon.click("Reload config")
    harness.icon.click("Statistics")
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
    assert "Pause" not in harness.icon.texts()
    harness.icon.click("Resume")
    assert harness.commands.calls == [("resume", None)]


def test_a_refused_reply_is_shown(harness: Harness) -> None:
    harness.commands.default = Reply.refused("Nothing to skip right now")
    harness.tray.update(make_status(State.DUE))
    harness.icon.click("Skip this break")
    assert harness.notices == [("deskbreak", "Nothing to skip right now")]


def test_a_failing_command_is_reported_not_raised(harness: Harness) -> None:
    harness.commands.error = RuntimeError("boom")
    harness.tray.update(make_status())
    harness.icon.click("Reload config")
    assert len(harness.notices) == 1
    assert "log" in harness.notices[0][1]


def test_quit_calls_on_quit_and_stops_once(harness: Harness) -> None:
    harness.tray.update(make_status())
    harness.icon.click("Quit")
    harness.tray.stop()  # the daemon's own stop may follow
    assert harness.icon.stopped.wait(5)
    time.sleep(0.1)  # a second stop would come now
    assert harness.quits == 1
    assert harness.icon.of("stop") == [None]


def test_stop_never_waits_for_the_backend(harness: Harness) -> None:
    harness.tray.update(make_status())
    harness.icon.stop_takes = 5.0
    started = time.monotonic()
    harness.tray.stop()
    assert time.monotonic() - started < 0.5
    harness.tray.run()  # after a stop, run() does not start the loop
    assert harness.icon.of("run") == []
    wait_until("the backend's stop", lambda: harness.icon.of("stop") == [None], 2)


def test_updates_after_stop_touch_nothing(harness: Harness) -> None:
    harness.tray.update(make_status())
    first = harness.icon.picture
    harness.tray.stop()
    assert harness.icon.stopped.wait(5)
    calls = list(harness.icon.calls)
    harness.tray.update(make_status(State.DUE))
    assert harness.icon.picture is first
    assert harness.icon.calls == calls
    assert harness.tray.redraws == 1


def test_update_redraws_only_when_the_picture_changes(harness: Harness) -> None:
    harness.tray.update(make_status(seconds_left=23 * 60))
    first = harness.icon.picture
    assert harness.icon.title == "Next break in 23 min"
    harness.icon.calls.clear()
    harness.tray.update(make_status(seconds_left=23 * 60 - 5))
    assert harness.tray.redraws == 1
    assert harness.icon.picture is first
    assert harness.icon.calls == []
    harness.tray.update(make_status(seconds_left=20 * 60))
    assert harness.tray.redraws == 2
    assert harness.icon.picture is not first
    assert harness.icon.title == "Next break in 20 min"
    assert harness.icon.calls == [("update", ("picture", "title", "items"))]


def test_title_follows_the_headline_without_a_redraw(harness: Harness) -> None:
    snoozed = make_status(State.SNOOZED, snoozed_until=NOW + timedelta(minutes=5))
    harness.tray.update(snoozed)
    harness.icon.calls.clear()
    harness.tray.update(replace(snoozed, snoozed_until=NOW + timedelta(minutes=15)))
    assert harness.tray.redraws == 1
    assert harness.icon.title == "Snoozed until 10:15"
    assert harness.icon.calls == [("update", ("title", "items"))]  # the headline is in the menu


def test_the_menu_is_given_again_only_when_it_changes(harness: Harness) -> None:
    harness.tray.update(make_status(seconds_left=23 * 60))
    menu = harness.icon.items
    harness.icon.calls.clear()
    harness.tray.update(make_status(seconds_left=23 * 60 - 10))
    assert harness.icon.items is menu
    harness.tray.update(make_status(State.PAUSED))
    assert harness.icon.items is not menu
    assert harness.icon.calls == [("update", ("picture", "title", "items"))]


def test_attention_follows_a_due_break_and_is_said_once(harness: Harness) -> None:
    harness.tray.update(make_status())
    harness.icon.calls.clear()
    harness.tray.update(make_status(State.DUE))
    harness.tray.update(make_status(State.DUE))
    harness.tray.update(make_status(State.SNOOZED, snoozed_until=NOW + timedelta(minutes=5)))
    harness.tray.update(make_status())
    assert harness.icon.of("attention") == [True, False]


def test_a_backend_without_a_menu_gets_the_click_item_only(home: Path) -> None:
    harness = Harness(has_menu=False)
    harness.tray.update(make_status())
    harness.tray.update(make_status(State.PAUSED))
    assert [item.key for item in harness.icon.items] == ["panel"]
    assert harness.icon.of("update") == [("picture", "title"), ("picture", "title")]
    harness.icon.activate()
    assert harness.clicks == 1


def test_notify_and_the_click_position_go_through_the_backend(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness.tray.update(make_status())
    harness.tray.notify("deskbreak", "a balloon")
    assert harness.icon.of("notify") == [("deskbreak", "a balloon")]
    started: list[list[str]] = []

    class Popen:
        pid = 4242

        def __init__(self, command: list[str], env: Any) -> None:
            started.append(command)

        def poll(self) -> None:
            return None

        def wait(self) -> int:
            return 0

    monkeypatch.setattr("deskbreak.desktop.tray.tray.subprocess.Popen", Popen)
    harness.tray._on_click = None
    harness.icon.activate()
    assert started and started[0][-2:] == ["--near", "10,20"]


# -- pystray's adapter -----------------------------------------------------------------


@pytest.fixture
def dummy(home: Path) -> tuple[Tray, PystrayBackend, list[int]]:
    clicks: list[int] = []
    tray = Tray(
        RecordingCommands(make_status(), routines=ROUTINES, choices=CHOICES),
        lambda: None,
        notify=lambda title, message: None,
        env=DUMMY,
        on_click=lambda: clicks.append(1),
    )
    assert tray.check()
    tray.update(make_status(State.DUE))
    backend = tray.create()
    assert isinstance(backend, PystrayBackend)
    return tray, backend, clicks


def pystray_items(menu: Any) -> dict[str, Any]:
    return {item.text: item for item in menu if item.text != "- - - -"}


def test_the_pystray_menu_shows_the_model(dummy: tuple[Tray, PystrayBackend, list[int]]) -> None:
    _tray, backend, clicks = dummy
    assert backend.name == "dummy"
    assert backend.icon is not None
    items = pystray_items(backend.icon.menu)
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
    icon: Any = backend.icon
    icon()  # pystray's left click: the default item
    assert clicks == [1]


def test_pystray_gets_a_new_picture_title_and_menu(
    dummy: tuple[Tray, PystrayBackend, list[int]],
) -> None:
    tray, backend, _clicks = dummy
    assert backend.icon is not None
    first, menu = backend.icon.icon, backend.icon.menu
    assert first is not None and first.size == (64, 64)
    tray.update(make_status(State.PAUSED))
    assert backend.icon.icon is not first
    assert backend.icon.menu is not menu
    assert backend.icon.title == "Paused"


def test_pystrays_stop_never_blocks_even_before_its_loop(
    dummy: tuple[Tray, PystrayBackend, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    tray, backend, _clicks = dummy
    assert backend.icon is not None
    slow = threading.Event()
    monkeypatch.setattr(backend.icon, "stop", lambda: slow.wait(5))
    started = time.monotonic()
    backend.stop()
    backend.stop()
    assert time.monotonic() - started < 0.5
    tray.run()  # stopped before it ran: returns at once
    slow.set()


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
