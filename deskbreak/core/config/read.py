"""Reading the user's TOML config into a `Config`, reporting every problem at once.

Owns the public entry points (`parse_config`, `load_config`, `catalogue`,
`ConfigErrors`) and the sections of the file: decoding, TOML syntax, the
top-level tables, [schedule] (with [schedule.hours]), [[reminders]], the on/off
tables, and the rules that span sections (rotation and reminder routines must
exist; desk-break routines are seated and 2–4 minutes). The user's own
[[routines]] are read by `configdump`, which also writes them. Core module: standard library and
core modules only; never an edge.

Bounds, chosen so that typos are caught and every sane setting passes:
every 1m..8h; snooze 1m..4h; snooze_choices 1–6 distinct entries of 1m..4h;
max_snoozes 0..20 (0 = unlimited); renotify 1m..4h or "off"; heads_up 10s..1h
or "off" and shorter than every; natural_break 1m..4h or "off"; rotation 1–12
ids; at most 50 reminders; breaks_per_day 1..48.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from deskbreak.core import library
from deskbreak.core.config.checks import (
    DAY_GROUPS,
    Checker,
    LineLocator,
    Problem,
    Table,
    show,
    suggest,
)
from deskbreak.core.config.dump import check_rotation, read_routines, routine_id
from deskbreak.core.config.durations import format_duration
from deskbreak.core.config.hold import read_hold
from deskbreak.core.config.model import (
    DAYS,
    TRAY_BACKENDS,
    Config,
    DueStyle,
    Goals,
    Notifications,
    PlayerSettings,
    Reminder,
    Schedule,
    TimeRange,
    TraySettings,
    WorkingHours,
)
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.routines import Routine

__all__ = ["ConfigErrors", "Problem", "catalogue", "load_config", "parse_config"]

log = logging.getLogger(__name__)

MAX_BYTES = 1_000_000
TOP_KEYS = ("schedule", "reminders", "notifications", "player", "goals", "tray", "routines", "hold")
SCHEDULE_KEYS = tuple(f.name for f in fields(Schedule))
HOUR_KEYS = (*DAYS, "weekdays", "weekend", "daily")
REMINDER_KEYS = ("at", "days", "routine")
_M, _H = timedelta(minutes=1), timedelta(hours=1)
EVERY = (_M, 8 * _H)
SNOOZE = (_M, 4 * _H)
HEADS_UP = (timedelta(seconds=10), _H)
_SYNTAX = re.compile(
    r"^(?P<what>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


class ConfigErrors(DeskbreakError):
    """The config has problems; `problems` lists every one, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else "no details"
        more = len(self.problems) - 1
        suffix = f" (and {more} more; run `deskbreak config check`)" if more else ""
        super().__init__("invalid config", first + suffix)


def load_config(path: Path) -> Config:
    """Read the config file; a missing file means the defaults."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        log.debug("no config at %s; using defaults", path)
        return Config()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigErrors(
            [Problem("file", f"cannot be read ({reason})", "check its path and permissions")]
        ) from None
    if len(data) > MAX_BYTES:
        raise ConfigErrors(
            [Problem("file", "is larger than 1 MB", "is it really the config file?")]
        )
    return parse_config(data)


def parse_config(data: str | bytes) -> Config:
    """Parse and check config text; raise ConfigErrors listing every problem."""
    text = _decode(data)
    doc = _toml(text)
    check = Checker(LineLocator(text).line)
    config = _document(check, doc)
    if check.problems:
        raise ConfigErrors(sorted(check.problems, key=lambda p: (p.line or 0, p.path)))
    return config


def catalogue(config: Config) -> Mapping[str, Routine]:
    """Every routine the user can play: the built-ins, then the user's own, by id."""
    found = dict(library.routines())
    found.update((r.id, r) for r in config.routines)
    return MappingProxyType(found)


def _decode(data: str | bytes) -> str:
    if isinstance(data, str):
        text = data
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            problem = Problem(
                "file", f"is not UTF-8 text (byte {exc.start})", "save it as UTF-8", line
            )
            raise ConfigErrors([problem]) from None
    return text.removeprefix("\ufeff")


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = _syntax_problem(str(exc))
    except RecursionError:
        problem = Problem("toml", "nested too deeply", "flatten the nested lists or tables")
    except ValueError:  # int() refuses numbers of thousands of digits
        problem = Problem("toml", "a number is far too long", "remove the extra digits")
    raise ConfigErrors([problem])


def _syntax_problem(message: str) -> Problem:
    match = _SYNTAX.match(message)
    what = match.group("what") if match else message
    what = what[:1].lower() + what[1:]
    line = int(match.group("line")) if match and match.group("line") else None
    declared = re.match(r"cannot declare \((.*)\) twice", what)
    if what.startswith("cannot overwrite"):
        return Problem("toml", "a key is set twice", "keep only one of them", line)
    if declared:
        name = ".".join(re.findall(r"'([^']*)'", declared.group(1)))
        return Problem("toml", f"table [{name}] is declared twice", "merge the two into one", line)
    fix = "fix the TOML syntax there" if line else "close what is still open"
    if what.startswith(("expected newline", "invalid value")):
        fix = 'put text in quotes, e.g. every = "45m"'
    where = f" (column {match.group('col')})" if match and line else " at the end of the file"
    return Problem("toml", what + where, fix, line)


def _document(check: Checker, doc: Mapping[str, Any]) -> Config:
    check.keys(doc, "", TOP_KEYS)
    schedule = _schedule(check, doc["schedule"]) if "schedule" in doc else Schedule()
    reminders, refs = _reminders(check, doc["reminders"]) if "reminders" in doc else ((), [])
    routines, broken = read_routines(check, doc["routines"]) if "routines" in doc else ((), set())
    config = Config(
        schedule=schedule,
        reminders=reminders,
        notifications=_notifications(check, doc),
        player=_flags(check, doc, "player", PlayerSettings),
        goals=_goals(check, doc),
        tray=_tray(check, doc),
        routines=routines,
        hold=read_hold(check, doc),
    )
    known = catalogue(config)
    if "schedule" in doc and isinstance(doc["schedule"], Mapping):
        check_rotation(check, schedule.rotation, known, broken)
    for path, name in refs:
        if name not in known and name not in broken:
            check.add(path, *_unknown_routine(name, known))
    return config


def _unknown_routine(name: str, known: Mapping[str, Routine]) -> tuple[str, str]:
    close = suggest(name, known)
    hint = f'did you mean "{close}"?' if close else "see `deskbreak routines list`"
    return f'unknown routine "{name}"', hint


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


def _schedule(check: Checker, value: object) -> Schedule:
    default = Schedule()
    table = check.table(value, "schedule", example="a [schedule] table")
    if table is None:
        return default
    check.keys(table, "schedule", SCHEDULE_KEYS)
    every = _span(check, table, "every", default.every, EVERY)
    heads_up = _optional(check, table, "heads_up", default.heads_up, HEADS_UP)
    if heads_up is not None and heads_up >= every and "heads_up" in table:
        message = (
            f'"{format_duration(heads_up)}" is not shorter than every ("{format_duration(every)}")'
        )
        check.add("schedule.heads_up", message, 'make it shorter than the interval, or "off"')
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
        natural_break=_optional(check, table, "natural_break", default.natural_break, SNOOZE),
        hours=_hours(check, table["hours"]) if "hours" in table else None,
    )


def _rotation(check: Checker, value: object, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    items = check.array(value, "schedule.rotation", what="a list of routine ids", most=12)
    if items is None:
        return default
    if not items:
        check.add("schedule.rotation", "is empty", 'name at least one routine, e.g. ["mini-reset"]')
        return default
    ids = [routine_id(check, item, f"schedule.rotation[{i}]") for i, item in enumerate(items)]
    return tuple(i for i in ids if i is not None) or default


def _snooze_choices(
    check: Checker, value: object, default: tuple[timedelta, ...]
) -> tuple[timedelta, ...]:
    path = "schedule.snooze_choices"
    if value is None:
        return default
    items = check.array(value, path, what="a list of durations", most=6)
    if items is None:
        return default
    if not items:
        check.add(path, "is empty", 'give 1 to 6 durations, e.g. ["5m", "10m", "30m"]')
        return default
    out: list[timedelta] = []
    for index, item in enumerate(items):
        got = check.duration(item, f"{path}[{index}]", low=SNOOZE[0], high=SNOOZE[1], off=False)
        if isinstance(got, timedelta) and got in out:
            check.add(
                f"{path}[{index}]",
                f"{show(item)} repeats an earlier choice",
                "list each choice once",
            )
        elif isinstance(got, timedelta):
            out.append(got)
    return tuple(out) if len(out) == len(items) else default


def _hours(check: Checker, value: object) -> WorkingHours | None:
    table = check.table(
        value, "schedule.hours", example='[schedule.hours] with mon = "09:00-17:00"'
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
        one = check.time_range(value, path)
        return (one,) if one else ()
    items = check.array(value, path, what='a range "HH:MM-HH:MM" or a list of them', most=12)
    if items is None:
        return ()
    found = [(check.time_range(item, f"{path}[{i}]"), i) for i, item in enumerate(items)]
    ranges = sorted((r.start, r.end, i) for r, i in found if r is not None)
    reach: TimeRange | None = None  # the range reaching furthest so far
    for start, end, index in ranges:
        if reach is not None and start < reach.end:
            message = f'"{TimeRange(start, end)}" overlaps "{reach}"'
            check.add(f"{path}[{index}]", message, "merge them or separate them")
        if reach is None or end > reach.end:
            reach = TimeRange(start, end)
    return tuple(TimeRange(s, e) for s, e, _ in ranges)


def _reminders(check: Checker, value: object) -> tuple[tuple[Reminder, ...], list[tuple[str, str]]]:
    """The valid reminders, and (path, routine id) for every reminder naming a routine."""
    example = '[[reminders]] with at = "08:30" and routine = "…"'
    entries = check.tables(value, "reminders", example=example)
    if len(entries) > 50:
        check.add("reminders", f"has {len(entries)} entries", "keep it to at most 50")
        return (), []
    out, refs = [], []
    for path, table in entries:
        check.keys(table, path, REMINDER_KEYS)
        for key, fix in (("at", 'add at = "08:30"'), ("routine", 'add routine = "mini-reset"')):
            if key not in table:
                check.add(f"{path}.{key}", "is missing", fix)
        at = check.clock(table["at"], f"{path}.at") if "at" in table else None
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
        return check.weekday(value, path) or ()
    items = check.array(value, path, what='a list of days such as ["mon", "fri"]', most=14)
    if items is None:
        return ()
    if not items:
        check.add(path, "is empty", 'list at least one day, e.g. ["mon", "fri"], or "daily"')
    found = [check.weekday(item, f"{path}[{i}]") for i, item in enumerate(items)]
    if any(day is None for day in found):
        return ()
    return tuple(sorted({day for group in found if group for day in group}))


def _flags(
    check: Checker, doc: Mapping[str, Any], name: str, cls: type[PlayerSettings]
) -> PlayerSettings:
    default = cls()
    table = check.table(doc[name], name, example=f"a [{name}] table") if name in doc else None
    if table is None:
        return default
    keys = tuple(f.name for f in fields(cls))
    check.keys(table, name, keys)
    return cls(**{key: check.boolean(table, key, name, getattr(default, key)) for key in keys})


def _notifications(check: Checker, doc: Mapping[str, Any]) -> Notifications:
    default = Notifications()
    name = "notifications"
    table = check.table(doc[name], name, example=f"a [{name}] table") if name in doc else None
    if table is None:
        return default
    check.keys(table, name, tuple(f.name for f in fields(Notifications)))
    due = check.choice(table, "due", name, choices=tuple(DueStyle), default=default.due)
    return Notifications(
        enabled=check.boolean(table, "enabled", name, default.enabled),
        actions=check.boolean(table, "actions", name, default.actions),
        sound=check.boolean(table, "sound", name, default.sound),
        due=DueStyle(due),
    )


def _goals(check: Checker, doc: Mapping[str, Any]) -> Goals:
    table = (
        check.table(doc["goals"], "goals", example="a [goals] table") if "goals" in doc else None
    )
    if table is None:
        return Goals()
    check.keys(table, "goals", ("breaks_per_day",))
    return Goals(
        check.integer(
            table, "breaks_per_day", "goals", default=Goals().breaks_per_day, low=1, high=48
        )
    )


def _tray(check: Checker, doc: Mapping[str, Any]) -> TraySettings:
    table = check.table(doc["tray"], "tray", example="a [tray] table") if "tray" in doc else None
    if table is None:
        return TraySettings()
    check.keys(table, "tray", ("backend",))
    if "backend" not in table:
        return TraySettings()
    value = check.text(table["backend"], "tray.backend", what="a tray backend name")
    if value is None:
        return TraySettings()
    if value not in TRAY_BACKENDS:
        close = suggest(value, TRAY_BACKENDS)
        hint = f'did you mean "{close}"?' if close else "use one of " + ", ".join(TRAY_BACKENDS)
        check.add("tray.backend", f"unknown tray backend {value!r}", hint)
        return TraySettings()
    return TraySettings(value)
