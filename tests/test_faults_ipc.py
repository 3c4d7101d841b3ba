"""Hostile input on a real daemon's control socket, and kill -9 while it records commands.

The socket is spoken to directly (raw bytes, as any local program could) and through the
package's own `Client`, the transport the CLI uses: malformed JSON, lines past the size cap,
unknown commands, hundreds of connections from several threads. The daemon answers or drops
each one and stays responsive. The kill test sends a stream of commands and kills the daemon at
random moments, ROUNDS times (DESKBREAK_DAEMON_KILL_ROUNDS raises it): every command that was
acknowledged must be in the history, and the database must pass its integrity check.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import socket
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.daemon import Daemon, daemon_home
from support.waiting import wait_until

from deskbreak.core.errors import DeskbreakError
from deskbreak.ipc import Client
from deskbreak.paths import Paths, resolve

ROUNDS = int(os.environ.get("DESKBREAK_DAEMON_KILL_ROUNDS", "50"))
STATUS_LIMIT = 2.0


@pytest.fixture
def daemon(monkeypatch: pytest.MonkeyPatch) -> Iterator[Daemon]:
    with daemon_home() as d:
        monkeypatch.setenv("DESKBREAK_HOME", str(d.home))
        yield d


def _paths(daemon: Daemon) -> Paths:
    return resolve({"DESKBREAK_HOME": str(daemon.home)})


def _exchange(daemon: Daemon, data: bytes, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Send raw bytes on one connection; every JSON line the daemon sends back before closing."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(str(_paths(daemon).socket))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)  # it may stop reading early: what it said is still buffered
        sock.shutdown(socket.SHUT_WR)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    return [json.loads(line) for line in received.splitlines() if line.strip()]


def _status_time(daemon: Daemon) -> float:
    started = time.monotonic()
    assert daemon.cli("status").returncode == 0
    return time.monotonic() - started


def test_malformed_unknown_and_oversized_requests_get_clear_refusals(daemon: Daemon) -> None:
    daemon.spawn()
    daemon.wait_up()
    cases: list[tuple[bytes, str]] = [
        (b"{not json\n", "malformed JSON"),
        (b"\xff\xfe\x00garbage\n", "malformed JSON"),
        (b"[1, 2, 3]\n", "must be a JSON object"),
        (b'{"cmd": "rm -rf"}\n', "unknown command 'rm -rf'"),
        (b'{"cmd": 7}\n', "unknown command 7"),
        (b'{"cmd": "status", "args": []}\n', "'args' must be a JSON object"),
        (b'{"cmd": "pause", "args": {"for": "ever"}}\n', "pause:"),
        (b'{"cmd": "snooze", "args": {"length": 5}}\n', "must be a string"),
        (b'{"cmd": "played", "args": {"outcome": {"x": 1}}}\n', "not a play outcome"),
        (b'{"cmd": "' + b"s" * 100_000 + b'"}\n', "longer than 64 KiB"),
        (b"x" * 300_000, "longer than 64 KiB"),
    ]
    for data, expected in cases:
        replies = _exchange(daemon, data)
        assert len(replies) == 1, (data[:40], replies)
        assert replies[0]["ok"] is False and replies[0]["code"] == "invalid"
        assert expected in replies[0]["message"], (data[:40], replies[0]["message"])
    several = _exchange(daemon, b'{"cmd": "ping"}\n\n{bad\n{"cmd": "status"}\n')
    assert [r["code"] for r in several] == ["ok", "invalid", "ok"]
    assert _status_time(daemon) < STATUS_LIMIT
    assert daemon.history() == []  # nothing hostile changed anything
    assert daemon.proc.poll() is None


def _flood_worker(daemon: Daemon, n: int, seed: int, tally: Counter[str]) -> None:
    rng = random.Random(seed)
    path = str(_paths(daemon).socket)
    for i in range(n):
        kind = ("status", "garbage", "idle", "huge")[i % 4]
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(15)
            try:
                sock.connect(path)
                if kind == "idle":
                    tally["idle"] += 1
                    time.sleep(0.3)  # holds a slot without a word, then hangs up
                    continue
                if kind == "status":
                    data = b'{"cmd": "status"}\n'
                elif kind == "garbage":
                    data = rng.randbytes(rng.randrange(1, 2048)) + b"\n"
                else:
                    data = b"{" * 70_000 + b"\n"
                sock.sendall(data)
                line = sock.makefile("rb").readline()
                reply = json.loads(line) if line else None
            except (ConnectionError, BlockingIOError, TimeoutError):
                tally["dropped"] += 1
                continue
            except ValueError:
                tally["unreadable reply"] += 1
                continue
        if reply is None:
            tally["closed without a reply"] += 1
        elif kind == "status" and reply["ok"]:
            tally["status answered"] += 1
        else:
            tally[f"{reply['code']} ({kind})"] += 1


def _fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_a_flood_of_connections_leaves_the_daemon_responsive(daemon: Daemon) -> None:
    daemon.spawn()
    daemon.wait_up()
    baseline = _fds(daemon.proc.pid)
    holders = []
    for _ in range(28):  # silent connections through the whole flood: 4 of 32 slots stay free
        holder = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        holder.connect(str(_paths(daemon).socket))
        holders.append(holder)
    tally: Counter[str] = Counter()
    threads = [
        threading.Thread(target=_flood_worker, args=(daemon, 63, seed, tally)) for seed in range(8)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    flood = time.monotonic() - started
    for holder in holders:
        holder.close()
    assert sum(tally.values()) == 8 * 63, tally
    assert tally["status answered"] > 0 and tally["unreadable reply"] == 0, tally
    assert tally["error (status)"] + tally["error (garbage)"] > 0, "the connection cap never bit"
    assert _status_time(daemon) < STATUS_LIMIT, tally
    wait_until("the connections to be released", lambda: _fds(daemon.proc.pid) <= baseline + 2)
    assert daemon.proc.poll() is None
    print(f"flood: {sum(tally.values())} connections in {flood:.1f} s: {dict(tally)}")


# -- kill -9 while recording -------------------------------------------------------------------

CYCLE: tuple[tuple[str, dict[str, str]], ...] = (
    ("pause", {}),
    ("resume", {}),
    ("skip", {}),
    ("snooze", {"length": "10m"}),
)
KINDS = {"pause": "paused", "resume": "resumed", "skip": "skipped", "snooze": "snoozed"}


class Driver(threading.Thread):
    """Sends the command cycle until the daemon stops answering; keeps what was acknowledged."""

    def __init__(self, paths: Paths, start_at: int) -> None:
        super().__init__(name="kill-driver", daemon=True)
        self.paths = paths
        self.step = start_at
        self.acked: list[str] = []

    def run(self) -> None:
        client = Client(self.paths, timeout=2.0)
        while True:
            cmd, args = CYCLE[self.step % len(CYCLE)]
            try:
                reply = client.call(cmd, **args)
            except DeskbreakError:
                return  # killed (or dying): this command may or may not have been recorded
            if reply.ok:
                self.acked.append(KINDS[cmd])
            self.step += 1


def _recorded(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT kind FROM events ORDER BY id")]


def _wait_answering(paths: Paths, daemon: Daemon, timeout: float = 20.0) -> None:
    def answers() -> bool:
        assert daemon.proc.poll() is None, daemon.tail()
        try:
            Client(paths, timeout=1.0).call("ping")
        except DeskbreakError:
            return False
        return True

    wait_until("the daemon to answer", answers, timeout, every=0.02)


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_no_acknowledged_event(daemon: Daemon) -> None:
    daemon.write_config('[schedule]\nevery = "1h"\nmax_snoozes = 0\nnatural_break = "off"\n')
    paths = _paths(daemon)
    rng = random.Random(20261121)
    acked = in_flight = step = 0
    started = time.monotonic()
    for round_no in range(ROUNDS):
        before = _recorded(paths.database) if paths.database.exists() else []
        daemon.spawn()
        if round_no % 5 == 4:  # now and then while it starts up (database open, migrations)
            time.sleep(rng.uniform(0.0, 0.4))  # the random moment itself
            daemon.kill()
            assert not paths.database.exists() or _recorded(paths.database) == before
            continue
        _wait_answering(paths, daemon)
        driver = Driver(paths, step)
        driver.start()
        time.sleep(rng.uniform(0.02, 0.3))  # the random moment itself
        daemon.kill()
        driver.join(timeout=10)
        assert not driver.is_alive()
        new = _recorded(paths.database)[len(before) :]
        # In order, nothing lost; at most the one command in flight landed without its reply.
        assert new[: len(driver.acked)] == driver.acked, (round_no, driver.acked, new)
        assert len(new) - len(driver.acked) in (0, 1), (round_no, driver.acked, new)
        acked += len(driver.acked)
        in_flight += len(new) - len(driver.acked)
        step = driver.step + 1  # the in-flight command may have landed: move on either way
    took = time.monotonic() - started
    assert acked > 2 * ROUNDS, f"only {acked} commands acknowledged"
    daemon.spawn()
    daemon.wait_up()  # and a daemon starts on the database they leave
    print(f"kill -9: {ROUNDS} rounds, {acked} acknowledged + {in_flight} in flight, {took:.1f} s")
