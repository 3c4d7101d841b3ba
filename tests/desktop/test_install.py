"""Installed like a desktop app: the built wheel, installed with pipx, works on a real desktop.

The wheel is built with `python -m build` (from its sdist, so the sdist is proven complete) and
installed with pipx into a temporary PIPX_HOME, with the project's PYTHONPATH out of the way so
only the installed copy runs, on a bare X11 desktop (no tray, no notification server: the
daemon's own parts are under test here, not the tray's). From that install:
`deskbreak doctor --json` reports that desktop and its two missing pieces, `deskbreak autostart
enable` writes an entry whose Exec line is the install's own script, `deskbreak desktop-entry
install` puts the launcher and its icons in place, and the Exec line, run as the session would
run it, starts the daemon that `deskbreak stop` then ends.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness.desktop import Desktop
from support.waiting import wait_until

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Install:
    bin: Path  # PIPX_BIN_DIR: where pipx put the `deskbreak` command
    venv: Path  # the install's own virtualenv
    env: dict[str, str]  # a user's environment in the desktop session, without our PYTHONPATH
    home: Path  # DESKBREAK_HOME

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "deskbreak"), *args],
            env=self.env,
            cwd=self.home.parent,  # not the project: its package must not be importable
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def _missing() -> str | None:
    if shutil.which("pipx") is None:
        return "pipx (Debian package pipx)"
    try:
        import build  # noqa: F401
    except ImportError:
        return "the build module (the test extra: pip install build)"
    return None


@pytest.fixture(scope="module")
def install(desktop_bare: Desktop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Install]:
    missing = _missing()
    if missing:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true and the install test cannot run: {missing} is missing")
        pytest.skip(f"the install test needs {missing}")
    root = tmp_path_factory.mktemp("install")
    dist = root / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(dist.glob("deskbreak-*.whl"))
    env = {k: v for k, v in desktop_bare.env.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {
        "HOME": str(root / "user"),
        "PIPX_HOME": str(root / "pipx"),
        "PIPX_BIN_DIR": str(root / "bin"),
        "DESKBREAK_HOME": str(root / "db"),
    }
    env["PATH"] = os.pathsep.join([str(root / "bin"), "/usr/local/bin", "/usr/bin", "/bin"])
    done = subprocess.run(
        ["pipx", "install", str(wheel)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    yield Install(root / "bin", root / "pipx" / "venvs" / "deskbreak", env, root / "db")


def test_the_installed_command_is_the_install_and_not_the_project(install: Install) -> None:
    out = install.run("--version")
    assert out.returncode == 0 and out.stdout.startswith("deskbreak "), out.stderr
    where = subprocess.run(
        [str(install.venv / "bin" / "python"), "-c", "import deskbreak; print(deskbreak.__file__)"],
        env=install.env,
        cwd=install.home.parent,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert where.stdout.strip().startswith(str(install.venv))


def test_doctor_from_the_install_reads_the_bare_x11_desktop(install: Install) -> None:
    out = install.run("doctor", "--json")
    data = json.loads(out.stdout)
    assert out.returncode == 1 and data["ok"] is False, out.stderr  # no tray, no server
    found = {f["id"]: f for f in data["findings"]}
    assert found["session"]["verdict"] == "ok" and found["session"]["details"]["type"] == "x11"
    assert found["idle"]["details"]["source"] == "x11"
    assert found["tray"]["verdict"] == "problem" and found["tray"]["fix"]
    assert found["notifications"]["verdict"] == "problem" and found["notifications"]["fix"]
    assert found["data"]["verdict"] == "ok"
    assert found["data"]["details"]["path"] == str(install.home / "data")


def test_autostart_exec_line_starts_the_installed_daemon(install: Install) -> None:
    out = install.run("autostart", "enable")
    assert out.returncode == 0, out.stderr
    entry = (install.home / "autostart" / "deskbreak.desktop").read_text()
    exec_line = next(line[5:] for line in entry.splitlines() if line.startswith("Exec="))
    argv = shlex.split(exec_line)
    assert argv == [str(install.venv / "bin" / "deskbreak"), "run"]  # no PATH needed at login
    doctor = json.loads(install.run("doctor", "--json").stdout)
    autostart = next(f for f in doctor["findings"] if f["id"] == "autostart")
    assert autostart["verdict"] == "ok"

    daemon = subprocess.Popen(
        argv,
        cwd=install.home.parent,
        env=install.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        _wait_for_status(install, daemon)
        stop = install.run("stop")
        assert stop.returncode == 0, stop.stderr
        assert daemon.wait(timeout=20) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait(5)


def _wait_for_status(install: Install, daemon: subprocess.Popen[str]) -> None:
    answered: list[dict[str, object]] = []

    def answers() -> bool:
        if daemon.poll() is not None:  # a daemon that died ends the wait at once
            raise AssertionError(f"the daemon exited with {daemon.returncode}")
        out = install.run("status", "--json", timeout=20)
        if out.returncode == 0:
            answered.append(json.loads(out.stdout))
        return bool(answered)

    wait_until("the installed daemon to answer `deskbreak status`", answers, 40, every=0.1)
    assert answered[0]["state"] in ("working", "off-hours")


def test_desktop_entry_puts_deskbreak_in_the_app_menu_with_its_icon(install: Install) -> None:
    from PIL import Image

    out = install.run("desktop-entry", "install")
    assert out.returncode == 0, out.stderr
    share = install.home / "share"
    entry = (share / "applications" / "deskbreak.desktop").read_text()
    assert "Icon=deskbreak\n" in entry
    assert f"Exec={install.venv / 'bin' / 'deskbreak'} run\n" in entry
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        with Image.open(share / "icons/hicolor" / f"{size}x{size}/apps/deskbreak.png") as image:
            assert image.size == (size, size) and image.mode == "RGBA"
    assert install.run("desktop-entry", "remove").returncode == 0
    assert not (share / "applications" / "deskbreak.desktop").exists()
