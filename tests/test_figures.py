"""The exercise illustrations: every figure draws, and every drawing keeps step with the breath.

The pose-phase checks work on the drawn figure's joint angles, not on pixels: at
the top of every in-breath and the bottom of every out-breath of every built-in
exercise, the drawn pose is the key pose the exercise declares for that moment;
no joint turns more than 180° between key poses, and a hold never moves.
"""

from __future__ import annotations

import math
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
            still = (beat.rep, beat.phase)  # a hold, or the rest after it
            held.append((still, figures.pose_for(exercise.figure, beat.path, beat.along)))
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


# -- one left/right convention: every sided figure moves like the user's reflection ----------

Joints = dict[str, tuple[float, float]]
SIDES = (("right", 1.0), ("left", -1.0))  # the side worked, and where it is on the screen


def _toward(sign: float, x: float, centre: float) -> bool:
    """`x` lies on the screen's `sign` side of `centre` (+1 right, -1 left)."""
    return (x - centre) * sign > 0.05


def _crossing_hands(j: Joints) -> list[str]:
    """The hands that reach across the body, away from their own shoulder's side."""
    mid = j["hip"][0]
    return [
        s
        for s in "lr"
        if (j[f"{s}-shoulder"][0] - mid) * (j[f"{s}-hand"][0] - mid) < 0
        and abs(j[f"{s}-hand"][0] - mid) > 0.05
    ]


def _highest(j: Joints, part: str) -> str:
    return min("lr", key=lambda s: j[f"{s}-{part}"][1])


def _twist(j: Joints, sign: float) -> None:
    (crossing,) = _crossing_hands(j)  # one hand goes outside the far knee...
    hand = j[f"{crossing}-hand"]
    knee = min((j["l-knee"], j["r-knee"]), key=lambda k: abs(k[0] - hand[0]))
    assert _toward(sign, hand[0], j["hip"][0]) and _toward(sign, knee[0], j["hip"][0])
    other = "r" if crossing == "l" else "l"  # ...the other goes behind, on the same side
    assert _toward(sign, j[f"{other}-hand"][0], j["hip"][0])
    assert _toward(sign, j["face"][0], j["head"][0])  # the head turns that way


def _chair_twist(j: Joints, sign: float) -> None:
    assert _toward(sign, j["face"][0], j["head"][0])  # the face shows the direction
    for s in "lr":  # the hands stay at the head
        assert math.dist(j[f"{s}-hand"], j["head"]) < 0.3


def _thoracic(j: Joints, sign: float) -> None:
    raised = _highest(j, "hand")
    assert j[f"{raised}-hand"][1] < j["top"][1]  # one hand up by the head...
    assert _toward(sign, j[f"{raised}-elbow"][0], j["hip"][0])  # ...its elbow opens that way
    (crossing,) = _crossing_hands(j)
    assert crossing != raised and _toward(sign, j[f"{crossing}-hand"][0], j["hip"][0])
    assert _toward(sign, j["face"][0], j["head"][0])


def _side_stretch(j: Joints, sign: float) -> None:
    assert _toward(sign, j["head"][0], j["hip"][0])  # the lean goes that way
    raised = _highest(j, "hand")
    lower = "r" if raised == "l" else "l"
    assert _toward(-sign, j[f"{raised}-shoulder"][0], j["top"][0])  # the other arm is up
    assert _toward(sign, j[f"{lower}-hand"][0], j["hip"][0])  # this hand on the seat


def _floor_twist(j: Joints, sign: float) -> None:
    raised = _highest(j, "knee")  # this foot crosses over: its knee stands up
    assert _toward(sign, j[f"{raised}-root"][0], j["hip"][0])
    hug = "r" if raised == "l" else "l"  # the other arm hugs that knee
    assert math.dist(j[f"{hug}-hand"], j[f"{raised}-knee"]) < 0.25
    assert _toward(sign, j[f"{raised}-hand"][0], j["hip"][0])  # this hand on the mat behind
    assert _toward(sign, j["face"][0], j["head"][0])


def _supine_twist(j: Joints, sign: float) -> None:
    for s in "lr":  # both knees sink that way
        assert _toward(sign, j[f"{s}-knee"][0], j["hip"][0])


def _thread_needle(j: Joints, sign: float) -> None:
    (threaded,) = _crossing_hands(j)  # this arm slides under, across to the other side
    assert _toward(sign, j[f"{threaded}-shoulder"][0], j["hip"][0])
    assert _toward(-sign, j[f"{threaded}-hand"][0], j["hip"][0])
    other = "r" if threaded == "l" else "l"
    assert j[f"{threaded}-shoulder"][1] > j[f"{other}-shoulder"][1] + 0.2  # that shoulder drops
    assert _toward(sign, j["head"][0], j["hip"][0])  # the head rests on that side


def _doorway(j: Joints, sign: float) -> None:
    raised = _highest(j, "hand")  # the forearm on the frame, on that side
    assert _toward(sign, j[f"{raised}-hand"][0], j["hip"][0] + 0.4 * sign)
    assert _toward(-sign, j["face"][0], j["head"][0])  # the chest turns away from it


# figure: (the key pose that shows the side, what must be true of it)
SIDED = {
    "twist": ("turned", _twist),
    "chair-twist": ("turned", _chair_twist),
    "thoracic-rotation": ("open", _thoracic),
    "side-stretch": ("leaning", _side_stretch),
    "floor-twist": ("turned", _floor_twist),
    "supine-twist": ("dropped", _supine_twist),
    "thread-needle": ("threaded", _thread_needle),
    "doorway": ("stretch", _doorway),
}


def test_every_sided_figure_is_checked_for_its_side() -> None:
    assert set(SIDED) == {n for n in figures.names() if figures.is_sided(n)}


@pytest.mark.parametrize("side", SIDES, ids=lambda s: s[0])
@pytest.mark.parametrize("name", sorted(SIDED))
def test_sided_figures_mirror_the_user(name: str, side: tuple[str, float]) -> None:
    """The user's right side is on the screen's right, as in a mirror, in every figure."""
    key, check = SIDED[name]
    check(figures.joints(name, (key,), 0.0, side[0]), side[1])


def test_neck_rolls_down_is_clearly_down() -> None:
    rest, down = (figures.joints("neck-rolls", (key,)) for key in ("rest", "down"))
    assert down["head"][1] - rest["head"][1] > 0.15  # the head sinks toward the chest
    assert down["face"][1] - down["head"][1] > 0.08  # the eyes look down
