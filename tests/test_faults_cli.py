"""The command line under faults the user can cause, as real commands: a terminal that
cannot show every character (a Latin-1 or ASCII locale; PYTHONIOENCODING gives Python
exactly the stream encoding such a locale gives, and one test runs in a real de_DE
ISO-8859-1 locale made with localedef) degrades the text and never crashes, and a home
deskbreak cannot write to is said in one sentence."""

from __future__ import annotations

import json
import os
import re
import shutil
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


@pytest.fixture(scope="module")
def latin1_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LOCPATH holding de_DE in ISO-8859-1, made with localedef from the `locales`
    package's sources; the system's own locales are not touched."""
    where = tmp_path_factory.mktemp("locpath")
    tool = shutil.which("localedef")
    problem = "no localedef (libc-bin)" if tool is None else ""
    if tool is not None:
        made = subprocess.run(
            [tool, "-i", "de_DE", "-f", "ISO-8859-1", str(where / "de_DE")],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        if not (where / "de_DE" / "LC_CTYPE").is_file():  # it exits 1 on mere warnings
            problem = f"localedef made no de_DE.ISO-8859-1: {made.stderr.strip()[-300:]}"
    if problem:
        message = f"{problem}; install the Debian package locales (scripts/setup lists it)"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true and no Latin-1 locale: {message}")
        pytest.skip(message)
    return where


# UTF-8 as a Latin-1 terminal shows it: a lead byte and a continuation byte ("Ã¼" for "ü").
UTF8_PAIR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def test_a_real_latin1_locale_gets_latin1_text_and_no_traceback(
    tmp_path: Path, latin1_locale: Path
) -> None:
    outside = ("LANGUAGE", "PYTHONIOENCODING", "PYTHONUTF8", "DESKBREAK_LANGUAGE")
    env = {k: v for k, v in os.environ.items() if k not in outside and not k.startswith("LC_")}
    env |= {
        "LOCPATH": str(latin1_locale),
        "LANG": "de_DE",
        "LC_ALL": "de_DE",
        "DESKBREAK_HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
    }

    def run(*argv: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, *argv], env=env, capture_output=True, timeout=60, check=False
        )

    probe = run("-c", "import locale, sys; print(sys.stdout.encoding, locale.getencoding())")
    assert probe.stdout.split() == [b"iso8859-1", b"ISO-8859-1"], probe  # the locale is real

    def deskbreak(*argv: str) -> bytes:
        result = run("-m", "deskbreak", *argv)
        err = result.stderr.decode("latin-1")
        assert result.returncode == 0, (argv, result.returncode, err)
        assert "Traceback" not in err and "Error" not in err, (argv, err)
        for stream in (result.stdout, result.stderr):
            assert UTF8_PAIR.search(stream) is None, (argv, stream[:400])  # Latin-1, not UTF-8
        return result.stdout

    deskbreak("config", "init")
    config = tmp_path / "config" / "config.toml"
    example = config.read_bytes().decode("utf-8")  # TOML is UTF-8 whatever the terminal
    deskbreak("config", "check")  # the file `config init` just wrote
    config.write_text(example + "\n" + CONFIG.split("\n\n", 1)[1], encoding="utf-8")
    deskbreak("config", "check")
    shown = deskbreak("routines", "show", "mini-reset").decode("latin-1")
    assert "mini-reset" in shown and re.search("[äöüÄÖÜß]", shown)  # German, in one byte each
    assert "quick" in deskbreak("routines", "show", "quick").decode("latin-1")
    played = deskbreak("play", "quick", "--terminal", "--report").decode("latin-1")
    outcome = json.loads(played.strip().splitlines()[-1])["outcome"]
    assert outcome["routine"] == "quick" and outcome["result"] == "completed"
    assert outcome["steps_done"] == outcome["steps_total"] == 3


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
