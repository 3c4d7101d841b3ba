"""Apps and /dev/video* hold sources, on real processes holding real files open."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.holds import Reports
from support.waiting import wait_until

from deskbreak.core.ports import HoldSignal
from deskbreak.desktop.hold.procs import AppsRunning, VideoDevices


def test_a_listed_app_running_holds_and_its_end_clears(tmp_path: Path) -> None:
    script = tmp_path / "meetingapp"
    script.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(60)\n")
    script.chmod(0o755)
    source = AppsRunning(lambda: ["zoom", "MeetingApp"])
    assert source.running() == set()
    app = subprocess.Popen([str(script)])
    try:
        # Until the child has exec'd the script, its comm is still the parent's: wait for it.
        wait_until("the app to be seen", lambda: source.running() == {"meetingapp"}, 20)
    finally:
        app.kill()
        app.wait()
    assert source.running() == set()


def test_a_video_device_held_open_by_another_process_is_the_camera(tmp_path: Path) -> None:
    device = tmp_path / "video0"
    device.write_bytes(b"")
    got = Reports()
    source = VideoDevices(str(tmp_path / "video*"))
    source.start(got)
    try:
        got.wait()
        with device.open("rb") as held:
            viewer = subprocess.Popen(["sleep", "60"], stdin=held)
        try:
            got.wait(HoldSignal.CAMERA)
        finally:
            viewer.kill()
            viewer.wait()
        got.wait()  # the viewer's exit closed the device: inotify says so
    finally:
        source.close()


def test_the_device_keepers_do_not_count(tmp_path: Path) -> None:
    device = tmp_path / "video0"
    device.write_bytes(b"")
    with device.open("rb") as held:
        keeper = subprocess.Popen(["sleep", "60"], stdin=held)
    try:
        assert VideoDevices(str(tmp_path / "video*")).in_use()
        ignoring = VideoDevices(str(tmp_path / "video*"), keepers=frozenset({"sleep"}))
        assert not ignoring.in_use()
    finally:
        keeper.kill()
        keeper.wait()
