"""A throwaway, real, headless GNOME Shell for tests, with its lock screen, notifications and tray.

This module owns starting that shell, asking it things (idle time, lock state, its notifications,
the AppIndicator extension's watcher), acting on it as a user would (input through Mutter's
RemoteDesktop API, a click on a notification's button, the lock) and tearing it down by PID.

What it starts, each on private sockets in its own directory: a system bus and a stand-in for
GDM's display manager (without them the shell has no lock screen), a session bus with no service
activation, `gnome-shell --headless --wayland --virtual-monitor 1280x800` in a throwaway HOME whose
GSettings (the keyfile backend, set with `gsettings`) enable the AppIndicator extension and a
test-only extension written here that turns on the shell's unsafe mode (so `Shell.Eval` and the
screenshot API answer a test), and the shell's two gjs services that own
`org.freedesktop.Notifications` and `org.gnome.ScreenSaver`. Xwayland stays on (no `--no-x11`):
mutter starts it with the shell, so the player's Tk window opens as it would at a user's desk.

Test support, not part of the package: it must not import deskbreak; jeepney is imported lazily.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
APPINDICATOR = "ubuntu-appindicators@ubuntu.com"
UNSAFE = "unsafe-mode@deskbreak.test"
_PROGRAMS = {
    "gnome-shell": "gnome-shell",
    "gjs": "gjs",
    "gsettings": "libglib2.0-bin",
    "dbus-daemon": "dbus",
    "xwininfo": "x11-utils",
}
_SERVICES = Path("/usr/share/gnome-shell")
_EXTENSIONS = Path("/usr/share/gnome-shell/extensions")
_BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>{kind}</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
_UNSAFE_JS = """function init() {
    return {
        enable() { global.context.unsafe_mode = true; },
        disable() { global.context.unsafe_mode = false; },
    };
}
"""
_SETTINGS = (
    ("org.gnome.shell", "enabled-extensions", f"['{APPINDICATOR}', '{UNSAFE}']"),
    ("org.gnome.shell", "disable-user-extensions", "false"),
    ("org.gnome.shell", "welcome-dialog-last-shown-version", "'999'"),
    ("org.gnome.desktop.session", "idle-delay", "uint32 0"),  # no blanking of its own
    ("org.gnome.desktop.interface", "enable-hot-corners", "false"),  # input pokes at (0, 0)
)
# Every notification the shell's message tray holds, as plain data.
_LIST_JS = """(() => imports.ui.main.messageTray.getSources().flatMap(
  s => s.notifications.map(n => ({
    source: s.title, title: n.title, body: n.bannerBodyText || '',
    actions: n.actions.map(a => a.label), resident: n.resident,
}))))()"""
_CLEAR_JS = "imports.ui.main.messageTray.getSources().forEach(s => s.destroy()), true"
# Press the button labelled L on the notification titled T, as the banner's button does.
_INVOKE_JS = """(() => {
    for (const s of imports.ui.main.messageTray.getSources())
        for (const n of s.notifications)
            if (n.title === %s) {
                const a = n.actions.find(x => x.label === %s);
                if (!a) return false;
                a.callback();
                if (!n.resident) n.destroy();
                return true;
            }
    return false;
})()"""


class GnomeError(RuntimeError):
    """The shell could not be started, or something it waited for never happened."""


def missing_gnome() -> list[str]:
    """What the shell needs and is not here, as "program (debian-package)"."""
    found = [f"{p} ({d})" for p, d in _PROGRAMS.items() if shutil.which(p) is None]
    if not (_EXTENSIONS / APPINDICATOR).is_dir():
        found.append(f"{APPINDICATOR} (gnome-shell-extension-appindicator)")
    return found


@dataclass
class GnomeShell:
    """A running shell; every process it started is stopped by PID in `close`."""

    vars: dict[str, str]  # what a client of the session needs: buses, displays, desktop
    dir: Path
    _procs: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    _children: list[subprocess.Popen[str]] = field(default_factory=list)
    _conn: Any = None  # one jeepney connection, which also holds the RemoteDesktop session
    _remote: str | None = None

    @property
    def env(self) -> dict[str, str]:
        """os.environ as it is now (so a monkeypatched DESKBREAK_HOME reaches children), plus
        the session's variables."""
        return {**os.environ, **self.vars}

    def popen(self, *cmd: str, **kw: Any) -> subprocess.Popen[str]:
        """Start `cmd` in the session; it is stopped at teardown if the caller has not."""
        env = {**self.env, **kw.pop("env", {})}
        proc: subprocess.Popen[str] = subprocess.Popen(_orphan_proof(cmd), env=env, text=True, **kw)
        self._children.append(proc)
        return proc

    def call(self, dest: str, path: str, iface: str, method: str, sig: str = "", *args: Any) -> Any:
        """A method call on the session bus; its reply's body (raises on a D-Bus error)."""
        from jeepney import DBusAddress, new_method_call
        from jeepney.wrappers import unwrap_msg

        msg = new_method_call(DBusAddress(path, dest, iface), method, sig or None, args)
        return unwrap_msg(self._conn.send_and_get_reply(msg, timeout=10))

    def eval(self, code: str) -> Any:
        """Evaluate JavaScript in the shell (unsafe mode is on); its JSON result, decoded."""
        ok, out = self.call(
            "org.gnome.Shell", "/org/gnome/Shell", "org.gnome.Shell", "Eval", "s", code
        )
        if not ok:
            raise GnomeError(f"Shell.Eval failed: {out}")
        return json.loads(out) if out else None

    def has_bus_name(self, name: str) -> bool:
        bus = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
        return bool(self.call(*bus, "NameHasOwner", "s", name)[0])

    def idle_ms(self) -> int:
        """Mutter's idle time: milliseconds since the last input."""
        name = "org.gnome.Mutter.IdleMonitor"
        return int(self.call(name, "/org/gnome/Mutter/IdleMonitor/Core", name, "GetIdletime")[0])

    def poke(self) -> None:
        """Move the pointer by a pixel and back through RemoteDesktop: real input to Mutter."""
        iface = "org.gnome.Mutter.RemoteDesktop"
        if self._remote is None:
            self._remote = str(
                self.call(iface, "/org/gnome/Mutter/RemoteDesktop", iface, "CreateSession")[0]
            )
            self.call(iface, self._remote, f"{iface}.Session", "Start")
        for step in (1.0, -1.0):
            self.call(
                iface,
                self._remote,
                f"{iface}.Session",
                "NotifyPointerMotionRelative",
                "dd",
                step,
                step,
            )

    def lock(self) -> None:
        self._screensaver("Lock")

    def unlock(self) -> None:
        self._screensaver("SetActive", "b", False)

    def locked(self) -> bool:
        return bool(self._screensaver("GetActive")[0])

    def _screensaver(self, method: str, sig: str = "", *args: Any) -> Any:
        name = "org.gnome.ScreenSaver"
        return self.call(name, "/org/gnome/ScreenSaver", name, method, sig, *args)

    def notifications(self) -> list[dict[str, Any]]:
        """The notifications the shell shows (source, title, body, action labels, resident)."""
        found: list[dict[str, Any]] = self.eval(_LIST_JS)
        return found

    def invoke_action(self, title: str, label: str) -> None:
        """Press the button `label` on the notification `title`, as a click would."""
        if not self.eval(_INVOKE_JS % (json.dumps(title), json.dumps(label))):
            raise GnomeError(f"no notification {title!r} with an action {label!r}")

    def sni_items(self) -> list[str]:
        """RegisteredStatusNotifierItems of the AppIndicator extension's watcher."""
        name = "org.kde.StatusNotifierWatcher"
        props = ("/StatusNotifierWatcher", "org.freedesktop.DBus.Properties", "Get")
        _, items = self.call(name, *props, "ss", name, "RegisteredStatusNotifierItems")[0]
        return [str(item) for item in items]

    def has_x_window(self, name: str) -> bool:
        """Whether an X client (under Xwayland) has a window whose name contains `name`."""
        out = subprocess.run(
            ["xwininfo", "-root", "-tree"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
        return f'"{name}' in out

    def screenshot(self, path: Path) -> Path:
        """Save what the shell shows as a PNG at `path` (its own screenshot API)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        name = "org.gnome.Shell.Screenshot"
        ok, used = self.call(
            name,
            "/org/gnome/Shell/Screenshot",
            name,
            "Screenshot",
            "bbs",
            False,
            False,
            str(path.resolve()),
        )
        if not ok:
            raise GnomeError(f"the shell did not save a screenshot to {path}")
        return Path(used)

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout: float = 10) -> None:
        """Poll `predicate` until it holds; raise with the logs on timeout or the shell dying."""
        deadline = time.monotonic() + timeout
        while not predicate():
            dead = [name for name, proc in self._procs if proc.poll() is not None]
            if dead:
                raise GnomeError(f"{', '.join(dead)} died waiting for {what}\n{self.logs()}")
            if time.monotonic() > deadline:
                raise GnomeError(f"timed out after {timeout} s waiting for {what}\n{self.logs()}")
            time.sleep(0.05)

    def logs(self, lines: int = 12) -> str:
        parts = []
        for path in sorted(self.dir.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(parts)

    def close(self) -> None:
        """Stop every started process by PID (TERM, 2 s, KILL), newest first; remove the dir."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for child in reversed(self._children):
            _stop(child)
        for _, proc in reversed(self._procs):
            _stop(proc)
        self._children.clear()
        self._procs.clear()
        shutil.rmtree(self.dir, ignore_errors=True)


def _stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        log.warning("pid %d ignored TERM; killing it", proc.pid)
        proc.kill()
        proc.wait(timeout=5)


def _orphan_proof(cmd: tuple[str, ...]) -> tuple[str, ...]:
    """`cmd` set to get SIGTERM when the thread that started it dies (so a killed run leaves
    nothing behind); setpriv execs, so the PID stays the command's."""
    if shutil.which("setpriv") is None:
        return cmd
    return ("setpriv", "--pdeathsig", "TERM", "--", *cmd)


def _spawn(shell: GnomeShell, name: str, *cmd: str, env: dict[str, str]) -> None:
    with (shell.dir / f"{name}.log").open("wb") as logf:
        proc = subprocess.Popen(
            _orphan_proof(cmd),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=logf,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    shell._procs.append((name, proc))


def _bus(shell: GnomeShell, kind: str) -> str:
    socket = shell.dir / f"{kind}_bus"
    conf = shell.dir / f"{kind}.conf"
    conf.write_text(_BUS_CONF.format(kind=kind, socket=socket))  # no <servicedir>: no activation
    _spawn(shell, f"{kind}-bus", "dbus-daemon", "--nofork", f"--config-file={conf}", env=shell.env)
    shell.wait_for(f"the {kind} bus", socket.exists)
    return f"unix:path={socket}"


def _shell_home(shell: GnomeShell) -> dict[str, str]:
    """The throwaway HOME: the unsafe-mode extension, and the settings written with gsettings."""
    home = shell.dir / "home"
    ext = home / ".local/share/gnome-shell/extensions" / UNSAFE
    ext.mkdir(parents=True)
    meta = {
        "uuid": UNSAFE,
        "name": "Unsafe mode for tests",
        "description": "test only",
        "shell-version": ["43", "44", "45"],
        "session-modes": ["user", "unlock-dialog"],
    }  # on through the lock screen
    (ext / "metadata.json").write_text(json.dumps(meta))
    (ext / "extension.js").write_text(_UNSAFE_JS)
    env = {
        **shell.env,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "GSETTINGS_BACKEND": "keyfile",
    }
    for schema, key, value in _SETTINGS:
        subprocess.run(
            ["gsettings", "set", schema, key, value],
            env=env,
            check=True,
            timeout=10,
            capture_output=True,
        )
    return env


def start_gnome_shell(size: str = "1280x800") -> GnomeShell:
    """Start the shell and its services and wait until each answers; on failure stop them."""
    missing = missing_gnome()
    if missing:
        raise GnomeError("missing (Debian package): " + ", ".join(missing))
    root = Path(tempfile.mkdtemp(prefix="gnome-session."))
    runtime = root / "runtime"
    runtime.mkdir(mode=0o700)
    base = {
        "XDG_RUNTIME_DIR": str(runtime),
        "NO_AT_BRIDGE": "1",
        "XDG_SESSION_TYPE": "wayland",
        "XDG_CURRENT_DESKTOP": "GNOME",
        "WAYLAND_DISPLAY": "wayland-gnome",
    }
    shell = GnomeShell(vars=base, dir=root)
    try:
        _start(shell, size)
    except BaseException:
        shell.close()
        raise
    return shell


def _start(shell: GnomeShell, size: str) -> None:
    from jeepney.io.blocking import open_dbus_connection

    shell.vars["DBUS_SYSTEM_BUS_ADDRESS"] = _bus(shell, "system")
    _spawn(
        shell,
        "display-manager",
        sys.executable,
        str(HERE / "display_manager_standin.py"),
        shell.vars["DBUS_SYSTEM_BUS_ADDRESS"],
        env=shell.env,
    )
    shell.vars["DBUS_SESSION_BUS_ADDRESS"] = _bus(shell, "session")
    shell._conn = open_dbus_connection(bus=shell.vars["DBUS_SESSION_BUS_ADDRESS"])
    env = _shell_home(shell)
    env = {k: v for k, v in env.items() if k not in ("DISPLAY", "XAUTHORITY")}
    _spawn(
        shell,
        "gnome-shell",
        "gnome-shell",
        "--headless",
        "--wayland",
        f"--wayland-display={shell.vars['WAYLAND_DISPLAY']}",
        "--virtual-monitor",
        size,
        env=env,
    )
    shell.wait_for("the shell's unsafe mode", lambda: _unsafe(shell), timeout=30)
    for var in ("DISPLAY", "XAUTHORITY"):  # Xwayland, started by mutter with the shell
        shell.vars[var] = str(shell.eval(f"imports.gi.GLib.getenv('{var}')") or "")
    for service, bus_name in (
        ("org.gnome.Shell.Notifications", "org.freedesktop.Notifications"),
        ("org.gnome.ScreenSaver", "org.gnome.ScreenSaver"),
    ):
        _spawn(shell, service, "gjs", str(_SERVICES / service), env=env)
        _wait_for_name(shell, bus_name)
    shell.wait_for(
        "the AppIndicator watcher", lambda: shell.has_bus_name("org.kde.StatusNotifierWatcher")
    )
    shell.eval(_CLEAR_JS)  # the shell's own "unsafe mode" and "privileged user" notices


def _wait_for_name(shell: GnomeShell, name: str) -> None:
    shell.wait_for(name, lambda: shell.has_bus_name(name), timeout=15)


def _unsafe(shell: GnomeShell) -> bool:
    if not shell.has_bus_name("org.gnome.Shell"):
        return False
    try:
        return shell.eval("global.context.unsafe_mode") is True
    except Exception:
        return False
