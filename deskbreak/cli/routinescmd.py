"""`deskbreak routines list|show|export`: the routines a user can play, from the command line.

Owns listing the built-in and the user's routines (as a table or JSON; "steps"
counts what the player counts, each side once), showing one routine step by
step with everything the player shows (what each exercise is for, cues,
breathing, repetitions and holds, what goes where on each side, easier
versions, cautions) as text or JSON, and exporting one as a [[routines]] block
to paste into the config. An invalid config is reported on stderr and the
built-ins are still listed. Imports no edge library.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from deskbreak.cli import OK, USAGE, Context
from deskbreak.core.config.checks import suggest
from deskbreak.core.config.dump import export_routine
from deskbreak.core.config.model import Config
from deskbreak.core.config.read import ConfigErrors, catalogue, load_config
from deskbreak.core.library import INTRO
from deskbreak.core.routines import Phase, Posture, Routine, Step
from deskbreak.core.safety import EMERGENCY, STOP_NOW

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
    show.add_argument("--json", action="store_true", help="print JSON, with each step's exercise")
    show.set_defaults(handler=run_show)
    export = actions.add_parser("export", help="print a routine as TOML for your config")
    export.add_argument("id", metavar="ID", help="routine id")
    export.set_defaults(handler=run_export)


def clock(value: timedelta) -> str:
    """m:ss, the way a routine's length is shown."""
    minutes, seconds = divmod(int(value.total_seconds()), 60)
    return f"{minutes}:{seconds:02d}"


def place(routine: Routine) -> str:
    """Where it is done: "desk" (seated), "standing" or "floor"."""
    return "desk" if routine.posture is Posture.SEATED else routine.posture.value


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
        "steps": len(routine.segments()),
        "exercises": len(routine.steps),
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
    if ctx.args.json:
        print(json.dumps(routine_json(routine), indent=2, ensure_ascii=False), file=ctx.out)
        return OK
    for line in routine_lines(routine):
        print(line, file=ctx.out)
    return OK


def run_export(ctx: Context) -> int:
    routine = _find(ctx)
    if routine is None:
        return USAGE
    ctx.out.write(export_routine(routine))
    return OK


def routine_lines(routine: Routine) -> list[str]:
    """`routines show` as text: the intro, then every step with all it shows in the player."""
    lines = [f"{routine.title} ({routine.id}) — {clock(routine.total)}, {place(routine)}"]
    lines += [routine.summary] if routine.summary else []
    lines += list(INTRO)
    segment = 1
    for number, step in enumerate(routine.steps, start=1):
        lines.append("")
        lines += step_lines(number, step, segment, len(routine.segments()))
        segment += 2 if step.exercise.sides else 1
    lines += ["", STOP_NOW, EMERGENCY, "The whole safety note: deskbreak safety"]
    lines += ["", f"Total: {clock(routine.total)}"]
    return lines


def step_lines(number: int, step: Step, segment: int, count: int) -> list[str]:
    ex = step.exercise
    where = f"step {segment} of {count}"
    if ex.sides:
        where = f"steps {segment}–{segment + 1} of {count}"
        sides = f" per side ({clock(step.total)} in all), left then right ({where})"
    else:
        sides = f" ({where})"
    lines = [f"{number}. {ex.name} [{ex.id}] — {clock(step.duration)}{sides}"]
    lines += [f"   {ex.purpose}"] if ex.purpose else []
    lines += [f"   Before it starts: {ex.before}"] if ex.before else []
    lines += [f"   - {cue}" for cue in ex.cues]
    lines += [f"   Breathing: {ex.breathing}"] if ex.breathing else []
    pace = repetition_text(step)
    lines += [f"   {pace}"] if pace else []
    lines += [f"   {side}" for side in (ex.left, ex.right) if side and ex.sides]
    lines += [f"   Easier: {m}" for m in ex.modifications]
    lines += [f"   Caution: {c}" for c in ex.cautions]
    return lines


def repetition_text(step: Step) -> str:
    """How the step's time divides: "4 times per side: …, hold about 8 s, …"."""
    reps = step.repetitions()
    rhythm = step.exercise.rhythm
    if reps is None:
        return ""
    if rhythm is None or not rhythm.counted:
        return f"Stay and breathe: about {reps.count} slow breaths of {reps.seconds:.0f} s."
    per = " per side" if step.exercise.sides else ""
    times = f"{reps.count} time{'s' if reps.count != 1 else ''}{per}"
    if reps.hold <= 0:
        return f"Repetitions: {times}, one breath of {reps.seconds:.1f} s each."
    into = "in-breath" if rhythm.first is Phase.INHALE else "out-breath"
    return (
        f"Repetitions: {times}: move on the {into}, hold about {reps.hold:.0f} s, "
        f"then come back ({reps.seconds:.0f} s each)."
    )


def routine_json(routine: Routine) -> dict[str, Any]:
    """`routines show --json`: the routine, and every step with its whole exercise."""
    steps = []
    segment = 1
    for number, step in enumerate(routine.steps, start=1):
        span = [segment, segment + 1] if step.exercise.sides else [segment]
        steps.append({"number": number, "segments": span, **step_json(step)})
        segment += len(span)
    return {
        **_as_json(routine),
        "summary": routine.summary,
        "intro": list(INTRO),
        "plan": steps,
        "safety": {"stop": STOP_NOW, "emergency": EMERGENCY},
    }


def step_json(step: Step) -> dict[str, Any]:
    ex = step.exercise
    reps = step.repetitions()
    rhythm = ex.rhythm
    return {
        "seconds": step.duration.total_seconds(),
        "total_seconds": step.total.total_seconds(),
        "exercise": {
            "id": ex.id,
            "name": ex.name,
            "purpose": ex.purpose,
            "posture": ex.posture.value,
            "cues": list(ex.cues),
            "breathing": ex.breathing,
            "breath_seconds": ex.breath_seconds,
            "modifications": list(ex.modifications),
            "cautions": list(ex.cautions),
            "before": ex.before or None,
            "sides": {"left": ex.left, "right": ex.right} if ex.sides else None,
            "figure": ex.figure,
        },
        "rhythm": None
        if rhythm is None
        else {
            "first": rhythm.first.value,
            "inhale": list(rhythm.inhale),
            "exhale": list(rhythm.exhale),
            "hold": rhythm.hold,
        },
        "repetitions": None
        if reps is None
        else {
            "count": reps.count,
            "per_side": ex.sides,
            "counted": rhythm is not None and rhythm.counted,
            "seconds": reps.seconds,
            "hold": reps.hold,
            "breath": reps.breath,
        },
    }
