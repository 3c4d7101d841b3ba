"""The routine model: exercises, steps and routines, and how a routine plays.

An Exercise is what to do (name, purpose, cues, breathing, sides and what goes
where on each, posture, easier versions, cautions) and its `Rhythm`: how one
repetition goes with the breath, which key pose of its figure goes with the
in-breath, the out-breath and a hold. A Step is an exercise for a duration; a
Routine is an ordered list of steps. `segments()` expands sides into the
left-then-right sequence the player shows; `repetitions()` says how a step's
time divides into repetitions. The texts of an exercise or routine are
stored as written (the built-in ones in English, marked for the catalogue);
front ends translate them with `_()` when they show them. Core module:
standard library only. The built-in content lives in `library`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from deskbreak.core.i18n import _


class Posture(StrEnum):
    SEATED = "seated"
    STANDING = "standing"
    FLOOR = "floor"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class Phase(StrEnum):
    """A half of the breath, a pause in a pose while breathing easily, or a rest after it."""

    INHALE = "inhale"
    EXHALE = "exhale"
    HOLD = "hold"
    REST = "rest"


@dataclass(frozen=True)
class Rhythm:
    """One repetition: a half-breath into a pose, an optional hold, the other half back.

    `inhale` / `exhale` name the figure's key pose reached at the top of the
    in-breath / the bottom of the out-breath; with several names they take
    turns, one per repetition (neck half-circles go to one side, then the
    other). `via_inhale` / `via_exhale` are poses passed on the way (a circle).
    A repetition starts with the `first` half-breath, holds the pose it reached
    for `hold` seconds, breathes the other half back, then rests there for `rest`
    seconds before the next one (a timed rest between lifts). `counted` is False
    for a pose simply rested in: no repetition counter is shown.
    """

    inhale: tuple[str, ...]
    exhale: tuple[str, ...]
    first: Phase = Phase.INHALE
    hold: float = 0.0
    via_inhale: tuple[str, ...] = ()
    via_exhale: tuple[str, ...] = ()
    counted: bool = True
    rest: float = 0.0

    def seconds(self, breath: float) -> float:
        """One repetition's length for a breath cycle of `breath` seconds."""
        return breath + self.hold + self.rest

    def peak(self, phase: Phase, rep: int) -> str:
        """The key pose at the end of the `phase` half-breath of repetition `rep`."""
        names = self.inhale if phase is Phase.INHALE else self.exhale
        return names[rep % len(names)]

    @property
    def held(self) -> Phase | None:
        """The half-breath whose pose is held, or None for a flowing movement."""
        return self.first if self.hold > 0 else None


@dataclass(frozen=True)
class Growth:
    """How far an exercise may grow over the weeks, from the number its source gives.

    `hold`: the longest hold, in seconds, the source names for the pose, or less where a
    routine's own time would not hold it; `reps`: the most repetitions (per side) it names.
    `source` names the source; the comment beside each exercise in the library quotes what
    it says, so a reader can check the number. An exercise without a Growth never progresses.
    """

    source: str
    hold: float | None = None
    reps: int | None = None


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
    purpose: str = ""  # one line on what it is for
    left: str = ""  # what goes where on the left side, e.g. "Right hand to the left knee"
    right: str = ""
    before: str = ""  # a caution to read before the step starts (shown in "Next:")
    rhythm: Rhythm | None = None
    grows: Growth | None = None  # the source's limit for progression (None: never grows)

    def side_cue(self, side: Side | None) -> str:
        """What goes where on `side` (empty when the exercise has no sides)."""
        if side is Side.LEFT:
            return self.left
        if side is Side.RIGHT:
            return self.right
        return ""


@dataclass(frozen=True)
class Repetitions:
    """How a step's time divides: `count` repetitions of `seconds` each."""

    count: int
    seconds: float
    hold: float  # seconds of each repetition spent holding
    breath: float  # seconds of each repetition spent moving with the breath
    rest: float = 0.0  # seconds of each repetition spent resting at its end


@dataclass(frozen=True)
class Step:
    exercise: Exercise
    duration: timedelta  # per side when the exercise has sides
    level: int = 0  # the progression level that lengthened this step (0: as written)

    @property
    def total(self) -> timedelta:
        return self.duration * (2 if self.exercise.sides else 1)

    def repetitions(self) -> Repetitions | None:
        """The repetitions in one side of this step, or None without a rhythm.

        The count is the nearest whole number of repetitions; each is stretched
        or shortened a little so that they fill the step exactly.
        """
        return repetitions(self.exercise, self.duration.total_seconds())


STILL = Rhythm(("rest",), ("rest",), counted=False)
"""The rhythm of an exercise that declares none: breathe, keep still, count nothing."""


def repetitions(exercise: Exercise, seconds: float) -> Repetitions | None:
    """How `seconds` of `exercise` divide into repetitions; None without a breath pace."""
    rhythm, breath = exercise.rhythm or STILL, exercise.breath_seconds
    if not breath or breath <= 0 or seconds <= 0:
        return None
    natural = rhythm.seconds(breath)
    count = max(1, math.floor(seconds / natural + 0.5))  # halves round up
    scale = seconds / (count * natural)
    return Repetitions(
        count, seconds / count, rhythm.hold * scale, breath * scale, rhythm.rest * scale
    )


@dataclass(frozen=True)
class Segment:
    """One timed stretch of a routine as the player shows it."""

    index: int
    exercise: Exercise
    side: Side | None
    duration: timedelta
    level: int = 0  # the progression level that lengthened its step (0: as written)

    @property
    def title(self) -> str:
        """The exercise's name and the side, as stored (untranslated: see `player.guide`)."""
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
    first_side: Side | None = None  # which side a sided step starts on (None: the left)
    easier: bool = False  # the lighter version of another routine: it never progresses

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
        """A desk routine is done at the desk: seated, or standing beside it; never the floor."""
        return self.posture is not Posture.FLOOR

    def segments(self) -> tuple[Segment, ...]:
        out: list[Segment] = []
        for step in self.steps:
            pair = (
                (Side.RIGHT, Side.LEFT)
                if self.first_side is Side.RIGHT
                else (Side.LEFT, Side.RIGHT)
            )
            sides: tuple[Side | None, ...] = pair if step.exercise.sides else (None,)
            for side in sides:
                out.append(Segment(len(out), step.exercise, side, step.duration, step.level))
        return tuple(out)


DESK_MIN = timedelta(minutes=2)
DESK_MAX = timedelta(minutes=4)


def unknown_routine(wanted: str, known: Iterable[str]) -> str:
    """The one wording for a routine id that does not exist, wherever it was typed:
    `no routine "mini-rest" — did you mean "mini-reset"?`."""
    import difflib  # only for a mistyped id: the daemon need not carry it

    close = difflib.get_close_matches(wanted.lower(), list(known), n=1, cutoff=0.6)
    if close:
        # Translators: {wanted} is the routine id the user typed, {close} a similar id that
        # exists; ids stay as they are.
        return _('no routine "{wanted}" — did you mean "{close}"?').format(
            wanted=wanted, close=close[0]
        )
    # Translators: {wanted} is the routine id the user typed.
    return _('no routine "{wanted}" — see `deskbreak routines list`').format(wanted=wanted)
