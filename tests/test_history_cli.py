"""`deskbreak stats` and `deskbreak history`, run in-process against a temp home."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PIL import Image

from deskbreak.cli import main
from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.daemon.clock import local_zone
from deskbreak.daemon.store import Store
from deskbreak.paths import Paths, resolve


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)
    return resolve()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def seed(paths: Paths) -> list[Event]:
    """Today: 2 completed, 1 skipped; yesterday: 6 completed (goal met); 10 days ago: 1."""
    tz = local_zone()
    today = datetime.now(tz).date()

    def at(days_ago: int, minutes: int) -> datetime:
        noon = datetime.combine(today - timedelta(days=days_ago), time(12, 0), tz)
        return noon + timedelta(minutes=minutes)

    events = [Event(at(10, 0), EventKind.COMPLETED, "mini-reset", Trigger.MANUAL, {"seconds": 90})]
    for i in range(6):
        events.append(Event(at(1, 10 * i), EventKind.DUE, None, Trigger.INTERVAL))
        events.append(
            Event(
                at(1, 10 * i + 1),
                EventKind.COMPLETED,
                "neck-release",
                Trigger.INTERVAL,
                {"seconds": 150, "steps_done": 5, "steps_total": 5},
            )
        )
    events += [
        Event(at(0, 0), EventKind.DUE, None, Trigger.INTERVAL),
        Event(at(0, 1), EventKind.SNOOZED, None, Trigger.INTERVAL, {"seconds": 300}),
        Event(at(0, 7), EventKind.COMPLETED, "mini-reset", Trigger.INTERVAL, {"seconds": 120}),
        Event(at(0, 20), EventKind.DUE, None, Trigger.FIXED),
        Event(at(0, 21), EventKind.SKIPPED, "shoulder-reset", Trigger.FIXED),
        Event(at(0, 30), EventKind.PARTIAL, "mini-reset", Trigger.MANUAL, {"seconds": 45}),
        Event(at(0, 40), EventKind.NATURAL_BREAK, None, None, {"seconds": 600, "cause": "idle"}),
    ]
    store, warning = Store.open(paths.database)
    assert warning is None
    for event in events:
        store.record(event)
    store.close()
    return events


def test_no_history_yet_creates_nothing(home: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("stats", "history"):
        code, out, err = run(capsys, command)
        assert code == 0 and "No history yet" in out and err == ""
    assert not home.data_dir.exists()


def test_no_history_still_gives_valid_machine_output(
    home: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "stats", "--json", "--days", "3")
    data = json.loads(out)
    assert code == 0 and data["days"] == 3 and data["totals"]["taken"] == 0
    code, out, _ = run(capsys, "history", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(capsys, "history", "--csv")
    assert code == 0 and out == "at,kind,routine,trigger,detail\n"
    assert not home.database.exists()


@pytest.mark.parametrize("days", ["0", "367", "-3"])
def test_days_out_of_range_is_bad_usage(
    home: Paths, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    for command in ("stats", "history"):
        code, out, err = run(capsys, command, "--days", days)
        assert code == 2 and out == ""
        assert f"--days must be between 1 and 366, not {days}" in err


def test_non_numeric_days_and_clashing_formats_are_usage_errors(
    home: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["stats", "--days", "week"], ["history", "--json", "--csv"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_stats_table(home: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    seed(home)
    code, out, err = run(capsys, "stats")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Breaks over the last 7 days (goal: 6 taken a day)"
    today = next(line for line in lines if line.startswith("Today "))
    assert today.split() == ["Today", "2", "2", "1", "1", "1", "3", "min"]
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split()[:3] == ["Total", "8", "8"]  # the day 10 days ago is outside
    assert sum(1 for line in lines if line.endswith("met")) == 1
    assert "Today: 2 of 6 breaks taken (4 to go). Streak: 1 day." in lines


def test_stats_json(home: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    seed(home)
    code, out, _ = run(capsys, "stats", "--json", "--days", "14")
    data = json.loads(out)
    assert code == 0
    assert data["days"] == 14 and len(data["per_day"]) == 14
    assert data["goal"] == 6 and data["streak"] == 1
    assert data["today"]["taken"] == 2 and data["today"]["partial"] == 1
    assert data["today"]["natural"] == 1 and data["today"]["met"] is False
    assert data["totals"]["taken"] == 9
    assert data["totals"]["stretch_seconds"] == 90 + 6 * 150 + 120 + 45
    assert [d["met"] for d in data["per_day"]][-2:] == [True, False]


def test_goal_comes_from_the_config(home: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    seed(home)
    home.config_dir.mkdir(parents=True)
    home.config_file.write_text("[goals]\nbreaks_per_day = 2\n")
    code, out, _ = run(capsys, "stats", "--json")
    data = json.loads(out)
    assert code == 0 and data["goal"] == 2
    assert data["today"]["met"] is True and data["streak"] == 2


def test_broken_config_falls_back_to_the_default_goal(
    home: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(home)
    home.config_dir.mkdir(parents=True)
    home.config_file.write_text("[goals]\nbreaks_per_day = 'many'\n")
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["goal"] == 6
    assert "using the default goal of 6" in err and "Traceback" not in err


def test_stats_png(home: Paths, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    seed(home)
    target = tmp_path / "week.png"
    code, out, _ = run(capsys, "stats", "--png", str(target))
    assert code == 0 and f"Chart written to {target}" in out
    with Image.open(target) as image:
        assert image.format == "PNG" and image.size == (800, 480)
    code, out, err = run(capsys, "stats", "--json", "--png", str(target))
    assert code == 0 and json.loads(out)["days"] == 7 and "Chart written" in err


@pytest.mark.parametrize(("name", "kind"), [("week.jpg", "JPEG"), ("week.webp", "WEBP")])
def test_stats_png_writes_what_the_name_says(
    home: Paths, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, kind: str
) -> None:
    seed(home)
    target = tmp_path / name
    code, out, _ = run(capsys, "stats", "--png", str(target))
    assert code == 0 and f"Chart written to {target}" in out
    with Image.open(target) as image:
        assert image.format == kind


def test_stats_png_refuses_a_name_it_cannot_honour(
    home: Paths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seed(home)
    target = tmp_path / "week.pdf"
    code, _, err = run(capsys, "stats", "--png", str(target))
    assert code == 1 and not target.exists()
    assert "cannot tell what image week.pdf should be — end it in .jpeg, .jpg, .png, .webp" in err


def test_stats_png_to_an_impossible_place(
    home: Paths, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seed(home)
    code, _, err = run(capsys, "stats", "--png", str(tmp_path / "missing" / "dir" / "x.png"))
    assert code == 1 and "cannot write the chart" in err and "Traceback" not in err


def test_history_json_lists_the_window(home: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    events = seed(home)
    code, out, _ = run(capsys, "history", "--json", "--days", "2")
    data = json.loads(out)
    assert code == 0
    assert len(data) == len(events) - 1  # the day 10 days ago is outside
    first = data[0]
    assert first == {
        "at": events[1].at.isoformat(),
        "kind": "due",
        "routine": None,
        "trigger": "interval",
        "detail": {},
    }
    assert data[-1]["kind"] == "natural-break" and data[-1]["detail"]["cause"] == "idle"


def test_history_csv_exports_every_event(home: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    events = seed(home)
    code, out, _ = run(capsys, "history", "--csv", "--days", "30")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert rows[0] == ["at", "kind", "routine", "trigger", "detail"]
    assert len(rows) == 1 + len(events)
    assert [datetime.fromisoformat(r[0]) for r in rows[1:]] == [e.at for e in events]
    assert [r[1] for r in rows[1:]] == [e.kind.value for e in events]
    assert [json.loads(r[4]) for r in rows[1:]] == [dict(e.detail) for e in events]
    assert rows[-1][2:4] == ["", ""]  # no routine, no trigger


def test_history_text(home: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    seed(home)
    code, out, _ = run(capsys, "history", "--days", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{datetime.now(local_zone()):%A %d %B %Y}"
    assert any("snoozed" in line and "5 min" in line for line in lines)
    assert any("natural-break" in line and "10 min, cause=idle" in line for line in lines)
    assert not any("neck-release" in line for line in lines)  # yesterday is outside


def test_unreadable_database_is_reported_not_moved(
    home: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    home.data_dir.mkdir(parents=True)
    home.database.write_bytes(b"this is not a database" * 100)
    for command in ("stats", "history"):
        code, out, err = run(capsys, command)
        assert code == 1 and out == ""
        assert "History unreadable" in err and "Traceback" not in err
    assert home.database.exists()
    assert list(home.data_dir.iterdir()) == [home.database]


def test_an_old_schema_is_read_without_changing_the_file(
    home: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    home.data_dir.mkdir(parents=True)
    conn = sqlite3.connect(home.database)
    conn.execute(
        "CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL,"
        " routine TEXT, trigger TEXT, detail TEXT NOT NULL DEFAULT '{}')"
    )
    now = datetime.now(local_zone()).isoformat()
    conn.execute("INSERT INTO events (at, kind) VALUES (?, 'skipped')", (now,))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "stats", "--json")
    assert code == 0 and json.loads(out)["today"]["skipped"] == 1
    conn = sqlite3.connect(home.database)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
