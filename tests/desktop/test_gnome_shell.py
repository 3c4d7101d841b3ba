"""deskbreak on a real, headless GNOME Shell (Wayland, Xwayland, AppIndicator, lock screen).

The daemon runs as a user's would, inside the shell's session: Mutter's IdleMonitor is its idle
source; input arrives through Mutter's RemoteDesktop API; going idle past `natural_break` and
locking the screen are each recorded as a natural break; the due notification appears in the
shell's own message tray with Start and Snooze, pressing Start starts the break, and the player
window (under Xwayland) plays the routine into the history; the icon registers with the
AppIndicator extension's watcher; `deskbreak doctor` reads the shell. Screenshots of the shell
are kept for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon
from harness.gnome import GnomeShell
from support.configs import desk_check

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

AWAY = """
[schedule]
every = "30m"
natural_break = "10s"
"""
# Mutter's idle watch fires after 5 s without input, not the daemon's usual minute.
FAST_IDLE = {"DESKBREAK_IDLE_GRACE": "5"}
# desk_check(this minute) falls due at once (with no start-up grace), and its routine is the
# user's own, a few seconds long: nothing waits real minutes. Its notice's summary:
DUE = "Time for Desk check"


@pytest.fixture
def daemon(gnome_shell: GnomeShell) -> Iterator[Daemon]:
    run = Daemon(gnome_shell)
    yield run
    run.close()


def _natural_breaks(daemon: Daemon) -> list[dict[str, Any]]:
    return [e for e in daemon.history() if e["kind"] == "natural-break"]


def _idle_source(daemon: Daemon) -> str | None:
    """The idle source the daemon names in its status."""
    status = daemon.status() or {}
    source = status.get("idle_source")
    return None if source is None else str(source)


def test_input_through_remote_desktop_resets_mutter_idle(gnome_shell: GnomeShell) -> None:
    gnome_shell.wait_for("some idle time", lambda: gnome_shell.idle_ms() >= 300)
    gnome_shell.poke()
    assert gnome_shell.idle_ms() < 300


def test_idle_then_locked_each_count_as_a_natural_break(
    gnome_shell: GnomeShell, daemon: Daemon, artifacts: Path
) -> None:
    gnome_shell.poke()
    daemon.env.update(FAST_IDLE)
    daemon.start(config=AWAY)
    assert _idle_source(daemon) == "mutter"

    # Away from the desk: no input until the daemon has seen 10 s of idle time.
    gnome_shell.wait_for("a natural break from idle", lambda: bool(_natural_breaks(daemon)), 45)
    first = _natural_breaks(daemon)[0]
    assert first["detail"]["cause"] == "idle" and first["detail"]["seconds"] >= 10
    gnome_shell.poke()  # back at the desk

    # Locked: input keeps Mutter's idle time near zero, but a locked screen is time away.
    def second_break() -> bool:
        gnome_shell.poke()
        return daemon.alive() and len(_natural_breaks(daemon)) >= 2

    gnome_shell.lock()
    try:
        gnome_shell.wait_for("the lock screen", gnome_shell.locked)
        gnome_shell.screenshot(artifacts / "gnome-locked.png")
        gnome_shell.wait_for("a natural break while locked", second_break, 60)
        assert gnome_shell.idle_ms() < 5000  # the input reached Mutter all along
    finally:
        gnome_shell.unlock()
        gnome_shell.wait_for("the unlocked desktop", lambda: not gnome_shell.locked())
    status = daemon.status()
    assert status is not None and status["state"] == "away"  # until the next look at idle


def _due(shell: GnomeShell) -> dict[str, Any] | None:
    shell.poke()  # the user is working, so the minute counts
    return next((n for n in shell.notifications() if n["title"] == DUE), None)


def test_due_notification_in_the_shell_starts_the_break(
    gnome_shell: GnomeShell, daemon: Daemon, artifacts: Path
) -> None:
    gnome_shell.poke()
    this_minute = datetime.now().astimezone()  # the daemon's zone: the same environment
    daemon.start("--wake-grace", "0", config=desk_check(f"{this_minute:%H:%M}"))
    gnome_shell.wait_for("the due notification", lambda: _due(gnome_shell) is not None, 30)
    note = _due(gnome_shell)
    assert note is not None
    assert {"Start", "Snooze"} <= set(note["actions"])
    assert "Desk check" in note["body"]
    gnome_shell.screenshot(artifacts / "gnome-notification.png")

    gnome_shell.invoke_action(DUE, "Start")
    gnome_shell.wait_for("the break to start", lambda: daemon.state() == "on-break", 20)
    assert _due(gnome_shell) is None  # the notice is gone from the shell
    gnome_shell.wait_for(
        "the player window on Xwayland", lambda: gnome_shell.has_x_window("deskbreak —"), 20
    )
    shot = artifacts / "gnome-player.png"
    gnome_shell.wait_for("the player to draw", lambda: _drawn(gnome_shell.screenshot(shot)), 20)

    def completed() -> bool:
        return daemon.alive() and (daemon.status() or {}).get("today", {}).get("completed") == 1

    gnome_shell.wait_for("the routine to complete", completed, 40)
    done = [e for e in daemon.history() if e["kind"] == "completed"]
    assert done and done[0]["routine"] == "desk-check"


def _drawn(shot: Path) -> bool:
    """Whether the screenshot shows more than a blank window: many colours below the top bar."""
    from PIL import Image

    with Image.open(shot) as image:
        body = image.convert("RGB").crop((0, 130, image.width, image.height))
        return len(body.getcolors(maxcolors=4096) or range(4096)) > 200


def test_tray_icon_registers_with_the_appindicator_watcher(
    gnome_shell: GnomeShell, daemon: Daemon, artifacts: Path
) -> None:
    gnome_shell.poke()
    daemon.start(config=AWAY)
    gnome_shell.wait_for("the icon on the watcher", lambda: bool(gnome_shell.sni_items()), 20)
    status = daemon.status()
    assert status is not None
    assert status.get("tray") == "sni"
    gnome_shell.screenshot(artifacts / "gnome-tray.png")


def test_doctor_reads_the_gnome_shell(gnome_shell: GnomeShell, daemon: Daemon) -> None:
    out = daemon.cli("doctor", "--json")
    data = json.loads(out.stdout)
    assert out.returncode == (0 if data["ok"] else 1), out.stderr
    found = {f["id"]: f for f in data["findings"]}
    assert found["session"]["details"] == {"desktop": "GNOME", "type": "wayland"}
    assert found["idle"]["verdict"] == "ok" and found["idle"]["details"]["source"] == "mutter"
    assert found["tray"]["verdict"] == "ok" and found["tray"]["details"]["sni_watcher"]
    notify = found["notifications"]["details"]
    assert notify["name"] == "gnome-shell" and notify["vendor"] == "GNOME"
    assert {"actions", "sound", "persistence"} <= set(notify["capabilities"])
    assert found["player"]["details"]["display"] == gnome_shell.vars["DISPLAY"]  # Xwayland
    assert found["sleep"]["verdict"] == "problem"  # the private system bus has no logind
