"""Is a screen reader running for this user? Then the terminal player writes calm lines.

Owns the two checks: GNOME's `org.gnome.desktop.a11y.applications
screen-reader-enabled`, read with `gsettings get` (no PyGObject; bounded by a
timeout, a missing program or schema counts as no), and an `orca` process of this
user in `/proc`. Edge module: standard library only; must not import tkinter or PIL.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA = "org.gnome.desktop.a11y.applications"
KEY = "screen-reader-enabled"
READERS = ("orca",)  # process names of screen readers
TIMEOUT = 2.0


def gnome_enabled(
    env: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which
) -> bool:
    """GNOME's screen-reader switch, read with `gsettings get`; False when it cannot be read."""
    gsettings = which("gsettings")
    if gsettings is None:
        return False
    try:
        done = subprocess.run(
            [gsettings, "get", SCHEMA, KEY],
            env=None if env is None else dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.info("gsettings did not answer: %s", exc)
        return False
    return done.returncode == 0 and done.stdout.strip() == "true"


def reader_process(proc: Path = Path("/proc"), uid: int | None = None) -> str | None:
    """The name of a screen reader this user runs (its pid's `comm`), or None."""
    uid = os.getuid() if uid is None and hasattr(os, "getuid") else uid
    try:
        entries = list(proc.iterdir())
    except OSError:
        return None
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            if uid is not None and entry.stat().st_uid != uid:
                continue
            name = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if name in READERS:
            return name
    return None


def running(env: Mapping[str, str] | None = None) -> str | None:
    """Why the player should be calm for a screen reader ("gnome", "orca"), or None."""
    if gnome_enabled(env):
        return "gnome"
    return reader_process()
