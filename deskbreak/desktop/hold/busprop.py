"""One D-Bus property, watched through its PropertiesChanged signal (never polled).

Owns a session-bus connection of its own (opened once, on the watcher's thread), the
match rules (PropertiesChanged on the object, NameOwnerChanged for the service, so
a restarted service is read afresh), the first read, and turning each value into
hold signals with `meaning`. Stretchly's per-second proxies leaked descriptors until
dbus-broker fell over; here one connection serves the watch for its whole life.
Edge module: imports jeepney lazily.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from deskbreak import threads
from deskbreak.core.ports import HoldReport, HoldSignal

log = logging.getLogger(__name__)

CALL_TIMEOUT = 2.0


@dataclass(frozen=True)
class Property:
    bus_name: str
    path: str
    interface: str
    name: str


class PropertyWatch:
    """Reports `meaning(value)` for the first value and for every change of it."""

    def __init__(
        self,
        name: str,
        prop: Property,
        meaning: Callable[[object], frozenset[HoldSignal]],
        signals: frozenset[HoldSignal],
        *,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.name, self.signals = name, signals
        self._prop, self._meaning = prop, meaning
        self._address = (env or {}).get("DBUS_SESSION_BUS_ADDRESS") or "SESSION"
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()  # `close` writes here to end a blocked wait
        self._thread: threading.Thread | None = None
        self._last: frozenset[HoldSignal] | None = None
        self._there: bool | None = None  # whether the service answered the last read
        self._report: HoldReport = lambda signals: None

    def start(self, report: HoldReport) -> None:
        self._report = report
        self._thread = threads.make(f"deskbreak-hold-{self.name}", self._run)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=CALL_TIMEOUT + 1)
        for end in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(end)

    def _run(self) -> None:
        try:
            from jeepney.io.blocking import open_dbus_connection

            conn = open_dbus_connection(bus=self._address, auth_timeout=CALL_TIMEOUT)
        except Exception as exc:  # no jeepney, no bus: this signal is simply not seen
            log.info("%s: no session bus: %s", self.name, exc)
            return
        try:
            self._watch(conn)
        except Exception:
            log.exception("%s: the watch ended", self.name)
        finally:
            with contextlib.suppress(OSError):
                conn.close()
            self._tell(frozenset())

    def _watch(self, conn: Any) -> None:
        from collections import deque
        from selectors import EVENT_READ

        from jeepney import MatchRule, message_bus
        from jeepney.io.blocking import Proxy

        p = self._prop
        changed = self._change_rule()
        owner = MatchRule(type="signal", sender="org.freedesktop.DBus", member="NameOwnerChanged")
        owner.add_arg_condition(0, p.bus_name)
        bus = Proxy(message_bus, conn, timeout=CALL_TIMEOUT)
        queue: deque[Any] = deque()
        # the connection's own selector also waits on the wake pipe: a wait on the socket
        # blocks with no timeout, and `close` ends it (jeepney then raises TimeoutError)
        conn.selector.register(self._wake_r, EVENT_READ)
        with conn.filter(changed, queue=queue), conn.filter(owner, queue=queue):
            bus.AddMatch(changed)
            bus.AddMatch(owner)
            self._read(conn)
            while not self._stop.is_set():
                try:
                    message = conn.recv_until_filtered(queue)
                except TimeoutError:  # only the wake pipe ends a wait with no timeout
                    continue
                self._received(conn, message)

    def _change_rule(self) -> Any:
        from jeepney import MatchRule

        p = self._prop
        rule = MatchRule(
            type="signal", interface="org.freedesktop.DBus.Properties",
            member="PropertiesChanged", path=p.path,
        )  # fmt: skip
        rule.add_arg_condition(0, p.interface)
        return rule

    def _request(self) -> Any:
        from jeepney import DBusAddress, Properties

        p = self._prop
        target = DBusAddress(p.path, bus_name=p.bus_name, interface=p.interface)
        return Properties(target).get(p.name)

    def _received(self, conn: Any, message: Any) -> None:
        if message.header.fields.get(3) == "NameOwnerChanged":  # 3: the member field
            self._read(conn)
            return
        _, values, invalidated = message.body
        if self._prop.name in values:
            self._tell(self._meaning(values[self._prop.name][1]))
        elif self._prop.name in invalidated:
            self._read(conn)

    def _read(self, conn: Any) -> None:
        from jeepney import MessageType

        try:
            reply = conn.send_and_get_reply(self._request(), timeout=CALL_TIMEOUT)
        except TimeoutError:
            reply = None
        there = reply is not None and reply.header.message_type is not MessageType.error
        if there != self._there:  # said once each way: a watch for a service not yet
            self._there = there  # started (PowerDevil at login) is not a silent one
            if there:
                log.info("%s: %s answers", self.name, self._prop.bus_name)
            else:
                log.info("%s: %s is not on the bus; watching for it", self.name,
                         self._prop.bus_name)  # fmt: skip
        if not there:
            self._tell(frozenset())  # the service is not (or no longer) there
            return
        assert reply is not None
        self._tell(self._meaning(self._first_value(reply.body)))

    @staticmethod
    def _first_value(body: Any) -> object:
        value: object = body[0][1]  # a property comes wrapped in a variant: (signature, value)
        return value

    def _tell(self, signals: frozenset[HoldSignal]) -> None:
        if signals != self._last:
            self._last = signals
            self._report(signals)


class SignalWatch(PropertyWatch):
    """The same watch for a service that announces a value by a signal of its own.

    `prop.name` is the method that answers the value (e.g. "HasInhibit") and
    `changed` the signal whose first argument is the new value ("HasInhibitChanged").
    """

    def __init__(
        self,
        name: str,
        prop: Property,
        changed: str,
        meaning: Callable[[object], frozenset[HoldSignal]],
        signals: frozenset[HoldSignal],
        *,
        env: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(name, prop, meaning, signals, env=env)
        self._changed = changed

    def _change_rule(self) -> Any:
        from jeepney import MatchRule

        p = self._prop
        return MatchRule(type="signal", interface=p.interface, member=self._changed, path=p.path)

    def _request(self) -> Any:
        from jeepney import DBusAddress, new_method_call

        p = self._prop
        return new_method_call(DBusAddress(p.path, bus_name=p.bus_name, interface=p.interface),
                               p.name)  # fmt: skip

    def _received(self, conn: Any, message: Any) -> None:
        if message.header.fields.get(3) == self._changed:
            self._tell(self._meaning(message.body[0] if message.body else None))
        else:
            self._read(conn)

    @staticmethod
    def _first_value(body: Any) -> object:
        value: object = body[0] if body else None
        return value
