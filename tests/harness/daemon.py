"""The real deskbreak daemon inside a test desktop (X11, GNOME Shell or Wayland), and the CLI
that asks it.

Owns one daemon run, the one runner the desktop tests share: a throwaway DESKBREAK_HOME with
the test's config, `deskbreak run` started in the desktop's environment (and, by default,
awaited until it answers), `status --json` and `history --json` read through the CLI, and the
daemon stopped by PID, its log printed (pytest shows it for a failing test) and its home
removed in `close`. Test support: it must not import deskbreak, which it runs only as a program.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from harness.wayland import Wayland


class Session(Protocol):
    """What the runner needs of a desktop: `Desktop`, `Wayland` and `GnomeShell` each have it."""

    @property
    def env(self) -> dict[str, str]: ...

    def popen(self, *cmd: str, **kw: Any) -> subprocess.Popen[str]: ...

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout: float = ...) -> None: ...


class Daemon:
    """`deskbreak run OPTIONS` in `desk`, with a home of its own holding `config` (if given)."""

    def __init__(
        self,
        desk: Session,
        config: str | None = None,
        *options: str,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.desk = desk
        # A session whose deskbreak runs elsewhere (in a Debian root: harness.trixie) names
        # its command (`deskbreak`), where a home both sides see goes (`temp_dir`), how the
        # user there gets it (`adopt`) and how a command runs there (`run`).
        self.inside: tuple[str, ...] | None = getattr(desk, "deskbreak", None)
        # short: AF_UNIX paths are short
        self.home = Path(tempfile.mkdtemp(prefix="db-", dir=getattr(desk, "temp_dir", None)))
        self._adopt()
        if config is not None:
            self.write_config(config)
        # faulthandler: a daemon that would not stop can be ended with its stacks (`stacks`)
        self.env = {"PYTHONFAULTHANDLER": "1", **(env or {}), "DESKBREAK_HOME": str(self.home)}
        self.options = options
        self.proc: subprocess.Popen[str] | None = None

    def write_config(self, text: str) -> None:
        path = self.home / "config" / "config.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        self._adopt()

    def _adopt(self) -> None:
        adopt = getattr(self.desk, "adopt", None)
        if adopt is not None:
            adopt(self.home)

    def start(
        self, *options: str, config: str | None = None, wait: float = 30, **popen: Any
    ) -> None:
        """Start the installed command (with `config`, if given, written first) and, unless
        `wait` is 0, wait up to `wait` s until it answers."""
        if config is not None:
            self.write_config(config)
        command = self.inside or (str(Path(sys.executable).with_name("deskbreak")),)
        argv = (*command, "run", *self.options, *options)
        self.proc = self.desk.popen(*argv, env=self.env, **popen)
        if wait:
            self.desk.wait_for("the daemon", lambda: self.alive() and self.up(), wait)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        if self.inside is not None:
            done: subprocess.CompletedProcess[str] = self.desk.run(  # type: ignore[attr-defined]
                *self.inside, *args, env=self.env, timeout=30, check=False
            )
            return done
        return subprocess.run(
            [sys.executable, "-m", "deskbreak", *args],
            env={**self.desk.env, **self.env},
            capture_output=True,
            text=True,
            check=False,
            timeout=20,
        )

    def up(self) -> bool:
        """Whether it answers."""
        return self.status() is not None

    def status(self) -> dict[str, Any] | None:
        """Its status, or None while it does not answer."""
        out = self.cli("status", "--json")
        if out.returncode != 0:
            return None
        data: dict[str, Any] = json.loads(out.stdout)
        return data

    def state(self) -> str | None:
        """Its state ("working", "due", "on-break", ...), or None while it does not answer."""
        state = (self.status() or {}).get("state")
        return None if state is None else str(state)

    def answer(self) -> dict[str, Any]:
        """Its status; fails if it exited or does not answer."""
        self.alive()
        status = self.status()
        assert status is not None, f"the daemon did not answer\n{self.log()}"
        return status

    def history(self) -> list[dict[str, Any]]:
        out = self.cli("history", "--json")
        if out.returncode != 0 or not out.stdout.strip().startswith("["):
            return []
        data: list[dict[str, Any]] = json.loads(out.stdout)
        return data

    def kinds(self) -> list[str]:
        return [str(event["kind"]) for event in self.history()]

    def alive(self) -> bool:
        """True while it runs; fails, with its log, once it exited."""
        assert self.proc is not None, "the daemon was not started"
        if self.proc.poll() is not None:
            raise AssertionError(f"the daemon exited with {self.proc.returncode}\n{self.log()}")
        return True

    def log(self) -> str:
        """The end of its log file."""
        path = self.home / "log" / "deskbreak.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else "(no log)"

    def errors(self) -> str:
        """What it wrote to stderr, once it exited (when started with `stderr=PIPE`)."""
        if self.proc is None or self.proc.stderr is None or self.proc.poll() is None:
            return ""
        return self.proc.stderr.read()

    def stacks(self) -> str:
        """End a daemon that would not stop, with every thread's stack (faulthandler, on
        SIGABRT; read from stderr when started with `stderr=PIPE`)."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGABRT)
        try:
            _out, stacks = self.proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _out, stacks = self.proc.communicate(timeout=5)
        return str(stacks)

    def stop_as_a_user_would(self, timeout: float = 15) -> None:
        """`deskbreak stop`, as typed: it says yes, the daemon ends by itself with status 0
        within `timeout` s, and `status` finds nothing running."""
        assert self.proc is not None, "the daemon was never started"
        stopped = self.cli("stop")
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr
        self.proc.wait(timeout)
        assert self.proc.returncode == 0, self.log()
        assert self.status() is None

    def stop(self) -> None:
        """TERM, then KILL after 10 s, by PID."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def close(self) -> None:
        """Stop it, print its log (shown by pytest when the test failed), remove its home."""
        self.stop()
        print(self.log())
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
