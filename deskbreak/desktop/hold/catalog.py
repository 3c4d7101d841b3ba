"""Which hold sources work on this desktop: the daemon's choice and the doctor's list.

Owns the choice per platform and desktop, and how each source is described:
- microphone, camera, screen share: the PipeWire graph; without PipeWire,
  PulseAudio for the microphone and /dev/video* for the camera;
- do-not-disturb: GNOME, KDE or XFCE by XDG_CURRENT_DESKTOP, else the notification
  server that runs (dunst, mako);
- fullscreen: X11 (also on any X11 window manager), sway's IPC, or the session's
  idle inhibitors on GNOME and KDE;
- apps: the process names in [hold] apps;
- macOS and Windows: their own sources (`macos`, `windows`).
One working source is started per signal, whether [hold] has it on or not: the
engine ignores the signals switched off, so a reload can switch one on or off at
once. `describe_sources` is what `deskbreak doctor` prints.
Edge module: the sources import their libraries only when they start.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from deskbreak.core.ports import HoldSignal, HoldSource
from deskbreak.desktop.hold import (
    dnd,
    inhibitors,
    macos,
    pipewire,
    procs,
    pulse,
    sway,
    windows,
    x11,
)

S = HoldSignal
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceInfo:
    """One hold source as `deskbreak doctor` lists it."""

    name: str
    label: str
    signals: tuple[HoldSignal, ...]
    problem: str | None  # None: it works here; else why not

    @property
    def works(self) -> bool:
        return self.problem is None

    def line(self) -> str:
        what = ", ".join(s.value for s in self.signals)
        state = "ok" if self.works else f"not here: {self.problem}"
        return f"{what:<34} {self.label} — {state}"


@dataclass(frozen=True)
class _Candidate:
    info: SourceInfo
    build: Callable[[], HoldSource]


def describe_sources(
    env: Mapping[str, str] | None = None, *, platform: str | None = None
) -> list[SourceInfo]:
    """Every hold source deskbreak knows for this platform, and whether it works here."""
    return [c.info for c in _candidates(dict(os.environ if env is None else env), platform)]


def choose(
    env: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    apps: Callable[[], Iterable[str]] = lambda: (),
) -> list[HoldSource]:
    """The first working source for each signal; `apps` gives [hold] apps as it is now."""
    env = dict(os.environ if env is None else env)
    wanted = set(HoldSignal)
    chosen: list[HoldSource] = []
    for c in _candidates(env, platform, apps=apps):
        new = set(c.info.signals) & wanted
        if not (c.info.works and new):
            continue
        try:
            chosen.append(c.build())
        except Exception:  # a source that cannot be built leaves its signals unseen
            log.exception("hold source %s not started", c.info.name)
            continue
        wanted -= new
    return chosen


def _candidates(
    env: dict[str, str],
    platform: str | None,
    *,
    apps: Callable[[], Iterable[str]] = lambda: (),
) -> list[_Candidate]:
    platform = platform or sys.platform
    if platform == "darwin":
        return [_c("macos", "CoreAudio / CoreMediaIO and Focus", macos.SIGNALS, None,
                   macos.MacHolds)]  # fmt: skip
    if platform == "win32":
        return [_c("windows", "ConsentStore; notifications off", windows.SIGNALS, None,
                   windows.WindowsHolds)]  # fmt: skip
    return [*_media(env), *_dnd(env), *_fullscreen(env), _apps(apps)]


def _c(
    name: str,
    label: str,
    signals: Iterable[HoldSignal],
    problem: str | None,
    build: Callable[[], HoldSource],
) -> _Candidate:
    ordered = tuple(s for s in HoldSignal if s in set(signals))
    return _Candidate(SourceInfo(name, label, ordered, problem), build)


def _media(env: dict[str, str]) -> list[_Candidate]:
    pw_problem = pipewire.available(env)
    pa_problem = pulse.available(env) if pw_problem else "PipeWire is used instead"
    video = "PipeWire is used instead" if not pw_problem else _video_problem()
    return [
        _c("pipewire", "PipeWire graph (pw-dump --monitor)", pipewire.SIGNALS, pw_problem,
           lambda: pipewire.PipeWireSource(env)),
        _c("pulseaudio", "PulseAudio recording streams (pactl subscribe)", pulse.MIC, pa_problem,
           lambda: pulse.PulseSource(env)),
        _c("video-devices", "/dev/video* held open (inotify, /proc)", (S.CAMERA,), video,
           procs.VideoDevices),
    ]  # fmt: skip


def _video_problem() -> str | None:
    return None if any(Path("/dev").glob("video*")) else "no /dev/video* device"


def _desktop(env: Mapping[str, str]) -> str:
    return env.get("XDG_CURRENT_DESKTOP", "").upper()


def _running(name: str) -> bool:
    return any(comm == name for _, comm in procs.processes())


def _dnd(env: dict[str, str]) -> list[_Candidate]:
    desk = _desktop(env)
    bus = None if env.get("DBUS_SESSION_BUS_ADDRESS") else "no session bus"

    def need(ok: bool, why: str) -> str | None:
        return bus or (None if ok else why)

    return [
        _c("gnome-dnd", "GNOME show-banners (gsettings monitor)", dnd.DND,
           need("GNOME" in desk and dnd.have("gsettings"), "not GNOME"), lambda: dnd.gnome(env)),
        _c("kde-dnd", "KDE notifications Inhibited (D-Bus signal)", dnd.DND,
           need("KDE" in desk, "not KDE Plasma"), lambda: dnd.kde(env)),
        _c("xfce-dnd", "XFCE xfce4-notifyd do-not-disturb (xfconf-query -m)", dnd.DND,
           need("XFCE" in desk and dnd.have("xfconf-query"), "not XFCE"), lambda: dnd.xfce(env)),
        _c("dunst", "dunst paused (D-Bus signal)", dnd.DND,
           need(_running("dunst"), "dunst is not running"), lambda: dnd.dunst(env)),
        _c("mako-dnd", "mako do-not-disturb mode (makoctl)", dnd.DND,
           need(_running("mako") and dnd.have("makoctl") and dnd.have("dbus-monitor"),
                "mako is not running"), lambda: dnd.mako(env)),
    ]  # fmt: skip


def _fullscreen(env: dict[str, str]) -> list[_Candidate]:
    full = (S.FULLSCREEN,)
    swaysock = env.get("SWAYSOCK")
    sway_problem = None if swaysock and shutil.which("swaymsg") else "not sway"
    gnome_problem = inhibitors.available(env)
    return [
        _c("x11-fullscreen", "X11 active window fullscreen (PropertyNotify)", full,
           x11.available(env), lambda: x11.X11Fullscreen(env["DISPLAY"])),
        _c("sway-fullscreen", "sway focused window fullscreen (IPC events)", full, sway_problem,
           lambda: sway.SwayFullscreen(env)),
        _c("gnome-inhibitors", "GNOME session idle inhibitors (D-Bus signals)", full,
           gnome_problem, lambda: inhibitors.gnome(env)),
        _c("kde-inhibitors", "KDE PowerDevil idle inhibitors (D-Bus signals)", full,
           inhibitors.available(env, "KDE"), lambda: inhibitors.kde(env)),
    ]  # fmt: skip


def _apps(names: Callable[[], Iterable[str]]) -> _Candidate:
    return _c("apps", "[hold] apps running (/proc)", (S.APP,), None,
              lambda: procs.AppsRunning(names))  # fmt: skip


class Running:
    """The chosen sources, started and closed together; each failure is logged, not raised."""

    def __init__(self, sources: Iterable[HoldSource]) -> None:
        self.sources = list(sources)

    def start(self, report: Callable[[str, frozenset[HoldSignal]], None]) -> None:
        for source in self.sources:
            try:
                source.start(functools.partial(report, source.name))
            except Exception:
                log.exception("hold source %s did not start", source.name)
        log.info("hold sources: %s", ", ".join(s.name for s in self.sources) or "none")

    def close(self) -> None:
        for source in self.sources:
            try:
                source.close()
            except Exception:
                log.exception("hold source %s did not close", source.name)


@contextlib.contextmanager
def running(
    report: Callable[[str, frozenset[HoldSignal]], None],
    *,
    apps: Callable[[], Iterable[str]] = lambda: (),
) -> Iterator[Running]:
    """The chosen sources, reporting to `report(name, signals)` until the block ends."""
    sources = Running(choose(apps=apps))
    sources.start(report)
    try:
        yield sources
    finally:
        sources.close()
