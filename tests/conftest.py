"""Shared pytest fixtures: a temporary deskbreak home, the screenshot folder, headless desktops.

Every test runs with its own deskbreak home (DESKBREAK_HOME in its tmp_path, no
DESKBREAK_CONFIG), so none can read or write the user's files; shared test code is in `support/`.
This module owns only fixtures; the desktop itself lives in desktop_session.py. It must not import
deskbreak (so a broken package still lets the harness tests run) nor any GUI library.
The desktop fixtures skip, naming the Debian packages, when programs are missing, except when
CI=true, where a missing desktop is a failure: CI must never pass by skipping the real tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from desktop_session import Desktop, DesktopError, missing_programs, start_desktop
from wayland_session import KWIN, SWAY, Wayland, missing, start_kwin, start_sway

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


@pytest.fixture(scope="session")
def desktop_sni() -> Iterator[Desktop]:
    """Xvfb + private bus + dunst + StatusNotifierWatcher and an SNI host."""
    yield from _desktop("sni", notifyd=True)


@pytest.fixture(scope="session")
def desktop_bare() -> Iterator[Desktop]:
    """Xvfb + private bus only: no notification server, no tray (bring your own fake)."""
    yield from _desktop("none", notifyd=False)


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
def sway() -> Iterator[Wayland]:
    """sway headless (as an unprivileged user when the suite is root) with waybar and mako."""
    yield from _wayland(SWAY, start_sway)


@pytest.fixture(scope="module")
def kwin() -> Iterator[Wayland]:
    """kwin_wayland --virtual, offscreen, with KDE's fake input allowed."""
    yield from _wayland(KWIN, start_kwin)


@pytest.fixture(autouse=True)
def deskbreak_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh deskbreak home for every test: DESKBREAK_HOME points at its tmp_path.

    Autouse under a name no test module redefines, so a module's own `home` fixture
    cannot switch it off."""
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)
    return tmp_path


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
