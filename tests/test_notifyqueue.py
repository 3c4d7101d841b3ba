"""The notifier's queue builds its notifier with the first notice, on its own thread.

A daemon that has shown nothing must carry no notification stack and no thread for it;
what it shows afterwards goes through the one notifier, built once, in order.
"""

from __future__ import annotations

import threading

import pytest
from support.fakes import RecordingNotifier
from support.waiting import wait_until

from deskbreak.core.ports import Notice, NoticeKind, Notifier
from deskbreak.desktop.notifyqueue import BackgroundNotifier

NOTICE = Notice(NoticeKind.INFO, "title", "body")


class Builder:
    """Counts its builds and says on which thread each ran."""

    def __init__(self) -> None:
        self.made: list[RecordingNotifier] = []
        self.threads: list[str] = []

    def __call__(self) -> Notifier:
        self.threads.append(threading.current_thread().name)
        self.made.append(RecordingNotifier())
        return self.made[-1]


def _queue_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "deskbreak-notifier"]


def test_nothing_is_built_or_started_until_a_notice() -> None:
    build = Builder()
    before = len(_queue_threads())
    notifier = BackgroundNotifier(build=build)
    notifier.close()  # the controller closes on every state change; nothing was shown
    assert not notifier.built and build.made == []
    assert len(_queue_threads()) == before
    notifier.shutdown()
    assert build.made == []


def test_the_first_notice_builds_the_notifier_once_on_its_thread() -> None:
    build = Builder()
    notifier = BackgroundNotifier(build=build)
    try:
        notifier.show(NOTICE)
        notifier.show(NOTICE)
        notifier.close()
        wait_until(
            "the notices and the close", lambda: bool(build.made) and build.made[0].closed > 0
        )
        assert build.threads == ["deskbreak-notifier"]
        assert len(build.made) == 1 and build.made[0].shown == [NOTICE, NOTICE]
        assert notifier.built
    finally:
        notifier.shutdown()


def test_withdrawing_what_a_previous_run_left_builds_it() -> None:
    withdrawn: list[str] = []

    class Leftover(RecordingNotifier):
        def withdraw_left(self) -> None:
            withdrawn.append(threading.current_thread().name)

    notifier = BackgroundNotifier(build=Leftover)
    try:
        notifier.withdraw_left()
        wait_until("the withdrawal", lambda: bool(withdrawn))
        assert withdrawn == ["deskbreak-notifier"] and notifier.built
    finally:
        notifier.shutdown()


def test_a_build_that_fails_is_logged_and_tried_again(caplog: pytest.LogCaptureFixture) -> None:
    made: list[RecordingNotifier] = []

    def build() -> Notifier:
        if not made:
            made.append(RecordingNotifier())
            raise OSError("no bus")
        made.append(RecordingNotifier())
        return made[-1]

    notifier = BackgroundNotifier(build=build)
    try:
        notifier.show(NOTICE)
        notifier.show(NOTICE)
        wait_until("the second notice", lambda: len(made) == 2 and bool(made[1].shown))
        assert "notification call failed" in caplog.text
    finally:
        notifier.shutdown()


def test_a_given_notifier_is_used_as_it_is() -> None:
    inner = RecordingNotifier()
    notifier = BackgroundNotifier(inner)
    try:
        assert notifier.built
        notifier.show(NOTICE)
        wait_until("the notice", lambda: inner.shown == [NOTICE])
    finally:
        notifier.shutdown()
    with pytest.raises(ValueError):
        BackgroundNotifier()
