"""`deskbreak desktop-entry install | remove | status`: deskbreak in the desktop's app menu.

Owns the command only; the entry and its icons are `deskbreak.install.menuentry`'s. Imports no
GUI library (Pillow only while the icons are drawn).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from deskbreak.cli import OK, REFUSED, Context


def register(subparsers: Any) -> None:
    text = "show deskbreak in the desktop's application menu, with its icon"
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "desktop-entry", help=text, description=f"{text.capitalize()}: install, remove or check."
    )
    parser.add_argument("action", choices=("install", "remove", "status"))
    parser.set_defaults(handler=desktop_entry)


def desktop_entry(ctx: Context) -> int:
    from deskbreak.install.autostart import autostart_command, current_platform  # not for `run`
    from deskbreak.install.menuentry import MenuEntry

    entry = MenuEntry()
    action = ctx.args.action
    try:
        if action == "install":
            config = Path(ctx.args.config) if ctx.args.config else None
            written = entry.install(autostart_command(current_platform(), config=config))
            print(
                f"desktop entry installed: {written[0]} (icons in {entry.share / 'icons'})",
                file=ctx.out,
            )
        elif action == "remove":
            removed = entry.remove()
            word = "desktop entry removed" if removed else "no desktop entry was installed"
            print(f"{word} ({entry.file})", file=ctx.out)
        else:
            state = entry.status()
            word = "installed" if state.installed else "not installed"
            print(f"desktop entry: {word} ({state.where}); icons: {state.icons}", file=ctx.out)
    except OSError as exc:
        print(f"deskbreak: cannot {action} the desktop entry at {entry.file}: {exc}", file=ctx.err)
        return REFUSED
    return OK
