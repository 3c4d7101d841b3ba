"""Idle time from the X server's MIT-SCREEN-SAVER extension (python-xlib).

Owns the X11 source: one display connection, kept open between probes (no
subprocess per probe), queried with `screensaver_query_info().idle` in
milliseconds. A dropped connection reads as None and is reopened on the next
probe. python-xlib has no timeouts of its own, so connecting runs in a
short-lived thread that is abandoned if the server does not answer, and a
query is guarded by a watchdog that shuts the socket down when it is late.
Where the server has SYNC, `watch` hands idle and back to IDLETIME alarms
(`x11sync`), so the daemon need not poll. Edge module: imports python-xlib
lazily; nothing else from deskbreak.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from deskbreak import threads
from deskbreak.core.engine.timekeeping import IDLE_GRACE
from deskbreak.core.ports import IdleChange

if TYPE_CHECKING:
    from deskbreak.desktop.idle.locks import LockSignals
    from deskbreak.desktop.idle.x11sync import SyncWatch

log = logging.getLogger(__name__)

EXTENSION = "MIT-SCREEN-SAVER"


class _Connect:
    """A display connection attempt that may outlive the caller's patience."""

    def __init__(self, display_name: str) -> None:
        self._name = display_name
        self._lock = threading.Lock()
        self._abandoned = False
        self.display: Any = None
        self.thread = threads.make("deskbreak-x11-connect", self._run)

    def wait(self, timeout: float) -> Any:
        """The connected display, or None; a late connection is closed on arrival."""
        self.thread.start()
        self.thread.join(timeout)
        with self._lock:
            if self.display is None:
                self._abandoned = True
            return self.display

    def _run(self) -> None:
        try:
            from Xlib import display as xdisplay

            opened = xdisplay.Display(self._name)
        except Exception as exc:  # python-xlib raises a zoo of types here
            log.debug("cannot open X display %r: %s", self._name, exc)
            return
        with self._lock:
            if not self._abandoned:
                self.display = opened
                return
        opened.close()


class X11Idle:
    """Seconds since the last keyboard or pointer input on one X display."""

    name = "x11"

    def __init__(
        self,
        display_name: str,
        *,
        timeout: float = 1.0,
        env: Mapping[str, str] | None = None,
        grace: float = IDLE_GRACE,
    ) -> None:
        self.display_name = display_name
        self.timeout = timeout
        self.grace = grace
        self._display: Any = None
        self._pending: _Connect | None = None
        self._lock = threading.Lock()
        self._sync: SyncWatch | None = None
        self._locks: LockSignals | None = None
        self._env: Mapping[str, str] = env if env is not None else {}

    def available(self) -> bool:
        """Whether the display answers and has the screensaver extension."""
        with self._lock:
            display = self._connected()
            return display is not None and bool(display.has_extension(EXTENSION))

    def idle_seconds(self) -> float | None:
        with self._lock:
            display = self._connected()
            if display is None:
                return None
            idle_ms = self._query(display)
        if idle_ms is None:
            return None
        # with the alarms, a locked screen keeps the user away whatever the lock screen saw
        held = 0.0 if self._sync is None else self._sync.idle_seconds()
        return max(idle_ms / 1000, held)

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        """The server's SYNC IDLETIME alarms push each change, and lock signals hold the
        user away while the screen is locked; False without SYNC (then it is polled)."""
        from deskbreak.desktop.idle.locks import LockSignals
        from deskbreak.desktop.idle.x11sync import SyncWatch

        sync = SyncWatch(self.display_name, on_change, timeout=self.timeout, grace=self.grace)
        if not sync.start():
            return False
        self._sync = sync
        self._locks = LockSignals(self._env, sync.set_locked, timeout=self.timeout)
        self._locks.start()
        return True

    def close(self) -> None:
        if self._locks is not None:
            self._locks.stop()
        if self._sync is not None:
            self._sync.stop()
        with self._lock:
            self._drop()

    def _connected(self) -> Any:
        if self._display is not None:
            return self._display
        if self._pending is not None and self._pending.thread.is_alive():
            return None  # an earlier attempt is still stuck: don't pile up threads
        self._pending = _Connect(self.display_name)
        self._display = self._pending.wait(self.timeout)
        return self._display

    def _query(self, display: Any) -> int | None:
        sock: socket.socket = display.display.socket
        watchdog = threads.later(self.timeout, "deskbreak-x11-watchdog", _shut, sock)
        try:
            info = display.screen().root.screensaver_query_info()
        except Exception as exc:  # ConnectionClosedError, XError, or no extension
            log.debug("X idle query failed on %r: %s", self.display_name, exc)
            self._drop()
            return None
        finally:
            watchdog.cancel()
        return int(info.idle)

    def _drop(self) -> None:
        display, self._display = self._display, None
        if display is not None:
            try:
                display.close()
            except Exception as exc:  # closing a dead connection may complain
                log.debug("closing X display: %s", exc)


def _shut(sock: socket.socket) -> None:
    """Wake a query stuck on a frozen server: it then fails as a closed connection."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def open_x11(env: Mapping[str, str], timeout: float, grace: float = IDLE_GRACE) -> X11Idle | None:
    """The X11 source if DISPLAY is set and the server has the extension; its SYNC alarm
    fires after `grace` seconds without input."""
    name = env.get("DISPLAY")
    if not name:
        return None
    source = X11Idle(name, timeout=timeout, env=env, grace=grace)
    if source.available():
        return source
    source.close()
    return None
