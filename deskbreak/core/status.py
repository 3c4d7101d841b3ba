"""The status snapshot: the one value the tray, the CLI, IPC and tests render.

Built by the engine from its state; plain data with a stable JSON form
(documented in the README) and a one-line headline for tooltips.
Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class State(StrEnum):
    WORKING = "working"
    HEADS_UP = "heads-up"
    DUE = "due"
    SNOOZED = "snoozed"
    ON_BREAK = "on-break"
    PAUSED = "paused"
    OFF_HOURS = "off-hours"
    AWAY = "away"
    HELD = "held"  # a due break waits while a hold signal (a call, a share, ...) is on


class Action(StrEnum):
    """What a person can ask for from a front end; the status says which are allowed."""

    START = "start"
    SNOOZE = "snooze"
    SKIP = "skip"
    PAUSE = "pause"
    RESUME = "resume"


@dataclass(frozen=True)
class Hold:
    """Why a due break is being held, and since when."""

    reasons: tuple[str, ...]  # "camera", "microphone", "screen-share", "fullscreen", "dnd", "app"
    since: datetime


@dataclass(frozen=True)
class Counts:
    """Today's tallies from the history."""

    due: int = 0
    completed: int = 0
    partial: int = 0
    snoozed: int = 0
    skipped: int = 0
    natural: int = 0
    stretch_seconds: int = 0
    held: int = 0  # due breaks held during a call, a share, do-not-disturb ...
    held_taken: int = 0  # of those, taken (completed or part-way) after the hold

    @property
    def taken(self) -> int:
        return self.completed + self.partial


@dataclass(frozen=True)
class Status:
    state: State
    now: datetime
    next_due: datetime | None  # wall time the next desk break falls due, if working on
    seconds_left: int | None  # active seconds until due (None when not counting)
    snoozes_used: int
    max_snoozes: int  # 0 = unlimited
    snooze_refusal: str | None  # why Snooze is refused right now, or None
    paused_until: datetime | None  # set when paused for a while; None + PAUSED = indefinitely
    next_working: datetime | None  # when off hours: the next working period's start
    next_routine: str
    next_routine_title: str
    next_routine_seconds: int
    snoozed_until: datetime | None = None
    current_routine: str | None = None  # while on a break
    natural_breaks: bool = True  # False: no idle source, natural breaks are off
    today: Counts = field(default_factory=Counts)
    goal: int = 6
    interval_seconds: int | None = None  # the active time the next break counts toward
    refusals: Mapping[Action, str] = field(default_factory=dict)  # refused actions: why
    idle_source: str | None = None  # short id of the idle source, e.g. "x11"; None: none
    tray: str | None = None  # the tray backend id, e.g. "sni"; None: no tray
    hold: Hold | None = None  # set while a hold signal is on

    def allows(self, action: Action) -> bool:
        return action not in self.refusals

    def refusal(self, action: Action) -> str | None:
        """Why `action` is refused right now, or None when it is allowed."""
        return self.refusals.get(action)

    @property
    def minutes_left(self) -> int | None:
        if self.seconds_left is None:
            return None
        return max(0, (self.seconds_left + 59) // 60)

    def headline(self) -> str:
        """One line for a tooltip or status bar, e.g. "Next break in 23 min"."""
        s = self.state
        if s is State.DUE:
            return f"Time for a break: {self.next_routine_title}"
        if s is State.ON_BREAK:
            return "On a break"
        if s is State.HELD:
            why = ", ".join(_HELD_WHY.get(r, r) for r in self.hold.reasons) if self.hold else ""
            return f"Held: {why}" if why else "Break held"
        if s is State.SNOOZED and self.snoozed_until is not None:
            return f"Snoozed until {self.snoozed_until:%H:%M}"
        if s is State.PAUSED:
            if self.paused_until is None:
                return "Paused"
            return f"Paused until {until_phrase(self.paused_until, self.now)}"
        if s is State.OFF_HOURS:
            if self.next_working is None:
                return "Outside working hours"
            back = until_phrase(self.next_working, self.now, "at ")
            return f"Outside working hours — back {back}"
        if s is State.AWAY:
            return "Away — the break counter restarts when you are back"
        if self.seconds_left is None:
            return "Working"
        if self.seconds_left < 60:
            return "Next break in less than a minute"
        return f"Next break in {self.minutes_left} min"

    def to_json(self) -> dict[str, Any]:
        """The documented, stable JSON form (`deskbreak status --json`)."""
        return {
            "state": self.state.value,
            "headline": self.headline(),
            "now": self.now.isoformat(timespec="seconds"),
            "next_due": _iso(self.next_due),
            "seconds_left": self.seconds_left,
            "minutes_left": self.minutes_left,
            "snoozes_used": self.snoozes_used,
            "max_snoozes": self.max_snoozes,
            "snooze_refused": self.snooze_refusal,
            "snoozed_until": _iso(self.snoozed_until),
            "paused_until": _iso(self.paused_until),
            "next_working": _iso(self.next_working),
            "next_routine": {
                "id": self.next_routine,
                "title": self.next_routine_title,
                "seconds": self.next_routine_seconds,
            },
            "current_routine": self.current_routine,
            "natural_breaks": self.natural_breaks,
            "interval_seconds": self.interval_seconds,
            "actions": {
                a.value: {"allowed": self.allows(a), "reason": self.refusal(a)} for a in Action
            },
            "idle_source": self.idle_source,
            "tray": self.tray,
            "hold": None
            if self.hold is None
            else {"reasons": list(self.hold.reasons), "since": _iso(self.hold.since)},
            "today": {
                "due": self.today.due,
                "taken": self.today.taken,
                "completed": self.today.completed,
                "partial": self.today.partial,
                "snoozed": self.today.snoozed,
                "skipped": self.today.skipped,
                "natural": self.today.natural,
                "stretch_minutes": round(self.today.stretch_seconds / 60, 1),
                "goal": self.goal,
            },
        }


_HELD_WHY = {
    "camera": "camera in use",
    "microphone": "microphone in use",
    "screen-share": "screen shared",
    "fullscreen": "fullscreen window",
    "dnd": "do not disturb",
    "app": "a listed app is running",
}


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def until_phrase(at: datetime, now: datetime, today: str = "") -> str:
    """When `at` is, seen from `now`: "19:00" (or `today` + "19:00"), "tomorrow at 08:00",
    "Wed 02 Dec at 08:00"; both in the same time zone."""
    if at.date() == now.date():
        return f"{today}{at:%H:%M}"
    if (at.date() - now.date()).days == 1:
        return f"tomorrow at {at:%H:%M}"
    return f"{at:%a %d %b} at {at:%H:%M}"
