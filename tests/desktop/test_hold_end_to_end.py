"""A break held through a call on a real daemon, with real PipeWire and dunst.

The daemon runs on a desktop of this module's own (Xvfb, a private bus, dunst) and
finds the test's private PipeWire from XDG_RUNTIME_DIR, as it would in a login
session. A fixed reminder for the current minute falls due once the daemon's
wake-up grace (5 s here) has passed, by when its hold sources have reported. A
capture on the virtual microphone is the call: the break falls due during it and is
held — `status` says so, nothing reaches dunst — and once the capture stops and
`resume_after` has passed, exactly one notification offers it. The history has the
hold and how long it lasted.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop
from harness.pipewire import PipeWire

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

CONFIG = """
[schedule]
every = "1h"
renotify = "off"
[hold]
resume_after = "3s"

[[reminders]]
at = "{at}"
routine = "mini-reset"
"""
HELD = "Your held break — "


class Daemon:
    def __init__(self, desk: Desktop, pw: PipeWire, home: Path) -> None:
        self.desk = desk
        self.env = {"DESKBREAK_HOME": str(home), "XDG_RUNTIME_DIR": str(pw.runtime)}
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        argv = [sys.executable, "-m", "deskbreak", "run", "--no-tray", "--wake-grace", "5"]
        self.proc = self.desk.popen(*argv, env=self.env)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "deskbreak", *args], env={**self.desk.env, **self.env},
            capture_output=True, text=True, check=False, timeout=20,
        )  # fmt: skip

    def status(self) -> dict[str, Any]:
        assert self.proc is not None and self.proc.poll() is None, "the daemon exited"
        out = self.cli("status", "--json")
        data: dict[str, Any] = json.loads(out.stdout) if out.returncode == 0 else {}
        return data

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@pytest.fixture
def daemon(desktop_own: Desktop, pipewire: PipeWire) -> Iterator[Daemon]:
    home = Path(tempfile.mkdtemp(prefix="db-hold-"))
    (home / "config").mkdir()
    this_minute = datetime.now().astimezone()  # the daemon's zone: the same environment
    (home / "config" / "config.toml").write_text(CONFIG.format(at=f"{this_minute:%H:%M}"))
    d = Daemon(desktop_own, pipewire, home)
    yield d
    d.stop()
    log = home / "log" / "deskbreak.log"
    if log.exists():  # shown by pytest when the test failed
        print(log.read_text()[-4000:])
    shutil.rmtree(home, ignore_errors=True)


def _ours(desk: Desktop) -> list[dict[str, Any]]:
    return [n for n in desk.notifications() if "deskbreak" in str(n.get("app_name", "")).lower()]


def _dunst_count(desk: Desktop, which: str) -> int:
    return int(desk.run("dunstctl", "count", which).stdout.strip() or 0)


def test_a_break_due_during_a_call_is_held_then_offered_once(
    daemon: Daemon, desktop_own: Desktop, pipewire: PipeWire
) -> None:
    desk = desktop_own
    call = pipewire.record_from_mic()
    daemon.start()
    desk.wait_for("the daemon", lambda: daemon.status() != {}, 20)
    desk.wait_for("the hold signal", lambda: daemon.status()["hold"] is not None, 20)
    assert daemon.status()["hold"]["reasons"] == ["microphone"]
    desk.wait_for("the break to be held", lambda: daemon.status()["state"] == "held", 30)
    status = daemon.status()
    assert status["headline"] == "Held: microphone in use"
    assert _ours(desk) == []
    assert (_dunst_count(desk, "displayed"), _dunst_count(desk, "waiting")) == (0, 0)

    pipewire.stop(call)
    desk.wait_for("the held break to be offered", lambda: daemon.status()["state"] == "due", 30)
    desk.wait_for("the notification", lambda: len(_ours(desk)) == 1, 10)
    note = _ours(desk)[0]
    assert note["summary"].startswith(HELD) and note["displayed"]
    assert len(_ours(desk)) == 1 and daemon.status()["state"] == "due"

    history = json.loads(daemon.cli("history", "--json").stdout)
    kinds = [e["kind"] for e in history]
    assert kinds.index("due") < kinds.index("held") < kinds.index("hold-ended")
    assert "notified" not in kinds[: kinds.index("hold-ended")]  # nothing shown while held
    ended = next(e for e in history if e["kind"] == "hold-ended")
    assert ended["detail"]["how"] == "offered" and ended["detail"]["reasons"] == ["microphone"]
    assert ended["detail"]["seconds"] >= 3
    stats = daemon.cli("stats").stdout
    assert "Held during calls or do-not-disturb: 1, taken after: 0." in stats
    assert _watchers(pipewire) != []  # the daemon watches the graph with pw-dump ...
    daemon.stop()
    assert _watchers(pipewire) == []  # ... and ends it when it stops


def _watchers(pw: PipeWire) -> list[int]:
    """PIDs of `pw-dump --monitor` processes watching this test's PipeWire."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        runtime = f"XDG_RUNTIME_DIR={pw.runtime}".encode()
        if argv[:2] == [b"pw-dump", b"--monitor"] and runtime in environ:
            found.append(int(entry.name))
    return found
