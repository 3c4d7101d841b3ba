"""The routine timeline, driven by a fake monotonic clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskbreak.core.ports import PlayResult
from deskbreak.core.routines import Exercise, Routine, Side, Step
from deskbreak.player.timeline import BreathPhase, Timeline, breath_at

CAT_COW = Exercise("cat-cow", "Seated cat-cow", ("Hands on knees",), breath_seconds=4.0)
TWIST = Exercise("twist", "Seated spinal twist", ("Turn from the ribs",), sides=True)
ROLLS = Exercise("rolls", "Shoulder rolls", ("Roll back and down",))


def routine(*steps: tuple[Exercise, float]) -> Routine:
    return Routine("test", "Test", tuple(Step(e, timedelta(seconds=s)) for e, s in steps))


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def started(r: Routine) -> tuple[Timeline, FakeClock]:
    clock = FakeClock()
    t = Timeline(r, clock)
    t.start()
    return t, clock


STANDARD = routine((CAT_COW, 10), (TWIST, 5), (ROLLS, 8))  # 10 + 5 + 5 + 8 = 28 s


def test_segments_play_in_order_with_sides() -> None:
    t, clock = started(STANDARD)
    seen: list[str] = []
    for _ in range(280):
        frame = t.tick()
        if frame.segment and (not seen or seen[-1] != frame.segment.title):
            seen.append(frame.segment.title)
        clock.advance(0.1)
    assert seen == [
        "Seated cat-cow",
        "Seated spinal twist — left",
        "Seated spinal twist — right",
        "Shoulder rolls",
    ]
    assert t.tick().finished


def test_frame_reports_remaining_progress_and_next() -> None:
    t, clock = started(STANDARD)
    clock.advance(12.5)
    frame = t.tick()
    assert frame.segment is not None and frame.segment.side is Side.LEFT
    assert (frame.index, frame.count) == (1, 4)
    assert frame.remaining == pytest.approx(2.5)
    assert frame.elapsed == pytest.approx(12.5)
    assert frame.progress == pytest.approx(12.5 / 28)
    assert frame.upcoming is not None and frame.upcoming.side is Side.RIGHT


def test_completes_exactly_at_planned_length() -> None:
    t, clock = started(STANDARD)
    clock.advance(27.999)
    assert not t.tick().finished
    clock.advance(0.3)
    assert t.tick().finished
    outcome = t.outcome()
    assert outcome.result is PlayResult.COMPLETED
    assert (outcome.steps_done, outcome.steps_total) == (4, 4)
    assert outcome.seconds == pytest.approx(28.0)


def test_pause_freezes_time_and_shifts_the_end() -> None:
    t, clock = started(STANDARD)
    clock.advance(3)
    t.pause()
    clock.advance(100)
    frame = t.tick()
    assert frame.paused and frame.remaining == pytest.approx(7)
    assert t.deadline() is None
    t.resume()
    assert t.deadline() == pytest.approx(clock.now + 7)
    clock.advance(24.9)
    assert not t.tick().finished
    clock.advance(0.2)
    assert t.tick().finished
    assert t.outcome().seconds == pytest.approx(28.0)


def test_pause_and_resume_are_idempotent() -> None:
    t, clock = started(STANDARD)
    t.pause()
    clock.advance(5)
    t.pause()
    clock.advance(5)
    t.resume()
    t.resume()
    clock.advance(1)
    assert t.tick().elapsed == pytest.approx(1)


def test_next_skips_to_the_next_segment_which_then_runs_in_full() -> None:
    t, clock = started(STANDARD)
    clock.advance(2)
    t.next()
    frame = t.tick()
    assert frame.index == 1 and frame.remaining == pytest.approx(5)
    clock.advance(4.9)
    assert t.tick().index == 1
    clock.advance(0.2)
    assert t.tick().index == 2


def test_next_through_the_last_segment_ends_partial() -> None:
    t, clock = started(STANDARD)
    clock.advance(10 + 5 + 5 + 1)  # into the last segment: three have run
    t.next()
    assert t.finished
    outcome = t.outcome()
    assert outcome.result is PlayResult.PARTIAL
    assert outcome.steps_done == 3
    assert outcome.seconds == pytest.approx(21)


def test_stop_before_any_step_finished_is_stopped() -> None:
    t, clock = started(STANDARD)
    clock.advance(9)
    t.stop()
    outcome = t.outcome()
    assert outcome.result is PlayResult.STOPPED
    assert outcome.steps_done == 0 and outcome.seconds == pytest.approx(9)
    clock.advance(100)
    assert t.tick().finished and t.tick().segment is None


def test_stop_after_a_step_is_partial_and_skipped_steps_do_not_count() -> None:
    t, clock = started(STANDARD)
    t.next()  # cat-cow skipped
    clock.advance(5.5)  # left side ran
    t.stop()
    outcome = t.outcome()
    assert outcome.result is PlayResult.PARTIAL
    assert (outcome.steps_done, outcome.steps_total) == (1, 4)


def test_stop_after_finishing_keeps_completed() -> None:
    t, clock = started(STANDARD)
    clock.advance(30)
    t.stop()
    assert t.outcome().result is PlayResult.COMPLETED


def test_breathing_phases_follow_the_breath_cycle() -> None:
    t, clock = started(STANDARD)
    clock.advance(1)
    b = t.tick().breath
    assert b is not None and b.phase is BreathPhase.INHALE and 0 < b.value < 1
    clock.advance(2)  # 3 s into a 4 s cycle
    b = t.tick().breath
    assert b is not None and b.phase is BreathPhase.EXHALE
    clock.advance(8)  # twist: no breath pacing
    assert t.tick().breath is None


def test_breath_value_rises_then_falls() -> None:
    assert breath_at(0, 4).value == pytest.approx(0)
    assert breath_at(2, 4).value == pytest.approx(1)
    assert breath_at(1, 4).value == pytest.approx(0.5)
    assert breath_at(3, 4).phase is BreathPhase.EXHALE
    assert breath_at(4, 4).phase is BreathPhase.INHALE


def test_nothing_moves_before_start() -> None:
    clock = FakeClock()
    t = Timeline(STANDARD, clock)
    clock.advance(50)
    frame = t.tick()
    assert not frame.finished and frame.index == 0 and frame.elapsed == 0
    t.stop()
    assert t.outcome().result is PlayResult.STOPPED


@settings(max_examples=200, deadline=None)
@given(
    durations=st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=6),
    gaps=st.lists(st.floats(min_value=0.05, max_value=3.0), min_size=1, max_size=50),
    pause=st.tuples(st.floats(min_value=0, max_value=60), st.floats(min_value=0, max_value=60)),
)
def test_end_lands_on_plan_whatever_the_tick_times(
    durations: list[int], gaps: list[float], pause: tuple[float, float]
) -> None:
    r = routine(*((ROLLS, d) for d in durations))
    t, clock = started(r)
    start, planned = clock.now, float(sum(durations))
    paused_at, paused_for = pause
    if paused_at < planned:
        clock.advance(paused_at)
        t.pause()
        clock.advance(paused_for)
        t.resume()
        planned += paused_for
    step = 0
    while not t.tick().finished:
        before = clock.now
        assert before - start < planned + 1e-6  # never reported finished late
        clock.advance(gaps[step % len(gaps)])
        step += 1
    assert clock.now - start >= planned - 1e-6  # never finished early
    outcome = t.outcome()
    assert outcome.result is PlayResult.COMPLETED
    assert outcome.seconds == pytest.approx(sum(durations), abs=0.5)
