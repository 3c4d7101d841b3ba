"""The engine's rules of time: accounting for what passed, and what falls due when.

It is given observations (wall time, monotonic and boot clocks, idle seconds)
and commands, and returns effects as data (notify, launch a routine, record an
event); it never reads a clock or touches the OS. Time is kept on its own
timeline `t` (seconds of real time, suspend included), so wall-clock jumps
cannot fire, double or lose a reminder; the wall clock is used only for
working hours, fixed reminders and pause-until times.

Rules (see the README, "How time is counted"):
- active time is awake time with input; a stretch without input of at least
  IDLE_GRACE does not count as work for its whole length; one that reaches
  `natural_break` (idle, locked or asleep) is a natural break and the counter
  restarts when the user is back;
- suspend is measured (boot − monotonic clock; with no boot clock a wake-up
  later than asked is sleep, and wall time beyond the monotonic clock, a suspend
  or the clock set forward, counts as asleep but not as elapsed time) and
  never counts as work; after a wake-up (or start-up) no reminder fires for
  `wake_grace` seconds (WAKE_GRACE by default) unless a break was already due
  before sleeping;
- with an idle source that pushes (`idle_pushes`), the engine is woken when the
  user goes idle and comes back, and asks to be woken only for its own deadlines,
  among them the moment the idle stretch under way reaches `natural_break`; a
  source that cannot push is probed every PROBE seconds while that matters.

Core module: standard library only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core.config.model import Config
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine import hours, timekeeping
from deskbreak.core.engine.effects import CloseNotice, Effect, Notify, Observation, Record
from deskbreak.core.engine.state import (
    FIXED_LATE,
    MAX_WAIT,
    PROBE,
    WAKE_GRACE,
    EngineState,
    Pending,
)
from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.core.ports import NoticeKind
from deskbreak.core.routines import Routine

log = logging.getLogger(__name__)


class Rules:
    """Time accounting and the transitions it triggers; `Engine` adds the commands."""

    def __init__(
        self,
        config: Config,
        routines: Mapping[str, Routine],
        tz: tzinfo,
        *,
        idle_available: bool = True,
        idle_pushes: bool = False,
        wake_grace: float = WAKE_GRACE,
    ) -> None:
        self._settings = Settings(config, routines)
        self._tz = tz
        self._idle_available = idle_available
        # A pushing source wakes the engine when the user goes idle and comes back,
        # so the engine sleeps until then (or its own deadlines) instead of probing.
        self._idle_pushes = idle_available and idle_pushes
        self._wake_grace = wake_grace
        self._s = EngineState()

    @property
    def settings(self) -> Settings:
        """The config and routines in force; replaced whole by `reconfigure`."""
        return self._settings

    @property
    def _config(self) -> Config:
        return self._settings.config

    @property
    def _routines(self) -> Mapping[str, Routine]:
        return self._settings.routines

    # ----------------------------------------------------------------- time
    def observe(self, obs: Observation) -> list[Effect]:
        """Time has passed: account for it and fire whatever fell due."""
        self._advance(obs)
        return self._flush()

    def wake_in(self) -> float:
        """Seconds of real time until the engine next needs an observation."""
        return self._s.expected_wait if self._s.expected_wait is not None else 1.0

    def _advance(self, obs: Observation) -> None:
        s = self._s
        last, s.last = s.last, obs  # what this observation finds is stamped with its time
        if last is None:
            self._first(obs)
        else:
            self._account(last, obs)
        self._observed(obs)
        self._check_pause_end(obs.now)
        self._check_hours(obs.now)
        self._check_fixed(obs.now)
        self._check_interval(obs.now)
        self._check_pending(obs.now)
        s.expected_wait = self._compute_wait(obs.now)

    def _first(self, obs: Observation) -> None:
        s = self._s
        s.not_before_t = s.t + self._wake_grace
        # Reminders from before start-up that are too late to be useful are spent.
        for at, key, _ in hours.reminder_times(self._config.reminders, obs.now, self._tz):
            if at.timestamp() < obs.now.timestamp() - FIXED_LATE:
                s.fired.add(key)

    def _account(self, last: Observation, obs: Observation) -> None:
        s = self._s
        passed = timekeeping.elapsed(last, obs, s.expected_wait)
        s.t += passed.real
        if passed.slept + passed.unclear > 1.0:
            self._slept(passed.slept + passed.unclear)
        counting = s.pause is None and s.on_break is None
        idle = obs.idle if self._idle_available else None
        nb = seconds_of(self._config.schedule.natural_break)
        away = s.counter.count(s.t, passed, idle, counting=counting, natural_break=nb)
        if away is not None:
            self._natural_break(away, "idle")

    def _slept(self, slept: float) -> None:
        s = self._s
        nb = seconds_of(self._config.schedule.natural_break)
        if nb is not None and slept >= nb:
            self._natural_break(slept, "asleep")
        if slept >= self._wake_grace / 2:
            s.not_before_t = max(s.not_before_t, s.t + self._wake_grace)

    def _natural_break(self, seconds: float, cause: str) -> None:
        s = self._s
        if s.on_break is not None:
            return
        pending = s.pending
        self._emit_event(
            EventKind.NATURAL_BREAK,
            pending.routine if pending else None,
            pending.trigger if pending else None,
            {"seconds": round(seconds), "cause": cause},
        )
        if pending is not None:
            self._close_notice()
        self._break_taken()

    def _break_taken(self) -> None:
        s = self._s
        s.counter.work = s.extra = 0.0
        s.snoozes = 0
        s.heads_up_sent = False
        s.pending = None

    # --------------------------------------------------------- transitions
    def _check_pause_end(self, now: datetime) -> None:
        p = self._s.pause
        if p is None:
            return
        ended = (p.until_t is not None and self._s.t >= p.until_t) or (
            p.until_wall is not None and now.timestamp() >= p.until_wall.timestamp()
        )
        if ended:
            self._s.pause = None
            self._emit_event(EventKind.RESUMED, None, None, {"auto": True})
            self._break_taken()

    def _check_hours(self, now: datetime) -> None:
        s = self._s
        if self._config.schedule.hours is None:
            return
        period = hours.period_at(self._config.schedule.hours, now, self._tz)
        start = None if period is None else period[0].timestamp()
        if start == s.period_start:
            return
        s.period_start = start
        if s.pending is not None and s.pending.trigger is Trigger.INTERVAL:
            self._close_notice()
        if s.pending is None or s.pending.trigger is Trigger.INTERVAL:
            self._break_taken()  # a new working period starts with a fresh counter

    def _check_fixed(self, now: datetime) -> None:
        s = self._s
        stamp = now.timestamp()
        missed = [
            (at, key, reminder)
            for at, key, reminder in hours.reminder_times(self._config.reminders, now, self._tz)
            if at.timestamp() <= stamp and key not in s.fired
        ]
        if not missed:
            return
        if s.pause is not None or s.on_break is not None:
            s.fired.update(key for _, key, _ in missed)
            return
        if s.t < s.not_before_t:
            return  # just woke up: wait for the grace period, then fire once
        s.fired.update(key for _, key, _ in missed)
        at, key, reminder = max(missed, key=lambda item: item[0].timestamp())
        if stamp - at.timestamp() > FIXED_LATE or reminder.routine not in self._routines:
            return
        if s.pending is not None:
            self._close_notice()
        self._make_due(reminder.routine, Trigger.FIXED, key)
        s.fired = {
            k for k in s.fired if k >= hours.reminder_key(0, (now - timedelta(days=2)).date())
        }

    def _check_interval(self, now: datetime) -> None:
        s = self._s
        if not self._counting_toward_break(now):
            return
        target = self._target()
        heads_up = seconds_of(self._config.schedule.heads_up)
        if (
            heads_up
            and not s.heads_up_sent
            and not self._holding()
            and s.counter.work >= target - heads_up
            and s.counter.work < target
        ):
            s.heads_up_sent = True
            routine = self.next_routine()
            self._emit_event(EventKind.HEADS_UP, routine, Trigger.INTERVAL, {})
            s.effects.append(Notify(NoticeKind.HEADS_UP, routine, Trigger.INTERVAL))
        if s.counter.work >= target and s.t >= s.not_before_t:
            self._make_due(self.next_routine(), Trigger.INTERVAL, None)

    def _counting_toward_break(self, now: datetime) -> bool:
        s = self._s
        return (
            s.pending is None
            and s.on_break is None
            and s.pause is None
            and not s.counter.away
            and self._in_hours(now)
        )

    def _make_due(self, routine: str, trigger: Trigger, key: str | None) -> None:
        s = self._s
        s.pending = Pending(routine, trigger, self._renotify_at(), fixed_key=key)
        self._emit_event(EventKind.DUE, routine, trigger, {})
        self._notify(NoticeKind.DUE)

    def _check_pending(self, now: datetime) -> None:
        s = self._s
        p = s.pending
        if p is None:
            return
        if p.snoozed_until_t is not None:
            if s.t >= p.snoozed_until_t:
                p.snoozed_until_t = None
                p.renotify_t = self._renotify_at()
                self._notify(NoticeKind.DUE)
            return
        if p.renotify_t is not None and s.t >= p.renotify_t:
            p.renotify_t = self._renotify_at()
            self._notify(NoticeKind.RENOTIFY)

    def _renotify_at(self) -> float | None:
        renotify = seconds_of(self._config.schedule.renotify)
        return None if renotify is None else self._s.t + renotify

    def _notify(self, kind: NoticeKind) -> None:
        p = self._s.pending
        assert p is not None
        self._emit_event(EventKind.NOTIFIED, p.routine, p.trigger, {"notice": kind.value})
        self._s.effects.append(Notify(kind, p.routine, p.trigger))

    def _compute_wait(self, now: datetime) -> float:
        s = self._s
        waits = [MAX_WAIT]
        if s.pause is not None and s.pause.until_t is not None:
            waits.append(s.pause.until_t - s.t)
        if s.pause is not None and s.pause.until_wall is not None:
            waits.append(s.pause.until_wall.timestamp() - now.timestamp())
        p = s.pending
        if p is not None and p.snoozed_until_t is not None:
            waits.append(p.snoozed_until_t - s.t)
        elif p is not None and p.renotify_t is not None:
            waits.append(p.renotify_t - s.t)
        if self._counting_toward_break(now):
            left = self._target() - s.counter.work
            heads_up = seconds_of(self._config.schedule.heads_up)
            if heads_up and not s.heads_up_sent and left > heads_up:
                left -= heads_up
            waits.append(max(left, s.not_before_t - s.t))
        waits.extend(self._idle_waits(now))
        waits.extend(self._wall_waits(now))
        return max(1.0, min(waits))

    def _wall_waits(self, now: datetime) -> list[float]:
        s = self._s
        stamp = now.timestamp()
        out: list[float] = []
        if self._config.schedule.hours is not None and s.pause is None:
            nxt = hours.next_start(self._config.schedule.hours, now, self._tz)
            if nxt is not None:
                out.append(nxt.timestamp() - stamp)
            period = hours.period_at(self._config.schedule.hours, now, self._tz)
            if period is not None:
                out.append(period[1].timestamp() - stamp)
        for at, key, _ in hours.reminder_times(self._config.reminders, now, self._tz, days_back=0):
            if key not in s.fired:
                out.append(max(at.timestamp() - stamp, s.not_before_t - s.t))
                break
        return out

    def _idle_waits(self, now: datetime) -> list[float]:
        """When to look at idle time next: a probe period, or for a pushing source only
        the moment the idle stretch under way reaches the natural-break length."""
        s = self._s
        if not self._probing():
            return []
        if not self._idle_pushes:
            return [PROBE] if s.counter.away or self._counting_toward_break(now) else []
        nb = seconds_of(self._config.schedule.natural_break)
        reached = s.counter.reaches(nb)
        return [] if reached is None else [reached - s.t]

    def _observed(self, obs: Observation) -> None:
        """Hook: the observation is accounted for, before anything falls due."""

    def _holding(self) -> bool:
        """Hook: whether reminders are held back right now (see `holds`)."""
        return False

    def _probing(self) -> bool:
        return self._idle_available and self._config.schedule.natural_break is not None

    def next_routine(self) -> str:
        rotation = self._config.schedule.rotation
        if not rotation:
            return "mini-reset"
        return rotation[self._s.rotation % len(rotation)]

    # ------------------------------------------------------------ helpers
    def _in_hours(self, now: datetime) -> bool:
        return hours.period_at(self._config.schedule.hours, now, self._tz) is not None

    def _target(self) -> float:
        return self._config.schedule.every.total_seconds() + self._s.extra

    def _close_notice(self) -> None:
        self._s.effects.append(CloseNotice())

    def _emit_event(
        self,
        kind: EventKind,
        routine: str | None,
        trigger: Trigger | None,
        detail: Mapping[str, Any],
    ) -> None:
        s = self._s
        assert s.last is not None, "events happen only once time has been observed"
        at = s.last.now
        s.effects.append(Record(Event(at, kind, routine, trigger, dict(detail))))

    def _flush(self) -> list[Effect]:
        out, self._s.effects = self._s.effects, []
        return out


def seconds_of(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()
