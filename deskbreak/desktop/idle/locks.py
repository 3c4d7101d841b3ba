"""Screen-lock signals on D-Bus: the screen locked or unlocked, as it happens.

Owns listening, each on a connection and thread of its own, for the two signals that
say a screen was locked without anyone asking: the desktop's screensaver
`ActiveChanged(b)` on the session bus (KDE's `org.freedesktop.ScreenSaver`, GNOME's
`org.gnome.ScreenSaver`) and logind's `LockedHint` on this session's object on the
system bus (swaylock and most lockers set it through `loginctl lock-session`). Nothing
is polled: a thread blocks on its socket until a signal comes or `stop` shuts it.
Edge module: imports jeepney lazily; nothing from deskbreak beyond the ports.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Callable, Mapping
from typing import Any

from deskbreak import threads

log = logging.getLogger(__name__)

OnLock = Callable[[bool], None]
LOGIND = "org.freedesktop.login1"
SESSION_IFACE = "org.freedesktop.login1.Session"
SCREENSAVERS = ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")


class LockSignals:
    """Calls `on_lock(True/False)` when the screen is locked or unlocked."""

    def __init__(self, env: Mapping[str, str], on_lock: OnLock, *, timeout: float = 1.0) -> None:
        self._env = env
        self._on_lock = on_lock
        self._timeout = timeout
        self._conns: list[Any] = []
        self._lock = threading.Lock()
        self._stopped = False

    def start(self) -> None:
        """Listen on the buses that are there; a bus that is not costs only its signal."""
        session = self._env.get("DBUS_SESSION_BUS_ADDRESS")
        if session:
            self._listen("session", session, self._screensaver_rules, self._on_screensaver)
        system = self._env.get("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/run/dbus/system_bus_socket")
        self._listen("system", system, self._logind_rules, self._on_logind)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            conns, self._conns = self._conns, []
        for conn in conns:  # wakes the blocked receive: it fails and the thread ends
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)

    # ---------------------------------------------------------------- wiring
    def _listen(
        self,
        bus: str,
        address: str,
        rules: Callable[[Any], list[Any]],
        handle: Callable[[Any], None],
    ) -> None:
        try:
            from jeepney.io.blocking import open_dbus_connection

            conn = open_dbus_connection(address, enable_fds=False)
            matches = rules(conn)
        except Exception as exc:  # no such bus, or no logind on it
            log.info("not watching the screen lock on the %s bus: %s", bus, exc)
            return
        if not matches:
            conn.close()
            return
        with self._lock:
            if self._stopped:
                conn.close()
                return
            self._conns.append(conn)
        thread = threads.make(f"deskbreak-lock-{bus}", self._receive, conn, handle)
        thread.start()

    def _receive(self, conn: Any, handle: Callable[[Any], None]) -> None:
        try:
            while True:
                handle(conn.receive())
        except Exception as exc:  # stopped (socket shut), or the bus went away
            log.debug("lock watch ended: %s", exc)
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def _add(self, conn: Any, **rule: str) -> Any:
        from jeepney import MatchRule, message_bus

        match = MatchRule(type="signal", **rule)
        conn.send_and_get_reply(message_bus.AddMatch(match), timeout=self._timeout)
        return match

    def _screensaver_rules(self, conn: Any) -> list[Any]:
        return [self._add(conn, interface=name, member="ActiveChanged") for name in SCREENSAVERS]

    def _logind_rules(self, conn: Any) -> list[Any]:
        from jeepney import DBusAddress, new_method_call

        manager = DBusAddress("/org/freedesktop/login1", LOGIND, f"{LOGIND}.Manager")
        call = new_method_call(manager, "GetSessionByPID", "u", (os.getpid(),))
        reply = conn.send_and_get_reply(call, timeout=self._timeout)
        if not reply.body or not isinstance(reply.body[0], str):
            return []  # an error reply: this process is in no logind session
        self._session_path = reply.body[0]
        rule = self._add(conn, interface="org.freedesktop.DBus.Properties",
                         member="PropertiesChanged", path=self._session_path)  # fmt: skip
        return [rule]

    # -------------------------------------------------------------- handlers
    def _on_screensaver(self, msg: Any) -> None:
        fields = msg.header.fields
        from jeepney import HeaderFields

        if fields.get(HeaderFields.member) == "ActiveChanged" and msg.body:
            self._tell(bool(msg.body[0]))

    def _on_logind(self, msg: Any) -> None:
        body = msg.body
        if len(body) >= 2 and body[0] == SESSION_IFACE and "LockedHint" in body[1]:
            _signature, value = body[1]["LockedHint"]
            self._tell(bool(value))

    def _tell(self, locked: bool) -> None:
        try:
            self._on_lock(locked)
        except Exception:  # a failing listener must not end the watch
            log.exception("lock listener failed")
