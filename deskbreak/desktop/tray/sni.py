"""A tray backend speaking StatusNotifierItem and com.canonical.dbusmenu over jeepney.

Owns the tray icon on every StatusNotifierItem desktop (KDE Plasma, GNOME with the
AppIndicator extension, waybar, sway's and other bars) without GTK or a compiler: a
`backend.TrayBackend` of its own. It owns a bus name `org.kde.StatusNotifierItem-<pid>-1`,
serves `/StatusNotifierItem` (icon pixmaps at several sizes, tooltip, Status
Active/NeedsAttention, Activate = the menu's default item) and the menu at `/MenuBar`,
registers with `org.kde.StatusNotifierWatcher`, and registers again whenever a watcher
(re)appears. Every bus call has a timeout; the connection runs on its own threads; `stop()`
returns at once. Edge module: imports jeepney and PIL lazily; must not import pystray.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from deskbreak import threads
from deskbreak.desktop.tray import dbusmenu, sniobject
from deskbreak.desktop.tray.backend import Perform, Picture, default_command
from deskbreak.desktop.tray.bus import Bus, BusError
from deskbreak.desktop.tray.menu import Command, Item

if TYPE_CHECKING:
    from jeepney import Message
    from PIL import Image

log = logging.getLogger(__name__)

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
SIZES = (16, 22, 24, 32, 48, 64)
RETRIES = (0.0, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)  # seconds between tries with a new watcher

Pixmap = tuple[int, int, bytes]


class SniBackend:
    """The icon as a StatusNotifierItem; `run()` blocks until `stop()` or the bus is gone."""

    has_menu = True

    def __init__(self, name: str, perform: Perform, *, bus_address: str | None = None) -> None:
        self.app = name  # the item's Id and Title on the bus
        self.title = ""
        self.bus_name = f"org.kde.StatusNotifierItem-{os.getpid()}-1"
        self.attention_on = False
        self.registrations = 0  # how often a watcher took us in
        self._perform = perform
        self._picture: Picture | None = None
        self._items: tuple[Item, ...] = ()
        self._last_click: tuple[int, int] | None = None  # where the host says it was clicked
        self._registered = threading.Event()  # set while a watcher has us
        self._address = bus_address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        self._bus: Bus | None = None
        self._menu_model = dbusmenu.MenuModel()
        self._pixmaps: list[Pixmap] | None = None  # None: draw them when next asked
        self._running = False
        self._done = threading.Event()
        self._lock = threading.Lock()

    # -- the TrayBackend interface -----------------------------------------------------

    @property
    def name(self) -> str:
        return "sni"

    @property
    def docked(self) -> threading.Event:
        return self._registered

    @property
    def last_click(self) -> tuple[int, int] | None:
        return self._last_click

    def show(self, picture: Picture, title: str, items: Sequence[Item]) -> None:
        self.update(picture, title, items)

    def update(
        self,
        picture: Picture | None = None,
        title: str | None = None,
        items: Sequence[Item] | None = None,
    ) -> None:
        if picture is not None:
            with self._lock:
                self._picture, self._pixmaps = picture, None
            self._signal("NewIcon")
            self._signal("NewAttentionIcon")
        if title is not None and title != self.title:
            self.title = title
            self._signal("NewTitle")
            self._signal("NewToolTip")
        if items is not None:
            self._items = tuple(items)
            if self._menu_model.refresh(self._items):
                self._menu_signal("LayoutUpdated", "ui", (self._menu_model.revision, 0))

    def attention(self, on: bool) -> None:
        """NeedsAttention while a break is due; Active otherwise."""
        if on == self.attention_on:
            return
        self.attention_on = on
        self._signal("NewStatus", "s", (self.sni_status,))

    def notify(self, title: str, message: str) -> None:
        log.info("%s: %s", title or self.title, message)  # SNI has no balloon of its own

    def run(self) -> None:
        if self._done.is_set():
            return
        self._connect()
        self._running = True
        self._register()
        self._done.wait()  # stop(), or the session bus going away
        if self._bus is not None and self._bus.lost.is_set():
            log.info("the session bus went away; the tray icon stops")
        self._disconnect()

    def stop(self) -> None:
        self._done.set()

    # -- what the D-Bus object reads ---------------------------------------------------

    @property
    def pixmaps(self) -> list[Pixmap]:
        """The icon at every size (drawn now if the picture changed since)."""
        with self._lock:
            if self._pixmaps is None:
                picture = self._picture
                self._pixmaps = [] if picture is None else _render(picture)
            return self._pixmaps

    @property
    def menu_model(self) -> dbusmenu.MenuModel:
        return self._menu_model

    @property
    def sni_status(self) -> str:
        return "NeedsAttention" if self.attention_on else "Active"

    def activate(self, x: int = 0, y: int = 0) -> None:
        """A left click on the icon: the menu's default item, off the bus thread."""
        if (x, y) != (0, 0):
            self._last_click = (x, y)
        command = default_command(self._items)
        if command is not None:
            threads.make("deskbreak-tray-activate", self._perform, command).start()

    def menu_event(self, item_id: int, event: str) -> bool:
        """A host's Event on a menu item; False when no such item."""
        item = self._menu_model.item(item_id)
        if item is None:
            return False
        if event == "clicked" and item.enabled and not item.children and item.command:
            threads.make("deskbreak-tray-menu", self._run_command, item.command).start()
        return True

    def _run_command(self, command: Command) -> None:
        self._perform(command)

    # -- the bus -----------------------------------------------------------------------

    def _connect(self) -> None:
        bus = Bus(self._address, self._on_message, name="tray-sni", on_lost=self._done.set)
        try:
            bus.open()
            self._bus = bus
            flags = 0x4  # DO_NOT_QUEUE: an old owner of our name is a bug, not a queue
            bus.call(_DBUS, "RequestName", "su", (self.bus_name, flags))
            bus.watch_signal(
                sender="org.freedesktop.DBus",
                interface="org.freedesktop.DBus",
                member="NameOwnerChanged",
                arg0=WATCHER,
            )
        except BusError as exc:
            # the bus the session named cannot be reached: the session is ending
            log.warning("no tray icon: %s", exc)
            bus.lost.set()
            self._done.set()

    def _disconnect(self) -> None:
        bus, self._bus = self._bus, None
        self._registered.clear()
        if bus is not None:
            bus.close()

    def _register(self) -> bool:
        bus = self._bus
        if bus is None:
            return False
        try:
            bus.call(_WATCHER, "RegisterStatusNotifierItem", "s", (self.bus_name,))
        except BusError as exc:
            self._registered.clear()
            log.info("the tray icon waits for a StatusNotifierWatcher (%s)", exc)
            return False
        self._registered.set()
        self.registrations += 1
        log.debug("registered %s with the StatusNotifierWatcher", self.bus_name)
        return True

    def _register_new_watcher(self) -> None:
        """A watcher took its name; it may export its object a moment later: retry."""
        for delay in RETRIES:
            if self._done.wait(delay) or self._register():
                return

    def _on_message(self, message: Message) -> None:
        from jeepney import HeaderFields, MessageType

        fields = message.header.fields
        if message.header.message_type is MessageType.signal:
            if fields.get(HeaderFields.member) == "NameOwnerChanged":
                _name, _old, new = message.body
                self._registered.clear()
                if new and self._running:  # a watcher (re)started: it does not know us yet
                    threads.make("deskbreak-tray-sni-register", self._register_new_watcher).start()
            return
        reply = sniobject.answer(self, message)
        if reply is not None and self._bus is not None:
            self._bus.send(reply)

    def _signal(
        self, member: str, signature: str | None = None, body: tuple[Any, ...] = ()
    ) -> None:
        self._emit(sniobject.PATH, sniobject.INTERFACE, member, signature, body)

    def _menu_signal(self, member: str, signature: str, body: tuple[Any, ...]) -> None:
        self._emit(dbusmenu.PATH, dbusmenu.INTERFACE, member, signature, body)

    def _emit(
        self, path: str, interface: str, member: str, signature: str | None, body: tuple[Any, ...]
    ) -> None:
        from jeepney import DBusAddress, new_signal

        bus = self._bus
        if bus is None:
            return
        bus.send(new_signal(DBusAddress(path, interface=interface), member, signature, body))


_DBUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
_WATCHER = (WATCHER, WATCHER_PATH, WATCHER)


def _render(picture: Picture) -> list[Pixmap]:
    return [argb_pixmap(picture(size), size) for size in SIZES]


def argb_pixmap(image: Image.Image, size: int) -> Pixmap:
    """(width, height, ARGB32 bytes in network byte order) of `image` at `size` px."""
    from PIL import Image

    picture = image.convert("RGBA")
    if picture.size != (size, size):
        picture = picture.resize((size, size), Image.Resampling.LANCZOS)
    red, green, blue, alpha = picture.split()
    return size, size, Image.merge("RGBA", (alpha, red, green, blue)).tobytes()
