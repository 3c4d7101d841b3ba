"""Wakes the timer when the machine resumes from suspend (logind's PrepareForSleep).

The scheduler waits on a monotonic clock that stops while the machine sleeps, so
without a nudge the first look after resume could come up to the engine's longest
wait late. On Linux, logind announces sleep and resume on the system bus; this
listens on its own thread and calls `on_resume`. Without a system bus or logind
it does nothing, and the engine's wait cap still bounds the delay.
Edge module: imports jeepney lazily; must not import the engine or the controller.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from deskbreak import threads

log = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"
MANAGER = "org.freedesktop.login1.Manager"
PATH = "/org/freedesktop/login1"


class SleepWatch:
    def __init__(self, on_resume: Callable[[], None], *, timeout: float = 2.0) -> None:
        self._on_resume = on_resume
        self._timeout = timeout
        self._conn: Any = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Listen in the background; start-up never waits for the system bus."""
        self._thread = threads.make("deskbreak-sleepwatch", self._run)
        self._thread.start()

    def listening(self, timeout: float) -> bool:
        """Wait up to `timeout` for the watch to be set up; False when there is nothing to watch."""
        self._ready.wait(timeout)
        return self._conn is not None

    def stop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _run(self) -> None:
        try:
            from jeepney import MatchRule, message_bus
            from jeepney.io.blocking import open_dbus_connection

            conn = open_dbus_connection(bus="SYSTEM")
            rule = MatchRule(type="signal", interface=MANAGER, member="PrepareForSleep", path=PATH)
            # On the bus side the rule also names logind as the sender; the local filter
            # cannot, as messages carry logind's unique name, not the well-known one.
            bus_rule = MatchRule(
                type="signal", sender=LOGIN1, interface=MANAGER, member="PrepareForSleep", path=PATH
            )
            conn.send_and_get_reply(message_bus.AddMatch(bus_rule), timeout=self._timeout)
            with conn.filter(rule) as queue:
                self._conn = conn
                self._ready.set()
                log.info("listening for resume from suspend")
                while self._conn is not None:
                    message = conn.recv_until_filtered(queue)
                    if message.body == (False,):  # False: the machine has just woken up
                        log.info("resumed from suspend")
                        self._on_resume()
        except Exception as exc:  # no system bus, no logind, closed on stop
            if self._conn is not None or not self._ready.is_set():
                log.info("not watching for resume from suspend: %s", _why(exc))
        finally:
            self._ready.set()


def _why(exc: Exception) -> str:
    """The reason in words, naming the system bus it tried."""
    try:
        from jeepney.bus import get_bus

        where = str(get_bus("SYSTEM"))
    except Exception:
        where = "the system bus address"
    if isinstance(exc, FileNotFoundError | ConnectionRefusedError | PermissionError):
        return f"no system bus at {where} ({exc.strerror or type(exc).__name__})"
    return f"{str(exc) or type(exc).__name__} (system bus {where})"
