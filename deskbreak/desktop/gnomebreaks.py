"""GNOME's own break reminders (GNOME Shell 48 and later), watched for the controller.

Owns reading and watching `org.gnome.desktop.break-reminders selected-breaks` (through
`gsettings get` / `gsettings monitor`, as the GNOME do-not-disturb source reads
show-banners; no PyGObject) and the shell's `org.gnome.Shell.ScreenTime` `State` at
/org/gnome/Shell/ScreenTime, an object on the shell's own bus name `org.gnome.Shell` (no
service owns the interface's name), on the session bus (jeepney, through `busprop`, on the
`deskbreak-gnome-breaks` thread). Each change is turned into a `GnomeBreaks` value and
handed to `report` (the controller posts it to its owner thread). Where the setting does
not exist (no GNOME 48 schemas) nothing is started and deskbreak keeps time as ever.
Edge module: standard library; jeepney lazily.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from deskbreak import threads
from deskbreak.core.gnomebreaks import (
    KEY,
    MOVEMENT,
    SCHEMA,
    GnomeBreaks,
    MovementClock,
    ShellState,
    parse_selected,
)
from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold.busprop import Property, PropertyWatch
from deskbreak.desktop.hold.watch import CommandWatch

log = logging.getLogger(__name__)

SCREEN_TIME = Property(
    "org.gnome.Shell",  # the shell exports the object on its own name
    "/org/gnome/Shell/ScreenTime",
    "org.gnome.Shell.ScreenTime",
    "State",
)
MOVEMENT_SCHEMA = f"{SCHEMA}.{MOVEMENT}:/org/gnome/desktop/break-reminders/{MOVEMENT}/"
Report = Callable[[GnomeBreaks], None]


def gsettings(env: Mapping[str, str], *args: str) -> str | None:
    """`gsettings ARGS`'s output, or None when it fails (no such schema or key)."""
    try:
        done = subprocess.run(
            ["gsettings", *args], env=dict(env), capture_output=True, text=True, timeout=3,
            check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.debug("gsettings %s: %s", args, exc)
        return None
    return done.stdout if done.returncode == 0 else None


def selected(env: Mapping[str, str]) -> tuple[str, ...] | None:
    """GNOME's selected break reminders; None where the setting does not exist."""
    out = gsettings(env, "get", SCHEMA, KEY)
    return None if out is None else parse_selected(out)


def movement_times(env: Mapping[str, str]) -> tuple[float, float]:
    """The movement break's interval and duration in seconds (GNOME's defaults if unread)."""
    values = []
    for key, default in (("interval-seconds", 1800.0), ("duration-seconds", 300.0)):
        out = gsettings(env, "get", MOVEMENT_SCHEMA, key)
        try:
            values.append(float((out or "").split()[-1]))
        except (ValueError, IndexError):
            values.append(default)
    return values[0], values[1]


@dataclass
class _Seen:
    selected: tuple[str, ...] = ()
    state: ShellState | None = None


class StateWatch(PropertyWatch):
    """The shell's ScreenTime State, handed on as a number (None: no such service)."""

    def __init__(self, on_state: Callable[[ShellState | None], None], env: Mapping[str, str]):
        super().__init__("gnome-breaks", SCREEN_TIME, self._keep, frozenset(), env=env)
        self._on_state = on_state
        self._value: ShellState | None = None
        self._fresh = False

    def start(self, report: Callable[[frozenset[HoldSignal]], None]) -> None:
        self._thread = threads.make("deskbreak-gnome-breaks", self._run)
        self._thread.start()

    def _keep(self, value: object) -> frozenset[HoldSignal]:
        try:
            self._value = ShellState(int(value))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            self._value = None
        self._fresh = True
        return frozenset()

    def _tell(self, signals: frozenset[HoldSignal]) -> None:
        value = self._value if self._fresh else None  # no meaning given: the service is gone
        self._fresh = False
        self._on_state(value)


class GnomeBreaksWatch:
    """Watches GNOME's break reminders and reports each change as a `GnomeBreaks`."""

    def __init__(self, report: Report, env: Mapping[str, str] | None = None) -> None:
        self._env = dict(os.environ if env is None else env)
        self._report = report
        self._lock = threading.Lock()
        self._seen = _Seen()
        self._clock = MovementClock(time.monotonic())
        self._last: GnomeBreaks | None = None
        self._settings = CommandWatch(
            ["gsettings", "monitor", SCHEMA, KEY], self._line, env=self._env,
            on_start=self._read_selected,
        )  # fmt: skip
        self._state = StateWatch(self._state_seen, self._env)

    def start(self) -> None:
        self._read_selected()
        self._settings.start()
        self._state.start(lambda signals: None)

    def close(self) -> None:
        self._settings.close()
        self._state.close()

    def _line(self, line: str) -> None:
        kinds = parse_selected(line)
        if kinds is not None:
            self._changed(selected=kinds)

    def _read_selected(self) -> None:
        kinds = selected(self._env)
        if kinds is not None:
            self._changed(selected=kinds)

    def _state_seen(self, state: ShellState | None) -> None:
        self._changed(state=state, state_given=True)

    def _changed(
        self,
        *,
        selected: tuple[str, ...] | None = None,
        state: ShellState | None = None,
        state_given: bool = False,
    ) -> None:
        with self._lock:
            if selected is not None:
                self._seen.selected = selected
            if state_given:
                self._seen.state = state
            seen = self._seen
            interval, duration = (
                movement_times(self._env) if MOVEMENT in seen.selected else (0.0, 0.0)
            )
            movement = self._clock.see(
                time.monotonic(), seen.selected, seen.state, interval, duration
            )
            now = GnomeBreaks(seen.selected, seen.state, movement)
            if now == self._last:
                return
            self._last = now
        log.info("GNOME break reminders: %s, state %s", now.selected, now.state)
        self._report(now)


def available(env: Mapping[str, str] | None = None) -> bool:
    """Whether this session has GNOME's break-reminder setting (GNOME 48 and later)."""
    env = os.environ if env is None else env
    return shutil.which("gsettings", path=env.get("PATH")) is not None and (
        selected(env) is not None
    )


@contextlib.contextmanager
def running(report: Report, env: Mapping[str, str] | None = None) -> Iterator[bool]:
    """Watch GNOME's break reminders while the block runs, where there are any."""
    if not available(env):
        yield False
        return
    watch = GnomeBreaksWatch(report, env)
    watch.start()
    try:
        yield True
    finally:
        watch.close()
