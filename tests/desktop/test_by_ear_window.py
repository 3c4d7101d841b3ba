"""By ear in the player window on a real (headless) X server: the window gives every cue of
the plan, in order and on time, with stand-in speech and sound programs on PATH."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness.desktop import Desktop
from support.configs import write_config

from deskbreak.core.config.read import catalogue, load_config
from deskbreak.player.cues import BREATH, plan

pytestmark = pytest.mark.desktop

REPO = Path(__file__).resolve().parents[2]
CONFIG = """
[player]
chime = false
by_ear = true

[[routines]]
id = "ear"
title = "Ear"

  [[routines.steps]]
  name = "Tilt"
  duration = "1s"
  sides = true

  [[routines.steps]]
  exercise = "chair-back-extension"
  duration = "4s"
"""


def stand_in(folder: Path, name: str) -> None:
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "$*" >> "{folder / name}.log"\n')
    path.chmod(0o755)


def test_the_window_gives_every_cue_in_order_and_on_time(
    desktop_bare: Desktop, tmp_path: Path
) -> None:
    config = write_config(tmp_path, CONFIG)
    cues = plan(catalogue(load_config(config))["ear"].segments())
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("espeak-ng", "paplay"):
        stand_in(bin_dir, name)
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {
        "PYTHONPATH": path,
        "DESKBREAK_HOME": str(tmp_path),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    proc = desktop_bare.popen(
        sys.executable, "-m", "deskbreak", "play", "ear", "--report",
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "terminal" not in err  # the window played it
    lines = out.strip().splitlines()
    assert json.loads(lines[-1])["outcome"]["result"] == "completed"
    given = json.loads(lines[-2])["cues"]
    spoken = [c for c in given if c["how"] != "tone"]
    assert [c["kind"] for c in spoken] == [c.kind.value for c in cues if c.kind not in BREATH]
    assert {c["how"] for c in spoken} == {"espeak-ng"}
    assert sorted(c["at"] for c in given) == sorted(round(c.at, 3) for c in cues)
    late = [c for c in given if not -0.05 <= c["given"] - c["at"] <= 0.5]
    assert late == []
    assert len((bin_dir / "espeak-ng.log").read_text().splitlines()) == len(spoken)
