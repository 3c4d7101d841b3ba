"""`deskbreak config check|init|path|show`: the user's config file from the command line.

Owns checking a config file and summarising it in one line, writing the
commented example (shipped in the package as `config.example.toml`) to the
config path, and printing the path or the effective config. Reads and checks
through `configfile`; imports no edge library.
"""

from __future__ import annotations

import argparse
import importlib.resources
import logging
from pathlib import Path
from typing import Any

from deskbreak.cli import OK, REFUSED, USAGE, Context
from deskbreak.core.config.dump import dump_config
from deskbreak.core.config.durations import format_duration
from deskbreak.core.config.model import Config
from deskbreak.core.config.read import ConfigErrors, load_config

log = logging.getLogger(__name__)

EXAMPLE = "config.example.toml"


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "config",
        help="check, create or show the config file",
        description="Check, create or show the TOML config file.",
    )
    actions = parser.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="check the config and list every problem")
    check.add_argument("path", nargs="?", metavar="PATH", help="file to check (default: yours)")
    check.set_defaults(handler=run_check)
    init = actions.add_parser("init", help="write the commented example config")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.set_defaults(handler=run_init)
    actions.add_parser("path", help="print the config file's path").set_defaults(handler=run_path)
    show = actions.add_parser("show", help="print the effective config, defaults filled in")
    show.set_defaults(handler=run_show)


def run_check(ctx: Context) -> int:
    path = Path(ctx.args.path).expanduser() if ctx.args.path else ctx.paths.config_file
    if (ctx.args.path or ctx.args.config) and not path.exists():  # named on purpose: must exist
        print(f"deskbreak: config check: no file at {path}", file=ctx.err)
        return USAGE
    try:
        config = load_config(path)
    except ConfigErrors as exc:
        for problem in exc.problems:
            print(problem, file=ctx.out)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} in {path}", file=ctx.out)
        return USAGE
    if not path.exists():
        print(f"config OK: no file at {path}, so the defaults apply", file=ctx.out)
    else:
        print(f"config OK: {summary(config)} — {path}", file=ctx.out)
    return OK


def summary(config: Config) -> str:
    """One line naming the interval, the rotation and what the user added."""
    schedule = config.schedule
    parts = [
        f"{format_duration(schedule.every)} interval",
        f"rotation {', '.join(schedule.rotation)}",
    ]
    if schedule.hours is not None:
        days = sum(1 for day in range(7) if schedule.hours.ranges(day))
        parts.append(f"working hours on {days} day{'s' if days != 1 else ''}")
    reminders = len(config.reminders)
    parts.append(f"{reminders} reminder{'s' if reminders != 1 else ''}")
    own = len(config.routines)
    parts.append(f"{own} routine{'s' if own != 1 else ''} of your own")
    return ", ".join(parts)


def example_text() -> str:
    """The commented example config shipped with the package."""
    return importlib.resources.files("deskbreak").joinpath(EXAMPLE).read_text(encoding="utf-8")


def run_init(ctx: Context) -> int:
    path = ctx.paths.config_file
    if path.exists() and not ctx.args.force:
        print(
            f"deskbreak: {path} already exists; edit it, or use --force to replace it",
            file=ctx.err,
        )
        return REFUSED
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(example_text(), encoding="utf-8")
    except OSError as exc:
        print(f"deskbreak: cannot write {path}: {exc.strerror or exc}", file=ctx.err)
        return REFUSED
    print(f"wrote {path}; edit it, then run `deskbreak config check`", file=ctx.out)
    return OK


def run_path(ctx: Context) -> int:
    print(ctx.paths.config_file, file=ctx.out)
    return OK


def run_show(ctx: Context) -> int:
    try:
        config = load_config(ctx.paths.config_file)
    except ConfigErrors as exc:
        for problem in exc.problems:
            print(problem, file=ctx.err)
        print(f"deskbreak: {ctx.paths.config_file} has problems; nothing shown", file=ctx.err)
        return USAGE
    ctx.out.write(dump_config(config))
    return OK
