"""Single key presses from a terminal, for the terminal player's Space, → and Esc.

Owns putting a terminal into cbreak mode for the length of a routine (keys
arrive at once, unechoed; Ctrl-C still sends SIGINT) and restoring it on every
exit, and decoding what arrives into `Key`s: Space, the Right arrow, Escape
(alone, not the start of an arrow), "q" and "s". `read(timeout)` waits at most
`timeout` seconds. Without a terminal on stdin (a pipe, CI) nothing is read.
Edge module: stdlib only (termios, select); must not import tkinter or PIL.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
from collections.abc import Iterator
from enum import StrEnum
from typing import Protocol, TextIO

log = logging.getLogger(__name__)

ESC_WAIT = 0.05  # seconds to wait for the rest of an escape sequence


class Key(StrEnum):
    PAUSE = "pause"  # Space
    NEXT = "next"  # Right arrow
    STOP = "stop"  # Escape or q
    SAFETY = "safety"  # s: show the safety note again


class KeySource(Protocol):
    def read(self, timeout: float) -> Key | None: ...


def decode(data: bytes) -> list[Key]:
    """The keys in a burst of terminal input (unknown bytes are ignored)."""
    keys: list[Key] = []
    i = 0
    while i < len(data):
        if data.startswith(b"\x1b[C", i) or data.startswith(b"\x1bOC", i):
            keys.append(Key.NEXT)
            i += 3
            continue
        if data.startswith(b"\x1b[", i) or data.startswith(b"\x1bO", i):
            i += 3  # another arrow or function key: ignored
            continue
        byte = data[i : i + 1]
        found = {b" ": Key.PAUSE, b"\x1b": Key.STOP, b"q": Key.STOP, b"s": Key.SAFETY}.get(byte)
        if found is not None:
            keys.append(found)
        i += 1
    return keys


class TerminalKeys:
    """Keys from a file descriptor already in cbreak mode (see `cbreak`)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._pending: list[Key] = []

    def read(self, timeout: float) -> Key | None:
        if not self._pending:
            self._pending = decode(self._take(timeout))
        return self._pending.pop(0) if self._pending else None

    def _take(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout))
        if not ready:
            return b""
        data = os.read(self._fd, 64)
        if data.endswith(b"\x1b") or data.endswith(b"\x1b["):
            more, _, _ = select.select([self._fd], [], [], ESC_WAIT)
            if more:
                data += os.read(self._fd, 64)
        return data


@contextlib.contextmanager
def cbreak(stream: TextIO) -> Iterator[TerminalKeys | None]:
    """Keys from `stream` while the block runs, or None when it is not a terminal."""
    try:
        fd = stream.fileno()
        interactive = os.isatty(fd)
    except (OSError, ValueError):
        interactive = False
    if not interactive:
        yield None
        return
    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal
        yield None
        return
    try:
        saved = termios.tcgetattr(fd)
        tty.setcbreak(fd)
    except termios.error as exc:
        log.info("keys off: cannot set the terminal to cbreak mode (%s)", exc)
        yield None
        return
    try:
        yield TerminalKeys(fd)
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
