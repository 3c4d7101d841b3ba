"""`make_status`: the one builder of `Status` values for the front-end tests.

The base is a working Monday with a little history: 23 minutes left, one snooze of three
used, and today 2 completed, 1 partial, 1 snoozed and 1 skipped break. Fields that only
mean something while the counter runs (`next_due`, `seconds_left`) are None in the other
states; any field can be changed by keyword.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from deskbreak.core.status import Counts, State, Status

NOW = datetime(2024, 3, 4, 10, 0)  # a Monday
COUNTING = (State.WORKING, State.HEADS_UP)


def make_status(state: State = State.WORKING, **changes: Any) -> Status:
    counting = state in COUNTING
    base = Status(
        state=state,
        now=NOW,
        next_due=datetime(2024, 3, 4, 10, 23) if counting else None,
        seconds_left=23 * 60 if counting else None,
        snoozes_used=1,
        max_snoozes=3,
        snooze_refusal=None,
        paused_until=None,
        next_working=None,
        next_routine="mini-reset",
        next_routine_title="Desk mini-reset",
        next_routine_seconds=240,
        today=Counts(due=4, completed=2, partial=1, snoozed=1, skipped=1, stretch_seconds=570),
    )
    return replace(base, **changes)
