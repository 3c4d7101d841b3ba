"""The engine's mutable state: the pending break, a running break, a pause, the counters.

Plain dataclasses: `Engine` writes them, the rules and the status read them; nothing
outside the engine sees them. Core module: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from deskbreak.core.engine import timekeeping
from deskbreak.core.engine.effects import Observation
from deskbreak.core.events import Trigger

WAKE_GRACE = 60.0  # default: no new reminder this soon after a wake-up or start-up
FIXED_LATE = 3600.0  # a fixed reminder missed by up to this much still fires (once)
PROBE = 60.0  # idle probe period while the counter runs
MAX_WAIT = 300.0  # never sleep longer: bounds lateness after an unnoticed suspend


@dataclass
class Pending:
    routine: str
    trigger: Trigger
    renotify_t: float | None
    snoozed_until_t: float | None = None
    fixed_key: str | None = None
    gnome: bool = False  # GNOME's movement break, offered without a notice of our own
    before: datetime | None = None  # offered early: the start of the meeting block it is before
    # renotify off: a dismissed notice of this break has had its one comeback set
    came_back: bool = False


@dataclass
class OnBreak:
    routine: str
    trigger: Trigger
    pending: Pending | None  # restored when the routine is stopped before any step


@dataclass
class Pause:
    until_t: float | None = None  # a duration, on the engine timeline
    until_wall: datetime | None = None  # a wall time; both None = until resumed


@dataclass
class EngineState:
    t: float = 0.0
    last: Observation | None = None
    expected_wait: float | None = None
    counter: timekeeping.WorkCounter = field(default_factory=timekeeping.WorkCounter)
    extra: float = 0.0  # snoozes taken before the break fell due
    snoozes: int = 0
    heads_up_sent: bool = False
    pending: Pending | None = None
    on_break: OnBreak | None = None
    pause: Pause | None = None
    not_before_t: float = 0.0
    rotation: int = 0
    period_start: float | None = None  # timestamp of the working period we are in
    fired: set[str] = field(default_factory=set)
    gnome: bool = False  # GNOME keeps time: no interval counter of our own
    gnome_phase: str = "none"  # core.gnomebreaks.Phase of GNOME's movement break
    rested_at: datetime | None = None  # wall time the counter last started afresh
