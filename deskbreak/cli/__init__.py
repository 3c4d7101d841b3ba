"""The `deskbreak` command: argument parsing and dispatch to the command modules.

Each command module under `deskbreak.cli` exposes `register(subparsers)` which
adds its sub-commands and sets `handler` (a `Handler`) as the parser default.
Handlers return the exit code: 0 ok, 1 refused, 2 bad usage or config,
3 daemon not running. No traceback ever reaches the user: unexpected errors are
logged with their traceback and summarised in one line.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from deskbreak import __version__
from deskbreak.core.errors import DeskbreakError
from deskbreak.paths import Paths, resolve

log = logging.getLogger(__name__)

OK, REFUSED, USAGE, NOT_RUNNING = 0, 1, 2, 3

# Command modules, in the order their commands appear in --help.
MODULES = (
    "daemoncmd",
    "playcmd",
    "plancmd",
    "historycmd",
    "routinescmd",
    "safetycmd",
    "configcmd",
    "autostartcmd",
    "doctorcmd",
    "entrycmd",
)


@dataclass(frozen=True)
class Context:
    args: argparse.Namespace
    paths: Paths
    out: TextIO
    err: TextIO
    verbose: bool


Handler = Callable[[Context], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 and no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: {self._reworded(message)}\n")

    def _reworded(self, message: str) -> str:
        """A mistyped command gets a suggestion: `unknown command "stauts" — did you mean
        "status"?`; other messages stay argparse's."""
        match = re.search(r"invalid choice: '([^']*)'", message)
        commands = [
            name
            for action in self._actions
            if isinstance(action, argparse._SubParsersAction)
            for name in action.choices
        ]
        if match is None or not commands:
            return message
        typed = match.group(1)
        close = difflib.get_close_matches(typed, commands, n=3)
        if not close:
            return message
        swapped = [name for name in close if sorted(name) == sorted(typed)]  # letters swapped
        return f'unknown command "{typed}" — did you mean "{(swapped or close)[0]}"?'


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="deskbreak",
        description="Desk-break reminder with guided seated routines.",
    )
    parser.add_argument("--version", action="version", version=f"deskbreak {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument("--config", metavar="PATH", help="config file (default: the user config)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in MODULES:
        try:
            module = importlib.import_module(f"deskbreak.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"deskbreak.cli.{name}":
                raise
            continue
        module.register(sub)
    for command in set(sub.choices.values()):
        _accept_common_options(command)
    return parser


def _accept_common_options(parser: argparse.ArgumentParser) -> None:
    """Let `-v` and `--config` come after the command too (`deskbreak run -v`)."""
    parser.set_defaults(parser=parser)  # the innermost command parsed names itself
    known = parser._option_string_actions
    if "-v" not in known:
        parser.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="debug logging"
        )
    if "--config" not in known:
        parser.add_argument(
            "--config", metavar="PATH", default=argparse.SUPPRESS, help="config file"
        )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                _accept_common_options(child)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # told by the command that was being parsed, with its own usage
        own: argparse.ArgumentParser = getattr(args, "parser", parser)
        own.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        args = parser.parse_args([*(argv or sys.argv[1:]), "run"])
    paths = resolve(config=args.config)
    ctx = Context(args, paths, sys.stdout, sys.stderr, bool(args.verbose))
    handler: Handler = args.handler
    try:
        return handler(ctx)
    except DeskbreakError as exc:
        print(f"deskbreak: {exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return OK
    except Exception as exc:  # last resort: never a traceback on the terminal
        log.exception("unexpected error in %s", args.command)
        print(f"deskbreak: unexpected error: {exc} (details in {paths.log_file})", file=sys.stderr)
        return 70
