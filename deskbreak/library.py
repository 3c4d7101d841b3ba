"""Built-in exercises and routines (placeholder: being written from the seeds).

API: `exercises()` and `routines()` return read-only mappings by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType

from deskbreak.routines import Exercise, Routine, Step

_CAT_COW = Exercise("seated-cat-cow", "Seated cat-cow", ("Hands on knees",), sides=False, figure="cat-cow")
_TWIST = Exercise("seated-spinal-twist", "Seated spinal twist", ("Turn from the ribs",), sides=True, figure="twist")
_ROLLS = Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",), figure="shoulder-rolls")
_M = timedelta(minutes=1)

_EXERCISES = {e.id: e for e in (_CAT_COW, _TWIST, _ROLLS)}
_ROUTINES = {
    "mini-reset": Routine(
        "mini-reset", "Desk mini-reset", (Step(_CAT_COW, _M), Step(_TWIST, _M), Step(_ROLLS, _M))
    ),
}


def exercises() -> Mapping[str, Exercise]:
    return MappingProxyType(_EXERCISES)


def routines() -> Mapping[str, Routine]:
    return MappingProxyType(_ROUTINES)
