"""Hold sources' reports, recorded and awaited with a deadline instead of sleeps."""

from __future__ import annotations

import threading
import time

from deskbreak.core.ports import HoldSignal


class Reports:
    """Collects what a hold source reports; `wait` blocks until a report matches."""

    def __init__(self) -> None:
        self.seen: list[frozenset[HoldSignal]] = []
        self._cond = threading.Condition()

    def __call__(self, signals: frozenset[HoldSignal]) -> None:
        with self._cond:
            self.seen.append(signals)
            self._cond.notify_all()

    @property
    def last(self) -> frozenset[HoldSignal] | None:
        with self._cond:
            return self.seen[-1] if self.seen else None

    def wait(self, *signals: HoldSignal, timeout: float = 15.0) -> frozenset[HoldSignal]:
        want = frozenset(signals)
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self.seen or self.seen[-1] != want:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"never reported {sorted(want)}; saw {self.seen}")
                self._cond.wait(left)
            return self.seen[-1]
