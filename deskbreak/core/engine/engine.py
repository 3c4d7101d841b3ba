"""The break engine: a state machine that decides when a desk break is due.

It is given observations (wall time, monotonic and boot clocks, idle seconds)
and commands, and returns effects as data (notify, launch a routine, record an
event); it never reads a clock or touches the OS. `Engine` is the public face:
this module owns what a person can ask (snooze, skip, start, finish, pause,
resume, reconfigure) and saving and restoring the state across restarts. The
rules of time it keeps are in `rules` (and `holds`), the view a person sees in
`view`, the state itself in `state`.

Core module: standard library only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core.config.durations import human
from deskbreak.core.config.read import SNOOZE
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine import hours
from deskbreak.core.engine.effects import Effect, Launch, Observation
from deskbreak.core.engine.rules import seconds_of
from deskbreak.core.engine.state import WAKE_GRACE, OnBreak, Pause, Pending
from deskbreak.core.engine.view import StatusView
from deskbreak.core.events import EventKind, Trigger
from deskbreak.core.instants import later
from deskbreak.core.ports import PauseKind, PauseSpec, PlayOutcome, PlayResult, Reply
from deskbreak.core.routines import unknown_routine
from deskbreak.core.status import until_phrase

log = logging.getLogger(__name__)

MORNING = 6 * 60  # `pause tomorrow` without working hours: until 06:00 the next day


class Engine(StatusView):
    """Policy for one user's desk breaks. Not thread-safe: the controller serialises calls."""

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        tz: tzinfo,
        *,
        idle_available: bool = True,
        idle_pushes: bool = False,
        wake_grace: float = WAKE_GRACE,
    ) -> Engine:
        return cls(
            settings.config,
            settings.routines,
            tz,
            idle_available=idle_available,
            idle_pushes=idle_pushes,
            wake_grace=wake_grace,
        )

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
        least, most = (bound.total_seconds() for bound in SNOOZE)
        if not least <= seconds <= most:
            return Reply.invalid(
                f"A snooze lasts {_minutes(least)} to {_minutes(most)}, not {_minutes(seconds)}"
            ), self._flush()
        p = s.pending
        if p is None and s.extra >= most:
            return Reply.refused(
                f"The next break is already put off by {_minutes(most)}, the most a snooze allows"
            ), self._flush()
        s.snoozes += 1
        if p is not None:
            p.snoozed_until_t = s.t + seconds
            p.renotify_t = None
            routine, trigger = p.routine, p.trigger
            self._close_notice()
            message = f"Snoozed for {_minutes(seconds)}"
        else:
            # Snoozes of a break not yet due add up, but never beyond the longest snooze.
            seconds = min(seconds, most - s.extra)
            s.extra += seconds
            s.heads_up_sent = False
            self._close_notice()  # a heads-up still on screen
            routine, trigger = self.next_routine(), Trigger.INTERVAL
            left = max(0.0, self._target() - s.counter.work)
            due = _minutes(60 * round(left / 60)) if left >= 60 else "less than a minute"
            message = f"Next break put off by {_minutes(seconds)} (due in {due})"
        self._emit_event(EventKind.SNOOZED, routine, trigger, {"seconds": round(seconds)})
        s.expected_wait = self._compute_wait(obs.now)
        return Reply.done(message, snoozes_used=s.snoozes), self._flush()

    def skip(self, obs: Observation) -> tuple[Reply, list[Effect]]:
        self._advance(obs)
        s = self._s
        refusal = self.skip_refusal()
        if refusal is not None:
            return Reply.refused(refusal), self._flush()
        p = s.pending
        routine = p.routine if p else self.next_routine()
        self._emit_event(EventKind.SKIPPED, routine, p.trigger if p else Trigger.INTERVAL, {})
        self._close_notice()  # the due popup, or a heads-up still on screen
        self._break_taken()
        s.expected_wait = self._compute_wait(obs.now)
        return Reply.done("Break skipped — the counter starts again"), self._flush()

    def start(self, obs: Observation, routine: str | None = None) -> tuple[Reply, list[Effect]]:
        self._advance(obs)
        s = self._s
        refusal = self.start_refusal()
        if refusal is not None:
            return Reply.refused(refusal), self._flush()
        p = s.pending
        chosen = routine or (p.routine if p else self.next_routine())
        if chosen not in self._routines:
            return Reply.invalid(unknown_routine(chosen, self._routines)), self._flush()
        trigger = p.trigger if p is not None and chosen == p.routine else Trigger.MANUAL
        rotation = self._config.schedule.rotation
        if trigger is not Trigger.FIXED and rotation and chosen == self.next_routine():
            s.rotation = (s.rotation + 1) % len(rotation)
        s.on_break = OnBreak(chosen, trigger, p)
        s.pending = None
        self._close_notice()  # however the break was started: the popup has done its job
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
        # A stop is the user's choice: that break is over (recorded as stopped, not taken).
        # Only a player that failed gives the due break back.
        if outcome.result is not PlayResult.FAILED:
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
        local = obs.now.astimezone(self._tz)
        if until is None:
            return Reply.done("Paused until you resume"), self._flush()
        text = f"Paused until {until_phrase(until.astimezone(self._tz), local)}"
        if spec.clock is not None and until.astimezone(self._tz).date() != local.date():
            text = f"{until.astimezone(self._tz):%H:%M} has passed today — p{text[1:]}"
        return Reply.done(text), self._flush()

    def _make_pause(self, now: datetime, spec: PauseSpec) -> Pause | Reply:
        if spec.kind is PauseKind.INDEFINITE:
            return Pause()
        if spec.kind is PauseKind.FOR:
            if spec.length is None or spec.length.total_seconds() <= 0:
                return Reply.invalid("Pause for how long? Give a duration such as 30m")
            return Pause(until_t=self._s.t + spec.length.total_seconds())
        if spec.kind is PauseKind.TOMORROW:
            local = now.astimezone(self._tz)
            tomorrow = local.date() + timedelta(days=1)
            if self._config.schedule.hours is None:  # any time is working time: say morning
                return Pause(until_wall=hours.local(tomorrow, MORNING, self._tz))
            midnight = hours.local(tomorrow, 0, self._tz)
            start = hours.next_start(self._config.schedule.hours, later(midnight, -1), self._tz)
            return Pause(until_wall=start or midnight)
        if spec.until is not None:
            if spec.until.timestamp() <= now.timestamp():
                return Reply.invalid("That time has already passed")
            return Pause(until_wall=spec.until)
        if spec.clock is not None:
            local = now.astimezone(self._tz)
            at = hours.local(local.date(), spec.clock, self._tz)
            if at.timestamp() <= now.timestamp():
                at = hours.local(local.date() + timedelta(days=1), spec.clock, self._tz)
            return Pause(until_wall=at)
        return Reply.invalid("Pause until when? Give a time such as 13:00")

    def resume(self, obs: Observation) -> tuple[Reply, list[Effect]]:
        self._advance(obs)
        s = self._s
        refusal = self.resume_refusal()
        if refusal is not None:
            return Reply.refused(refusal), self._flush()
        s.pause = None
        self._emit_event(EventKind.RESUMED, None, None, {})
        self._break_taken()
        s.expected_wait = self._compute_wait(obs.now)
        return Reply.done("Resumed — the counter starts now"), self._flush()

    def reconfigure(self, obs: Observation, settings: Settings) -> list[Effect]:
        """Apply new settings, keeping counters, snoozes and the pending break."""
        self._advance(obs)
        self._settings = settings
        s = self._s
        s.rotation %= max(1, len(settings.config.schedule.rotation))
        if s.pending is not None and s.pending.routine not in settings.routines:
            s.pending.routine = self.next_routine()
        s.expected_wait = self._compute_wait(obs.now)
        return self._flush()

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
                snoozed = later(now, p.snoozed_until_t - s.t).isoformat()
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
                s.pause = Pause(until_wall=wall)
        gap = (now - datetime.fromisoformat(data["saved_at"])).total_seconds()
        fresh_after = seconds_of(self._config.schedule.natural_break) or 900.0
        if not 0 <= gap < fresh_after or s.pause is not None:
            return
        s.counter.work = float(data.get("work", 0.0)) + gap
        s.extra = float(data.get("extra", 0.0))
        s.snoozes = int(data.get("snoozes", 0))
        pending = data.get("pending")
        if pending is not None and pending["routine"] in self._routines:
            p = Pending(str(pending["routine"]), Trigger(pending["trigger"]), self._renotify_at())
            if pending.get("snoozed_until"):
                until_wall = datetime.fromisoformat(pending["snoozed_until"])
                p.snoozed_until_t = s.t + max(0.0, until_wall.timestamp() - now.timestamp())
                p.renotify_t = None
            s.pending = p


def _minutes(seconds: float) -> str:
    return human(timedelta(seconds=seconds))
