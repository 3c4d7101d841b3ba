"""iCalendar text to meetings: the one place `icalendar` and `recurring-ical-events` are used.

Only a window around now matters (`window`: today and tomorrow in the local zone), so
recurrences are expanded only there and a series with no end costs nothing more; single events
days away from the window are dropped before the expansion (`near`), so years of past events
cost their parse and little more. An event is a meeting unless it lasts all day, is free
(TRANSP:TRANSPARENT), is cancelled (the event or the one occurrence), was declined by the user
(PARTSTAT=DECLINED on an ATTENDEE that is one of the user's addresses) or its title holds an
`ignore` word (any case). Times without a zone ("floating") are the local zone's; a TZID the
file does not define and the system does not know is read as local time too, and named in
`Parsed.unknown_zones`. Titles are read only to be matched against the ignore words: they never
leave this module.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from deskbreak.core.calendar import Meeting

log = logging.getLogger(__name__)

WINDOW_DAYS = 2  # today and tomorrow
# How far outside the window (in wall times) a single event may lie and still be expanded: an
# event's zone and the local zone are each less than a day from UTC, so a wall time more than
# two days outside the window cannot touch it in any zone, floating or X-WR-TIMEZONE included.
FAR = timedelta(days=3)
# What makes an event part of a series: never dropped, whatever its own times.
RECURRING = ("RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID")


class NotICalendar(Exception):
    """The text is not an iCalendar calendar."""


@dataclass(frozen=True)
class Parsed:
    meetings: tuple[Meeting, ...] = ()
    ignored: int = 0  # events in the window that are not meetings
    unknown_zones: frozenset[str] = field(default_factory=frozenset)

    def __add__(self, other: Parsed) -> Parsed:
        return Parsed(
            tuple(sorted(set(self.meetings) | set(other.meetings))),
            self.ignored + other.ignored,
            self.unknown_zones | other.unknown_zones,
        )


@dataclass(frozen=True)
class Rules:
    """What makes an event not a meeting, beyond its own properties."""

    ignore: tuple[str, ...] = ()  # title words, any case
    me: frozenset[str] = frozenset()  # the user's addresses, lower case, without "mailto:"


def window(now: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """From the start of today to the end of tomorrow, in the zone `tz` (aware datetimes)."""
    today = now.astimezone(tz).date()
    start = datetime(today.year, today.month, today.day, tzinfo=tz)
    last = today + timedelta(days=WINDOW_DAYS)
    return start, datetime(last.year, last.month, last.day, tzinfo=tz)


def parse(
    data: bytes | str,
    *,
    source: str,
    span: tuple[datetime, datetime],
    tz: tzinfo,
    rules: Rules,
) -> Parsed:
    """The meetings of one iCalendar text within `span`; raises NotICalendar."""
    import icalendar
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # the parser's errors are ValueError, IndexError, KeyError, ...
        raise NotICalendar(type(exc).__name__) from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise NotICalendar("no VCALENDAR")
    start, end = span
    # Naive bounds: aware events are compared in their own zone, floating ones as written.
    low, high = start.astimezone(tz).replace(tzinfo=None), end.astimezone(tz).replace(tzinfo=None)
    zones = _unknown_zones(calendar)  # of the whole file, before the far events go
    calendar.subcomponents = near(calendar.subcomponents, low, high)
    try:
        events = list(
            recurring_ical_events.of(calendar, skip_bad_series=True).between(
                low - timedelta(days=1), high + timedelta(days=1)
            )
        )
    except Exception as exc:  # a broken rule the library did not skip
        log.warning("calendar %s: recurrences not expanded: %s", source, type(exc).__name__)
        raise NotICalendar(type(exc).__name__) from None
    meetings: set[Meeting] = set()
    ignored = 0
    for event in events:
        times = _times(event, tz)
        if times is None or not (times[0] < end and times[1] > start):
            if times is None and _overlaps_day(event, start, end, tz):
                ignored += 1
            continue
        if _meeting(event, rules):
            meetings.add(Meeting(times[0], times[1], source))
        else:
            ignored += 1
    if zones:
        log.warning("calendar %s: unknown time zones read as local time: %s", source, sorted(zones))
    return Parsed(tuple(sorted(meetings)), ignored, frozenset(zones))


def parse_all(
    texts: Iterable[bytes | str],
    *,
    source: str,
    span: tuple[datetime, datetime],
    tz: tzinfo,
    rules: Rules,
) -> Parsed:
    """Many calendars (a CalDAV collection's objects) as one; a broken object is skipped."""
    total = Parsed()
    for text in texts:
        try:
            total = total + parse(text, source=source, span=span, tz=tz, rules=rules)
        except NotICalendar:
            log.warning("calendar %s: an object that is not iCalendar was skipped", source)
    return total


def near(components: Sequence[Any], low: datetime, high: datetime) -> list[Any]:
    """`components` (a calendar's) without the single events whose times lie wholly more than
    `FAR` outside `low`..`high` (naive wall times of the local zone): those cannot have a
    meeting in the window, and the recurrence library would look at each of them.

    Kept whatever their times: every component that is not a VEVENT (VTIMEZONE, ...); every
    event of a series (a rule, a date list, exceptions, an override with RECURRENCE-ID: an
    override's RECURRENCE-ID may be far while its moved start is near, or the other way);
    every event whose UID another event shares (the library keeps the one with the highest
    SEQUENCE); an event whose start or end cannot be read, or mixes a date with a time or a
    zone with none (the library decides what those mean, and may refuse them)."""
    uids = Counter(c.get("UID") for c in components if c.name == "VEVENT" and "UID" in c)
    lowest, highest = low - FAR, high + FAR
    kept = []
    for component in components:
        span = None if component.name != "VEVENT" else _single_span(component, uids)
        if span is None or (span[0] <= highest and span[1] >= lowest):
            kept.append(component)
    return kept


def _single_span(event: Any, uids: Counter[Any]) -> tuple[datetime, datetime] | None:
    """The first and last wall time of a single event, or None when it must be kept."""
    if any(key in event for key in RECURRING) or uids[event.get("UID")] > 1:
        return None
    first = _dt(event.get("DTSTART"))
    if not isinstance(first, date):
        return None
    if "DTEND" in event:
        last = _dt(event.get("DTEND"))
    elif "DURATION" in event:
        length = _dt(event.get("DURATION"))
        last = _plus(first, length) if isinstance(length, timedelta) else None
    else:  # no length: a date lasts a day, a time an instant; a day covers both
        last = _plus(first, timedelta(days=1))
    if not isinstance(last, date) or _kind(first) != _kind(last):
        return None
    one, other = _wall(first), _wall(last)
    return min(one, other), max(one, other)


def _kind(when: date) -> str:
    if not isinstance(when, datetime):
        return "date"
    return "aware" if when.tzinfo is not None else "naive"


def _wall(when: date) -> datetime:
    """A date or a time as the naive wall time it was written with (a date: its midnight)."""
    if isinstance(when, datetime):
        return when.replace(tzinfo=None)
    return datetime(when.year, when.month, when.day)


def _plus(when: date, length: timedelta) -> date | None:
    try:
        return when + length
    except OverflowError:
        return None


def _unknown_zones(calendar: Any) -> set[str]:
    """The TZIDs that neither the file nor the system defines (their times come out naive)."""
    zones: set[str] = set()
    for event in calendar.walk("VEVENT"):
        for key in ("DTSTART", "DTEND"):
            prop = event.get(key)
            named = getattr(prop, "params", {}).get("TZID")
            when = _dt(prop)
            if named and isinstance(when, datetime) and when.tzinfo is None:
                zones.add(str(named))
    return zones


def _times(event: Any, tz: tzinfo) -> tuple[datetime, datetime] | None:
    """Start and end in UTC, or None for an all-day or unreadable event."""
    first = _dt(event.get("DTSTART"))
    if not isinstance(first, datetime):
        return None  # a date: all day (or an unreadable start)
    last = _dt(event.get("DTEND"))
    if last is None:
        length = _dt(event.get("DURATION"))
        last = first + length if isinstance(length, timedelta) else first
    if not isinstance(last, datetime):
        return None
    # Floating (or in a zone nobody knows): the local zone's wall time.
    start = first if first.tzinfo else first.replace(tzinfo=tz)
    finish = last if last.tzinfo else last.replace(tzinfo=tz)
    if not start < finish:
        return None
    return start.astimezone(UTC), finish.astimezone(UTC)


def _overlaps_day(event: Any, start: datetime, end: datetime, tz: tzinfo) -> bool:
    """Whether an all-day event falls in the window (to count it as not a meeting)."""
    first = _dt(event.get("DTSTART"))
    if not isinstance(first, date) or isinstance(first, datetime):
        return False
    return start.astimezone(tz).date() <= first < end.astimezone(tz).date()


def _dt(prop: Any) -> Any:
    """A property's value, or None when it is missing or broken (an unreadable date)."""
    if prop is None:
        return None
    try:
        return prop.dt
    except Exception:  # icalendar's BrokenCalendarProperty, or no .dt at all
        return None


def _meeting(event: Any, rules: Rules) -> bool:
    if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
        return False
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return False
    if rules.me and _declined(event, rules.me):
        return False
    if rules.ignore:
        title = str(event.get("SUMMARY", "")).casefold()
        if any(word.casefold() in title for word in rules.ignore):
            return False
    return True


def _declined(event: Any, me: frozenset[str]) -> bool:
    attendees = event.get("ATTENDEE")
    if attendees is None:
        return False
    if not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees:
        address = str(attendee).lower().removeprefix("mailto:")
        params = getattr(attendee, "params", {})
        if address in me and str(params.get("PARTSTAT", "")).upper() == "DECLINED":
            return True
    return False
