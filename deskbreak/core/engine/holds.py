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
Signals a user switched off in [hold] are ignored. A meeting block from the calendar
is one more signal, `calendar` (`meeting`, from the engine's `MeetingGate`), whose quiet
starts when the block ended — earlier than now when a new list ended it early. A break
offered before meetings is never held: it goes when a hold starts (the engine drops it).
Holds are not saved: a restarted daemon learns the signals again from its sources.

`HoldGate` keeps this apart from the rules of time: the engine owns one and calls it at
named points (the signals were reported or the settings changed, time has passed, a break
is about to be offered, a call is over) and never the other way round.
Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from deskbreak.core.config.model import HoldSettings
from deskbreak.core.engine.effects import Outbox
from deskbreak.core.engine.rules import seconds_of
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
    if signal is HoldSignal.CALENDAR:
        return True  # reported only while a calendar is configured
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
    meeting: bool = False  # a meeting block is under way
    meeting_ended_t: float | None = None  # when the block under way until now ended
    off_t: float | None = None  # the latest a signal went off since all were last clear


class HoldGate:
    """Whether a due break may be offered now, given the hold signals.

    Times `t` are on the engine's timeline; `out` takes the events and notices a hold
    causes. The gate never changes the engine's state except a held break's renotify
    time when it offers the break.
    """

    def __init__(self) -> None:
        self._h = HoldState()

    # ------------------------------------------------- what the edges say
    def report(self, signals: Iterable[HoldSignal]) -> None:
        """The edges say which hold signals are on now (an empty set: none)."""
        self._h.reported = frozenset(signals)

    def idle(self, idle: float | None) -> float | None:
        """The idle seconds that count: during a call a quiet keyboard is not time away."""
        if self._h.on & CALL_SIGNALS and idle is not None:
            return 0.0
        return idle

    def meeting(self, on: bool, ended_t: float | None) -> None:
        """Whether a meeting block is under way; `ended_t`: when the one under way until
        now ended (None: none ended)."""
        self._h.meeting = on
        if ended_t is not None:
            self._h.meeting_ended_t = ended_t

    # ------------------------------------------- the points the engine calls
    def signals_changed(
        self, settings: HoldSettings, now: datetime, t: float, pending: Pending | None, out: Outbox
    ) -> None:
        """Take the signals reported and enabled now (after a report, a reload or time
        passing): a signal coming on withdraws the notice on screen and holds its break."""
        h = self._h
        on = frozenset(x for x in h.reported if enabled(settings, x))
        if h.meeting:
            on |= {HoldSignal.CALENDAR}
        was, h.on = h.on, on
        for gone in was - on:
            off = t
            if gone is HoldSignal.CALENDAR and h.meeting_ended_t is not None:
                off, h.meeting_ended_t = min(t, h.meeting_ended_t), None
            h.off_t = off if h.off_t is None else max(h.off_t, off)
        if on:
            h.last = tuple(sorted(on))
            if h.held is not None:
                h.seen.update(h.last)
        if on and not was:
            h.on_since, h.clear_since_t, h.off_t = now, None, None
            self._withdraw(t, pending, out)
        elif was and not on:
            h.clear_since_t = t if h.off_t is None else h.off_t

    def release(
        self,
        settings: HoldSettings,
        t: float,
        pending: Pending | None,
        renotify_at: float | None,
        out: Outbox,
    ) -> None:
        """Offer the held break once its hold is over, or once held `at_most`."""
        h = self._h
        p = h.held
        if p is None or pending is not p or p.snoozed_until_t is not None:
            return
        at_most = seconds_of(settings.at_most)
        late = at_most is not None and t - h.held_since_t >= at_most
        if self.holding(settings, t) and not late:
            return
        self._end("at-most" if self.holding(settings, t) else "offered", t, out)
        if late:
            h.exempt = p
        p.renotify_t = renotify_at
        out.notify(NoticeKind.HELD, p.routine, p.trigger)

    def hold(self, p: Pending, settings: HoldSettings, t: float, out: Outbox) -> bool:
        """A notice about the due break `p` is about to be shown: hold it instead?"""
        h = self._h
        if p is h.exempt or not (h.held is p or self.holding(settings, t)):
            return False
        if h.held is not p:
            self._start(p, t, withdrawn=False, out=out)
        return True

    def holding(self, settings: HoldSettings, t: float) -> bool:
        """Whether reminders (a heads-up too) are held back right now."""
        h = self._h
        if h.on:
            return True
        resume = settings.resume_after.total_seconds()
        return h.clear_since_t is not None and t - h.clear_since_t < resume

    def settle(self, t: float, pending: Pending | None, out: Outbox) -> None:
        """End the hold of a break that is no longer due or was snoozed, saying what ended
        it (the command or the natural break recorded in `out`, else "cleared")."""
        p = self._h.held
        if p is not None and (pending is not p or p.snoozed_until_t is not None):
            by = out.last_event(_HOW)
            self._end("cleared" if by is None else _HOW[by], t, out)

    def waits(self, settings: HoldSettings, t: float) -> list[float]:
        """Seconds until a held break may be offered: the quiet has lasted, or `at_most`."""
        h = self._h
        if h.held is None:
            return []
        waits = []
        if h.clear_since_t is not None and not h.on:
            waits.append(h.clear_since_t + settings.resume_after.total_seconds() - t)
        at_most = seconds_of(settings.at_most)
        if at_most is not None:
            waits.append(h.held_since_t + at_most - t)
        return waits

    # ------------------------------------------------------- for the status
    def is_held(self, pending: Pending | None) -> bool:
        return self._h.held is not None and self._h.held is pending

    def status(self, pending: Pending | None) -> Hold | None:
        h = self._h
        if h.on_since is None or not (h.on or self.is_held(pending)):
            return None
        return Hold(h.last, h.on_since)

    # ------------------------------------------------ starting and ending
    def _withdraw(self, t: float, p: Pending | None, out: Outbox) -> None:
        h = self._h
        if p is None or p.snoozed_until_t is not None or p in (h.exempt, h.held):
            return
        if p.before is not None:
            return  # offered before meetings: the engine drops it instead
        out.close_notice()
        self._start(p, t, withdrawn=True, out=out)

    def _start(self, p: Pending, t: float, *, withdrawn: bool, out: Outbox) -> None:
        h = self._h
        h.held, h.held_since_t = p, t
        h.seen = set(h.last)
        detail = {"reasons": sorted(h.seen), "withdrawn": withdrawn}
        out.record(EventKind.HELD, p.routine, p.trigger, detail)

    def _end(self, how: str, t: float, out: Outbox) -> None:
        h = self._h
        p = h.held
        if p is None:
            return
        seconds = round(t - h.held_since_t)
        detail = {"seconds": seconds, "reasons": sorted(h.seen), "how": how}
        h.held = None
        out.record(EventKind.HOLD_ENDED, p.routine, p.trigger, detail)
