"""The idle daemon carries no notification stack until its first notice.

A real `deskbreak run` on a headless X11 desktop (Xvfb, trayer, dunst) with no break due:
its memory maps hold none of dbus-fast's compiled modules (desktop-notifier's D-Bus
library, whose extension files appear once it is imported), it has no notifier thread and
no asyncio loop thread, and it has drawn no notification icon. Then a reload brings a
reminder for this minute: the break falls due, the notice reaches dunst with its buttons,
the stack is there now (the same probes see it, so they can see it), and a press of a
button reaches the daemon.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon
from harness.desktop import Desktop
from support.configs import DESK_CHECK_SECONDS, QUIET, desk_check

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

# The threads (as /proc shows them: `deskbreak-` dropped) that carry notifications: the
# notifier's queue and desktop-notifier's asyncio loop.
NOTIFY_THREADS = {"notifier", "notify"}


@pytest.fixture
def desktop(desktop_own: Desktop) -> Desktop:
    """A desktop of this module's own: the daemon's icon stays out of the shared tray."""
    return desktop_own


@pytest.fixture
def daemon(desktop: Desktop) -> Iterator[Daemon]:
    made = Daemon(desktop, QUIET, "--wake-grace", "0")
    yield made
    made.close()


def _pid(daemon: Daemon) -> int:
    assert daemon.proc is not None
    return daemon.proc.pid


def _thread_names(pid: int) -> set[str]:
    names = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            names.add((task / "comm").read_text().strip())
        except OSError:  # the thread ended meanwhile
            continue
    return names


def _dbus_fast_mapped(pid: int) -> list[str]:
    """The dbus-fast extension files mapped into the process (`…/dbus_fast/….so`)."""
    maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
    return sorted({line.split()[-1] for line in maps if f"{os.sep}dbus_fast{os.sep}" in line})


def _notice(desk: Desktop) -> dict[str, Any] | None:
    """deskbreak's due notice on screen, once it is there with its buttons."""
    for note in desk.notifications():
        ours = "deskbreak" in str(note["app_name"]).lower()
        if ours and note["displayed"] and _buttons(note):
            return note
    return None


def _buttons(note: dict[str, Any]) -> list[str]:
    """A notice's button labels in order (Start first), without the body's default action."""
    return [label for label, key in note["actions"].items() if key != "default"]


def test_the_notification_stack_loads_with_the_first_notice(
    daemon: Daemon, desktop: Desktop
) -> None:
    daemon.start()
    pid = _pid(daemon)
    # started in full: the tray's loop runs (its log line comes after the start-up notices)
    desktop.wait_for("the tray icon", lambda: "running with a tray icon" in daemon.log(), 15)
    assert daemon.answer()["state"] == "working"
    assert _dbus_fast_mapped(pid) == []
    assert _thread_names(pid) & NOTIFY_THREADS == set(), _thread_names(pid)
    assert not list(daemon.home.rglob("*.png")), "a notification icon was drawn at start"

    this_minute = datetime.now().astimezone()  # the daemon's zone: the same environment
    daemon.write_config(desk_check(f"{this_minute:%H:%M}"))
    assert daemon.cli("reload").returncode == 0
    desktop.wait_for("the due notice with its buttons", lambda: _notice(desktop) is not None, 20)
    assert daemon.answer()["state"] == "due"
    assert _dbus_fast_mapped(pid) != []
    assert _thread_names(pid) >= NOTIFY_THREADS, _thread_names(pid)

    note = _notice(desktop)
    assert note is not None
    buttons = _buttons(note)
    assert len(buttons) >= 2  # Start, then one Snooze per snooze choice (dunst shows each)
    desktop.invoke_action(buttons[1], summary=note["summary"])
    desktop.wait_for("the snooze", lambda: daemon.answer()["snoozes_used"] == 1, 20)
    assert daemon.answer()["state"] == "snoozed"


def test_a_notice_a_killed_daemon_left_is_withdrawn_at_the_next_start(
    daemon: Daemon, desktop: Desktop
) -> None:
    # The one case where start-up builds the stack: the state folder says a notice is on
    # screen, whose buttons died with the daemon that showed it.
    this_minute = datetime.now().astimezone()
    daemon.start(config=desk_check(f"{this_minute:%H:%M}"))
    desktop.wait_for("the due notice", lambda: _notice(desktop) is not None, 20)
    left = _notice(desktop)
    assert left is not None and left["id"] is not None
    assert daemon.proc is not None
    daemon.proc.kill()  # by PID: no chance to close its notice
    daemon.proc.wait(10)

    daemon.start()
    # withdrawn by its id on the server (dunst may also have expired it meanwhile, so its
    # close reason does not say who closed it: the log line does)
    withdrew = f"withdrew notification {left['id']} left by the previous run"
    desktop.wait_for("the dead notice's withdrawal", lambda: withdrew in daemon.log(), 20)
    desktop.wait_for("it to close", lambda: not _record(desktop, left["id"])["displayed"], 10)
    # the break is still due and offered afresh, with live buttons
    desktop.wait_for("the fresh notice", lambda: (_notice(desktop) or left)["id"] != left["id"], 20)
    assert daemon.answer()["state"] == "due"
    # and its Start is live: picked in dunst, it starts the break the dead notice offered
    fresh = _notice(desktop)
    assert fresh is not None
    start = _buttons(fresh)[0]
    desktop.invoke_action(start, summary=fresh["summary"])  # as a user picks it in dunst
    desktop.wait_for("the break to start", lambda: daemon.state() == "on-break", 30)
    assert daemon.answer()["current_routine"] == "desk-check"
    assert _record(desktop, fresh["id"])["invoked"] == [fresh["actions"][start]]  # this notice's

    def completed() -> bool:  # the player ran it to the end and the daemon recorded it
        return daemon.alive() and "completed" in daemon.kinds()

    desktop.wait_for("the routine to complete", completed, DESK_CHECK_SECONDS + 60)
    started = [e for e in daemon.history() if e["kind"] == "started"]
    assert [e["routine"] for e in started] == ["desk-check"]  # one break, the one that was due


def _record(desk: Desktop, server_id: int) -> dict[str, Any]:
    (record,) = [note for note in desk.notifications() if note["id"] == server_id]
    return record
