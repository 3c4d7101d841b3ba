"""A throwaway, real, headless desktop for tests: Xvfb, a private bus, dunst, a tray host.

This module owns starting that desktop, answering questions about it (windows, tray docking,
notifications) and tearing it down by PID (its processes are a `harness.process.ProcessGroup`).
It is test support, not part of the package: it must not import deskbreak, and it imports
python-xlib and jeepney lazily (only when asked about the tray selection; the notification
monitor is `harness.notifymonitor`'s). Run it as a module to wrap one command in a session:
``cd tests && python -m harness.desktop [--tray xembed|sni|both|none] [--no-notifyd] -- CMD ...``.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support.bus import LOCAL_BUS_CONF

from harness.notifymonitor import NotifyMonitor
from harness.process import ProcessGroup, read_line

log = logging.getLogger(__name__)

TRAYS = ("xembed", "sni", "both", "none")
_BASE = {"Xvfb": "xvfb", "dbus-daemon": "dbus", "dbus-send": "dbus", "xwininfo": "x11-utils"}
_TOOLS = {"xdotool": "xdotool", "import": "imagemagick"}
_NOTIFYD = {"dunst": "dunst", "dunstctl": "dunst"}
_XEMBED = {"trayer": "trayer"}
_SNI = {
    "status-notifier-watcher": "haskell-status-notifier-item-utils",
    "gtk-sni-tray-standalone": "haskell-gtk-sni-tray-utils",
}
# dunst's context-menu program: log what is offered, answer the first line containing the pick.
_PICK_SCRIPT = """#!/bin/sh
tee -a "{dir}/dmenu-offered.log" | grep -m1 -F -- "$(cat "{dir}/dmenu-pick" 2>/dev/null)"
"""
# idle_threshold 0: timeouts always run (the default 120 s freezes them on an input-less Xvfb).
_DUNSTRC = """[global]
    idle_threshold = 0
    dmenu = {dir}/dmenu.sh
    history_length = 100
"""


class DesktopError(RuntimeError):
    """The desktop could not be started, or something it waited for never happened."""


def missing_programs(tray: str, notifyd: bool) -> list[str]:
    """Programs the session needs that are not on PATH, as "program (debian-package)"."""
    needed = {**_BASE, **_TOOLS}
    if notifyd:
        needed.update(_NOTIFYD)
    if tray in ("xembed", "both"):
        needed.update(_XEMBED)
    if tray in ("sni", "both"):
        needed.update(_SNI)
    return [f"{prog} ({pkg})" for prog, pkg in needed.items() if shutil.which(prog) is None]


@dataclass
class Desktop:
    """A running session; every process it started is stopped by PID in `close`."""

    vars: dict[str, str]  # what the session adds: DISPLAY, DBUS_SESSION_BUS_ADDRESS, ...
    display: str
    dir: Path
    group: ProcessGroup = field(init=False)
    _monitor: NotifyMonitor | None = None

    def __post_init__(self) -> None:
        self.group = ProcessGroup(self.dir, DesktopError)

    @property
    def env(self) -> dict[str, str]:
        """Full environment for a child: os.environ as it is now (so a monkeypatched
        DESKBREAK_HOME reaches it) plus the session's variables."""
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
        return env | self.vars

    def run(
        self, *cmd: str, timeout: float = 10, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run `cmd` inside the session and capture its output."""
        return subprocess.run(
            cmd, env=self.env, capture_output=True, text=True, timeout=timeout, check=check
        )

    def popen(self, *cmd: str, **kw: Any) -> subprocess.Popen[str]:
        """Start `cmd` inside the session; it is stopped at teardown if the caller has not.
        It gets SIGTERM if the calling thread dies, so call this from a thread that outlives it."""
        return self.group.popen(*cmd, env={**self.env, **kw.pop("env", {})}, **kw)

    def pids(self) -> list[int]:
        """PIDs of the session's own processes (Xvfb, bus, dunst, tray hosts), in start order."""
        return self.group.pids()

    def screenshot(self, path: Path, window: str | None = None) -> Path:
        """Save the root window (or window `window`, an id) as an image at `path`."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.run("import", "-window", window or "root", str(path), timeout=20)
        return path

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout: float = 10) -> None:
        """Poll `predicate` until it holds; raise with the logs on timeout or a process dying."""
        self.group.wait_for(what, predicate, timeout)

    def wait_for_x(self, what: str, predicate: Callable[[], bool], timeout: float = 60) -> None:
        """Like `wait_for`, but woken by the X server: `predicate` is asked again each time a
        window is made, mapped, moved into another (docked, say) or gone, and once a second
        besides, instead of on a fixed poll; on a loaded machine it waits as long as it takes."""
        from Xlib import X
        from Xlib import display as xdisplay

        disp = xdisplay.Display(self.display)
        try:
            disp.screen().root.change_attributes(event_mask=X.SubstructureNotifyMask)
            disp.sync()  # from here on no change is missed: asked after each one
            deadline = time.monotonic() + timeout

            def asked() -> bool:
                if predicate():
                    return True
                left = min(1.0, deadline - time.monotonic())
                if left > 0 and select.select([disp.fileno()], [], [], left)[0]:
                    while disp.pending_events():  # wait for a change, then ask again
                        disp.next_event()
                return False

            self.group.wait_for(what, asked, timeout, every=0)
        finally:
            disp.close()

    def logs(self, lines: int = 8) -> str:
        """The last lines of every session log, for failure messages."""
        return self.group.logs(lines)

    def find_window(self, name: str, timeout: float = 10) -> str:
        """Id of the first window whose name matches `name` (a regex, as xdotool takes it)."""
        found: list[str] = []

        def search() -> bool:
            out = self.run("xdotool", "search", "--name", name, check=False).stdout.split()
            found.extend(out[:1])
            return bool(out)

        self.wait_for(f"a window named {name!r}", search, timeout)
        return found[0]

    def tray_selection_owned(self) -> bool:
        """Whether some window owns _NET_SYSTEM_TRAY_S0 (an XEmbed tray host is ready)."""
        from Xlib import display as xdisplay

        disp = xdisplay.Display(self.display)
        try:
            owner = disp.get_selection_owner(disp.intern_atom("_NET_SYSTEM_TRAY_S0"))
            return bool(getattr(owner, "id", owner))
        finally:
            disp.close()

    def tray_docked(self, name: str) -> bool:
        """Whether the window named `name` sits inside trayer's panel (not a 1x1 root child).
        False, too, when xwininfo fails because a window went while it walked the tree (as
        one does while the tray docks an icon): asked again, it sees the tree as it is now."""
        walk = self.run("xwininfo", "-root", "-tree", check=False)
        if walk.returncode != 0:
            return False
        tree = walk.stdout.splitlines()
        panel_indent: int | None = None
        for line in tree:
            match = re.match(r"^(\s*)0x[0-9a-f]+ (.*)$", line)
            if not match:
                continue
            indent, rest = len(match.group(1)), match.group(2)
            if panel_indent is not None and indent <= panel_indent:
                panel_indent = None
            if '("panel" "trayer")' in rest:
                panel_indent = indent
            elif panel_indent is not None and rest.startswith(f'"{name}":'):
                return True
        return False

    def sni_items(self) -> list[str]:
        """RegisteredStatusNotifierItems, as the StatusNotifierWatcher reports them."""
        out = self._dbus_send(
            "org.kde.StatusNotifierWatcher",
            "/StatusNotifierWatcher",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.kde.StatusNotifierWatcher",
            "string:RegisteredStatusNotifierItems",
        )
        return re.findall(r'string "([^"]*)"', out)

    def has_bus_name(self, name: str) -> bool:
        """Whether `name` has an owner on the session bus."""
        out = self._dbus_send(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{name}",
        )
        return "boolean true" in out

    def bus_names(self) -> list[str]:
        """Every name on the session bus."""
        out = self._dbus_send(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"
        )
        return re.findall(r'string "([^"]*)"', out)

    def _dbus_send(self, dest: str, path: str, method: str, *args: str) -> str:
        cmd = ("dbus-send", "--session", "--print-reply", f"--dest={dest}", path, method, *args)
        return self.run(*cmd, check=False, timeout=5).stdout

    def notifications(self) -> list[dict[str, Any]]:
        """Notifications sent on this bus, newest first.

        Each has id, app_name, summary, body, actions (label -> key), displayed, closed_reason,
        invoked (action keys), and `to`, the bus name the call went to. They come from a bus
        monitor, so they are seen whether still shown or already closed (and with a fake server
        as well as with dunst).
        """
        return [] if self._monitor is None else self._monitor.records()

    def invoke_action(self, label: str, *, summary: str | None = None) -> None:
        """Pick the action labelled `label` (of the notification titled `summary`, if given)
        from dunst's context menu, as a user would: dunst emits ActionInvoked."""
        self._pick(label if summary is None else f"{label} ({summary})")  # dunst's menu lines

    def invoke_default(self, *, summary: str | None = None) -> None:
        """Invoke the default action (a click) of the newest displayed notification that has one
        (titled `summary`, if given). `dunstctl action 0` would click the *top* one, which in a
        shared session may be another test's, so pick its `[id,default]` menu line instead."""
        for note in self.notifications():
            wanted = summary is None or note["summary"] == summary
            if wanted and note["displayed"] and "default" in note["actions"].values():
                self._pick(f"[{note['id']},default]")
                return
        self.run("dunstctl", "action", "0")

    def _pick(self, text: str) -> None:
        Path(self.vars["DESKTOP_SESSION_PICK"]).write_text(text + "\n")
        self.run("dunstctl", "context")

    def close(self) -> None:
        """Stop every started process by PID (TERM, 2 s, KILL), newest first; remove the dir."""
        if self._monitor is not None:
            self._monitor.stop()
            self._monitor = None
        self.group.close()


def _read_line(fd: int, what: str) -> str:
    return read_line(fd, what, DesktopError)


def _spawn(desk: Desktop, name: str, *cmd: str, pass_fd: int | None = None) -> None:
    """Start one of the session's own programs, `name`, with its log in the session's folder."""
    desk.group.spawn(name, *cmd, env=desk.env, pass_fd=pass_fd)


def start_desktop(
    *, tray: str = "xembed", notifyd: bool = True, screen: str = "1280x800x24"
) -> Desktop:
    """Start a session and wait until each part answers; on failure stop what started and raise."""
    if tray not in TRAYS:
        raise DesktopError(f"unknown tray {tray!r}; expected one of {', '.join(TRAYS)}")
    missing = missing_programs(tray, notifyd)
    if missing:
        raise DesktopError("missing programs (Debian package): " + ", ".join(missing))
    root = Path(tempfile.mkdtemp(prefix="desktop-session."))
    session = {"NO_AT_BRIDGE": "1", "DESKTOP_SESSION_DIR": str(root)}
    session["DESKTOP_SESSION_PICK"] = str(root / "dmenu-pick")
    desk = Desktop(vars=session, display="", dir=root)
    try:
        _start_x(desk, screen)
        _start_bus(desk)
        if notifyd:
            _start_dunst(desk)
        if tray in ("xembed", "both"):
            _start_trayer(desk)
        if tray in ("sni", "both"):
            _start_sni(desk)
        desk.wait_for("the session to settle", lambda: True)  # fails if anything died meanwhile
        desk.vars["DESKTOP_SESSION_PIDS"] = " ".join(map(str, desk.pids()))
    except BaseException:
        desk.close()
        raise
    log.info("desktop ready: DISPLAY=%s tray=%s notifyd=%s", desk.display, tray, notifyd)
    return desk


def _start_x(desk: Desktop, screen: str) -> None:
    read_fd, write_fd = os.pipe()
    try:
        _spawn(desk, "Xvfb", "Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen,
               "-nolisten", "tcp", pass_fd=write_fd)  # fmt: skip
    finally:
        os.close(write_fd)
    desk.display = ":" + _read_line(read_fd, "Xvfb's display number")
    desk.vars["DISPLAY"] = desk.display
    desk.wait_for(
        f"X server {desk.display}",
        lambda: desk.run("xwininfo", "-root", check=False).returncode == 0,
    )


def _start_bus(desk: Desktop) -> None:
    runtime = desk.dir / "runtime"
    runtime.mkdir(mode=0o700)
    conf = desk.dir / "bus.conf"
    conf.write_text(LOCAL_BUS_CONF.format(dir=runtime))  # no <servicedir>: nothing auto-starts
    desk.vars["XDG_RUNTIME_DIR"] = str(runtime)
    read_fd, write_fd = os.pipe()
    try:
        _spawn(desk, "dbus-daemon", "dbus-daemon", "--nofork", f"--config-file={conf}",
               f"--print-address={write_fd}", pass_fd=write_fd)  # fmt: skip
    finally:
        os.close(write_fd)
    address = _read_line(read_fd, "the bus address")
    desk.vars["DBUS_SESSION_BUS_ADDRESS"] = address
    desk.wait_for("the session bus", lambda: desk.has_bus_name("org.freedesktop.DBus"))
    desk._monitor = NotifyMonitor(address)


def _start_dunst(desk: Desktop) -> None:
    pick = desk.dir / "dmenu.sh"
    pick.write_text(_PICK_SCRIPT.format(dir=desk.dir))
    pick.chmod(0o755)
    rc = desk.dir / "dunstrc"
    rc.write_text(_DUNSTRC.format(dir=desk.dir))
    _spawn(desk, "dunst", "dunst", "-config", str(rc))
    desk.wait_for(
        "dunst on org.freedesktop.Notifications",
        lambda: desk.has_bus_name("org.freedesktop.Notifications"),
    )


def _start_trayer(desk: Desktop) -> None:
    _spawn(desk, "trayer", "trayer", "--edge", "top", "--align", "right", "--widthtype",
           "request", "--height", "32", "--transparent", "false", "--tint", "0x333333",
           "--SetDockType", "true")  # fmt: skip

    def panel_mapped() -> bool:
        tree = desk.run("xwininfo", "-root", "-children", check=False).stdout
        return '("panel" "trayer")' in tree

    desk.wait_for("trayer's panel", panel_mapped)
    # trayer takes the selection a moment after mapping its panel
    desk.wait_for("trayer to own _NET_SYSTEM_TRAY_S0", desk.tray_selection_owned)


def _start_sni(desk: Desktop) -> None:
    _spawn(desk, "sni-watcher", "status-notifier-watcher")
    desk.wait_for(
        "org.kde.StatusNotifierWatcher",
        lambda: desk.has_bus_name("org.kde.StatusNotifierWatcher"),
    )
    _spawn(desk, "sni-host", "gtk-sni-tray-standalone", "--bottom", "--end", "--size", "32",
           "--color", "#224466")  # fmt: skip
    desk.wait_for(
        "a StatusNotifierHost",
        lambda: any(n.startswith("org.kde.StatusNotifierHost") for n in desk.bus_names()),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command inside a session; exit with its status (70 if the session failed)."""
    parser = argparse.ArgumentParser(description="Run a command inside a headless desktop.")
    parser.add_argument("--tray", choices=TRAYS, default="xembed")
    parser.add_argument("--no-notifyd", action="store_true", help="do not start dunst")
    parser.add_argument("--screen", default="1280x800x24", help="Xvfb screen, WxHxD")
    parser.add_argument("cmd", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]")
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no command given")
    try:
        desk = start_desktop(tray=args.tray, notifyd=not args.no_notifyd, screen=args.screen)
    except DesktopError as exc:
        print(f"desktop-session: {exc}", file=sys.stderr)
        return 70
    try:
        return _run_command(desk, cmd)
    finally:
        desk.close()


def _run_command(desk: Desktop, cmd: list[str]) -> int:
    def on_signal(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    try:
        proc = desk.popen(*cmd)
    except OSError as exc:
        print(f"desktop-session: cannot run {cmd[0]}: {exc.strerror}", file=sys.stderr)
        return 127
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return 130  # close() then stops the command by PID with the rest


if __name__ == "__main__":
    sys.exit(main())
