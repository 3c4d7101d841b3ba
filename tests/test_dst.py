"""Daylight-saving changes: reminders fall at real intervals and show valid local times.

Instants are compared in UTC; an aware local datetime plus a timedelta would be
wall-clock arithmetic, which is exactly what these cases catch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from support.engine import BERLIN, MIN, NEW_YORK, ROUTINES, config, sim_at

from deskbreak.core.config.model import TimeRange, WorkingHours
from deskbreak.core.plan import Planned, plan

# (zone, the Sunday of the change, the hour it happens at, +1 spring forward / -1 fall back)
CHANGES = [
    (BERLIN, date(2026, 3, 29), 2, +1),
    (BERLIN, date(2026, 10, 25), 3, -1),
    (NEW_YORK, date(2026, 3, 8), 2, +1),
    (NEW_YORK, date(2026, 11, 1), 2, -1),
]
LONGEST_ROUTINE = max(r.total.total_seconds() for r in ROUTINES.values())


def _every_day(start: int, end: int) -> WorkingHours:
    return WorkingHours(tuple((TimeRange(start, end),) for _ in range(7)))


def _valid_local(at: datetime, tz: ZoneInfo) -> bool:
    """`at` names a wall time that exists in `tz`, with the offset in force then."""
    canonical = at.astimezone(UTC).astimezone(tz)
    same_wall = at.replace(tzinfo=None) == canonical.replace(tzinfo=None)
    return same_wall and at.utcoffset() == canonical.utcoffset()


def _stamps(planned: list[Planned]) -> list[float]:
    return [p.at.timestamp() for p in planned]


def _ids(case: tuple[ZoneInfo, date, int, int]) -> str:
    tz, day, _, sign = case
    return f"{tz.key}-{day}-{'spring' if sign > 0 else 'fall'}"


@pytest.mark.parametrize("case", CHANGES, ids=_ids)
@pytest.mark.parametrize("every", [30, 45, 50])
def test_a_working_range_across_the_change_gets_real_intervals(
    case: tuple[ZoneInfo, date, int, int], every: int
) -> None:
    tz, day, hour, sign = case
    start, end = (hour - 2) * 60, (hour + 3) * 60  # the range straddles the jump
    cfg = config(every=timedelta(minutes=every), hours=_every_day(start, end))
    planned = [p for p in plan(cfg, ROUTINES, tz, day, 1) if p.kind == "interval"]
    assert planned, "the range holds several intervals"
    for p in planned:
        assert _valid_local(p.at, tz), p.at.isoformat()
        assert datetime.fromisoformat(p.to_json()["at"]).utcoffset() == p.at.utcoffset()
    range_start = datetime.combine(day, datetime.min.time()).replace(tzinfo=tz)
    range_start += timedelta(minutes=start)  # before the change: plain wall time is right
    range_end = datetime.combine(day, datetime.min.time()).replace(tzinfo=tz)
    range_end = range_end.replace(hour=hour + 3)
    real_hours = (range_end.timestamp() - range_start.timestamp()) / 3600
    assert real_hours == 5 - sign  # the day really is shorter or longer
    stamps = [range_start.timestamp(), *_stamps(planned)]
    gaps = [b - a for a, b in pairwise(stamps)]
    assert gaps[0] == every * MIN  # the first break falls one interval into the range
    for gap in gaps[1:]:  # each later one an interval after the previous break ended
        assert every * MIN <= gap <= every * MIN + LONGEST_ROUTINE + 1, gaps
    assert range_end.timestamp() - stamps[-1] < every * MIN + LONGEST_ROUTINE + 1


@pytest.mark.parametrize("case", CHANGES, ids=_ids)
def test_a_whole_day_across_the_change_prints_only_valid_local_times(
    case: tuple[ZoneInfo, date, int, int],
) -> None:
    tz, day, _, _ = case
    cfg = config(every=timedelta(minutes=20), hours=_every_day(0, 24 * 60))
    planned = plan(cfg, ROUTINES, tz, day - timedelta(days=1), 3)
    assert all(_valid_local(p.at, tz) for p in planned)
    assert all(b - a >= 20 * MIN for a, b in pairwise(_stamps(planned)))


@pytest.mark.parametrize(
    ("tz", "start"),
    [
        (BERLIN, datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)),  # the first 02:30 (CEST)
        (NEW_YORK, datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK)),  # the first 01:30 (EDT)
        (BERLIN, datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)),
        (NEW_YORK, datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK)),
    ],
)
def test_next_due_is_the_real_instant_across_the_change(tz: ZoneInfo, start: datetime) -> None:
    sim = sim_at(start, config(every=timedelta(minutes=45), heads_up=None))
    sim.run_for(5 * MIN)
    status = sim.engine.status()
    assert status.next_due is not None and status.seconds_left is not None
    assert status.next_due.timestamp() - status.now.timestamp() == status.seconds_left
    assert _valid_local(status.now, tz) and _valid_local(status.next_due, tz)
    sim.run_for(status.seconds_left)
    assert sim.engine.status().state.value == "due"


def test_a_snooze_ends_at_its_real_instant_across_the_fall_back() -> None:
    sim = sim_at(datetime(2026, 10, 25, 1, 50, tzinfo=BERLIN), config(heads_up=None))
    sim.run_for(45 * MIN)  # due at 02:35, the first (summer-time) one
    sim.take(sim.engine.snooze(sim.observation(), timedelta(minutes=40))[1])
    status = sim.engine.status()
    assert status.snoozed_until is not None
    assert status.snoozed_until.timestamp() - status.now.timestamp() == 40 * MIN
    assert status.snoozed_until.utcoffset() == timedelta(hours=1)  # 02:15 again, winter time
