"""Hold sources' reports, recorded and awaited with a deadline instead of sleeps."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from deskbreak.core.ports import HoldSignal
from support.waiting import WaitTimeout, wait_until


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

    def wait_repeating(
        self, act: Callable[[], None], *signals: HoldSignal, timeout: float = 15.0
    ) -> None:
        """Do `act` again each second until a report matches: for a source that cannot say
        when it started watching, so that a change made before then would go unseen."""

        def seen() -> bool:
            act()
            try:
                self.wait(*signals, timeout=1)
            except AssertionError:
                return False
            return True

        try:
            wait_until(f"a report of {sorted(signals)}", seen, timeout, every=0)
        except WaitTimeout as exc:
            raise AssertionError(f"{exc}; saw {self.seen}") from None
