"""The application's icon, as notifications carry it.

Owns where the icon comes from: for now a PNG of the tray's due picture, drawn once into
a folder of the caller's choosing; once the themed "deskbreak" icon is installed with the
package, `app_icon` returns that name instead. Edge module: imports Pillow (through the
tray picture) lazily; must not import pystray, tkinter or the daemon.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from deskbreak.core.status import State, Status

log = logging.getLogger(__name__)


def app_icon(folder: Path, size: int = 128) -> Path | str | None:
    """The icon notifications carry: for now a PNG of the tray's due picture, drawn once
    into `folder`; None when it cannot be drawn. (Return the themed icon's name,
    "deskbreak", once it is installed with the package.)"""
    target = folder / f"deskbreak-{size}.png"
    if target.is_file():
        return target
    try:
        from deskbreak.desktop.icon import render

        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        render(_due_status(), size).save(partial, format="PNG")
        partial.replace(target)
    except Exception as exc:  # Pillow missing, a read-only disk: notifications go on without
        log.warning("no notification icon: %s", str(exc) or type(exc).__name__)
        return None
    return target


def _due_status() -> Status:
    return Status(
        state=State.DUE, now=datetime.now().astimezone(), next_due=None, seconds_left=None,
        snoozes_used=0, max_snoozes=0, snooze_refusal=None, paused_until=None,
        next_working=None, next_routine="", next_routine_title="", next_routine_seconds=0,
    )  # fmt: skip
