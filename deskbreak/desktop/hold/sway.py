"""Fullscreen on sway: the focused window's `fullscreen_mode`, from sway's IPC window events.

Owns the sway source: `swaymsg -t subscribe -m -r '["window"]'` prints one JSON event
a line (focus moved, a window went fullscreen or back, a window closed); the first
state comes from `swaymsg -t get_tree`. Nothing is read between events.
Edge module: standard library only.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from collections.abc import Iterator, Mapping
from typing import Any

from deskbreak.core.ports import HoldReport, HoldSignal
from deskbreak.desktop.hold.watch import CommandWatch

log = logging.getLogger(__name__)

FULL = frozenset({HoldSignal.FULLSCREEN})


def _nodes(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield node
    for key in ("nodes", "floating_nodes"):
        for child in node.get(key) or ():
            yield from _nodes(child)


def focused_fullscreen(tree: Mapping[str, Any]) -> bool:
    """`swaymsg -t get_tree` → whether the focused window is fullscreen."""
    return any(n.get("focused") and n.get("fullscreen_mode", 0) != 0 for n in _nodes(tree))


def after_event(event: Mapping[str, Any], was: bool) -> bool:
    """Whether the focused window is fullscreen after one window event."""
    change, container = event.get("change"), event.get("container") or {}
    full = bool(container.get("fullscreen_mode", 0) != 0)
    if change == "focus":
        return full
    if change == "fullscreen_mode" and container.get("focused"):
        return full
    if change == "close" and container.get("focused") is True:
        return False
    return was


class SwayFullscreen:
    name = "sway-fullscreen"
    signals = FULL

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = dict(os.environ if env is None else env)
        argv = ["swaymsg", "-t", "subscribe", "-m", "-r", '["window"]']
        self._watch = CommandWatch(
            argv, self._line, env=self._env, on_start=self._refresh,
            on_gone=lambda: self._tell(False),
        )  # fmt: skip
        self._full: bool | None = None
        self._report: HoldReport = lambda signals: None

    def start(self, report: HoldReport) -> None:
        self._report = report
        self._watch.start()

    def close(self) -> None:
        self._watch.close()

    def _refresh(self) -> None:
        try:
            out = subprocess.run(
                ["swaymsg", "-t", "get_tree", "-r"], env=self._env, capture_output=True,
                text=True, timeout=3, check=False,
            ).stdout  # fmt: skip
            tree = json.loads(out)
        except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
            log.debug("sway tree: %s", exc)
            return
        self._tell(focused_fullscreen(tree))

    def _line(self, line: str) -> None:
        try:
            event = json.loads(line)
        except ValueError:
            return
        if isinstance(event, dict):
            self._tell(after_event(event, bool(self._full)))

    def _tell(self, full: bool) -> None:
        if full != self._full:
            self._full = full
            self._report(FULL if full else frozenset())
