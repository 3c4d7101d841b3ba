"""The wall clock jumping under a running daemon: no burst, nothing lost or doubled.

libfaketime (Debian package `faketime`) is preloaded into the daemon only; the test moves the
daemon's wall clock by rewriting the timestamp file (FAKETIME_NO_CACHE=1 re-reads it on every
call; "@DATE TIME" restarts the clock there). The monotonic and boot clocks stay real
(FAKETIME_DONT_FAKE_MONOTONIC=1), as they do when a user or NTP sets the clock. The CLI runs
without libfaketime; both use TZ=UTC so the wall times in the config are unambiguous. The
daemon runs with no start-up grace (`run --wake-grace 0`), so nothing waits real minutes.

libfaketime restarts its clock lazily: the first reading after the file changes takes the real
time before re-reading the file, so it lands a few microseconds before the time written
(12:59:59.99995 for "13:00:00"). Times are therefore compared within a tolerance, never by
their leading digits.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.daemon import Daemon, daemon_home
from support.waiting import wait_until

CONFIG = """
[schedule]
every = "1h"
renotify = "off"
natural_break = "off"
heads_up = "off"

[[reminders]]
at = "11:00"
routine = "mini-reset"

[[reminders]]
at = "12:20"
routine = "mini-reset"

[[reminders]]
at = "12:40"
routine = "mini-reset"
"""
PAUSE = 5.0  # seconds of a pause that must end in real time whatever the wall clock does
TOLERANCE = timedelta(seconds=10)  # a fake reading a hair early, a slow CLI round trip


def _libfaketime() -> str:
    try:
        listing = subprocess.run(
            ["dpkg", "-L", "libfaketime"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        listing = ""
    found = [line for line in listing.splitlines() if line.endswith("/libfaketime.so.1")]
    if found and Path(found[0]).exists():
        return found[0]
    message = "libfaketime is missing; install with: apt-get install faketime"
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


class FakeClock:
    """The daemon's wall clock: `set` restarts it at a time of the test's fake day."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.day = datetime.now(UTC).date()  # today, so `history` (last 7 days) lists it

    def at(self, hhmmss: str) -> datetime:
        return datetime.fromisoformat(f"{self.day:%Y-%m-%d}T{hhmmss}+00:00")

    def near(self, iso: object, hhmmss: str) -> bool:
        """Whether the ISO time `iso` is within TOLERANCE after (or a hair before) hhmmss."""
        offset = datetime.fromisoformat(str(iso)) - self.at(hhmmss)
        return -timedelta(seconds=1) <= offset <= TOLERANCE

    def set(self, hhmmss: str) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(f"@{self.day:%Y-%m-%d} {hhmmss}\n")
        tmp.replace(self.path)  # atomic: the daemon never reads half a line


@pytest.fixture
def faked() -> Iterator[tuple[Daemon, FakeClock]]:
    library = _libfaketime()
    with daemon_home(CONFIG, env={"TZ": "UTC"}) as daemon:
        clock = FakeClock(daemon.home / "faketime")
        clock.set("10:00:00")
        daemon.spawn(
            "--wake-grace",
            "0",
            env={
                "LD_PRELOAD": library,
                "FAKETIME_TIMESTAMP_FILE": str(clock.path),
                "FAKETIME_NO_CACHE": "1",
                "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            },
        )
        yield daemon, clock


def _events(daemon: Daemon, kind: str) -> list[dict[str, object]]:
    return [e for e in daemon.history() if e["kind"] == kind]


def test_clock_jumps_back_and_forward_fire_each_reminder_once(
    faked: tuple[Daemon, FakeClock],
) -> None:
    daemon, clock = faked
    status = daemon.wait_up()
    assert clock.near(status["now"], "10:00:00")
    # Back three hours during a short pause: it must end after its seconds of real time (a
    # timer armed on the wall clock would sleep until 10:00:05, three hours on).
    assert daemon.cli("pause", f"{PAUSE:g}s").returncode == 0
    paused = time.monotonic()
    clock.set("07:00:00")
    resumed = lambda: _events(daemon, "resumed") != []  # noqa: E731
    wait_until("the pause to end", resumed, PAUSE + 20, every=0.2)
    took = time.monotonic() - paused
    assert PAUSE - 1 <= took <= PAUSE + 10, f"resumed after {took:.1f} s"
    assert clock.near(_events(daemon, "resumed")[0]["at"], "07:00:00")
    # Forward six hours, over three reminders: one due, for the latest; work time unchanged.
    clock.set("13:00:00")
    assert daemon.cli("reload").returncode == 0  # the daemon looks at the clock now

    # The timer may see the jump first, on its own thread: wait for the history to say so.
    def due_fixed() -> list[dict[str, object]]:
        return [e for e in _events(daemon, "due") if e["trigger"] == "fixed"]

    wait_until("the fixed reminder to fall due", lambda: due_fixed() != [], 10, every=0.2)
    fixed = due_fixed()
    assert len(fixed) == 1 and clock.near(fixed[0]["at"], "13:00:00"), fixed
    assert daemon.status()["state"] == "due"
    assert daemon.cli("skip").returncode == 0
    # Back before the 12:40 reminder and forward past it again: it does not fire twice.
    for when in ("12:30:00", "12:50:00"):
        clock.set(when)
        assert daemon.cli("reload").returncode == 0
        assert clock.near(daemon.status()["now"], when)
    kinds = daemon.kinds()
    assert kinds.count("due") == 1 and kinds.count("notified") == 1, kinds
    assert kinds.count("skipped") == 1 and daemon.status()["state"] == "working"
    assert "wall clock jumped" in daemon.log_text()
    assert daemon.proc.poll() is None
