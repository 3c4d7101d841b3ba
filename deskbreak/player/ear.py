"""The voice of a routine followed by ear: cues spoken, breath played as tones.

Owns giving each cue of `cues.plan` as it falls due: a breath cue as a rising or
falling tone (its words when no sound player is installed), every other cue
spoken, one after another in its own thread so the countdown never waits. Speech
goes through speech-dispatcher's `spd-say -w` where it is installed, else
`espeak-ng`, each in the ui language; a program that fails is not asked again, and
without either a soft chime stands in for the words. A word that could only come
late (the voice was still busy) is dropped, but never a step, a side switch or the
end. It keeps a record of what was given, when and how, for `play --report`.
Edge module: standard library only; must not import tkinter or PIL.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from deskbreak import threads
from deskbreak.core.i18n import language
from deskbreak.core.routines import Segment
from deskbreak.player.cues import ALWAYS, Cue, CueKind, Follower, plan, words
from deskbreak.player.sounds import Sounds, voice_language
from deskbreak.player.timeline import Frame

log = logging.getLogger(__name__)

SPEAK_TIMEOUT = 15.0  # a longer utterance is cut: the voice has hung
STALE = 1.5  # seconds late after which a count, hold or release is no longer said
FINISH_WAIT = 10.0  # seconds the last words may take after the routine ends
PROGRAMS = ("spd-say", "espeak-ng")
TONE = {CueKind.INHALE: "rising", CueKind.EXHALE: "falling"}


def speech_command(program: str, path: str, text: str, lang: str) -> list[str]:
    """The command line that says `text` in catalogue language `lang` with `program`."""
    text = text.lstrip("-") or text  # never read as an option
    if program == "spd-say":  # -w: return once it was said, so the next cue waits its turn
        return [path, "-w", "-l", voice_language(lang, "spd-say") or "en", text]
    return [path, "-v", voice_language(lang, "espeak-ng") or "en", text]


@dataclass(frozen=True)
class _Say:
    cue: Cue
    text: str
    due: float  # the clock time it was due


class EarVoice:
    """Says the cues of one routine; `close()` lets the last words finish or cuts them."""

    def __init__(
        self,
        segments: Sequence[Segment],
        sounds: Sounds,
        *,
        which: Callable[[str], str | None] = shutil.which,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.segments = tuple(segments)
        self.follower = Follower(plan(self.segments))
        self._sounds = sounds
        self._which = which
        self._clock = clock
        self._broken: set[str] = set()
        self._queue: queue.Queue[_Say | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._child: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._cut = False
        self._started: float | None = None
        self._given: list[tuple[Cue, str, float]] = []

    def __call__(self, frame: Frame) -> list[Cue]:
        """Give the cues due at `frame`; return them (a player may also write them)."""
        due = self.follower.due(frame)
        for cue in due:
            self.give(cue, frame)
        return due

    def give(self, cue: Cue, frame: Frame) -> None:
        now = self._clock()
        # The routine's start on the clock: `frame` was taken at or before now.
        start = now - frame.elapsed
        self._started = start if self._started is None else min(self._started, start)
        tone = TONE.get(cue.kind)
        if tone is not None and self._sounds.tone(tone):
            self._record(cue, "tone", now)
            return
        self._speak(_Say(cue, words(cue, self.segments), now - (frame.elapsed - cue.at)))

    def _speak(self, item: _Say) -> None:
        if self._worker is None:
            self._worker = threads.make("deskbreak-ear", self._speaker)
            self._worker.start()
        self._queue.put(item)

    def _speaker(self) -> None:
        while (item := self._queue.get()) is not None:
            late = self._clock() - item.due
            if late > STALE and item.cue.kind not in ALWAYS:
                self._record(item.cue, "dropped", self._clock())
                continue
            self._say(item)

    def _say(self, item: _Say) -> None:
        for program in PROGRAMS:
            path = self._which(program)
            if path is None or program in self._broken:
                continue
            began = self._clock()
            if self._run(speech_command(program, path, item.text, language())):
                self._record(item.cue, program, began)
                return
            if self._cut:
                return
            log.info("%s could not speak; trying the next voice", program)
            self._broken.add(program)
        began = self._clock()
        how = "chime" if self._sounds.tone("chime") else "none"
        self._record(item.cue, how, began)

    def _run(self, command: list[str]) -> bool:
        try:
            with self._lock:
                if self._cut:
                    return False
                child = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                self._child = child
            try:
                return child.wait(SPEAK_TIMEOUT) == 0
            except subprocess.TimeoutExpired:
                log.warning("%s took longer than %.0f s; stopped", command[0], SPEAK_TIMEOUT)
                _stop(child)
                return False
        except OSError as exc:
            log.info("%s: %s", command[0], exc)
            return False
        finally:
            with self._lock:
                self._child = None

    def _record(self, cue: Cue, how: str, when: float) -> None:
        with self._lock:
            self._given.append((cue, how, when))
        log.debug("cue %s of step %s: %s", cue.kind, cue.segment, how)

    def wait(self, frame: Frame) -> float | None:
        """Seconds until the next cue of the current step, for a player's next tick."""
        return self.follower.wait(frame)

    def close(self, *, finish: bool) -> None:
        """Let what is queued be said (the routine ended) or cut it short (it was stopped)."""
        worker = self._worker
        if worker is None:
            return
        if not finish:
            with self._lock:
                self._cut = True
                child = self._child
            with contextlib.suppress(queue.Empty):
                while True:
                    self._queue.get_nowait()
            if child is not None:
                _stop(child)
        self._queue.put(None)
        worker.join(FINISH_WAIT if finish else 2.0)
        if worker.is_alive():
            self.close(finish=False)

    def record(self) -> list[dict[str, object]]:
        """Each cue given so far: its plan (`at`, `kind`, `step`), when it was given (`given`,
        seconds into the routine) and how (`tone`, `spd-say`, `espeak-ng`, `chime`,
        `dropped`, `none`)."""
        with self._lock:
            given, start = list(self._given), self._started or 0.0
        return [{**c.to_json(), "given": round(t - start, 3), "how": how} for c, how, t in given]


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Stop a speech program by its PID: terminate, then kill if it lingers."""
    if child.poll() is not None:
        return
    with contextlib.suppress(OSError):
        child.terminate()
        try:
            child.wait(1.0)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(1.0)
