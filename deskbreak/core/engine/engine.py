"""The break engine: a state machine that decides when a desk break is due.

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
- suspend is measured (boot − monotonic clock, or a late wake-up where there is
  no boot clock) and never counts as work; after a wake-up no reminder fires for
  WAKE_GRACE unless a break was already due before sleeping.

Core module: standard library only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core.config.model import Config
from deskbreak.core.engine import hours, timekeeping
from deskbreak.core.engine.effects import CloseNotice, Effect, Launch, Notify, Observation, Record
from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.core.ports import NoticeKind, PauseKind, PauseSpec, PlayOutcome, PlayResult, Reply
from deskbreak.core.routines import Routine
from deskbreak.core.status import State, Status

log = logging.getLogger(__name__)

WAKE_GRACE = 60.0  # no new reminder this soon after a wake-up or start-up
FIXED_LATE = 3600.0  # a fixed reminder missed by up to this much still fires (once)
PROBE = 60.0  # idle probe period while the counter runs
MAX_WAIT = 300.0  # never sleep longer: bounds lateness after an unnoticed suspend


@dataclass
class _Pending:
    routine: str
    trigger: Trigger
    renotify_t: float | None
    snoozed_until_t: float | None = None
    fixed_key: str | None = None


@dataclass
class _Break:
    routine: str
    trigger: Trigger
    pending: _Pending | None  # restored when the routine is stopped before any step


@dataclass
class _Pause:
    until_t: float | None = None  # a duration, on the engine timeline
    until_wall: datetime | None = None  # a wall time; both None = until resumed


@dataclass
class _State:
    t: float = 0.0
    last: Observation | None = None
    expected_wait: float | None = None
    counter: timekeeping.WorkCounter = field(default_factory=timekeeping.WorkCounter)
    extra: float = 0.0  # snoozes taken before the break fell due
    snoozes: int = 0
    heads_up_sent: bool = False
    pending: _Pending | None = None
    on_break: _Break | None = None
    pause: _Pause | None = None
    not_before_t: float = 0.0
    rotation: int = 0
    period_start: float | None = None  # timestamp of the working period we are in
    fired: set[str] = field(default_factory=set)
    effects: list[Effect] = field(default_factory=list)


class Engine:
    """Policy for one user's desk breaks. Not thread-safe: the controller serialises calls."""

    def __init__(
        self,
        config: Config,
        routines: Mapping[str, Routine],
        tz: tzinfo,
        *,
        idle_available: bool = True,
    ) -> None:
        self._config = config
        self._routines = routines
        self._tz = tz
        self._idle_available = idle_available
        self._s = _State()

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
        if s.last is None:
            self._first(obs)
        else:
            self._account(s.last, obs)
        s.last = obs
        self._check_pause_end(obs.now)
        self._check_hours(obs.now)
        self._check_fixed(obs.now)
        self._check_interval(obs.now)
        self._check_pending(obs.now)
        s.expected_wait = self._compute_wait(obs.now)

    def _first(self, obs: Observation) -> None:
        s = self._s
        s.not_before_t = s.t + WAKE_GRACE
        # Reminders from before start-up that are too late to be useful are spent.
        for at, key, _ in hours.reminder_times(self._config.reminders, obs.now, self._tz):
            if at.timestamp() < obs.now.timestamp() - FIXED_LATE:
                s.fired.add(key)

    def _account(self, last: Observation, obs: Observation) -> None:
        s = self._s
        passed = timekeeping.elapsed(last, obs, s.expected_wait)
        s.t += passed.real
        if passed.slept > 1.0:
            self._slept(passed.slept)
        counting = s.pause is None and s.on_break is None
        idle = obs.idle if self._idle_available else None
        nb = _seconds(self._config.schedule.natural_break)
        away = s.counter.count(s.t, passed, idle, counting=counting, natural_break=nb)
        if away is not None:
            self._natural_break(away, "idle")

    def _slept(self, slept: float) -> None:
        s = self._s
        nb = _seconds(self._config.schedule.natural_break)
        if nb is not None and slept >= nb:
            self._natural_break(slept, "asleep")
        if slept >= WAKE_GRACE / 2:
            s.not_before_t = max(s.not_before_t, s.t + WAKE_GRACE)

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
        heads_up = _seconds(self._config.schedule.heads_up)
        if (
            heads_up
            and not s.heads_up_sent
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
        s.pending = _Pending(routine, trigger, self._renotify_at(), fixed_key=key)
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
        renotify = _seconds(self._config.schedule.renotify)
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
            heads_up = _seconds(self._config.schedule.heads_up)
            if heads_up and not s.heads_up_sent and left > heads_up:
                left -= heads_up
            waits.append(max(left, s.not_before_t - s.t))
            if self._probing():
                waits.append(PROBE)
        elif s.counter.away and self._probing():
            waits.append(PROBE)
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

    def _probing(self) -> bool:
        return self._idle_available and self._config.schedule.natural_break is not None

    # ------------------------------------------------------------ commands
    def snooze(
        self, obs: Observation, length: timedelta | None = None
    ) -> tuple[Reply, list[Effect]]:
        self._advance(obs)
        s = self._s
        refusal = self.snooze_refusal()
        if refusal is not None:
            return Reply.refused(refusal), self._flush()
        seconds = (length or self._config.schedule.snooze).total_seconds()
        if seconds <= 0:
            return Reply.invalid("A snooze must last at least a second"), self._flush()
        s.snoozes += 1
        p = s.pending
        if p is not None:
            p.snoozed_until_t = s.t + seconds
            p.renotify_t = None
            routine, trigger = p.routine, p.trigger
            self._close_notice()
        else:
            s.extra += seconds
            s.heads_up_sent = False
            routine, trigger = self.next_routine(), Trigger.INTERVAL
        self._emit_event(EventKind.SNOOZED, routine, trigger, {"seconds": round(seconds)})
        s.expected_wait = self._compute_wait(obs.now)
        message = f"Snoozed for {_minutes(seconds)}"
        return Reply.done(message, snoozes_used=s.snoozes), self._flush()

    def snooze_refusal(self) -> str | None:
        """Why Snooze is refused right now, or None when it is allowed."""
        s = self._s
        if s.on_break is not None:
            return "A routine is running — finish or stop it first"
        if s.pause is not None:
            return "deskbreak is paused — there is no break to snooze"
        if s.pending is None and (s.last is None or not self._in_hours(s.last.now)):
            return "Outside working hours — there is no break to snooze"
        limit = self._config.schedule.max_snoozes
        if limit and s.snoozes >= limit:
            return f"Snooze limit reached ({s.snoozes} of {limit}) — take the break or skip it"
        return None

    def skip(self, obs: Observation) -> tuple[Reply, list[Effect]]:
        self._advance(obs)
        s = self._s
        if s.on_break is not None:
            return Reply.refused("A routine is running — stop it instead"), self._flush()
        if s.pending is None and (s.pause is not None or not self._in_hours(obs.now)):
            return Reply.refused("There is no break to skip right now"), self._flush()
        p = s.pending
        routine = p.routine if p else self.next_routine()
        self._emit_event(EventKind.SKIPPED, routine, p.trigger if p else Trigger.INTERVAL, {})
        if p is not None:
            self._close_notice()
        self._break_taken()
        s.expected_wait = self._compute_wait(obs.now)
        return Reply.done("Break skipped — the counter starts again"), self._flush()

    def start(self, obs: Observation, routine: str | None = None) -> tuple[Reply, list[Effect]]:
        self._advance(obs)
        s = self._s
        if s.on_break is not None:
            return Reply.refused("A routine is already running"), self._flush()
        p = s.pending
        chosen = routine or (p.routine if p else self.next_routine())
        if chosen not in self._routines:
            return Reply.invalid(_unknown_routine(chosen, self._routines)), self._flush()
        trigger = p.trigger if p is not None and chosen == p.routine else Trigger.MANUAL
        rotation = self._config.schedule.rotation
        if trigger is not Trigger.FIXED and rotation and chosen == self.next_routine():
            s.rotation = (s.rotation + 1) % len(rotation)
        s.on_break = _Break(chosen, trigger, p)
        s.pending = None
        if p is not None:
            self._close_notice()
        self._emit_event(EventKind.STARTED, chosen, trigger, {})
        s.effects.append(Launch(chosen, trigger))
        s.expected_wait = self._compute_wait(obs.now)
        title = self._routines[chosen].title
        return Reply.done(f"Starting {title}", routine=chosen), self._flush()

    def finish(self, obs: Observation, outcome: PlayOutcome) -> list[Effect]:
        """The player ended (completed, partial, stopped or failed)."""
        self._advance(obs)
        s = self._s
        current = s.on_break
        trigger = current.trigger if current else Trigger.MANUAL
        kind = {
            PlayResult.COMPLETED: EventKind.COMPLETED,
            PlayResult.PARTIAL: EventKind.PARTIAL,
        }.get(outcome.result, EventKind.STOPPED)
        self._emit_event(kind, outcome.routine, trigger, outcome.to_json())
        s.on_break = None
        if kind is not EventKind.STOPPED:
            self._break_taken()
        elif current is not None and current.pending is not None:
            s.pending = current.pending
            s.pending.renotify_t = self._renotify_at()
        s.expected_wait = self._compute_wait(obs.now)
        return self._flush()

    def pause(self, obs: Observation, spec: PauseSpec) -> tuple[Reply, list[Effect]]:
        self._advance(obs)
        s = self._s
        pause = self._make_pause(obs.now, spec)
        if isinstance(pause, Reply):
            return pause, self._flush()
        if s.pending is not None:
            self._close_notice()
        s.pending = None
        s.pause = pause
        until = self._pause_until(obs.now)
        self._emit_event(
            EventKind.PAUSED, None, None, {"until": until.isoformat() if until else None}
        )
        s.expected_wait = self._compute_wait(obs.now)
        text = f"Paused until {until:%a %H:%M}" if until else "Paused until you resume"
        return Reply.done(text), self._flush()

    def _make_pause(self, now: datetime, spec: PauseSpec) -> _Pause | Reply:
        if spec.kind is PauseKind.INDEFINITE:
            return _Pause()
        if spec.kind is PauseKind.FOR:
            if spec.length is None or spec.length.total_seconds() <= 0:
                return Reply.invalid("Pause for how long? Give a duration such as 30m")
            return _Pause(until_t=self._s.t + spec.length.total_seconds())
        if spec.kind is PauseKind.TOMORROW:
            local = now.astimezone(self._tz)
            midnight = hours.local(local.date(), hours.DAY, self._tz)
            start = hours.next_start(
                self._config.schedule.hours, midnight - timedelta(seconds=1), self._tz
            )
            return _Pause(until_wall=start or midnight)
        if spec.until is not None:
            if spec.until.timestamp() <= now.timestamp():
                return Reply.invalid("That time has already passed")
            return _Pause(until_wall=spec.until)
        if spec.clock is not None:
            local = now.astimezone(self._tz)
            at = hours.local(local.date(), spec.clock, self._tz)
            if at.timestamp() <= now.timestamp():
                at = hours.local(local.date() + timedelta(days=1), spec.clock, self._tz)
            return _Pause(until_wall=at)
        return Reply.invalid("Pause until when? Give a time such as 13:00")

    def resume(self, obs: Observation) -> tuple[Reply, list[Effect]]:
        self._advance(obs)
        s = self._s
        if s.pause is None:
            return Reply.refused("deskbreak is not paused"), self._flush()
        s.pause = None
        self._emit_event(EventKind.RESUMED, None, None, {})
        self._break_taken()
        s.expected_wait = self._compute_wait(obs.now)
        return Reply.done("Resumed — the counter starts now"), self._flush()

    def reconfigure(
        self, obs: Observation, config: Config, routines: Mapping[str, Routine]
    ) -> list[Effect]:
        """Apply a new config, keeping counters, snoozes and the pending break."""
        self._advance(obs)
        self._config, self._routines = config, routines
        s = self._s
        s.rotation %= max(1, len(config.schedule.rotation))
        if s.pending is not None and s.pending.routine not in routines:
            s.pending.routine = self.next_routine()
        s.expected_wait = self._compute_wait(obs.now)
        return self._flush()

    # -------------------------------------------------------------- views
    def next_routine(self) -> str:
        rotation = self._config.schedule.rotation
        if not rotation:
            return "mini-reset"
        return rotation[self._s.rotation % len(rotation)]

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
        )

    def _state(self, now: datetime) -> State:
        s = self._s
        if s.on_break is not None:
            return State.ON_BREAK
        if s.pause is not None:
            return State.PAUSED
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
        at = s.last.now if s.last is not None else datetime.now(self._tz)
        s.effects.append(Record(Event(at, kind, routine, trigger, dict(detail))))

    def _flush(self) -> list[Effect]:
        out, self._s.effects = self._s.effects, []
        return out

    # -------------------------------------------------------- persistence
    def snapshot(self) -> dict[str, Any]:
        """What a restarted daemon needs to continue where this one was."""
        s = self._s
        now = s.last.now if s.last else None
        p = s.pending
        pending = None
        if p is not None:
            snoozed = None
            if p.snoozed_until_t is not None and now is not None:
                snoozed = (now + timedelta(seconds=p.snoozed_until_t - s.t)).isoformat()
            pending = {"routine": p.routine, "trigger": p.trigger.value, "snoozed_until": snoozed}
        pause = None
        if s.pause is not None and now is not None:
            until = self._pause_until(now)
            pause = {"until": until.isoformat() if until else None}
        return {
            "version": 1,
            "saved_at": now.isoformat() if now else None,
            "work": round(s.counter.work, 1),
            "extra": s.extra,
            "snoozes": s.snoozes,
            "rotation": s.rotation,
            "pending": pending,
            "pause": pause,
            "fired": sorted(s.fired),
        }

    def restore(self, data: Mapping[str, Any], obs: Observation) -> list[Effect]:
        """Continue from a snapshot; a gap long enough for a natural break starts afresh.

        A snapshot that cannot be read is ignored (logged): the day goes on with a
        fresh counter rather than a crash.
        """
        self._advance(obs)
        try:
            self._apply_snapshot(data, obs.now)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            log.warning("ignoring unreadable saved state: %s", exc)
        self._s.expected_wait = self._compute_wait(obs.now)
        return self._flush()

    def _apply_snapshot(self, data: Mapping[str, Any], now: datetime) -> None:
        s = self._s
        s.rotation = int(data.get("rotation", 0)) % max(1, len(self._config.schedule.rotation))
        s.fired.update(str(key) for key in data.get("fired", []))
        pause = data.get("pause")
        if pause is not None:
            until = pause.get("until")
            wall = None if until is None else datetime.fromisoformat(until)
            if wall is None or wall.timestamp() > now.timestamp():
                s.pause = _Pause(until_wall=wall)
        gap = (now - datetime.fromisoformat(data["saved_at"])).total_seconds()
        fresh_after = _seconds(self._config.schedule.natural_break) or 900.0
        if not 0 <= gap < fresh_after or s.pause is not None:
            return
        s.counter.work = float(data.get("work", 0.0)) + gap
        s.extra = float(data.get("extra", 0.0))
        s.snoozes = int(data.get("snoozes", 0))
        pending = data.get("pending")
        if pending is not None and pending["routine"] in self._routines:
            p = _Pending(str(pending["routine"]), Trigger(pending["trigger"]), self._renotify_at())
            if pending.get("snoozed_until"):
                until_wall = datetime.fromisoformat(pending["snoozed_until"])
                p.snoozed_until_t = s.t + max(0.0, until_wall.timestamp() - now.timestamp())
                p.renotify_t = None
            s.pending = p


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes >= 1 else f"{round(seconds)} s"


def _unknown_routine(name: str, routines: Mapping[str, Routine]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(routines), n=1)
    hint = f' — did you mean "{close[0]}"?' if close else " — `deskbreak routines list` shows them"
    return f'No routine "{name}"{hint}'
