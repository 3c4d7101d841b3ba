"""The effective config and routines as plain TOML-ready data.

Owns the data side of writing: `routine_table` is a routine as the dict a
`[[routines]]` entry parses from, `config_document` the whole effective config
(defaults filled in) without its routines, and `exportable` the routine and
heading comment `deskbreak routines export` prints. Reading the same tables
back is `config.routines` and `config.read`, so `parse_config` of the written
text gives the same `Config`. Core module: standard library and core modules
only; the TOML text itself is written by the command line, which owns tomli-w.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from deskbreak.core import library
from deskbreak.core.config.durations import format_duration
from deskbreak.core.config.model import (
    DAYS,
    CalendarSettings,
    Config,
    Reminder,
    WorkingHours,
    format_clock,
)
from deskbreak.core.i18n import _
from deskbreak.core.routines import DESK_MAX, DESK_MIN, Posture, Routine, Step


def routine_table(routine: Routine) -> dict[str, Any]:
    """A routine as the dict a [[routines]] entry parses from."""
    out: dict[str, Any] = {"id": routine.id, "title": routine.title}
    if routine.summary:
        out["summary"] = routine.summary
    if routine.first_side is not None:
        out["first_side"] = routine.first_side.value
    out["steps"] = [_step_table(step) for step in routine.steps]
    return out


def _step_table(step: Step) -> dict[str, Any]:
    exercise = step.exercise
    base = library.exercises().get(exercise.id)
    out: dict[str, Any] = {}
    if base is not None:
        out["exercise"] = base.id
    if base is None or exercise.name != base.name:
        out["name"] = exercise.name
    out["duration"] = format_duration(step.duration)
    if exercise.sides != (base.sides if base else False):
        out["sides"] = exercise.sides
    if exercise.cues != (base.cues if base else ()):
        out["cues"] = list(exercise.cues)
    if exercise.breathing and exercise.breathing != (base.breathing if base else None):
        out["breathing"] = exercise.breathing
    if base is None and exercise.posture is not Posture.SEATED:
        out["posture"] = exercise.posture.value
    return out


def exportable(routine: Routine) -> tuple[str, Routine]:
    """The heading comment and the routine to export; a built-in becomes "my-<id>"."""
    if routine.builtin:
        routine = replace(
            routine, id=f"my-{routine.id}"[:40], builtin=False, variants=(), easier=False
        )
    total = int(routine.total.total_seconds())
    length = f"{total // 60}:{total % 60:02d}"
    if routine.is_desk and DESK_MIN <= routine.total <= DESK_MAX:
        # Translators: a comment above an exported routine; {title} is its title, {length}
        # minutes:seconds such as 4:00.
        text = _("{title}: {length} in total; fits a desk break.")
    else:
        # Translators: a comment above an exported routine; {title} is its title, {length}
        # minutes:seconds such as 12:30.
        text = _("{title}: {length} in total; fits a reminder.")
    return "# " + text.format(title=_(routine.title), length=length), routine


def config_document(config: Config) -> dict[str, Any]:
    """The effective config (defaults filled in) as TOML-ready data, without its routines."""
    s = config.schedule
    schedule: dict[str, Any] = {
        "every": format_duration(s.every),
        "rotation": list(s.rotation),
        "snooze": format_duration(s.snooze),
        "snooze_choices": [format_duration(c) for c in s.snooze_choices],
        "max_snoozes": s.max_snoozes,
        "renotify": format_duration(s.renotify),
        "heads_up": format_duration(s.heads_up),
        "natural_break": format_duration(s.natural_break),
    }
    if s.hours is not None:
        schedule["hours"] = _hours_table(s.hours)
    doc: dict[str, Any] = {"schedule": schedule}
    if config.reminders:
        doc["reminders"] = [_reminder_table(r) for r in config.reminders]
    doc["notifications"] = asdict(config.notifications)
    doc["player"] = {**asdict(config.player), "first_side": config.player.first_side.value}
    doc["goals"] = asdict(config.goals)
    doc["tray"] = asdict(config.tray)
    doc["ui"] = asdict(config.ui)
    h = config.hold
    doc["hold"] = {
        **{k: v for k, v in asdict(h).items() if isinstance(v, bool)},
        "apps": list(h.apps),
        "resume_after": format_duration(h.resume_after),
        "at_most": format_duration(h.at_most),
    }
    doc["gnome"] = asdict(config.gnome)
    if config.hooks:
        doc["hooks"] = [
            {"on": list(k.on), "run": list(k.run), "timeout": format_duration(k.timeout)}
            for k in config.hooks
        ]
    doc["calendar"] = _calendar_table(config.calendar)
    return doc


def _calendar_table(calendar: CalendarSettings) -> dict[str, Any]:
    sources = []
    for source in calendar.sources:
        entry: dict[str, Any] = {"name": source.name, source.kind.value: source.location}
        if source.user:
            entry["user"] = source.user
        if source.me:
            entry["me"] = list(source.me)
        sources.append(entry)
    return {
        "lead": format_duration(calendar.lead),
        "before_long": format_duration(calendar.before_long),
        "ignore": list(calendar.ignore),
        "refresh": format_duration(calendar.refresh),
        "sources": sources,
    }


def _hours_table(hours: WorkingHours) -> dict[str, list[str]]:
    return {DAYS[day]: [str(r) for r in hours.ranges(day)] for day in range(7)}


def _reminder_table(reminder: Reminder) -> dict[str, Any]:
    return {
        "at": format_clock(reminder.at),
        "days": [DAYS[d] for d in reminder.days],
        "routine": reminder.routine,
    }
