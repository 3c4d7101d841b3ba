"""The command line under faults the user can cause, as real commands: a terminal that
cannot show every character (a Latin-1 or ASCII locale; PYTHONIOENCODING gives Python
exactly the stream encoding such a locale gives) degrades the text and never crashes, and a
home deskbreak cannot write to is said in one sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
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


@pytest.fixture
def read_only_home(tmp_path: Path) -> Iterator[Path]:
    """A DESKBREAK_HOME no one can write: a read-only tmpfs as root, else a 0555 folder."""
    home = tmp_path / "ro"
    home.mkdir()
    if os.geteuid() == 0:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(home)], check=True
        )
        try:
            yield home
        finally:
            subprocess.run(["umount", str(home)], check=False)
    else:
        home.chmod(0o555)
        try:
            yield home
        finally:
            home.chmod(0o755)


@pytest.mark.parametrize("argv", [["start"], ["run", "--no-tray"]])
def test_a_read_only_home_is_said_in_one_sentence(read_only_home: Path, argv: list[str]) -> None:
    result = deskbreak(read_only_home, "utf-8", *argv)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err and "unexpected error" not in err, err
    last = err.strip().splitlines()[-1]
    assert str(read_only_home) in last and "DESKBREAK_HOME" in last


@pytest.mark.parametrize("command", ["run", "start"])
def test_a_config_file_named_but_missing_is_refused_not_replaced_by_the_defaults(
    tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "nosuch.toml"
    for argv, env in (
        (["--config", str(missing), command], {}),
        ([command], {"DESKBREAK_CONFIG": str(missing)}),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "deskbreak", *argv],
            env={**os.environ, "DESKBREAK_HOME": str(tmp_path), "PYTHONPATH": str(REPO), **env},
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert str(missing) in result.stderr and "config init" in result.stderr
        assert not (tmp_path / "run").exists()  # no daemon was started


def test_a_routine_in_a_read_only_home_plays_without_a_traceback(tmp_path: Path) -> None:
    from support.readonly import read_only

    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    chime = CONFIG.replace("chime = false", "chime = true")  # the chime's file cannot be made
    (home / "config" / "config.toml").write_text(chime, encoding="utf-8")
    with read_only(home):
        result = deskbreak(home, "utf-8", "play", "quick", "--terminal", "--report")
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "Traceback" not in err and "chime failed" not in err
    assert all(line.startswith(("deskbreak: ", "! ")) or not line for line in err.splitlines())
