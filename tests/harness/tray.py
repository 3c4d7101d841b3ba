"""Driving tests/tray_driver.py (the real Tray against a fake daemon) in a desktop.

Test support: starts the driver in a `Desktop`, reads the JSON lines it logs, and asks X
for a window's geometry. Must not import deskbreak (the driver process does).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.desktop import Desktop

DRIVER = Path(__file__).resolve().parent.parent / "tray_driver.py"


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def events(path: Path, name: str) -> list[dict[str, Any]]:
    return [e for e in read_log(path) if e["event"] == name]


class Driver:
    def __init__(self, desk: Desktop, log: Path, home: Path, backend: str, *extra: str) -> None:
        self.desk, self.log = desk, log
        self.stderr = log.with_suffix(".stderr")
        env = {"DESKBREAK_HOME": str(home)}
        with self.stderr.open("w") as err:
            self.proc = desk.popen(
                sys.executable, str(DRIVER), "--log", str(log), "--backend", backend, *extra,
                env=env, stderr=err,
            )  # fmt: skip

    def wait(self, what: str, predicate: Callable[[], bool], timeout: float = 15) -> None:
        def check() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"tray driver exited {self.proc.returncode}: {read_log(self.log)}"
                    f"\n{self.stderr.read_text()}"
                )
            return predicate()

        self.desk.wait_for(what, check, timeout)

    def ready(self) -> dict[str, Any]:
        self.wait("the tray driver", lambda: bool(events(self.log, "ready")))
        return events(self.log, "ready")[0]

    def stop(self) -> None:
        for control in events(self.log, "control"):
            if control.get("pid"):
                _stop_pid(control["pid"])
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def _stop_pid(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)


def geometry(desk: Desktop, window: int) -> tuple[int, int, int, int]:
    out = desk.run("xwininfo", "-id", str(window)).stdout

    def field(name: str) -> int:
        match = re.search(rf"{name}:\s+(-?\d+)", out)
        assert match, out
        return int(match.group(1))

    return (
        field("Absolute upper-left X"),
        field("Absolute upper-left Y"),
        field("Width"),
        field("Height"),
    )
