"""Logging setup: a rotating log file for the whole story, one-line warnings on the console.

`setup` is called once by the command that runs (the daemon, or a CLI command
that wants a log); calling it again replaces its own handlers rather than
stacking them. Tracebacks go to the file only; the console never shows one.
If the log directory can't be written, logging falls back to console warnings
and says so once. Standard library only; must not import any edge module.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from typing import TextIO

from deskbreak.paths import Paths, ensure

log = logging.getLogger(__name__)

MAX_BYTES = 1_000_000
BACKUPS = 3
FILE_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"


class _FileHandler(RotatingFileHandler):
    """Ours, so a second `setup` can find and replace it."""


class _ConsoleHandler(logging.StreamHandler[TextIO]):
    """Ours, so a second `setup` can find and replace it."""


class OneLineFormatter(logging.Formatter):
    """`deskbreak: warning: message (ValueError: detail)`: never a traceback, never two lines."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text = f"{text} ({type(exc).__name__}: {exc})"
        text = " ".join(text.split("\n"))
        return f"deskbreak: {record.levelname.lower()}: {text}"


class _Stderr(_ConsoleHandler):
    """The console as it is when a record is written (sys.stderr may be replaced)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def console_only() -> None:
    """Warnings as one line on the console, nothing else: what every command has until (and
    unless) it sets up the log file, so a warning never arrives as Python's traceback."""
    root = logging.getLogger()
    if any(isinstance(h, _FileHandler | _ConsoleHandler) for h in root.handlers):
        return
    handler = _Stderr()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(OneLineFormatter())
    root.addHandler(handler)


def setup(paths: Paths, *, verbose: bool, console: bool, stream: TextIO | None = None) -> None:
    """Log INFO (DEBUG when verbose) for deskbreak to the rotating file; warnings to the console.

    Third-party libraries log at WARNING and above only, so -v stays readable.
    `stream` is the console (stderr by default).
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _FileHandler | _ConsoleHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.WARNING)
    logging.getLogger("deskbreak").setLevel(logging.DEBUG if verbose else logging.INFO)

    file_handler, problem = _file_handler(paths)
    if file_handler is not None:
        root.addHandler(file_handler)
    if console or file_handler is None:
        handler = _ConsoleHandler(stream or sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(OneLineFormatter())
        root.addHandler(handler)
    if problem is not None:
        log.warning(
            "cannot write the log file %s (%s); only warnings will be shown, here",
            paths.log_file,
            problem,
        )


def _file_handler(paths: Paths) -> tuple[_FileHandler | None, str | None]:
    try:
        ensure(paths.log_dir)
        handler = _FileHandler(
            paths.log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        return None, exc.strerror or str(exc)
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    return handler, None
