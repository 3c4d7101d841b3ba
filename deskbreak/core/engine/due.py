"""What falls due in one step: the engine's checks, in the order `Engine._step` runs them.

Each check is a function of the engine's state, the settings and the gates the `Engine`
owns and hands in; the engine calls them at its named points and no one else does (the
engine stays the state's one owner). Here: a pause that ended, a new working period, the
fixed reminders, the break offered before a long block of meetings, the interval counter
reaching its target (and its heads-up), and the pending break's notices (a snooze that
ran out, the reminder again). `offer` shows a due break's notice unless the hold gate holds
it; `break_taken` starts the counter afresh; `snooze` snoozes the due break or puts off a
coming one; `dismissed` sets when a notice closed without a choice comes back.

Core module: standard library only.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from deskbreak.core.config.model import Config
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine import hours, rules
from deskbreak.core.engine.effects import Outbox
from deskbreak.core.engine.holds import HoldGate
from deskbreak.core.engine.meetings import MeetingGate, local
from deskbreak.core.engine.rules import seconds_of
from deskbreak.core.engine.state import FIXED_LATE, EngineState, Pending
from deskbreak.core.events import EventKind, Trigger
from deskbreak.core.instants import later
from deskbreak.core.ports import NoticeKind


def break_taken(s: EngineState) -> None:
    """A break was taken (or counts as one): the counter and its snoozes start again."""
    s.counter.work = s.extra = 0.0
    s.snoozes = 0
    s.heads_up_sent = False
    s.pending = None
    s.rested_at = s.last.now if s.last is not None else None


def natural_break(s: EngineState, seconds: float, cause: str, out: Outbox) -> None:
    """The user was away (`cause`: idle or asleep) long enough for a natural break."""
    if s.on_break is not None:
        return
    pending = s.pending
    out.record(
        EventKind.NATURAL_BREAK,
        pending.routine if pending else None,
        pending.trigger if pending else None,
        {"seconds": round(seconds), "cause": cause},
    )
    if pending is not None:
        out.close_notice()
    break_taken(s)


def offer(s: EngineState, kind: NoticeKind, config: Config, holds: HoldGate, out: Outbox) -> None:
    """Show the due break's notice, unless the hold gate holds the break."""
    p = s.pending
    assert p is not None
    if not holds.hold(p, config.hold, s.t, out):
        out.notify(kind, p.routine, p.trigger)


def offer_afresh(s: EngineState, config: Config, holds: HoldGate, out: Outbox) -> None:
    """After a restore: a break still due from before the restart is offered again."""
    p = s.pending
    if p is not None and p.snoozed_until_t is None and s.pause is None:
        # The old notice went with the old process (its buttons no longer answer), so it
        # is offered afresh now.
        p.renotify_t = rules.renotify_at(s, config)
        offer(s, NoticeKind.DUE, config, holds, out)


def make_due(
    s: EngineState,
    routine: str,
    trigger: Trigger,
    key: str | None,
    *,
    config: Config,
    holds: HoldGate,
    out: Outbox,
) -> None:
    s.pending = Pending(routine, trigger, rules.renotify_at(s, config), fixed_key=key)
    out.record(EventKind.DUE, routine, trigger, {})
    offer(s, NoticeKind.DUE, config, holds, out)


def drop_offer(s: EngineState, out: Outbox) -> None:
    out.close_notice()
    s.pending = None


def check_pause_end(s: EngineState, now: datetime, out: Outbox) -> None:
    if s.pause is not None and rules.pause_ended(s.pause, s.t, now):
        s.pause = None
        out.record(EventKind.RESUMED, None, None, {"auto": True})
        break_taken(s)


def check_hours(s: EngineState, config: Config, now: datetime, tz: tzinfo, out: Outbox) -> None:
    if config.schedule.hours is None:
        return
    period = hours.period_at(config.schedule.hours, now, tz)
    start = None if period is None else period[0].timestamp()
    if start == s.period_start:
        return
    s.period_start = start
    if s.pending is not None and s.pending.trigger is Trigger.INTERVAL:
        out.close_notice()
    if s.pending is None or s.pending.trigger is Trigger.INTERVAL:
        break_taken(s)  # a new working period starts with a fresh counter


def check_fixed(
    s: EngineState, settings: Settings, now: datetime, tz: tzinfo, *, holds: HoldGate, out: Outbox
) -> None:
    config = settings.config
    missed = rules.missed_reminders(s, config, now, tz)
    if not missed:
        return
    if s.pause is not None or s.on_break is not None:
        s.fired.update(key for _at, key, _r in missed)
        return
    if s.t < s.not_before_t:
        return  # just woke up: wait for the grace period, then fire once
    s.fired.update(key for _at, key, _r in missed)
    at, key, reminder = max(missed, key=lambda item: item[0].timestamp())
    late = now.timestamp() - at.timestamp() > FIXED_LATE
    if late or reminder.routine not in settings.routines:
        return
    if s.pending is not None:
        out.close_notice()
    make_due(s, reminder.routine, Trigger.FIXED, key, config=config, holds=holds, out=out)
    oldest = hours.reminder_key(0, (now - timedelta(days=2)).date())
    s.fired = {k for k in s.fired if k >= oldest}


def check_meetings(
    s: EngineState,
    config: Config,
    now: datetime,
    tz: tzinfo,
    *,
    holds: HoldGate,
    meetings: MeetingGate,
    out: Outbox,
) -> None:
    """Drop the break offered before meetings once that no longer stands (the block
    started or went, a hold began); offer one before a long block when it is time."""
    holding = holds.holding(config.hold, s.t)
    before = None if s.pending is None else s.pending.before
    if before is not None and (holding or not meetings.stands(before, now, config.calendar)):
        drop_offer(s, out)
    if holding or s.t < s.not_before_t:
        return
    if not rules.counting_toward_break(s, config, now, tz):
        return
    due = later(now, rules.target(s, config) - s.counter.work)
    block = meetings.offer(now, config.calendar, due, s.rested_at)
    if block is None:
        return
    routine = rules.next_routine(s, config)
    s.pending = Pending(routine, Trigger.INTERVAL, None, before=block.start)
    out.notify(NoticeKind.BEFORE_MEETINGS, routine, Trigger.INTERVAL, local(block, tz))


def check_interval(
    s: EngineState, config: Config, now: datetime, tz: tzinfo, *, holds: HoldGate, out: Outbox
) -> None:
    if not rules.counting_toward_break(s, config, now, tz):
        return
    target = rules.target(s, config)
    heads_up = seconds_of(config.schedule.heads_up)
    if (
        heads_up
        and not s.heads_up_sent
        and not holds.holding(config.hold, s.t)
        and s.counter.work >= target - heads_up
        and s.counter.work < target
    ):
        s.heads_up_sent = True
        routine = rules.next_routine(s, config)
        out.record(EventKind.HEADS_UP, routine, Trigger.INTERVAL, {})
        out.heads_up(routine, Trigger.INTERVAL)
    if s.counter.work >= target and s.t >= s.not_before_t:
        routine = rules.next_routine(s, config)
        make_due(s, routine, Trigger.INTERVAL, None, config=config, holds=holds, out=out)


def snooze(
    s: EngineState, config: Config, seconds: float, most: float, out: Outbox
) -> tuple[str, Trigger, float]:
    """A snooze of `seconds`: the due break's notice goes and comes back after them (a
    snoozed offer before meetings is a due break), or a break not yet due is put off (the
    snoozes of a coming break add up, but never beyond `most`, the longest snooze). The
    snoozed routine, its trigger and the seconds snoozed."""
    s.snoozes += 1
    out.close_notice()  # the due popup, or a heads-up still on screen
    p = s.pending
    if p is not None:
        p.snoozed_until_t = s.t + seconds
        p.renotify_t = p.before = None
        return p.routine, p.trigger, seconds
    seconds = min(seconds, most - s.extra)
    s.extra += seconds
    s.heads_up_sent = False
    return rules.next_routine(s, config), Trigger.INTERVAL, seconds


def dismissed(s: EngineState, config: Config, holds: HoldGate) -> None:
    """The due break's notice was closed without a choice: not a snooze, and not silence.
    With renotify set its reminder is already on the way; with renotify off the notice
    comes back once, after the default interval (`rules.comeback_at`), and a dismissal of
    that one is final. An offer before meetings (its block's start ends it), a snoozed or
    held break (each is offered again by its own rule) and GNOME's break (no notice of
    ours) are left as they are."""
    p = s.pending
    if (
        p is None
        or config.schedule.renotify is not None
        or p.came_back
        or p.renotify_t is not None
        or p.snoozed_until_t is not None
        or p.before is not None
        or p.gnome
        or holds.is_held(p)
    ):
        return
    p.came_back = True
    p.renotify_t = rules.comeback_at(s)


def check_pending(s: EngineState, config: Config, holds: HoldGate, out: Outbox) -> None:
    p = s.pending
    if p is None:
        return
    if p.snoozed_until_t is not None:
        if s.t >= p.snoozed_until_t:
            p.snoozed_until_t = None
            p.renotify_t = rules.renotify_at(s, config)
            offer(s, NoticeKind.DUE, config, holds, out)
        return
    if p.renotify_t is not None and s.t >= p.renotify_t:
        p.renotify_t = rules.renotify_at(s, config)
        offer(s, NoticeKind.RENOTIFY, config, holds, out)
