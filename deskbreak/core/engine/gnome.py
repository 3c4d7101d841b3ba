"""The engine beside GNOME's movement reminder: what a change of GNOME's break means.

While GNOME keeps time (`EngineState.gnome`) the interval counter is off (`rules`) and
GNOME's movement break is followed here: when it falls due the engine makes it its own
due break, offered without a notice of its own (GNOME's notification is the reminder;
the tray and `deskbreak start` give the routine); when GNOME's break ends after the
user stepped away it counts as taken; when it stops being due without that (delayed or
skipped in GNOME's notification) it is dropped unrecorded. Core module: standard library.
"""

from __future__ import annotations

from enum import Enum

from deskbreak.core.engine.state import EngineState
from deskbreak.core.gnomebreaks import Phase

DETAIL = {"by": "gnome"}


class Outcome(Enum):
    NOTHING = 0
    OFFER = 1  # GNOME's break fell due: offer the routine for it
    TAKEN = 2  # GNOME's break ended after the user stepped away
    DROPPED = 3  # GNOME's break is no longer due (delayed or skipped there)


def follow(s: EngineState, was: str, now: str) -> Outcome:
    """What GNOME's movement break going from phase `was` to `now` means for the engine."""
    if now == was:
        return Outcome.NOTHING
    if now != Phase.NONE:
        if was == Phase.NONE and s.pending is None and s.on_break is None and s.pause is None:
            return Outcome.OFFER
        return Outcome.NOTHING
    if s.pending is None or not s.pending.gnome:
        return Outcome.NOTHING  # a routine is running for it, or it was never offered
    return Outcome.TAKEN if was == Phase.IN_BREAK else Outcome.DROPPED
