"""The safety wording: the note before a first routine, when to stop, when to get help.

Owns the words every front end shows about safety: `SAFETY_NOTE` (shown before
a user's first routine and whenever asked), `STOP_NOW` (stop the exercise),
`EMERGENCY` (on its own line: call emergency services now), `RED_FLAGS` (see a
professional promptly, each marked with whether the exercise sources name it;
the rest are signs health services commonly list, kept conservative and
non-diagnostic) and `sheet()`, all of it as lines of text. Core module:
standard library only, no side effects; front ends decide how to display it.
"""

from __future__ import annotations

from dataclasses import dataclass

SAFETY_NOTE = (
    "These routines are gentle and meant to feel good. Move slowly and only within a "
    "range that is free of pain. Stop straight away if you feel sharp pain, numbness "
    "or tingling, or if you feel dizzy. If your pain is severe or keeps coming back, "
    "talk to a doctor or physiotherapist before carrying on."
)

STOP_NOW = "Stop the exercise at once on sharp pain, numbness, tingling or dizziness."

EMERGENCY = (
    "Emergency: chest pain or pressure, pain spreading into an arm or the jaw, or "
    "sudden breathlessness: stop and call emergency services now."
)


@dataclass(frozen=True)
class RedFlag:
    """A sign to see a professional promptly rather than stretch."""

    text: str
    from_sources: bool  # named by the exercise sources; else commonly listed by health services


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag("Pain that is severe, or that gets worse while you move.", True),
    RedFlag("Pain that lasts for weeks, or keeps coming back in spite of regular movement.", True),
    RedFlag(
        "A herniated (slipped) disc, a serious neck problem or a recent injury: "
        "ask before you start.",
        True,
    ),
    RedFlag("Numbness, tingling or weakness spreading into an arm or hand.", False),
    RedFlag("Pain that began after a fall or an accident.", False),
    RedFlag("Pain that is worse at night, or that rest does not ease.", False),
    RedFlag("Back pain when you have had cancer.", False),
    RedFlag("Numbness in both legs, or trouble keeping your balance.", False),
    RedFlag("Changes in bladder or bowel control.", False),
    RedFlag("Back pain with a fever, or weight loss you cannot explain.", False),
)

SEE_A_PROFESSIONAL: tuple[str, ...] = tuple(flag.text for flag in RED_FLAGS)

SOURCES_KEY = (
    "(*) named by the sources the exercises are based on; the others are signs "
    "health services commonly list. None of this is a diagnosis: if unsure, ask."
)


def red_flag_lines() -> tuple[str, ...]:
    """The red flags as lines, those the sources name marked with (*)."""
    return tuple(f"{'(*) ' if f.from_sources else ''}{f.text}" for f in RED_FLAGS)


def sheet() -> tuple[str, ...]:
    """Everything about safety as lines of text: what `deskbreak safety` prints."""
    return (
        "Before you start",
        SAFETY_NOTE,
        "",
        STOP_NOW,
        "",
        EMERGENCY,
        "",
        "See a doctor or physiotherapist promptly, before carrying on, if you have:",
        *(f"- {line}" for line in red_flag_lines()),
        "",
        SOURCES_KEY,
    )
