"""A real headless sway (with its own session bus and, when asked, mako) for hold tests.

sway refuses to run as root, so the compositor, its bus and mako run as the unprivileged
`nobody` (setpriv drops to it; no user is created), in a throwaway runtime dir that
user owns. The tests, as root, reach all three through their sockets. This module owns
starting them, a GTK window on that Wayland display, and ending every process it started
by its PID (they are a `harness.process.ProcessGroup`). Test support: it must not import
deskbreak.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness.process import ProcessGroup

NOBODY = 65534
PROGRAMS = {"sway": "sway", "swaymsg": "sway", "setpriv": "util-linux", "mako": "mako-notifier",
            "makoctl": "mako-notifier", "dbus-daemon": "dbus", "dbus-monitor": "dbus"}  # fmt: skip
_SWAY_CONFIG = "output HEADLESS-1 resolution 1280x800\nxwayland disable\n"
_MAKO_CONFIG = "[mode=do-not-disturb]\ninvisible=1\n"
_BUS = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path={path}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow send_destination="*" eavesdrop="true"/>
<allow eavesdrop="true"/><allow own="*"/></policy></busconfig>
"""
_WINDOW = """import sys, gi
gi.require_version("Gtk", "3.0")
from gi.repository import Gtk
w = Gtk.Window(title=sys.argv[1]); w.set_default_size(200, 100); w.show_all()
w.connect("destroy", Gtk.main_quit); print("shown", flush=True); Gtk.main()
"""


class SwayError(RuntimeError):
    """sway, its bus or mako did not start."""


def missing_programs() -> list[str]:
    missing = [f"{p} ({pkg})" for p, pkg in PROGRAMS.items() if shutil.which(p) is None]
    try:
        import gi  # noqa: F401  (the test window is a GTK one)
    except ImportError:
        missing.append("PyGObject (the gi extra)")
    return missing


@dataclass
class Sway:
    root: Path
    env: dict[str, str]  # for the tests' own processes: SWAYSOCK, the bus, the display
    group: ProcessGroup = field(init=False)

    def __post_init__(self) -> None:
        self.group = ProcessGroup(self.root, SwayError, grace=5.0)

    def spawn(
        self, *argv: str, as_nobody: bool = False, stdout: int | None = None
    ) -> subprocess.Popen[bytes]:
        """Start `argv` (as nobody with `as_nobody`), its output logged under its name."""
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        command = [*prefix, *argv] if as_nobody else list(argv)
        return self.group.spawn(Path(argv[0]).name, *command, env=self.env, stdout=stdout)

    def window(self, title: str) -> subprocess.Popen[bytes]:
        script = self.root / "window.py"
        script.write_text(_WINDOW)
        proc = self.spawn(sys.executable, str(script), title, stdout=subprocess.PIPE)
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != b"shown":
            raise SwayError(f"the window {title!r} did not open")
        self.wait(f"the window {title}", lambda: f'"name": "{title}"' in self.tree())
        return proc

    def tree(self) -> str:
        return self.msg("-t", "get_tree")

    def msg(self, *args: str) -> str:
        return subprocess.run(["swaymsg", *args], env=self.env, capture_output=True,
                              text=True, timeout=10, check=True).stdout  # fmt: skip

    def mako(self) -> None:
        (self.root / "mako.conf").write_text(_MAKO_CONFIG)
        self.spawn("mako", "-c", str(self.root / "mako.conf"), as_nobody=True)

        def answers() -> bool:
            done = subprocess.run(
                ["makoctl", "mode"], env=self.env, capture_output=True, timeout=5, check=False
            )
            return done.returncode == 0

        self.wait("mako", answers)

    def wait(self, what: str, ready: Callable[[], bool], timeout: float = 10) -> None:
        self.group.wait_for(what, ready, timeout)

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        self.group.stop(proc)

    def close(self) -> None:
        self.group.close()


def start_sway() -> Sway:
    root = Path(tempfile.mkdtemp(prefix="deskbreak-sway-"))
    run = root / "run"
    run.mkdir(mode=0o700)
    (root / "home").mkdir()
    (root / "sway.conf").write_text(_SWAY_CONFIG)
    bus = run / "bus"
    (root / "bus.conf").write_text(_BUS.format(path=bus))
    for path in (root, run, root / "home"):
        os.chown(path, NOBODY, NOBODY)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root / "home"),
           "XDG_RUNTIME_DIR": str(run), "WLR_BACKENDS": "headless",
           "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_RENDERER": "pixman",
           "DBUS_SESSION_BUS_ADDRESS": f"unix:path={bus}"}  # fmt: skip
    sway = Sway(root, env)
    try:
        sway.spawn("dbus-daemon", f"--config-file={root / 'bus.conf'}", "--nofork",
                   "--nopidfile", as_nobody=True)  # fmt: skip
        sway.wait("the session bus", bus.exists)
        sway.spawn("sway", "-c", str(root / "sway.conf"), as_nobody=True)
        sway.wait("sway", lambda: any(run.glob("sway-ipc.*.sock")) and (run / "wayland-1").exists())
        env["SWAYSOCK"] = str(next(run.glob("sway-ipc.*.sock")))
        env["WAYLAND_DISPLAY"] = str(run / "wayland-1")
        env["GDK_BACKEND"] = "wayland"
    except BaseException:
        sway.close()
        raise
    return sway
