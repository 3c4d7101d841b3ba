"""The D-Bus objects of a StatusNotifierItem: what each incoming method call is answered.

Owns the wire side of `/StatusNotifierItem` (org.kde.StatusNotifierItem: properties,
Activate, ContextMenu, SecondaryActivate, Scroll) and `/MenuBar` (com.canonical.dbusmenu:
GetLayout, GetGroupProperties, GetProperty, Event, EventGroup, AboutToShow[Group]),
plus org.freedesktop.DBus.Properties, Introspectable and Peer for both. Reads the icon
through the small `Served` interface (`title`, `app`, `pixmaps`, `sni_status`,
`menu_model`, `activate()`, `menu_event()`).
Edge module: imports jeepney only inside functions; must not import pystray or PIL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from deskbreak.desktop.tray import dbusmenu

if TYPE_CHECKING:
    from jeepney import Message

PATH = "/StatusNotifierItem"
INTERFACE = "org.kde.StatusNotifierItem"
PROPS = "org.freedesktop.DBus.Properties"
UNKNOWN = "org.freedesktop.DBus.Error.UnknownMethod"
INVALID = "org.freedesktop.DBus.Error.InvalidArgs"

# Introspection data, compact: member -> argument types (methods: in, then out).
_ITEM_API = {
    "properties": {
        **dict.fromkeys(("Category", "Id", "Title", "Status", "IconName", "IconThemePath"), "s"),
        **dict.fromkeys(("OverlayIconName", "AttentionIconName", "AttentionMovieName"), "s"),
        **dict.fromkeys(("IconPixmap", "OverlayIconPixmap", "AttentionIconPixmap"), "a(iiay)"),
        "WindowId": "i",
        "ToolTip": "(sa(iiay)ss)",
        "ItemIsMenu": "b",
        "Menu": "o",
    },
    "methods": {
        **dict.fromkeys(("ContextMenu", "Activate", "SecondaryActivate"), (("i", "i"), ())),
        "Scroll": (("i", "s"), ()),
    },
    "signals": {
        **dict.fromkeys(("NewTitle", "NewIcon", "NewAttentionIcon", "NewOverlayIcon"), ()),
        "NewToolTip": (),
        "NewStatus": ("s",),
    },
}
_MENU_API = {
    "properties": {"Version": "u", "TextDirection": "s", "Status": "s", "IconThemePath": "as"},
    "methods": {
        "GetLayout": (("i", "i", "as"), ("u", "(ia{sv}av)")),
        "GetGroupProperties": (("ai", "as"), ("a(ia{sv})",)),
        "GetProperty": (("i", "s"), ("v",)),
        "Event": (("i", "s", "v", "u"), ()),
        "EventGroup": (("a(isvu)",), ("ai",)),
        "AboutToShow": (("i",), ("b",)),
        "AboutToShowGroup": (("ai",), ("ai", "ai")),
    },
    "signals": {
        "ItemsPropertiesUpdated": ("a(ia{sv})", "a(ias)"),
        "LayoutUpdated": ("u", "i"),
        "ItemActivationRequested": ("i", "u"),
    },
}
_COMMON_API: dict[str, dict[str, Any]] = {
    "org.freedesktop.DBus.Introspectable": {"methods": {"Introspect": ((), ("s",))}},
    "org.freedesktop.DBus.Peer": {"methods": {"Ping": ((), ())}},
    PROPS: {"methods": {"Get": (("s", "s"), ("v",)), "GetAll": (("s",), ("a{sv}",))}},
}


def _interface_xml(name: str, api: dict[str, Any]) -> str:
    parts = [f'<interface name="{name}">']
    for prop, sig in api.get("properties", {}).items():
        parts.append(f'<property name="{prop}" type="{sig}" access="read"/>')
    for method, (ins, outs) in api.get("methods", {}).items():
        args = [f'<arg type="{t}" direction="in"/>' for t in ins]
        args += [f'<arg type="{t}" direction="out"/>' for t in outs]
        parts.append(f'<method name="{method}">{"".join(args)}</method>')
    for signal, sigs in api.get("signals", {}).items():
        args = [f'<arg type="{t}"/>' for t in sigs]
        parts.append(f'<signal name="{signal}">{"".join(args)}</signal>')
    return "".join([*parts, "</interface>"])


def introspection(path: str) -> str:
    """The Introspect XML of `path` ("/", the item or the menu)."""
    own = {PATH: (INTERFACE, _ITEM_API), dbusmenu.PATH: (dbusmenu.INTERFACE, _MENU_API)}
    body = ""
    if path in own:
        name, api = own[path]
        body = _interface_xml(name, api)
        body += "".join(_interface_xml(n, a) for n, a in _COMMON_API.items())
    elif path == "/":
        body = "".join(f'<node name="{p[1:]}"/>' for p in own)
    return f"<node>{body}</node>"


Reply: TypeAlias = "Message | None"  # None: no reply


class Served(Protocol):
    """What the objects read from the icon, and the clicks they hand it."""

    @property
    def app(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def pixmaps(self) -> list[tuple[int, int, bytes]]: ...
    @property
    def sni_status(self) -> str: ...
    @property
    def menu_model(self) -> dbusmenu.MenuModel: ...
    def activate(self, x: int = 0, y: int = 0) -> None: ...
    def menu_event(self, item_id: int, event: str) -> bool: ...


def item_properties(icon: Served) -> dict[str, tuple[str, Any]]:
    """Every org.kde.StatusNotifierItem property, as D-Bus variants."""
    pixmaps = list(icon.pixmaps)
    return {
        "Category": ("s", "ApplicationStatus"),
        "Id": ("s", icon.app),
        "Title": ("s", icon.app),
        "Status": ("s", icon.sni_status),
        "WindowId": ("i", 0),
        "IconName": ("s", ""),
        "IconThemePath": ("s", ""),  # some hosts ask for it even with pixmaps only
        "IconPixmap": ("a(iiay)", pixmaps),
        "OverlayIconName": ("s", ""),
        "OverlayIconPixmap": ("a(iiay)", []),
        "AttentionIconName": ("s", ""),
        "AttentionIconPixmap": ("a(iiay)", pixmaps),
        "AttentionMovieName": ("s", ""),
        "ToolTip": ("(sa(iiay)ss)", ("", [], icon.title or icon.app, "")),
        "ItemIsMenu": ("b", False),
        "Menu": ("o", dbusmenu.PATH),
    }


def menu_properties() -> dict[str, tuple[str, Any]]:
    return {
        "Version": ("u", 3),
        "TextDirection": ("s", "ltr"),
        "Status": ("s", "normal"),
        "IconThemePath": ("as", []),
    }


def answer(icon: Served, message: Message) -> Reply:
    """The reply to one incoming method call (None when it wants none)."""
    from jeepney import HeaderFields, MessageFlag, new_error

    fields = message.header.fields
    path = fields.get(HeaderFields.path, "")
    interface = fields.get(HeaderFields.interface, "")
    member = fields.get(HeaderFields.member, "")
    handler = _route(path, interface, member)
    try:
        reply = (
            handler(icon, message)
            if handler
            else new_error(message, UNKNOWN, "s", (f"no {interface}.{member} at {path}",))
        )
    except (KeyError, ValueError, TypeError) as exc:
        reply = new_error(message, INVALID, "s", (str(exc) or type(exc).__name__,))
    if message.header.flags & MessageFlag.no_reply_expected:
        return None
    return reply


def _route(path: str, interface: str, member: str) -> Callable[[Served, Message], Reply] | None:
    if interface == "org.freedesktop.DBus.Introspectable" or member == "Introspect":
        return _introspect
    if interface == "org.freedesktop.DBus.Peer" or member == "Ping":
        return lambda _icon, m: _ok(m)
    if interface == PROPS:
        return {"Get": _get, "GetAll": _get_all}.get(member)
    if path == PATH and interface in (INTERFACE, ""):
        return _ITEM_METHODS.get(member)
    if path == dbusmenu.PATH and interface in (dbusmenu.INTERFACE, ""):
        return _MENU_METHODS.get(member)
    return None


def _ok(message: Message, signature: str | None = None, body: tuple[Any, ...] = ()) -> Reply:
    from jeepney import new_method_return

    return new_method_return(message, signature, body)


def _introspect(icon: Served, message: Message) -> Reply:
    from jeepney import HeaderFields

    path = message.header.fields.get(HeaderFields.path, "/")
    return _ok(message, "s", (introspection(path),))


def _properties_of(icon: Served, interface: str) -> dict[str, tuple[str, Any]]:
    if interface == INTERFACE:
        return item_properties(icon)
    if interface == dbusmenu.INTERFACE:
        return menu_properties()
    raise KeyError(f"no interface {interface}")


def _get(icon: Served, message: Message) -> Reply:
    interface, name = message.body
    return _ok(message, "v", (_properties_of(icon, interface)[name],))


def _get_all(icon: Served, message: Message) -> Reply:
    (interface,) = message.body
    return _ok(message, "a{sv}", (_properties_of(icon, interface),))


def _activate(icon: Served, message: Message) -> Reply:
    x, y = message.body
    icon.activate(x, y)
    return _ok(message)


def _get_layout(icon: Served, message: Message) -> Reply:
    parent, depth, names = message.body
    revision, node = icon.menu_model.layout(parent, depth, names)
    return _ok(message, "u(ia{sv}av)", (revision, node))


def _group_properties(icon: Served, message: Message) -> Reply:
    ids, names = message.body
    return _ok(message, "a(ia{sv})", (icon.menu_model.properties(ids, names),))


def _property(icon: Served, message: Message) -> Reply:
    item_id, name = message.body
    ((_, props),) = icon.menu_model.properties([item_id], [name]) or [(0, {})]
    return _ok(message, "v", (props[name],))


def _event(icon: Served, message: Message) -> Reply:
    item_id, event, _data, _time = message.body
    if not icon.menu_event(item_id, event):
        raise KeyError(f"no menu item {item_id}")
    return _ok(message)


def _event_group(icon: Served, message: Message) -> Reply:
    (events,) = message.body
    errors = [i for i, event, _data, _time in events if not icon.menu_event(i, event)]
    return _ok(message, "ai", (errors,))


def _about_to_show(icon: Served, message: Message) -> Reply:
    return _ok(message, "b", (False,))


def _about_to_show_group(icon: Served, message: Message) -> Reply:
    return _ok(message, "aiai", ([], []))


_ITEM_METHODS: dict[str, Callable[[Served, Message], Reply]] = {
    "Activate": _activate,
    "SecondaryActivate": _activate,
    "ContextMenu": lambda _icon, m: _ok(m),  # hosts draw the menu from /MenuBar themselves
    "Scroll": lambda _icon, m: _ok(m),
}
_MENU_METHODS: dict[str, Callable[[Served, Message], Reply]] = {
    "GetLayout": _get_layout,
    "GetGroupProperties": _group_properties,
    "GetProperty": _property,
    "Event": _event,
    "EventGroup": _event_group,
    "AboutToShow": _about_to_show,
    "AboutToShowGroup": _about_to_show_group,
}
