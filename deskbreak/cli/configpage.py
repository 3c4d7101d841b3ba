"""deskbreak.toml(5): the config reference, read from the commented example config.

Owns turning `config.example.toml` (the file `deskbreak config init` writes) into a manual
page, so the page says what the example says and cannot drift from it. The example's shape
is read as it is written: comments before the first table describe the file; each table,
written (`[tray]`) or commented out (`#[schedule.hours]`), is a section with the comment
before it; a setting (`every = "45m"`, or `#language = "auto"` after a comment) is an entry
with its comment, the one before it or the one at the end of its line; other commented
lines (`#at = "08:30"`, a commented-out table's body up to a blank line) are examples,
shown as written. Anything else is kept as an example too, so no shape of the file can
break the page.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from deskbreak import __version__
from deskbreak.cli.roff import bold, escape, line, literal, prose, title

_TABLE = re.compile(r"^(\[\[?[A-Za-z0-9_.\-]+\]\]?)\s*(?:#.*)?$")
_SETTING = re.compile(r"^([A-Za-z0-9_\-]+)\s*=\s*(.*)$")

_INTRO = (
    "deskbreak reads its settings from a TOML file, by default "
    "~/.config/deskbreak/config.toml (see FILES). `deskbreak config init` writes the "
    "commented example this page is made from, `deskbreak config check` finds the mistakes "
    "in a file, each with its key and line, and `deskbreak config show` prints the settings "
    "in force. The running daemon reads the file again when it is saved."
)
_FILE = (
    "The config file. DESKBREAK_CONFIG or `--config` name another; with DESKBREAK_HOME set it "
    "is config/config.toml in that folder."
)


@dataclass
class Entry:
    key: str
    value: str
    text: list[str]  # the comment lines that describe it


@dataclass
class Example:
    lines: list[str]


@dataclass
class Text:
    lines: list[str]  # comment lines: a paragraph, or several split by empty lines


@dataclass
class Section:
    name: str  # "" before the first table
    items: list[Entry | Example | Text] = field(default_factory=list)


def sections(example: str) -> list[Section]:
    """The example config's sections, in order, the first the text before any table."""
    found = [Section("")]
    comment: list[str] = []  # the comment lines not given to anything yet
    block: Example | None = None  # a commented-out example running to the next blank line

    def place(item: Entry | Example | Text) -> None:
        found[-1].items.append(item)

    def flush() -> None:
        if comment:
            place(Text(comment.copy()))
            comment.clear()

    for raw in example.splitlines():
        text = raw.rstrip()
        body = text[1:] if text.startswith("#") else None
        if not text.strip():
            block = None
            flush()
        elif block is not None and body is not None:
            block.lines.append(body if body[:1] not in (" ", "") else text if body else "")
        elif body is not None and body[:1] in (" ", ""):
            comment.append(body[1:])
        elif body is not None and _TABLE.match(body):
            found.append(Section(body.split("#")[0].strip()))
            flush()
            block = Example([])
            place(block)
        elif body is not None and _SETTING.match(body) and comment:
            key, value = _setting(body)
            place(Entry(key, value, comment.copy()))
            comment.clear()
        elif body is not None:
            flush()
            block = Example([body])
            place(block)
        elif _TABLE.match(text):
            found.append(Section(text.split("#")[0].strip()))
            flush()
        elif match := _SETTING.match(text):
            value, note = _value_and_note(match.group(2))
            if note:  # the comment at the line's end describes it; the one before, the table
                flush()
            place(Entry(match.group(1), value.strip(), [note.strip()] if note else comment.copy()))
            comment.clear()
        else:
            flush()
            place(Example([text]))
    flush()
    return found


def _value_and_note(text: str) -> tuple[str, str]:
    """A setting's value and the comment at the end of its line ("" when none)."""
    for found in re.finditer(r"\s#", text):
        value = text[: found.start()]
        try:
            tomllib.loads(f"x = {value}")
        except tomllib.TOMLDecodeError:
            continue  # the "#" is inside the value, a string
        return value.strip(), text[found.end() :].strip()
    return text.strip(), ""


def _setting(text: str) -> tuple[str, str]:
    match = _SETTING.match(text)
    assert match is not None
    return match.group(1), match.group(2).strip()


def config_page(example: str) -> str:
    """deskbreak.toml(5) for the example config's text."""
    out = [*title("deskbreak.toml", 5, __version__, "File Formats")]
    out += [".SH NAME", "deskbreak.toml \\- the deskbreak config file"]
    out += [".SH SYNOPSIS", escape("~/.config/deskbreak/config.toml")]
    out += [".SH DESCRIPTION", line(prose(_INTRO))]
    parts = sections(example)
    preamble = parts[0].items
    if preamble and isinstance(preamble[0], Text) and len(preamble[0].lines) == 1:
        preamble = preamble[1:]  # the example's own title line, this page has its own
    for item in preamble:
        out += _item(item)
    out += [".SH SETTINGS"]
    for section in parts[1:]:
        out += [f".SS {escape(section.name)}"]
        for item in section.items:
            out += _item(item)
    out += [".SH FILES", ".TP", escape("~/.config/deskbreak/config.toml"), line(prose(_FILE))]
    out += [".SH SEE ALSO", "\\fBdeskbreak\\fR(1)"]
    return "\n".join([*out, ""])


def _item(item: Entry | Example | Text) -> list[str]:
    if isinstance(item, Example):
        return [".PP", *literal(item.lines)] if any(s.strip() for s in item.lines) else []
    if isinstance(item, Text):
        return _paragraphs(item.lines, ".PP")
    tag = f"{bold(item.key)} = {escape(item.value)}"
    body = _paragraphs(item.text, ".IP")
    return [".TP", tag, *(body[1:] if body else [])]


def _paragraphs(texts: list[str], start: str) -> list[str]:
    """Comment lines as paragraphs: empty lines split them, indented lines stay as written."""
    out: list[str] = []
    run: list[str] = []
    kind = ""  # "fill" or "keep", the kind of `run`

    def end() -> None:
        if run and kind == "fill":
            out.extend([start, line(prose(" ".join(s.strip() for s in run)))])
        elif run:
            out.extend([start, *literal(run, indent=2)])
        run.clear()

    for text in texts:
        now = "keep" if text.startswith(" ") else "fill"
        if not text.strip() or now != kind:
            end()
            kind = now
        if text.strip():
            run.append(text)
    end()
    return out
