"""The microphone on a PulseAudio desktop without PipeWire: `pactl subscribe`.

Owns the PulseAudio source: `pactl subscribe` prints a line for every change on the
server; on a change to a source output (a program recording) the recording streams
are listed once (`pactl list short source-outputs`), and any one means the
microphone is in use. PulseAudio cannot tell a camera or a screen share.
Edge module: standard library only.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Mapping

from deskbreak.core.i18n import _
from deskbreak.core.ports import HoldReport, HoldSignal
from deskbreak.desktop.hold.watch import CommandWatch

log = logging.getLogger(__name__)

MIC = frozenset({HoldSignal.MICROPHONE})


def available(env: Mapping[str, str]) -> str | None:
    if shutil.which("pactl") is None:
        # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`);
        # "pactl" is a program's name, "pulseaudio-utils" the package that holds it.
        return _("pactl is not installed (pulseaudio-utils)")
    try:
        done = subprocess.run(
            ["pactl", "info"], env=dict(env), capture_output=True, timeout=3, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`).
        return _("the PulseAudio server does not answer")
    if done.returncode == 0:
        return None
    # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`).
    return _("no PulseAudio server in this session")


def recording(listing: str) -> bool:
    """`pactl list short source-outputs` → whether a program is recording."""
    return any(line.strip() for line in listing.splitlines())


def about_recording(line: str) -> bool:
    """A `pactl subscribe` line about a source output, e.g. "Event 'new' on source-output #7"."""
    return "source-output" in line


class PulseSource:
    name = "pulseaudio"
    signals = MIC

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = dict(os.environ if env is None else env)
        self._watch = CommandWatch(
            ["pactl", "subscribe"], self._line, env=self._env, on_start=self._refresh,
            on_gone=lambda: self._tell(frozenset()),
        )  # fmt: skip
        self._last: frozenset[HoldSignal] | None = None
        self._report: HoldReport = lambda signals: None

    def start(self, report: HoldReport) -> None:
        self._report = report
        self._watch.start()

    def close(self) -> None:
        self._watch.close()

    def _line(self, line: str) -> None:
        if about_recording(line):
            self._refresh()

    def _refresh(self) -> None:
        argv = ["pactl", "list", "short", "source-outputs"]
        try:
            done = subprocess.run(
                argv, env=self._env, capture_output=True, text=True, timeout=3, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.debug("pactl: %s", exc)
            return
        self._tell(MIC if recording(done.stdout) else frozenset())

    def _tell(self, signals: frozenset[HoldSignal]) -> None:
        if signals != self._last:
            self._last = signals
            self._report(signals)
