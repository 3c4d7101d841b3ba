"""Real notifications in dunst: Start/Snooze picked from dunst's menu, the body clicked,
one notice replacing the last, and plyer's fallback delivering too."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop
from support.status import make_status
from support.waiting import wait_until

from deskbreak.core.ports import Notice, NoticeAction, NoticeKind
from deskbreak.core.status import State
from deskbreak.desktop.icon import render
from deskbreak.desktop.notify import ActionableBackend, PlyerBackend

pytestmark = pytest.mark.desktop


def due(tag: str) -> Notice:
    return Notice(NoticeKind.DUE, f"Time for a break {tag}", "Neck release, 2 min", actions=True)


@pytest.fixture
def desk(desktop: Desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Desktop]:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", desktop.vars["DBUS_SESSION_BUS_ADDRESS"])
    desktop.run("dunstctl", "close-all")
    yield desktop
    desktop.run("dunstctl", "close-all")


@pytest.fixture
def actions() -> list[NoticeAction]:
    return []


@pytest.fixture
def backend(actions: list[NoticeAction], tmp_path: Path) -> Iterator[ActionableBackend]:
    picture = tmp_path / "deskbreak.png"
    render(make_status(State.DUE), 64).save(picture)
    made = ActionableBackend(actions.append, timeout=5.0, icon=picture)
    yield made
    made.shutdown()


def sent(desk: Desktop, summary: str) -> list[dict[str, Any]]:
    return [n for n in desk.notifications() if n["summary"] == summary]


def displayed(desk: Desktop) -> int:
    return int(desk.run("dunstctl", "count", "displayed").stdout.strip())


def test_snooze_picked_in_dunst_reaches_on_action(
    desk: Desktop, backend: ActionableBackend, actions: list[NoticeAction], artifacts: Path
) -> None:
    notice = due(uuid.uuid4().hex[:6])
    backend.send(notice)
    wait_until("dunst to show it", lambda: displayed(desk) == 1)
    (record,) = sent(desk, notice.title)
    assert {"Start", "Snooze"} <= set(record["actions"])
    shot = desk.screenshot(artifacts / "dunst-root.png")
    desk.run(
        "convert",
        str(shot),
        "-crop",
        "420x120+860+0",
        "+repage",
        str(artifacts / "dunst-notification.png"),
    )
    desk.invoke_action("Snooze", summary=notice.title)
    wait_until("the Snooze action", lambda: bool(actions))
    assert actions == [NoticeAction.SNOOZE]


def test_start_picked_in_dunst_reaches_on_action(
    desk: Desktop, backend: ActionableBackend, actions: list[NoticeAction]
) -> None:
    notice = due(uuid.uuid4().hex[:6])
    backend.send(notice)
    wait_until("dunst to show it", lambda: displayed(desk) == 1)
    desk.invoke_action("Start", summary=notice.title)
    wait_until("the Start action", lambda: bool(actions))
    assert actions == [NoticeAction.START]


def test_clicking_the_body_is_the_default_action(
    desk: Desktop, backend: ActionableBackend, actions: list[NoticeAction]
) -> None:
    backend.send(due(uuid.uuid4().hex[:6]))
    wait_until("dunst to show it", lambda: displayed(desk) == 1)
    desk.invoke_default()
    wait_until("the default action", lambda: bool(actions))
    assert actions == [NoticeAction.DEFAULT]


def test_a_second_notice_replaces_the_first_in_dunst(
    desk: Desktop, backend: ActionableBackend
) -> None:
    first, second = due(uuid.uuid4().hex[:6]), due(uuid.uuid4().hex[:6])
    backend.send(first)
    wait_until("the first notice", lambda: displayed(desk) == 1)
    backend.send(second)
    wait_until("the first to close", lambda: sent(desk, first.title)[0]["closed_reason"] == 3)
    assert displayed(desk) == 1
    assert sent(desk, second.title)[0]["closed_reason"] is None


def test_plyer_fallback_delivers_to_dunst(desk: Desktop) -> None:
    notice = Notice(NoticeKind.DUE, f"Plyer break {uuid.uuid4().hex[:6]}", "Neck release, 2 min")
    PlyerBackend(timeout=10.0).send(notice)
    wait_until("plyer's notice in dunst", lambda: bool(sent(desk, notice.title)))
    (record,) = sent(desk, notice.title)
    assert record["body"] == "Neck release, 2 min"
    assert record["actions"] == {}  # plyer cannot offer buttons


def test_a_notice_left_by_a_killed_daemon_is_withdrawn_by_the_next(
    desk: Desktop, actions: list[NoticeAction], tmp_path: Path
) -> None:
    left = tmp_path / "state" / "notice-on-screen"
    first = ActionableBackend(actions.append, timeout=5.0, left=left)
    notice = due(uuid.uuid4().hex[:6])
    first.send(notice)
    wait_until("dunst to show it", lambda: displayed(desk) == 1)
    assert left.read_text().strip().isdigit()  # the server's id, kept for the next run
    # the daemon is killed here: `first` never closes its notice
    second = ActionableBackend(actions.append, timeout=5.0, left=left)
    try:
        second.withdraw_left()
        wait_until("the dead notice to close", lambda: displayed(desk) == 0)
        assert sent(desk, notice.title)[0]["closed_reason"] == 3  # closed by a call, not expired
        assert not left.exists()
        second.withdraw_left()  # nothing left: nothing to do
    finally:
        second.shutdown()
        first.shutdown()


def test_a_notice_closed_normally_leaves_nothing_to_withdraw(
    desk: Desktop, actions: list[NoticeAction], tmp_path: Path
) -> None:
    left = tmp_path / "notice-on-screen"
    backend = ActionableBackend(actions.append, timeout=5.0, left=left)
    try:
        backend.send(due(uuid.uuid4().hex[:6]))
        wait_until("dunst to show it", lambda: displayed(desk) == 1)
        backend.close()
        wait_until("it to close", lambda: displayed(desk) == 0)
        assert not left.exists()
    finally:
        backend.shutdown()
