"""Running the user's [[hooks]]: one program at a time, off the owner thread, bounded.

Owns the hook runner. `run(hook)` only queues (at most `QUEUE` waiting; more are dropped
and logged), so a hook never delays the daemon; the `deskbreak-hooks` thread, started with
the first hook, runs them in the order the events happened. Each program runs without a
shell, in a process group of its own, with the daemon's environment plus the hook's
`DESKBREAK_…` variables and no input; at its timeout the whole group is stopped (TERM, then
KILL). Its output (stdout and stderr) goes to the log: the first `OUTPUT_LIMIT` bytes, and
how much more there was, which is read and dropped, so a flood grows neither memory nor
the log. A failure, a timeout or a missing program is logged and affects nothing else.
Edge module: the only place hooks are started; must not import the controller.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Mapping

from deskbreak import threads
from deskbreak.core.hooks import HookRun

log = logging.getLogger(__name__)

QUEUE = 32  # hooks waiting to run; more are dropped
OUTPUT_LIMIT = 4096  # bytes of a hook's output that reach the log
KILL_GRACE = 2.0  # seconds between TERM and KILL for a hook past its timeout
THREAD = "deskbreak-hooks"


class HookRunner:
    """`run(hook)` from the owner thread (never blocks); `stop()` when the daemon stops."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = dict(os.environ if environ is None else environ)
        self._queue: queue.Queue[HookRun | None] = queue.Queue(QUEUE)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._running: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self.finished = 0  # hooks run to their end, for tests and benchmarks

    def run(self, hook: HookRun) -> None:
        """Queue `hook`; returns at once."""
        with self._lock:
            if self._stopped:
                return
            if self._thread is None:
                self._thread = threads.start(THREAD, self._serve)
        try:
            self._queue.put_nowait(hook)
        except queue.Full:
            log.warning("hook %s for %s dropped: %d hooks wait already", hook.argv[0], hook.event,
                        QUEUE)  # fmt: skip

    def stop(self) -> None:
        """Run nothing more; stop the hook running now, with its children."""
        with self._lock:
            self._stopped = True
            running = self._running
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)
        if running is not None:
            _signal_group(running, signal.SIGKILL)

    def _serve(self) -> None:
        while (hook := self._queue.get()) is not None:
            with self._lock:
                if self._stopped:
                    return
            try:
                self._one(hook)
            except Exception:
                log.exception("hook %s for %s failed", hook.argv[0], hook.event)
            self.finished += 1

    def _one(self, hook: HookRun) -> None:
        name = hook.argv[0]
        try:
            proc = subprocess.Popen(
                hook.argv,
                env={**self._environ, **hook.env},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a timeout stops its children
            )
        except OSError as exc:  # a missing program, not executable, ...
            log.warning("hook %s for %s could not start: %s", name, hook.event, exc)
            return
        with self._lock:
            self._running = proc
        try:
            kept, more, timed_out = _read(proc, hook.timeout)
        finally:
            with self._lock:
                self._running = None
        code = proc.returncode
        said = kept.decode(errors="replace").rstrip()
        if more:
            said += f"\n[{more} more bytes of output not logged]"
        if timed_out:
            log.warning("hook %s for %s stopped after its timeout of %g s", name, hook.event,
                        hook.timeout)  # fmt: skip
        elif code != 0:
            log.warning("hook %s for %s failed with exit code %s", name, hook.event, code)
        else:
            log.info("hook %s for %s done", name, hook.event)
        if said:
            log.info("hook %s for %s said:\n%s", name, hook.event, said)


def _read(proc: subprocess.Popen[bytes], timeout: float) -> tuple[bytes, int, bool]:
    """Read `proc`'s output until it ends (or its timeout: then stop its group); the first
    OUTPUT_LIMIT bytes, how many more there were, and whether it timed out."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    kept, more, timed_out = bytearray(), 0, False
    fd = proc.stdout.fileno()
    with proc.stdout, selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if not selector.select(left):
                continue
            chunk = os.read(fd, 65536)
            if not chunk:  # every writer closed it: normally, the program ended
                break
            room = OUTPUT_LIMIT - len(kept)
            kept += chunk[:room]
            more += max(0, len(chunk) - room)
    if timed_out:
        _stop_group(proc)
    else:
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:  # it closed its output but runs on
            timed_out = True
            _stop_group(proc)
    return bytes(kept), more, timed_out


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    _signal_group(proc, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(KILL_GRACE)
    _signal_group(proc, signal.SIGKILL)  # the children too, even once the leader is gone
    proc.wait()


def _signal_group(proc: subprocess.Popen[bytes], signum: int) -> None:
    killpg = getattr(os, "killpg", None)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if killpg is None:  # no process groups (Windows): the program alone
            proc.kill()
        else:
            killpg(proc.pid, signum)
