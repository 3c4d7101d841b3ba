"""A break held through a call on a real daemon, with real PipeWire and dunst.

The daemon runs on a desktop of this module's own (Xvfb, a private bus, dunst) and
finds the test's private PipeWire from XDG_RUNTIME_DIR, as it would in a login
session. A fixed reminder for the current minute falls due at once (no wake-up
grace): the daemon reads its hold sources before it offers anything at start. A
capture on the virtual microphone is the call: the break falls due during it and is
held — `status` says so, nothing reaches dunst — and once the capture stops and
`resume_after` has passed, exactly one notification offers it. The history has the
hold and how long it lasted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon
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


@pytest.fixture
def daemon(desktop_own: Desktop, pipewire: PipeWire) -> Iterator[Daemon]:
    this_minute = datetime.now().astimezone()  # the daemon's zone: the same environment
    config = CONFIG.format(at=f"{this_minute:%H:%M}")
    env = {"XDG_RUNTIME_DIR": str(pipewire.runtime)}
    made = Daemon(desktop_own, config, "--no-tray", "--wake-grace", "0", env=env)
    yield made
    made.close()


def _ours(desk: Desktop) -> list[dict[str, Any]]:
    return [n for n in desk.notifications() if "deskbreak" in str(n.get("app_name", "")).lower()]


def _dunst_count(desk: Desktop, which: str) -> int:
    return int(desk.run("dunstctl", "count", which).stdout.strip() or 0)


def test_a_break_due_during_a_call_is_held_then_offered_once(
    daemon: Daemon, desktop_own: Desktop, pipewire: PipeWire
) -> None:
    desk = desktop_own
    call = pipewire.record_from_mic()
    daemon.start()  # and wait until it answers
    desk.wait_for("the hold signal", lambda: daemon.answer()["hold"] is not None, 20)
    assert daemon.answer()["hold"]["reasons"] == ["microphone"]
    desk.wait_for("the break to be held", lambda: daemon.answer()["state"] == "held", 30)
    status = daemon.answer()
    assert status["headline"] == "Held: microphone in use"
    assert _ours(desk) == []
    assert (_dunst_count(desk, "displayed"), _dunst_count(desk, "waiting")) == (0, 0)

    pipewire.stop(call)
    desk.wait_for("the held break to be offered", lambda: daemon.answer()["state"] == "due", 30)
    desk.wait_for("the notification", lambda: len(_ours(desk)) == 1, 10)
    note = _ours(desk)[0]
    assert note["summary"].startswith(HELD) and note["displayed"]
    assert len(_ours(desk)) == 1 and daemon.answer()["state"] == "due"

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
