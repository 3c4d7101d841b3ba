"""Working-hours and fixed-reminder arithmetic on the local wall clock.

Owns: whether a moment is inside `[schedule.hours]`, the working period that
contains it, when the next period starts, and when fixed reminders fall. Local
wall times become aware datetimes through `zoneinfo`, so DST days behave: a
09:00–18:00 day is nine hours long on both transition days. Results are in the
given zone; compare them with `.timestamp()` (same-tzinfo comparisons ignore
DST folds). Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo

from deskbreak.core.config.model import Reminder, WorkingHours

DAY = 1440
_LOOKAHEAD_DAYS = 8


def local(d: date, minutes: int, tz: tzinfo) -> datetime:
    """The aware local datetime at `minutes` after midnight of `d` (1440 = next midnight)."""
    if minutes >= DAY:
        d, minutes = d + timedelta(days=1), minutes - DAY
    naive = datetime.combine(d, time(minutes // 60, minutes % 60))
    # A time inside a spring-forward gap does not exist; normalising through UTC
    # moves it to the equivalent instant after the jump.
    return naive.replace(tzinfo=tz).astimezone(tz)


def periods(hours: WorkingHours, day: date, tz: tzinfo) -> Iterator[tuple[datetime, datetime]]:
    for r in hours.ranges(day.weekday()):
        yield local(day, r.start, tz), local(day, r.end, tz)


def period_at(
    hours: WorkingHours | None, at: datetime, tz: tzinfo
) -> tuple[datetime, datetime] | None:
    """The working period containing `at`, or None outside working hours.

    With no hours configured the whole day is one period (midnight to midnight).
    """
    day = at.astimezone(tz).date()
    stamp = at.timestamp()
    if hours is None:
        return local(day, 0, tz), local(day, DAY, tz)
    for candidate in (day - timedelta(days=1), day):
        for start, end in periods(hours, candidate, tz):
            if start.timestamp() <= stamp < end.timestamp():
                return start, end
    return None


def next_start(hours: WorkingHours | None, at: datetime, tz: tzinfo) -> datetime | None:
    """The start of the first working period strictly after `at` (None: no hours at all)."""
    day = at.astimezone(tz).date()
    stamp = at.timestamp()
    if hours is None:
        return local(day, DAY, tz)
    for offset in range(_LOOKAHEAD_DAYS):
        for start, _ in periods(hours, day + timedelta(days=offset), tz):
            if start.timestamp() > stamp:
                return start
    return None


def reminder_key(reminder_index: int, day: date) -> str:
    return f"{day.isoformat()}#{reminder_index}"


def reminder_times(
    reminders: tuple[Reminder, ...], around: datetime, tz: tzinfo, *, days_back: int = 1
) -> Iterator[tuple[datetime, str, Reminder]]:
    """Every fixed-reminder occurrence from `days_back` days before `around` to a week after."""
    day = around.astimezone(tz).date()
    for offset in range(-days_back, _LOOKAHEAD_DAYS):
        d = day + timedelta(days=offset)
        for index, reminder in enumerate(reminders):
            if d.weekday() in reminder.days:
                yield local(d, reminder.at, tz), reminder_key(index, d), reminder
