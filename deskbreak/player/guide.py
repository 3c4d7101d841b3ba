"""The words both players show and say: a step's guidance, the beat, the safety note.

Owns turning a segment into its lines (what it is for, what goes where on this
side, the cues, the breathing, an "Easier:" line and a "Caution:" line), the
"Next:" line (with the coming step's before-you-start caution), the short
status of a beat ("Breathe in · 3 of 8", "Hold 0:04 · 3 of 8"), what the voice
says when a repetition or a hold begins, and the safety note shown before a
user's first routine (a marker in the state folder remembers it was shown; it
can be read again at any time). Edge module: standard library only; must not
import tkinter or PIL.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

from deskbreak.core import library, safety
from deskbreak.core.routines import Phase, Segment
from deskbreak.paths import Paths, ensure
from deskbreak.player.pacing import Beat

log = logging.getLogger(__name__)

SAFETY_SEEN = "safety-note-seen"
SAFETY_AGAIN = "Read the safety note again at any time: deskbreak safety"
WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def clock_text(seconds: float) -> str:
    """Seconds left as "m:ss", rounded up so "0:00" only shows at the very end."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class StepText:
    """Everything a player shows about one segment, already worded."""

    title: str
    purpose: str
    side: str  # what goes where on this side ("" without sides)
    cues: tuple[str, ...]
    breathing: str
    easier: str  # "Easier: …" or ""
    caution: str  # "Caution: …" or ""


def step_text(segment: Segment) -> StepText:
    exercise = segment.exercise
    easier = " ".join(exercise.modifications)
    caution = " ".join(exercise.cautions)
    return StepText(
        title=segment.title,
        purpose=exercise.purpose,
        side=exercise.side_cue(segment.side),
        cues=exercise.cues,
        breathing=exercise.breathing or "",
        easier=f"Easier: {easier}" if easier else "",
        caution=f"Caution: {caution}" if caution else "",
    )


def next_text(upcoming: Segment | None) -> str:
    """The "Next:" line; a step's before-you-start caution shows here, ahead of it."""
    if upcoming is None:
        return "Next: the end — well done"
    before = upcoming.exercise.before
    return f"Next: {upcoming.title}" + (f" — {before}" if before else "")


def count_text(beat: Beat) -> str:
    return f"{beat.rep + 1} of {beat.reps}" if beat.counted and beat.reps > 1 else ""


def beat_text(beat: Beat | None) -> str:
    """ "Breathe in · 3 of 8", "Hold 0:04 · 3 of 8", or "Breathe easily" without a beat."""
    if beat is None:
        return "Breathe easily"
    if beat.phase is Phase.HOLD:
        head = f"Hold {clock_text(beat.phase_left)}"
    else:
        head = "Breathe in" if beat.phase is Phase.INHALE else "Breathe out"
    count = count_text(beat)
    return f"{head} · {count}" if count else head


def spoken_count(before: Beat | None, now: Beat | None) -> str | None:
    """What the voice says as `now` begins a new repetition or a hold, else None."""
    if now is None or not now.counted:
        return None
    if now.phase is Phase.HOLD and (before is None or not before.holding):
        return "Hold"
    if before is not None and now.rep != before.rep:
        return WORDS[now.rep] if now.rep < len(WORDS) else str(now.rep + 1)
    return None


def speech(segment: Segment) -> str:
    """What the voice says as a step begins: its name and what goes where."""
    side = segment.exercise.side_cue(segment.side)
    cue = segment.exercise.cues[0] if segment.exercise.cues else ""
    return " ".join(part for part in (f"{segment.title}.", side or cue) if part).strip()


def intro_lines() -> tuple[str, ...]:
    return library.INTRO


def safety_lines() -> tuple[str, ...]:
    """The note shown before a first routine: the note, when to stop, the emergency line."""
    return (safety.SAFETY_NOTE, safety.EMERGENCY, SAFETY_AGAIN)


def marker(paths: Paths) -> Path:
    return paths.state_dir / SAFETY_SEEN


def first_safety_note(paths: Paths) -> tuple[str, ...]:
    """The safety note if this user has never been shown it (and mark it shown), else ()."""
    seen = marker(paths)
    if seen.exists():
        return ()
    try:
        ensure(paths.state_dir)
        seen.write_text(time.strftime("%Y-%m-%dT%H:%M:%S\n"), encoding="utf-8")
    except OSError as exc:
        log.warning("could not record that the safety note was shown: %s", exc)
    return safety_lines()
