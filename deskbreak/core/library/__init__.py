"""The built-in exercises and routines: what a user gets before writing any of their own.

A package by what it holds: `seated` (the chair exercises of the back and the twists),
`shoulders` (the chair exercises of the shoulders, chest and neck), `mat` (floor poses
and the standing wall stretches), `sets` (the routines and their intro).
`exercises()` and `routines()` return read-only mappings by id, built once;
`wording()` yields every sentence of built-in text a user can be shown.
Core package: imports only the standard library and `deskbreak.core`; never an
edge (no PIL, no `figures` — an exercise's `figure` is just an id).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from types import MappingProxyType

from deskbreak.core import safety
from deskbreak.core.library import mat, seated, sets, shoulders
from deskbreak.core.routines import Exercise, Routine

INTRO = sets.INTRO


@cache
def _exercise_table() -> Mapping[str, Exercise]:
    return MappingProxyType(
        {e.id: e for e in (*seated.seated(), *shoulders.shoulders(), *mat.mat())}
    )


def exercises() -> Mapping[str, Exercise]:
    """Every built-in exercise by id (read-only)."""
    return _exercise_table()


@cache
def _routine_table() -> Mapping[str, Routine]:
    steps = sets.stepper(_exercise_table())
    return MappingProxyType({r.id: r for r in (*sets.desk(steps), *sets.floor(steps))})


def routines() -> Mapping[str, Routine]:
    """Every built-in routine by id (read-only)."""
    return _routine_table()


def wording() -> Iterator[str]:
    """Every sentence of built-in text a user can be shown: exercises, routines, safety."""
    for ex in exercises().values():
        yield from (ex.name, ex.purpose, ex.left, ex.right, ex.before, ex.breathing or "")
        yield from (*ex.cues, *ex.modifications, *ex.cautions)
    for routine in routines().values():
        yield from (routine.title, routine.summary)
    yield from INTRO
    yield from (safety.SAFETY_NOTE, safety.STOP_NOW, safety.EMERGENCY, safety.SOURCES_KEY)
    yield safety.DESK_SETUP
    yield from (flag.text for flag in safety.RED_FLAGS)
