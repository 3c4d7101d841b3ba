"""iCalendar text for the calendar tests: events written the way calendar servers write them.

`event(...)` is one VEVENT; `calendar(*events)` wraps them in a VCALENDAR (with the zones'
VTIMEZONE left out: servers often do, and the system's zone database answers). `day_of(...)`
is the one workday the tests' meetings fall on, 2026-03-05 (a Thursday), in Europe/Berlin.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 3, 5)
ME = "me@example.org"


def stamp(when: datetime | date) -> str:
    if isinstance(when, datetime):
        return when.strftime("%Y%m%dT%H%M%S")
    return when.strftime("%Y%m%d")


def event(
    uid: str,
    start: datetime | date,
    end: datetime | date,
    *,
    summary: str = "Meeting",
    zone: str | None = "Europe/Berlin",
    extra: tuple[str, ...] = (),
    recurrence_id: datetime | None = None,
) -> str:
    """One VEVENT; a datetime gets `;TZID=zone` (None: floating), a date is all day."""

    def prop(name: str, when: datetime | date) -> str:
        if not isinstance(when, datetime):
            return f"{name};VALUE=DATE:{stamp(when)}"
        if zone is None:
            return f"{name}:{stamp(when)}"
        return f"{name};TZID={zone}:{stamp(when)}"

    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260301T000000Z"]
    if recurrence_id is not None:
        lines.append(prop("RECURRENCE-ID", recurrence_id))
    lines += [prop("DTSTART", start), prop("DTEND", end), f"SUMMARY:{summary}", *extra]
    lines.append("END:VEVENT")
    return "\r\n".join(lines)


def calendar(*events: str) -> str:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//deskbreak tests//EN"
    return "\r\n".join([head, *events, "END:VCALENDAR"]) + "\r\n"


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    """A wall time on `day` (naive: the zone is written by `event`)."""
    return datetime(day.year, day.month, day.day, hour, minute)


def the_day_events(day: date = DAY) -> list[str]:
    """A day of every kind of event, each its own object as a CalDAV server keeps them:

    - a daily 10:00 stand-up (no end) moved to 14:00 on the day and cancelled the next day;
    - an all-day event, a free (transparent) event, a declined invitation, an event whose
      title has an ignore word ("Focus time"), a cancelled event;
    - a real 11:00-12:00 meeting.
    Meetings on the day in Berlin: 11:00-12:00 and 14:00-14:15."""
    first, after = day - timedelta(days=4), day + timedelta(days=1)
    series = "\r\n".join(
        [
            event(
                "standup",
                at(10, 0, first),
                at(10, 15, first),
                summary="Stand-up",
                extra=("RRULE:FREQ=DAILY",),
            ),
            event(
                "standup",
                at(14, 0, day),
                at(14, 15, day),
                summary="Stand-up (moved)",
                recurrence_id=at(10, 0, day),
            ),
            event(
                "standup",
                at(10, 0, after),
                at(10, 15, after),
                summary="Stand-up",
                recurrence_id=at(10, 0, after),
                extra=("STATUS:CANCELLED",),
            ),
        ]
    )
    return [
        series,
        event("allday", day, after, summary="Conference"),
        event(
            "free", at(9, 0, day), at(9, 30, day), summary="Reading", extra=("TRANSP:TRANSPARENT",)
        ),
        event(
            "declined",
            at(15, 0, day),
            at(16, 0, day),
            summary="Optional sync",
            extra=(
                "ORGANIZER:mailto:boss@example.org",
                f"ATTENDEE;PARTSTAT=DECLINED:mailto:{ME}",
                "ATTENDEE;PARTSTAT=ACCEPTED:mailto:other@example.org",
            ),
        ),
        event("focus", at(16, 0, day), at(17, 0, day), summary="FOCUS TIME: report"),
        event(
            "cancelled",
            at(17, 0, day),
            at(18, 0, day),
            summary="Retro",
            extra=("STATUS:CANCELLED",),
        ),
        event("real", at(11, 0, day), at(12, 0, day), summary="Planning"),
    ]


def berlin(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    """An aware Berlin time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)
