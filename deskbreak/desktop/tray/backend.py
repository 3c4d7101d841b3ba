"""What the Tray asks of a tray backend: the `TrayBackend` interface, and the small values
every backend shares.

Owns the contract between the `Tray` (what to show for a status) and a backend (how a
desktop shows it): a picture (a function drawing the icon at a size, so a backend draws
for the slot it really gets), a title (the tooltip) and the menu as `menu.Item` values with
a `perform(Command)` callback. A backend shows them, changes only what it is given, tells
whether a break wants attention, runs its loop on the main thread and stops without
blocking. Nothing here imports a tray library: pystray is one adapter behind this
interface (`adapter.PystrayBackend`), beside our own StatusNotifierItem (`sni`) and XEmbed
(`xembed`) backends.
Edge-neutral module: imports only the menu model; must not import pystray, PIL or a GUI
library.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from deskbreak.desktop.tray.menu import Command, Item

if TYPE_CHECKING:
    from PIL import Image

Picture = Callable[[int], "Image.Image"]  # size in px -> the icon drawn at that size (RGBA)
Perform = Callable[[Command], None]  # carries out a chosen menu item
Env = Mapping[str, str]

PICTURE_SIZE = 64  # the size a backend that takes one image draws it at


class TrayBackend(Protocol):
    """One tray icon on one desktop. `show()` once before `run()`; `update()`,
    `attention()`, `notify()` and `stop()` from any thread; `run()` on the main thread."""

    @property
    def name(self) -> str:
        """The backend's id ("sni", "xembed", "appindicator", "gtk", ..., "dummy")."""
        ...

    @property
    def has_menu(self) -> bool:
        """False where the icon has no menu: a left click runs the default item only."""
        ...

    @property
    def docked(self) -> threading.Event:
        """Set while the icon is in a tray (docked on XEmbed, registered on SNI, shown on
        pystray's backends)."""
        ...

    @property
    def last_click(self) -> tuple[int, int] | None:
        """Where the icon was last clicked on the screen, when the backend knows it."""
        ...

    def show(self, picture: Picture, title: str, items: Sequence[Item]) -> None:
        """What the icon shows when `run()` puts it in the tray."""
        ...

    def update(
        self,
        picture: Picture | None = None,
        title: str | None = None,
        items: Sequence[Item] | None = None,
    ) -> None:
        """Show a new picture, title or menu; None leaves that part as it is."""
        ...

    def attention(self, on: bool) -> None:
        """Ask for attention (a break is due) or stop asking."""
        ...

    def notify(self, title: str, message: str) -> None:
        """A balloon from the icon where the backend has one; else the log."""
        ...

    def run(self) -> None:
        """Put the icon in the tray and block until `stop()` (or the tray host's
        connection is gone); call on the main thread. Returns at once after a `stop()`."""
        ...

    def stop(self) -> None:
        """End `run()`; never blocks, and may come before `run()` or more than once."""
        ...


# name, the environment, and what a menu item does -> the backend
Factory = Callable[[str, Env, Perform], TrayBackend]


def default_command(items: Sequence[Item]) -> Command | None:
    """What a left click on the icon does: the first default item's command."""
    for item in items:
        if item.default and item.enabled and item.command is not None:
            return item.command
    return None


def visible(items: Sequence[Item]) -> tuple[Item, ...]:
    """`items` without separators at either end or next to each other."""
    kept: list[Item] = []
    for item in items:
        if item.separator and (not kept or kept[-1].separator):
            continue
        kept.append(item)
    while kept and kept[-1].separator:
        kept.pop()
    return tuple(kept)
