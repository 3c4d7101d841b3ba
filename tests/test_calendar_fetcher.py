"""The calendar reader's thread end to end with an .ics file: a change on disk is a new call,
a corrupt file keeps the last good meetings and says so, the meetings kept on disk come
first at the next start, a reload rebuilds the reader; `cached_meetings` for the plan; the
doctor's finding per source; a huge file is refused, not read into memory."""

from __future__ import annotations

import itertools
import json
import os
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from support.calendars import BERLIN, DAY, at, berlin, calendar, event
from support.waiting import wait_until

from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.calendarstate import CACHE_FILE, Failure, Problem, SourceRecord
from deskbreak.core.config.model import CalendarKind, CalendarSettings, CalendarSource
from deskbreak.core.diagnosis import CalendarFacts, Verdict
from deskbreak.daemon.calendar import cached_meetings, sources
from deskbreak.daemon.calendar.cache import Cache
from deskbreak.daemon.calendar.fetcher import Fetcher
from deskbreak.daemon.calendar.runner import Runner
from deskbreak.doctor.calendarcheck import calendar_findings
from deskbreak.doctor.checkup import calendar_facts
from deskbreak.paths import resolve

Call = tuple[tuple[Meeting, ...], tuple[SourceReport, ...]]


class Told:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.lock = threading.Lock()

    def __call__(self, meetings: tuple[Meeting, ...], reports: tuple[SourceReport, ...]) -> None:
        with self.lock:
            self.calls.append((meetings, reports))

    def hours(self) -> list[int]:
        with self.lock:
            meetings = self.calls[-1][0] if self.calls else ()
        return [m.start.astimezone(BERLIN).hour for m in meetings]

    def error(self) -> str | None:
        with self.lock:
            return self.calls[-1][1][0].error if self.calls else None


def _write(path: Path, *hours: int, day: date = DAY) -> None:
    text = calendar(
        *(event(f"e{h}", at(h, 0, day), at(h + 1, 0, day), summary=f"Secret {h}") for h in hours)
    )
    part = path.with_suffix(".part")
    part.write_text(text)
    os.replace(part, path)


def _fetcher(settings: CalendarSettings, cache: Path, told: Told) -> Fetcher:
    ticks = itertools.count()
    return Fetcher(
        settings,
        Cache(cache),
        told,
        BERLIN,
        wall=lambda: berlin(9) + timedelta(seconds=next(ticks)),
        file_every=0.05,
    )


def test_a_file_changed_on_disk_is_a_new_call_and_a_corrupt_one_keeps_the_meetings(
    tmp_path: Path,
) -> None:
    ics, cache = tmp_path / "work.ics", tmp_path / "state" / CACHE_FILE
    _write(ics, 11)
    settings = CalendarSettings(sources=(CalendarSource("work", CalendarKind.ICS, str(ics)),))
    told = Told()
    fetcher = _fetcher(settings, cache, told)
    fetcher.start()
    try:
        wait_until("the first meetings", lambda: told.hours() == [11], timeout=10)
        _write(ics, 11, 14)
        wait_until("the file's change", lambda: told.hours() == [11, 14], timeout=10)
        ics.write_text("BEGIN:VCALENDAR\r\nthis is not\r\n")
        wait_until("the corrupt file reported", lambda: told.error() is not None, timeout=10)
        assert told.hours() == [11, 14]  # nothing lost
        ics.unlink()
        wait_until(
            "the missing file reported",
            lambda: (
                (r := fetcher.records.get("work")) is not None
                and r.problem == Problem(Failure.NO_FILE, str(ics))
            ),
            timeout=10,
        )
    finally:
        fetcher.stop()
        assert fetcher.join(10)
    text = cache.read_text()
    assert "Secret" not in text  # titles are never kept
    # the next start hands on the kept meetings first, before any read (the file is gone)
    again = Told()
    second = _fetcher(settings, cache, again)
    second.start()
    try:
        wait_until("the kept meetings", lambda: again.hours() == [11, 14], timeout=10)
    finally:
        second.stop()
        assert second.join(10)


def test_a_reload_that_changes_the_calendar_rebuilds_the_reader(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    today = datetime.now(BERLIN).date()  # the runner reads with the real clock
    _write(first, 9, day=today)
    _write(second, 16, day=today)
    told = Told()
    runner = Runner(tmp_path / "state", told, BERLIN)
    one = CalendarSettings(sources=(CalendarSource("a", CalendarKind.ICS, str(first)),))
    runner.apply(one)
    try:
        wait_until("the first source", lambda: told.hours() == [9], timeout=15)
        fetcher = runner.fetcher
        runner.apply(one)  # the same settings: nothing is rebuilt
        assert runner.fetcher is fetcher
        runner.apply(
            CalendarSettings(sources=(CalendarSource("b", CalendarKind.ICS, str(second)),))
        )
        wait_until("the new source", lambda: told.hours() == [16], timeout=15)
        runner.apply(CalendarSettings())
        wait_until("the calendar off", lambda: told.calls[-1] == ((), ()), timeout=15)
        assert runner.fetcher is None
    finally:
        runner.stop()


def test_cached_meetings_are_those_of_the_configured_sources(tmp_path: Path) -> None:
    paths = resolve({"DESKBREAK_HOME": str(tmp_path)})
    start = datetime(2026, 3, 5, 10, tzinfo=UTC)
    records = {
        name: SourceRecord(name, start, ((start, start + timedelta(hours=1)),))
        for name in ("work", "gone")
    }
    Cache(paths.state_dir / CACHE_FILE).save(records)
    work = CalendarSource("work", CalendarKind.ICS, "x.ics")
    assert cached_meetings(CalendarSettings(sources=(work,)), paths) == (
        Meeting(start, start + timedelta(hours=1), "work"),
    )
    assert cached_meetings(CalendarSettings(), paths) == ()


def test_the_doctor_says_per_source_when_it_was_read_and_what_failed(tmp_path: Path) -> None:
    paths = resolve({"DESKBREAK_HOME": str(tmp_path)})
    paths.config_file.parent.mkdir(parents=True)
    paths.config_file.write_text(
        '[[calendar.sources]]\nname = "ok"\nics = "a.ics"\n\n'
        '[[calendar.sources]]\nname = "bad"\nurl = "https://e.org/a.ics"\n\n'
        '[[calendar.sources]]\nname = "new"\ncaldav = "https://e.org/dav/"\nuser = "me"\n'
    )
    read = datetime(2026, 3, 5, 10, tzinfo=UTC)
    Cache(paths.state_dir / CACHE_FILE).save(
        {
            "ok": SourceRecord("ok", read),
            "bad": SourceRecord("bad", read, problem=Problem(Failure.HTTP, "500")),
        }
    )
    facts = calendar_facts(paths)
    assert [(f.name, f.kind) for f in facts] == [("ok", "ics"), ("bad", "url"), ("new", "caldav")]
    findings = {f.id: f for f in calendar_findings(facts)}
    assert findings["calendar:ok"].verdict is Verdict.OK
    assert findings["calendar:bad"].verdict is Verdict.PROBLEM and findings["calendar:bad"].fix
    assert findings["calendar:bad"].details["failure"] == "http"
    assert findings["calendar:new"].verdict is Verdict.INFO
    no_password = CalendarFacts(
        "x", "caldav", SourceRecord("x", None, (), 0, Problem(Failure.NO_PASSWORD, "x"))
    )
    (finding,) = calendar_findings([no_password])
    assert "deskbreak calendar login x" in finding.found  # the command that stores it
    json.dumps([f.as_json() for f in findings.values()])


def test_a_huge_file_is_refused_without_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ics = tmp_path / "huge.ics"
    _write(ics, 11)
    monkeypatch.setattr(sources, "MAX_BYTES", 64)
    reader = sources.reader_for(CalendarSource("h", CalendarKind.ICS, str(ics)), BERLIN, ())
    with pytest.raises(sources.SourceFailed) as caught:
        reader.read((berlin(0), berlin(23)), True)
    assert caught.value.problem.failure is Failure.TOO_LARGE


def test_calendar_show_names_unknown_zones_and_a_corrupt_file_in_a_sentence(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    home = tmp_path / "home"
    today = datetime.now(BERLIN).date()
    good, bad = tmp_path / "good.ics", tmp_path / "bad.ics"
    good.write_text(calendar(event("m", at(11, 0, today), at(12, 0, today), zone="Mars/Olympus")))
    bad.write_text("BEGIN:VCALENDAR\r\nnot a calendar at all\r\n")
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        f'[[calendar.sources]]\nname = "good"\nics = "{good}"\n\n'
        f'[[calendar.sources]]\nname = "bad"\nics = "{bad}"\n'
    )
    env = {**os.environ, "DESKBREAK_HOME": str(home), "TZ": "Europe/Berlin"}
    env.pop("DESKBREAK_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", "deskbreak", "calendar", "show", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    first, second = json.loads(done.stdout)
    assert first["unknown_zones"] == ["Mars/Olympus"] and len(first["meetings"]) == 1
    assert second["error"] == "not-icalendar" and second["meetings"] == []
    text = subprocess.run(
        [sys.executable, "-m", "deskbreak", "calendar", "show"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert text.returncode == 0 and "Mars/Olympus" in text.stdout
    assert "Traceback" not in text.stderr


def test_the_daemon_loads_the_calendar_reader_only_for_a_calendar() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, deskbreak.app\n"
        "heavy = ('ssl', 'urllib.request', 'icalendar', 'keyring', 'caldav',\n"
        "         'deskbreak.daemon.calendar.fetcher')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_caldav_failure_is_named_for_what_failed_not_always_the_network() -> None:
    """What the CalDAV reader raises becomes one failure: a library that does not fit (a
    TypeError from an older caldav) or an answer its parser cannot read is the library's
    error, with its kind, never "Could not reach" the host; the network's own errors, and
    the HTTP libraries' by name, stay network failures."""

    def named(name: str, base: type[Exception] = Exception) -> Exception:
        made: Exception = type(name, (base,), {})(f"{name} happened")
        return made

    def problem(exc: BaseException) -> Problem:
        return sources.caldav_problem(exc, "dav.example.org", "work")

    unfit = TypeError("__init__() got an unexpected keyword argument 'enable_rfc6764'")
    assert problem(unfit) == Problem(Failure.CALDAV, f"TypeError: {unfit}")
    assert problem(KeyError()) == Problem(Failure.CALDAV, "KeyError")  # no words: the kind
    assert problem(named("XMLSyntaxError")) == Problem(
        Failure.CALDAV, "XMLSyntaxError: XMLSyntaxError happened"
    )
    assert problem(ConnectionRefusedError(111, "refused")).failure is Failure.UNREACHABLE
    wrapped = RuntimeError("search failed")
    wrapped.__cause__ = TimeoutError("read timed out")
    assert problem(wrapped) == Problem(Failure.TIMED_OUT, "dav.example.org")
    assert problem(named("ConnectTimeout")) == Problem(Failure.TIMED_OUT, "dav.example.org")
    assert problem(named("ConnectionError", OSError)).failure is Failure.UNREACHABLE
    assert problem(named("AuthorizationError")) == Problem(Failure.LOGIN_REFUSED, "work")
