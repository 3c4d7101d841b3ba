"""Where in its repetitions a step is: the breath, the hold, the count, the pose path.

Owns `beat_at`, which turns seconds into a step into a `Beat`: which
repetition of how many, whether the user is breathing in, breathing out or
holding (and how long is left of the hold), how full the lungs are, and which
key poses of the exercise's figure the body is moving through and how far
along. A repetition follows the exercise's `Rhythm`: the `first` half-breath
into a pose, the hold, the other half back, and a timed rest there; a hold
or a rest never moves. Pure: standard
library and `deskbreak.core` only; must not import tkinter, PIL or any edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from deskbreak.core.routines import STILL, Exercise, Phase, Rhythm, repetitions


@dataclass(frozen=True)
class Beat:
    """A moment inside one step, for a player to show and a figure to draw."""

    phase: Phase
    lungs: float  # 0 = empty … 1 = full; rises on the in-breath, stays still in a hold
    rep: int  # 0-based repetition
    reps: int
    counted: bool  # False for a pose simply rested in: show no counter
    phase_left: float  # seconds left in this half-breath or hold
    path: tuple[str, ...]  # key poses passed through, first to last (one during a hold)
    along: float  # 0..1 eased position along `path`

    @property
    def holding(self) -> bool:
        """Keeping still: a hold, or the rest after a repetition."""
        return self.phase in (Phase.HOLD, Phase.REST)


def ease(x: float) -> float:
    """Slow at both ends, like a breath: 0 → 0, 1 → 1."""
    x = min(max(x, 0.0), 1.0)
    return (1.0 - math.cos(math.pi * x)) / 2.0


def other(phase: Phase) -> Phase:
    return Phase.EXHALE if phase is Phase.INHALE else Phase.INHALE


def _via(rhythm: Rhythm, phase: Phase) -> tuple[str, ...]:
    return rhythm.via_inhale if phase is Phase.INHALE else rhythm.via_exhale


def _lungs(phase: Phase, x: float) -> float:
    return ease(x) if phase is Phase.INHALE else 1.0 - ease(x)


def beat_at(exercise: Exercise, seconds: float, offset: float) -> Beat | None:
    """The beat `offset` seconds into a step (one side) of `seconds`; None without a breath."""
    reps = repetitions(exercise, seconds)
    if reps is None:
        return None
    rhythm = exercise.rhythm or STILL
    rep = min(int(max(offset, 0.0) // reps.seconds), reps.count - 1)
    u = min(max(offset - rep * reps.seconds, 0.0), reps.seconds)
    half = reps.breath / 2
    first, second = rhythm.first, other(rhythm.first)
    start = rhythm.peak(second, rep - 1)
    reached = rhythm.peak(first, rep)

    def beat(phase: Phase, lungs: float, left: float, path: tuple[str, ...], along: float) -> Beat:
        return Beat(phase, lungs, rep, reps.count, rhythm.counted, left, path, along)

    if u < half:
        x = u / half
        path = (start, *_via(rhythm, first), reached)
        return beat(first, _lungs(first, x), half - u, path, ease(x))
    if u < half + reps.hold:
        full = 1.0 if first is Phase.INHALE else 0.0
        return beat(Phase.HOLD, full, half + reps.hold - u, (reached,), 0.0)
    back = rhythm.peak(second, rep)
    moved = half * 2 + reps.hold
    if reps.rest > 0 and u >= moved:
        empty = 1.0 if second is Phase.INHALE else 0.0
        return beat(Phase.REST, empty, max(0.0, reps.seconds - u), (back,), 0.0)
    x = min(1.0, (u - half - reps.hold) / half)
    path = (reached, *_via(rhythm, second), back)
    return beat(second, _lungs(second, x), max(0.0, moved - u), path, ease(x))


def peaks(exercise: Exercise, seconds: float) -> list[tuple[float, Phase, str]]:
    """(offset, phase, declared pose) at the end of every half-breath of a step."""
    reps = repetitions(exercise, seconds)
    rhythm = exercise.rhythm
    if reps is None or rhythm is None:
        return []
    half = reps.breath / 2
    out: list[tuple[float, Phase, str]] = []
    for rep in range(reps.count):
        begin = rep * reps.seconds
        first, second = rhythm.first, other(rhythm.first)
        out.append((begin + half, first, rhythm.peak(first, rep)))
        out.append((begin + reps.breath + reps.hold, second, rhythm.peak(second, rep)))
    return out
