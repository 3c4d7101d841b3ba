"""Notifications: the backend chain, and desktop-notifier against a recording fake server.

The fake server (tests/fake_notify_server.py) owns org.freedesktop.Notifications on the private
bus of the `desktop_bare` session, so every D-Bus argument can be checked exactly.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop
from PIL import Image
from support.waiting import wait_until

from deskbreak.core.ports import Notice, NoticeAction, NoticeKind
from deskbreak.desktop.appicon import app_icon
from deskbreak.desktop.notify import (
    ActionableBackend,
    CallbackBackend,
    ChainNotifier,
    build_notifier,
)

SERVER = Path(__file__).with_name("fake_notify_server.py")
DUE = Notice(NoticeKind.DUE, "Time for a break", "Desk mini-reset, 3 min", actions=True, sound=True)


class FailingBackend:
    def __init__(self, name: str, error: Exception) -> None:
        self.name, self.error = name, error
        self.sent: list[Notice] = []

    def send(self, notice: Notice) -> None:
        self.sent.append(notice)
        raise self.error

    def close(self) -> None:
        raise self.error

    def shutdown(self) -> None:
        raise self.error


# -- the chain, without any bus ------------------------------------------------------


def test_chain_falls_through_to_the_first_backend_that_works() -> None:
    got: list[tuple[str, str]] = []
    broken = FailingBackend("broken", RuntimeError("no bus"))
    chain = ChainNotifier([broken, CallbackBackend("tray", lambda t, m: got.append((t, m)))])
    chain.show(DUE)
    assert broken.sent == [DUE]
    assert got == [("Time for a break", "Desk mini-reset, 3 min")]
    assert chain.last == "tray"


def test_chain_with_nothing_working_logs_and_never_raises(caplog: pytest.LogCaptureFixture) -> None:
    chain = ChainNotifier([FailingBackend("a", OSError("x")), FailingBackend("b", TimeoutError())])
    chain.show(DUE)
    chain.close()
    chain.shutdown()
    assert chain.last == "log"
    assert "Time for a break" in caplog.text


# -- desktop-notifier against the fake server ---------------------------------------------


class Server:
    def __init__(self, desk: Desktop, record: Path, *args: str) -> None:
        self.record = record
        self.proc = desk.popen(
            sys.executable, str(SERVER), "--record", str(record), *args, stdout=subprocess.PIPE
        )
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        line = self.proc.stdout.readline() if ready else ""
        if line.strip() != "ready":
            self.stop()
            raise AssertionError(f"fake notification server did not start: {line!r}")

    def calls(self) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture
def bus(desktop_bare: Desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Desktop:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop_bare.vars["DBUS_SESSION_BUS_ADDRESS"])
    return desktop_bare


@pytest.fixture
def start_server(bus: Desktop, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(*args: str) -> Server:
        server = Server(bus, tmp_path / f"calls-{len(servers)}.jsonl", *args)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def actions() -> list[NoticeAction]:
    return []


@pytest.fixture
def backend(actions: list[NoticeAction]) -> Iterator[ActionableBackend]:
    made = ActionableBackend(actions.append, timeout=3.0)
    yield made
    made.shutdown()


@pytest.mark.desktop
def test_start_and_snooze_buttons_are_offered(
    start_server: Callable[..., Server], backend: ActionableBackend
) -> None:
    server = start_server()
    chain = ChainNotifier([backend])
    chain.show(DUE)
    assert chain.last == "desktop-notifier"
    (call,) = server.calls()
    assert call["summary"] == "Time for a break"
    assert call["body"] == "Desk mini-reset, 3 min"
    assert call["app_name"] == "deskbreak"
    assert {"Start", "Snooze"} <= set(call["actions"])
    assert "default" in call["actions"].values()  # a click on the body starts
    assert "sound-name" not in call["hints"]  # the fake has no "sound" capability


@pytest.mark.desktop
def test_no_buttons_when_the_notice_does_not_ask(
    start_server: Callable[..., Server], backend: ActionableBackend
) -> None:
    server = start_server()
    backend.send(Notice(NoticeKind.INFO, "Config reloaded", "3 routines"))
    (call,) = server.calls()
    assert "Start" not in call["actions"]
    assert not backend.buttons


@pytest.mark.desktop
def test_no_buttons_when_the_server_has_no_actions(
    start_server: Callable[..., Server], backend: ActionableBackend
) -> None:
    server = start_server("--no-actions")
    backend.send(DUE)
    (call,) = server.calls()
    assert "Start" not in call["actions"]
    assert call["summary"] == "Time for a break"


@pytest.mark.desktop
def test_a_new_notice_replaces_the_last(
    start_server: Callable[..., Server], backend: ActionableBackend
) -> None:
    server = start_server()
    backend.send(DUE)
    backend.send(Notice(NoticeKind.RENOTIFY, "Still time for a break", "Desk mini-reset"))
    calls = server.calls()
    assert [c["call"] for c in calls] == ["Notify", "CloseNotification", "Notify"]
    assert calls[1]["id"] == calls[0]["id"]  # the first one is closed before the second shows
    backend.close()
    assert server.calls()[-1] == {"call": "CloseNotification", "id": calls[2]["id"]}


@pytest.mark.desktop
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Start", NoticeAction.START),
        ("Snooze", NoticeAction.SNOOZE),
        ("default", NoticeAction.DEFAULT),
    ],
)
def test_clicks_reach_on_action(
    start_server: Callable[..., Server],
    backend: ActionableBackend,
    actions: list[NoticeAction],
    label: str,
    expected: NoticeAction,
) -> None:
    start_server("--auto-action", label)
    backend.send(DUE)
    wait_until(f"the {label} action", lambda: bool(actions))
    # The server closed the notice right after the click; a round trip to it now (a notice
    # without buttons, which it leaves alone) returns only after that close was handled.
    backend.send(Notice(NoticeKind.INFO, "Fence", "after the click"))
    assert actions == [expected]  # the close that follows a click is not a "dismissed"


@pytest.mark.desktop
def test_no_bus_at_all_falls_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-such-bus'}")
    got: list[str] = []
    backend = ActionableBackend(lambda a: None, timeout=3.0)
    chain = ChainNotifier([backend, CallbackBackend("tray", lambda t, m: got.append(t))])
    try:
        chain.show(DUE)
    finally:
        chain.shutdown()
    assert chain.last == "tray"
    assert got == ["Time for a break"]


@pytest.mark.desktop
def test_the_standard_chain_never_raises_without_a_bus(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'no-such-bus'}")
    chain = build_notifier(lambda a: None, tray_notify=lambda t, m: None, timeout=3.0)
    try:
        chain.show(DUE)
        chain.close()
    finally:
        chain.shutdown()
    assert chain.last in ("plyer", "tray")  # plyer's notify-send path cannot report failure


@pytest.mark.desktop
def test_a_server_that_never_answers_times_out_and_falls_back(
    start_server: Callable[..., Server],
) -> None:
    start_server("--hang")
    got: list[str] = []
    backend = ActionableBackend(lambda a: None, timeout=1.0)
    chain = ChainNotifier([backend, CallbackBackend("tray", lambda t, m: got.append(t))])
    started = time.monotonic()
    try:
        chain.show(DUE)
    finally:
        chain.shutdown()
    assert chain.last == "tray"
    assert got == ["Time for a break"]
    assert time.monotonic() - started < 5


def test_the_app_icon_is_drawn_once_into_its_folder(tmp_path: Path) -> None:
    icon = app_icon(tmp_path / "icons")
    assert isinstance(icon, Path) and icon.parent == tmp_path / "icons"
    with Image.open(icon) as image:
        assert image.format == "PNG" and image.size == (128, 128)
    stamp = icon.stat().st_mtime_ns
    assert app_icon(tmp_path / "icons") == icon and icon.stat().st_mtime_ns == stamp


def test_no_icon_where_it_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert app_icon(blocker / "icons") is None


@pytest.mark.desktop
@pytest.mark.parametrize(
    ("stay", "critical", "expire", "urgency"),
    [(True, False, 0, 1), (True, True, 0, 2), (False, False, -1, 1)],
)
def test_a_due_notice_stays_until_acted_on_and_carries_the_icon(
    start_server: Callable[..., Server],
    tmp_path: Path,
    stay: bool,
    critical: bool,
    expire: int,
    urgency: int,
) -> None:
    server = start_server()
    icon = app_icon(tmp_path / "icons")
    assert isinstance(icon, Path)
    backend = ActionableBackend(lambda a: None, timeout=3.0, icon=icon)
    notice = Notice(NoticeKind.DUE, "Time for a break", "Desk", stay=stay, critical=critical)
    try:
        backend.send(notice)
    finally:
        backend.shutdown()
    (call,) = server.calls()
    assert call["expire_timeout"] == expire  # 0: never expires
    assert call["hints"]["urgency"] == urgency
    assert call["app_icon"] == icon.as_uri()


def buttons(call: dict[str, Any]) -> list[str]:
    return [label for label, key in call["actions"].items() if key != "default"]


CHOOSING = Notice(
    NoticeKind.DUE, "Time for a break", "Desk", actions=True,
    snooze_choices=(timedelta(minutes=5), timedelta(minutes=30)),
)  # fmt: skip


@pytest.mark.desktop
def test_each_snooze_choice_is_a_button_where_the_server_lists_every_action(
    start_server: Callable[..., Server],
) -> None:
    server = start_server("--name", "dunst", "--auto-action", "Snooze 30 min")
    snoozed: list[timedelta] = []
    backend = ActionableBackend(lambda a: None, timeout=3.0, on_snooze=snoozed.append)
    try:
        backend.send(CHOOSING)
        wait_until("the chosen snooze", lambda: bool(snoozed))
    finally:
        backend.shutdown()
    (call,) = server.calls()
    assert buttons(call) == ["Start", "Snooze 5 min", "Snooze 30 min"]
    assert snoozed == [timedelta(minutes=30)]


@pytest.mark.desktop
def test_one_snooze_button_where_the_server_shows_only_a_few(
    start_server: Callable[..., Server], backend: ActionableBackend
) -> None:
    server = start_server("--name", "gnome-shell")
    backend.send(CHOOSING)
    (call,) = server.calls()
    assert buttons(call) == ["Start", "Snooze"]
