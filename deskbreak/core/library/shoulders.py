"""The built-in seated exercises for the shoulders, the chest and the neck.

Owns the wording and the breath rhythm of the shoulder rolls, the shoulder-blade
squeeze, the seated row, the chest opener and the two neck exercises; the chair
exercises of the back and the twists are in `seated`, whose cautions these share.
Every text is marked with `N_` for the catalogue and stays English here; the players
translate it when they show it. Core module: imports only the standard library and
`deskbreak.core`; never an edge.
"""

from __future__ import annotations

from deskbreak.core.i18n import N_
from deskbreak.core.library.seated import GENTLE, IN, NECK, OUT, flow
from deskbreak.core.routines import Exercise, Rhythm


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
