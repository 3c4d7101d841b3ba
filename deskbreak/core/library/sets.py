"""The built-in routines: which exercises, in what order, for how long.

Owns the desk routines (seated, 2 to 4 minutes; one standing routine as an
option), the floor routines for fixed-time reminders, and the short intro
every routine opens with. Each routine starts with its gentlest moves, as a
warm-up, and a step's duration is a whole number of its repetitions. Core
module: imports only the standard library and `deskbreak.core`. Every text is
marked with `N_` for the catalogue and stays English here; the players
translate it when they show it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta

from deskbreak.core.i18n import N_
from deskbreak.core.routines import Exercise, Routine, Step

# Translators: the first line of every routine's introduction.
WARM_UP = N_("Start with the gentlest move; it warms you up for the rest.")
# Translators: the second line of every routine's introduction.
OFTEN = N_("A few minutes every day does more good than a long session once in a while.")
INTRO = (WARM_UP, OFTEN)

Steps = Callable[..., tuple[Step, ...]]


def stepper(table: Mapping[str, Exercise]) -> Steps:
    def steps(*spec: tuple[str, float]) -> tuple[Step, ...]:
        return tuple(Step(table[eid], timedelta(seconds=secs)) for eid, secs in spec)

    return steps


def desk(steps: Steps) -> tuple[Routine, ...]:
    """Every desk routine: the mini-resets first, then the rest, the standing one last."""
    return (*mini_resets(steps), *more_desk(steps))


def mini_resets(steps: Steps) -> tuple[Routine, ...]:
    return (
        Routine(
            "mini-reset",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Desk mini-reset"),
            steps(("seated-cat-cow", 60), ("seated-spinal-twist", 60), ("shoulder-rolls", 60)),
            # Translators: a routine's one-line summary; name the exercises as their own names
            # are translated ("Seated cat-cow", "Seated spinal twist", "Shoulder rolls").
            N_("Four minutes in the chair: cat-cow, a twist each way, shoulder rolls."),
            variants=("mini-reset-2m",),
        ),
        Routine(
            "mini-reset-2m",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Desk mini-reset (2 minutes)"),
            steps(("seated-cat-cow", 30), ("seated-spinal-twist", 30), ("shoulder-rolls", 30)),
            # Translators: a routine's one-line summary.
            N_("The mini-reset at half length, for a busy day."),
            variants=("mini-reset",),
            easier=True,  # the lighter mini-reset: it keeps its lengths, whatever the level
        ),
    )


def more_desk(steps: Steps) -> tuple[Routine, ...]:
    return (
        Routine(
            "shoulder-release",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Shoulder release"),
            steps(
                ("shoulder-rolls", 42),
                ("shoulder-blade-squeeze", 48),
                ("chest-opener", 40),
                ("chin-to-chest", 40),
            ),
            # Translators: a routine's one-line summary. "shoulder blades" = the scapulae.
            N_("About three minutes for tight shoulders and the spot between the shoulder blades."),
        ),
        Routine(
            "upper-back-opener",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Upper-back opener"),
            steps(
                ("seated-cat-cow", 32),
                ("shoulder-rolls", 30),
                ("seated-thoracic-rotation", 48),
                ("chair-back-extension", 45),
            ),
            # Translators: a routine's one-line summary.
            N_("About three and a half minutes for a stiff upper back: warm up, turn, then open."),
        ),
        Routine(
            "neck-and-sides",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Neck and side body"),
            steps(
                ("shoulder-rolls", 30),
                ("neck-rolls", 40),
                ("chin-to-chest", 40),
                ("seated-side-stretch", 30),
            ),
            # Translators: a routine's one-line summary.
            N_("About three minutes of gentle neck release and side stretches."),
        ),
        Routine(
            "posture-reset",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Posture reset"),
            steps(
                ("shoulder-rolls", 30),
                ("seated-row", 36),
                ("chest-opener", 40),
                ("rotating-chair-twist", 36),
            ),
            # Translators: a routine's one-line summary.
            N_("About three minutes to undo the forward slump."),
        ),
        Routine(
            "walk-break",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Walking break"),
            steps(("walk", 60), ("shoulder-rolls", 60), ("chest-opener", 60)),
            # Translators: a routine's one-line summary; name the exercises as their own names
            # are translated ("Shoulder rolls", "Clasped-hands chest opener").
            N_(
                "Three minutes for any office: a minute's walk, then shoulder rolls and the "
                "clasped-hands chest opener back at your chair."
            ),
        ),
        Routine(
            "standing-chest-opener",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Standing chest opener"),
            steps(("shoulder-rolls", 30), ("doorway-stretch", 50), ("corner-stretch", 100)),
            # Translators: a routine's one-line summary; "the rotation" = the routines that
            # take turns at the desk breaks.
            N_(
                "A standing break at a doorway and a room corner; choose it for the rotation if "
                "you like to get up."
            ),
        ),
    )


def floor(steps: Steps) -> tuple[Routine, ...]:
    return (
        Routine(
            "morning-relief",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Morning relief"),
            steps(
                ("cat-cow", 120),
                ("childs-pose", 60),
                ("sphinx-pose", 60),
                ("neck-rolls", 60),
            ),
            # Translators: a routine's one-line summary; name the poses as their own names are
            # translated (cat-cow, child's pose, sphinx pose, neck half-circles).
            N_("Five minutes on a mat to start the day: cat-cow, child's pose, sphinx, neck."),
        ),
        Routine(
            "evening-deep-release",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Evening deep release"),
            steps(
                ("sphinx-pose", 120),
                ("locust-pose", 140),
                ("half-lord-of-the-fishes", 60),
                ("supine-spinal-twist", 90),
                ("savasana", 360),
            ),
            # Translators: a routine's one-line summary.
            N_("About fifteen unhurried minutes on the mat to let the day's tension go."),
        ),
        Routine(
            "upper-back-on-the-mat",
            # Translators: a routine's title, also shown in the tray menu; keep it short.
            N_("Upper back on the mat"),
            steps(
                ("cat-cow", 60),
                ("thread-the-needle", 60),
                ("childs-pose", 60),
                ("sphinx-pose", 60),
            ),
            # Translators: a routine's one-line summary; name the poses as their own names are
            # translated (cat-cow, thread the needle, child's pose, sphinx pose).
            N_(
                "A five-minute mat session for a stiff upper back: cat-cow, thread the needle "
                "each way, child's pose, sphinx."
            ),
        ),
    )
