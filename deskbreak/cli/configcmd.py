"""`deskbreak config check|init|path|show`: the user's config file from the command line.

Owns checking a config file and summarising it in one line, writing the
commented example (`core.config.example`) to the config path, and printing the
path or the effective config. Reads and checks
through `core.config.read`; imports no edge library.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from deskbreak.cli import OK, REFUSED, USAGE, Context
from deskbreak.cli.tomltext import dump_config
from deskbreak.core.config.durations import format_duration
from deskbreak.core.config.example import write_example
from deskbreak.core.config.model import Config
from deskbreak.core.config.read import ConfigErrors, load_config
from deskbreak.core.i18n import _, ngettext

log = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "config",
        help=_("check, create or show the config file"),
        description=_("Check, create or show the TOML config file."),
    )
    actions = parser.add_subparsers(dest="config_action", metavar=_("ACTION"), required=True)
    check = actions.add_parser("check", help=_("check the config and list every problem"))
    check.add_argument(
        "path", nargs="?", metavar=_("PATH"), help=_("file to check (default: yours)")
    )
    check.set_defaults(handler=run_check)
    init = actions.add_parser("init", help=_("write the commented example config"))
    init.add_argument("--force", action="store_true", help=_("overwrite an existing file"))
    init.set_defaults(handler=run_init)
    actions.add_parser("path", help=_("print the config file's path")).set_defaults(
        handler=run_path
    )
    show = actions.add_parser("show", help=_("print the effective config, defaults filled in"))
    show.set_defaults(handler=run_show)


def run_check(ctx: Context) -> int:
    path = Path(ctx.args.path).expanduser() if ctx.args.path else ctx.paths.config_file
    if (ctx.args.path or ctx.args.config) and not path.exists():  # named on purpose: must exist
        text = _("no file at {path}").format(path=path)
        print(f"deskbreak: config check: {text}", file=ctx.err)
        return USAGE
    try:
        config = load_config(path)
    except ConfigErrors as exc:
        for problem in exc.problems:
            print(problem, file=ctx.out)
        count = len(exc.problems)
        text = ngettext("{count} problem in {path}", "{count} problems in {path}", count)
        print(text.format(count=count, path=path), file=ctx.out)
        return USAGE
    if not path.exists():
        text = _("config OK: no file at {path}, so the defaults apply").format(path=path)
    else:
        # Translators: {summary} sums up the config in a few words, {path} is its file.
        text = _("config OK: {summary} — {path}").format(summary=summary(config), path=path)
    print(text, file=ctx.out)
    return OK


def summary(config: Config) -> str:
    """One line naming the interval, the rotation and what the user added."""
    schedule = config.schedule
    parts = [
        # Translators: {every} is the configured interval as written in the config ("30m").
        _("{every} interval").format(every=format_duration(schedule.every)),
        # Translators: {ids} lists routine ids, as written in the config.
        _("rotation {ids}").format(ids=", ".join(schedule.rotation)),
    ]
    if schedule.hours is not None:
        days = sum(1 for day in range(7) if schedule.hours.ranges(day))
        hours = ngettext("working hours on {n} day", "working hours on {n} days", days)
        parts.append(hours.format(n=days))
    reminders = len(config.reminders)
    parts.append(ngettext("{n} reminder", "{n} reminders", reminders).format(n=reminders))
    own = len(config.routines)
    mine = ngettext("{n} routine of your own", "{n} routines of your own", own)
    parts.append(mine.format(n=own))
    return ", ".join(parts)


def run_init(ctx: Context) -> int:
    path = ctx.paths.config_file
    if path.exists() and not ctx.args.force:
        text = _("{path} already exists; edit it, or use --force to replace it")
        print(f"deskbreak: {text.format(path=path)}", file=ctx.err)
        return REFUSED
    try:
        write_example(path)
    except OSError as exc:
        # Translators: {error} is the system's reason.
        text = _("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)
        print(f"deskbreak: {text}", file=ctx.err)
        return REFUSED
    print(
        _("wrote {path}; edit it, then run `deskbreak config check`").format(path=path),
        file=ctx.out,
    )
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
        text = _("{path} has problems; nothing shown").format(path=ctx.paths.config_file)
        print(f"deskbreak: {text}", file=ctx.err)
        return USAGE
    ctx.out.write(dump_config(config))
    return OK
