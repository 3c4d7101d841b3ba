"""The engine's rules of time: what falls due when, and how long the engine may sleep.

It is given observations (wall time, monotonic and boot clocks, idle seconds)
and commands, and returns effects as data (notify, launch a routine, record an
event); it never reads a clock or touches the OS. Time is kept on its own
timeline `t` (seconds of real time, suspend included), so wall-clock jumps
cannot fire, double or lose a reminder; the wall clock is used only for
working hours, fixed reminders and pause-until times.

Rules (see the README, "How time is counted"):
- active time is awake time with input; a stretch without input of at least
  the idle grace (IDLE_GRACE unless the daemon is given another) does not count as
  work for its whole length; one that reaches `natural_break`, or the grace if that
  is longer (idle, locked or asleep), is a natural break and the counter restarts
  when the user is back;
- suspend is measured (boot − monotonic clock; with no boot clock a wake-up
  later than asked is sleep, and wall time beyond the monotonic clock, a suspend
  or the clock set forward, counts as asleep but not as elapsed time) and
  never counts as work; after a wake-up (or start-up) no reminder fires for
  `wake_grace` seconds (WAKE_GRACE by default) unless a break was already due
  before sleeping; the heads-up is not held by it: it is advance notice, not a
  reminder, and comes at its own time (the break it announces still waits);
- with an idle source that pushes (`idle_pushes`), the engine is woken when the
  user goes idle and comes back, and asks to be woken only for its own deadlines,
  among them the moment the idle stretch under way reaches `natural_break`; a
  source that cannot push is probed every PROBE seconds while that matters.

These are plain functions of the state, the config and the local zone; they change
nothing. `Engine`'s step loop applies them (and records what happens); `view` builds the
status from them. Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from deskbreak.core.config.model import Config, Reminder, Schedule
from deskbreak.core.engine import hours
from deskbreak.core.engine.state import FIXED_LATE, MAX_WAIT, PROBE, EngineState, Pause
from deskbreak.core.i18n import _
from deskbreak.core.instants import later
from deskbreak.core.ports import PauseKind, PauseSpec

MORNING = 6 * 60  # `pause tomorrow` without working hours: until 06:00 the next day


def seconds_of(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


def next_routine(s: EngineState, config: Config) -> str:
    """The routine the next interval break offers (the rotation's turn)."""
    rotation = config.schedule.rotation
    if not rotation:
        return "mini-reset"
    return rotation[s.rotation % len(rotation)]


def target(s: EngineState, config: Config) -> float:
    """Seconds of work after which the interval break falls due (snoozes included)."""
    return config.schedule.every.total_seconds() + s.extra


def in_hours(config: Config, now: datetime, tz: tzinfo) -> bool:
    return hours.period_at(config.schedule.hours, now, tz) is not None


def counting_toward_break(s: EngineState, config: Config, now: datetime, tz: tzinfo) -> bool:
    """Whether work now brings the interval break closer."""
    return (
        s.pending is None
        and not s.gnome  # GNOME keeps time
        and s.on_break is None
        and s.pause is None
        and not s.counter.away
        and in_hours(config, now, tz)
    )


def renotify_at(s: EngineState, config: Config) -> float | None:
    """When a due break shown now is shown again (None: never)."""
    renotify = seconds_of(config.schedule.renotify)
    return None if renotify is None else s.t + renotify


def comeback_at(s: EngineState) -> float:
    """With renotify off, when a due break whose notice was dismissed now is shown again
    (once): after the default renotify interval."""
    default = Schedule().renotify
    assert default is not None
    return s.t + default.total_seconds()


def probing(config: Config, idle_available: bool) -> bool:
    """Whether idle time is watched for natural breaks."""
    return idle_available and config.schedule.natural_break is not None


def pause_ended(pause: Pause, t: float, now: datetime) -> bool:
    return (pause.until_t is not None and t >= pause.until_t) or (
        pause.until_wall is not None and now.timestamp() >= pause.until_wall.timestamp()
    )


def pause_until(s: EngineState, now: datetime) -> datetime | None:
    """When the pause under way ends on the wall clock (None: not paused, or until resumed)."""
    p = s.pause
    if p is None:
        return None
    if p.until_t is not None:
        return later(now, max(0.0, p.until_t - s.t))
    return p.until_wall


def spent_reminders(config: Config, now: datetime, tz: tzinfo) -> list[str]:
    """The fixed reminders from before start-up that are too late to be useful."""
    return [
        key
        for at, key, _r in hours.reminder_times(config.reminders, now, tz)
        if at.timestamp() < now.timestamp() - FIXED_LATE
    ]


def missed_reminders(
    s: EngineState, config: Config, now: datetime, tz: tzinfo
) -> list[tuple[datetime, str, Reminder]]:
    """Fixed reminders whose time has come and that have not fired yet."""
    stamp = now.timestamp()
    return [
        (at, key, reminder)
        for at, key, reminder in hours.reminder_times(config.reminders, now, tz)
        if at.timestamp() <= stamp and key not in s.fired
    ]


def wait(
    s: EngineState,
    config: Config,
    now: datetime,
    tz: tzinfo,
    *,
    idle_available: bool,
    idle_pushes: bool,
    also: Iterable[float] = (),
) -> float:
    """Seconds of real time until the engine next needs an observation (at least one):
    the first of its deadlines, `also` among them, and at most MAX_WAIT."""
    waits = [MAX_WAIT, *also]
    if s.pause is not None and s.pause.until_t is not None:
        waits.append(s.pause.until_t - s.t)
    if s.pause is not None and s.pause.until_wall is not None:
        waits.append(s.pause.until_wall.timestamp() - now.timestamp())
    p = s.pending
    if p is not None and p.snoozed_until_t is not None:
        waits.append(p.snoozed_until_t - s.t)
    elif p is not None and p.renotify_t is not None:
        waits.append(p.renotify_t - s.t)
    if counting_toward_break(s, config, now, tz):
        left = target(s, config) - s.counter.work
        waits.append(max(left, s.not_before_t - s.t))  # the break waits out the grace
        heads_up = seconds_of(config.schedule.heads_up)
        if heads_up and not s.heads_up_sent and left > heads_up:
            # The heads-up does not: it is advance notice, not a break, and sent at its
            # own time it keeps its lead (at the grace's end it would come with the break,
            # or not at all once the break is due).
            waits.append(left - heads_up)
    if probing(config, idle_available):
        waits.extend(_idle_waits(s, config, now, tz, idle_pushes))
    waits.extend(_wall_waits(s, config, now, tz))
    return max(1.0, min(waits))


def _wall_waits(s: EngineState, config: Config, now: datetime, tz: tzinfo) -> list[float]:
    stamp = now.timestamp()
    out: list[float] = []
    if config.schedule.hours is not None and s.pause is None:
        nxt = hours.next_start(config.schedule.hours, now, tz)
        if nxt is not None:
            out.append(nxt.timestamp() - stamp)
        period = hours.period_at(config.schedule.hours, now, tz)
        if period is not None:
            out.append(period[1].timestamp() - stamp)
    for at, key, _r in hours.reminder_times(config.reminders, now, tz, days_back=0):
        if key not in s.fired:
            out.append(max(at.timestamp() - stamp, s.not_before_t - s.t))
            break
    return out


def _idle_waits(
    s: EngineState, config: Config, now: datetime, tz: tzinfo, pushes: bool
) -> list[float]:
    """When to look at idle time next: a probe period, or for a pushing source only
    the moment the idle stretch under way reaches the natural-break length."""
    if not pushes:
        return [PROBE] if s.counter.away or counting_toward_break(s, config, now, tz) else []
    reached = s.counter.reaches(seconds_of(config.schedule.natural_break))
    return [] if reached is None else [reached - s.t]


def pause_for(spec: PauseSpec, now: datetime, t: float, config: Config, tz: tzinfo) -> Pause | str:
    """The pause `spec` asks for, seen at `now` (`t` on the engine's timeline), or why it
    cannot be one."""
    if spec.kind is PauseKind.INDEFINITE:
        return Pause()
    if spec.kind is PauseKind.FOR:
        if spec.length is None or spec.length.total_seconds() <= 0:
            return _("Pause for how long? Give a duration such as 30m")
        return Pause(until_t=t + spec.length.total_seconds())
    if spec.kind is PauseKind.TOMORROW:
        local = now.astimezone(tz)
        tomorrow = local.date() + timedelta(days=1)
        if config.schedule.hours is None:  # any time is working time: say morning
            return Pause(until_wall=hours.local(tomorrow, MORNING, tz))
        midnight = hours.local(tomorrow, 0, tz)
        start = hours.next_start(config.schedule.hours, later(midnight, -1), tz)
        return Pause(until_wall=start or midnight)
    if spec.until is not None:
        if spec.until.timestamp() <= now.timestamp():
            return _("That time has already passed")
        return Pause(until_wall=spec.until)
    if spec.clock is not None:
        local = now.astimezone(tz)
        at = hours.local(local.date(), spec.clock, tz)
        if at.timestamp() <= now.timestamp():
            at = hours.local(local.date() + timedelta(days=1), spec.clock, tz)
        return Pause(until_wall=at)
    return _("Pause until when? Give a time such as 13:00")
