"""Config texts the tests share, so each shape is written once.

`QUIET` keeps a daemon from reminding during a test; `TINY` is a user routine of two
one-second steps (one a built-in exercise, one the user's own, two-sided), `TINY_SECONDS`
its playing time; `NO_CHIME` silences the player.
"""

from __future__ import annotations

from pathlib import Path

QUIET = """
[schedule]
every = "1h"
renotify = "off"
natural_break = "off"
"""

NO_CHIME = """
[player]
chime = false
"""

TINY = """
[[routines]]
id = "tiny"
title = "Tiny test"

  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "1s"

  [[routines.steps]]
  name = "Gentle neck tilt"
  duration = "1s"
  sides = true
  cues = ["Ear towards shoulder", "Keep both shoulders down"]
  breathing = "Breathe slowly"
"""
TINY_SECONDS = 3.0  # 1 s, then 1 s for each side


def write_config(home: Path, text: str) -> Path:
    """Write `text` as the config file of the deskbreak home `home`; return its path."""
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
