"""Config texts the tests share, so each shape is written once.

`QUIET` keeps a daemon from reminding during a test; `TINY` is a user routine of two
one-second steps (one a built-in exercise, one the user's own, two-sided), `TINY_SECONDS`
its playing time; `NO_CHIME` silences the player; `desk_check(at)` is a config whose fixed
reminder at `at` ("HH:MM", this minute: due at once) plays `DESK_CHECK`, two built-in
exercises of 4 s each.
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


DESK_CHECK = """
[[routines]]
id = "desk-check"
title = "Desk check"
  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "4s"
  [[routines.steps]]
  exercise = "chin-to-chest"
  duration = "4s"
"""
DESK_CHECK_SECONDS = 8.0


def desk_check(at: str, tables: str = "") -> str:
    """A config due at `at` with DESK_CHECK, no chime and no renotify; `tables` adds TOML
    tables (e.g. "[hold]\nfullscreen = false") before the reminder."""
    return f"""
[schedule]
every = "1h"
renotify = "off"
{NO_CHIME}
{tables}

[[reminders]]
at = "{at}"
routine = "desk-check"
{DESK_CHECK}"""


def write_config(home: Path, text: str) -> Path:
    """Write `text` as the config file of the deskbreak home `home`; return its path."""
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
