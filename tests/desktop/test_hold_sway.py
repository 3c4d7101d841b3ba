"""Hold sources on a real headless sway: fullscreen from its IPC events, mako's mode."""

from __future__ import annotations

import subprocess

import pytest
from harness.sway import Sway
from support.holds import Reports

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold import dnd
from deskbreak.desktop.hold.sway import SwayFullscreen

pytestmark = [pytest.mark.desktop]


def test_the_focused_window_going_fullscreen_and_back_is_followed(sway: Sway) -> None:
    got = Reports()
    source = SwayFullscreen(sway.env)
    slides = sway.window("slides")
    source.start(got)
    try:
        got.wait()
        sway.msg("fullscreen", "enable")
        got.wait(HoldSignal.FULLSCREEN)
        sway.msg("fullscreen", "disable")
        got.wait()
        sway.msg("fullscreen", "enable")
        got.wait(HoldSignal.FULLSCREEN)
        sway.stop(slides)  # the fullscreen window closes
        got.wait()
    finally:
        source.close()
        sway.stop(slides)


def test_makos_do_not_disturb_mode_is_followed(sway: Sway) -> None:
    sway.mako()
    got = Reports()
    source = dnd.mako(sway.env)
    source.start(got)

    def modes(*names: str) -> None:
        subprocess.run(["makoctl", "mode", "-s", *names], env=sway.env, check=True, timeout=10)

    try:
        got.wait()
        # dbus-monitor prints nothing to say it is watching: set the mode again until seen
        got.wait_repeating(lambda: modes("default", "do-not-disturb"), HoldSignal.DND)
        modes("default")
        got.wait()  # now it is watching: one change is enough
    finally:
        source.close()
