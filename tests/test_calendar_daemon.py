"""The calendar through a real daemon: an iCalendar file in `[calendar]` reaches the engine,
`status --json` shows the next block of meetings and when the source was read, `plan`
shows the block from the kept copy, and the meeting's title is written nowhere."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.configs import QUIET
from support.daemon import Daemon, daemon_home
from support.waiting import wait_until

TITLE = "Quarterly secret planning"


def _ics(start: datetime, end: datetime) -> str:
    stamp = "%Y%m%dT%H%M%SZ"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:one@test\r\n"
        f"DTSTAMP:{start:{stamp}}\r\nDTSTART:{start:{stamp}}\r\nDTEND:{end:{stamp}}\r\n"
        f"SUMMARY:{TITLE}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@pytest.fixture
def meeting(tmp_path: Path) -> tuple[Path, datetime, datetime]:
    start = (datetime.now(UTC) + timedelta(minutes=30)).replace(second=0, microsecond=0)
    end = start + timedelta(minutes=90)
    path = tmp_path / "work.ics"
    path.write_text(_ics(start, end))
    return path, start, end


@pytest.fixture
def daemon(meeting: tuple[Path, datetime, datetime]) -> Iterator[Daemon]:
    path = meeting[0]
    config = QUIET + f'[calendar]\n[[calendar.sources]]\nname = "work"\nics = "{path}"\n'
    with daemon_home(config) as made:
        made.spawn()
        made.wait_up()
        yield made


def test_a_meeting_in_an_ics_file_reaches_status_and_plan_and_its_title_stays_out(
    daemon: Daemon, meeting: tuple[Path, datetime, datetime]
) -> None:
    _path, start, end = meeting

    def read() -> bool:
        calendar = daemon.status().get("calendar") or {}
        return bool(calendar.get("next_block")) and all(
            s.get("read_at") for s in calendar.get("sources", [])
        )

    wait_until("the daemon to read the calendar", read, 20)
    calendar = daemon.status()["calendar"]
    block = calendar["next_block"]
    assert datetime.fromisoformat(block["start"]) == start
    assert datetime.fromisoformat(block["end"]) == end
    assert block["sources"] == ["work"]
    assert [(s["name"], s["error"]) for s in calendar["sources"]] == [("work", None)]

    out = daemon.cli("plan", "--json")
    assert out.returncode == 0, out.stderr
    planned = json.loads(out.stdout)
    blocks = [p for p in planned if p.get("kind") == "meetings"]
    assert blocks and datetime.fromisoformat(blocks[0]["at"]) == start, planned

    kept = [p.read_text(errors="replace") for p in daemon.home.rglob("*") if p.is_file()]
    assert not any(TITLE in text for text in kept if not text.startswith("BEGIN:VCALENDAR"))
    assert TITLE not in daemon.said()
