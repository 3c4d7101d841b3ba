"""SIGKILL the writer at random moments: nothing acknowledged may be lost or corrupt.

A child process records events in a loop and prints each row id after `record`
returned (the acknowledgement). The parent kills it with SIGKILL at a random
moment, over and over (DESKBREAK_KILL_ROUNDS, default 20), then checks the
database's integrity and that every acknowledged id, and the last acknowledged
pending state, survived.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deskbreak.daemon.store import Store
from deskbreak.paths import resolve

ROOT = Path(__file__).resolve().parents[1]
WRITER = Path(__file__).with_name("store_writer.py")


def run_round(database: Path, rng: random.Random) -> tuple[set[int], int | None]:
    """Start the writer, kill it at a random moment; return the ids and last state it acked.

    Most kills land while events are being committed; a quarter land early, while
    the child starts, opens the store or recovers the WAL left by the last kill.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(database)],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    first = b""
    try:
        if rng.random() < 0.25:  # early: may land while the store opens or recovers
            time.sleep(rng.uniform(0, 0.15))
        else:
            first = child.stdout.readline()  # the writer is up and committing
            assert first.strip().isdigit(), first
            time.sleep(rng.uniform(0, 0.04))  # the random moment, not a synchronisation
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    lines = [first, *child.stdout.read().splitlines(keepends=True)]
    child.stdout.close()
    complete = [line.decode().strip() for line in lines if line.endswith(b"\n")]
    ids = {int(line) for line in complete if line.isdigit()}
    states = [int(line[2:]) for line in complete if line.startswith("S ")]
    return ids, (states[-1] if states else None)


def test_sigkill_never_loses_an_acknowledged_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    database = resolve().database
    # A first kill may land before the writer has created the data directory.
    database.parent.mkdir(parents=True, exist_ok=True)
    rounds = int(os.environ.get("DESKBREAK_KILL_ROUNDS", "20"))
    seed = int(os.environ.get("DESKBREAK_KILL_SEED", str(time.time_ns())))
    rng = random.Random(seed)
    acked: set[int] = set()
    for number in range(rounds):
        ids, state = run_round(database, rng)
        acked |= ids
        if not database.exists():  # killed before the writer created the database
            assert not acked, f"acknowledged events but no database (seed {seed})"
            continue
        conn = sqlite3.connect(database)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"seed {seed}"
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        stored = (
            {row[0] for row in conn.execute("SELECT id FROM events")}
            if "events" in tables
            else set()
        )
        conn.close()
        missing = acked - stored
        assert not missing, f"round {number} lost {sorted(missing)[:10]} (seed {seed})"
        if state is not None:
            store, warning = Store.open(database)
            saved = store.load_state()
            store.close()
            assert warning is None and saved is not None and saved["last"] >= state
    assert len(acked) >= rounds // 2, f"too few acknowledgements to prove anything (seed {seed})"
