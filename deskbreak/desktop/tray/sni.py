"""A pystray backend speaking StatusNotifierItem and com.canonical.dbusmenu over jeepney.

Owns the tray icon on every StatusNotifierItem desktop (KDE Plasma, GNOME with the
AppIndicator extension, waybar, sway's and other bars) without GTK or a compiler: a
subclass of pystray's base `Icon`, so callers keep pystray's Icon/Menu/MenuItem API.
It owns a bus name `org.kde.StatusNotifierItem-<pid>-1`, serves `/StatusNotifierItem`
(icon pixmaps at several sizes, tooltip, Status Active/NeedsAttention, Activate = the
menu's default item) and the menu at `/MenuBar`, registers with
`org.kde.StatusNotifierWatcher`, and registers again whenever a watcher (re)appears.
Every bus call has a timeout; the connection runs on its own threads; `stop()` returns
at once. Edge module: imports pystray's base, jeepney and PIL lazily.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

from deskbreak import threads
from deskbreak.desktop.tray import dbusmenu, sniobject
from deskbreak.desktop.tray.bus import Bus, BusError
from deskbreak.desktop.tray.loader import pystray_base

_BaseIcon: Any = pystray_base().Icon  # the base class must exist to subclass it

log = logging.getLogger(__name__)

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
SIZES = (16, 22, 24, 32, 48, 64)
RETRIES = (0.0, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2)  # seconds between tries with a new watcher

Draw = Callable[[int], Any]  # size -> PIL image: a picture drawn for that size


class Icon(_BaseIcon):  # type: ignore[misc]
    HAS_DEFAULT_ACTION = True
    HAS_MENU = True
    HAS_MENU_RADIO = True
    HAS_NOTIFICATION = False
    SETUP_THREAD_TIMEOUT = 1.0
    _icon_valid: bool  # stop() must not wait long for a slow setup

    def __init__(
        self,
        name: str,
        icon: Any = None,
        title: str | None = None,
        menu: Any = None,
        *,
        bus_address: str | None = None,
        draw: Draw | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, icon=icon, title=title, menu=menu, **kwargs)
        self.bus_name = f"org.kde.StatusNotifierItem-{os.getpid()}-1"
        self.draw = draw
        self.attention = False
        self.last_click: tuple[int, int] | None = None  # where the host says it was clicked
        self.registered = threading.Event()  # set while a watcher has us
        self.registrations = 0  # how often a watcher took us in
        self._address = bus_address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        self._bus: Bus | None = None
        self._menu_model = dbusmenu.MenuModel()
        self._pixmaps: list[tuple[int, int, bytes]] = []
        self._done = threading.Event()
        self._lock = threading.Lock()

    # -- what the D-Bus object reads ---------------------------------------------------

    @property
    def pixmaps(self) -> list[tuple[int, int, bytes]]:
        """The icon at every size (drawn now if the picture changed while hidden)."""
        with self._lock:
            if not self._icon_valid and self.icon is not None:
                self._pixmaps = self._render()
                self._icon_valid = True
            return self._pixmaps

    @property
    def menu_model(self) -> dbusmenu.MenuModel:
        return self._menu_model

    @property
    def sni_status(self) -> str:
        return "NeedsAttention" if self.attention else "Active"

    def set_attention(self, on: bool) -> None:
        """NeedsAttention while a break is due; Active otherwise."""
        if on == self.attention:
            return
        self.attention = on
        self._signal("NewStatus", "s", (self.sni_status,))

    def activate(self, x: int = 0, y: int = 0) -> None:
        """A left click on the icon: the menu's default item, off the bus thread."""
        if (x, y) != (0, 0):
            self.last_click = (x, y)
        threads.make("deskbreak-tray-activate", self).start()

    def menu_event(self, item_id: int, event: str) -> bool:
        """A host's Event on a menu item; False when no such item."""
        item = self._menu_model.item(item_id)
        if item is None:
            return False
        if event == "clicked" and item.enabled and item.submenu is None:
            threads.make("deskbreak-tray-menu", self._handler(item)).start()
        return True

    # -- pystray's backend interface ---------------------------------------------------

    def _show(self) -> None:
        self._register()

    def _hide(self) -> None:
        self.registered.clear()

    def _update_icon(self) -> None:
        with self._lock:
            self._pixmaps = self._render()
            self._icon_valid = True
        self._signal("NewIcon")
        self._signal("NewAttentionIcon")

    def _update_title(self) -> None:
        self._signal("NewTitle")
        self._signal("NewToolTip")

    def _update_menu(self) -> None:
        if self._menu_model.refresh(self.menu):
            self._menu_signal("LayoutUpdated", "ui", (self._menu_model.revision, 0))

    def _run(self) -> None:
        self._connect()
        self._mark_ready()
        self._done.wait()  # stop(), or the session bus going away
        if self._bus is not None and self._bus.lost.is_set():
            log.info("the session bus went away; the tray icon stops")
        self._disconnect()

    def _run_detached(self) -> None:
        threads.make("deskbreak-tray-sni", self._run).start()

    def _stop(self) -> None:
        self._done.set()

    def _notify(self, message: str, title: str | None = None) -> None:
        log.info("%s: %s", title or self.title, message)

    def _remove_notification(self) -> None:
        pass

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
        self.registered.clear()
        if bus is not None:
            bus.close()

    def _register(self) -> bool:
        bus = self._bus
        if bus is None:
            return False
        try:
            bus.call(_WATCHER, "RegisterStatusNotifierItem", "s", (self.bus_name,))
        except BusError as exc:
            self.registered.clear()
            log.info("the tray icon waits for a StatusNotifierWatcher (%s)", exc)
            return False
        self.registered.set()
        self.registrations += 1
        log.debug("registered %s with the StatusNotifierWatcher", self.bus_name)
        return True

    def _register_new_watcher(self) -> None:
        """A watcher took its name; it may export its object a moment later: retry."""
        for delay in RETRIES:
            if self._done.wait(delay) or self._register():
                return

    def _on_message(self, message: Any) -> None:
        from jeepney import HeaderFields, MessageType

        fields = message.header.fields
        if message.header.message_type is MessageType.signal:
            if fields.get(HeaderFields.member) == "NameOwnerChanged":
                _name, _old, new = message.body
                self.registered.clear()
                if new and self.visible:  # a watcher (re)started: it does not know us yet
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

    def _render(self) -> list[tuple[int, int, bytes]]:
        images = [(size, self.draw(size) if self.draw else None) for size in SIZES]
        return [argb_pixmap(image or self.icon, size) for size, image in images]


_DBUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
_WATCHER = (WATCHER, WATCHER_PATH, WATCHER)


def argb_pixmap(image: Any, size: int) -> tuple[int, int, bytes]:
    """(width, height, ARGB32 bytes in network byte order) of `image` at `size` px."""
    from PIL import Image

    picture = image.convert("RGBA")
    if picture.size != (size, size):
        picture = picture.resize((size, size), Image.Resampling.LANCZOS)
    red, green, blue, alpha = picture.split()
    return size, size, Image.merge("RGBA", (alpha, red, green, blue)).tobytes()
