"""The words both players show and say: a step's guidance, the beat, the safety note.

Owns turning a segment into its lines (what it is for, what goes where on this
side, the cues, the breathing, an "Easier:" line, a "Caution:" line and, where
progression lengthened the step, a "This week:" line), the
"Next:" line (with the coming step's before-you-start caution), the short
status of a beat ("Breathe in · 3 of 8", "Hold 0:04 · 3 of 8"), what the voice
says when a repetition or a hold begins, and the safety note shown before a
user's first routine (a marker in the state folder remembers it was shown; it
can be read again at any time). Everything is translated here, as it is shown:
the exercise data stays English. Edge module: standard library only; must not
import tkinter or PIL.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

from deskbreak.core import library, safety
from deskbreak.core.i18n import _, duration_text, ngettext, pgettext
from deskbreak.core.routines import Phase, Segment, Side, repetitions
from deskbreak.paths import Paths, ensure
from deskbreak.player.pacing import Beat

log = logging.getLogger(__name__)

SAFETY_SEEN = "safety-note-seen"
SAFETY_COMMAND = "deskbreak safety"


def safety_again() -> str:
    """Where to read the safety note again, as a line of its own."""
    # Translators: {command} is a command the user types; it stays as it is.
    return _("Read the safety note again at any time: {command}").format(command=SAFETY_COMMAND)


def clock_text(seconds: float) -> str:
    """Seconds left as "m:ss", rounded up so "0:00" only shows at the very end."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class StepText:
    """Everything a player shows about one segment, already worded and translated."""

    title: str
    purpose: str
    side: str  # what goes where on this side ("" without sides)
    cues: tuple[str, ...]
    breathing: str
    easier: str  # "Easier: …" or ""
    week: str  # what progression changed this week ("This week: 24 s holds") or ""
    caution: str  # "Caution: …" or ""
    stop: str  # the one-line stop reminder every step shows


def segment_title(segment: Segment) -> str:
    """The exercise's name, and which side, in the chosen language."""
    name = _(segment.exercise.name)
    if segment.side is Side.LEFT:
        # Translators: a step's heading: {exercise} is the exercise's name; "left" means
        # the user's own left side is worked now.
        return _("{exercise} — left").format(exercise=name)
    if segment.side is Side.RIGHT:
        # Translators: a step's heading: {exercise} is the exercise's name; "right" means
        # the user's own right side is worked now.
        return _("{exercise} — right").format(exercise=name)
    return name


def _sentences(texts: tuple[str, ...]) -> str:
    return " ".join(_(text) for text in texts)


def step_text(segment: Segment) -> StepText:
    exercise = segment.exercise
    easier = _sentences(exercise.modifications)
    caution = _sentences(exercise.cautions)
    side = exercise.side_cue(segment.side)
    return StepText(
        title=segment_title(segment),
        purpose=_(exercise.purpose),
        side=_(side),
        cues=tuple(_(cue) for cue in exercise.cues),
        breathing=_(exercise.breathing) if exercise.breathing else "",
        # Translators: {text} is an easier way to do the exercise (one or more sentences).
        easier=_("Easier: {text}").format(text=easier) if easier else "",
        week=week_text(segment),
        # Translators: {text} is the exercise's safety cautions (one or more sentences);
        # "Caution" must read as a warning.
        caution=_("Caution: {text}").format(text=caution) if caution else "",
        stop=_(safety.STOP_NOW),
    )


def week_text(segment: Segment) -> str:
    """What progression changed in this step this week, as one short line, or ""."""
    exercise, grows = segment.exercise, segment.exercise.grows
    if segment.level <= 0 or grows is None or exercise.rhythm is None:
        return ""
    if grows.hold is not None:
        hold = duration_text(exercise.rhythm.hold)
        # Translators: progression lengthened the holds of this exercise this week; {hold}
        # is how long each hold now lasts ("24 s").
        return _("This week: {hold} holds").format(hold=hold)
    reps = repetitions(exercise, segment.duration.total_seconds())
    if reps is None:
        return ""
    # Translators: progression added repetitions to this exercise this week; {count} is
    # how many it now does (on each side, for a one-sided exercise).
    text = ngettext("This week: {count} repetition", "This week: {count} repetitions", reps.count)
    return text.format(count=reps.count)


def mirror_note(segment: Segment) -> str:
    """The caption of a one-sided step's picture: the figure moves like a mirror image."""
    if segment.side is None:
        return ""
    # Translators: a short caption of the picture of a one-sided exercise: follow the figure
    # as if it were your reflection in a mirror (your own right side is on the right of the
    # picture). Keep it to two or three words.
    return pgettext("picture", "Mirror me")


def red_flags_where() -> str:
    """Where to read again when to see a doctor, as a line of its own."""
    # Translators: says where to read the warning signs that need a doctor again: the
    # Safety item of the tray icon's menu, or a command; {command} stays as it is.
    return _("Signs that need a doctor: Safety in the tray menu, or {command}").format(
        command=SAFETY_COMMAND
    )


def next_text(upcoming: Segment | None) -> str:
    """The "Next:" line; a step's before-you-start caution shows here, ahead of it."""
    if upcoming is None:
        # Translators: shown during the last step: nothing comes after it.
        return _("Next: the end — well done")
    title = segment_title(upcoming)
    before = upcoming.exercise.before
    if before:
        # Translators: {step} is the coming step's heading; {caution} a safety caution to
        # read before it starts.
        return _("Next: {step} — {caution}").format(step=title, caution=_(before))
    # Translators: {step} is the coming step's heading.
    return _("Next: {step}").format(step=title)


def count_text(beat: Beat) -> str:
    if not (beat.counted and beat.reps > 1):
        return ""
    # Translators: which repetition this is: "3 of 8" = the third of eight repetitions.
    return pgettext("repetition", "{rep} of {reps}").format(rep=beat.rep + 1, reps=beat.reps)


def beat_text(beat: Beat | None) -> str:
    """ "Breathe in · 3 of 8", "Hold 0:04 · 3 of 8", or "Breathe easily" without a beat."""
    if beat is None:
        # Translators: shown for a pose simply rested in: breathe normally.
        return _("Breathe easily")
    if beat.phase is Phase.HOLD:
        # Translators: keep still in the pose; {time} is the time left, as "0:04".
        head = _("Hold {time}").format(time=clock_text(beat.phase_left))
    elif beat.phase is Phase.REST:
        # Translators: rest, lying still, before the next repetition; {time} is the time
        # left, as "0:08".
        head = _("Rest {time}").format(time=clock_text(beat.phase_left))
    elif beat.phase is Phase.INHALE:
        # Translators: the breath cue shown while inhaling; keep it short.
        head = _("Breathe in")
    else:
        # Translators: the breath cue shown while exhaling; keep it short.
        head = _("Breathe out")
    count = count_text(beat)
    return f"{head} · {count}" if count else head


def spoken_count(before: Beat | None, now: Beat | None) -> str | None:
    """What the voice says as `now` begins a new repetition or a hold, else None."""
    if now is None or not now.counted:
        return None
    if now.phase is Phase.HOLD and (before is None or not before.holding):
        # Translators: spoken aloud as a hold begins: keep still in the pose.
        return pgettext("spoken", "Hold")
    if before is not None and now.rep != before.rep:
        words = count_words()
        return words[now.rep] if now.rep < len(words) else str(now.rep + 1)
    return None


def count_words() -> tuple[str, ...]:
    """The words the voice counts repetitions with, "one" to "ten", in the chosen language."""
    return (
        # Translators: the voice counts repetitions aloud; the second begins with "two".
        # Write each number as a speech engine should say it.
        pgettext("counting aloud", "one"),
        pgettext("counting aloud", "two"),
        pgettext("counting aloud", "three"),
        pgettext("counting aloud", "four"),
        pgettext("counting aloud", "five"),
        pgettext("counting aloud", "six"),
        pgettext("counting aloud", "seven"),
        pgettext("counting aloud", "eight"),
        pgettext("counting aloud", "nine"),
        pgettext("counting aloud", "ten"),
    )


def speech(segment: Segment) -> str:
    """What the voice says as a step begins: its name and what goes where."""
    title = segment_title(segment)
    side = segment.exercise.side_cue(segment.side)
    cue = segment.exercise.cues[0] if segment.exercise.cues else ""
    instruction = _(side or cue)
    if not instruction:
        # Translators: spoken as a step begins: {step} is the step's heading.
        return _("{step}.").format(step=title)
    # Translators: spoken as a step begins: {step} is the step's heading, {instruction}
    # what goes where on this side (or the first cue).
    return _("{step}. {instruction}").format(step=title, instruction=instruction)


def intro_lines() -> tuple[str, ...]:
    return tuple(_(line) for line in library.INTRO)


def safety_lines() -> tuple[str, ...]:
    """The note shown before a first routine: the note, when to stop, the emergency line."""
    return (_(safety.SAFETY_NOTE), _(safety.EMERGENCY), safety_again())


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
