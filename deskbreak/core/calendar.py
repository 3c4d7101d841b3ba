"""Meetings as the engine sees them: what a calendar source yields, and the blocks they make.

A source (an iCalendar file or address, a CalDAV collection) is read at the edge
(`daemon/calendar/`) into `Meeting`s: only events that are meetings (not all-day, not
free/transparent, not declined, not cancelled, no `ignore` word in the title) and only
their times — the title never reaches the core, the history or the logs.
Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

# Meetings closer together than this count as one block.
MERGE_GAP = timedelta(minutes=10)


@dataclass(frozen=True, order=True)
class Meeting:
    """One meeting: aware datetimes in UTC, start < end, and the source's configured name."""

    start: datetime
    end: datetime
    source: str


@dataclass(frozen=True)
class Block:
    """Meetings merged: adjacent ones, and those less than `MERGE_GAP` apart."""

    start: datetime
    end: datetime
    sources: tuple[str, ...]

    @property
    def length(self) -> timedelta:
        return self.end - self.start


def blocks(meetings: Iterable[Meeting], gap: timedelta = MERGE_GAP) -> list[Block]:
    """The meeting blocks, in order: meetings that overlap or lie less than `gap` apart merge."""
    out: list[Block] = []
    for m in sorted(meetings):
        if out and m.start - out[-1].end < gap:
            last = out[-1]
            names = last.sources if m.source in last.sources else (*last.sources, m.source)
            out[-1] = Block(last.start, max(last.end, m.end), names)
        else:
            out.append(Block(m.start, m.end, (m.source,)))
    return out


@dataclass(frozen=True)
class SourceReport:
    """How reading one source went, for `status` and `doctor`.

    `read_at` is the last good read (None: never); `error` is what failed at the last try,
    one sentence for people (None: the last try worked). A failed read leaves the last good
    meetings in use.
    """

    name: str
    read_at: datetime | None
    error: str | None = None
