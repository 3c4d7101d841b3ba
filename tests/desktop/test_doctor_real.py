"""`deskbreak doctor` on the real X11 desktop the suite starts (Xvfb, dunst, trayer)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from harness.desktop import Desktop

pytestmark = [pytest.mark.desktop]


def test_doctor_reads_the_x11_desktop(desktop: Desktop, home: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "deskbreak", "doctor", "--json"],
        env=desktop.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    data = json.loads(out.stdout)
    assert out.returncode == (0 if data["ok"] else 1), out.stderr
    found = {f["id"]: f for f in data["findings"]}
    assert found["session"]["details"]["type"] == "x11"
    assert found["idle"]["verdict"] == "ok" and found["idle"]["details"]["source"] == "x11"
    assert found["tray"]["verdict"] == "ok" and found["tray"]["details"]["xembed"] is True
    notify = found["notifications"]
    assert notify["verdict"] == "ok" and notify["details"]["name"] == "dunst"
    assert "actions" in notify["details"]["capabilities"]
    assert found["player"]["details"]["display"] == desktop.display
    assert found["config"]["verdict"] == "ok" and found["data"]["verdict"] == "ok"
