"""Shared pytest fixtures: a temporary deskbreak home, the screenshot folder, headless desktops.

Every test runs with its own deskbreak home (DESKBREAK_HOME in its tmp_path, no
DESKBREAK_CONFIG), so none can read or write the user's files; shared test code is in `support/`.
This module owns only fixtures; the desktops themselves live in harness/. It must not import
deskbreak (so a broken package still lets the harness tests run) nor any GUI library.
The desktop fixtures skip, naming the Debian packages, when programs are missing, except when
CI=true, where a missing desktop is a failure: CI must never pass by skipping the real tests.
"""

from __future__ import annotations

import gettext
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

import pytest
from harness.debroot import DebRoot, RootUnavailable
from harness.debroot import missing as debroot_missing
from harness.desktop import Desktop, DesktopError, missing_programs, start_desktop
from harness.gnome import GnomeError, GnomeShell
from harness.gnome_start import missing_gnome, start_gnome_shell
from harness.pipewire import PipeWire, PipeWireError, start_pipewire
from harness.pipewire import missing_programs as pipewire_missing
from harness.sway import Sway, SwayError, start_sway
from harness.sway import missing_programs as sway_missing
from harness.tray import Driver
from harness.trixie import Trixie, TrixieError, desktop_root
from harness.trixie_desktops import Gnome48, start_gnome48
from harness.trixie_plasma import Plasma6, start_plasma6
from harness.trixie_wayland import Sway110, start_sway110
from harness.wayland import KWIN, SWAY, Wayland, missing, start_kwin, start_sway_desktop

REPO = Path(__file__).resolve().parent.parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _desktop(tray: str, notifyd: bool) -> Iterator[Desktop]:
    missing = missing_programs(tray, notifyd)
    if missing:
        packages = sorted({m.split("(")[1].rstrip(")") for m in missing})
        message = (
            f"desktop tests need: {', '.join(missing)}; "
            f"install with: apt-get install {' '.join(packages)}"
        )
        if _in_ci():
            pytest.fail(f"CI=true and the headless desktop cannot start: {message}")
        pytest.skip(message)
    try:
        desk = start_desktop(tray=tray, notifyd=notifyd)
    except DesktopError as exc:
        pytest.fail(f"the headless desktop did not start: {exc}")
    try:
        yield desk
    finally:
        desk.close()


@pytest.fixture(scope="session")
def desktop() -> Iterator[Desktop]:
    """Xvfb + private bus + dunst + trayer (XEmbed tray), shared by the whole session."""
    yield from _desktop("xembed", notifyd=True)


@pytest.fixture(scope="module")
def desktop_own() -> Iterator[Desktop]:
    """Like `desktop`, but fresh for one module: for a test that runs the whole daemon,
    whose icon and notifications must not be left in the tray the other tests share."""
    yield from _desktop("xembed", notifyd=True)


@pytest.fixture(scope="module")
def desktop_sni_own() -> Iterator[Desktop]:
    """Like `desktop_sni`, fresh for one module: for tests that restart its tray host."""
    yield from _desktop("sni", notifyd=True)


@pytest.fixture(scope="session")
def desktop_sni() -> Iterator[Desktop]:
    """Xvfb + private bus + dunst + StatusNotifierWatcher and an SNI host."""
    yield from _desktop("sni", notifyd=True)


@pytest.fixture(scope="session")
def desktop_bare() -> Iterator[Desktop]:
    """Xvfb + private bus only: no notification server, no tray (bring your own fake)."""
    yield from _desktop("none", notifyd=False)


class _Closable(Protocol):
    def close(self) -> None: ...


_Started = TypeVar("_Started", bound=_Closable)


def _started(
    what: str, missing: str, start: Callable[[], _Started], error: type[Exception]
) -> Iterator[_Started]:
    """Start `what` for a module (skip naming `missing`, or fail with CI=true), then close it."""
    if missing:
        if _in_ci():
            pytest.fail(f"CI=true and {what} cannot start: {missing}")
        pytest.skip(f"{what} tests need: {missing}")
    try:
        started = start()
    except error as exc:
        pytest.fail(f"{what} did not start: {exc}")
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def pipewire() -> Iterator[PipeWire]:
    """A private PipeWire + WirePlumber + pipewire-pulse with a virtual microphone."""
    yield from _started("PipeWire", ", ".join(pipewire_missing()), start_pipewire, PipeWireError)


@pytest.fixture(scope="module")
def sway() -> Iterator[Sway]:
    """A headless sway, with a session bus of its own, run as nobody."""
    missing = sway_missing() + ([] if os.geteuid() == 0 else ["root (to run sway as nobody)"])
    yield from _started("sway", ", ".join(missing), start_sway, SwayError)


@pytest.fixture(scope="module")
def gnome_shell() -> Iterator[GnomeShell]:
    """A headless GNOME Shell (Wayland, Xwayland, AppIndicator, lock screen), fresh per module."""
    yield from _started("GNOME Shell", ", ".join(missing_gnome()), start_gnome_shell, GnomeError)


def _wayland(programs: dict[str, str], start: Callable[[], Wayland]) -> Iterator[Wayland]:
    gone = missing(programs)
    if gone:
        packages = sorted({m.split("(")[1].rstrip(")") for m in gone})
        message = f"needs {', '.join(gone)}; install with: apt-get install {' '.join(packages)}"
        if _in_ci():
            pytest.fail(f"CI=true and the Wayland desktop cannot start: {message}")
        pytest.skip(message)
    try:
        desk = start()
    except DesktopError as exc:
        pytest.fail(f"the Wayland desktop did not start: {exc}")
    try:
        yield desk
    finally:
        desk.close()


@pytest.fixture(scope="module")
def sway_desktop() -> Iterator[Wayland]:
    """sway headless with waybar (SNI watcher and tray) and mako, as a whole desktop: as an
    unprivileged user when the suite is root, with the program under test as the suite."""
    yield from _wayland(SWAY, start_sway_desktop)


@pytest.fixture(scope="module")
def kwin() -> Iterator[Wayland]:
    """kwin_wayland --virtual, offscreen, with KDE's fake input allowed."""
    yield from _wayland(KWIN, start_kwin)


@pytest.fixture(scope="session")
def trixie_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DebRoot]:
    """A Debian 13 root with GNOME Shell 48, sway 1.10 and Plasma 6 and deskbreak from this
    clone in a venv: one unpack per test run (the first build, minutes, is cached)."""
    lacks = debroot_missing()
    if lacks:
        why = "missing: " + ", ".join(lacks)
        if _in_ci():
            pytest.fail(f"CI=true and the Debian 13 desktop root cannot be had: {why}")
        pytest.skip(f"the Debian 13 desktops need: {why}")
    try:
        root = desktop_root(tmp_path_factory.mktemp("trixie"))
    except RootUnavailable as exc:
        if _in_ci():
            pytest.fail(f"CI=true and the Debian 13 desktop root cannot be had: {exc}")
        pytest.skip(f"no Debian 13 desktop root: {exc}")
    except TrixieError as exc:
        pytest.fail(f"the Debian 13 desktop root is not usable: {exc}")
    try:
        yield root
    finally:
        root.remove()


def _trixie(root: DebRoot) -> Trixie:
    session = Trixie(root)
    try:
        session.start()
    except BaseException:
        session.close()
        raise
    return session


@pytest.fixture(scope="module")
def gnome48(trixie_root: DebRoot) -> Iterator[Gnome48]:
    """GNOME Shell 48 (Wayland, Xwayland, AppIndicator) from the Debian 13 root, per module."""

    def start() -> Gnome48:
        session = _trixie(trixie_root)
        try:
            return start_gnome48(session)
        except BaseException:
            session.close()
            raise

    yield from _started("GNOME Shell 48", "", start, TrixieError)


@pytest.fixture(scope="module")
def sway110(trixie_root: DebRoot) -> Iterator[Sway110]:
    """sway 1.10 with waybar and mako (Wayland, Xwayland) from the Debian 13 root, per module."""

    def start() -> Sway110:
        session = _trixie(trixie_root)
        try:
            return start_sway110(session)
        except BaseException:
            session.close()
            raise

    yield from _started("sway 1.10", "", start, TrixieError)


@pytest.fixture(scope="module")
def plasma6(trixie_root: DebRoot) -> Iterator[Plasma6]:
    """KWin 6 and plasmashell 6 (Wayland, Xwayland) from the Debian 13 root, per module."""

    def start() -> Plasma6:
        session = _trixie(trixie_root)
        try:
            return start_plasma6(session)
        except BaseException:
            session.close()
            raise

    yield from _started("Plasma 6", "", start, TrixieError)


@pytest.fixture(autouse=True)
def deskbreak_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh deskbreak home for every test: DESKBREAK_HOME points at its tmp_path.

    Autouse under a name no test module redefines, so a module's own `home` fixture
    cannot switch it off."""
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)
    # English and the plain 24-hour formats unless a test asks for a language, whatever
    # the machine's locale; a test that installed a catalogue leaves none behind.
    monkeypatch.setenv("DESKBREAK_LANGUAGE", "en")
    _reset_language()
    return tmp_path


def _reset_language() -> None:
    i18n = sys.modules.get("deskbreak.core.i18n")  # never imported from here (see above)
    if i18n is not None:
        i18n.install(gettext.NullTranslations(), "en", i18n.PlainFormats())
    lang = sys.modules.get("deskbreak.lang")
    if lang is not None:  # the setting a child process inherits (player, control window)
        setattr(lang, "_setting", "auto")  # noqa: B010 - a module found at run time


@pytest.fixture
def home(deskbreak_home: Path) -> Path:
    """The test's deskbreak home (set for every test; this names it)."""
    return deskbreak_home


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """artifacts/screenshots/ under the repo root (git-ignored), created; scripts/test lists it."""
    path = REPO / "artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def start_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Driver]]:
    """Start tests/tray_driver.py (the real Tray, a fake daemon) in a desktop; stopped after."""
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path / "home"))
    drivers: list[Driver] = []

    def start(desk: Desktop, backend: str, *extra: str) -> Driver:
        log = tmp_path / f"tray-{len(drivers)}.jsonl"
        driver = Driver(desk, log, tmp_path / "home", backend, *extra)
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.stop()
