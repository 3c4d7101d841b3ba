"""`deskbreak status --follow`: the status as it changes, for a status bar.

Owns following: the options (`--follow`, `--format json | waybar | text`, `--wait`), the
loop over the daemon's pushed lines (`ipc.Client.follow`: one line at once, then one per
change, and one each minute the minutes left change — never polled), and the three ways
a line is written: the `status --json` object, waybar's custom-module JSON (`text`,
`alt`, `tooltip`, `class`, `percentage`) or one plain line (polybar, i3blocks, tmux).
When the daemon stops it ends with exit 0, after a last "not running" line in the waybar
and text formats (a bar should not go on showing a countdown); with `--wait` it waits for
the daemon to come back (looking once a second) and goes on. A follower the daemon
dropped for not keeping up follows again at once. Ctrl-C ends it without a word.
Imports no GUI library.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import sys
import time
from collections.abc import Mapping
from typing import Any

from deskbreak.cli import NOT_RUNNING, OK, REFUSED, USAGE, Context
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _, ngettext
from deskbreak.core.status import State, state_name
from deskbreak.ipc import Client, NotRunning

FORMATS = ("json", "waybar", "text")
RETRY = 1.0  # seconds between looks for a daemon that is not running (--wait)
PING_TIMEOUT = 1.0  # is the daemon still there, after the stream ended?
# The waybar class of each state: what a bar's style sheet colours.
CLASSES = {
    "working": "running",
    "heads-up": "soon",
    "due": "due",
    "held": "held",
    "snoozed": "snoozed",
    "on-break": "break",
    "paused": "paused",
    "off-hours": "off-hours",
    "away": "away",
}
STOPPED = "stopped"


def add_options(parser: argparse.ArgumentParser) -> None:
    """`status`'s options for following."""
    parser.add_argument(
        "--follow",
        action="store_true",
        help=_("print the status now and again each time it changes (for a status bar)"),
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        # Translators: a placeholder in the usage line, in capitals: how the status is written.
        metavar=_("FORMAT"),
        # Translators: json, waybar and text are the choices, typed as they are.
        help=_("with --follow: json (as --json; the default), waybar or text (one plain line)"),
    )
    parser.add_argument(
        "--wait",
        action="store_true",
        help=_("with --follow: wait while deskbreak is not running, and go on when it starts"),
    )


def follow(ctx: Context) -> int:
    args = ctx.args
    if not args.follow:
        # Translators: {options} are command-line options, typed as they are.
        message = _("{options} can only be used with --follow").format(options="--format, --wait")
        print(f"deskbreak: status: {message}", file=ctx.err)
        return USAGE
    if args.json and args.format not in (None, "json"):
        # Translators: {option} is a command-line option, such as --format waybar.
        message = _("--json and {option} cannot be used together")
        print(
            f"deskbreak: status: {message.format(option='--format ' + args.format)}", file=ctx.err
        )
        return USAGE
    try:
        return _follow(ctx, args.format or "json", wait=args.wait)
    except KeyboardInterrupt:
        return 130  # Ctrl-C: the usual code, and not a word
    except BrokenPipeError:  # the bar went away
        if ctx.out is sys.stdout:  # no second complaint from the interpreter's last flush
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK


def _follow(ctx: Context, form: str, *, wait: bool) -> int:
    client = Client(ctx.paths)
    said_gone = False
    while True:
        try:
            for message in client.follow():
                _write(ctx, render(message, form))
                said_gone = False
        except NotRunning as exc:
            if not wait:
                print(exc, file=ctx.err)
                return NOT_RUNNING
        except DeskbreakError as exc:
            if not wait:
                print(f"deskbreak: {exc}", file=ctx.err)
                return REFUSED
        else:  # the stream ended: the daemon stopped, or dropped us for falling behind
            if _answers(ctx):
                continue
            if not wait:
                _write(ctx, gone(form))
                return OK
        if not said_gone:
            _write(ctx, gone(form))
            said_gone = True
        if _reader_gone(ctx.out, RETRY):  # the bar quit: nobody reads what we would write
            return OK


def _reader_gone(out: Any, wait: float) -> bool:
    """Wait up to `wait` seconds; True as soon as the pipe `out` writes to has no reader
    (waybar quit while the daemon was down: nothing would ever write to notice it)."""
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file: just wait
        time.sleep(wait)
        return False
    poller = select.poll()
    poller.register(fd, select.POLLERR | select.POLLHUP)  # a pipe's write end: no reader
    return bool(poller.poll(wait * 1000))


def _answers(ctx: Context) -> bool:
    try:
        Client(ctx.paths, timeout=PING_TIMEOUT).call("ping")
    except DeskbreakError:
        return False
    return True


def _write(ctx: Context, line: str | None) -> None:
    if line is not None:
        print(line, file=ctx.out, flush=True)


def render(message: Mapping[str, Any], form: str) -> str:
    """One pushed status (`{"status": {...}, "headline": "..."}`) as a line in `form`."""
    data: Mapping[str, Any] = message.get("status") or {}
    headline = message.get("headline")
    headline = headline if isinstance(headline, str) else str(data.get("headline", ""))
    if form == "json":
        return json.dumps(data, ensure_ascii=False)
    if form == "text":
        return headline
    state = str(data.get("state"))
    bar = {
        "text": _short(data),
        "alt": state,
        "tooltip": headline,
        "class": CLASSES.get(state, state),
        "percentage": percentage(data),
    }
    return json.dumps(bar, ensure_ascii=False)


def gone(form: str) -> str | None:
    """The line that says the daemon is not running; none in the json format, whose
    objects keep `status --json`'s keys."""
    said = _("deskbreak is not running")
    if form == "text":
        return said
    if form == "waybar":
        bar = {"text": "", "alt": STOPPED, "tooltip": said, "class": STOPPED, "percentage": 0}
        return json.dumps(bar, ensure_ascii=False)
    return None


def _short(data: Mapping[str, Any]) -> str:
    """What a bar shows: the minutes left while they count down, else the state's name."""
    state, minutes = data.get("state"), data.get("minutes_left")
    if state in ("working", "heads-up") and isinstance(minutes, int):
        return ngettext("{n} min", "{n} min", minutes).format(n=minutes)
    try:
        return state_name(State(str(state)))
    except ValueError:
        return str(state)


def percentage(data: Mapping[str, Any]) -> int:
    """How far toward the next break, 0 to 100: full while it is due or held."""
    if data.get("state") in ("due", "held"):
        return 100
    total, left = data.get("interval_seconds"), data.get("seconds_left")
    if not isinstance(total, int) or not isinstance(left, int) or total <= 0:
        return 0
    return max(0, min(100, round(100 * (total - left) / total)))
