"""The safety wording shown before a user's first routine, and when to get help.

Owns two plain constants: `SAFETY_NOTE`, the short note a front end shows once
before the first guided routine, and `SEE_A_PROFESSIONAL`, the situations in
which a person should stop and get advice rather than stretch. Core module:
standard library only, no side effects; front ends decide how to display it.
"""

from __future__ import annotations

SAFETY_NOTE = (
    "These routines are gentle and meant to feel good. Move slowly and only within a "
    "range that is free of pain. Stop straight away if you feel sharp pain, numbness "
    "or tingling, or if you feel dizzy. If your pain is severe or keeps coming back, "
    "talk to a doctor or physiotherapist before carrying on."
)

SEE_A_PROFESSIONAL: tuple[str, ...] = (
    "Pain that is sharp or severe, or that gets worse while you stretch.",
    "Numbness, tingling or weakness spreading into an arm or hand.",
    "Pain that lingers for weeks or keeps returning despite regular movement.",
    "A recent injury, or a known disc or serious neck problem: get clearance before starting.",
    "Back pain that comes with fever, unexplained weight loss, or chest pain.",
)
