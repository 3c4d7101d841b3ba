"""The tray icon through the life of a session: hosts that restart, and a daemon that is
stopped over and over while its icon changes, on every backend.

On desktops of this module's own (their tray hosts are restarted): trayer restarts and the
XEmbed icon docks again at once, quietly and square; the StatusNotifierWatcher starts after
the icon and restarts, and the icon is registered each time, once. Then the soak: a real
daemon on XEmbed, on our SNI backend and with no tray is started and stopped many times in
a row — by `deskbreak stop`, SIGTERM and SIGINT in turn — with commands changing its icon
in flight; it must end every time without SIGKILL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from harness.daemon import Daemon
from harness.desktop import Desktop, _spawn, _start_trayer
from harness.tray import Driver, events, geometry

from deskbreak.core.ports import Reply

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

ROUNDS = 5  # stops per backend
STOP_LIMIT = 4.0  # seconds; the target is 2 s, the rest is headroom for a loaded machine


def _end(desk: Desktop, name: str) -> None:
    proc = desk.group.find(name)
    assert proc is not None, f"no running {name} in the session"
    desk.group.stop(proc)


def _restart_trayer(desk: Desktop, driver: Driver, n: int) -> None:
    """The `n`th restart: the icon leaves the old tray and is docked by the new one."""

    def count(name: str) -> int:
        return len(events(driver.log, name))

    docked = count("docked")
    _end(desk, "trayer")
    driver.wait("the icon to leave the old tray", lambda: count("undocked") >= n)
    _start_trayer(desk)
    driver.wait("the icon in the new trayer", lambda: count("docked") > docked, timeout=5)


def test_xembed_docks_again_at_once_and_quietly_when_trayer_restarts(
    desktop_own: Desktop, start_driver: Callable[..., Driver]
) -> None:
    desk = desktop_own
    driver = start_driver(desk, "xembed", "--churn", "--state", "working")
    ready = driver.ready()
    driver.wait("the icon in trayer", lambda: desk.tray_docked(ready["title"]))
    for n in range(1, 3):
        _restart_trayer(desk, driver, n)

        def square() -> bool:
            _x, _y, w, h = geometry(desk, ready["window"])
            return w == h >= 24

        driver.wait("a square slot in the new trayer", square, timeout=5)
    assert "Failed to dock" not in driver.stderr.read_text()
    assert "Traceback" not in driver.stderr.read_text()


def test_sni_registers_when_the_watcher_appears_and_again_when_it_restarts(
    desktop_sni_own: Desktop, start_driver: Callable[..., Driver]
) -> None:
    desk = desktop_sni_own
    _end(desk, "sni-host")  # it may crash when its watcher goes; registering needs no host
    _end(desk, "sni-watcher")
    driver = start_driver(desk, "sni", "--churn", "--state", "working")
    assert driver.ready()["backend"] == "sni"
    ours = f"org.kde.StatusNotifierItem-{driver.proc.pid}-1"
    driver.wait("our bus name", lambda: desk.has_bus_name(ours))
    for _round in range(2):
        _spawn(desk, "sni-watcher", "status-notifier-watcher")
        driver.wait("the icon registered", lambda: ours in desk.sni_items(), timeout=5)
        assert desk.sni_items().count(ours) == 1
        _end(desk, "sni-watcher")
    _spawn(desk, "sni-watcher", "status-notifier-watcher")
    driver.wait("the icon registered", lambda: ours in desk.sni_items(), timeout=5)
    driver.stop()
    desk.wait_for("the icon gone with its process", lambda: ours not in desk.sni_items())
    assert "Traceback" not in driver.stderr.read_text()


# -- the stop soak -------------------------------------------------------------------------


class Soak:
    """A real `deskbreak run` (the one runner, `harness.daemon.Daemon`) with the given tray
    backend, started and stopped in the same home while commands change its icon."""

    def __init__(self, desk: Desktop, backend: str) -> None:
        config = f'[schedule]\nevery = "1m"\nrenotify = "off"\n[tray]\nbackend = "{backend}"\n'
        self.daemon = Daemon(desk, config)
        self.desk, self.backend = desk, backend

    def close(self) -> None:
        self.daemon.close()

    def call(self, command: str, **args: Any) -> Reply | None:
        """Asked in process, so commands land while a stop is in flight."""
        from deskbreak.ipc import Client
        from deskbreak.paths import resolve

        try:
            home = {"DESKBREAK_HOME": str(self.daemon.home)}
            return Client(resolve(home), timeout=2).call(command, **args)
        except Exception:
            return None

    def start(self) -> None:
        self.daemon.start(wait=0, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        want = None if self.backend == "none" else self.backend

        def up() -> bool:
            proc = self.daemon.proc
            assert proc is not None and proc.poll() is None, self.daemon.errors()
            reply = self.call("status")
            return reply is not None and reply.ok and reply.data.get("tray") == want

        self.desk.wait_for(f"the daemon with tray {want}", up, timeout=20)

    def stop(self, how: str) -> float:
        """Stop it `how` while its icon changes; seconds until it exited."""
        proc = self.daemon.proc
        assert proc is not None
        churn = threading.Thread(target=self._churn, daemon=True)
        churn.start()
        started = time.monotonic()
        if how == "cli":
            self.daemon.cli("stop")
        else:
            proc.send_signal(signal.SIGTERM if how == "term" else signal.SIGINT)
        try:
            proc.wait(STOP_LIMIT)
        except subprocess.TimeoutExpired:
            stacks = self.daemon.stacks()
            raise AssertionError(f"{how}: still running after {STOP_LIMIT} s:\n{stacks}") from None
        took = time.monotonic() - started
        churn.join(5)
        assert proc.returncode in (0, -signal.SIGINT), (how, proc.returncode)
        return took

    def _churn(self) -> None:
        for command in ("pause", "resume", "pause", "resume"):
            if self.call(command) is None:
                return


@pytest.fixture
def soak() -> Iterator[Callable[[Desktop, str], Soak]]:
    made: list[Soak] = []

    def make(desk: Desktop, backend: str) -> Soak:
        made.append(Soak(desk, backend))
        return made[-1]

    yield make
    for one in made:
        one.close()


@pytest.mark.parametrize("backend", ["xembed", "sni", "none"])
def test_stop_always_stops(
    backend: str,
    desktop_own: Desktop,
    desktop_sni_own: Desktop,
    soak: Callable[[Desktop, str], Soak],
) -> None:
    desk = desktop_sni_own if backend == "sni" else desktop_own
    if backend == "sni" and not desk.has_bus_name("org.kde.StatusNotifierWatcher"):
        _spawn(desk, "sni-watcher", "status-notifier-watcher")
    daemon = soak(desk, backend)
    times: list[tuple[str, float]] = []
    for n in range(ROUNDS):
        how = ("cli", "term", "int")[n % 3]
        daemon.start()
        times.append((how, daemon.stop(how)))
        errors = daemon.daemon.errors()
        assert "Traceback" not in errors, errors
    slowest = max(t for _how, t in times)
    print(f"{backend}: {len(times)} stops, slowest {slowest:.2f} s: {times}", file=sys.stderr)
    assert not os.path.exists(daemon.daemon.home / "run" / "control.sock")


# -- logout: the session goes away under the daemon (last: these end the module's desktops) --


@pytest.mark.parametrize(("backend", "part"), [("sni", "dbus-daemon"), ("xembed", "Xvfb")])
def test_the_daemon_ends_when_its_session_ends(
    backend: str,
    part: str,
    desktop_own: Desktop,
    desktop_sni_own: Desktop,
    soak: Callable[[Desktop, str], Soak],
) -> None:
    """Logging out takes the bus (SNI) or the X server (XEmbed) away: the daemon ends."""
    desk = desktop_sni_own if backend == "sni" else desktop_own
    if backend == "sni" and not desk.has_bus_name("org.kde.StatusNotifierWatcher"):
        _spawn(desk, "sni-watcher", "status-notifier-watcher")
    daemon = soak(desk, backend)
    daemon.start()
    proc = daemon.daemon.proc
    assert proc is not None
    _end(desk, part)
    try:
        proc.wait(STOP_LIMIT)
    except subprocess.TimeoutExpired:
        raise AssertionError(
            f"still running {STOP_LIMIT} s after {part}:\n{daemon.daemon.stacks()}"
        ) from None
