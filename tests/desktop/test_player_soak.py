"""The player window under a storm of keys on a real X server, and the guidance it shows.

The soak drives Space, → and Esc many times through the X server (xdotool), at
step boundaries and in between, and checks that only Esc ever closes the
window, that the very first Esc always does, and that no callback fails. The
guidance test builds the real view in this process and reads its labels: every
step of every built-in routine shows its cues, an "Easier:" and a "Caution:"
line, what goes where on its side, and the coming step's before-you-start
caution; the Safety button brings the note back.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop

from deskbreak.core import library, safety
from deskbreak.core.routines import Routine
from deskbreak.player import guide
from deskbreak.player.timeline import Timeline
from deskbreak.player.view import PlayerView

pytestmark = pytest.mark.desktop

REPO = Path(__file__).resolve().parents[2]
SHORT_STEPS = 38
CONFIG = (
    '[player]\nchime = false\n\n[[routines]]\nid = "soak"\ntitle = "Soak test"\n'
    + '\n  [[routines.steps]]\n  exercise = "shoulder-rolls"\n  duration = "2s"\n' * SHORT_STEPS
    + '\n  [[routines.steps]]\n  exercise = "seated-cat-cow"\n  duration = "5m"\n'
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "safety-note-seen").write_text("seen\n")
    return tmp_path


def launch(desk: Desktop) -> subprocess.Popen[str]:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    proc = desk.popen(
        sys.executable, "-m", "deskbreak", "play", "soak", "--report",
        env={"PYTHONPATH": path}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    window = desk.find_window("deskbreak — Soak test", timeout=15)
    desk.run("xdotool", "windowfocus", "--sync", window)
    return proc


def finish(proc: subprocess.Popen[str]) -> tuple[dict[str, Any], str]:
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    outcome: dict[str, Any] = json.loads(out.splitlines()[-1])["outcome"]
    return outcome, err


def test_the_first_esc_always_closes_the_window(desktop_bare: Desktop, home: Path) -> None:
    for _ in range(6):
        proc = launch(desktop_bare)
        desktop_bare.run("xdotool", "key", "Escape")
        outcome, err = finish(proc)
        assert outcome["result"] == "stopped", err
        assert "error" not in err.lower()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_storm_of_space_and_right_never_closes_the_window(
    desktop_bare: Desktop, home: Path, seed: int
) -> None:
    rng = random.Random(seed)
    keys = ["space"] * 160 + ["Right"] * 22
    rng.shuffle(keys)
    if keys.count("space") % 2:
        keys.append("space")
    proc = launch(desktop_bare)
    for start in range(0, len(keys), 40):  # in bursts, some landing on step boundaries
        burst = keys[start : start + 40]
        desktop_bare.run("xdotool", "key", "--delay", str(rng.choice((5, 20, 60))), *burst)
        assert proc.poll() is None, "the window closed without Esc"
    desktop_bare.run("xdotool", "key", "Escape")
    outcome, err = finish(proc)
    assert outcome["result"] in ("partial", "stopped")
    assert outcome["steps_total"] == SHORT_STEPS + 1
    assert outcome["steps_done"] <= SHORT_STEPS - 22  # every → skipped a step, none counted
    assert "player window error" not in err and "Traceback" not in err


def _texts(view: PlayerView) -> dict[str, str]:
    import tkinter as tk

    return {name: str(w.cget("text")) for name, w in view.w.items() if isinstance(w, tk.Label)}


def _routines() -> list[Routine]:
    return list(library.routines().values())


@pytest.mark.parametrize("routine", _routines(), ids=lambda r: r.id)
def test_every_step_shows_its_guidance_in_the_window(
    desktop_bare: Desktop, routine: Routine, artifacts: Path
) -> None:
    import tkinter as tk

    root = tk.Tk(screenName=desktop_bare.display, className="deskbreak")
    try:
        view = PlayerView(root)
        view.build((), [(n, n.title(), lambda: None) for n in ("pause", "skip", "stop", "safety")])
        now = [0.0]
        timeline = Timeline(routine, lambda: now[0])
        timeline.start()
        for index, segment in enumerate(timeline.segments):
            view.render(timeline.tick())
            texts = _texts(view)
            text = guide.step_text(segment)
            assert texts["title"] == segment.title
            assert segment.exercise.cues[0] in texts["cues"]
            assert texts["easier"] == text.easier and texts["easier"].startswith("Easier: ")
            # with the note hidden, every step's caution ends with the stop reminder
            assert texts["caution"] == " ".join(t for t in (text.caution, text.stop) if t)
            assert text.side in texts["detail"] and text.purpose in texts["detail"]
            upcoming = timeline.segments[index + 1] if index + 1 < len(timeline.segments) else None
            assert texts["next"] == guide.next_text(upcoming)
            if upcoming is not None and upcoming.exercise.before:
                assert upcoming.exercise.before in texts["next"]
            timeline.next()
        assert not view.note_shown
        view.toggle_note()
        root.update()
        assert view.w["note"].winfo_ismapped()
        assert safety.EMERGENCY in _texts(view)["note"]
    finally:
        root.destroy()
