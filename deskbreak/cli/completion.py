"""`deskbreak completion bash|zsh|fish`: the shell completion script, and what it asks for.

Owns the command that prints the script (written from the parser by
`cli/completionscripts.py`, so a new command or option completes as soon as it exists) and
the hidden `deskbreak completion --list routines|snooze` the scripts call while completing:
the routine ids and snooze lengths of the config as it is now, one a line. That listing is
quick and quiet: a config that cannot be read lists nothing, with no message and exit 0,
since whatever it printed would land in the middle of the user's command line.
"""

from __future__ import annotations

import argparse
from typing import Any

from deskbreak.cli import OK, Context
from deskbreak.cli.completionscripts import SHELLS, script
from deskbreak.core.i18n import _

LISTS = ("routines", "snooze")


def register(subparsers: Any) -> None:
    text = _("print the shell completion script for bash, zsh or fish")
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "completion", help=text, description=text
    )
    parser.add_argument("shell", nargs="?", choices=SHELLS)
    # For the scripts only, hence hidden: the config's routine ids or snooze lengths.
    parser.add_argument("--list", choices=LISTS, help=argparse.SUPPRESS)
    parser.set_defaults(handler=run)


def run(ctx: Context) -> int:
    if ctx.args.list is not None:
        return list_values(ctx)
    if ctx.args.shell is None:
        own: argparse.ArgumentParser = ctx.args.parser
        own.error(_("the following arguments are required: %s") % "shell")  # argparse's text
    from deskbreak.cli import build_parser
    from deskbreak.cli.parsertree import tree

    ctx.out.write(script(ctx.args.shell, tree(build_parser())))
    return OK


def list_values(ctx: Context) -> int:
    """Print the config's routine ids or snooze lengths; nothing when it cannot be read."""
    try:
        values = _values(ctx, ctx.args.list)
    except Exception:  # a broken config: no candidates, and no message on the command line
        return OK
    ctx.out.write("".join(f"{value}\n" for value in values))
    return OK


def _values(ctx: Context, which: str) -> list[str]:
    from deskbreak.core.config.durations import format_duration
    from deskbreak.core.config.read import catalogue, load_config

    config = load_config(ctx.paths.config_file)
    if which == "routines":
        return list(catalogue(config))
    return [format_duration(length) for length in config.schedule.snooze_choices]
