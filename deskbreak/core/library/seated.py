"""The built-in seated exercises: the ones a desk break is made of.

Owns the wording and the breath rhythm of every chair exercise (cat-cow,
twists, shoulder and neck work, side stretch, extension over the backrest).
Each says what it is for, how to do it, how it goes with the breath, what goes
where on each side, an easier version and its cautions. Every text is marked
with `N_` for the catalogue and stays English here; the players translate it
when they show it. Core module: imports only the standard library and
`deskbreak.core`; never an edge.
"""

from __future__ import annotations

from deskbreak.core.i18n import N_
from deskbreak.core.routines import Exercise, Growth, Phase, Rhythm

# Translators: a safety caution shown with many exercises; keep the meaning exact.
GENTLE = N_("Stay in a range that feels easy; back off at the first hint of pain.")
# Translators: a safety caution for neck exercises; keep the meaning exact.
NECK = N_("Treat the neck kindly: small, slow moves, never pushed.")
# Translators: a safety caution shown with every seated twist; keep the meaning exact: a
# chair that swivels turns with the body, so keep the feet on the floor and hold the chair
# (its armrest or backrest) so the seat does not turn.
SWIVEL = N_("On a swivel chair, plant your feet and hold the chair still.")
IN, OUT = Phase.INHALE, Phase.EXHALE


def flow(inhale: str, exhale: str, *, first: Phase = IN, hold: float = 0.0) -> Rhythm:
    """A repetition between two key poses, optionally holding the one `first` leads to."""
    return Rhythm((inhale,), (exhale,), first=first, hold=hold)


def _seated_cat_cow() -> Exercise:
    return Exercise(
        "seated-cat-cow",
        # Translators: an exercise name. "Cat" and "cow" are the two shapes of the spine
        # (rounded like a cat, dipped like a cow), the usual yoga names; use your language's
        # usual names for this pose if it has them.
        N_("Seated cat-cow"),
        (
            N_("Perch near the front of the seat, feet flat, palms on your knees."),
            # Translators: "Cow" is the shape with the chest forward and the back dipped.
            N_("Cow: send the chest forward, shoulders sliding back, eyes a little up."),
            # Translators: "Cat" is the shape with the upper back rounded.
            N_("Cat: curve the upper back, pull the belly in, let the chin drift down."),
            N_("Move slowly from one shape to the other, led by the breath."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe in into cow; breathe out into cat"),
        breath_seconds=8.0,
        modifications=(N_("Make the movement smaller on a stiff day."),),
        cautions=(GENTLE,),
        figure="cat-cow",
        purpose=N_("A warm-up for the whole spine: it bends one way, then the other."),
        rhythm=flow("cow", "cat"),
    )


def _chair_back_extension() -> Exercise:
    return Exercise(
        "chair-back-extension",
        # Translators: an exercise name: leaning back over the top of the chair's backrest.
        N_("Chair-back extension"),
        (
            N_("Sit right back so the top of the backrest meets the middle of your back."),
            N_("Cradle the back of your head in both hands, elbows wide."),
            N_("Lean back gently over the backrest and let the chest open upward."),
            N_("Stay a moment, then come upright again."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe in as you lean back; keep breathing softly while you stay; "
            "breathe out on the way up"
        ),
        breath_seconds=10.0,
        modifications=(
            # Translators: the easier version of the lean over the chair back: no lean at all.
            N_("No lean: sit tall away from the backrest and lift the breastbone a little."),
        ),
        cautions=(
            # Translators: a safety caution; keep the meaning exact: a chair on castors or
            # one that can tip over is not safe for this exercise.
            N_("Only on a chair that cannot tip or roll away; most desk chairs roll."),
            # Translators: a safety caution; keep the meaning exact.
            N_("Bend through the upper back and keep the head held, never hanging back."),
        ),
        figure="chair-extension",
        purpose=N_("Opens the upper back the other way after hours of leaning forward."),
        # Translators: a safety caution shown before the step begins; keep the meaning exact:
        # lean back only on a chair with a low backrest that cannot roll or tip; on any other
        # chair, do the easier version, which has no lean.
        before=N_(
            "A lean over the chair back: only on a low-backed chair that cannot roll or tip; "
            "on any other chair, do the easier version, without the lean."
        ),
        rhythm=flow("back", "upright", first=IN, hold=5.0),
        # Eastnole: "Hold onto the position for at least 5 seconds. Repeat this exercise 3 -5
        # times"; the lean over a chair is the thoracic extension it describes.
        grows=Growth("Eastnole", reps=5),
    )


def spine() -> tuple[Exercise, ...]:
    """Cat-cow and the extension over the chair back."""
    return (_seated_cat_cow(), _chair_back_extension())


def _seated_spinal_twist() -> Exercise:
    return Exercise(
        "seated-spinal-twist",
        # Translators: an exercise name: turning the upper body while sitting.
        N_("Seated spinal twist"),
        (
            N_("Sit tall, both feet down, hips pointing straight ahead."),
            # Translators: "backrest" = the back of the chair.
            N_(
                "One hand goes outside the opposite knee, the other behind you on the seat "
                "or the backrest."
            ),
            # Translators: "breathe out" = exhale.
            N_("Turn from the ribs as you breathe out; the arms only guide."),
            N_("Let the head turn last, then come back to the middle slowly."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe out as you turn; stay and breathe easily, growing tall; "
            "breathe in as you come back to the middle"
        ),
        breath_seconds=7.0,
        sides=True,
        modifications=(N_("Turn only part of the way with both hands on your thighs."),),
        cautions=(
            GENTLE,
            # Translators: a safety caution; keep the meaning exact.
            N_("The turn comes from the upper back; do not lever with the arms."),
            SWIVEL,
        ),
        figure="twist",
        purpose=N_("Loosens the mid-back and the muscles between the ribs."),
        # Translators: left and right are the user's own body sides, never the screen's.
        left=N_("Left: right hand outside the left knee, left hand behind you; turn left."),
        # Translators: left and right are the user's own body sides, never the screen's.
        right=N_("Right: left hand outside the right knee, right hand behind you; turn right."),
        rhythm=flow("centre", "turned", first=OUT, hold=8.0),
    )


def _rotating_chair_twist() -> Exercise:
    return Exercise(
        "rotating-chair-twist",
        # Translators: an exercise name: a seated twist with the fingertips behind the head.
        N_("Hands-behind-head chair twist"),
        (
            N_("Sit on the front of the seat with your feet planted."),
            N_("Rest your fingertips behind your head, elbows out wide."),
            N_("Turn the whole upper body to one side and stay there briefly."),
            N_("Come back through the middle before the next turn."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe out as you turn; stay about five seconds, breathing easily; "
            "breathe in as you come back to the middle"
        ),
        breath_seconds=7.0,
        sides=True,
        modifications=(N_("Fold your arms across your chest instead of touching your head."),),
        # Translators: a safety caution; keep the meaning exact.
        cautions=(GENTLE, N_("The hands only rest on the head: never pull on it."), SWIVEL),
        figure="chair-twist",
        purpose=N_("Turns the upper back with the arms out of the way, a few times each side."),
        # Translators: left is the user's own left side, never the screen's.
        left=N_("Left: both hands behind the head; the chest and elbows turn to the left."),
        # Translators: right is the user's own right side, never the screen's.
        right=N_("Right: both hands behind the head; the chest and elbows turn to the right."),
        rhythm=flow("centre", "turned", first=OUT, hold=5.0),
        # Eastnole: "Hold onto this position for 5 seconds": already the hold here.
        grows=Growth("Eastnole", hold=5.0),
    )


def _seated_thoracic_rotation() -> Exercise:
    return Exercise(
        "seated-thoracic-rotation",
        # Translators: an exercise name; "thoracic" = the mid-back (the spine behind the ribs).
        N_("Seated thoracic rotation"),
        (
            N_("Sit tall; rest one hand lightly behind your head."),
            N_("The other hand sits on the opposite knee."),
            # Translators: "the free side" = the side of the hand behind the head.
            N_("Open the chest and the raised elbow toward the free side."),
            N_("Hips and lower back stay still; the mid-back does the turning."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe out as you open and turn; breathe in on the way back"),
        breath_seconds=6.0,
        sides=True,
        modifications=(N_("Keep the hand on your shoulder instead of behind the head."),),
        cautions=(GENTLE, SWIVEL),
        figure="thoracic-rotation",
        purpose=N_("Many small, steady turns that bring movement back into the mid-back."),
        # Translators: left and right are the user's own body sides, never the screen's.
        left=N_("Left: left hand behind the head, right hand on the left knee; open left."),
        # Translators: left and right are the user's own body sides, never the screen's.
        right=N_("Right: right hand behind the head, left hand on the right knee; open right."),
        rhythm=flow("centre", "open", first=OUT),
        # Hunter Method: "Do 8-10 times on each side with slow, controlled movements."
        grows=Growth("Hunter Method", reps=10),
    )


def _seated_side_stretch() -> Exercise:
    return Exercise(
        "seated-side-stretch",
        # Translators: an exercise name: leaning sideways to stretch the side of the body.
        N_("Seated side stretch"),
        (
            N_("Sit tall with one hand resting on the seat beside you."),
            N_("Lift the other arm up beside your ear."),
            N_("Lean away from the lifted arm until the side of the ribs feels long."),
            N_("Stay and breathe into that side, then return to upright."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe out as you lean over; stay, breathing slowly into the long side; "
            "breathe in to come up"
        ),
        breath_seconds=10.0,
        sides=True,
        modifications=(N_("Rest the lifted hand on top of your head for a smaller stretch."),),
        # Translators: a safety caution; keep the meaning exact.
        cautions=(GENTLE, N_("Lean straight to the side, not forward.")),
        figure="side-stretch",
        purpose=N_("Lengthens the side of the body, from the hip up to the armpit."),
        # Translators: left and right are the user's own body sides, never the screen's.
        left=N_("Left: left hand on the seat, right arm up; lean to the left."),
        # Translators: left and right are the user's own body sides, never the screen's.
        right=N_("Right: right hand on the seat, left arm up; lean to the right."),
        rhythm=flow("upright", "leaning", first=OUT, hold=20.0),
        # Hunter Method: "Hold for 15-30 seconds, breathing deeply."
        grows=Growth("Hunter Method", hold=30.0),
    )


def twists() -> tuple[Exercise, ...]:
    """Turns of the upper body, each side in turn."""
    return (
        _seated_spinal_twist(),
        _rotating_chair_twist(),
        _seated_thoracic_rotation(),
        _seated_side_stretch(),
    )


def _shoulder_rolls() -> Exercise:
    return Exercise(
        "shoulder-rolls",
        # Translators: an exercise name: circling the shoulders.
        N_("Shoulder rolls"),
        (
            N_("Let your arms hang heavy, or rest your hands on your thighs."),
            N_("Draw both shoulders up toward your ears."),
            # Translators: "shoulder blades" = the scapulae, the flat bones on the upper back.
            N_("Circle them back, bringing the shoulder blades a little closer."),
            N_("Let them sink down and away from the ears, then roll on."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe in as the shoulders rise; breathe out as they circle back and down"),
        breath_seconds=6.0,
        modifications=(N_("Circle one shoulder at a time if both feel tight."),),
        cautions=(GENTLE,),
        figure="shoulder-rolls",
        purpose=N_("Eases tight shoulders and warms them up."),
        rhythm=Rhythm(("up",), ("down",), via_inhale=("forward",), via_exhale=("back",)),
    )


def _shoulder_blade_squeeze() -> Exercise:
    return Exercise(
        "shoulder-blade-squeeze",
        # Translators: an exercise name; "shoulder blades" = the scapulae, drawn together.
        N_("Shoulder-blade squeeze"),
        (
            N_("Sit tall with your palms on your knees."),
            # Translators: "the blades" = the shoulder blades (scapulae).
            N_("Lift the shoulders, take them back, then draw the blades together and down."),
            # Translators: "breastbone" = the sternum.
            N_("Raise the breastbone slightly without tipping the head back."),
            N_("Stay a moment, then let go and repeat."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Squeeze as you breathe in; stay a few seconds, breathing easily; "
            "soften as you breathe out"
        ),
        breath_seconds=8.0,
        modifications=(N_("A light squeeze does the job as well as a strong one."),),
        cautions=(
            # Translators: a safety caution; keep the meaning exact. "shoulder blades" =
            # the scapulae.
            N_("Keep the neck long and loose; the work is between the shoulder blades."),
        ),
        figure="blade-squeeze",
        # Translators: "shoulder blades" = the scapulae.
        purpose=N_("Wakes up the upright-holding muscles that sit between your shoulder blades."),
        rhythm=flow("squeeze", "soft", first=IN, hold=4.0),
    )


def _seated_row() -> Exercise:
    return Exercise(
        "seated-row",
        # Translators: an exercise name: pulling the elbows back as if rowing, with no weight,
        # squeezing the shoulder blades together.
        N_("Seated row squeeze"),
        (
            N_("Sit tall and reach both arms forward at chest height, as if holding oars."),
            # Translators: "shoulder blades" = the scapulae.
            N_("Pull the elbows back close to your sides and squeeze the shoulder blades."),
            N_("Hold the squeeze, then let the arms float forward again."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe out as you pull back; hold, breathing easily; breathe in as the arms "
            "go forward"
        ),
        breath_seconds=6.0,
        modifications=(
            # Translators: the easier version: no arm movement, only the shoulder blades move.
            N_("Keep the hands on your thighs and only draw the shoulder blades back."),
        ),
        cautions=(
            # Translators: a safety caution; keep the meaning exact. "shoulder blades" =
            # the scapulae.
            N_("Keep the neck long and loose; the work is between the shoulder blades."),
        ),
        figure="row",
        # Translators: "shoulder blades" = the scapulae.
        purpose=N_("Builds strength in the upright-holding muscles around your shoulder blades."),
        rhythm=flow("reach", "pulled", first=OUT, hold=3.0),
    )


def _chest_opener() -> Exercise:
    return Exercise(
        "chest-opener",
        # Translators: an exercise name: fingers linked behind the back to open the chest.
        N_("Clasped-hands chest opener"),
        (
            N_("Move to the front edge of the seat and sit up straight."),
            N_("Link your fingers behind your lower back."),
            N_("Take the shoulders down and back; reach the knuckles toward the floor."),
            N_("Keep the head over the chest; let the hands go after a few breaths."),
        ),
        # Translators: breathing cue: "breathe in" = inhale; "out-breath" = exhalation.
        breathing=N_("Breathe in slowly to open; stay and breathe; let go on a long out-breath"),
        breath_seconds=10.0,
        modifications=(
            N_("If the hands do not meet, hold a scarf or a sleeve between them."),
            N_("Keep the wrists apart rather than pressing the palms together."),
        ),
        cautions=(GENTLE,),
        figure="chest-opener",
        purpose=N_("Stretches the front of the chest that slouching keeps short."),
        rhythm=flow("open", "relaxed", first=IN, hold=10.0),
    )


def _chin_to_chest() -> Exercise:
    return Exercise(
        "chin-to-chest",
        # Translators: an exercise name: lowering the chin toward the chest.
        N_("Chin-to-chest release"),
        (
            N_("Sit tall with your hands on your knees."),
            N_("Lower the chin toward the chest and let the upper back curve."),
            # Translators: "shoulder blades" = the scapulae.
            N_("Let the head hang and breathe into the space between the shoulder blades."),
            N_("Roll back up slowly, the head coming up last."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_("Breathe out as you lower; hang for a breath or two; breathe in as you rise"),
        breath_seconds=10.0,
        modifications=(N_("Lower only halfway if the back of the neck feels strained."),),
        cautions=(NECK,),
        figure="chin-to-chest",
        purpose=N_("Releases the back of the neck and the top of the back."),
        rhythm=flow("upright", "lowered", first=OUT, hold=10.0),
    )


def _neck_rolls() -> Exercise:
    return Exercise(
        "neck-rolls",
        # Translators: an exercise name: the head rolls in half circles, front side only.
        N_("Neck half-circles"),
        (
            N_("Sit tall, shoulders soft and low."),
            N_("Let one ear float toward its shoulder."),
            N_("Roll the chin slowly down and across to the other side."),
            # Translators: keep the meaning exact: the head must never tip backwards.
            N_("Go back the same way; the head never drops backwards."),
        ),
        # Translators: breathing cue: "breathe in" = inhale, "breathe out" = exhale.
        breathing=N_(
            "Breathe out as the chin rolls down; breathe in as the head rises toward the other "
            "shoulder"
        ),
        breath_seconds=8.0,
        modifications=(N_("Only tilt ear toward shoulder, side to side, without rolling."),),
        # Translators: a safety caution; keep the meaning exact: never roll the head back.
        cautions=(NECK, N_("Half circles only: the head never rolls back.")),
        figure="neck-rolls",
        purpose=N_("Gently moves the neck through its side and forward range."),
        rhythm=Rhythm(("left", "right"), ("down",), first=OUT),
    )


def shoulders() -> tuple[Exercise, ...]:
    """Shoulders, chest and neck."""
    return (
        _shoulder_rolls(),
        _shoulder_blade_squeeze(),
        _seated_row(),
        _chest_opener(),
        _chin_to_chest(),
        _neck_rolls(),
    )


def seated() -> tuple[Exercise, ...]:
    return (*spine(), *twists(), *shoulders())
