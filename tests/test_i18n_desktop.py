"""The desktop's words go through the translation layer: under the pseudo-locale nothing of
the tray menu, the control window, the notification buttons, the chart, the doctor's
descriptions of the idle and hold sources or the tray's reasons is left in plain English.

Texts other parts compose (the status headline, the engine's refusals) are fed in already
pseudo-translated, as they arrive once their own code is marked: these tests check only what
the desktop composes itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import ImageDraw
from support.fakes import RecordingCommands
from support.pseudo import PSEUDO_ENV, is_marked, unmarked
from support.tray import CHOICES, ROUTINES, make_status
from support.waiting import wait_until

from deskbreak import lang
from deskbreak.core.events import Event, EventKind
from deskbreak.core.ports import HoldSignal, Notice, NoticeAction, NoticeKind, Reply, ReplyCode
from deskbreak.core.stats import Summary, summarize
from deskbreak.core.status import Action, State, Status
from deskbreak.desktop import chart, controlwindow, controlwords, icon, idle, probes
from deskbreak.desktop.hold import catalog
from deskbreak.desktop.notify import button_labels
from deskbreak.desktop.opener import open_with_desktop
from deskbreak.desktop.tray import Tray
from deskbreak.desktop.tray.choice import choose
from deskbreak.desktop.tray.menu import Item, build, panel_item
from deskbreak.lang.pseudo import pseudo

# The plain formats the pseudo-locale keeps write English weekday names; a real language
# gets its own from Babel.
WEEKDAYS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def pseudo_locale() -> None:
    lang.setup("pseudo")


def translated_status(state: State = State.WORKING, **changes: Any) -> Status:
    """A tray status whose engine-made texts (refusals) arrive translated."""
    status = make_status(state, **changes)
    refusals = {action: pseudo(reason) for action, reason in status.refusals.items()}
    return make_status(state, refusals=refusals, **changes)


def texts(items: tuple[Item, ...]) -> Iterator[Item]:
    for item in items:
        if not item.separator:
            yield item
            yield from texts(item.children)


def menu_words(status: Status | None) -> str:
    """Every label and reason of the menu the desktop composes; each label must hold a
    translated message (unmarked() alone lets words such as "Snooze" pass: they are also
    command names), except the snooze lengths, which the formats write."""
    lines = []
    for item in texts(build(status, ROUTINES, CHOICES)):
        if item.key == "headline" and status is not None:  # the status's own line: the core's
            assert item.text == status.headline()
            continue
        if not item.key.startswith("snooze:"):
            assert is_marked(item.text), item.key
        lines += [item.text, item.reason or ""]
    return "\n".join(lines)


# -- the tray ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state", [State.WORKING, State.DUE, State.PAUSED, State.ON_BREAK, State.SNOOZED, None]
)
def test_the_tray_menu_has_no_unmarked_english(pseudo_locale: None, state: State | None) -> None:
    status = None if state is None else translated_status(state)
    words = menu_words(status)
    assert is_marked(words)
    assert unmarked(words) == []


def test_a_refused_snooze_keeps_the_engine_s_reason(pseudo_locale: None) -> None:
    reason = pseudo("Snoozed 3 times already; take the break or skip it")
    status = make_status(State.DUE, refusals={Action.SNOOZE: reason})
    (snooze,) = (i for i in build(status, ROUTINES, CHOICES) if i.key == "snooze")
    assert [(c.text, c.reason) for c in snooze.children] == [(reason, reason)]


def test_the_menu_speaks_the_language_in_use_when_it_is_built() -> None:
    """Nothing is translated at import time: a reload that switches the language shows in
    the next menu, with the same keys and commands."""
    english = build(make_status(), ROUTINES, CHOICES)
    lang.setup("pseudo")
    switched = build(make_status(), ROUTINES, CHOICES)
    assert [i.key for i in english] == [i.key for i in switched]
    assert [i.command for i in english] == [i.command for i in switched]
    changed = {
        a.key for a, b in zip(texts(english), texts(switched), strict=True) if a.text != b.text
    }
    assert {"panel", "start", "routines", "snooze", "skip", "pause", "quit"} <= changed
    assert {"pause:30m", "pause:indefinite", "routine:neck", "more-routines"} <= changed
    assert is_marked(panel_item().text)
    lang.setup("en")
    assert build(make_status(), ROUTINES, CHOICES) == english


def test_the_tooltip_is_the_status_line(pseudo_locale: None) -> None:
    for state in (State.WORKING, State.DUE, State.PAUSED, State.HELD):
        status = make_status(state)
        tooltip = icon.tooltip(status)
        assert tooltip == status.headline()
        if is_marked(tooltip):  # the headline is composed (and marked) in the core
            assert unmarked(tooltip) == []


def test_the_tray_s_own_messages_are_marked(pseudo_locale: None, tmp_path: Path) -> None:
    told: list[str] = []
    commands = RecordingCommands(make_status(), routines=ROUTINES, choices=CHOICES)
    missing = tmp_path / "no-such-program"
    tray = Tray(
        commands,
        lambda: None,
        notify=lambda title, message: told.append(message),
        env={"PYSTRAY_BACKEND": "dummy"},
        control_command=[str(missing)],
    )
    assert tray.open_control_window() is None
    (message,) = told
    assert unmarked(message, keep={"Errno", "such", "file", "directory"}) == []


def test_the_control_window_is_started_in_the_daemon_s_language(tmp_path: Path) -> None:
    lang.setup("pseudo")
    out = tmp_path / "language"
    script = f"import os; open({str(out)!r}, 'w').write(os.environ.get('DESKBREAK_LANGUAGE', ''))"
    tray = Tray(
        RecordingCommands(make_status()),
        lambda: None,
        notify=lambda title, message: None,
        env={"PYSTRAY_BACKEND": "dummy"},
        control_command=[sys.executable, "-c", script],
    )
    assert tray.open_control_window() is not None
    control = tray._control
    assert control is not None
    control.wait(30)
    assert out.read_text() == "pseudo"


@pytest.mark.parametrize("setting", ["none", "sni", "xembed", "auto", "made-up"])
def test_why_there_is_no_tray_is_marked(pseudo_locale: None, setting: str) -> None:
    reason = choose(setting, {}, platform="linux").reason
    assert reason
    assert unmarked(reason) == []


# -- the control window --------------------------------------------------------------------


STATUS_JSON: dict[str, Any] = {
    "state": "working",
    "today": {"taken": 2, "goal": 6},
    "next_routine": {"id": "neck", "title": "Neck release"},
}


def test_the_control_window_s_words_are_marked(pseudo_locale: None) -> None:
    words = [
        *controlwords.labels().values(),
        *(text for text, _args in controlwords.pause_choices()),
        controlwords.headline_text(False, pseudo("deskbreak is not running")),
        controlwords.today_text(STATUS_JSON),
        controlwords.start_text(STATUS_JSON),
        controlwords.start_text({}),
        *(controlwords.snooze_text(s) for s in ("5m", "10m", "1h30m")),
    ]
    assert all(words)
    assert all(is_marked(word) for word in words[:-3])  # but the lengths: the formats'
    assert unmarked("\n".join(words)) == []


def test_the_control_window_s_words_in_english() -> None:
    assert controlwords.today_text(STATUS_JSON) == "Today: 2 of 6 breaks"
    assert controlwords.today_text({}) == ""
    assert controlwords.start_text(STATUS_JSON) == "Start Neck release now"
    assert controlwords.start_text({}) == controlwords.labels()["start"]
    assert [controlwords.snooze_text(s) for s in ("5m", "1h", "1h30m")] == [
        "5 min",
        "1 h",
        "1 h 30 min",
    ]
    assert controlwords.headline_text(True, "Working") == "Working"
    assert [args for _text, args in controlwords.pause_choices()][1] == {"for": "1h"}


def test_a_failed_call_from_the_control_window_is_told_in_the_language(
    pseudo_locale: None,
) -> None:
    def broken(command: str, **args: Any) -> Reply:
        raise RuntimeError("boom")

    reply = controlwindow.safe_call(broken, "snooze", length="5m")
    assert reply.code is ReplyCode.REFUSED
    assert unmarked(reply.message, keep={"boom"}) == []


def test_the_safety_item_opens_the_safety_window_in_the_daemon_s_language(
    tmp_path: Path,
) -> None:
    lang.setup("pseudo")
    out = tmp_path / "language"
    script = f"import os; open({str(out)!r}, 'w').write(os.environ.get('DESKBREAK_LANGUAGE', ''))"
    tray = Tray(
        RecordingCommands(make_status()),
        lambda: None,
        notify=lambda title, message: None,
        env={"PYSTRAY_BACKEND": "dummy"},
        safety_command=[sys.executable, "-c", script],
    )
    (item,) = [i for i in tray.menu_items(make_status()) if i.key == "safety"]
    assert item.command is not None
    tray.perform(item.command)
    wait_until("the safety window", lambda: out.exists() and out.read_text() == "pseudo", 30)


def test_the_safety_window_shows_the_sheet_in_the_language(pseudo_locale: None) -> None:
    from deskbreak.core import safety
    from deskbreak.desktop import safetywindow

    assert safetywindow.text().splitlines() == list(safety.sheet())
    assert unmarked(safetywindow.text()) == [] and unmarked(safetywindow.title()) == []
    env = {**os.environ, **PSEUDO_ENV, "PYTHONPATH": str(REPO)}
    env.pop("DISPLAY", None)
    no_display = subprocess.run(
        [sys.executable, "-m", "deskbreak.desktop.safetywindow"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert no_display.returncode == 2
    said = pseudo("deskbreak: cannot open a window: {error}").split("{error}")[0]
    assert no_display.stderr.startswith(said)


def test_the_control_window_process_sets_up_the_language_it_is_given() -> None:
    env = {**os.environ, **PSEUDO_ENV, "PYTHONPATH": str(REPO)}
    env.pop("DISPLAY", None)
    helped = subprocess.run(
        [sys.executable, "-m", "deskbreak.desktop.controlwindow", "--help"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert helped.returncode == 0, helped.stderr
    assert unmarked(helped.stdout, keep={"near"}) == []
    no_display = subprocess.run(
        [sys.executable, "-m", "deskbreak.desktop.controlwindow"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert no_display.returncode == 2
    said = pseudo("deskbreak: cannot open a window: {error}").split("{error}")[0]
    assert no_display.stderr.startswith(said)


# -- notifications -------------------------------------------------------------------------


CHOOSING = Notice(
    NoticeKind.DUE, "Time for a break", "Desk", actions=True,
    snooze_choices=(timedelta(minutes=5), timedelta(minutes=90)),
)  # fmt: skip


@pytest.mark.parametrize("many", [False, True])
def test_the_notification_buttons_are_marked(pseudo_locale: None, many: bool) -> None:
    buttons = button_labels(CHOOSING, many=many)
    assert all(is_marked(text) for text, _action in buttons)
    assert unmarked("\n".join(text for text, _action in buttons)) == []
    expected: list[NoticeAction | timedelta] = [NoticeAction.START]
    expected += list(CHOOSING.snooze_choices) if many else [NoticeAction.SNOOZE]
    assert [action for _text, action in buttons] == expected


def test_the_notification_buttons_in_english() -> None:
    assert [t for t, _a in button_labels(CHOOSING, many=True)] == [
        "Start",
        "Snooze 5 min",
        "Snooze 1 h 30 min",
    ]
    assert [t for t, _a in button_labels(CHOOSING, many=False)] == ["Start", "Snooze"]


# -- the chart -----------------------------------------------------------------------------


TODAY = date(2024, 4, 2)


def summary(days: int) -> Summary:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Berlin")
    events = []
    for i in range(days):
        start = datetime.combine(TODAY - timedelta(days=i), datetime.min.time(), tz)
        kinds = [EventKind.COMPLETED] * (i % 4 + 1) + [EventKind.SKIPPED] * (i % 2)
        events += [
            Event(at=start + timedelta(hours=9, minutes=20 * k), kind=kind, detail={"seconds": 90})
            for k, kind in enumerate(kinds)
        ]
    return summarize(events, today=TODAY, days=days, goal=3, tz=tz)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the chart draws, in order."""
    said: list[str] = []
    original = ImageDraw.ImageDraw.text

    def record(self: ImageDraw.ImageDraw, xy: Any, text: Any, *args: Any, **kw: Any) -> None:
        said.append(str(text))
        original(self, xy, text, *args, **kw)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", record)
    return said


@pytest.mark.parametrize("days", [1, 7, 30])
def test_the_chart_s_words_are_marked(pseudo_locale: None, drawn: list[str], days: int) -> None:
    chart.render(summary(days))
    words = "\n".join(drawn)
    assert is_marked(words)
    assert unmarked(words, keep=WEEKDAYS) == []
    assert unmarked("\n".join(chart.headings(summary(days)))) == []


def test_the_chart_s_words_in_english(drawn: list[str]) -> None:
    chart.render(summary(7))
    assert {"Taken", "Skipped", "Goal 3/day", "goal met", "Today", "Mon", "27 Mar"} <= set(drawn)
    assert chart.day_month(date(2024, 12, 5)) == "05 Dec"


# -- the doctor's descriptions and the opener ----------------------------------------------


class Source:
    def __init__(self, name: str) -> None:
        self.name = name


def test_the_idle_sources_are_described_in_the_language(pseudo_locale: None) -> None:
    names = ("ext-idle-notify", "kde-idle", "x11", "mutter", "freedesktop", "macos", "windows")
    described = [idle.describe(Source(n)) for n in names]  # type: ignore[arg-type]
    described.append(idle.describe(None))
    assert unmarked("\n".join(described)) == []
    assert idle.describe(Source("something-new")) == "something-new"  # type: ignore[arg-type]


def test_the_hold_sources_are_described_in_the_language(pseudo_locale: None) -> None:
    lines = [
        info.line()
        for platform in ("linux", "darwin", "win32")
        for info in catalog.describe_sources({"XDG_CURRENT_DESKTOP": "sway"}, platform=platform)
    ]
    assert unmarked("\n".join(lines), keep={s.value for s in HoldSignal}) == []


def test_powerdevil_missing_is_said_in_the_language(
    pseudo_locale: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deskbreak.desktop import probes

    monkeypatch.setattr(probes, "service_there", lambda address, name, timeout: False)
    env = {"XDG_CURRENT_DESKTOP": "KDE", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nowhere"}
    (kde,) = [
        i for i in catalog.describe_sources(env, platform="linux") if i.name == "kde-inhibitors"
    ]
    assert kde.problem is not None and is_marked(kde.problem)
    assert unmarked(kde.problem, keep={"powerdevil"}) == [], kde.problem


def test_the_player_probe_s_words_are_marked(
    pseudo_locale: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def without_tk(name: str, *args: Any, **kw: Any) -> Any:
        if name == "tkinter":
            raise ImportError  # a failure with no words of its own
        return real_import(name, *args, **kw)

    monkeypatch.setitem(sys.modules, "tkinter", None)
    monkeypatch.delitem(sys.modules, "tkinter")
    monkeypatch.setattr(builtins, "__import__", without_tk)
    facts = probes.player_facts({})
    assert facts.tk_problem is not None
    assert unmarked(facts.tk_problem) == []


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin", reason="xdg-open")
def test_the_opener_says_why_in_the_language_and_logs_in_english(
    pseudo_locale: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    told: list[str] = []
    assert open_with_desktop(tmp_path / "config.toml", told.append) is None
    assert unmarked(told[0], keep={"xdg", "open", "such", "file", "directory"}) == []
    assert "xdg-open cannot run" in caplog.text
    folder = tmp_path / "bin"
    folder.mkdir()
    opener = folder / "xdg-open"
    opener.write_text('#!/bin/sh\necho "no method" >&2\nexit 3\n')
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    done = threading.Event()
    told.clear()

    def failed(why: str) -> None:
        told.append(why)
        done.set()

    assert open_with_desktop(tmp_path / "config.toml", failed)
    assert done.wait(10)
    assert unmarked(told[0], keep={"method"}) == []
    assert "xdg-open exited with code 3: no method" in caplog.text
