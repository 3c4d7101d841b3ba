"""The daemon's only timer: one APScheduler 3.x date job, re-armed after every step.

The process sleeps until the engine next needs to look (next break, snooze or
pause end, working-hours start, idle probe) — no per-second tick, no busy loop.
Jobs are `coalesce=True, misfire_grace_time=None`: APScheduler's default 1 s
grace would silently drop a wake-up that fell due while the machine slept.
`max_instances=2` on a single worker thread: steps never overlap, and a wake-up
asked for while a step runs (a resume signal, a command) runs right after it
instead of being skipped as "maximum number of running instances reached".
`wake_now()` is for resume-from-suspend signals: the scheduler waits on a
monotonic clock that stops during suspend, so it must be nudged. APScheduler
computes each wait from the wall clock, so when the clock is set back it would
sleep until the old wall time, hours away; a guard thread watches the monotonic
clock and re-arms the job at once when a wake-up is more than `SLACK` late.
Edge module: the only place that imports apscheduler.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

log = logging.getLogger(__name__)

JOB = "wake"
SLACK = 2.0  # seconds past a wake-up before the guard re-arms it


class Timer:
    """Runs one step at the times asked for; `start(step)` says what to run."""

    def __init__(self, tz: tzinfo) -> None:
        self._callback: Callable[[], None] = _nothing
        self._tz = tz
        self._scheduler: Any = None
        self._lock = threading.Condition()
        self._due: float | None = None  # monotonic time of the requested wake-up
        self._stopping = False

    def start(self, step: Callable[[], None]) -> None:
        """Start the scheduler; each wake-up runs `step`. Requests before this do nothing."""
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        self._scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 2},
            timezone=self._tz,
        )
        self._callback = step
        self._scheduler.start()
        self._stopping = False
        guard = threading.Thread(target=self._guard, name="deskbreak-timer-guard", daemon=True)
        guard.start()

    def wake_in(self, seconds: float) -> None:
        """Run the callback once, `seconds` from now (replacing any earlier request)."""
        scheduler = self._scheduler
        if scheduler is None:
            return
        seconds = max(0.0, seconds)
        run_at = datetime.now(self._tz) + timedelta(seconds=seconds)
        with self._lock:
            scheduler.add_job(self._run, "date", run_date=run_at, id=JOB, replace_existing=True)
            self._due = time.monotonic() + seconds
            self._lock.notify_all()
        log.debug("next wake-up in %.0f s", seconds)

    def wake_now(self) -> None:
        self.wake_in(0)
        if self._scheduler is not None:
            self._scheduler.wakeup()

    def _run(self) -> None:
        with self._lock:
            self._due = None
        try:
            self._callback()
        except Exception:  # the timer must keep running whatever a step does
            log.exception("timer step failed")

    def _guard(self) -> None:
        with self._lock:
            while not self._stopping:
                if self._due is None:
                    self._lock.wait()
                    continue
                left = self._due + SLACK - time.monotonic()
                if left > 0:
                    self._lock.wait(left)
                    continue
                self._due = None
                scheduler = self._scheduler
                if scheduler is not None:
                    log.info("wake-up late by more than %g s (clock set back?): waking now", SLACK)
                    now = datetime.now(self._tz)
                    scheduler.add_job(
                        self._run, "date", run_date=now, id=JOB, replace_existing=True
                    )

    def shutdown(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        scheduler, self._scheduler = self._scheduler, None  # later requests do nothing
        if scheduler is not None:
            # Removing the job takes the scheduler's job-store lock, so it waits for a
            # run being dispatched; shutting down mid-dispatch made APScheduler's thread
            # fail on a job the store's shutdown had already dropped.
            scheduler.remove_all_jobs()
            scheduler.shutdown(wait=False)


def _nothing() -> None:
    """The step of a timer not started yet."""
