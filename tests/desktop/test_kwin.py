"""deskbreak on KWin (kwin_wayland --virtual, offscreen), through the real daemon.

KWin refuses the freedesktop GetSessionIdleTime ("not supported on this platform"), so
the idle source falls back to the compositor's ext-idle-notify-v1, and the status says
so; a user away past natural_break and back (KDE's fake input) finds a natural break in
the history and no reminder.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness.daemon import Daemon
from harness.wayland import Wayland

from deskbreak.desktop.idle import choose, describe
from deskbreak.desktop.idle.freedesktop import open_freedesktop

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

AWAY = """
[schedule]
every = "10m"
natural_break = "10s"
renotify = "off"
"""
# The compositor says "idle" after 5 s without input, not the daemon's usual minute.
FAST_IDLE = {"DESKBREAK_IDLE_GRACE": "5"}


@pytest.fixture
def daemon(kwin: Wayland) -> Iterator[Daemon]:
    daemon = Daemon(kwin, AWAY, env=FAST_IDLE)
    yield daemon
    daemon.close()


def test_refused_get_session_idle_time_falls_back_to_ext_idle_notify(kwin: Wayland) -> None:
    answer = kwin.bus_call("org.freedesktop.ScreenSaver", "/ScreenSaver",
                           "org.freedesktop.ScreenSaver.GetSessionIdleTime")  # fmt: skip
    assert "NotSupported" in answer
    assert open_freedesktop(kwin.env, 2.0) is None
    source = choose(kwin.env, platform="linux", timeout=2.0)
    try:
        assert source is not None and source.name == "ext-idle-notify"
        assert describe(source) == "Wayland ext-idle-notify-v1 (events)"
        assert source.idle_seconds() == 0.0  # at the desk until the compositor says otherwise
        assert source.watch(lambda change: None) is True
    finally:
        if source is not None:
            source.close()


def test_away_past_natural_break_and_back_is_a_natural_break(kwin: Wayland, daemon: Daemon) -> None:
    kwin.type_key()
    daemon.start()
    status = daemon.status()
    assert status is not None and status["idle_source"] == "ext-idle-notify"
    kwin.wait_for(
        "a natural break", lambda: daemon.alive() and "natural-break" in daemon.kinds(), 45
    )
    assert daemon.state() == "away"
    kwin.move_cursor()  # back, through KDE's fake input: the compositor says "resumed"
    kwin.wait_for("the daemon to see the user back", lambda: daemon.state() == "working", 10)
    (event,) = [e for e in daemon.history() if e["kind"] == "natural-break"]
    assert event["detail"]["cause"] == "idle" and event["detail"]["seconds"] >= 10
    status = daemon.status()
    assert status is not None and status["seconds_left"] > 9 * 60  # away was not work
    assert "due" not in daemon.kinds()
