"""The PipeWire hold source on a real PipeWire: a call, a camera, a screen share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness.pipewire import PipeWire
from support.holds import Reports

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold import pipewire as pw_source

MIC, CAMERA, SHARE = HoldSignal.MICROPHONE, HoldSignal.CAMERA, HoldSignal.SCREEN_SHARE


@pytest.fixture
def reports(pipewire: PipeWire) -> Iterator[Reports]:
    got = Reports()
    source = pw_source.PipeWireSource(pipewire.env)
    source.start(got)
    got.wait()  # the first dump: nothing is capturing
    yield got
    source.close()


def test_it_is_available_in_the_session_and_not_without_one(pipewire: PipeWire) -> None:
    assert pw_source.available(pipewire.env) is None
    elsewhere = {**pipewire.env, "XDG_RUNTIME_DIR": str(pipewire.root / "config")}
    assert pw_source.available(elsewhere) == "no PipeWire daemon in this session"


def test_a_capture_on_a_virtual_microphone_is_the_microphone(
    pipewire: PipeWire, reports: Reports
) -> None:
    call = pipewire.record_from_mic()
    try:
        reports.wait(MIC)
    finally:
        pipewire.stop(call)
    reports.wait()


def test_a_camera_watched_is_the_camera(pipewire: PipeWire, reports: Reports) -> None:
    camera = pipewire.video_source("fake-cam", camera=True)
    try:
        assert reports.last == frozenset()  # a camera nobody watches holds nothing
        view = pipewire.watch_video("fake-cam")
        try:
            reports.wait(CAMERA)
        finally:
            pipewire.stop(view)
        reports.wait()
    finally:
        pipewire.stop(camera)


def test_another_video_capture_is_a_screen_share_and_signals_add_up(
    pipewire: PipeWire, reports: Reports
) -> None:
    screen = pipewire.video_source("fake-screen", camera=False)
    started = [screen]
    try:
        started.append(pipewire.watch_video("fake-screen"))
        reports.wait(SHARE)
        started.append(pipewire.record_from_mic())
        reports.wait(MIC, SHARE)
    finally:
        for proc in reversed(started):
            pipewire.stop(proc)
    reports.wait()


def test_pulseaudio_sees_the_same_call_through_pipewire_pulse(pipewire: PipeWire) -> None:
    from deskbreak.desktop.hold import pulse

    assert pulse.available(pipewire.env) is None
    got = Reports()
    source = pulse.PulseSource(pipewire.env)
    source.start(got)
    try:
        got.wait()
        # pactl subscribe says nothing once subscribed: wait until it is a client at least
        pipewire.wait_for("pactl subscribe", lambda graph: any(
            "pactl" in str(o.get("info", {}).get("props", {}).get("application.process.binary"))
            for o in graph if o.get("type") == "PipeWire:Interface:Client"))  # fmt: skip
        call = pipewire.record_from_mic()
        got.wait(MIC)
        pipewire.stop(call)
        got.wait()
    finally:
        source.close()
