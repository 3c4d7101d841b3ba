"""A terminal that cannot show every character: a Latin-1 or ASCII locale degrades the text,
never crashes. Run as real commands with the stream encoding such a locale gives Python
(PYTHONIOENCODING sets exactly that)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskbreak.cli.terminal import HANDLER, tolerant

REPO = Path(__file__).resolve().parent.parent


def deskbreak(home: Path, encoding: str, *argv: str) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "DESKBREAK_HOME": str(home),
        "PYTHONIOENCODING": encoding,
        "PYTHONPATH": str(REPO),
    }
    return subprocess.run(
        [sys.executable, "-m", "deskbreak", *argv],
        env=env, capture_output=True, timeout=60, check=False,
    )  # fmt: skip


# A short routine of real exercises (their cues and cautions are the text to print).
CONFIG = """[player]
chime = false

[[routines]]
id = "quick"
title = "Quick — two steps"

  [[routines.steps]]
  exercise = "seated-cat-cow"
  duration = "1s"

  [[routines.steps]]
  exercise = "seated-spinal-twist"
  duration = "2s"
"""
COMMANDS = [
    ["config", "check"],
    ["config", "show"],
    ["routines", "list"],
    ["routines", "show", "mini-reset"],
    ["safety"],
    ["plan", "--days", "2"],
    ["play", "quick", "--terminal", "--report"],
    ["--help"],
]


@pytest.mark.parametrize("encoding", ["iso-8859-1", "ascii"])
@pytest.mark.parametrize("language", ["en", "de"])
def test_every_command_degrades_instead_of_crashing(
    tmp_path: Path, encoding: str, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKBREAK_LANGUAGE", language)
    fresh = deskbreak(tmp_path / "fresh", encoding, "config", "init")  # the example's text
    assert fresh.returncode == 0, fresh.stderr.decode(encoding)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(CONFIG, encoding="utf-8")
    for argv in [
        *COMMANDS,
        ["--config", str(tmp_path / "fresh/config/config.toml"), "config", "check"],
    ]:
        result = deskbreak(tmp_path, encoding, *argv)
        err = result.stderr.decode(encoding)
        assert "Traceback" not in err and "UnicodeEncodeError" not in err, (argv, err)
        assert "unexpected error" not in err, (argv, err)
        assert result.returncode in (0, 2), (argv, result.returncode, err)
        out = result.stdout.decode(encoding)  # it is what the terminal can show
        assert out.strip(), argv


def test_what_the_encoding_has_stays_and_the_rest_is_plain(tmp_path: Path) -> None:
    import io

    raw = io.BytesIO()
    stream = tolerant(io.TextIOWrapper(raw, encoding="iso-8859-1"))
    stream.write("Schultern — 5 Min. · weiter → Ende… „gut“ • ⟦x⟧ café 休憩\n")
    stream.flush()
    assert raw.getvalue().decode("iso-8859-1") == (
        'Schultern - 5 Min. · weiter -> Ende... "gut" * [x] café ??\n'
    )
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert tolerant(utf8).errors == "strict"  # a UTF-8 terminal is left alone
    assert stream.errors == HANDLER
