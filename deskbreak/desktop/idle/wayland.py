"""Idle time pushed by a Wayland compositor: ext-idle-notify-v1, or KDE's older protocol.

Owns the two Wayland sources: `ext-idle-notify` (`ext_idle_notifier_v1`: sway ≥ 1.8, KWin,
Hyprland, niri, COSMIC, Wayfire, labwc) and `kde-idle` (`org_kde_kwin_idle`: sway 1.7,
older KWin). Each opens a Wayland connection of its own, asks for one notification after
the grace (IDLE_GRACE unless given another) without input, and dispatches it on a thread
of its own; "idled" and "resumed" become `IdleChange`s for the daemon, so nothing is
polled. Before the compositor says "idled" the user counts as at the desk (idle 0): the
engine's rules treat any stretch shorter than the grace as work anyway. A locked screen
(`locks`) is away until it is unlocked, whatever input the lock screen sees. Edge module:
imports pywayland (and the generated KDE bindings) only when a probe runs.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from deskbreak import threads
from deskbreak.core.engine.timekeeping import IDLE_GRACE
from deskbreak.core.ports import IdleChange
from deskbreak.desktop.idle.absence import Absence
from deskbreak.desktop.idle.locks import LockSignals

log = logging.getLogger(__name__)

OnChange = Callable[[IdleChange], None]


@dataclass(frozen=True)
class Protocol:
    """One idle protocol: its global, and how to ask it for a notification."""

    source: str  # the source's short id
    interface: str  # the global's interface name in the registry
    idle_event: str
    back_event: str


EXT = Protocol("ext-idle-notify", "ext_idle_notifier_v1", "idled", "resumed")
KDE = Protocol("kde-idle", "org_kde_kwin_idle", "idle", "resumed")


class WaylandIdle:
    """Idle and back events from the compositor, kept as "idle since" for the daemon."""

    def __init__(
        self,
        protocol: Protocol,
        display: str,
        *,
        clock: Callable[[], float],
        grace: float = IDLE_GRACE,
    ) -> None:
        self.name = protocol.source
        self._grace = grace
        self._protocol = protocol
        self._display_name = display
        self._clock = clock
        self._lock = threading.Lock()
        self._absence = Absence()
        self._locks: LockSignals | None = None
        self._alive = False
        self._on_change: OnChange | None = None
        self._ready = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threads.make(f"deskbreak-idle-{self.name}", self._run)

    # ------------------------------------------------------------ the daemon side
    def start(self, timeout: float) -> bool:
        """Connect and ask for the notification; False when the compositor lacks it."""
        self._thread.start()
        self._ready.wait(timeout)
        with self._lock:
            return self._alive

    def idle_seconds(self) -> float | None:
        with self._lock:
            if not self._alive:
                return None
            return self._absence.idle_seconds(self._clock())

    def watch(self, on_change: OnChange) -> bool:
        with self._lock:
            self._on_change = on_change
        return True

    def watch_locks(self, locks: LockSignals) -> None:
        """Take lock and unlock from `locks` (which calls `set_locked`); stopped on close."""
        self._locks = locks
        locks.start()

    def set_locked(self, locked: bool) -> None:
        """A locked screen is away from the lock until the unlock, whatever input the lock
        screen sees: its "resumed" is ignored, and the unlock tells the whole stretch."""
        self._tell(self._absence.set_locked(locked, self._clock()))
        since = self._absence.since()
        if locked and since is not None:  # tell the engine once the grace has passed
            threads.later(
                self._grace, "deskbreak-idle-grace", lambda: self._tell(self._absence.still(since))
            )

    def close(self) -> None:
        if self._locks is not None:
            self._locks.stop()
        with self._lock:
            self._alive = False
        if self._wake_w < 0:
            return
        os.write(self._wake_w, b"x")
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(2.0)
        if not self._thread.is_alive():  # a thread stuck connecting keeps its pipe
            os.close(self._wake_r)
            os.close(self._wake_w)
            self._wake_r = self._wake_w = -1

    # ------------------------------------------------------------ the thread's side
    def _run(self) -> None:
        display: Any = None
        try:
            display = self._connect()
            if display is not None:
                self._loop(display)
        except Exception as exc:  # a dead compositor ends the source, not the daemon
            log.warning("Wayland idle (%s) stopped: %s", self.name, exc)
        finally:
            with self._lock:
                self._alive = False
            self._ready.set()
            if display is not None:
                display.disconnect()

    def _connect(self) -> Any:
        from pywayland.client.display import Display

        display = Display(self._display_name)
        display.connect()
        found: dict[str, tuple[int, int]] = {}
        registry = display.get_registry()
        registry.dispatcher["global"] = _recorder(found)
        display.roundtrip()
        if self._protocol.interface not in found or "wl_seat" not in found:
            display.disconnect()
            return None
        self._notification = self._subscribe(registry, found)
        self._notification.dispatcher[self._protocol.idle_event] = self._idled
        self._notification.dispatcher[self._protocol.back_event] = self._resumed
        display.roundtrip()
        with self._lock:
            self._alive = True
        self._ready.set()
        return display

    def _subscribe(self, registry: Any, found: Mapping[str, tuple[int, int]]) -> Any:
        from pywayland.protocol.wayland import WlSeat

        seat_name, seat_version = found["wl_seat"]
        seat = registry.bind(seat_name, WlSeat, min(seat_version, 5))
        name, version = found[self._protocol.interface]
        timeout_ms = int(self._grace * 1000)
        if self._protocol is KDE:
            from deskbreak.desktop.idle.kde_protocol import OrgKdeKwinIdle

            idle = registry.bind(name, OrgKdeKwinIdle, 1)
            return idle.get_idle_timeout(seat, timeout_ms)
        from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1

        notifier = registry.bind(name, ExtIdleNotifierV1, min(version, 2))
        if version >= 2:
            # v2's input notification counts only input: a video player's idle
            # inhibitor keeps the screen on but is not the user working, and with
            # v1 it would hide a lunch break spent away from a playing video.
            return notifier.get_input_idle_notification(timeout_ms, seat)
        return notifier.get_idle_notification(timeout_ms, seat)

    def _loop(self, display: Any) -> None:
        fd = display.get_fd()
        while True:
            display.dispatch(block=False)
            display.flush()
            readable, _, _ = select.select([fd, self._wake_r], [], [])
            if self._wake_r in readable:
                return
            display.read()

    # Protocol event callbacks: cffi needs them to return None.
    def _idled(self, _notification: Any) -> None:
        self._tell(self._absence.idled(self._clock() - self._grace))

    def _resumed(self, _notification: Any) -> None:
        self._tell(self._absence.resumed(self._clock()))

    def _tell(self, change: IdleChange | None) -> None:
        with self._lock:
            tell = self._on_change
        if tell is not None and change is not None:
            tell(change)


def _recorder(found: dict[str, tuple[int, int]]) -> Callable[..., None]:
    def on_global(_registry: Any, name: int, interface: str, version: int) -> None:
        found[interface] = (name, version)

    return on_global


def open_wayland(
    protocol: Protocol, env: Mapping[str, str], timeout: float, grace: float = IDLE_GRACE
) -> WaylandIdle | None:
    """The source for `protocol` if the compositor at WAYLAND_DISPLAY offers it; it is told
    idle after `grace` seconds without input."""
    display = env.get("WAYLAND_DISPLAY")
    if not display:
        return None
    if not os.path.isabs(display) and env.get("XDG_RUNTIME_DIR"):
        display = os.path.join(env["XDG_RUNTIME_DIR"], display)
    try:
        import pywayland.client.display  # noqa: F401
    except ImportError:
        log.info("pywayland is not installed: no Wayland idle time")
        return None
    source = WaylandIdle(protocol, display, clock=time.monotonic, grace=grace)
    if source.start(timeout):
        source.watch_locks(LockSignals(env, source.set_locked, timeout=timeout))
        return source
    source.close()
    return None


def open_ext(
    env: Mapping[str, str], timeout: float, grace: float = IDLE_GRACE
) -> WaylandIdle | None:
    return open_wayland(EXT, env, timeout, grace)


def open_kde(
    env: Mapping[str, str], timeout: float, grace: float = IDLE_GRACE
) -> WaylandIdle | None:
    return open_wayland(KDE, env, timeout, grace)
