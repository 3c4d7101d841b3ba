"""The real clocks: wall time in the local zone, monotonic and boot time.

Owns reading the OS clocks into an `Observation` for the engine. On Linux
CLOCK_BOOTTIME keeps counting during suspend while CLOCK_MONOTONIC stops, so
their difference grows by exactly the time asleep; elsewhere the engine falls
back to spotting late wake-ups. Edge module: imports tzlocal lazily.
"""

from __future__ import annotations

import time
from datetime import datetime, tzinfo

from deskbreak.core.engine.effects import Observation


def local_zone() -> tzinfo:
    """The local time zone as a zoneinfo zone (honours TZ), for DST-correct arithmetic."""
    import tzlocal

    zone: tzinfo = tzlocal.get_localzone()
    return zone


def boot_seconds() -> float | None:
    clock = getattr(time, "CLOCK_BOOTTIME", None)
    if clock is None:
        return None
    try:
        return time.clock_gettime(clock)
    except OSError:
        return None


def observe(tz: tzinfo, idle: float | None) -> Observation:
    return Observation(datetime.now(tz), time.monotonic(), boot_seconds(), idle)
