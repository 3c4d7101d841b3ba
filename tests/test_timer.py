"""The APScheduler timer: one pending wake-up at a time, re-armed by each request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC

import pytest

from deskbreak.daemon.timer import Timer


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.fired = threading.Event()

    def __call__(self) -> None:
        self.count += 1
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
    timer.wake_in(0.1)
    assert calls.fired.wait(5)
    calls.fired.clear()
    assert not calls.fired.wait(0.5)  # nothing more was asked for
    assert calls.count == 1


def test_a_new_request_replaces_the_pending_one(timer: Timer, calls: Calls) -> None:
    timer.wake_in(3600)
    timer.wake_in(0.1)
    assert calls.fired.wait(5)
    assert calls.count == 1


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
