"""`deskbreak play --terminal`: the real command in a subprocess, plus the chime and voice."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import wave
from datetime import timedelta
from pathlib import Path

import pytest
from support.configs import NO_CHIME, TINY, TINY_SECONDS, write_config
from support.waiting import wait_until

from deskbreak.core import library, safety
from deskbreak.core.ports import PlayResult
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.player import sounds as sounds_module
from deskbreak.player.keys import Key, decode
from deskbreak.player.sounds import Sounds, synthesise
from deskbreak.player.terminal import TerminalPlayer, clock_text, step_block
from deskbreak.player.timeline import Timeline

REPO = Path(__file__).resolve().parent.parent


def player_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["DESKBREAK_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "deskbreak", "play", *args],
        env=player_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def timed_lines(proc: subprocess.Popen[str]) -> list[tuple[float, str]]:
    assert proc.stdout is not None
    return [(time.monotonic(), line.rstrip("\n")) for line in proc.stdout]


def outcome_of(line: str) -> dict[str, object]:
    data = json.loads(line)
    assert set(data) == {"outcome"}
    outcome: dict[str, object] = data["outcome"]
    return outcome


@pytest.fixture
def tiny_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    write_config(tmp_path, NO_CHIME + TINY)
    return tmp_path


def test_terminal_play_completes_on_time_and_reports(tiny_home: Path) -> None:
    proc = start(tiny_home, "tiny", "--terminal", "--report")
    lines = timed_lines(proc)
    assert proc.wait(10) == 0
    assert proc.stderr is not None and proc.stderr.read() == ""
    text = "\n".join(line for _, line in lines)
    assert "Step 1 of 3: Shoulder rolls" in text
    assert "Step 2 of 3: Gentle neck tilt — left" in text
    assert "Step 3 of 3: Gentle neck tilt — right" in text
    assert "  - Ear towards shoulder" in text
    assert "Breathing: Breathe slowly" in text
    assert "Next: Gentle neck tilt — right" in text
    rolls = library.exercises()["shoulder-rolls"]
    assert f"  Easier: {rolls.modifications[0]}" in text
    assert f"  Caution: {rolls.cautions[0]}" in text
    assert f"  {rolls.purpose}" in text
    assert "\x1b" not in text and "\r" not in text  # not a TTY: plain lines
    outcome = outcome_of(lines[-1][1])
    assert outcome == {
        "routine": "tiny",
        "result": "completed",
        "steps_done": 3,
        "steps_total": 3,
        "seconds": TINY_SECONDS,
    }
    wall = lines[-1][0] - lines[0][0]  # from the first line printed to the outcome
    assert abs(wall - TINY_SECONDS) < 0.5


def test_unknown_routine_suggests_a_close_id(tiny_home: Path) -> None:
    proc = start(tiny_home, "tinny", "--terminal")
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 2
    # the one wording `break`, `routines show` and `play` share
    assert err.strip() == 'deskbreak: no routine "tinny" — did you mean "tiny"?'
    assert out == ""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_cleanly_with_a_partial_outcome(tiny_home: Path, signum: int) -> None:
    proc = start(tiny_home, "tiny", "--terminal", "--report")
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Step 2 of 3"):
            break
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=10)
    lines += out.splitlines()
    assert proc.returncode == 0
    assert "Traceback" not in err
    outcome = outcome_of(lines[-1])
    assert outcome["result"] == "partial" and outcome["steps_done"] == 1


def test_without_a_display_the_terminal_is_used_and_says_why(tiny_home: Path) -> None:
    proc = start(tiny_home, "tiny", "--report")
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert err.strip() == (
        "deskbreak: playing in the terminal: "
        "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    )
    assert outcome_of(out.splitlines()[-1])["result"] == "completed"


def test_a_broken_config_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    write_config(tmp_path, "[player\nchime = 1\n")
    proc = start(tmp_path, "tiny", "--terminal")
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 2
    assert "Traceback" not in err and err.startswith("deskbreak:")


def quick_routine(seconds: float = 0.6) -> Routine:
    exercise = Exercise("breathe", "Slow breathing", ("Sit tall",), breath_seconds=0.4)
    return Routine("quick", "Quick", (Step(exercise, timedelta(seconds=seconds)),))


def test_tty_output_redraws_one_live_line() -> None:
    out = io.StringIO()
    outcome = TerminalPlayer(Timeline(quick_routine(), time.monotonic), out, tty=True).play()
    text = out.getvalue()
    assert outcome.result is PlayResult.COMPLETED
    assert text.count("\r\x1b[2K") >= 2  # redrawn in place, several times
    assert "[" in text and ("Breathe in" in text or "Breathe out" in text)
    assert text.endswith("Completed: 1 of 1 step in 0:01.\n")


def test_stop_request_ends_the_terminal_player_early() -> None:
    stop = threading.Event()
    stop.set()
    out = io.StringIO()
    player = TerminalPlayer(Timeline(quick_routine(30), time.monotonic), out, tty=False, stop=stop)
    started = time.monotonic()
    outcome = player.play()
    assert outcome.result is PlayResult.STOPPED
    assert time.monotonic() - started < 1


def test_clock_text_rounds_up_so_zero_shows_only_at_the_end() -> None:
    assert clock_text(59.2) == "1:00"
    assert clock_text(0.01) == "0:01"
    assert clock_text(0) == "0:00"
    assert clock_text(125) == "2:05"


def test_chime_is_a_short_soft_wav(tmp_path: Path) -> None:
    path = synthesise(tmp_path / "chime.wav")
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        seconds = wav.getnframes() / wav.getframerate()
        samples = wav.readframes(wav.getnframes())
    assert 0.3 < seconds < 1.5
    peak = max(
        abs(int.from_bytes(samples[i : i + 2], "little", signed=True))
        for i in range(0, len(samples), 2)
    )
    assert 1000 < peak < 0.5 * 32767  # audible but soft


def test_chime_without_a_player_rings_the_bell(tmp_path: Path) -> None:
    rang: list[bool] = []
    sounds = Sounds(
        tmp_path, chime=True, voice=False, bell=lambda: rang.append(True), which=lambda _: None
    )
    sounds.chime()
    assert rang == [True]
    assert (tmp_path / "chime.wav").exists()


def test_chime_off_does_nothing(tmp_path: Path) -> None:
    rang: list[bool] = []
    Sounds(tmp_path, chime=False, voice=False, bell=lambda: rang.append(True)).chime()
    assert rang == [] and not (tmp_path / "chime.wav").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX shell script as the player")
def test_a_stuck_sound_player_is_killed_after_the_timeout(tmp_path: Path) -> None:
    stuck = tmp_path / "paplay"
    stuck.write_text("#!/bin/sh\nexec sleep 30\n")
    stuck.chmod(0o755)
    found = {"paplay": str(stuck)}
    sounds = Sounds(tmp_path, chime=True, voice=False, which=found.get, timeout=0.3)
    started = time.monotonic()
    sounds.chime()
    assert time.monotonic() - started < 0.5  # never blocks the countdown
    child = next(iter(sounds._children.values()))
    wait_until("the stuck player to be killed", lambda: child.poll() is not None, 5)
    assert child.returncode is not None and child.returncode < 0  # killed by a signal
    sounds.close()


def test_player_order_prefers_pulse_then_pipewire_then_alsa() -> None:
    available = {"aplay": "/bin/aplay", "pw-play": "/bin/pw-play"}
    assert sounds_module.find_player(available.get) == ("/bin/pw-play",)
    assert sounds_module.find_player({"aplay": "/bin/aplay"}.get) == ("/bin/aplay", "-q")


def test_voice_failures_are_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import plyer

    spoken: list[str] = []

    def broken(text: str) -> None:
        spoken.append(text)
        raise RuntimeError("no speech engine")

    monkeypatch.setattr(plyer.tts, "speak", broken)
    sounds = Sounds(tmp_path, chime=False, voice=True)
    with caplog.at_level("INFO"):
        sounds.say("Shoulder rolls")
        wait_until("the voice failure logged", lambda: "voice unavailable" in caplog.text, 5)
    sounds.close()
    assert spoken == ["Shoulder rolls"]
    assert "voice unavailable: no speech engine" in caplog.text


# --- the safety note, the keys, the exit code and the last second -------------------------


def test_the_safety_note_comes_before_the_first_routine_only(tiny_home: Path) -> None:
    first = start(tiny_home, "tiny", "--terminal")
    out, _ = first.communicate(timeout=15)
    assert f"! {safety.SAFETY_NOTE}" in out.splitlines()
    assert f"! {safety.EMERGENCY}" in out.splitlines()
    assert out.index(safety.SAFETY_NOTE) < out.index("Step 1 of 3")
    assert (tiny_home / "state" / "safety-note-seen").exists()
    again = start(tiny_home, "tiny", "--terminal")
    out, _ = again.communicate(timeout=15)
    assert safety.SAFETY_NOTE not in out
    assert "deskbreak safety" in out.splitlines()[len(library.INTRO) + 1]  # where to read it again


def test_esc_in_a_real_terminal_stops_and_the_exit_code_says_so(tiny_home: Path) -> None:
    write_config(tiny_home, TINY.replace('duration = "1s"', 'duration = "20s"', 1))
    leader, follower = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "deskbreak", "play", "tiny", "--terminal"],
        env=player_env(tiny_home), stdin=follower, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    os.close(follower)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("Step 1 of 3"):
                break
        os.write(leader, b" ")  # pause
        os.write(leader, b" ")  # resume
        os.write(leader, b"\x1b[C")  # → skips the 20 s step
        for line in proc.stdout:
            if line.startswith("Step 2 of 3"):
                break
        os.write(leader, b"\x1b")
        out, err = proc.communicate(timeout=10)
    finally:
        os.close(leader)
    assert proc.returncode == 1, err  # a stopped run is not a success
    assert out.strip().splitlines()[-1].startswith("Stopped: 0 of 3 steps")
    assert "Traceback" not in err


def test_ctrl_c_exits_non_zero_without_report(tiny_home: Path) -> None:
    proc = start(tiny_home, "tiny", "--terminal")
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("Step 2 of 3"):
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 1, err
    assert out.strip().splitlines()[-1].startswith("Partial: 1 of 3 steps")


class ScriptedKeys:
    """Keys at given routine seconds; each read moves a fake clock on instead of waiting."""

    def __init__(self, clock: FakeClock, script: dict[float, Key]) -> None:
        self.clock = clock
        self.script = dict(script)

    def read(self, timeout: float) -> Key | None:
        due = [t for t in self.script if t <= self.clock.now + timeout + 1e-9]
        if due:
            at = min(due)
            self.clock.now = max(self.clock.now, at)
            return self.script.pop(at)
        self.clock.now += timeout
        return None


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def keyed_player(script: dict[float, Key]) -> tuple[TerminalPlayer, io.StringIO]:
    clock = FakeClock()
    rolls = library.exercises()["shoulder-rolls"]
    routine = Routine("r", "Rolls", (Step(rolls, timedelta(seconds=12)),) * 2)
    out = io.StringIO()
    keys = ScriptedKeys(clock, script)
    player = TerminalPlayer(Timeline(routine, clock), out, tty=True, clock=clock, keys=keys)
    return player, out


def test_space_pauses_right_skips_and_esc_stops() -> None:
    player, out = keyed_player({1.0: Key.PAUSE, 6.0: Key.PAUSE, 7.0: Key.NEXT})
    outcome = player.play()
    text = out.getvalue()
    assert "(paused)" in text
    assert outcome.result is PlayResult.PARTIAL and outcome.steps_done == 1
    assert outcome.seconds == pytest.approx(2.0 + 12.0, abs=0.3)  # 5 s paused, 10 s skipped
    player, out = keyed_player({3.0: Key.STOP})
    assert player.play().result is PlayResult.STOPPED


def test_every_step_counts_down_to_zero_and_shows_the_count() -> None:
    player, out = keyed_player({})
    outcome = player.play()
    text = out.getvalue()
    assert outcome.result is PlayResult.COMPLETED
    before_step_2 = text[: text.index("Step 2 of 2")]
    assert before_step_2.rstrip("\n").rsplit(CLEAR, 1)[-1].startswith("  0:00")
    assert text.rstrip("\n").split("\n")[-2].rsplit(CLEAR, 1)[-1].startswith("  0:00")
    assert "Breathe in · 1 of 2" in text and "Breathe out · 2 of 2" in text


class RecordingSounds(Sounds):
    def __init__(self, tmp: Path) -> None:
        super().__init__(tmp, chime=False, voice=True)
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def test_the_voice_names_the_step_counts_repetitions_and_says_hold(tmp_path: Path) -> None:
    clock = FakeClock()
    twist = library.exercises()["rotating-chair-twist"]  # 3 times per side, 5 s holds
    routine = Routine("t", "Twist", (Step(twist, timedelta(seconds=36)),))
    sounds = RecordingSounds(tmp_path)
    keys = ScriptedKeys(clock, {})
    TerminalPlayer(
        Timeline(routine, clock), io.StringIO(), tty=False, clock=clock, keys=keys, sounds=sounds
    ).play()
    left = sounds.said.index(f"{twist.name} — left. {twist.left}")
    right = sounds.said.index(f"{twist.name} — right. {twist.right}")
    assert sounds.said[left + 1 : right] == ["Hold", "two", "Hold", "three", "Hold"]
    assert sounds.said[right + 1 :] == ["Hold", "two", "Hold", "three", "Hold"]


def test_s_shows_the_safety_note_again() -> None:
    player, out = keyed_player({2.0: Key.SAFETY, 3.0: Key.STOP})
    player.play()
    assert f"! {safety.EMERGENCY}" in out.getvalue().splitlines()


def test_terminal_keys_decode() -> None:
    assert decode(b" ") == [Key.PAUSE]
    assert decode(b"\x1b[C\x1bOC") == [Key.NEXT, Key.NEXT]
    assert decode(b"\x1b") == [Key.STOP] and decode(b"q") == [Key.STOP]
    assert decode(b"\x1b[A\x1b[D x") == [Key.PAUSE]  # other arrows and keys are ignored
    assert decode(b"s") == [Key.SAFETY]


CLEAR = "\r\x1b[2K"


def test_the_chair_caution_shows_before_the_chair_step() -> None:
    routine = library.routines()["upper-back-opener"]
    timeline = Timeline(routine, FakeClock())
    timeline.start()
    while (frame := timeline.tick()).upcoming is not None:
        if frame.upcoming.exercise.id == "chair-back-extension":
            break
        timeline.next()
    assert frame.segment is not None
    block = step_block(frame.segment, frame)
    before = library.exercises()["chair-back-extension"].before
    assert block[-1] == f"  Next: Chair-back extension — {before}"
