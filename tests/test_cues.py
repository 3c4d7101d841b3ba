"""The by-ear cue plan: which cues a routine gets, in which order, at which second, and how
a player is handed them as the routine plays (skips, pauses, a stop)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from deskbreak.core import library
from deskbreak.core.routines import Exercise, Phase, Routine, Step
from deskbreak.player.cues import Cue, CueKind, Follower, plan, spoken_length, words
from deskbreak.player.guide import count_words
from deskbreak.player.pacing import beat_at
from deskbreak.player.timeline import Timeline

K = CueKind
TILT = Exercise("tilt", "Tilt", ("Ear down",), sides=True)


def routine(*steps: tuple[Exercise | str, float]) -> Routine:
    known = library.exercises()
    made = tuple(
        Step(known[e] if isinstance(e, str) else e, timedelta(seconds=s)) for e, s in steps
    )
    return Routine("test", "Test", made, builtin=False)


def shape(cues: tuple[Cue, ...]) -> list[tuple[float, CueKind, int]]:
    return [(round(c.at, 3), c.kind, c.segment) for c in cues]


def test_a_sided_step_is_announced_per_side_with_a_switch_between() -> None:
    cues = plan(routine((TILT, 5)).segments())
    assert shape(cues) == [(0, K.STEP, 0), (5, K.SWITCH, 1), (5, K.STEP, 1), (10, K.END, 2)]


def test_a_hold_is_framed_by_hold_and_release_on_the_breath() -> None:
    # chair-back-extension: in-breath 5 s into the pose, hold 5 s, out-breath 5 s back
    cues = plan(routine(("chair-back-extension", 15)).segments())
    assert shape(cues) == [
        (0, K.STEP, 0), (0, K.INHALE, 0), (5, K.HOLD, 0),
        (10, K.RELEASE, 0), (10, K.EXHALE, 0), (15, K.END, 1),
    ]  # fmt: skip


def test_a_counted_step_counts_from_its_second_repetition() -> None:
    # shoulder-rolls: one breath of 6 s a repetition; 12 s = 2 repetitions
    cues = plan(routine(("shoulder-rolls", 12)).segments())
    assert shape(cues) == [
        (0, K.STEP, 0), (0, K.INHALE, 0), (3, K.EXHALE, 0),
        (6, K.COUNT, 0), (6, K.INHALE, 0), (9, K.EXHALE, 0), (12, K.END, 1),
    ]  # fmt: skip
    assert [c.rep for c in cues if c.kind is K.COUNT] == [1]


def test_an_out_breath_first_sided_hold_switches_and_follows_the_pacing() -> None:
    # seated-spinal-twist: sides; out-breath into the twist, hold, in-breath back
    cues = plan(routine(("seated-spinal-twist", 15), ("shoulder-rolls", 6)).segments())
    left = [(0, K.STEP, 0), (0, K.EXHALE, 0), (3.5, K.HOLD, 0), (11.5, K.RELEASE, 0)]
    left.append((11.5, K.INHALE, 0))
    right = [(15 + at, kind, 1) for at, kind, _ in left]
    rolls = [(30, K.STEP, 2), (30, K.INHALE, 2), (33, K.EXHALE, 2), (36, K.END, 3)]
    assert shape(cues) == [*left, (15, K.SWITCH, 1), *right, *rolls]


def test_a_pose_rested_in_is_paced_but_never_counted_and_no_pace_means_no_breath() -> None:
    cues = plan(routine(("childs-pose", 20), ("savasana", 30)).segments())
    kinds = [c.kind for c in cues if c.segment == 0]
    assert kinds == [K.STEP, K.INHALE, K.EXHALE, K.INHALE, K.EXHALE]
    assert [c.kind for c in cues if c.segment == 1] == [K.STEP]  # savasana has no breath pace
    assert cues[-1] == Cue(50, K.END, 2)


@pytest.mark.parametrize("exercise", sorted(library.exercises()))
@pytest.mark.parametrize("seconds", [9.0, 30.0, 61.0])
def test_every_breath_and_hold_cue_starts_the_phase_the_figure_shows(
    exercise: str, seconds: float
) -> None:
    ex = library.exercises()[exercise]
    phase = {K.INHALE: Phase.INHALE, K.EXHALE: Phase.EXHALE, K.HOLD: Phase.HOLD}
    cues = plan(routine((ex, seconds)).segments())
    assert [c.at for c in cues] == sorted(c.at for c in cues)
    for cue in (c for c in cues if c.segment == 0):
        if cue.kind in phase:
            beat = beat_at(ex, seconds, cue.at + 0.01)
            assert beat is not None and beat.phase is phase[cue.kind], cue
            assert beat.rep == cue.rep
        if cue.kind is K.RELEASE:  # the end of a hold
            beat = beat_at(ex, seconds, cue.at - 0.01)
            assert beat is not None and beat.holding


TICK = 0.125


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def played(timeline: Timeline, follower: Follower, clock: Clock, until: float) -> list[Cue]:
    """Tick every 1/8 s (exact in binary) for `until` clock seconds and gather the cues handed
    out, checking each comes within one tick of its time."""
    got: list[Cue] = []
    end = clock.now + until
    while clock.now < end - 1e-9:
        clock.now += TICK
        frame = timeline.tick()
        for cue in follower.due(frame):
            if cue.kind is not K.END:
                assert frame.elapsed - TICK <= cue.at <= frame.elapsed
            got.append(cue)
    return got


def test_the_follower_hands_out_every_cue_once_in_order_as_the_routine_plays() -> None:
    clock = Clock()
    r = routine((TILT, 2), ("shoulder-rolls", 12))
    timeline = Timeline(r, clock)
    follower = Follower(plan(timeline.segments))
    timeline.start()
    assert follower.due(timeline.tick()) == [Cue(0, K.STEP, 0)]
    assert follower.wait(timeline.tick()) is None  # the step's end is the timeline's deadline
    got = played(timeline, follower, clock, 4.0)
    assert [c.kind for c in got] == [K.SWITCH, K.STEP, K.STEP, K.INHALE]
    assert follower.wait(timeline.tick()) == pytest.approx(3)  # the out-breath
    got += played(timeline, follower, clock, 13)
    assert got == list(plan(timeline.segments)[1:])


def test_a_pause_holds_the_cues_and_a_skip_or_a_stop_drops_them() -> None:
    clock = Clock()
    r = routine(("shoulder-rolls", 12), ("chair-back-extension", 15))
    timeline = Timeline(r, clock)
    follower = Follower(plan(timeline.segments))
    timeline.start()
    follower.due(timeline.tick())
    timeline.pause()
    assert played(timeline, follower, clock, 5) == []
    timeline.resume()
    assert [c.kind for c in played(timeline, follower, clock, 3)] == [K.EXHALE]
    timeline.next()  # the count at 6 s and the rest of the rolls are never said
    frame = timeline.tick()
    assert [(c.kind, c.segment) for c in follower.due(frame)] == [(K.STEP, 1), (K.INHALE, 1)]
    assert [c.kind for c in played(timeline, follower, clock, 5)] == [K.HOLD]
    timeline.stop()
    assert follower.due(timeline.tick()) == []  # stopped: the end is not announced


def test_every_cue_has_words_and_counts_use_the_counting_words() -> None:
    segments = routine((TILT, 5), ("shoulder-rolls", 30)).segments()
    for cue in plan(segments):
        assert words(cue, segments).strip()
    assert words(Cue(6, K.COUNT, 2, 1), segments) == count_words()[1]
    assert words(Cue(6, K.COUNT, 2, 12), segments) == "13"
    assert words(Cue(0, K.STEP, 0), segments).startswith("Tilt")
    lengths = {spoken_length(s) for s in (1, 30, 60, 90, 120)}
    assert len(lengths) == 5 and all(any(ch.isdigit() for ch in text) for text in lengths)
