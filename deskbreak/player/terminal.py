"""The routine player for a terminal: for headless machines, SSH, and no display.

Owns rendering a `Timeline` as text: a block per step (name and side, cues,
breathing, what's next), then on a TTY one live line redrawn with `\\r` (a
countdown, a progress bar and the breath phase); without a TTY plain lines and
no ANSI. Ctrl-C or a stop request ends the routine with its partial outcome,
never a traceback. Edge module: stdlib only; must not import tkinter or PIL.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TextIO

from deskbreak.core.ports import PlayOutcome
from deskbreak.core.routines import Segment
from deskbreak.player.sounds import Sounds
from deskbreak.player.timeline import Frame, Timeline

REDRAW = 0.25  # seconds between redraws of the live line
BAR = 24
CLEAR_LINE = "\r\x1b[2K"


def clock_text(seconds: float) -> str:
    """Seconds left as "m:ss", rounded up so "0:00" only shows at the very end."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def bar(fraction: float, width: int = BAR) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "#" * filled + "-" * (width - filled)


def step_block(segment: Segment, frame: Frame) -> list[str]:
    """The lines that introduce a step."""
    exercise = segment.exercise
    length = clock_text(frame.remaining)
    lines = [f"Step {frame.index + 1} of {frame.count}: {segment.title} ({length})"]
    lines += [f"  - {cue}" for cue in exercise.cues]
    if exercise.breathing:
        lines.append(f"  Breathing: {exercise.breathing}")
    if frame.upcoming is not None:
        lines.append(f"  Next: {frame.upcoming.title}")
    return lines


def live_line(frame: Frame) -> str:
    breath = f"  {frame.breath.phase.value:<6}" if frame.breath else ""
    state = "  (paused)" if frame.paused else ""
    progress = f"[{bar(frame.progress)}] {frame.progress:4.0%}"
    return f"  {clock_text(frame.remaining)}  {progress}{breath}{state}"


def summary(outcome: PlayOutcome) -> str:
    return (
        f"{outcome.result.value.capitalize()}: {outcome.steps_done} of {outcome.steps_total} "
        f"steps in {clock_text(round(outcome.seconds))}."
    )


def speech(segment: Segment) -> str:
    cue = segment.exercise.cues[0] if segment.exercise.cues else ""
    return f"{segment.title}. {cue}".strip()


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
    ) -> None:
        self._timeline = timeline
        self._out = out
        self._tty = tty
        self._sounds = sounds
        self._stop = stop or threading.Event()
        self._clock = clock
        self._shown = -1
        self._live = False

    def play(self) -> PlayOutcome:
        t = self._timeline
        length = clock_text(t.total)
        self._write(f"{t.routine.title} — {length}, {len(t.segments)} steps. Ctrl-C stops.")
        try:
            t.start()
            while not self._render(t.tick()).finished:
                if self._stop.wait(self._wait_time()):
                    t.stop()
        except KeyboardInterrupt:
            t.stop()
        outcome = t.outcome()
        self._end_live()
        if outcome.steps_done and self._sounds is not None:
            self._sounds.chime()
        self._write(summary(outcome))
        return outcome

    def _wait_time(self) -> float:
        deadline = self._timeline.deadline()
        if deadline is None:
            return REDRAW
        return max(0.0, min(REDRAW, deadline - self._clock()))

    def _render(self, frame: Frame) -> Frame:
        segment = frame.segment
        if segment is not None and frame.index != self._shown:
            self._end_live()
            if self._shown >= 0 and self._sounds is not None:
                self._sounds.chime()
            self._shown = frame.index
            for line in step_block(segment, frame):
                self._write(line)
            if self._sounds is not None:
                self._sounds.say(speech(segment))
        if segment is not None and self._tty:
            self._out.write(CLEAR_LINE + live_line(frame))
            self._out.flush()
            self._live = True
        return frame

    def _end_live(self) -> None:
        if self._live:
            self._out.write("\n")
            self._live = False

    def _write(self, line: str) -> None:
        self._out.write(line + "\n")
        self._out.flush()
