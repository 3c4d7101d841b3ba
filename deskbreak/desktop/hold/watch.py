"""A long-running watcher command (`pw-dump --monitor`, `pactl subscribe`, ...), line by line.

Owns starting the command, reading its output on a thread of its own, restarting it
a few times when it exits unexpectedly, and ending it by its PID. Each line goes to
`on_line`; when the command is gone for good `on_gone` is called once.
Edge module: standard library only.
"""

from __future__ import annotations

import contextlib
import logging
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence

from deskbreak import threads

log = logging.getLogger(__name__)

RESTARTS = 3  # a command that keeps dying is given up on after this many restarts
RESTART_DELAY = 2.0


class CommandWatch:
    def __init__(
        self,
        argv: Sequence[str],
        on_line: Callable[[str], None],
        *,
        env: Mapping[str, str] | None = None,
        on_gone: Callable[[], None] = lambda: None,
        on_start: Callable[[], None] = lambda: None,
    ) -> None:
        self.argv = list(argv)
        self._on_line, self._on_gone, self._on_start = on_line, on_gone, on_start
        self._env = dict(env) if env is not None else None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threads.make(f"deskbreak-hold-watch-{self.argv[0]}", self._run)
        self._thread.start()

    def _run(self) -> None:
        for attempt in range(RESTARTS + 1):
            if attempt and self._stop.wait(RESTART_DELAY * attempt):
                break
            if not self._spawn() or self._stop.is_set():
                break
            self._on_start()
            self._read()
            if self._stop.is_set():
                break
            log.info("%s exited; restarting", self.argv[0])
        self._on_gone()

    def _spawn(self) -> bool:
        try:
            proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                errors="replace",
                env=self._env,
            )
        except OSError as exc:
            log.info("cannot run %s: %s", self.argv[0], exc)
            return False
        with self._lock:
            self._proc = proc
            if self._stop.is_set():
                self._end(proc)
        return True

    def _read(self) -> None:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        for line in proc.stdout:
            try:
                self._on_line(line.rstrip("\n"))
            except Exception:  # one bad line must not end the watch
                log.exception("%s: could not handle a line", self.argv[0])
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=2)

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            proc = self._proc
        if proc is not None:
            self._end(proc)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=3)

    @staticmethod
    def _end(proc: subprocess.Popen[str]) -> None:
        if proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=2)
