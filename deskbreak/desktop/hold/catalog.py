"""Which hold sources work on this desktop: the daemon's choice and the doctor's list.

Owns the choice per platform and desktop, and how each source is described:
- microphone, camera, screen share: the PipeWire graph; without PipeWire,
  PulseAudio for the microphone and /dev/video* for the camera;
- do-not-disturb: GNOME, KDE or XFCE by XDG_CURRENT_DESKTOP, else the notification
  server that runs (dunst, mako);
- fullscreen: X11 (also on any X11 window manager), sway's IPC, or the session's
  idle inhibitors on GNOME and KDE (for the doctor, KDE's only where PowerDevil runs or
  can be started: the one bus question, asked on KDE only);
- apps: the process names in [hold] apps;
- macOS and Windows: their own sources (`macos`, `windows`).
One working source is started per signal, whether [hold] has it on or not: the
engine ignores the signals switched off, so a reload can switch one on or off at
once. `describe_sources` is what `deskbreak doctor` prints; its labels and problems are in the
language in use (program, package and protocol names stay as they are). A source that is
this desktop's own (`SourceInfo.expected`) and still cannot work is why its signals are
missing, and the doctor says so. `choose`, the daemon's start, asks no bus: a source whose
service is not there yet (PowerDevil starting after deskbreak at login) is started all the
same and hears the service come.
Edge module: the sources import their libraries only when they start.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from deskbreak.core.i18n import _
from deskbreak.core.ports import HoldSignal, HoldSource
from deskbreak.desktop.hold import (
    dnd,
    inhibitors,
    pipewire,
    procs,
    pulse,
    sway,
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
    # the source is this desktop's own (KDE's on KDE): a problem is then why its signals are
    # missing here, not a mere "not this desktop"
    expected: bool = False

    @property
    def works(self) -> bool:
        return self.problem is None

    def line(self) -> str:
        what = ", ".join(s.value for s in self.signals)
        # Translators: a hold source works on this desktop (`deskbreak doctor`).
        state = _("ok")
        if not self.works:
            # Translators: a hold source cannot work on this desktop; {problem} says why.
            state = _("not here: {problem}").format(problem=self.problem)
        return f"{what:<34} {self.label} — {state}"


@dataclass(frozen=True)
class _Candidate:
    info: SourceInfo
    build: Callable[[], HoldSource]


def describe_sources(
    env: Mapping[str, str] | None = None, *, platform: str | None = None, timeout: float = 1.0
) -> list[SourceInfo]:
    """Every hold source deskbreak knows for this platform, and whether it works here; on KDE
    the session bus is asked whether PowerDevil is there (each step within `timeout` s)."""
    env = dict(os.environ if env is None else env)
    return [c.info for c in _candidates(env, platform, ask=timeout)]


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
    ask: float | None = None,
) -> list[_Candidate]:
    """`ask`: the seconds a bus question may take, None to ask none (the daemon's choice)."""
    platform = platform or sys.platform
    if platform == "darwin":
        # Translators: how deskbreak sees calls, the camera and Focus on macOS (`deskbreak
        # doctor`); CoreAudio, CoreMediaIO and Focus are Apple's names.
        label = _("CoreAudio / CoreMediaIO and Focus")
        from deskbreak.desktop.hold import macos  # ctypes: loaded only on macOS

        return [_c("macos", label, macos.SIGNALS, None, macos.MacHolds)]
    if platform == "win32":
        # Translators: how deskbreak sees the camera, the microphone and do-not-disturb on
        # Windows (`deskbreak doctor`); ConsentStore is a registry key's name.
        label = _("ConsentStore; notifications off")
        from deskbreak.desktop.hold import windows  # winreg: loaded only on Windows

        return [_c("windows", label, windows.SIGNALS, None, windows.WindowsHolds)]
    return [*_media(env), *_dnd(env), *_fullscreen(env, ask), _apps(apps)]


def _c(
    name: str,
    label: str,
    signals: Iterable[HoldSignal],
    problem: str | None,
    build: Callable[[], HoldSource],
    *,
    expected: bool = False,
) -> _Candidate:
    ordered = tuple(s for s in HoldSignal if s in set(signals))
    return _Candidate(SourceInfo(name, label, ordered, problem, expected), build)


def _media(env: dict[str, str]) -> list[_Candidate]:
    pw_problem = pipewire.available(env)
    # Translators: why a hold source is not used (`deskbreak doctor`): PipeWire does its work.
    instead = _("PipeWire is used instead")
    pa_problem = pulse.available(env) if pw_problem else instead
    video = instead if not pw_problem else _video_problem()
    # Translators: the hold sources as `deskbreak doctor` lists them; program names, options
    # and paths in them stay as they are.
    pw_label = _("PipeWire graph (pw-dump --monitor)")
    # Translators: a hold source as `deskbreak doctor` lists it.
    pa_label = _("PulseAudio recording streams (pactl subscribe)")
    # Translators: a hold source as `deskbreak doctor` lists it: a program has a camera device
    # open.
    video_label = _("/dev/video* held open (inotify, /proc)")
    return [
        _c("pipewire", pw_label, pipewire.SIGNALS, pw_problem,
           lambda: pipewire.PipeWireSource(env)),
        _c("pulseaudio", pa_label, pulse.MIC, pa_problem, lambda: pulse.PulseSource(env)),
        _c("video-devices", video_label, (S.CAMERA,), video, procs.VideoDevices),
    ]  # fmt: skip


def _video_problem() -> str | None:
    if any(Path("/dev").glob("video*")):
        return None
    # Translators: why a hold source cannot work here (`deskbreak doctor`): no camera device.
    return _("no /dev/video* device")


def _desktop(env: Mapping[str, str]) -> str:
    return env.get("XDG_CURRENT_DESKTOP", "").upper()


def _running(name: str) -> bool:
    return any(comm == name for _pid, comm in procs.processes())


def _dnd(env: dict[str, str]) -> list[_Candidate]:
    desk = _desktop(env)
    # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`).
    bus = None if env.get("DBUS_SESSION_BUS_ADDRESS") else _("no session bus")

    def need(ok: bool, why: str) -> str | None:
        return bus or (None if ok else why)

    # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`); {name}
    # is a desktop's name ("GNOME", "KDE Plasma").
    not_desktop = _("not {name}")
    # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`); {name}
    # is a program's name ("dunst", "mako").
    not_running = _("{name} is not running")
    # Translators: a hold source as `deskbreak doctor` lists it; "show-banners" is a GNOME
    # setting's name.
    gnome_label = _("GNOME show-banners (gsettings monitor)")
    # Translators: a hold source as `deskbreak doctor` lists it; "Inhibited" is a KDE
    # property's name.
    kde_label = _("KDE notifications Inhibited (D-Bus signal)")
    # Translators: a hold source as `deskbreak doctor` lists it.
    xfce_label = _("XFCE xfce4-notifyd do-not-disturb (xfconf-query -m)")
    # Translators: a hold source as `deskbreak doctor` lists it: dunst's notifications paused.
    dunst_label = _("dunst paused (D-Bus signal)")
    # Translators: a hold source as `deskbreak doctor` lists it.
    mako_label = _("mako do-not-disturb mode (makoctl)")
    return [
        _c("gnome-dnd", gnome_label, dnd.DND,
           need("GNOME" in desk and dnd.have("gsettings"), not_desktop.format(name="GNOME")),
           lambda: dnd.gnome(env)),
        _c("kde-dnd", kde_label, dnd.DND,
           need("KDE" in desk, not_desktop.format(name="KDE Plasma")), lambda: dnd.kde(env)),
        _c("xfce-dnd", xfce_label, dnd.DND,
           need("XFCE" in desk and dnd.have("xfconf-query"), not_desktop.format(name="XFCE")),
           lambda: dnd.xfce(env)),
        _c("dunst", dunst_label, dnd.DND,
           need(_running("dunst"), not_running.format(name="dunst")), lambda: dnd.dunst(env)),
        _c("mako-dnd", mako_label, dnd.DND,
           need(_running("mako") and dnd.have("makoctl") and dnd.have("dbus-monitor"),
                not_running.format(name="mako")), lambda: dnd.mako(env)),
    ]  # fmt: skip


def _fullscreen(env: dict[str, str], ask: float | None) -> list[_Candidate]:
    full = (S.FULLSCREEN,)
    desk = _desktop(env)
    swaysock = env.get("SWAYSOCK")
    # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`); {name}
    # is a desktop's name.
    sway_problem = (
        None if swaysock and shutil.which("swaymsg") else _("not {name}").format(name="sway")
    )
    gnome_problem = inhibitors.available(env)
    kde_problem = (
        inhibitors.available(env, "KDE") if ask is None
        else inhibitors.powerdevil_problem(env, ask)
    )  # fmt: skip
    # Translators: a hold source as `deskbreak doctor` lists it; PropertyNotify is an X11
    # event's name.
    x11_label = _("X11 active window fullscreen (PropertyNotify)")
    # Translators: a hold source as `deskbreak doctor` lists it.
    sway_label = _("sway focused window fullscreen (IPC events)")
    # Translators: a hold source as `deskbreak doctor` lists it.
    gnome_label = _("GNOME session idle inhibitors (D-Bus signals)")
    # Translators: a hold source as `deskbreak doctor` lists it; PowerDevil is KDE's power
    # manager.
    kde_label = _("KDE PowerDevil idle inhibitors (D-Bus signals)")
    return [
        _c("x11-fullscreen", x11_label, full, x11.available(env),
           lambda: x11.X11Fullscreen(env["DISPLAY"])),
        _c("sway-fullscreen", sway_label, full, sway_problem, lambda: sway.SwayFullscreen(env)),
        _c("gnome-inhibitors", gnome_label, full, gnome_problem, lambda: inhibitors.gnome(env),
           expected="GNOME" in desk),
        _c("kde-inhibitors", kde_label, full, kde_problem, lambda: inhibitors.kde(env),
           expected="KDE" in desk),
    ]  # fmt: skip


def _apps(names: Callable[[], Iterable[str]]) -> _Candidate:
    # Translators: a hold source as `deskbreak doctor` lists it; "[hold] apps" is a config
    # setting's name and stays as it is.
    label = _("[hold] apps running (/proc)")
    return _c("apps", label, (S.APP,), None, lambda: procs.AppsRunning(names))


class Running:
    """The chosen sources, started and closed together; each failure is logged, not raised.

    `first_readings` waits, bounded, until every source that started has told its current
    state once, so a break due at start-up is not offered in a call nobody has seen yet.
    """

    def __init__(self, sources: Iterable[HoldSource]) -> None:
        self.sources = list(sources)
        self._lock = threading.Lock()
        self._silent: set[str] = set()  # started, not heard from yet
        self._heard = threading.Event()

    def start(self, report: Callable[[str, frozenset[HoldSignal]], None]) -> None:
        # every source is waited for from the start: one that answers while the next is
        # still starting must not end the wait for the rest
        with self._lock:
            self._silent = {source.name for source in self.sources}
        for source in self.sources:
            try:
                source.start(functools.partial(self._told, report, source.name))
            except Exception:
                log.exception("hold source %s did not start", source.name)
                self._heard_from(source.name)
        log.info("hold sources: %s", ", ".join(s.name for s in self.sources) or "none")
        self._heard_from(None)

    def first_readings(self, timeout: float) -> list[str]:
        """Wait up to `timeout` s for every started source's first report; the silent ones
        (logged)."""
        self._heard.wait(timeout)
        with self._lock:
            silent = sorted(self._silent)
        if silent:
            log.info("hold sources silent at start: %s", ", ".join(silent))
        return silent

    def _told(
        self,
        report: Callable[[str, frozenset[HoldSignal]], None],
        name: str,
        on: frozenset[HoldSignal],
    ) -> None:
        report(name, on)
        self._heard_from(name)

    def _heard_from(self, name: str | None) -> None:
        with self._lock:
            self._silent.discard(name or "")
            if not self._silent:
                self._heard.set()

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
