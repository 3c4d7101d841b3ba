"""What the player says around the exercises: the stop reminder on every step, the mirror
caption of a one-sided picture, and where the window's safety note sends for the red flags."""

from __future__ import annotations

from collections.abc import Iterator

from deskbreak.core import library, safety
from deskbreak.player import guide, terminal, view
from deskbreak.player.timeline import Frame, Timeline


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _frames(routine_id: str) -> Iterator[Frame]:
    clock = Clock()
    timeline = Timeline(library.routines()[routine_id], clock)
    timeline.start()
    while not (frame := timeline.tick()).finished:
        yield frame
        clock.now += 5.0


def test_every_step_of_every_routine_keeps_the_stop_reminder() -> None:
    for routine in library.routines().values():
        for frame in _frames(routine.id):
            assert frame.segment is not None
            assert view.step_texts(frame)["caution"].endswith(safety.STOP_NOW)
            # while the safety note is shown, it says when to stop: no second time
            assert safety.STOP_NOW not in view.step_texts(frame, stop=False)["caution"]
            assert f"  {safety.STOP_NOW}" in terminal.step_block(frame.segment, frame)


def test_one_sided_pictures_say_mirror_me_and_the_others_do_not() -> None:
    seen = set()
    for routine in library.routines().values():
        for segment in routine.segments():
            note = guide.mirror_note(segment)
            assert bool(note) == (segment.side is not None), segment.exercise.id
            seen.add(bool(note))
    assert seen == {True, False}
    frame = next(f for f in _frames("mini-reset") if f.segment and f.segment.side)
    assert frame.segment is not None
    assert guide.mirror_note(frame.segment) in view.step_texts(frame)["detail"]


def test_the_window_s_safety_note_says_where_the_red_flags_are() -> None:
    where = guide.red_flags_where()
    assert guide.SAFETY_COMMAND in where
    note = view.note_text()
    assert where in note and safety.SAFETY_NOTE in note and safety.EMERGENCY in note
