"""The wall clock jumping under a running daemon: no burst, nothing lost or doubled.

libfaketime (Debian package `faketime`) is preloaded into the daemon only; the test moves the
daemon's wall clock by rewriting the timestamp file (FAKETIME_NO_CACHE=1 re-reads it on every
call; "@DATE TIME" restarts the clock there). The monotonic and boot clocks stay real
(FAKETIME_DONT_FAKE_MONOTONIC=1), as they do when a user or NTP sets the clock. The CLI runs
without libfaketime; both use TZ=UTC so the wall times in the config are unambiguous.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.daemon import Daemon, daemon_home
from support.waiting import wait_until

CONFIG = """
[schedule]
every = "1m"
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
START_GRACE = 60.0  # a fresh daemon holds every reminder back this long (engine.WAKE_GRACE)


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
            env={
                "LD_PRELOAD": library,
                "FAKETIME_TIMESTAMP_FILE": str(clock.path),
                "FAKETIME_NO_CACHE": "1",
                "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            }
        )
        yield daemon, clock


def _events(daemon: Daemon, kind: str) -> list[dict[str, object]]:
    return [e for e in daemon.history() if e["kind"] == kind]


@pytest.mark.slow
def test_clock_jumps_back_and_forward_fire_each_reminder_once(
    faked: tuple[Daemon, FakeClock],
) -> None:
    daemon, clock = faked
    status = daemon.wait_up()
    started = time.monotonic()
    assert status["now"].startswith(f"{clock.day}T10:0")
    # Back three hours while the counter runs: the break must still come after one minute
    # of real work (a timer armed on the wall clock would sleep until 10:01, three hours on).
    clock.set("07:00:00")
    due = lambda: _events(daemon, "due") != []  # noqa: E731
    wait_until("the interval break", due, START_GRACE + 20, every=0.5)
    took = time.monotonic() - started
    assert START_GRACE - 5 <= took <= START_GRACE + 15, f"due after {took:.0f} s"
    assert daemon.status()["now"].startswith(f"{clock.day}T07:0")
    assert daemon.cli("skip").returncode == 0
    # Forward six hours, over three reminders: one due, for the latest; work time unchanged.
    clock.set("13:00:00")
    assert daemon.cli("reload").returncode == 0  # the daemon looks at the clock now
    fixed = [e for e in _events(daemon, "due") if e["trigger"] == "fixed"]
    assert len(fixed) == 1 and str(fixed[0]["at"]).startswith(f"{clock.day}T13:00")
    assert daemon.status()["state"] == "due"
    assert daemon.cli("skip").returncode == 0
    # Back before the 12:40 reminder and forward past it again: it does not fire twice.
    for when in ("12:30:00", "12:50:00"):
        clock.set(when)
        assert daemon.cli("reload").returncode == 0
        assert daemon.status()["now"].startswith(f"{clock.day}T{when[:4]}")
    kinds = daemon.kinds()
    assert kinds.count("due") == 2 and kinds.count("notified") == 2, kinds
    assert kinds.count("skipped") == 2 and daemon.status()["state"] == "working"
    assert "wall clock jumped" in daemon.log_text()
    assert daemon.proc.poll() is None
