"""Mutter's idle and user-active watches: GNOME says when the user goes idle and comes back.

Owns one connection and thread of its own to the session bus: `AddIdleWatch(grace)`
(IDLE_GRACE unless given another) fires once the user has been idle that long, then
`AddUserActiveWatch` (one-shot) fires on the next input; each `WatchFired` becomes an
`IdleChange`. The shield's `ActiveChanged` (locked) makes the user away from that moment,
and while the shield is up (the `locked` callable) input on the lock screen is not a
return: the active watch is set again. Nothing is polled: the thread blocks on its socket
until Mutter signals or `stop` shuts it. Edge module: imports jeepney lazily.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from deskbreak import threads
from deskbreak.core.engine.timekeeping import IDLE_GRACE
from deskbreak.core.ports import IdleChange

log = logging.getLogger(__name__)

MUTTER_NAME = "org.gnome.Mutter.IdleMonitor"
MUTTER_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
LOCKER_NAME = "org.gnome.ScreenSaver"


class MutterWatch:
    """Turns Mutter's WatchFired signals into IdleChanges for `on_change`."""

    def __init__(
        self,
        address: str,
        on_change: Callable[[IdleChange], None],
        *,
        locked: Callable[[], bool | None],
        timeout: float = 1.0,
        grace: float = IDLE_GRACE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._address = address
        self._grace = grace
        self._on_change = on_change
        self._locked = locked
        self._timeout = timeout
        self._clock = clock
        self._conn: Any = None
        self._idle_since: float | None = None
        self._ready = threading.Event()

    def start(self) -> bool:
        """Set the idle watch; False when Mutter did not take it within the timeout."""
        threads.make("deskbreak-idle-mutter", self._run).start()
        return self._ready.wait(self._timeout * 3) and self._conn is not None

    def idle_seconds(self) -> float:
        """Seconds away as the watches (and the shield) tell it; 0 while at the desk."""
        since = self._idle_since
        return 0.0 if since is None else max(0.0, self._clock() - since)

    def stop(self) -> None:
        conn = self._conn
        if conn is not None:  # wakes the blocked receive: it fails and the thread ends
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)

    def _run(self) -> None:
        from jeepney import HeaderFields, MatchRule, message_bus
        from jeepney.io.blocking import open_dbus_connection

        try:
            conn = open_dbus_connection(self._address, auth_timeout=self._timeout)
        except Exception as exc:
            log.info("no Mutter idle watch: %s", exc)
            self._ready.set()
            return
        watches = MatchRule(type="signal", interface=MUTTER_NAME, member="WatchFired")
        shield = MatchRule(type="signal", interface=LOCKER_NAME, member="ActiveChanged")
        try:
            with conn.filter(watches, bufsize=16) as fired, conn.filter(shield, queue=fired):
                conn.send_and_get_reply(message_bus.AddMatch(shield), timeout=self._timeout)
                idle_id = self._add(conn, "AddIdleWatch", "t", (int(self._grace * 1000),))
                self._conn = conn
                self._ready.set()
                active_id: int | None = None
                while True:
                    msg = conn.recv_until_filtered(fired)
                    if msg.header.fields.get(HeaderFields.member) == "ActiveChanged":
                        if msg.body and msg.body[0] is True:
                            active_id = self._shield_up(conn, active_id)
                    elif msg.body[0] == idle_id:
                        active_id = self._went_idle(conn, active_id)
                    elif msg.body[0] == active_id:
                        active_id = self._came_back(conn)
        except Exception as exc:  # stopped (socket shut), or Mutter went away
            log.debug("Mutter idle watch ended: %s", exc)
        finally:
            self._conn = None
            self._ready.set()
            with contextlib.suppress(OSError):
                conn.close()

    def _went_idle(self, conn: Any, active_id: int | None) -> int:
        since = self._clock() - self._grace
        if self._idle_since is not None:  # away since the lock, earlier
            since = min(since, self._idle_since)
        self._idle_since = since
        self._tell(IdleChange(since))
        return active_id if active_id is not None else self._active_watch(conn)

    def _shield_up(self, conn: Any, active_id: int | None) -> int:
        """Locked: away from now on, even if the lock screen keeps Mutter's idle time low;
        the engine hears of it once the grace has passed, as if Mutter's watch had fired."""
        if self._idle_since is None:
            since = self._idle_since = self._clock()
            threads.later(self._grace, "deskbreak-idle-lock-grace", self._lock_grace, since)
        return active_id if active_id is not None else self._active_watch(conn)

    def _lock_grace(self, since: float) -> None:
        if self._idle_since == since:
            self._tell(IdleChange(since))

    def _active_watch(self, conn: Any) -> int:
        return self._add(conn, "AddUserActiveWatch", None, ())

    def _came_back(self, conn: Any) -> int | None:
        if self._locked() is True:  # input on the lock screen: still away
            return self._active_watch(conn)
        since, self._idle_since = self._idle_since, None
        if since is not None:
            self._tell(IdleChange(since, back_at=self._clock()))
        return None

    def _add(self, conn: Any, method: str, signature: str | None, args: tuple[Any, ...]) -> int:
        from jeepney import DBusAddress, MessageType, new_method_call

        target = DBusAddress(MUTTER_PATH, bus_name=MUTTER_NAME, interface=MUTTER_NAME)
        reply = conn.send_and_get_reply(
            new_method_call(target, method, signature, args), timeout=self._timeout
        )
        if reply.header.message_type is MessageType.error:
            raise RuntimeError(f"{method}: {reply.body}")
        return int(reply.body[0])

    def _tell(self, change: IdleChange) -> None:
        try:
            self._on_change(change)
        except Exception:  # a failing listener must not end the watch
            log.exception("idle listener failed")
