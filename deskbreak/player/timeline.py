"""The routine timeline: which segment is playing, how long is left, and how it ended.

Owns the timing of a guided routine as pure state driven by an injected
monotonic clock. Segment boundaries are the start time plus cumulative segment
durations, shifted by total paused time and by time the user skipped with
`next()`; they are never derived from counting ticks, so the routine ends on
time whatever the tick rate. Inside a segment, `pacing` says where the breath,
the hold and the repetition count are. A "step" in the outcome is one segment (each side
of a two-sided exercise counts once), matching "step k of n" in the players.
Core module: standard library only; must not import tkinter, PIL or any edge.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from deskbreak.core.ports import PlayOutcome, PlayResult
from deskbreak.core.routines import Routine, Segment
from deskbreak.player.pacing import Beat, beat_at


@dataclass(frozen=True)
class Frame:
    """A snapshot of the timeline for a player to render."""

    segment: Segment | None  # None once finished or stopped
    index: int  # 0-based segment index (== count when finished)
    count: int
    remaining: float  # seconds left in the current segment
    elapsed: float  # position in the routine, in seconds (pauses excluded, skips included)
    total: float  # planned seconds of the whole routine
    paused: bool
    finished: bool
    upcoming: Segment | None
    beat: Beat | None  # the breath, hold, repetition and pose path; None without pacing

    @property
    def progress(self) -> float:
        return 1.0 if self.total <= 0 else min(1.0, self.elapsed / self.total)


class Timeline:
    """The play state of one routine; call `start()` first, then `tick()` often."""

    def __init__(self, routine: Routine, clock: Callable[[], float]) -> None:
        self.routine = routine
        self.segments = routine.segments()
        self._clock = clock
        self._ends = list(accumulate(s.duration.total_seconds() for s in self.segments))
        self._start: float | None = None
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._skipped_time = 0.0
        self._skipped: set[int] = set()
        self._floor = 0  # never go back before a segment the user skipped past
        self._index = 0
        self._ended_at: float | None = None  # played seconds at the end
        self._stopped = False

    @property
    def total(self) -> float:
        return self._ends[-1] if self._ends else 0.0

    @property
    def started(self) -> bool:
        return self._start is not None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def finished(self) -> bool:
        """True once the routine ran out or was stopped."""
        return self._ended_at is not None

    @property
    def stopped(self) -> bool:
        """True once the routine was stopped before its end (not run out or skipped through)."""
        return self._stopped

    def start(self) -> None:
        if self._start is None:
            self._start = self._clock()
            self.tick()

    def _played(self, now: float | None = None) -> float:
        """Seconds of routine time covered: wall time minus pauses plus skipped time."""
        if self._start is None:
            return 0.0
        if self._ended_at is not None:
            return self._ended_at
        now = self._clock() if now is None else now
        if self._paused_at is not None:
            now = self._paused_at
        return now - self._start - self._paused_total + self._skipped_time

    def tick(self) -> Frame:
        """Advance to the segment the clock says is current and return a snapshot."""
        if self._start is not None and self._ended_at is None:
            played = self._played()
            self._index = max(self._floor, bisect.bisect_right(self._ends, played))
            if self._index >= len(self.segments):
                self._ended_at = self.total
        return self.frame()

    def deadline(self) -> float | None:
        """The clock time the current segment ends, or None when paused or finished."""
        if self._start is None or self.finished or self._paused_at is not None:
            return None
        boundary = self._ends[min(self._index, len(self._ends) - 1)]
        return self._start + self._paused_total - self._skipped_time + boundary

    def pause(self) -> None:
        if self._start is not None and not self.finished and self._paused_at is None:
            self._paused_at = self._clock()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._clock() - self._paused_at
            self._paused_at = None

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def next(self) -> None:
        """Skip the rest of the current segment (it does not count as done)."""
        self.tick()
        if self._start is None or self.finished:
            return
        current = self._index
        self._skipped.add(current)
        self._skipped_time += self._ends[current] - self._played()
        self._floor = current + 1
        self.tick()

    def stop(self) -> None:
        """End the routine now; the current segment does not count as done."""
        self.tick()
        if self.finished:
            return
        self._ended_at = self._played() if self._start is not None else 0.0
        self._stopped = True

    def steps_done(self) -> int:
        passed = len(self.segments) if self._index >= len(self.segments) else self._index
        return sum(1 for i in range(passed) if i not in self._skipped)

    def outcome(self) -> PlayOutcome:
        """How the routine ended (or stands): completed, partial or stopped."""
        done = self.steps_done()
        count = len(self.segments)
        if done == count and not self._stopped and self.finished:
            result = PlayResult.COMPLETED
        elif done > 0:
            result = PlayResult.PARTIAL
        else:
            result = PlayResult.STOPPED
        return PlayOutcome(self.routine.id, result, done, count, self._active_seconds())

    def _active_seconds(self) -> float:
        """Seconds actually spent in the routine: played time minus skipped time."""
        return max(0.0, self._played() - self._skipped_time)

    def frame(self) -> Frame:
        count = len(self.segments)
        played = min(self._played(), self.total)
        segment = None if self.finished or self._index >= count else self.segments[self._index]
        remaining, beat = 0.0, None
        if segment is not None:
            length = segment.duration.total_seconds()
            offset = max(0.0, played - (self._ends[self._index] - length))
            remaining = max(0.0, self._ends[self._index] - played)
            beat = beat_at(segment.exercise, length, offset)
        upcoming_index = self._index + 1
        return Frame(
            segment=segment,
            index=min(self._index, count),
            count=count,
            remaining=remaining,
            elapsed=max(0.0, played),
            total=self.total,
            paused=self.paused,
            finished=self.finished,
            upcoming=self.segments[upcoming_index] if segment and upcoming_index < count else None,
            beat=beat,
        )
