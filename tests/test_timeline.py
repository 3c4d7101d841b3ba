"""The routine timeline, driven by a fake monotonic clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskbreak.core.ports import PlayResult
from deskbreak.core.routines import Exercise, Phase, Rhythm, Routine, Side, Step
from deskbreak.player.pacing import beat_at
from deskbreak.player.timeline import Timeline

CAT_COW = Exercise(
    "cat-cow",
    "Seated cat-cow",
    ("Hands on knees",),
    breath_seconds=4.0,
    rhythm=Rhythm(("cow",), ("cat",)),
)
HOLDING = Exercise(
    "hold",
    "A twist with a hold",
    ("Turn",),
    breath_seconds=4.0,
    rhythm=Rhythm(("centre",), ("turned",), first=Phase.EXHALE, hold=6.0),
)
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
    b = t.tick().beat
    assert b is not None and b.phase is Phase.INHALE and 0 < b.lungs < 1
    assert b.path == ("cat", "cow") and b.rep == 0 and b.reps == 3  # 10 s / 4 s, rounded
    clock.advance(2.5)  # 3.5 s into a 10/3 s repetition: the second one
    b = t.tick().beat
    assert b is not None and b.rep == 1 and b.phase is Phase.INHALE
    clock.advance(8)  # twist: no breath pacing
    assert t.tick().beat is None


def test_lungs_rise_on_the_inhale_and_fall_on_the_exhale() -> None:
    def lungs(offset: float) -> float:
        beat = beat_at(CAT_COW, 8.0, offset)
        assert beat is not None
        return beat.lungs

    assert lungs(0) == pytest.approx(0)
    assert lungs(2) == pytest.approx(1)
    assert lungs(1) == pytest.approx(0.5)
    assert lungs(4) == pytest.approx(0)
    second = beat_at(CAT_COW, 8.0, 3.0)
    assert second is not None and second.phase is Phase.EXHALE and second.path == ("cow", "cat")


def test_a_hold_counts_down_inside_its_repetition_and_stays_still() -> None:
    # 20 s of a 10 s repetition: exhale 2 s into "turned", hold 6 s, inhale 2 s back.
    beats = [beat_at(HOLDING, 20.0, x / 10) for x in range(200)]
    holds = [b for b in beats if b is not None and b.holding]
    assert len(holds) == 2 * 60
    assert {b.path for b in holds} == {("turned",)} and {b.along for b in holds} == {0.0}
    assert {b.rep for b in holds} == {0, 1}
    assert holds[0].phase_left == pytest.approx(6.0) and holds[59].phase_left == pytest.approx(0.1)
    first = beats[10]
    assert first is not None and first.phase is Phase.EXHALE and first.path == ("centre", "turned")


def test_repetitions_fill_the_step_exactly() -> None:
    step = Step(HOLDING, timedelta(seconds=25))
    reps = step.repetitions()
    assert reps is not None and reps.count == 3  # 25 / 10 = 2.5 rounds up
    assert reps.count * reps.seconds == pytest.approx(25)
    assert reps.hold + reps.breath == pytest.approx(reps.seconds)
    assert Step(ROLLS, timedelta(seconds=5)).repetitions() is None  # no breath pace
    breathing = Step(Exercise("b", "Breathe", ("Sit",), breath_seconds=4.0), timedelta(seconds=8))
    still = breathing.repetitions()
    assert still is not None and still.count == 2 and still.hold == 0


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


def test_neck_half_circles_cross_the_front_from_one_ear_to_the_other() -> None:
    from deskbreak.core import library
    from deskbreak.player.pacing import peaks

    neck = library.exercises()["neck-rolls"]
    names = [name for _, _, name in peaks(neck, 40.0)]
    assert names[:6] == ["down", "left", "down", "right", "down", "left"]
    start = beat_at(neck, 40.0, 0.0)
    assert start is not None and start.path == ("right", "down")  # rolls down from the right ear
