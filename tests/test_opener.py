"""Opening a file with the desktop's opener: a failure is told (so the path can be shown
instead), logged, and the opener is always reaped. A stand-in `xdg-open` on PATH plays the
desktop's opener."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

import pytest

from deskbreak.desktop.opener import open_with_desktop

pytestmark = pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin", reason="xdg-open")


def fake_opener(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.mkdir()
    opener = folder / "xdg-open"
    opener.write_text(f"#!/bin/sh\n{script}\n")
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def test_a_failing_opener_is_told_logged_and_reaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    fake_opener(tmp_path / "bin", 'echo "xdg-open: no method available" >&2; exit 3', monkeypatch)
    told: list[str] = []
    done = threading.Event()
    target = tmp_path / "config.toml"
    caplog.set_level(logging.WARNING, logger="deskbreak.desktop.opener")

    def failed(why: str) -> None:
        told.append(why)
        done.set()

    proc = open_with_desktop(target, failed)
    assert proc is not None and done.wait(10)
    assert told == ["xdg-open exited with code 3: xdg-open: no method available"]
    assert proc.returncode == 3  # waited for: no defunct child is left
    assert f"could not open {target}" in caplog.text


def test_a_working_opener_says_nothing_and_is_reaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_opener(tmp_path / "bin", f'echo "$1" > "{tmp_path}/opened"', monkeypatch)
    told: list[str] = []
    proc = open_with_desktop(tmp_path / "config.toml", told.append)
    assert proc is not None
    proc.wait(10)
    assert (tmp_path / "opened").read_text().strip() == str(tmp_path / "config.toml")
    assert told == []


def test_no_opener_at_all_is_told_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    told: list[str] = []
    assert open_with_desktop(tmp_path / "config.toml", told.append) is None
    assert told == ["xdg-open cannot run (No such file or directory)"]
