"""The history database file: its schema and migrations, opening it, what makes it unusable.

Owns the tables (`MIGRATIONS`, `SCHEMA_VERSION`: append, never edit), opening a file in WAL
with `synchronous=FULL` after a quick integrity check, the reasons a file cannot be used
(`Unusable`, in the person's language and in English for the log), moving a bad one aside and
the file's identity (device and inode). `daemon.store` reads and writes through what this
opens. Standard library only (plus the core's i18n); it must not import any edge.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from deskbreak.core.i18n import N_, _

log = logging.getLogger(__name__)

_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
TIMEOUT = 5.0  # seconds to wait for another connection's lock


class Unusable(Exception):
    """The file is not a database this program can use; it must be moved aside.

    `str()` is the reason in English, for the log; `text()` in the chosen language."""

    def __init__(self, reason: str, **fields: object) -> None:
        super().__init__(reason.format(**fields))
        self.reason, self.fields = reason, fields

    def text(self) -> str:
        template = self.reason if self.reason == RAW else _(self.reason)
        return template.format(**self.fields)


# Why a history file cannot be used (shown to the person and logged in English); RAW is a
# reason in the words of SQLite or the system, which stay as they are.
RAW = "{error}"
# Translators: {version} is a number.
NEWER = N_("it was written by a newer deskbreak (schema {version})")
# Translators: a folder is where the history database file should be.
A_FOLDER = N_("a directory is in its place")
DAMAGED = N_("it failed its integrity check")


def _v1(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL,"
        " routine TEXT, trigger TEXT, detail TEXT NOT NULL DEFAULT '{}')"
    )


def _v2(conn: sqlite3.Connection) -> None:
    """Add the UTC epoch column for range queries, and the pending-state row."""
    conn.execute("ALTER TABLE events ADD COLUMN epoch REAL")
    rows = conn.execute("SELECT id, at FROM events").fetchall()
    conn.executemany(
        "UPDATE events SET epoch = ? WHERE id = ?",
        [(_epoch_of(at), row_id) for row_id, at in rows],
    )
    conn.execute("CREATE INDEX events_epoch ON events (epoch)")
    conn.execute(
        "CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " saved_at TEXT NOT NULL, document TEXT NOT NULL)"
    )


# Migration N+1 takes a database at user_version N to N+1. Append, never edit.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)


def _epoch_of(at: str) -> float:
    try:
        return datetime.fromisoformat(at).timestamp()
    except ValueError:
        return 0.0


def migrate(conn: sqlite3.Connection) -> None:
    """Bring a database up to SCHEMA_VERSION, one transaction per step."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise Unusable(NEWER, version=version)
    for number in range(version, SCHEMA_VERSION):
        with conn:
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        log.info("history database upgraded to schema %d", number + 1)


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _CORRUPT_CODES


def connect(path: Path) -> sqlite3.Connection:
    if path.is_dir():
        raise Unusable(A_FOLDER)
    conn = sqlite3.connect(path, timeout=TIMEOUT, check_same_thread=False)
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise Unusable(DAMAGED)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_corrupt(exc):
            raise Unusable(RAW, error=exc) from exc
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def identity(location: str) -> tuple[int, int] | None:
    """The file's device and inode, or None for the in-memory database (or none there)."""
    if location == ":memory:":
        return None
    try:
        stat = os.stat(location)
    except OSError:
        return (-1, -1)  # gone: never equal to the identity of a file that was there
    return (stat.st_dev, stat.st_ino)


def memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    migrate(conn)
    return conn


def move_aside(path: Path, *, now: datetime | None = None) -> Path:
    """Rename a bad database (and its WAL sidecars) to `<name>.corrupt-YYYYmmdd-HHMMSS`.

    The stamp is `now` when given, else when the bad file was last written.
    """
    when = now or datetime.fromtimestamp(path.stat().st_mtime)
    stamp = when.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target


def readable(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Check a read-only connection; copy an older schema to memory and upgrade it there."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise Unusable(NEWER, version=version)
        if version == SCHEMA_VERSION:
            conn.execute("SELECT count(*) FROM events").fetchone()
            return conn
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        conn.backup(copy)
        migrate(copy)
    except BaseException:
        conn.close()
        raise
    conn.close()
    return copy
