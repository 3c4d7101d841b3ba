"""The accessible terminal player: calm lines a screen reader reads, one per step and per cue,
in-process on a fake clock and as the real command on a real pseudo-terminal."""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from support.configs import NO_CHIME, TINY, write_config

from deskbreak.core import library
from deskbreak.core.ports import PlayResult
from deskbreak.core.routines import Exercise, Routine, Step
from deskbreak.player.cues import Cue, CueKind, plan, words
from deskbreak.player.keys import Key
from deskbreak.player.terminal import CUE_LINES, TerminalPlayer
from deskbreak.player.timeline import Timeline

REPO = Path(__file__).resolve().parent.parent
TILT = Exercise("tilt", "Tilt", ("Ear down",), sides=True)
ACCESSIBLE = NO_CHIME + "accessible = true\n"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Keys:
    """Space pressed at the given clock times; each read moves the fake clock on."""

    def __init__(self, clock: Clock, *presses: float) -> None:
        self.clock, self.presses = clock, sorted(presses)

    def read(self, timeout: float) -> Key | None:
        if self.presses and self.presses[0] <= self.clock.now + timeout:
            self.clock.now = max(self.clock.now, self.presses.pop(0))
            return Key.PAUSE
        self.clock.now += timeout
        return None


def routine() -> Routine:
    known = library.exercises()
    steps = ((TILT, 2), (known["chair-back-extension"], 15), (known["shoulder-rolls"], 12))
    return Routine("calm", "Calm", tuple(Step(e, timedelta(seconds=s)) for e, s in steps))


def run(*, accessible: bool, presses: tuple[float, ...] = ()) -> tuple[str, Timeline]:
    clock = Clock()
    timeline = Timeline(routine(), clock)
    out = io.StringIO()
    keys = Keys(clock, *presses)
    player = TerminalPlayer(timeline, out, tty=True, clock=clock, keys=keys, accessible=accessible)
    assert player.play().result is PlayResult.COMPLETED
    return out.getvalue(), timeline


def test_accessible_output_is_line_based_with_a_line_per_step_and_cue() -> None:
    text, timeline = run(accessible=True)
    assert "\r" not in text and "\x1b" not in text  # no redraws, no cursor moves
    lines = text.split("\n")
    assert lines[-1] == ""  # every line ended
    segments = timeline.segments
    expected = [f"  {words(c, segments)}" for c in plan(segments) if c.kind in CUE_LINES]
    said = {f"  {words(c, segments)}" for c in plan(segments) if c.kind in CUE_LINES}
    assert [line for line in lines if line in said] == expected
    kinds = [c.kind for c in plan(segments) if c.kind in CUE_LINES]
    assert kinds == [CueKind.SWITCH, CueKind.HOLD, CueKind.RELEASE, CueKind.COUNT]
    headings = [line for line in lines if line.startswith("Step ")]
    assert len(headings) == len(segments)
    switch = lines.index(f"  {words(Cue(2, CueKind.SWITCH, 1), segments)}")
    assert lines.index(headings[0]) < switch < lines.index(headings[1])  # before its step


def test_the_usual_tty_output_redraws_a_live_line() -> None:
    text, _ = run(accessible=False)
    assert text.count("\r\x1b[2K") > 10


def test_a_pause_and_its_end_are_a_line_each() -> None:
    text, _ = run(accessible=True, presses=(5.0, 8.0))
    assert "\r" not in text
    lines = text.split("\n")
    paused = [i for i, line in enumerate(lines) if "(paused)" in line]
    assert len(paused) == 1
    assert lines[paused[0] + 1].strip()[0].isdigit()  # the time left, once going again


def read_all(fd: int, proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the other end closed: the player ended
                break
            if not chunk:
                break
            data += chunk
        elif proc.poll() is not None:
            break
    return data


def play_in_a_pty(home: Path) -> str:
    """`deskbreak play tiny --terminal` on a real pseudo-terminal; what it wrote."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["DESKBREAK_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    leader, follower = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "deskbreak", "play", "tiny", "--terminal"],
        env=env, stdin=follower, stdout=follower, stderr=subprocess.PIPE,
    )  # fmt: skip
    os.close(follower)
    try:
        data = read_all(leader, proc, 20)
        assert proc.wait(10) == 0
    finally:
        os.close(leader)
    # the terminal turns each "\n" into "\r\n" (ONLCR): that is the line end, not a redraw
    return data.decode("utf-8").replace("\r\n", "\n")


def test_the_real_command_on_a_pty_is_calm_with_accessible_on(tmp_path: Path) -> None:
    write_config(tmp_path, ACCESSIBLE + TINY)
    text = play_in_a_pty(tmp_path)
    assert "\r" not in text and "\x1b" not in text
    lines = text.split("\n")
    switch = f"  {words(Cue(1, CueKind.SWITCH, 2), ())}"
    assert lines.count(switch) == 1
    assert [line.split(":")[0] for line in lines if line.startswith("Step ")] == [
        "Step 1 of 3",
        "Step 2 of 3",
        "Step 3 of 3",
    ]
    heading = [i for i, line in enumerate(lines) if line.startswith("Step ")]
    assert heading[1] < lines.index(switch) < heading[2]  # between the sides
    assert lines[-2].startswith("Completed: 3 of 3")

    write_config(tmp_path, NO_CHIME + TINY)  # the same, not accessible: a live line
    assert "\r\x1b[2K" in play_in_a_pty(tmp_path)
