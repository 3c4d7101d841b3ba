"""Real daemon processes for the tests: their homes, their CLI and their logs.

Owns `Daemon` (one deskbreak home and the daemons started from it, driven through the CLI and
stopped by PID), `daemon_home` (a short temporary home, removed afterwards) and the process
functions `stop_process`, `children_of` and `cmdline`. Test support: it imports no deskbreak
module, so the processes it drives are the only code under test.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from support.configs import QUIET
from support.waiting import WaitTimeout, wait_until

CLI_TIMEOUT = 30.0
DESKTOP_VARS = ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR")


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
        *options: str,
        tray: bool = False,
        env: Mapping[str, str] | None = None,
        preexec: Callable[[], None] | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start `deskbreak run OPTIONS` (output to daemon.out in the home, never an unread
        pipe)."""
        command = [sys.executable, "-m", "deskbreak", "run", *options]
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
        data: dict[str, Any] = {}

        def answers() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(f"the daemon exited ({self.proc.returncode}):\n{self.tail()}")
            out = self.cli("status", "--json")
            if out.returncode == 0:
                data.update(json.loads(out.stdout))
            return out.returncode == 0

        try:  # polling for a socket that is not there yet
            wait_until("the daemon to answer", answers, timeout, every=0.1)
        except WaitTimeout:
            raise AssertionError(
                f"the daemon did not answer within {timeout:g} s:\n{self.tail()}"
            ) from None
        return data

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
