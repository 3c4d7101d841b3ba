"""The tray menu as plain values: what the menu shows for a status, and what each item does.

Owns the menu's content and rules: the items, their order and words, submenus (desk
routines first, the rest under "More routines"; snooze choices as radio items; pause
lengths), which items are enabled and, for those that are not, why — all taken from the
`Status` (its refusals per `Action`), never decided here. A pure function of the status,
the routines and the snooze choices, so tests read it without any tray library.
Edge-neutral module: imports only the core; must not import pystray or a GUI library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

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


PAUSES: tuple[tuple[str, str, PauseSpec], ...] = (
    ("30m", "30 min", PauseSpec(PauseKind.FOR, length=timedelta(minutes=30))),
    ("1h", "1 hour", PauseSpec(PauseKind.FOR, length=timedelta(hours=1))),
    ("tomorrow", "Until tomorrow", PauseSpec(PauseKind.TOMORROW)),
    ("indefinite", "Until I resume", PauseSpec(PauseKind.INDEFINITE)),
)
OPEN_PANEL = "Open deskbreak…"


def minutes_label(length: timedelta) -> str:
    """ "5 min", "1 h", "1 h 30 min" for a snooze choice."""
    minutes = int(length.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def build(
    status: Status | None, routines: Sequence[Routine], snoozes: Sequence[timedelta]
) -> tuple[Item, ...]:
    """The whole menu for `status` (None: the daemon has not said anything yet)."""
    return (
        Item("panel", OPEN_PANEL, Command(Do.OPEN_PANEL), default=True),
        _sep(0),
        _action(status, Action.START, "start", _start_text(status), Command(Do.START)),
        Item("routines", "Routines", children=routine_items(status, routines)),
        Item("snooze", "Snooze", children=snooze_items(status, snoozes)),
        _action(status, Action.SKIP, "skip", "Skip this break", Command(Do.SKIP)),
        _pause_or_resume(status),
        _sep(1),
        Item("headline", status.headline() if status else "Starting…", enabled=False),
        Item("today", _today(status), enabled=False),
        _sep(2),
        Item("config", "Open config", Command(Do.OPEN_CONFIG)),
        Item("reload", "Reload config", Command(Do.RELOAD)),
        Item("stats", "Statistics", Command(Do.STATS)),
        _sep(3),
        Item("quit", "Quit", Command(Do.QUIT)),
    )


def routine_items(status: Status | None, routines: Sequence[Routine]) -> tuple[Item, ...]:
    """Desk routines first; the others (standing, floor) under "More routines"."""

    def entry(routine: Routine) -> Item:
        command = Command(Do.START, routine=routine.id)
        return _action(status, Action.START, f"routine:{routine.id}", routine.title, command)

    desk = tuple(entry(r) for r in routines if r.is_desk)
    more = tuple(entry(r) for r in routines if not r.is_desk)
    if not more:
        return desk
    return (*desk, Item("more-routines", "More routines", children=more))


def snooze_items(status: Status | None, snoozes: Sequence[timedelta]) -> tuple[Item, ...]:
    """The snooze choices as radio items, or the one reason Snooze is refused."""
    refusal = _refusal(status, Action.SNOOZE)
    if refusal:
        return (Item("snooze:refused", refusal, enabled=False, reason=refusal),)
    return tuple(
        Item(
            f"snooze:{int(length.total_seconds())}",
            minutes_label(length),
            Command(Do.SNOOZE, length=length),
            radio=True,
            checked=False,
        )
        for length in snoozes
    )


def _pause_or_resume(status: Status | None) -> Item:
    if status is not None and status.state is State.PAUSED:
        return _action(status, Action.RESUME, "resume", "Resume", Command(Do.RESUME))
    choices = tuple(
        Item(f"pause:{key}", text, Command(Do.PAUSE, pause=spec)) for key, text, spec in PAUSES
    )
    refusal = _refusal(status, Action.PAUSE)
    return Item("pause", "Pause", enabled=refusal is None, reason=refusal, children=choices)


def _action(status: Status | None, action: Action, key: str, text: str, command: Command) -> Item:
    refusal = _refusal(status, action)
    return Item(key, text, command, enabled=refusal is None, reason=refusal)


def _refusal(status: Status | None, action: Action) -> str | None:
    if status is None:
        return "deskbreak is starting"
    return status.refusal(action)


def _start_text(status: Status | None) -> str:
    return f"Start {status.next_routine_title if status else 'a routine'} now"


def _today(status: Status | None) -> str:
    if status is None:
        return "Today: no breaks yet"
    return f"Today: {status.today.taken} of {status.goal} breaks"


def _sep(n: int) -> Item:
    return Item(f"-{n}", "")
