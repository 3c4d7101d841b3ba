"""The menu model in pystray's terms, and the pystray Icon for a backend id.

Owns turning `menu.Item` values into pystray `Menu`/`MenuItem` objects (each carrying its
item's `key`, so a backend can keep ids stable) whose actions call back with the item's
`Command`, and building the Icon of the chosen backend: ours (`sni`, `xembed`) or
pystray's own (appindicator, gtk, darwin, win32), or a headless one (dummy).
Edge module: imports pystray (through `loader`) only when called.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from deskbreak.desktop.tray.loader import pystray, pystray_base
from deskbreak.desktop.tray.menu import Command, Item

Perform = Callable[[Command], None]
Draw = Callable[[int], Any]


def to_pystray(items: Sequence[Item], perform: Perform) -> Any:
    """A pystray Menu showing `items`; choosing one calls `perform(item.command)`."""
    base = pystray_base()
    return base.Menu(*(_entry(base, item, perform) for item in items))


def _entry(base: Any, item: Item, perform: Perform) -> Any:
    if item.separator:
        return base.Menu.SEPARATOR
    action: Any = None
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
    entry.reason = item.reason  # why it is disabled, for backends that can say it
    return entry


def make_icon(
    backend: str,
    name: str,
    *,
    image: Any,
    title: str,
    menu: Any,
    env: Mapping[str, str],
    draw: Draw | None,
) -> Any:
    """The pystray Icon for `backend` (a choice.Choice backend id)."""
    if backend == "sni":
        from deskbreak.desktop.tray import sni

        address = env.get("DBUS_SESSION_BUS_ADDRESS")
        return sni.Icon(name, icon=image, title=title, menu=menu, bus_address=address, draw=draw)
    if backend == "xembed":
        from deskbreak.desktop.tray import xembed

        return xembed.Icon(name, icon=image, title=title, menu=menu, draw=draw)
    if backend == "dummy":
        return _headless(pystray_base().Icon)(name, icon=image, title=title, menu=menu)
    module = pystray(backend)
    if backend in ("appindicator", "gtk"):
        module = importlib.import_module(f"pystray._{backend}")
    return module.Icon(name, icon=image, title=title, menu=menu)


def _headless(base: type[Any]) -> type[Any]:
    """pystray's base Icon with every platform call a no-op: a tray nobody sees, for
    running the tray's logic without a desktop (PYSTRAY_BACKEND=dummy)."""

    def nothing(self: Any, *args: Any) -> None:
        del self, args

    methods = ("_show", "_hide", "_update_icon", "_update_title", "_update_menu", "_notify")
    body: dict[str, Any] = dict.fromkeys((*methods, "_remove_notification", "_stop"), nothing)
    body["_run"] = lambda self: self._mark_ready()
    return type("HeadlessIcon", (base,), body)
