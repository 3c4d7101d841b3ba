"""A real daemon, started as a person starts it, says what runs and answers in agreeing words.

On a desktop of this module's own (trayer + dunst): `deskbreak run` prints once what runs;
`status --json` is read at the moment of asking; a snooze longer than the config allows is
refused; "Open config" whose opener fails shows the path in a notification and leaves no
defunct child. Without any desktop, the daemon says in plain words what still works.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon
from harness.desktop import Desktop
from support.waiting import wait_until

from deskbreak.daemon.banner import WITHOUT_DESKTOP
from deskbreak.ipc import Client
from deskbreak.paths import resolve

pytestmark = pytest.mark.desktop


def read_until(proc: subprocess.Popen[str], last: str, timeout: float = 30.0) -> list[str]:
    """Lines of the daemon's stdout up to and including the one starting with `last`
    (read from the pipe itself: a buffered reader would hide lines from select)."""
    assert proc.stdout is not None
    fd, data = proc.stdout.fileno(), b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        chunk = os.read(fd, 65536) if ready else b""
        if ready and not chunk:
            break
        data += chunk
        lines = data.decode(errors="replace").split("\n")
        for index, line in enumerate(lines[:-1]):
            if line.startswith(last):
                return lines[: index + 1]
    raise AssertionError(f"no line starting {last!r} in {data.decode(errors='replace')!r}")


@dataclass
class Words:
    """The module's daemon (the one runner, `harness.daemon.Daemon`) and its banner."""

    daemon: Daemon
    desk: Desktop
    banner: list[str]

    def status(self) -> dict[str, Any]:
        self.desk.run("xdotool", "mousemove_relative", "--", "1", "1")  # at the desk
        return self.daemon.answer()


@pytest.fixture(scope="module")
def daemon(desktop_own: Desktop) -> Iterator[Words]:
    bin_dir = Path(tempfile.mkdtemp(prefix="db-words-bin-"))
    opener = bin_dir / "xdg-open"
    opener.write_text(
        '#!/bin/sh\necho "xdg-open: no method available for opening $1" >&2\nexit 3\n'
    )
    opener.chmod(0o755)
    made = Daemon(desktop_own, env={"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    made.start(wait=0, stdout=subprocess.PIPE)
    assert made.proc is not None
    yield Words(made, desktop_own, read_until(made.proc, "Ctrl-C to stop"))
    made.close()
    shutil.rmtree(bin_dir, ignore_errors=True)


def test_run_says_once_what_runs(daemon: Words) -> None:
    lines = daemon.banner
    assert daemon.daemon.proc is not None
    assert lines[0] == f"deskbreak is running (pid {daemon.daemon.proc.pid})"
    assert lines[1] == "  tray icon:   xembed"  # the X11 desktop here has trayer, no SNI host
    assert "  idle time:   x11" in lines
    assert "  now:         Next break in 45 min" in lines


def test_status_is_read_at_the_moment_of_asking(daemon: Words) -> None:
    first = daemon.status()
    wait_until(
        "seconds_left to count down",
        lambda: daemon.status()["seconds_left"] <= first["seconds_left"] - 2,
    )
    now = datetime.fromisoformat(daemon.status()["now"])
    assert abs((now - datetime.now(now.tzinfo)).total_seconds()) < 3


def test_a_snooze_longer_than_allowed_is_refused(daemon: Words) -> None:
    out = daemon.daemon.cli("snooze", "99h")
    assert out.returncode == 2
    assert out.stderr.strip() == "deskbreak: A snooze lasts 1 min to 4 h, not 99 h"


def _defunct_children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_open_config_that_nothing_opens_shows_the_path(daemon: Words) -> None:
    # the tray's "Open config", asked over the control socket
    home, desk, proc = daemon.daemon.home, daemon.desk, daemon.daemon.proc
    reply = Client(resolve({"DESKBREAK_HOME": str(home)})).call("open-config")
    assert reply.ok and proc is not None
    path = home / "config" / "config.toml"

    def told() -> list[dict[str, Any]]:
        return [n for n in desk.notifications() if n["summary"] == "Could not open config.toml"]

    wait_until("the notification naming the path", lambda: bool(told()))
    assert told()[0]["body"] == (
        f"xdg-open exited with code 3: xdg-open: no method available for opening {path}. "
        f"The file is {path}"
    )
    assert _defunct_children(proc.pid) == []
    log = (home / "log" / "deskbreak.log").read_text()
    assert f"could not open {path}: xdg-open exited with code 3" in log


def test_without_a_desktop_it_says_what_still_works(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR")
    }
    env["DESKBREAK_HOME"] = str(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "deskbreak", "run"], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        lines = read_until(proc, "`deskbreak play ROUTINE --terminal`")
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert "\n".join(lines).endswith(WITHOUT_DESKTOP)
    assert "  tray icon:   none (no desktop)" in lines
    assert "autolaunch" not in err and "D-Bus" not in err and "DBUS" not in err
    assert proc.returncode == 0
