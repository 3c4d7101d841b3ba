"""Fullscreen on GNOME (Wayland or X11): the session's idle inhibitors.

Owns the GNOME source: video players, presentation tools and browsers playing
fullscreen video ask the session not to go idle; `org.gnome.SessionManager`'s
`InhibitedActions` property then has the idle flag (8), and its PropertiesChanged
signal says when that changes. A "keep awake" extension (Caffeine) sets the same
flag, so it holds breaks too — switch `fullscreen` off in [hold] if that is wrong.
Edge module: jeepney lazily, through `busprop`.
"""

from __future__ import annotations

from collections.abc import Mapping

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold.busprop import Property, PropertyWatch

IDLE = 8
FULL = frozenset({HoldSignal.FULLSCREEN})
SESSION = Property(
    "org.gnome.SessionManager", "/org/gnome/SessionManager", "org.gnome.SessionManager",
    "InhibitedActions",
)  # fmt: skip


def idle_inhibited(value: object) -> frozenset[HoldSignal]:
    return FULL if isinstance(value, int) and value & IDLE else frozenset()


def available(env: Mapping[str, str]) -> str | None:
    if "GNOME" not in env.get("XDG_CURRENT_DESKTOP", "").upper():
        return "not GNOME"
    if not env.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no session bus"
    return None


def gnome(env: Mapping[str, str] | None = None) -> PropertyWatch:
    return PropertyWatch("gnome-inhibitors", SESSION, idle_inhibited, FULL, env=env)
