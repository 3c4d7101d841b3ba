"""On KDE the doctor asks the session bus whether PowerDevil is there, and says why fullscreen
cannot hold a break when it is not: real private buses, a stand-in PowerDevil, and a socket
that never answers.

Without an owner of `org.freedesktop.PowerManagement` (and no way to start one) the
`kde-inhibitors` source has a problem, and `deskbreak doctor --json` lists fullscreen as
missing with that source named in the "holds" finding's `blocked`; with the stand-in owning
the name, or the bus able to start it, fullscreen is watched. Off KDE, and in the daemon's
own choice, the bus is never asked.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.bus import private_bus

from deskbreak.cli import main
from deskbreak.desktop.hold import catalog
from deskbreak.desktop.hold.inhibitors import KDE

SERVER = Path(__file__).resolve().parent / "fake_inhibit_server.py"
POWER = KDE.bus_name  # org.freedesktop.PowerManagement


def kde_env(address: str) -> dict[str, str]:
    return {
        "XDG_CURRENT_DESKTOP": "KDE",
        "XDG_SESSION_TYPE": "wayland",
        "DBUS_SESSION_BUS_ADDRESS": address,
    }


def kde_source(env: dict[str, str], timeout: float = 2.0) -> catalog.SourceInfo:
    (info,) = [
        i
        for i in catalog.describe_sources(env, platform="linux", timeout=timeout)
        if i.name == "kde-inhibitors"
    ]
    return info


def doctor_holds(
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> dict[str, object]:
    """`deskbreak doctor --json` run in `env` (and nothing else of this machine's session):
    its "holds" finding."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SWAYSOCK", "XDG_SESSION_TYPE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # the sleep probe asks the system bus: the private bus stands in for it
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", env["DBUS_SESSION_BUS_ADDRESS"])
    main(["doctor", "--json"])
    found = {f["id"]: f for f in json.loads(capsys.readouterr().out)["findings"]}
    holds: dict[str, object] = found["holds"]
    return holds


@contextlib.contextmanager
def stand_in_powerdevil(address: str) -> Iterator[None]:
    """A stand-in PowerDevil owning org.freedesktop.PowerManagement on the bus at `address`
    (`fake_inhibit_server.py power`), stopped by PID afterwards."""
    server = subprocess.Popen(
        [sys.executable, str(SERVER), "power"],
        env={"DBUS_SESSION_BUS_ADDRESS": address, "PATH": "/usr/bin:/bin"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "ready"
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_kde_without_powerdevil_the_doctor_says_why_fullscreen_is_missing_until_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with private_bus(tmp_path) as (_bus, address):
        env = kde_env(address)
        nobody = kde_source(env)
        assert nobody.problem is not None and nobody.expected
        assert "PowerDevil" in nobody.problem  # the name stays as it is in every language
        holds = doctor_holds(env, monkeypatch, capsys)
        details = holds["details"]
        assert isinstance(details, dict)
        assert "fullscreen" in details["missing"], holds
        assert details["blocked"] == ["kde-inhibitors"], holds
        assert nobody.problem in str(holds["found"])
        assert holds["verdict"] == "info"  # holds are an extra: nothing fails for want of one

        with stand_in_powerdevil(address):
            assert kde_source(env).problem is None
            holds = doctor_holds(env, monkeypatch, capsys)
        details = holds["details"]
        assert isinstance(details, dict)
        assert "fullscreen" in details["watched"], holds
        assert "fullscreen" not in details["missing"] and details["blocked"] == [], holds


def test_a_powerdevil_the_bus_can_start_counts_as_there(tmp_path: Path) -> None:
    services = tmp_path / "services"
    services.mkdir()
    # listed as activatable; never started, since nothing calls it
    (services / f"{POWER}.service").write_text(f"[D-BUS Service]\nName={POWER}\nExec=/bin/false\n")
    with private_bus(tmp_path, services=services) as (_bus, address):
        info = kde_source(kde_env(address))
    assert info.problem is None and info.works


@contextlib.contextmanager
def silent_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    """A listening socket that never accepts: a connection to it waits for an answer that
    never comes, like a hung bus. Yields it and its address."""
    path = tmp_path / "silent"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    try:
        yield server, f"unix:path={path}"
    finally:
        server.close()


def _connected(server: socket.socket) -> bool:
    """Whether anyone connected to `server` (without waiting)."""
    server.setblocking(False)
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


def test_off_kde_and_in_the_daemons_choice_the_bus_is_never_asked(tmp_path: Path) -> None:
    with silent_socket(tmp_path) as (server, address):
        for desktop in ("GNOME", "sway", "XFCE", ""):
            env = {"XDG_CURRENT_DESKTOP": desktop, "DBUS_SESSION_BUS_ADDRESS": address}
            infos = catalog.describe_sources(env, platform="linux", timeout=5)
            kde = next(i for i in infos if i.name == "kde-inhibitors")
            assert kde.problem is not None and not kde.expected
        # the daemon's start on KDE asks nothing either: its watch follows PowerDevil's name
        chosen = catalog.choose(kde_env(address), platform="linux")
        try:
            assert "kde-inhibitors" in [s.name for s in chosen]
        finally:
            for source in chosen:
                source.close()  # never started: nothing to stop
        assert not _connected(server)
    # KDE with no session bus: said so, and nothing to ask
    no_bus = kde_source({"XDG_CURRENT_DESKTOP": "KDE"})
    assert no_bus.problem is not None and no_bus.expected


def test_a_bus_that_does_not_answer_is_not_waited_for_and_blames_nobody(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, "deskbreak.desktop.probes")
    with silent_socket(tmp_path) as (server, address):
        started = time.monotonic()
        info = kde_source(kde_env(address), timeout=0.3)
        took = time.monotonic() - started
        assert _connected(server)  # it did ask
    assert info.problem is None  # could not ask: as before the question, the source is listed
    assert took < 4.0, took  # the 0.3 s asked, not a longer wait (a busy machine adds)
    gone = kde_source(kde_env(f"unix:path={tmp_path / 'no-such-bus'}"), timeout=0.3)
    assert gone.problem is None
    asked = [r for r in caplog.records if POWER in r.getMessage()]
    assert len(asked) == 2 and all(r.levelno == logging.DEBUG for r in asked), caplog.records
