"""The by-ear voice with real (stand-in) programs: which one speaks, what stands in for what
cannot be played, a stop cutting the words; and finding a running screen reader."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from support.waiting import wait_until

from deskbreak.core import library
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.player import screenreader
from deskbreak.player.cues import BREATH, CueKind, plan, words
from deskbreak.player.ear import EarVoice
from deskbreak.player.sounds import Sounds
from deskbreak.player.timeline import Timeline

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell stand-ins")

TILT = Exercise("tilt", "Tilt", ("Ear down",), sides=True)


def program(folder: Path, name: str, body: str = "") -> str:
    """A stand-in program that writes its arguments, one line per call, to `name`.log."""
    path = folder / name
    log = folder / f"{name}.log"
    path.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n{body}\n')
    path.chmod(0o755)
    return str(path)


def calls(folder: Path, name: str) -> list[str]:
    log = folder / f"{name}.log"
    return log.read_text().splitlines() if log.exists() else []


def routine() -> Routine:
    rolls = library.exercises()["shoulder-rolls"]
    steps = (Step(TILT, timedelta(seconds=1)), Step(rolls, timedelta(seconds=12)))
    return Routine("ear", "Ear", steps, builtin=False)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def play_all(ear: EarVoice, r: Routine) -> None:
    """Play `r` on a fake clock, stopping at each cue's time, and hand the frames to `ear`."""
    clock = Clock()
    timeline = Timeline(r, clock)
    timeline.start()
    for cue in plan(timeline.segments):
        clock.now = cue.at
        ear(timeline.tick())


def test_words_go_to_the_first_voice_that_works_and_breath_to_tones(tmp_path: Path) -> None:
    found = {
        "spd-say": program(tmp_path, "spd-say", "exit 1"),  # no speech-dispatcher to talk to
        "espeak-ng": program(tmp_path, "espeak-ng"),
        "paplay": program(tmp_path, "paplay"),
    }
    sounds = Sounds(tmp_path / "cache", chime=False, voice=False, which=found.get)
    r = routine()
    ear = EarVoice(r.segments(), sounds, which=found.get)
    play_all(ear, r)
    ear.close(finish=True)
    record = ear.record()
    cues = plan(r.segments())
    assert sorted((e["at"], e["kind"]) for e in record) == sorted((c.at, c.kind) for c in cues)
    spoken = [e for e in record if e["how"] != "tone"]
    assert [e["kind"] for e in spoken] == [c.kind for c in cues if c.kind not in BREATH]
    assert {e["how"] for e in spoken} == {"espeak-ng"}
    assert len(calls(tmp_path, "spd-say")) == 1  # failed once: not asked again
    said = calls(tmp_path, "espeak-ng")
    assert said == [f"-v en {words(c, r.segments())}" for c in cues if c.kind not in BREATH]
    wait_until("every tone played", lambda: len(calls(tmp_path, "paplay")) == 4, 5)
    tones = [line.rsplit("/", 1)[-1] for line in calls(tmp_path, "paplay")]
    breath = [c.kind for c in cues if c.kind in BREATH]
    wanted = {CueKind.INHALE: "breathe-in.wav", CueKind.EXHALE: "breathe-out.wav"}
    assert sorted(tones) == sorted(wanted[k] for k in breath)  # played side by side


def test_spd_say_waits_and_speaks_the_ui_language(tmp_path: Path) -> None:
    found = {"spd-say": program(tmp_path, "spd-say")}
    r = routine()
    ear = EarVoice(r.segments(), Sounds(tmp_path, chime=False, voice=False), which=found.get)
    play_all(ear, Routine("one", "One", r.steps[:1], builtin=False))
    ear.close(finish=True)
    first = calls(tmp_path, "spd-say")[0]
    assert first.startswith("-w -l en ")


def test_without_a_voice_a_chime_stands_in_and_without_a_player_breath_is_words(
    tmp_path: Path,
) -> None:
    only_player = {"paplay": program(tmp_path, "paplay")}
    r = routine()
    ear = EarVoice(
        r.segments(), Sounds(tmp_path, chime=False, voice=False, which=only_player.get),
        which=only_player.get,
    )  # fmt: skip
    play_all(ear, r)
    ear.close(finish=True)
    how = {e["kind"]: e["how"] for e in ear.record()}
    assert how[CueKind.STEP] == "chime" and how[CueKind.INHALE] == "tone"

    only_voice = {"espeak-ng": program(tmp_path, "espeak-ng")}
    sounds = Sounds(tmp_path, chime=False, voice=False, which=only_voice.get)
    ear = EarVoice(r.segments(), sounds, which=only_voice.get)
    play_all(ear, r)
    ear.close(finish=True)
    assert {e["how"] for e in ear.record()} == {"espeak-ng"}
    assert f"-v en {words(plan(r.segments())[3], r.segments())}" in calls(tmp_path, "espeak-ng")


def test_a_stop_cuts_the_words_short(tmp_path: Path) -> None:
    slow = {"espeak-ng": program(tmp_path, "espeak-ng", "exec sleep 30")}
    r = routine()
    ear = EarVoice(r.segments(), Sounds(tmp_path, chime=False, voice=False), which=slow.get)
    play_all(ear, Routine("one", "One", r.steps[:1], builtin=False))
    wait_until("the voice to start", lambda: calls(tmp_path, "espeak-ng") != [], 10)
    began = time.monotonic()
    ear.close(finish=False)
    assert time.monotonic() - began < 4
    assert len(calls(tmp_path, "espeak-ng")) == 1  # nothing queued was said after the stop


def test_an_orca_process_of_this_user_is_a_screen_reader(tmp_path: Path) -> None:
    assert screenreader.reader_process(tmp_path) is None  # no processes there
    sleep = shutil.which("sleep")
    assert sleep is not None
    orca = tmp_path / "orca"
    shutil.copy(sleep, orca)
    before = screenreader.reader_process()
    proc = subprocess.Popen([str(orca), "30"])
    try:
        wait_until("orca to run", lambda: screenreader.reader_process() == "orca", 5)
        assert screenreader.reader_process(uid=os.getuid() + 1) is None  # someone else's
    finally:
        proc.terminate()
        proc.wait(5)
    assert screenreader.reader_process() == before


def test_gnomes_screen_reader_setting_is_read_with_gsettings(tmp_path: Path) -> None:
    gsettings = shutil.which("gsettings")
    if gsettings is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI=true and gsettings is missing (libglib2.0-bin)")
        pytest.skip("needs gsettings (libglib2.0-bin)")
    env = {**os.environ, "GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": str(tmp_path)}
    assert screenreader.gnome_enabled(env) is False
    key = [screenreader.SCHEMA, screenreader.KEY]
    subprocess.run([gsettings, "set", *key, "true"], env=env, check=True, timeout=10)
    assert screenreader.gnome_enabled(env) is True
    assert screenreader.running(env) == "gnome"
    subprocess.run([gsettings, "set", *key, "false"], env=env, check=True, timeout=10)
    assert screenreader.gnome_enabled(env) is False
    assert screenreader.gnome_enabled(env, which=lambda _name: None) is False
