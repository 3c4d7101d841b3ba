"""One session-bus connection on a thread of its own, for the tray's D-Bus objects.

Owns the jeepney connection: opening it with a timeout, a receiver thread (jeepney's
router) that hands incoming method calls and matched signals to one handler thread,
calls with a timeout, sending replies and signals, and closing without waiting on
anything that can hang. Nothing here knows what a tray is.
Edge module: imports jeepney only; must not import pystray, PIL or the daemon.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from deskbreak import threads

log = logging.getLogger(__name__)

CALL_TIMEOUT = 2.0  # seconds for any call we make on the bus
BUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")

Handler = Callable[[Any], None]


class BusError(RuntimeError):
    """The bus could not be reached, or a call on it failed or timed out."""


class Bus:
    """A connection whose incoming calls and signals reach `handler` on one thread."""

    def __init__(
        self,
        address: str,
        handler: Handler,
        *,
        name: str = "tray-bus",
        on_lost: Callable[[], None] = lambda: None,
    ) -> None:
        self._address = address
        self._handler = handler
        self._name = name
        self._inbox: queue.Queue[Any] = queue.Queue(maxsize=1000)
        self._closing = threading.Event()
        self._conn: Any = None
        self._router: Any = None
        self._filters: list[Any] = []
        self._thread: threading.Thread | None = None
        self._idle = threading.Condition()
        self._in_flight = 0  # calls waiting for their reply
        self.lost = threading.Event()  # set when the bus went away under us
        self._on_lost = on_lost

    @property
    def unique_name(self) -> str:
        return str(self._conn.unique_name) if self._conn is not None else ""

    def open(self) -> None:
        """Connect and start the handler thread; raises BusError."""
        from jeepney import MatchRule
        from jeepney.io.threading import DBusRouter, open_dbus_connection

        try:
            self._conn = open_dbus_connection(bus=self._address, auth_timeout=CALL_TIMEOUT)
        except Exception as exc:
            raise BusError(f"cannot connect to the session bus: {exc}") from exc
        self._router = DBusRouter(self._conn)
        calls = self._router.filter(MatchRule(type="method_call"), queue=self._inbox)
        self._filters.append(calls)
        self._thread = threads.make(f"deskbreak-bus-{self._name}", self._serve)
        self._thread.start()
        threads.make(f"deskbreak-bus-{self._name}-watch", self._watch).start()

    def watch_signal(self, **rule: Any) -> None:
        """Receive signals matching `rule` (MatchRule fields; arg0=... for the first
        argument) through the handler, and ask the bus to route them to us."""
        from jeepney import MatchRule

        arg0 = rule.pop("arg0", None)
        match = MatchRule(type="signal", **rule)
        if arg0 is not None:
            match.add_arg_condition(0, arg0)
        self._filters.append(self._router.filter(match, queue=self._inbox))
        self.call(BUS, "AddMatch", "s", (match.serialise(),))

    def call(
        self,
        target: tuple[str, str, str],
        method: str,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
        *,
        timeout: float = CALL_TIMEOUT,
    ) -> tuple[Any, ...]:
        """Call a method and return its reply body; raises BusError on error or timeout."""
        from jeepney import DBusAddress, HeaderFields, MessageType, new_method_call

        if self._router is None or self._closing.is_set():
            raise BusError("the bus connection is closed")
        bus_name, path, interface = target
        address = DBusAddress(path, bus_name=bus_name, interface=interface)
        message = new_method_call(address, method, signature, body)
        with self._idle:
            self._in_flight += 1
        try:
            reply = self._router.send_and_get_reply(message, timeout=timeout)
        except TimeoutError as exc:
            raise BusError(f"{interface}.{method} timed out after {timeout} s") from exc
        except Exception as exc:
            raise BusError(f"{interface}.{method} failed: {exc}") from exc
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()
        if reply.header.message_type is MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name, "error")
            raise BusError(f"{interface}.{method}: {reply.body[0] if reply.body else name}")
        return tuple(reply.body)

    def send(self, message: Any) -> None:
        """Send a reply or a signal; a closed connection drops it quietly."""
        if self._conn is None or self._closing.is_set():
            return
        try:
            self._conn.send(message)
        except OSError:
            log.debug("could not send on the session bus", exc_info=True)
            self._lose()

    def close(self) -> None:
        """Close the connection; never blocks for long (the threads are daemons)."""
        self._closing.set()
        self._inbox.put(None)
        conn, self._conn = self._conn, None
        if conn is None:
            return
        for handle in self._filters:
            handle.close()
        with self._idle:  # a reply arriving as the router closes makes jeepney complain
            self._idle.wait_for(lambda: self._in_flight == 0, timeout=1.0)
        try:
            conn.interrupt()  # the receiver thread ends at once
            self._router._rcv_thread.join(timeout=1.0)
            conn.close()  # our bus names go with the connection
        except OSError:
            log.debug("closing the session bus", exc_info=True)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)

    def _lose(self) -> None:
        if not self._closing.is_set() and not self.lost.is_set():
            self.lost.set()
            self._on_lost()

    def _watch(self) -> None:
        """Wait for the receiver thread to end: the bus closed, or we closed it."""
        self._router._rcv_thread.join()
        self._lose()

    def _serve(self) -> None:
        while not self._closing.is_set():
            message = self._inbox.get()
            if message is None:
                return
            try:
                self._handler(message)
            except Exception:
                log.exception("tray: handling a D-Bus message failed")
