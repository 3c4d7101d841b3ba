"""The tray menu against a fake Commands, on pystray's dummy backend (no display)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from support.fakes import RecordingCommands
from support.status import NOW, make_status

from deskbreak.core.ports import PauseKind, PauseSpec, Reply
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.core.status import State
from deskbreak.desktop.tray import Tray, choose_backend, minutes_label, probe

_ROLLS = Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",))
CHOICES = (timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=30))
ROUTINES = (
    Routine("neck", "Neck release", (Step(_ROLLS, timedelta(minutes=2)),)),
    Routine("upper-back", "Upper-back opener", (Step(_ROLLS, timedelta(minutes=3)),)),
)


class Harness:
    def __init__(self) -> None:
        self.commands = RecordingCommands(make_status(), routines=ROUTINES, choices=CHOICES)
        self.notices: list[tuple[str, str]] = []
        self.quits = 0
        self.tray = Tray(
            self.commands,
            self.on_quit,
            notify=lambda title, message: self.notices.append((title, message)),
            env={"PYSTRAY_BACKEND": "dummy"},
        )
        self.icon = self.tray.create()

    def on_quit(self) -> None:
        self.quits += 1

    def items(self, menu: Any = None) -> dict[str, Any]:
        menu = self.tray.build_menu() if menu is None else menu
        return {item.text: item for item in menu if item.text != "- - - -"}

    def click(self, *path: str) -> None:
        items = self.items()
        for name in path[:-1]:
            items = self.items(items[name].submenu)
        items[path[-1]](self.icon)


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Harness:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.setenv("PYSTRAY_BACKEND", "dummy")
    return Harness()


def test_menu_labels_while_working(harness: Harness) -> None:
    harness.tray.update(make_status())
    assert list(harness.items()) == [
        "Start Desk mini-reset now",
        "Routines",
        "Snooze",
        "Skip this break",
        "Pause",
        "Next break in 23 min",
        "Today: 3 of 6 breaks",
        "Open config",
        "Reload config",
        "Statistics",
        "Quit",
    ]
    items = harness.items()
    assert items["Start Desk mini-reset now"].default
    assert not items["Next break in 23 min"].enabled
    assert not items["Today: 3 of 6 breaks"].enabled
    assert not items["Skip this break"].enabled


def test_default_item_starts_the_next_routine(harness: Harness) -> None:
    harness.tray.update(make_status())
    harness.tray.build_menu()(harness.icon)  # what a left click does
    assert harness.commands.calls == [("start_break", None)]


def test_routines_submenu_lists_and_starts_each_routine(harness: Harness) -> None:
    harness.tray.update(make_status())
    labels = list(harness.items(harness.items()["Routines"].submenu))
    assert labels == ["Neck release", "Upper-back opener"]
    harness.click("Routines", "Upper-back opener")
    assert harness.commands.calls == [("start_break", "upper-back")]


def test_snooze_offers_the_configured_choices(harness: Harness) -> None:
    harness.tray.update(make_status(State.DUE))
    assert list(harness.items(harness.items()["Snooze"].submenu)) == ["5 min", "10 min", "30 min"]
    harness.click("Snooze", "10 min")
    assert harness.commands.calls == [("snooze", timedelta(minutes=10))]


def test_snooze_at_the_limit_shows_the_reason_disabled(harness: Harness) -> None:
    reason = "Snoozed 3 times already; take the break or skip it"
    harness.tray.update(make_status(State.DUE, snoozes_used=3, snooze_refusal=reason))
    items = harness.items(harness.items()["Snooze"].submenu)
    assert list(items) == [reason]
    assert not items[reason].enabled
    items[reason](harness.icon)  # pystray would not call it; even if it did, nothing happens
    assert harness.commands.calls == []


@pytest.mark.parametrize("state", [State.DUE, State.HEADS_UP, State.SNOOZED])
def test_skip_is_enabled_when_a_break_is_near(harness: Harness, state: State) -> None:
    harness.tray.update(make_status(state, snoozed_until=NOW + timedelta(minutes=5)))
    assert harness.items()["Skip this break"].enabled
    harness.click("Skip this break")
    assert harness.commands.calls == [("skip", None)]


def test_pause_choices_call_pause_with_the_right_spec(harness: Harness) -> None:
    harness.tray.update(make_status())
    assert list(harness.items(harness.items()["Pause"].submenu)) == [
        "30 min",
        "1 hour",
        "Until tomorrow",
        "Until I resume",
    ]
    harness.click("Pause", "1 hour")
    harness.click("Pause", "Until I resume")
    assert harness.commands.calls == [
        ("pause", PauseSpec(PauseKind.FOR, length=timedelta(hours=1))),
        ("pause", PauseSpec(PauseKind.INDEFINITE)),
    ]


def test_resume_replaces_pause_while_paused(harness: Harness) -> None:
    harness.tray.update(make_status(State.PAUSED))
    items = harness.items()
    assert "Pause" not in items
    assert "Paused" in items
    harness.click("Resume")
    assert harness.commands.calls == [("resume", None)]


@pytest.mark.parametrize(
    ("label", "call"),
    [("Open config", "open_config"), ("Reload config", "reload"), ("Statistics", "show_stats")],
)
def test_plain_items_call_their_command(harness: Harness, label: str, call: str) -> None:
    harness.tray.update(make_status())
    harness.click(label)
    assert harness.commands.calls == [(call, None)]


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
    stops: list[int] = []
    monkeypatch.setattr(harness.icon, "stop", lambda: stops.append(1))
    harness.tray.update(make_status())
    harness.click("Quit")
    harness.tray.stop()  # the daemon's own stop may follow
    assert harness.quits == 1
    assert stops == [1]


def test_update_redraws_only_when_the_picture_changes(harness: Harness) -> None:
    harness.tray.update(make_status(seconds_left=23 * 60))
    first = harness.icon.icon
    assert harness.icon.title == "Next break in 23 min"
    harness.tray.update(make_status(seconds_left=23 * 60 - 30))
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


def test_minutes_label() -> None:
    assert minutes_label(timedelta(minutes=5)) == "5 min"
    assert minutes_label(timedelta(hours=1)) == "1 h"
    assert minutes_label(timedelta(minutes=90)) == "1 h 30 min"


def test_backend_choice_respects_the_environment() -> None:
    assert choose_backend({"PYSTRAY_BACKEND": "xorg"}) == "xorg"


def test_probe_without_a_display_gives_a_reason() -> None:
    assert probe({}, "xorg") == "no X display (DISPLAY is not set)"
    assert "session bus" in (probe({}, "appindicator") or "")
    assert probe({}, "dummy") is None


def test_probe_with_a_display_that_does_not_exist() -> None:
    reason = probe({"DISPLAY": ":4093"}, "xorg")
    assert reason is not None
    assert reason.startswith("cannot open the X display :4093")


def test_check_sets_available_and_reason() -> None:
    tray = Tray(
        RecordingCommands(make_status()),
        lambda: None,
        notify=lambda t, m: None,
        env={"PYSTRAY_BACKEND": "xorg"},
    )
    assert not tray.check()
    assert not tray.available
    assert tray.reason == "no X display (DISPLAY is not set)"
