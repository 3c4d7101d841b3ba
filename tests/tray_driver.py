"""Runs the real Tray against a fake Commands, for the desktop tests.

Every Commands call, click and lifecycle event is appended to the --log file as one JSON line:
{"event": "ready", "window": <xorg icon window id or null>, "title": ...}, {"event": "docked"},
{"event": "call", "name": ..., "args": [...]}, {"event": "click"},
{"event": "control", "pid": ...}. A left click on the xorg icon records "click" and then opens
the real control window, as the daemon would. Stops on SIGTERM or on Quit.
With --churn the status changes every 50 ms (new minutes left, so new pictures and menus),
as a busy daemon's would. Test support: `--backend` is the `[tray] backend` setting.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from deskbreak.core.ports import PauseSpec, Reply
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.core.status import Counts, State, Status
from deskbreak.desktop.tray import Tray

_ROLLS = Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",))
ROUTINES = (Routine("neck", "Neck release", (Step(_ROLLS, timedelta(minutes=2)),)),)


def make_status(state: State, minutes: int = 23) -> Status:
    return Status(
        state=state,
        now=datetime.now(),
        next_due=None,
        seconds_left=minutes * 60 if state in (State.WORKING, State.HEADS_UP) else None,
        snoozes_used=0,
        max_snoozes=3,
        snooze_refusal=None,
        paused_until=None,
        next_working=None,
        next_routine="neck",
        next_routine_title="Neck release",
        next_routine_seconds=120,
        today=Counts(completed=2),
    )


class Recorder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()

    def __call__(self, event: str, **data: Any) -> None:
        with self.lock, self.path.open("a") as f:
            f.write(json.dumps({"event": event, **data}, default=str) + "\n")


class RecordingCommands:
    def __init__(self, record: Recorder, state: State) -> None:
        self.record = record
        self.current = make_status(state)

    def _call(self, name: str, *args: Any) -> Reply:
        self.record("call", name=name, args=list(args))
        return Reply.done(name)

    def status(self) -> Status:
        return self.current

    def start_break(self, routine: str | None = None) -> Reply:
        return self._call("start_break", routine)

    def snooze(self, length: timedelta | None = None) -> Reply:
        return self._call("snooze", length)

    def skip(self) -> Reply:
        return self._call("skip")

    def pause(self, spec: PauseSpec) -> Reply:
        return self._call("pause", spec.kind.value)

    def resume(self) -> Reply:
        return self._call("resume")

    def reload(self) -> Reply:
        return self._call("reload")

    def routines(self) -> Sequence[Routine]:
        return ROUTINES

    def snooze_choices(self) -> tuple[timedelta, ...]:
        return (timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=30))

    def open_config(self) -> Reply:
        return self._call("open_config")

    def show_stats(self) -> Reply:
        return self._call("show_stats")

    def quit(self) -> None:
        self._call("quit")

    def subscribe(self, callback: Callable[[Status], None]) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", required=True, type=Path)
    parser.add_argument("--state", default=State.DUE.value, choices=[s.value for s in State])
    parser.add_argument("--backend", default="auto")
    parser.add_argument("--churn", action="store_true", help="change the status every 50 ms")
    args = parser.parse_args()
    record = Recorder(args.log)
    commands = RecordingCommands(record, State(args.state))
    holder: list[Tray] = []

    def on_click() -> None:
        record("click")
        record("control", pid=holder[0].open_control_window())

    tray = Tray(
        commands,
        lambda: record("quit"),
        notify=lambda title, message: record("notify", title=title, message=message),
        on_click=on_click,
        backend=args.backend,
    )
    holder.append(tray)
    if not tray.check():
        record("unavailable", reason=tray.reason)
        return 3
    tray.update(commands.current)
    icon = tray.create()
    window = getattr(getattr(icon, "_window", None), "id", None)
    record("ready", window=window, title=icon.title, backend=tray.backend)
    threading.Thread(target=watch_docking, args=(tray, record), daemon=True).start()
    if args.churn:
        threading.Thread(target=churn, args=(tray, commands.current.state), daemon=True).start()
    stop_on_sigterm(tray)
    tray.run()
    record("stopped")
    return 0


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


def watch_docking(tray: Tray, record: Recorder) -> None:
    """Record "docked" / "undocked" each time the icon enters or leaves a tray."""
    while True:
        tray.docked.wait()
        record("docked")
        while tray.docked.wait(0):
            threading.Event().wait(0.05)
        record("undocked")


def churn(tray: Tray, state: State) -> None:
    stop = threading.Event()
    for n in range(10**6):
        tray.update(make_status(State.WORKING if n % 7 else state, minutes=1 + n % 120))
        stop.wait(0.05)


if __name__ == "__main__":
    raise SystemExit(main())
