"""The vocabulary of config checking: problems, a line locator and typed readers.

Owns `Problem` (one line of `deskbreak config check`) and `Checker`, which reads one value at a
time, collects every problem instead of stopping at the first, and hands back a
usable default so checking can go on; clock times, hour ranges and weekday names are
read by `config.clocks`. Core module: standard library only; it must not
import the section logic in `config.read` or anything outside the core.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from deskbreak.core.config.durations import DurationError, format_duration, parse_optional
from deskbreak.core.config.lines import join_key as _join
from deskbreak.core.i18n import _, ngettext

log = logging.getLogger(__name__)

Table = Mapping[str, Any]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the config: where, what, and how to fix it."""

    path: str
    message: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        # Translators: one line of `deskbreak config check`. {path} is a config key such as
        # schedule.every (keep it first), {message} what is wrong, {fix} how to fix it,
        # {line} a line number in the file.
        if self.fix and self.line is not None:
            template = _("{path}: {message} — {fix} (line {line})")
        elif self.fix:
            template = _("{path}: {message} — {fix}")
        elif self.line is not None:
            template = _("{path}: {message} (line {line})")
        else:
            template = _("{path}: {message}")
        return template.format(path=self.path, message=self.message, fix=self.fix, line=self.line)


def show(value: object) -> str:
    """A value as the user wrote it, shortened for a one-line message."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, int | float):
        text = str(value) if abs(value) < 10**12 else _("a huge number")
    elif isinstance(value, Mapping):
        text = _("a table")
    elif isinstance(value, list):
        text = _("a list")
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def kind(value: object) -> str:
    """The TOML type of a value, in words."""
    # Translators: the kinds of TOML value, as in "expected a whole number, got text ("45")";
    # {value} is the value as the user wrote it.
    if isinstance(value, bool):
        return _("true/false ({value})").format(value=show(value))
    if isinstance(value, int | float):
        return _("a number ({value})").format(value=show(value))
    if isinstance(value, str):
        return _("text ({value})").format(value=show(value))
    if isinstance(value, Mapping):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _("a date/time ({value})").format(value=value)
    return type(value).__name__


def table_example(name: str) -> str:
    """How to write the table `name`: "a [tray] table"."""
    # Translators: {table} is a config table header such as [tray], kept as written.
    return _("a {table} table").format(table=f"[{name}]")


def did_you_mean(name: str) -> str:
    """The fix that offers the closest known word, which stays as the config spells it."""
    # Translators: {name} is a config key, value or id, kept as written.
    return _('did you mean "{name}"?').format(name=name)


def either(choices: Sequence[str]) -> str:
    """ "a", "a or b", "a, b or c": the choices as a list to pick one from."""
    if len(choices) < 2:
        return "".join(choices)
    # Translators: the last of a list of choices: {choices} is "a", "b" (joined by ", "),
    # {last} is "c".
    return _("{choices} or {last}").format(choices=", ".join(choices[:-1]), last=choices[-1])


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known word, if any is close enough."""
    import difflib  # only when something is wrong: the daemon need not carry it

    found = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def too_many(count: int, most: int) -> tuple[str, str]:
    """The message and fix for a list of `count` entries where `most` are allowed."""
    return (
        ngettext("has {count} entry", "has {count} entries", count).format(count=count),
        ngettext("keep it to at most {most}", "keep it to at most {most}", most).format(most=most),
    )


class Checker:
    """Reads values out of parsed TOML, recording a Problem for each bad one."""

    def __init__(self, locate: Callable[[str], int | None] = lambda _: None) -> None:
        self.problems: list[Problem] = []
        self._locate = locate

    def add(self, path: str, message: str, fix: str) -> None:
        self.problems.append(Problem(path, message, fix, self._locate(path)))

    def wrong_type(self, path: str, value: object, expected: str, fix: str) -> None:
        # Translators: {expected} is the kind of value wanted (such as "a whole number"),
        # {got} the kind found (such as "text ("45")").
        self.add(
            path,
            _("expected {expected}, got {got}").format(expected=expected, got=kind(value)),
            fix,
        )

    def keys(self, table: Table, path: str, allowed: Sequence[str]) -> None:
        """Report keys that this table does not know, with a "did you mean"."""
        for key in table:
            if key in allowed:
                continue
            close = suggest(key, allowed)
            if close:
                self.add(_join(path, key), _("unknown key"), did_you_mean(close))
            else:
                self.add(
                    _join(path, key),
                    _("unknown key"),
                    # Translators: {keys} lists the config keys this table knows.
                    _("remove it; known keys: {keys}").format(keys=", ".join(allowed)),
                )

    def table(self, value: object, path: str, *, example: str) -> Table | None:
        """A table; `example` (translated) says how to write it, e.g. "a [tray] table"."""
        if isinstance(value, Mapping):
            return value
        # Translators: {example} is how to write the table, such as "a [tray] table".
        self.wrong_type(
            path, value, _("a table"), _("write it as {example}").format(example=example)
        )
        return None

    def tables(self, value: object, path: str, *, example: str) -> list[tuple[str, Table]]:
        """An array of tables, as (path, table) pairs; bad entries are reported."""
        # Translators: {example} is how to write one entry, such as "[[routines.steps]]".
        each = _("write each entry as {example}").format(example=example)
        if not isinstance(value, list):
            self.wrong_type(path, value, _("a list of tables"), each)
            return []
        out = []
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if isinstance(item, Mapping):
                out.append((item_path, item))
            else:
                self.wrong_type(item_path, item, _("a table"), each)
        return out

    def boolean(self, table: Table, key: str, path: str, default: bool) -> bool:
        if key not in table:
            return default
        value = table[key]
        if isinstance(value, bool):
            return value
        self.wrong_type(
            _join(path, key),
            value,
            # Translators: true and false are TOML values: keep them in English.
            _("true or false"),
            _("write true or false, no quotes"),
        )
        return default

    def choice(
        self, table: Table, key: str, path: str, *, choices: Sequence[str], default: str
    ) -> str:
        """One of a few words, e.g. "stay"; a near miss gets a "did you mean"."""
        if key not in table:
            return default
        value, where = table[key], _join(path, key)
        listed = either([f'"{c}"' for c in choices])
        if not isinstance(value, str):
            # Translators: {choices} lists the words allowed, in quotes: "stay" or "normal".
            self.wrong_type(
                where, value, _("text"), _("write {choices}, in quotes").format(choices=listed)
            )
        elif value.strip().lower() in choices:
            return value.strip().lower()
        else:
            close = suggest(value.strip(), choices)
            fix = did_you_mean(close) if close else _("use {choices}").format(choices=listed)
            # Translators: {value} is the value as the user wrote it.
            self.add(where, _("{value} is not a known choice").format(value=show(value)), fix)
        return default

    def integer(
        self, table: Table, key: str, path: str, *, default: int, low: int, high: int
    ) -> int:
        if key not in table:
            return default
        value, where = table[key], _join(path, key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(
                where,
                value,
                _("a whole number"),
                _("write a number from {low} to {high}, no quotes").format(low=low, high=high),
            )
        elif not low <= value <= high:
            self.add(
                where,
                _("{value} is out of range").format(value=show(value)),
                _("use a number from {low} to {high}").format(low=low, high=high),
            )
        else:
            return value
        return default

    def text(self, value: object, path: str, *, what: str, limit: int = 200) -> str | None:
        """One line of text; `what` (translated) names it: "a title"."""
        if not isinstance(value, str):
            self.wrong_type(path, value, what, _("write it in quotes"))
        elif not value.strip():
            # Translators: {what} names the text wanted, such as "a title".
            self.add(path, _("is empty"), _("write {what}").format(what=what))
        elif len(value) > limit or "\n" in value:
            self.add(
                path,
                _("is too long"),
                ngettext(
                    "keep it to one line of at most {limit} character",
                    "keep it to one line of at most {limit} characters",
                    limit,
                ).format(limit=limit),
            )
        else:
            return value.strip()
        return None

    def texts(
        self, value: object, path: str, *, what: str, each: str, most: int
    ) -> tuple[str, ...] | None:
        """A list of at most `most` texts; `what` names the list, `each` one entry."""
        items = self.array(value, path, what=what, most=most)
        if items is None:
            return None
        out = [self.text(item, f"{path}[{i}]", what=each) for i, item in enumerate(items)]
        if any(item is None for item in out):
            return None
        return tuple(item for item in out if item is not None)

    def array(self, value: object, path: str, *, what: str, most: int) -> list[Any] | None:
        """A list of at most `most` entries; `what` (translated) names it."""
        if not isinstance(value, list):
            self.wrong_type(path, value, what, _('write it in brackets, e.g. ["…", "…"]'))
            return None
        if len(value) > most:
            self.add(path, *too_many(len(value), most))
            return None
        return value

    def duration(
        self, value: object, path: str, *, low: timedelta, high: timedelta, off: bool
    ) -> timedelta | bool | None:
        """A duration within [low, high]; None for "off" (when allowed); False if bad."""
        # Translators: {low} and {high} are durations as the config writes them ("1m", "8h");
        # "off" is a config value: keep it in English.
        bounds = _('"{low}" to "{high}" or "off"') if off else _('"{low}" to "{high}"')
        example = bounds.format(low=format_duration(low), high=format_duration(high))
        if not isinstance(value, str):
            self.wrong_type(
                path,
                value,
                _("a duration string"),
                # Translators: {example} is a range of durations such as "1m" to "8h".
                _("write it in quotes with a unit: {example}").format(example=example),
            )
            return False
        try:
            parsed = parse_optional(value)
        except DurationError as exc:
            # Translators: h, m and s are the units a duration is written with in the config
            # (hours, minutes, seconds): keep them as they are.
            self.add(path, exc.problem, _("use h, m and s, e.g. {example}").format(example=example))
            return False
        if parsed is None and not off:
            self.add(
                path,
                _("cannot be switched off"),
                _("give a duration from {example}").format(example=example),
            )
            return False
        if parsed is not None and not low <= parsed <= high:
            self.add(
                path,
                _("{value} is out of range").format(value=show(value)),
                _("use {example}").format(example=example),
            )
            return False
        return parsed
