"""The exercise content, the safety wording and the player in other languages.

Every text of the built-in exercises and routines must reach the catalogue (Babel's own
extractor finds it marked), the safety instructions and the sides carry notes for the
translators, the players show nothing unmarked (the pseudo-locale brackets every marked
text), and the voice is given the chosen language.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from support.pseudo import is_marked, unmarked
from support.waiting import wait_until

from deskbreak import lang
from deskbreak.core import i18n, library, safety
from deskbreak.core.ports import PlayOutcome, PlayResult
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.player import guide, sounds, terminal, view
from deskbreak.player.keys import Key
from deskbreak.player.sounds import Sounds, speech_command, voice_language
from deskbreak.player.terminal import TerminalPlayer
from deskbreak.player.timeline import Frame, Timeline

CORE = Path(library.__file__).resolve().parent.parent
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
# Fields that hold ids and drawing names, not words a person reads.
NOT_TEXT = frozenset({"id", "figure", "rhythm", "posture", "variants", "grows"})


def extract(folder: Path) -> dict[str, list[str]]:
    """Every msgid Babel extracts under `folder`, with its translator comments."""
    found: dict[str, list[str]] = {}
    for _file, _line, message, comments, _context in extract_from_dir(
        folder, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, []).extend(comments)
    return found


def catalogue(core: Path = CORE) -> dict[str, list[str]]:
    """The msgids of the library and the safety module, as pybabel extracts them."""
    found = extract(core / "library")
    for _line, message, comments, _context in extract_from_file(
        "python",
        core / "safety.py",
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, []).extend(comments)
    return found


def _texts(value: object) -> Iterator[str]:
    """Every text inside `value`: dataclass fields (less ids and drawing names), tuples."""
    if isinstance(value, str):
        if value:
            yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in NOT_TEXT:
                yield from _texts(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)


def content() -> list[str]:
    """Every text of the built-in content, by the library's public API."""
    texts: list[str] = []
    for exercise in library.exercises().values():
        texts += _texts(exercise)
    for routine in library.routines().values():
        texts += [routine.title, routine.summary]
    texts += library.wording()
    for name, value in vars(safety).items():
        if name.isupper():
            texts += _texts(value)
    return [t for t in texts if t]


def missing(texts: Iterable[str], msgids: Iterable[str]) -> list[str]:
    have = set(msgids)
    return sorted({t for t in texts if t not in have})


def test_every_text_of_the_builtin_content_is_in_the_catalogue() -> None:
    texts = content()
    assert len(set(texts)) > 200  # the content was found
    assert missing(texts, catalogue()) == []


def test_the_check_finds_a_text_left_unmarked(tmp_path: Path) -> None:
    core = tmp_path / "core"
    shutil.copytree(CORE / "library", core / "library")
    shutil.copy(CORE / "safety.py", core / "safety.py")
    shoulders = core / "library" / "shoulders.py"
    source = shoulders.read_text(encoding="utf-8")
    marked = 'N_("Shoulder rolls")'
    assert source.count(marked) == 1
    shoulders.write_text(source.replace(marked, '"Shoulder rolls"'), encoding="utf-8")
    flags = core / "safety.py"
    marked = 'N_("Changes in bladder or bowel control.")'
    flags.write_text(
        flags.read_text(encoding="utf-8").replace(marked, '"Changes in bladder or bowel control."'),
        encoding="utf-8",
    )
    assert missing(content(), catalogue(core)) == [
        "Changes in bladder or bowel control.",
        "Shoulder rolls",
    ]


def notes(found: dict[str, list[str]], text: str) -> str:
    return " ".join(found.get(text, [])).lower()


def test_sides_breathing_and_cautions_carry_notes_for_the_translators() -> None:
    found = catalogue()
    exact = "keep the meaning exact"
    for exercise in library.exercises().values():
        for side in (exercise.left, exercise.right):
            if side:
                assert "own" in notes(found, side), side  # the user's own left and right
        if exercise.breathing:
            said = notes(found, exercise.breathing)
            assert "inhale" in said or "in-breath" in said, exercise.breathing
        for caution in (*exercise.cautions, exercise.before):
            if caution:
                assert exact in notes(found, caution), caution
    for text in (safety.SAFETY_NOTE, safety.STOP_NOW, safety.EMERGENCY, *safety.SEE_A_PROFESSIONAL):
        assert exact in notes(found, text), text
    assert "scapulae" in notes(found, library.exercises()["shoulder-rolls"].cues[2])


# --- the pseudo-locale: nothing unmarked in what the players show and say -------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class ScriptedKeys:
    """Keys at given routine seconds; each read moves the fake clock on instead of waiting."""

    def __init__(self, clock: FakeClock, script: dict[float, Key]) -> None:
        self.clock, self.script = clock, dict(script)

    def read(self, timeout: float) -> Key | None:
        due = [t for t in self.script if t <= self.clock.now + timeout + 1e-9]
        if due:
            at = min(due)
            self.clock.now = max(self.clock.now, at)
            return self.script.pop(at)
        self.clock.now += timeout
        return None


class RecordingSounds(Sounds):
    def __init__(self, tmp: Path) -> None:
        super().__init__(tmp, chime=False, voice=True)
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def test_the_terminal_player_shows_and_says_only_marked_text(tmp_path: Path) -> None:
    lang.setup("pseudo")
    routine = library.routines()["upper-back-opener"]  # sides, holds, a before-you-start line
    clock = FakeClock()
    out = io.StringIO()
    voice = RecordingSounds(tmp_path)
    keys = ScriptedKeys(clock, {5.0: Key.PAUSE, 6.0: Key.PAUSE, 8.0: Key.SAFETY})
    player = TerminalPlayer(
        Timeline(routine, clock), out, tty=True, clock=clock, keys=keys, sounds=voice,
        note=guide.safety_lines(),
    )  # fmt: skip
    outcome = player.play()
    assert outcome.result is PlayResult.COMPLETED
    text = out.getvalue()
    assert text.count("\n") > 30 and is_marked(text)
    assert unmarked(text) == []
    assert len(voice.said) > 10
    assert [s for s in voice.said if unmarked(s)] == []
    blocks = [line for line in text.split("\n") if line.strip() and "\r" not in line]
    assert len(blocks) > 30 and all(is_marked(line) for line in blocks)


def test_the_terminal_player_without_keys_and_every_ending_are_marked() -> None:
    lang.setup("pseudo")
    exercise = Exercise("breathe", "Slow breathing", ("Sit tall",), breath_seconds=0.4)
    routine = Routine("quick", "Quick", (Step(exercise, timedelta(seconds=0.6)),))
    out = io.StringIO()  # without keys the player waits in real time: a short routine
    TerminalPlayer(Timeline(routine, time.monotonic), out, tty=False).play()
    assert unmarked(out.getvalue()) == []
    for result in PlayResult:
        for total in (1, 3):
            line = terminal.summary(PlayOutcome("quick", result, 0, total, 12.0))
            assert unmarked(line) == [] and is_marked(line), line


def test_the_safety_sheet_is_all_marked() -> None:
    lang.setup("pseudo")
    text = "\n".join(safety.sheet())
    assert unmarked(text) == []
    assert all(is_marked(line) for line in safety.sheet() if line)
    assert all(is_marked(line) for line in safety.red_flag_lines())
    assert all(is_marked(line) for line in guide.safety_lines() + guide.intro_lines())


def frames(routine: Routine, every: float = 1.0) -> Iterator[Frame]:
    """Frames through the whole routine, a second apart, and each one paused too."""
    clock = FakeClock()
    timeline = Timeline(routine, clock)
    timeline.start()
    while not (frame := timeline.tick()).finished:
        yield frame
        yield dataclasses.replace(frame, paused=True)
        clock.now += every


def test_the_window_texts_of_every_step_are_marked() -> None:
    lang.setup("pseudo")
    routine = library.routines()["upper-back-opener"]
    seen: set[int] = set()
    beats: set[str] = set()
    for frame in frames(routine):
        texts = view.frame_texts(frame)
        if frame.index not in seen:
            seen.add(frame.index)
            texts |= view.step_texts(frame)
        for name, text in texts.items():
            assert unmarked(text) == [], (name, text)
            if name != "countdown" and text:
                assert is_marked(text), (name, text)
        beats.add(texts["breath"])
    assert seen == set(range(len(routine.segments())))
    assert len(beats) > 10  # breathing in, out, holds and counts were all shown
    for label in (i18n._(view.KEYS_HINT), view.pause_label(paused=False)):
        assert is_marked(label) and unmarked(label) == []


def test_the_window_writes_cjk_in_a_family_that_has_its_glyphs() -> None:
    installed = ["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK TC"]
    assert view.font_family(installed, "en") == "DejaVu Sans"
    assert view.font_family(installed, "de") == "DejaVu Sans"
    assert view.font_family(installed, "zh_CN") == "Noto Sans CJK SC"
    assert view.font_family(installed, "zh_TW") == "Noto Sans CJK TC"
    assert view.font_family(installed, "ja") == "Noto Sans CJK JP"
    assert view.font_family(installed, "ko") == "Noto Sans CJK SC"  # any CJK family
    assert view.font_family(["DejaVu Sans"], "ja") == "TkDefaultFont"  # never Latin-only
    assert view.font_family(["Cantarell"], "fr") == "TkDefaultFont"


# --- the voice speaks the chosen language -------------------------------------------------


def test_the_voice_names_the_language_as_each_speech_program_knows_it() -> None:
    assert voice_language("de") == "de"
    assert voice_language("pt_BR") == "pt-br"
    assert voice_language("zh_CN") == "cmn"
    assert voice_language("zh_TW") == "cmn"
    assert voice_language("pt_BR", "spd-say") == "pt-BR"
    assert voice_language("zh_CN", "espeak") == "zh"
    assert voice_language("pt_BR", "espeak") == "pt"
    for default in ("en", "en_GB", "pseudo", ""):
        assert voice_language(default) is None


def test_the_speech_command_carries_the_language_flag() -> None:
    ng = {"espeak-ng": "/usr/bin/espeak-ng", "spd-say": "/usr/bin/spd-say"}
    assert speech_command("Hallo", "de", ng.get) == ["/usr/bin/espeak-ng", "-v", "de", "Hallo"]
    spd = {"spd-say": "/usr/bin/spd-say"}
    assert speech_command("Olá", "pt_BR", spd.get) == [
        "/usr/bin/spd-say",
        "-w",
        "-l",
        "pt-BR",
        "Olá",
    ]
    assert speech_command("Hello", "en", ng.get) is None  # the default voice, through plyer
    nothing: dict[str, str] = {}
    assert speech_command("Hallo", "de", nothing.get) is None  # nothing installed: plyer


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell script as espeak-ng")
def test_sounds_speak_through_espeak_ng_in_the_installed_language(tmp_path: Path) -> None:
    said = tmp_path / "said"
    program = tmp_path / "espeak-ng"
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{said}"\n')
    program.chmod(0o755)
    i18n.install(gettext.NullTranslations(), "de", i18n.PlainFormats())
    voice = Sounds(tmp_path, chime=False, voice=True, which={"espeak-ng": str(program)}.get)
    voice.say("Schulterkreisen")
    wait_until("the speech program to run", said.exists, 5)
    voice.close()
    assert said.read_text().split("\n")[:3] == ["-v", "de", "Schulterkreisen"]
    assert sounds.SPEAKERS[0][0] == "espeak-ng"
