"""`deskbreak desktop-entry install | remove | status`: deskbreak in the desktop's app menu.

Owns the command only; the entry and its icons are `deskbreak.install.menuentry`'s. Imports no
GUI library (Pillow only while the icons are drawn).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from deskbreak.cli import OK, REFUSED, Context
from deskbreak.core.i18n import _


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "desktop-entry",
        help=_("show deskbreak in the desktop's application menu, with its icon"),
        # Translators: `install`, `remove` and `status` are the commands, typed as they are.
        description=_(
            "Show deskbreak in the desktop's application menu, with its icon: `install`, "
            "`remove`, or `status` to check."
        ),
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
            # Translators: {file} is the entry's file, {icons} the folder of its icons.
            text = _("desktop entry installed: {file} (icons in {icons})")
            print(text.format(file=written[0], icons=entry.share / "icons"), file=ctx.out)
        elif action == "remove":
            if entry.remove():
                text = _("desktop entry removed ({file})")
            else:
                text = _("no desktop entry was installed ({file})")
            print(text.format(file=entry.file), file=ctx.out)
        else:
            state = entry.status()
            if state.installed:
                # Translators: {where} is the entry's file, {icons} says which icons are there.
                text = _("desktop entry: installed ({where}); icons: {icons}")
            else:
                text = _("desktop entry: not installed ({where}); icons: {icons}")
            print(text.format(where=state.where, icons=state.icons), file=ctx.out)
    except OSError as exc:
        failed = {
            "install": _("cannot install the desktop entry at {file}: {error}"),
            "remove": _("cannot remove the desktop entry at {file}: {error}"),
        }.get(action, _("cannot check the desktop entry at {file}: {error}"))
        print(f"deskbreak: {failed.format(file=entry.file, error=exc)}", file=ctx.err)
        return REFUSED
    return OK
