"""Errors a person can act on: a short title and a message saying what to do.

Front ends (CLI, tray, IPC) render these; tracebacks only ever go to the log.
Core module: imports nothing outside the standard library and the core translation layer.
"""

from __future__ import annotations

from deskbreak.core.i18n import _


class DeskbreakError(Exception):
    """An error with a title and an actionable message, both already translated."""

    def __init__(self, title: str, message: str = "") -> None:
        super().__init__(f"{title}: {message}" if message else title)
        self.title = title
        self.message = message

    def __str__(self) -> str:
        if not self.message:
            return self.title
        # Translators: an error: {title} says what went wrong, {message} what to do.
        return _("{title} — {message}").format(title=self.title, message=self.message)
