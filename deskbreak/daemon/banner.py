"""What the daemon says once, in the terminal it was started from.

Owns the few lines naming what runs (tray backend, idle source, the next break, how to
stop), and, without a desktop, what still works in plain words. Standard library and
the core only; must not import an edge library.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from deskbreak.core.status import Status


def no_desktop(env: Mapping[str, str] | None = None) -> bool:
    """True on Linux and the BSDs when there is neither a display nor a session bus."""
    if sys.platform in ("darwin", "win32"):
        return False
    env = os.environ if env is None else env
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    runtime = env.get("XDG_RUNTIME_DIR")
    return not (runtime and os.path.exists(os.path.join(runtime, "bus")))


def started(
    status: Status, *, tray: str | None, tray_reason: str | None, idle: str | None, pid: int
) -> str:
    """The lines printed once the daemon runs, e.g. "tray icon: xembed"."""
    where = f"tray icon:   {tray or 'none'}" + ("" if tray else f" ({tray_reason})")
    how = f"idle time:   {idle}" if idle else "idle time:   not readable here, natural breaks off"
    return "\n".join(
        [
            f"deskbreak is running (pid {pid})",
            f"  {where}",
            f"  {how}",
            f"  now:         {status.headline()}",
            "Ctrl-C to stop it, or `deskbreak stop` from another terminal.",
        ]
    )


WITHOUT_DESKTOP = """\
No desktop here (no display, no session bus): no tray icon and no notification popups.
deskbreak still counts your working time and writes a due break here and in its log;
`deskbreak status`, `break`, `snooze`, `skip`, `pause`, `stats` and
`deskbreak play ROUTINE --terminal` work from any terminal."""
