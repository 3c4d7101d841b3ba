"""A virtual clock that drives the real engine through simulated time.

Owns the simulated wall, monotonic and boot clocks and a simulated user (at the
desk or away), stepping the engine exactly as the daemon's timer would: from one
requested wake-up to the next. Used by `deskbreak plan` and by the tests, which
run whole weeks in milliseconds. Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.engine.effects import Effect, Observation
from deskbreak.core.engine.engine import Engine
from deskbreak.core.instants import between, later
from deskbreak.core.ports import HoldSignal, PlayOutcome, PlayResult
from deskbreak.core.routines import Routine


@dataclass
class Simulator:
    engine: Engine
    now: datetime
    mono: float = 1000.0
    boot: float | None = 1000.0
    last_input: datetime | None = None  # None: the user is at the desk (input right now)
    elapsed: float = 0.0  # real seconds simulated, suspend included, wall jumps not
    effects: list[tuple[datetime, Effect]] = field(default_factory=list)
    log: list[tuple[float, Effect]] = field(default_factory=list)
    on_effect: Callable[[Simulator, Effect], None] | None = None
    # As a pushing idle source (ext-idle-notify, Mutter watches): the engine is woken when
    # the engine's idle grace passes without input and when input comes back, and only then.
    pushes: bool = False
    _told_idle: bool = field(default=False, init=False, repr=False)

    def observation(self) -> Observation:
        idle = 0.0 if self.last_input is None else between(self.last_input, self.now)
        if self.pushes and not self._told_idle:
            idle = 0.0  # a pushing source knows nothing of idle time until it reports
        return Observation(self.now, self.mono, self.boot, max(0.0, idle))

    def take(self, effects: list[Effect]) -> list[Effect]:
        for effect in effects:
            self.effects.append((self.now, effect))
            self.log.append((self.elapsed, effect))
            if self.on_effect is not None:
                self.on_effect(self, effect)
        return effects

    def advance(self, seconds: float) -> None:
        self.now = later(self.now, seconds)
        self.elapsed += seconds
        self.mono += seconds
        if self.boot is not None:
            self.boot += seconds

    def start(self) -> list[Effect]:
        return self.take(self.engine.observe(self.observation()))

    def run_until(self, until: datetime) -> None:
        """Let time pass, waking the engine whenever it asked to be woken."""
        while between(self.now, until) > 0:
            step = min(self.engine.wake_in(), between(self.now, until))
            idled = self._idled_in()
            if idled is not None:
                step = min(step, idled)
                self._told_idle = idled <= step
            self.advance(step)
            self.take(self.engine.observe(self.observation()))

    def _idled_in(self) -> float | None:
        """Seconds until a pushing source would report the user idle, if it has yet to."""
        if not self.pushes or self.last_input is None or self._told_idle:
            return None
        return max(0.0, self.engine.idle_grace - between(self.last_input, self.now))

    def run_for(self, seconds: float) -> None:
        self.run_until(later(self.now, seconds))

    def go_away(self) -> None:
        self.last_input = self.now
        self._told_idle = False

    def come_back(self) -> list[Effect]:
        """Input again; a pushing source first tells how long the idle stretch lasted."""
        out: list[Effect] = []
        if self.pushes and self._told_idle:
            out += self.take(self.engine.observe(self.observation()))
        self.last_input = None
        self._told_idle = False
        return out + self.take(self.engine.observe(self.observation()))

    def suspend(self, seconds: float) -> list[Effect]:
        """The machine sleeps: wall (and boot) time pass, monotonic time does not."""
        self.now = later(self.now, seconds)
        self.elapsed += seconds
        if self.boot is not None:
            self.boot += seconds
        return self.take(self.engine.observe(self.observation()))

    def jump_wall(self, seconds: float) -> list[Effect]:
        """The wall clock is set forward or back; real time does not move."""
        self.now = later(self.now, seconds)
        return self.take(self.engine.observe(self.observation()))

    def hold(self, *signals: HoldSignal) -> list[Effect]:
        """The desktop's hold signals are now exactly `signals` (none: all clear)."""
        return self.take(self.engine.report_hold(self.observation(), signals))

    def calendar(
        self, meetings: Sequence[Meeting], reports: Sequence[SourceReport] = ()
    ) -> list[Effect]:
        """The calendar reader's list of meetings is now `meetings`."""
        return self.take(self.engine.report_calendar(self.observation(), meetings, reports))

    def complete(self, routine: Routine) -> list[Effect]:
        """Play `routine` to the end, as a user who does the whole thing."""
        self.advance(routine.total.total_seconds())
        steps = len(routine.segments())
        outcome = PlayOutcome(
            routine.id, PlayResult.COMPLETED, steps, steps, routine.total.total_seconds()
        )
        return self.take(self.engine.finish(self.observation(), outcome))
