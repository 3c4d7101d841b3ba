"""Idle time on Windows from `GetLastInputInfo` through ctypes.

Owns the Windows source: the tick of the last input (LASTINPUTINFO.dwTime)
subtracted from `GetTickCount()`, both 32-bit, with the wrap-around handled by
the pure `deskbreak.desktop.idle.parse.tick_idle_ms`. Edge module: imports ctypes only
when a source is opened; nothing from deskbreak but `idle.parse`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from deskbreak.core.ports import IdleChange
from deskbreak.desktop.idle.parse import tick_idle_ms

log = logging.getLogger(__name__)

# (now ticks, last-input ticks), or None when the call failed
TickReader = Callable[[], tuple[int, int] | None]


class WindowsIdle:
    """Seconds since the last keyboard or mouse input in this session."""

    name = "windows"

    def __init__(self, read_ticks: TickReader) -> None:
        self._read = read_ticks

    def idle_seconds(self) -> float | None:
        try:
            ticks = self._read()
        except OSError as exc:
            log.debug("GetLastInputInfo failed: %s", exc)
            return None
        if ticks is None:
            return None
        now, last_input = ticks
        return tick_idle_ms(now, last_input) / 1000

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        """Polled: there is no idle notification to listen to."""
        return False

    def close(self) -> None:
        """Nothing to release."""


def tick_reader() -> TickReader | None:
    """GetTickCount and GetLastInputInfo bound through ctypes, or None."""
    import ctypes

    loader = getattr(ctypes, "windll", None)  # only exists on Windows
    if loader is None:
        return None

    class LastInputInfo(ctypes.Structure):
        _fields_ = (("cbSize", ctypes.c_uint32), ("dwTime", ctypes.c_uint32))

    get_last_input = loader.user32.GetLastInputInfo
    get_last_input.argtypes = [ctypes.POINTER(LastInputInfo)]
    get_last_input.restype = ctypes.c_int
    get_tick_count = loader.kernel32.GetTickCount
    get_tick_count.restype = ctypes.c_uint32

    def read() -> tuple[int, int] | None:
        info = LastInputInfo(ctypes.sizeof(LastInputInfo), 0)
        if not get_last_input(ctypes.byref(info)):
            return None
        # Read the clock *after* the last input, so now >= last except across a wrap.
        return int(get_tick_count()), int(info.dwTime)

    return read


def open_windows(env: Mapping[str, str], timeout: float) -> WindowsIdle | None:
    reader = tick_reader()
    if reader is None:
        return None
    source = WindowsIdle(reader)
    return source if source.idle_seconds() is not None else None
