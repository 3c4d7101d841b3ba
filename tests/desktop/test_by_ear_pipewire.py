"""A routine followed by ear on a real audio stack: `deskbreak play --terminal --by-ear` with
espeak-ng on a private PipeWire, its null sink's monitor recorded while it plays, and a sound
found in the recording at every planned cue (±0.5 s), the words spoken in the plan's order."""

from __future__ import annotations

import array
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness.pipewire import PipeWire
from support.configs import write_config
from support.waiting import wait_until

from deskbreak.core.config.read import catalogue, load_config
from deskbreak.player.cues import BREATH, plan

pytestmark = [pytest.mark.desktop]

REPO = Path(__file__).resolve().parents[2]
SINK = "deskbreak-ear"
RATE = 16000
WINDOW = RATE // 100  # 10 ms
LOUD = 600  # a peak above this is sound (the sink's silence is exactly 0)
QUIET = 0.15  # seconds of silence before a sound for it to count as an onset
TOLERANCE = 0.5
NEEDS = {"espeak-ng": "espeak-ng", "parecord": "pulseaudio-utils", "paplay": "pulseaudio-utils"}

# Each cue comes after a moment of silence: short names and cues keep every announcement
# shorter than the wait for the next cue. 33 s in all.
ROUTINE = """
[player]
chime = false

[[routines]]
id = "by-ear"
title = "By ear"

  [[routines.steps]]
  name = "Tilt"
  duration = "5s"
  sides = true
  cues = ["Ear down"]

  [[routines.steps]]
  exercise = "chair-back-extension"
  name = "Bend"
  cues = ["Lean back"]
  duration = "9s"

  [[routines.steps]]
  exercise = "shoulder-rolls"
  name = "Rolls"
  cues = ["Roll back"]
  duration = "14s"
"""


@pytest.fixture
def sink(pipewire: PipeWire) -> Iterator[dict[str, str]]:
    """A null sink made the default output; the environment a player in that session has."""
    missing = [f"{p} ({pkg})" for p, pkg in NEEDS.items() if shutil.which(p) is None]
    if missing:
        message = f"by-ear test needs: {', '.join(missing)}"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    env = pipewire.env
    loaded = subprocess.run(
        ["pactl", "load-module", "module-null-sink", f"sink_name={SINK}"],
        env=env, capture_output=True, text=True, timeout=10, check=True,
    )  # fmt: skip
    try:
        subprocess.run(["pactl", "set-default-sink", SINK], env=env, timeout=10, check=True)
        yield env
    finally:
        unload = ["pactl", "unload-module", loaded.stdout.strip()]
        subprocess.run(unload, env=env, timeout=10, check=False)


def onsets(raw: bytes) -> list[float]:
    """Seconds into the recording where a sound starts after at least QUIET of silence."""
    samples = array.array("h")
    samples.frombytes(raw[: len(raw) // 2 * 2])
    found: list[float] = []
    quiet = QUIET  # the recording starts in silence
    for start in range(0, len(samples) - WINDOW, WINDOW):
        peak = max(abs(x) for x in samples[start : start + WINDOW])
        if peak > LOUD:
            if quiet >= QUIET:
                found.append(start / RATE)
            quiet = 0.0
        else:
            quiet += WINDOW / RATE
    return found


def test_every_cue_sounds_on_time_and_the_words_come_in_order(
    pipewire: PipeWire, sink: dict[str, str], tmp_path: Path
) -> None:
    config = write_config(tmp_path, ROUTINE)
    segments = catalogue(load_config(config))["by-ear"].segments()
    cues = plan(segments)
    recording = tmp_path / "monitor.raw"
    recorder = pipewire.spawn(
        "parecord", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1",
        "--latency-msec=20", f"--device={SINK}.monitor", str(recording),
    )  # fmt: skip
    try:
        wait_until("the monitor to record", lambda: _size(recording) > RATE // 5, 15)
        env = {k: v for k, v in sink.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env["DESKBREAK_HOME"] = str(tmp_path)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        played = subprocess.run(
            [sys.executable, "-m", "deskbreak", "play", "by-ear", "--terminal", "--by-ear",
             "--report"],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert played.returncode == 0, played.stderr
        after = _size(recording)
        wait_until("a second more of the monitor", lambda: _size(recording) > after + 2 * RATE, 15)
    finally:
        pipewire.stop(recorder)

    lines = played.stdout.strip().splitlines()
    assert json.loads(lines[-1])["outcome"]["result"] == "completed"
    given = json.loads(lines[-2])["cues"]
    spoken = [c for c in given if c["how"] != "tone"]
    assert [c["kind"] for c in spoken] == [c.kind.value for c in cues if c.kind not in BREATH]
    assert {c["how"] for c in spoken} == {"espeak-ng"}  # said, none dropped or chimed
    assert sorted((c["at"], c["kind"]) for c in given if c["how"] == "tone") == sorted(
        (round(c.at, 3), c.kind.value) for c in cues if c.kind in BREATH
    )

    heard = onsets(recording.read_bytes())
    assert heard, "nothing was heard on the sink"
    start = heard[0]  # the first step's announcement: the routine's second 0
    planned = sorted({round(c.at, 3) for c in cues})
    missed = [
        (at, [round(h - start, 2) for h in heard if abs(h - start - at) < 2])
        for at in planned
        if not any(abs(h - start - at) <= TOLERANCE for h in heard)
    ]
    assert missed == [], f"no sound within {TOLERANCE} s of these cues (heard nearby)"


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0
