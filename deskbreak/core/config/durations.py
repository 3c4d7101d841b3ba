"""Durations written the way people write them: "90s", "5m", "1h30m", "off".

Owns parsing and formatting of duration strings for the config, the CLI and
IPC. Core module: standard library only.
"""

from __future__ import annotations

import re
from datetime import timedelta

_PART = re.compile(r"(\d+)\s*(h|m|s)")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[hms]\s*)+$")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_ORDER = "hms"
# A week is far beyond any sane reminder setting; larger numbers are typos.
MAX_SECONDS = 7 * 24 * 3600


class DurationError(ValueError):
    """A duration string that could not be read; the message says why."""


def parse_duration(text: str) -> timedelta:
    """Parse "1h30m" style text into a timedelta (units h, m, s, largest first)."""
    if not isinstance(text, str):
        raise DurationError('expected a duration string such as "45m"')
    cleaned = text.strip().lower()
    if not cleaned:
        raise DurationError('empty duration; write it with units, e.g. "45m" or "1h30m"')
    if cleaned.isdigit():
        raise DurationError(f'"{text}" has no unit; write e.g. "{cleaned}m" or "{cleaned}s"')
    if not _WHOLE.match(cleaned):
        raise DurationError(f'"{text}" is not a duration; use h, m and s, e.g. "90s", "1h30m"')
    parts = _PART.findall(cleaned)
    units = [unit for _, unit in parts]
    if len(set(units)) != len(units) or units != sorted(units, key=_ORDER.index):
        raise DurationError(
            f'"{text}" repeats or reorders units; write hours, then minutes, then seconds'
        )
    seconds = 0
    for number, unit in parts:
        if len(number) > 7:
            raise DurationError(f'"{text}" is far too long')
        seconds += int(number) * _UNIT_SECONDS[unit]
    if seconds > MAX_SECONDS:
        raise DurationError(f'"{text}" is longer than a week')
    return timedelta(seconds=seconds)


def parse_optional(text: str) -> timedelta | None:
    """Like parse_duration, but "off" gives None (a feature switched off)."""
    if isinstance(text, str) and text.strip().lower() == "off":
        return None
    return parse_duration(text)


def format_duration(value: timedelta | None) -> str:
    """The inverse of parse_optional: "1h30m", "90s" → "1m30s", None → "off"."""
    if value is None:
        return "off"
    total = int(value.total_seconds())
    if total == 0:
        return "0s"
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    out = ""
    if hours:
        out += f"{hours}h"
    if minutes:
        out += f"{minutes}m"
    if seconds:
        out += f"{seconds}s"
    return out


def human(value: timedelta) -> str:
    """Short human text for messages: "4 min", "1 h 30 min", "45 s"."""
    total = round(value.total_seconds())
    if total < 60:
        return f"{total} s"
    minutes, seconds = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if seconds and not hours:
        parts.append(f"{seconds} s")
    return " ".join(parts)
