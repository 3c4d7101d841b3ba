"""Do-not-disturb hold sources on real notification servers and settings stores."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from desktop_session import Desktop
from hold_support import Reports

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold import dnd

DND = HoldSignal.DND


def test_dunst_paused_is_do_not_disturb(desktop: Desktop) -> None:
    got = Reports()
    source = dnd.dunst(desktop.env)
    source.start(got)
    try:
        got.wait()
        desktop.run("dunstctl", "set-paused", "true")
        got.wait(DND)
        desktop.run("dunstctl", "set-paused", "false")
        got.wait()
    finally:
        desktop.run("dunstctl", "set-paused", "false")
        source.close()
    assert got.seen == [frozenset(), frozenset({DND}), frozenset()]


def test_no_notification_server_means_no_do_not_disturb(desktop_bare: Desktop) -> None:
    got = Reports()
    source = dnd.kde(desktop_bare.env)
    source.start(got)
    try:
        got.wait()
    finally:
        source.close()


def test_gnome_banners_off_is_do_not_disturb(tmp_path: Path) -> None:
    if not dnd.have("gsettings"):
        pytest.skip("needs gsettings (libglib2.0-bin)")
    env = {**os.environ, "GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": str(tmp_path)}
    key = ["org.gnome.desktop.notifications", "show-banners"]

    def gsettings(*args: str) -> None:
        subprocess.run(["gsettings", *args], env=env, check=True, timeout=10)

    got = Reports()
    source = dnd.gnome(env)
    source.start(got)
    try:
        got.wait()
        gsettings("set", *key, "false")
        got.wait(DND)
        gsettings("set", *key, "true")
        got.wait()
    finally:
        source.close()


def test_the_outputs_that_say_do_not_disturb() -> None:
    assert dnd.banners_off("false\n") is True
    assert dnd.banners_off("show-banners: true") is False
    assert dnd.banners_off("other-key: false") is None
    # makoctl mode, recorded from mako 1.7 after `makoctl mode -a do-not-disturb`
    assert dnd.mako_modes_dnd("default\ndo-not-disturb\n") is True
    assert dnd.mako_modes_dnd("default\n") is False
    assert dnd.mako_modes_dnd("do-not-disturb-later\n") is False
    assert dnd.xfce_dnd("true\n") is True and dnd.xfce_dnd("false\n") is False


def test_kde_inhibited_is_read_when_the_server_appears_and_followed_after(
    desktop_bare: Desktop,
) -> None:
    import sys

    server_script = Path(__file__).resolve().parent.parent / "fake_inhibit_server.py"
    got = Reports()
    source = dnd.kde(desktop_bare.env)
    source.start(got)
    server = None
    try:
        got.wait()  # no notification server yet
        server = desktop_bare.popen(
            sys.executable, str(server_script), stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert server.stdout is not None and server.stdin is not None
        assert server.stdout.readline().strip() == "ready"
        got.wait(DND)  # it came up inhibited: seen through NameOwnerChanged
        server.stdin.write("off\n")
        server.stdin.flush()
        got.wait()
        server.stdin.write("on\n")
        server.stdin.flush()
        got.wait(DND)
        server.terminate()
        server.wait(timeout=10)
        got.wait()  # the server went away: nothing inhibits any more
    finally:
        if server is not None and server.poll() is None:
            server.kill()
            server.wait(timeout=10)
        source.close()
