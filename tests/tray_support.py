"""Statuses and routines for the tray tests (menu model, Tray, SNI wire, real trays).

Test support: imports only deskbreak's core.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from deskbreak.core.routines import Exercise, Posture, Routine, Step
from deskbreak.core.status import Action, Counts, State, Status

NOW = datetime(2026, 3, 2, 10, 0)
CHOICES = (timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=30))
_ROLLS = Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",))
_FLOOR = Exercise("knees", "Knees to chest", ("Hug both knees",), posture=Posture.FLOOR)
ROUTINES = (
    Routine("neck", "Neck release", (Step(_ROLLS, timedelta(minutes=2)),)),
    Routine("floor-back", "Floor back release", (Step(_FLOOR, timedelta(minutes=3)),)),
    Routine("upper-back", "Upper-back opener", (Step(_ROLLS, timedelta(minutes=3)),)),
)
NOT_NOW = "There is no break to skip right now"


def make_status(state: State = State.WORKING, **changes: Any) -> Status:
    """A status in `state` with the refusals the engine gives in that state."""
    counting = state in (State.WORKING, State.HEADS_UP)
    refusals: dict[Action, str] = {Action.RESUME: "deskbreak is not paused"}
    if state is State.PAUSED:
        refusals = {Action.SKIP: NOT_NOW, Action.SNOOZE: "deskbreak is paused"}
    if state is State.ON_BREAK:
        refusals[Action.START] = "A routine is already running"
    base = Status(
        state=state,
        now=NOW,
        next_due=None,
        seconds_left=23 * 60 if counting else None,
        snoozes_used=0,
        max_snoozes=3,
        snooze_refusal=None,
        paused_until=None,
        next_working=None,
        next_routine="neck",
        next_routine_title="Neck release",
        next_routine_seconds=120,
        today=Counts(completed=2, partial=1),
        goal=6,
        interval_seconds=45 * 60,
        refusals=refusals,
    )
    return replace(base, **changes)
