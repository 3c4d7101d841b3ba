"""Picks the idle-time source that works on this desktop, or none.

Owns the choice between the per-platform sources (`wayland`, `x11`, `gnome`,
`freedesktop`, `macos`, `windows`) and how a chosen source is described in the
status and the log. On Linux and other Unixes: GNOME Mutter when its bus name
has an owner (it works on Wayland, and Mutter has no ext-idle-notify); then, with
WAYLAND_DISPLAY set, the compositor's ext-idle-notify-v1, else KDE's older
org_kde_kwin_idle (both push idle and back, so nothing is polled); then the
freedesktop ScreenSaver when it answers (KWin refuses its GetSessionIdleTime
with NotSupported, so on Plasma Wayland the Wayland protocols are what works);
last the X11 screensaver extension when DISPLAY is set and the session is not
Wayland (under Xwayland it would only see X clients' input). Every probe is
bounded by a timeout; a probe that fails counts as absent, and with no source
the daemon turns natural breaks off. The probes are a parameter, so tests pass
fakes. Each probe is given the idle grace, the seconds without input after which a
pushing source reports idle: IDLE_GRACE, or what DESKBREAK_IDLE_GRACE says
(`grace_from`, a diagnostic and test knob read by the daemon and the doctor). Edge
package: the submodules import their libraries (pywayland, python-xlib, jeepney,
ctypes) only when a probe runs; this module imports no GUI, Wayland or D-Bus library
itself.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from deskbreak.core.engine.timekeeping import IDLE_GRACE
from deskbreak.core.i18n import N_, _
from deskbreak.core.ports import IdleSource
from deskbreak.desktop.idle import freedesktop, gnome, wayland, x11
from deskbreak.desktop.idle.parse import Session, session_type

log = logging.getLogger(__name__)

# A probe gets the environment, a per-call timeout and the idle grace in seconds and
# returns a working source, or None when its mechanism is absent here.
Probe = Callable[[Mapping[str, str], float, float], IdleSource | None]

GRACE_VARIABLE = "DESKBREAK_IDLE_GRACE"
GRACE_LIMITS = (1.0, 600.0)  # seconds

# How each source is named to people: marked here, translated by `describe` (the log keeps
# the English).
_LABELS = {
    # Translators: where deskbreak reads the idle time from (the Wayland protocol's name stays
    # as it is); "events": the compositor tells it, nothing is polled.
    "ext-idle-notify": N_("Wayland ext-idle-notify-v1 (events)"),
    # Translators: where deskbreak reads the idle time from (the Wayland protocol's name stays
    # as it is); "events": the compositor tells it, nothing is polled.
    "kde-idle": N_("Wayland org_kde_kwin_idle (events)"),
    # Translators: where deskbreak reads the idle time from: the X server's screensaver
    # extension.
    "x11": N_("X11 screensaver extension"),
    # Translators: where deskbreak reads the idle time from (a GNOME D-Bus service's name).
    "mutter": N_("GNOME Mutter IdleMonitor (D-Bus)"),
    # Translators: where deskbreak reads the idle time from (a D-Bus service's name).
    "freedesktop": N_("freedesktop ScreenSaver (D-Bus)"),
    # Translators: where deskbreak reads the idle time from, on macOS.
    "macos": N_("macOS Quartz event source"),
    # Translators: where deskbreak reads the idle time from, on macOS (a system value's name).
    "macos-ioreg": N_("macOS HIDIdleTime (ioreg)"),
    # Translators: where deskbreak reads the idle time from, on Windows (a system call's name).
    "windows": N_("Windows GetLastInputInfo"),
}
# Translators: the idle source when there is none: deskbreak cannot tell when the user is away,
# so breaks taken by being away ("natural breaks") are not counted.
NO_SOURCE = N_("none: natural breaks are off")


def _open_macos(env: Mapping[str, str], timeout: float, grace: float) -> IdleSource | None:
    from deskbreak.desktop.idle import macos  # only macOS pays for its readers

    return macos.open_macos(env, timeout)


def _open_windows(env: Mapping[str, str], timeout: float, grace: float) -> IdleSource | None:
    from deskbreak.desktop.idle import windows  # only Windows pays for its reader

    return windows.open_windows(env, timeout)


@dataclass(frozen=True)
class Probes:
    """One probe per mechanism; the defaults talk to the real system."""

    gnome: Probe = gnome.open_gnome
    ext_idle: Probe = wayland.open_ext
    kde_idle: Probe = wayland.open_kde
    freedesktop: Probe = freedesktop.open_freedesktop
    x11: Probe = x11.open_x11
    macos: Probe = _open_macos
    windows: Probe = _open_windows


def choose(
    env: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    probes: Probes | None = None,
    timeout: float = 1.0,
    grace: float = IDLE_GRACE,
) -> IdleSource | None:
    """The first idle source that answers on this platform, or None; a source that pushes
    reports idle after `grace` seconds without input."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    probes = Probes() if probes is None else probes
    for label, probe in _candidates(env, platform, probes):
        source = _try(label, probe, env, timeout, grace)
        if source is not None:
            log.info("idle time from %s", _LABELS.get(source.name, source.name))
            return source
    log.info("no idle source: natural breaks are off")
    return None


def grace_from(env: Mapping[str, str]) -> float:
    """The idle grace DESKBREAK_IDLE_GRACE asks for (seconds, 1 to 600), else IDLE_GRACE.

    A diagnostic and test knob, not a setting: a value that is not a number in range is
    said in one warning line naming the variable, and the default is used."""
    text = env.get(GRACE_VARIABLE, "").strip()
    if not text:
        return IDLE_GRACE
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    low, high = GRACE_LIMITS
    if not low <= seconds <= high:  # NaN and infinities fail too
        log.warning(
            "%s=%r is not a number of seconds from %g to %g; the idle grace stays %g s",
            GRACE_VARIABLE,
            text,
            low,
            high,
            IDLE_GRACE,
        )
        return IDLE_GRACE
    log.info("idle grace %g s (%s)", seconds, GRACE_VARIABLE)
    return seconds


def describe(source: IdleSource | None) -> str:
    """A short human label for the status and the doctor, in the language in use."""
    if source is None:
        return _(NO_SOURCE)
    label = _LABELS.get(source.name)
    return _(label) if label else source.name


def _candidates(env: Mapping[str, str], platform: str, probes: Probes) -> list[tuple[str, Probe]]:
    if platform == "darwin":
        return [("macos", probes.macos)]
    if platform in ("win32", "cygwin"):
        return [("windows", probes.windows)]
    found: list[tuple[str, Probe]] = []
    bus = bool(env.get("DBUS_SESSION_BUS_ADDRESS"))
    if bus:
        found.append(("gnome", probes.gnome))
    if env.get("WAYLAND_DISPLAY"):
        found += [("ext-idle-notify", probes.ext_idle), ("kde-idle", probes.kde_idle)]
    if bus:
        found.append(("freedesktop", probes.freedesktop))
    if env.get("DISPLAY") and session_type(env) is not Session.WAYLAND:
        found.append(("x11", probes.x11))
    return found


def _try(
    label: str, probe: Probe, env: Mapping[str, str], timeout: float, grace: float
) -> IdleSource | None:
    try:
        return probe(env, timeout, grace)
    except Exception:  # a broken probe must cost the feature, never the daemon
        log.warning("idle probe %s failed; trying the next", label, exc_info=True)
        return None
