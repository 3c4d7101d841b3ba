"""deskbreak on sway (headless, with waybar and mako), through the real daemon.

The idle source is the compositor's own (org_kde_kwin_idle on sway 1.7, ext-idle-notify
from 1.8) and the status says which; a user away past natural_break and back finds a
natural break in the history and no reminder; a due notification shows in mako with Start
and Snooze, and Start opens the player under Xwayland; the icon registers on waybar's
watcher and its menu works over dbusmenu, where a short routine plays
into the history. Screenshots (grim) go to artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon, Typist
from harness.wayland import Wayland
from support.configs import desk_check


@pytest.fixture(scope="module")
def sway(sway_desktop: Wayland) -> Wayland:
    """The whole sway desktop (waybar, mako), for this module."""
    return sway_desktop


pytestmark = [pytest.mark.desktop, pytest.mark.slow]

WAYLAND_SOURCES = ("ext-idle-notify", "kde-idle")
AWAY = """
[schedule]
every = "10m"
natural_break = "10s"
renotify = "off"
"""
# The compositor says "idle" after 5 s without input, not the daemon's usual minute.
FAST_IDLE = {"DESKBREAK_IDLE_GRACE": "5"}
DUE_TABLES = """
[hold]
fullscreen = false  # the sway fullscreen hold reads a bare headless sway as fullscreen
"""


@pytest.fixture
def away_daemon(sway: Wayland) -> Iterator[Daemon]:
    daemon = Daemon(sway, AWAY, env=FAST_IDLE)
    yield daemon
    daemon.close()


@pytest.fixture
def due_daemon(sway: Wayland) -> Iterator[Daemon]:
    # A fixed reminder for this very minute, and no start-up grace: due at once.
    daemon = Daemon(sway, desk_check(f"{datetime.now():%H:%M}", DUE_TABLES), "--wake-grace", "0")
    yield daemon
    daemon.close()


def test_away_past_natural_break_and_back_is_a_natural_break_with_no_reminder(
    sway: Wayland, away_daemon: Daemon, artifacts: Path
) -> None:
    sway.type_key()
    away_daemon.start()
    status = away_daemon.status()
    assert status is not None and status["idle_source"] in WAYLAND_SOURCES
    assert status["natural_breaks"] is True
    # No input from here on: the compositor says "idle" after the grace (5 s), and 10 s
    # after the last input the absence is a natural break.
    sway.wait_for(
        "a natural break",
        lambda: away_daemon.alive() and "natural-break" in away_daemon.kinds(),
        timeout=45,
    )
    assert away_daemon.state() == "away"
    sway.move_cursor()  # back at the desk: the compositor says "resumed", no probe needed
    sway.wait_for(
        "the daemon to see the user back",
        lambda: away_daemon.state() == "working",
        10,
    )
    (event,) = [e for e in away_daemon.history() if e["kind"] == "natural-break"]
    assert event["detail"]["cause"] == "idle" and event["detail"]["seconds"] >= 10
    status = away_daemon.status()
    assert status is not None and status["state"] == "working"
    assert status["seconds_left"] > 9 * 60  # the counter restarted: away time was not work
    assert "due" not in away_daemon.kinds() and sway.notifications() == []
    sway.screenshot(artifacts / "sway-1-back.png")


def _due_note(sway: Wayland, typist: Typist) -> dict[str, Any] | None:
    typist.tick()
    return next((n for n in sway.notifications() if n["summary"] == "Time for Desk check"), None)


def test_due_notification_in_mako_and_start_plays_the_routine_under_xwayland(
    sway: Wayland, due_daemon: Daemon, artifacts: Path
) -> None:
    typist = Typist(sway)
    typist.tick()
    due_daemon.start()
    sway.wait_for("the due notification", lambda: _due_note(sway, typist) is not None, 30)
    note = _due_note(sway, typist)
    assert note is not None
    labels = set(note["actions"].values())
    assert "Start" in labels and any(label.startswith("Snooze") for label in labels), labels
    status = due_daemon.status()
    assert status is not None and status["state"] == "due"
    sway.screenshot(artifacts / "sway-2-notification.png")

    start = next(key for key, label in note["actions"].items() if label == "Start")
    sway.invoke(note["id"], start)
    sway.wait_for(
        "the player window under Xwayland",
        lambda: any(
            w["shell"] == "xwayland" and "deskbreak" in (w["name"] or "") for w in sway.windows()
        ),
        20,
    )
    sway.wait_for("the break to start", lambda: due_daemon.state() == "on-break")
    sway.screenshot(artifacts / "sway-3-player.png")

    def completed() -> bool:
        return due_daemon.alive() and "completed" in due_daemon.kinds()

    sway.wait_for("the routine to complete", completed, 40)
    done = [e for e in due_daemon.history() if e["kind"] == "completed"]
    assert done[0]["routine"] == "desk-check"
    assert done[0]["detail"]["steps_done"] == done[0]["detail"]["steps_total"]
    status = due_daemon.status()
    assert status is not None and status["state"] == "working"


def _menu_ids(sway: Wayland, dest: str) -> dict[str, int]:
    """The tray menu's item ids by label, from the item's own dbusmenu GetLayout."""
    out = sway.run("gdbus", "call", "--session", "--dest", dest, "--object-path", "/MenuBar",
                   "--method", "com.canonical.dbusmenu.GetLayout", "--", "0", "-1",
                   '["label"]', check=False).stdout  # fmt: skip
    return {label: int(i) for i, label in re.findall(r"\((\d+), \{'label': <'([^']*)'>", out)}


def test_the_icon_registers_on_waybar_and_its_menu_pauses_over_dbusmenu(
    sway: Wayland, away_daemon: Daemon, artifacts: Path
) -> None:
    # The pure-Python StatusNotifierItem backend: this test waits for it to be in the tree.
    pytest.importorskip("deskbreak.desktop.tray.sni")
    sway.type_key()
    away_daemon.start()
    status = away_daemon.status()
    assert status is not None and status["tray"] == "sni"
    sway.wait_for("the icon on waybar's watcher", lambda: bool(sway.sni_items()), 15)
    (item,) = sway.sni_items()
    dest = item.split("/")[0]
    ids = _menu_ids(sway, dest)
    assert "Until I resume" in ids and "Skip this break" in ids
    sway.run("gdbus", "call", "--session", "--dest", dest, "--object-path", "/MenuBar",
             "--method", "com.canonical.dbusmenu.Event", "--", str(ids["Until I resume"]),
             "clicked", "<int32 0>", "0")  # fmt: skip
    sway.wait_for("the menu's pause", lambda: away_daemon.state() == "paused", 10)
    sway.screenshot(artifacts / "sway-4-tray.png")
