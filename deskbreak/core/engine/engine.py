"""The break engine: a state machine that decides when a desk break is due.

It is given observations (wall time, monotonic and boot clocks, idle seconds) and commands, and
returns effects as data (notify, launch a routine, record an event); it never reads a clock or
touches the OS. `Engine` is the public face and the one owner of the state: the commands a person
can ask (snooze, skip, start, finish, pause, resume, reconfigure; a notice dismissed), saving and
restoring, and the step loop that every call runs first (`_step`: account for the time that
passed, look at the hold signals, then run the checks of `due`, in that order). Only the engine
calls the functions that change the state (`due`, `gnome.told`, `saved.apply`), handing it in.

What it consults: `due` (the step's checks: what fell due, the pending break's notices), `replies`
(the words of snooze's and pause's answers), `rules` (what falls due when, how long to sleep:
functions of the state), the `HoldGate` from `holds` (which it asks before offering a break), the
`MeetingGate` from `meetings` (the calendar's blocks: what is under way, which break to offer
before a long one), `view` (the status and the refusals), `saved` (the snapshot's format),
`timekeeping` and `hours` (time arithmetic). The state itself is in `state`. Core module:
standard library only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.config.model import Config
from deskbreak.core.config.schedule import SNOOZE
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine import due, gnome, replies, rules, saved, timekeeping, view
from deskbreak.core.engine.effects import Effect, Observation, Outbox
from deskbreak.core.engine.holds import HoldGate
from deskbreak.core.engine.meetings import MeetingGate
from deskbreak.core.engine.rules import seconds_of
from deskbreak.core.engine.state import WAKE_GRACE, EngineState, OnBreak
from deskbreak.core.events import EventKind, Trigger
from deskbreak.core.gnomebreaks import Phase
from deskbreak.core.i18n import _
from deskbreak.core.instants import between
from deskbreak.core.ports import HoldSignal, PauseSpec, PlayOutcome, PlayResult, Reply
from deskbreak.core.routines import Routine, unknown_routine
from deskbreak.core.status import Status

log = logging.getLogger(__name__)


class Engine:
    """Policy for one user's desk breaks. Not thread-safe: the controller serialises calls."""

    def __init__(
        self,
        config: Config,
        routines: Mapping[str, Routine],
        tz: tzinfo,
        *,
        idle_available: bool = True,
        idle_pushes: bool = False,
        wake_grace: float = WAKE_GRACE,
        idle_grace: float = timekeeping.IDLE_GRACE,
    ) -> None:
        self._settings = Settings(config, routines)
        self._tz = tz
        self._idle_available = idle_available
        # A pushing source wakes the engine when the user goes idle and comes back,
        # so the engine sleeps until then (or its own deadlines) instead of probing.
        self._idle_pushes = idle_available and idle_pushes
        self._wake_grace = wake_grace
        self._s = EngineState(counter=timekeeping.WorkCounter(grace=idle_grace))
        self._holds = HoldGate()
        self._meetings = MeetingGate()
        self._out = Outbox()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        tz: tzinfo,
        *,
        idle_available: bool = True,
        idle_pushes: bool = False,
        wake_grace: float = WAKE_GRACE,
        idle_grace: float = timekeeping.IDLE_GRACE,
    ) -> Engine:
        return cls(
            settings.config,
            settings.routines,
            tz,
            idle_available=idle_available,
            idle_pushes=idle_pushes,
            wake_grace=wake_grace,
            idle_grace=idle_grace,
        )

    @property
    def settings(self) -> Settings:
        """The config and routines in force; replaced whole by `reconfigure`."""
        return self._settings

    @property
    def idle_grace(self) -> float:
        """Seconds without input before a stretch is not work (and the shortest natural break)."""
        return self._s.counter.grace

    @property
    def _config(self) -> Config:
        return self._settings.config

    # --------------------------------------------------------- time, holds
    def observe(self, obs: Observation) -> list[Effect]:
        """Time has passed: account for it and fire whatever fell due."""
        self._step(obs)
        return self._flush()

    def wake_in(self) -> float:
        """Seconds of real time until the engine next needs an observation."""
        return self._s.expected_wait if self._s.expected_wait is not None else 1.0

    def report_hold(self, obs: Observation, signals: Iterable[HoldSignal]) -> list[Effect]:
        """The edges say which hold signals are on now (an empty set: none)."""
        self._holds.report(signals)
        self._step(obs)
        return self._flush()

    def report_calendar(
        self, obs: Observation, meetings: Sequence[Meeting], reports: Sequence[SourceReport]
    ) -> list[Effect]:
        """The calendar reader's meetings (UTC) and how reading each source went."""
        self._meetings.report(meetings, reports, self._config, self._tz)
        self._step(obs)
        return self._flush()

    def status(self) -> Status:
        s = self._s
        assert s.last is not None, "observe() first"
        return view.status(
            s,
            self._settings,
            self._tz,
            natural_breaks=rules.probing(self._config, self._idle_available),
            held=self._holds.is_held(s.pending),
            hold=self._holds.status(s.pending),
            calendar=self._meetings.status(s.last.now, self._config, self._tz),
        )

    def gnome_breaks(self, obs: Observation, keeps_time: bool, phase: Phase) -> list[Effect]:
        """Who keeps time (GNOME or deskbreak) and where GNOME's movement break is."""
        self._step(obs)
        gnome.told(self._s, keeps_time, phase, self._config, self._out)
        self._s.expected_wait = self._wait(obs.now)
        return self._flush()

    # ------------------------------------------------------------ commands
    def snooze(
        self, obs: Observation, length: timedelta | None = None
    ) -> tuple[Reply, list[Effect]]:
        self._step(obs)
        s = self._s
        refusal = view.snooze_refusal(s, self._config, self._tz)
        if refusal is not None:
            return Reply.refused(refusal), self._flush()
        seconds = (length or self._config.schedule.snooze).total_seconds()
        least, most = (bound.total_seconds() for bound in SNOOZE)
        if not least <= seconds <= most:
            return Reply.invalid(replies.snooze_length_invalid(seconds, least, most)), self._flush()
        p = s.pending
        if p is None and s.extra >= most:
            return Reply.refused(replies.snooze_at_most(most)), self._flush()
        routine, trigger, seconds = due.snooze(s, self._config, seconds, most, self._out)
        if p is not None:
            message = replies.snoozed(seconds)
        else:
            left = max(0.0, rules.target(s, self._config) - s.counter.work)
            message = replies.put_off(seconds, left)
        self._out.record(EventKind.SNOOZED, routine, trigger, {"seconds": round(seconds)})
        s.expected_wait = self._wait(obs.now)
        return Reply.done(message, snoozes_used=s.snoozes), self._flush()

    def skip(self, obs: Observation) -> tuple[Reply, list[Effect]]:
        self._step(obs)
        s = self._s
        refusal = view.skip_refusal(s, self._config, self._tz)
        if refusal is not None:
            return Reply.refused(refusal), self._flush()
        p = s.pending
        routine = p.routine if p else rules.next_routine(s, self._config)
        self._out.record(EventKind.SKIPPED, routine, p.trigger if p else Trigger.INTERVAL, {})
        self._out.close_notice()  # the due popup, or a heads-up still on screen
        due.break_taken(self._s)
        s.expected_wait = self._wait(obs.now)
        return Reply.done(_("Break skipped — the counter starts again")), self._flush()

    def start(self, obs: Observation, routine: str | None = None) -> tuple[Reply, list[Effect]]:
        self._step(obs)
        s = self._s
        refusal = view.start_refusal(s)
        if refusal is not None:
            return Reply.refused(refusal), self._flush()
        p = s.pending
        routines = self._settings.routines
        turn = rules.next_routine(s, self._config)
        chosen = routine or (p.routine if p else turn)
        if chosen not in routines:
            return Reply.invalid(unknown_routine(chosen, routines)), self._flush()
        trigger = p.trigger if p is not None and chosen == p.routine else Trigger.MANUAL
        rotation = self._config.schedule.rotation
        if trigger is not Trigger.FIXED and rotation and chosen == turn:
            s.rotation = (s.rotation + 1) % len(rotation)
        s.on_break = OnBreak(chosen, trigger, p)
        s.pending = None
        self._out.close_notice()  # however the break was started: the popup has done its job
        self._out.record(EventKind.STARTED, chosen, trigger, {})
        self._out.launch(chosen, trigger)
        s.expected_wait = self._wait(obs.now)
        # Translators: {title} is the routine's title ("Mini reset").
        title = _("Starting {title}").format(title=_(routines[chosen].title))
        return Reply.done(title, routine=chosen), self._flush()

    def finish(self, obs: Observation, outcome: PlayOutcome) -> list[Effect]:
        """The player ended (completed, partial, stopped or failed)."""
        self._step(obs)
        s = self._s
        current = s.on_break
        trigger = current.trigger if current else Trigger.MANUAL
        kind = {
            PlayResult.COMPLETED: EventKind.COMPLETED,
            PlayResult.PARTIAL: EventKind.PARTIAL,
        }.get(outcome.result, EventKind.STOPPED)
        self._out.record(kind, outcome.routine, trigger, outcome.to_json())
        s.on_break = None
        # A stop is the user's choice: that break is over (recorded as stopped, not taken).
        # Only a player that failed gives the due break back.
        if outcome.result is not PlayResult.FAILED:
            due.break_taken(self._s)
        elif current is not None and current.pending is not None:
            s.pending = current.pending
            s.pending.renotify_t = rules.renotify_at(s, self._config)
        s.expected_wait = self._wait(obs.now)
        return self._flush()

    def not_now(self, obs: Observation) -> list[Effect]:
        """The break offered before meetings is declined: it falls due as it would."""
        self._step(obs)
        p = self._s.pending
        if p is not None and p.before is not None:
            due.drop_offer(self._s, self._out)
        self._s.expected_wait = self._wait(obs.now)
        return self._flush()

    def dismissed(self, obs: Observation) -> list[Effect]:
        """The due break's notice was closed without a choice (dunst's default left click):
        the break stays due and its reminder comes back, with renotify off once."""
        self._step(obs)
        due.dismissed(self._s, self._config, self._holds)
        self._s.expected_wait = self._wait(obs.now)
        return self._flush()

    def pause(self, obs: Observation, spec: PauseSpec) -> tuple[Reply, list[Effect]]:
        self._step(obs)
        s = self._s
        pause = rules.pause_for(spec, obs.now, s.t, self._config, self._tz)
        if isinstance(pause, str):
            return Reply.invalid(pause), self._flush()
        if s.pending is not None:
            self._out.close_notice()
        s.pending = None
        s.pause = pause
        until = rules.pause_until(s, obs.now)
        self._out.record(
            EventKind.PAUSED, None, None, {"until": until.isoformat() if until else None}
        )
        s.expected_wait = self._wait(obs.now)
        text = replies.paused(until, obs.now, self._tz, clock=spec.clock is not None)
        return Reply.done(text), self._flush()

    def resume(self, obs: Observation) -> tuple[Reply, list[Effect]]:
        self._step(obs)
        s = self._s
        refusal = view.resume_refusal(s)
        if refusal is not None:
            return Reply.refused(refusal), self._flush()
        s.pause = None
        self._out.record(EventKind.RESUMED, None, None, {})
        due.break_taken(self._s)
        s.expected_wait = self._wait(obs.now)
        return Reply.done(_("Resumed — the counter starts now")), self._flush()

    def reconfigure(self, obs: Observation, settings: Settings) -> list[Effect]:
        """Apply new settings, keeping counters, snoozes and the pending break."""
        self._step(obs)
        self._settings = settings
        self._meetings.settle(settings.config, self._tz)
        s = self._s
        s.rotation %= max(1, len(settings.config.schedule.rotation))
        if s.pending is not None and s.pending.routine not in settings.routines:
            s.pending.routine = rules.next_routine(s, settings.config)
        self._look_at_holds(obs.now)  # the new [hold] may switch a signal on or off
        s.expected_wait = self._wait(obs.now)
        return self._flush()

    # -------------------------------------------------------- persistence
    def snapshot(self) -> dict[str, Any]:
        """What a restarted daemon needs to continue where this one was."""
        return saved.snapshot(self._s)

    def restore(self, data: Mapping[str, Any], obs: Observation) -> list[Effect]:
        """Continue from a snapshot; a gap long enough for a natural break starts afresh.

        A snapshot that cannot be read is ignored (logged): the day goes on with a
        fresh counter rather than a crash.
        """
        self._step(obs)
        try:
            saved.apply(self._s, data, obs.now, self._settings)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            log.warning("ignoring unreadable saved state: %s", exc)
        due.offer_afresh(self._s, self._config, self._holds, self._out)
        self._s.expected_wait = self._wait(obs.now)
        return self._flush()

    # ----------------------------------------------------------- the step
    def _step(self, obs: Observation) -> None:
        """Account for the time up to `obs`, then fire whatever fell due."""
        s = self._s
        last, s.last = s.last, obs  # what this observation finds is stamped with its time
        self._out.at = obs.now
        if last is None:
            self._first(obs)
        else:
            self._account(last, obs)
        self._look_at_holds(obs.now)
        config, tz, holds, out = self._config, self._tz, self._holds, self._out
        due.check_pause_end(s, obs.now, out)
        due.check_hours(s, config, obs.now, tz, out)
        due.check_fixed(s, self._settings, obs.now, tz, holds=holds, out=out)
        meetings = self._meetings
        due.check_meetings(s, config, obs.now, tz, holds=holds, meetings=meetings, out=out)
        due.check_interval(s, config, obs.now, tz, holds=holds, out=out)
        due.check_pending(s, config, holds, out)
        s.expected_wait = self._wait(obs.now)

    def _first(self, obs: Observation) -> None:
        s = self._s
        s.not_before_t = s.t + self._wake_grace
        s.rested_at = obs.now  # the counter starts now, as after a break
        s.fired.update(rules.spent_reminders(self._config, obs.now, self._tz))

    def _account(self, last: Observation, obs: Observation) -> None:
        s = self._s
        passed = timekeeping.elapsed(last, obs, s.expected_wait)
        s.t += passed.real
        if passed.slept + passed.unclear > 1.0:
            self._slept(passed.slept + passed.unclear)
        counting = s.pause is None and s.on_break is None
        idle = self._holds.idle(obs.idle) if self._idle_available else None
        nb = seconds_of(self._config.schedule.natural_break)
        away = s.counter.count(s.t, passed, idle, counting=counting, natural_break=nb)
        if away is not None:
            due.natural_break(s, away, "idle", self._out)

    def _slept(self, slept: float) -> None:
        s = self._s
        nb = s.counter.natural_break(seconds_of(self._config.schedule.natural_break))
        if nb is not None and slept >= nb:
            due.natural_break(s, slept, "asleep", self._out)
        if slept >= self._wake_grace / 2:
            s.not_before_t = max(s.not_before_t, s.t + self._wake_grace)

    def _look_at_holds(self, now: datetime) -> None:
        """Tell the hold gate the signals as they stand, and let it offer a held break
        whose hold is over."""
        s, settings = self._s, self._config.hold
        on, ended = self._meetings.look(now)
        self._holds.meeting(on, None if ended is None else s.t - max(0.0, between(ended, now)))
        self._holds.signals_changed(settings, now, s.t, s.pending, self._out)
        renotify = rules.renotify_at(s, self._config)
        self._holds.release(settings, s.t, s.pending, renotify, self._out)

    def _wait(self, now: datetime) -> float:
        s, config = self._s, self._config
        return rules.wait(
            s,
            config,
            now,
            self._tz,
            idle_available=self._idle_available,
            idle_pushes=self._idle_pushes,
            also=[
                *self._holds.waits(config.hold, s.t),
                *self._meetings.waits(now, config.calendar),
            ],
        )

    def _flush(self) -> list[Effect]:
        """Hand over the call's effects, first ending the hold of a break that is gone."""
        s = self._s
        self._holds.settle(s.t, s.pending, self._out)
        return self._out.flush()
