"""A Wayland desktop in a `harness.trixie` session, and sway 1.10 (with waybar and mako) on it.

`InRoot` is a desktop running in the root: it asks things over the session bus from the test's
side (jeepney on the bus socket, which the session's folder shares), runs its tools inside, and
has what `harness.daemon.Daemon` needs of a session whose deskbreak runs inside; its tray
questions (the watcher's items, their dbusmenu) serve every such desktop. `start_sway110` takes
a started `Trixie` session and gets sway up and answering (`Sway110`); Plasma 6 is
`harness.trixie_plasma`'s. Test support: it must not import deskbreak; jeepney is imported
lazily.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.trixie import Trixie

_WATCHER_PATH = "/StatusNotifierWatcher"


class InRoot:
    """What the sway 1.10 and Plasma 6 sessions share: the session `trixie` and its
    environment plus the desktop's `vars`, a jeepney connection to its session bus (from the
    test's side), the SNI watcher's items, dbusmenu, and what `harness.daemon.Daemon` needs of
    a session whose deskbreak runs inside. Closing it ends the session."""

    def __init__(self, trixie: Trixie, vars: dict[str, str]) -> None:
        from jeepney.io.blocking import open_dbus_connection

        self.session = trixie
        self.vars = vars
        self.dir = trixie.dir
        self.group = trixie.group
        self.deskbreak = trixie.deskbreak
        self.temp_dir = trixie.temp_dir
        self._conn = open_dbus_connection(bus=trixie.vars["DBUS_SESSION_BUS_ADDRESS"])

    @property
    def env(self) -> dict[str, str]:
        return {**self.session.env, **self.vars}

    @property
    def runtime(self) -> Path:
        return self.session.runtime

    def spawn(self, name: str, *cmd: str) -> None:
        self.session.spawn(name, *cmd, env=self.vars)

    def popen(self, *cmd: str, **kw: Any) -> subprocess.Popen[str]:
        return self.session.popen(*cmd, env={**self.vars, **kw.pop("env", {})}, **kw)

    def run(self, *cmd: str, **kw: Any) -> subprocess.CompletedProcess[str]:
        return self.session.run(*cmd, env={**self.vars, **kw.pop("env", {})}, **kw)

    def adopt(self, path: Any) -> None:
        self.session.adopt(path)

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout: float = 10) -> None:
        self.group.wait_for(what, predicate, timeout)

    def logs(self, lines: int = 12) -> str:
        return self.group.logs(lines)

    def call(self, dest: str, path: str, iface: str, method: str, sig: str = "", *args: Any) -> Any:
        """A method call on the session bus; its reply's body (raises on a D-Bus error)."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        msg = new_method_call(DBusAddress(path, dest, iface), method, sig or None, args)
        return unwrap_msg(self._conn.send_and_get_reply(msg, timeout=10))

    def prop(self, dest: str, path: str, iface: str, name: str) -> Any:
        props = (path, "org.freedesktop.DBus.Properties", "Get")
        _sig, value = self.call(dest, *props, "ss", iface, name)[0]
        return value

    def has_bus_name(self, name: str) -> bool:
        bus = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
        return bool(self.call(*bus, "NameHasOwner", "s", name)[0])

    def sni_items(self) -> list[str]:
        """RegisteredStatusNotifierItems of the desktop's watcher."""
        name = "org.kde.StatusNotifierWatcher"
        items = self.prop(name, _WATCHER_PATH, name, "RegisteredStatusNotifierItems")
        return [str(item) for item in items]

    def menu(self, item: str) -> dict[str, int]:
        """The tray menu's item ids by label (submenus too), from the item's dbusmenu."""
        dest = item.split("/", 1)[0]
        _rev, root = self.call(
            dest, "/MenuBar", "com.canonical.dbusmenu", "GetLayout", "iias", 0, -1, ["label"]
        )
        ids: dict[str, int] = {}
        stack = [root]
        while stack:
            item_id, props, children = stack.pop()
            if "label" in props:
                ids[str(props["label"][1])] = int(item_id)
            stack += [child for _sig, child in children]
        return ids

    def click(self, item: str, item_id: int) -> None:
        """A click on the tray menu's item `item_id`, as the desktop's tray sends it."""
        dest = item.split("/", 1)[0]
        self.call(dest, "/MenuBar", "com.canonical.dbusmenu", "Event", "isvu",
                  item_id, "clicked", ("i", 0), 0)  # fmt: skip

    def socket(self, prefix: str) -> str:
        """The name of the compositor's socket starting with `prefix` in XDG_RUNTIME_DIR."""
        found = sorted(p.name for p in self.runtime.glob(prefix + "*"))
        return next((n for n in found if not n.endswith(".lock")), "")

    def close(self) -> None:
        self._conn.close()
        self.session.close()


_SWAY_CONF = """output HEADLESS-1 resolution 1280x800
xwayland enable
exec env > {dir}/sway-env
"""
# mako's own interface, on its connection that owns the notifications name
_NOTIFICATIONS = "org.freedesktop.Notifications"
_MAKO, _MAKO_PATH = "fr.emersion.Mako", "/fr/emersion/Mako"
_WAYBAR = {"layer": "top", "height": 30, "modules-right": ["tray"], "tray": {"spacing": 4}}


class Sway110(InRoot):
    """sway 1.10 (headless, pixman) with waybar's tray and mako, in the session."""

    def notifications(self) -> list[dict[str, Any]]:
        """mako's notifications (its own bus API): id, summary, body, actions (key: label)."""
        (found,) = self.call(_NOTIFICATIONS, _MAKO_PATH, _MAKO, "ListNotifications")
        return [
            {
                "id": int(note["id"][1]),
                "summary": str(note["summary"][1]),
                "body": str(note["body"][1]),
                "actions": dict(note["actions"][1]),
            }
            for note in found
        ]

    def invoke(self, note_id: int, action: str) -> None:
        """Click action `action` (its key) of notification `note_id` in mako."""
        self.call(_NOTIFICATIONS, _MAKO_PATH, _MAKO, "InvokeAction", "us", note_id, action)

    def type_key(self) -> None:
        """Input that resets idle time: one key, through wtype's virtual keyboard."""
        self.run("wtype", "-k", "Shift_L")

    def move_cursor(self) -> None:
        self.run("swaymsg", "seat", "seat0", "cursor", "move", "5", "5")

    def windows(self) -> list[dict[str, Any]]:
        """sway's windows (`swaymsg -t get_tree`): name, and shell ("xdg_shell", "xwayland")."""
        tree = json.loads(self.run("swaymsg", "-t", "get_tree").stdout)
        found: list[dict[str, Any]] = []
        stack = [tree]
        while stack:
            node = stack.pop()
            stack += node.get("nodes", []) + node.get("floating_nodes", [])
            if node.get("pid"):
                found.append({"name": node.get("name"), "shell": node.get("shell")})
        return found

    def screenshot(self, path: Path) -> Path:
        """The whole output as a PNG at `path`: this machine's grim on sway's socket (the
        root has no grim; the socket is in the folder both sides see)."""
        grim = shutil.which("grim")
        if grim is None:
            raise self.group.error("a screenshot of sway 1.10 needs grim (Debian package grim)")
        path.parent.mkdir(parents=True, exist_ok=True)
        env = {
            "XDG_RUNTIME_DIR": str(self.runtime),
            "WAYLAND_DISPLAY": self.vars["WAYLAND_DISPLAY"],
        }
        done = subprocess.run(
            [grim, str(path)], env=env, capture_output=True, text=True, timeout=20, check=False
        )
        if done.returncode != 0:
            raise self.group.error(f"grim exited {done.returncode}: {done.stderr[-2000:]}")
        return path


def start_sway110(trixie: Trixie) -> Sway110:
    """sway 1.10 headless with waybar (SNI watcher and tray) and mako, each answering."""
    conf = trixie.dir / "sway.conf"
    conf.write_text(_SWAY_CONF.format(dir=trixie.dir))
    (trixie.dir / "waybar.json").write_text(json.dumps(_WAYBAR))
    trixie.adopt(trixie.dir)
    desk = Sway110(
        trixie,
        {
            "WLR_BACKENDS": "headless",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "XDG_SESSION_TYPE": "wayland",
            "XDG_CURRENT_DESKTOP": "sway",
        },
    )
    desk.spawn("sway", "sway", "-c", str(conf))
    desk.wait_for(
        "sway's sockets", lambda: bool(desk.socket("wayland-") and desk.socket("sway-ipc.")), 20
    )
    desk.vars["WAYLAND_DISPLAY"] = desk.socket("wayland-")
    desk.vars["SWAYSOCK"] = str(desk.runtime / desk.socket("sway-ipc."))
    env_file = trixie.dir / "sway-env"
    desk.wait_for("sway's environment", lambda: "DISPLAY=" in _read(env_file), 20)
    for line in _read(env_file).splitlines():
        if line.startswith("DISPLAY="):
            desk.vars["DISPLAY"] = line.split("=", 1)[1]
    desk.spawn("mako", "mako")
    desk.wait_for("mako", lambda: desk.has_bus_name(_NOTIFICATIONS), 20)
    desk.spawn("waybar", "waybar", "-c", str(trixie.dir / "waybar.json"))
    desk.wait_for(
        "waybar's watcher", lambda: desk.has_bus_name("org.kde.StatusNotifierWatcher"), 30
    )
    return desk


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""
