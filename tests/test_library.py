"""Tests for the built-in exercise and routine library and the safety wording."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from deskbreak.core import library, safety
from deskbreak.core.routines import DESK_MAX, DESK_MIN, Posture, Side
from deskbreak.player import figures

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_every_step_resolves_to_a_library_exercise() -> None:
    exercises = library.exercises()
    for routine in library.routines().values():
        assert routine.steps, routine.id
        for step in routine.steps:
            assert exercises[step.exercise.id] == step.exercise
            assert step.duration > timedelta(0)


def test_mini_reset_is_four_minutes_in_the_seeded_order() -> None:
    routine = library.routines()["mini-reset"]
    assert routine.total == timedelta(minutes=4)
    got = [(s.exercise.id, s.side, s.duration) for s in routine.segments()]
    minute = timedelta(minutes=1)
    assert got == [
        ("seated-cat-cow", None, minute),
        ("seated-spinal-twist", Side.LEFT, minute),
        ("seated-spinal-twist", Side.RIGHT, minute),
        ("shoulder-rolls", None, minute),
    ]
    assert routine.is_desk
    assert routine.builtin


def test_two_minute_variant_uses_the_same_exercises() -> None:
    short, full = library.routines()["mini-reset-2m"], library.routines()["mini-reset"]
    assert short.total == timedelta(minutes=2)
    assert [s.exercise.id for s in short.steps] == [s.exercise.id for s in full.steps]


def test_desk_routines_are_seated_and_two_to_four_minutes() -> None:
    desk = [r for r in library.routines().values() if r.is_desk]
    assert len(desk) >= 5  # both mini-resets and at least three more
    for routine in desk:
        assert DESK_MIN <= routine.total <= DESK_MAX, routine.id
        assert all(s.exercise.posture is Posture.SEATED for s in routine.steps)


def test_longer_routines_are_not_desk_routines() -> None:
    morning = library.routines()["morning-relief"]
    evening = library.routines()["evening-deep-release"]
    assert abs(morning.total - timedelta(minutes=5)) <= timedelta(seconds=30)
    assert timedelta(minutes=15) <= evening.total <= timedelta(minutes=20)
    assert not morning.is_desk
    assert not evening.is_desk
    assert morning.posture is Posture.FLOOR


def test_ids_are_unique_lowercase_and_hyphenated() -> None:
    exercise_ids = [e.id for e in library.exercises().values()]
    routine_ids = [r.id for r in library.routines().values()]
    for ids in (exercise_ids, routine_ids):
        assert len(ids) == len(set(ids))
        assert all(ID_RE.match(i) for i in ids), ids
    assert all(key == e.id for key, e in library.exercises().items())
    assert all(key == r.id for key, r in library.routines().items())


def test_every_exercise_is_complete_and_has_a_figure() -> None:
    names = set(figures.names())
    for ex in library.exercises().values():
        assert 2 <= len(ex.cues) <= 5, ex.id
        assert all(cue.strip() for cue in ex.cues)
        assert ex.figure in names, (ex.id, ex.figure)
        if ex.breathing is not None:
            assert ex.breath_seconds is not None and 2 <= ex.breath_seconds <= 20


def test_neck_exercises_carry_a_caution() -> None:
    for eid in ("chin-to-chest", "neck-rolls"):
        cautions = " ".join(library.exercises()[eid].cautions).lower()
        assert "neck" in cautions


def test_mappings_are_read_only() -> None:
    with pytest.raises(TypeError):
        library.routines()["x"] = library.routines()["mini-reset"]  # type: ignore[index]


def test_safety_note_names_the_warning_signs() -> None:
    note = safety.SAFETY_NOTE.lower()
    for word in ("sharp pain", "numbness", "tingling"):
        assert word in note
    assert len(safety.SEE_A_PROFESSIONAL) >= 3
    assert any("numb" in item.lower() for item in safety.SEE_A_PROFESSIONAL)
