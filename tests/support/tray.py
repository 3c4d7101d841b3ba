"""Statuses and routines for the tray tests (menu model, Tray, SNI wire, real trays).

`make_status` is `support.status.make_status` with what the tray shows set plainly: the
next routine "Neck release", a 45-minute interval, no snooze used, and the refusals the
engine gives in each state (so a menu built from it greys out what the engine would refuse).
`ROUTINES` has two desk routines and one on the floor. `RecordingBackend` is a tray
backend that records what the Tray asks of it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from deskbreak.core.routines import Exercise, Posture, Routine, Step
from deskbreak.core.status import Action, Counts, State, Status
from deskbreak.desktop.tray.backend import Perform, Picture, default_command
from deskbreak.desktop.tray.menu import Item
from support import status

NOW = status.NOW
CHOICES = (timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=30))
_ROLLS = Exercise("shoulder-rolls", "Shoulder rolls", ("Roll back and down",))
_FLOOR = Exercise("knees", "Knees to chest", ("Hug both knees",), posture=Posture.FLOOR)
ROUTINES = (
    Routine("neck", "Neck release", (Step(_ROLLS, timedelta(minutes=2)),)),
    Routine("floor-back", "Floor back release", (Step(_FLOOR, timedelta(minutes=3)),)),
    Routine("upper-back", "Upper-back opener", (Step(_ROLLS, timedelta(minutes=3)),)),
)
NOT_NOW = "There is no break to skip right now"


def refusals(state: State) -> dict[Action, str]:
    """What the engine refuses in `state` (the common cases)."""
    if state is State.PAUSED:
        return {Action.SKIP: NOT_NOW, Action.SNOOZE: "deskbreak is paused"}
    refused = {Action.RESUME: "deskbreak is not paused"}
    if state is State.ON_BREAK:
        refused[Action.START] = "A routine is already running"
    return refused


def make_status(state: State = State.WORKING, **changes: Any) -> Status:
    """A status in `state` as the tray sees it; any field can be changed by keyword."""
    shown: dict[str, Any] = {
        "snoozes_used": 0,
        "next_routine": "neck",
        "next_routine_title": "Neck release",
        "next_routine_seconds": 120,
        "today": Counts(completed=2, partial=1),
        "goal": 6,
        "interval_seconds": 45 * 60,
        "refusals": refusals(state),
    }
    return status.make_status(state, **(shown | changes))


class RecordingBackend:
    """A `TrayBackend` that records what the Tray asks of it, and clicks like a host would.

    `calls` lists every call as (method, what it was given): for `update` the names of the
    parts given (picture, title, items). `stop()` may be made slow (`stop_takes`) to show
    the Tray never waits for it.
    """

    def __init__(self, perform: Perform, *, has_menu: bool = True) -> None:
        self.has_menu = has_menu
        self.perform = perform
        self.calls: list[tuple[str, object]] = []
        self.picture: Picture | None = None
        self.title = ""
        self.items: tuple[Item, ...] = ()
        self.attention_on = False
        self.stop_takes = 0.0
        self.stopped = threading.Event()
        self._docked = threading.Event()

    @property
    def name(self) -> str:
        return "recording"

    @property
    def docked(self) -> threading.Event:
        return self._docked

    @property
    def last_click(self) -> tuple[int, int] | None:
        return (10, 20)

    def show(self, picture: Picture, title: str, items: Sequence[Item]) -> None:
        self.calls.append(("show", title))
        self.picture, self.title, self.items = picture, title, tuple(items)

    def update(
        self,
        picture: Picture | None = None,
        title: str | None = None,
        items: Sequence[Item] | None = None,
    ) -> None:
        given = {"picture": picture, "title": title, "items": items}
        self.calls.append(("update", tuple(k for k, v in given.items() if v is not None)))
        if picture is not None:
            self.picture = picture
        if title is not None:
            self.title = title
        if items is not None:
            self.items = tuple(items)

    def attention(self, on: bool) -> None:
        self.calls.append(("attention", on))
        self.attention_on = on

    def notify(self, title: str, message: str) -> None:
        self.calls.append(("notify", (title, message)))

    def run(self) -> None:
        self.calls.append(("run", None))
        self._docked.set()

    def stop(self) -> None:
        self.calls.append(("stop", None))
        threading.Event().wait(self.stop_takes)
        self.stopped.set()

    def of(self, kind: str) -> list[object]:
        """What the calls of `kind` were given, in order."""
        return [given for method, given in self.calls if method == kind]

    def activate(self) -> None:
        """A left click on the icon: the default item, as every backend does it."""
        command = default_command(self.items)
        assert command is not None
        self.perform(command)

    def click(self, *path: str) -> None:
        """Choose the item at `path` (its words, through submenus) as a host would."""
        items = self.items
        for name in path:
            (item,) = [i for i in items if i.text == name and not i.separator]
            items = item.children
        assert item.enabled and item.command is not None, item
        self.perform(item.command)

    def texts(self, items: Sequence[Item] | None = None) -> dict[str, Item]:
        shown = self.items if items is None else items
        return {item.text: item for item in shown if not item.separator}
