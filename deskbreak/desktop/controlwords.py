"""The control window's words: its labels, the Pause menu and the lines it composes.

Plain functions of the daemon's status (as `--json`-like mappings) and of the language in
use: they need no display, so the tests read them without Tk. The window itself is
`desktop.controlwindow`. Edge module by folder; imports only the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deskbreak.core.config.durations import DurationError, parse_duration
from deskbreak.core.i18n import N_, _, duration_text, ngettext, pgettext

# Translators: the control window's title (a small panel opened from the tray icon).
TITLE = N_("deskbreak control")
# The Pause menu's choices, translated when the panel is built.
PAUSES: tuple[tuple[str, dict[str, Any]], ...] = (
    # Translators: a choice in the control window's Pause menu; keep under ~25 characters.
    (N_("30 min"), {"for": "30m"}),
    # Translators: a choice in the control window's Pause menu; keep under ~25 characters.
    (N_("1 hour"), {"for": "1h"}),
    # Translators: a choice in the control window's Pause menu; keep under ~25 characters.
    (N_("Until tomorrow"), {"tomorrow": True}),
    # Translators: a choice in the control window's Pause menu: paused until the user resumes
    # it; keep under ~25 characters.
    (N_("Until I resume"), {}),
)


def labels() -> dict[str, str]:
    """The panel's fixed words, by key, in the language now in use."""
    return {
        "title": _(TITLE),
        # Translators: the control window's main button, when the next routine is not known
        # yet; keep under ~25 characters.
        "start": pgettext("button", "Start now"),
        # Translators: a heading in the control window, above the stretch routines' buttons.
        "routines": pgettext("heading", "Routines"),
        # Translators: a control window button opening a menu of the routines done standing
        # or on the floor; keep under ~20 characters.
        "more": pgettext("button", "More routines"),
        # Translators: a heading in the control window, above Snooze, Skip and Pause.
        "this-break": pgettext("heading", "This break"),
        # Translators: a label in the control window before the snooze lengths ("5 min",
        # "10 min"): put the due break off for that long.
        "snooze": pgettext("label", "Snooze"),
        # Translators: a control window button: leave out the break that is due or coming;
        # keep under ~20 characters.
        "skip": pgettext("button", "Skip this break"),
        # Translators: a control window button opening the menu of pause lengths; keep under
        # ~15 characters.
        "pause": pgettext("button", "Pause"),
        # Translators: a control window button: let the break timer run again after a pause;
        # keep under ~15 characters.
        "resume": pgettext("button", "Resume"),
        # Translators: a control window button: opens the config file in the text editor;
        # keep under ~15 characters.
        "config": pgettext("button", "Open config"),
        # Translators: a control window button: reads the config file again; keep under ~15
        # characters.
        "reload": pgettext("button", "Reload"),
        # Translators: a control window button: shows the chart of breaks taken this week;
        # keep under ~15 characters.
        "stats": pgettext("button", "Statistics"),
        "safety": pgettext("button", "Safety"),  # the player's word: the same note, and more
        # Translators: a control window button: stops deskbreak; keep under ~15 characters.
        "quit": pgettext("button", "Quit"),
    }


def pause_choices() -> list[tuple[str, dict[str, Any]]]:
    """The Pause menu's entries: (words, the pause command's arguments)."""
    return [(_(text), args) for text, args in PAUSES]


def snooze_text(length: str) -> str:
    """A snooze choice as the daemon gives it ("10m") in words ("10 min")."""
    try:
        return duration_text(parse_duration(length).total_seconds())
    except DurationError:
        return length


def plain(text: str) -> str:
    """A message for the window: the backticks that mark a command in a terminal go (the
    command's words stay)."""
    return text.replace("`", "")


def headline_text(running: bool, message: str) -> str:
    """The status line: the daemon's own, or why there is none."""
    if running:
        return message
    # Translators: the control window's status line when the daemon does not answer; {reason}
    # says why.
    return _("Not connected: {reason}").format(reason=message)


def today_text(status: Mapping[str, Any]) -> str:
    """Today's breaks against the goal; empty without a daemon."""
    if not status:
        return ""
    today = status.get("today", {})
    taken, goal = int(today.get("taken", 0)), int(today.get("goal", 0))
    # Translators: the control window's line on today's breaks; {taken} breaks of the daily
    # goal {goal} (the plural follows the goal).
    return ngettext(
        "Today: {taken} of {goal} break", "Today: {taken} of {goal} breaks", goal
    ).format(taken=taken, goal=goal)


def start_text(status: Mapping[str, Any]) -> str:
    """The main button: start the next routine, named when the daemon says which."""
    routine = status.get("next_routine", {}).get("title") if status else None
    if not routine:
        return labels()["start"]
    # Translators: the control window's main button; {routine} is the title of the stretch
    # routine that comes next, e.g. "Desk mini-reset". Keep it short.
    return pgettext("button", "Start {routine} now").format(routine=_(str(routine)))
