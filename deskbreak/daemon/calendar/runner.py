"""The calendar reader as the daemon runs it: started when [calendar] has sources, built
again when a reload changes [calendar], woken when the machine resumes from sleep, stopped
with the daemon.

`apply(settings)` is cheap when nothing changed (one comparison), so the app calls it after
every step of the owner; it never waits for a read under way (the old reader is told to stop,
and a read it finishes is told to no one).
"""

from __future__ import annotations

import logging
import threading
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from deskbreak.core.config.model import CalendarSettings
from deskbreak.daemon.calendar.cache import FILE, Cache

if TYPE_CHECKING:  # the reader (urllib, ssl) is loaded only when a calendar is configured
    from deskbreak.daemon.calendar.fetcher import Fetcher, OnChange

log = logging.getLogger(__name__)


class Runner:
    def __init__(self, state_dir: Path, on_change: OnChange, tz: tzinfo) -> None:
        self.cache = Cache(state_dir / FILE)
        self.on_change = on_change
        self.tz = tz
        self.settings: CalendarSettings | None = None
        self.fetcher: Fetcher | None = None
        self._lock = threading.Lock()  # the owner thread applies, the main thread stops
        self._closed = False

    def apply(self, settings: CalendarSettings) -> None:
        with self._lock:
            if settings != self.settings and not self._closed:
                self._apply(settings)

    def _apply(self, settings: CalendarSettings) -> None:
        was_on = self.settings is not None and self.settings.enabled
        self.settings = settings
        if self.fetcher is not None:
            self.fetcher.stop()
            self.fetcher = None
        if settings.enabled:
            from deskbreak.daemon.calendar.fetcher import Fetcher

            log.info("calendar: reading %d sources", len(settings.sources))
            self.fetcher = Fetcher(settings, self.cache, self.on_change, self.tz)
            self.fetcher.start()
        elif was_on:
            log.info("calendar: off")
            self.on_change((), ())

    def wake(self) -> None:
        """Read every source now (the machine resumed: the calendar may have changed while
        it slept, and a new day may have begun). Any thread; nothing when the calendar is off."""
        with self._lock:
            if self.fetcher is not None:
                self.fetcher.wake()

    def stop(self) -> None:
        with self._lock:
            self._closed = True
            if self.fetcher is not None:
                self.fetcher.stop()
                self.fetcher = None
