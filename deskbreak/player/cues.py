"""The cues of a routine followed by ear: which, in what order, at which second.

Owns `plan`, which lays out a routine's cues on its own timeline (seconds from its
start, pauses left out): each step announced as it begins, "switch sides" before a
step's second side, every half-breath of a paced step (a rising tone to breathe
in, a falling one to breathe out), the start and the end of each hold, the
repetition count from the second repetition on (the announcement starts the
first), and the end. The breath follows `pacing.beat_at`, so the ear hears what
the figure shows. `Follower` hands a player the cues that fell due since its last
tick, dropping those of a step that was skipped; `words` is what a cue says, in
the chosen language. Pure: standard library, `deskbreak.core` and the player's
own pure modules; no clock reads, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from deskbreak.core.i18n import _, ngettext, pgettext
from deskbreak.core.routines import Phase, Segment, Side, repetitions
from deskbreak.player.guide import count_words, segment_title
from deskbreak.player.pacing import other
from deskbreak.player.timeline import Frame


class CueKind(StrEnum):
    STEP = "step"  # a step begins: its name, how long, what to do first
    SWITCH = "switch"  # the second side of a step begins
    INHALE = "inhale"  # breathe in (a rising tone)
    EXHALE = "exhale"  # breathe out (a falling tone)
    HOLD = "hold"  # keep still in the pose
    RELEASE = "release"  # the hold is over
    COUNT = "count"  # a repetition begins (the second and later ones)
    END = "end"  # the routine ran to its end


BREATH = (CueKind.INHALE, CueKind.EXHALE)
# Said whatever happens, however late: a listener must know where they are.
ALWAYS = (CueKind.STEP, CueKind.SWITCH, CueKind.END)


@dataclass(frozen=True)
class Cue:
    at: float  # seconds from the routine's start (pauses left out)
    kind: CueKind
    segment: int  # the step (segment) it belongs to; the segment count for END
    rep: int = 0  # the repetition (0-based) of a count, breath or hold cue

    def to_json(self) -> dict[str, object]:
        return {"at": round(self.at, 3), "kind": self.kind.value, "step": self.segment}


def _breath(phase: Phase) -> CueKind:
    return CueKind.INHALE if phase is Phase.INHALE else CueKind.EXHALE


def segment_cues(segment: Segment, start: float, *, switch: bool) -> list[Cue]:
    """The cues of one segment that begins `start` seconds into the routine."""
    index = segment.index
    out = [Cue(start, CueKind.SWITCH, index)] if switch else []
    out.append(Cue(start, CueKind.STEP, index))
    exercise = segment.exercise
    length = segment.duration.total_seconds()
    reps = repetitions(exercise, length)
    if reps is None:
        return out
    rhythm = exercise.rhythm
    first = rhythm.first if rhythm is not None else Phase.INHALE
    counted = rhythm is not None and rhythm.counted
    half = reps.breath / 2
    for rep in range(reps.count):
        begin = start + rep * reps.seconds
        if counted and rep > 0:
            out.append(Cue(begin, CueKind.COUNT, index, rep))
        out.append(Cue(begin, _breath(first), index, rep))
        back = begin + half
        if reps.hold > 0:
            out.append(Cue(back, CueKind.HOLD, index, rep))
            back += reps.hold
            out.append(Cue(back, CueKind.RELEASE, index, rep))
        out.append(Cue(back, _breath(other(first)), index, rep))
    return out


def plan(segments: Sequence[Segment]) -> tuple[Cue, ...]:
    """Every cue of a routine made of `segments`, in the order they are given."""
    out: list[Cue] = []
    start = 0.0
    for i, segment in enumerate(segments):
        before = segments[i - 1] if i else None
        switch = (
            segment.side is Side.RIGHT
            and before is not None
            and before.side is Side.LEFT
            and before.exercise == segment.exercise
        )
        out += segment_cues(segment, start, switch=switch)
        start += segment.duration.total_seconds()
    out.append(Cue(start, CueKind.END, len(segments)))
    return tuple(out)


# A cue this close to its time counts as due: a tick a hair early does not wait a round.
EARLY = 0.02


class Follower:
    """Walks a plan along a playing timeline: `due(frame)` gives the cues whose time came."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self.cues = tuple(cues)
        self._next = 0

    def due(self, frame: Frame) -> list[Cue]:
        """The cues due at `frame`, in order; those of a step skipped past are dropped."""
        out: list[Cue] = []
        while self._next < len(self.cues):
            cue = self.cues[self._next]
            if cue.kind is CueKind.END:
                if not frame.finished:
                    break
                if frame.elapsed + EARLY >= cue.at:  # ran out, not stopped early
                    out.append(cue)
            elif cue.segment < frame.index:
                pass  # a step left behind (skipped): its cues are stale
            elif cue.segment > frame.index or frame.elapsed + EARLY < cue.at:
                break
            else:
                out.append(cue)
            self._next += 1
        return out

    def wait(self, frame: Frame) -> float | None:
        """Routine seconds from `frame` to the next cue of its step, or None."""
        for cue in self.cues[self._next :]:
            if cue.segment == frame.index and cue.kind is not CueKind.END:
                return max(0.0, cue.at - frame.elapsed)
            if cue.segment > frame.index:
                return None
        return None


def spoken_length(seconds: float) -> str:
    """A step's length as a voice says it: "45 seconds", "2 minutes", "1 minute and 30 seconds"."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    # Translators: a length of time spoken aloud; write the unit out in full.
    secs = ngettext("{n} second", "{n} seconds", rest).format(n=rest)
    if not minutes:
        return secs
    # Translators: a length of time spoken aloud; write the unit out in full.
    mins = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    if not rest:
        return mins
    # Translators: a length spoken aloud: {minutes} such as "1 minute", {seconds} such as
    # "30 seconds".
    return pgettext("spoken", "{minutes} and {seconds}").format(minutes=mins, seconds=secs)


def announcement(segment: Segment) -> str:
    """What is said as a step begins: its name and side, how long, then what to do first."""
    title = segment_title(segment)
    length = spoken_length(segment.duration.total_seconds())
    exercise = segment.exercise
    first = exercise.side_cue(segment.side) or (exercise.cues[0] if exercise.cues else "")
    if not first:
        # Translators: spoken as a step begins: {step} is its heading, {length} how long it
        # lasts ("30 seconds").
        return pgettext("spoken", "{step}, {length}.").format(step=title, length=length)
    # Translators: spoken as a step begins: {step} is its heading, {length} how long it
    # lasts ("30 seconds"), {instruction} the first thing to do.
    text = pgettext("spoken", "{step}, {length}. {instruction}")
    return text.format(step=title, length=length, instruction=_(first))


def words(cue: Cue, segments: Sequence[Segment]) -> str:
    """What `cue` says, in the chosen language (a breath cue's words stand in for its tone)."""
    kind = cue.kind
    if kind is CueKind.STEP:
        return announcement(segments[cue.segment])
    if kind is CueKind.SWITCH:
        # Translators: spoken aloud between the two sides of an exercise.
        return pgettext("spoken", "Switch sides")
    if kind is CueKind.HOLD:
        return pgettext("spoken", "Hold")
    if kind is CueKind.RELEASE:
        # Translators: spoken aloud as a hold ends: come out of the pose, gently.
        return pgettext("spoken", "and release")
    if kind is CueKind.COUNT:
        counts = count_words()
        return counts[cue.rep] if cue.rep < len(counts) else str(cue.rep + 1)
    if kind is CueKind.INHALE:
        return _("Breathe in")
    if kind is CueKind.EXHALE:
        return _("Breathe out")
    return _("All done — well done")
