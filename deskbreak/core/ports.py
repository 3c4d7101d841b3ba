"""The seams between the core and the edges, as Protocols and plain values.

The controller implements `Commands`, which the tray, the IPC server and the
tests all call. Edges implement `Notifier`, `IdleSource`, `Launcher`, `Store`; the
test fakes implement the same Protocols so they cannot drift from the real ones.
Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from deskbreak.core.events import Event
from deskbreak.core.routines import Routine
from deskbreak.core.status import Counts, Status


class ReplyCode(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # understood but not allowed now (exit code 1)
    INVALID = "invalid"  # bad request (exit code 2)


@dataclass(frozen=True)
class Reply:
    code: ReplyCode
    message: str
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.code is ReplyCode.OK

    @classmethod
    def done(cls, message: str, **data: Any) -> Reply:
        return cls(ReplyCode.OK, message, data)

    @classmethod
    def refused(cls, message: str) -> Reply:
        return cls(ReplyCode.REFUSED, message)

    @classmethod
    def invalid(cls, message: str) -> Reply:
        return cls(ReplyCode.INVALID, message)


class PauseKind(StrEnum):
    FOR = "for"  # a duration
    UNTIL = "until"  # a wall time (the next occurrence of HH:MM, or a datetime)
    TOMORROW = "tomorrow"  # until the next day's working hours begin
    INDEFINITE = "indefinite"


@dataclass(frozen=True)
class PauseSpec:
    kind: PauseKind
    length: timedelta | None = None
    until: datetime | None = None
    clock: int | None = None  # minutes after midnight for UNTIL given as HH:MM


class Commands(Protocol):
    """What a person can ask deskbreak to do, wherever they ask from."""

    def status(self) -> Status: ...
    def start_break(self, routine: str | None = None) -> Reply: ...
    def snooze(self, length: timedelta | None = None) -> Reply: ...
    def skip(self) -> Reply: ...
    def pause(self, spec: PauseSpec) -> Reply: ...
    def resume(self) -> Reply: ...
    def reload(self) -> Reply: ...
    def routines(self) -> Sequence[Routine]: ...
    def snooze_choices(self) -> tuple[timedelta, ...]: ...
    def open_config(self) -> Reply: ...
    def show_stats(self) -> Reply: ...
    def quit(self) -> None: ...
    def subscribe(self, callback: Callable[[Status], None]) -> None: ...


class NoticeKind(StrEnum):
    HEADS_UP = "heads-up"
    DUE = "due"
    RENOTIFY = "renotify"
    INFO = "info"  # e.g. a refused config reload, no tray host
    HELD = "held"  # a break held during a call, offered now that it has ended
    BEFORE_MEETINGS = "before-meetings"  # a break offered early, before a long meeting block


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    title: str
    body: str
    actions: bool = False  # offer Start / Snooze buttons
    sound: bool = False
    stay: bool = False  # never expires: stays until acted on or dismissed
    critical: bool = False  # critical urgency, for servers that keep only those on screen
    snooze_choices: tuple[timedelta, ...] = ()  # offered as buttons where the server can


class NoticeAction(StrEnum):
    START = "start"
    SNOOZE = "snooze"
    DEFAULT = "default"  # the notification body was clicked: start
    NOT_NOW = "not-now"  # the break offered before meetings is declined
    DISMISSED = "dismissed"


class Notifier(Protocol):
    """Shows one break notification at a time; a new one replaces the last."""

    def show(self, notice: Notice) -> None: ...
    def close(self) -> None: ...
    def shutdown(self) -> None: ...


@dataclass(frozen=True)
class IdleChange:
    """News from a source that pushes: the user went idle, or came back.

    Times are monotonic seconds (`time.monotonic()`), so a wall-clock jump cannot
    stretch or shrink an absence.
    """

    idle_since: float  # the last input before the idle stretch
    back_at: float | None = None  # input came back at this time; None while still idle

    @property
    def stretch(self) -> float | None:
        """How long the idle stretch lasted, once it is over."""
        return None if self.back_at is None else max(0.0, self.back_at - self.idle_since)


class IdleSource(Protocol):
    """How long the user has been away from keyboard and mouse.

    A source that can push (Wayland idle notifications, Mutter's idle watches, X11
    SYNC alarms) says so from `watch` and then reports each change as it happens,
    so the daemon need not wake to ask; the others are polled with `idle_seconds`.
    """

    name: str

    def idle_seconds(self) -> float | None:
        """Seconds since the last input, or None when it can't be read right now."""
        ...

    def watch(self, on_change: Callable[[IdleChange], None]) -> bool:
        """Push every change to `on_change` from now on; False: this source can only be polled."""
        ...

    def close(self) -> None: ...


class HoldSignal(StrEnum):
    """Something that holds a due break: the `reasons` of `status.Hold`."""

    CAMERA = "camera"
    MICROPHONE = "microphone"
    SCREEN_SHARE = "screen-share"
    FULLSCREEN = "fullscreen"
    DND = "dnd"
    APP = "app"
    CALENDAR = "calendar"  # a meeting block from the calendar (not a desktop source's signal)


HoldReport = Callable[[frozenset[HoldSignal]], None]


class HoldSource(Protocol):
    """Watches the desktop for hold signals and reports each change (never polls a bus).

    `start` subscribes and returns at once; `report` is then called, from the source's
    own thread, with every signal it sees on, first with the current state and again
    whenever that changes. `close` unsubscribes and ends the thread.
    """

    name: str
    signals: frozenset[HoldSignal]  # what this source can see

    def start(self, report: HoldReport) -> None: ...
    def close(self) -> None: ...


class PlayResult(StrEnum):
    COMPLETED = "completed"
    PARTIAL = "partial"
    STOPPED = "stopped"  # stopped before the first step finished
    FAILED = "failed"  # the player could not run or crashed


@dataclass(frozen=True)
class PlayOutcome:
    routine: str
    result: PlayResult
    steps_done: int
    steps_total: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "routine": self.routine,
            "result": self.result.value,
            "steps_done": self.steps_done,
            "steps_total": self.steps_total,
            "seconds": round(self.seconds, 3),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlayOutcome:
        return cls(
            routine=str(data["routine"]),
            result=PlayResult(str(data["result"])),
            steps_done=int(data["steps_done"]),
            steps_total=int(data["steps_total"]),
            seconds=float(data["seconds"]),
        )


class Launcher(Protocol):
    """Starts the routine player in its own process and reports how it ended."""

    def launch(self, routine: str, on_done: Callable[[PlayOutcome], None]) -> None: ...
    def running(self) -> bool: ...
    def stop(self) -> None: ...


class Store(Protocol):
    """The history and the pending state, as the controller uses them (SQLite in the daemon)."""

    def record(self, event: Event) -> int:
        """Append one event, committed on return; its row id."""
        ...

    def counts(self, start: datetime, end: datetime) -> Counts:
        """Tallies of the events in [start, end)."""
        ...

    def events(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> list[Event]:
        """Events with since <= at < until (either bound optional), oldest first."""
        ...

    def save_state(self, state: Mapping[str, Any]) -> None:
        """Replace the saved pending state, committed on return."""
        ...

    def take_notice(self) -> str | None:
        """What the user should hear about the store since it was last asked, once (a
        database deleted under it and made again), or None."""
        ...
