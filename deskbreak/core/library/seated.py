"""The built-in seated exercises of the back: the spine and the twists.

Owns the wording and the breath rhythm of these chair exercises (cat-cow,
extension over the backrest, the twists, side stretch), and the cautions and
breath pattern every chair exercise shares; shoulder, chest and neck work is in
`shoulders`.
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


def seated() -> tuple[Exercise, ...]:
    """The back's chair exercises, then the twists (`shoulders` has the rest)."""
    return (*spine(), *twists())
