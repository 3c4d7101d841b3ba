"""The manual pages: deskbreak(1) from the parser, deskbreak.toml(5) from the example config.

`python -m deskbreak.cli.manpage OUTDIR` writes `OUTDIR/deskbreak.1` and
`OUTDIR/deskbreak.toml.5` (the package builds call exactly that). deskbreak(1) walks the
parser (`cli/parsertree.py`): every command, argument and option as `--help` shows them, in
English; the page's own sections (files, environment, exit status) are written here.
deskbreak.toml(5) is `cli/configpage.py`'s. Both are roff for the man macros
(`cli/roff.py`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from deskbreak import __version__
from deskbreak.cli.parsertree import Argument, Command, Option
from deskbreak.cli.roff import bold, escape, italic, line, lines, prose, title

PAGES = ("deskbreak.1", "deskbreak.toml.5")

# The sections written here, not taken from the parser.
_DESCRIPTION = (
    "deskbreak counts your active time at the keyboard and, after each stretch of work, "
    "reminds you to take a short break, with a guided routine for the upper back, neck and "
    "shoulders. The daemon (`deskbreak run`, also what `deskbreak` alone starts) shows a tray "
    "icon and notifications; the other commands talk to it over a control socket, or work "
    "on their own (the config, the plan, the history, the routines).",
    "A stretch without keyboard or mouse input of at least a minute does not count as work; "
    "being away as long as `natural_break` counts as a break. While a call, a screen share or "
    "a fullscreen window is on, a break that falls due is held and offered afterwards.",
)
_FILES = (
    (
        "~/.config/deskbreak/config.toml",
        "The config file; see deskbreak.toml(5). `deskbreak config init` writes a commented one.",
    ),
    ("~/.local/share/deskbreak/history.sqlite3", "Every recorded break event (SQLite)."),
    (
        "~/.local/state/deskbreak/",
        "The break waiting across a restart, the icons drawn, the weekly chart.",
    ),
    ("~/.local/state/deskbreak/log/deskbreak.log", "The log."),
    (
        "$XDG_RUNTIME_DIR/deskbreak/",
        "The control socket and the lock that keeps one daemon running.",
    ),
    (
        "~/.config/autostart/deskbreak.desktop",
        "The login entry `deskbreak autostart enable` writes.",
    ),
    (
        "~/.local/share/applications/deskbreak.desktop",
        "The application menu entry `deskbreak desktop-entry install` writes, with its icons.",
    ),
)
_ENVIRONMENT = (
    (
        "DESKBREAK_HOME",
        "Keep every file under this folder instead (config/, data/, state/, log/, run/).",
    ),
    ("DESKBREAK_CONFIG", "The config file to read, unless `--config` names one."),
    (
        "DESKBREAK_LANGUAGE",
        "The language of messages when the config says `language = "
        '"auto"`; the processes deskbreak starts inherit its choice through it.',
    ),
    (
        "LANGUAGE, LC_ALL, LC_MESSAGES, LANG",
        "The desktop's language, in that order, when neither says otherwise.",
    ),
    (
        "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_RUNTIME_DIR",
        "Move the folders above from their defaults.",
    ),
)
_EXIT_STATUS = (
    ("0", "Done."),
    (
        "1",
        "Refused: the daemon said no (nothing to snooze, say), `doctor` found a piece "
        "missing, or `play` was stopped before the routine's end.",
    ),
    ("2", "Bad usage or a config with mistakes (each named with its key and line)."),
    ("3", "The daemon is not running."),
    ("70", "An unexpected error; the log has the details."),
    ("130", "Interrupted."),
)


def deskbreak_page(top: Command) -> str:
    """deskbreak(1), for the parser as `tree()` read it."""
    summary = top.description.rstrip(".")
    out = [*title("deskbreak", 1, __version__, "User Commands")]
    out += [".SH NAME", f"deskbreak \\- {escape(summary[:1].lower() + summary[1:])}"]
    out += [".SH SYNOPSIS", ".B deskbreak", _usage(top, top)]
    out += [".SH DESCRIPTION"]
    for number, paragraph in enumerate(_DESCRIPTION):
        out += [".PP"] if number else []
        out.append(line(prose(paragraph)))
    out += [".SH OPTIONS", *_items((), top.options)]
    out += [".SH COMMANDS"]
    for command in top.walk():
        if command.path:
            out += _command(command, top)
    out += [".SH FILES", *_table(_FILES, italic)]
    out += [".SH ENVIRONMENT", *_table(_ENVIRONMENT, bold)]
    out += [".SH EXIT STATUS", *_table(_EXIT_STATUS, bold)]
    out += [".SH SEE ALSO", "\\fBdeskbreak.toml\\fR(5)"]
    return "\n".join([*out, ""])


def _command(command: Command, top: Command) -> list[str]:
    out = [f".SS {' '.join(command.path)}"]
    out += [".PP", f"{bold(command.name)} {_usage(command, top)}".rstrip()]
    out += [".PP", line(prose(command.description))]
    if command.commands:
        names = ", ".join(bold(child.path[-1]) for child in command.commands)
        out += [".PP", f"Its commands: {names}."]
    return out + _items(command.arguments, command.own_options(top))


def _usage(command: Command, top: Command) -> str:
    """The command's options and arguments as a synopsis line, in roff."""
    options = command.own_options(top) if command.path else top.options
    parts = [f"[{_flag(option)}]" for option in options]
    parts += [_argument(arg) for arg in command.arguments]
    if command.commands:
        parts.append(f"{italic('COMMAND')} ...")
    return " ".join(parts)


def _flag(option: Option) -> str:
    flag = bold(option.flags[-1])
    return f"{flag} {italic(option.metavar)}" if option.metavar else flag


def _argument(arg: Argument) -> str:
    choices = "|".join(bold(choice) for choice in arg.choices)
    text = choices or italic(arg.metavar)
    if arg.repeats:
        text += " ..."
    return f"[{text}]" if arg.optional else text


def _items(arguments: Sequence[Argument], options: Sequence[Option]) -> list[str]:
    """A tagged paragraph per argument (with help) and option."""
    out = []
    for arg in arguments:
        if arg.help:
            out += [".TP", _argument(arg).strip("[]"), line(prose(arg.help))]
    for option in options:
        flags = ", ".join(bold(flag) for flag in option.flags)
        if option.metavar:
            flags += f" {italic(option.metavar)}"
        out += [".TP", flags, *lines([prose(option.help)])]
    return out


def _table(rows: Sequence[tuple[str, str]], style: Callable[[str], str]) -> list[str]:
    """A tagged paragraph per row; a tag of several names has each in the style."""
    out = []
    for names, text in rows:
        out += [".TP", ", ".join(style(name) for name in names.split(", ")), line(prose(text))]
    return out


def write_pages(outdir: Path) -> list[Path]:
    """Write both pages into `outdir` (made if needed), in English; return their paths."""
    from deskbreak import lang
    from deskbreak.cli import build_parser
    from deskbreak.cli.configpage import config_page
    from deskbreak.cli.parsertree import tree
    from deskbreak.core.config.example import example_text

    lang.setup("en", {})
    outdir.mkdir(parents=True, exist_ok=True)
    texts = (deskbreak_page(tree(build_parser())), config_page(example_text()))
    written = []
    for name, text in zip(PAGES, texts, strict=True):
        path = outdir / name
        path.write_text(text, encoding="ascii")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python -m deskbreak.cli.manpage OUTDIR", file=sys.stderr)
        return 2
    try:
        for path in write_pages(Path(args[0])):
            print(path)
    except OSError as exc:
        print(
            f"deskbreak.cli.manpage: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
