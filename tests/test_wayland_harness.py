"""The Wayland harness itself: sway runs as the unprivileged test user when the suite is
root, waybar's watcher and mako answer on the private bus, and `close` ends every process it
started (and sway's own Xwayland with them) and removes the runtime dir."""

from __future__ import annotations

import os
import pwd

import pytest
from harness.wayland import TEST_USER, Wayland
from support.waiting import wait_until


@pytest.fixture(scope="module")
def sway(sway_desktop: Wayland) -> Wayland:
    """The whole sway desktop (waybar, mako), for this module."""
    return sway_desktop


pytestmark = pytest.mark.desktop


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def _xwayland(display: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if argv and argv[0].endswith(b"Xwayland") and display.encode() in argv:
                found.append(int(entry))
    return found


def test_sway_runs_as_the_test_user_and_close_ends_everything(sway: Wayland) -> None:
    pids = sway.group.pids()
    sway_proc = sway.group.find("sway")
    assert sway_proc is not None
    sway_pid = sway_proc.pid
    if os.geteuid() == 0:
        assert os.stat(f"/proc/{sway_pid}").st_uid == pwd.getpwnam(TEST_USER).pw_uid
    assert sway.has_bus_name("org.kde.StatusNotifierWatcher")
    assert sway.has_bus_name("org.freedesktop.Notifications")
    xwayland = _xwayland(sway.vars["DISPLAY"])
    assert xwayland, "sway started no Xwayland"
    runtime = sway.vars["XDG_RUNTIME_DIR"]
    sway.close()
    wait_until("every process to end", lambda: not any(map(_alive, pids + xwayland)), 5)
    assert not os.path.exists(runtime)
