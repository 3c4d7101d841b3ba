"""A throwaway, real, headless GNOME Shell for tests: asking it things and acting on it.

This module owns `GnomeShell`, a running shell (started by `gnome_start.start_gnome_shell`): its
idle time, lock state, notifications and the AppIndicator extension's watcher; input through
Mutter's RemoteDesktop API, a click on a notification's button, the lock; screenshots; and
tearing everything down by PID. Everything is asked over one D-Bus connection (jeepney, imported
lazily), which also keeps the RemoteDesktop session open. Test support, not part of the package:
it must not import deskbreak.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.process import ProcessGroup

log = logging.getLogger(__name__)

# Every notification the shell's message tray holds, as plain data.
_LIST_JS = """(() => imports.ui.main.messageTray.getSources().flatMap(
  s => s.notifications.map(n => ({
    source: s.title, title: n.title, body: n.bannerBodyText || n.body || '',
    actions: n.actions.map(a => a.label), resident: n.resident,
}))))()"""
# Press the button labelled L on the notification titled T, as the banner's button does
# (GNOME 43's actions are {label, callback}; GNOME 46 and later make them objects to activate).
_INVOKE_JS = """(() => {
    for (const s of imports.ui.main.messageTray.getSources())
        for (const n of s.notifications)
            if (n.title === %s) {
                const a = n.actions.find(x => x.label === %s);
                if (!a) return false;
                if (a.activate) a.activate(); else a.callback();
                if (!n.resident) n.destroy();
                return true;
            }
    return false;
})()"""


# Click the notification titled T itself (not a button), as a click on its banner does.
_ACTIVATE_JS = """(() => {
    for (const s of imports.ui.main.messageTray.getSources())
        for (const n of s.notifications)
            if (n.title === %s) { n.activate(); return true; }
    return false;
})()"""


class GnomeError(RuntimeError):
    """The shell could not be started, or something it waited for never happened."""


@dataclass
class GnomeShell:
    """A running shell; every process it started is stopped by PID in `close`."""

    vars: dict[str, str]  # what a client of the session needs: buses, displays, desktop
    dir: Path
    group: ProcessGroup = field(init=False)
    _conn: Any = None  # one jeepney connection, which also holds the RemoteDesktop session
    _remote: str | None = None

    def __post_init__(self) -> None:
        self.group = ProcessGroup(self.dir, GnomeError)

    @property
    def env(self) -> dict[str, str]:
        """os.environ as it is now (so a monkeypatched DESKBREAK_HOME reaches children), plus
        the session's variables."""
        return {**os.environ, **self.vars}

    def popen(self, *cmd: str, **kw: Any) -> subprocess.Popen[str]:
        """Start `cmd` in the session; it is stopped at teardown if the caller has not."""
        return self.group.popen(*cmd, env={**self.env, **kw.pop("env", {})}, **kw)

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

    def clear_notifications(self) -> None:
        """Drop every notification the shell holds (its own start-up notices among them)."""
        self.eval("imports.ui.main.messageTray.getSources().forEach(s => s.destroy()), true")

    def invoke_action(self, title: str, label: str) -> None:
        """Press the button `label` on the notification `title`, as a click would."""
        if not self.eval(_INVOKE_JS % (json.dumps(title), json.dumps(label))):
            raise GnomeError(f"no notification {title!r} with an action {label!r}")

    def activate(self, title: str) -> None:
        """Click the notification `title` itself, as a click on its banner would."""
        if not self.eval(_ACTIVATE_JS % json.dumps(title)):
            raise GnomeError(f"no notification {title!r}")

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
        self.group.wait_for(what, predicate, timeout)

    def logs(self, lines: int = 12) -> str:
        return self.group.logs(lines)

    def close(self) -> None:
        """Stop every started process by PID (TERM, 2 s, KILL), newest first; remove the dir."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.group.close()
