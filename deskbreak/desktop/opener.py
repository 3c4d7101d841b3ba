"""Opening a file with the desktop's default application (xdg-open, open, startfile).

Owns starting the opener without waiting for it, reaping it on a thread of its own (no
defunct child is left behind), and saying why when it fails, so the caller can show the
file's path instead. Edge module: standard library only; must not import the daemon.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

Failed = Callable[[str], None]  # told the reason, in words


def open_with_desktop(path: Path, on_failure: Failed) -> subprocess.Popen[bytes] | None:
    """Start the desktop's opener for `path`; `on_failure` hears why if it fails.

    Returns the opener's process (reaped by a background thread), or None when there
    is none to wait for."""
    if os.name == "nt":
        try:
            os.startfile(path)  # type: ignore[attr-defined]
        except OSError as exc:
            _failed(path, exc.strerror or str(exc), on_failure)
        return None
    command = ["open" if sys.platform == "darwin" else "xdg-open", str(path)]
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        _failed(path, f"{command[0]} cannot run ({exc.strerror or exc})", on_failure)
        return None
    threading.Thread(
        target=_reap, args=(proc, command[0], path, on_failure), name="deskbreak-open", daemon=True
    ).start()
    return proc


def _reap(proc: subprocess.Popen[bytes], opener: str, path: Path, on_failure: Failed) -> None:
    """Wait for the opener (some wait for the application to close) and judge its exit."""
    _, err = proc.communicate()
    if proc.returncode == 0:
        return
    lines = err.decode(errors="replace").strip().splitlines()
    detail = f": {lines[-1]}" if lines else ""
    _failed(path, f"{opener} exited with code {proc.returncode}{detail}", on_failure)


def _failed(path: Path, why: str, on_failure: Failed) -> None:
    log.warning("could not open %s: %s", path, why)
    try:
        on_failure(why)
    except Exception:
        log.exception("could not report that %s did not open", path)
