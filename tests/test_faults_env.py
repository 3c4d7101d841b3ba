"""A real daemon in bad environments: no bus, a stuck or failing notification server, no tray host,
no display, a data directory that cannot be written or is full, a player that crashes.

Each case leaves the daemon running, answering the CLI, and saying what it can't do in its log.
A due notification is provoked at once by seeding the saved state the way a daemon leaves it
after a snooze (a pending break whose snooze ends two seconds after start-up), because a fresh
daemon holds every reminder back for its first minute.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from harness.desktop import Desktop
from support.daemon import Daemon, children_of, cmdline, daemon_home, stop_process
from support.waiting import WaitTimeout, wait_until

from deskbreak.daemon.store import Store

TESTS = Path(__file__).parent
NOTIFY_SERVER = TESTS / "fake_notify_server.py"
ERROR_SERVER = TESTS / "error_notify_server.py"
STATUS_LIMIT = 2.0  # seconds within which `deskbreak status` must answer


def seed_due(daemon: Daemon, in_seconds: float = 2.0) -> None:
    """Leave the saved state of a snoozed break whose snooze ends `in_seconds` after now."""
    now = datetime.now(UTC)
    ends = now + timedelta(seconds=in_seconds)
    store, warning = Store.open(daemon.home / "data" / "history.sqlite3")
    assert warning is None
    try:
        store.save_state(
            {
                "version": 1,
                "saved_at": now.isoformat(),
                "work": 0.0,
                "extra": 0.0,
                "snoozes": 1,
                "rotation": 0,
                "pending": {
                    "routine": "mini-reset",
                    "trigger": "interval",
                    "snoozed_until": ends.isoformat(),
                },
                "pause": None,
                "fired": [],
            }
        )
    finally:
        store.close()


def timed_status(daemon: Daemon) -> tuple[float, dict[str, object]]:
    started = time.monotonic()
    data = daemon.status()
    return time.monotonic() - started, data


def watch_until_notified(daemon: Daemon, timeout: float = 20.0) -> list[float]:
    """Ask for the status every 0.2 s until the break is due and notified; the answer times."""
    times: list[float] = []

    def notified() -> bool:
        took, data = timed_status(daemon)
        times.append(took)
        return data["state"] == "due" and "notified" in daemon.kinds()

    try:  # every 0.2 s: the daemon's answer time is what is measured
        wait_until("a due notification", notified, timeout, every=0.2)
    except WaitTimeout as exc:
        raise AssertionError(f"{exc}:\n{daemon.tail()}") from None
    return times


@pytest.fixture
def daemon() -> Iterator[Daemon]:
    with daemon_home() as d:
        yield d


@pytest.mark.parametrize("bus", ["unset", "nowhere"])
def test_without_a_session_bus_a_due_break_is_recorded_and_logged(daemon: Daemon, bus: str) -> None:
    if bus == "nowhere":
        daemon.env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={daemon.home}/no-bus"
    seed_due(daemon)
    daemon.spawn()
    daemon.wait_up()
    times = watch_until_notified(daemon)
    assert max(times) < STATUS_LIMIT, times
    assert daemon.proc.poll() is None
    # with no desktop at all the notice itself is the warning (the console shows it); with a
    # bus address that leads nowhere, desktop-notifier is tried and its failure logged
    told = "notification via desktop-notifier failed"
    if bus == "unset":
        told = "WARNING deskbreak-notifier deskbreak.desktop.notify: Time for a desk break — "
    wait_until("the failure in the log", lambda: told in daemon.log_text(), 15)
    took, data = timed_status(daemon)
    assert took < STATUS_LIMIT and data["state"] == "due"


def _notify_server(desk: Desktop, *args: str) -> subprocess.Popen[str]:
    server = desk.popen(*args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert server.stdout is not None
    assert server.stdout.readline().strip() == "ready"
    return server


@pytest.mark.desktop
@pytest.mark.parametrize("mode", ["hang", "error"])
def test_a_stuck_or_failing_notification_server_never_holds_up_the_cli(
    desktop_bare: Desktop, daemon: Daemon, mode: str, tmp_path: Path
) -> None:
    command: tuple[str, ...]
    if mode == "hang":
        command = (sys.executable, str(NOTIFY_SERVER), "--record", str(tmp_path / "r"), "--hang")
    else:
        command = (sys.executable, str(ERROR_SERVER))
    server = _notify_server(desktop_bare, *command)
    try:
        daemon.env.update(desktop_bare.vars)
        seed_due(daemon)
        daemon.spawn()
        daemon.wait_up()
        times = watch_until_notified(daemon)
        assert max(times) < STATUS_LIMIT, f"status answer times: {times}"
        expected = "no answer within" if mode == "hang" else "broken here"
        wait_until(f"the log to say {expected!r}", lambda: expected in daemon.log_text(), 15)
        took, data = timed_status(daemon)
        assert took < STATUS_LIMIT and data["state"] == "due"
        assert daemon.cli("snooze", "5m").returncode == 0
        assert daemon.status()["state"] == "snoozed"
    finally:
        stop_process(server)


@pytest.mark.desktop
def test_no_tray_host_runs_on_and_says_so_once(desktop_bare: Desktop, daemon: Daemon) -> None:
    daemon.env.update(desktop_bare.vars)
    daemon.spawn(tray=True)
    daemon.wait_up()
    assert daemon.cli("pause", "10m").returncode == 0
    assert daemon.status()["state"] == "paused"
    assert daemon.proc.poll() is None
    said = daemon.log_text()
    assert said.count("no tray icon:") == 1
    assert "no system tray is running (nothing owns _NET_SYSTEM_TRAY_S0)" in said
    assert "running without a tray icon" in said


def test_no_display_at_all_runs_on_without_tray_or_idle_source(daemon: Daemon) -> None:
    daemon.spawn(tray=True)  # asks for a tray: there is no display to put it on
    status = daemon.wait_up()
    assert status["natural_breaks"] is False  # no idle source without a display
    assert daemon.cli("skip").returncode == 0
    assert daemon.kinds() == ["skipped"]
    assert daemon.proc.poll() is None
    said = daemon.log_text()
    assert "no idle source" in said
    assert said.count("no tray icon:") == 1 and "no tray icon: no desktop (no display" in said


def test_a_data_directory_that_cannot_be_created_keeps_history_in_memory(
    daemon: Daemon,
) -> None:
    (daemon.home / "data").write_text("a file where the data directory should be\n")
    daemon.spawn()
    daemon.wait_up()
    for command in (("pause",), ("resume",), ("skip",)):
        assert daemon.cli(*command).returncode == 0, command
    assert daemon.kinds() == []  # the CLI reads the (missing) file: nothing was written there
    assert daemon.status()["today"]["skipped"] == 1  # the daemon counts from memory
    said = daemon.log_text()
    assert "Cannot write the history database" in said and "will not be kept" in said
    assert (daemon.home / "data").is_file()


def _full_disk() -> None:
    """In the daemon child: files stop growing past 64 KiB (EFBIG), as on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


def test_a_full_data_directory_keeps_the_daemon_answering(daemon: Daemon) -> None:
    daemon.spawn()
    daemon.wait_up()
    assert daemon.cli("stop").returncode == 0  # leaves a database and a log to grow
    daemon.proc.wait(timeout=10)
    daemon.spawn(preexec=_full_disk)
    daemon.wait_up()
    acknowledged = 0
    for n in range(30):
        assert daemon.cli("pause" if n % 2 == 0 else "resume").returncode == 0
        acknowledged += 1
    took, data = timed_status(daemon)
    assert took < STATUS_LIMIT and data["state"] == "working"
    assert daemon.proc.poll() is None
    stored = daemon.kinds()
    assert 0 < len(stored) < acknowledged, "the size limit never bit"
    assert "Cannot use the history database" in daemon.said()


def _player_of(daemon: Daemon) -> int | None:
    for pid in children_of(daemon.proc.pid):
        if "play" in cmdline(pid):
            return pid
    return None


def test_a_player_killed_mid_routine_is_recorded_as_failed(daemon: Daemon) -> None:
    daemon.spawn()
    daemon.wait_up()
    assert daemon.cli("break").returncode == 0
    wait_until("the player process", lambda: _player_of(daemon) is not None)
    assert daemon.status()["state"] == "on-break"
    pid = _player_of(daemon)
    assert pid is not None
    subprocess.run(["kill", "-9", str(pid)], check=True)  # mid-routine: it runs for minutes
    wait_until("the outcome", lambda: daemon.kinds()[-1:] == ["stopped"], 15)
    data = daemon.status()
    assert data["state"] == "working" and daemon.proc.poll() is None
    history = daemon.history()
    assert [e["kind"] for e in history] == ["started", "stopped"]
    assert history[-1]["detail"]["result"] == "failed"
    assert "no usable outcome" in daemon.log_text()
