"""Hold sources that cannot run here, through recorded outputs and injected readers.

sway needs a Wayland compositor, macOS and Windows their own machines: these tests
drive the same code with what those systems print or return.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from support.holds import Reports

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold import catalog, inhibitors, macos, sway, windows
from deskbreak.desktop.hold.pwgraph import DumpReader, Graph
from deskbreak.desktop.hold.readers import Wait

S = HoldSignal
# Recorded from `swaymsg -t subscribe -m -r '["window"]'` (sway 1.7), trimmed to the keys read.
FOCUS_VIDEO = {"change": "focus", "container": {"focused": True, "fullscreen_mode": 0}}
VIDEO_FULL = {"change": "fullscreen_mode", "container": {"focused": True, "fullscreen_mode": 1}}
OTHER_FULL = {"change": "fullscreen_mode", "container": {"focused": False, "fullscreen_mode": 1}}
CLOSED = {"change": "close", "container": {"focused": True, "fullscreen_mode": 1}}


def test_sway_events_follow_the_focused_window() -> None:
    assert sway.after_event(FOCUS_VIDEO, True) is False
    assert sway.after_event(VIDEO_FULL, False) is True
    assert sway.after_event(OTHER_FULL, False) is False
    assert sway.after_event(CLOSED, True) is False
    assert sway.after_event({"change": "title", "container": {}}, True) is True
    tree = {"nodes": [{"nodes": [{"focused": False}, {"focused": True, "fullscreen_mode": 1}]}]}
    assert sway.focused_fullscreen(tree) is True
    assert sway.focused_fullscreen({"nodes": [{"focused": True, "fullscreen_mode": 0}]}) is False


def test_gnome_idle_inhibitors_mean_fullscreen_only_with_the_idle_flag() -> None:
    assert inhibitors.idle_inhibited(8 | 4) == {S.FULLSCREEN}
    assert inhibitors.idle_inhibited(4) == frozenset()
    assert inhibitors.available({"XDG_CURRENT_DESKTOP": "sway"}) == "not GNOME"


def test_pw_dump_chunks_are_split_and_a_broken_one_is_skipped() -> None:
    reader = DumpReader()
    assert reader.feed("[") is None
    assert reader.feed('  {"id": 1, "info": {"state": "active"}}') is None
    assert reader.feed("]") == [{"id": 1, "info": {"state": "active"}}]
    assert reader.feed("[ {broken") is None
    assert reader.feed("]") is None
    assert reader.feed('[ {"id": 2} ]') is None  # not a closing line: still one array open
    assert reader.feed("]") is None  # the two lines together are not JSON either


def test_a_peak_meter_or_a_filters_own_capture_is_not_a_microphone() -> None:
    graph = Graph()
    node = "PipeWire:Interface:Node"
    graph.apply([
        {"id": 5, "type": node, "info": {"props": {"media.class": "Audio/Source"}}},
        {"id": 6, "type": node, "info": {"props": {"media.class": "Stream/Input/Audio",
                                                   "stream.monitor": True}}},
        {"id": 7, "type": "PipeWire:Interface:Link",
         "info": {"output-node-id": 5, "input-node-id": 6, "state": "active"}},
    ])  # fmt: skip
    assert graph.signals() == frozenset()
    passive = {"media.class": "Stream/Input/Audio", "node.passive": "true"}
    graph.apply([{"id": 6, "type": node, "info": {"props": passive}}])  # a filter's own capture
    assert graph.signals() == frozenset()
    graph.apply([{"id": 6, "type": node, "info": {"props": {"media.class": "Stream/Input/Audio"}}}])
    assert graph.signals() == {S.MICROPHONE}
    graph.apply([{"id": 7, "info": None}])
    assert graph.signals() == frozenset()


def _step_wait() -> tuple[threading.Event, threading.Event, Wait]:
    """A wait that returns when the test says the platform changed."""
    changed, waiting = threading.Event(), threading.Event()

    def wait(stop: threading.Event) -> bool:
        waiting.set()
        while not changed.wait(0.05):
            if stop.is_set():
                return True
        changed.clear()
        return False

    return changed, waiting, wait


def test_windows_consent_store_and_focus_assist_through_injected_readers() -> None:
    store: dict[str, list[tuple[str, int]]] = {"webcam": [("zoom", 133)], "microphone": []}
    focus: list[bool | None] = [None]
    changed, _, wait = _step_wait()
    source = windows.WindowsHolds(lambda cap: store[cap], lambda: focus[0], wait)
    got = Reports()
    source.start(got)
    try:
        got.wait()
        store["webcam"] = [("zoom", 0)]
        store["microphone"] = [("NonPackaged\\teams.exe", 0)]
        changed.set()
        got.wait(S.CAMERA, S.MICROPHONE)
        store["webcam"], focus[0] = [("zoom", 140)], True
        changed.set()
        got.wait(S.MICROPHONE, S.DND)
    finally:
        source.close()


def test_macos_readers_and_a_reader_that_fails(tmp_path: Path) -> None:
    def broken() -> bool | None:
        raise OSError("no CoreMediaIO")

    assertions = tmp_path / "Assertions.json"
    assertions.write_text(json.dumps({"data": [{"storeAssertionRecords": [{"id": 1}]}]}))
    assert macos.focus_on(assertions) is True
    assertions.write_text(json.dumps({"data": [{}]}))
    assert macos.focus_on(assertions) is False
    assert macos.focus_on(tmp_path / "missing.json") is None
    source = macos.MacHolds(lambda: True, broken, lambda: macos.focus_on(assertions))
    assert source.read() == {S.MICROPHONE}


def test_the_catalog_describes_each_platform_and_starts_one_working_source_per_signal() -> None:
    mac = catalog.describe_sources({}, platform="darwin")
    assert [(i.name, i.works) for i in mac] == [("macos", True)]
    linux = {i.name: i for i in catalog.describe_sources({}, platform="linux")}
    assert not linux["pipewire"].works and linux["apps"].works
    assert linux["x11-fullscreen"].problem == "no X11 display"
    line = linux["pipewire"].line()
    assert line.startswith("camera, microphone, screen-share") and "not here" in line
    chosen = catalog.choose({}, platform="linux", apps=lambda: ("zoom",))
    assert [s.name for s in chosen] == ["apps"]
    assert [s.name for s in catalog.choose({}, platform="win32")] == ["windows"]


class _Source:
    """A hold source that tells its first reading when the test says so (or fails to start)."""

    def __init__(self, name: str, *, broken: bool = False, at_once: bool = False) -> None:
        self.name, self.signals, self.broken = name, frozenset({S.MICROPHONE}), broken
        self.at_once = at_once  # tells its reading before start returns (a quick bus, say)
        self.report: object = None

    def start(self, report: Callable[[frozenset[HoldSignal]], None]) -> None:
        if self.broken:
            raise OSError("no such bus")
        self.report = report
        if self.at_once:
            report(frozenset())

    def close(self) -> None:
        pass


def test_the_start_waits_for_every_sources_first_reading_and_no_longer_than_told() -> None:
    told: list[tuple[str, frozenset[HoldSignal]]] = []
    quick, slow, broken = _Source("quick"), _Source("slow"), _Source("broken", broken=True)
    running = catalog.Running([quick, slow, broken])
    running.start(lambda name, on: told.append((name, on)))
    assert callable(quick.report) and callable(slow.report)
    quick.report(frozenset({S.MICROPHONE}))
    # a source that never speaks only delays the start by the bound; one that failed not at all
    assert running.first_readings(0.05) == ["slow"]
    slow.report(frozenset())
    assert running.first_readings(0) == []
    assert told == [("quick", {S.MICROPHONE}), ("slow", frozenset())]  # each passed on as told


def test_a_source_that_answers_at_once_does_not_end_the_wait_for_the_others() -> None:
    """The first source tells its reading while the second is not started yet: the wait
    still lasts until the second has told its own (or the bound)."""
    quick, slow = _Source("quick", at_once=True), _Source("slow")
    running = catalog.Running([quick, slow])
    running.start(lambda name, on: None)
    assert callable(slow.report)
    later = threading.Timer(0.1, slow.report, (frozenset(),))  # its bus answers a bit later
    later.start()
    try:
        assert running.first_readings(10) == []  # waited for it
    finally:
        later.join()
