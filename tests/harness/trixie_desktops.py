"""GNOME Shell 48, sway 1.10 and Plasma 6 started headless in a `harness.trixie` session.

Each start function takes a started `Trixie` session and gets its desktop up and answering;
the desktop objects ask it things over the session bus from the test's side (jeepney on the
bus socket, which the session's folder shares) and run its tools inside. `Gnome48` is a
`harness.gnome.GnomeShell` (the Debian 12 tests' helpers: Shell.Eval, RemoteDesktop input,
the message tray, the AppIndicator watcher) whose programs run in the root. Test support: it
must not import deskbreak; jeepney is imported lazily.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.gnome import GnomeShell
from harness.trixie import Trixie

APPINDICATOR = "ubuntu-appindicators@ubuntu.com"  # Debian's UUID
UNSAFE = "unsafe-mode@deskbreak.test"
# GNOME 45 and later load extensions as ES modules, and Shell.Eval cannot import one: this
# one also puts the shell's `Main` where evaluated code finds it.
_UNSAFE_JS = """import {Extension} from 'resource:///org/gnome/shell/extensions/extension.js';
import * as Main from 'resource:///org/gnome/shell/ui/main.js';
export default class UnsafeMode extends Extension {
    enable() { global.context.unsafe_mode = true; globalThis.Main = Main; }
    disable() { global.context.unsafe_mode = false; }
}
"""
_GNOME_SETTINGS = (
    ("org.gnome.shell", "enabled-extensions", f"['{APPINDICATOR}', '{UNSAFE}']"),
    ("org.gnome.shell", "disable-user-extensions", "false"),
    ("org.gnome.shell", "welcome-dialog-last-shown-version", "'999'"),
    ("org.gnome.desktop.session", "idle-delay", "uint32 0"),  # no blanking of its own
    ("org.gnome.desktop.interface", "enable-hot-corners", "false"),  # input pokes at (0, 0)
)


@dataclass
class Gnome48(GnomeShell):
    """GNOME Shell 48 in the session `trixie`; closing it ends the session."""

    trixie: Trixie | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        assert self.trixie is not None
        self.group = self.trixie.group
        # what harness.daemon.Daemon needs of a session whose deskbreak runs inside
        self.deskbreak = self.trixie.deskbreak
        self.temp_dir = self.trixie.temp_dir

    @property
    def session(self) -> Trixie:
        assert self.trixie is not None
        return self.trixie

    @property
    def env(self) -> dict[str, str]:
        return {**self.session.env, **self.vars}

    def popen(self, *cmd: str, **kw: Any) -> subprocess.Popen[str]:
        return self.session.popen(*cmd, env={**self.vars, **kw.pop("env", {})}, **kw)

    def run(self, *cmd: str, **kw: Any) -> subprocess.CompletedProcess[str]:
        return self.session.run(*cmd, env={**self.vars, **kw.pop("env", {})}, **kw)

    def adopt(self, path: Any) -> None:
        self.session.adopt(path)

    def gsettings(self, *args: str) -> str:
        return self.run("gsettings", *args).stdout.strip()

    def eval(self, code: str) -> Any:
        """Shell.Eval, the Debian 12 helpers' code reaching `Main` as GNOME 48 allows."""
        return super().eval(code.replace("imports.ui.main", "globalThis.Main"))

    def screenshot(self, path: Path) -> Path:
        """The shell's screenshot, taken into the session's folder (the shell cannot write
        outside the root) and moved to `path`."""
        shot = super().screenshot(self.session.temp_dir / path.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(shot, path)
        return path

    def has_x_window(self, name: str) -> bool:
        out = self.run("xwininfo", "-root", "-tree", check=False).stdout
        return f'"{name}' in out

    def screen_time(self) -> int:
        """The shell's ScreenTime `State` (0 disabled, 1 active, 2 idle, 3 in break, 4 due)."""
        name = "org.gnome.Shell.ScreenTime"
        props = ("/org/gnome/Shell/ScreenTime", "org.freedesktop.DBus.Properties", "Get")
        _sig, value = self.call("org.gnome.Shell", *props, "ss", name, "State")[0]
        return int(value)


def start_gnome48(trixie: Trixie, size: str = "1280x800") -> Gnome48:
    """GNOME Shell 48 with the AppIndicator extension, unsafe mode (Shell.Eval) and the
    shell's notification service, in the started session `trixie`."""
    from jeepney.io.blocking import open_dbus_connection

    shell = Gnome48(
        vars={
            "XDG_SESSION_TYPE": "wayland",
            "XDG_CURRENT_DESKTOP": "GNOME",
            "WAYLAND_DISPLAY": "wayland-gnome",
        },
        dir=trixie.dir,
        trixie=trixie,
    )
    ext = trixie.home / ".local/share/gnome-shell/extensions" / UNSAFE
    ext.mkdir(parents=True)
    meta = {
        "uuid": UNSAFE,
        "name": "Unsafe mode for tests",
        "description": "test only",
        "shell-version": ["48"],
    }
    (ext / "metadata.json").write_text(json.dumps(meta))
    (ext / "extension.js").write_text(_UNSAFE_JS)
    trixie.adopt(trixie.home)
    for schema, key, value in _GNOME_SETTINGS:
        trixie.run("gsettings", "set", schema, key, value)
    shell._conn = open_dbus_connection(bus=trixie.vars["DBUS_SESSION_BUS_ADDRESS"])
    trixie.spawn(
        "gnome-shell",
        "gnome-shell", "--headless", "--wayland", "--wayland-display=wayland-gnome",
        "--virtual-monitor", size,
        env=shell.vars,
    )  # fmt: skip
    shell.wait_for("the shell's unsafe mode", lambda: _unsafe(shell), timeout=60)
    for var in ("DISPLAY", "XAUTHORITY"):  # Xwayland, started by mutter with the shell
        shell.vars[var] = str(shell.eval(f"imports.gi.GLib.getenv('{var}')") or "")
    # the shell's notification service (org.gnome.Shell.Notifications) comes by activation
    shell.wait_for(
        "the shell's notifications",
        lambda: shell.has_bus_name("org.freedesktop.Notifications"),
        30,
    )
    shell.wait_for(
        "the AppIndicator watcher",
        lambda: shell.has_bus_name("org.kde.StatusNotifierWatcher"),
        20,
    )
    shell.clear_notifications()  # the shell's own start-up notices
    return shell


def _unsafe(shell: Gnome48) -> bool:
    if not shell.has_bus_name("org.gnome.Shell"):
        return False
    try:
        return shell.eval("global.context.unsafe_mode") is True
    except Exception:
        return False


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
        items = self.prop(name, "/StatusNotifierWatcher", name, "RegisteredStatusNotifierItems")
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
