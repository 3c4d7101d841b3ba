"""A real daemon process (no tray, no desktop): CLI round trips, restarts, wake-ups."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from support.configs import TINY
from support.daemon import Daemon, daemon_home
from support.waiting import wait_until

CONFIG = """
[schedule]
every = "1m"
renotify = "off"
natural_break = "off"
"""


@pytest.fixture
def daemon() -> Iterator[Daemon]:
    with daemon_home(CONFIG) as d:
        yield d
        d.cli("stop")  # a daemon started detached with `deskbreak start`


def _switches(pid: int) -> int:
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def test_cli_drives_a_real_daemon_and_it_survives_kill_9(daemon: Daemon) -> None:
    proc = daemon.spawn()
    status = daemon.wait_up()
    assert status["state"] == "working"
    assert status["natural_breaks"] is False
    assert daemon.cli("pause", "30m").returncode == 0
    assert json.loads(daemon.cli("status", "--json").stdout)["state"] == "paused"
    refused = daemon.cli("snooze")
    assert refused.returncode == 1 and "paused" in refused.stderr + refused.stdout
    assert daemon.cli("resume").returncode == 0
    assert daemon.cli("snooze", "10m").returncode == 0
    assert daemon.cli("snooze", "ten").returncode == 2
    proc.kill()  # kill -9: the pending state and history were committed
    proc.wait()
    again = daemon.spawn()
    status = daemon.wait_up()
    assert status["snoozes_used"] == 1
    history = json.loads(daemon.cli("history", "--json").stdout)
    kinds = [e["kind"] for e in history]
    assert kinds[:3] == ["paused", "resumed", "snoozed"]
    assert daemon.cli("stop").returncode == 0
    assert again.wait(timeout=10) == 0
    gone = daemon.cli("status")
    assert gone.returncode == 3 and "not running" in gone.stderr + gone.stdout


def test_two_daemons_started_at_once_leave_exactly_one(daemon: Daemon) -> None:
    first, second = daemon.spawn(), daemon.spawn()
    one_exited = lambda: first.poll() is not None or second.poll() is not None  # noqa: E731
    wait_until("one of the two to exit on its own", one_exited, 20)
    exited = first if first.poll() is not None else second
    running = second if exited is first else first
    assert exited.wait(timeout=5) == 0
    assert "already running" in daemon.said()
    assert running.poll() is None
    assert daemon.cli("status").returncode == 0


def test_idle_daemon_sleeps_between_events(daemon: Daemon) -> None:
    """No per-second tick: with nothing due, the process does not wake up at all."""
    daemon.write_config('[schedule]\nevery = "2h"\n')
    proc = daemon.spawn()
    daemon.wait_up()
    time.sleep(1.0)  # let start-up work settle before the measured window
    before = _switches(proc.pid)
    time.sleep(5.0)  # the measured window: nothing may happen in it
    after = _switches(proc.pid)
    assert after - before <= 2, f"{after - before} context switches in 5 s"


def test_reload_while_snoozed_applies_a_valid_file_and_refuses_a_broken_one(
    daemon: Daemon,
) -> None:
    proc = daemon.spawn()
    daemon.wait_up()
    assert daemon.cli("snooze", "10m").returncode == 0
    config = daemon.config
    config.write_text('[schedule]\nevery = "30m"\nmax_snoozes = 5\n')
    assert daemon.cli("reload").returncode == 0
    status = json.loads(daemon.cli("status", "--json").stdout)
    assert status["snoozes_used"] == 1 and status["max_snoozes"] == 5
    config.write_text('[schedule]\nevery = "30"\n')
    refused = daemon.cli("reload")
    assert refused.returncode == 1
    text = refused.stdout + refused.stderr
    assert 'schedule.every: "30" has no unit' in text and "previous settings stay" in text
    status = json.loads(daemon.cli("status", "--json").stdout)
    assert status["snoozes_used"] == 1 and status["max_snoozes"] == 5
    proc.send_signal(signal.SIGHUP)  # a signal re-reads too: still refused, still alive
    assert daemon.cli("status").returncode == 0


def _local_date(at: str) -> date:
    return datetime.fromisoformat(at).astimezone().date()


def test_start_break_skip_stats_and_stop_on_a_detached_daemon(
    daemon: Daemon, tmp_path: Path
) -> None:
    daemon.write_config(CONFIG + TINY)
    started = daemon.cli("start")
    assert started.returncode == 0, started.stderr
    again = daemon.cli("start")
    assert again.returncode == 0 and "already running" in again.stdout + again.stderr
    assert daemon.cli("skip").returncode == 0
    unknown = daemon.cli("break", "tinny")
    assert unknown.returncode == 2 and 'did you mean "tiny"' in unknown.stdout + unknown.stderr
    assert daemon.cli("break", "tiny").returncode == 0
    played = lambda: "completed" in daemon.kinds()  # noqa: E731
    wait_until("the tiny routine to play (terminal: no display)", played, 30)
    kinds = daemon.kinds()
    assert kinds.count("skipped") == kinds.count("completed") == 1, kinds
    # today's tallies hold the events of today's date: both, unless the run crossed midnight
    # between the skip and the break
    today = datetime.now().astimezone().date()
    on = [e["kind"] for e in daemon.history() if _local_date(e["at"]) == today]
    assert daemon.status()["today"]["skipped"] == on.count("skipped")
    stats = json.loads(daemon.cli("stats", "--json").stdout)
    assert stats["today"]["completed"] == on.count("completed")
    chart = tmp_path / "week.png"
    assert daemon.cli("stats", "--png", str(chart)).returncode == 0
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert daemon.cli("stop").returncode == 0
    assert daemon.cli("status").returncode == 3
