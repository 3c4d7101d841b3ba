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
from deskbreak.core.i18n import _, duration_text
from deskbreak.core.ports import ReplyCode
from deskbreak.daemon import logs
from deskbreak.ipc import AlreadyRunning, Client, NotRunning
from deskbreak.paths import Paths, ensure

START_WAIT = 10.0
STOP_WAIT = 10.0


def missing_config(ctx: Context) -> bool:
    """A `--config PATH` that names no file: said, and the daemon not started (it would run
    on the defaults while the user thinks their file is in force)."""
    named = getattr(ctx.args, "config", None) or os.environ.get("DESKBREAK_CONFIG")
    if not named or ctx.paths.config_file.exists():
        return False
    # Translators: {path} is the file given with --config; `deskbreak config init` is typed.
    text = _("no config file at {path}; write one with `deskbreak config init --config {path}`")
    print(f"deskbreak: {text.format(path=ctx.paths.config_file)}", file=ctx.err)
    return True


def run(ctx: Context) -> int:
    if missing_config(ctx):
        return USAGE
    if (info := _ping(ctx.paths)) is not None:
        print(_already(info), file=ctx.out)
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
    if missing_config(ctx):
        return USAGE
    if (info := _ping(ctx.paths)) is not None:
        print(_already(info), file=ctx.out)
        return OK
    proc = spawn(daemon_command(ctx), ctx.paths)
    info = wait_until_up(ctx.paths, proc, START_WAIT)
    if info is not None:
        # Translators: {pid} is the daemon's process id.
        print(_("deskbreak started (pid {pid})").format(pid=info.get("pid", "?")), file=ctx.out)
        return OK
    print(_start_failure(ctx.paths, proc), file=ctx.err)
    return REFUSED


def _already(info: Mapping[str, Any]) -> str:
    # Translators: {pid} is the daemon's process id.
    return _("deskbreak is already running (pid {pid})").format(pid=info.get("pid", "?"))


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
        # Translators: {pid} is the process id, {wait} a length of time ("10 s"),
        # {log} the log file's path.
        text = _("deskbreak was started (pid {pid}) but does not answer after {wait}; see {log}")
        return text.format(pid=proc.pid, wait=duration_text(START_WAIT), log=paths.log_file)
    try:
        lines = (paths.log_dir / "daemon.err").read_text(errors="replace").strip().splitlines()
    except OSError:
        lines = []
    last = lines[-1] if lines else ""
    if not last:
        # Translators: {code} is the exit code, {log} the log file's path.
        text = _("deskbreak did not start (exit code {code}); details in {log}")
    elif str(paths.log_file) in last:
        # Translators: {code} is the exit code, {last} the last line it wrote.
        text = _("deskbreak did not start (exit code {code}): {last}")
    else:
        # Translators: {code} is the exit code, {last} the last line it wrote,
        # {log} the log file's path.
        text = _("deskbreak did not start (exit code {code}): {last}; details in {log}")
    return text.format(code=code, last=last, log=paths.log_file)


def stop(ctx: Context) -> int:
    try:
        reply = Client(ctx.paths).call("quit")
    except NotRunning:
        print(_("deskbreak is not running; nothing to stop"), file=ctx.out)
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
            print(_("deskbreak stopped"), file=ctx.out)
            return OK
        time.sleep(0.05)
    # Translators: {wait} is a length of time ("10 s").
    text = _("asked to quit but still running after {wait}")
    print(f"deskbreak: {text.format(wait=duration_text(STOP_WAIT))}", file=ctx.err)
    return REFUSED


def _gone(paths: Paths) -> bool:
    try:
        return _ping(paths, timeout=1.0) is None
    except DeskbreakError:
        return False  # still there, answering oddly while it shuts down
