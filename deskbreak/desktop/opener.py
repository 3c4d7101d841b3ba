"""Opening a file with the desktop's default application (xdg-open, open, startfile).

Owns starting the opener without waiting for it, reaping it on a thread of its own (no
defunct child is left behind), and saying why when it fails, so the caller can show the
file's path instead: in the language in use to the caller, in English to the log. Edge
module: the standard library and the core's translation layer only; must not import the daemon.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from deskbreak import threads
from deskbreak.core.i18n import _

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
            reason = exc.strerror or str(exc)
            _failed(path, reason, reason, on_failure)
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
        reason = exc.strerror or str(exc)
        english = f"{command[0]} cannot run ({reason})"
        # Translators: {opener} is the program that opens files ("xdg-open", "open"), {reason}
        # the operating system's words for what went wrong.
        told = _("{opener} cannot run ({reason})").format(opener=command[0], reason=reason)
        _failed(path, english, told, on_failure)
        return None
    threads.make("deskbreak-open", _reap, proc, command[0], path, on_failure).start()
    return proc


def _reap(proc: subprocess.Popen[bytes], opener: str, path: Path, on_failure: Failed) -> None:
    """Wait for the opener (some wait for the application to close) and judge its exit."""
    _out, err = proc.communicate()
    if proc.returncode == 0:
        return
    lines = err.decode(errors="replace").strip().splitlines()
    code = proc.returncode
    if lines:
        english = f"{opener} exited with code {code}: {lines[-1]}"
        # Translators: {opener} is the program that opens files ("xdg-open", "open"), {code}
        # its exit status, {message} the last line it printed (in its own language).
        told = _("{opener} exited with code {code}: {message}").format(
            opener=opener, code=code, message=lines[-1]
        )
    else:
        english = f"{opener} exited with code {code}"
        # Translators: {opener} is the program that opens files ("xdg-open", "open"), {code}
        # its exit status.
        told = _("{opener} exited with code {code}").format(opener=opener, code=code)
    _failed(path, english, told, on_failure)


def _failed(path: Path, english: str, told: str, on_failure: Failed) -> None:
    log.warning("could not open %s: %s", path, english)
    try:
        on_failure(told)
    except Exception:
        log.exception("could not report that %s did not open", path)
