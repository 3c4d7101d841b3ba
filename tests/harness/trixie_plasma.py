"""Plasma 6 (kwin_wayland --virtual + plasmashell) started headless in a `harness.trixie` session.

`start_plasma6` takes a started `Trixie` session and gets KWin and plasmashell up and answering
(`Plasma6`, an `InRoot` desktop). KWin runs Xwayland for X clients (`DISPLAY` is set once KWin's
X socket is there), finds their mapped windows and reads a window's picture from Xwayland;
plasmashell's widgets are walked and pressed over AT-SPI (Qt's bridge, on an accessibility bus
of the session's own). PowerDevil, Plasma's power manager, is started on demand
(`start_powerdevil`) for its idle inhibitors. Test support: it must not import deskbreak;
jeepney is imported lazily.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from harness.trixie import VENV, Trixie
from harness.trixie_wayland import InRoot
from harness.wayland import kwin_click, kwin_motion

_VENV_PYTHON = f"{VENV}/bin/python"
_NOTIFICATIONS = "org.freedesktop.Notifications"
_ATSPI = "org.a11y.atspi."
_ROLE_PUSH_BUTTON, _ROLE_NOTIFICATION = 43, 101  # AT-SPI's AtspiRole
_SCREEN = 0  # AT-SPI's ATSPI_COORD_TYPE_SCREEN
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
        name, object path) on the accessibility bus."""
        return [
            button
            for note in self._popup_notes(summary)
            for button in self._a11y_descendants(note, 6)
            if self._a11y_is(button, _ROLE_PUSH_BUTTON, label)
        ]

    def popups(self, summary: str) -> list[tuple[int, int, int, int]]:
        """Where plasmashell shows its popups of notifications `summary` on the screen (x, y,
        width, height: the accessibility tree's screen extents), newest first."""
        boxes = []
        for note in self._popup_notes(summary):
            (box,) = self._a11y(*note, "GetExtents", "u", _SCREEN, iface=_ATSPI + "Component")
            x, y, width, height = (int(v) for v in box)
            boxes.append((x, y, width, height))
        return boxes

    def click_at(self, x: float, y: float) -> None:
        """A left click at (`x`, `y`) on the screen, through KDE's fake input."""
        kwin_click(self.runtime / self.vars["WAYLAND_DISPLAY"], x, y)

    def _popup_notes(self, summary: str) -> list[tuple[str, str]]:
        """plasmashell's popups of notifications `summary`, newest first, in its
        accessibility tree. A popup is a top-level window of its own whose notification is at
        most two levels down (the notification history in the tray's window is deeper)."""
        app = self._a11y_app()
        if not app:
            return []
        windows = self._a11y(app, "/org/a11y/atspi/accessible/root", "GetChildren")[0]
        return [
            note
            for window in reversed(windows)  # the newest window last
            for note in self._a11y_descendants(window, 2)
            if self._a11y_is(note, _ROLE_NOTIFICATION, summary)
        ]

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
