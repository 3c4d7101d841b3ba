"""Resume from suspend wakes the timer: logind's PrepareForSleep(false) on a private bus
standing in for the system bus."""

from __future__ import annotations

import logging
import threading

import pytest
from harness.desktop import Desktop
from jeepney import DBusAddress, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

from deskbreak.daemon.sleepwatch import LOGIN1, MANAGER, PATH, SleepWatch

pytestmark = pytest.mark.desktop


def test_resume_signal_calls_back_and_sleep_does_not(
    desktop_bare: Desktop, monkeypatch: pytest.MonkeyPatch
) -> None:
    bus = desktop_bare.env["DBUS_SESSION_BUS_ADDRESS"]
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus)
    resumed = threading.Event()
    calls: list[int] = []

    def on_resume() -> None:
        calls.append(1)
        resumed.set()

    watch = SleepWatch(on_resume)
    watch.start()
    assert watch.listening(5)
    logind = open_dbus_connection(bus="SYSTEM")
    try:
        logind.send_and_get_reply(message_bus.RequestName(LOGIN1))
        address = DBusAddress(PATH, interface=MANAGER)
        logind.send(new_signal(address, "PrepareForSleep", "b", (True,)))
        logind.send(new_signal(address, "PrepareForSleep", "b", (False,)))
        assert resumed.wait(5)
        assert calls == [1]  # going to sleep is not a resume
    finally:
        logind.close()
        watch.stop()


def test_without_a_system_bus_it_says_so_and_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    watch = SleepWatch(lambda: None, timeout=1.0)
    watch.start()
    assert watch.listening(5) is False
    watch.stop()


def test_without_a_system_bus_the_log_names_where_it_looked(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    caplog.set_level(logging.INFO, logger="deskbreak.daemon.sleepwatch")
    watch = SleepWatch(lambda: None, timeout=1.0)
    watch.start()
    assert watch.listening(5) is False
    watch.stop()
    assert "not watching for resume from suspend: no system bus at /nonexistent/bus" in caplog.text
