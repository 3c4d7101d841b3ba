"""Time-keeping rules: how much real, asleep and active time passed between looks.

Owns the arithmetic the engine's docstring promises: real time from the boot
clock (without one, from the monotonic clock, a late wake-up counting as
sleep); a stretch without input of at least the grace (IDLE_GRACE unless the
daemon is given another) is not work for its whole length; one that reaches the
natural-break length means the user is away until input comes back. Nobody is seen
away before the grace, so a natural break shorter than the grace lasts the grace.
Core module: standard library only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from deskbreak.core.engine.effects import Observation

log = logging.getLogger(__name__)

IDLE_GRACE = 60.0  # seconds without input before time stops counting as work (the default)
LATE_TOLERANCE = 30.0  # a wake-up this late (no boot clock) means the machine slept
JUMP_TOLERANCE = 5.0  # wall clock disagreeing with real time by more is a jump


@dataclass(frozen=True)
class Elapsed:
    real: float  # seconds of real time, sleep included
    slept: float  # of which the machine was asleep
    unclear: float = 0.0  # wall time beyond `real`: asleep, or the wall clock set forward

    @property
    def awake(self) -> float:
        return self.real - self.slept


def elapsed(last: Observation, obs: Observation, expected_wait: float | None) -> Elapsed:
    """Real and asleep time between two observations; wall-clock jumps are not time.

    Without a boot clock, wall time beyond the monotonic clock is either a suspend
    (where the monotonic clock stops) or the wall clock set forward, and nothing
    in the observations tells which: it is `unclear`, never real time, so a jump
    cannot bring a snooze's or a renotify's end closer. A monotonic clock that
    kept counting while asleep shows as a wake-up later than asked: that is sleep.
    """
    d_mono = max(0.0, obs.mono - last.mono)
    d_wall = obs.now.timestamp() - last.now.timestamp()  # real seconds, DST or not
    unclear = 0.0
    if obs.boot is not None and last.boot is not None:
        slept = max(0.0, (obs.boot - last.boot) - d_mono)
        real = d_mono + slept
    else:
        real, slept = d_mono, 0.0
        if expected_wait is not None and real > expected_wait + LATE_TOLERANCE:
            slept = real - expected_wait
        unclear = max(0.0, d_wall - real)
    if abs(d_wall - real) > JUMP_TOLERANCE:
        what = "slept or the wall clock jumped" if unclear else "wall clock jumped"
        log.info("%s by %+.0f s", what, d_wall - real)
    return Elapsed(real, slept, unclear)


@dataclass
class WorkCounter:
    work: float = 0.0  # active seconds since the last break
    away: bool = False  # idle past the natural-break length, not back yet
    idle_start: float | None = None  # start (engine time) of the idle stretch already excluded
    grace: float = IDLE_GRACE  # seconds without input before a stretch is not work

    def restart(self) -> None:
        self.work = 0.0

    def natural_break(self, length: float | None) -> float | None:
        """The natural-break length in force: `length`, but never shorter than the grace."""
        return None if length is None else max(length, self.grace)

    def reaches(self, natural_break: float | None) -> float | None:
        """Engine time at which the idle stretch under way becomes a natural break."""
        length = self.natural_break(natural_break)
        if length is None or self.away or self.idle_start is None:
            return None
        return self.idle_start + length

    def count(
        self,
        t: float,
        passed: Elapsed,
        idle: float | None,
        *,
        counting: bool,
        natural_break: float | None,
    ) -> float | None:
        """Add the active part of `passed`; return the idle seconds if the user just went away."""
        counting = counting and not self.away
        natural_break = self.natural_break(natural_break)
        if idle is None:
            if counting:
                self.work += passed.awake
            return None
        if self.away:
            if idle < self.grace:  # back at the desk: the counter restarts now
                self.away = False
                self.idle_start = None
                self.work = 0.0
            return None
        if idle < self.grace:
            self.idle_start = None
            if counting:
                self.work += passed.awake
            return None
        start = t - idle
        if counting:
            self.work += passed.awake - min(idle, passed.awake)
            already = self.idle_start is not None and abs(self.idle_start - start) < 2.0
            if not already:  # the stretch began before the last observation
                self.work = max(0.0, self.work - max(0.0, idle - passed.real))
        self.idle_start = start
        if natural_break is not None and idle >= natural_break:
            self.away = True
            return idle
        return None
