"""The X11 idle source against real X servers: idle grows without input and drops after
xdotool input; a frozen, dead or restarted server reads as None and is reconnected."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support.waiting import WaitTimeout, wait_until

from deskbreak.desktop.idle import choose, describe
from deskbreak.desktop.idle.x11 import X11Idle

pytestmark = pytest.mark.desktop


def _poll(what: str, read: Callable[[], Any], ok: Callable[[Any], bool], timeout: float) -> Any:
    """Read until `ok(value)` holds; fail with the last value after `timeout` seconds."""
    last: list[Any] = []

    def holds() -> bool:
        last[:] = [read()]
        return ok(last[0])

    try:
        wait_until(what, holds, timeout, every=0.05)
    except WaitTimeout as exc:
        pytest.fail(f"{exc}; last reading {last[0]!r}")
    return last[0]


def _below(limit: float) -> Callable[[float | None], bool]:
    return lambda value: value is not None and value < limit


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (Debian packages: xvfb, xdotool)"
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true: {message}")
    pytest.skip(message)


def test_idle_grows_without_input_and_drops_after_mouse_and_key(desktop_bare: Any) -> None:
    env = {**desktop_bare.env, "XDG_SESSION_TYPE": "x11"}
    source = choose(env, platform="linux")  # the bare bus has no Mutter, no ScreenSaver
    assert source is not None
    try:
        assert source.name == "x11"
        assert describe(source) == "X11 screensaver extension"
        first = _poll("a reading", source.idle_seconds, lambda v: v is not None, 5)
        _poll("idle to grow", source.idle_seconds, lambda v: v is not None and v > first + 0.3, 5)
        for x, action in enumerate((("mousemove", "37", "41"), ("key", "shift"))):
            before = _poll(
                "1 s of idleness", source.idle_seconds, lambda v: v is not None and v >= 1.0, 10
            )
            desktop_bare.run("xdotool", *action)
            after = _poll(
                f"{action[0]} to reset idle",
                source.idle_seconds,
                _below(before),
                5,
            )
            assert after < 1.0, (x, action, before, after)
    finally:
        source.close()


# Our own server takes a display number far above those other X servers take (each takes the
# lowest free one), so none can take it over in the moment the test has it stopped.
FIRST_DISPLAY = 190


class Server:
    """An Xvfb of our own, so the test may freeze, kill and restart it (by PID)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.display = ""

    def start(self) -> None:
        if not self.display:
            number = next(
                n for n in range(FIRST_DISPLAY, FIRST_DISPLAY + 50)
                if not os.path.exists(f"/tmp/.X{n}-lock")
                and not os.path.exists(f"/tmp/.X11-unix/X{n}")
            )  # fmt: skip
            self.display = f":{number}"
        self.proc = subprocess.Popen(
            ["Xvfb", self.display, "-nolisten", "tcp"], stderr=subprocess.DEVNULL
        )
        socket_path = f"/tmp/.X11-unix/X{self.display[1:]}"
        wait_until("Xvfb's socket", lambda: os.path.exists(socket_path), 10)

    def signal(self, signum: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(signum)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None


@pytest.fixture
def server() -> Iterator[Server]:
    _need("Xvfb")
    xserver = Server()
    xserver.start()
    try:
        yield xserver
    finally:
        xserver.stop()


def test_frozen_server_reads_none_within_the_timeout_then_recovers(server: Server) -> None:
    source = X11Idle(server.display, timeout=0.5)
    try:
        _poll("a reading", source.idle_seconds, lambda v: v is not None, 10)
        server.signal(signal.SIGSTOP)
        for _ in range(2):  # the second probe must not wait on the stuck reconnect
            started = time.monotonic()
            assert source.idle_seconds() is None
            assert time.monotonic() - started < 2.0
        server.signal(signal.SIGCONT)
        _poll("a reading after thawing", source.idle_seconds, lambda v: v is not None, 10)
    finally:
        source.close()


def test_dead_server_reads_none_and_a_restarted_one_is_reconnected(server: Server) -> None:
    source = X11Idle(server.display, timeout=0.5)
    try:
        _poll("a reading", source.idle_seconds, lambda v: v is not None, 10)
        server.stop()
        started = time.monotonic()
        assert source.idle_seconds() is None
        assert source.idle_seconds() is None
        assert time.monotonic() - started < 2.0
        server.start()  # same display number
        _poll("a reading after restart", source.idle_seconds, lambda v: v is not None, 10)
    finally:
        source.close()
