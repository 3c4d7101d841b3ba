"""The calendar through a real daemon: an iCalendar file in `[calendar]` reaches the engine,
`status --json` shows the next block of meetings and when the source was read, `plan`
shows the block from the kept copy, and the meeting's title is written nowhere. A calendar
address that takes the connection and never answers holds up neither a break nor `stop`.
A resume from sleep (logind's PrepareForSleep on a private bus standing in for the system
bus) has the calendar read again at once."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.bus import private_bus
from support.calendars import calendar as ical
from support.configs import QUIET, desk_check
from support.daemon import Daemon, daemon_home
from support.https import calendar_server, make_authority, silent_listener
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

    # today and tomorrow: the meeting starts half an hour from now, on tomorrow's date in a
    # run between 23:30 and midnight, where today's plan alone would not hold it
    out = daemon.cli("plan", "--json", "--days", "2")
    assert out.returncode == 0, out.stderr
    planned = json.loads(out.stdout)
    blocks = [p for p in planned if p.get("kind") == "meetings"]
    assert blocks and datetime.fromisoformat(blocks[0]["at"]) == start, planned

    kept = [p.read_text(errors="replace") for p in daemon.home.rglob("*") if p.is_file()]
    assert not any(TITLE in text for text in kept if not text.startswith("BEGIN:VCALENDAR"))
    assert TITLE not in daemon.said()


# The reader's network timeout is 20 s (sources.TIMEOUT): a daemon that waited for the read
# would take that long, or longer, for either of these.
ON_TIME = 10.0  # seconds from the start to the fixed reminder falling due
STOP_LIMIT = 5.0  # seconds from `deskbreak stop` to the process gone


def test_a_calendar_that_never_answers_holds_up_neither_the_break_nor_the_stop() -> None:
    with silent_listener() as listener:
        url = f"https://127.0.0.1:{listener.getsockname()[1]}/never.ics"
        calendar = f'[calendar]\n[[calendar.sources]]\nname = "slow"\nurl = "{url}"\n'
        this_minute = datetime.now().astimezone()  # the daemon's zone: the same environment
        with daemon_home(desk_check(f"{this_minute:%H:%M}", calendar)) as daemon:
            started = datetime.now(UTC)
            daemon.spawn("--wake-grace", "0")
            daemon.wait_up()
            listener.settimeout(20)
            connection, _ = listener.accept()  # the reader is connected; nothing answers it
            with connection:
                wait_until(
                    "the fixed reminder to fall due",
                    lambda: daemon.status()["state"] == "due",
                    ON_TIME + 10,
                    every=0.2,
                )
                due = [e for e in daemon.history() if e["kind"] == "due"]
                assert len(due) == 1 and due[0]["trigger"] == "fixed", due
                late = datetime.fromisoformat(due[0]["at"]) - started
                assert late < timedelta(seconds=ON_TIME), late
                # the read is still under way: neither read nor failed yet
                status = daemon.status()
                assert status["state"] == "due"
                assert status["calendar"]["sources"] == [
                    {"name": "slow", "read_at": None, "error": None}
                ]

                asked = time.monotonic()
                assert daemon.cli("stop").returncode == 0
                gone = lambda: daemon.proc.poll() is not None  # noqa: E731
                wait_until("the daemon to exit", gone, STOP_LIMIT, every=0.05)
                took = time.monotonic() - asked
                assert daemon.proc.returncode == 0, daemon.tail()
                assert took < STOP_LIMIT


def test_a_resume_from_sleep_has_the_calendar_read_again(tmp_path: Path) -> None:
    from jeepney import DBusAddress, new_signal
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    from deskbreak.daemon.sleepwatch import LOGIN1, MANAGER, PATH

    authority = make_authority(tmp_path)
    (tmp_path / "bus").mkdir()
    with (
        private_bus(tmp_path / "bus") as (_bus, system_bus),
        calendar_server(authority) as server,
    ):
        server.body = ical().encode()
        config = QUIET + f'[[calendar.sources]]\nname = "team"\nurl = "{server.url}"\n'
        env = {"SSL_CERT_FILE": str(authority.ca_file), "DBUS_SYSTEM_BUS_ADDRESS": system_bus}
        with daemon_home(config, env=env) as daemon:
            daemon.spawn()
            daemon.wait_up()
            listening = lambda: "listening for resume from suspend" in daemon.log_text()  # noqa: E731
            wait_until("the sleep watch on the stand-in system bus", listening, 20)
            wait_until("the first read", lambda: _read_at(daemon) is not None, 20, every=0.2)
            first = _read_at(daemon)
            assert first is not None
            assert len(server.requests) == 1  # the next is due after `refresh`, 15 min
            # status gives whole seconds: let the clock pass the first read's second
            later = datetime.fromisoformat(first) + timedelta(seconds=1)
            wait_until("a new second", lambda: datetime.now(UTC) >= later, 5, every=0.05)

            logind = open_dbus_connection(system_bus)
            try:
                logind.send_and_get_reply(message_bus.RequestName(LOGIN1))
                address = DBusAddress(PATH, interface=MANAGER)
                logind.send(new_signal(address, "PrepareForSleep", "b", (True,)))
                logind.send(new_signal(address, "PrepareForSleep", "b", (False,)))
                wait_until("a read after the resume", lambda: len(server.requests) == 2, 15)
            finally:
                logind.close()
            wait_until("the new read in status", lambda: _read_at(daemon) != first, 15, every=0.2)
            assert "If-None-Match" in server.requests[1]  # the address asked again, not a reload


def _read_at(daemon: Daemon) -> str | None:
    calendar = daemon.status().get("calendar") or {}
    sources = calendar.get("sources") or [{}]
    found = sources[0].get("read_at")
    return str(found) if found else None
