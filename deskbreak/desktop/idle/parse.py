"""Pure readers of what the operating systems report about input idleness.

Owns the arithmetic and text parsing behind the idle sources: the macOS
`ioreg -c IOHIDSystem` output (HIDIdleTime in nanoseconds), the Windows
GetTickCount/GetLastInputInfo subtraction with its 32-bit wrap-around, and how
the session environment names the display server. Core module: standard
library only; it must not import ctypes, Xlib, jeepney or any other edge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

_HID_IDLE = re.compile(r'"HIDIdleTime"\s*=\s*(\d+)')
_TICK_MODULUS = 1 << 32
_TICK_HALF = 1 << 31


class Session(StrEnum):
    """The kind of graphical session a Unix desktop runs."""

    X11 = "x11"
    WAYLAND = "wayland"
    NONE = "none"  # no display at all: a console or a service


def hid_idle_seconds(ioreg_output: str) -> float | None:
    """Seconds since the last input from `ioreg -c IOHIDSystem` output, or None.

    A machine may list more than one IOHIDSystem entry; the smallest idle time
    is the most recent input, so that one wins.
    """
    values = [int(raw) for raw in _HID_IDLE.findall(ioreg_output)]
    if not values:
        return None
    return min(values) / 1_000_000_000


def tick_idle_ms(now_ticks: int, last_input_ticks: int) -> int:
    """Milliseconds between two 32-bit Windows tick counts, across wrap-around.

    GetTickCount wraps to zero every 49.7 days, so the difference is taken
    modulo 2**32. A last-input tick a little *ahead* of now (input arriving
    between the two calls) would read as ~49 days; anything past half the
    range is that race, and reads as zero.
    """
    elapsed = (now_ticks - last_input_ticks) % _TICK_MODULUS
    return 0 if elapsed >= _TICK_HALF else elapsed


def session_type(env: Mapping[str, str]) -> Session:
    """Which display server the session in `env` uses, as far as it says."""
    declared = env.get("XDG_SESSION_TYPE", "").strip().lower()
    if declared in (Session.WAYLAND, Session.X11):
        return Session(declared)
    if env.get("WAYLAND_DISPLAY"):
        return Session.WAYLAND
    if env.get("DISPLAY"):
        return Session.X11
    return Session.NONE
