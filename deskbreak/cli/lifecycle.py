"""`deskbreak run | start | stop`: the daemon's life, from the command line.

Owns running the daemon in the foreground (`run` imports the composition root,
`deskbreak.app`, only inside its handler), starting it detached and waiting
until it answers (or saying why it did not), and asking it to quit and waiting
until it has. Nothing here imports a GUI library.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from deskbreak.cli import OK, REFUSED, USAGE, Context
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.ports import ReplyCode
from deskbreak.daemon import logs
from deskbreak.ipc import AlreadyRunning, Client, NotRunning
from deskbreak.paths import Paths, ensure

START_WAIT = 10.0
STOP_WAIT = 10.0


def run(ctx: Context) -> int:
    if (info := _ping(ctx.paths)) is not None:
        print(f"deskbreak is already running (pid {info.get('pid', '?')})", file=ctx.out)
        return OK
    logs.setup(ctx.paths, verbose=ctx.verbose, console=True)
    from deskbreak import app  # the composition root: imported by `run` only

    options: dict[str, Any] = {"verbose": ctx.verbose, "tray": not ctx.args.no_tray}
    options["announce"] = lambda text: print(text, file=ctx.out, flush=True)  # once, on start
    if ctx.args.wake_grace is not None:
        options["wake_grace"] = ctx.args.wake_grace
    try:
        return app.run(ctx.paths, **options)
    except AlreadyRunning as exc:
        print(exc, file=ctx.out)
        return OK


def _ping(paths: Paths, timeout: float = 2.0) -> Mapping[str, Any] | None:
    """The daemon's ping data, or None when none is running."""
    try:
        return Client(paths, timeout=timeout).call("ping").data
    except NotRunning:
        return None


def start(ctx: Context) -> int:
    if (info := _ping(ctx.paths)) is not None:
        print(f"deskbreak is already running (pid {info.get('pid', '?')})", file=ctx.out)
        return OK
    proc = spawn(daemon_command(ctx), ctx.paths)
    info = wait_until_up(ctx.paths, proc, START_WAIT)
    if info is not None:
        print(f"deskbreak started (pid {info.get('pid', '?')})", file=ctx.out)
        return OK
    print(_start_failure(ctx.paths, proc), file=ctx.err)
    return REFUSED


def daemon_command(ctx: Context) -> list[str]:
    """The detached daemon's command line (the config path made absolute: its cwd differs)."""
    command = [sys.executable, "-m", "deskbreak"]
    if ctx.verbose:
        command.append("-v")
    if ctx.args.config:
        command += ["--config", str(Path(ctx.args.config).expanduser().resolve())]
    return [*command, "run"]


def spawn(command: list[str], paths: Paths) -> subprocess.Popen[bytes]:
    """Start `command` detached: own session, no terminal, output to daemon.err in the log dir."""
    ensure(paths.log_dir)
    extra: dict[str, Any] = {"start_new_session": True}
    if os.name == "nt":
        flags = ("DETACHED_PROCESS", "CREATE_NEW_PROCESS_GROUP", "CREATE_NO_WINDOW")
        extra = {"creationflags": sum(getattr(subprocess, f, 0) for f in flags)}
    home = Path.home()
    with (paths.log_dir / "daemon.err").open("wb") as err:  # the child keeps its own copy
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=err,
            close_fds=True,
            cwd=home if home.is_dir() else None,
            **extra,
        )


def wait_until_up(
    paths: Paths, proc: subprocess.Popen[bytes], timeout: float
) -> Mapping[str, Any] | None:
    """Poll `ping` until the daemon answers; None if it exits first or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        exited = proc.poll() is not None
        try:
            info = _ping(paths, timeout=1.0)
        except DeskbreakError:
            info = None  # up but not answering yet
        if info is not None or exited:
            return info  # an exit can still mean "another copy won the race"
        time.sleep(0.1)
    return None


def _start_failure(paths: Paths, proc: subprocess.Popen[bytes]) -> str:
    code = proc.poll()
    if code is None:
        return (
            f"deskbreak was started (pid {proc.pid}) but does not answer after "
            f"{START_WAIT:g} s; see {paths.log_file}"
        )
    try:
        lines = (paths.log_dir / "daemon.err").read_text(errors="replace").strip().splitlines()
    except OSError:
        lines = []
    last = lines[-1] if lines else ""
    where = "" if str(paths.log_file) in last else f"; details in {paths.log_file}"
    return f"deskbreak did not start (exit code {code}){': ' if last else ''}{last}{where}"


def stop(ctx: Context) -> int:
    try:
        reply = Client(ctx.paths).call("quit")
    except NotRunning:
        print("deskbreak is not running; nothing to stop", file=ctx.out)
        return OK
    except DeskbreakError as exc:
        print(f"deskbreak: {exc}", file=ctx.err)
        return REFUSED
    if not reply.ok:
        print(f"deskbreak: {reply.message}", file=ctx.err)
        return USAGE if reply.code is ReplyCode.INVALID else REFUSED
    deadline = time.monotonic() + STOP_WAIT
    while time.monotonic() < deadline:
        if _gone(ctx.paths):
            print("deskbreak stopped", file=ctx.out)
            return OK
        time.sleep(0.05)
    print(f"deskbreak: asked to quit but still running after {STOP_WAIT:g} s", file=ctx.err)
    return REFUSED


def _gone(paths: Paths) -> bool:
    try:
        return _ping(paths, timeout=1.0) is None
    except DeskbreakError:
        return False  # still there, answering oddly while it shuts down
