"""X11 SYNC alarms on the IDLETIME counter: the X server says when the user goes idle and back.

Owns the few SYNC extension requests python-xlib does not carry (Initialize,
ListSystemCounters, CreateAlarm, ChangeAlarm, and the AlarmNotify event), written with
python-xlib's own protocol toolkit, and a watcher that keeps two alarms on its own X
connection and thread: one that fires when IDLETIME reaches the grace (IDLE_GRACE unless
given another: "idle since a minute ago"), and one that fires when IDLETIME falls again
(input: "back"); a locked screen (`set_locked`) is away until the unlock, whatever the
lock screen sees. Nothing is polled: the thread blocks on its socket until the server
sends an alarm or `stop` shuts it. Edge module: imports python-xlib only when a watcher
starts.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from deskbreak import threads
from deskbreak.core.engine.timekeeping import IDLE_GRACE
from deskbreak.core.ports import IdleChange
from deskbreak.desktop.idle.absence import Absence

log = logging.getLogger(__name__)

EXTENSION = "SYNC"
POSITIVE_COMPARISON, NEGATIVE_TRANSITION = 2, 1
ALL_FIELDS = 0x3F  # counter, value type, value, test type, delta, events
ALARM_NOTIFY = 1  # event offset from the extension's first event


def _protocol() -> dict[str, Any]:
    """The request and event classes, built on first use (python-xlib imported here)."""
    from Xlib.protocol import rq

    def alarm(opcode: int) -> Any:
        class Alarm(rq.Request):  # type: ignore[misc]  # Create (8), Change (9): one layout
            _request = rq.Struct(
                rq.Card8("opcode"), rq.Opcode(opcode), rq.RequestLength(),
                rq.Card32("alarm"), rq.Card32("mask"), rq.Card32("counter"),
                rq.Card32("value_type"), rq.Int32("value_hi"), rq.Card32("value_lo"),
                rq.Card32("test_type"), rq.Int32("delta_hi"), rq.Card32("delta_lo"),
                rq.Card32("events"),
            )  # fmt: skip

        return Alarm

    class Initialize(rq.ReplyRequest):  # type: ignore[misc]
        _request = rq.Struct(rq.Card8("opcode"), rq.Opcode(0), rq.RequestLength(),
                             rq.Card8("major"), rq.Card8("minor"), rq.Pad(2))  # fmt: skip
        _reply = rq.Struct(rq.ReplyCode(), rq.Pad(1), rq.Card16("sequence_number"),
                           rq.ReplyLength(), rq.Card8("major"), rq.Card8("minor"),
                           rq.Pad(22))  # fmt: skip

    class ListSystemCounters(rq.ReplyRequest):  # type: ignore[misc]
        _request = rq.Struct(rq.Card8("opcode"), rq.Opcode(1), rq.RequestLength())
        _reply = rq.Struct(rq.ReplyCode(), rq.Pad(1), rq.Card16("sequence_number"),
                           rq.ReplyLength(), rq.Card32("count"), rq.Pad(20),
                           rq.String8("data"))  # fmt: skip

    class AlarmNotify(rq.Event):  # type: ignore[misc]
        _code = None
        _fields = rq.Struct(
            rq.Card8("type"), rq.Card8("kind"), rq.Card16("sequence_number"),
            rq.Card32("alarm"), rq.Int32("counter_hi"), rq.Card32("counter_lo"),
            rq.Int32("value_hi"), rq.Card32("value_lo"), rq.Card32("time"),
            rq.Card8("state"), rq.Pad(3),
        )  # fmt: skip

    return {"init": Initialize, "list": ListSystemCounters, "create": alarm(8),
            "change": alarm(9), "notify": AlarmNotify}  # fmt: skip


def idletime_counter(data: bytes, count: int) -> int | None:
    """The IDLETIME counter's id in a ListSystemCounters reply body, or None."""
    offset = 0
    for _ in range(count):
        if offset + 14 > len(data):
            return None
        counter, _hi, _lo, length = struct.unpack_from("=IiIH", data, offset)
        name = data[offset + 14 : offset + 14 + length]
        if name == b"IDLETIME":
            return int(counter)
        offset += (14 + length + 3) & ~3
    return None


# Seconds `start` waits, at most, for a slow server to set the alarms.
START_WAIT = 10.0


class SyncWatch:
    """Idle and back from IDLETIME alarms on display `name`, as IdleChanges."""

    def __init__(
        self,
        name: str,
        on_change: Callable[[IdleChange], None],
        *,
        timeout: float = 1.0,
        grace: float = IDLE_GRACE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._name = name
        self._grace = grace
        self._on_change = on_change
        self._timeout = timeout
        self._clock = clock
        self._sock: socket.socket | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._ok = False
        self._abandoned = False  # `start` gave up waiting: the thread ends without telling
        self._absence = Absence()
        self._proto: dict[str, Any] = {}
        self._major = self._counter = 0

    def start(self) -> bool:
        """Set the alarms; False when the server has no SYNC or no IDLETIME counter. A server
        without them says so at once; one that answers slowly (a busy machine at login) is
        given up to START_WAIT s, as the source has just read it, so it is not frozen. One that
        answers later still is left to the caller's polling: the watch ends without telling."""
        threads.make("deskbreak-idle-x11-sync", self._run).start()
        answered = self._ready.wait(max(self._timeout * 3, START_WAIT))
        with self._lock:
            if not answered:  # the caller polls instead: alarms set later must not also tell
                self._abandoned = True
            return self._ok

    def idle_seconds(self) -> float:
        """Seconds away as the alarms (and the lock) tell it; 0 until the first alarm."""
        return self._absence.idle_seconds(self._clock())

    def set_locked(self, locked: bool) -> None:
        """A locked screen is away until the unlock, which tells the whole stretch."""
        self._tell(self._absence.set_locked(locked, self._clock()))
        since = self._absence.since()
        if locked and since is not None:  # tell the engine once the grace has passed
            threads.later(
                self._grace, "deskbreak-idle-grace", lambda: self._tell(self._absence.still(since))
            )

    def stop(self) -> None:
        if self._sock is not None:  # wakes the blocked read: it fails and the thread ends
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    def _run(self) -> None:
        display: Any = None
        try:
            from Xlib import display as xdisplay

            display = xdisplay.Display(self._name)
            alarms = self._arm(display)
            with self._lock:
                if alarms is None or self._abandoned:
                    return  # no SYNC here, or armed too late: the connection closes
                self._ok = True
                self._sock = display.display.socket
            self._ready.set()
            self._loop(display, *alarms)
        except Exception as exc:  # closed by stop, or the server went away
            log.debug("X11 SYNC watch on %r ended: %s", self._name, exc)
        finally:
            self._ready.set()
            if display is not None:
                with contextlib.suppress(Exception):
                    display.close()

    def _arm(self, display: Any) -> tuple[int, int] | None:
        """Create the two alarms; their ids, or None without SYNC or IDLETIME."""
        info = display.query_extension(EXTENSION)
        if info is None:
            return None
        self._proto, self._major = _protocol(), info.major_opcode
        self._proto["init"](display=display.display, opcode=self._major, major=3, minor=1)
        listed = self._proto["list"](display=display.display, opcode=self._major)
        counter = idletime_counter(listed.data.encode("latin1"), listed.count)
        if counter is None:
            return None
        self._counter = counter
        display.extension_add_event(info.first_event + ALARM_NOTIFY, self._proto["notify"])
        new_id = display.display.allocate_resource_id
        idle_alarm, back_alarm = new_id(), new_id()
        grace = int(self._grace * 1000)
        self._set(display, "create", idle_alarm, grace, POSITIVE_COMPARISON)
        # parked far out (IDLETIME never falls from 2^30 ms) until the user is idle
        self._set(display, "create", back_alarm, 1 << 30, NEGATIVE_TRANSITION)
        display.sync()
        return idle_alarm, back_alarm

    def _loop(self, display: Any, idle_alarm: int, back_alarm: int) -> None:
        grace = int(self._grace * 1000)
        while True:
            alarm = getattr(display.next_event(), "alarm", None)
            if alarm == idle_alarm:
                self._tell(self._absence.idled(self._clock() - self._grace))
                # fire on the first input: IDLETIME falling below the grace again
                self._set(display, "change", back_alarm, grace - 1, NEGATIVE_TRANSITION)
            elif alarm == back_alarm:  # input; on a lock screen the user stays away
                self._tell(self._absence.resumed(self._clock()))
                self._set(display, "change", idle_alarm, grace, POSITIVE_COMPARISON)
            display.flush()

    def _set(self, display: Any, kind: str, alarm: int, value: int, test: int) -> None:
        self._proto[kind](display=display.display, opcode=self._major, alarm=alarm,
                          mask=ALL_FIELDS, counter=self._counter, value_type=0, value_hi=0,
                          value_lo=value, test_type=test, delta_hi=0, delta_lo=0,
                          events=1)  # fmt: skip

    def _tell(self, change: IdleChange | None) -> None:
        if change is None:
            return
        try:
            self._on_change(change)
        except Exception:  # a failing listener must not end the watch
            log.exception("idle listener failed")
