"""Reading the [schedule] table: the interval, the rotation, snoozing and the notices.

[schedule.hours] is read by `config.times`; that the rotation's routines exist is checked
by `config.read` once every routine is known. Core module: standard library and core
config modules only.

Bounds, chosen so that typos are caught and every sane setting passes:
every 1m..8h; snooze 1m..4h; snooze_choices 1–6 distinct entries of 1m..4h;
max_snoozes 0..20 (0 = unlimited); renotify 1m..4h or "off"; heads_up 10s..1h
or "off" and shorter than every; natural_break 10s..4h or "off" (the engine waits at
least the idle grace, a minute by default, before anyone is away); rotation 1–12 ids.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta

from deskbreak.core.config.checks import Checker, Table, show, table_example
from deskbreak.core.config.durations import format_duration
from deskbreak.core.config.model import Schedule
from deskbreak.core.config.routines import routine_id
from deskbreak.core.config.times import read_hours
from deskbreak.core.i18n import _

SCHEDULE_KEYS = tuple(f.name for f in fields(Schedule))
_M, _H = timedelta(minutes=1), timedelta(hours=1)
EVERY = (_M, 8 * _H)
SNOOZE = (_M, 4 * _H)
HEADS_UP = (timedelta(seconds=10), _H)
NATURAL_BREAK = (timedelta(seconds=10), 4 * _H)


def _span(
    check: Checker, table: Table, key: str, default: timedelta, bounds: tuple[timedelta, timedelta]
) -> timedelta:
    if key not in table:
        return default
    got = check.duration(table[key], f"schedule.{key}", low=bounds[0], high=bounds[1], off=False)
    return got if isinstance(got, timedelta) else default


def _optional(
    check: Checker,
    table: Table,
    key: str,
    default: timedelta | None,
    bounds: tuple[timedelta, timedelta],
) -> timedelta | None:
    if key not in table:
        return default
    got = check.duration(table[key], f"schedule.{key}", low=bounds[0], high=bounds[1], off=True)
    return default if isinstance(got, bool) else got


def read_schedule(check: Checker, value: object) -> Schedule:
    """The [schedule] table `value`, or the defaults; problems go to `check`."""
    default = Schedule()
    table = check.table(value, "schedule", example=table_example("schedule"))
    if table is None:
        return default
    check.keys(table, "schedule", SCHEDULE_KEYS)
    every = _span(check, table, "every", default.every, EVERY)
    heads_up = _optional(check, table, "heads_up", default.heads_up, HEADS_UP)
    if heads_up is not None and heads_up >= every and "heads_up" in table:
        # Translators: {heads_up} and {every} are durations as the config writes them ("5m");
        # every is a config key: keep it.
        message = _('"{heads_up}" is not shorter than every ("{every}")').format(
            heads_up=format_duration(heads_up), every=format_duration(every)
        )
        check.add("schedule.heads_up", message, _('make it shorter than the interval, or "off"'))
    return Schedule(
        every=every,
        rotation=_rotation(check, table.get("rotation"), default.rotation),
        snooze=_span(check, table, "snooze", default.snooze, SNOOZE),
        snooze_choices=_snooze_choices(check, table.get("snooze_choices"), default.snooze_choices),
        max_snoozes=check.integer(
            table, "max_snoozes", "schedule", default=default.max_snoozes, low=0, high=20
        ),
        renotify=_optional(check, table, "renotify", default.renotify, SNOOZE),
        heads_up=heads_up,
        natural_break=_optional(
            check, table, "natural_break", default.natural_break, NATURAL_BREAK
        ),
        hours=read_hours(check, table["hours"]) if "hours" in table else None,
    )


def _rotation(check: Checker, value: object, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    items = check.array(value, "schedule.rotation", what=_("a list of routine ids"), most=12)
    if items is None:
        return default
    if not items:
        check.add(
            "schedule.rotation",
            _("is empty"),
            _('name at least one routine, e.g. ["mini-reset"]'),
        )
        return default
    ids = [routine_id(check, item, f"schedule.rotation[{i}]") for i, item in enumerate(items)]
    return tuple(i for i in ids if i is not None) or default


def _snooze_choices(
    check: Checker, value: object, default: tuple[timedelta, ...]
) -> tuple[timedelta, ...]:
    path = "schedule.snooze_choices"
    if value is None:
        return default
    items = check.array(value, path, what=_("a list of durations"), most=6)
    if items is None:
        return default
    if not items:
        check.add(path, _("is empty"), _('give 1 to 6 durations, e.g. ["5m", "10m", "30m"]'))
        return default
    out: list[timedelta] = []
    for index, item in enumerate(items):
        got = check.duration(item, f"{path}[{index}]", low=SNOOZE[0], high=SNOOZE[1], off=False)
        if isinstance(got, timedelta) and got in out:
            check.add(
                f"{path}[{index}]",
                _("{value} repeats an earlier choice").format(value=show(item)),
                _("list each choice once"),
            )
        elif isinstance(got, timedelta):
            out.append(got)
    return tuple(out) if len(out) == len(items) else default
