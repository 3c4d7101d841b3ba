"""The built-in exercises and routines: what a user gets before writing any of their own.

Owns the wording of every built-in exercise (cues, breathing, modifications,
cautions) and the built-in routines made from them: short seated desk routines
for the upper back, neck and shoulders, and two longer floor routines meant for
fixed-time reminders. `exercises()` and `routines()` return read-only mappings by
id. Core module: imports only the standard library and `routines`; never an
edge (no PIL, no `figures` — the `figure` field is just an id).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from types import MappingProxyType

from deskbreak.core.routines import Exercise, Posture, Routine, Step

_GENTLE = "Move only as far as feels comfortable; ease off at any pain."
_NECK = "Go easy on the neck: small, slow movements, never forced."


def _seated() -> tuple[Exercise, ...]:
    return (
        Exercise(
            "seated-cat-cow",
            "Seated cat-cow",
            (
                "Sit near the front of the chair, feet flat, hands resting on your knees.",
                "Cow: lift the chest forward, let the shoulders slide back, gaze a little up.",
                "Cat: round the upper back, draw the navel in, let the chin sink toward the chest.",
                "Flow slowly between the two shapes with your breath.",
            ),
            breathing="Breathe in as you arch into cow, breathe out as you round into cat",
            breath_seconds=8.0,
            modifications=("Keep the movement small if your back feels stiff today.",),
            cautions=(_GENTLE,),
            figure="cat-cow",
        ),
        Exercise(
            "seated-spinal-twist",
            "Seated spinal twist",
            (
                "Sit tall with both feet grounded and your hips facing forward.",
                "One hand on the outside of the opposite knee, the other on the chair behind.",
                "Grow tall on the in-breath; turn a little more from the ribs on the out-breath.",
                "Let your head follow the turn last, then come back to centre slowly.",
            ),
            breathing="Lengthen on the in-breath, turn on the out-breath",
            breath_seconds=8.0,
            sides=True,
            modifications=("Turn only partway and keep both hands on your thighs.",),
            cautions=(_GENTLE, "Twist from the upper back, not by pulling hard with the arms."),
            figure="twist",
        ),
        Exercise(
            "shoulder-rolls",
            "Shoulder rolls",
            (
                "Let your arms hang heavy or rest your hands on your thighs.",
                "Lift both shoulders toward your ears.",
                "Circle them back, squeezing the shoulder blades gently together.",
                "Drop them down and away from the ears, then begin the next circle.",
            ),
            breathing="Breathe in as the shoulders rise, breathe out as they roll back and down",
            breath_seconds=6.0,
            modifications=("Roll one shoulder at a time if both together feels tight.",),
            cautions=(_GENTLE,),
            figure="shoulder-rolls",
        ),
        Exercise(
            "shoulder-blade-squeeze",
            "Shoulder-blade squeeze",
            (
                "Sit tall, palms on your knees.",
                "Loop the shoulders up and back, then draw the blades toward each other and down.",
                "Lift the breastbone a little without tipping the head back.",
                "Hold for a breath, then soften and repeat.",
            ),
            breathing="Squeeze as you breathe in, soften as you breathe out",
            breath_seconds=8.0,
            modifications=("Press lightly; a gentle squeeze works as well as a strong one.",),
            cautions=("Keep the neck long and relaxed; the work is between the shoulder blades.",),
            figure="blade-squeeze",
        ),
        Exercise(
            "chest-opener",
            "Clasped-hands chest opener",
            (
                "Scoot toward the front edge of the chair and sit up straight.",
                "Lace your fingers together behind your lower back.",
                "Draw the shoulders down and back and let the knuckles reach toward the floor.",
                "Keep the head stacked over the chest; release the hands after a few breaths.",
            ),
            breathing="A slow, full breath in; a long, soft sigh out",
            breath_seconds=10.0,
            modifications=(
                "If the hands cannot meet, hold a scarf or sleeve between them.",
                "Keep the wrists apart instead of pressing the palms together.",
            ),
            cautions=(_GENTLE,),
            figure="chest-opener",
        ),
        Exercise(
            "chin-to-chest",
            "Chin-to-chest release",
            (
                "Sit tall with your hands resting on your knees.",
                "Slowly lower the chin toward the chest and let the upper back round.",
                "Let the head hang and breathe into the space between the shoulder blades.",
                "Roll back up one vertebra at a time, head arriving last.",
            ),
            breathing="Breathe out as you lower, breathe in as you rise",
            breath_seconds=10.0,
            modifications=("Lower only halfway if the back of the neck feels strained.",),
            cautions=(_NECK,),
            figure="chin-to-chest",
        ),
        Exercise(
            "chair-back-extension",
            "Chair-back extension",
            (
                "Sit right back so the top of the backrest meets the middle of your back.",
                "Reach your arms overhead or cradle the back of your head.",
                "Lean back gently over the backrest, opening the chest toward the ceiling.",
                "Hold a few seconds, return to upright, and repeat a few times.",
            ),
            breathing="Breathe in as you lean back, breathe out as you return",
            breath_seconds=8.0,
            modifications=("Support your head with your hands the whole time.",),
            cautions=(
                "Only on a stable chair that will not tip or roll.",
                "Arch through the upper back; keep the neck supported, not hanging.",
            ),
            figure="chair-extension",
        ),
        Exercise(
            "rotating-chair-twist",
            "Hands-behind-head chair twist",
            (
                "Sit on the front of the seat with your feet firmly on the floor.",
                "Place your hands behind your head, elbows wide.",
                "Turn your upper body to one side and hold for about five seconds.",
                "Come back through the centre and turn to the other side.",
            ),
            breathing="Breathe out as you turn, breathe in back at centre",
            breath_seconds=8.0,
            sides=True,
            modifications=("Cross your arms over your chest instead of holding your head.",),
            cautions=(_GENTLE, "Do not pull on your head; the hands only rest there."),
            figure="chair-twist",
        ),
        Exercise(
            "seated-side-stretch",
            "Seated side stretch",
            (
                "Sit tall, one hand resting on the seat beside you.",
                "Reach the other arm up, alongside your ear.",
                "Lean gently away from the raised arm until the side of the ribs lengthens.",
                "Hold and breathe, then return to upright.",
            ),
            breathing="Slow, deep breaths into the stretched side",
            breath_seconds=10.0,
            sides=True,
            modifications=("Rest the raised hand on your head for a smaller stretch.",),
            cautions=(_GENTLE, "Lean sideways, not forward."),
            figure="side-stretch",
        ),
        Exercise(
            "seated-thoracic-rotation",
            "Seated thoracic rotation",
            (
                "Sit tall and put one hand lightly behind your head.",
                "Turn the chest and that elbow toward the open side.",
                "Keep the hips and lower back still; the turn comes from the mid-back.",
                "Return to the start and repeat with slow, steady moves.",
            ),
            breathing="Breathe out into the turn, breathe in as you come back",
            breath_seconds=6.0,
            sides=True,
            modifications=("Keep the hand on your shoulder instead of your head.",),
            cautions=(_GENTLE,),
            figure="thoracic-rotation",
        ),
        Exercise(
            "neck-rolls",
            "Neck half-circles",
            (
                "Sit tall with the shoulders relaxed down.",
                "Let one ear drift toward its shoulder.",
                "Roll the chin slowly down and across to the other side.",
                "Swing back the same way; keep the head from dropping backwards.",
            ),
            breathing="Breathe out as the chin drops, breathe in as the ear lifts",
            breath_seconds=8.0,
            modifications=("Just tilt ear to shoulder, side to side, without rolling.",),
            cautions=(_NECK, "Half circles only: do not roll the head back."),
            figure="neck-rolls",
        ),
    )


def _floor() -> tuple[Exercise, ...]:
    floor = Posture.FLOOR
    return (
        Exercise(
            "cat-cow",
            "Cat-cow on hands and knees",
            (
                "Kneel on all fours: wrists under shoulders, knees under hips.",
                "Cow: let the belly sink, lift the chest and tailbone, look slightly up.",
                "Cat: press the floor away, round the back to the ceiling, tuck the chin.",
                "Move slowly between them, pausing a moment in each.",
            ),
            posture=floor,
            breathing="Breathe in into cow, breathe out into cat",
            breath_seconds=8.0,
            modifications=("Fold a blanket under the knees if they are sensitive.",),
            cautions=(_GENTLE,),
            figure="cat-cow-floor",
        ),
        Exercise(
            "childs-pose",
            "Child's pose",
            (
                "From kneeling, bring the big toes together and the knees hip-width or wider.",
                "Sit back toward your heels and fold forward.",
                "Rest the forehead on the mat; reach the arms ahead or lay them by your sides.",
                "Let the shoulders melt and breathe into the back.",
            ),
            posture=floor,
            breathing="Long breaths, feeling the back widen as you breathe in",
            breath_seconds=10.0,
            modifications=("Place a cushion between calves and thighs, or under the forehead.",),
            cautions=("Skip it or use plenty of padding if your knees complain.",),
            figure="child",
        ),
        Exercise(
            "sphinx-pose",
            "Sphinx pose",
            (
                "Lie on your front, legs hip-width apart, forehead down.",
                "Set the elbows just under the shoulders, forearms parallel.",
                "Breathe in and lift the chest onto the forearms; hips stay heavy.",
                "Draw the shoulders away from the ears; lower down when you are ready.",
            ),
            posture=floor,
            breathing="Lift on the in-breath; soften and rest on the out-breath",
            breath_seconds=10.0,
            modifications=("Slide the elbows further forward for a lower, softer lift.",),
            cautions=(_GENTLE, "Keep the back of the neck long; no cranking the head up."),
            figure="sphinx",
        ),
        Exercise(
            "locust-pose",
            "Locust pose",
            (
                "Lie face down with your arms by your sides, palms up.",
                "Keep the neck in line and lift the chest, arms and legs a little off the mat.",
                "Use the back and buttocks to lift; stay for a few breaths.",
                "Lower, rest with one cheek down, and repeat.",
            ),
            posture=floor,
            breathing="Breathe in to lift, breathe out to lower and rest",
            breath_seconds=10.0,
            modifications=("Lift only the chest, or only the legs, one at a time.",),
            cautions=(_GENTLE, "Rest as often as needed between lifts."),
            figure="locust",
        ),
        Exercise(
            "half-lord-of-the-fishes",
            "Seated floor twist (half lord of the fishes)",
            (
                "Sit on the mat and cross one foot over the opposite knee, sole on the floor.",
                "Put the hand on that side on the mat behind you.",
                "Hug the raised knee with the other arm and turn toward it.",
                "Sit tall as you breathe in, turn a touch more as you breathe out.",
            ),
            posture=floor,
            breathing="Tall on the in-breath, turn on the out-breath",
            breath_seconds=8.0,
            sides=True,
            modifications=("Keep the lower leg straight, or sit on a folded blanket.",),
            cautions=(_GENTLE,),
            figure="floor-twist",
        ),
        Exercise(
            "supine-spinal-twist",
            "Lying knee twist",
            (
                "Lie on your back, knees bent, feet flat, arms out wide.",
                "Let both knees fall slowly to one side, still bent.",
                "Keep both shoulders heavy on the mat; turn the head away if it is comfortable.",
                "Stay for a few breaths, bring the knees back up, and change sides.",
            ),
            posture=floor,
            breathing="Slow breaths; let each out-breath soften the twist",
            breath_seconds=10.0,
            sides=True,
            modifications=("Place a cushion under the knees where they land.",),
            cautions=(_GENTLE,),
            figure="supine-twist",
        ),
        Exercise(
            "savasana",
            "Resting pose",
            (
                "Lie on your back with the legs long and the arms a little away from the body.",
                "Turn the palms up and let the feet fall open.",
                "Let the shoulders, jaw and forehead go slack.",
                "Breathe naturally and rest.",
            ),
            posture=floor,
            modifications=("Put a rolled blanket under the knees to ease the lower back.",),
            figure="rest",
        ),
    )


@cache
def _exercise_table() -> Mapping[str, Exercise]:
    return MappingProxyType({e.id: e for e in (*_seated(), *_floor())})


def exercises() -> Mapping[str, Exercise]:
    """Every built-in exercise by id (read-only)."""
    return _exercise_table()


def _steps(*spec: tuple[str, float]) -> tuple[Step, ...]:
    table = _exercise_table()
    return tuple(Step(table[eid], timedelta(seconds=secs)) for eid, secs in spec)


def _desk_routines() -> tuple[Routine, ...]:
    return (
        Routine(
            "mini-reset",
            "Desk mini-reset",
            _steps(("seated-cat-cow", 60), ("seated-spinal-twist", 60), ("shoulder-rolls", 60)),
            "Four minutes in the chair: cat-cow, a twist each way, shoulder rolls.",
            variants=("mini-reset-2m",),
        ),
        Routine(
            "mini-reset-2m",
            "Desk mini-reset (2 minutes)",
            _steps(("seated-cat-cow", 30), ("seated-spinal-twist", 30), ("shoulder-rolls", 30)),
            "The mini-reset at half length, for a busy day.",
            variants=("mini-reset",),
        ),
        Routine(
            "shoulder-release",
            "Shoulder release",
            _steps(
                ("shoulder-rolls", 45),
                ("shoulder-blade-squeeze", 45),
                ("chest-opener", 45),
                ("chin-to-chest", 45),
            ),
            "Three minutes for tight shoulders and the spot between the shoulder blades.",
        ),
        Routine(
            "upper-back-opener",
            "Upper-back opener",
            _steps(
                ("chair-back-extension", 45),
                ("rotating-chair-twist", 30),
                ("seated-thoracic-rotation", 30),
                ("seated-cat-cow", 45),
            ),
            "Three and a half minutes to unstick the mid and upper back after long sitting.",
        ),
        Routine(
            "neck-and-sides",
            "Neck and side body",
            _steps(
                ("chin-to-chest", 40),
                ("neck-rolls", 40),
                ("seated-side-stretch", 30),
                ("shoulder-blade-squeeze", 40),
            ),
            "Three minutes of gentle neck release and side stretches.",
        ),
        Routine(
            "posture-reset",
            "Posture reset",
            _steps(
                ("shoulder-blade-squeeze", 30),
                ("chest-opener", 30),
                ("seated-spinal-twist", 30),
                ("shoulder-rolls", 30),
            ),
            "Two and a half minutes to undo the forward slump.",
        ),
    )


def _floor_routines() -> tuple[Routine, ...]:
    return (
        Routine(
            "morning-relief",
            "Morning relief",
            _steps(("cat-cow", 120), ("childs-pose", 60), ("sphinx-pose", 60), ("neck-rolls", 60)),
            "Five minutes on a mat to start the day: cat-cow, child's pose, sphinx, neck.",
        ),
        Routine(
            "evening-deep-release",
            "Evening deep release",
            _steps(
                ("sphinx-pose", 120),
                ("locust-pose", 180),
                ("half-lord-of-the-fishes", 60),
                ("supine-spinal-twist", 90),
                ("savasana", 360),
            ),
            "Sixteen unhurried minutes on the mat to let the day's tension go.",
        ),
    )


@cache
def _routine_table() -> Mapping[str, Routine]:
    return MappingProxyType({r.id: r for r in (*_desk_routines(), *_floor_routines())})


def routines() -> Mapping[str, Routine]:
    """Every built-in routine by id (read-only)."""
    return _routine_table()
