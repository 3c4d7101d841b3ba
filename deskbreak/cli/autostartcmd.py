"""`deskbreak autostart enable | disable | status`: start deskbreak when you log in.

Owns the command only; the entries themselves are `deskbreak.install.autostart`'s.
Imports no GUI library.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from deskbreak.cli import OK, REFUSED, Context
from deskbreak.core.i18n import _


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "autostart",
        help=_("start deskbreak when you log in"),
        # Translators: `enable`, `disable` and `status` are the commands, typed as they are.
        description=_(
            "Start deskbreak when you log in: `enable`, `disable`, or `status` to check."
        ),
    )
    parser.add_argument("action", choices=("enable", "disable", "status"))
    parser.set_defaults(handler=autostart)


def autostart(ctx: Context) -> int:
    from deskbreak.install.autostart import Autostart, autostart_command  # not for `run`

    login = Autostart(ctx.paths)
    action = ctx.args.action
    try:
        if action == "enable":
            config = Path(ctx.args.config) if ctx.args.config else None
            where = login.enable(autostart_command(login.platform, config=config))
            if os.environ.get("DESKBREAK_HOME"):  # the entry is re-rooted with the rest
                # Translators: {where} is the entry's file. DESKBREAK_HOME stays as it is.
                text = _(
                    "autostart entry written to {where}, but DESKBREAK_HOME is set, so it is "
                    "not where your desktop looks: deskbreak will not start at login from it"
                )
            else:
                # Translators: {where} is the autostart entry's file or name.
                text = _("autostart enabled: deskbreak will start when you log in ({where})")
            print(text.format(where=where), file=ctx.out)
        elif action == "disable":
            removed = login.disable()
            if removed:
                text = _("autostart disabled ({where})")
            else:
                text = _("autostart was not enabled ({where})")
            print(text.format(where=login.where()), file=ctx.out)
        else:
            state = login.status()
            if state.enabled:
                text = _("autostart: enabled ({where})")
            else:
                text = _("autostart: disabled ({where})")
            print(text.format(where=state.where), file=ctx.out)
            if state.command:
                # Translators: {command} is the command line run at log-in.
                print("  " + _("command: {command}").format(command=state.command), file=ctx.out)
            if state.note:
                print("  " + _("note: {note}").format(note=state.note), file=ctx.out)
    except OSError as exc:
        failed = {
            "enable": _("cannot enable autostart at {where}: {error}"),
            "disable": _("cannot disable autostart at {where}: {error}"),
        }.get(action, _("cannot check autostart at {where}: {error}"))
        text = failed.format(where=login.where(), error=exc)
        print(f"deskbreak: {text}", file=ctx.err)
        return REFUSED
    return OK
