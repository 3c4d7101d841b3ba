"""A real, private PipeWire for tests: pipewire, wireplumber and pipewire-pulse, headless.

This module owns starting them under a throwaway runtime dir (its own session bus too:
WirePlumber needs one), making fake devices and streams in that graph (a virtual
microphone, a camera and a screencast-like video source, a capture of each), waiting
on the graph through `pw-dump`, and ending every process it started by its PID (they are a
`harness.process.ProcessGroup`). It is test support: it must not import deskbreak.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.process import ProcessGroup

PROGRAMS = {
    "pipewire": "pipewire",
    "wireplumber": "wireplumber",
    "pipewire-pulse": "pipewire-pulse",
    "pw-cli": "pipewire-bin",
    "pw-dump": "pipewire-bin",
    "pw-record": "pipewire-bin",
    "pactl": "pulseaudio-utils",
    "gst-launch-1.0": "gstreamer1.0-tools",
    "dbus-daemon": "dbus",
}
MIC = (
    "{ factory.name=support.null-audio-sink node.name=fake-mic "
    "media.class=Audio/Source/Virtual audio.position=[FL FR] object.linger=true }"
)
_CAPS = "video/x-raw,format=YUY2,width=64,height=48,framerate=5/1"


class PipeWireError(RuntimeError):
    """PipeWire could not be started, or the graph never showed what was awaited."""


def missing_programs() -> list[str]:
    return [f"{p} ({pkg})" for p, pkg in PROGRAMS.items() if shutil.which(p) is None]


@dataclass
class PipeWire:
    root: Path
    env: dict[str, str]
    group: ProcessGroup = field(init=False)

    def __post_init__(self) -> None:
        self.group = ProcessGroup(self.root, PipeWireError, grace=5.0)

    @property
    def runtime(self) -> Path:
        return self.root / "run"

    def spawn(self, *argv: str) -> subprocess.Popen[bytes]:
        # SIGINT to stop: lets gst-launch and pw-record disconnect cleanly
        return self.group.spawn(argv[0], *argv, env=self.env, stop_signal=signal.SIGINT)

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        self.group.stop(proc)

    def dump(self) -> list[dict[str, Any]]:
        out = subprocess.run(
            ["pw-dump", "--no-colors"], env=self.env, capture_output=True, timeout=10, check=True
        )
        # pw-dump may print a second array when the graph changes while it dumps: read them all
        text, decoder = out.stdout.decode(), json.JSONDecoder()
        data: list[dict[str, Any]] = []
        at = 0
        while (at := _skip_space(text, at)) < len(text):
            part, at = decoder.raw_decode(text, at)
            data += part
        return data

    def wait_for(
        self, what: str, test: Callable[[list[dict[str, Any]]], bool], timeout: float = 15
    ) -> None:
        """Wait until the graph (`pw-dump`) passes `test`."""
        self.group.wait_for(
            f"the PipeWire graph to show {what}", lambda: test(self.dump()), timeout
        )

    def node(self, name: str) -> Callable[[list[dict[str, Any]]], bool]:
        return lambda graph: any(_props(o).get("node.name") == name for o in graph)

    def active_link_into(self, media_class: str) -> Callable[[list[dict[str, Any]]], bool]:
        def test(graph: list[dict[str, Any]]) -> bool:
            into = {o["id"] for o in graph if _props(o).get("media.class") == media_class}
            return any(
                (o.get("info") or {}).get("state") == "active"
                and (o.get("info") or {}).get("input-node-id") in into
                for o in graph
            )

        return test

    def record_from_mic(self) -> subprocess.Popen[bytes]:
        """A call: a capture stream on the virtual microphone, once linked."""
        proc = self.spawn("pw-record", "--target", "fake-mic", os.devnull)
        self.wait_for("the capture linked to fake-mic", self.active_link_into("Stream/Input/Audio"))
        return proc

    def video_source(self, name: str, *, camera: bool) -> subprocess.Popen[bytes]:
        role = ",media.role=Camera" if camera else ""
        props = f"props,media.class=Video/Source,node.name={name}{role}"
        proc = self.spawn(
            "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "!", _CAPS, "!",
            "pipewiresink", "mode=provide", f"client-name={name}", f"stream-properties={props}",
        )  # fmt: skip
        self.wait_for(f"the video source {name}", self.node(name))
        return proc

    def watch_video(self, name: str) -> subprocess.Popen[bytes]:
        """A video consumer (a meeting app's camera view, a screen recorder) on `name`."""
        proc = self.spawn(
            "gst-launch-1.0", "-q", "pipewiresrc", f"target-object={name}",
            "stream-properties=props,media.class=Stream/Input/Video", "!", _CAPS, "!", "fakesink",
        )  # fmt: skip
        self.wait_for(f"a capture of {name}", self.active_link_into("Stream/Input/Video"))
        return proc

    def close(self) -> None:
        self.group.close()


def _props(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    info = obj.get("info")
    props = info.get("props") if isinstance(info, Mapping) else None
    return props if isinstance(props, Mapping) else {}


def start_pipewire() -> PipeWire:
    """PipeWire + WirePlumber + pipewire-pulse with a virtual microphone, ready to link."""
    root = Path(tempfile.mkdtemp(prefix="deskbreak-pw-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIPEWIRE_", "PULSE_"))}
    for name in ("run", "config", "state", "data"):
        (root / name).mkdir(mode=0o700)
    env.update(
        XDG_RUNTIME_DIR=str(root / "run"), XDG_CONFIG_HOME=str(root / "config"),
        XDG_STATE_HOME=str(root / "state"), XDG_DATA_HOME=str(root / "data"),
        DBUS_SESSION_BUS_ADDRESS=f"unix:path={root / 'run' / 'bus'}",
    )  # fmt: skip
    pw = PipeWire(root, env)
    try:
        pw.spawn("dbus-daemon", "--session", f"--address={env['DBUS_SESSION_BUS_ADDRESS']}",
                 "--nofork", "--nopidfile")  # fmt: skip
        pw.group.wait_for("the session bus", (root / "run" / "bus").exists)
        pw.spawn("pipewire")
        pw.group.wait_for("pipewire", (root / "run" / "pipewire-0").exists)
        pw.spawn("wireplumber")
        pw.spawn("pipewire-pulse")
        pw.group.wait_for("pipewire-pulse", (root / "run" / "pulse" / "native").exists)
        pw.wait_for("wireplumber", lambda g: any(
            _props(o).get("application.name") == "WirePlumber" for o in g))  # fmt: skip
        subprocess.run(["pw-cli", "create-node", "adapter", MIC], env=env, timeout=10,
                       check=True, capture_output=True)  # fmt: skip
        pw.wait_for("the virtual microphone", pw.node("fake-mic"))
    except BaseException:
        pw.close()
        raise
    return pw


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at
