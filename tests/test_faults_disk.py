"""History on a real full disk and a database deleted under a running daemon: no event the
user acted on is lost, each fault is said once, and the doctor finds a full disk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.daemon import Daemon, daemon_home
from support.fulldisk import small_disk
from support.waiting import wait_until

from deskbreak.core.i18n import ngettext
from deskbreak.doctor import checkup
from deskbreak.paths import resolve


def unsaved_line(n: int) -> str:
    """What `history` says of n events the daemon holds unwritten, in the test's language."""
    return ngettext(
        "Not listed here: {n} event not written yet (kept in memory; is the disk full?)",
        "Not listed here: {n} events not written yet (kept in memory; is the disk full?)",
        n,
    ).format(n=n)


@pytest.fixture
def daemon() -> Iterator[Daemon]:
    with daemon_home() as d:
        yield d


def test_a_full_disk_keeps_the_events_and_writes_them_when_space_returns(daemon: Daemon) -> None:
    with small_disk(daemon.home / "data") as disk:
        daemon.spawn()
        daemon.wait_up()
        disk.fill()
        assert daemon.cli("skip").returncode == 0
        status = daemon.status()
        assert status["history_unsaved"] >= 1  # kept, and said in `status`
        assert "skipped" not in daemon.kinds()
        readable = daemon.cli("status")
        assert "not written yet" in readable.stdout
        held = unsaved_line(status["history_unsaved"])
        listed = daemon.cli("history")  # the file lacks them: `history` says how many
        assert listed.returncode == 0 and held in listed.stdout.splitlines(), listed.stdout
        as_json = daemon.cli("history", "--json")
        assert "skipped" not in {e["kind"] for e in json.loads(as_json.stdout)}  # data only
        assert as_json.stderr.strip() == held
        disk.free()
        wait_until(
            "the kept events to be written",
            lambda: daemon.status()["history_unsaved"] == 0,  # each request is a step
            20,
        )
        assert "skipped" in daemon.kinds()
        after = daemon.cli("history", "--json")
        assert after.stderr == "" and held not in daemon.cli("history").stdout  # all written
        log = daemon.log_text()
        assert log.count("could not record") >= 1


def test_a_database_deleted_under_the_daemon_is_made_again_with_its_history(
    daemon: Daemon,
) -> None:
    daemon.spawn()
    daemon.wait_up()
    assert daemon.cli("skip").returncode == 0
    db = daemon.home / "data" / "history.sqlite3"
    for side in ("", "-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)
    assert daemon.cli("pause", "5m").returncode == 0  # the next write notices
    assert db.exists()
    kinds = daemon.kinds()
    assert "skipped" in kinds and "paused" in kinds  # the old history and the new event
    assert "deleted or replaced" in daemon.log_text()


def test_the_doctor_finds_a_full_disk(tmp_path: Path) -> None:
    paths = resolve({"DESKBREAK_HOME": str(tmp_path)})
    with small_disk(paths.data_dir) as disk:
        assert checkup.data_dir_problem(paths)[1] is None
        disk.fill()
        where, problem = checkup.data_dir_problem(paths)
        assert where == str(paths.data_dir) and problem is not None
        disk.free()
        assert checkup.data_dir_problem(paths)[1] is None
