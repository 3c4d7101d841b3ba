"""Statuses and routines for the tray tests (menu model, Tray, SNI wire, real trays).

`make_status` is `support.status.make_status` with what the tray shows set plainly: the
next routine "Neck release", a 45-minute interval, no snooze used, and the refusals the
engine gives in each state (so a menu built from it greys out what the engine would refuse).
`ROUTINES` has two desk routines and one on the floor.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from deskbreak.core.routines import Exercise, Posture, Routine, Step
from deskbreak.core.status import Action, Counts, State, Status
from support import status

NOW = status.NOW
CHOICES = (timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=30))
_ROLLS = Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",))
_FLOOR = Exercise("knees", "Knees to chest", ("Hug both knees",), posture=Posture.FLOOR)
ROUTINES = (
    Routine("neck", "Neck release", (Step(_ROLLS, timedelta(minutes=2)),)),
    Routine("floor-back", "Floor back release", (Step(_FLOOR, timedelta(minutes=3)),)),
    Routine("upper-back", "Upper-back opener", (Step(_ROLLS, timedelta(minutes=3)),)),
)
NOT_NOW = "There is no break to skip right now"


def refusals(state: State) -> dict[Action, str]:
    """What the engine refuses in `state` (the common cases)."""
    if state is State.PAUSED:
        return {Action.SKIP: NOT_NOW, Action.SNOOZE: "deskbreak is paused"}
    refused = {Action.RESUME: "deskbreak is not paused"}
    if state is State.ON_BREAK:
        refused[Action.START] = "A routine is already running"
    return refused


def make_status(state: State = State.WORKING, **changes: Any) -> Status:
    """A status in `state` as the tray sees it; any field can be changed by keyword."""
    shown: dict[str, Any] = {
        "snoozes_used": 0,
        "next_routine": "neck",
        "next_routine_title": "Neck release",
        "next_routine_seconds": 120,
        "today": Counts(completed=2, partial=1),
        "goal": 6,
        "interval_seconds": 45 * 60,
        "refusals": refusals(state),
    }
    return status.make_status(state, **(shown | changes))
