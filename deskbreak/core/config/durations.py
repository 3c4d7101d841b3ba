"""Durations written the way people write them: "90s", "5m", "1h30m", "off".

Owns parsing and formatting of duration strings for the config, the CLI and
IPC. The messages of `DurationError` are translated; the strings `format_duration` writes
are config values and are not. Core module: standard library only.
"""

from __future__ import annotations

import re
from datetime import timedelta

from deskbreak.core.i18n import _, duration_text

_PART = re.compile(r"(\d+)\s*(h|m|s)")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[hms]\s*)+$")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_ORDER = "hms"
# A week is far beyond any sane reminder setting; larger numbers are typos.
MAX_SECONDS = 7 * 24 * 3600


class DurationError(ValueError):
    """A duration string that could not be read: `problem` says what, `fix` how to write it."""

    def __init__(self, problem: str, fix: str = "") -> None:
        super().__init__(_("{problem}; {fix}").format(problem=problem, fix=fix) if fix else problem)
        self.problem = problem
        self.fix = fix


def parse_duration(text: str) -> timedelta:
    """Parse "1h30m" style text into a timedelta (units h, m, s, largest first)."""
    if not isinstance(text, str):
        raise DurationError(_('expected a duration string such as "45m"'))
    cleaned = text.strip().lower()
    if not cleaned:
        raise DurationError(_("empty duration"), _('write it with units, e.g. "45m" or "1h30m"'))
    if cleaned.isdigit():
        raise DurationError(
            # Translators: {text} is what the user typed, e.g. 45.
            _('"{text}" has no unit').format(text=text),
            # Translators: {minutes} and {seconds} are config values such as 45m and 45s.
            _('write e.g. "{minutes}" or "{seconds}"').format(
                minutes=f"{cleaned}m", seconds=f"{cleaned}s"
            ),
        )
    if not _WHOLE.match(cleaned):
        raise DurationError(
            _('"{text}" is not a duration').format(text=text),
            _('use h, m and s, e.g. "90s", "1h30m"'),
        )
    parts = _PART.findall(cleaned)
    units = [unit for _n, unit in parts]
    if len(set(units)) != len(units) or units != sorted(units, key=_ORDER.index):
        raise DurationError(
            _('"{text}" repeats or reorders units').format(text=text),
            _("write hours, then minutes, then seconds"),
        )
    seconds = 0
    for number, unit in parts:
        if len(number) > 7:
            raise DurationError(_('"{text}" is far too long').format(text=text))
        seconds += int(number) * _UNIT_SECONDS[unit]
    if seconds > MAX_SECONDS:
        raise DurationError(_('"{text}" is longer than a week').format(text=text))
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
    """Short text for messages, in the chosen language: "4 min", "1 h 30 min", "45 s"."""
    return duration_text(value.total_seconds())
