"""The routine player for a terminal: for headless machines, SSH, and no display.

Owns rendering a `Timeline` as text: the safety note before a user's first routine,
a block per step (name and side, what it is for, what goes where, cues, breathing,
an "Easier:" and a "Caution:" line, what's next), then on a TTY one live line
redrawn with `\\r` (a countdown that ends at 0:00, a progress bar, the breath or the
hold countdown and the repetition count); without a TTY plain lines and no ANSI.
Accessible (for a screen reader) it is calm and line-based on a TTY too: no live
line, a line of its own for a side switch, a hold, its release and each repetition
(`cues`), and for a pause. By ear it hands each cue to the `ear` as it falls due,
waking for it on time. Keys (from `keys`): Space pauses, → skips a step, Esc or q
stops, s shows the safety note again. Ctrl-C or a stop request ends the routine with
its outcome, never a traceback. Edge module: stdlib only; must not import tkinter or
PIL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TextIO

from deskbreak.core.i18n import N_, _, ngettext
from deskbreak.core.ports import PlayOutcome, PlayResult
from deskbreak.core.routines import Segment
from deskbreak.player import guide
from deskbreak.player.cues import Cue, CueKind, Follower, plan, words
from deskbreak.player.ear import EarVoice
from deskbreak.player.guide import beat_text, clock_text, spoken_count
from deskbreak.player.keys import Key, KeySource
from deskbreak.player.sounds import Sounds
from deskbreak.player.timeline import Frame, Timeline

__all__ = ["TerminalPlayer", "bar", "clock_text", "live_line", "step_block", "summary"]

REDRAW = 0.25  # seconds between redraws of the live line
BAR = 24
CLEAR_LINE = "\r\x1b[2K"
# The cues an accessible terminal writes as lines of their own (a step has its block; the
# breath is left to the tones, a line every few seconds would drown the rest).
CUE_LINES = (CueKind.SWITCH, CueKind.HOLD, CueKind.RELEASE, CueKind.COUNT)
# Translators: the keys of the terminal player; "Space", "Esc" and "s" are keys on the
# keyboard (keep "s": it is the key to press), "→" is the Right arrow key.
KEYS_HELP = N_("Space pauses, → skips a step, Esc stops, s shows the safety note.")
# Translators: shown when no keys can be read (input is not a terminal); Ctrl-C stops.
NO_KEYS = N_("Ctrl-C stops.")


def bar(fraction: float, width: int = BAR) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "#" * filled + "-" * (width - filled)


def step_block(segment: Segment, frame: Frame) -> list[str]:
    """The lines that introduce a step."""
    text = guide.step_text(segment)
    length = clock_text(frame.remaining)
    # Translators: a step's heading in the terminal: "Step 2 of 5: Shoulder rolls (1:00)";
    # {title} is the step's heading, {length} its length as "m:ss".
    heading = _("Step {n} of {total}: {title} ({length})")
    lines = [heading.format(n=frame.index + 1, total=frame.count, title=text.title, length=length)]
    lines += [f"  {line}" for line in (text.purpose, text.side, text.week) if line]
    lines += [f"  - {cue}" for cue in text.cues]
    if text.breathing:
        # Translators: {text} is how the exercise goes with the breath.
        lines.append("  " + _("Breathing: {text}").format(text=text.breathing))
    lines += [f"  {line}" for line in (text.easier, text.caution, text.stop) if line]
    if frame.upcoming is not None:
        lines.append(f"  {guide.next_text(frame.upcoming)}")
    return lines


def live_line(frame: Frame) -> str:
    beat = f"  {beat_text(frame.beat)}" if frame.beat else ""
    # Translators: shown after the countdown while the routine is paused.
    state = "  " + _("(paused)") if frame.paused else ""
    progress = f"[{bar(frame.progress)}] {frame.progress:4.0%}"
    return f"  {clock_text(frame.remaining)}  {progress}{beat}{state}"


def calm_line(frame: Frame) -> str:
    """The time left, and whether the routine is paused, as a line of its own."""
    state = "  " + _("(paused)") if frame.paused else ""
    return f"  {clock_text(frame.remaining)}{state}"


def summary(outcome: PlayOutcome) -> str:
    """How the routine ended, as the last line: "Completed: 3 of 3 steps in 4:00."."""
    total = outcome.steps_total
    # The count agrees with the total ("1 of 1 step", "0 of 3 steps").
    if outcome.result is PlayResult.COMPLETED:
        # Translators: the last line of a routine that ran to its end: {done} steps of
        # {total} were done, in {time} ("4:00", minutes and seconds).
        text = ngettext(
            "Completed: {done} of {total} step in {time}.",
            "Completed: {done} of {total} steps in {time}.",
            total,
        )
    elif outcome.result is PlayResult.PARTIAL:
        # Translators: the routine ended before all its steps were done; {done} steps of
        # {total} were done, in {time} ("4:00").
        text = ngettext(
            "Partial: {done} of {total} step in {time}.",
            "Partial: {done} of {total} steps in {time}.",
            total,
        )
    elif outcome.result is PlayResult.STOPPED:
        # Translators: the routine was stopped before any step was done (so {done} is 0);
        # {total} is how many steps it has, {time} how long it ran ("0:40"). The plural
        # follows {total}.
        text = ngettext(
            "Stopped: {done} of {total} step in {time}.",
            "Stopped: {done} of {total} steps in {time}.",
            total,
        )
    else:
        # Translators: the player could not run the routine; {done} steps of
        # {total} were done, in {time} ("4:00").
        text = ngettext(
            "Failed: {done} of {total} step in {time}.",
            "Failed: {done} of {total} steps in {time}.",
            total,
        )
    return text.format(
        done=outcome.steps_done, total=total, time=clock_text(round(outcome.seconds))
    )


class TerminalPlayer:
    """Plays one timeline in a terminal until it ends or a stop is requested."""

    def __init__(
        self,
        timeline: Timeline,
        out: TextIO,
        *,
        tty: bool,
        sounds: Sounds | None = None,
        stop: threading.Event | None = None,
        clock: Callable[[], float] = time.monotonic,
        keys: KeySource | None = None,
        note: tuple[str, ...] = (),
        accessible: bool = False,
        ear: EarVoice | None = None,
    ) -> None:
        self._timeline = timeline
        self._out = out
        self._tty = tty
        self._sounds = sounds
        self._stop = stop or threading.Event()
        self._clock = clock
        self._keys = keys
        self._note = note
        self._shown = -1
        self._live: Frame | None = None
        self._beat: Frame | None = None
        self._accessible = accessible
        self._ear = ear
        self._follower: Follower | None = ear.follower if ear is not None else None
        if self._follower is None and accessible:
            self._follower = Follower(plan(timeline.segments))
        self._frame: Frame | None = None
        self._frame_at = 0.0  # the clock when `_frame` was taken

    def play(self) -> PlayOutcome:
        t = self._timeline
        self._opening()
        try:
            t.start()
            while not self._render(t.tick()).finished:
                self._wait()
        except KeyboardInterrupt:
            t.stop()
        outcome = t.outcome()
        self._end_live(ran_out=outcome.steps_done == outcome.steps_total)
        if outcome.steps_done and self._sounds is not None:
            self._sounds.chime()
        self._write(summary(outcome))
        return outcome

    def _opening(self) -> None:
        t = self._timeline
        for line in self._note:
            self._write(f"! {line}")
        length = clock_text(t.total)
        count = len(t.segments)
        # Translators: the routine's first line: {routine} is its title, {length} its length
        # as "m:ss", {n} the number of steps.
        opening = ngettext(
            "{routine} — {length}, {n} step.", "{routine} — {length}, {n} steps.", count
        )
        self._write(opening.format(routine=_(t.routine.title), length=length, n=count))
        for line in guide.intro_lines():
            self._write(f"  {line}")
        keys = _(KEYS_HELP if self._keys is not None else NO_KEYS)
        if self._note:
            self._write(keys)
            return
        # Translators: {command} is a command the user types; it stays as it is.
        again = _("Read the safety note again at any time: {command}.")
        self._write(f"{keys} {again.format(command=guide.SAFETY_COMMAND)}")

    def _wait(self) -> None:
        timeout = self._wait_time()
        if self._keys is None:
            if self._stop.wait(timeout):
                self._timeline.stop()
            return
        key = self._keys.read(timeout)
        if self._stop.is_set():
            self._timeline.stop()
        elif key is not None:
            self._press(key)

    def _press(self, key: Key) -> None:
        t = self._timeline
        if key is Key.PAUSE:
            t.toggle_pause()
            if self._accessible:  # said once, as a line, where the live line would show it
                self._write(calm_line(t.tick()))
        elif key is Key.NEXT:
            self._end_live(ran_out=False)  # a skipped step does not count down to 0:00
            t.next()
        elif key is Key.STOP:
            t.stop()
        elif key is Key.SAFETY:
            self._end_live(ran_out=False)
            for line in guide.safety_lines():
                self._write(f"! {line}")

    def _wait_time(self) -> float:
        deadline = self._timeline.deadline()
        if deadline is None:
            return REDRAW
        wait = min(REDRAW, deadline - self._clock())
        if self._follower is not None and self._frame is not None:
            cue = self._follower.wait(self._frame)  # wake for the next cue, on time
            if cue is not None:
                wait = min(wait, cue - (self._clock() - self._frame_at))
        return max(0.0, wait)

    def _render(self, frame: Frame) -> Frame:
        self._frame, self._frame_at = frame, self._clock()
        due = self._follower.due(frame) if self._follower is not None else []
        self._cues([c for c in due if c.kind is CueKind.SWITCH], frame)
        segment = frame.segment
        if segment is not None and frame.index != self._shown:
            self._end_live(ran_out=True)
            if self._shown >= 0 and self._sounds is not None:
                self._sounds.chime()
            self._shown = frame.index
            for line in step_block(segment, frame):
                self._write(line)
            if self._sounds is not None:
                self._sounds.say(guide.speech(segment))
        self._cues([c for c in due if c.kind is not CueKind.SWITCH], frame)
        if segment is not None:
            self._count(frame)
        if segment is not None and self._tty and not self._accessible:
            self._out.write(CLEAR_LINE + live_line(frame))
            self._out.flush()
            self._live = frame
        return frame

    def _cues(self, due: list[Cue], frame: Frame) -> None:
        """Give the cues by ear, and write the ones a screen reader should read."""
        for cue in due:
            if self._ear is not None:
                self._ear.give(cue, frame)
            if self._accessible and cue.kind in CUE_LINES:
                self._write(f"  {words(cue, self._timeline.segments)}")

    def _count(self, frame: Frame) -> None:
        """The voice counts the repetitions and says when a hold begins."""
        before = self._beat.beat if self._beat is not None else None
        same_step = self._beat is not None and self._beat.index == frame.index
        said = spoken_count(before if same_step else None, frame.beat)
        if said and self._sounds is not None:
            self._sounds.say(said)
        self._beat = frame

    def _end_live(self, *, ran_out: bool) -> None:
        """Finish the live line: at 0:00 when its step ran out, as it stands otherwise."""
        if self._live is None:
            return
        if ran_out:
            last = self._live
            final = replace(last, remaining=0.0, elapsed=last.elapsed + last.remaining, beat=None)
            self._out.write(CLEAR_LINE + live_line(final))
        self._out.write("\n")
        self._live = None

    def _write(self, line: str) -> None:
        self._out.write(line + "\n")
        self._out.flush()
