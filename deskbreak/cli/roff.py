"""Writing roff for the manual pages (the man macros), with nothing but the standard library.

Owns escaping text so groff and mandoc print it as written: backslashes, hyphens (`\\-`, so
an option can be copied from the page), a line that would start with a control character,
and every character outside ASCII as a `\\[uXXXX]` escape, so the page is plain ASCII and
needs no input encoding. Text between backticks, as the help texts write commands, is set
in bold.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Mapping

_CODE = re.compile(r"`([^`]+)`")


def escape(text: str) -> str:
    """`text` as roff prints it literally (not yet safe at the start of a line: see `line`)."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\e")
        elif char == "-":
            out.append("\\-")
        elif ord(char) > 126:
            out.append(f"\\[u{ord(char):04X}]")
        elif ord(char) < 32:
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def prose(text: str) -> str:
    """Escaped text, with `code` spans in bold."""
    parts = _CODE.split(text)
    return "".join(bold(part) if i % 2 else escape(part) for i, part in enumerate(parts))


def bold(text: str) -> str:
    return f"\\fB{escape(text)}\\fR"


def italic(text: str) -> str:
    return f"\\fI{escape(text)}\\fR"


def line(text: str) -> str:
    """An already escaped text line, kept from being read as a request (`.` or `'` first)."""
    text = text.strip()
    return "\\&" + text if text[:1] in (".", "'") else text


def lines(texts: Iterable[str]) -> list[str]:
    """Escaped lines of filled text, without the empty ones."""
    return [line(text) for text in texts if text.strip()]


def literal(texts: Iterable[str], indent: int = 4) -> list[str]:
    """Lines kept as they are (an example), indented."""
    body = [f"\\&{escape(text.rstrip())}" if text.strip() else "" for text in texts]
    return [f".RS {indent}", ".nf", *body, ".fi", ".RE"]


def title(name: str, section: int, version: str, manual: str) -> list[str]:
    """The `.TH` line and a comment on where the page comes from; text set ragged-right
    and never hyphenated, so a long value (a setting's example) keeps its words whole."""
    return [
        f'.\\" {name}({section}), generated from deskbreak {version}; edit the source, not this',
        f'.TH {name.upper()} {section} "{page_date()}" "deskbreak {version}" "{manual}"',
        ".ad l",
        ".nh",
    ]


def page_date(environ: Mapping[str, str] | None = None) -> str:
    """The page's date: SOURCE_DATE_EPOCH's (reproducible builds), else today's."""
    env = os.environ if environ is None else environ
    try:
        stamp = float(env["SOURCE_DATE_EPOCH"])
    except (KeyError, ValueError):
        stamp = time.time()
    return time.strftime("%Y-%m-%d", time.gmtime(stamp))
