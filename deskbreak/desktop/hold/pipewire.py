"""Microphone, camera and screen share from the PipeWire graph (`pw-dump --monitor`).

Owns the PipeWire hold source: it runs PipeWire's own `pw-dump --monitor`, which
streams every change to the graph, and reports the signals `pwgraph` reads from
it whenever they change. No native binding is used: the PyPI ones are
experimental, placeholders or wrappers around these same commands, while pw-dump
ships with every PipeWire and speaks a documented JSON.
Edge module: standard library only.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from deskbreak.core.i18n import _
from deskbreak.core.ports import HoldReport, HoldSignal
from deskbreak.desktop.hold.pwgraph import DumpReader, Graph
from deskbreak.desktop.hold.watch import CommandWatch

SIGNALS = frozenset({HoldSignal.MICROPHONE, HoldSignal.CAMERA, HoldSignal.SCREEN_SHARE})


def available(env: Mapping[str, str]) -> str | None:
    """Why the PipeWire source cannot work here, or None when it can."""
    if shutil.which("pw-dump") is None:
        # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`);
        # "pw-dump" is a program's name, "pipewire-bin" the package that holds it.
        return _("pw-dump is not installed (pipewire-bin)")
    runtime = env.get("XDG_RUNTIME_DIR")
    remote = env.get("PIPEWIRE_REMOTE", "pipewire-0")
    if not runtime or not (Path(runtime) / remote).exists():
        # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`).
        return _("no PipeWire daemon in this session")
    return None


class PipeWireSource:
    name = "pipewire"
    signals = SIGNALS

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = dict(os.environ if env is None else env)
        self._watch: CommandWatch | None = None
        self._graph = Graph()
        self._reader = DumpReader()
        self._last: frozenset[HoldSignal] | None = None
        self._report: HoldReport = lambda signals: None

    def start(self, report: HoldReport) -> None:
        self._report = report
        self._watch = CommandWatch(
            ["pw-dump", "--monitor", "--no-colors"],
            self._line,
            env=self._env,
            on_start=self._restarted,
            on_gone=lambda: self._tell(frozenset()),
        )
        self._watch.start()

    def _restarted(self) -> None:
        self._graph, self._reader = Graph(), DumpReader()

    def _line(self, line: str) -> None:
        chunk = self._reader.feed(line)
        if chunk is not None:
            self._graph.apply(chunk)
            self._tell(self._graph.signals())

    def _tell(self, signals: frozenset[HoldSignal]) -> None:
        if signals != self._last:
            self._last = signals
            self._report(signals)

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
