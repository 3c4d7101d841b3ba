"""The desktops `scripts/bench` measures on, and what it looks for there.

Owns starting a fresh desktop per target (`DESKTOPS`: a name to a function that
starts one; X11 is Xvfb + a private bus + dunst + trayer from
tests/harness/desktop.py), whether an icon sits in the panel, whether the
player window is shown, and stopping a measured program. A new desktop (a
Wayland compositor, say) is one more entry in `DESKTOPS` and, where its panel
differs, its own probe. Standard library and the desktop harness only.
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from collections.abc import Callable

from harness.desktop import Desktop, start_desktop

PLAYER_WINDOW = "deskbreak —"


def icon_in_panel(desk: Desktop) -> bool:
    """Some icon (any backend) sits in trayer's panel at a real size (>= 16 px)."""
    tree = desk.run("xwininfo", "-root", "-tree", check=False).stdout.splitlines()
    for number, line in enumerate(tree):
        if '("panel" "trayer")' in line:
            below = tree[number + 1 : number + 8]
            size = r"\)\s+(1[6-9]|[2-9]\d)x(1[6-9]|[2-9]\d)\+"
            return any(re.search(size, row) for row in below)
    return False


def player_shown(desk: Desktop) -> bool:
    found = desk.run("xdotool", "search", "--onlyvisible", "--name", PLAYER_WINDOW, check=False)
    return bool(found.stdout.split())


def seconds_until(predicate: Callable[[], bool], timeout: float, started: float) -> float | None:
    """Seconds from `started` until `predicate` holds (polled fast), or None on timeout."""
    while not predicate():
        if time.monotonic() - started > timeout:
            return None
        time.sleep(0.005)
    return time.monotonic() - started


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _x11() -> Desktop:
    return start_desktop(tray="xembed", notifyd=True)


# The desktops a target can be measured on, each started fresh for it. A new one (a
# Wayland compositor, say) is a function here and a `desktop=` on its targets.
DESKTOPS: dict[str, Callable[[], Desktop]] = {"x11": _x11}
