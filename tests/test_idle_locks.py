"""A locked screen is away on Wayland desktops, told by signals, never polled.

`LockSignals` against a real private bus: a screensaver's ActiveChanged (KDE's
org.freedesktop.ScreenSaver, GNOME's org.gnome.ScreenSaver) and logind's LockedHint on this
process's session (a stand-in login1 service answers GetSessionByPID). The Wayland source's
lock rule with a fake clock: input on the lock screen does not bring the user back; the
unlock tells the whole stretch.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from support.waiting import wait_until

from deskbreak.core.ports import IdleChange
from deskbreak.desktop.idle.locks import LockSignals
from deskbreak.desktop.idle.wayland import EXT, WaylandIdle

SESSION = "/org/freedesktop/login1/session/_31"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _source(clock: Clock) -> tuple[WaylandIdle, list[IdleChange]]:
    source = WaylandIdle(EXT, "wayland-unused", clock=clock)
    changes: list[IdleChange] = []
    source.watch(changes.append)
    return source, changes


def test_lock_screen_input_is_not_a_return_and_the_unlock_tells_the_whole_stretch() -> None:
    clock = Clock()
    source, changes = _source(clock)
    try:
        source.set_locked(True)  # locked at 1000 and left
        clock.now = 1070
        source._idled(None)  # the compositor: a minute without input (since 1010)
        assert changes == [IdleChange(1000.0)]  # away since the lock, not since 1010
        clock.now = 1200
        source._resumed(None)  # someone touched the lock screen: still away
        assert len(changes) == 1
        clock.now = 1400
        source.set_locked(False)
        assert changes[-1] == IdleChange(1000.0, back_at=1400.0)
        assert changes[-1].stretch == 400.0
    finally:
        source.close()


def test_without_a_lock_resumed_is_the_return() -> None:
    clock = Clock()
    source, changes = _source(clock)
    try:
        clock.now = 1060
        source._idled(None)
        clock.now = 1090
        source._resumed(None)
        assert changes == [IdleChange(1000.0), IdleChange(1000.0, back_at=1090.0)]
        source.set_locked(True)
        source.set_locked(False)  # a lock shorter than anything: a zero stretch, no harm
        assert changes[-1].stretch == 0.0
    finally:
        source.close()


class Login1:
    """A stand-in logind on a bus: answers GetSessionByPID with one session path."""

    def __init__(self, address: str) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.conn = open_dbus_connection(address)
        self.conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.login1"))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        from jeepney import HeaderFields, MessageType, new_method_return

        try:
            while True:
                msg = self.conn.receive()
                member = msg.header.fields.get(HeaderFields.member)
                if msg.header.message_type is MessageType.method_call and member == (
                    "GetSessionByPID"
                ):
                    self.conn.send(new_method_return(msg, "o", (SESSION,)))
        except Exception:  # closed by the test
            return

    def close(self) -> None:
        import socket

        self.conn.sock.shutdown(socket.SHUT_RDWR)
        self.thread.join(5)
        self.conn.close()


def _emit(address: str, path: str, interface: str, member: str, sig: str, body: Any) -> None:
    from jeepney import DBusAddress, new_signal
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(address) as conn:
        conn.send(new_signal(DBusAddress(path, interface=interface), member, sig, body))
        conn.send_and_get_reply(_ping())  # flushed and delivered before we return


def _ping() -> Any:
    from jeepney import DBusAddress, new_method_call

    bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
    return new_method_call(bus, "GetId")


@pytest.fixture
def bus(desktop_bare: Any) -> Iterator[str]:
    address: str = desktop_bare.vars["DBUS_SESSION_BUS_ADDRESS"]
    yield address


def _wait(seen: list[bool], count: int) -> list[bool]:
    wait_until(f"{count} lock changes", lambda: len(seen) >= count, 5)
    return seen


def test_screensaver_active_changed_says_locked_and_unlocked(bus: str) -> None:
    seen: list[bool] = []
    locks = LockSignals(
        {"DBUS_SESSION_BUS_ADDRESS": bus, "DBUS_SYSTEM_BUS_ADDRESS": ""}, seen.append
    )
    locks.start()
    try:
        kde = ("/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged", "b")
        gnome = ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", "b")
        _emit(bus, *kde, (True,))
        _emit(bus, *gnome, (False,))
        _emit(bus, "/ScreenSaver", "org.freedesktop.ScreenSaver", "SomethingElse", "b", (True,))
        assert _wait(seen, 2) == [True, False]
    finally:
        locks.stop()


def test_logind_locked_hint_on_this_session_says_locked(bus: str) -> None:
    login1 = Login1(bus)
    seen: list[bool] = []
    locks = LockSignals({"DBUS_SYSTEM_BUS_ADDRESS": bus}, seen.append)
    locks.start()
    try:
        props = "org.freedesktop.DBus.Properties"
        iface = "org.freedesktop.login1.Session"
        other = "/org/freedesktop/login1/session/_32"
        _emit(bus, other, props, "PropertiesChanged", "sa{sv}as",
              (iface, {"LockedHint": ("b", False)}, []))  # fmt: skip
        _emit(bus, SESSION, props, "PropertiesChanged", "sa{sv}as",
              (iface, {"Active": ("b", True)}, []))  # fmt: skip
        _emit(bus, SESSION, props, "PropertiesChanged", "sa{sv}as",
              (iface, {"LockedHint": ("b", True)}, []))  # fmt: skip
        assert _wait(seen, 1) == [True]  # only our own session's LockedHint counts
    finally:
        locks.stop()
        login1.close()


def test_a_lock_is_told_as_away_once_the_grace_has_passed_without_the_compositor() -> None:
    clock = Clock()
    source = WaylandIdle(EXT, "wayland-unused", clock=clock, grace=0.2)
    changes: list[IdleChange] = []
    source.watch(changes.append)
    try:
        source.set_locked(True)  # locked at 1000; the lock screen keeps the compositor busy
        wait_until("the lock told as away", lambda: bool(changes), 5)
        assert changes == [IdleChange(1000.0)]
    finally:
        source.close()
