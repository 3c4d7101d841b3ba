"""pystray behind the `TrayBackend` interface: the backend for appindicator, gtk, darwin,
win32 and a headless one (dummy).

Owns `PystrayBackend`, which wraps one pystray Icon, and turning `menu.Item` values into
pystray `Menu`/`MenuItem` objects whose actions call back with the item's `Command`.
pystray's `stop()` may wait for its setup thread, so ours hands it to a thread of its own
and returns at once; a stop that comes before the loop runs ends it as soon as it starts.
Edge module: imports pystray (through `loader`) only when a backend is built.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from deskbreak import threads
from deskbreak.desktop.tray.backend import PICTURE_SIZE, Perform, Picture
from deskbreak.desktop.tray.loader import pystray, pystray_base
from deskbreak.desktop.tray.menu import Item

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)


class PystrayIcon(Protocol):
    """The part of pystray's Icon this adapter uses."""

    HAS_NOTIFICATION: bool
    icon: Image.Image | None
    title: str
    menu: object
    visible: bool

    def run(self, setup: Callable[[Any], None] | None = None) -> None: ...
    def stop(self) -> None: ...
    def notify(self, message: str, title: str | None = None) -> None: ...


class PystrayBackend:
    """One pystray Icon; pystray's backends have a menu and no attention state."""

    has_menu = True

    def __init__(self, backend: str, app: str, perform: Perform) -> None:
        self._backend = backend
        self._app = app
        self._perform = perform
        self._icon: PystrayIcon | None = None
        self._docked = threading.Event()
        self._lock = threading.Lock()
        self._stopping = False

    @property
    def name(self) -> str:
        return self._backend

    @property
    def docked(self) -> threading.Event:
        return self._docked

    @property
    def last_click(self) -> tuple[int, int] | None:
        return None  # pystray does not say where

    @property
    def icon(self) -> PystrayIcon | None:
        """The pystray Icon (once shown)."""
        return self._icon

    def show(self, picture: Picture, title: str, items: Sequence[Item]) -> None:
        if self._icon is not None:
            self.update(picture, title, items)
            return
        menu = to_pystray(items, self._perform)
        self._icon = make_icon(self._backend, self._app, picture(PICTURE_SIZE), title, menu)

    def update(
        self,
        picture: Picture | None = None,
        title: str | None = None,
        items: Sequence[Item] | None = None,
    ) -> None:
        icon = self._icon
        if icon is None:
            return
        if picture is not None:
            icon.icon = picture(PICTURE_SIZE)
        if title is not None:
            icon.title = title
        if items is not None:
            icon.menu = to_pystray(items, self._perform)

    def attention(self, on: bool) -> None:
        del on  # pystray has no attention state: the picture shows it

    def notify(self, title: str, message: str) -> None:
        icon = self._icon
        if icon is not None and icon.HAS_NOTIFICATION:
            icon.notify(message, title)
        else:
            log.info("%s: %s", title, message)

    def run(self) -> None:
        icon = self._icon
        if icon is None:
            raise RuntimeError("show() the tray icon before run()")
        with self._lock:
            if self._stopping:
                return
        icon.run(setup=self._setup)

    def stop(self) -> None:
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
            icon = self._icon
        if icon is not None:
            threads.make("deskbreak-tray-stop-call", _stop_icon, icon).start()

    def _setup(self, icon: PystrayIcon) -> None:
        icon.visible = True
        self._docked.set()
        with self._lock:
            stopping = self._stopping
        if stopping:  # stop() came before the loop was running
            icon.stop()


def _stop_icon(icon: PystrayIcon) -> None:
    try:
        icon.stop()
    except Exception:
        log.debug("stopping the tray icon", exc_info=True)


def to_pystray(items: Sequence[Item], perform: Perform) -> object:
    """A pystray Menu showing `items`; choosing one calls `perform(item.command)`."""
    base = pystray_base()
    return base.Menu(*(_entry(base, item, perform) for item in items))


def _entry(base: Any, item: Item, perform: Perform) -> object:
    if item.separator:
        return base.Menu.SEPARATOR
    action: object = None
    if item.children:
        action = base.Menu(*(_entry(base, child, perform) for child in item.children))
    elif item.command is not None:
        command = item.command
        action = lambda _icon, _item: perform(command)  # noqa: E731
    checked = item.checked
    entry = base.MenuItem(
        item.text,
        action,
        enabled=item.enabled,
        default=item.default,
        checked=None if checked is None else (lambda _item: checked),
        radio=item.radio,
    )
    entry.key = item.key
    return entry


def make_icon(backend: str, app: str, image: Image.Image, title: str, menu: object) -> PystrayIcon:
    """pystray's Icon for `backend` (a choice.Choice backend id)."""
    if backend == "dummy":
        icon: PystrayIcon = _headless(pystray_base().Icon)(app, icon=image, title=title, menu=menu)
        return icon
    module = pystray(backend)
    if backend in ("appindicator", "gtk"):
        module = importlib.import_module(f"pystray._{backend}")
    made: PystrayIcon = module.Icon(app, icon=image, title=title, menu=menu)
    return made


def _headless(base: type[Any]) -> type[Any]:
    """pystray's base Icon with every platform call a no-op: a tray nobody sees, for
    running the tray's logic without a desktop (PYSTRAY_BACKEND=dummy)."""

    def nothing(self: Any, *args: Any) -> None:
        del self, args

    methods = ("_show", "_hide", "_update_icon", "_update_title", "_update_menu", "_notify")
    body: dict[str, Any] = dict.fromkeys((*methods, "_remove_notification", "_stop"), nothing)
    body["_run"] = lambda self: self._mark_ready()
    return type("HeadlessIcon", (base,), body)
