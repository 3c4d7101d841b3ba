"""The user's config file as the daemon sees it: read it, and notice when it changes.

Owns the file's stamp (modification time and size) as of the last read, so the
controller can ask on each tick whether the user saved an edit, and writing the
commented example when the user asks to open a config that does not exist yet.
Imports the standard library and core modules only.
"""

from __future__ import annotations

from pathlib import Path

from deskbreak.core.config.example import write_example
from deskbreak.core.config.settings import Settings, read_settings

Stamp = tuple[float, int] | None


class ConfigWatch:
    """One config file: `read()` it, then `changed()` says whether it was saved since."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: Stamp = None
        self._read = False

    def read(self) -> Settings:
        """Read and check the file (missing means the defaults); raises ConfigErrors.

        The stamp is taken before reading, so an edit saved while reading is
        noticed on the next `changed()`.
        """
        self._stamp, self._read = _stamp(self.path), True
        return read_settings(self.path)

    def changed(self) -> bool:
        """Whether the file was saved, made or removed since the last `read()`."""
        return self._read and _stamp(self.path) != self._stamp

    def ensure_exists(self) -> Path:
        """The file's path, writing the commented example first if there is none."""
        if not self.path.exists():
            write_example(self.path)
        return self.path


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime, info.st_size)
