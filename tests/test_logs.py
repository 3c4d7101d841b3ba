"""Logging: the file gets the story with tracebacks, the console one-line warnings only."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from deskbreak.daemon import logs
from deskbreak.paths import Paths, resolve


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    ours = logging.getLogger("deskbreak")
    saved_ours = ours.level
    yield
    for handler in list(root.handlers):
        if handler not in saved_handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(saved_level)
    ours.setLevel(saved_ours)


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    return resolve()


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if h.__class__.__module__ == logs.__name__]


def flush() -> None:
    for handler in ours():
        handler.flush()


def test_info_goes_to_the_file_not_the_console(paths: Paths) -> None:
    console = io.StringIO()
    logs.setup(paths, verbose=False, console=True, stream=console)
    logging.getLogger("deskbreak.core.engine.engine").info("break due")
    logging.getLogger("deskbreak.core.engine.engine").debug("tick detail")
    flush()
    text = paths.log_file.read_text()
    assert "INFO" in text and "deskbreak.core.engine.engine: break due" in text
    assert "tick detail" not in text
    assert console.getvalue() == ""


def test_verbose_logs_debug(paths: Paths) -> None:
    logs.setup(paths, verbose=True, console=False)
    logging.getLogger("deskbreak.core.engine.engine").debug("tick detail")
    flush()
    assert "tick detail" in paths.log_file.read_text()


def test_third_party_chatter_stays_out(paths: Paths) -> None:
    logs.setup(paths, verbose=True, console=False)
    logging.getLogger("apscheduler.scheduler").info("Added job")
    logging.getLogger("apscheduler.scheduler").warning("job missed")
    flush()
    text = paths.log_file.read_text()
    assert "Added job" not in text and "job missed" in text


def test_rotation_config(paths: Paths) -> None:
    logs.setup(paths, verbose=False, console=False)
    (handler,) = [h for h in ours() if isinstance(h, RotatingFileHandler)]
    assert handler.maxBytes == 1_000_000 and handler.backupCount == 3
    assert Path(handler.baseFilename) == paths.log_file


def test_rotation_happens(paths: Paths) -> None:
    logs.setup(paths, verbose=False, console=False)
    noisy = logging.getLogger("deskbreak.noisy")
    for _ in range(3000):
        noisy.info("x" * 500)
    flush()
    assert paths.log_file.with_name("deskbreak.log.1").exists()
    assert not paths.log_file.with_name("deskbreak.log.4").exists()
    assert paths.log_file.stat().st_size <= 1_000_000


def test_traceback_in_file_one_line_on_console(paths: Paths) -> None:
    console = io.StringIO()
    logs.setup(paths, verbose=False, console=True, stream=console)
    try:
        raise ValueError("bad value\nsecond line")
    except ValueError:
        logging.getLogger("deskbreak.desktop.tray").exception("menu action failed")
    flush()
    text = paths.log_file.read_text()
    assert "Traceback (most recent call last)" in text and "ValueError: bad value" in text
    shown = console.getvalue()
    assert shown == "deskbreak: error: menu action failed (ValueError: bad value second line)\n"


def test_setup_twice_does_not_stack(paths: Paths) -> None:
    console = io.StringIO()
    logs.setup(paths, verbose=False, console=True, stream=console)
    logs.setup(paths, verbose=False, console=True, stream=console)
    assert len(ours()) == 2
    logging.getLogger("deskbreak.x").warning("once")
    assert console.getvalue().count("once") == 1


def test_unwritable_log_dir_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "log"
    blocker.write_text("a file where the log dir should be")
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    paths = resolve()
    console = io.StringIO()
    logs.setup(paths, verbose=False, console=False, stream=console)  # must not raise
    logging.getLogger("deskbreak.x").info("quiet")
    logging.getLogger("deskbreak.x").warning("loud")
    lines = console.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("deskbreak: warning: cannot write the log file")
    assert lines[1] == "deskbreak: warning: loud"
