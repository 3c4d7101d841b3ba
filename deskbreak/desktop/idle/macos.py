"""Idle time on macOS: Quartz through ctypes, `ioreg` as the fallback.

Owns the macOS sources. The preferred one calls CoreGraphics'
`CGEventSourceSecondsSinceLastEventType(combined session state, any input)`
through ctypes: no subprocess per probe. Where that library can't be loaded,
`ioreg -c IOHIDSystem` is run with a timeout and its HIDIdleTime parsed by
`deskbreak.desktop.idle.parse`. Edge module: imports ctypes and subprocess only when
a source is opened or probed; nothing from deskbreak but `idle.parse`.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Mapping

from deskbreak.core.ports import IdleChange
from deskbreak.desktop.idle.parse import hid_idle_seconds

log = logging.getLogger(__name__)

CORE_GRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
_COMBINED_SESSION_STATE = 0  # kCGEventSourceStateCombinedSessionState
_ANY_INPUT_EVENT = 0xFFFFFFFF  # kCGAnyInputEventType


class QuartzIdle:
    """Seconds since the last input event, as the window server counts them."""

    name = "macos"

    def __init__(self, seconds_since_input: Callable[[], float]) -> None:
        self._read = seconds_since_input

    def idle_seconds(self) -> float | None:
        try:
            seconds = float(self._read())
        except (OSError, ValueError) as exc:
            log.debug("Quartz idle read failed: %s", exc)
            return None
        return seconds if seconds >= 0 else None

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        """Polled: there is no idle notification to listen to."""
        return False

    def close(self) -> None:
        """Nothing to release: the library stays loaded for the process."""


class IoregIdle:
    """HIDIdleTime from `ioreg`, one bounded subprocess per probe."""

    name = "macos-ioreg"

    def __init__(self, *, timeout: float = 1.0, command: tuple[str, ...] | None = None) -> None:
        self.timeout = timeout
        self.command = command or ("ioreg", "-c", "IOHIDSystem", "-d", "4")

    def idle_seconds(self) -> float | None:
        try:
            done = subprocess.run(
                self.command, capture_output=True, text=True, timeout=self.timeout, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.debug("ioreg failed: %s", exc)
            return None
        return hid_idle_seconds(done.stdout) if done.returncode == 0 else None

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        """Polled: there is no idle notification to listen to."""
        return False

    def close(self) -> None:
        """Nothing is kept open between probes."""


def quartz_reader() -> Callable[[], float] | None:
    """CGEventSourceSecondsSinceLastEventType bound through ctypes, or None."""
    import ctypes

    try:
        library = ctypes.CDLL(CORE_GRAPHICS)
        function = library.CGEventSourceSecondsSinceLastEventType
    except (OSError, AttributeError) as exc:
        log.debug("CoreGraphics not available: %s", exc)
        return None
    function.argtypes = [ctypes.c_int32, ctypes.c_uint32]
    function.restype = ctypes.c_double

    def read() -> float:
        return float(function(_COMBINED_SESSION_STATE, _ANY_INPUT_EVENT))

    return read


def open_macos(env: Mapping[str, str], timeout: float) -> QuartzIdle | IoregIdle | None:
    """Quartz when it loads and answers, else ioreg when it answers."""
    reader = quartz_reader()
    if reader is not None:
        quartz = QuartzIdle(reader)
        if quartz.idle_seconds() is not None:
            return quartz
    fallback = IoregIdle(timeout=timeout)
    return fallback if fallback.idle_seconds() is not None else None
