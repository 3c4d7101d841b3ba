"""The tray menu as plain values: what the menu shows for a status, and what each item does.

Owns the menu's content and rules: the items, their order and words, submenus (desk
routines first, the rest under "More routines"; snooze choices as radio items; pause
lengths), which items are enabled and, for those that are not, why — all taken from the
`Status` (its refusals per `Action`), never decided here. A pure function of the status,
the routines and the snooze choices, so tests read it without any tray library. The words
are translated when the menu is built, so a reload that switches the language shows in the
next menu.
Edge-neutral module: imports only the core; must not import pystray or a GUI library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from deskbreak.core.i18n import N_, _, duration_text, ngettext, pgettext
from deskbreak.core.ports import PauseKind, PauseSpec
from deskbreak.core.routines import Routine
from deskbreak.core.status import Action, State, Status


class Do(StrEnum):
    """What an item asks for."""

    OPEN_PANEL = "open-panel"
    START = "start"
    SNOOZE = "snooze"
    SKIP = "skip"
    PAUSE = "pause"
    RESUME = "resume"
    OPEN_CONFIG = "open-config"
    RELOAD = "reload"
    STATS = "stats"
    SAFETY = "safety"
    QUIT = "quit"


@dataclass(frozen=True)
class Command:
    do: Do
    routine: str | None = None  # START: which routine (None: the next one)
    length: timedelta | None = None  # SNOOZE: how long
    pause: PauseSpec | None = None  # PAUSE: for how long


@dataclass(frozen=True)
class Item:
    """One menu entry; `key` stays the same while the words change."""

    key: str
    text: str
    command: Command | None = None
    enabled: bool = True
    reason: str | None = None  # why it is disabled
    radio: bool = False
    checked: bool | None = None  # None: not a check or radio item
    default: bool = False  # what a left click on the icon does
    children: tuple[Item, ...] = ()

    @property
    def separator(self) -> bool:
        return self.key.startswith("-")


# The pause lengths, with their words marked here and translated when the menu is built.
PAUSES: tuple[tuple[str, str, PauseSpec], ...] = (
    # Translators: a tray menu choice under "Pause"; keep under ~25 characters.
    ("30m", N_("30 min"), PauseSpec(PauseKind.FOR, length=timedelta(minutes=30))),
    # Translators: a tray menu choice under "Pause"; keep under ~25 characters.
    ("1h", N_("1 hour"), PauseSpec(PauseKind.FOR, length=timedelta(hours=1))),
    # Translators: a tray menu choice under "Pause"; keep under ~25 characters.
    ("tomorrow", N_("Until tomorrow"), PauseSpec(PauseKind.TOMORROW)),
    # Translators: a tray menu choice under "Pause": paused until the user resumes it;
    # keep under ~25 characters.
    ("indefinite", N_("Until I resume"), PauseSpec(PauseKind.INDEFINITE)),
)


def panel_item() -> Item:
    """The first item, and what a left click on the icon does: open the control window."""
    # Translators: the tray menu's first item; opens deskbreak's small control window.
    # Keep under ~25 characters.
    return Item("panel", pgettext("menu", "Open deskbreak…"), Command(Do.OPEN_PANEL), default=True)


def build(
    status: Status | None, routines: Sequence[Routine], snoozes: Sequence[timedelta]
) -> tuple[Item, ...]:
    """The whole menu for `status` (None: the daemon has not said anything yet)."""
    # Every label is short: a long one widens the whole menu.
    return (
        panel_item(),
        _sep(0),
        _action(status, Action.START, "start", _start_text(status), Command(Do.START)),
        # Translators: a tray submenu listing the stretch routines; keep under ~25 characters.
        Item("routines", pgettext("menu", "Routines"), children=routine_items(status, routines)),
        # Translators: a tray submenu: put the due break off for a few minutes; keep under ~25
        # characters.
        Item("snooze", pgettext("menu", "Snooze"), children=snooze_items(status, snoozes)),
        # Translators: a tray menu item: leave out the break that is due or coming; keep under ~25
        # characters.
        _action(status, Action.SKIP, "skip", pgettext("menu", "Skip this break"), Command(Do.SKIP)),
        _pause_or_resume(status),
        _sep(1),
        Item("headline", _headline(status), enabled=False),
        Item("today", _today(status), enabled=False),
        _sep(2),
        # Translators: a tray menu item: opens the config file in the text editor; keep under ~25
        # characters.
        Item("config", pgettext("menu", "Open config"), Command(Do.OPEN_CONFIG)),
        # Translators: a tray menu item: reads the config file again; keep under ~25 characters.
        Item("reload", pgettext("menu", "Reload config"), Command(Do.RELOAD)),
        # Translators: a tray menu item: shows the chart of breaks taken this week; keep under ~25
        # characters.
        Item("stats", pgettext("menu", "Statistics"), Command(Do.STATS)),
        # the player's Safety button's word: the item shows the same note, with the signs
        # that need a doctor
        Item("safety", pgettext("button", "Safety"), Command(Do.SAFETY)),
        _sep(3),
        # Translators: a tray menu item: stops deskbreak; keep under ~25 characters.
        Item("quit", pgettext("menu", "Quit"), Command(Do.QUIT)),
    )


def routine_items(status: Status | None, routines: Sequence[Routine]) -> tuple[Item, ...]:
    """Desk routines first; the others (standing, floor) under "More routines"."""

    def entry(routine: Routine) -> Item:
        command = Command(Do.START, routine=routine.id)
        # a routine's title is stored as written: a built-in one is in the catalogue
        return _action(status, Action.START, f"routine:{routine.id}", _(routine.title), command)

    desk = tuple(entry(r) for r in routines if r.is_desk)
    more = tuple(entry(r) for r in routines if not r.is_desk)
    if not more:
        return desk
    # Translators: a tray submenu holding the routines done standing or on the floor; keep
    # under ~25 characters.
    return (*desk, Item("more-routines", pgettext("menu", "More routines"), children=more))


def snooze_items(status: Status | None, snoozes: Sequence[timedelta]) -> tuple[Item, ...]:
    """The snooze choices as radio items, or the one reason Snooze is refused."""
    refusal = _refusal(status, Action.SNOOZE)
    if refusal:
        return (Item("snooze:refused", refusal, enabled=False, reason=refusal),)
    return tuple(
        Item(
            f"snooze:{int(length.total_seconds())}",
            duration_text(length.total_seconds()),
            Command(Do.SNOOZE, length=length),
            radio=True,
            checked=False,
        )
        for length in snoozes
    )


def _pause_or_resume(status: Status | None) -> Item:
    if status is not None and status.state is State.PAUSED:
        # Translators: a tray menu item: let the break timer run again after a pause; keep under
        # ~25 characters.
        text = pgettext("menu", "Resume")
        return _action(status, Action.RESUME, "resume", text, Command(Do.RESUME))
    choices = tuple(
        Item(f"pause:{key}", _(text), Command(Do.PAUSE, pause=spec)) for key, text, spec in PAUSES
    )
    refusal = _refusal(status, Action.PAUSE)
    # Translators: a tray submenu: stop the break timer for a while; keep under ~25 characters.
    text = pgettext("menu", "Pause")
    return Item("pause", text, enabled=refusal is None, reason=refusal, children=choices)


def _action(status: Status | None, action: Action, key: str, text: str, command: Command) -> Item:
    refusal = _refusal(status, action)
    return Item(key, text, command, enabled=refusal is None, reason=refusal)


def _refusal(status: Status | None, action: Action) -> str | None:
    if status is None:
        # Translators: why a tray menu item is greyed out before the daemon's first status.
        return _("deskbreak is starting")
    return status.refusal(action)


def _start_text(status: Status | None) -> str:
    if status is None:
        # Translators: a tray menu item; keep under ~25 characters.
        return pgettext("menu", "Start a routine now")
    # Translators: a tray menu item; {routine} is the title of the stretch routine that comes
    # next, e.g. "Desk mini-reset".
    return pgettext("menu", "Start {routine} now").format(routine=_(status.next_routine_title))


def _headline(status: Status | None) -> str:
    if status is None:
        # Translators: the tray menu's status line before the daemon has said anything.
        return pgettext("menu", "Starting…")
    return status.headline()


def _today(status: Status | None) -> str:
    if status is None:
        # Translators: the tray menu's line on today's breaks, before the first status.
        return pgettext("menu", "Today: no breaks yet")
    # Translators: the tray menu's line on today's breaks; {taken} breaks of the daily goal
    # {goal} (the plural follows the goal).
    return ngettext(
        "Today: {taken} of {goal} break", "Today: {taken} of {goal} breaks", status.goal
    ).format(taken=status.today.taken, goal=status.goal)


def _sep(n: int) -> Item:
    return Item(f"-{n}", "")
