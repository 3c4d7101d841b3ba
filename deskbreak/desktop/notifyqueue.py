"""The notifier's own thread: every notifier call is queued and run there, in order.

Owns keeping a slow or hanging notification server away from the controller, which carries
out effects while holding its lock, and building the notifier late: given `build` instead of
a notifier, it builds one on its thread with the first notice, so a daemon that has shown
nothing carries no notification stack (desktop-notifier, dbus-fast, their asyncio loop) and
no thread for it. Edge module: standard library only; must not import pystray, tkinter or
desktop_notifier.
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
    hangs (each backend waits up to its timeout) must not hold up the CLI and the timer.
    With `build` instead of `inner`, the notifier is built by the first call that needs one
    (a notice, or withdrawing one a previous run left), on the worker thread; a `close`
    before any notice has nothing to close and starts nothing."""

    def __init__(
        self,
        inner: Notifier | None = None,
        *,
        build: Callable[[], Notifier] | None = None,
        drain: float = 12.0,
    ) -> None:
        if (inner is None) == (build is None):
            raise ValueError("give either a notifier or a way to build one")
        self._inner = inner
        self._build = build
        self._drain = drain  # how long shutdown waits for calls still queued
        self._queue: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._shown = False  # whether a notice was ever queued: until then close is a no-op

    @property
    def built(self) -> bool:
        """Whether the notifier exists (always, when it was given rather than built)."""
        return self._inner is not None

    def show(self, notice: Notice) -> None:
        self._put(lambda: self._notifier().show(notice), shows=True)

    def close(self) -> None:
        if self._shown:
            self._put(lambda: self._notifier().close())

    def withdraw_left(self) -> None:
        """Withdraw what a previous run left on screen, before anything new is shown."""

        def withdraw() -> None:
            withdraw_left = getattr(self._notifier(), "withdraw_left", None)
            if withdraw_left is not None:
                withdraw_left()

        self._put(withdraw)

    def shutdown(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(self._drain)
        if self._inner is not None:  # never built: nothing was shown, nothing to stop
            self._inner.shutdown()

    def _notifier(self) -> Notifier:
        """The notifier, built on the worker thread the first time one is needed."""
        if self._inner is None:
            assert self._build is not None
            self._inner = self._build()
            log.debug("notifier built")
        return self._inner

    def _put(self, call: Callable[[], None], *, shows: bool = False) -> None:
        with self._lock:
            self._shown = self._shown or shows
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
