"""Reading the user's TOML config into a `Config`, reporting every problem at once.

Owns the public entry points (`parse_config`, `load_config`, `catalogue`,
`ConfigErrors`) and the sections of the file: decoding, TOML syntax, the
top-level tables, [schedule] (with [schedule.hours]), [[reminders]], the on/off
tables, and the rules that span sections (rotation and reminder routines must
exist; desk-break routines are seated and 2–4 minutes). [schedule.hours] and
[[reminders]] are read by `config.times`, the user's own [[routines]] by
`config.routines`, [[hooks]] by `config.hooks`, [hold] by `config.hold` and [calendar]
by `config.calendar`. Core module: standard library and core modules only.

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
from dataclasses import fields, replace
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from deskbreak.core import library
from deskbreak.core.config.calendar import read_calendar
from deskbreak.core.config.checks import (
    Checker,
    Problem,
    Table,
    did_you_mean,
    show,
    suggest,
    table_example,
)
from deskbreak.core.config.durations import format_duration
from deskbreak.core.config.gnome import read_gnome
from deskbreak.core.config.hold import read_hold
from deskbreak.core.config.hooks import read_hooks
from deskbreak.core.config.lines import LineLocator
from deskbreak.core.config.model import (
    CONTRASTS,
    MOTIONS,
    TRAY_BACKENDS,
    Config,
    DueStyle,
    Goals,
    Notifications,
    PlayerSettings,
    Schedule,
    TraySettings,
    UiSettings,
)
from deskbreak.core.config.routines import (
    check_rotation,
    read_routines,
    routine_id,
    unknown_routine,
)
from deskbreak.core.config.times import read_hours, read_reminders
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import N_, _, ngettext
from deskbreak.core.routines import Routine, Side

__all__ = ["ConfigErrors", "Problem", "catalogue", "load_config", "parse_config"]

log = logging.getLogger(__name__)

MAX_BYTES = 1_000_000
TOP_KEYS = (
    "schedule",
    "reminders",
    "notifications",
    "player",
    "goals",
    "tray",
    "ui",
    "routines",
    "hold",
    "gnome",
    "hooks",
    "calendar",
)
SCHEDULE_KEYS = tuple(f.name for f in fields(Schedule))
_M, _H = timedelta(minutes=1), timedelta(hours=1)
EVERY = (_M, 8 * _H)
SNOOZE = (_M, 4 * _H)
HEADS_UP = (timedelta(seconds=10), _H)
# tomllib's own messages (first letter lowered) that the catalogue translates; any other
# stays as tomllib wrote it.
_TOML_MESSAGES = frozenset(
    [
        N_("expected newline or end of document after a statement"),
        N_("invalid value"),
        N_("invalid statement"),
        N_("unterminated string"),
        N_("unclosed inline table"),
        N_("unclosed array"),
        N_("invalid initial character for a key part"),
        N_("invalid date or datetime"),
        N_("invalid hex value"),
        N_("expected ']' at the end of a table declaration"),
        N_("expected ']]' at the end of an array declaration"),
        N_("expected '=' after a key in a key/value pair"),
    ]
)
_SYNTAX = re.compile(
    r"^(?P<what>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


class ConfigErrors(DeskbreakError):
    """The config has problems; `problems` lists every one, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else _("no details")
        more = len(self.problems) - 1
        if more:
            # Translators: {first} is the first problem, one line of `deskbreak config check`.
            first = ngettext(
                "{first} (and {more} more; run `deskbreak config check`)",
                "{first} (and {more} more; run `deskbreak config check`)",
                more,
            ).format(first=first, more=more)
        super().__init__(_("invalid config"), first)


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
        # Translators: {reason} is the system's reason, such as "Permission denied".
        message = _("cannot be read ({reason})").format(reason=reason)
        raise ConfigErrors(
            [Problem("file", message, _("check its path and permissions"))]
        ) from None
    if len(data) > MAX_BYTES:
        raise ConfigErrors(
            [Problem("file", _("is larger than 1 MB"), _("is it really the config file?"))]
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
    side = config.player.first_side
    if side is not Side.LEFT:  # the default side for every routine that names none
        found = {k: r if r.first_side else replace(r, first_side=side) for k, r in found.items()}
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
                "file",
                # Translators: {byte} is the position of the first byte that is not UTF-8.
                _("is not UTF-8 text (byte {byte})").format(byte=exc.start),
                _("save it as UTF-8"),
                line,
            )
            raise ConfigErrors([problem]) from None
    return text.removeprefix("\ufeff")


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problem = _syntax_problem(str(exc))
    except RecursionError:
        problem = Problem("toml", _("nested too deeply"), _("flatten the nested lists or tables"))
    except ValueError:  # int() refuses numbers of thousands of digits
        problem = Problem("toml", _("a number is far too long"), _("remove the extra digits"))
    raise ConfigErrors([problem])


def _syntax_problem(message: str) -> Problem:
    match = _SYNTAX.match(message)
    what = match.group("what") if match else message
    what = what[:1].lower() + what[1:]
    line = int(match.group("line")) if match and match.group("line") else None
    declared = re.match(r"cannot declare \((.*)\) twice", what)
    if what.startswith("cannot overwrite"):
        return Problem("toml", _("a key is set twice"), _("keep only one of them"), line)
    if declared:
        name = ".".join(re.findall(r"'([^']*)'", declared.group(1)))
        # Translators: {table} is a TOML table header such as [goals], kept as written.
        message = _("table {table} is declared twice").format(table=f"[{name}]")
        return Problem("toml", message, _("merge the two into one"), line)
    fix = _("fix the TOML syntax there") if line else _("close what is still open")
    if what.startswith(("expected newline", "invalid value")):
        fix = _('put text in quotes, e.g. every = "45m"')
    error = _(what) if what in _TOML_MESSAGES else what
    if match and line:
        # Translators: {error} is what the TOML reader found wrong, {column} a number.
        message = _("{error} (column {column})").format(error=error, column=match.group("col"))
    else:
        message = _("{error} at the end of the file").format(error=error)
    return Problem("toml", message, fix, line)


def _document(check: Checker, doc: Mapping[str, Any]) -> Config:
    check.keys(doc, "", TOP_KEYS)
    schedule = _schedule(check, doc["schedule"]) if "schedule" in doc else Schedule()
    reminders, refs = read_reminders(check, doc["reminders"]) if "reminders" in doc else ((), [])
    routines, broken = read_routines(check, doc["routines"]) if "routines" in doc else ((), set())
    config = Config(
        schedule=schedule,
        reminders=reminders,
        notifications=_notifications(check, doc),
        player=_player(check, doc),
        goals=_goals(check, doc),
        tray=_tray(check, doc),
        ui=_ui(check, doc),
        routines=routines,
        hold=read_hold(check, doc),
        gnome=read_gnome(check, doc),
        hooks=read_hooks(check, doc["hooks"]) if "hooks" in doc else (),
        calendar=read_calendar(check, doc),
    )
    known = catalogue(config)
    if "schedule" in doc and isinstance(doc["schedule"], Mapping):
        check_rotation(check, schedule.rotation, known, broken)
    for path, name in refs:
        if name not in known and name not in broken:
            check.add(path, *unknown_routine(name, known))
    return config


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
        natural_break=_optional(check, table, "natural_break", default.natural_break, SNOOZE),
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


# The [player] keys that take one of a few words; every other [player] key is true or false.
PLAYER_CHOICES = {"motion": MOTIONS, "contrast": CONTRASTS, "first_side": tuple(Side)}


def _player(check: Checker, doc: Mapping[str, Any]) -> PlayerSettings:
    default, name = PlayerSettings(), "player"
    table = check.table(doc[name], name, example=table_example(name)) if name in doc else None
    if table is None:
        return default
    keys = tuple(f.name for f in fields(PlayerSettings))
    check.keys(table, name, keys)
    values: dict[str, Any] = {}
    for key in keys:
        if key in PLAYER_CHOICES:
            values[key] = check.choice(
                table, key, name, choices=PLAYER_CHOICES[key], default=getattr(default, key)
            )
        else:
            values[key] = check.boolean(table, key, name, getattr(default, key))
    values["first_side"] = Side(values["first_side"])
    return PlayerSettings(**values)


def _notifications(check: Checker, doc: Mapping[str, Any]) -> Notifications:
    default = Notifications()
    name = "notifications"
    table = check.table(doc[name], name, example=table_example(name)) if name in doc else None
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
        check.table(doc["goals"], "goals", example=table_example("goals"))
        if "goals" in doc
        else None
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
    table = (
        check.table(doc["tray"], "tray", example=table_example("tray")) if "tray" in doc else None
    )
    if table is None:
        return TraySettings()
    check.keys(table, "tray", ("backend",))
    if "backend" not in table:
        return TraySettings()
    value = check.text(table["backend"], "tray.backend", what=_("a tray backend name"))
    if value is None:
        return TraySettings()
    if value not in TRAY_BACKENDS:
        close = suggest(value, TRAY_BACKENDS)
        hint = (
            did_you_mean(close)
            if close
            else _("use one of {choices}").format(choices=", ".join(TRAY_BACKENDS))
        )
        # Translators: {name} is the backend name as written, in quotes.
        check.add("tray.backend", _("unknown tray backend {name}").format(name=repr(value)), hint)
        return TraySettings()
    return TraySettings(value)


# "auto", "pseudo", or a language code: "de", "pt_BR", "yue".
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def _ui(check: Checker, doc: Mapping[str, Any]) -> UiSettings:
    """[ui]: the language. A well-formed code without a catalogue means English, no error."""
    table = check.table(doc["ui"], "ui", example=table_example("ui")) if "ui" in doc else None
    if table is None:
        return UiSettings()
    check.keys(table, "ui", tuple(f.name for f in fields(UiSettings)))
    if "language" not in table:
        return UiSettings()
    value = check.text(table["language"], "ui.language", what=_("a language code"), limit=40)
    if value is None:
        return UiSettings()
    if value in ("auto", "pseudo") or _LANGUAGE.match(value):
        return UiSettings(value)
    check.add(
        "ui.language",
        # Translators: {value} is the value as the user wrote it.
        _("{value} is not a language code").format(value=show(value)),
        # Translators: "auto", "de" and "pt_BR" are config values: keep them.
        _('write "auto" or a code such as "de" or "pt_BR"'),
    )
    return UiSettings()
