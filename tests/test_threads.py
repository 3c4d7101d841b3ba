"""deskbreak.threads: every thread named, and named where the OS shows it too."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from deskbreak import threads


def test_a_thread_carries_its_name_in_python_and_in_the_os() -> None:
    seen: list[str] = []
    running, stop = threading.Event(), threading.Event()

    def work() -> None:
        seen.append(_name())
        running.set()
        stop.wait(5)

    thread = threads.start("deskbreak-owner", work)
    try:
        assert running.wait(5)
        assert thread.name == "deskbreak-owner" and thread.daemon
        if sys.platform.startswith("linux"):
            comm = Path(f"/proc/self/task/{thread.native_id}/comm")
            assert comm.read_text().strip() == "owner"  # 15 bytes: the prefix is dropped
    finally:
        stop.set()
        thread.join(5)
    assert seen == ["deskbreak-owner"]


def test_a_timer_runs_once_under_its_name() -> None:
    ran = threading.Event()
    names: list[str] = []

    def work() -> None:
        names.append(_name())
        ran.set()

    threads.later(0.01, "deskbreak-x11-watchdog", work)
    assert ran.wait(5)
    assert names == ["deskbreak-x11-watchdog"]


def test_a_name_without_the_prefix_is_refused() -> None:
    with pytest.raises(ValueError):
        threads.make("helper", print)
    with pytest.raises(ValueError):
        threads.later(1, "owner", print)


def _name() -> str:
    return threading.current_thread().name
