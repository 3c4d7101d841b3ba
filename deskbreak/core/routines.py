"""The routine model: exercises, steps and routines, and how a routine plays.

An Exercise is what to do (name, cues, breathing, sides, posture, cautions); a
Step is an exercise held for a duration; a Routine is an ordered list of steps.
`segments()` expands sides into the left-then-right sequence the player shows.
Core module: standard library only. The built-in content lives in `library`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum


class Posture(StrEnum):
    SEATED = "seated"
    STANDING = "standing"
    FLOOR = "floor"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    cues: tuple[str, ...]
    posture: Posture = Posture.SEATED
    breathing: str | None = None  # e.g. "Inhale as you arch, exhale as you round"
    breath_seconds: float | None = None  # one full breath cycle, for pacing
    sides: bool = False
    modifications: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    figure: str = "sit"  # id of the illustration (see `figures`)


@dataclass(frozen=True)
class Step:
    exercise: Exercise
    duration: timedelta  # per side when the exercise has sides

    @property
    def total(self) -> timedelta:
        return self.duration * (2 if self.exercise.sides else 1)


@dataclass(frozen=True)
class Segment:
    """One timed stretch of a routine as the player shows it."""

    index: int
    exercise: Exercise
    side: Side | None
    duration: timedelta

    @property
    def title(self) -> str:
        if self.side is None:
            return self.exercise.name
        return f"{self.exercise.name} — {self.side.value}"


@dataclass(frozen=True)
class Routine:
    id: str
    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    builtin: bool = True
    variants: tuple[str, ...] = field(default=())

    @property
    def total(self) -> timedelta:
        return sum((step.total for step in self.steps), timedelta())

    @property
    def posture(self) -> Posture:
        """The most demanding posture among the steps (floor > standing > seated)."""
        order = [Posture.SEATED, Posture.STANDING, Posture.FLOOR]
        return max(
            (s.exercise.posture for s in self.steps), key=order.index, default=Posture.SEATED
        )

    @property
    def is_desk(self) -> bool:
        """A desk routine can be done in the chair: every step is seated."""
        return self.posture is Posture.SEATED

    def segments(self) -> tuple[Segment, ...]:
        out: list[Segment] = []
        for step in self.steps:
            sides: tuple[Side | None, ...] = (
                (Side.LEFT, Side.RIGHT) if step.exercise.sides else (None,)
            )
            for side in sides:
                out.append(Segment(len(out), step.exercise, side, step.duration))
        return tuple(out)


DESK_MIN = timedelta(minutes=2)
DESK_MAX = timedelta(minutes=4)


def unknown_routine(wanted: str, known: Iterable[str]) -> str:
    """The one wording for a routine id that does not exist, wherever it was typed:
    `no routine "mini-rest" — did you mean "mini-reset"?`."""
    close = difflib.get_close_matches(wanted.lower(), list(known), n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else "see `deskbreak routines list`"
    return f'no routine "{wanted}" — {hint}'
