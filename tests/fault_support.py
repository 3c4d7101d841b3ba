"""Shared helpers of the fault-and-abuse suite: real daemon processes, their homes and their logs.

Owns `Daemon` (one deskbreak home and the daemons started from it, driven through the CLI and
stopped by PID), `daemon_home` (a short temporary home, removed afterwards), `wait_until` (poll
with a deadline) and `serve_error_notifications`, a notification server that answers every
Notify with a D-Bus error (`python fault_support.py` inside a session bus starts it). Test
support: it imports no deskbreak module, so the processes it drives are the only code under test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CLI_TIMEOUT = 30.0
DESKTOP_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR")
QUIET = """
[schedule]
every = "1h"
renotify = "off"
natural_break = "off"
"""


def wait_until(
    what: str, predicate: Callable[[], bool], timeout: float = 10.0, *, every: float = 0.05
) -> None:
    """Poll `predicate` every `every` s until it holds; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


class Daemon:
    """One home and the daemon processes started from it (each stopped by PID in `stop`)."""

    def __init__(self, home: Path, env: Mapping[str, str] | None = None) -> None:
        self.home = home
        base = {k: v for k, v in os.environ.items() if k not in DESKTOP_VARS}
        self.env: dict[str, str] = {**base, **(env or {}), "DESKBREAK_HOME": str(home)}
        self.procs: list[subprocess.Popen[bytes]] = []
        self.output = home / "daemon.out"

    @property
    def config(self) -> Path:
        return self.home / "config" / "config.toml"

    @property
    def log_file(self) -> Path:
        return self.home / "log" / "deskbreak.log"

    @property
    def proc(self) -> subprocess.Popen[bytes]:
        return self.procs[-1]

    def write_config(self, text: str) -> None:
        self.config.parent.mkdir(parents=True, exist_ok=True)
        self.config.write_text(text)

    def spawn(
        self,
        *,
        tray: bool = False,
        env: Mapping[str, str] | None = None,
        preexec: Callable[[], None] | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start `deskbreak run` (output to daemon.out in the home, never an unread pipe)."""
        command = [sys.executable, "-m", "deskbreak", "run"]
        if not tray:
            command.append("--no-tray")
        with self.output.open("ab") as out:
            proc = subprocess.Popen(
                command,
                env={**self.env, **(env or {})},
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=preexec,  # noqa: PLW1509 (only rlimits and signals)
            )
        self.procs.append(proc)
        return proc

    def cli(self, *args: str, timeout: float = CLI_TIMEOUT) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "deskbreak", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def wait_up(self, timeout: float = 20.0) -> dict[str, Any]:
        """The first status the daemon answers with; fail if it exits or stays silent."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"the daemon exited ({self.proc.returncode}):\n{self.tail()}")
            out = self.cli("status", "--json")
            if out.returncode == 0:
                data: dict[str, Any] = json.loads(out.stdout)
                return data
            time.sleep(0.1)  # polling for a socket that is not there yet
        raise AssertionError(f"the daemon did not answer within {timeout:g} s:\n{self.tail()}")

    def status(self) -> dict[str, Any]:
        out = self.cli("status", "--json")
        assert out.returncode == 0, out.stdout + out.stderr
        data: dict[str, Any] = json.loads(out.stdout)
        return data

    def history(self) -> list[dict[str, Any]]:
        out = self.cli("history", "--json")
        assert out.returncode == 0, out.stdout + out.stderr
        events: list[dict[str, Any]] = json.loads(out.stdout)
        return events

    def kinds(self) -> list[str]:
        return [str(event["kind"]) for event in self.history()]

    def log_text(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except OSError:
            return ""

    def said(self) -> str:
        """Everything the daemon wrote: its log file and its console output."""
        try:
            console = self.output.read_text(errors="replace")
        except OSError:
            console = ""
        return self.log_text() + console

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.said().splitlines()[-lines:])

    def kill(self) -> None:
        """kill -9 the newest daemon and reap it."""
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)


@contextmanager
def daemon_home(
    config: str | None = QUIET, env: Mapping[str, str] | None = None
) -> Iterator[Daemon]:
    """A fresh short home (AF_UNIX paths are short) with `config`; everything stopped after."""
    home = Path(tempfile.mkdtemp(prefix="db-"))
    daemon = Daemon(home, env)
    if config is not None:
        daemon.write_config(config)
    try:
        yield daemon
    finally:
        daemon.stop()
        shutil.rmtree(home, ignore_errors=True)


def stop_process(proc: subprocess.Popen[Any]) -> None:
    """TERM, then KILL after 5 s, by PID; reap it."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def children_of(pid: int) -> list[int]:
    """PIDs of the direct children of `pid` (from /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def serve_error_notifications() -> None:
    """Own org.freedesktop.Notifications on the session bus and answer every Notify (and any
    other call but the capabilities and server information) with a D-Bus error."""
    from jeepney import HeaderFields, MessageType, new_error, new_method_return
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus="SESSION")
    name = "org.freedesktop.Notifications"
    reply = conn.send_and_get_reply(message_bus.RequestName(name, 4), timeout=5)  # 4: no queue
    if reply.body[0] != 1:
        raise SystemExit(f"could not own {name}: {reply.body[0]}")
    print("ready", flush=True)
    while True:
        msg = conn.receive()
        if msg.header.message_type is not MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        if member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (["body", "actions"],)))
        elif member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("erroring", "tests", "1.0", "1.2")))
        else:
            failed = "org.freedesktop.DBus.Error.Failed"
            conn.send(new_error(msg, failed, "s", (f"{member} is broken here",)))


if __name__ == "__main__":
    serve_error_notifications()
