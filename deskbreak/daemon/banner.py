"""What the daemon says once, in the terminal it was started from.

Owns the few lines naming what runs (tray backend, idle source, the next break, how to
stop), and, without a desktop, what still works in plain words. Standard library and
the core only; must not import an edge library.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Mapping

from deskbreak.core.gnomebreaks import keeper_text, reason_text
from deskbreak.core.i18n import N_, _, pgettext
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
    # Translators: labels of the lines the daemon prints when it starts; the values line
    # up after the longest.
    labels = (_("tray icon:"), _("idle time:"), _("now:"))
    cells = max(_width(label) for label in labels) + 3
    if tray:
        where = tray  # the backend's id: sni, xembed, ...
    elif tray_reason:
        # Translators: no tray icon; {reason} says why.
        where = pgettext("tray icon", "none ({reason})").format(reason=tray_reason)
    else:
        where = pgettext("tray icon", "none")
    how = idle if idle else _("not readable here, natural breaks off")
    values = (where, how, status.headline())
    keeping = []
    if status.time_keeper != "deskbreak" or status.time_keeper_why != "movement-off":
        who, why = status.time_keeper, status.time_keeper_why
        keeping = [f"  {keeper_text(who)} ({reason_text(why, who)})"]
    return "\n".join(
        [
            # Translators: {pid} is the daemon's process id.
            _("deskbreak is running (pid {pid})").format(pid=pid),
            *(
                f"  {label}{' ' * (cells - _width(label))}{value}"
                for label, value in zip(labels, values, strict=True)
            ),
            *keeping,
            _("Ctrl-C to stop it, or `deskbreak stop` from another terminal."),
        ]
    )


def _width(text: str) -> int:
    """Terminal cells: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


# Printed, translated, when the daemon starts where there is no desktop.
WITHOUT_DESKTOP = N_(
    "No desktop here (no display, no session bus): no tray icon and no notification popups.\n"
    "deskbreak still counts your working time and writes a due break here and in its log;\n"
    "`deskbreak status`, `break`, `snooze`, `skip`, `pause`, `stats` and\n"
    "`deskbreak play ROUTINE --terminal` work from any terminal."
)
