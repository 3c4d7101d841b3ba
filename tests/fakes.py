"""Typed fakes of the edges; they implement the same Protocols as the real ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from deskbreak.core.ports import (
    IdleChange,
    IdleSource,
    Launcher,
    Notice,
    Notifier,
    PauseSpec,
    PlayOutcome,
    Reply,
)
from deskbreak.core.routines import Routine
from deskbreak.core.status import Counts, State, Status
from deskbreak.ipc import DaemonCommands


@dataclass
class RecordingNotifier:
    shown: list[Notice] = field(default_factory=list)
    closed: int = 0

    def show(self, notice: Notice) -> None:
        self.shown.append(notice)

    def close(self) -> None:
        self.closed += 1

    def shutdown(self) -> None:
        pass


@dataclass
class FakeLauncher:
    launched: list[str] = field(default_factory=list)
    pending: Callable[[PlayOutcome], None] | None = None

    def launch(self, routine: str, on_done: Callable[[PlayOutcome], None]) -> None:
        self.launched.append(routine)
        self.pending = on_done

    def running(self) -> bool:
        return self.pending is not None

    def stop(self) -> None:
        self.pending = None

    def finish(self, outcome: PlayOutcome) -> None:
        done, self.pending = self.pending, None
        assert done is not None, "nothing is playing"
        done(outcome)


@dataclass
class FakeIdle:
    name: str = "fake"
    seconds: float | None = 0.0
    closed: bool = False

    def idle_seconds(self) -> float | None:
        return self.seconds

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


@dataclass
class FakeTimer:
    requests: list[float] = field(default_factory=list)

    def wake_in(self, seconds: float) -> None:
        self.requests.append(seconds)


def _conforms(n: Notifier, la: Launcher, i: IdleSource) -> None:
    """Type-checked: the fakes satisfy the real Protocols."""


_conforms(RecordingNotifier(), FakeLauncher(), FakeIdle())


def make_status() -> Status:
    """A status of a working day with a little history, for the command fakes."""
    return Status(
        state=State.WORKING,
        now=datetime(2024, 3, 4, 10, 0),
        next_due=datetime(2024, 3, 4, 10, 23),
        seconds_left=23 * 60,
        snoozes_used=1,
        max_snoozes=3,
        snooze_refusal=None,
        paused_until=None,
        next_working=None,
        next_routine="mini-reset",
        next_routine_title="Desk mini-reset",
        next_routine_seconds=240,
        today=Counts(due=4, completed=2, partial=1, snoozed=1, skipped=1, stretch_seconds=570),
    )


class RecordingCommands:
    """A `DaemonCommands` fake for the tray, control-socket and CLI tests.

    Each command is recorded as `(name, argument)` (None when it takes none) and
    answered with `replies[name]`, else `default`, else "<name>: done"; `error`,
    when set, is raised instead.
    """

    def __init__(
        self,
        current: Status,
        *,
        routines: Sequence[Routine] = (),
        choices: tuple[timedelta, ...] = (),
    ) -> None:
        self.current = current
        self.routine_list = list(routines)
        self.choices = choices
        self.calls: list[tuple[str, Any]] = []
        self.replies: dict[str, Reply] = {}
        self.default: Reply | None = None
        self.error: Exception | None = None
        self.on_quit: Callable[[], None] | None = None

    def _call(self, name: str, arg: Any = None) -> Reply:
        self.calls.append((name, arg))
        if self.error is not None:
            raise self.error
        return self.replies.get(name) or self.default or Reply.done(f"{name}: done")

    def status(self) -> Status:
        return self.current

    def start_break(self, routine: str | None = None) -> Reply:
        return self._call("start_break", routine)

    def snooze(self, length: timedelta | None = None) -> Reply:
        return self._call("snooze", length)

    def skip(self) -> Reply:
        return self._call("skip")

    def pause(self, spec: PauseSpec) -> Reply:
        return self._call("pause", spec)

    def resume(self) -> Reply:
        return self._call("resume")

    def reload(self) -> Reply:
        return self._call("reload")

    def routines(self) -> Sequence[Routine]:
        return self.routine_list

    def snooze_choices(self) -> tuple[timedelta, ...]:
        return self.choices

    def open_config(self) -> Reply:
        return self._call("open_config")

    def show_stats(self) -> Reply:
        return self._call("show_stats")

    def quit(self) -> None:
        self.calls.append(("quit", None))
        if self.on_quit is not None:
            self.on_quit()

    def subscribe(self, callback: Callable[[Status], None]) -> None:
        pass

    def record_played(self, outcome: PlayOutcome) -> Reply:
        return self._call("record_played", outcome)


def _commands(c: DaemonCommands) -> None:
    """Type-checked: the fake satisfies the real Protocol."""
