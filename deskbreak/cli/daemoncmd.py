"""`deskbreak run | start | stop | status | break | snooze | skip | pause | resume | reload`.

Owns the commands that drive the running daemon over `deskbreak.ipc`: parsing
durations and times on this side (so a typo never reaches the daemon), mapping
replies to exit codes (0 ok, 1 refused, 2 bad usage, 3 not running), rendering
the status, and starting the daemon detached / stopping it. `run` imports
`deskbreak.app` only inside its handler; nothing here imports a GUI library.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from deskbreak.cli import NOT_RUNNING, OK, REFUSED, USAGE, Context
from deskbreak.core.config.durations import DurationError, format_duration, parse_duration
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.ports import Reply, ReplyCode
from deskbreak.daemon import logs
from deskbreak.ipc import AlreadyRunning, Client, NotRunning, parse_clock
from deskbreak.paths import Paths, ensure

START_WAIT = 10.0
STOP_WAIT = 10.0
_EXIT = {ReplyCode.OK: OK, ReplyCode.REFUSED: REFUSED, ReplyCode.INVALID: USAGE}


def register(subparsers: Any) -> None:
    def add(name: str, handler: Callable[[Context], int], text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = subparsers.add_parser(name, help=text, description=text)
        parser.set_defaults(handler=handler)
        return parser

    running = add("run", run, "run the daemon in the foreground (tray + scheduler)")
    running.add_argument(
        "--no-tray", action="store_true", help="no tray icon (notifications and CLI only)"
    )
    # For tests only, hence hidden: how long reminders wait after start-up or a wake-up.
    running.add_argument("--wake-grace", type=_seconds, default=None, help=argparse.SUPPRESS)
    add("start", start, "start the daemon in the background (nothing to do if it runs)")
    add("stop", stop, "ask the running daemon to quit and wait until it has")
    add("status", status, "state, next break, time left, snoozes and today's counts").add_argument(
        "--json", action="store_true", help="print the daemon's status JSON (stable)"
    )
    add("break", take_break, "start a break now").add_argument(
        "routine", nargs="?", metavar="ROUTINE", help="routine id (default: the next one)"
    )
    add("snooze", snooze, "snooze the due (or next) break").add_argument(
        "duration", nargs="?", metavar="DURATION", help='e.g. "10m" (default: the configured one)'
    )
    add("skip", simple("skip"), "skip the due (or next) break")
    add("pause", pause, "pause reminders (no argument: until resumed)").add_argument(
        "when", nargs="*", metavar="DURATION | until HH:MM | tomorrow"
    )
    add("resume", simple("resume"), "resume reminders after a pause")
    add("reload", simple("reload"), "re-read the config file")


def call(ctx: Context, cmd: str, **args: Any) -> Reply | int:
    """The daemon's Reply, or the exit code after saying why there is none."""
    try:
        return Client(ctx.paths).call(cmd, **args)
    except NotRunning as exc:
        print(exc, file=ctx.err)
        return NOT_RUNNING
    except DeskbreakError as exc:
        print(f"deskbreak: {exc}", file=ctx.err)
        return REFUSED


def report(ctx: Context, reply: Reply | int) -> int:
    if isinstance(reply, int):
        return reply
    if reply.ok:
        print(reply.message, file=ctx.out)
    else:
        print(f"deskbreak: {reply.message}", file=ctx.err)
    return _EXIT[reply.code]


def simple(cmd: str) -> Callable[[Context], int]:
    def handler(ctx: Context) -> int:
        return report(ctx, call(ctx, cmd))

    return handler


def take_break(ctx: Context) -> int:
    routine = ctx.args.routine
    return report(ctx, call(ctx, "break", **({"routine": routine} if routine else {})))


def snooze(ctx: Context) -> int:
    if ctx.args.duration is None:
        return report(ctx, call(ctx, "snooze"))
    try:
        length = _positive(ctx.args.duration)
    except ValueError as exc:
        print(f"deskbreak: snooze: {exc}", file=ctx.err)
        return USAGE
    return report(ctx, call(ctx, "snooze", length=length))


def pause(ctx: Context) -> int:
    try:
        args = pause_args(list(ctx.args.when))
    except ValueError as exc:
        print(f"deskbreak: pause: {exc}", file=ctx.err)
        return USAGE
    return report(ctx, call(ctx, "pause", **args))


def _positive(text: str) -> str:
    """Check a duration here and send it in canonical form; raise ValueError with the reason."""
    try:
        length = parse_duration(text)
    except DurationError as exc:
        raise ValueError(str(exc)) from None
    if not length:
        raise ValueError(f'"{text}" is zero; give a length such as "10m"')
    return format_duration(length)


def pause_args(words: list[str]) -> dict[str, Any]:
    """`[]`, `["30m"]`, `["until", "17:30"]`, `["17:30"]`, `["tomorrow"]` → IPC args."""
    if not words:
        return {}
    if len(words) == 1 and words[0].lower() == "tomorrow":
        return {"tomorrow": True}
    if words[0].lower() == "until":
        if len(words) != 2:
            raise ValueError('write "until HH:MM", e.g. "pause until 17:30"')
        parse_clock(words[1])
        return {"until": words[1].strip()}
    if len(words) == 1 and ":" in words[0]:
        parse_clock(words[0])
        return {"until": words[0].strip()}
    if len(words) == 1:
        return {"for": _positive(words[0])}
    raise ValueError(
        "give a DURATION (30m), until HH:MM, tomorrow, or nothing to pause until resumed"
    )


def status(ctx: Context) -> int:
    reply = call(ctx, "status")
    if isinstance(reply, int) or not reply.ok:
        return report(ctx, reply)
    if ctx.args.json:
        print(json.dumps(reply.data, ensure_ascii=False), file=ctx.out)
    else:
        print(render_status(reply.data), file=ctx.out)
    return OK


def render_status(data: Mapping[str, Any]) -> str:
    """The readable multi-line summary of a Status JSON object."""
    now = _time(data.get("now"))
    lines = [str(data.get("headline", "")), f"  state:       {data.get('state', '?')}"]
    nxt = data.get("next_routine") or {}
    due = _time(data.get("next_due"))
    if due is not None:
        minutes = round(int(nxt.get("seconds") or 0) / 60, 1)
        what = f"{nxt.get('title', nxt.get('id', '?'))} ({minutes:g} min)"
        lines.append(f"  next break:  {_clock(due, now)} — {what}")
    seconds = data.get("seconds_left")
    if isinstance(seconds, int):
        left = "less than a minute" if seconds < 60 else f"{data.get('minutes_left')} min"
        lines.append(f"  time left:   {left} of active work")
    for key, label in (("snoozed_until", "snoozed to: "), ("paused_until", "paused to:  ")):
        when = _time(data.get(key))
        if when is not None:
            lines.append(f"  {label} {_clock(when, now)}")
    limit = data.get("max_snoozes") or 0
    used = data.get("snoozes_used", 0)
    lines.append(
        f"  snoozes:     {used} of {limit} used" if limit else f"  snoozes:     {used} used"
    )
    if data.get("snooze_refused"):
        lines.append(f"               (snooze refused now: {data['snooze_refused']})")
    hold = data.get("hold")
    hold = hold if isinstance(hold, Mapping) else {}
    reasons = hold.get("reasons")
    if isinstance(reasons, list) and reasons:
        since = _time(hold.get("since"))
        held = f"  hold:        {', '.join(map(str, reasons))}"
        lines.append(held + (f" since {_clock(since, now)}" if since else ""))
    if data.get("natural_breaks") is False:
        lines.append("  natural breaks: off (idle time can't be read here)")
    lines.append(f"  today:       {_today(data.get('today') or {})}")
    return "\n".join(lines)


def _today(t: Mapping[str, Any]) -> str:
    return (
        f"{t.get('taken', 0)} of {t.get('goal', 0)} breaks taken "
        f"({t.get('completed', 0)} completed, {t.get('partial', 0)} partial), "
        f"{t.get('snoozed', 0)} snoozed, {t.get('skipped', 0)} skipped, "
        f"{t.get('natural', 0)} natural; {t.get('stretch_minutes', 0)} min stretching"
    )


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _clock(when: datetime, now: datetime | None) -> str:
    if now is None or when.date() == now.date():
        return f"{when:%H:%M}"
    return f"{when:%a %H:%M}"


def run(ctx: Context) -> int:
    if (info := _ping(ctx.paths)) is not None:
        print(f"deskbreak is already running (pid {info.get('pid', '?')})", file=ctx.out)
        return OK
    logs.setup(ctx.paths, verbose=ctx.verbose, console=True)
    app = importlib.import_module("deskbreak.app")  # the composition root, heavy: only here
    run_app: Callable[..., int] = app.run
    options: dict[str, Any] = {"verbose": ctx.verbose, "tray": not ctx.args.no_tray}
    options["announce"] = lambda text: print(text, file=ctx.out, flush=True)  # once, on start
    if ctx.args.wake_grace is not None:
        options["wake_grace"] = ctx.args.wake_grace
    try:
        return int(run_app(ctx.paths, **options))
    except AlreadyRunning as exc:
        print(exc, file=ctx.out)
        return OK


def _seconds(text: str) -> float:
    """A number of seconds, 0 or more (argparse turns the ValueError into a usage error)."""
    value = float(text)
    if not 0 <= value <= 3600:
        raise ValueError(text)
    return value


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
        return report(ctx, reply)
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
