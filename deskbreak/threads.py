"""The threads deskbreak starts: each one a daemon thread with a `deskbreak-…` name.

Every thread of the daemon, the player and the CLI is started here, so each has a name that
says whose it is in a stack dump, `top -H` or a footprint count, and
`docs/architecture.md` lists them all (tests/test_architecture.py reads the names from the
code and compares). No thread is started at import time.
"""

from __future__ import annotations

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
    return threading.Thread(target=target, args=args, name=_named(name), daemon=True)


def start(name: str, target: Callable[..., Any], *args: Any) -> threading.Thread:
    """Start a daemon thread named `name` that runs `target(*args)`; return it."""
    thread = make(name, target, *args)
    thread.start()
    return thread


def later(seconds: float, name: str, target: Callable[..., Any], *args: Any) -> threading.Timer:
    """Run `target(*args)` once, `seconds` from now, on a daemon thread named `name`;
    `cancel()` the returned timer to call it off."""
    timer = threading.Timer(seconds, target, args=args)
    timer.name = _named(name)
    timer.daemon = True
    timer.start()
    return timer
