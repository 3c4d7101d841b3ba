"""Reading the user's TOML config into a `Config`, reporting every problem at once.

Owns the public entry points (`parse_config`, `load_config`, `catalogue`,
`ConfigErrors`) and the file as a whole: decoding, TOML syntax, the top-level
tables, and the rules that span sections (rotation and reminder routines must
exist; desk-break routines are seated and 2–4 minutes). Each section has its reader:
[schedule] `config.schedule`, [schedule.hours] and [[reminders]] `config.times`,
[notifications], [player], [goals], [tray] and [ui] `config.tables`, the user's own
[[routines]] `config.routines`, [[hooks]] `config.hooks`, [hold] `config.hold`,
[gnome] `config.gnome` and [calendar] `config.calendar`. Core module: standard library
and core modules only.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from deskbreak.core import library
from deskbreak.core.config.calendar import read_calendar
from deskbreak.core.config.checks import Checker, Problem
from deskbreak.core.config.gnome import read_gnome
from deskbreak.core.config.hold import read_hold
from deskbreak.core.config.hooks import read_hooks
from deskbreak.core.config.lines import LineLocator
from deskbreak.core.config.model import Config, Schedule
from deskbreak.core.config.routines import check_rotation, read_routines, unknown_routine
from deskbreak.core.config.schedule import read_schedule
from deskbreak.core.config.tables import (
    read_goals,
    read_notifications,
    read_player,
    read_tray,
    read_ui,
)
from deskbreak.core.config.times import read_reminders
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
    schedule = read_schedule(check, doc["schedule"]) if "schedule" in doc else Schedule()
    reminders, refs = read_reminders(check, doc["reminders"]) if "reminders" in doc else ((), [])
    routines, broken = read_routines(check, doc["routines"]) if "routines" in doc else ((), set())
    config = Config(
        schedule=schedule,
        reminders=reminders,
        notifications=read_notifications(check, doc),
        player=read_player(check, doc),
        goals=read_goals(check, doc),
        tray=read_tray(check, doc),
        ui=read_ui(check, doc),
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
