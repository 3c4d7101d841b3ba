"""The daemon's only timer: one APScheduler 3.x date job, re-armed after every step.

The process sleeps until the engine next needs to look (next break, snooze or
pause end, working-hours start, idle probe) — no per-second tick, no busy loop.
Jobs are `coalesce=True, misfire_grace_time=None`: APScheduler's default 1 s
grace would silently drop a wake-up that fell due while the machine slept.
`wake_now()` is for resume-from-suspend signals: the scheduler waits on a
monotonic clock that stops during suspend, so it must be nudged.
Edge module: the only place that imports apscheduler.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

log = logging.getLogger(__name__)

JOB = "wake"


class Timer:
    def __init__(self, callback: Callable[[], None], tz: tzinfo) -> None:
        self._callback = callback
        self._tz = tz
        self._scheduler: Any = None
        self._lock = threading.Lock()

    def start(self) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler

        self._scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
            timezone=self._tz,
        )
        self._scheduler.start()

    def wake_in(self, seconds: float) -> None:
        """Run the callback once, `seconds` from now (replacing any earlier request)."""
        scheduler = self._scheduler
        if scheduler is None:
            return
        run_at = datetime.now(self._tz) + timedelta(seconds=max(0.0, seconds))
        with self._lock:
            scheduler.add_job(self._run, "date", run_date=run_at, id=JOB, replace_existing=True)
        log.debug("next wake-up in %.0f s", seconds)

    def wake_now(self) -> None:
        self.wake_in(0)
        if self._scheduler is not None:
            self._scheduler.wakeup()

    def _run(self) -> None:
        try:
            self._callback()
        except Exception:  # the timer must keep running whatever a step does
            log.exception("timer step failed")

    def shutdown(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
