"""Do-not-disturb hold sources on real notification servers and settings stores."""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest
from harness.desktop import Desktop
from support.holds import Reports

from deskbreak.core.ports import HoldSignal, HoldSource
from deskbreak.desktop.hold import dnd, inhibitors

pytestmark = [pytest.mark.desktop]

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
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail("CI=true and gsettings is missing (libglib2.0-bin)")
        pytest.skip("needs gsettings (libglib2.0-bin)")
    env = {**os.environ, "GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": str(tmp_path)}
    key = ["org.gnome.desktop.notifications", "show-banners"]

    def gsettings(*args: str) -> None:
        subprocess.run(["gsettings", *args], env=env, check=True, timeout=10)

    def until_seen(value: str, *want: HoldSignal) -> None:
        # `gsettings monitor` says nothing once it is watching, so a change made in its
        # first moments can come before it is: set the value again until it is seen.
        got.wait_repeating(lambda: gsettings("set", *key, value), *want)

    got = Reports()
    source = dnd.gnome(env)
    source.start(got)
    try:
        got.wait()
        until_seen("false", DND)
        gsettings("set", *key, "true")
        got.wait()  # now it is watching: one change is enough
        assert len(got.seen) == 3
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


SERVER = Path(__file__).resolve().parent.parent / "fake_inhibit_server.py"


def _follow_a_kde_service(
    desk: Desktop, source: HoldSource, mode: str, on: HoldSignal, caplog: pytest.LogCaptureFixture
) -> None:
    """The service comes up on, switches off and on again, and goes away; the log says
    once that it is not there yet, and once that it answers."""
    import sys

    def said(what: str) -> int:
        return sum(
            r.getMessage().startswith(source.name) and r.getMessage().endswith(what)
            for r in caplog.records
        )

    caplog.set_level(logging.INFO, logger="deskbreak.desktop.hold.busprop")
    got = Reports()
    source.start(got)
    server = None
    try:
        got.wait()  # no such service yet
        assert (said("is not on the bus; watching for it"), said("answers")) == (1, 0)
        server = desk.popen(
            sys.executable, str(SERVER), mode, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert server.stdout is not None and server.stdin is not None
        assert server.stdout.readline().strip() == "ready"
        got.wait(on)  # read when its name appeared (NameOwnerChanged)
        for state, want in (("off", ()), ("on", (on,))):
            server.stdin.write(f"{state}\n")
            server.stdin.flush()
            got.wait(*want)
        assert said("answers") == 1  # once, however often it changed
        server.terminate()
        server.wait(timeout=10)
        got.wait()  # it went away: nothing holds any more
        assert said("is not on the bus; watching for it") == 2
    finally:
        if server is not None and server.poll() is None:
            server.kill()
            server.wait(timeout=10)
        source.close()


def test_kde_do_not_disturb_follows_the_inhibited_property(
    desktop_bare: Desktop, caplog: pytest.LogCaptureFixture
) -> None:
    _follow_a_kde_service(desktop_bare, dnd.kde(desktop_bare.env), "notifications", DND, caplog)


def test_kde_idle_inhibitors_are_fullscreen_through_has_inhibit_changed(
    desktop_bare: Desktop, caplog: pytest.LogCaptureFixture
) -> None:
    source = inhibitors.kde(desktop_bare.env)
    _follow_a_kde_service(desktop_bare, source, "power", HoldSignal.FULLSCREEN, caplog)
