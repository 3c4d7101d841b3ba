"""The clock vocabulary of config checking: clock times, hour ranges and weekday names.

Reads "08:30" (or a TOML local time), "09:00-12:30" and "mon" / "monday" / "weekdays"
for [schedule.hours] and [[reminders]], each problem recorded on the `Checker` like every
other. Core module: standard library and core config modules only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from deskbreak.core.config.checks import Checker, did_you_mean, show, suggest
from deskbreak.core.config.model import DAYS, TimeRange
from deskbreak.core.i18n import _

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_RANGE_DASH = re.compile(r"\s*[-–—]\s*")
DAY_GROUPS: Mapping[str, tuple[int, ...]] = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "every day": (0, 1, 2, 3, 4, 5, 6),
}
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def clock(check: Checker, value: object, path: str, *, end: bool = False) -> int | None:
    """ "HH:MM" (or a TOML local time) as minutes after midnight; 24:00 only as an end."""
    if isinstance(value, dt.time) and not isinstance(value, dt.datetime):
        if value.second or value.microsecond or value.tzinfo:
            check.add(
                path,
                _("{value} has seconds or a time zone").format(value=value),
                # Translators: HH:MM is how a time is written in the config; keep it.
                _('write "HH:MM", e.g. "08:30"'),
            )
            return None
        return value.hour * 60 + value.minute
    if not isinstance(value, str):
        check.wrong_type(path, value, _('a time "HH:MM"'), _('write it in quotes, e.g. "08:30"'))
        return None
    return _clock_text(check, value, path, end=end)


def _clock_text(check: Checker, value: str, path: str, *, end: bool) -> int | None:
    match = _CLOCK.match(value.strip())
    if not match:
        check.add(
            path,
            _("{value} is not a time").format(value=show(value)),
            _('write "HH:MM" on the 24-hour clock, e.g. "08:30"'),
        )
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if end and (hours, minutes) == (24, 0):
        return 1440
    if hours > 23 or minutes > 59:
        last = "24:00" if end else "23:59"
        check.add(
            path,
            _("{value} is not a time of day").format(value=show(value)),
            _('use "00:00" to "{last}"').format(last=last),
        )
        return None
    return hours * 60 + minutes


def time_range(check: Checker, value: object, path: str) -> TimeRange | None:
    """ "09:00-12:30" as a TimeRange that ends after it starts."""
    if not isinstance(value, str):
        check.wrong_type(
            path,
            value,
            _('a range "HH:MM-HH:MM"'),
            _('write it in quotes, e.g. "09:00-12:30"'),
        )
        return None
    parts = _RANGE_DASH.split(value.strip())
    if len(parts) != 2:
        check.add(
            path,
            _("{value} is not a time range").format(value=show(value)),
            _('write "HH:MM-HH:MM", e.g. "09:00-12:30"'),
        )
        return None
    start = _clock_text(check, parts[0], path, end=False)
    end = _clock_text(check, parts[1], path, end=True)
    if start is None or end is None:
        return None
    if end <= start:
        check.add(
            path,
            _("{value} ends before it starts").format(value=show(value)),
            _("write the later time second"),
        )
        return None
    return TimeRange(start, end)


def weekday(check: Checker, value: object, path: str) -> tuple[int, ...] | None:
    """A day name ("mon", "monday") or group ("weekdays", "weekend", "daily")."""
    if not isinstance(value, str):
        # Translators: mon is a config value: keep it in English.
        check.wrong_type(
            path, value, _('a day name such as "mon"'), _('write it in quotes, e.g. "mon"')
        )
        return None
    word = " ".join(value.lower().split())
    if word in DAY_GROUPS:
        return DAY_GROUPS[word]
    for names in (DAYS, _FULL_DAYS):
        if word in names:
            return (names.index(word),)
    close = suggest(word, [*DAYS, *DAY_GROUPS])
    # Translators: mon, sun, weekdays, weekend and daily are config values: keep them.
    hint = did_you_mean(close) if close else _("use mon … sun, weekdays, weekend or daily")
    check.add(path, _("{value} is not a day").format(value=show(value)), hint)
    return None
