"""Starting a throwaway, real, headless GNOME Shell for tests, with its lock screen,
notifications and tray.

This module owns getting the shell up and answering (`harness.gnome.GnomeShell` owns asking it
things and tearing it down).

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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.gnome import GnomeError, GnomeShell

TESTS = Path(__file__).resolve().parent.parent
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


def missing_gnome() -> list[str]:
    """What the shell needs and is not here, as "program (debian-package)"."""
    found = [f"{p} ({d})" for p, d in _PROGRAMS.items() if shutil.which(p) is None]
    if not (_EXTENSIONS / APPINDICATOR).is_dir():
        found.append(f"{APPINDICATOR} (gnome-shell-extension-appindicator)")
    return found


def _spawn(shell: GnomeShell, name: str, *cmd: str, env: dict[str, str]) -> None:
    shell.group.spawn(name, *cmd, env=env)


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
        str(TESTS / "display_manager_standin.py"),
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
    shell.clear_notifications()  # the shell's own "unsafe mode" and "privileged user" notices


def _wait_for_name(shell: GnomeShell, name: str) -> None:
    shell.wait_for(name, lambda: shell.has_bus_name(name), timeout=15)


def _unsafe(shell: GnomeShell) -> bool:
    if not shell.has_bus_name("org.gnome.Shell"):
        return False
    try:
        return shell.eval("global.context.unsafe_mode") is True
    except Exception:
        return False
