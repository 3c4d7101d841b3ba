"""The notifier's own thread: every notifier call is queued and run there, in order.

Owns keeping a slow or hanging notification server away from the controller, which carries
out effects while holding its lock. Edge module: standard library only; must not import
pystray, tkinter or desktop_notifier.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from deskbreak import threads
from deskbreak.core.ports import Notice, Notifier

log = logging.getLogger(__name__)


class BackgroundNotifier:
    """A `Notifier` that hands every call to `inner` on one worker thread, in order.

    The controller carries out effects while holding its lock; a notification server that
    hangs (each backend waits up to its timeout) must not hold up the CLI and the timer."""

    def __init__(self, inner: Notifier, *, drain: float = 12.0) -> None:
        self._inner = inner
        self._drain = drain  # how long shutdown waits for calls still queued
        self._queue: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def show(self, notice: Notice) -> None:
        self._put(lambda: self._inner.show(notice))

    def close(self) -> None:
        self._put(self._inner.close)

    def withdraw_left(self) -> None:
        """Withdraw what a previous run left on screen, before anything new is shown."""
        withdraw = getattr(self._inner, "withdraw_left", None)
        if withdraw is not None:
            self._put(withdraw)

    def shutdown(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(self._drain)
        self._inner.shutdown()

    def _put(self, call: Callable[[], None]) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threads.make("deskbreak-notifier", self._work)
                self._thread.start()
            self._queue.put(call)

    def _work(self) -> None:
        while (call := self._queue.get()) is not None:
            try:
                call()
            except Exception:
                log.exception("notification call failed")


def _text(notice: Notice) -> tuple[str, str]:
    return notice.title, notice.body
