"""Waiting on a condition with a deadline: the suite's one replacement for fixed sleeps."""

from __future__ import annotations

import time
from collections.abc import Callable


class WaitTimeout(AssertionError):
    """`wait_until` ran out of time (an AssertionError, so a test fails rather than errors)."""


def wait_until(
    what: str, predicate: Callable[[], bool], timeout: float = 10.0, *, every: float = 0.02
) -> None:
    """Poll `predicate` every `every` s until it holds; fail naming `what` after `timeout` s.

    An exception from `predicate` (a process that died, say) ends the wait at once."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise WaitTimeout(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)
