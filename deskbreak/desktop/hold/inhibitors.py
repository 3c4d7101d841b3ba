"""Fullscreen on GNOME and KDE Wayland: the session's idle inhibitors.

Owns the two sources: video players, presentation tools and browsers playing
fullscreen video ask the session not to go idle (on Wayland no program can see
another's windows, so this is the signal there is).
- GNOME: `org.gnome.SessionManager`'s `InhibitedActions` property has the idle flag
  (8); its PropertiesChanged signal says when that changes.
- KDE Plasma: PowerDevil's `org.freedesktop.PowerManagement.Inhibit` answers
  `HasInhibit` and signals `HasInhibitChanged`.
A "keep awake" applet (Caffeine) sets the same inhibition, so it holds breaks too —
switch `fullscreen` off in [hold] if that is wrong.
Edge module: jeepney lazily, through `busprop`.
"""

from __future__ import annotations

from collections.abc import Mapping

from deskbreak.core.i18n import _
from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold.busprop import Property, PropertyWatch, SignalWatch

IDLE = 8
FULL = frozenset({HoldSignal.FULLSCREEN})
SESSION = Property(
    "org.gnome.SessionManager", "/org/gnome/SessionManager", "org.gnome.SessionManager",
    "InhibitedActions",
)  # fmt: skip


KDE = Property(
    "org.freedesktop.PowerManagement", "/org/freedesktop/PowerManagement/Inhibit",
    "org.freedesktop.PowerManagement.Inhibit", "HasInhibit",
)  # fmt: skip


def idle_inhibited(value: object) -> frozenset[HoldSignal]:
    return FULL if isinstance(value, int) and value & IDLE else frozenset()


def available(env: Mapping[str, str], desktop: str = "GNOME") -> str | None:
    if desktop not in env.get("XDG_CURRENT_DESKTOP", "").upper():
        # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`);
        # {name} is a desktop's name ("GNOME", "KDE Plasma").
        return _("not {name}").format(name="KDE Plasma" if desktop == "KDE" else desktop)
    if not env.get("DBUS_SESSION_BUS_ADDRESS"):
        # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`).
        return _("no session bus")
    return None


def gnome(env: Mapping[str, str] | None = None) -> PropertyWatch:
    return PropertyWatch("gnome-inhibitors", SESSION, idle_inhibited, FULL, env=env)


def kde(env: Mapping[str, str] | None = None) -> SignalWatch:
    full = lambda value: FULL if value is True else frozenset()  # noqa: E731
    return SignalWatch("kde-inhibitors", KDE, "HasInhibitChanged", full, FULL, env=env)
