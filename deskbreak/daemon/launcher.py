"""Starting the routine player as a child process and learning how it ended.

Owns `PlayerLauncher`, the daemon's implementation of `deskbreak.core.ports.Launcher`:
it runs `python -m deskbreak play ROUTINE --level N --report` with stdout piped (N, the
progression level, asked of `level` at each launch: the controller's, on the owner thread), and a
waiter thread reads the last `{"outcome": ...}` line and hands the outcome to
`on_done`. A crash, a non-zero exit or a missing outcome line is a FAILED
outcome. `stop()` terminates the child by PID (TERM, then KILL after a grace
period). Only one player runs at a time. The child gets the daemon's language setting in
its environment (`deskbreak.lang.child_environ`), so the player speaks the same language.
Edge module: stdlib only; must not import tkinter, PIL or pystray (the player process imports
those itself).
"""

from __future__ import annotations

import contextlib
import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from deskbreak import lang, threads
from deskbreak.core.ports import PlayOutcome, PlayResult

log = logging.getLogger(__name__)

KILL_AFTER = 2.0
OUTCOME_KEY = "outcome"


def player_command(routine: str, config: Path | None = None, level: int = 0) -> list[str]:
    """The command line that plays `routine` at progression `level` and reports its outcome."""
    command = [sys.executable, "-m", "deskbreak"]
    if config is not None:
        command += ["--config", str(config)]
    return [*command, "play", routine, "--level", str(level), "--report"]


def parse_outcome(line: str) -> PlayOutcome | None:
    """The outcome from a `{"outcome": {...}}` line, or None for any other line."""
    text = line.strip()
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
        return PlayOutcome.from_json(data[OUTCOME_KEY])
    except (ValueError, KeyError, TypeError):
        return None


class PlayerLauncher:
    """Runs one player process at a time; implements `deskbreak.core.ports.Launcher`."""

    def __init__(
        self,
        *,
        config: Path | None = None,
        env: Mapping[str, str] | None = None,
        command: Callable[[str], Sequence[str]] | None = None,
        kill_after: float = KILL_AFTER,
        level: Callable[[], int] = lambda: 0,
    ) -> None:
        self._config = config
        self._env = dict(env) if env is not None else None
        self._level = level
        self._command = command or (
            lambda routine: player_command(routine, self._config, self._level())
        )
        self._kill_after = kill_after
        self._lock = threading.Lock()
        self._child: subprocess.Popen[str] | None = None
        self._waiter: threading.Thread | None = None

    def launch(self, routine: str, on_done: Callable[[PlayOutcome], None]) -> None:
        with self._lock:
            if self._child is not None:
                log.warning(
                    "player already running (pid %s); not starting %r", self._child.pid, routine
                )
                return
            argv = list(self._command(routine))
            started = time.monotonic()
            try:
                child = subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    env=lang.child_environ(self._env),
                    text=True,
                    encoding="utf-8",
                    errors="replace",
                )
            except OSError as exc:
                log.error("could not start the player: %s", exc)
                on_done(PlayOutcome(routine, PlayResult.FAILED, 0, 0, 0.0))
                return
            log.info("player started: pid %s, routine %r", child.pid, routine)
            self._child = child
            self._waiter = threads.make(
                f"deskbreak-player-{child.pid}", self._wait, child, routine, started, on_done
            )
            self._waiter.start()

    @property
    def pid(self) -> int | None:
        """The running player's process id, if one runs."""
        with self._lock:
            return self._child.pid if self._child is not None else None

    def running(self) -> bool:
        with self._lock:
            return self._child is not None

    def stop(self) -> None:
        """Ask the player to stop (SIGTERM); kill it if it has not gone after the grace period."""
        with self._lock:
            child = self._child
        if child is None or child.poll() is not None:
            return
        log.info("stopping player pid %s", child.pid)
        try:
            child.terminate()
        except OSError:
            return
        threads.later(self._kill_after, "deskbreak-player-kill", _kill_if_alive, child)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the current player's outcome to be delivered; True when none is pending."""
        with self._lock:
            waiter = self._waiter
        if waiter is not None:
            waiter.join(timeout)
            return not waiter.is_alive()
        return True

    def _wait(
        self,
        child: subprocess.Popen[str],
        routine: str,
        started: float,
        on_done: Callable[[PlayOutcome], None],
    ) -> None:
        outcome: PlayOutcome | None = None
        assert child.stdout is not None
        for line in child.stdout:
            found = parse_outcome(line)
            if found is not None:
                outcome = found
            elif line.strip():
                log.info("player: %s", line.rstrip())
        code = child.wait()
        if code != 0 or outcome is None:
            log.warning("player pid %s ended with code %s and no usable outcome", child.pid, code)
            outcome = PlayOutcome(routine, PlayResult.FAILED, 0, 0, time.monotonic() - started)
        with self._lock:
            if self._child is child:
                self._child = None
        try:
            on_done(outcome)
        except Exception:
            log.exception("on_done failed for %s", outcome)


def _kill_if_alive(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        log.warning("player pid %s ignored SIGTERM; killing it", child.pid)
        with contextlib.suppress(OSError):
            child.kill()
