"""The `deskbreak` command: argument parsing and dispatch to the command modules.

Each command module under `deskbreak.cli` exposes `register(subparsers)` which
adds its sub-commands and sets `handler` (a `Handler`) as the parser default.
Handlers return the exit code: 0 ok, 1 refused, 2 bad usage or config,
3 daemon not running. No traceback ever reaches the user: unexpected errors are
logged with their traceback and summarised in one line.
"""

from __future__ import annotations

import argparse
import errno
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from deskbreak import __version__
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _
from deskbreak.paths import Paths, resolve

log = logging.getLogger(__name__)

OK, REFUSED, USAGE, NOT_RUNNING = 0, 1, 2, 3


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

    _mistyped: str | None = None  # a command not among the choices, met while parsing

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"{self.prog}: {self._reworded(message)}\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if isinstance(action, argparse._SubParsersAction) and value not in action.choices:
            self._mistyped = str(value)  # argparse's message is translated: remember it here
        super()._check_value(action, value)

    def _reworded(self, message: str) -> str:
        """A mistyped command gets a suggestion: `unknown command "stauts" — did you mean
        "status"?`; other messages stay argparse's."""
        typed = self._mistyped
        commands = [
            name
            for action in self._actions
            if isinstance(action, argparse._SubParsersAction)
            for name in action.choices
        ]
        if typed is None or not commands:
            return message
        import difflib  # only for a mistyped command

        close = difflib.get_close_matches(typed, commands, n=3)
        if not close:
            return message
        swapped = [name for name in close if sorted(name) == sorted(typed)]  # letters swapped
        # Translators: {typed} is what the user typed, {command} the command they probably
        # meant; both stay as they are.
        return _('unknown command "{typed}" — did you mean "{command}"?').format(
            typed=typed, command=(swapped or close)[0]
        )


def build_parser(*, daemon_only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with `daemon_only`, only the daemon's commands (`run` among
    them), so the daemon keeps none of the other command modules in memory."""
    parser = _Parser(
        prog="deskbreak",
        description=_("Desk-break reminder with guided seated routines."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"deskbreak {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=_("debug logging"))
    parser.add_argument(
        "--config",
        # Translators: a placeholder in the usage line, in capitals: a file's path.
        metavar=_("PATH"),
        help=_("config file (default: the user config)"),
    )
    # Translators: a placeholder in the usage line, in capitals: the command to run.
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    # The command modules import this package's names, so they are imported here;
    # in this order their commands appear in --help.
    from deskbreak.cli import daemoncmd

    modules: tuple[Any, ...] = (daemoncmd,)
    if not daemon_only:
        from deskbreak.cli import (
            autostartcmd,
            completion,
            configcmd,
            doctorcmd,
            entrycmd,
            historycmd,
            plancmd,
            playcmd,
            routinescmd,
            safetycmd,
        )

        modules = (daemoncmd, playcmd, plancmd, historycmd, routinescmd, safetycmd, configcmd)
        modules += (autostartcmd, doctorcmd, entrycmd, completion)
    for module in modules:
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
            "-v",
            "--verbose",
            action="store_true",
            default=argparse.SUPPRESS,
            help=_("debug logging"),
        )
    if "--config" not in known:
        parser.add_argument(
            "--config", metavar=_("PATH"), default=argparse.SUPPRESS, help=_("config file")
        )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                _accept_common_options(child)


def _runs_the_daemon(argv: Sequence[str]) -> bool:
    """True when the command line is `run` (or no command, which means `run`) and asks for
    no top-level help or version: then only the daemon's commands need parsing."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help", "--version"):
            return False
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word == "run"
    return True


# A place deskbreak writes to that refuses it: read-only, not ours, or full.
UNWRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT}


def main(argv: Sequence[str] | None = None) -> int:
    from deskbreak.cli.language import choose
    from deskbreak.cli.terminal import tolerant_streams

    tolerant_streams()  # a Latin-1 or ASCII terminal gets plain characters, not a crash
    from deskbreak.daemon import logs

    logs.console_only()  # a warning is one line, never a traceback
    choose(sys.argv[1:] if argv is None else argv)  # before the parser: --help is translated
    parser = build_parser(daemon_only=_runs_the_daemon(sys.argv[1:] if argv is None else argv))
    args, extra = parser.parse_known_args(argv)
    if extra:  # told by the command that was being parsed, with its own usage
        own: argparse.ArgumentParser = getattr(args, "parser", parser)
        own.error(_("unrecognized arguments: %s") % " ".join(extra))  # argparse's own text
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
    except OSError as exc:
        if exc.filename is None or exc.errno not in UNWRITABLE:
            return _unexpected(exc, args.command, paths)
        # A place deskbreak must write to: say which, and why it cannot.
        log.warning("cannot use %s: %s", exc.filename, exc)
        # Translators: {path} is a file or folder, {reason} the system's reason (such as
        # "Read-only file system"). DESKBREAK_HOME stays as it is.
        text = _(
            "cannot write {path} ({reason}); deskbreak keeps its log, history and state "
            "there — free some space, fix the permissions, or point DESKBREAK_HOME "
            "somewhere writable"
        ).format(path=exc.filename, reason=exc.strerror or type(exc).__name__)
        print(f"deskbreak: {text}", file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: never a traceback on the terminal
        return _unexpected(exc, args.command, paths)


def _unexpected(exc: Exception, command: str, paths: Paths) -> int:
    log.exception("unexpected error in %s", command, exc_info=exc)
    # Translators: {error} is the error's own text, {log} the log file's path.
    text = _("unexpected error: {error} (details in {log})")
    print(f"deskbreak: {text.format(error=exc, log=paths.log_file)}", file=sys.stderr)
    return 70
