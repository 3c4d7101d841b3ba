"""Typed fakes of the edges; they implement the same Protocols as the real ones."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from deskbreak.ports import IdleSource, Launcher, Notice, Notifier, PlayOutcome


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
