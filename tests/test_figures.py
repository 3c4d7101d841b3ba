"""The exercise illustrations: every figure draws, and every drawing keeps step with the breath.

The pose-phase checks work on the drawn figure's joint angles, not on pixels: at
the top of every in-breath and the bottom of every out-breath of every built-in
exercise, the drawn pose is the key pose the exercise declares for that moment;
no joint turns more than 180° between key poses, and a hold never moves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from deskbreak.core import library
from deskbreak.core.routines import Exercise, Phase
from deskbreak.player import figures
from deskbreak.player.figures import drawing, motion
from deskbreak.player.pacing import beat_at, peaks

SIZES = [(16, 16), (64, 48), (320, 240), (640, 480), (100, 300)]
PACED = [e for e in library.exercises().values() if e.rhythm is not None and e.breath_seconds]
STEP = 60.0  # seconds of one side of a step, long enough for several repetitions


def _variance(image: Image.Image) -> float:
    return sum(ImageStat.Stat(image.convert("L")).var)


def _differs(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a, b).getbbox() is not None


def _bones(exercise: Exercise, pose: motion.Pose) -> dict[str, float]:
    return drawing.bone_angles(figures.catalogue()[exercise.figure], pose)


def _drawn_at(exercise: Exercise, offset: float) -> motion.Pose:
    beat = beat_at(exercise, STEP, offset)
    assert beat is not None
    return figures.pose_for(exercise.figure, beat.path, beat.along)


def _same_angles(a: dict[str, float], b: dict[str, float]) -> list[str]:
    return [k for k in a if abs((a[k] - b[k] + 180) % 360 - 180) > 0.5]


@pytest.mark.parametrize("name", figures.names())
@pytest.mark.parametrize("size", SIZES)
def test_every_figure_draws_and_is_not_blank(name: str, size: tuple[int, int]) -> None:
    image = figures.draw_phase(name, 0.5, size)
    assert image.size == size
    assert _variance(image) > 1.0


@pytest.mark.parametrize("exercise", library.exercises().values(), ids=lambda e: e.id)
def test_every_exercise_declares_key_poses_its_figure_has(exercise: Exercise) -> None:
    assert exercise.figure in figures.names()
    assert exercise.rhythm is not None, "every built-in exercise declares its rhythm"
    names = set(figures.key_names(exercise.figure))
    r = exercise.rhythm
    declared = {*r.inhale, *r.exhale, *r.via_inhale, *r.via_exhale}
    assert declared <= names, declared - names
    moving = {*r.inhale} != {*r.exhale}
    assert moving == figures.is_animated(exercise.figure) == r.counted


@pytest.mark.parametrize("exercise", PACED, ids=lambda e: e.id)
def test_the_drawn_pose_at_each_breath_peak_is_the_declared_one(exercise: Exercise) -> None:
    found = peaks(exercise, STEP)
    assert {phase for _, phase, _ in found} == {Phase.INHALE, Phase.EXHALE}
    for offset, phase, name in found:
        drawn = _bones(exercise, _drawn_at(exercise, offset - 1e-9))
        declared = _bones(exercise, figures.key_poses(exercise.figure)[name])
        wrong = _same_angles(drawn, declared)
        assert not wrong, f"{phase} peak at {offset:.2f}s is not {name!r}: {wrong}"


@pytest.mark.parametrize("exercise", PACED, ids=lambda e: e.id)
def test_between_peaks_the_figure_moves_by_small_steps(exercise: Exercise) -> None:
    """No joint flips over or takes the long way round between two samples 1/10 s apart."""
    before = _bones(exercise, _drawn_at(exercise, 0.0))
    for tenth in range(1, int(STEP * 10)):
        now = _bones(exercise, _drawn_at(exercise, tenth / 10))
        jumps = {k: abs((now[k] - before[k] + 180) % 360 - 180) for k in now}
        assert max(jumps.values()) < 40, (tenth / 10, max(jumps, key=jumps.__getitem__))
        before = now


@pytest.mark.parametrize("name", figures.names())
def test_no_joint_turns_more_than_half_a_circle_between_key_poses(name: str) -> None:
    keys = list(figures.key_poses(name).values())
    for a in keys:
        for b in keys:
            turned = motion.turns(a, b)
            assert max(turned.values(), default=0) <= 180, (name, turned)


@pytest.mark.parametrize("exercise", [e for e in PACED if e.rhythm and e.rhythm.hold], ids=str)
def test_holds_do_not_bob(exercise: Exercise) -> None:
    held = []
    for tenth in range(int(STEP * 10)):
        beat = beat_at(exercise, STEP, tenth / 10)
        if beat is not None and beat.holding:
            held.append((beat.rep, figures.pose_for(exercise.figure, beat.path, beat.along)))
    assert held
    for rep in {rep for rep, _ in held}:
        poses = [pose for r, pose in held if r == rep]
        assert all(pose == poses[0] for pose in poses)


def test_the_movements_named_in_the_review_go_the_right_way() -> None:
    """Cat-cow is cow on the in-breath; twists turn on the out-breath; shoulders circle."""
    ex = library.exercises()
    for eid in ("seated-cat-cow", "cat-cow"):
        rhythm = ex[eid].rhythm
        assert rhythm is not None and rhythm.inhale == ("cow",) and rhythm.exhale == ("cat",)
    chin = ex["chin-to-chest"].rhythm
    assert chin is not None and chin.exhale == ("lowered",)
    for eid in ("seated-spinal-twist", "rotating-chair-twist", "half-lord-of-the-fishes"):
        rhythm = ex[eid].rhythm
        assert rhythm is not None and rhythm.exhale == ("turned",) and rhythm.first is Phase.EXHALE
    rolls = ex["shoulder-rolls"].rhythm
    assert rolls is not None and rolls.via_inhale and rolls.via_exhale
    assert set(rolls.via_inhale).isdisjoint(rolls.via_exhale)  # a circle, not a swing


def test_thoracic_rotation_and_chair_twist_are_different_figures() -> None:
    a = figures.key_poses("thoracic-rotation")["open"]
    b = figures.key_poses("chair-twist")["turned"]
    assert _differs(
        figures.draw("thoracic-rotation", ("open",)), figures.draw("chair-twist", ("turned",))
    )
    assert a != b


@pytest.mark.parametrize("name", [n for n in figures.names() if figures.is_sided(n)])
def test_sided_figures_mirror(name: str) -> None:
    right = figures.draw_phase(name, 1.0, side="right")
    left = figures.draw_phase(name, 1.0, side="left")
    assert _differs(left, right)
    assert not _differs(left.transpose(Image.Transpose.FLIP_LEFT_RIGHT), right)


def test_sided_exercises_have_sided_figures() -> None:
    for ex in library.exercises().values():
        if ex.sides:
            assert figures.is_sided(ex.figure), ex.id


def test_unknown_ids_and_odd_input_do_not_raise() -> None:
    neutral = figures.draw("sit")
    assert not _differs(figures.draw("no-such-figure"), neutral)
    assert not figures.is_animated("no-such-figure")
    assert figures.draw("cat-cow", ("cow", "cat"), float("nan")).size == (320, 240)
    assert not _differs(
        figures.draw("cat-cow", ("cow", "cat"), 7.0), figures.draw("cat-cow", ("cat",))
    )
    assert not _differs(figures.draw("cat-cow", ("nope",)), figures.draw("cat-cow", ("cow",)))
    assert figures.draw("twist", ("turned",), 0.5, (0, 0), side="up").size == (1, 1)


def test_contact_sheet(tmp_path: Path) -> None:
    """Writes every figure at each key pose to one PNG, for a person to look at."""
    cell = (200, 150)
    names = figures.names()
    width = max(len(figures.key_names(n)) for n in names)
    sheet = Image.new("RGB", (cell[0] * width, cell[1] * len(names)), "white")
    for row, name in enumerate(names):
        for col, key in enumerate(figures.key_names(name)):
            sheet.paste(figures.draw(name, (key,), 0.0, cell), (col * cell[0], row * cell[1]))
    path = tmp_path / "figures.png"
    sheet.save(path)
    assert Image.open(path).size == sheet.size
    assert _variance(sheet) > 1.0
