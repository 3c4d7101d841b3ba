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
`powerdevil_problem` is what the doctor says of KDE's source: besides the desktop and the
bus, it asks the bus whether PowerDevil's name has an owner or can be started (a Plasma
session without PowerDevil never holds for fullscreen). The daemon does not ask: its watch
follows the name's owner, so a PowerDevil that starts after it is still heard.
Edge module: jeepney lazily, through `busprop` and `desktop.probes`.
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


def powerdevil_problem(env: Mapping[str, str], timeout: float) -> str | None:
    """Why KDE's source cannot work here, the session bus asked (each step within `timeout`
    s): as `available`, and on KDE with a bus, PowerDevil neither running nor startable. A
    bus that cannot be asked leaves it at `available`'s answer."""
    problem = available(env, "KDE")
    if problem is not None:
        return problem
    from deskbreak.desktop.probes import service_there

    if service_there(env["DBUS_SESSION_BUS_ADDRESS"], KDE.bus_name, timeout) is not False:
        return None
    # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`).
    # PowerDevil is KDE's power manager and powerdevil its package; the command in
    # backticks is typed as it is.
    return _(
        "KDE's power manager PowerDevil is not running, so a fullscreen video cannot hold a "
        "break: start it (`systemctl --user start plasma-powerdevil`) or install the "
        "powerdevil package"
    )


def gnome(env: Mapping[str, str] | None = None) -> PropertyWatch:
    return PropertyWatch("gnome-inhibitors", SESSION, idle_inhibited, FULL, env=env)


def kde(env: Mapping[str, str] | None = None) -> SignalWatch:
    full = lambda value: FULL if value is True else frozenset()  # noqa: E731
    return SignalWatch("kde-inhibitors", KDE, "HasInhibitChanged", full, FULL, env=env)
