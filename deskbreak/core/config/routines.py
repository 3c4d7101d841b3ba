"""Reading the user's own `[[routines]]` into `Routine`s, and checking the rotation.

Owns the rules of a user routine: ids (lowercase words joined by hyphens, not
a built-in's), steps that reuse a built-in exercise or define their own, and
durations. Steps last 1s..10m (per side); a routine has 1–40 steps and lasts at
most 30 minutes. Desk breaks in the rotation need a seated routine of 2 to 4
minutes. Core module: standard library and core modules only; must not import
`config.read` (it imports this) or `config.dump`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from deskbreak.core import library
from deskbreak.core.config.checks import Checker, Table, did_you_mean, show, suggest
from deskbreak.core.config.durations import human
from deskbreak.core.i18n import _
from deskbreak.core.routines import DESK_MAX, DESK_MIN, Exercise, Posture, Routine, Side, Step

ROUTINE_KEYS = ("id", "title", "summary", "steps", "first_side")
STEP_KEYS = ("exercise", "name", "duration", "sides", "cues", "breathing", "posture")
OVERRIDES = ("name", "duration", "sides", "cues", "breathing")
STEP_TIME = (timedelta(seconds=1), timedelta(minutes=10))
ROUTINE_MAX = timedelta(minutes=30)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def routine_id(check: Checker, value: object, path: str) -> str | None:
    """A routine id: lowercase words joined by hyphens."""
    if not isinstance(value, str):
        check.wrong_type(path, value, _("a routine id"), _('write it in quotes, e.g. "mini-reset"'))
        return None
    if not _ID.match(value) or len(value) > 40:
        fix = _('use lowercase letters and digits joined by hyphens, e.g. "my-reset"')
        check.add(path, _("{value} is not a valid id").format(value=show(value)), fix)
        return None
    return value


def check_rotation(
    check: Checker, rotation: tuple[str, ...], known: Mapping[str, Routine], broken: set[str]
) -> None:
    """Desk breaks need an existing desk routine (seated or standing) of 2 to 4 minutes."""
    for index, name in enumerate(rotation):
        path = f"schedule.rotation[{index}]"
        routine = known.get(name)
        if name in broken:
            continue
        if routine is None:
            check.add(path, *unknown_routine(name, known))
        elif not routine.is_desk:
            fix = _("desk breaks happen at the desk: choose a seated or standing routine")
            # Translators: {name} is a routine id; the routine has steps done on the floor.
            check.add(path, _('"{name}" has floor steps').format(name=name), fix)
        elif not DESK_MIN <= routine.total <= DESK_MAX:
            fix = _("desk breaks take 2 to 4 minutes: choose another routine or change its steps")
            # Translators: {name} is a routine id, {length} a length of time such as "5 min".
            message = _('"{name}" lasts {length}').format(name=name, length=human(routine.total))
            check.add(path, message, fix)


def unknown_routine(name: str, known: Mapping[str, Routine]) -> tuple[str, str]:
    """The message and fix for a routine id that names no routine."""
    close = suggest(name, known)
    hint = did_you_mean(close) if close else _("see `deskbreak routines list`")
    # Translators: {name} is a routine id as the user wrote it.
    return _('unknown routine "{name}"').format(name=name), hint


def read_routines(check: Checker, value: object) -> tuple[tuple[Routine, ...], set[str]]:
    """The user's routines, and the ids of those too broken to use."""
    # Translators: id, title and [[routines.steps]] are config keys: keep them.
    example = _("[[routines]] with id, title and [[routines.steps]]")
    out: list[Routine] = []
    broken: set[str] = set()
    seen: dict[str, str] = {}
    for path, table in check.tables(value, "routines", example=example)[:100]:
        before = len(check.problems)
        routine = _routine(check, path, table)
        name = table.get("id")
        if isinstance(name, str) and _ID.match(name):
            _check_unique(check, f"{path}.id", name, seen)
            seen.setdefault(name, path)
        if routine is None or len(check.problems) != before:
            broken.update([name] if isinstance(name, str) else [])
        else:
            out.append(routine)
    return tuple(out), broken


def _check_unique(check: Checker, path: str, name: str, seen: Mapping[str, str]) -> None:
    if name in library.routines():
        check.add(
            path,
            _('"{name}" is a built-in routine').format(name=name),
            _('pick another id, e.g. "{example}"').format(example=f"my-{name}"),
        )
    elif name in seen:
        # Translators: {name} is a routine id, {where} a config key path such as routines[0].
        check.add(
            path,
            _('"{name}" is already used by {where}').format(name=name, where=seen[name]),
            _("give each routine its own id"),
        )


def _routine(check: Checker, path: str, table: Table) -> Routine | None:
    check.keys(table, path, ROUTINE_KEYS)
    for key, fix in (
        ("id", _('add id = "my-reset"')),
        ("steps", _("add [[routines.steps]] entries")),
    ):
        if key not in table:
            check.add(f"{path}.{key}", _("is missing"), fix)
    rid = routine_id(check, table["id"], f"{path}.id") if "id" in table else None
    title = (
        check.text(table["title"], f"{path}.title", what=_("a title"), limit=80)
        if "title" in table
        else rid
    )
    summary = (
        check.text(table["summary"], f"{path}.summary", what=_("a summary"))
        if "summary" in table
        else ""
    )
    steps = (
        _steps(check, f"{path}.steps", table["steps"], rid or "step") if "steps" in table else None
    )
    first = check.choice(table, "first_side", path, choices=tuple(Side), default="")
    if rid is None or title is None or summary is None or steps is None:
        return None
    side = Side(first) if first else None
    routine = Routine(rid, title, steps, summary=summary, builtin=False, first_side=side)
    if routine.total > ROUTINE_MAX:
        check.add(
            path,
            # Translators: {length} is a length of time such as "35 min".
            _("lasts {length}").format(length=human(routine.total)),
            _("keep a routine to 30 minutes or less"),
        )
    return routine


def _steps(check: Checker, path: str, value: object, rid: str) -> tuple[Step, ...] | None:
    entries = check.tables(value, path, example="[[routines.steps]]")
    if not entries or len(entries) > 40:
        check.add(
            path,
            _("must have 1 to 40 steps"),
            _("add [[routines.steps]] entries with a duration"),
        )
        return None
    steps = [_step(check, step_path, table, rid) for step_path, table in entries]
    if any(step is None for step in steps) or len(steps) != _length(value):
        return None
    return tuple(step for step in steps if step is not None)


def _length(value: object) -> int:
    return len(value) if isinstance(value, list) else -1


def _step(check: Checker, path: str, table: Table, rid: str) -> Step | None:
    check.keys(table, path, STEP_KEYS)
    duration = _step_duration(check, table, path)
    if "exercise" in table:
        exercise = _reused(check, table, path)
    elif "name" in table:
        exercise = _own(check, table, path, rid)
    else:
        # Translators: exercise and name are config keys: keep them.
        check.add(
            path,
            _("has neither exercise nor name"),
            _('add exercise = "shoulder-rolls" or name = "…"'),
        )
        exercise = None
    if exercise is None or duration is None:
        return None
    return Step(exercise, duration)


def _step_duration(check: Checker, table: Table, path: str) -> timedelta | None:
    if "duration" not in table:
        check.add(f"{path}.duration", _("is missing"), _('add duration = "30s"'))
        return None
    got = check.duration(
        table["duration"], f"{path}.duration", low=STEP_TIME[0], high=STEP_TIME[1], off=False
    )
    return got if isinstance(got, timedelta) else None


def _reused(check: Checker, table: Table, path: str) -> Exercise | None:
    known = library.exercises()
    name = table["exercise"]
    if not isinstance(name, str):
        check.wrong_type(
            f"{path}.exercise",
            name,
            _("an exercise id"),
            _('write it in quotes, e.g. "shoulder-rolls"'),
        )
        return None
    if "posture" in table:
        check.add(
            f"{path}.posture",
            _("cannot change a built-in exercise's posture"),
            # Translators: name is a config key: keep it.
            _("remove it, or define your own step with name"),
        )
    if name not in known:
        close = suggest(name, known)
        hint = (
            did_you_mean(close) if close else _("see `deskbreak routines show ID` for exercise ids")
        )
        message = _('unknown exercise "{name}"').format(name=name)
        check.add(f"{path}.exercise", message, hint)
        return None
    base = known[name]
    changes = _details(check, table, path)
    return None if changes is None else replace(base, **changes)


def _own(check: Checker, table: Table, path: str, rid: str) -> Exercise | None:
    name = check.text(table["name"], f"{path}.name", what=_("a name"), limit=60)
    details = _details(check, table, path, name=False)
    posture = _posture(check, table.get("posture", "seated"), f"{path}.posture")
    if name is None or details is None or posture is None:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "step"
    return Exercise(f"{rid}.{slug}", name, posture=posture, **{"cues": (), **details})


def _details(
    check: Checker, table: Table, path: str, *, name: bool = True
) -> dict[str, Any] | None:
    """The optional name, cues, sides and breathing of a step."""
    before = len(check.problems)
    out: dict[str, Any] = {}
    if name and "name" in table:
        out["name"] = check.text(table["name"], f"{path}.name", what=_("a name"), limit=60)
    if "cues" in table:
        out["cues"] = check.texts(
            table["cues"], f"{path}.cues", what=_("a list of cues"), each=_("a cue"), most=10
        )
    if "breathing" in table:
        out["breathing"] = check.text(
            table["breathing"], f"{path}.breathing", what=_("a breathing cue")
        )
    if "sides" in table:
        out["sides"] = check.boolean(table, "sides", path, False)
    return out if len(check.problems) == before else None


def _posture(check: Checker, value: object, path: str) -> Posture | None:
    choices = [p.value for p in Posture]
    if isinstance(value, str) and value.strip().lower() in choices:
        return Posture(value.strip().lower())
    check.add(
        path,
        _("{value} is not a posture").format(value=show(value)),
        # Translators: {choices} lists config values (seated, standing, floor): keep them.
        _("use one of {choices}").format(choices=", ".join(choices)),
    )
    return None
