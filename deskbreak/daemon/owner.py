"""The owner thread: the one thread on which the daemon's state (the controller and the
engine) lives, with its inbox and its timer.

Every edge hands its news to the owner instead of touching the state itself: `post(work)`
queues a call (a tick, an idle change, a hold change, a click, a finished player, a reload)
and returns at once; `ask(work)` queues one and waits for its answer (the control socket,
the tray's menu). Work runs one item at a time in the order it was posted, so the state
needs no lock, and a call made on the owner thread itself runs at once.

The thread is APScheduler 3.x's `BlockingScheduler` main loop, run on a thread named
`deskbreak-owner`: one date job ("wake") is re-armed after every step (`wake_in`), and jobs
run inline on that same thread (the `debug` executor), so a wake-up costs one thread one
switch. The inbox is drained each time the loop wakes. The process sleeps until the engine
next needs to look — no per-second tick. Jobs are `coalesce=True, misfire_grace_time=None`:
a wake-up that fell due while the machine slept still runs. `wake_now()` is for
resume-from-suspend signals, from the sleep watch's thread: it posts the step, so the timer's
state is written only on the owner thread (the loop waits on a monotonic clock that stops
during suspend).
APScheduler computes each wait from the wall clock, so when the clock is set back it would
sleep until the old wall time, hours away: the loop also never waits past the wake-up's
monotonic due time plus `SLACK`, and when it finds the wake-up that late it runs it at once.
Edge module: the only place that imports apscheduler.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, timedelta, tzinfo
from typing import Any, Protocol, TypeVar

from deskbreak import threads
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _

log = logging.getLogger(__name__)

T = TypeVar("T")
JOB = "wake"
SLACK = 2.0  # seconds past a wake-up before the guard re-arms it
ASK_TIMEOUT = 60.0  # how long a caller waits for the owner's answer
THREAD = "deskbreak-owner"


class Inbox(Protocol):
    """Where the controller's work runs: the owner thread, or inline (tests)."""

    def post(self, work: Callable[[], None]) -> None:
        """Run `work` on the owner thread, after what was posted before; return at once."""
        ...

    def ask(self, work: Callable[[], T]) -> T:
        """Run `work` on the owner thread and return its answer (or raise its exception)."""
        ...


class Inline:
    """An inbox that runs each piece of work at once on the caller's thread: for tests
    and tools that drive the controller from one thread."""

    def post(self, work: Callable[[], None]) -> None:
        try:
            work()
        except Exception:
            log.exception("posted work failed")

    def ask(self, work: Callable[[], T]) -> T:
        return work()


class Owner:
    """The owner thread: `start(step)` starts it (each wake-up runs `step`), `post` and `ask`
    hand it work, `wake_in` re-arms its timer, `shutdown` stops it."""

    def __init__(self, tz: tzinfo) -> None:
        self._callback: Callable[[], None] = _nothing
        self._tz = tz
        self._scheduler: Any = None
        self._inbox: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._due: float | None = None  # monotonic time of the requested wake-up
        self._stopped = False

    # ------------------------------------------------------------ the thread
    def start(self, step: Callable[[], None]) -> None:
        """Start the owner thread; each wake-up runs `step`. Work posted before runs first."""
        from apscheduler.schedulers.blocking import BlockingScheduler

        owner = self

        # APScheduler is untyped, hence the ignore. `_process_jobs` is the loop's one step
        # (3.x): the inbox is drained before the jobs, and the wait it returns is capped.
        class Loop(BlockingScheduler):  # type: ignore[misc]
            def _process_jobs(self) -> float | None:
                owner._drain()
                owner._catch_up()
                wait: float | None = super()._process_jobs()
                owner._drain()  # the step a due wake-up queued, outside the job loop
                return owner._cap(wait)

        self._scheduler = Loop(
            executors={"default": {"type": "debug"}},  # jobs run on the loop's own thread
            job_defaults={"coalesce": True, "misfire_grace_time": None},
            timezone=self._tz,
        )
        self._callback = step
        self._thread = threads.make(THREAD, self._run_loop)
        self._thread.start()

    def _run_loop(self) -> None:
        try:
            self._scheduler.start()  # returns once shut down
        except Exception:
            log.exception("the owner thread stopped")

    def on_owner_thread(self) -> bool:
        return threading.current_thread() is self._thread

    # ------------------------------------------------------------ the inbox
    def post(self, work: Callable[[], None]) -> None:
        if self.on_owner_thread():
            self._inbox.put(work)  # after the work running now, in order
            return
        self._inbox.put(work)
        self._wake()

    def ask(self, work: Callable[[], T]) -> T:
        if self.on_owner_thread():
            return work()
        if self._stopped:  # nobody would answer: say so at once instead of timing out
            raise DeskbreakError(_("not ready"), _("deskbreak is busy; try again"))
        answer: Future[T] = Future()

        def run() -> None:
            if not answer.set_running_or_notify_cancel():
                return
            try:
                answer.set_result(work())
            except BaseException as exc:
                answer.set_exception(exc)

        self._inbox.put(run)
        self._wake()
        return answer.result(ASK_TIMEOUT)

    def _wake(self) -> None:
        scheduler = self._scheduler
        if scheduler is not None and scheduler.running:  # else its start drains the inbox
            scheduler.wakeup()

    def _drain(self) -> None:
        while True:
            try:
                work = self._inbox.get_nowait()
            except queue.Empty:
                return
            try:
                work()
            except Exception:  # the owner must keep running whatever a piece of work does
                log.exception("work on the owner thread failed")

    # ------------------------------------------------------------ the timer
    def wake_in(self, seconds: float) -> None:
        """Run the step once, `seconds` from now (replacing any earlier request)."""
        scheduler = self._scheduler
        if scheduler is None:
            return
        seconds = max(0.0, seconds)
        run_at = datetime.now(self._tz) + timedelta(seconds=seconds)
        self._due = time.monotonic() + seconds
        scheduler.add_job(self._run, "date", run_date=run_at, id=JOB, replace_existing=True)
        log.debug("next wake-up in %.0f s", seconds)

    def wake_now(self) -> None:
        """Any thread (the sleep watch, on resume): run the step at once. It is posted, so
        the timer's state is only ever written on the owner thread."""
        self.post(self._step)

    def _run(self) -> None:
        """The wake-up job: queue the step. It runs from the inbox, after APScheduler has
        finished with the job, so the step may re-arm the job under the same id."""
        self._due = None
        self._inbox.put(self._step)

    def _step(self) -> None:
        try:
            self._callback()
        except Exception:  # the timer must keep running whatever a step does
            log.exception("timer step failed")

    def _catch_up(self) -> None:
        """A wake-up more than SLACK late by the monotonic clock (the wall clock was set
        back): run it now."""
        due, scheduler = self._due, self._scheduler
        if due is not None and scheduler is not None and time.monotonic() > due + SLACK:
            log.info("wake-up late by more than %g s (clock set back?): waking now", SLACK)
            self._due = None
            now = datetime.now(self._tz)
            scheduler.add_job(self._run, "date", run_date=now, id=JOB, replace_existing=True)

    def _cap(self, wait: float | None) -> float | None:
        """The loop's wait, never past the wake-up's monotonic due time plus SLACK."""
        due = self._due
        if due is None:
            return wait
        left = max(0.0, due + SLACK - time.monotonic())
        return left if wait is None else min(wait, left)

    def shutdown(self) -> None:
        self._stopped = True
        scheduler, self._scheduler = self._scheduler, None  # later requests do nothing
        if scheduler is not None:
            try:
                scheduler.remove_all_jobs()
                scheduler.shutdown(wait=False)
            except Exception as exc:  # not started, or already stopped
                log.debug("owner shutdown: %s", exc)
        thread = self._thread
        if thread is not None and not self.on_owner_thread():
            thread.join(5)


def _nothing() -> None:
    """The step of an owner not started yet."""
