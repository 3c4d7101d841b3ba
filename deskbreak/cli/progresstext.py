"""How `deskbreak stats` tells the progression level: what it is, what it means, the rule.

Owns the lines under the stats table and the `progression` object of `stats --json`.
Plain functions of the level and the setting (the level itself comes from
`daemon.progress`); no I/O.
"""

from __future__ import annotations

from typing import Any

from deskbreak.core import progression
from deskbreak.core.i18n import _, ngettext


def progression_lines(level: int, *, on: bool) -> list[str]:
    """The progression level, what it does to the routines, and how it moves."""
    if not on:
        return [_("{key} is off in the config").format(key="player.progression")]
    # Translators: progression = holds and repetitions that grow over the weeks the user
    # keeps up the breaks; {level} and {top} are numbers (level 2 of 4).
    head = _("Progression: level {level} of {top}.").format(level=level, top=progression.TOP)
    more = progression.more_reps(level)
    if level > 0:
        # Translators: what the progression level does; {percent} is a whole number
        # ("40"), {count} the repetitions added; "limit" = the range the exercise's own
        # source gives.
        meaning = ngettext(
            "Holds up to {percent}% longer and up to {count} more repetition, never past "
            "an exercise's limit.",
            "Holds up to {percent}% longer and up to {count} more repetitions, never past "
            "an exercise's limit.",
            more,
        ).format(percent=progression.hold_percent(level), count=more)
        head = f"{head} {meaning}"
    # Translators: how the progression level moves; {breaks} is a small number (2) of
    # completed breaks a day, {days} the days of a week (5) that need them.
    rule = ngettext(
        "A week with at least {breaks} completed breaks on {days} day moves it up a level; "
        "any other week moves it down one.",
        "A week with at least {breaks} completed breaks on {days} days moves it up a level; "
        "any other week moves it down one.",
        progression.DAYS,
    ).format(breaks=progression.BREAKS, days=progression.DAYS)
    return [head, rule]


def progression_json(level: int, *, on: bool) -> dict[str, Any]:
    """The `progression` object of `stats --json`."""
    return {
        "on": on,
        "level": level,
        "top": progression.TOP,
        "hold_percent": progression.hold_percent(level),
        "more_repetitions": progression.more_reps(level),
    }
