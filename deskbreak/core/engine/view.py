"""The status view: what the engine's state means to a person right now.

Builds the `Status` snapshot the tray, the CLI and IPC render. Core module: standard
library only.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from deskbreak.core.engine import hours
from deskbreak.core.engine.holds import HoldRules
from deskbreak.core.status import Action, State, Status


class StatusView(HoldRules):
    """Adds the read-only view of the state to the rules."""

    def status(self) -> Status:
        s = self._s
        assert s.last is not None, "observe() first"
        now = s.last.now
        p = s.pending
        routine_id = p.routine if p else self.next_routine()
        routine = self._routines.get(routine_id)
        seconds_left, next_due = self._time_left(now)
        snoozed_until = None
        if p is not None and p.snoozed_until_t is not None:
            snoozed_until = now + timedelta(seconds=p.snoozed_until_t - s.t)
        return Status(
            state=self._state(now),
            now=now,
            next_due=next_due,
            seconds_left=seconds_left,
            snoozes_used=s.snoozes,
            max_snoozes=self._config.schedule.max_snoozes,
            snooze_refusal=self.snooze_refusal(),
            paused_until=self._pause_until(now),
            next_working=self._next_working(now),
            next_routine=routine_id,
            next_routine_title=routine.title if routine else routine_id,
            next_routine_seconds=int(routine.total.total_seconds()) if routine else 0,
            snoozed_until=snoozed_until,
            current_routine=s.on_break.routine if s.on_break else None,
            natural_breaks=self._probing(),
            goal=self._config.goals.breaks_per_day,
            interval_seconds=round(self._target()),
            refusals=self._refusals(),
            hold=self._hold_status(),
        )

    def _refusals(self) -> dict[Action, str]:
        reasons = {
            Action.START: self.start_refusal(),
            Action.SNOOZE: self.snooze_refusal(),
            Action.SKIP: self.skip_refusal(),
            Action.RESUME: self.resume_refusal(),
        }
        return {action: why for action, why in reasons.items() if why is not None}

    def _state(self, now: datetime) -> State:
        s = self._s
        if s.on_break is not None:
            return State.ON_BREAK
        if s.pause is not None:
            return State.PAUSED
        if self._is_held():
            return State.HELD
        if s.pending is not None:
            return State.SNOOZED if s.pending.snoozed_until_t is not None else State.DUE
        if s.counter.away:
            return State.AWAY
        if not self._in_hours(now):
            return State.OFF_HOURS
        return State.HEADS_UP if s.heads_up_sent else State.WORKING

    def _time_left(self, now: datetime) -> tuple[int | None, datetime | None]:
        s = self._s
        p = s.pending
        if p is not None and p.snoozed_until_t is not None:
            left = max(0.0, p.snoozed_until_t - s.t)
            return round(left), now + timedelta(seconds=left)
        if p is not None:
            return 0, now
        if not self._counting_toward_break(now):
            return None, None
        left = max(0.0, self._target() - s.counter.work, s.not_before_t - s.t)
        return round(left), now + timedelta(seconds=left)

    def _pause_until(self, now: datetime) -> datetime | None:
        p = self._s.pause
        if p is None:
            return None
        if p.until_t is not None:
            return now + timedelta(seconds=max(0.0, p.until_t - self._s.t))
        return p.until_wall

    def _next_working(self, now: datetime) -> datetime | None:
        if self._in_hours(now) or self._config.schedule.hours is None:
            return None
        return hours.next_start(self._config.schedule.hours, now, self._tz)
