"""The history store: every break event and the daemon's pending state, in SQLite.

Owns what is read and written, durability and recovery; the file itself (schema,
migrations, opening it, moving a bad one aside) is `daemon.storefile`'s. One
transaction per event, so `record` returning means the event is on disk.
The journal is WAL with `synchronous=FULL`: WAL alone already survives any
kill of the process (a committed transaction is in the WAL file, which the OS
keeps even if the process dies mid-write), and FULL adds one fsync per commit
so a power cut or a dead laptop battery cannot lose it either; events come a
few an hour, so the fsync costs nothing that matters. A database that cannot
be read (garbage bytes, a directory in its place, a schema newer than this
program) is moved aside and a fresh one started; a data directory that cannot
be written (read-only, disk full) falls back to an in-memory database with a
warning, so the daemon keeps running. A database deleted or replaced while the
daemon runs is noticed before the next write (the file's device and inode): a new
one is made at the path and everything the old one held is copied over from the
still-open old file, so nothing is lost; `take_notice()` says so once. Core module:
standard library only (plus the core `events`, `status` and `stats`); it must not import any edge.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from deskbreak.core.errors import DeskbreakError
from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.core.i18n import N_, _
from deskbreak.core.stats import tally
from deskbreak.core.status import Counts
from deskbreak.daemon.storefile import (
    RAW,
    TIMEOUT,
    Unusable,
    connect,
    identity,
    memory,
    move_aside,
    readable,
)

log = logging.getLogger(__name__)


class StoreError(DeskbreakError):
    """The history could not be read or written."""


class Store:
    """Thread-safe access to the history database; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection, *, location: str) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.location = location  # the file path, or ":memory:"
        self._identity = identity(location)
        self._notice: str | None = None

    def take_notice(self) -> str | None:
        """What the user should hear about the store since it was last asked (once)."""
        notice, self._notice = self._notice, None
        return notice

    def _still_there(self) -> None:
        """Before a write: if the file was deleted or replaced, start a new one at the path
        with all the old one held (read from the old file, still open), and say so."""
        if self._identity is None or identity(self.location) == self._identity:
            return
        path = Path(self.location)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = connect(path)
        except (OSError, sqlite3.Error, Unusable) as exc:
            log.warning("the history database %s vanished and cannot be made again: %s", path, exc)
            self._identity = identity(self.location)  # do not retry on every write
            return
        with fresh:
            rows = self._conn.execute(
                "SELECT at, epoch, kind, routine, trigger, detail FROM events ORDER BY id"
            ).fetchall()
            fresh.execute("DELETE FROM events")
            fresh.executemany(
                "INSERT INTO events (at, epoch, kind, routine, trigger, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            state = self._conn.execute("SELECT id, saved_at, document FROM state").fetchall()
            fresh.executemany("INSERT OR REPLACE INTO state VALUES (?, ?, ?)", state)
        self._conn.close()
        self._conn, self._identity = fresh, identity(self.location)
        # Translators: {path} is the history file's path, {n} how many events were kept.
        message = N_(
            "The history database {path} was deleted or replaced while deskbreak ran; it was"
            " made again with the {n} events deskbreak still held."
        )
        log.warning("%s", message.format(path=path, n=len(rows)))
        self._notice = _(message).format(path=path, n=len(rows))

    @classmethod
    def open(cls, path: Path) -> tuple[Store, str | None]:
        """Open (creating or upgrading) the database; never raises for a bad file."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(connect(path), location=str(path)), None
        except Unusable as exc:
            return cls._replace(path, exc)
        except (OSError, sqlite3.Error) as exc:
            return cls._in_memory(path, Unusable(RAW, error=exc))

    @classmethod
    def _replace(cls, path: Path, why: Unusable) -> tuple[Store, str | None]:
        try:
            moved = move_aside(path)
            store = cls(connect(path), location=str(path))
        except (OSError, sqlite3.Error, Unusable) as exc:
            # Translators: {why} says why the history file could not be used; {error} why
            # a fresh one could not be made in its place.
            reason = N_("{why}, and it could not be replaced: {error}")
            error = exc.text() if isinstance(exc, Unusable) else str(exc)
            both = Unusable(reason, why=why, error=exc)
            return cls._in_memory(path, both, _(reason).format(why=why.text(), error=error))
        # Translators: {path} is the history file's path, {why} the reason it could not be
        # used, {name} the new name it was given.
        warning = N_(
            "The history database {path} could not be used ({why}); it was moved aside"
            " to {name} and a fresh history started."
        )
        log.warning("%s", warning.format(path=path, why=why, name=moved.name))
        return store, _(warning).format(path=path, why=why.text(), name=moved.name)

    @classmethod
    def _in_memory(
        cls, path: Path, why: Unusable, why_text: str | None = None
    ) -> tuple[Store, str | None]:
        # Translators: {path} is the history file's path, {why} the reason it cannot be written.
        warning = N_(
            "Cannot write the history database {path} ({why}); break history will not be"
            " kept after deskbreak stops. Check that the data directory is writable and"
            " the disk is not full."
        )
        log.warning("%s", warning.format(path=path, why=why))
        shown = _(warning).format(path=path, why=why.text() if why_text is None else why_text)
        return cls(memory(), location=":memory:"), shown

    @classmethod
    def open_readonly(cls, path: Path) -> Store:
        """Open an existing database for reading only (the CLI's reports).

        Never creates, moves or upgrades the file; an older schema is upgraded in a
        private in-memory copy. Raises StoreError with a clear message otherwise.
        """
        if path.is_dir():
            # Translators: {path} is the path given for the history database.
            message = _("{path} is a directory, not a database").format(path=path)
            raise StoreError(_("History unreadable"), message)
        try:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro",
                uri=True,
                timeout=TIMEOUT,
                check_same_thread=False,
            )
            return cls(readable(conn), location=str(path))
        except Unusable as exc:
            raise StoreError(_("History unreadable"), f"{path}: {exc.text()}") from exc
        except sqlite3.Error as exc:
            # Translators: {path} is the history file's path, {error} SQLite's own message.
            message = _(
                "{path}: {error} (the daemon moves a damaged database aside when it starts)"
            ).format(path=path, error=exc)
            raise StoreError(_("History unreadable"), message) from exc

    @property
    def in_memory(self) -> bool:
        return self.location == ":memory:"

    @contextmanager
    def _locked(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                if write:
                    self._still_there()
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreError(_("Cannot use the history database"), str(exc)) from exc

    def record(self, event: Event) -> int:
        """Append one event; it is committed when this returns. Returns its row id."""
        at = event.at if event.at.tzinfo is not None else event.at.astimezone()
        row = (
            at.isoformat(),
            at.timestamp(),
            event.kind.value,
            event.routine,
            None if event.trigger is None else event.trigger.value,
            json.dumps(dict(event.detail), sort_keys=True, default=str),
        )
        with self._locked(write=True) as conn, conn:
            cursor = conn.execute(
                "INSERT INTO events (at, epoch, kind, routine, trigger, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def events(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> list[Event]:
        """Events with since <= at < until (either bound optional), oldest first."""
        low = float("-inf") if since is None else since.timestamp()
        high = float("inf") if until is None else until.timestamp()
        with self._locked() as conn:
            rows = conn.execute(
                "SELECT at, kind, routine, trigger, detail FROM events"
                " WHERE epoch >= ? AND epoch < ? ORDER BY epoch, id",
                (low, high),
            ).fetchall()
        return [event for event in map(_event_of, rows) if event is not None]

    def counts(self, start: datetime, end: datetime) -> Counts:
        """Tallies (deskbreak.core.status.Counts) of the events in [start, end)."""
        return tally(self.events(since=start, until=end))

    def save_state(self, state: Mapping[str, Any]) -> None:
        """Replace the daemon's pending-state document (committed on return).

        The row's time is the document's own `saved_at` (the engine's time); the
        store reads no clock.
        """
        document = json.dumps(dict(state), sort_keys=True, default=str)
        saved_at = str(state.get("saved_at") or "")
        with self._locked(write=True) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO state (id, saved_at, document) VALUES (1, ?, ?)",
                (saved_at, document),
            )

    def load_state(self) -> dict[str, Any] | None:
        """The last saved pending state, or None when there is none (or it is unreadable)."""
        with self._locked() as conn:
            row = conn.execute("SELECT document FROM state WHERE id = 1").fetchone()
        if row is None:
            return None
        try:
            state = json.loads(row[0])
        except ValueError:
            log.warning("saved daemon state is not valid JSON; starting afresh")
            return None
        return state if isinstance(state, dict) else None

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _event_of(row: tuple[str, str, str | None, str | None, str]) -> Event | None:
    at, kind, routine, trigger, detail = row
    try:
        parsed = Event(
            at=datetime.fromisoformat(at),
            kind=EventKind(kind),
            routine=routine,
            trigger=_trigger_of(trigger),
            detail=json.loads(detail) if detail else {},
        )
    except ValueError:
        log.debug("skipping an event this version cannot read: %r", row)
        return None
    return parsed


def _trigger_of(value: str | None) -> Trigger | None:
    try:
        return None if value is None else Trigger(value)
    except ValueError:
        return None
