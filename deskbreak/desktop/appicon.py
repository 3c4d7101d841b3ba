"""The application's icon in the freedesktop icon theme: deskbreak in the app menu and on its
notifications.

Owns the picture (the tray icon's own drawing — `icon.render` — in its break-is-due look: the
seated figure stretching on a warm disc) and where it lives: `hicolor/NxN/apps/deskbreak.png`
under the user's data directory (XDG_DATA_HOME; DESKBREAK_HOME's `share` for tests), 16–256 px.
`notification_icon` is the installed file a notification shows; `app_icon` falls back to a copy
drawn once into a folder of the caller's when nothing is installed. Edge module: imports Pillow
lazily (through `icon`); must not import pystray, tkinter or the daemon.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from deskbreak.core.status import State, Status

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

NAME = "deskbreak"  # the icon name, as a desktop entry's Icon= says it
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
NOTIFICATION_SIZE = 128


def share_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user's XDG data directory (re-rooted by DESKBREAK_HOME, like every other path)."""
    env = os.environ if env is None else env
    if env.get("DESKBREAK_HOME"):
        return Path(env["DESKBREAK_HOME"]).expanduser() / "share"
    if env.get("XDG_DATA_HOME"):
        return Path(env["XDG_DATA_HOME"]).expanduser()
    return Path.home() / ".local" / "share"


def icon_file(share: Path, size: int) -> Path:
    return share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"


def render_app_icon(size: int) -> Image.Image:
    """The app icon at `size` px: the tray's break-is-due picture."""
    from deskbreak.desktop import icon

    return icon.render(_app_look(), size)


def write_icons(share: Path) -> list[Path]:
    """Draw and save the icon at every size (replacing older ones); the files written."""
    written = []
    for size in SIZES:
        path = icon_file(share, size)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".tmp")
        render_app_icon(size).save(partial, format="PNG")
        partial.replace(path)
        written.append(path)
    return written


def remove_icons(share: Path) -> int:
    """Delete the icon files; how many there were."""
    removed = 0
    for size in SIZES:
        try:
            icon_file(share, size).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def notification_icon(env: Mapping[str, str] | None = None) -> Path | None:
    """The installed icon file a notification should carry, or None before it is installed."""
    path = icon_file(share_dir(env), NOTIFICATION_SIZE)
    return path if path.is_file() else None


def app_icon(folder: Path, size: int = NOTIFICATION_SIZE) -> Path | None:
    """The icon notifications carry: the installed theme file when there is one, else a PNG
    of the same picture drawn once into `folder`; None when it cannot be drawn."""
    installed = notification_icon()
    if installed is not None:
        return installed
    target = folder / f"{NAME}-{size}.png"
    if target.is_file():
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".tmp")
        render_app_icon(size).save(partial, format="PNG")
        partial.replace(target)
    except Exception as exc:  # Pillow missing, a read-only disk: notifications go on without
        log.warning("no notification icon: %s", str(exc) or type(exc).__name__)
        return None
    return target


def _app_look() -> Status:
    """A status whose tray picture is the app's: a break is due."""
    return Status(
        state=State.DUE,
        now=datetime(2000, 1, 1, tzinfo=UTC),
        next_due=None,
        seconds_left=None,
        snoozes_used=0,
        max_snoozes=0,
        snooze_refusal=None,
        paused_until=None,
        next_working=None,
        next_routine="",
        next_routine_title="",
        next_routine_seconds=0,
    )
