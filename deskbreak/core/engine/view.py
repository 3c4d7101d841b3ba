"""The status view: what the engine's state means to a person right now.

`status` builds the `Status` snapshot the tray, the CLI and IPC render, as a function of
the state; the `*_refusal` functions say why each action is refused right now (the
commands ask the same questions before acting, so what the front ends grey out and what
the engine refuses cannot differ). Core module: standard library only.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from deskbreak.core.config.model import Config
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine import hours, rules
from deskbreak.core.engine.state import EngineState
from deskbreak.core.i18n import _
from deskbreak.core.instants import later
from deskbreak.core.status import Action, CalendarStatus, Hold, State, Status


def status(
    s: EngineState,
    settings: Settings,
    tz: tzinfo,
    *,
    natural_breaks: bool,
    held: bool,
    hold: Hold | None,
    calendar: CalendarStatus | None = None,
) -> Status:
    """The state as a person sees it; `held`: the due break is held, `hold`: why;
    `calendar`: the next meeting block and the sources' reports."""
    assert s.last is not None, "observe() first"
    config = settings.config
    now = s.last.now
    p = s.pending
    routine_id = p.routine if p else rules.next_routine(s, config)
    routine = settings.routines.get(routine_id)
    seconds_left, next_due = _time_left(s, config, now, tz)
    snoozed_until = None
    if p is not None and p.snoozed_until_t is not None:
        snoozed_until = later(now, p.snoozed_until_t - s.t)
    counter = s.counter
    return Status(
        counting=not counter.away and counter.idle_start is None,
        state=_state(s, config, now, tz, held),
        now=now,
        next_due=next_due,
        seconds_left=seconds_left,
        snoozes_used=s.snoozes,
        max_snoozes=config.schedule.max_snoozes,
        snooze_refusal=snooze_refusal(s, config, tz),
        paused_until=rules.pause_until(s, now),
        next_working=_next_working(config, now, tz),
        next_routine=routine_id,
        next_routine_title=routine.title if routine else routine_id,
        next_routine_seconds=int(routine.total.total_seconds()) if routine else 0,
        snoozed_until=snoozed_until,
        current_routine=s.on_break.routine if s.on_break else None,
        natural_breaks=natural_breaks,
        goal=config.goals.breaks_per_day,
        interval_seconds=round(rules.target(s, config)),
        refusals=_refusals(s, config, tz),
        hold=hold,
        calendar=calendar,
    )


def skip_refusal(s: EngineState, config: Config, tz: tzinfo) -> str | None:
    """Why Skip is refused right now, or None when it is allowed."""
    if s.on_break is not None:
        return _("A routine is running — stop it instead")
    if s.gnome and (s.pending is None or s.pending.gnome):
        return gnome_refusal()
    if s.pending is None and (
        s.pause is not None or s.last is None or not rules.in_hours(config, s.last.now, tz)
    ):
        return _("There is no break to skip right now")
    return None


def gnome_refusal() -> str:
    """Why Snooze and Skip are refused while GNOME keeps time (its API cannot do them)."""
    return _("GNOME keeps time for desk breaks — delay or skip the break in GNOME's notification")


def start_refusal(s: EngineState) -> str | None:
    """Why starting a break is refused right now, or None when it is allowed."""
    return _("A routine is already running") if s.on_break is not None else None


def resume_refusal(s: EngineState) -> str | None:
    """Why Resume is refused right now, or None when it is allowed."""
    return _("deskbreak is not paused") if s.pause is None else None


def snooze_refusal(s: EngineState, config: Config, tz: tzinfo) -> str | None:
    """Why Snooze is refused right now, or None when it is allowed."""
    if s.on_break is not None:
        return _("A routine is running — finish or stop it first")
    if s.pause is not None:
        return _("deskbreak is paused — there is no break to snooze")
    if s.gnome and (s.pending is None or s.pending.gnome):
        return gnome_refusal()
    if s.pending is None and (s.last is None or not rules.in_hours(config, s.last.now, tz)):
        return _("Outside working hours — there is no break to snooze")
    limit = config.schedule.max_snoozes
    if limit and s.snoozes >= limit:
        # Translators: {used} snoozes taken of the {limit} allowed for one break.
        return _("Snooze limit reached ({used} of {limit}) — take the break or skip it").format(
            used=s.snoozes, limit=limit
        )
    return None


def _refusals(s: EngineState, config: Config, tz: tzinfo) -> dict[Action, str]:
    reasons = {
        Action.START: start_refusal(s),
        Action.SNOOZE: snooze_refusal(s, config, tz),
        Action.SKIP: skip_refusal(s, config, tz),
        Action.RESUME: resume_refusal(s),
    }
    return {action: why for action, why in reasons.items() if why is not None}


def _state(s: EngineState, config: Config, now: datetime, tz: tzinfo, held: bool) -> State:
    if s.on_break is not None:
        return State.ON_BREAK
    if s.pause is not None:
        return State.PAUSED
    if held:
        return State.HELD
    if s.pending is not None:
        return State.SNOOZED if s.pending.snoozed_until_t is not None else State.DUE
    if s.counter.away:
        return State.AWAY
    if not rules.in_hours(config, now, tz):
        return State.OFF_HOURS
    return State.HEADS_UP if s.heads_up_sent else State.WORKING


def _time_left(
    s: EngineState, config: Config, now: datetime, tz: tzinfo
) -> tuple[int | None, datetime | None]:
    p = s.pending
    if p is not None and p.snoozed_until_t is not None:
        left = max(0.0, p.snoozed_until_t - s.t)
        return round(left), later(now, left)
    if p is not None:
        return 0, now
    if not rules.counting_toward_break(s, config, now, tz):
        return None, None
    left = max(0.0, rules.target(s, config) - s.counter.work, s.not_before_t - s.t)
    return round(left), later(now, left)


def _next_working(config: Config, now: datetime, tz: tzinfo) -> datetime | None:
    if rules.in_hours(config, now, tz) or config.schedule.hours is None:
        return None
    return hours.next_start(config.schedule.hours, now, tz)
