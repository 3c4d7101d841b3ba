"""The built-in seated exercises: the ones a desk break is made of.

Owns the wording and the breath rhythm of every chair exercise (cat-cow,
twists, shoulder and neck work, side stretch, extension over the backrest).
Each says what it is for, how to do it, how it goes with the breath, what goes
where on each side, an easier version and its cautions. Core module: imports
only the standard library and `deskbreak.core.routines`; never an edge.
"""

from __future__ import annotations

from deskbreak.core.routines import Exercise, Phase, Rhythm

GENTLE = "Stay in a range that feels easy; back off at the first hint of pain."
NECK = "Treat the neck kindly: small, slow moves, never pushed."
IN, OUT = Phase.INHALE, Phase.EXHALE


def flow(inhale: str, exhale: str, *, first: Phase = IN, hold: float = 0.0) -> Rhythm:
    """A repetition between two key poses, optionally holding the one `first` leads to."""
    return Rhythm((inhale,), (exhale,), first=first, hold=hold)


def _seated_cat_cow() -> Exercise:
    return Exercise(
        "seated-cat-cow",
        "Seated cat-cow",
        (
            "Perch near the front of the seat, feet flat, palms on your knees.",
            "Cow: send the chest forward, shoulders sliding back, eyes a little up.",
            "Cat: curve the upper back, pull the belly in, let the chin drift down.",
            "Move slowly from one shape to the other, led by the breath.",
        ),
        breathing="Breathe in into cow; breathe out into cat",
        breath_seconds=8.0,
        modifications=("Make the movement smaller on a stiff day.",),
        cautions=(GENTLE,),
        figure="cat-cow",
        purpose="A warm-up for the whole spine: it bends one way, then the other.",
        rhythm=flow("cow", "cat"),
    )


def _chair_back_extension() -> Exercise:
    return Exercise(
        "chair-back-extension",
        "Chair-back extension",
        (
            "Sit right back so the top of the backrest meets the middle of your back.",
            "Cradle the back of your head in both hands, elbows wide.",
            "Lean back gently over the backrest and let the chest open upward.",
            "Stay a moment, then come upright again.",
        ),
        breathing=(
            "Breathe in as you lean back; keep breathing softly while you stay; "
            "breathe out on the way up"
        ),
        breath_seconds=10.0,
        modifications=("Lean back only a little, with the head resting in your hands.",),
        cautions=(
            "Only on a chair that cannot tip or roll away; most desk chairs roll.",
            "Bend through the upper back and keep the head held, never hanging back.",
        ),
        figure="chair-extension",
        purpose="Opens the upper back the other way after hours of leaning forward.",
        before=("Coming up: a lean over the chair back, only on a chair that cannot roll or tip."),
        rhythm=flow("back", "upright", first=IN, hold=5.0),
    )


def spine() -> tuple[Exercise, ...]:
    """Cat-cow and the extension over the chair back."""
    return (_seated_cat_cow(), _chair_back_extension())


def _seated_spinal_twist() -> Exercise:
    return Exercise(
        "seated-spinal-twist",
        "Seated spinal twist",
        (
            "Sit tall, both feet down, hips pointing straight ahead.",
            "One hand goes outside the opposite knee, the other on the seat behind you.",
            "Turn from the ribs as you breathe out; the arms only guide.",
            "Let the head turn last, then come back to the middle slowly.",
        ),
        breathing=(
            "Breathe out as you turn; stay and breathe easily, growing tall; "
            "breathe in as you come back to the middle"
        ),
        breath_seconds=7.0,
        sides=True,
        modifications=("Turn only part of the way with both hands on your thighs.",),
        cautions=(GENTLE, "The turn comes from the upper back; do not lever with the arms."),
        figure="twist",
        purpose="Loosens the mid-back and the muscles between the ribs.",
        left="Left: right hand outside the left knee, left hand behind you; turn left.",
        right="Right: left hand outside the right knee, right hand behind you; turn right.",
        rhythm=flow("centre", "turned", first=OUT, hold=8.0),
    )


def _rotating_chair_twist() -> Exercise:
    return Exercise(
        "rotating-chair-twist",
        "Hands-behind-head chair twist",
        (
            "Sit on the front of the seat with your feet planted.",
            "Rest your fingertips behind your head, elbows out wide.",
            "Turn the whole upper body to one side and stay there briefly.",
            "Come back through the middle before the next turn.",
        ),
        breathing=(
            "Breathe out as you turn; stay about five seconds, breathing easily; "
            "breathe in as you come back to the middle"
        ),
        breath_seconds=7.0,
        sides=True,
        modifications=("Fold your arms across your chest instead of touching your head.",),
        cautions=(GENTLE, "The hands only rest on the head: never pull on it."),
        figure="chair-twist",
        purpose="Turns the upper back with the arms out of the way, a few times each side.",
        left="Left: both hands behind the head; the chest and elbows turn to the left.",
        right="Right: both hands behind the head; the chest and elbows turn to the right.",
        rhythm=flow("centre", "turned", first=OUT, hold=5.0),
    )


def _seated_thoracic_rotation() -> Exercise:
    return Exercise(
        "seated-thoracic-rotation",
        "Seated thoracic rotation",
        (
            "Sit tall; rest one hand lightly behind your head.",
            "The other hand sits on the opposite knee.",
            "Open the chest and the raised elbow toward the free side.",
            "Hips and lower back stay still; the mid-back does the turning.",
        ),
        breathing="Breathe out as you open and turn; breathe in on the way back",
        breath_seconds=6.0,
        sides=True,
        modifications=("Keep the hand on your shoulder instead of behind the head.",),
        cautions=(GENTLE,),
        figure="thoracic-rotation",
        purpose="Many small, steady turns that bring movement back into the mid-back.",
        left="Left: left hand behind the head, right hand on the left knee; open left.",
        right="Right: right hand behind the head, left hand on the right knee; open right.",
        rhythm=flow("centre", "open", first=OUT),
    )


def _seated_side_stretch() -> Exercise:
    return Exercise(
        "seated-side-stretch",
        "Seated side stretch",
        (
            "Sit tall with one hand resting on the seat beside you.",
            "Lift the other arm up beside your ear.",
            "Lean away from the lifted arm until the side of the ribs feels long.",
            "Stay and breathe into that side, then return to upright.",
        ),
        breathing=(
            "Breathe out as you lean over; stay, breathing slowly into the long side; "
            "breathe in to come up"
        ),
        breath_seconds=10.0,
        sides=True,
        modifications=("Rest the lifted hand on top of your head for a smaller stretch.",),
        cautions=(GENTLE, "Lean straight to the side, not forward."),
        figure="side-stretch",
        purpose="Lengthens the side of the body, from the hip up to the armpit.",
        left="Left: left hand on the seat, right arm up; lean to the left.",
        right="Right: right hand on the seat, left arm up; lean to the right.",
        rhythm=flow("upright", "leaning", first=OUT, hold=20.0),
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
        "Shoulder rolls",
        (
            "Let your arms hang heavy, or rest your hands on your thighs.",
            "Draw both shoulders up toward your ears.",
            "Circle them back, bringing the shoulder blades a little closer.",
            "Let them sink down and away from the ears, then roll on.",
        ),
        breathing="Breathe in as the shoulders rise; breathe out as they circle back and down",
        breath_seconds=6.0,
        modifications=("Circle one shoulder at a time if both feel tight.",),
        cautions=(GENTLE,),
        figure="shoulder-rolls",
        purpose="Eases tight shoulders and warms them up for the rest.",
        rhythm=Rhythm(("up",), ("down",), via_inhale=("forward",), via_exhale=("back",)),
    )


def _shoulder_blade_squeeze() -> Exercise:
    return Exercise(
        "shoulder-blade-squeeze",
        "Shoulder-blade squeeze",
        (
            "Sit tall with your palms on your knees.",
            "Lift the shoulders, take them back, then draw the blades together and down.",
            "Raise the breastbone slightly without tipping the head back.",
            "Stay a moment, then let go and repeat.",
        ),
        breathing=(
            "Squeeze as you breathe in; stay a few seconds, breathing easily; "
            "soften as you breathe out"
        ),
        breath_seconds=8.0,
        modifications=("A light squeeze does the job as well as a strong one.",),
        cautions=("Keep the neck long and loose; the work is between the shoulder blades.",),
        figure="blade-squeeze",
        purpose="Wakes up the upright-holding muscles that sit between your shoulder blades.",
        rhythm=flow("squeeze", "soft", first=IN, hold=4.0),
    )


def _chest_opener() -> Exercise:
    return Exercise(
        "chest-opener",
        "Clasped-hands chest opener",
        (
            "Move to the front edge of the seat and sit up straight.",
            "Link your fingers behind your lower back.",
            "Take the shoulders down and back; reach the knuckles toward the floor.",
            "Keep the head over the chest; let the hands go after a few breaths.",
        ),
        breathing="Breathe in slowly to open; stay and breathe; let go on a long out-breath",
        breath_seconds=10.0,
        modifications=(
            "If the hands do not meet, hold a scarf or a sleeve between them.",
            "Keep the wrists apart rather than pressing the palms together.",
        ),
        cautions=(GENTLE,),
        figure="chest-opener",
        purpose="Stretches the front of the chest that slouching keeps short.",
        rhythm=flow("open", "relaxed", first=IN, hold=10.0),
    )


def _chin_to_chest() -> Exercise:
    return Exercise(
        "chin-to-chest",
        "Chin-to-chest release",
        (
            "Sit tall with your hands on your knees.",
            "Lower the chin toward the chest and let the upper back curve.",
            "Let the head hang and breathe into the space between the shoulder blades.",
            "Roll back up slowly, the head coming up last.",
        ),
        breathing="Breathe out as you lower; hang for a breath or two; breathe in as you rise",
        breath_seconds=10.0,
        modifications=("Lower only halfway if the back of the neck feels strained.",),
        cautions=(NECK,),
        figure="chin-to-chest",
        purpose="Releases the back of the neck and the top of the back.",
        rhythm=flow("upright", "lowered", first=OUT, hold=10.0),
    )


def _neck_rolls() -> Exercise:
    return Exercise(
        "neck-rolls",
        "Neck half-circles",
        (
            "Sit tall, shoulders soft and low.",
            "Let one ear float toward its shoulder.",
            "Roll the chin slowly down and across to the other side.",
            "Go back the same way; the head never drops backwards.",
        ),
        breathing="Breathe out as the chin rolls down; breathe in as the other ear lifts",
        breath_seconds=8.0,
        modifications=("Only tilt ear toward shoulder, side to side, without rolling.",),
        cautions=(NECK, "Half circles only: the head never rolls back."),
        figure="neck-rolls",
        purpose="Gently moves the neck through its side and forward range.",
        rhythm=Rhythm(("left", "right"), ("down",), first=OUT),
    )


def shoulders() -> tuple[Exercise, ...]:
    """Shoulders, chest and neck."""
    return (
        _shoulder_rolls(),
        _shoulder_blade_squeeze(),
        _chest_opener(),
        _chin_to_chest(),
        _neck_rolls(),
    )


def seated() -> tuple[Exercise, ...]:
    return (*spine(), *twists(), *shoulders())
