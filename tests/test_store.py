"""The history store: round trips, migrations, recovery from bad files, threads."""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.readonly import read_only

from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.core.status import Counts
from deskbreak.daemon.store import Store, StoreError
from deskbreak.daemon.storefile import SCHEMA_VERSION
from deskbreak.paths import resolve

CET = timezone(timedelta(hours=1))
T0 = datetime(2024, 3, 4, 9, 0, tzinfo=CET)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    return resolve().database


def open_ok(path: Path) -> Store:
    store, warning = Store.open(path)
    assert warning is None
    return store


def sample(kind: EventKind, minutes: int = 0, **detail: object) -> Event:
    return Event(
        at=T0 + timedelta(minutes=minutes),
        kind=kind,
        routine="mini-reset",
        trigger=Trigger.INTERVAL,
        detail=detail,
    )


def test_every_event_kind_round_trips(db: Path) -> None:
    store = open_ok(db)
    written = [
        Event(
            at=T0 + timedelta(minutes=i),
            kind=kind,
            routine=None if i % 3 == 0 else f"r{i}",
            trigger=list(Trigger)[i % 3] if i % 2 else None,
            detail={"seconds": i * 10, "note": "ü", "nested": {"a": [1, 2]}} if i % 2 else {},
        )
        for i, kind in enumerate(EventKind)
    ]
    ids = [store.record(event) for event in written]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    store.close()
    again = open_ok(db)
    read = again.events()
    assert read == written
    assert [e.at.utcoffset() for e in read] == [timedelta(hours=1)] * len(read)


def test_events_range_is_half_open_and_compares_instants(db: Path) -> None:
    store = open_ok(db)
    for minutes in (0, 10, 20, 30):
        store.record(sample(EventKind.DUE, minutes))
    # the same instants written in UTC select the same rows
    since = (T0 + timedelta(minutes=10)).astimezone(UTC)
    until = (T0 + timedelta(minutes=30)).astimezone(UTC)
    got = store.events(since=since, until=until)
    assert [e.at for e in got] == [T0 + timedelta(minutes=10), T0 + timedelta(minutes=20)]
    assert len(store.events(since=since)) == 3
    assert len(store.events(until=until)) == 3


def test_counts_tally_the_window(db: Path) -> None:
    store = open_ok(db)
    store.record(sample(EventKind.DUE, 0))
    store.record(Event(at=T0 + timedelta(minutes=1), kind=EventKind.DUE, trigger=Trigger.FIXED))
    store.record(sample(EventKind.SNOOZED, 2, seconds=600))
    store.record(sample(EventKind.STARTED, 12))
    store.record(sample(EventKind.COMPLETED, 15, seconds=180, steps_done=6, steps_total=6))
    store.record(sample(EventKind.PARTIAL, 60, seconds=70, steps_done=2, steps_total=6))
    store.record(sample(EventKind.SKIPPED, 90))
    store.record(sample(EventKind.NATURAL_BREAK, 120, seconds=900, cause="idle"))
    store.record(sample(EventKind.COMPLETED, 24 * 60, seconds=999))  # next day: outside
    counts = store.counts(T0, T0 + timedelta(days=1))
    assert counts == Counts(
        due=2, completed=1, partial=1, snoozed=1, skipped=1, natural=1, stretch_seconds=250
    )


def test_pending_state_round_trips_and_is_replaced(db: Path) -> None:
    store = open_ok(db)
    assert store.load_state() is None
    store.save_state({"snoozed_until": "2024-03-04T10:00:00+01:00", "rotation": 2})
    store.save_state({"paused_until": None, "rotation": 3, "last": [1, "x"]})
    store.close()
    again = open_ok(db)
    assert again.load_state() == {"paused_until": None, "rotation": 3, "last": [1, "x"]}


def test_naive_datetime_is_taken_as_local_time(db: Path) -> None:
    store = open_ok(db)
    naive = datetime(2024, 3, 4, 9, 0)
    store.record(Event(at=naive, kind=EventKind.DUE))
    (event,) = store.events()
    assert event.at.tzinfo is not None
    assert event.at == naive.astimezone()


def write_v1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL,"
        " routine TEXT, trigger TEXT, detail TEXT NOT NULL DEFAULT '{}')"
    )
    conn.executemany(
        "INSERT INTO events (at, kind, routine, trigger, detail) VALUES (?, ?, ?, ?, ?)",
        [
            ("2024-03-04T09:00:00+01:00", "due", None, "interval", "{}"),
            (
                "2024-03-04T09:05:00+01:00",
                "completed",
                "mini-reset",
                "interval",
                '{"seconds": 120}',
            ),
        ],
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_v1_database_upgrades(db: Path) -> None:
    write_v1(db)
    store = open_ok(db)
    assert len(store.events(since=T0, until=T0 + timedelta(hours=1))) == 2
    assert store.counts(T0, T0 + timedelta(hours=1)).stretch_seconds == 120
    store.save_state({"ok": True})
    store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT epoch FROM events WHERE id = 1").fetchone()[0] == T0.timestamp()
    conn.close()


def test_readonly_open_upgrades_an_old_schema_in_memory_only(db: Path) -> None:
    write_v1(db)
    store = Store.open_readonly(db)
    assert [e.kind for e in store.events()] == [EventKind.DUE, EventKind.COMPLETED]
    store.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def corrupt_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob("history.sqlite3.corrupt-*"))


def check_replaced(db: Path, words: str) -> None:
    store, warning = Store.open(db)
    assert warning is not None and "moved aside" in warning and words in warning
    assert not store.in_memory
    (moved,) = corrupt_files(db)
    assert moved.name.startswith("history.sqlite3.corrupt-2")
    store.record(sample(EventKind.DUE))
    store.close()
    again = open_ok(db)  # the fresh one is a good database now
    assert len(again.events()) == 1


def test_garbage_file_is_moved_aside(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(os.urandom(8192))
    check_replaced(db, "not a database")


def test_directory_in_place_is_moved_aside(db: Path) -> None:
    db.mkdir(parents=True)
    (db / "something").write_text("x")
    check_replaced(db, "directory")
    assert (corrupt_files(db)[0] / "something").exists()


def test_newer_schema_is_moved_aside(db: Path) -> None:
    db.parent.mkdir(parents=True)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    check_replaced(db, "newer deskbreak")


def test_second_bad_file_in_the_same_second_gets_its_own_name(db: Path) -> None:
    db.parent.mkdir(parents=True)
    for _ in range(2):
        db.write_bytes(b"\x00garbage" * 600)
        store, warning = Store.open(db)
        assert warning is not None
        store.close()
        db.unlink()
        for side in ("-wal", "-shm"):
            db.with_name(db.name + side).unlink(missing_ok=True)
    assert len(corrupt_files(db)) == 2


def test_read_only_data_dir_falls_back_to_memory(db: Path) -> None:
    db.parent.mkdir(parents=True)
    with read_only(db.parent):
        store, warning = Store.open(db)
        assert store.in_memory
        assert warning is not None and "will not be kept" in warning
        store.record(sample(EventKind.DUE))
        store.save_state({"a": 1})
        assert len(store.events()) == 1 and store.load_state() == {"a": 1}
        assert not db.exists()


def test_corrupt_file_in_read_only_dir_falls_back_to_memory(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"not sqlite at all" * 300)
    with read_only(db.parent):
        store, warning = Store.open(db)
        assert store.in_memory and warning is not None
    assert db.read_bytes().startswith(b"not sqlite")  # left untouched


def test_readonly_open_reports_garbage_clearly(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage!" * 1000)
    with pytest.raises(StoreError, match="not a database"):
        Store.open_readonly(db)
    assert db.exists() and not corrupt_files(db)


def test_concurrent_records_from_four_threads_lose_nothing(db: Path) -> None:
    store = open_ok(db)
    per_thread = 50
    ids: list[list[int]] = [[] for _ in range(4)]
    start = threading.Barrier(4)

    def writer(n: int) -> None:
        start.wait()
        for i in range(per_thread):
            ids[n].append(store.record(sample(EventKind.DUE, i, thread=n)))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    all_ids = [i for chunk in ids for i in chunk]
    assert len(all_ids) == len(set(all_ids)) == 4 * per_thread
    events = store.events()
    assert len(events) == 4 * per_thread
    for n in range(4):
        assert sum(1 for e in events if e.detail["thread"] == n) == per_thread


def test_unwritable_data_dir_falls_back_to_memory_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A plain file where the data directory's parent should be: nobody can write there.
    (tmp_path / "blocked").write_text("a file, not a directory")
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path / "blocked"))
    store, warning = Store.open(resolve().database)
    assert store.in_memory
    assert warning is not None and "will not be kept" in warning
    assert store.record(sample(EventKind.SKIPPED)) == 1
    assert store.counts(T0, T0 + timedelta(hours=1)).skipped == 1


def test_a_database_deleted_while_open_is_made_again_with_everything_it_held(db: Path) -> None:
    store, _ = Store.open(db)
    for kind in (EventKind.DUE, EventKind.NOTIFIED, EventKind.SKIPPED):
        store.record(sample(kind))
    store.save_state({"pending": 1})
    assert store.take_notice() is None
    for side in ("", "-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)
    store.record(sample(EventKind.COMPLETED))  # the next write notices
    notice = store.take_notice()
    assert notice is not None and str(db) in notice and "3" in notice
    assert store.take_notice() is None  # said once
    store.close()
    again = Store.open_readonly(db)
    kinds = [e.kind for e in again.events()]
    assert kinds == [EventKind.DUE, EventKind.NOTIFIED, EventKind.SKIPPED, EventKind.COMPLETED]
    assert again.load_state() == {"pending": 1}


def test_a_database_replaced_while_open_keeps_the_running_history(db: Path) -> None:
    store, _ = Store.open(db)
    store.record(sample(EventKind.DUE))
    other = db.with_name("other.sqlite3")
    elsewhere, _ = Store.open(other)
    elsewhere.close()
    other.replace(db)  # another file now under the same name
    store.record(sample(EventKind.SKIPPED))
    assert store.take_notice() is not None
    store.close()
    kinds = [e.kind for e in Store.open_readonly(db).events()]
    assert kinds == [EventKind.DUE, EventKind.SKIPPED]
