"""`deskbreak routines list|show|export`: the routines a user can play, from the command line.

Owns listing the built-in and the user's routines (as a table or JSON; "steps"
counts what the player counts, each side once), showing one routine step by
step with everything the player shows (what each exercise is for, cues,
breathing, repetitions and holds, what goes where on each side, easier
versions, cautions) as text or JSON, and exporting one as a [[routines]] block
to paste into the config. An invalid config is reported on stderr and the
built-ins are still listed. Reads routines through `core.config.read`; imports
no edge library.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from typing import Any

from deskbreak.cli import OK, USAGE, Context
from deskbreak.cli.columns import ljust, widest
from deskbreak.cli.tomltext import export_routine
from deskbreak.core import library
from deskbreak.core.config.checks import suggest
from deskbreak.core.config.model import Config
from deskbreak.core.config.read import ConfigErrors, catalogue, load_config
from deskbreak.core.i18n import _, ngettext, number_text, pgettext
from deskbreak.core.library import INTRO
from deskbreak.core.routines import Phase, Posture, Routine, Side, Step
from deskbreak.core.safety import EMERGENCY, STOP_NOW

log = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "routines",
        help=_("list, show or export routines"),
        description=_("List, show or export the built-in routines and your own."),
    )
    # Translators: a placeholder in the usage line, in capitals: what to do.
    actions = parser.add_subparsers(dest="routines_action", metavar=_("ACTION"))
    parser.set_defaults(handler=run_list, json=False)
    listing = actions.add_parser("list", help=_("list every routine"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", help=_("show one routine step by step"))
    # Translators: a placeholder in the usage line, in capitals: a routine's id.
    show.add_argument("id", metavar=_("ID"), help=_("routine id"))
    show.add_argument(
        "--json", action="store_true", help=_("print JSON, with each step's exercise")
    )
    show.set_defaults(handler=run_show)
    export = actions.add_parser("export", help=_("print a routine as TOML for your config"))
    export.add_argument("id", metavar=_("ID"), help=_("routine id"))
    export.set_defaults(handler=run_export)


def clock(value: timedelta) -> str:
    """m:ss, the way a routine's length is shown."""
    minutes, seconds = divmod(int(value.total_seconds()), 60)
    return f"{minutes}:{seconds:02d}"


def place(routine: Routine) -> str:
    """Where it is done: "desk" (seated), "standing" or "floor", in the user's language."""
    if routine.posture is Posture.SEATED:
        return pgettext("place", "desk")
    if routine.posture is Posture.STANDING:
        return pgettext("place", "standing")
    if routine.posture is Posture.FLOOR:
        return pgettext("place", "floor")
    return routine.posture.value


@cache
def _wording() -> frozenset[str]:
    return frozenset(library.wording())


def shown(text: str) -> str:
    """A text of a routine as shown: built-in wording translated, the user's own as written."""
    return _(text) if text in _wording() else text


def routines(ctx: Context) -> Mapping[str, Routine]:
    """Every routine; with an invalid config, say so and keep to the built-ins."""
    try:
        config = load_config(ctx.paths.config_file)
    except ConfigErrors as exc:
        count = len(exc.problems)
        text = ngettext(
            "your config has {count} problem, so only built-in routines are shown "
            "(run `deskbreak config check`)",
            "your config has {count} problems, so only built-in routines are shown "
            "(run `deskbreak config check`)",
            count,
        )
        print(f"deskbreak: {text.format(count=count)}", file=ctx.err)
        config = Config()
    return catalogue(config)


def run_list(ctx: Context) -> int:
    found = routines(ctx)
    if ctx.args.json:
        rows = [_as_json(r) for r in found.values()]
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=ctx.out)
        return OK
    width = max((len(r.id) for r in found.values()), default=2)
    places = max(8, widest(place(r) for r in found.values()))
    # Translators: after the title of a routine the user wrote in their own config.
    yours = _("(yours)")
    for r in found.values():
        mine = "" if r.builtin else f"  {yours}"
        where = ljust(place(r), places)
        title = shown(r.title)
        print(f"{r.id:<{width}}  {clock(r.total):>5}  {where}  {title}{mine}", file=ctx.out)
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
    if close:
        # Translators: {wanted} is the id typed, {close} the routine id probably meant.
        text = _('no routine "{wanted}" — did you mean "{close}"?')
    else:
        # Translators: {wanted} is the id typed.
        text = _('no routine "{wanted}" — see `deskbreak routines list`')
    print(f"deskbreak: {text.format(wanted=wanted, close=close)}", file=ctx.err)
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
    # Translators: the heading of `deskbreak routines show`: {title} the routine's title,
    # {id} its id, {length} its length (m:ss), {place} where it is done (desk, floor ...).
    heading = _("{title} ({id}) — {length}, {place}").format(
        title=shown(routine.title), id=routine.id, length=clock(routine.total), place=place(routine)
    )
    lines = [heading]
    lines += [shown(routine.summary)] if routine.summary else []
    lines += [_(text) for text in INTRO]
    segment = 1
    for number, step in enumerate(routine.steps, start=1):
        lines.append("")
        right = routine.first_side is Side.RIGHT
        lines += step_lines(number, step, segment, len(routine.segments()), right_first=right)
        segment += 2 if step.exercise.sides else 1
    # Translators: {command} is the command that shows it.
    whole = _("The whole safety note: {command}").format(command="deskbreak safety")
    lines += ["", _(STOP_NOW), _(EMERGENCY), whole]
    # Translators: a routine's whole length (m:ss).
    lines += ["", _("Total: {length}").format(length=clock(routine.total))]
    return lines


def step_lines(
    number: int, step: Step, segment: int, count: int, right_first: bool = False
) -> list[str]:
    ex = step.exercise
    name = shown(ex.name)
    if ex.sides and right_first:
        # Translators: one step of a routine, as the message that says "left then right",
        # for a routine set to start on the right (first_side = "right").
        head = _(
            "{number}. {name} [{id}] — {length} per side ({total} in all), right then left "
            "(steps {first}–{second} of {count})"
        )
    elif ex.sides:
        # Translators: one step of a routine: {number}. {name} [{id}], then its length per
        # side, the length of both sides, and which of the routine's {count} steps it is.
        # Left and right are the user's own.
        head = _(
            "{number}. {name} [{id}] — {length} per side ({total} in all), left then right "
            "(steps {first}–{second} of {count})"
        )
    else:
        # Translators: one step of a routine: {number}. {name} [{id}], then its length and
        # which of the routine's {count} steps it is.
        head = _("{number}. {name} [{id}] — {length} (step {first} of {count})")
    first = head.format(
        number=number,
        name=name,
        id=ex.id,
        length=clock(step.duration),
        total=clock(step.total),
        first=segment,
        second=segment + 1,
        count=count,
    )
    lines = [first]
    lines += [f"   {shown(ex.purpose)}"] if ex.purpose else []
    # Translators: {text} is a caution to read before the step starts.
    before = _("Before it starts: {text}")
    lines += [f"   {before.format(text=shown(ex.before))}"] if ex.before else []
    lines += [f"   - {shown(cue)}" for cue in ex.cues]
    # Translators: {text} says how to breathe during the step.
    breathing = _("Breathing: {text}")
    lines += [f"   {breathing.format(text=shown(ex.breathing))}"] if ex.breathing else []
    pace = repetition_text(step)
    lines += [f"   {pace}"] if pace else []
    order = (ex.right, ex.left) if right_first else (ex.left, ex.right)
    lines += [f"   {shown(side)}" for side in order if side and ex.sides]
    # Translators: {text} is an easier version of the exercise.
    easier = _("Easier: {text}")
    lines += [f"   {easier.format(text=shown(m))}" for m in ex.modifications]
    # Translators: {text} is a caution about the exercise.
    caution = _("Caution: {text}")
    lines += [f"   {caution.format(text=shown(c))}" for c in ex.cautions]
    return lines


def repetition_text(step: Step) -> str:
    """How the step's time divides: "4 times per side: …, hold about 8 s, …"."""
    reps = step.repetitions()
    rhythm = step.exercise.rhythm
    if reps is None:
        return ""
    n = reps.count
    if rhythm is None or not rhythm.counted:
        # Translators: {n} breaths, each {seconds} seconds long.
        text = ngettext(
            "Stay and breathe: about {n} slow breath of {seconds} s.",
            "Stay and breathe: about {n} slow breaths of {seconds} s.",
            n,
        )
        return text.format(n=n, seconds=number_text(reps.seconds, 0))
    sides = step.exercise.sides
    if reps.hold <= 0:
        if sides:
            text = ngettext(
                "Repetitions: {n} time per side, one breath of {seconds} s each.",
                "Repetitions: {n} times per side, one breath of {seconds} s each.",
                n,
            )
        else:
            text = ngettext(
                "Repetitions: {n} time, one breath of {seconds} s each.",
                "Repetitions: {n} times, one breath of {seconds} s each.",
                n,
            )
        return text.format(n=n, seconds=number_text(reps.seconds, 1))
    inhale = rhythm.first is Phase.INHALE
    if sides and inhale:
        # Translators: {n} repetitions; in each, move with the breath named, hold for {hold}
        # seconds, then come back; one repetition takes {seconds} seconds.
        text = ngettext(
            "Repetitions: {n} time per side: move on the in-breath, hold about {hold} s, "
            "then come back ({seconds} s each).",
            "Repetitions: {n} times per side: move on the in-breath, hold about {hold} s, "
            "then come back ({seconds} s each).",
            n,
        )
    elif sides:
        text = ngettext(
            "Repetitions: {n} time per side: move on the out-breath, hold about {hold} s, "
            "then come back ({seconds} s each).",
            "Repetitions: {n} times per side: move on the out-breath, hold about {hold} s, "
            "then come back ({seconds} s each).",
            n,
        )
    elif inhale:
        text = ngettext(
            "Repetitions: {n} time: move on the in-breath, hold about {hold} s, "
            "then come back ({seconds} s each).",
            "Repetitions: {n} times: move on the in-breath, hold about {hold} s, "
            "then come back ({seconds} s each).",
            n,
        )
    else:
        text = ngettext(
            "Repetitions: {n} time: move on the out-breath, hold about {hold} s, "
            "then come back ({seconds} s each).",
            "Repetitions: {n} times: move on the out-breath, hold about {hold} s, "
            "then come back ({seconds} s each).",
            n,
        )
    return text.format(n=n, hold=number_text(reps.hold, 0), seconds=number_text(reps.seconds, 0))


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
