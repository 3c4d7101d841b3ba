"""Throwaway, real, headless Wayland desktops for tests: sway (+ waybar, mako) and KWin.

This module owns starting those desktops, answering questions about them (bus names, tray
items, notifications) and sending them input, and stopping every process it started by PID.
Each desktop gets a private XDG_RUNTIME_DIR and a private session bus with no service
activation. sway refuses to run as root: when the suite runs as root (as CI does), sway,
waybar and mako run as an unprivileged user this module creates (`setpriv`), which owns the
runtime dir; the program under test keeps the suite's own user, because the interpreter
(a pyenv build under /root, say) may not be readable by anyone else, and root may use the
user's sockets. KWin runs as the suite's user, from a copy of its binary without the file
capability a container may not grant. Test support, not part of the package: it must not
import deskbreak; it imports pywayland lazily, for KWin's fake input.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.desktop import DesktopError
from harness.process import ProcessGroup, read_line

log = logging.getLogger(__name__)

TEST_USER = "deskbreak-test"
SWAY = {"sway": "sway", "swaymsg": "sway", "waybar": "waybar", "mako": "mako-notifier",
        "makoctl": "mako-notifier", "wtype": "wtype", "grim": "grim", "Xwayland": "xwayland",
        "xhost": "x11-xserver-utils",
        "dbus-daemon": "dbus", "dbus-send": "dbus"}  # fmt: skip
KWIN = {"kwin_wayland": "kwin-wayland", "dbus-daemon": "dbus", "dbus-send": "dbus"}
_BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={runtime}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
_SWAY_CONF = """output HEADLESS-1 resolution 1280x800
xwayland enable
exec env > {dir}/sway-env
"""
_WAYBAR = {"layer": "top", "height": 30, "modules-right": ["tray"], "tray": {"spacing": 4}}


def missing(programs: dict[str, str]) -> list[str]:
    """Programs not on PATH, as "program (debian-package)"."""
    return [f"{p} ({pkg})" for p, pkg in programs.items() if shutil.which(p) is None]


@dataclass
class Wayland:
    """A running Wayland desktop; `close` stops every process it started, by PID."""

    kind: str  # "sway" or "kwin"
    dir: Path
    user: str | None  # the user the desktop runs as, when not the suite's own
    vars: dict[str, str] = field(default_factory=dict)
    group: ProcessGroup = field(init=False)

    def __post_init__(self) -> None:
        self.group = ProcessGroup(self.dir, DesktopError)

    @property
    def env(self) -> dict[str, str]:
        """os.environ as it is now (a monkeypatched DESKBREAK_HOME reaches children), minus
        any outer display, plus the desktop's variables."""
        outer = ("DISPLAY", "WAYLAND_DISPLAY", "SWAYSOCK", "DBUS_SESSION_BUS_ADDRESS")
        return {k: v for k, v in os.environ.items() if k not in outer} | self.vars

    def run(
        self, *cmd: str, timeout: float = 10, check: bool = True, as_desktop: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Run `cmd` in the desktop (as the desktop's user with `as_desktop`), capturing output."""
        argv = self._as_user(cmd) if as_desktop else tuple(cmd)
        return subprocess.run(
            argv, env=self.env, capture_output=True, text=True, timeout=timeout, check=check
        )

    def popen(self, *cmd: str, **kw: Any) -> subprocess.Popen[str]:
        """Start `cmd` in the desktop; stopped at teardown if the caller has not."""
        return self.group.popen(*cmd, env={**self.env, **kw.pop("env", {})}, **kw)

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout: float = 10) -> None:
        """Poll `predicate` until it holds; raise with the logs on timeout or a process dying."""
        self.group.wait_for(what, predicate, timeout)

    def logs(self, lines: int = 10) -> str:
        return self.group.logs(lines)

    # ------------------------------------------------------------------ the bus
    def bus_call(self, dest: str, path: str, method: str, *args: str) -> str:
        cmd = ("dbus-send", "--session", "--print-reply", f"--dest={dest}", path, method, *args)
        out = self.run(*cmd, check=False, timeout=5)
        return out.stdout + out.stderr

    def has_bus_name(self, name: str) -> bool:
        out = self.bus_call("org.freedesktop.DBus", "/org/freedesktop/DBus",
                            "org.freedesktop.DBus.NameHasOwner", f"string:{name}")  # fmt: skip
        return "boolean true" in out

    def sni_items(self) -> list[str]:
        """RegisteredStatusNotifierItems, as waybar's watcher reports them."""
        import re

        out = self.bus_call("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher",
                            "org.freedesktop.DBus.Properties.Get",
                            "string:org.kde.StatusNotifierWatcher",
                            "string:RegisteredStatusNotifierItems")  # fmt: skip
        return re.findall(r'string "([^"]*)"', out)

    # ------------------------------------------------------------ sway's tools
    def notifications(self) -> list[dict[str, Any]]:
        """mako's notifications on screen (`makoctl list`): id, summary, body, actions."""
        out = self.run("makoctl", "list", as_desktop=True, check=False).stdout
        if not out.strip():
            return []
        found = []
        for item in json.loads(out)["data"][0]:
            found.append({
                "id": item["id"]["data"],
                "summary": item["summary"]["data"],
                "body": item["body"]["data"],
                "actions": dict(item.get("actions", {}).get("data", {})),
            })  # fmt: skip
        return found

    def invoke(self, note_id: int, action: str) -> None:
        """Click action `action` (its key) of notification `note_id` in mako."""
        self.run("makoctl", "invoke", "-n", str(note_id), action, as_desktop=True)

    def type_key(self) -> None:
        """Input that resets idle time: type one key (sway: wtype; KWin: fake input)."""
        if self.kind == "kwin":
            self._kwin_motion()
        else:
            self.run("wtype", "-k", "Shift_L", as_desktop=True)

    def move_cursor(self) -> None:
        if self.kind == "kwin":
            self._kwin_motion()
        else:
            self.run("swaymsg", "seat", "seat0", "cursor", "move", "5", "5", as_desktop=True)

    def screenshot(self, path: Path) -> Path:
        """Save the whole output as a PNG at `path` (grim, on sway)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        shot = self.dir / "grim.png"
        self.run("grim", str(shot), as_desktop=True, timeout=20)
        shutil.copyfile(shot, path)
        return path

    def windows(self) -> list[dict[str, Any]]:
        """sway's windows: name, app_id or X11 class, and whether it is an Xwayland one."""
        tree = json.loads(self.run("swaymsg", "-t", "get_tree", as_desktop=True).stdout)
        found: list[dict[str, Any]] = []
        stack = [tree]
        while stack:
            node = stack.pop()
            stack += node.get("nodes", []) + node.get("floating_nodes", [])
            if node.get("pid"):
                found.append({"name": node.get("name"), "shell": node.get("shell")})
        return found

    def _kwin_motion(self) -> None:
        kwin_motion(Path(self.vars["XDG_RUNTIME_DIR"]) / self.vars["WAYLAND_DISPLAY"])

    # ---------------------------------------------------------------- lifetime
    def close(self) -> None:
        self.group.close()

    def _as_user(self, cmd: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        """`cmd` run as the desktop's user. setpriv execs (runuser would fork and, on TERM,
        sleep 2 s before it kills), so the PID is the command's and TERM reaches it."""
        if self.user is None:
            return tuple(cmd)
        entry = pwd.getpwnam(self.user)
        home = f"HOME={self.dir / 'home'}"
        return ("setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}",
                "--clear-groups", "--", "env", home, f"USER={self.user}", *cmd)  # fmt: skip

    def _spawn(self, name: str, *cmd: str, as_desktop: bool = False, pass_fd: int = -1) -> None:
        argv = self._as_user(cmd) if as_desktop else cmd
        self.group.spawn(name, *argv, env=self.env, pass_fd=None if pass_fd < 0 else pass_fd)


def _test_user() -> str | None:
    """The unprivileged user the desktop runs as when the suite is root; created if needed."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(TEST_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        TEST_USER], check=True, capture_output=True, timeout=30)  # fmt: skip
    return TEST_USER


def _new(kind: str, user: str | None) -> Wayland:
    root = Path(tempfile.mkdtemp(prefix=f"{kind}-session."))
    desk = Wayland(kind=kind, dir=root, user=user)
    runtime = root / "runtime"
    runtime.mkdir(mode=0o700)
    (root / "home").mkdir()
    if user is not None:
        entry = pwd.getpwnam(user)
        for path in (root, runtime, root / "home"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    desk.vars.update(XDG_RUNTIME_DIR=str(runtime), NO_AT_BRIDGE="1")
    return desk


def _start_bus(desk: Wayland) -> None:
    conf = desk.dir / "bus.conf"
    conf.write_text(_BUS_CONF.format(runtime=desk.vars["XDG_RUNTIME_DIR"]))
    conf.chmod(0o644)
    read_fd, write_fd = os.pipe()
    try:
        desk._spawn("dbus-daemon", "dbus-daemon", "--nofork", f"--config-file={conf}",
                    f"--print-address={write_fd}", pass_fd=write_fd,
                    as_desktop=True)  # fmt: skip
    finally:
        os.close(write_fd)
    desk.vars["DBUS_SESSION_BUS_ADDRESS"] = read_line(read_fd, "the bus address", DesktopError)
    desk.wait_for("the session bus", lambda: desk.has_bus_name("org.freedesktop.DBus"))


def _socket(desk: Wayland, prefix: str) -> str | None:
    found = sorted(p.name for p in Path(desk.vars["XDG_RUNTIME_DIR"]).glob(prefix + "*"))
    return next((name for name in found if not name.endswith(".lock")), None)


def start_sway_desktop() -> Wayland:
    """sway headless with waybar (SNI watcher + tray) and mako, each answering; or raise."""
    gone = missing(SWAY)
    if gone:
        raise DesktopError("missing programs (Debian package): " + ", ".join(gone))
    desk = _new("sway", _test_user())
    try:
        (desk.dir / "sway.conf").write_text(_SWAY_CONF.format(dir=desk.dir))
        (desk.dir / "waybar.json").write_text(json.dumps(_WAYBAR))
        _start_bus(desk)
        desk.vars.update(WLR_BACKENDS="headless", WLR_LIBINPUT_NO_DEVICES="1",
                         WLR_RENDERER="pixman", XDG_SESSION_TYPE="wayland",
                         XDG_CURRENT_DESKTOP="sway")  # fmt: skip
        desk._spawn("sway", "sway", "-c", str(desk.dir / "sway.conf"), as_desktop=True)
        desk.wait_for("sway's sockets", lambda: bool(_socket(desk, "wayland-")
                                                       and _socket(desk, "sway-ipc.")))  # fmt: skip
        runtime = Path(desk.vars["XDG_RUNTIME_DIR"])
        desk.vars["WAYLAND_DISPLAY"] = _socket(desk, "wayland-") or ""
        desk.vars["SWAYSOCK"] = str(runtime / (_socket(desk, "sway-ipc.") or ""))
        env_file = desk.dir / "sway-env"
        desk.wait_for("sway's environment", lambda: "DISPLAY=" in _read(env_file))
        for line in _read(env_file).splitlines():
            if line.startswith("DISPLAY="):
                desk.vars["DISPLAY"] = line.split("=", 1)[1]
        if desk.user is not None:  # Xwayland admits only its own user: let the suite's in
            suite = pwd.getpwuid(os.geteuid()).pw_name
            desk.run("xhost", f"+si:localuser:{suite}", as_desktop=True, timeout=20)
        desk._spawn("mako", "mako", as_desktop=True)
        desk.wait_for("mako", lambda: desk.has_bus_name("org.freedesktop.Notifications"))
        desk._spawn("waybar", "waybar", "-c", str(desk.dir / "waybar.json"), as_desktop=True)
        desk.wait_for("waybar's watcher",
                      lambda: desk.has_bus_name("org.kde.StatusNotifierWatcher"), 20)  # fmt: skip
    except BaseException:
        desk.close()
        raise
    return desk


def start_kwin() -> Wayland:
    """kwin_wayland --virtual, offscreen, with fake input allowed; or raise."""
    gone = missing(KWIN)
    if gone:
        raise DesktopError("missing programs (Debian package): " + ", ".join(gone))
    desk = _new("kwin", None)
    try:
        _start_bus(desk)
        binary = desk.dir / "kwin_wayland"
        shutil.copyfile(shutil.which("kwin_wayland") or "kwin_wayland", binary)  # no file caps
        binary.chmod(0o755)
        desk.vars.update(QT_QPA_PLATFORM="offscreen", KWIN_WAYLAND_NO_PERMISSION_CHECKS="1",
                         XDG_SESSION_TYPE="wayland", XDG_CURRENT_DESKTOP="KDE",
                         HOME=str(desk.dir / "home"))  # fmt: skip
        desk._spawn("kwin", str(binary), "--virtual", "--width", "1280", "--height", "800",
                    "--socket", "wayland-kwin")  # fmt: skip
        desk.wait_for("KWin's socket", lambda: _socket(desk, "wayland-kwin") is not None, 20)
        desk.vars["WAYLAND_DISPLAY"] = "wayland-kwin"
        desk.wait_for("KWin's ScreenSaver service",
                      lambda: desk.has_bus_name("org.freedesktop.ScreenSaver"), 20)  # fmt: skip
    except BaseException:
        desk.close()
        raise
    return desk


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


@contextlib.contextmanager
def _fake_input(socket: Path, reason: str) -> Iterator[tuple[Any, Callable[[], object]]]:
    """KDE's fake input on the KWin at `socket` (its Wayland socket), authenticated for
    `reason`, and a round trip (KWin has handled all sent so far once it returns); one more
    round trip on leaving. KWin must allow the protocol to any client
    (KWIN_WAYLAND_NO_PERMISSION_CHECKS=1)."""
    from pywayland.client.display import Display

    from harness.kde_fake_input import OrgKdeKwinFakeInput

    display = Display(str(socket))
    display.connect()
    try:
        found: dict[str, int] = {}
        registry = display.get_registry()

        def on_global(_r: Any, name: int, interface: str, _version: int) -> None:
            found[interface] = name

        registry.dispatcher["global"] = on_global
        display.roundtrip()
        fake = registry.bind(found["org_kde_kwin_fake_input"], OrgKdeKwinFakeInput, 4)
        fake.authenticate("deskbreak tests", reason)
        yield fake, display.roundtrip
        display.roundtrip()
    finally:
        display.disconnect()


def kwin_motion(socket: Path) -> None:
    """A small pointer motion through KDE's fake input on the KWin at `socket`: input that
    resets idle time."""
    with _fake_input(socket, "input that resets idle time") as (fake, _handled):
        fake.pointer_motion(5.0, 5.0)


BTN_LEFT = 0x110  # linux/input-event-codes.h


def kwin_click(socket: Path, x: float, y: float) -> None:
    """A left click at (`x`, `y`) on the screen through KDE's fake input, as a mouse makes
    one: the pointer goes there, moves a pixel within what is under it (Qt Quick takes a
    press only where the pointer has moved), then the button goes down and up."""
    with _fake_input(socket, "a click, as a user makes one") as (fake, handled):
        fake.pointer_motion_absolute(float(x), float(y))
        handled()
        fake.pointer_motion(1.0, 1.0)
        handled()
        fake.button(BTN_LEFT, 1)
        handled()
        fake.button(BTN_LEFT, 0)
