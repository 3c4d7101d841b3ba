"""Mutter's idle and user-active watches push idle and back, against a stand-in Mutter.

The stand-in IdleMonitor on a private bus hands out watch ids and sends WatchFired to the
watcher, as Mutter does; the GNOME source turns the idle watch into "idle since a minute
ago" and the one-shot active watch into "back", and while the screen shield is up input on
the lock screen re-arms the active watch instead of bringing the user back.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from support.waiting import wait_until

from deskbreak.core.ports import IdleChange
from deskbreak.desktop.idle.gnome import (
    LOCKER_NAME,
    LOCKER_PATH,
    MUTTER_NAME,
    MUTTER_PATH,
    open_gnome,
)


class Mutter:
    """Answers GetIdletime, AddIdleWatch (id 1), AddUserActiveWatch (ids 2, 3, ...) and
    the shield's GetActive; `fire(id)` sends WatchFired(id) to the watcher."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.locked = False
        self.calls: list[str] = []
        self._fires: queue.Queue[int] = queue.Queue()
        self._watcher: str | None = None
        self._next_active = 2
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Mutter:
        self._thread.start()
        assert self._ready.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def fire(self, watch: int) -> None:
        self._fires.put(watch)

    def _serve(self) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        with open_dbus_connection(bus=self.address) as conn:
            for name in (MUTTER_NAME, LOCKER_NAME):
                conn.send_and_get_reply(message_bus.RequestName(name), timeout=5)
            self._ready.set()
            while not self._stop.is_set():
                self._send_fires(conn)
                try:
                    msg = conn.receive(timeout=0.02)
                except TimeoutError:
                    continue
                self._answer(conn, msg)

    def _send_fires(self, conn: Any) -> None:
        from jeepney import DBusAddress, HeaderFields, new_signal

        while not self._fires.empty():
            watch = self._fires.get()
            where = DBusAddress(MUTTER_PATH, interface=MUTTER_NAME)
            signal = new_signal(where, "WatchFired", "u", (watch,))
            assert self._watcher is not None
            signal.header.fields[HeaderFields.destination] = self._watcher  # unicast, as Mutter
            conn.send(signal)

    def _answer(self, conn: Any, msg: Any) -> None:
        from jeepney import HeaderFields, MessageType, new_method_return

        if msg.header.message_type is not MessageType.method_call:
            return
        member = msg.header.fields[HeaderFields.member]
        self.calls.append(member)
        if member == "GetIdletime":
            conn.send(new_method_return(msg, "t", (0,)))
        elif member == "AddIdleWatch":
            self._watcher = msg.header.fields[HeaderFields.sender]
            assert msg.body[0] in (60_000, 500)
            conn.send(new_method_return(msg, "u", (1,)))
        elif member == "AddUserActiveWatch":
            conn.send(new_method_return(msg, "u", (self._next_active,)))
            self._next_active += 1
        elif member == "GetActive":
            conn.send(new_method_return(msg, "b", (self.locked,)))


@pytest.fixture
def bus(desktop_bare: Any) -> Iterator[str]:
    address: str = desktop_bare.vars["DBUS_SESSION_BUS_ADDRESS"]
    yield address


def _wait(changes: list[IdleChange], count: int) -> list[IdleChange]:
    wait_until(f"{count} idle changes", lambda: len(changes) >= count, 5)
    return changes


def _watches(mutter: Mutter, count: int) -> None:
    """Wait until the source has set `count` active watches."""
    wait_until(
        f"{count} active watches", lambda: mutter.calls.count("AddUserActiveWatch") >= count, 5
    )


def test_mutter_watches_push_idle_then_back(bus: str) -> None:
    with Mutter(bus) as mutter:
        source = open_gnome({"DBUS_SESSION_BUS_ADDRESS": bus}, 1.0)
        assert source is not None and source.name == "mutter"
        changes: list[IdleChange] = []
        try:
            assert source.watch(changes.append) is True
            went = time.monotonic()
            mutter.fire(1)
            (idle,) = _wait(changes, 1)
            assert idle.back_at is None
            assert idle.idle_since == pytest.approx(went - 60, abs=1.0)
            mutter.fire(2)  # the active watch the source set after going idle
            back = _wait(changes, 2)[1]
            assert back.idle_since == idle.idle_since and back.back_at is not None
            assert "AddUserActiveWatch" in mutter.calls
        finally:
            source.close()


def test_input_on_the_lock_screen_rearms_the_active_watch(bus: str) -> None:
    with Mutter(bus) as mutter:
        source = open_gnome({"DBUS_SESSION_BUS_ADDRESS": bus}, 1.0)
        assert source is not None
        changes: list[IdleChange] = []
        try:
            assert source.watch(changes.append)
            mutter.fire(1)
            _wait(changes, 1)
            mutter.locked = True
            mutter.fire(2)  # someone touched the lock screen
            _watches(mutter, 2)
            assert mutter.calls.count("AddUserActiveWatch") == 2 and len(changes) == 1
            mutter.locked = False
            mutter.fire(3)  # the re-armed watch, after the unlock
            assert _wait(changes, 2)[1].back_at is not None
        finally:
            source.close()


def test_the_shield_coming_up_is_away_from_that_moment(bus: str) -> None:
    from jeepney import DBusAddress, new_signal
    from jeepney.io.blocking import open_dbus_connection

    from deskbreak.desktop.idle.mutterwatch import MutterWatch

    with Mutter(bus) as mutter:
        changes: list[IdleChange] = []
        watch = MutterWatch(bus, changes.append, locked=lambda: mutter.locked, grace=0.5)
        assert watch.start()
        try:
            mutter.locked = True
            locked_at = time.monotonic()
            with open_dbus_connection(bus) as conn:
                shield = DBusAddress(LOCKER_PATH, interface=LOCKER_NAME)
                conn.send(new_signal(shield, "ActiveChanged", "b", (True,)))
            (away,) = _wait(changes, 1)  # after the grace, with no idle watch firing at all
            assert away.back_at is None
            assert away.idle_since == pytest.approx(locked_at, abs=0.5)
            mutter.fire(2)  # lock-screen input: the active watch set at the lock
            _watches(mutter, 2)
            assert len(changes) == 1
            mutter.locked = False
            mutter.fire(3)
            back = _wait(changes, 2)[1]
            assert back.idle_since == away.idle_since and back.back_at is not None
        finally:
            watch.stop()


def test_the_source_stays_away_since_the_lock_whatever_mutter_says(bus: str) -> None:
    from jeepney import DBusAddress, new_signal
    from jeepney.io.blocking import open_dbus_connection

    with Mutter(bus) as mutter:
        source = open_gnome({"DBUS_SESSION_BUS_ADDRESS": bus}, 1.0)
        assert source is not None
        try:
            assert source.watch(lambda change: None)
            mutter.locked = True
            with open_dbus_connection(bus) as conn:
                shield = DBusAddress(LOCKER_PATH, interface=LOCKER_NAME)
                conn.send(new_signal(shield, "ActiveChanged", "b", (True,)))
            _watches(mutter, 1)  # the shield seen: an active watch is set at the lock
            time.sleep(0.3)  # time passing is what is measured here
            # Mutter says 0 ms (the lock screen was poked), and this is the first look since
            # the lock: still away for the whole time since the shield came up
            idle = source.idle_seconds()
            assert idle is not None and idle >= 0.3
        finally:
            source.close()
