"""`deskbreak play ROUTINE [--terminal] [--by-ear] [--level N] [--report]`: run a routine now.

Owns finding the routine among the built-in and the user's routines, choosing
the window or the terminal player (with the terminal's keys; calm lines when
`player.accessible` is on or a screen reader runs), the by-ear voice
(`player.by_ear` or `--by-ear`, whose cues `--report` lists on a line before the
outcome), turning
SIGINT/SIGTERM into a clean stop, the exit code (0 when the routine ran to its
end, 1 when it was stopped), and printing the outcome as the last stdout line
with `--report` (that line is how the daemon's launcher learns how the routine
ended, so with `--report` the exit code is 0 whenever the line was printed). The
routine plays at its progression level: `--level`, which the daemon always passes, else
the one the history in the store has earned. Imports tkinter and PIL only through
`deskbreak.player.window`, and only when a window is used.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from types import FrameType
from typing import Any

from deskbreak.cli import OK, USAGE, Context
from deskbreak.core import progression
from deskbreak.core.config.model import PlayerSettings
from deskbreak.core.i18n import _
from deskbreak.core.ports import PlayOutcome
from deskbreak.core.routines import Routine, unknown_routine

log = logging.getLogger(__name__)

STOPPED = 1  # the exit code of a routine stopped before its end


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "play",
        help=_("play a guided routine now"),
        # Translators: Space, → and Esc are the keys; name them as keyboards in your
        # language label them.
        description=_(
            "Play a guided routine now, in a window or in this terminal. "
            "Space pauses, → skips a step, Esc stops. Exits 0 when the routine ran to "
            "its end, 1 when it was stopped."
        ),
    )
    parser.add_argument(
        "routine", metavar=_("ROUTINE"), help=_("routine id (see `deskbreak routines`)")
    )
    parser.add_argument(
        "--terminal", action="store_true", help=_("play in this terminal, not a window")
    )
    parser.add_argument(
        "--by-ear",
        action="store_true",
        help=_(
            "announce every step, side, hold, breath and repetition aloud, to follow with "
            "eyes closed"
        ),
    )
    parser.add_argument(
        "--level",
        type=int,
        choices=range(progression.TOP + 1),
        metavar="N",
        # Translators: {top} is the highest level (a number); progression = holds and
        # repetitions that grow over the weeks the user keeps up the breaks.
        help=_(
            "play at this progression level, 0 to {top} (without it: the level your "
            "history has earned, when player.progression is on)"
        ).format(top=progression.TOP),
    )
    parser.add_argument(
        "--report",
        action="store_true",
        # Translators: `{"outcome": {...}}` is printed as it is.
        help=_('print the outcome as a last line: `{"outcome": {...}}`'),
    )
    parser.set_defaults(handler=run)


def run(ctx: Context) -> int:
    settings, routines = load_routines(ctx)
    wanted = str(ctx.args.routine)
    routine = routines.get(wanted)
    if routine is None:
        print(f"deskbreak: {unknown_routine(wanted, routines)}", file=ctx.err)
        return USAGE
    level = ctx.args.level if ctx.args.level is not None else history_level(ctx, settings)
    routine = progression.progressed(routine, level)
    stop = threading.Event()
    if ctx.args.by_ear:
        settings = replace(settings, by_ear=True)
    cues: list[dict[str, object]] = []
    with stop_on_signals(stop):
        outcome, stopped = play(ctx, routine, settings, stop, cues)
    if ctx.args.report:
        if settings.by_ear:  # which cues were given, when and how; the outcome stays last
            print(json.dumps({"cues": cues}), file=ctx.out, flush=True)
        print(json.dumps({"outcome": outcome.to_json()}), file=ctx.out, flush=True)
        return OK
    return STOPPED if stopped else OK


def load_routines(ctx: Context) -> tuple[PlayerSettings, Mapping[str, Routine]]:
    """The player settings and every routine by id, built-in and the user's."""
    from deskbreak.core.config.read import catalogue, load_config

    config = load_config(ctx.paths.config_file)
    return config.player, catalogue(config)


def history_level(ctx: Context, settings: PlayerSettings) -> int:
    """The progression level the history in the store has earned (0 without a history)."""
    if not settings.progression or not ctx.paths.database.exists():
        return 0
    from datetime import datetime

    from deskbreak.daemon import progress
    from deskbreak.daemon.clock import local_zone
    from deskbreak.daemon.store import Store, StoreError

    tz = local_zone()
    try:
        store = Store.open_readonly(ctx.paths.database)
    except StoreError as exc:
        log.warning("no progression level: %s", exc)
        return 0
    try:
        return progress.level(store, settings, datetime.now(tz), tz)
    finally:
        store.close()


def play(
    ctx: Context,
    routine: Routine,
    settings: PlayerSettings,
    stop: threading.Event,
    cues: list[dict[str, object]] | None = None,
) -> tuple[PlayOutcome, bool]:
    """How the routine ended, and whether it was stopped before its end; by ear, the cues
    given are added to `cues`."""
    # The player's modules are imported here: the daemon (`deskbreak run`) never plays.
    from deskbreak.player.ear import EarVoice
    from deskbreak.player.guide import first_safety_note
    from deskbreak.player.keys import cbreak
    from deskbreak.player.sounds import Sounds
    from deskbreak.player.terminal import TerminalPlayer
    from deskbreak.player.timeline import Timeline

    reason = terminal_reason(ctx.args.terminal, settings)
    tty = ctx.out.isatty()
    sounds = Sounds(
        ctx.paths.state_dir,
        chime=settings.chime,
        voice=settings.voice and not settings.by_ear,  # by ear, the ear does the talking
        bell=(lambda: _bell(ctx)) if tty else None,
    )
    ear = EarVoice(routine.segments(), sounds) if settings.by_ear else None
    timeline = Timeline(routine, time.monotonic)
    try:
        if reason is None:
            from deskbreak.player import window

            try:
                outcome = window.play(timeline, settings, ctx.paths, sounds, stop, on_frame=ear)
                return outcome, timeline.stopped
            except window.WindowUnavailable as exc:
                reason = str(exc)
        if reason:
            # Translators: {reason} says why no window is used.
            text = _("playing in the terminal: {reason}").format(reason=reason)
            print(f"deskbreak: {text}", file=ctx.err)
        note = first_safety_note(ctx.paths)
        accessible = settings.accessible or _screen_reader()
        with cbreak(sys.stdin) as keys:
            player = TerminalPlayer(
                timeline, ctx.out, tty=tty, sounds=sounds, stop=stop, keys=keys, note=note,
                accessible=accessible, ear=ear,
            )  # fmt: skip
            return player.play(), timeline.stopped
    finally:
        if ear is not None:
            ear.close(finish=timeline.finished and not timeline.stopped)
            if cues is not None:
                cues += ear.record()
        sounds.close()


def _screen_reader() -> bool:
    """Whether a screen reader runs, so the terminal player is calm without being asked."""
    from deskbreak.player import screenreader

    found = screenreader.running()
    if found:
        log.info("a screen reader runs (%s): the terminal player writes calm lines", found)
    return found is not None


def terminal_reason(asked: bool, settings: PlayerSettings) -> str | None:
    """Why the terminal is used ("" when asked for), or None to try the window."""
    if asked:
        return ""
    if not settings.window:
        return _("{key} is off in the config").format(key="player.window")
    graphical = sys.platform in ("win32", "darwin", "cygwin")
    if not graphical and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        # Translators: {x11} and {wayland} are the names of environment variables.
        text = _("no display (neither {x11} nor {wayland} is set)")
        return text.format(x11="DISPLAY", wayland="WAYLAND_DISPLAY")
    return None


def _bell(ctx: Context) -> None:
    ctx.out.write("\a")
    ctx.out.flush()


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Turn Ctrl-C, SIGTERM (the daemon's stop) and SIGHUP into a clean stop request."""

    def request(signum: int, frame: FrameType | None) -> None:
        log.info("stop requested by signal %s", signum)
        stop.set()

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    chosen = [getattr(signal, n) for n in names if hasattr(signal, n)]
    previous = {s: signal.signal(s, request) for s in chosen}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
