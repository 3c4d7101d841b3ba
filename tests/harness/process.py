"""The processes one test desktop starts: started, awaited, logged and stopped by PID.

Owns `ProcessGroup`, which every desktop session composes: it starts a program with its output
in a log file in the session's folder (in a session of its own, and set to get SIGTERM if the
harness dies, so even a killed run leaves nothing behind), waits until the program is ready
(failing at once, with the logs, when one of the group died), gives the logs' last lines for
failure messages, and stops each program with its children (its process group) by PID: the stop
signal, then KILL after a grace period, newest first. Commands a test runs inside the session
(`popen`) are stopped too, before the session's own programs. Test support: it must not import
deskbreak.
"""

from __future__ import annotations

import logging
import os
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from support.waiting import WaitTimeout, wait_until

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Program:
    """One started process: its name (and log file's), and how it is stopped."""

    name: str
    proc: subprocess.Popen[Any]
    own_group: bool  # started as a process group of its own: its children are stopped with it
    stop_signal: int = signal.SIGTERM


class ProcessGroup:
    """Every process a session started, in its folder `dir`; `error` is what a failure raises."""

    def __init__(self, dir: Path, error: type[Exception], *, grace: float = 2.0) -> None:
        self.dir = dir
        self.error = error
        self.grace = grace  # seconds a program has to stop before it is killed
        self.programs: list[Program] = []  # the session's own, in start order
        self.children: list[Program] = []  # commands run inside the session, stopped first

    def spawn(
        self,
        name: str,
        *argv: str,
        env: Mapping[str, str],
        pass_fd: int | None = None,
        stdout: int | None = None,
        stop_signal: int = signal.SIGTERM,
    ) -> subprocess.Popen[bytes]:
        """Start one of the session's programs; its output goes to `name`.log in `dir` (or
        stdout to `stdout`, a pipe say, and only its errors to the log)."""
        with (self.dir / f"{name}.log").open("ab") as logf:
            proc = subprocess.Popen(
                orphan_proof(argv),
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=logf if stdout is None else stdout,
                stderr=subprocess.STDOUT if stdout is None else logf,
                pass_fds=() if pass_fd is None else (pass_fd,),
                start_new_session=True,  # a Ctrl-C in the terminal must not reach it first
            )
        self.programs.append(Program(name, proc, own_group=True, stop_signal=stop_signal))
        return proc

    def popen(self, *cmd: str, env: Mapping[str, str], **kw: Any) -> subprocess.Popen[str]:
        """Start a command inside the session (stopped at `close` if the caller has not). It gets
        SIGTERM if the calling thread dies, so call this from a thread that outlives it."""
        proc: subprocess.Popen[str] = subprocess.Popen(
            orphan_proof(cmd), env=dict(env), text=True, **kw
        )
        self.children.append(Program(cmd[0], proc, own_group=False))
        return proc

    def find(self, name: str) -> subprocess.Popen[Any] | None:
        """The running program called `name`, if any."""
        for program in self.programs:
            if program.name == name and program.proc.poll() is None:
                return program.proc
        return None

    def pids(self) -> list[int]:
        """PIDs of the session's own programs, in start order."""
        return [program.proc.pid for program in self.programs]

    def dead(self) -> list[str]:
        """Names of the session's own programs that have exited."""
        return [p.name for p in self.programs if p.proc.poll() is not None]

    def wait_for(
        self, what: str, predicate: Callable[[], bool], timeout: float = 10, every: float = 0.05
    ) -> None:
        """Poll `predicate` every `every` s until it holds; raise `error` with the logs on
        timeout or as soon as one of the session's programs dies."""

        def ready() -> bool:
            if predicate():
                return True
            dead = self.dead()
            if dead:
                raise self.error(f"{', '.join(dead)} died waiting for {what}\n{self.logs()}")
            return False

        try:
            wait_until(what, ready, timeout, every=every)
        except WaitTimeout as exc:
            raise self.error(f"{exc}\n{self.logs()}") from None

    def logs(self, lines: int = 8) -> str:
        """The last `lines` lines of every log in `dir`, for failure messages."""
        parts = []
        for path in sorted(self.dir.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(parts)

    def stop(self, proc: subprocess.Popen[Any]) -> None:
        """Stop one process (and, for the session's own, its children) and forget it."""
        for programs in (self.children, self.programs):
            for program in programs:
                if program.proc is proc:
                    _stop(program, self.grace)
                    programs.remove(program)
                    return
        _stop(Program("", proc, own_group=False), self.grace)

    def close(self) -> None:
        """Stop every process, newest first (commands run inside before the session's own
        programs), and remove `dir`."""
        for program in [*reversed(self.children), *reversed(self.programs)]:
            _stop(program, self.grace)
        self.children.clear()
        self.programs.clear()
        shutil.rmtree(self.dir, ignore_errors=True)


def _stop(program: Program, grace: float) -> None:
    """The stop signal, then KILL after `grace` s. A program that leads a process group gets
    them sent to the whole group, while it is still unreaped (so the group's id is still its)."""
    proc = program.proc
    if proc.poll() is not None:
        return

    def send(sig: int) -> None:
        try:
            if program.own_group:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)
        except ProcessLookupError:
            pass

    send(program.stop_signal)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        log.warning("pid %d ignored signal %d; killing it", proc.pid, program.stop_signal)
        send(signal.SIGKILL)
        proc.wait(timeout=5)


def orphan_proof(cmd: Sequence[str]) -> tuple[str, ...]:
    """`cmd` set to get SIGTERM when the thread that starts it dies (say pytest is killed), so
    even a crashed run leaves nothing behind. setpriv execs, so the PID stays the command's."""
    if shutil.which("setpriv") is None:
        return tuple(cmd)
    return ("setpriv", "--pdeathsig", "TERM", "--", *cmd)


def read_line(fd: int, what: str, error: type[Exception], timeout: float = 10) -> str:
    """Read one line a child writes to the pipe `fd` (Xvfb -displayfd, dbus --print-address),
    then close it; raise `error` if none comes within `timeout` s."""
    data = b""
    deadline = time.monotonic() + timeout
    try:
        while b"\n" not in data:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise error(f"timed out waiting for {what}")
            chunk = os.read(fd, 4096)
            if not chunk:
                raise error(f"no {what}: the process exited")
            data += chunk
    finally:
        os.close(fd)
    return data.decode().splitlines()[0].strip()
