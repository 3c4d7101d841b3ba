"""Our StatusNotifierItem backend's answers, message by message, without a bus: the menu as
dbusmenu lays it out, item events, the item's properties and its introspection data."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress, MessageType, new_method_call
from PIL import Image
from support.fakes import RecordingCommands
from support.tray import CHOICES, ROUTINES, make_status
from support.waiting import wait_until

from deskbreak.core.status import State
from deskbreak.desktop.tray import Tray, sniobject
from deskbreak.desktop.tray.sni import SniBackend, argb_pixmap

MENU = DBusAddress("/MenuBar", "org.example", "com.canonical.dbusmenu")
ITEM = DBusAddress("/StatusNotifierItem", "org.example", "org.kde.StatusNotifierItem")
PROPS = DBusAddress("/StatusNotifierItem", "org.example", "org.freedesktop.DBus.Properties")


class Sni:
    """A Tray whose icon is our SNI backend, never connected: answers come straight back."""

    def __init__(self) -> None:
        self.commands = RecordingCommands(make_status(), routines=ROUTINES, choices=CHOICES)
        self.clicks = threading.Event()
        self.tray = Tray(
            self.commands,
            lambda: None,
            notify=lambda t, m: None,
            backend="sni",
            env={"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nowhere"},
            on_click=self.clicks.set,
        )
        assert self.tray.check()
        icon = self.tray.create()
        assert isinstance(icon, SniBackend)
        self.icon = icon

    def ask(self, address: DBusAddress, method: str, signature: str, *body: Any) -> Any:
        reply = sniobject.answer(self.icon, new_method_call(address, method, signature, body))
        assert reply is not None
        if reply.header.message_type is MessageType.error:
            raise LookupError(reply.body[0] if reply.body else "error")
        return reply.body

    def layout(self, parent: int = 0, depth: int = -1) -> tuple[int, Any]:
        revision, node = self.ask(MENU, "GetLayout", "iias", parent, depth, [])
        return revision, node

    def labels(self, node: Any) -> list[tuple[int, str]]:
        return [(c[1][0], c[1][1].get("label", ("s", "-"))[1]) for c in node[2]]


@pytest.fixture
def sni(home: Path) -> Sni:
    return Sni()


def find(node: Any, label: str) -> Any:
    for _sig, child in node[2]:
        if child[1].get("label", ("s", ""))[1] == label:
            return child
    raise AssertionError(f"no {label!r} in {node}")


def test_the_layout_has_the_whole_menu(sni: Sni) -> None:
    sni.tray.update(make_status(State.DUE))
    _revision, root = sni.layout()
    labels = [label for _id, label in sni.labels(root)]
    assert labels[:7] == [
        "Open deskbreak…",
        "-",
        "Start Neck release now",
        "Routines",
        "Snooze",
        "Skip this break",
        "Pause",
    ]
    assert root[2][1][1][1] == {"type": ("s", "separator")}
    routines = find(root, "Routines")
    assert routines[1]["children-display"] == ("s", "submenu")
    assert [label for _i, label in sni.labels(routines)] == [
        "Neck release",
        "Upper-back opener",
        "More routines",
    ]
    five = find(find(root, "Snooze"), "5 min")[1]
    assert five["toggle-type"] == ("s", "radio")
    assert five["toggle-state"] == ("i", 0)
    assert find(root, "Time for a break: Neck release")[1]["enabled"] == ("b", False)
    sni.tray.update(make_status(State.PAUSED))
    skip = find(sni.layout()[1], "Skip this break")[1]
    assert skip["enabled"] == ("b", False)
    assert skip["accessible-desc"] == ("s", "There is no break to skip right now")


def test_depth_and_parent_limit_the_layout(sni: Sni) -> None:
    sni.tray.update(make_status())
    _rev, root = sni.layout(depth=1)
    assert all(child[1][2] == [] for child in root[2])
    routines_id = find(sni.layout()[1], "Routines")[0]
    _rev, sub = sni.layout(parent=routines_id)
    assert sub[0] == routines_id
    assert len(sub[2]) == 3
    with pytest.raises(LookupError):
        sni.layout(parent=9999)


def test_ids_survive_updates_and_the_revision_moves_only_on_change(sni: Sni) -> None:
    sni.tray.update(make_status())
    rev1, root1 = sni.layout()
    sni.tray.update(make_status(seconds_left=23 * 60 - 5))  # the same menu
    assert sni.layout()[0] == rev1
    sni.tray.update(make_status(State.PAUSED))
    rev2, root2 = sni.layout()
    assert rev2 > rev1
    assert find(root1, "Skip this break")[0] == find(root2, "Skip this break")[0]
    assert find(root2, "Resume")[0] != find(root1, "Pause")[0]


def test_a_clicked_event_runs_the_item(sni: Sni) -> None:
    sni.tray.update(make_status(State.DUE))
    skip = find(sni.layout()[1], "Skip this break")[0]
    sni.ask(MENU, "Event", "isvu", skip, "clicked", ("i", 0), 0)
    wait_until("the click to reach the commands", lambda: bool(sni.commands.calls), 2)
    assert sni.commands.calls == [("skip", None)]
    errors = sni.ask(
        MENU,
        "EventGroup",
        "a(isvu)",
        [(skip, "hovered", ("i", 0), 0), (424242, "clicked", ("i", 0), 0)],
    )
    assert errors == ([424242],)


def test_activate_opens_the_control_window(sni: Sni) -> None:
    sni.tray.update(make_status())
    sni.ask(ITEM, "Activate", "ii", 1200, 10)
    assert sni.clicks.wait(5)
    assert sni.icon.last_click == (1200, 10)


def test_properties_tooltip_status_and_pixmaps(sni: Sni) -> None:
    sni.tray.update(make_status())
    (props,) = sni.ask(PROPS, "GetAll", "s", "org.kde.StatusNotifierItem")
    assert props["ToolTip"] == ("(sa(iiay)ss)", ("", [], "Next break in 23 min", ""))
    assert props["Status"] == ("s", "Active")
    assert props["Menu"] == ("o", "/MenuBar")
    assert props["ItemIsMenu"] == ("b", False)
    sizes = [(w, h, len(data)) for w, h, data in props["IconPixmap"][1]]
    assert sizes == [(s, s, s * s * 4) for s in (16, 22, 24, 32, 48, 64)]
    sni.tray.update(make_status(State.DUE))
    (status,) = sni.ask(PROPS, "Get", "ss", "org.kde.StatusNotifierItem", "Status")
    assert status == ("s", "NeedsAttention")


def test_pixmaps_are_argb_in_network_order() -> None:
    image = Image.new("RGBA", (2, 2), (10, 20, 30, 200))
    assert argb_pixmap(image, 2) == (2, 2, bytes([200, 10, 20, 30]) * 4)


def test_introspection_names_every_member() -> None:
    for path, interface, member in (
        ("/StatusNotifierItem", "org.kde.StatusNotifierItem", "Activate"),
        ("/MenuBar", "com.canonical.dbusmenu", "GetLayout"),
    ):
        tree = ET.fromstring(sniobject.introspection(path))
        names = {i.get("name"): i for i in tree.iter("interface")}
        assert interface in names
        assert member in {m.get("name") for m in names[interface]}
    root = ET.fromstring(sniobject.introspection("/"))
    assert {n.get("name") for n in root.iter("node")} >= {"StatusNotifierItem", "MenuBar"}


def test_unknown_methods_get_a_dbus_error(sni: Sni) -> None:
    with pytest.raises(LookupError, match=r"no org\.kde\.StatusNotifierItem\.Explode"):
        sni.ask(ITEM, "Explode", "")
