"""Typed fakes of the edges and of `Commands`; they implement the real Protocols.

`test_fakes.py` checks the conformance twice: its typed assignments are read by mypy, and
at run time it compares every member of each Protocol with the fake's, so a fake cannot
drift from the port it stands in for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from deskbreak.core.events import Event
from deskbreak.core.ports import IdleChange, Notice, PauseSpec, PlayOutcome, Reply
from deskbreak.core.routines import Routine
from deskbreak.core.stats import tally
from deskbreak.core.status import Counts, Status


@dataclass
class RecordingNotifier:
    shown: list[Notice] = field(default_factory=list)
    closed: int = 0
    error: Exception | None = None  # raised by `show` when set (a bus gone away)

    def show(self, notice: Notice) -> None:
        if self.error is not None:
            raise self.error
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


@dataclass
class FakeStore:
    """The history in a list and the pending state in memory; `error`, when set, is
    raised by every write (a full disk)."""

    recorded: list[Event] = field(default_factory=list)
    saves: list[dict[str, Any]] = field(default_factory=list)
    error: Exception | None = None
    notice: str | None = None  # what take_notice() says next

    def record(self, event: Event) -> int:
        if self.error is not None:
            raise self.error
        self.recorded.append(event)
        return len(self.recorded)

    def counts(self, start: datetime, end: datetime) -> Counts:
        return tally(e for e in self.recorded if start <= e.at < end)

    def events(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> list[Event]:
        low = since.timestamp() if since is not None else float("-inf")
        high = until.timestamp() if until is not None else float("inf")
        return [e for e in self.recorded if low <= e.at.timestamp() < high]

    def save_state(self, state: Mapping[str, Any]) -> None:
        if self.error is not None:
            raise self.error
        self.saves.append(dict(state))

    def load_state(self) -> dict[str, Any] | None:
        return dict(self.saves[-1]) if self.saves else None

    def take_notice(self) -> str | None:
        notice, self.notice = self.notice, None
        return notice


class RecordingCommands:
    """A `DaemonCommands` fake for the tray, control-socket and CLI tests.

    Each command is recorded as `(name, argument)` (None when it takes none), passed to
    `listener` when one is set, and answered with `replies[name]`, else `default`, else
    "<name>: done"; `error`, when set, is raised instead.
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
        self.listener: Callable[[str, Any], None] | None = None

    def _note(self, name: str, arg: Any) -> None:
        self.calls.append((name, arg))
        if self.listener is not None:
            self.listener(name, arg)

    def _call(self, name: str, arg: Any = None) -> Reply:
        self._note(name, arg)
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
        self._note("quit", None)
        if self.on_quit is not None:
            self.on_quit()

    def subscribe(self, callback: Callable[[Status], None]) -> None:
        pass

    def record_played(self, outcome: PlayOutcome) -> Reply:
        return self._call("record_played", outcome)
