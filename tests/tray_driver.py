"""Runs the real Tray against a fake Commands, for the desktop tests.

Every Commands call, click and lifecycle event is appended to the --log file as one JSON line:
{"event": "ready", "window": <xorg icon window id or null>, "title": ...}, {"event": "docked"},
{"event": "call", "name": ..., "args": [...]}, {"event": "click"},
{"event": "control", "pid": ...}. A left click on the xorg icon records "click" and then opens
the real control window, as the daemon would; {"event": "undocked"} when a tray goes away,
{"event": "stopped"} at the end. Stops on SIGTERM or on Quit. With --churn the status changes
every 50 ms. Test support: `--backend` is the `[tray] backend` setting.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from support.fakes import RecordingCommands
from support.status import make_status

from deskbreak.core.ports import PauseSpec
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.core.status import State, Status
from deskbreak.desktop.icon import tooltip
from deskbreak.desktop.tray import Tray
from deskbreak.desktop.tray.backend import TrayBackend
from deskbreak.desktop.tray.sni import SniBackend
from deskbreak.desktop.tray.xembed import XembedBackend

_ROLLS = Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",))
ROUTINES = (Routine("neck", "Neck release", (Step(_ROLLS, timedelta(minutes=2)),)),)
CHOICES = (timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=30))


class Recorder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()

    def __call__(self, event: str, **data: Any) -> None:
        with self.lock, self.path.open("a") as f:
            stamped = {"event": event, **data, "t": round(time.monotonic(), 3)}
            f.write(json.dumps(stamped, default=str) + "\n")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", required=True, type=Path)
    parser.add_argument("--state", default=State.DUE.value, choices=[s.value for s in State])
    parser.add_argument("--backend", default="auto", help="the [tray] backend setting")
    parser.add_argument("--churn", action="store_true", help="change the status every 50 ms")
    return parser.parse_args()


def main() -> int:
    args = parse()
    logging.basicConfig(level=logging.INFO, format="%(relativeCreated)d %(message)s")  # stderr
    logging.getLogger("deskbreak").setLevel(logging.DEBUG)
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
    tray = make_tray(commands, record, args.backend)
    if not tray.check():
        record("unavailable", reason=tray.reason)
        return 3
    tray.update(commands.current)
    icon = tray.create()
    window = icon.window_id if isinstance(icon, XembedBackend) else None
    record("ready", window=window, title=tooltip(commands.current), backend=tray.backend)

    threading.Thread(target=watch_docking, args=(icon, record), daemon=True).start()
    if args.churn:
        threading.Thread(target=churn, args=(tray, status), daemon=True).start()
    stop_on_sigterm(tray)
    tray.run()
    record("stopped")
    return 0


def make_tray(commands: RecordingCommands, record: Recorder, backend: str) -> Tray:
    """The real Tray; a click records "click", then opens the real control window."""
    holder: list[Tray] = []

    def on_click() -> None:
        record("click")
        record("control", pid=holder[0].open_control_window())

    tray = Tray(
        commands,
        lambda: record("quit"),
        notify=lambda title, message: record("notify", title=title, message=message),
        on_click=on_click,
        backend=backend,
    )
    holder.append(tray)
    return tray


def stop_on_sigterm(tray: Tray) -> None:
    """SIGTERM may land on any thread: its number comes through the wakeup fd to a thread
    that stops the tray (as the daemon does)."""
    read, write = os.pipe()
    os.set_blocking(write, False)
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    signal.signal(signal.SIGTERM, lambda *_: None)

    def wait() -> None:
        while signal.SIGTERM not in os.read(read, 16):
            pass
        tray.stop()

    threading.Thread(target=wait, daemon=True).start()


def watch_docking(icon: TrayBackend, record: Recorder) -> None:
    """Record "docked" / "undocked" with their count each time the icon enters or leaves a
    tray (XEmbed) or a watcher takes it in (SNI), from the icon's counters, which a poll
    cannot miss however fast a tray restarts; other backends: "docked" once shown."""
    seen = {"docked": 0, "undocked": 0}
    pause = threading.Event()
    while True:
        if isinstance(icon, XembedBackend):
            counts = {"docked": icon.dockings, "undocked": icon.undockings}
        elif isinstance(icon, SniBackend):
            counts = {"docked": icon.registrations, "undocked": 0}
        else:
            counts = {"docked": int(icon.docked.is_set()), "undocked": 0}
        for name in ("undocked", "docked"):
            while seen[name] < counts[name]:
                seen[name] += 1
                record(name, count=seen[name])
        pause.wait(0.05)


def churn(tray: Tray, first: Status) -> None:
    """A busy daemon's updates: new minutes (new pictures and menus) every 50 ms."""
    pause = threading.Event()
    for n in range(10**6):
        state = State.WORKING if n % 7 else first.state
        left = (1 + n % 120) * 60 if state in (State.WORKING, State.HEADS_UP) else None
        tray.update(replace(first, state=state, seconds_left=left))
        pause.wait(0.05)


if __name__ == "__main__":
    raise SystemExit(main())
