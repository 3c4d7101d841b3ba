"""`deskbreak run | start | stop | status | break | snooze | skip | pause | resume | reload`.

Owns the commands that drive the running daemon over `deskbreak.ipc`: parsing
durations and times on this side (so a typo never reaches the daemon), mapping
replies to exit codes (0 ok, 1 refused, 2 bad usage, 3 not running). The status as
words is `cli.statustext`'s; running, starting and stopping the daemon are
`cli.lifecycle`'s, following the status (`status --follow`) is `cli.followcmd`'s.
Nothing here imports a GUI library.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from deskbreak.cli import NOT_RUNNING, OK, REFUSED, USAGE, Context
from deskbreak.cli.followcmd import add_options, follow
from deskbreak.cli.lifecycle import run, start, stop
from deskbreak.cli.statustext import render_status
from deskbreak.core.config.durations import DurationError, format_duration, parse_duration
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _
from deskbreak.core.ports import Reply, ReplyCode
from deskbreak.ipc import Client, NotRunning, parse_clock

_EXIT = {ReplyCode.OK: OK, ReplyCode.REFUSED: REFUSED, ReplyCode.INVALID: USAGE}


def register(subparsers: Any) -> None:
    def add(name: str, handler: Callable[[Context], int], text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = subparsers.add_parser(name, help=text, description=text)
        parser.set_defaults(handler=handler)
        return parser

    running = add("run", run, _("run the daemon in the foreground (tray + scheduler)"))
    running.add_argument(
        "--no-tray", action="store_true", help=_("no tray icon (notifications and CLI only)")
    )
    # For tests only, hence hidden: how long reminders wait after start-up or a wake-up.
    running.add_argument("--wake-grace", type=_seconds, default=None, help=argparse.SUPPRESS)
    add("start", start, _("start the daemon in the background (nothing to do if it runs)"))
    add("stop", stop, _("ask the running daemon to quit and wait until it has"))
    shown = add("status", status, _("state, next break, time left, snoozes and today's counts"))
    shown.add_argument(
        "--json", action="store_true", help=_("print the daemon's status JSON (stable)")
    )
    add_options(shown)
    add("break", take_break, _("start a break now")).add_argument(
        "routine",
        nargs="?",
        # Translators: a placeholder in the usage line, in capitals: the routine to play.
        metavar=_("ROUTINE"),
        help=_("routine id (default: the next one)"),
    )
    add("snooze", snooze, _("snooze the due (or next) break")).add_argument(
        "duration",
        nargs="?",
        # Translators: a placeholder in the usage line, in capitals: a length of time.
        metavar=_("DURATION"),
        # Translators: "10m" is typed as it is (ten minutes).
        help=_('e.g. "10m" (default: the configured one)'),
    )
    add("skip", simple("skip"), _("skip the due (or next) break"))
    add("pause", pause, _("pause reminders (no argument: until resumed)")).add_argument(
        "when",
        nargs="*",
        # "until" and "tomorrow" are typed as they are, in any language.
        metavar="{duration} | until HH:MM | tomorrow".format(duration=_("DURATION")),
    )
    add("resume", simple("resume"), _("resume reminders after a pause"))
    add("reload", simple("reload"), _("re-read the config file"))


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
        # Translators: {text} is what the user typed; "10m" is typed as it is.
        raise ValueError(_('"{text}" is zero; give a length such as "10m"').format(text=text))
    return format_duration(length)


def pause_args(words: list[str]) -> dict[str, Any]:
    """`[]`, `["30m"]`, `["until", "17:30"]`, `["17:30"]`, `["tomorrow"]` → IPC args."""
    if not words:
        return {}
    if len(words) == 1 and words[0].lower() == "tomorrow":
        return {"tomorrow": True}
    if words[0].lower() == "until":
        if len(words) != 2:
            # Translators: "until HH:MM" and "pause until 17:30" are typed as they are.
            raise ValueError(_('write "until HH:MM", e.g. "pause until 17:30"'))
        parse_clock(words[1])
        return {"until": words[1].strip()}
    if len(words) == 1 and ":" in words[0]:
        parse_clock(words[0])
        return {"until": words[0].strip()}
    if len(words) == 1:
        return {"for": _positive(words[0])}
    raise ValueError(
        # Translators: "30m", "until HH:MM" and "tomorrow" are typed as they are.
        _("give a DURATION (30m), until HH:MM, tomorrow, or nothing to pause until resumed")
    )


def status(ctx: Context) -> int:
    if ctx.args.follow or ctx.args.format or ctx.args.wait:
        return follow(ctx)
    reply = call(ctx, "status")
    if isinstance(reply, int) or not reply.ok:
        return report(ctx, reply)
    if ctx.args.json:
        print(json.dumps(reply.data, ensure_ascii=False), file=ctx.out)
    else:
        print(render_status(reply.data, reply.message), file=ctx.out)
    return OK


def _seconds(text: str) -> float:
    """A number of seconds, 0 or more (argparse turns the ValueError into a usage error)."""
    value = float(text)
    if not 0 <= value <= 3600:
        raise ValueError(text)
    return value
