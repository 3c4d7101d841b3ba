"""Do-not-disturb on each Linux desktop, as hold sources that subscribe to its changes.

Owns which setting means do-not-disturb where, and how each is watched:
- dunst: `org.dunstproject.cmd0` property `paused` (set by `dunstctl set-paused`);
- KDE Plasma: `org.freedesktop.Notifications` property `Inhibited`;
both through their PropertiesChanged signal (`busprop`);
- GNOME: `org.gnome.desktop.notifications show-banners` = false, through
  `gsettings monitor` (GSettings' own change notification);
- XFCE: xfconf `xfce4-notifyd /do-not-disturb`, through `xfconf-query -m`;
- mako: a mode named "do-not-disturb" (`makoctl mode`); mako emits no change
  signal, so `dbus-monitor` watches for the `fr.emersion.Mako.SetModes` calls that
  `makoctl mode -a/-r/-s` make, and the modes are read again after each.
Edge module: standard library; jeepney lazily, through `busprop`.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence

from deskbreak.core.ports import HoldReport, HoldSignal
from deskbreak.desktop.hold.busprop import Property, PropertyWatch
from deskbreak.desktop.hold.watch import CommandWatch

log = logging.getLogger(__name__)

DND = frozenset({HoldSignal.DND})
NONE: frozenset[HoldSignal] = frozenset()
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
MAKO_DND = "do-not-disturb"


def when(on: bool) -> frozenset[HoldSignal]:
    return DND if on else NONE


def dunst(env: Mapping[str, str] | None = None) -> PropertyWatch:
    prop = Property(NOTIFICATIONS, NOTIFICATIONS_PATH, "org.dunstproject.cmd0", "paused")
    return PropertyWatch("dunst", prop, lambda v: when(v is True), DND, env=env)


def kde(env: Mapping[str, str] | None = None) -> PropertyWatch:
    prop = Property(NOTIFICATIONS, NOTIFICATIONS_PATH, NOTIFICATIONS, "Inhibited")
    return PropertyWatch("kde-dnd", prop, lambda v: when(v is True), DND, env=env)


def banners_off(line: str) -> bool | None:
    """`gsettings get`/`monitor` output → whether banners are off; None: not that key."""
    value = line.rsplit(":", 1)[-1].strip() if "show-banners" in line else line.strip()
    return {"false": True, "true": False}.get(value)


def mako_modes_dnd(output: str) -> bool:
    """`makoctl mode` output (one active mode a line) → whether do-not-disturb is on."""
    return any(line.strip() == MAKO_DND for line in output.splitlines())


def xfce_dnd(output: str) -> bool:
    return output.strip().lower() == "true"


class CommandDnd:
    """A do-not-disturb read by a command and re-read whenever `watch` prints a line."""

    signals = DND

    def __init__(
        self,
        name: str,
        read: Sequence[str],
        watch: Sequence[str],
        meaning: Callable[[str], bool | None],
        *,
        env: Mapping[str, str] | None = None,
        trigger: Callable[[str], bool] = lambda line: True,
    ) -> None:
        self.name, self._trigger = name, trigger
        self._read, self._meaning = list(read), meaning
        self._env = dict(os.environ if env is None else env)
        self._watch = CommandWatch(
            watch, self._line, env=self._env, on_start=self._refresh, on_gone=self._gone
        )
        self._last: frozenset[HoldSignal] | None = None
        self._report: HoldReport = lambda signals: None

    def start(self, report: HoldReport) -> None:
        self._report = report
        self._watch.start()

    def close(self) -> None:
        self._watch.close()

    def _gone(self) -> None:
        if self._last:  # the watch ended for good: no stale do-not-disturb
            self._last = NONE
            self._report(NONE)

    def _line(self, line: str) -> None:
        if self._trigger(line):
            self._refresh()

    def _refresh(self) -> None:
        try:
            out = subprocess.run(
                self._read, env=self._env, capture_output=True, text=True, timeout=3, check=False
            ).stdout
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.debug("%s: %s", self.name, exc)
            return
        on = self._meaning(out)
        if on is not None and when(on) != self._last:
            self._last = when(on)
            self._report(self._last)


def gnome(env: Mapping[str, str] | None = None) -> CommandDnd:
    key = ("org.gnome.desktop.notifications", "show-banners")
    return CommandDnd(
        "gnome-dnd",
        ["gsettings", "get", *key],
        ["gsettings", "monitor", *key],
        banners_off,
        env=env,
    )


def xfce(env: Mapping[str, str] | None = None) -> CommandDnd:
    where = ["-c", "xfce4-notifyd", "-p", "/do-not-disturb"]
    return CommandDnd(
        "xfce-dnd", ["xfconf-query", *where], ["xfconf-query", *where, "-m"], xfce_dnd, env=env
    )


def mako(env: Mapping[str, str] | None = None) -> CommandDnd:
    """mako's modes, re-read after each SetModes call (mako has no mode-change signal)."""
    watch = ["dbus-monitor", "--session", "type='method_call',interface='fr.emersion.Mako'"]
    return CommandDnd(
        "mako-dnd", ["makoctl", "mode"], watch, mako_modes_dnd, env=env,
        trigger=lambda line: line.startswith(("method call", "signal")),  # one a message
    )  # fmt: skip


def have(program: str) -> bool:
    return shutil.which(program) is not None
