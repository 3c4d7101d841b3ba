"""The X11 fullscreen hold source under a real window manager (openbox on Xvfb)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from harness.desktop import Desktop
from support.holds import Reports

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold.x11 import X11Fullscreen

pytestmark = [pytest.mark.desktop]

FULL = HoldSignal.FULLSCREEN


@pytest.fixture(scope="module")
def openbox(desktop_own: Desktop) -> Iterator[Desktop]:
    if shutil.which("openbox") is None or shutil.which("wmctrl") is None:
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail("CI=true and openbox or wmctrl is missing (apt-get install openbox wmctrl)")
        pytest.skip("needs openbox and wmctrl (apt-get install openbox wmctrl)")
    from Xlib import display

    d = display.Display(desktop_own.display)
    root = d.screen().root
    check = d.intern_atom("_NET_SUPPORTING_WM_CHECK")
    proc = desktop_own.popen("openbox", "--sm-disable")
    desktop_own.wait_for("openbox", lambda: root.get_full_property(check, 0) is not None)
    d.close()
    yield desktop_own
    proc.terminate()
    proc.wait(timeout=10)


def _window(desk: Desktop, name: str) -> tuple[Any, int]:
    from Xlib import X, display

    d = display.Display(desk.display)
    win = d.screen().root.create_window(0, 0, 200, 100, 0, d.screen().root_depth, X.InputOutput)
    win.set_wm_name(name)
    win.map()
    d.sync()
    return d, win.id


def _active(desk: Desktop) -> str:
    return desk.run("xprop", "-root", "_NET_ACTIVE_WINDOW").stdout


def test_a_fullscreen_active_window_holds_and_leaving_it_or_fullscreen_ends(
    openbox: Desktop,
) -> None:
    got = Reports()
    source = X11Fullscreen(openbox.display)
    source.start(got)
    slides, slides_id = _window(openbox, "slides")
    notes, notes_id = _window(openbox, "notes")
    try:
        got.wait()
        openbox.wait_for("notes active", lambda: hex(notes_id) in _active(openbox))
        openbox.run("wmctrl", "-i", "-r", hex(slides_id), "-b", "add,fullscreen")
        openbox.run("wmctrl", "-i", "-a", hex(slides_id))
        got.wait(FULL)  # the presentation is fullscreen and in front
        openbox.run("wmctrl", "-i", "-a", hex(notes_id))
        got.wait()  # the focus moved to a normal window
        openbox.run("wmctrl", "-i", "-a", hex(slides_id))
        got.wait(FULL)
        openbox.run("wmctrl", "-i", "-r", hex(slides_id), "-b", "remove,fullscreen")
        got.wait()
    finally:
        source.close()
        slides.close()
        notes.close()
    assert got.seen == [frozenset(), *[frozenset({FULL}), frozenset()] * 2]
