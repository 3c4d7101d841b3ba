"""The vocabulary of config checking: problems, a line locator and typed readers.

Owns `Problem` (one line of `deskbreak config check`), `LineLocator` (which line
of the user's text a key path sits on) and `Checker`, which reads one value at a
time, collects every problem instead of stopping at the first, and hands back a
usable default so checking can go on. Also reads clock times ("08:30"), hour
ranges and weekday names. Core module: standard library only; it must not
import the section logic in `configfile` or anything outside the core.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from deskbreak.core.config.durations import DurationError, format_duration, parse_optional
from deskbreak.core.config.model import DAYS, TimeRange

log = logging.getLogger(__name__)

Table = Mapping[str, Any]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_RANGE_DASH = re.compile(r"\s*[-–—]\s*")
DAY_GROUPS: Mapping[str, tuple[int, ...]] = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "every day": (0, 1, 2, 3, 4, 5, 6),
}
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the config: where, what, and how to fix it."""

    path: str
    message: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}"
        if self.fix:
            text += f" — {self.fix}"
        if self.line is not None:
            text += f" (line {self.line})"
        return text


def _key_parts(text: str) -> list[str]:
    parts = re.findall(r""""([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+)""", text)
    return [a or b or c for a, b, c in parts]


class LineLocator:
    """Maps key paths such as `routines[1].steps[0].duration` to source lines.

    Light by design: it reads table headers and `key =` lines, and ignores
    inline tables and multi-line strings; a path it cannot place falls back to
    its closest located parent.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._arrays: dict[str, int] = {}
        table = ""
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                table = self._header(header.group(1) == "[[", _key_parts(header.group(2)))
                self._lines.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                path = _join(table, ".".join(_key_parts(key.group(1))))
                self._lines.setdefault(path, number)

    def _header(self, is_array: bool, parts: list[str]) -> str:
        path = ""
        for part in parts[:-1] if is_array else parts:
            path = _join(path, part)
            if path in self._arrays:
                path = f"{path}[{self._arrays[path] - 1}]"
        if not is_array:
            return path
        path = _join(path, parts[-1] if parts else "")
        self._arrays[path] = self._arrays.get(path, 0) + 1
        return f"{path}[{self._arrays[path] - 1}]"

    def line(self, path: str) -> int | None:
        while path:
            if path in self._lines:
                return self._lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def _join(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def show(value: object) -> str:
    """A value as the user wrote it, shortened for a one-line message."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, int | float):
        text = str(value) if abs(value) < 10**12 else "a huge number"
    elif isinstance(value, Mapping):
        text = "a table"
    elif isinstance(value, list):
        text = "a list"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def kind(value: object) -> str:
    """The TOML type of a value, in words."""
    if isinstance(value, bool):
        return f"true/false ({show(value)})"
    if isinstance(value, int | float):
        return f"a number ({show(value)})"
    if isinstance(value, str):
        return f"text ({show(value)})"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return f"a date/time ({value})"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known word, if any is close enough."""
    found = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


class Checker:
    """Reads values out of parsed TOML, recording a Problem for each bad one."""

    def __init__(self, locate: Callable[[str], int | None] = lambda _: None) -> None:
        self.problems: list[Problem] = []
        self._locate = locate

    def add(self, path: str, message: str, fix: str) -> None:
        self.problems.append(Problem(path, message, fix, self._locate(path)))

    def wrong_type(self, path: str, value: object, expected: str, fix: str) -> None:
        self.add(path, f"expected {expected}, got {kind(value)}", fix)

    def keys(self, table: Table, path: str, allowed: Sequence[str]) -> None:
        """Report keys that this table does not know, with a "did you mean"."""
        for key in table:
            if key in allowed:
                continue
            close = suggest(key, allowed)
            if close:
                self.add(_join(path, key), "unknown key", f'did you mean "{close}"?')
            else:
                self.add(
                    _join(path, key), "unknown key", f"remove it; known keys: {', '.join(allowed)}"
                )

    def table(self, value: object, path: str, *, example: str) -> Table | None:
        if isinstance(value, Mapping):
            return value
        self.wrong_type(path, value, "a table", f"write it as {example}")
        return None

    def tables(self, value: object, path: str, *, example: str) -> list[tuple[str, Table]]:
        """An array of tables, as (path, table) pairs; bad entries are reported."""
        if not isinstance(value, list):
            self.wrong_type(path, value, "a list of tables", f"write each entry as {example}")
            return []
        out = []
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if isinstance(item, Mapping):
                out.append((item_path, item))
            else:
                self.wrong_type(item_path, item, "a table", f"write each entry as {example}")
        return out

    def boolean(self, table: Table, key: str, path: str, default: bool) -> bool:
        if key not in table:
            return default
        value = table[key]
        if isinstance(value, bool):
            return value
        self.wrong_type(_join(path, key), value, "true or false", "write true or false, no quotes")
        return default

    def choice(
        self, table: Table, key: str, path: str, *, choices: Sequence[str], default: str
    ) -> str:
        """One of a few words, e.g. "stay"; a near miss gets a "did you mean"."""
        if key not in table:
            return default
        value, where = table[key], _join(path, key)
        quoted = [f'"{c}"' for c in choices]
        listed = (
            " or ".join(quoted) if len(quoted) < 3 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
        )
        if not isinstance(value, str):
            self.wrong_type(where, value, "text", f"write {listed}, in quotes")
        elif value.strip().lower() in choices:
            return value.strip().lower()
        else:
            close = suggest(value.strip(), choices)
            fix = f'did you mean "{close}"?' if close else f"use {listed}"
            self.add(where, f"{show(value)} is not a known choice", fix)
        return default

    def integer(
        self, table: Table, key: str, path: str, *, default: int, low: int, high: int
    ) -> int:
        if key not in table:
            return default
        value, where = table[key], _join(path, key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(
                where, value, "a whole number", f"write a number from {low} to {high}, no quotes"
            )
        elif not low <= value <= high:
            self.add(where, f"{show(value)} is out of range", f"use a number from {low} to {high}")
        else:
            return value
        return default

    def text(self, value: object, path: str, *, what: str, limit: int = 200) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(path, value, what, "write it in quotes")
        elif not value.strip():
            self.add(path, "is empty", f"write {what}")
        elif len(value) > limit or "\n" in value:
            self.add(path, "is too long", f"keep it to one line of at most {limit} characters")
        else:
            return value.strip()
        return None

    def texts(self, value: object, path: str, *, noun: str, most: int) -> tuple[str, ...] | None:
        items = self.array(value, path, what=f"a list of {noun}s", most=most)
        if items is None:
            return None
        out = [self.text(item, f"{path}[{i}]", what=f"a {noun}") for i, item in enumerate(items)]
        if any(item is None for item in out):
            return None
        return tuple(item for item in out if item is not None)

    def array(self, value: object, path: str, *, what: str, most: int) -> list[Any] | None:
        if not isinstance(value, list):
            self.wrong_type(path, value, what, 'write it in brackets, e.g. ["…", "…"]')
            return None
        if len(value) > most:
            self.add(path, f"has {len(value)} entries", f"keep it to at most {most}")
            return None
        return value

    def duration(
        self, value: object, path: str, *, low: timedelta, high: timedelta, off: bool
    ) -> timedelta | bool | None:
        """A duration within [low, high]; None for "off" (when allowed); False if bad."""
        example = f'"{format_duration(low)}" to "{format_duration(high)}"' + (
            ' or "off"' if off else ""
        )
        if not isinstance(value, str):
            self.wrong_type(
                path, value, "a duration string", f"write it in quotes with a unit: {example}"
            )
            return False
        try:
            parsed = parse_optional(value)
        except DurationError as exc:
            self.add(path, str(exc).split(";")[0], f"use h, m and s, e.g. {example}")
            return False
        if parsed is None and not off:
            self.add(path, "cannot be switched off", f"give a duration from {example}")
            return False
        if parsed is not None and not low <= parsed <= high:
            self.add(path, f"{show(value)} is out of range", f"use {example}")
            return False
        return parsed

    def clock(self, value: object, path: str, *, end: bool = False) -> int | None:
        """ "HH:MM" (or a TOML local time) as minutes after midnight; 24:00 only as an end."""
        if isinstance(value, dt.time) and not isinstance(value, dt.datetime):
            if value.second or value.microsecond or value.tzinfo:
                self.add(path, f"{value} has seconds or a time zone", 'write "HH:MM", e.g. "08:30"')
                return None
            return value.hour * 60 + value.minute
        if not isinstance(value, str):
            self.wrong_type(path, value, 'a time "HH:MM"', 'write it in quotes, e.g. "08:30"')
            return None
        return self._clock_text(value, path, end=end)

    def _clock_text(self, value: str, path: str, *, end: bool) -> int | None:
        match = _CLOCK.match(value.strip())
        if not match:
            self.add(
                path,
                f"{show(value)} is not a time",
                'write "HH:MM" on the 24-hour clock, e.g. "08:30"',
            )
            return None
        hours, minutes = int(match.group(1)), int(match.group(2))
        if end and (hours, minutes) == (24, 0):
            return 1440
        if hours > 23 or minutes > 59:
            last = "24:00" if end else "23:59"
            self.add(path, f"{show(value)} is not a time of day", f'use "00:00" to "{last}"')
            return None
        return hours * 60 + minutes

    def time_range(self, value: object, path: str) -> TimeRange | None:
        """ "09:00-12:30" as a TimeRange that ends after it starts."""
        if not isinstance(value, str):
            self.wrong_type(
                path, value, 'a range "HH:MM-HH:MM"', 'write it in quotes, e.g. "09:00-12:30"'
            )
            return None
        parts = _RANGE_DASH.split(value.strip())
        if len(parts) != 2:
            self.add(
                path,
                f"{show(value)} is not a time range",
                'write "HH:MM-HH:MM", e.g. "09:00-12:30"',
            )
            return None
        start = self._clock_text(parts[0], path, end=False)
        end = self._clock_text(parts[1], path, end=True)
        if start is None or end is None:
            return None
        if end <= start:
            self.add(path, f"{show(value)} ends before it starts", "write the later time second")
            return None
        return TimeRange(start, end)

    def weekday(self, value: object, path: str) -> tuple[int, ...] | None:
        """A day name ("mon", "monday") or group ("weekdays", "weekend", "daily")."""
        if not isinstance(value, str):
            self.wrong_type(
                path, value, 'a day name such as "mon"', 'write it in quotes, e.g. "mon"'
            )
            return None
        word = " ".join(value.lower().split())
        if word in DAY_GROUPS:
            return DAY_GROUPS[word]
        for names in (DAYS, _FULL_DAYS):
            if word in names:
                return (names.index(word),)
        close = suggest(word, [*DAYS, *DAY_GROUPS])
        hint = f'did you mean "{close}"?' if close else "use mon … sun, weekdays, weekend or daily"
        self.add(path, f"{show(value)} is not a day", hint)
        return None
