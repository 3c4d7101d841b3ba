"""Tests for the built-in exercise and routine library and the safety wording."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from deskbreak.core import library, progression, safety
from deskbreak.core.config.model import Config
from deskbreak.core.config.read import parse_config
from deskbreak.core.library import seated
from deskbreak.core.routines import (
    DESK_MAX,
    DESK_MIN,
    Exercise,
    Phase,
    Posture,
    Routine,
    Side,
    Step,
)
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


ROUTINES = list(library.routines().values())
EXERCISES = list(library.exercises().values())


@pytest.mark.parametrize("routine", ROUTINES, ids=lambda r: r.id)
def test_every_routine_has_its_fields_and_a_sensible_length(routine: Routine) -> None:
    assert routine.title and routine.summary and routine.steps
    if routine.is_desk:
        assert DESK_MIN <= routine.total <= DESK_MAX, routine.id
        assert routine.posture in (Posture.SEATED, Posture.STANDING)
    else:
        assert routine.posture is Posture.FLOOR
        assert timedelta(minutes=5) <= routine.total <= timedelta(minutes=20)
    assert routine.total == sum((s.duration for s in routine.segments()), timedelta())


@pytest.mark.parametrize(
    "step",
    [s for r in ROUTINES for s in r.steps],
    ids=lambda s: f"{s.exercise.id}-{int(s.duration.total_seconds())}s",
)
def test_every_steps_repetitions_and_holds_fill_it_exactly(step: Step) -> None:
    reps = step.repetitions()
    rhythm = step.exercise.rhythm
    assert rhythm is not None
    if step.exercise.breath_seconds is None:
        assert reps is None and not rhythm.counted
        return
    assert reps is not None and reps.count >= 1
    seconds = step.duration.total_seconds()
    assert reps.count * reps.seconds == pytest.approx(seconds)
    assert reps.breath + reps.hold + reps.rest == pytest.approx(reps.seconds)
    natural = rhythm.seconds(step.exercise.breath_seconds)
    assert 0.8 <= reps.seconds / natural <= 1.25, "the pace stays close to the written one"
    assert (reps.hold > 0) == (rhythm.hold > 0)
    assert (reps.rest > 0) == (rhythm.rest > 0)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_shows_purpose_cues_easier_version_and_cautions(exercise: Exercise) -> None:
    assert exercise.name and exercise.purpose
    assert 2 <= len(exercise.cues) <= 5 and all(c.strip() for c in exercise.cues)
    assert exercise.modifications, "an easier version"
    assert exercise.cautions or exercise.id == "savasana"
    assert exercise.figure in figures.names(), (exercise.id, exercise.figure)
    if exercise.breath_seconds is not None:
        assert exercise.breathing and 2 <= exercise.breath_seconds <= 20
    if exercise.sides:
        assert exercise.left.startswith("Left: ") and exercise.right.startswith("Right: ")
        assert exercise.side_cue(Side.LEFT) == exercise.left
    else:
        assert not exercise.left and not exercise.right


def test_holds_and_counts_follow_the_sources() -> None:
    ex = library.exercises()
    chair = ex["rotating-chair-twist"].rhythm
    assert chair is not None and chair.hold == 5 and chair.first is Phase.EXHALE
    extension = ex["chair-back-extension"].rhythm
    assert extension is not None and extension.hold == 5
    steps = {(r.id, s.exercise.id): s for r in ROUTINES for s in r.steps}
    for key, low, high in (
        (("upper-back-opener", "chair-back-extension"), 3, 5),
        (("posture-reset", "rotating-chair-twist"), 3, 5),
        (("upper-back-opener", "seated-thoracic-rotation"), 8, 10),
    ):
        reps = steps[key].repetitions()
        assert reps is not None and low <= reps.count <= high, key
    side = ex["seated-side-stretch"].rhythm
    assert side is not None and 15 <= side.hold <= 30


def test_upper_back_opener_warms_up_and_warns_before_the_chair_lean() -> None:
    steps = [s.exercise.id for s in library.routines()["upper-back-opener"].steps]
    assert steps[0] == "seated-cat-cow" and "chair-back-extension" in steps[1:]
    assert "rotating-chair-twist" not in steps  # one hands-behind-head turn, not two
    before = library.exercises()["chair-back-extension"].before.lower()
    assert "roll" in before and "tip" in before


# The three routines the sources give, exactly: (exercise, seconds per side).
SEED_ROUTINES = {
    "morning-relief": [("cat-cow", 120), ("childs-pose", 60), ("sphinx-pose", 60),
                       ("neck-rolls", 60)],
    "mini-reset": [("seated-cat-cow", 60), ("seated-spinal-twist", 60), ("shoulder-rolls", 60)],
}  # fmt: skip


@pytest.mark.parametrize("routine_id", sorted(SEED_ROUTINES))
def test_the_sources_routines_are_exact(routine_id: str) -> None:
    minutes = {"morning-relief": 5, "mini-reset": 4}[routine_id]
    for level in range(progression.TOP + 1):  # as written, and however the weeks grow it
        routine = progression.progressed(library.routines()[routine_id], level)
        got = [(s.exercise.id, int(s.duration.total_seconds())) for s in routine.steps]
        assert got == SEED_ROUTINES[routine_id], level
        assert routine.total == timedelta(minutes=minutes), level


def test_the_evening_routine_keeps_the_sources_order_and_length() -> None:
    evening = library.routines()["evening-deep-release"]
    order = [s.exercise.id for s in evening.steps]
    assert order == [
        "sphinx-pose", "locust-pose", "half-lord-of-the-fishes", "supine-spinal-twist", "savasana",
    ]  # fmt: skip
    for level in range(progression.TOP + 1):  # and as it plays once the holds have grown
        total = progression.progressed(evening, level).total
        assert timedelta(minutes=15) <= total <= timedelta(minutes=20), level


# The sources' evening routine, step by step: the exercise, whether its time is given per
# side ("1 min/side"), and the least and most seconds given; where the two differ the
# sources give a range ("2–3 min") and the step may lie anywhere inside it; None: no upper
# bound ("5+ min"). A time not given per side is the whole step's, both sides together.
SEED_EVENING = (
    ("sphinx-pose", False, 120, 120),  # 2 min
    ("locust-pose", False, 120, 180),  # 2–3 min, a range
    ("half-lord-of-the-fishes", True, 60, 60),  # 1 min/side
    ("supine-spinal-twist", False, 120, 180),  # 2–3 min, a range, for both sides
    ("savasana", False, 300, None),  # 5+ min, at least five
)


@pytest.mark.parametrize("level", range(progression.TOP + 1), ids=lambda n: f"level{n}")
@pytest.mark.parametrize("index", range(len(SEED_EVENING)), ids=[s[0] for s in SEED_EVENING])
def test_each_evening_step_takes_the_time_the_sources_give(index: int, level: int) -> None:
    # as written (level 0) and as it plays once the holds have grown over the weeks
    evening = progression.progressed(library.routines()["evening-deep-release"], level)
    assert len(evening.steps) == len(SEED_EVENING)
    step = evening.steps[index]
    eid, per_side, least, most = SEED_EVENING[index]
    assert step.exercise.id == eid
    if per_side:
        assert step.exercise.sides, f"{eid}: the sources give its time per side"
        seconds = step.duration.total_seconds()
    else:
        seconds = step.total.total_seconds()
    if least == most:
        assert seconds == least, f"{eid}: the sources give {least} s"
    elif most is None:
        assert seconds >= least, f"{eid}: the sources give at least {least} s"
    else:
        assert least <= seconds <= most, f"{eid}: the sources give a range, {least}–{most} s"


def test_the_missing_source_exercises_are_there() -> None:
    mats = library.routines()["upper-back-on-the-mat"]
    assert "thread-the-needle" in [s.exercise.id for s in mats.steps]  # in no seed routine
    standing = library.routines()["standing-chest-opener"]
    assert standing.posture is Posture.STANDING and standing.is_desk
    ids = {s.exercise.id for s in standing.steps}
    assert {"doorway-stretch", "corner-stretch"} <= ids
    for eid in ("doorway-stretch", "corner-stretch"):
        rhythm = library.exercises()[eid].rhythm
        assert rhythm is not None and 30 <= rhythm.hold <= 60


def test_the_default_rotation_varies_the_breaks_and_one_can_still_be_pinned() -> None:
    rotation = Config().schedule.rotation
    assert rotation[0] == "mini-reset" and len(set(rotation)) == len(rotation) >= 3
    for rid in rotation:  # every one a seated desk break of 2 to 4 minutes
        routine = library.routines()[rid]
        assert routine.posture is Posture.SEATED and DESK_MIN <= routine.total <= DESK_MAX
        lean = [s for s in routine.steps if s.exercise.before]
        assert not lean, (rid, "a step that needs a special chair is not in the default")
    pinned = parse_config('[schedule]\nrotation = ["mini-reset"]\n')
    assert pinned.schedule.rotation == ("mini-reset",)


def test_ids_are_unique_lowercase_and_hyphenated() -> None:
    exercise_ids = [e.id for e in library.exercises().values()]
    routine_ids = [r.id for r in library.routines().values()]
    for ids in (exercise_ids, routine_ids):
        assert len(ids) == len(set(ids))
        assert all(ID_RE.match(i) for i in ids), ids
    assert all(key == e.id for key, e in library.exercises().items())
    assert all(key == r.id for key, r in library.routines().items())


def test_neck_exercises_carry_a_caution() -> None:
    for eid in ("chin-to-chest", "neck-rolls"):
        cautions = " ".join(library.exercises()[eid].cautions).lower()
        assert "neck" in cautions


def test_mappings_are_read_only() -> None:
    with pytest.raises(TypeError):
        library.routines()["x"] = library.routines()["mini-reset"]  # type: ignore[index]


def test_intro_says_warm_up_first_and_little_and_often() -> None:
    intro = " ".join(library.INTRO).lower()
    assert "warm" in intro and "every day" in intro


def test_safety_note_names_the_warning_signs() -> None:
    note = safety.SAFETY_NOTE.lower()
    for word in ("sharp pain", "numbness", "tingling"):
        assert word in note
    assert any("numb" in item.lower() for item in safety.SEE_A_PROFESSIONAL)


def test_chest_pain_is_an_emergency_line_of_its_own() -> None:
    assert "chest pain" in safety.EMERGENCY.lower()
    assert "emergency services now" in safety.EMERGENCY.lower()
    assert not any("chest" in flag.text.lower() for flag in safety.RED_FLAGS)
    sheet = safety.sheet()
    assert safety.EMERGENCY in sheet and sheet[sheet.index(safety.EMERGENCY) - 1] == ""


def test_red_flags_cover_the_common_signs_and_say_which_the_sources_name() -> None:
    text = " ".join(f.text.lower() for f in safety.RED_FLAGS)
    for sign in ("fall", "night", "rest", "cancer", "both legs", "balance", "bladder", "bowel"):
        assert sign in text, sign
    assert "fever" in text and "weight loss" in text
    sourced = [f.text.lower() for f in safety.RED_FLAGS if f.from_sources]
    assert any("severe" in t for t in sourced) and any("go away" in t for t in sourced)
    assert any("disc" in t and "injury" in t for t in sourced)
    lines = safety.red_flag_lines()
    assert sum(line.startswith("(*) ") for line in lines) == len(sourced)
    assert safety.SOURCES_KEY in safety.sheet()


def test_the_words_say_what_the_body_does() -> None:
    exercises = library.exercises()
    cat = next(c for c in exercises["cat-cow"].cues if c.startswith("Cat:"))
    assert "round" in cat and "arch" not in cat  # cat rounds the back; "arch" reads as cow
    assert "roll onto one side" in exercises["savasana"].cues[-1]  # how to get up again
    mini = library.routines()["mini-reset"]
    last = mini.steps[-1].exercise
    assert last.id == "shoulder-rolls" and "for the rest" not in last.purpose
    assert "other ear" not in (exercises["neck-rolls"].breathing or "")


def test_the_chair_is_safe_for_what_each_seated_step_asks() -> None:
    ex = library.exercises()
    lean = ex["chair-back-extension"]
    before = lean.before.lower()
    assert "low" in before and "easier" in before  # a low back, else the easier version...
    assert all("lean back" not in m.lower() for m in lean.modifications)  # ...which has no lean
    turning = {"twist", "chair-twist", "thoracic-rotation"}
    twists = [e for e in ex.values() if e.posture is Posture.SEATED and e.figure in turning]
    assert len(twists) == 3
    for twist in twists:  # a swivel chair would turn with the body
        assert seated.SWIVEL in twist.cautions, twist.id
    behind = next(c for c in ex["seated-spinal-twist"].cues if "behind you" in c)
    assert "backrest" in behind  # a backrest blocks the seat behind you


def test_the_locust_rests_between_its_lifts_and_cat_cow_promises_no_pause() -> None:
    from deskbreak.player.pacing import beat_at

    step = next(
        s
        for s in library.routines()["evening-deep-release"].steps
        if s.exercise.id == "locust-pose"
    )
    reps = step.repetitions()
    assert reps is not None and reps.hold >= 15 and reps.rest >= 10  # each lift, then a rest
    seconds = step.duration.total_seconds()
    phases = [beat_at(step.exercise, seconds, t / 10) for t in range(int(seconds * 10))]
    rests = [b for b in phases if b is not None and b.phase is Phase.REST]
    assert {b.rep for b in rests} == set(range(reps.count))  # a timed rest after every lift
    assert len(rests) / 10 == pytest.approx(reps.count * reps.rest, abs=0.2)
    for eid in ("cat-cow", "seated-cat-cow"):  # no "pause" the pacing does not give
        rhythm = library.exercises()[eid].rhythm
        assert rhythm is not None and not rhythm.hold and not rhythm.rest
        assert not any("paus" in cue for cue in library.exercises()[eid].cues)


# What the sources say, for each red flag marked as theirs: every word of the mark is here.
SOURCES_SAY = {
    "Severe pain, or pain that does not go away.": (
        "if you are experiencing severe discomfort, consider consulting your physician",
        "if you are experiencing persistent upper back pain, book a consultation",
    ),
    "A herniated (slipped) disc in the neck, a severe neck problem or a recent injury: "
    "ask before you start.": (
        "if you have severe neck problems, herniated cervical discs, or recent injuries, "
        "consult a healthcare provider first",
    ),
}


def test_only_what_the_sources_say_is_marked_as_theirs() -> None:
    marked = {f.text for f in safety.RED_FLAGS if f.from_sources}
    assert marked == set(SOURCES_SAY)
    unmarked = " ".join(f.text.lower() for f in safety.RED_FLAGS if not f.from_sources)
    assert "worse while you move" in unmarked and "coming back" in unmarked  # not the sources'


def test_a_walk_break_and_a_row_squeeze_from_the_sources() -> None:
    walk = library.routines()["walk-break"]
    assert [(s.exercise.id, int(s.duration.total_seconds())) for s in walk.steps] == [
        ("walk", 60),  # a minute's walk warms up first...
        ("shoulder-rolls", 60),
        ("chest-opener", 60),  # ...then a chest opener that needs no doorway
    ]
    assert walk.is_desk and DESK_MIN <= walk.total <= DESK_MAX
    assert not any("door" in s.exercise.figure for s in walk.steps)
    row = library.exercises()["seated-row"]
    rhythm = row.rhythm
    assert rhythm is not None and rhythm.hold > 0 and rhythm.exhale == ("pulled",)
    desk = [r for r in library.routines().values() if r.is_desk]
    assert any("seated-row" in [s.exercise.id for s in r.steps] for r in desk)
    assert {"walk", "row"} <= set(figures.names())


def test_the_safety_sheet_says_how_to_sit_between_breaks() -> None:
    sheet = safety.sheet()
    assert safety.DESK_SETUP in sheet and sheet[sheet.index(safety.DESK_SETUP) - 1] == ""
    setup = safety.DESK_SETUP.lower()
    for part in ("head over the chest", "chest over the hips", "feet", "shoulders"):
        assert part in setup  # the sources' stacking cue and their feet on the ground
    assert "eye" not in setup  # the sources give no screen height: none is claimed
