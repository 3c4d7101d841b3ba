"""The safety wording: the note before a first routine, when to stop, when to get help.

Owns the words every front end shows about safety: `SAFETY_NOTE` (shown before
a user's first routine and whenever asked), `STOP_NOW` (stop the exercise),
`EMERGENCY` (on its own line: call emergency services now), `DESK_SETUP` (how to sit
between breaks, as the sources put it), `RED_FLAGS` (see a
professional promptly, each marked with whether the exercise sources name it;
the rest are signs health services commonly list, kept conservative and
non-diagnostic) and `sheet()`, all of it as lines of text. The constants are
English, marked with `N_` for the catalogue (`--json` shows them as they are);
`red_flag_lines()` and `sheet()` translate when called, and a front end that
shows a constant itself calls `_()` on it. Core module: standard library only,
no side effects; front ends decide how to display it.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskbreak.core.i18n import N_, _

# Translators: the safety note shown before a user's first routine. Keep the meaning exact:
# this is a safety instruction (stop at once on sharp pain, numbness, tingling or dizziness;
# see a doctor or physiotherapist for severe or recurring pain).
SAFETY_NOTE = N_(
    "These routines are gentle and meant to feel good. Move slowly and only within a "
    "range that is free of pain. Stop straight away if you feel sharp pain, numbness "
    "or tingling, or if you feel dizzy. If your pain is severe or keeps coming back, "
    "talk to a doctor or physiotherapist before carrying on."
)

# Translators: how to sit between breaks; "chest" = the breastbone, "hips" = the pelvis.
DESK_SETUP = N_(
    "Between breaks: head over the chest, chest over the hips, shoulders low and both feet "
    "on the floor, rather than hunched toward the screen."
)

# Translators: keep the meaning exact: this is a safety instruction.
STOP_NOW = N_("Stop the exercise at once on sharp pain, numbness, tingling or dizziness.")

# Translators: keep the meaning exact: this is an emergency instruction. "emergency
# services" = the local emergency telephone number (112, 911, 999...); do not add a number.
EMERGENCY = N_(
    "Emergency: chest pain or pressure, pain spreading into an arm or the jaw, or "
    "sudden breathlessness: stop and call emergency services now."
)


@dataclass(frozen=True)
class RedFlag:
    """A sign to see a professional promptly rather than stretch."""

    text: str
    from_sources: bool  # named by the exercise sources; else commonly listed by health services


# Each red flag completes "See a doctor or physiotherapist promptly ... if you have:".
RED_FLAGS: tuple[RedFlag, ...] = (
    # the sources: "severe discomfort", "persistent upper back pain"
    # Translators: a warning sign to see a doctor; keep the meaning exact.
    RedFlag(N_("Severe pain, or pain that does not go away."), True),
    # Translators: a warning sign to see a doctor; keep the meaning exact.
    RedFlag(N_("Pain that gets worse while you move, or keeps coming back."), False),
    # the sources: "severe neck problems, herniated cervical discs, or recent injuries"
    RedFlag(
        # Translators: a warning sign to see a doctor; keep the meaning exact. A herniated
        # disc is a spinal disc problem ("slipped disc" in everyday English).
        N_(
            "A herniated (slipped) disc in the neck, a severe neck problem or a recent "
            "injury: ask before you start."
        ),
        True,
    ),
    # Translators: a warning sign to see a doctor; keep the meaning exact.
    RedFlag(N_("Numbness, tingling or weakness spreading into an arm or hand."), False),
    # Translators: a warning sign to see a doctor; keep the meaning exact.
    RedFlag(N_("Pain that began after a fall or an accident."), False),
    # Translators: a warning sign to see a doctor; keep the meaning exact.
    RedFlag(N_("Pain that is worse at night, or that rest does not ease."), False),
    # Translators: a warning sign to see a doctor; keep the meaning exact: back pain in
    # anyone who has had cancer at any time, even long ago.
    RedFlag(N_("Back pain in anyone who has ever had cancer."), False),
    # Translators: a warning sign to see a doctor; keep the meaning exact.
    RedFlag(N_("Numbness in both legs, or trouble keeping your balance."), False),
    # Translators: a warning sign to see a doctor; keep the meaning exact: trouble
    # controlling urine or stool.
    RedFlag(N_("Changes in bladder or bowel control."), False),
    # Translators: a warning sign to see a doctor; keep the meaning exact: either one,
    # together with back pain, is the sign.
    RedFlag(N_("Back pain with a fever, or back pain with weight loss you cannot explain."), False),
)

SEE_A_PROFESSIONAL: tuple[str, ...] = tuple(flag.text for flag in RED_FLAGS)

# Translators: explains the "(*)" before some warning signs; keep "(*)" as it is.
SOURCES_KEY = N_(
    "(*) named by the sources the exercises are based on; the others are signs "
    "health services commonly list. None of this is a diagnosis: if unsure, ask."
)


def red_flag_lines() -> tuple[str, ...]:
    """The red flags as lines, translated, those the sources name marked with (*)."""
    return tuple(f"{'(*) ' if f.from_sources else ''}{_(f.text)}" for f in RED_FLAGS)


def sheet() -> tuple[str, ...]:
    """Everything about safety as translated lines of text: what `deskbreak safety` prints."""
    return (
        # Translators: the heading of the safety note.
        _("Before you start"),
        _(SAFETY_NOTE),
        "",
        _(DESK_SETUP),
        "",
        _(STOP_NOW),
        "",
        _(EMERGENCY),
        "",
        # Translators: introduces the list of warning signs that follows; keep the meaning
        # exact: see a professional promptly instead of carrying on with the exercises.
        _("See a doctor or physiotherapist promptly, before carrying on, if you have:"),
        *(f"- {line}" for line in red_flag_lines()),
        "",
        _(SOURCES_KEY),
    )
