"""X11 idle pushed by SYNC IDLETIME alarms on a real X server: idle after the grace, back on
the first input, and again for the next stretch; the X11 source says it pushes."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from support.waiting import wait_until

from deskbreak.core.ports import IdleChange
from deskbreak.desktop.idle import x11sync
from deskbreak.desktop.idle.x11 import open_x11
from deskbreak.desktop.idle.x11sync import SyncWatch

pytestmark = pytest.mark.desktop


# A busy machine (a second test run beside this one) can take many seconds to start Python
# threads and answer X requests: the waits are for events and end as soon as they come, so
# they are long; what is tested is what arrives and in which order, not how soon.
START = 20.0  # SyncWatch's own timeout: it gives a slow server three times that to set alarms
WAIT = 30.0


def _wait(changes: list[IdleChange], count: int, timeout: float = WAIT) -> list[IdleChange]:
    wait_until(f"{count} idle changes", lambda: len(changes) >= count, timeout)
    return changes


def _started(
    desktop: Any, changes: list[IdleChange], caplog: pytest.LogCaptureFixture
) -> SyncWatch:
    """A watch with a one-second grace, its alarms set (else why, from its debug log)."""
    caplog.set_level(logging.DEBUG, logger="deskbreak.desktop.idle.x11sync")
    desktop.run("xdotool", "mousemove_relative", "--", "3", "3")
    watch = SyncWatch(desktop.display, changes.append, timeout=START, grace=1.0)
    assert watch.start(), caplog.text or "no answer from the X server in time"
    return watch


def test_idle_and_back_arrive_as_alarms_twice_over(
    desktop_bare: Any, caplog: pytest.LogCaptureFixture
) -> None:
    changes: list[IdleChange] = []
    watch = _started(desktop_bare, changes, caplog)
    try:
        for stretch in range(2):
            (idle,) = _wait(changes, 2 * stretch + 1)[2 * stretch :]
            assert idle.back_at is None
            assert time.monotonic() - idle.idle_since >= 1.0
            assert len(changes) == 2 * stretch + 1  # no "back" without input
            desktop_bare.run("xdotool", "mousemove_relative", "--", "3", "3")
            back = _wait(changes, 2 * stretch + 2)[2 * stretch + 1]
            assert back.idle_since == idle.idle_since and back.back_at is not None
            assert back.stretch is not None and back.stretch >= 1.0
    finally:
        watch.stop()


def test_the_x11_source_pushes_where_the_server_has_sync(desktop_bare: Any) -> None:
    source = open_x11({"DISPLAY": desktop_bare.display}, 2.0)
    assert source is not None
    try:
        assert source.watch(lambda change: None) is True
    finally:
        source.close()


def test_the_x11_probe_gives_its_alarm_the_grace_it_is_given(desktop_bare: Any) -> None:
    changes: list[IdleChange] = []
    desktop_bare.run("xdotool", "mousemove_relative", "--", "3", "3")
    source = open_x11({"DISPLAY": desktop_bare.display}, 2.0, 1.5)
    assert source is not None
    try:
        started = time.monotonic()
        assert source.watch(changes.append) is True
        (idle,) = _wait(changes, 1)  # the default grace (a minute) would not be told in 30 s
        assert idle.back_at is None and time.monotonic() - idle.idle_since >= 1.5
        assert time.monotonic() - started < WAIT  # not the default grace (a minute)
    finally:
        source.close()


def test_input_on_a_locked_screen_is_no_return_and_the_unlock_is(
    desktop_bare: Any, caplog: pytest.LogCaptureFixture
) -> None:
    changes: list[IdleChange] = []
    watch = _started(desktop_bare, changes, caplog)
    try:
        # one source at a time, so no two changes race: the idle alarm first, then the lock
        (idle,) = _wait(changes, 1)
        watch.set_locked(True)
        assert _wait(changes, 2)[1] == idle  # the lock's grace tells the same absence again
        desktop_bare.run("xdotool", "mousemove_relative", "--", "3", "3")  # on the lock screen
        # the input was seen (the idle alarm is armed again and fires a second later), yet
        # the user is still away: the next change is the same absence, not a return
        again = _wait(changes, 3)[2]
        assert again == IdleChange(idle.idle_since) and watch.idle_seconds() >= 1.0
        watch.set_locked(False)
        back = _wait(changes, 4)[3]
        assert back.idle_since == idle.idle_since and back.back_at is not None
        assert len(changes) == 4
    finally:
        watch.stop()


def test_alarms_set_after_start_gave_up_never_tell(
    desktop_bare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server too slow for `start` (here held by another client's grab) is polled by the
    caller instead; when it answers at last, the watch closes without setting its alarms
    going, so no second source tells the same absence."""
    from Xlib import display as xdisplay

    monkeypatch.setattr(x11sync, "START_WAIT", 0.5)
    changes: list[IdleChange] = []
    before = set(threading.enumerate())
    holder = xdisplay.Display(desktop_bare.display)
    holder.grab_server()
    holder.sync()
    try:
        watch = SyncWatch(desktop_bare.display, changes.append, timeout=0.1, grace=1.0)
        assert watch.start() is False
        (thread,) = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        assert thread.name == "deskbreak-idle-x11-sync"
    finally:
        holder.ungrab_server()
        holder.close()
    wait_until("the watch to end once the server answers", lambda: not thread.is_alive(), WAIT)
    assert changes == []
