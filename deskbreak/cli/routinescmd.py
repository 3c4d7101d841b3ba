"""`deskbreak routines list|show|export`: the routines a user can play, from the command line.

Owns listing the built-in and the user's routines (as a table or JSON), showing
one routine step by step, and exporting one as a [[routines]] block to paste
into the config. An invalid config is reported on stderr and the built-ins are
still listed. Reads routines through `core.config.read`; imports no edge library.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from deskbreak.cli import OK, USAGE, Context
from deskbreak.cli.tomltext import export_routine
from deskbreak.core.config.checks import suggest
from deskbreak.core.config.model import Config
from deskbreak.core.config.read import ConfigErrors, catalogue, load_config
from deskbreak.core.routines import Routine

log = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "routines",
        help="list, show or export routines",
        description="List, show or export the built-in routines and your own.",
    )
    actions = parser.add_subparsers(dest="routines_action", metavar="ACTION")
    parser.set_defaults(handler=run_list, json=False)
    listing = actions.add_parser("list", help="list every routine")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", help="show one routine step by step")
    show.add_argument("id", metavar="ID", help="routine id")
    show.set_defaults(handler=run_show)
    export = actions.add_parser("export", help="print a routine as TOML for your config")
    export.add_argument("id", metavar="ID", help="routine id")
    export.set_defaults(handler=run_export)


def clock(value: timedelta) -> str:
    """m:ss, the way a routine's length is shown."""
    minutes, seconds = divmod(int(value.total_seconds()), 60)
    return f"{minutes}:{seconds:02d}"


def place(routine: Routine) -> str:
    return "desk" if routine.is_desk else routine.posture.value


def routines(ctx: Context) -> Mapping[str, Routine]:
    """Every routine; with an invalid config, say so and keep to the built-ins."""
    try:
        config = load_config(ctx.paths.config_file)
    except ConfigErrors as exc:
        count = len(exc.problems)
        print(
            f"deskbreak: your config has {count} problem{'s' if count != 1 else ''}, so only "
            "built-in routines are shown (run `deskbreak config check`)",
            file=ctx.err,
        )
        config = Config()
    return catalogue(config)


def run_list(ctx: Context) -> int:
    found = routines(ctx)
    if ctx.args.json:
        rows = [_as_json(r) for r in found.values()]
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=ctx.out)
        return OK
    width = max((len(r.id) for r in found.values()), default=2)
    for r in found.values():
        mine = "" if r.builtin else "  (yours)"
        print(f"{r.id:<{width}}  {clock(r.total):>5}  {place(r):<8}  {r.title}{mine}", file=ctx.out)
    return OK


def _as_json(routine: Routine) -> dict[str, Any]:
    return {
        "id": routine.id,
        "title": routine.title,
        "seconds": int(routine.total.total_seconds()),
        "length": clock(routine.total),
        "posture": routine.posture.value,
        "desk": routine.is_desk,
        "builtin": routine.builtin,
        "steps": len(routine.steps),
    }


def _find(ctx: Context) -> Routine | None:
    found = routines(ctx)
    wanted = str(ctx.args.id)
    if wanted in found:
        return found[wanted]
    close = suggest(wanted, found)
    hint = f'did you mean "{close}"?' if close else "see `deskbreak routines list`"
    print(f'deskbreak: no routine "{wanted}" — {hint}', file=ctx.err)
    return None


def run_show(ctx: Context) -> int:
    routine = _find(ctx)
    if routine is None:
        return USAGE
    out = ctx.out
    print(f"{routine.title} ({routine.id}) — {clock(routine.total)}, {place(routine)}", file=out)
    if routine.summary:
        print(routine.summary, file=out)
    for number, step in enumerate(routine.steps, start=1):
        exercise = step.exercise
        sides = f" per side ({clock(step.total)} in all), left then right" if exercise.sides else ""
        print(
            f"\n{number}. {exercise.name} [{exercise.id}] — {clock(step.duration)}{sides}", file=out
        )
        for cue in exercise.cues:
            print(f"   - {cue}", file=out)
        if exercise.breathing:
            print(f"   Breathing: {exercise.breathing}", file=out)
    print(f"\nTotal: {clock(routine.total)}", file=out)
    return OK


def run_export(ctx: Context) -> int:
    routine = _find(ctx)
    if routine is None:
        return USAGE
    ctx.out.write(export_routine(routine))
    return OK
