"""When the calendar reader reads each source, on a fake clock: an address every `refresh`
(15 min unless set), a failed one again after 1 min, then 2, 4, 8 … never later than
`refresh`, and back to `refresh` after the next good read. The reader's thread runs for real;
its clock and its wait between passes are the test's, so no second passes in real time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta, tzinfo
from itertools import pairwise
from pathlib import Path

from support.calendars import BERLIN, berlin

from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.calendarstate import Failure, Problem
from deskbreak.core.config.model import CalendarKind, CalendarSettings, CalendarSource
from deskbreak.daemon.calendar.cache import Cache
from deskbreak.daemon.calendar.fetcher import Fetcher
from deskbreak.daemon.calendar.parse import Parsed
from deskbreak.daemon.calendar.sources import Reader, SourceFailed, Span

START = 1000.0  # the fake monotonic clock's first reading
MIN = 60.0


class FakeClock:
    """The reader's monotonic clock: moved on only by the reader's own waits."""

    def __init__(self) -> None:
        self.now = START
        self.waits: list[float] = []


class Scripted:
    """A source that fails or reads well as its script says, noting when it was read."""

    def __init__(self, clock: FakeClock, script: Iterator[bool]) -> None:
        self.clock, self.script = clock, script
        self.reads: list[float] = []

    def read(self, span: Span, force: bool) -> Parsed | None:
        self.reads.append(self.clock.now - START)
        if next(self.script, True):
            start = berlin(11)
            return Parsed((Meeting(start, start + timedelta(hours=1), "x"),))
        raise SourceFailed(Problem(Failure.UNREACHABLE, "calendar.example.org"))


def _run(
    tmp_path: Path,
    settings: CalendarSettings,
    scripts: dict[str, list[bool]],
    *,
    passes: int,
) -> dict[str, list[float]]:
    """Run the reader until its `passes`th wait: each source's reads, in seconds after the
    start."""
    clock = FakeClock()
    readers = {name: Scripted(clock, iter(script)) for name, script in scripts.items()}

    def make(source: CalendarSource, tz: tzinfo, ignore: tuple[str, ...]) -> Reader:
        return readers[source.name]

    def wait(seconds: float) -> None:  # the reader's thread: time passes at once
        clock.waits.append(seconds)
        clock.now += seconds
        if len(clock.waits) >= passes:
            fetcher.stop()

    def nothing(meetings: tuple[Meeting, ...], reports: tuple[SourceReport, ...]) -> None:
        pass

    fetcher = Fetcher(
        settings,
        Cache(tmp_path / "calendar.json"),
        nothing,
        BERLIN,
        wall=lambda: berlin(9) + timedelta(seconds=clock.now - START),
        make_reader=make,
        monotonic=lambda: clock.now,
        wait=wait,
    )
    fetcher.start()
    assert fetcher.join(10), "the reader did not stop"
    assert len(clock.waits) == passes
    return {name: reader.reads for name, reader in readers.items()}


def _gaps(reads: list[float]) -> list[float]:
    return [later - earlier for earlier, later in pairwise(reads)]


def _url(name: str) -> CalendarSource:
    return CalendarSource(name, CalendarKind.URL, f"https://calendar.example.org/{name}.ics")


def test_an_address_is_read_every_refresh_15_minutes_by_default(tmp_path: Path) -> None:
    settings = CalendarSettings(sources=(_url("team"),))
    assert settings.refresh == timedelta(minutes=15)
    reads = _run(tmp_path, settings, {"team": [True] * 4}, passes=4)["team"]
    assert reads == [0, 15 * MIN, 30 * MIN, 45 * MIN]


def test_failures_back_off_from_one_minute_doubling_up_to_refresh_then_reset(
    tmp_path: Path,
) -> None:
    settings = CalendarSettings(sources=(_url("team"),))
    # six failures, a good read, a failure, a good read
    script = [False] * 6 + [True, False, True]
    reads = _run(tmp_path, settings, {"team": script}, passes=len(script))["team"]
    assert _gaps(reads) == [
        1 * MIN,  # after the 1st failure
        2 * MIN,
        4 * MIN,
        8 * MIN,
        15 * MIN,  # 16 min would pass refresh: capped
        15 * MIN,  # after the 6th failure: still refresh
        15 * MIN,  # after the good read: refresh
        1 * MIN,  # a new failure starts over at 1 min
    ]


def test_a_shorter_refresh_caps_the_back_off_sooner(tmp_path: Path) -> None:
    settings = CalendarSettings(sources=(_url("team"),), refresh=timedelta(minutes=5))
    reads = _run(tmp_path, settings, {"team": [False] * 5 + [True]}, passes=6)["team"]
    assert _gaps(reads) == [1 * MIN, 2 * MIN, 4 * MIN, 5 * MIN, 5 * MIN]


def test_each_source_keeps_its_own_schedule(tmp_path: Path) -> None:
    settings = CalendarSettings(sources=(_url("good"), _url("bad")))
    reads = _run(tmp_path, settings, {"good": [True] * 3, "bad": [False] * 6}, passes=6)
    # the failing one is tried again sooner and sooner; the good one stays at refresh
    assert reads["bad"] == [0, 1 * MIN, 3 * MIN, 7 * MIN, 15 * MIN, 30 * MIN]
    assert reads["good"] == [0, 15 * MIN, 30 * MIN]
