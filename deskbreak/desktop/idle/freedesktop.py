"""Idle time from `org.freedesktop.ScreenSaver` on the D-Bus session bus.

Owns the small blocking session-bus link both D-Bus idle sources share (one
connection, opened on first use, every call bounded by a timeout, reopened
after it drops) and the source for KDE and the other desktops that implement
`GetSessionIdleTime` (seconds). A locked screen counts as away: while
`GetActive` says the locker is up, input on the lock screen does not reset the
idle time (see `FreedesktopIdle.idle_seconds`). Edge module: imports jeepney
lazily, and nothing from the rest of deskbreak beyond the standard library.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from deskbreak import threads
from deskbreak.core.ports import IdleChange

log = logging.getLogger(__name__)

SCREENSAVER_NAME = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
_DBUS = "org.freedesktop.DBus"


class BusLink:
    """One connection to a session bus; every call answers within `timeout`."""

    def __init__(self, address: str, *, timeout: float = 1.0) -> None:
        self.address = address
        self.timeout = timeout
        self._conn: Any = None
        self._pending: threading.Thread | None = None
        self._lock = threading.Lock()

    def call(
        self, bus_name: str, path: str, interface: str, method: str, *args: str
    ) -> object | None:
        """The first value a method returns, or None if it failed or was late.

        Arguments, when given, are strings (signature made of "s").
        """
        with self._lock:
            conn = self._connection()
            if conn is None:
                return None
            from jeepney import DBusAddress, new_method_call

            target = DBusAddress(path, bus_name=bus_name, interface=interface)
            signature = "s" * len(args) if args else None
            return self._send(conn, new_method_call(target, method, signature, args))

    def name_has_owner(self, name: str) -> bool:
        answer = self.call(_DBUS, "/org/freedesktop/DBus", _DBUS, "NameHasOwner", name)
        return answer is True

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _connection(self) -> Any:
        if self._conn is None:
            if self._pending is not None and self._pending.is_alive():
                return None  # an earlier attempt is still stuck: don't pile up threads
            self._conn, self._pending = _open_within(self.address, self.timeout)
        return self._conn

    def _send(self, conn: Any, message: Any) -> object | None:
        from jeepney import MessageType

        what = message.header.fields  # for the log only
        try:
            reply = conn.send_and_get_reply(message, timeout=self.timeout)
        except TimeoutError:
            log.debug("no answer within %.1f s to %s", self.timeout, what)
            return None
        except (OSError, ValueError) as exc:
            log.debug("session bus connection lost: %s", exc)
            self._drop()
            return None
        if reply.header.message_type is MessageType.error or not reply.body:
            log.debug("%s failed: %s", what, reply.body)
            return None
        value: object = reply.body[0]
        return value

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()


def _open_within(address: str, timeout: float) -> tuple[Any, threading.Thread | None]:
    """A connection to the bus at `address`, or None if it isn't ready in time.

    jeepney bounds the authentication but not the Hello call after it, so a
    bus that accepts and never answers would block for ever: the opening runs
    in a thread that is abandoned when late, and closes what it opens late.
    Returns the connection and the thread (still alive if abandoned).
    """
    try:
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        log.info("jeepney is not installed: no D-Bus idle time")
        return None, None
    lock = threading.Lock()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            conn = open_dbus_connection(bus=address, auth_timeout=timeout)
        except (OSError, RuntimeError, ValueError, StopIteration) as exc:
            log.debug("cannot open the session bus %r: %s", address, exc)
            return
        with lock:
            if not box.get("late"):
                box["conn"] = conn
                return
        conn.close()

    thread = threads.make("deskbreak-dbus-connect", run)
    thread.start()
    thread.join(timeout)
    with lock:
        box["late"] = True
        return box.get("conn"), thread


class LockWatch:
    """Turns "idle so far" into "away so far" while the screen is locked.

    Input on a lock screen (waking it to look at the clock) resets the
    desktop's idle counter but is not work, so once a lock is seen the user
    stays away from the moment their last real input happened until unlock.
    """

    def __init__(self) -> None:
        self._away_since: float | None = None

    def adjust(self, idle: float, *, locked: bool, now: float) -> float:
        if not locked:
            self._away_since = None
            return idle
        if self._away_since is None:
            self._away_since = now - idle
        return max(idle, now - self._away_since)


class LockAwareSource:
    """A D-Bus idle source whose idle time keeps growing while the screen is locked.

    Subclasses say how to read the desktop's own idle seconds and the lock state.
    """

    def __init__(self, link: BusLink, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._link = link
        self._clock = clock
        self._watch = LockWatch()

    def session_idle(self) -> float | None:
        raise NotImplementedError

    def locked(self) -> bool | None:
        raise NotImplementedError

    def idle_seconds(self) -> float | None:
        """Seconds away: the desktop's idle time, held growing while locked."""
        idle = self.session_idle()
        if idle is None:
            return None
        return self._watch.adjust(idle, locked=self.locked() is True, now=self._clock())

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        """D-Bus idle time is polled: this source has no change signal."""
        return False

    def close(self) -> None:
        self._link.close()


class FreedesktopIdle(LockAwareSource):
    """`GetSessionIdleTime` at one object path, with lock-aware idle seconds."""

    name = "freedesktop"

    def __init__(
        self, link: BusLink, path: str, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(link, clock=clock)
        self.path = path

    def session_idle(self) -> float | None:
        """The desktop's own idle seconds, ignoring the lock."""
        value = self._ask("GetSessionIdleTime")
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return float(value)

    def locked(self) -> bool | None:
        """Whether the screen saver or locker is up; None if it can't tell."""
        value = self._ask("GetActive")
        return value if isinstance(value, bool) else None

    def _ask(self, method: str) -> object | None:
        return self._link.call(SCREENSAVER_NAME, self.path, SCREENSAVER_NAME, method)


def open_freedesktop(
    env: Mapping[str, str], timeout: float, grace: float | None = None
) -> FreedesktopIdle | None:
    """The ScreenSaver source if some object path answers GetSessionIdleTime (polled: the
    engine applies the grace to the idle time it reads, so `grace` is not needed here)."""
    address = env.get("DBUS_SESSION_BUS_ADDRESS")
    if not address:
        return None
    link = BusLink(address, timeout=timeout)
    if link.name_has_owner(SCREENSAVER_NAME):
        for path in SCREENSAVER_PATHS:
            source = FreedesktopIdle(link, path)
            if source.session_idle() is not None:
                return source
    link.close()
    return None
