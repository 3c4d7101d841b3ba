"""Finding English that did not go through the translation layer, in pseudo-locale output.

Under DESKBREAK_LANGUAGE=pseudo every translated message reads "⟦Ŝţåŕţ ··⟧"; what is left
outside the brackets is either data that stays as written (ids, config keys, numbers, commands,
paths) or a message somebody forgot to mark. `unmarked(text)` lists the second kind.
"""

from __future__ import annotations

import re

OPEN, CLOSE = "⟦", "⟧"
PSEUDO_ENV = {"DESKBREAK_LANGUAGE": "pseudo"}
# Words that stay English in any language: the program, its commands and options, config
# keys and values, routine and exercise ids, units Babel writes, JSON keys.
KEEP = frozenset(
    [
        "deskbreak",
        "run",
        "start",
        "stop",
        "status",
        "break",
        "snooze",
        "skip",
        "pause",
        "resume",
        "reload",
        "play",
        "plan",
        "stats",
        "history",
        "routines",
        "show",
        "list",
        "export",
        "safety",
        "config",
        "check",
        "init",
        "path",
        "doctor",
        "autostart",
        "enable",
        "disable",
        "desktop",
        "entry",
        "install",
        "remove",
        "completion",
        "bash",
        "zsh",
        "fish",
        "json",
        "csv",
        "png",
        "terminal",
        "help",
        "version",
        "follow",
        "format",
        "toml",
        "off",
        "auto",
        "true",
        "false",
        "sni",
        "xembed",
        "appindicator",
        "gtk",
        "none",
        "min",
        "sec",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")
_DATA = re.compile(
    r"`[^`]*`"  # code in backticks
    r"|(?:~|\.{0,2})/[\w./~-]*"  # paths
    r"|--?[a-z][\w-]*"  # options
    r"|\b[a-z0-9]+(?:[-_.][a-z0-9]+)+\b"  # ids, keys, dotted names: mini-reset, schedule.every
    r"|\b[\w.+-]+@[\w.-]+\b"
    r"|https?://\S+"
)


def strip_marked(text: str) -> str:
    """`text` without its translated (bracketed) parts, nested ones included."""
    out, depth = [], 0
    for ch in text:
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def unmarked(text: str, keep: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The English words in `text` outside any translated message, less data and `keep`."""
    rest = _DATA.sub(" ", strip_marked(text))
    allowed = KEEP | set(keep)
    return [w for w in _WORD.findall(rest) if w.lower() not in allowed]


def is_marked(text: str) -> bool:
    """Whether `text` holds at least one translated message."""
    return OPEN in text
