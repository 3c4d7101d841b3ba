"""The threads deskbreak starts: each one a daemon thread with a `deskbreak-…` name.

Every thread of the daemon, the player and the CLI is started here, so each has a name that
says whose it is in a stack dump, `top -H`, `/proc/PID/task/TID/comm` (the kernel keeps 15
characters: `deskbreak-` is dropped there) or a footprint count, and
`docs/architecture.md` lists them all (tests/test_architecture.py reads the names from the
code and compares). No thread is started at import time.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

PREFIX = "deskbreak-"


def _named(name: str) -> str:
    if not name.startswith(PREFIX):
        raise ValueError(f"a thread's name starts with {PREFIX!r}: {name!r}")
    return name


def make(name: str, target: Callable[..., Any], *args: Any) -> threading.Thread:
    """A daemon thread named `name` that runs `target(*args)`, not started yet."""
    return threading.Thread(target=_as, args=(name, target, *args), name=_named(name), daemon=True)


def _as(name: str, target: Callable[..., Any], *args: Any) -> None:
    os_name(name)
    target(*args)


def os_name(name: str) -> None:
    """Give the calling thread `name` where the OS shows it (Linux: its comm, 15 bytes,
    without the common prefix); best effort, silent where it cannot."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        short = name.removeprefix(PREFIX).encode("utf-8", "replace")[:15]
        ctypes.CDLL(None, use_errno=True).prctl(15, short, 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def start(name: str, target: Callable[..., Any], *args: Any) -> threading.Thread:
    """Start a daemon thread named `name` that runs `target(*args)`; return it."""
    thread = make(name, target, *args)
    thread.start()
    return thread


def later(seconds: float, name: str, target: Callable[..., Any], *args: Any) -> threading.Timer:
    """Run `target(*args)` once, `seconds` from now, on a daemon thread named `name`;
    `cancel()` the returned timer to call it off."""
    timer = threading.Timer(seconds, _as, args=(name, target, *args))
    timer.name = _named(name)
    timer.daemon = True
    timer.start()
    return timer
