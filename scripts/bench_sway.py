"""The sway run of the footprint benchmark: what the idle daemon costs on a Wayland desktop.

Owns one measurement: headless sway with waybar and mako (tests/harness/wayland.py starts and
stops it), deskbreak's daemon started there with a fresh home, and, once it settled, its
process tree's memory, CPU and context switches per minute over the window while nobody
types (the compositor's idle notification arrives once, a minute in; nothing else should
wake it). It is a script part, not a test; it imports only the standard library and the
desktop harness (never deskbreak: the daemon is measured as a separate process).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = '[schedule]\nevery = "45m"\n'

Figures = Callable[[int, float], dict[str, float]]


def sway_idle(
    window: float, settle: float, figures: Figures, *extra: str
) -> tuple[dict[str, float], list[str]]:
    """Figures for an idle daemon on sway (`deskbreak run EXTRA...`), and notes (the idle
    source, a failure)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from harness.desktop import DesktopError
    from harness.wayland import start_sway_desktop

    home = Path(tempfile.mkdtemp(prefix="bench-sway-"))
    (home / "config").mkdir()
    (home / "config" / "config.toml").write_text(CONFIG)
    notes: list[str] = []
    try:
        desk = start_sway_desktop()
    except DesktopError as exc:
        return {}, [f"sway did not start: {str(exc).splitlines()[0]}"]
    env = {"DESKBREAK_HOME": str(home)}
    try:
        proc = desk.popen(sys.executable, "-m", "deskbreak", "run", *extra, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        status = _wait_status(desk.env | env, proc)
        notes.append(f"idle source {status}")
        time.sleep(settle)
        found = figures(proc.pid, window)
        if proc.poll() is not None:
            notes.append(f"it exited with {proc.returncode} during the run")
        return found, notes
    finally:
        desk.close()
        shutil.rmtree(home, ignore_errors=True)


def _wait_status(env: dict[str, str], proc: subprocess.Popen[str]) -> str:
    """The idle source the running daemon reports, once it answers."""
    import json

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        out = subprocess.run([sys.executable, "-m", "deskbreak", "status", "--json"], env=env,
                             capture_output=True, text=True, timeout=20, check=False)  # fmt: skip
        if out.returncode == 0:
            return str(json.loads(out.stdout).get("idle_source"))
        time.sleep(0.2)
    raise RuntimeError("the daemon never answered on sway")
