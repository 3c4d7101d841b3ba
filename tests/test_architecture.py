"""Arrows point inward: the core never pulls in an edge library."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = [
    "deskbreak.core.config.model",
    "deskbreak.core.config.read",
    "deskbreak.core.config.checks",
    "deskbreak.core.config.dump",
    "deskbreak.daemon.controller",
    "deskbreak.core.config.durations",
    "deskbreak.core.config.hold",
    "deskbreak.core.engine.holds",
    "deskbreak.core.engine.engine",
    "deskbreak.core.errors",
    "deskbreak.core.events",
    "deskbreak.core.engine.hours",
    "deskbreak.core.library",
    "deskbreak.core.plan",
    "deskbreak.core.ports",
    "deskbreak.core.routines",
    "deskbreak.core.safety",
    "deskbreak.core.simulate",
    "deskbreak.core.stats",
    "deskbreak.core.status",
    "deskbreak.daemon.store",
    "deskbreak.player.timeline",
]
EDGES = ["pystray", "plyer", "apscheduler", "PIL", "tkinter", "desktop_notifier", "Xlib", "jeepney"]


def _loaded_after(statements: str) -> set[str]:
    code = f"{statements}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return {name.split(".")[0] for name in json.loads(out.stdout)}


def test_importing_the_core_pulls_in_no_edge_library() -> None:
    loaded = _loaded_after("\n".join(f"import {m}" for m in CORE))
    assert loaded.isdisjoint(EDGES), sorted(loaded & set(EDGES))


def test_the_command_line_parser_stays_light() -> None:
    loaded = _loaded_after("from deskbreak.cli import build_parser\nbuild_parser()")
    assert loaded.isdisjoint(EDGES), sorted(loaded & set(EDGES))


def test_nothing_happens_at_import_time(tmp_path: object) -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import deskbreak, deskbreak.cli, deskbreak.app"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == "" and out.stderr == ""
