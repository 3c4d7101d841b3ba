"""The player's sounds and voice: a soft chime between steps, breath tones, spoken cues.

Owns synthesising the chime and the rising and falling breath tones as WAVs (stdlib
`wave` + `math`, written once into a cache directory), playing them with the first
available system player in the background with a timeout (the child is killed by
PID, never left stuck), and speaking text in a worker thread: in the chosen language
with espeak-ng, espeak or spd-say given that language's voice, and in English (or
when none of them is installed) with plyer's tts. The text arrives translated.
Nothing here ever blocks the countdown or raises: failures are logged. Edge module:
imports plyer lazily; must not import tkinter or PIL.
"""

from __future__ import annotations

import contextlib
import logging
import math
import queue
import shutil
import struct
import subprocess
import sys
import threading
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

from deskbreak import threads
from deskbreak.core.i18n import language

log = logging.getLogger(__name__)

CHIME_FILE = "chime.wav"
RATE = 22050
SWEEP_SECONDS = 0.45
# The breath tones: (file, from Hz, to Hz), a fifth up to breathe in, down to breathe out.
TONES = {"rising": ("breathe-in.wav", 392.0, 587.33), "falling": ("breathe-out.wav", 587.33, 392.0)}
PLAY_TIMEOUT = 4.0
SPEAK_TIMEOUT = 15.0
# Tried in order; the first one found on PATH plays the chime.
PLAYERS: tuple[tuple[str, ...], ...] = (
    ("paplay",),
    ("pw-play",),
    ("aplay", "-q"),
    ("afplay",),
)


# Speech programs that take a language, tried in order, and the option that names it.
SPEAKERS: tuple[tuple[str, ...], ...] = (
    ("espeak-ng", "-v"),
    ("espeak", "-v"),
    ("spd-say", "-w", "-l"),
)
# Where espeak-ng names a language otherwise than "de", "pt-br": Chinese is spoken as
# Mandarin ("cmn"), whatever the script.
ESPEAK_NG_VOICES = {"zh": "cmn", "zh_CN": "cmn", "zh_TW": "cmn", "zh_SG": "cmn", "zh_HK": "yue"}
# The classic espeak names Mandarin "zh" and Brazilian Portuguese "pt" ("pt-pt" is Portugal's).
ESPEAK_VOICES = {
    "zh_CN": "zh",
    "zh_TW": "zh",
    "zh_HK": "zh-yue",
    "pt_BR": "pt",
    "pt": "pt-pt",
    "pt_PT": "pt-pt",
}


def voice_language(lang: str, program: str = "espeak-ng") -> str | None:
    """How `program` names the voice for catalogue language `lang`; None for its default.

    English and the pseudo-locale speak with the default voice. `lang` is a catalogue code
    as `deskbreak.core.i18n.language()` gives it: "de", "pt_BR", "zh_CN"."""
    lang = lang.strip()
    base = lang.split("_", 1)[0].lower()
    if not lang or base in ("en", "pseudo"):
        return None
    if program == "spd-say":  # speech-dispatcher: an IETF tag, "pt-BR", "zh-CN"
        return lang.replace("_", "-")
    if program == "espeak":
        return ESPEAK_VOICES.get(lang, lang.replace("_", "-").lower())
    return ESPEAK_NG_VOICES.get(lang, lang.replace("_", "-").lower())


def speech_command(
    text: str, lang: str, which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The command that says `text` in `lang`, or None (default voice: plyer speaks it)."""
    if voice_language(lang) is None:
        return None
    for program, *flags in SPEAKERS:
        found = which(program)
        voice = voice_language(lang, program)
        if found and voice:
            return [found, *flags, voice, text]
    return None


def synthesise(path: Path) -> Path:
    """Write a short, soft two-note chime (sine partials with a gentle decay)."""
    frames = bytearray()
    length = int(RATE * 0.9)
    for n in range(length):
        t = n / RATE
        attack = min(1.0, t / 0.01)
        envelope = attack * math.exp(-4.5 * t)
        tone = math.sin(2 * math.pi * 659.25 * t) + 0.6 * math.sin(2 * math.pi * 987.77 * t)
        frames += struct.pack("<h", int(0.22 * 32767 * envelope * tone / 1.6))
    return _write_wave(path, bytes(frames))


def sweep(path: Path, start_hz: float, end_hz: float, seconds: float = SWEEP_SECONDS) -> Path:
    """Write a soft tone that glides from `start_hz` to `end_hz`: up to breathe in, down to
    breathe out. A sine with a smooth rise and fall, so it never clicks."""
    frames = bytearray()
    length = int(RATE * seconds)
    phase = 0.0
    for n in range(length):
        x = n / length
        hz = start_hz * (end_hz / start_hz) ** x  # even steps to the ear
        phase += 2 * math.pi * hz / RATE
        envelope = math.sin(math.pi * x) ** 2
        frames += struct.pack("<h", int(0.2 * 32767 * envelope * math.sin(phase)))
    return _write_wave(path, bytes(frames))


def _write_wave(path: Path, frames: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    partial.replace(path)
    return path


def find_player(which: Callable[[str], str | None] = shutil.which) -> Sequence[str] | None:
    for command in PLAYERS:
        found = which(command[0])
        if found:
            return (found, *command[1:])
    return None


class Sounds:
    """Chime and voice for one player process; `close()` stops what is still running."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        chime: bool,
        voice: bool,
        bell: Callable[[], None] | None = None,
        which: Callable[[str], str | None] = shutil.which,
        timeout: float = PLAY_TIMEOUT,
    ) -> None:
        self._cache_dir = cache_dir
        self._chime_on = chime
        self._voice_on = voice
        self._bell = bell
        self._which = which
        self._timeout = timeout
        self._children: dict[int, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self._speech: queue.Queue[str | None] | None = None

    def set_bell(self, bell: Callable[[], None] | None) -> None:
        """What to do for a chime when no sound player is installed (e.g. Tk's bell)."""
        self._bell = bell

    def chime(self) -> None:
        if not self._chime_on:
            return
        try:
            self._play_chime()
        except OSError as exc:  # no room for the chime's file (a read-only or full home)
            log.info("no chime file (%s); ringing the bell instead", exc)
            if self._bell is not None:
                self._bell()
        except Exception:
            log.warning("chime failed", exc_info=True)

    def _play_chime(self) -> None:
        path = self._cache_dir / CHIME_FILE
        if not path.exists():
            synthesise(path)
        if not self._play(path) and self._bell is not None:
            self._bell()

    def can_play(self) -> bool:
        """Whether a sound file can be played here (a system player, or Windows)."""
        return sys.platform == "win32" or find_player(self._which) is not None

    def tone(self, name: str) -> bool:
        """Play a breath tone ("rising" or "falling"), chime setting or not; False if none
        could be played. `"chime"` plays the chime."""
        try:
            if name == "chime":
                path = self._cache_dir / CHIME_FILE
                if not path.exists():
                    synthesise(path)
            else:
                file, start, end = TONES[name]
                path = self._cache_dir / file
                if not path.exists():
                    sweep(path, start, end)
            return self._play(path)
        except Exception:
            log.warning("tone %s failed", name, exc_info=True)
            return False

    def _play(self, path: Path) -> bool:
        """Start playing `path` in the background; False when nothing here can play it."""
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)
            return True
        player = find_player(self._which)
        if player is None:
            return False
        child = subprocess.Popen(
            [*player, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with self._lock:
            self._children[child.pid] = child
        threads.make("deskbreak-sound-reaper", self._reap, child).start()
        return True

    def _reap(self, child: subprocess.Popen[bytes]) -> None:
        try:
            child.wait(self._timeout)
        except subprocess.TimeoutExpired:
            log.warning("sound player %s took too long; stopping it", child.pid)
            _kill(child)
        finally:
            with self._lock:
                self._children.pop(child.pid, None)

    def say(self, text: str) -> None:
        """Speak text in the background; only the latest unspoken text is kept."""
        if not self._voice_on or not text:
            return
        if self._speech is None:
            self._speech = queue.Queue()
            threads.make("deskbreak-speaker", self._speaker, self._speech).start()
        with contextlib.suppress(queue.Empty):
            while True:  # drop stale lines: the step has moved on
                self._speech.get_nowait()
        self._speech.put(text)

    def _speaker(self, lines: queue.Queue[str | None]) -> None:
        while (text := lines.get()) is not None:
            done = threading.Event()
            command = speech_command(text, language(), self._which)
            worker = threads.make("deskbreak-speak", _speak, text, done, command)
            worker.start()
            if not done.wait(SPEAK_TIMEOUT):
                log.warning("speech took longer than %.0f s; voice switched off", SPEAK_TIMEOUT)
                self._voice_on = False
                return

    def close(self) -> None:
        if self._speech is not None:
            self._speech.put(None)
        with self._lock:
            children = list(self._children.values())
        for child in children:
            _kill(child)


def _speak(text: str, done: threading.Event, command: list[str] | None = None) -> None:
    try:
        if command is not None:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=SPEAK_TIMEOUT - 1,  # run() kills the child when it takes longer
                check=True,
            )
            return
        from plyer import tts

        tts.speak(text)
    except Exception as exc:  # NotImplementedError when no speech engine is installed
        log.info("voice unavailable: %s", exc)
    finally:
        done.set()


def _kill(child: subprocess.Popen[bytes]) -> None:
    """Stop a child by its PID: terminate, then kill if it lingers."""
    if child.poll() is not None:
        return
    with contextlib.suppress(OSError):
        child.terminate()
        try:
            child.wait(1.0)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(1.0)
