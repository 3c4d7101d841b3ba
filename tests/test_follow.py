"""`deskbreak status --follow` against a real daemon: the status pushed at once and on each
change (never polled, so the follower sleeps in between), a hold starting and ending, the
text and waybar formats (the headline in the daemon's language, waybar's tooltip and
percentage), the end when the daemon stops, `--wait` through a restart, a follower that never
reads dropped without holding the daemon up, and bad arguments said in one sentence."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.configs import QUIET
from support.daemon import Daemon, daemon_home, stop_process
from support.pseudo import PSEUDO_ENV, strip_marked
from support.waiting import wait_until

FOLLOW_TIMEOUT = 15.0


class Follower:
    """`deskbreak status --follow OPTIONS` for a daemon's home, its lines read as they come."""

    def __init__(self, daemon: Daemon, *options: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "deskbreak", "status", "--follow", *options],
            env=daemon.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_lines(self, count: int, timeout: float = FOLLOW_TIMEOUT) -> list[str]:
        wait_until(f"{count} lines from the follower", lambda: len(self.lines) >= count, timeout)
        return self.lines

    def last(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.lines[-1])
        return data

    def wait_for(
        self,
        what: str,
        test: Callable[[dict[str, Any]], bool],
        after: int = -1,
        timeout: float = FOLLOW_TIMEOUT,
    ) -> tuple[int, dict[str, Any]]:
        """The first line after line `after` (an index) that is a JSON object for which
        `test` holds, with its index, once it has come."""
        found: list[tuple[int, dict[str, Any]]] = []

        def came() -> bool:
            lines = list(self.lines)
            for index in range(after + 1, len(lines)):
                data = json.loads(lines[index])
                if test(data):
                    found.append((index, data))
                    return True
            return False

        wait_until(what, came, timeout)
        return found[0]

    def wait_end(self, timeout: float = FOLLOW_TIMEOUT) -> int:
        code = self.proc.wait(timeout)
        self._reader.join(5)
        return code

    def stderr(self) -> str:
        assert self.proc.stderr is not None
        return self.proc.stderr.read()

    def stop(self) -> None:
        stop_process(self.proc)


@pytest.fixture
def daemon() -> Iterator[Daemon]:
    with daemon_home(QUIET) as made:
        made.spawn()
        made.wait_up()
        yield made


@pytest.fixture
def followers() -> Iterator[list[Follower]]:
    made: list[Follower] = []
    yield made
    for follower in made:
        follower.stop()


def test_the_first_line_comes_at_once_and_one_more_on_each_change(
    daemon: Daemon, followers: list[Follower]
) -> None:
    follower = Follower(daemon)
    followers.append(follower)
    follower.wait_lines(1)
    first = follower.last()
    assert set(first) == set(daemon.status())  # the keys of `status --json`
    assert first["state"] == "working"
    for _ in range(3):  # a status asked for is not a change: no line
        daemon.status()
    assert daemon.cli("pause").returncode == 0
    assert follower.wait_lines(2) and follower.last()["state"] == "paused"
    assert daemon.cli("resume").returncode == 0
    assert follower.wait_lines(3) and follower.last()["state"] == "working"
    assert daemon.cli("snooze", "5m").returncode == 0
    follower.wait_lines(4)
    assert follower.last()["minutes_left"] == first["minutes_left"] + 5
    assert len(follower.lines) == 4, follower.lines


def _numbers(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", line)]


def test_the_text_format_is_one_translated_line_per_change(followers: list[Follower]) -> None:
    """The text format writes the headline in the daemon's language (here the pseudo-locale,
    so a line that skipped translation shows), one line per change, the same line as
    waybar's tooltip; the numbers in it are the minutes left of `status --json`, and the
    last line says the daemon stopped."""
    with daemon_home(QUIET, env=PSEUDO_ENV) as daemon:
        daemon.spawn()
        daemon.wait_up()
        text = Follower(daemon, "--format", "text")
        bar = Follower(daemon, "--format", "waybar")  # its tooltip is the same headline
        followers += [text, bar]
        text.wait_lines(1)
        bar.wait_lines(1)
        status = daemon.status()
        first = text.lines[0]
        assert first and strip_marked(first).strip() == "", first  # one translated message
        assert first != status["headline"]  # not the English of the stable JSON
        assert _numbers(first) == [status["minutes_left"]], (first, status["minutes_left"])

        assert daemon.cli("snooze", "5m").returncode == 0
        text.wait_lines(2)
        assert _numbers(text.lines[1]) == [status["minutes_left"] + 5], text.lines

        assert daemon.cli("pause").returncode == 0
        text.wait_lines(3)
        paused = text.lines[2]
        assert strip_marked(paused).strip() == "" and _numbers(paused) == [], paused
        assert paused not in text.lines[:2]

        assert daemon.cli("resume").returncode == 0
        text.wait_lines(4)
        assert _numbers(text.lines[3]) == [daemon.status()["minutes_left"]], text.lines

        assert daemon.cli("stop").returncode == 0
        assert text.wait_end() == 0
        gone = text.lines[-1]
        assert len(text.lines) == 5, text.lines  # one line per change, one for the end
        assert strip_marked(gone).strip() == "" and _numbers(gone) == [], gone
        assert gone not in text.lines[:-1]
        assert text.stderr() == ""
        assert bar.wait_end() == 0
        assert text.lines == [json.loads(line)["tooltip"] for line in bar.lines]


COUNTDOWN = """
[schedule]
every = "1m"
heads_up = "50s"
renotify = "off"
natural_break = "off"
"""


def _share_gone(status: dict[str, Any]) -> int:
    """How much of the interval has gone, in percent, by `status --json`'s own numbers."""
    total, left = int(status["interval_seconds"]), int(status["seconds_left"])
    return round(100 * (total - left) / total)


def test_the_waybar_percentage_is_the_interval_gone_and_the_tooltip_follows(
    followers: list[Follower],
) -> None:
    """A one-minute interval with a heads-up 50 s before it and no start-up grace: the
    heads-up comes 10 s in, pushed by the daemon, its percentage the share of the interval
    gone by then; a pause empties the bar and changes the tooltip; a resume starts again."""
    with daemon_home(COUNTDOWN, env=PSEUDO_ENV) as daemon:
        daemon.spawn("--wake-grace", "0")
        before = daemon.wait_up()
        bar = Follower(daemon, "--format", "waybar")
        followers.append(bar)
        bar.wait_lines(1)
        after = daemon.status()
        first = bar.last()
        assert (first["class"], first["alt"]) == ("running", "working")
        assert _share_gone(before) <= first["percentage"] <= _share_gone(after), (
            before["seconds_left"], first, after["seconds_left"])  # fmt: skip
        assert _numbers(first["text"]) == [after["minutes_left"]]
        assert first["tooltip"] and strip_marked(first["tooltip"]).strip() == ""

        at, soon = bar.wait_for("the heads-up", lambda line: line["class"] == "soon")
        now = daemon.status()
        assert now["state"] == "heads-up" and soon["alt"] == "heads-up"
        # the heads-up comes once at most 50 of the 60 s are left, and before `now`
        assert round(100 * 10 / 60) <= soon["percentage"] <= _share_gone(now), (soon, now)
        assert soon["percentage"] > first["percentage"]
        assert _numbers(soon["text"]) == [now["minutes_left"]]
        assert soon["tooltip"]

        assert daemon.cli("pause").returncode == 0
        at, paused = bar.wait_for("the pause", lambda line: line["class"] == "paused", at)
        assert paused["percentage"] == 0  # nothing counts toward a break
        assert paused["tooltip"] and paused["tooltip"] != soon["tooltip"]
        assert strip_marked(paused["tooltip"]).strip() == ""

        assert daemon.cli("resume").returncode == 0
        _, again = bar.wait_for("the resume", lambda line: line["class"] == "running", at)
        after = daemon.status()
        assert after["state"] == "working"
        assert again["percentage"] <= _share_gone(after) < soon["percentage"]  # from 0 again
        assert again["tooltip"] != paused["tooltip"]


def test_a_hold_starting_and_ending_is_pushed_to_a_follower(
    followers: list[Follower], tmp_path: Path
) -> None:
    """[hold] apps lists a process name; starting a process of that name holds (the
    follower gets a line whose `hold` names the reason and since when), and its end clears
    the hold (another line, `hold` null). The follower only reads what the daemon pushes."""
    name = f"dbhold{os.getpid() % 100000}"  # the kernel keeps 15 characters of a name
    sleep = shutil.which("sleep")
    assert sleep is not None
    app = tmp_path / name
    app.symlink_to(sleep)  # a process whose name is `name`: exec takes the link's name
    config = QUIET + f'\n[hold]\napps = ["{name}"]\n'
    with daemon_home(config) as daemon:
        daemon.spawn()
        daemon.wait_up()
        follower = Follower(daemon)
        followers.append(follower)
        follower.wait_lines(1)
        assert follower.last()["hold"] is None
        held = subprocess.Popen([str(app), "60"])
        try:
            at, on = follower.wait_for("the hold", lambda line: line["hold"] is not None)
        finally:
            held.kill()
            held.wait()
        assert on["hold"]["reasons"] == ["app"]
        assert on["state"] == "working"  # nothing was due: the hold only shows
        since = datetime.fromisoformat(on["hold"]["since"])
        assert since <= datetime.fromisoformat(on["now"])
        _, off = follower.wait_for("the hold to end", lambda line: line["hold"] is None, at)
        assert off["state"] == "working"
        assert daemon.status()["hold"] is None
        # one line when the hold starts and one when it ends: the minutes left, which
        # also push a line, stay the same for the first minute of the hour-long interval
        assert [json.loads(line)["hold"] is not None for line in follower.lines] == [
            False, True, False]  # fmt: skip


def test_the_follower_ends_when_the_daemon_stops(daemon: Daemon, followers: list[Follower]) -> None:
    plain = Follower(daemon)
    bar = Follower(daemon, "--format", "waybar")
    followers += [plain, bar]
    plain.wait_lines(1)
    bar.wait_lines(1)
    assert bar.last()["class"] == "running"
    assert bar.last()["tooltip"]
    assert daemon.cli("stop").returncode == 0
    assert plain.wait_end() == 0 and bar.wait_end() == 0
    assert len(plain.lines) == 1  # json: the objects keep their keys, so no last line
    assert bar.last()["class"] == "stopped"  # a bar stops showing a countdown
    assert bar.last()["percentage"] == 0 and bar.last()["text"] == ""
    assert bar.last()["tooltip"]  # says why, where waybar shows it on hover
    assert plain.stderr() == "" and bar.stderr() == ""


def test_with_wait_it_survives_a_restart_and_ctrl_c_ends_it_quietly(
    daemon: Daemon, followers: list[Follower]
) -> None:
    # Ctrl-C in a terminal reaches a program whose SIGINT is the default. A test run started
    # in the background by a shell inherits SIGINT ignored, and a child would too: a Python
    # handler here is reset to the default in the child when it starts.
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        follower = Follower(daemon, "--wait", "--format", "waybar")
    finally:
        signal.signal(signal.SIGINT, before)
    followers.append(follower)
    follower.wait_lines(1)
    assert daemon.cli("stop").returncode == 0
    follower.wait_lines(2)
    assert follower.last()["class"] == "stopped"
    assert follower.proc.poll() is None  # still there, waiting
    daemon.spawn()
    follower.wait_lines(3, timeout=30)
    assert follower.last()["class"] == "running"
    assert daemon.cli("pause").returncode == 0
    follower.wait_lines(4)
    assert follower.last()["class"] == "paused"
    follower.proc.send_signal(signal.SIGINT)
    assert follower.wait_end() == 130
    assert follower.stderr() == ""  # no traceback, no word


def _raw_follower(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(path)
    sock.sendall(b'{"cmd": "follow"}\n')
    return sock


def test_a_follower_that_never_reads_is_dropped_and_holds_nothing_up(daemon: Daemon) -> None:
    path = next(str(p) for p in daemon.home.rglob("*.sock"))
    stuck = _raw_follower(path)
    try:
        worst = 0.0
        for _ in range(150):  # 300 changes: far more than the socket and the backlog hold
            worst = max(worst, _request_at(path, "pause"), _request_at(path, "resume"))
        assert worst < 5, worst
        wait_until("the stuck follower to be dropped", lambda: "dropped a follower" in
                   daemon.log_text(), 20)  # fmt: skip
        assert _request_at(path, "status") < 5
    finally:
        stuck.close()


def _request_at(path: str, cmd: str) -> float:
    started = time.monotonic()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(20)
        sock.connect(path)
        sock.sendall(json.dumps({"cmd": cmd}).encode() + b"\n")
        answer = sock.makefile("rb").readline()
    assert json.loads(answer)["ok"], answer
    return time.monotonic() - started


def test_more_followers_than_allowed_are_told_so_in_one_sentence(daemon: Daemon) -> None:
    path = next(str(p) for p in daemon.home.rglob("*.sock"))
    held = [_raw_follower(path) for _ in range(8)]
    try:
        for sock in held:  # each is following: its reply and first line came
            sock.settimeout(10)
            assert sock.makefile("rb").readline()
        out = daemon.cli("status", "--follow", timeout=20)
        assert out.returncode == 1
        assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    finally:
        for sock in held:
            sock.close()
    follower = Follower(daemon)  # the slots are free again once they hang up
    try:
        follower.wait_lines(1)
    finally:
        follower.stop()


def _switches(pid: int) -> int:
    total = 0
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        for line in status.read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total


def test_a_follower_sleeps_while_nothing_changes(daemon: Daemon, followers: list[Follower]) -> None:
    follower = Follower(daemon)
    followers.append(follower)
    follower.wait_lines(1)
    before = _switches(follower.proc.pid)
    started = time.monotonic()
    time.sleep(3)  # measuring: the window the wake-ups are counted over
    woke = _switches(follower.proc.pid) - before
    print(f"follower wake-ups over {time.monotonic() - started:.1f} s: {woke}")
    assert woke <= 2
    assert len(follower.lines) == 1


BAD = [
    ["status", "--format", "waybar"],
    ["status", "--wait"],
    ["status", "--follow", "--format", "xml"],
    ["status", "--follow", "--json", "--format", "text"],
]


@pytest.mark.parametrize("args", BAD)
def test_bad_arguments_are_one_sentence(args: list[str]) -> None:
    with daemon_home(QUIET) as home:
        out = home.cli(*args)
    assert out.returncode == 2
    assert out.stdout == "" and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("deskbreak")


def test_following_no_daemon_says_so_and_ends() -> None:
    with daemon_home(QUIET) as home:
        out = home.cli("status", "--follow")
    assert out.returncode == 3 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_waiting_follower_ends_when_its_bar_goes_away() -> None:
    """waybar quits while the daemon is down: the follower, which writes nothing while it
    waits, notices its reader is gone and ends instead of waiting for ever."""
    with daemon_home(QUIET) as nobody_running:
        proc = subprocess.Popen(
            [sys.executable, "-m", "deskbreak", "status", "--follow", "--wait", "--format=waybar"],
            env=nobody_running.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert proc.stdout is not None
            gone = json.loads(proc.stdout.readline())
            assert gone["class"] == "stopped"
            assert proc.poll() is None  # waiting for the daemon
            proc.stdout.close()  # the bar quits
            assert proc.wait(FOLLOW_TIMEOUT) == 0
        finally:
            stop_process(proc)
