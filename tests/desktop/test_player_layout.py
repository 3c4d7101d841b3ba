"""The player window in the long and the wide languages, measured on a real X server.

tests/player_layout.py builds the real window in one language and walks every step of every
desk routine (the safety note shown: the tallest the window gets); Tk says where each label
and button lies and how much room its text wants. German is among the longest of our
languages, Japanese the widest per character (CJK glyphs, drawn with the fonts the suite
installs); the pseudo-locale, 40 % longer than English and accented, proves that the window
shows no English that escaped the translation layer. A few screenshots of each are kept.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop
from support.pseudo import is_marked, unmarked

pytestmark = pytest.mark.desktop

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
# A small laptop's screen, less a top bar: what the whole window must fit in, note included.
SMALL_SCREEN = (1280, 800)


def measure(desk: Desktop, language: str, shots: Path, home: Path) -> dict[str, Any]:
    path = os.pathsep.join(filter(None, [str(REPO), str(TESTS), os.environ.get("PYTHONPATH")]))
    env = {"DESKBREAK_LANGUAGE": language, "DESKBREAK_HOME": str(home), "PYTHONPATH": path}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        done = desk.run(
            sys.executable, str(TESTS / "player_layout.py"), "--shots", str(shots), timeout=300
        )
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module")
def english(desktop_bare: Desktop, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    home = tmp_path_factory.mktemp("home")
    return measure(desktop_bare, "en", tmp_path_factory.mktemp("shots"), home)


def test_in_english_every_step_fits(english: dict[str, Any]) -> None:
    assert english["language"] == "en"
    assert english["steps"] >= 25  # every step of every desk routine was looked at
    assert english["problems"] == []
    assert english["screen"] == list(SMALL_SCREEN)


def test_the_pseudo_locale_shows_no_english_in_the_window(
    desktop_bare: Desktop, tmp_path: Path, artifacts: Path
) -> None:
    report = measure(desktop_bare, "pseudo", artifacts / "player-pseudo", tmp_path)
    assert report["language"] == "pseudo"
    words = [t for t in report["texts"] if any(c.isalpha() for c in t)]
    assert len(words) > 100  # names, cues, cautions, beats, buttons, the note, the title
    left = {t: unmarked(t) for t in words if unmarked(t)}
    assert left == {}
    assert all(is_marked(t) for t in words)
    # Nothing clipped or outside the window even 40 % longer (the screen's height aside:
    # the pseudo-locale is longer than any real language).
    assert [p for p in report["problems"] if "larger than the screen" not in p] == []


@pytest.mark.parametrize("language", ["de", "ja"])
def test_the_long_and_the_wide_language_fit_at_every_step(
    desktop_bare: Desktop,
    english: dict[str, Any],
    language: str,
    tmp_path: Path,
    artifacts: Path,
) -> None:
    report = measure(desktop_bare, language, artifacts / f"player-{language}", tmp_path)
    assert report["language"] == language  # the catalogue is there and was chosen
    assert report["steps"] == english["steps"]
    assert report["problems"] == []
    same = set(report["texts"]) & set(english["texts"])
    wordy = [t for t in same if sum(c.isalpha() for c in t) > 3]
    assert len(wordy) <= 3, wordy  # translated: at most a word such as "Pause" is shared
    print(f"{language}: window at most {report['size']}; English {english['size']}")
