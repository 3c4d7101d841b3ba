"""Runs the real Tray against a fake Commands, for the desktop tests.

Every Commands call, click and lifecycle event is appended to the --log file as one JSON line:
{"event": "ready", "window": <xorg icon window id or null>, "title": ...}, {"event": "docked"},
{"event": "call", "name": ..., "args": [...]}, {"event": "click"},
{"event": "control", "pid": ...}. A left click on the xorg icon records "click" and then opens
the real control window, as the daemon would. Stops on SIGTERM or on Quit.
Test support: uses the PYSTRAY_BACKEND of its environment.
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from support.fakes import RecordingCommands
from support.status import make_status

from deskbreak.core.ports import PauseSpec
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.core.status import State
from deskbreak.desktop.tray import Tray

_ROLLS = Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",))
ROUTINES = (Routine("neck", "Neck release", (Step(_ROLLS, timedelta(minutes=2)),)),)
CHOICES = (timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=30))


class Recorder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()

    def __call__(self, event: str, **data: Any) -> None:
        with self.lock, self.path.open("a") as f:
            f.write(json.dumps({"event": event, **data}, default=str) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", required=True, type=Path)
    parser.add_argument("--state", default=State.DUE.value, choices=[s.value for s in State])
    args = parser.parse_args()
    record = Recorder(args.log)
    status = make_status(
        State(args.state),
        next_routine="neck",
        next_routine_title="Neck release",
        next_routine_seconds=120,
    )
    commands = RecordingCommands(status, routines=ROUTINES, choices=CHOICES)

    def on_call(name: str, arg: Any) -> None:
        shown = arg.kind.value if isinstance(arg, PauseSpec) else arg
        record("call", name=name, args=[] if arg is None else [shown])

    commands.listener = on_call
    holder: list[Tray] = []

    def on_click() -> None:
        record("click")
        record("control", pid=holder[0].open_control_window())

    tray = Tray(
        commands,
        lambda: record("quit"),
        notify=lambda title, message: record("notify", title=title, message=message),
        on_click=on_click,
    )
    holder.append(tray)
    if not tray.check():
        record("unavailable", reason=tray.reason)
        return 3
    tray.update(commands.current)
    icon = tray.create()
    window = getattr(getattr(icon, "_window", None), "id", None)
    record("ready", window=window, title=icon.title, backend=tray.backend)

    def on_docked() -> None:
        tray.docked.wait()
        record("docked")

    threading.Thread(target=on_docked, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: tray.stop())
    tray.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
