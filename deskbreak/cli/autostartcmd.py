"""`deskbreak autostart enable | disable | status`: start deskbreak when you log in.

Owns the command only; the entries themselves are `deskbreak.install.autostart`'s.
Imports no GUI library.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from deskbreak.cli import OK, REFUSED, Context


def register(subparsers: Any) -> None:
    text = "start deskbreak when you log in"
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "autostart", help=text, description=f"{text.capitalize()}: enable, disable or check."
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
            print(
                f"autostart enabled: deskbreak will start when you log in ({where})", file=ctx.out
            )
        elif action == "disable":
            removed = login.disable()
            message = "autostart disabled" if removed else "autostart was not enabled"
            print(f"{message} ({login.where()})", file=ctx.out)
        else:
            state = login.status()
            word = "enabled" if state.enabled else "disabled"
            print(f"autostart: {word} ({state.where})", file=ctx.out)
            if state.command:
                print(f"  command: {state.command}", file=ctx.out)
            if state.note:
                print(f"  note: {state.note}", file=ctx.out)
    except OSError as exc:
        print(f"deskbreak: cannot {action} autostart at {login.where()}: {exc}", file=ctx.err)
        return REFUSED
    return OK
