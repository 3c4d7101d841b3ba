"""One whole break on a real headless desktop, as a user meets it.

The daemon runs in trayer (XEmbed) with dunst as the notification server: the icon
docks, a fixed reminder falls due and the notification arrives with Start and Snooze;
Start (picked from dunst's menu, as a click would) launches the player window; the
routine plays to the end; the history has the completed break and the daemon counts
toward the next one. Screenshots of each stage are kept for a person to look at. A second
test left-clicks the popup as a user of stock dunst would: it closes with no action, and
the break stays due with the dismissal in `status`.

Nothing waits real minutes: the reminder is set for the current minute (a reminder up to
an hour late still fires, once), the daemon runs with no start-up grace
(`run --wake-grace 0`), and the routine is the user's own, a few seconds long.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon
from harness.desktop import Desktop
from support.configs import DESK_CHECK_SECONDS, desk_check

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

DUE = "Time for Desk check"


@pytest.fixture
def desktop(desktop_own: Desktop) -> Desktop:
    """A desktop of this module's own: the daemon's icon stays out of the shared tray."""
    return desktop_own


@pytest.fixture
def session(desktop: Desktop) -> Iterator[Daemon]:
    this_minute = datetime.now().astimezone()  # the daemon's zone: the same environment
    daemon = Daemon(desktop, desk_check(f"{this_minute:%H:%M}"), "--wake-grace", "0")
    yield daemon
    daemon.close()


def _icon_in_panel(desk: Desktop) -> bool:
    """Some icon (any backend: gtk, xorg) sits in trayer's panel at a real size."""
    tree = desk.run("xwininfo", "-root", "-tree").stdout.splitlines()
    for number, line in enumerate(tree):
        if '("panel" "trayer")' in line:
            below = tree[number + 1 : number + 8]
            return any(re.search(r"\)\s+(1[6-9]|[2-9]\d)x(1[6-9]|[2-9]\d)\+", row) for row in below)
    return False


def _active(desk: Desktop) -> None:
    """The user is at the keyboard: real X input, which the idle source sees."""
    desk.run("xdotool", "mousemove_relative", "--", "1", "1")
    desk.run("xdotool", "mousemove_relative", "--", "-1", "-1")


def _notification(desk: Desktop, summary: str) -> dict[str, Any] | None:
    _active(desk)
    for note in desk.notifications():
        if note["summary"] == summary and note["displayed"]:
            return note
    return None


def test_a_whole_break_from_notification_to_history(
    session: Daemon, desktop: Desktop, artifacts: Path
) -> None:
    _active(desktop)
    session.start()
    desktop.wait_for("the tray icon to dock", lambda: _icon_in_panel(desktop), 15)
    desktop.screenshot(artifacts / "e2e-1-tray.png")

    desktop.wait_for("the due notification", lambda: _notification(desktop, DUE) is not None, 30)
    note = _notification(desktop, DUE)
    assert note is not None
    assert {"Start", "Snooze 5 min", "Snooze 10 min", "Snooze 30 min"} <= set(note["actions"])
    assert "Desk check — 8 s, seated" in note["body"], note["body"]
    status = session.status()
    assert status is not None and status["state"] == "due"
    desktop.screenshot(artifacts / "e2e-2-notification.png")

    desktop.invoke_action("Start", summary=DUE)
    window = desktop.find_window("deskbreak —", timeout=20)
    desktop.wait_for("the break to start", lambda: session.state() == "on-break")
    desktop.screenshot(artifacts / "e2e-3-player.png", window=window)

    def completed() -> bool:
        today = (session.status() or {}).get("today", {})
        return session.alive() and today.get("completed") == 1

    desktop.wait_for("the routine to complete", completed, timeout=DESK_CHECK_SECONDS + 30)
    history = json.loads(session.cli("history", "--json").stdout)
    kinds = [(e["kind"], e["trigger"]) for e in history]
    assert ("due", "fixed") in kinds
    assert ("started", "fixed") in kinds
    done = [e for e in history if e["kind"] == "completed"]
    assert done and done[0]["routine"] == "desk-check"
    assert done[0]["detail"]["steps_done"] == done[0]["detail"]["steps_total"] == 2
    assert abs(done[0]["detail"]["seconds"] - DESK_CHECK_SECONDS) <= 0.5
    status = session.status()
    assert status is not None and status["state"] == "working"
    assert status["next_due"] is not None and status["headline"].startswith("Next break in")
    desktop.screenshot(artifacts / "e2e-4-after.png")
    _open_menu(desktop, artifacts / "e2e-5-menu.png")


def _open_menu(desk: Desktop, shot: Path) -> None:
    """Click the icon as a user would: in trayer (XEmbed) a left click opens the control
    window, whatever Python packages are installed."""
    tree = desk.run("xwininfo", "-root", "-tree").stdout
    panel = re.search(r'"panel": \("panel" "trayer"\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)', tree)
    assert panel is not None
    width, height, x, y = map(int, panel.groups())
    desk.run("xdotool", "mousemove", str(x + width // 2), str(y + height // 2), "click", "1")
    desk.find_window("deskbreak control", timeout=10)
    desk.screenshot(shot)


def _popup(desk: Desktop) -> tuple[int, int] | None:
    """The centre of dunst's popup window on screen, or None while none is mapped."""
    found = desk.run("xdotool", "search", "--onlyvisible", "--class", "Dunst", check=False)
    for wid in found.stdout.split():
        geometry = desk.run("xdotool", "getwindowgeometry", "--shell", wid).stdout
        values = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
        if int(values.get("WIDTH", "0")) > 20 and int(values.get("HEIGHT", "0")) > 10:
            x, y = int(values["X"]), int(values["Y"])
            return x + int(values["WIDTH"]) // 2, y + int(values["HEIGHT"]) // 2
    return None


def test_a_left_click_on_dunsts_popup_leaves_the_break_due_and_says_so(
    session: Daemon, desktop: Desktop, artifacts: Path
) -> None:
    """Stock dunst closes a popup on a left click and invokes nothing (its default mouse
    mapping): the break is neither snoozed nor lost; status names the dismissal."""
    _active(desktop)
    session.start()
    desktop.wait_for("the due notification", lambda: _notification(desktop, DUE) is not None, 30)
    desktop.wait_for("dunst's popup to be mapped", lambda: _popup(desktop) is not None, 10)
    centre = _popup(desktop)
    assert centre is not None
    desktop.run("xdotool", "mousemove", str(centre[0]), str(centre[1]), "click", "1")

    def dismissed() -> bool:
        status = session.status() or {}
        return status.get("notice_dismissed") is not None

    desktop.wait_for("the daemon to hear the dismissal", dismissed, 15)
    status = session.status()
    assert status is not None and status["state"] == "due"
    assert _popup(desktop) is None
    assert not any(n["summary"] == DUE and n["displayed"] for n in desktop.notifications())
    kinds = [e["kind"] for e in json.loads(session.cli("history", "--json").stdout)]
    assert "snoozed" not in kinds and "skipped" not in kinds
    assert "dismissed" in session.cli("status").stdout
    desktop.screenshot(artifacts / "e2e-dunst-dismissed.png")
