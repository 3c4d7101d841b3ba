"""The owner thread: its timer (one pending wake-up at a time, re-armed by each request) and
its inbox (work in the order posted, answers to whoever asks, all on one named thread)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, tzinfo

import apscheduler.schedulers.base
import pytest
from support.waiting import wait_until

from deskbreak.daemon import owner as owner_module
from deskbreak.daemon.owner import SLACK, THREAD, Inline, Owner


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.at: list[float] = []  # monotonic time of each call
        self.fired = threading.Event()

    def __call__(self) -> None:
        self.count += 1
        self.at.append(time.monotonic())
        self.fired.set()


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def timer(calls: Calls) -> Iterator[Owner]:
    t = Owner(UTC)
    t.start(calls)
    yield t
    t.shutdown()


def test_a_request_fires_once(timer: Owner, calls: Calls) -> None:
    timer.wake_in(0.05)
    assert calls.fired.wait(5)
    calls.fired.clear()
    timer.wake_in(0.3)  # a fence: a repeat of the first would land before this one
    assert calls.fired.wait(5)
    assert calls.count == 2


def test_a_new_request_replaces_the_pending_one(timer: Owner, calls: Calls) -> None:
    asked = time.monotonic()
    timer.wake_in(0.05)  # replaced before it falls due
    timer.wake_in(3600)
    timer.wake_in(0.5)
    assert calls.fired.wait(5)
    assert calls.at[0] - asked >= 0.45, "an earlier request fired"
    calls.fired.clear()
    timer.wake_in(0.05)  # a fence: the 3600 s request must be gone too
    assert calls.fired.wait(5)
    assert calls.count == 2


def test_a_wake_up_asked_for_during_a_step_runs_right_after_it(calls: Calls) -> None:
    holder: list[Owner] = []

    def step() -> None:
        calls()
        if calls.count == 1:
            holder[0].wake_now()  # as a resume signal arriving mid-step would
            time.sleep(0.05)  # the rest of the step

    t = Owner(UTC)
    holder.append(t)
    t.start(step)
    try:
        t.wake_in(0.01)
        wait_until("the second step", lambda: calls.count >= 2, 5)
        assert calls.count == 2
        late = calls.at[1] - calls.at[0]
        assert late < SLACK, f"skipped, and only the guard ran it {late:.2f} s later"
    finally:
        t.shutdown()


def test_a_failing_step_does_not_stop_the_timer(calls: Calls) -> None:
    def failing() -> None:
        calls()
        raise RuntimeError("a step broke")

    t = Owner(UTC)
    t.start(failing)
    try:
        t.wake_in(0.05)
        assert calls.fired.wait(5)
        calls.fired.clear()
        t.wake_now()
        assert calls.fired.wait(5)
        assert calls.count == 2
    finally:
        t.shutdown()


def test_work_runs_on_the_owner_thread_in_the_order_posted(timer: Owner) -> None:
    seen: list[tuple[int, str]] = []

    def note(i: int) -> Callable[[], None]:
        return lambda: seen.append((i, _name()))

    posters = [threading.Thread(target=timer.post, args=(note(100 + i),)) for i in range(3)]
    for i in range(50):
        timer.post(note(i))
    for poster in posters:
        poster.start()
        poster.join()
    assert timer.ask(lambda: len(seen)) == 53  # asked after every post: they all ran
    assert [i for i, _ in seen[:50]] == list(range(50))
    assert {name for _, name in seen} == {THREAD}


def _name() -> str:
    return threading.current_thread().name


def _fail() -> None:
    raise RuntimeError("a piece of work broke")


def test_an_ask_returns_the_answer_or_raises_the_error(timer: Owner) -> None:
    assert timer.ask(_name) == THREAD
    with pytest.raises(ZeroDivisionError):
        timer.ask(lambda: 1 // 0)
    # an ask made on the owner thread runs at once instead of waiting for itself
    assert timer.ask(lambda: timer.ask(lambda: 42)) == 42
    # a failing post is logged, and the owner carries on
    timer.post(_fail)
    assert timer.ask(lambda: "still here") == "still here"


def test_work_posted_before_the_start_runs_first(calls: Calls) -> None:
    t = Owner(UTC)
    seen: list[str] = []
    t.post(lambda: seen.append("early"))
    t.start(calls)
    try:
        assert t.ask(lambda: list(seen)) == ["early"]
    finally:
        t.shutdown()


def test_a_wake_up_late_by_the_monotonic_clock_runs_at_once(
    calls: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wall clock set back an hour: APScheduler would wait an hour more; the owner does
    not wait past the monotonic due time plus SLACK."""
    t = Owner(UTC)
    t.start(calls)

    class Behind(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Behind:
            real = datetime.now(tz) - timedelta(hours=1)
            return cls.fromtimestamp(real.timestamp(), tz)

    try:
        asked = time.monotonic()
        t.wake_in(0.2)  # armed at the true wall time ...
        # ... then the clock goes back, for APScheduler and for the owner
        monkeypatch.setattr(apscheduler.schedulers.base, "datetime", Behind)
        monkeypatch.setattr(owner_module, "datetime", Behind)
        t.post(lambda: None)  # the loop looks again with the clock behind
        assert calls.fired.wait(SLACK + 5)
        assert calls.at[0] - asked < SLACK + 2
    finally:
        t.shutdown()


def test_the_inline_inbox_runs_at_once_on_the_caller_s_thread() -> None:
    inline = Inline()
    seen: list[str] = []
    inline.post(lambda: seen.append(_name()))
    inline.post(_fail)  # logged, not raised
    assert seen == [threading.current_thread().name]
    assert inline.ask(lambda: 7) == 7


def test_an_ask_after_the_shutdown_is_refused_at_once(calls: Calls) -> None:
    from deskbreak.core.errors import DeskbreakError

    t = Owner(UTC)
    t.start(calls)
    assert t.ask(lambda: 1) == 1
    t.shutdown()
    started = time.monotonic()
    with pytest.raises(DeskbreakError):
        t.ask(lambda: 2)
    assert time.monotonic() - started < 1  # not the 60 s an unanswered question waits


def test_a_wake_now_from_another_thread_leaves_the_timer_to_the_owner(
    timer: Owner, calls: Calls
) -> None:
    """The sleep watch calls wake_now from its own thread: the step runs on the owner, and
    the timer's state is not touched from the calling thread."""
    ran_on: list[str] = []
    timer.wake_in(3600)
    due = timer._due
    busy, release = threading.Event(), threading.Event()

    def hold_the_owner() -> None:
        busy.set()
        release.wait(5)

    timer.post(hold_the_owner)
    assert busy.wait(5)
    caller = threading.Thread(target=timer.wake_now, name="resume-signal")
    caller.start()
    caller.join(5)
    assert timer._due == due  # nothing written while the owner is busy elsewhere
    timer.post(lambda: ran_on.append(_name()))  # after the posted step, in order
    release.set()
    wait_until("the step and the note to run", lambda: bool(ran_on))
    assert ran_on == [THREAD]
    assert calls.count == 1  # the step ran, once
