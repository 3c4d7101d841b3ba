"""The built-in exercises done away from the chair: on a mat, or standing at a wall.

Owns the floor poses of the morning and evening routines (cat-cow on all
fours, thread the needle, child's pose, sphinx, locust, floor twists, the
resting pose) and the two standing chest stretches of the standing desk
routine (doorway and room corner). Every text is marked with `N_` for the
catalogue and stays English here; the players translate it when they show it.
Core module: imports only the standard library and `deskbreak.core`; never an
edge.
"""

from __future__ import annotations

from deskbreak.core.i18n import N_
from deskbreak.core.library.seated import GENTLE, IN, OUT, flow
from deskbreak.core.routines import STILL, Exercise, Growth, Posture, Rhythm

FLOOR = Posture.FLOOR


def _cat_cow() -> Exercise:
    return Exercise(
        "cat-cow",
        # Translators: an exercise name. "Cat" and "cow" are the usual yoga names of the
        # two spine shapes (rounded, dipped); "on hands and knees" = on all fours.
        N_("Cat-cow on hands and knees"),
        (
            N_("Come onto all fours: wrists below shoulders, knees below hips."),
            # Translators: "Cow" is the shape with the belly low and the back dipped;
            # "tailbone" = the coccyx.
            N_("Cow: let the belly sink, lift the chest and the tailbone, look a little up."),
            # Translators: "Cat" is the shape with the back rounded up.
            N_("Cat: push the floor away, round the back up toward the ceiling, tuck the chin."),
            N_("Move slowly from one shape to the other, led by the breath."),
        ),
        posture=FLOOR,
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe in into cow; breathe out into cat"),
        breath_seconds=8.0,
        modifications=(N_("Fold a blanket under sensitive knees."),),
        cautions=(GENTLE,),
        figure="cat-cow-floor",
        # Translators: "tailbone" = the coccyx.
        purpose=N_("Warms the spine from the neck down to the tailbone."),
        rhythm=flow("cow", "cat"),
    )


def _thread_the_needle() -> Exercise:
    return Exercise(
        "thread-the-needle",
        # Translators: an exercise name (a yoga pose): on all fours, one arm slides under
        # the other; use your language's usual name for the pose if it has one.
        N_("Thread the needle"),
        (
            N_("Start on all fours with the hands a little wider than the shoulders."),
            N_("Slide one arm along the floor under the other, palm facing up."),
            N_("Lower that shoulder and the side of your head to the mat."),
            N_("The other hand stays planted for balance; come back up slowly."),
        ),
        posture=FLOOR,
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe out as you slide the arm through; stay, breathing into the upper "
            "back; breathe in to come back up"
        ),
        breath_seconds=10.0,
        sides=True,
        modifications=(N_("Put a cushion under the head, or slide the arm only partway."),),
        # Translators: a safety caution; keep the meaning exact: no weight on the neck.
        cautions=(GENTLE, N_("Keep the weight off the neck; the shoulder takes it.")),
        figure="thread-needle",
        # Translators: "shoulder blades" = the scapulae.
        purpose=N_("Lets the floor help you stretch the area between your shoulder blades."),
        # Translators: left and right are the user's own body sides, never the screen's.
        left=N_("Left: the left arm slides under the right; left shoulder and ear to the mat."),
        # Translators: left and right are the user's own body sides, never the screen's.
        right=N_("Right: the right arm slides under the left; right shoulder and ear to the mat."),
        rhythm=flow("fours", "threaded", first=OUT, hold=20.0),
        # Hunter Method: "Hold for 20-30 seconds and feel the stretch in your upper back".
        grows=Growth("Hunter Method", hold=30.0),
    )


def _childs_pose() -> Exercise:
    return Exercise(
        "childs-pose",
        # Translators: an exercise name (a yoga pose): kneeling, folded forward over the
        # knees; use your language's usual name for the pose if it has one.
        N_("Child's pose"),
        (
            N_("Kneel with the big toes touching and the knees hip-width or wider."),
            N_("Sink the hips back toward the heels and fold forward."),
            N_("Rest the forehead down; the arms reach ahead or lie beside you."),
            N_("Let the shoulders soften and breathe into the back."),
        ),
        posture=FLOOR,
        # Translators: breathing cue; "in-breath" = inhalation.
        breathing=N_("Long, slow breaths; feel the back widen on each in-breath"),
        breath_seconds=10.0,
        modifications=(N_("Put a cushion between calves and thighs, or under the forehead."),),
        # Translators: a safety caution; keep the meaning exact: skip the pose, or pad the
        # knees well, if the knees hurt.
        cautions=(N_("Leave it out, or pad the knees well, if they complain."),),
        figure="child",
        purpose=N_("A resting fold that lets the whole back spread and settle."),
        rhythm=STILL,
    )


def kneeling() -> tuple[Exercise, ...]:
    """Poses on hands and knees, or folded over them."""
    return (_cat_cow(), _thread_the_needle(), _childs_pose())


def _sphinx_pose() -> Exercise:
    return Exercise(
        "sphinx-pose",
        # Translators: an exercise name (a yoga pose): lying on the front, propped on the
        # forearms; use your language's usual name for the pose if it has one.
        N_("Sphinx pose"),
        (
            # Translators: "on your front" = face down, on the belly.
            N_("Lie on your front, legs hip-width apart, forehead down."),
            N_("Set the elbows just under the shoulders, forearms side by side."),
            N_("Lift the chest onto the forearms; the hips stay heavy."),
            N_("Draw the shoulders away from the ears; lower when you are ready."),
        ),
        posture=FLOOR,
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe in to lift; stay and breathe easily; breathe out to lower and rest"),
        breath_seconds=10.0,
        modifications=(N_("Move the elbows further forward for a lower, softer lift."),),
        # Translators: a safety caution; keep the meaning exact: do not force the head up.
        cautions=(GENTLE, N_("Keep the back of the neck long; do not crank the head up.")),
        figure="sphinx",
        purpose=N_("A mild back bend that opens the chest and the upper back."),
        rhythm=flow("lifted", "down", first=IN, hold=10.0),
    )


def _locust_pose() -> Exercise:
    return Exercise(
        "locust-pose",
        # Translators: an exercise name (a yoga pose): lying face down, lifting the chest,
        # arms and legs; use your language's usual name for the pose if it has one.
        N_("Locust pose"),
        (
            N_("Lie face down, arms beside you, palms up."),
            N_("Keep the neck in line and float the chest, arms and legs off the mat."),
            # Translators: "buttock muscles" = the gluteal muscles.
            N_("Let the back and buttock muscles do the lifting."),
            N_("Lower, rest a cheek on the mat, and lift again when ready."),
        ),
        posture=FLOOR,
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe in to lift; stay, breathing easily; breathe out to lower, "
            "then rest until the next lift"
        ),
        breath_seconds=10.0,
        modifications=(N_("Lift only the chest, or only the legs, one at a time."),),
        # Translators: a safety caution; keep the meaning exact.
        cautions=(GENTLE, N_("Rest between lifts whenever you need to.")),
        figure="locust",
        purpose=N_("Strengthens the back muscles that keep you upright."),
        # a timed rest, face down, between the lifts
        rhythm=Rhythm(("lifted",), ("down",), first=IN, hold=15.0, rest=10.0),
        # Phyt Health: "increasing hold positions to 30, 45, and 60"; capped at 25 s, as four
        # lifts then fill the 3 min the sources' evening routine gives the locust (2-3 min).
        grows=Growth("Phyt Health", hold=25.0),
    )


def _half_lord_of_the_fishes() -> Exercise:
    return Exercise(
        "half-lord-of-the-fishes",
        # Translators: an exercise name; "half lord of the fishes" is the usual English name
        # of this yoga pose (Ardha Matsyendrasana): use your language's usual name for it.
        N_("Seated floor twist (half lord of the fishes)"),
        (
            N_("Sit on the mat; cross one foot over the other knee, sole on the floor."),
            # Translators: "that side" = the side of the foot that crossed over.
            N_("Place the hand on that side on the mat behind you."),
            N_("Hug the raised knee with the other arm and turn toward it."),
            # Translators: "breathe in" = inhale, "breathe out" = exhale.
            N_("Grow tall as you breathe in, turn a touch further as you breathe out."),
        ),
        posture=FLOOR,
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe out as you turn; stay, tall and easy; breathe in and come back"),
        breath_seconds=8.0,
        sides=True,
        modifications=(
            N_("Keep the other leg straight along the mat, or sit on a folded blanket."),
        ),
        cautions=(GENTLE,),
        figure="floor-twist",
        purpose=N_("A deeper twist for the whole spine, with the legs as a lever."),
        # Translators: left and right are the user's own body sides, never the screen's.
        left=N_("Left: left foot over the right knee, left hand behind; turn to the left."),
        # Translators: left and right are the user's own body sides, never the screen's.
        right=N_("Right: right foot over the left knee, right hand behind; turn to the right."),
        rhythm=flow("centre", "turned", first=OUT, hold=7.0),
    )


def _supine_spinal_twist() -> Exercise:
    return Exercise(
        "supine-spinal-twist",
        # Translators: an exercise name: lying on the back, bent knees sink to one side.
        N_("Lying knee twist"),
        (
            N_("Lie on your back, knees bent, feet flat, arms out wide."),
            N_("Let both knees sink slowly to one side, still bent."),
            N_("Both shoulders stay heavy; turn the head away if that is comfortable."),
            N_("Bring the knees back up through the middle."),
        ),
        posture=FLOOR,
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe out as the knees sink; stay, letting each breath soften it; "
            "breathe in to bring them up"
        ),
        breath_seconds=10.0,
        sides=True,
        modifications=(N_("Put a cushion under the knees where they land."),),
        cautions=(GENTLE,),
        figure="supine-twist",
        purpose=N_("A passive twist that lets the back let go at the end of the day."),
        # Translators: left and right are the user's own body sides, never the screen's.
        left=N_("Left: both knees sink to the left; the head may turn to the right."),
        # Translators: left and right are the user's own body sides, never the screen's.
        right=N_("Right: both knees sink to the right; the head may turn to the left."),
        rhythm=flow("knees-up", "dropped", first=OUT, hold=20.0),
    )


def _savasana() -> Exercise:
    return Exercise(
        "savasana",
        # Translators: an exercise name: lying still on the back at the end (savasana).
        N_("Resting pose"),
        (
            N_("Lie on your back, legs long, arms a little away from the body."),
            N_("Turn the palms up and let the feet fall open."),
            N_("Let the shoulders, the jaw and the forehead go slack."),
            N_("Breathe naturally and rest."),
            N_("To come up, roll onto one side and sit up slowly."),
        ),
        posture=FLOOR,
        modifications=(N_("Slide a rolled blanket under the knees to ease the lower back."),),
        figure="rest",
        purpose=N_("Time to do nothing, so the body takes in what it has done."),
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
        # Translators: an exercise name: a chest stretch standing in a doorway.
        N_("Doorway chest stretch"),
        (
            # Translators: "side-on" = with one side of the body toward the door frame.
            N_("Stand side-on in a doorway, close to the frame."),
            # Translators: "the near elbow" = the elbow on the side next to the door frame.
            N_("Bend the near elbow to a right angle and rest that forearm on the frame."),
            N_("Step the near foot forward and turn the chest gently away from the arm."),
            N_("The chest and the front of that shoulder should feel a gentle pull; then switch."),
        ),
        posture=Posture.STANDING,
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe out as you turn away; stay, breathing slowly; breathe in to return"),
        breath_seconds=10.0,
        sides=True,
        modifications=(N_("Place the forearm lower on the frame for a milder stretch."),),
        # Translators: a safety caution; keep the meaning exact: stop on tingling.
        cautions=(GENTLE, N_("Stop if the arm or hand starts to tingle.")),
        figure="doorway",
        purpose=N_("Opens the chest and the front of the shoulder, one side at a time."),
        # Translators: left and right are the user's own body sides, never the screen's.
        left=N_("Left: left forearm on the frame, left foot forward; turn to the right."),
        # Translators: left and right are the user's own body sides, never the screen's.
        right=N_("Right: right forearm on the frame, right foot forward; turn to the left."),
        rhythm=flow("set", "stretch", first=OUT, hold=40.0),
    )


def _walk() -> Exercise:
    return Exercise(
        "walk",
        # Translators: an exercise name: getting up from the desk for a short walk.
        N_("Easy walk"),
        (
            N_("Stand up slowly and walk at an easy pace: a corridor, the stairs, the room."),
            N_("Let the arms swing and the shoulders hang loose."),
            N_("Look up and around, away from the screen; then come back to your chair."),
        ),
        posture=Posture.STANDING,
        modifications=(N_("No room to walk: march gently on the spot beside your desk."),),
        cautions=(GENTLE,),
        figure="walk",
        purpose=N_("Warms the muscles up before stretching, and gets you off the chair."),
        rhythm=STILL,
    )


def _corner_stretch() -> Exercise:
    return Exercise(
        "corner-stretch",
        # Translators: an exercise name: a chest stretch facing the inside corner of a room.
        N_("Room-corner chest stretch"),
        (
            N_("Face a corner of the room, a short stride away from it."),
            N_("Rest a forearm on each wall, elbows a little below the shoulders."),
            # Translators: "neutral" = in its natural curve, neither arched nor rounded.
            N_("Lean in slowly with the lower back neutral, like a soft push-up."),
            N_("Stop once the chest feels a clear, gentle pull."),
        ),
        posture=Posture.STANDING,
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe out as you lean in; stay, breathing slowly; breathe in to push back"),
        breath_seconds=10.0,
        modifications=(N_("Stand closer to the corner so the lean is smaller."),),
        # Translators: a safety caution; keep the meaning exact: stop on tingling.
        cautions=(GENTLE, N_("Stop if the arms or hands start to tingle.")),
        figure="corner",
        purpose=N_("Stretches both sides of the chest at once."),
        rhythm=flow("set", "lean", first=OUT, hold=40.0),
        # Phyt Health: "Hold this till you feel a good stretch ... about 30-60 seconds".
        grows=Growth("Phyt Health", hold=60.0),
    )


def standing() -> tuple[Exercise, ...]:
    """Chest stretches for a short break on your feet."""
    return (_doorway_stretch(), _corner_stretch(), _walk())


def mat() -> tuple[Exercise, ...]:
    return (*kneeling(), *lying(), *standing())
