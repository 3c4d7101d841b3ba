"""A hold source made of plain readers, for platforms whose APIs are calls, not streams.

Owns the loop the macOS and Windows sources share: read every signal, report a
change, then wait — for the platform's change notification where it has one
(Windows registry notifications), else for a few seconds. A reader returns True,
False, or None when it cannot tell (which counts as off). Readers and the wait are
parameters, so tests drive the loop without the platform.
Edge module: standard library only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

from deskbreak import threads
from deskbreak.core.ports import HoldReport, HoldSignal

log = logging.getLogger(__name__)

Reader = Callable[[], bool | None]
Wait = Callable[[threading.Event], bool]  # waits for a change or the stop; True once stopped


def timed_wait(seconds: float) -> Wait:
    return lambda stop: stop.wait(seconds)


class ReaderSource:
    def __init__(self, name: str, readers: Mapping[HoldSignal, Reader], wait: Wait) -> None:
        self.name = name
        self.signals = frozenset(readers)
        self._readers, self._wait = dict(readers), wait
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: frozenset[HoldSignal] | None = None
        self._report: HoldReport = lambda signals: None

    def start(self, report: HoldReport) -> None:
        self._report = report
        self._thread = threads.make(f"deskbreak-hold-{self.name}", self._run)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def read(self) -> frozenset[HoldSignal]:
        on = set()
        for signal, reader in self._readers.items():
            try:
                if reader() is True:
                    on.add(signal)
            except Exception:  # a platform call failing is "cannot tell", not a crash
                log.debug("%s: reading %s failed", self.name, signal, exc_info=True)
        return frozenset(on)

    def _run(self) -> None:
        while not self._stop.is_set():
            signals = self.read()
            if signals != self._last:
                self._last = signals
                self._report(signals)
            if self._wait(self._stop):
                return
