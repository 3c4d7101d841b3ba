"""The tray menu (`menu.Item` values) served as com.canonical.dbusmenu: the layout, its
items' properties and the events a tray host sends back.

Owns turning the menu into dbusmenu's `(ia{sv}av)` tree (labels, separators, submenus,
disabled items, check and radio items), giving every item an id that stays the same across
updates (from the item's `key` and its parents' keys), the layout revision, and finding the
item an Event names. The D-Bus plumbing (replies, signals) is the caller's.
Edge-neutral module: imports only the menu model; must not import jeepney, PIL or the daemon.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

from deskbreak.desktop.tray.backend import visible
from deskbreak.desktop.tray.menu import Item

INTERFACE = "com.canonical.dbusmenu"
PATH = "/MenuBar"

Variant = tuple[str, Any]
Node = tuple[int, dict[str, Variant], list[Variant]]


class MenuModel:
    """The dbusmenu view of one menu; `refresh()` after the menu changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: dict[tuple[object, ...], int] = {}
        self._items: dict[int, Item] = {}
        self._nodes: dict[int, Node] = {}
        self._root: Node = (0, {"children-display": ("s", "submenu")}, [])
        self._shape: object = None
        self.revision = 1

    def refresh(self, menu: Sequence[Item]) -> bool:
        """Rebuild from `menu`; True when the layout changed."""
        with self._lock:
            self._items, self._nodes = {}, {}
            children = self._children(menu, ())
            root: Node = (0, {"children-display": ("s", "submenu")}, children)
            self._nodes[0] = root
            shape = _freeze(root)
            changed = shape != self._shape
            self._root, self._shape = root, shape
            if changed:
                self.revision += 1
            return changed

    def layout(self, parent: int, depth: int, names: Sequence[str]) -> tuple[int, Node]:
        """GetLayout's answer: the revision and the tree under `parent` (depth -1: all)."""
        with self._lock:
            node = self._nodes.get(parent)
            if node is None:
                raise KeyError(parent)
            return self.revision, _trim(node, depth, set(names))

    def properties(
        self, ids: Iterable[int], names: Sequence[str]
    ) -> list[tuple[int, dict[str, Variant]]]:
        """GetGroupProperties' answer (every known item when `ids` is empty)."""
        wanted = set(names)
        with self._lock:
            chosen = list(ids) or list(self._nodes)
            return [(i, _pick(self._nodes[i][1], wanted)) for i in chosen if i in self._nodes]

    def item(self, item_id: int) -> Item | None:
        """The item with this id, or None."""
        with self._lock:
            return self._items.get(item_id)

    def _children(self, menu: Sequence[Item], path: tuple[object, ...]) -> list[Variant]:
        nodes: list[Variant] = []
        for index, item in enumerate(visible(menu)):
            key = (*path, item.key or index)
            item_id = self._ids.setdefault(key, len(self._ids) + 1)
            props = _props(item)
            children = self._children(item.children, key) if item.children else []
            if item.children:
                props["children-display"] = ("s", "submenu")
            node: Node = (item_id, props, children)
            self._items[item_id] = item
            self._nodes[item_id] = node
            nodes.append(("(ia{sv}av)", node))
        return nodes


def _props(item: Item) -> dict[str, Variant]:
    if item.separator:
        return {"type": ("s", "separator")}
    props: dict[str, Variant] = {"label": ("s", _mnemonic_safe(item.text))}
    if not item.enabled:
        props["enabled"] = ("b", False)
        if item.reason:  # read out by screen readers; hosts show no tooltips on menu items
            props["accessible-desc"] = ("s", item.reason)
    checked = item.checked
    if checked is not None:
        props["toggle-type"] = ("s", "radio" if item.radio else "checkmark")
        props["toggle-state"] = ("i", 1 if checked else 0)
    return props


def _mnemonic_safe(text: str) -> str:
    """dbusmenu labels use "_" for mnemonics; a literal one is written "__"."""
    return text.replace("_", "__")


def _pick(props: dict[str, Variant], wanted: set[str]) -> dict[str, Variant]:
    return dict(props) if not wanted else {k: v for k, v in props.items() if k in wanted}


def _trim(node: Node, depth: int, wanted: set[str]) -> Node:
    item_id, props, children = node
    if depth == 0:
        kept: list[Variant] = []
    else:
        kept = [("(ia{sv}av)", _trim(child[1], depth - 1, wanted)) for child in children]
    return item_id, _pick(props, wanted), kept


def _freeze(node: Node) -> object:
    item_id, props, children = node
    return (item_id, tuple(sorted(props.items())), tuple(_freeze(c[1]) for c in children))
