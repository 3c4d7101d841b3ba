"""An iCalendar address over real HTTPS on loopback, read by the calendar reader's thread:
200 with an ETag, then 304, then 500, a body that is not iCalendar, a server that never
answers, a certificate nobody trusts, a calendar over the size cap. The last good meetings
stay in use and the report says what failed; after a 500 or a bad body the daemon's reader
has written it down, and `deskbreak doctor` names the source, the failure and the copy in use."""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import pytest
from support.calendars import BERLIN, at, berlin, calendar, event
from support.https import Authority, CalendarServer, calendar_server, make_authority, silent_port
from support.waiting import wait_until

from deskbreak.cli import main
from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.calendarstate import Failure, Problem
from deskbreak.core.config.model import CalendarKind, CalendarSettings, CalendarSource
from deskbreak.core.config.read import load_config
from deskbreak.daemon.calendar import sources
from deskbreak.daemon.calendar.cache import Cache
from deskbreak.daemon.calendar.fetcher import Fetcher
from deskbreak.daemon.calendar.parse import Rules, window
from deskbreak.daemon.calendar.runner import Runner
from deskbreak.daemon.calendar.sources import Reader, SourceFailed, UrlReader, reader_for
from deskbreak.paths import resolve

ONE = calendar(event("a", at(11), at(12))).encode()
TWO = calendar(event("a", at(11), at(12)), event("b", at(15), at(16))).encode()


def _a_meeting_tomorrow() -> bytes:
    """One meeting at 11:00 tomorrow in Berlin, for the daemon's reader, which reads today and
    tomorrow by the real clock: still in its window if midnight passes while the test runs (a
    meeting today, dated when the module was collected, fell out of it in a run that reached
    the test just after midnight)."""
    day = datetime.now(BERLIN).date() + timedelta(days=1)
    return calendar(event("a", at(11, 0, day), at(12, 0, day))).encode()


@dataclass
class Told:
    calls: list[tuple[tuple[Meeting, ...], tuple[SourceReport, ...]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, meetings: tuple[Meeting, ...], reports: tuple[SourceReport, ...]) -> None:
        with self.lock:
            self.calls.append((meetings, reports))

    @property
    def last(self) -> tuple[tuple[Meeting, ...], tuple[SourceReport, ...]]:
        with self.lock:
            return self.calls[-1] if self.calls else ((), ())

    def count(self) -> int:
        with self.lock:
            return len(self.calls)


@pytest.fixture
def authority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Authority:
    found = make_authority(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(found.ca_file))
    return found


@pytest.fixture
def server(authority: Authority) -> Iterator[CalendarServer]:
    with calendar_server(authority) as running:
        running.body = ONE
        yield running


def _source(url: str, name: str = "team") -> CalendarSource:
    return CalendarSource(name, CalendarKind.URL, url)


def _fetcher(tmp_path: Path, told: Told, *sources_: CalendarSource) -> Fetcher:
    def make(source: CalendarSource, tz: tzinfo, ignore: tuple[str, ...]) -> Reader:
        return reader_for(source, tz, ignore, timeout=1.0)

    settings = CalendarSettings(sources=sources_, refresh=timedelta(hours=1))
    ticks = itertools.count()  # a wall clock that moves a second each time it is read
    return Fetcher(
        settings,
        Cache(tmp_path / "state" / "calendar.json"),
        told,
        BERLIN,
        wall=lambda: berlin(9) + timedelta(seconds=next(ticks)),
        make_reader=make,
    )


def _hours(meetings: tuple[Meeting, ...]) -> list[int]:
    return [m.start.astimezone(BERLIN).hour for m in meetings]


def test_an_address_through_200_304_500_and_a_bad_body(
    server: CalendarServer, tmp_path: Path
) -> None:
    told = Told()
    fetcher = _fetcher(tmp_path, told, _source(server.url))
    fetcher.start()
    try:
        wait_until("the first read", lambda: _hours(told.last[0]) == [11], timeout=20)
        first = told.last[1][0]
        assert first.error is None and first.read_at is not None
        assert "If-None-Match" not in server.requests[0]

        fetcher.wake()  # unchanged: a conditional GET, answered 304
        wait_until("a second read", lambda: len(server.requests) == 2, timeout=20)
        assert server.requests[1].get("If-None-Match") == server.etag
        assert server.requests[1].get("If-Modified-Since")
        wait_until("the 304 read", lambda: told.last[1][0].read_at != first.read_at, timeout=20)
        assert _hours(told.last[0]) == [11]

        server.status = 500
        fetcher.wake()
        wait_until("the failure reported", lambda: told.last[1][0].error is not None, timeout=20)
        assert _hours(told.last[0]) == [11]  # the last good copy stays in use
        assert fetcher.records["team"].problem is not None
        assert fetcher.records["team"].problem.failure is Failure.HTTP
        assert fetcher.records["team"].problem.detail == "500"

        server.status, server.body = 200, b"<html>Please sign in</html>"
        fetcher.wake()
        wait_until(
            "the bad body reported",
            lambda: (p := _problem(fetcher)) is not None and p.failure is Failure.NOT_ICALENDAR,
            timeout=20,
        )
        assert _hours(told.last[0]) == [11]

        server.body = TWO  # a new calendar with a new ETag
        fetcher.wake()
        wait_until("the new meetings", lambda: _hours(told.last[0]) == [11, 15], timeout=20)
        assert told.last[1][0].error is None
    finally:
        fetcher.stop()
        assert fetcher.join(10)
    kept = Cache(tmp_path / "state" / "calendar.json").load()["team"]
    assert [s.astimezone(BERLIN).hour for s, _ in kept.meetings] == [11, 15]


def test_a_server_that_never_answers_times_out_and_the_kept_meetings_stay(
    server: CalendarServer, tmp_path: Path
) -> None:
    told = Told()
    fetcher = _fetcher(tmp_path, told, _source(server.url))
    fetcher.start()
    wait_until("the first read", lambda: _hours(told.last[0]) == [11], timeout=20)
    fetcher.stop()
    assert fetcher.join(10)
    with silent_port() as port:
        # the same name, now at a server that never answers: the kept meetings come first
        told = Told()
        fetcher = _fetcher(tmp_path, told, _source(f"https://127.0.0.1:{port}/basic.ics"))
        fetcher.start()
        try:
            wait_until(
                "the time-out reported",
                lambda: (p := _problem(fetcher)) is not None and p.failure is Failure.TIMED_OUT,
                timeout=20,
            )
            # the record changes on the reader's thread before the daemon is told
            wait_until("the time-out told", lambda: bool(told.last[1][0].error), timeout=20)
            assert all(_hours(meetings) == [11] for meetings, _ in told.calls)
        finally:
            fetcher.stop()
            assert fetcher.join(10)


def _problem(fetcher: Fetcher) -> Problem | None:
    record = fetcher.records.get("team")
    return record.problem if record else None


def _read_fails(reader: UrlReader) -> Failure:
    with pytest.raises(SourceFailed) as caught:
        reader.read(window(berlin(9), BERLIN), True)
    return caught.value.problem.failure


def test_a_certificate_nobody_trusts_is_refused(
    server: CalendarServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    other = make_authority(folder)
    monkeypatch.setenv("SSL_CERT_FILE", str(other.ca_file))
    reader = UrlReader(_source(server.url), BERLIN, Rules(), timeout=5)
    assert _read_fails(reader) is Failure.UNTRUSTED


def test_a_calendar_over_the_size_cap_is_refused(
    server: CalendarServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_BYTES", len(ONE) - 1)
    reader = UrlReader(_source(server.url), BERLIN, Rules(), timeout=5)
    assert _read_fails(reader) is Failure.TOO_LARGE


def test_nothing_listening_is_unreachable() -> None:
    with silent_port() as port:
        pass  # closed again: nothing listens there now
    reader = UrlReader(_source(f"https://127.0.0.1:{port}/a.ics"), BERLIN, Rules())
    assert _read_fails(reader) is Failure.UNREACHABLE


@pytest.mark.parametrize(
    ("status", "body", "failure", "said"),
    [
        (500, b"Internal Server Error", "http", "500"),
        (200, b"<html>Please sign in</html>", "not-icalendar", None),
    ],
    ids=["500", "bad-body"],
)
def test_the_doctor_names_the_failing_address_and_the_copy_still_in_use(
    server: CalendarServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    status: int,
    body: bytes,
    failure: str,
    said: str | None,
) -> None:
    """The daemon's own path: the reader the daemon runs (`Runner`, real clock, real
    timeouts) writes its record to the state folder; `deskbreak doctor --json` reads it."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    paths = resolve(os.environ)  # the test's own home (conftest)
    paths.config_file.parent.mkdir(parents=True, exist_ok=True)
    paths.config_file.write_text(f'[[calendar.sources]]\nname = "team"\nurl = "{server.url}"\n')
    server.body = _a_meeting_tomorrow()
    told = Told()
    runner = Runner(paths.state_dir, told, BERLIN)
    runner.apply(load_config(paths.config_file).calendar)
    try:
        wait_until("the first read", lambda: len(told.last[0]) == 1, timeout=20)
        good = told.last[1][0].read_at
        assert good is not None
        assert runner.fetcher is not None
        server.status, server.body = status, body
        runner.fetcher.wake()
        wait_until("the failure told", lambda: told.last[1][0].error is not None, timeout=20)
        assert len(server.requests) == 2 and len(told.last[0]) == 1
    finally:
        runner.stop()

    assert main(["doctor", "--json"]) == 1
    findings = {f["id"]: f for f in json.loads(capsys.readouterr().out)["findings"]}
    found = findings["calendar:team"]
    assert found["verdict"] == "problem" and found["fix"]
    assert found["details"] == {
        "name": "team",
        "kind": "url",
        "failure": failure,
        "read_at": good.isoformat(),  # when the copy still in use was read
        "meetings": 1,  # ... and what it holds
    }
    if said is not None:
        assert said in found["found"]
