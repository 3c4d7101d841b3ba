"""The engine beside GNOME's movement reminder: what a change of GNOME's break means.

While GNOME keeps time (`EngineState.gnome`) the interval counter is off (`rules`) and
GNOME's movement break is followed here: when it falls due the engine makes it its own
due break, offered without a notice of its own (GNOME's notification is the reminder;
the tray and `deskbreak start` give the routine); when GNOME's break ends after the
user stepped away it counts as taken; when it stops being due without that (delayed or
skipped in GNOME's notification) it is dropped unrecorded. `told` applies what the
`Engine` was told to the state it hands in. Core module: standard library.
"""

from __future__ import annotations

from enum import Enum

from deskbreak.core.config.model import Config
from deskbreak.core.engine import due, rules
from deskbreak.core.engine.effects import Outbox
from deskbreak.core.engine.state import EngineState, Pending
from deskbreak.core.events import EventKind, Trigger
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


def told(s: EngineState, keeps_time: bool, phase: Phase, config: Config, out: Outbox) -> None:
    """Who keeps time (GNOME or deskbreak) and where GNOME's movement break is."""
    if keeps_time != s.gnome:
        s.gnome = keeps_time
        if s.pending is None or s.pending.trigger is Trigger.INTERVAL:
            if s.pending is not None:
                out.close_notice()
            due.break_taken(s)  # the new time keeper starts afresh
    was, s.gnome_phase = s.gnome_phase, phase if keeps_time else Phase.NONE
    outcome = follow(s, was, s.gnome_phase)
    if outcome is Outcome.OFFER:
        s.pending = Pending(rules.next_routine(s, config), Trigger.INTERVAL, None, gnome=True)
        out.record(EventKind.DUE, s.pending.routine, Trigger.INTERVAL, DETAIL)
    elif outcome is not Outcome.NOTHING:
        p = s.pending
        assert p is not None
        if outcome is Outcome.TAKEN:
            out.record(EventKind.NATURAL_BREAK, p.routine, p.trigger, DETAIL)
        out.close_notice()
        due.break_taken(s)
