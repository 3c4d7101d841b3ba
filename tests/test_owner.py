"""The APScheduler timer: one pending wake-up at a time, re-armed by each request."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC

import pytest
from support.waiting import wait_until

from deskbreak.daemon.timer import SLACK, Timer


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
def timer(calls: Calls) -> Iterator[Timer]:
    t = Timer(UTC)
    t.start(calls)
    yield t
    t.shutdown()


def test_a_request_fires_once(timer: Timer, calls: Calls) -> None:
    timer.wake_in(0.05)
    assert calls.fired.wait(5)
    calls.fired.clear()
    timer.wake_in(0.3)  # a fence: a repeat of the first would land before this one
    assert calls.fired.wait(5)
    assert calls.count == 2


def test_a_new_request_replaces_the_pending_one(timer: Timer, calls: Calls) -> None:
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
    holder: list[Timer] = []

    def step() -> None:
        calls()
        if calls.count == 1:
            holder[0].wake_now()  # as a resume signal arriving mid-step would
            time.sleep(0.05)  # the rest of the step

    t = Timer(UTC)
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

    t = Timer(UTC)
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
