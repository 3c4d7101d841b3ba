"""The control protocol: what a request line may say and what the daemon answers.

One JSON object per line, each at most `MAX_LINE` bytes. A fixed table of
requests maps onto `DaemonCommands`; every argument is parsed and checked here,
so a bad request gets a one-line "invalid" answer and never reaches the daemon.
No pickle, no attribute proxying. Imports only the standard library and core
modules; must not import sockets, the daemon, the tray or any GUI library.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, Protocol

from deskbreak import __version__
from deskbreak.core.config.durations import DurationError, parse_duration
from deskbreak.core.i18n import _, ngettext, number_text
from deskbreak.core.ports import Commands, PauseKind, PauseSpec, PlayOutcome, Reply, ReplyCode

log = logging.getLogger(__name__)

MAX_LINE = 64 * 1024
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class DaemonCommands(Commands, Protocol):
    def record_played(self, outcome: PlayOutcome) -> Reply:
        """A standalone `deskbreak play` reports how its routine ended."""
        ...


class _BadArgs(ValueError):
    pass


def parse_clock(text: str) -> int:
    """ "HH:MM" (24-hour) → minutes after midnight; ValueError says what is wrong."""
    match = _CLOCK.match(text) if isinstance(text, str) else None
    if match is None:
        # Translators: {text} is what the user typed; {form} is "HH:MM", the 24-hour form the
        # command line takes in any language, and {example} a time written in it.
        message = _('"{text}" is not a time; write it as {form}, e.g. {example}')
        raise ValueError(message.format(text=text, form="HH:MM", example='"17:30"'))
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        # Translators: {text} is what the user typed; keep "00:00 to 23:59" in 24-hour form.
        raise ValueError(_('"{text}" is not a time of day (00:00 to 23:59)').format(text=text))
    return hours * 60 + minutes


def _check(args: Mapping[str, Any], *allowed: str) -> None:
    unknown = sorted(set(args) - set(allowed))
    if not unknown:
        return
    # The argument names are the protocol's own: they stay as they are.
    if allowed:
        # Translators: {name} is the argument sent, {names} a list of the ones this command takes.
        message = _("unknown argument {name}; allowed: {names}")
    else:
        # Translators: {name} is the argument sent; the command takes no arguments at all.
        message = _("unknown argument {name}; allowed: none")
    raise _BadArgs(message.format(name=repr(unknown[0]), names=", ".join(allowed)))


def _text(args: Mapping[str, Any], key: str) -> str | None:
    value = args.get(key)
    if value is not None and not isinstance(value, str):
        # Translators: {name} is an argument's name, e.g. 'length'.
        raise _BadArgs(_("{name} must be a string").format(name=repr(key)))
    return value


def _length(args: Mapping[str, Any], key: str) -> timedelta | None:
    text = _text(args, key)
    if text is None:
        return None
    try:
        length = parse_duration(text)
    except DurationError as exc:
        raise _BadArgs(str(exc)) from None
    if not length:
        # Translators: {name} is an argument's name, e.g. 'length'.
        raise _BadArgs(_("{name} must be longer than zero").format(name=repr(key)))
    return length


def pause_spec(args: Mapping[str, Any]) -> PauseSpec:
    """{"for": "30m"} | {"until": "HH:MM"} | {"tomorrow": true} | {} → PauseSpec."""
    _check(args, "for", "until", "tomorrow")
    if len(args) > 1:
        raise _BadArgs(
            _("pause takes at most one of {names}").format(names="'for', 'until', 'tomorrow'")
        )
    if "for" in args:
        return PauseSpec(PauseKind.FOR, length=_length(args, "for"))
    if "until" in args:
        try:
            return PauseSpec(PauseKind.UNTIL, clock=parse_clock(args["until"]))
        except ValueError as exc:
            raise _BadArgs(str(exc)) from None
    if "tomorrow" in args:
        if args["tomorrow"] is not True:
            # Translators: {name} is an argument's name; true is a JSON value, keep it.
            raise _BadArgs(_("{name} must be true").format(name="'tomorrow'"))
        return PauseSpec(PauseKind.TOMORROW)
    return PauseSpec(PauseKind.INDEFINITE)


def _status(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a)
    status = c.status()
    return Reply(ReplyCode.OK, status.headline(), status.to_json())


def _routines(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a)
    listed = [
        {"id": r.id, "title": r.title, "seconds": round(r.total.total_seconds()), "desk": r.is_desk}
        for r in c.routines()
    ]
    choices = [round(length.total_seconds()) for length in c.snooze_choices()]
    count = len(listed)
    message = ngettext("{n} routine", "{n} routines", count).format(n=number_text(count))
    return Reply.done(message, routines=listed, snooze_choices=choices)


def _played(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a, "outcome")
    raw = a.get("outcome")
    if not isinstance(raw, dict):
        # Translators: {name} is an argument's name; an object is a JSON object.
        raise _BadArgs(_("{name} must be an object").format(name="'outcome'"))
    try:
        outcome = PlayOutcome.from_json(raw)
    except (KeyError, ValueError, TypeError) as exc:
        # Translators: {name} is an argument's name; {error} is the program's own, in English.
        message = _("{name} is not a play outcome: {error}")
        raise _BadArgs(message.format(name="'outcome'", error=repr(exc))) from None
    return c.record_played(outcome)


def _break(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a, "routine")
    return c.start_break(_text(a, "routine"))


def _snooze(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
    _check(a, "length")
    return c.snooze(_length(a, "length"))


_Handler = Callable[[DaemonCommands, Mapping[str, Any]], Reply]


def _no_args(call: Callable[[DaemonCommands], Reply]) -> _Handler:
    def handler(c: DaemonCommands, a: Mapping[str, Any]) -> Reply:
        _check(a)
        return call(c)

    return handler


_TABLE: Mapping[str, _Handler] = {
    "status": _status,
    "break": _break,
    "snooze": _snooze,
    "skip": _no_args(lambda c: c.skip()),
    "pause": lambda c, a: c.pause(pause_spec(a)),
    "resume": _no_args(lambda c: c.resume()),
    "reload": _no_args(lambda c: c.reload()),
    "routines": _routines,
    "ping": _no_args(lambda c: Reply.done("pong", version=__version__, pid=os.getpid())),
    "played": _played,
    "open-config": _no_args(lambda c: c.open_config()),
    "stats": _no_args(lambda c: c.show_stats()),
    # The quit itself happens after the reply has been sent.
    "quit": _no_args(lambda c: Reply.done(_("deskbreak is quitting"))),
    # The server keeps the connection open after this reply and sends a line per change
    # of the status (`ipc.followers`); the message is for programs.
    "follow": _no_args(lambda c: Reply.done("following")),
}
# Requests the server itself acts on once it has the reply: it quits, or streams.
THEN = ("quit", "follow")


def _response(reply: Reply) -> dict[str, Any]:
    return {
        "ok": reply.ok,
        "code": reply.code.value,
        "message": reply.message,
        "data": dict(reply.data),
    }


def error(code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "code": code, "message": message, "data": {}}


def handle_line(commands: DaemonCommands, line: bytes) -> tuple[dict[str, Any], str | None]:
    """One request line → (response, what the server does next: "quit", "follow" or
    None)."""
    try:
        request = json.loads(line)
    # The codes ("invalid", "error") are for programs; the messages are for the person.
    except ValueError as exc:  # includes UnicodeDecodeError
        # Translators: JSON is the request's format; {error} is the parser's own, in English.
        return error("invalid", _("malformed JSON: {error}").format(error=exc)), None
    if not isinstance(request, dict):
        # Translators: {example} is a request written in JSON; it stays as it is.
        message = _("a request must be a JSON object like {example}")
        return error("invalid", message.format(example='{"cmd": "status"}')), None
    cmd, args = request.get("cmd"), request.get("args", {})
    handler = _TABLE.get(cmd) if isinstance(cmd, str) else None
    if handler is None:
        # Translators: {command} is the command sent; {names} lists the commands there are.
        message = _("unknown command {command}; known: {names}")
        return error("invalid", message.format(command=repr(cmd), names=", ".join(_TABLE))), None
    if not isinstance(args, dict):
        # Translators: {name} is the request's key holding the arguments; JSON is its format.
        return error("invalid", _("{name} must be a JSON object").format(name="'args'")), None
    try:
        reply = handler(commands, args)
    except _BadArgs as exc:
        # Translators: {command} is a command's name; {problem} says what is wrong with it.
        return error("invalid", _("{command}: {problem}").format(command=cmd, problem=exc)), None
    except Exception as exc:
        log.exception("control request %r failed", cmd)
        # Translators: {command} is a command's name; {error} is the program's own, in English.
        message = _("{command} failed inside deskbreak: {error} (details in the log)")
        return error("error", message.format(command=cmd, error=exc)), None
    return _response(reply), cmd if cmd in THEN and reply.ok else None


def encode(message: Mapping[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":"), default=str).encode() + b"\n"
