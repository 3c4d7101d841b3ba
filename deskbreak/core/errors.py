"""Errors a person can act on: a short title and a message saying what to do.

Front ends (CLI, tray, IPC) render these; tracebacks only ever go to the log.
Core module: imports nothing outside the standard library.
"""

from __future__ import annotations


class DeskbreakError(Exception):
    """An error with a title and an actionable message."""

    def __init__(self, title: str, message: str = "") -> None:
        super().__init__(f"{title}: {message}" if message else title)
        self.title = title
        self.message = message

    def __str__(self) -> str:
        return f"{self.title} — {self.message}" if self.message else self.title
