"""Instant arithmetic on aware datetimes: real seconds later, real seconds between.

In Python an aware local datetime plus a timedelta is wall-clock arithmetic, and
two datetimes sharing a zone subtract and compare by wall time: across a
daylight-saving change both are an hour off. Every computation of "when" in
the core goes through here, in UTC, and converts back to the original zone
only for showing. Core module: standard library only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def later(at: datetime, seconds: float) -> datetime:
    """The instant `seconds` of real time after `at` (before, if negative), in `at`'s zone."""
    return (at.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(at.tzinfo)


def between(start: datetime, end: datetime) -> float:
    """Real seconds from `start` to `end` (negative when `end` comes first)."""
    return end.timestamp() - start.timestamp()


def earliest(*instants: datetime) -> datetime:
    """The first of the instants, by real time."""
    return min(instants, key=datetime.timestamp)
