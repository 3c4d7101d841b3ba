"""The command line as data: the argparse parser walked into commands, options and arguments.

Owns reading `build_parser()`'s result for the files generated from it, the shell completion
scripts (`cli/completion.py`) and the manual page (`cli/manpage.py`), so both follow every
command and option as it is added. Hidden options (`help=argparse.SUPPRESS`) are left out.
It also says what a value is, for completion: a file, one of fixed choices, a routine id or
a snooze length (those two read from the live config when completing). Standard library only.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass

# What completes a value: a file name, a routine id, one of the config's snooze lengths, or
# nothing in particular. Fixed choices are in `choices`.
FILE, ROUTINE, SNOOZE, ANY = "file", "routine", "snooze", "any"

# Values that are files, by argparse dest (the option or argument's name).
_FILE_DESTS = {"config", "png", "path"}
# Arguments that take a routine id, beside every one named "routine": (command path, dest).
_ROUTINE_ARGS = {(("routines", "show"), "id"), (("routines", "export"), "id")}
_SNOOZE_ARGS = {(("snooze",), "duration")}


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]  # "-v", "--verbose"
    metavar: str | None  # None: a switch, it takes no value
    choices: tuple[str, ...]
    kind: str  # FILE, ROUTINE, SNOOZE or ANY: what its value is
    help: str

    @property
    def takes_value(self) -> bool:
        return self.metavar is not None


@dataclass(frozen=True)
class Argument:
    """A positional argument."""

    metavar: str
    nargs: str | int | None  # argparse's: None (one), "?", "*", "+", or a count
    choices: tuple[str, ...]
    kind: str
    help: str

    @property
    def optional(self) -> bool:
        return self.nargs in ("?", "*")

    @property
    def repeats(self) -> bool:
        return self.nargs in ("*", "+")


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]  # () for `deskbreak` itself, ("routines", "show") ...
    help: str  # the one line in the parent's list of commands
    description: str
    options: tuple[Option, ...]
    arguments: tuple[Argument, ...]
    commands: tuple[Command, ...]

    @property
    def name(self) -> str:
        return " ".join(("deskbreak", *self.path))

    def walk(self) -> Iterator[Command]:
        """This command, then every command under it, depth first in --help's order."""
        yield self
        for child in self.commands:
            yield from child.walk()

    def own_options(self, common: Command) -> tuple[Option, ...]:
        """The options but `--help` and those every command shares with `common` (the top)."""
        shared = {flag for option in common.options for flag in option.flags}
        return tuple(
            option
            for option in self.options
            if "--help" not in option.flags and not shared.intersection(option.flags)
        )


def tree(parser: argparse.ArgumentParser) -> Command:
    """The whole command line under `parser` (`deskbreak.cli.build_parser()`)."""
    return _command(parser, (), help="")


def _command(parser: argparse.ArgumentParser, path: tuple[str, ...], help: str) -> Command:
    options: list[Option] = []
    arguments: list[Argument] = []
    commands: list[Command] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, child in action.choices.items():
                if name in helps:  # aliases have no line of their own
                    commands.append(_command(child, (*path, name), helps[name]))
        elif action.help == argparse.SUPPRESS:
            continue
        elif action.option_strings:
            options.append(_option(action, path))
        else:
            arguments.append(_argument(action, path))
    return Command(
        path=path,
        help=help,
        description=parser.description or help,
        options=tuple(options),
        arguments=tuple(arguments),
        commands=tuple(commands),
    )


def _option(action: argparse.Action, path: tuple[str, ...]) -> Option:
    takes_value = action.nargs != 0
    metavar = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
    return Option(
        flags=tuple(action.option_strings),
        metavar=metavar if takes_value else None,
        choices=_choices(action),
        kind=_kind(path, action.dest),
        help=action.help or "",
    )


def _argument(action: argparse.Action, path: tuple[str, ...]) -> Argument:
    choices = _choices(action)
    if isinstance(action.metavar, str):
        metavar = action.metavar
    else:
        metavar = "{" + ",".join(choices) + "}" if choices else action.dest.upper()
    nargs = action.nargs if isinstance(action.nargs, str | int) else None
    return Argument(metavar, nargs, choices, _kind(path, action.dest), action.help or "")


def _choices(action: argparse.Action) -> tuple[str, ...]:
    return tuple(str(choice) for choice in action.choices or ())


def _kind(path: tuple[str, ...], dest: str) -> str:
    if dest in _FILE_DESTS:
        return FILE
    if dest == "routine" or (path, dest) in _ROUTINE_ARGS:
        return ROUTINE
    if (path, dest) in _SNOOZE_ARGS:
        return SNOOZE
    return ANY
