"""Meetings from the calendar, as the engine uses them: blocks that hold a break, and the
break offered before a long one.

The calendar reader (an edge) hands the engine the meetings it read
(`Engine.report_calendar`); this module owns what they mean for the breaks:
- only what lies inside working hours counts: each block is cut to the working periods
  of `[schedule.hours]`, so a meeting outside them never holds or pulls a break;
- while a block is under way, a break that falls due is held (the hold gate's
  `calendar` reason); it is offered once the block is over and `resume_after` has
  passed, counted from the block's end — which a new list may move earlier (a meeting
  that ended early: then, with the call signals clear, it is offered at once);
- before a block at least `before_long` long, the break that would otherwise fall due
  inside it is offered once the block is at most `lead` away, once per block. Taken, it
  is the break; declined ("Not now") or left alone, it goes when the block starts and the
  break falls due as it would. A break that ended less than `lead` before the block
  already is the break before it, so none is offered then.
The gate keeps the meetings, the blocks and which blocks had their offer; the engine asks
it at named points (a new list or new settings, what is under way now, is there an offer
to make, how long to sleep) and changes its own state itself.
Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from deskbreak.core.calendar import Block, Meeting, SourceReport, blocks
from deskbreak.core.config.model import CalendarSettings, Config, WorkingHours
from deskbreak.core.engine import hours
from deskbreak.core.status import CalendarStatus

_ASKED_FOR = 2 * 86400.0  # how long the start of a block that had its offer is remembered


def clipped(meetings: Iterable[Meeting], working: WorkingHours | None, tz: tzinfo) -> list[Block]:
    """The meeting blocks as the engine uses them, in order: meetings less than
    `MERGE_GAP` apart merged, then cut to the working periods (in UTC)."""
    merged = blocks(meetings)
    if working is None:
        return merged
    out: list[Block] = []
    for b in merged:
        low, high = b.start.timestamp(), b.end.timestamp()
        day, last = b.start.astimezone(tz).date() - timedelta(days=1), b.end.astimezone(tz).date()
        while day <= last:
            for start, end in hours.periods(working, day, tz):
                lo, hi = max(low, start.timestamp()), min(high, end.timestamp())
                if lo < hi:
                    out.append(Block(_utc(lo), _utc(hi), b.sources))
            day += timedelta(days=1)
    return out


def _utc(stamp: float) -> datetime:
    return datetime.fromtimestamp(stamp, UTC)


def local(block: Block, tz: tzinfo) -> Block:
    """`block` with its times in the local zone (for people: notices and the status)."""
    return Block(block.start.astimezone(tz), block.end.astimezone(tz), block.sources)


@dataclass
class _State:
    meetings: tuple[Meeting, ...] = ()
    reports: tuple[SourceReport, ...] = ()
    blocks: tuple[Block, ...] = ()  # as the engine uses them (`clipped`); none with no calendar
    current: Block | None = None  # the block under way at the last look
    asked: set[float] = field(default_factory=set)  # starts of blocks that had their offer


class MeetingGate:
    """The meetings the calendar reported, and what they mean for the breaks now."""

    def __init__(self) -> None:
        self._m = _State()

    # ------------------------------------------------- what the edges say
    def report(
        self,
        meetings: Iterable[Meeting],
        reports: Iterable[SourceReport],
        config: Config,
        tz: tzinfo,
    ) -> None:
        """A new list of meetings (UTC) and how reading each source went."""
        self._m.meetings = tuple(meetings)
        self._m.reports = tuple(reports)
        self.settle(config, tz)

    def settle(self, config: Config, tz: tzinfo) -> None:
        """Work the blocks out again: a new list, or new settings (hours, the calendar)."""
        on = config.calendar.enabled
        self._m.blocks = tuple(clipped(self._m.meetings, config.schedule.hours, tz)) if on else ()

    # ------------------------------------------- the points the engine calls
    def under_way(self, now: datetime) -> Block | None:
        stamp = now.timestamp()
        for b in self._m.blocks:
            if b.start.timestamp() <= stamp < b.end.timestamp():
                return b
        return None

    def look(self, now: datetime) -> tuple[bool, datetime | None]:
        """Whether a block is under way now, and — when the one under way at the last look
        is over — when it ended: at its end, or earlier where a new list says so."""
        m = self._m
        block = self.under_way(now)
        was, m.current = m.current, block
        if block is not None or was is None:
            return block is not None, None
        lo, hi = was.start.timestamp(), was.end.timestamp()
        ends = [b.end for b in m.blocks if b.start.timestamp() < hi and b.end.timestamp() > lo]
        ended = max(ends, key=datetime.timestamp) if ends else was.start  # gone: never held
        return False, ended if ended.timestamp() <= now.timestamp() else now

    def offer(
        self, now: datetime, settings: CalendarSettings, due: datetime, rested: datetime | None
    ) -> Block | None:
        """The long block to offer the break before now, or None; `due`: when the break
        would fall due, `rested`: when the last break ended. Each block has one offer."""
        m = self._m
        stamp, lead = now.timestamp(), settings.lead.total_seconds()
        m.asked = {a for a in m.asked if a > stamp - _ASKED_FOR}
        for b in m.blocks:
            start = b.start.timestamp()
            if start <= stamp or start in m.asked or b.length < settings.before_long:
                continue
            if start - stamp > lead:
                return None
            if rested is not None and rested.timestamp() >= start - lead:
                continue  # that break was the one before the block
            if start <= due.timestamp() < b.end.timestamp():
                m.asked.add(start)
                return b
        return None

    def stands(self, before: datetime, now: datetime, settings: CalendarSettings) -> bool:
        """Whether the offer made before the block starting at `before` still stands: the
        block has not started, and it is still there and long."""
        start = before.timestamp()
        if start <= now.timestamp():
            return False
        return any(
            b.start.timestamp() == start and b.length >= settings.before_long
            for b in self._m.blocks
        )

    def waits(self, now: datetime, settings: CalendarSettings) -> list[float]:
        """Seconds until the next moment a block changes something: an offer may be due
        (`lead` before a long block), a block starts, or one ends."""
        stamp, lead = now.timestamp(), settings.lead.total_seconds()
        out: list[float] = []
        for b in self._m.blocks:
            start, end = b.start.timestamp(), b.end.timestamp()
            if end <= stamp:
                continue
            if out and start - lead - stamp > min(out):
                break  # in order: no later block can come sooner
            moments = [start, end]
            if b.length >= settings.before_long:
                moments.append(start - lead)
            out += [x - stamp for x in moments if x > stamp]
        return out

    # ------------------------------------------------------- for the status
    def status(self, now: datetime, config: Config, tz: tzinfo) -> CalendarStatus | None:
        """The block under way or the next one (local times), and a report for every
        configured source (never read: no time, no error); None without a calendar."""
        if not config.calendar.enabled:
            return None
        stamp = now.timestamp()
        nxt = next((b for b in self._m.blocks if b.end.timestamp() > stamp), None)
        told = {r.name: r for r in self._m.reports}
        reports = []
        for source in config.calendar.sources:
            r = told.get(source.name, SourceReport(source.name, None))
            read_at = None if r.read_at is None else r.read_at.astimezone(tz)
            reports.append(SourceReport(r.name, read_at, r.error))
        return CalendarStatus(None if nxt is None else local(nxt, tz), tuple(reports))
