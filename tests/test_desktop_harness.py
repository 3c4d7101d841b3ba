"""The headless desktop harness really starts, answers and stops: the other desktop tests trust it.

Covers harness/desktop.py and the fixtures in conftest.py. Imports no deskbreak module: the harness
must be trustworthy on its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest
from harness.desktop import Desktop, DesktopError, missing_programs, start_desktop
from support.waiting import wait_until

HERE = Path(__file__).resolve().parent
pytestmark = pytest.mark.desktop


def _gone(pids: list[int]) -> bool:
    return not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids
    )


def _session_and_descendants(desk: Desktop) -> list[int]:
    pids = desk.pids()
    for pid in list(pids):
        pids += [child.pid for child in psutil.Process(pid).children(recursive=True)]
    return pids


def _require(tray: str, notifyd: bool) -> None:
    missing = missing_programs(tray, notifyd)
    if missing and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and desktop programs are missing: {', '.join(missing)}")
    if missing:
        pytest.skip(f"desktop programs missing: {', '.join(missing)}")


def _find(desk: Desktop, summary: str) -> dict[str, object]:
    found: list[dict[str, object]] = []

    def seen() -> bool:
        found[:] = [n for n in desk.notifications() if n["summary"] == summary and n["id"]]
        return bool(found)

    desk.wait_for(f"notification {summary!r}", seen)
    return found[0]


def test_session_comes_up_and_leaves_nothing_behind() -> None:
    _require("both", notifyd=True)
    desk = start_desktop(tray="both")
    pids = _session_and_descendants(desk)
    try:
        assert len(desk.pids()) == 6  # Xvfb, dbus-daemon, dunst, trayer, SNI watcher and host
        assert all(psutil.pid_exists(pid) for pid in pids)
        assert desk.run("xwininfo", "-root").returncode == 0
        assert desk.has_bus_name("org.freedesktop.Notifications")
        assert desk.env["DBUS_SESSION_BUS_ADDRESS"].startswith("unix:")
        assert (os.stat(desk.env["XDG_RUNTIME_DIR"]).st_mode & 0o777) == 0o700
    finally:
        desk.close()
    wait_until("every session process to exit", lambda: _gone(pids))
    assert not desk.dir.exists()


def test_notify_send_reaches_dunst(desktop: Desktop) -> None:
    desktop.run("notify-send", "-a", "harness", "Harness hello", "from notify-send")
    note = _find(desktop, "Harness hello")
    assert note["body"] == "from notify-send"
    assert note["app_name"] == "harness"
    displayed = desktop.run("dunstctl", "count", "displayed").stdout.strip()
    assert int(displayed) >= 1


def test_plyer_notification_reaches_dunst(desktop: Desktop) -> None:
    code = (
        "from plyer import notification; notification.notify(title='Harness plyer', "
        "message='Neck rolls, 3 min', app_name='deskbreak-harness', timeout=5)"
    )
    desktop.run(sys.executable, "-c", code, timeout=20)
    note = _find(desktop, "Harness plyer")
    assert note["body"] == "Neck rolls, 3 min"


def test_invoke_action_fires_the_button(desktop: Desktop) -> None:
    sender = desktop.popen(
        "notify-send", "--action=start=Start", "--action=snooze=Snooze",
        "Harness buttons", "pick one",
        stdout=subprocess.PIPE,
    )  # fmt: skip
    note = _find(desktop, "Harness buttons")
    assert note["actions"] == {"Start": "start", "Snooze": "snooze"}
    desktop.invoke_action("Snooze", summary="Harness buttons")
    out, _ = sender.communicate(timeout=10)
    assert out.strip() == "snooze"
    assert _find(desktop, "Harness buttons")["invoked"] == ["snooze"]


def test_invoke_default_clicks_the_newest(desktop: Desktop) -> None:
    sender = desktop.popen(
        "notify-send", "--action=default=Open", "Harness default", "click me",
        stdout=subprocess.PIPE,
    )  # fmt: skip
    desktop.run("notify-send", "-t", "0", "Harness stale", "an older one on top")
    _find(desktop, "Harness default")
    _find(desktop, "Harness stale")
    desktop.invoke_default()
    out, _ = sender.communicate(timeout=10)
    assert out.strip() == "default"


def test_trayer_owns_the_tray_selection(desktop: Desktop, artifacts: Path) -> None:
    assert desktop.tray_selection_owned()
    assert desktop.find_window("^panel$").isdigit()
    png = desktop.screenshot(artifacts / "harness-root.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1280, 800)


def test_tray_docked_tells_a_docked_icon_from_a_stray_window(desktop: Desktop) -> None:
    """Two icon windows of the same kind: the one that asked the tray to dock it counts, the
    one that did not (a 1x1 child of the root, as any icon is before a tray takes it) does
    not. The probe speaks the system-tray protocol itself: pystray's X backend can lose its
    first show to a thread race (its loop names its thread only after the setup thread is
    let go) and then never asks the tray at all."""
    from Xlib import X
    from Xlib import display as xdisplay
    from Xlib.protocol import event as xevent
    from Xlib.xobject.drawable import Window

    disp = xdisplay.Display(desktop.display)
    try:
        screen = disp.screen()
        info = disp.intern_atom("_XEMBED_INFO")

        def icon_window(name: str) -> Window:
            window = screen.root.create_window(
                -1, -1, 1, 1, 0, screen.root_depth, window_class=X.InputOutput
            )
            window.set_wm_name(name)
            window.change_property(info, info, 32, [0, 1])  # XEmbed version 0, mapped
            return window

        probe, _stray = icon_window("harness-probe"), icon_window("harness-stray")
        manager = disp.get_selection_owner(disp.intern_atom("_NET_SYSTEM_TRAY_S0"))
        opcode = disp.intern_atom("_NET_SYSTEM_TRAY_OPCODE")
        dock = (X.CurrentTime, 0, probe.id, 0, 0)  # 0: SYSTEM_TRAY_REQUEST_DOCK
        request = xevent.ClientMessage(window=manager, client_type=opcode, data=(32, dock))
        disp.send_event(manager, request, event_mask=X.NoEventMask)
        disp.sync()
        desktop.wait_for_x(
            "the probe icon to dock", lambda: desktop.tray_docked("harness-probe"), timeout=60
        )
        assert desktop.run("xwininfo", "-name", "harness-stray").returncode == 0  # it is there
        assert not desktop.tray_docked("harness-stray")
        assert not desktop.tray_docked("no-such-window")
    finally:
        disp.close()


def test_sni_watcher_is_up(desktop_sni: Desktop) -> None:
    assert desktop_sni.has_bus_name("org.kde.StatusNotifierWatcher")
    assert any(n.startswith("org.kde.StatusNotifierHost") for n in desktop_sni.bus_names())
    assert desktop_sni.sni_items() == []


def test_bare_desktop_has_no_notification_server(desktop_bare: Desktop) -> None:
    assert desktop_bare.run("xwininfo", "-root").returncode == 0
    assert not desktop_bare.has_bus_name("org.freedesktop.Notifications")
    assert not desktop_bare.tray_selection_owned()


def test_wait_for_times_out_with_the_logs(desktop_bare: Desktop) -> None:
    with pytest.raises(DesktopError, match=r"timed out after 0\.2 s waiting for nothing"):
        desktop_bare.wait_for("nothing", lambda: False, timeout=0.2)


def test_missing_programs_names_the_debian_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = ["Xvfb", "dbus-daemon", "dbus-send", "xwininfo", "xdotool", "import", "dunst"]
    for name in [*wanted, "dunstctl"]:
        fake = tmp_path / name
        fake.write_text("#!/bin/sh\n")
        fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert missing_programs("none", notifyd=True) == []
    assert missing_programs("xembed", notifyd=True) == ["trayer (trayer)"]
    (tmp_path / "dunstctl").unlink()
    assert missing_programs("none", notifyd=True) == ["dunstctl (dunst)"]
    assert missing_programs("none", notifyd=False) == []


def test_script_runs_a_command_inside_and_returns_its_status() -> None:
    _require("none", notifyd=False)
    inner = 'test -n "$DISPLAY" && xwininfo -root >/dev/null && exit 7'
    script = [sys.executable, "-m", "harness.desktop", "--tray", "none", "--no-notifyd"]
    done = subprocess.run(
        [*script, "--", "sh", "-c", inner], capture_output=True, timeout=60, check=False, cwd=HERE
    )
    assert done.returncode == 7, done.stderr


def test_a_killed_harness_takes_its_session_with_it() -> None:
    _require("none", notifyd=False)
    script = [sys.executable, "-m", "harness.desktop", "--tray", "none", "--no-notifyd"]
    inner = 'echo "$DESKTOP_SESSION_DIR"; echo "$DESKTOP_SESSION_PIDS"; exec sleep 60'
    harness = subprocess.Popen(
        [*script, "--", "sh", "-c", inner], stdout=subprocess.PIPE, text=True, cwd=HERE
    )
    session_dir: Path | None = None
    try:
        assert harness.stdout is not None
        session_dir = Path(harness.stdout.readline().strip())
        pids = [int(pid) for pid in harness.stdout.readline().split()]
        assert len(pids) == 2 and not _gone(pids)  # Xvfb and the bus
        harness.kill()  # no teardown runs: only the parent-death signal can clean up
        harness.wait(timeout=5)
        wait_until("the orphaned session to exit", lambda: _gone(pids))
    finally:
        harness.kill()
        if session_dir is not None:  # a killed harness cannot remove it
            shutil.rmtree(session_dir, ignore_errors=True)
