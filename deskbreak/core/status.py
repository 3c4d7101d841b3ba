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
from typing import Any, Protocol

from deskbreak.core.calendar import Block, SourceReport
from deskbreak.core.i18n import (
    N_,
    PlainFormats,
    _,
    day_text,
    ngettext,
    pgettext,
    time_text,
)


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

    reasons: tuple[str, ...]  # "camera", "microphone", "screen-share", "fullscreen", "dnd", "app",
    # "calendar"
    since: datetime


@dataclass(frozen=True)
class CalendarStatus:
    """The calendar as the status shows it (local times): the meeting block under way or
    the next one, as far as it lies in working hours, and how reading each source went."""

    next_block: Block | None
    sources: tuple[SourceReport, ...] = ()

    def to_json(self) -> dict[str, Any]:
        b = self.next_block
        return {
            "next_block": None
            if b is None
            else {"start": _iso(b.start), "end": _iso(b.end), "sources": list(b.sources)},
            "sources": [
                {"name": r.name, "read_at": _iso(r.read_at), "error": r.error} for r in self.sources
            ],
        }


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
    history_unsaved: int = 0  # events the history could not write yet (a full disk), kept
    notice_dismissed: datetime | None = None  # the due break's notice closed with no choice
    time_keeper: str = "deskbreak"  # who keeps time: "deskbreak", "gnome" or "both"
    time_keeper_why: str = "movement-off"  # why: core.gnomebreaks.keeper_reason's id
    calendar: CalendarStatus | None = None  # None: no calendar configured
    counting: bool = True  # the active-time counter runs (False while the user is idle)

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
        """One line for a tooltip or status bar, e.g. "Next break in 23 min", in the chosen
        language with the locale's times."""
        return _headline(self, _CHOSEN)

    def to_json(self) -> dict[str, Any]:
        """The documented, stable JSON form (`deskbreak status --json`)."""
        return {
            "state": self.state.value,
            "headline": _headline(self, _ENGLISH),  # stable: English, 24-hour times
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
            "history_unsaved": self.history_unsaved,
            "notice_dismissed": _iso(self.notice_dismissed),
            "interval_seconds": self.interval_seconds,
            "time_keeper": {"by": self.time_keeper, "because": self.time_keeper_why},
            "actions": {
                a.value: {"allowed": self.allows(a), "reason": self.refusal(a)} for a in Action
            },
            "idle_source": self.idle_source,
            "tray": self.tray,
            "hold": None
            if self.hold is None
            else {"reasons": list(self.hold.reasons), "since": _iso(self.hold.since)},
            "calendar": None if self.calendar is None else self.calendar.to_json(),
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


def until_minutes_change(status: Status) -> float | None:
    """Seconds of work until `minutes_left` next changes (a countdown's next step), or None
    while nothing counts down (not working, or the user idle). Half a second late, so the
    new minute is there to see: `seconds_left` is rounded to the second."""
    left = status.seconds_left
    if status.state not in (State.WORKING, State.HEADS_UP) or not left or left < 0:
        return None
    if not status.counting:  # idle: the minutes stand still until the user is back
        return None
    return (left % 60 or 60) + 0.5


# Why a break is held, for `Hold.reasons`: shown through `_()`.
_HELD_WHY = {
    "camera": N_("camera in use"),
    "microphone": N_("microphone in use"),
    "screen-share": N_("screen shared"),
    "fullscreen": N_("fullscreen window"),
    "dnd": N_("do not disturb"),
    "app": N_("a listed app is running"),
    # Translators: why a break is held: a meeting block from the calendar is under way.
    "calendar": N_("in a meeting"),
}


def state_name(state: State) -> str:
    """The state's name for a person, in the chosen language ("Paused", "On a break")."""
    names = {
        State.WORKING: pgettext("state", "Working"),
        State.HEADS_UP: pgettext("state", "Break soon"),
        State.DUE: pgettext("state", "Break due"),
        State.SNOOZED: pgettext("state", "Snoozed"),
        State.ON_BREAK: pgettext("state", "On a break"),
        State.PAUSED: pgettext("state", "Paused"),
        State.OFF_HOURS: pgettext("state", "Outside working hours"),
        State.AWAY: pgettext("state", "Away"),
        State.HELD: pgettext("state", "Break held"),
    }
    return names[state]


def held_reason(reason: str) -> str:
    """A hold reason ("microphone") for a person ("microphone in use"); unknown ones as given."""
    return _(_HELD_WHY[reason]) if reason in _HELD_WHY else reason


class _Words(Protocol):
    """Who writes a headline: the chosen language, or the English of the stable JSON."""

    def _(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...
    def pgettext(self, context: str, message: str) -> str: ...
    def time(self, value: datetime) -> str: ...
    def day(self, value: datetime) -> str: ...


class _Chosen:
    """The chosen language and the locale's formats."""

    def _(self, message: str) -> str:
        return _(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return pgettext(context, message)

    def time(self, value: datetime) -> str:
        return time_text(value)

    def day(self, value: datetime) -> str:
        return day_text(value)


class _English:
    """English and the plain 24-hour formats, whatever the language: for the stable JSON."""

    _plain = PlainFormats()

    def _(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message

    def time(self, value: datetime) -> str:
        return self._plain.time(value)

    def day(self, value: datetime) -> str:
        return self._plain.day(value)


_CHOSEN, _ENGLISH = _Chosen(), _English()


def _headline(status: Status, t: _Words) -> str:
    s = status.state
    if s is State.DUE:
        # Translators: {routine} is a routine's title, such as "Desk mini-reset".
        return t._("Time for a break: {routine}").format(routine=t._(status.next_routine_title))
    if s is State.ON_BREAK:
        return t.pgettext("state", "On a break")
    if s is State.HELD:
        reasons = status.hold.reasons if status.hold else ()
        why = ", ".join(t._(_HELD_WHY[r]) if r in _HELD_WHY else r for r in reasons)
        # Translators: {reasons} lists why, such as "microphone in use, screen shared".
        return t._("Held: {reasons}").format(reasons=why) if why else t._("Break held")
    if s is State.SNOOZED and status.snoozed_until is not None:
        return t._("Snoozed until {time}").format(time=t.time(status.snoozed_until))
    if s is State.PAUSED:
        if status.paused_until is None:
            return t.pgettext("state", "Paused")
        return _paused_until(status.paused_until, status.now, t)
    if s is State.OFF_HOURS:
        if status.next_working is None:
            return t._("Outside working hours")
        return _when(
            status.next_working,
            status.now,
            t,
            today=t._("Outside working hours — back at {time}"),
            tomorrow=t._("Outside working hours — back tomorrow at {time}"),
            # Translators: {day} is a day with its date, such as "Sat 05 Dec".
            later=t._("Outside working hours — back {day} at {time}"),
        )
    if s is State.AWAY:
        return t._("Away — the break counter restarts when you are back")
    if status.seconds_left is None:
        return t.pgettext("state", "Working")
    if status.seconds_left < 60:
        return t._("Next break in less than a minute")
    minutes = status.minutes_left or 0
    return t.ngettext("Next break in {minutes} min", "Next break in {minutes} min", minutes).format(
        minutes=minutes
    )


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _when(at: datetime, now: datetime, t: _Words, *, today: str, tomorrow: str, later: str) -> str:
    """The template of three that fits when `at` is, seen from `now`, filled in."""
    if at.date() == now.date():
        template = today
    elif (at.date() - now.date()).days == 1:
        template = tomorrow
    else:
        template = later
    return template.format(time=t.time(at), day=t.day(at))


def _paused_until(at: datetime, now: datetime, t: _Words) -> str:
    return _when(
        at,
        now,
        t,
        today=t._("Paused until {time}"),
        tomorrow=t._("Paused until tomorrow at {time}"),
        # Translators: {day} is a day with its date, such as "Sat 05 Dec".
        later=t._("Paused until {day} at {time}"),
    )


def paused_until_text(at: datetime, now: datetime) -> str:
    """ "Paused until 19:00", "Paused until tomorrow at 08:00", "Paused until Wed 02 Dec at
    08:00", in the chosen language; both in the same time zone."""
    return _paused_until(at, now, _CHOSEN)


def until_phrase(at: datetime, now: datetime) -> str:
    """When `at` is, seen from `now`: "19:00", "tomorrow at 08:00", "Wed 02 Dec at 08:00",
    in the chosen language; both in the same time zone. Prefer a whole sentence such as
    `paused_until_text` where there is one."""
    return _when(
        at,
        now,
        _CHOSEN,
        today="{time}",
        tomorrow=_("tomorrow at {time}"),
        # Translators: {day} is a day with its date, such as "Sat 05 Dec".
        later=_("{day} at {time}"),
    )
