"""The real deskbreak daemon inside a Wayland test desktop, and the CLI that asks it.

Owns one daemon run: a throwaway DESKBREAK_HOME with the test's config, the daemon started
in the desktop's environment, `status --json` and `history --json` read through the CLI,
and the daemon stopped by PID (its log printed, for a failing test). Test support: it must
not import deskbreak, which it runs only as a program.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from harness.wayland import Wayland


class Daemon:
    def __init__(self, desk: Wayland, config: str) -> None:
        self.desk = desk
        self.home = Path(tempfile.mkdtemp(prefix="db-wl-"))
        (self.home / "config").mkdir()
        (self.home / "config" / "config.toml").write_text(config)
        self.env = {"DESKBREAK_HOME": str(self.home)}
        self.proc: subprocess.Popen[str] | None = None
        self.extra: tuple[str, ...] = ()

    def start(self) -> None:
        command = Path(sys.executable).with_name("deskbreak")  # the installed command
        self.proc = self.desk.popen(str(command), "run", *self.extra, env=self.env)
        self.desk.wait_for("the daemon", lambda: self.alive() and self.status() is not None, 30)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "deskbreak", *args],
            env={**self.desk.env, **self.env},
            capture_output=True,
            text=True,
            check=False,
            timeout=20,
        )

    def status(self) -> dict[str, Any] | None:
        out = self.cli("status", "--json")
        if out.returncode != 0:
            return None
        data: dict[str, Any] = json.loads(out.stdout)
        return data

    def history(self) -> list[dict[str, Any]]:
        out = self.cli("history", "--json")
        if out.returncode != 0 or not out.stdout.strip().startswith("["):
            return []
        data: list[dict[str, Any]] = json.loads(out.stdout)
        return data

    def kinds(self) -> list[str]:
        return [str(event["kind"]) for event in self.history()]

    def alive(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"the daemon exited with {self.proc.returncode}\n{self.log()}")
        return True

    def log(self) -> str:
        path = self.home / "log" / "deskbreak.log"
        return path.read_text()[-4000:] if path.exists() else "(no log)"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        print(self.log())  # shown by pytest when the test failed
        shutil.rmtree(self.home, ignore_errors=True)


class Typist:
    """A user at the keyboard: input now and then (not on every poll), while waiting."""

    def __init__(self, desk: Wayland, every: float = 15.0) -> None:
        self.desk = desk
        self.every = every
        self.last = 0.0

    def tick(self) -> None:
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.desk.type_key()
