"""Reading when the user works and when fixed reminders fire.

Owns [schedule.hours] (per-day ranges; the more specific key wins, ranges must
not overlap) and [[reminders]] (a clock time, days and a routine id; at most
50). Whether a reminder's routine exists is checked by `config.read`, which
knows every routine. Core module: standard library and core modules only.
"""

from __future__ import annotations

from deskbreak.core.config.checks import Checker, too_many
from deskbreak.core.config.clocks import DAY_GROUPS, clock, time_range, weekday
from deskbreak.core.config.model import DAYS, Reminder, TimeRange, WorkingHours
from deskbreak.core.config.routines import routine_id
from deskbreak.core.i18n import _

HOUR_KEYS = (*DAYS, "weekdays", "weekend", "daily")
REMINDER_KEYS = ("at", "days", "routine")


def read_hours(check: Checker, value: object) -> WorkingHours | None:
    table = check.table(
        value, "schedule.hours", example=_('[schedule.hours] with mon = "09:00-17:00"')
    )
    if table is None:
        return None
    check.keys(table, "schedule.hours", HOUR_KEYS)
    days: list[tuple[TimeRange, ...]] = [()] * 7
    for key in ("daily", "weekdays", "weekend", *DAYS):  # the more specific key wins
        if key in table:
            ranges = _day_ranges(check, table[key], f"schedule.hours.{key}")
            for day in DAY_GROUPS.get(key, (DAYS.index(key),) if key in DAYS else ()):
                days[day] = ranges
    return WorkingHours(tuple(days))


def _day_ranges(check: Checker, value: object, path: str) -> tuple[TimeRange, ...]:
    if isinstance(value, str):
        if value.strip().lower() == "off":
            return ()
        one = time_range(check, value, path)
        return (one,) if one else ()
    items = check.array(value, path, what=_('a range "HH:MM-HH:MM" or a list of them'), most=12)
    if items is None:
        return ()
    found = [(time_range(check, item, f"{path}[{i}]"), i) for i, item in enumerate(items)]
    ranges = sorted((r.start, r.end, i) for r, i in found if r is not None)
    reach: TimeRange | None = None  # the range reaching furthest so far
    for start, end, index in ranges:
        if reach is not None and start < reach.end:
            # Translators: {one} and {other} are time ranges such as 09:00-12:30.
            message = _('"{one}" overlaps "{other}"').format(one=TimeRange(start, end), other=reach)
            check.add(f"{path}[{index}]", message, _("merge them or separate them"))
        if reach is None or end > reach.end:
            reach = TimeRange(start, end)
    return tuple(TimeRange(s, e) for s, e, _ in ranges)


def read_reminders(
    check: Checker, value: object
) -> tuple[tuple[Reminder, ...], list[tuple[str, str]]]:
    """The valid reminders, and (path, routine id) for every reminder naming a routine."""
    example = _('[[reminders]] with at = "08:30" and routine = "…"')
    entries = check.tables(value, "reminders", example=example)
    if len(entries) > 50:
        check.add("reminders", *too_many(len(entries), 50))
        return (), []
    out, refs = [], []
    for path, table in entries:
        check.keys(table, path, REMINDER_KEYS)
        for key, fix in (
            ("at", _('add at = "08:30"')),
            ("routine", _('add routine = "mini-reset"')),
        ):
            if key not in table:
                check.add(f"{path}.{key}", _("is missing"), fix)
        at = clock(check, table["at"], f"{path}.at") if "at" in table else None
        days = _days(check, table["days"], f"{path}.days") if "days" in table else tuple(range(7))
        routine = (
            routine_id(check, table["routine"], f"{path}.routine") if "routine" in table else None
        )
        if routine:
            refs.append((f"{path}.routine", routine))
        if at is not None and days and routine:
            out.append(Reminder(at, days, routine))
    return tuple(out), refs


def _days(check: Checker, value: object, path: str) -> tuple[int, ...]:
    if isinstance(value, str):
        return weekday(check, value, path) or ()
    items = check.array(value, path, what=_('a list of days such as ["mon", "fri"]'), most=14)
    if items is None:
        return ()
    if not items:
        check.add(path, _("is empty"), _('list at least one day, e.g. ["mon", "fri"], or "daily"'))
    found = [weekday(check, item, f"{path}[{i}]") for i, item in enumerate(items)]
    if any(day is None for day in found):
        return ()
    return tuple(sorted({day for group in found if group for day in group}))
