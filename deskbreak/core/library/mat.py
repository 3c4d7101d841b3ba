"""The built-in exercises done away from the chair: on a mat, or standing at a wall.

Owns the floor poses of the morning and evening routines (cat-cow on all
fours, thread the needle, child's pose, sphinx, locust, floor twists, the
resting pose) and the two standing chest stretches of the standing desk
routine (doorway and room corner). Core module: imports only the standard
library and `deskbreak.core`; never an edge.
"""

from __future__ import annotations

from deskbreak.core.library.seated import GENTLE, IN, OUT, flow
from deskbreak.core.routines import STILL, Exercise, Posture

FLOOR = Posture.FLOOR


def _cat_cow() -> Exercise:
    return Exercise(
        "cat-cow",
        "Cat-cow on hands and knees",
        (
            "Come onto all fours: wrists below shoulders, knees below hips.",
            "Cow: let the belly sink, lift the chest and the tailbone, look a little up.",
            "Cat: push the floor away, arch the back toward the ceiling, tuck the chin.",
            "Move slowly between them, pausing briefly in each.",
        ),
        posture=FLOOR,
        breathing="Breathe in into cow; breathe out into cat",
        breath_seconds=8.0,
        modifications=("Fold a blanket under sensitive knees.",),
        cautions=(GENTLE,),
        figure="cat-cow-floor",
        purpose="Warms the spine from the neck down to the tailbone.",
        rhythm=flow("cow", "cat"),
    )


def _thread_the_needle() -> Exercise:
    return Exercise(
        "thread-the-needle",
        "Thread the needle",
        (
            "Start on all fours with the hands a little wider than the shoulders.",
            "Slide one arm along the floor under the other, palm facing up.",
            "Lower that shoulder and the side of your head to the mat.",
            "The other hand stays planted for balance; come back up slowly.",
        ),
        posture=FLOOR,
        breathing=(
            "Breathe out as you slide the arm through; stay, breathing into the upper "
            "back; breathe in to come back up"
        ),
        breath_seconds=10.0,
        sides=True,
        modifications=("Put a cushion under the head, or slide the arm only partway.",),
        cautions=(GENTLE, "Keep the weight off the neck; the shoulder takes it."),
        figure="thread-needle",
        purpose="Lets the floor help you stretch the area between your shoulder blades.",
        left="Left: the left arm slides under the right; left shoulder and ear to the mat.",
        right="Right: the right arm slides under the left; right shoulder and ear to the mat.",
        rhythm=flow("fours", "threaded", first=OUT, hold=20.0),
    )


def _childs_pose() -> Exercise:
    return Exercise(
        "childs-pose",
        "Child's pose",
        (
            "Kneel with the big toes touching and the knees hip-width or wider.",
            "Sink the hips back toward the heels and fold forward.",
            "Rest the forehead down; the arms reach ahead or lie beside you.",
            "Let the shoulders soften and breathe into the back.",
        ),
        posture=FLOOR,
        breathing="Long, slow breaths; feel the back widen on each in-breath",
        breath_seconds=10.0,
        modifications=("Put a cushion between calves and thighs, or under the forehead.",),
        cautions=("Leave it out, or pad the knees well, if they complain.",),
        figure="child",
        purpose="A resting fold that lets the whole back spread and settle.",
        rhythm=STILL,
    )


def kneeling() -> tuple[Exercise, ...]:
    """Poses on hands and knees, or folded over them."""
    return (_cat_cow(), _thread_the_needle(), _childs_pose())


def _sphinx_pose() -> Exercise:
    return Exercise(
        "sphinx-pose",
        "Sphinx pose",
        (
            "Lie on your front, legs hip-width apart, forehead down.",
            "Set the elbows just under the shoulders, forearms side by side.",
            "Lift the chest onto the forearms; the hips stay heavy.",
            "Draw the shoulders away from the ears; lower when you are ready.",
        ),
        posture=FLOOR,
        breathing="Breathe in to lift; stay and breathe easily; breathe out to lower and rest",
        breath_seconds=10.0,
        modifications=("Move the elbows further forward for a lower, softer lift.",),
        cautions=(GENTLE, "Keep the back of the neck long; do not crank the head up."),
        figure="sphinx",
        purpose="A mild back bend that opens the chest and the upper back.",
        rhythm=flow("lifted", "down", first=IN, hold=10.0),
    )


def _locust_pose() -> Exercise:
    return Exercise(
        "locust-pose",
        "Locust pose",
        (
            "Lie face down, arms beside you, palms up.",
            "Keep the neck in line and float the chest, arms and legs off the mat.",
            "Let the back and buttock muscles do the lifting.",
            "Lower, rest a cheek on the mat, and lift again when ready.",
        ),
        posture=FLOOR,
        breathing=(
            "Breathe in to lift; stay, breathing easily; breathe out to lower, "
            "and rest as long as you need"
        ),
        breath_seconds=10.0,
        modifications=("Lift only the chest, or only the legs, one at a time.",),
        cautions=(GENTLE, "Rest between lifts whenever you need to."),
        figure="locust",
        purpose="Strengthens the back muscles that keep you upright.",
        rhythm=flow("lifted", "down", first=IN, hold=15.0),
    )


def _half_lord_of_the_fishes() -> Exercise:
    return Exercise(
        "half-lord-of-the-fishes",
        "Seated floor twist (half lord of the fishes)",
        (
            "Sit on the mat; cross one foot over the other knee, sole on the floor.",
            "Place the hand on that side on the mat behind you.",
            "Hug the raised knee with the other arm and turn toward it.",
            "Grow tall as you breathe in, turn a touch further as you breathe out.",
        ),
        posture=FLOOR,
        breathing="Breathe out as you turn; stay, tall and easy; breathe in and come back",
        breath_seconds=8.0,
        sides=True,
        modifications=("Keep the lower leg straight, or sit on a folded blanket.",),
        cautions=(GENTLE,),
        figure="floor-twist",
        purpose="A deeper twist for the whole spine, with the legs as a lever.",
        left="Left: left foot over the right knee, left hand behind; turn to the left.",
        right="Right: right foot over the left knee, right hand behind; turn to the right.",
        rhythm=flow("centre", "turned", first=OUT, hold=7.0),
    )


def _supine_spinal_twist() -> Exercise:
    return Exercise(
        "supine-spinal-twist",
        "Lying knee twist",
        (
            "Lie on your back, knees bent, feet flat, arms out wide.",
            "Let both knees sink slowly to one side, still bent.",
            "Both shoulders stay heavy; turn the head away if that is comfortable.",
            "Bring the knees back up through the middle.",
        ),
        posture=FLOOR,
        breathing="Breathe out as the knees sink; stay, letting each breath soften it; "
        "breathe in to bring them up",
        breath_seconds=10.0,
        sides=True,
        modifications=("Put a cushion under the knees where they land.",),
        cautions=(GENTLE,),
        figure="supine-twist",
        purpose="A passive twist that lets the back let go at the end of the day.",
        left="Left: both knees sink to the left; the head may turn to the right.",
        right="Right: both knees sink to the right; the head may turn to the left.",
        rhythm=flow("knees-up", "dropped", first=OUT, hold=20.0),
    )


def _savasana() -> Exercise:
    return Exercise(
        "savasana",
        "Resting pose",
        (
            "Lie on your back, legs long, arms a little away from the body.",
            "Turn the palms up and let the feet fall open.",
            "Let the shoulders, the jaw and the forehead go slack.",
            "Breathe naturally and rest.",
        ),
        posture=FLOOR,
        modifications=("Slide a rolled blanket under the knees to ease the lower back.",),
        figure="rest",
        purpose="Time to do nothing, so the body takes in what it has done.",
        rhythm=STILL,
    )


def lying() -> tuple[Exercise, ...]:
    """Poses lying on the front or the back, and the floor twist."""
    return (
        _sphinx_pose(),
        _locust_pose(),
        _half_lord_of_the_fishes(),
        _supine_spinal_twist(),
        _savasana(),
    )


def _doorway_stretch() -> Exercise:
    return Exercise(
        "doorway-stretch",
        "Doorway chest stretch",
        (
            "Stand side-on in a doorway, close to the frame.",
            "Bend the near elbow to a right angle and rest that forearm on the frame.",
            "Step the near foot forward and turn the chest gently away from the arm.",
            "The chest and the front of that shoulder should feel a gentle pull; then switch.",
        ),
        posture=Posture.STANDING,
        breathing="Breathe out as you turn away; stay, breathing slowly; breathe in to return",
        breath_seconds=10.0,
        sides=True,
        modifications=("Place the forearm lower on the frame for a milder stretch.",),
        cautions=(GENTLE, "Stop if the arm or hand starts to tingle."),
        figure="doorway",
        purpose="Opens the chest and the front of the shoulder, one side at a time.",
        left="Left: left forearm on the frame, left foot forward; turn to the right.",
        right="Right: right forearm on the frame, right foot forward; turn to the left.",
        rhythm=flow("set", "stretch", first=OUT, hold=40.0),
    )


def _corner_stretch() -> Exercise:
    return Exercise(
        "corner-stretch",
        "Room-corner chest stretch",
        (
            "Face a corner of the room, a short stride away from it.",
            "Rest a forearm on each wall, elbows a little below the shoulders.",
            "Lean in slowly with the lower back neutral, like a soft push-up.",
            "Stop once the chest feels a clear, gentle pull.",
        ),
        posture=Posture.STANDING,
        breathing="Breathe out as you lean in; stay, breathing slowly; breathe in to push back",
        breath_seconds=10.0,
        modifications=("Stand closer to the corner so the lean is smaller.",),
        cautions=(GENTLE, "Stop if the arms or hands start to tingle."),
        figure="corner",
        purpose="Stretches both sides of the chest at once.",
        rhythm=flow("set", "lean", first=OUT, hold=40.0),
    )


def standing() -> tuple[Exercise, ...]:
    """Chest stretches for a short break on your feet."""
    return (_doorway_stretch(), _corner_stretch())


def mat() -> tuple[Exercise, ...]:
    return (*kneeling(), *lying(), *standing())
