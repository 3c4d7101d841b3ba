"""Holding a due break while a call, a share, a presentation or do-not-disturb is on.

The edges report which hold signals are on (`report_hold`); this module owns what
that means for the breaks:
- work time keeps counting while a signal is on; during a call (microphone,
  camera, screen share) a quiet keyboard is not time away, since sitting in a
  call is sitting;
- a break that falls due (or whose snooze ends, or that would be re-notified)
  while a signal is on — or less than `resume_after` after the last one went
  off — is *held*: no notification, no sound, no heads-up;
- a notification on screen when a signal comes on is withdrawn and the break held;
- once every signal has stayed clear for `resume_after`, the held break is offered
  with one notification; with `at_most`, a break held that long is offered anyway
  (and not held again);
- a break the user starts is never held, and a running routine never interrupted:
  holds act only on a pending break;
- history gets HELD when a hold starts and HOLD_ENDED (seconds, reasons, how)
  when it ends, however it ends.
Signals a user switched off in [hold] are ignored. Holds are not saved: a
restarted daemon learns the signals again from its sources.
Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from deskbreak.core.config.model import HoldSettings
from deskbreak.core.engine.effects import Effect, Observation, Record
from deskbreak.core.engine.rules import Rules, seconds_of
from deskbreak.core.engine.state import Pending
from deskbreak.core.events import EventKind
from deskbreak.core.ports import HoldSignal, NoticeKind
from deskbreak.core.status import Hold

CALL_SIGNALS = frozenset({HoldSignal.MICROPHONE, HoldSignal.CAMERA, HoldSignal.SCREEN_SHARE})
_HOW = {  # the command that ended a hold, from the event it recorded
    EventKind.STARTED: "started",
    EventKind.SKIPPED: "skipped",
    EventKind.SNOOZED: "snoozed",
    EventKind.NATURAL_BREAK: "natural-break",
    EventKind.PAUSED: "paused",
}


def enabled(settings: HoldSettings, signal: HoldSignal) -> bool:
    """Whether the user's [hold] settings let `signal` hold a break."""
    if signal is HoldSignal.APP:
        return bool(settings.apps)
    return bool(getattr(settings, signal.value.replace("-", "_")))


@dataclass
class HoldState:
    reported: frozenset[HoldSignal] = frozenset()  # as the edges last said
    on: frozenset[HoldSignal] = frozenset()  # reported and enabled
    on_since: datetime | None = None
    last: tuple[str, ...] = ()  # the reasons of the latest hold signal
    clear_since_t: float | None = None  # every signal off since (None while one is on)
    held: Pending | None = None  # the due break being held
    held_since_t: float = 0.0
    seen: set[str] = field(default_factory=set)  # every reason seen while held
    exempt: Pending | None = None  # offered by at_most: not held again


class HoldRules(Rules):
    """The rules of time, with due breaks held while a hold signal is on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._h = HoldState()

    def report_hold(self, obs: Observation, signals: Iterable[HoldSignal]) -> list[Effect]:
        """The edges say which hold signals are on now (an empty set: none)."""
        self._h.reported = frozenset(signals)
        self._advance(obs)
        return self._flush()

    # ------------------------------------------------------------ hooks
    def _account(self, last: Observation, obs: Observation) -> None:
        if self._h.on & CALL_SIGNALS and obs.idle is not None:
            obs = replace(obs, idle=0.0)
        super()._account(last, obs)

    def _observed(self, obs: Observation) -> None:
        h, s = self._h, self._s
        on = frozenset(x for x in h.reported if enabled(self._config.hold, x))
        was, h.on = h.on, on
        if on:
            h.last = tuple(sorted(on))
            if h.held is not None:
                h.seen.update(h.last)
        if on and not was:
            h.on_since, h.clear_since_t = obs.now, None
            self._withdraw()
        elif was and not on:
            h.clear_since_t = s.t
        self._check_release()

    def _holding(self) -> bool:
        h = self._h
        if h.on:
            return True
        resume = self._config.hold.resume_after.total_seconds()
        return h.clear_since_t is not None and self._s.t - h.clear_since_t < resume

    def _notify(self, kind: NoticeKind) -> None:
        p = self._s.pending
        if p is not None and p is not self._h.exempt and (self._h.held is p or self._holding()):
            if self._h.held is not p:
                self._start_hold(p, withdrawn=False)
            return
        super()._notify(kind)

    def _compute_wait(self, now: datetime) -> float:
        wait = super()._compute_wait(now)
        h, t = self._h, self._s.t
        if h.held is None:
            return wait
        waits = [wait]
        if h.clear_since_t is not None and not h.on:
            waits.append(h.clear_since_t + self._config.hold.resume_after.total_seconds() - t)
        at_most = seconds_of(self._config.hold.at_most)
        if at_most is not None:
            waits.append(h.held_since_t + at_most - t)
        return max(1.0, min(waits))

    def _flush(self) -> list[Effect]:
        h, s = self._h, self._s
        if s.last is not None:
            before = (h.on, h.held)
            self._observed(s.last)  # a reload may have switched a signal off
            if (h.on, h.held) != before:
                s.expected_wait = self._compute_wait(s.last.now)
        p = h.held
        if p is not None and (s.pending is not p or p.snoozed_until_t is not None):
            self._end_hold(self._ended_by())
        return super()._flush()

    # ----------------------------------------------------------- helpers
    def _withdraw(self) -> None:
        s = self._s
        p = s.pending
        if p is None or p.snoozed_until_t is not None or p in (self._h.exempt, self._h.held):
            return
        self._close_notice()
        self._start_hold(p, withdrawn=True)

    def _start_hold(self, p: Pending, *, withdrawn: bool) -> None:
        h = self._h
        h.held, h.held_since_t = p, self._s.t
        h.seen = set(h.last)
        detail = {"reasons": sorted(h.seen), "withdrawn": withdrawn}
        self._emit_event(EventKind.HELD, p.routine, p.trigger, detail)

    def _check_release(self) -> None:
        h, s = self._h, self._s
        p = h.held
        if p is None or s.pending is not p or p.snoozed_until_t is not None:
            return
        at_most = seconds_of(self._config.hold.at_most)
        late = at_most is not None and s.t - h.held_since_t >= at_most
        if self._holding() and not late:
            return
        self._end_hold("at-most" if self._holding() else "offered")
        if late:
            h.exempt = p
        p.renotify_t = self._renotify_at()
        super()._notify(NoticeKind.HELD)

    def _end_hold(self, how: str) -> None:
        h = self._h
        p = h.held
        if p is None:
            return
        seconds = round(self._s.t - h.held_since_t)
        detail = {"seconds": seconds, "reasons": sorted(h.seen), "how": how}
        h.held = None
        self._emit_event(EventKind.HOLD_ENDED, p.routine, p.trigger, detail)

    def _ended_by(self) -> str:
        for effect in reversed(self._s.effects):
            if isinstance(effect, Record) and effect.event.kind in _HOW:
                return _HOW[effect.event.kind]
        return "cleared"

    def _is_held(self) -> bool:
        return self._h.held is not None and self._h.held is self._s.pending

    def _hold_status(self) -> Hold | None:
        h = self._h
        if h.on_since is None or not (h.on or self._is_held()):
            return None
        return Hold(h.last, h.on_since)
