"""sway 1.10 (with waybar and mako) and Plasma 6 (kwin_wayland + plasmashell) started headless
in a `harness.trixie` session.

`start_sway110` and `start_plasma6` take a started `Trixie` session and get the desktop up and
answering. The desktop objects (`InRoot`) ask it things over the session bus from the test's
side (jeepney on the bus socket, which the session's folder shares), run its tools inside, and
have what `harness.daemon.Daemon` needs of a session whose deskbreak runs inside. Plasma 6's
KWin runs Xwayland for X clients (`DISPLAY` is set once KWin's X socket is there), finds their
mapped windows and reads a window's picture from Xwayland; plasmashell's widgets are walked and
pressed over AT-SPI (Qt's bridge, on an accessibility bus of the session's own). PowerDevil,
Plasma's power manager, is started on demand (`start_powerdevil`) for its idle inhibitors.
Test support: it must not import deskbreak; jeepney is imported lazily.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.trixie import VENV, Trixie
from harness.wayland import kwin_motion

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


_VENV_PYTHON = f"{VENV}/bin/python"
_ATSPI = "org.a11y.atspi."
_ROLE_PUSH_BUTTON, _ROLE_NOTIFICATION = 43, 101  # AT-SPI's AtspiRole
_POWERDEVIL = "/usr/lib/x86_64-linux-gnu/libexec/org_kde_powerdevil"
_POWER = "org.freedesktop.PowerManagement"
_POWER_INHIBIT = "org.freedesktop.PowerManagement.Inhibit"
_POWER_PATH = "/org/freedesktop/PowerManagement/Inhibit"
# One X window's contents as a PNG: argv[1] the window id, argv[2] the file.
_GRAB = """
import sys
from PIL import Image
from Xlib import X, display
window = display.Display().create_resource_object("window", int(sys.argv[1], 16))
size = window.get_geometry()
image = window.get_image(0, 0, size.width, size.height, X.ZPixmap, 0xFFFFFFFF)
Image.frombytes("RGB", (size.width, size.height), image.data, "raw", "BGRX").save(sys.argv[2])
"""


class Plasma6(InRoot):
    """KWin 6 (`kwin_wayland --virtual`) with plasmashell 6: its tray and notifications, and
    plasmashell's accessibility tree on a bus of its own (`a11y_bus`)."""

    def __init__(self, trixie: Trixie, vars: dict[str, str]) -> None:
        super().__init__(trixie, vars)
        self.a11y_bus = ""
        self._a11y_conn: Any = None

    def server(self) -> str:
        """The notification server's name (GetServerInformation)."""
        path = "/org/freedesktop/Notifications"
        return str(self.call(_NOTIFICATIONS, path, _NOTIFICATIONS, "GetServerInformation")[0])

    def inhibited(self) -> bool:
        path = "/org/freedesktop/Notifications"
        return bool(self.prop(_NOTIFICATIONS, path, _NOTIFICATIONS, "Inhibited"))

    def inhibit(self) -> int:
        """Do-not-disturb through plasmashell's own `Inhibit`, held while this session's bus
        connection lasts or until `uninhibit`; its cookie."""
        path = "/org/freedesktop/Notifications"
        hints: dict[str, Any] = {}
        (cookie,) = self.call(
            _NOTIFICATIONS, path, _NOTIFICATIONS, "Inhibit", "ssa{sv}", "deskbreak-tests",
            "testing do-not-disturb", hints,
        )  # fmt: skip
        return int(cookie)

    def uninhibit(self, cookie: int) -> None:
        path = "/org/freedesktop/Notifications"
        self.call(_NOTIFICATIONS, path, _NOTIFICATIONS, "UnInhibit", "u", cookie)

    def start_powerdevil(self) -> None:
        """PowerDevil, Plasma's power manager, as Plasma's session starts it, once it serves
        `org.freedesktop.PowerManagement.Inhibit` (at once if it already does). It runs with
        no UPower, logind or backlight (it logs that each is missing); its inhibitors need
        none of them."""
        if self.has_bus_name(_POWER):
            return
        # its file capability (cap_wake_alarm) may be one a container does not grant: a copy
        binary = self.dir / "org_kde_powerdevil"
        shutil.copyfile(self.session.root.path / _POWERDEVIL.lstrip("/"), binary)
        binary.chmod(0o755)
        self.adopt(binary)
        self.spawn("powerdevil", str(binary))
        self.wait_for(
            "PowerDevil's inhibitors",
            lambda: self.has_bus_name(_POWER) and self.has_bus_name(_POWER_INHIBIT),
            30,
        )

    def power_inhibit(self, app: str, reason: str) -> int:
        """An idle inhibition through PowerDevil's `org.freedesktop.PowerManagement.Inhibit`,
        as a video player takes one for fullscreen playback, until `power_uninhibit`. Its
        cookie."""
        (cookie,) = self.call(_POWER, _POWER_PATH, _POWER_INHIBIT, "Inhibit", "ss", app, reason)
        return int(cookie)

    def power_uninhibit(self, cookie: int) -> None:
        self.call(_POWER, _POWER_PATH, _POWER_INHIBIT, "UnInhibit", "u", cookie)

    def power_inhibited(self) -> bool:
        """PowerDevil's `HasInhibit`: an inhibition is in force."""
        return bool(self.call(_POWER, _POWER_PATH, _POWER_INHIBIT, "HasInhibit")[0])

    def hosts(self) -> list[str]:
        """The SNI hosts' bus names (plasmashell's tray is `org.kde.StatusNotifierHost-PID`)."""
        bus = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
        names = self.call(*bus, "ListNames")[0]
        return [str(n) for n in names if str(n).startswith("org.kde.StatusNotifierHost-")]

    def host_registered(self) -> bool:
        """The watcher (kded6's) says a host (plasmashell's tray) registered; False until the
        watcher's object is there (kded6 takes the name before it exports the object)."""
        from jeepney.wrappers import DBusErrorResponse

        name = "org.kde.StatusNotifierWatcher"
        try:
            found = self.prop(
                name, "/StatusNotifierWatcher", name, "IsStatusNotifierHostRegistered"
            )
        except DBusErrorResponse:
            return False
        return bool(found)

    def move_cursor(self) -> None:
        """Input that resets idle time: a pointer motion through KDE's fake input (KWin
        allows it: KWIN_WAYLAND_NO_PERMISSION_CHECKS)."""
        kwin_motion(self.runtime / self.vars["WAYLAND_DISPLAY"])

    def popup_buttons(self, summary: str, label: str) -> list[tuple[str, str]]:
        """The buttons `label` of plasmashell's popups of notifications `summary`, newest
        first, found in plasmashell's accessibility tree (Qt's AT-SPI bridge): each (bus
        name, object path) on the accessibility bus. A popup is a top-level window of its
        own whose notification is at most two levels down (the notification history in the
        tray's window is deeper)."""
        app = self._a11y_app()
        if not app:
            return []
        found: list[tuple[str, str]] = []
        windows = self._a11y(app, "/org/a11y/atspi/accessible/root", "GetChildren")[0]
        for window in reversed(windows):  # the newest window last
            for note in self._a11y_descendants(window, 2):
                if self._a11y_is(note, _ROLE_NOTIFICATION, summary):
                    found += [
                        button
                        for button in self._a11y_descendants(note, 6)
                        if self._a11y_is(button, _ROLE_PUSH_BUTTON, label)
                    ]
        return found

    def press(self, button: tuple[str, str]) -> None:
        """Press `button` (from `popup_buttons`) through its AT-SPI action "Press", as a
        screen reader or switch access does."""
        (actions,) = self._a11y(*button, "GetActions", iface=_ATSPI + "Action")
        index = [str(name) for name, _desc, _keys in actions].index("Press")
        (done,) = self._a11y(*button, "DoAction", "i", index, iface=_ATSPI + "Action")
        assert done, f"plasmashell did not press {button}"

    def _a11y(
        self, dest: str, path: str, method: str, sig: str = "", *args: Any,
        iface: str = _ATSPI + "Accessible",
    ) -> Any:  # fmt: skip
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.wrappers import unwrap_msg

        if self._a11y_conn is None:
            self._a11y_conn = open_dbus_connection(bus=self.a11y_bus)
        msg = new_method_call(DBusAddress(path, dest, iface), method, sig or None, args)
        return unwrap_msg(self._a11y_conn.send_and_get_reply(msg, timeout=10))

    def _a11y_app(self) -> str:
        """plasmashell's name on the accessibility bus ("" until it is there)."""
        bus = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "ListNames")
        for name in self._a11y(*bus, iface="org.freedesktop.DBus")[0]:
            if (
                str(name).startswith(":")
                and self._a11y_name((str(name), "/org/a11y/atspi/accessible/root")) == "plasmashell"
            ):
                return str(name)
        return ""

    def _a11y_name(self, node: tuple[str, str]) -> str:
        props = ("org.freedesktop.DBus.Properties", "Get", "ss", _ATSPI + "Accessible", "Name")
        _sig, name = self._a11y(node[0], node[1], *props[1:], iface=props[0])[0]
        return str(name)

    def _a11y_is(self, node: tuple[str, str], role: int, name: str) -> bool:
        return int(self._a11y(*node, "GetRole")[0]) == role and self._a11y_name(node) == name

    def _a11y_descendants(self, node: tuple[str, str], depth: int) -> list[tuple[str, str]]:
        """`node`'s descendants down to `depth` levels, nearest first."""
        found: list[tuple[str, str]] = []
        level = [node]
        for _ in range(depth):
            level = [
                (str(d), str(p))
                for parent in level
                for d, p in self._a11y(*parent, "GetChildren")[0]
            ]
            found += level
        return found

    def close(self) -> None:
        if self._a11y_conn is not None:
            self._a11y_conn.close()
        super().close()

    def x_display(self) -> str:
        """The X display KWin listens on for Xwayland (":0"), "" until its socket is there."""
        names = self.run("ls", "/tmp/.X11-unix", check=False).stdout.split()
        return next((":" + n[1:] for n in sorted(names) if n[1:].isdigit()), "")

    def x_windows(self, name: str) -> list[int]:
        """The X windows (under Xwayland) whose name starts with `name` and that are viewable:
        KWin, Xwayland's window manager, has mapped them."""
        tree = self.run("xwininfo", "-root", "-tree", check=False).stdout
        found = []
        for wid in re.findall(r"^\s*(0x[0-9a-f]+) \"" + re.escape(name), tree, re.M):
            info = self.run("xwininfo", "-id", wid, check=False).stdout
            if "Map State: IsViewable" in info:
                found.append(int(wid, 16))
        return found

    def window_shot(self, window: int, path: Path) -> Path:
        """A PNG of X window `window`'s contents at `path`, read from Xwayland (GetImage, by
        python-xlib and Pillow in deskbreak's venv in the root). KWin's own screenshot
        interface needs its OpenGL compositor; with no GPU it composites with QPainter and
        does not offer one."""
        shot = self.temp_dir / path.name
        self.run(f"{_VENV_PYTHON}", "-c", _GRAB, hex(window), str(shot), timeout=30)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(shot, path)
        return path


def start_plasma6(trixie: Trixie) -> Plasma6:
    """kwin_wayland --virtual and plasmashell, with plasmashell's tray host and notification
    server answering."""
    # Debian's kwin_wayland carries a file capability a container may not grant: a copy runs
    kwin = trixie.dir / "kwin_wayland"
    shutil.copyfile(trixie.root.path / "usr/bin/kwin_wayland", kwin)
    kwin.chmod(0o755)
    trixie.adopt(trixie.dir)
    desk = Plasma6(
        trixie,
        {
            "XDG_SESSION_TYPE": "wayland",
            "XDG_CURRENT_DESKTOP": "KDE",
            "KDE_SESSION_VERSION": "6",
            "KWIN_WAYLAND_NO_PERMISSION_CHECKS": "1",
            "WAYLAND_DISPLAY": "wayland-kde",
            "QT_QPA_PLATFORM": "wayland",
        },
    )
    # what the bus starts (kded6 among them) must find the compositor, not try X11
    desk.run("dbus-update-activation-environment", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM",
             "XDG_CURRENT_DESKTOP", "KDE_SESSION_VERSION", "XDG_SESSION_TYPE")  # fmt: skip
    trixie.spawn(
        "kwin",
        str(kwin), "--virtual", "--no-lockscreen", "--width", "1280", "--height", "800",
        "--socket", "wayland-kde", "--xwayland",
        env={**desk.vars, "QT_QPA_PLATFORM": "offscreen", "WAYLAND_DISPLAY": ""},
    )  # fmt: skip
    desk.wait_for("KWin's socket", lambda: desk.socket("wayland-kde") != "", 30)
    # KWin listens for X clients itself and starts Xwayland for the first one to connect
    desk.wait_for("KWin's X11 socket", lambda: desk.x_display() != "", 30)
    desk.vars["DISPLAY"] = desk.x_display()
    # Plasma's session manager has kded6 load the SNI watcher in its second phase; without
    # one, kded6 (started by the bus) only claims the watcher's name: load the module first
    desk.call("org.kde.kded6", "/kded", "org.kde.kded6", "loadModule", "s", "statusnotifierwatcher")
    # plasmashell's widgets over AT-SPI: Qt's bridge, always on, on a bus of its own (no
    # at-spi2-core: the bus's address is given, and no registry is needed to walk the tree)
    desk.a11y_bus = trixie.extra_bus("a11y_bus")
    a11y = {"QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "AT_SPI_BUS_ADDRESS": desk.a11y_bus}
    trixie.spawn("plasmashell", "plasmashell", "--no-respawn", env={**desk.vars, **a11y})
    desk.wait_for("plasmashell's notifications", lambda: desk.has_bus_name(_NOTIFICATIONS), 60)
    desk.wait_for(
        "plasmashell's tray host",
        lambda: desk.host_registered() and bool(desk.hosts()),
        60,
    )
    return desk
