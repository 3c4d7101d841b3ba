"""The calendar reader: every source read on the `deskbreak-calendar` thread, off the owner.

At its start it hands on the meetings kept on disk, so a daemon that starts offline knows its
day; then it reads each source when due — a file every `file_every` seconds if it changed, an
address or a CalDAV collection every `refresh` — and reads everything again when the window
(today and tomorrow) moves on at midnight. A failed read keeps the source's last good meetings,
says what failed in its report and is retried sooner, then less often (1 min, 2, 4, … up to
`refresh`). Whenever the meetings or the reports change it calls `on_change(meetings,
reports)` (the controller's `calendar_changed`) and writes the cache. Nothing here touches
the controller's state: the call posts to the owner thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo

from deskbreak import threads
from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.calendarstate import Failure, Problem, SourceRecord
from deskbreak.core.config.model import CalendarKind, CalendarSettings, CalendarSource
from deskbreak.daemon.calendar.cache import Cache
from deskbreak.daemon.calendar.parse import Parsed, window
from deskbreak.daemon.calendar.sources import Reader, SourceFailed, reader_for

log = logging.getLogger(__name__)

THREAD = "deskbreak-calendar"
FILE_EVERY = 30.0  # seconds between looks at a file's modification time
FIRST_RETRY = 60.0  # seconds before a failed address is tried again (doubling from there)

OnChange = Callable[[tuple[Meeting, ...], tuple[SourceReport, ...]], None]
MakeReader = Callable[[CalendarSource, tzinfo, tuple[str, ...]], Reader]


class Fetcher:
    def __init__(
        self,
        settings: CalendarSettings,
        cache: Cache,
        on_change: OnChange,
        tz: tzinfo,
        *,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        make_reader: MakeReader = reader_for,
        file_every: float = FILE_EVERY,
        first_retry: float = FIRST_RETRY,
        monotonic: Callable[[], float] = time.monotonic,
        wait: Callable[[float], None] | None = None,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.on_change = on_change
        self.tz = tz
        self.wall = wall
        self.file_every = file_every
        self.first_retry = first_retry
        # The schedule's clock and the wait between passes: a test gives a fake clock and a
        # wait that moves it on, so the intervals show without real waiting.
        self.monotonic = monotonic
        self._pause = wait or self._wait
        self._readers = {s.name: make_reader(s, tz, settings.ignore) for s in settings.sources}
        self._records: dict[str, SourceRecord] = {}
        self._told: tuple[tuple[Meeting, ...], tuple[SourceReport, ...]] | None = None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._all_due = False
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------- the outside
    def start(self) -> None:
        self._thread = threads.start(THREAD, self._run)

    def stop(self) -> None:
        """Stop at the next chance; a read under way ends within its timeout, told to no one."""
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """Read every source now, whatever its schedule (a resume from sleep, the tests)."""
        self._all_due = True
        self._wake.set()

    def join(self, timeout: float) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    @property
    def records(self) -> Mapping[str, SourceRecord]:
        return dict(self._records)

    # ------------------------------------------------------------- the thread
    def _run(self) -> None:
        try:
            self._loop()
        except Exception:  # the reader failing must never take the daemon with it
            log.exception("the calendar reader stopped")

    def _loop(self) -> None:
        kept = self.cache.load()
        self._records = {
            s.name: kept.get(s.name, SourceRecord(s.name)) for s in self.settings.sources
        }
        self._tell()
        due = dict.fromkeys(self._readers, 0.0)
        failures = dict.fromkeys(self._readers, 0)
        span: tuple[datetime, datetime] | None = None
        while not self._stop.is_set():
            now = self.wall()
            current = window(now, self.tz)
            force = current != span
            span = current
            if self._all_due:
                self._all_due = False
                due = dict.fromkeys(due, 0.0)
            changed = False
            for source in self.settings.sources:
                if self._stop.is_set():
                    return
                name = source.name
                if not force and due[name] > self.monotonic():
                    continue
                ok, moved = self._read(source, span, force)
                changed |= moved
                failures[name] = 0 if ok else failures[name] + 1
                due[name] = self.monotonic() + self._interval(source, failures[name])
            if changed and not self._stop.is_set():
                self.cache.save(self._records)
            self._tell()
            midnight = (span[1] - timedelta(days=1) - self.wall()).total_seconds()
            wait = min([*(d - self.monotonic() for d in due.values()), midnight + 1.0])
            self._pause(max(0.05, wait))

    def _wait(self, seconds: float) -> None:
        """Wait `seconds`, or until `wake` or `stop`."""
        self._wake.wait(seconds)
        self._wake.clear()

    def _interval(self, source: CalendarSource, failures: int) -> float:
        if source.kind is CalendarKind.ICS:
            return self.file_every
        refresh = self.settings.refresh.total_seconds()
        if failures:
            backoff: float = self.first_retry * 2 ** min(failures - 1, 16)
            return min(refresh, backoff)
        return refresh

    def _read(
        self, source: CalendarSource, span: tuple[datetime, datetime], force: bool
    ) -> tuple[bool, bool]:
        """Read one source: (whether it worked, whether its record changed)."""
        before = self._records[source.name]
        try:
            parsed = self._readers[source.name].read(span, force)
        except SourceFailed as exc:
            after = replace(before, problem=exc.problem)
            if after != before:
                log.warning("calendar %s: %s", source.name, exc.problem.failure.value)
            self._records[source.name] = after
            return False, after != before
        except Exception as exc:  # a library failing in a way nobody foresaw
            log.exception("calendar %s: read failed", source.name)
            after = replace(before, problem=Problem(Failure.UNREADABLE, type(exc).__name__))
            self._records[source.name] = after
            return False, after != before
        now = self.wall()
        if parsed is None:  # unchanged since the last good read
            read_at = before.read_at if source.kind is CalendarKind.ICS else now
            after = replace(before, read_at=read_at, problem=None)
        else:
            after = _record(source.name, parsed, now)
            log.info(
                "calendar %s: %d meetings, %d other events",
                source.name,
                len(parsed.meetings),
                parsed.ignored,
            )
        self._records[source.name] = after
        return True, after != before

    def _tell(self) -> None:
        records = [self._records[s.name] for s in self.settings.sources if s.name in self._records]
        meetings = tuple(sorted(m for r in records for m in r.as_meetings()))
        reports = tuple(r.report() for r in records)
        if (meetings, reports) == self._told or self._stop.is_set():
            return
        self._told = (meetings, reports)
        try:
            self.on_change(meetings, reports)
        except Exception:
            log.exception("calendar_changed failed")


def _record(name: str, parsed: Parsed, now: datetime) -> SourceRecord:
    times = tuple((m.start, m.end) for m in parsed.meetings)
    return SourceRecord(name, now, times, parsed.ignored, None)
