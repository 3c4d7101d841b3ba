"""The headline, the readable status and the JSON say the same thing in the same words."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from support.engine import BERLIN
from support.status import make_status

from deskbreak.cli.statustext import render_status
from deskbreak.core.status import State, Status

NOW = datetime(2026, 11, 24, 19, 21, tzinfo=BERLIN)


def status(state: State, **values: Any) -> Status:
    return make_status(state, now=NOW, **values)


@pytest.mark.parametrize(
    ("seconds", "headline", "left"),
    [
        (59, "Next break in less than a minute", "less than a minute"),
        (60, "Next break in 1 min", "1 min"),
        (61, "Next break in 2 min", "2 min"),
    ],
)
def test_the_headline_and_time_left_agree(seconds: int, headline: str, left: str) -> None:
    s = status(State.WORKING, seconds_left=seconds, next_due=NOW + timedelta(seconds=seconds))
    lines = render_status(s.to_json()).splitlines()
    assert lines[0] == headline
    assert f"  time left:   {left} of active work" in lines


@pytest.mark.parametrize(
    ("until", "headline"),
    [
        (NOW.replace(hour=23, minute=59), "Paused until 23:59"),
        (NOW + timedelta(days=1), "Paused until tomorrow at 19:21"),
        (NOW + timedelta(days=3), "Paused until Fri 27 Nov at 19:21"),
    ],
)
def test_paused_until_reads_as_a_sentence(until: datetime, headline: str) -> None:
    assert status(State.PAUSED, paused_until=until).headline() == headline


def test_off_hours_says_when_work_starts_again() -> None:
    back = NOW.replace(hour=21, minute=0)
    assert status(State.OFF_HOURS, next_working=back).headline() == (
        "Outside working hours — back at 21:00"
    )
