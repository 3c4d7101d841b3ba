"""The player window on the screens people have, on real X servers (Xvfb).

Each case starts its own Xvfb at a screen size, sets the scale the way a desktop does
(Xft.dpi in the RESOURCE_MANAGER, with xrdb), a top panel (the root's _NET_WORKAREA) and,
for two monitors, RandR 1.5 monitors (xrandr --setmonitor) with the pointer moved onto one
(xdotool). tests/player_layout.py builds the real window there and walks every step; this
module checks, against the work area it set itself, where the window was at every step and
how large the figure was drawn. A small laptop at 1× gets every routine (the floor's too), a
4K screen at 192 dpi every desk routine; the other sizes and scales one routine each. The
control window opens inside the monitor clicked or under the pointer, and the player's keys
work without a click. Under a real window manager (openbox, set to give new windows no focus
of their own, and with a panel that reserves its strip) the player opens on the monitor of the
focused window rather than the pointer's, and takes the keys from the window the user worked
in when it was started as the daemon starts it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop, DesktopError, start_desktop

pytestmark = pytest.mark.desktop

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
PANEL = 32  # the top panel every case reserves through _NET_WORKAREA
ONE = "mini-reset"  # the routine of the cases that take only one
TOOLS = {"xrdb": "x11-xserver-utils", "xrandr": "x11-xserver-utils", "xprop": "x11-utils"}
WM = {"openbox": "openbox"}
Rect = tuple[int, int, int, int]
# New windows get no focus of their own (focusNew off: focus-stealing prevention at its
# strictest): a window has the focus only once it asks for it. Placement by the pointer: a
# window not placed by the player would land on the pointer's monitor. No key bindings, so
# no key is taken before the windows see it.
OPENBOX_RC = """<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <focus><focusNew>no</focusNew><followMouse>no</followMouse></focus>
  <placement><policy>Smart</policy><center>yes</center><monitor>Mouse</monitor></placement>
  <desktops><number>1</number></desktops>
</openbox_config>
"""


def _tools(wm: bool = False) -> None:
    wanted = TOOLS | WM if wm else TOOLS
    missing = [f"{p} ({d})" for p, d in wanted.items() if shutil.which(p) is None]
    if not missing:
        return
    message = f"the screen tests need: {', '.join(missing)}"
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true and {message}")
    pytest.skip(message)


@contextmanager
def screen(
    size: tuple[int, int],
    dpi: int,
    monitors: tuple[tuple[str, Rect], ...] = (),
    pointer: tuple[int, int] | None = None,
    *,
    wm: bool = False,
) -> Iterator[Desktop]:
    """An Xvfb of `size` at Xft.dpi `dpi`, a top panel, `monitors`, the pointer at `pointer`;
    with `wm`, managed by openbox, which sets the work area from a real panel's strut."""
    _tools(wm)
    try:
        desk = start_desktop(tray="none", notifyd=False, screen=f"{size[0]}x{size[1]}x24")
    except DesktopError as exc:
        pytest.fail(f"the headless desktop did not start: {exc}")
    from Xlib import display as xdisplay

    # Xvfb resets its resources, root properties and monitors when its last client leaves:
    # this connection stays open while the case runs, so what is set here lasts.
    keeper = xdisplay.Display(desk.display)
    try:
        resources = desk.dir / "resources"
        resources.write_text(f"Xft.dpi: {dpi}\n")
        desk.run("xrdb", "-merge", str(resources))
        for name, (x, y, w, h) in monitors:
            geometry = f"{w}/{w * 254 // 960}x{h}/{h * 254 // 960}+{x}+{y}"
            desk.run("xrandr", "--setmonitor", name, geometry, "none")
        if wm:
            openbox(desk, keeper, size)
        else:
            area = f"0,{PANEL},{size[0]},{size[1] - PANEL}"
            desk.run("xprop", "-root", "-f", "_NET_WORKAREA", "32c", "-set", "_NET_WORKAREA", area)
        if pointer is not None:
            desk.run("xdotool", "mousemove", str(pointer[0]), str(pointer[1]))
        yield desk
    finally:
        keeper.close()
        desk.close()


def openbox(desk: Desktop, keeper: Any, size: tuple[int, int]) -> None:
    """openbox managing the screen, and a panel along the top whose strut it turns into the
    work area (openbox owns _NET_WORKAREA). The panel is mapped first: openbox takes in the
    windows already shown as it starts, but may drop a request to map one made meanwhile."""
    from Xlib import X, Xatom

    root = keeper.screen().root
    panel = root.create_window(0, 0, size[0], PANEL, 0, keeper.screen().root_depth, X.InputOutput)
    kind = keeper.intern_atom("_NET_WM_WINDOW_TYPE")
    panel.change_property(kind, Xatom.ATOM, 32, [keeper.intern_atom("_NET_WM_WINDOW_TYPE_DOCK")])
    panel.change_property(keeper.intern_atom("_NET_WM_STRUT"), Xatom.CARDINAL, 32, [0, 0, PANEL, 0])
    partial = [0, 0, PANEL, 0, 0, 0, 0, 0, 0, size[0] - 1, 0, 0]
    panel.change_property(keeper.intern_atom("_NET_WM_STRUT_PARTIAL"), Xatom.CARDINAL, 32, partial)
    panel.map()
    keeper.sync()
    rc = desk.dir / "openbox-rc.xml"
    rc.write_text(OPENBOX_RC, encoding="utf-8")
    desk.popen("openbox", "--sm-disable", "--config-file", str(rc))
    workarea = keeper.intern_atom("_NET_WORKAREA")
    wanted = [0, PANEL, size[0], size[1] - PANEL]

    def reserved() -> bool:
        prop = root.get_full_property(workarea, 0)
        return prop is not None and list(prop.value)[:4] == wanted

    desk.wait_for("openbox to reserve the panel's strip", reserved)


@contextmanager
def app_window(desk: Desktop, name: str, rect: Rect) -> Iterator[int]:
    """A window the user works in, at `rect`, given the focus as a user's click would; its id."""
    from Xlib import X, Xutil
    from Xlib import display as xdisplay

    conn = xdisplay.Display(desk.display)
    try:
        x, y, w, h = rect
        window = conn.screen().root.create_window(
            x, y, w, h, 0, conn.screen().root_depth, X.InputOutput
        )
        window.set_wm_name(name)
        window.set_wm_class(name, "DeskbreakTest")
        window.set_wm_normal_hints(
            flags=Xutil.USPosition | Xutil.USSize, x=x, y=y, width=w, height=h
        )
        window.map()
        conn.sync()
        state = conn.intern_atom("WM_STATE")
        desk.wait_for(f"openbox to manage {name}", lambda: window.get_full_property(state, 0))
        desk.run("xdotool", "windowactivate", "--sync", str(window.id))
        desk.wait_for(f"{name} to be active", lambda: active(desk) == window.id)
        yield int(window.id)
    finally:
        conn.close()


def active(desk: Desktop) -> int:
    """The window the window manager says has the focus (_NET_ACTIVE_WINDOW), 0 for none."""
    out = desk.run("xprop", "-root", "-notype", "_NET_ACTIVE_WINDOW").stdout
    word = out.rsplit(" ", 1)[-1].strip()
    return int(word, 16) if word.startswith("0x") else 0


def work_area(monitor: Rect) -> Rect:
    """The monitor less the top panel (the work area spans the screen, as _NET_WORKAREA does)."""
    x, y, w, h = monitor
    top = max(y, PANEL)
    return (x, top, w, y + h - top)


def inside(rect: Rect, area: Rect) -> bool:
    x, y, w, h = rect
    return (
        area[0] <= x and area[1] <= y and x + w <= area[0] + area[2] and y + h <= area[1] + area[3]
    )


def probe(desk: Desktop, home: Path, *args: str) -> dict[str, Any]:
    path = os.pathsep.join(filter(None, [str(REPO), str(TESTS), os.environ.get("PYTHONPATH")]))
    env = {**desk.env, "DESKBREAK_LANGUAGE": "en", "DESKBREAK_HOME": str(home), "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, str(TESTS / "player_layout.py"), *args],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def fits(report: dict[str, Any], area: Rect) -> None:
    """Nothing clipped, one size per routine, and the window inside `area` at every step."""
    assert report["problems"] == []
    outside = [r for r in report["rects"] if not inside(tuple(r), area)]
    assert outside == [], f"outside the work area {area}: {outside}"
    assert report["image"] == report["art"]  # the figure is drawn at its real size


def centred(report: dict[str, Any], area: Rect, dpi: int = 96) -> None:
    """It opened centred, with room for a window manager's frame (16×48 px at 1×)."""
    x, y, w, h = report["first"]
    scale = dpi / 96
    assert abs((x + w / 2) - (area[0] + area[2] / 2)) <= 8 * scale + 2
    assert abs((y + h / 2) - (area[1] + area[3] / 2)) <= 24 * scale + 2


def test_every_routine_fits_a_small_laptop_at_1x(tmp_path: Path) -> None:
    from deskbreak.core.library import routines

    with screen((1280, 720), 96) as desk:
        report = probe(desk, tmp_path, "--all")
    area = work_area((0, 0, 1280, 720))
    fits(report, area)
    centred(report, area)
    assert report["scale"] == 1.0
    library = routines().values()
    assert report["routines"] == [r.id for r in library]  # the floor routines too
    assert [r for r in library if not r.is_desk]
    assert report["steps"] >= 45  # every step of every routine was looked at


def test_every_routine_fits_a_4k_screen_at_192_dpi(tmp_path: Path) -> None:
    with screen((3840, 2160), 192) as desk:
        report = probe(desk, tmp_path)
    fits(report, work_area((0, 0, 3840, 2160)))
    assert report["scale"] == 2.0
    assert report["art"] == [640, 480]  # the figure at twice its 1× size, drawn so


@pytest.mark.parametrize(
    ("size", "dpi"),
    [((1366, 768), 96), ((3840, 2160), 144), ((3840, 2160), 192), ((1366, 768), 144)],
)
def test_one_routine_fits_and_scales(
    size: tuple[int, int], dpi: int, tmp_path: Path, artifacts: Path
) -> None:
    shots = artifacts / f"player-{size[0]}x{size[1]}-{dpi}dpi"
    with screen(size, dpi) as desk:
        report = probe(desk, tmp_path, ONE, "--shots", str(shots), "--grow", "240,180")
    area = work_area((0, 0, *size))
    fits(report, area)
    centred(report, area, dpi)
    room = (area[2] - 16 * dpi // 96, area[3] - 48 * dpi // 96)
    if report["scale"] < dpi / 96:  # only where the screen's scale does not fit
        assert report["size"][1] > room[1] * report["scale"] / (dpi / 96) - 20
    else:
        assert report["scale"] == dpi / 96
        # at 1× the figure is at most 320×240; here it grows with the scale
        assert report["art"][0] >= round(200 * dpi / 96)
    assert report["grown"][0] > report["art"][0] and report["grown"][1] > report["art"][1]


def test_the_window_opens_on_the_monitor_with_the_pointer(tmp_path: Path, artifacts: Path) -> None:
    left, right = (0, 0, 1280, 1024), (1280, 0, 1920, 1080)
    monitors = (("left", left), ("right", right))
    with screen((3200, 1080), 96, monitors, pointer=(2000, 500)) as desk:
        on_right = probe(desk, tmp_path, ONE, "--shots", str(artifacts / "player-two-monitors"))
        desk.run("xdotool", "mousemove", "600", "400")
        on_left = probe(desk, tmp_path / "again", ONE)  # a first run again: the note shown
    fits(on_right, work_area(right))
    centred(on_right, work_area(right))
    fits(on_left, work_area(left))
    centred(on_left, work_area(left))


def test_the_window_opens_on_the_monitor_of_the_focused_window(tmp_path: Path) -> None:
    left, right = (0, 0, 1280, 1024), (1280, 0, 1920, 1080)
    monitors = (("left", left), ("right", right))
    with (
        screen((3200, 1080), 96, monitors, wm=True) as desk,
        app_window(desk, "editor", (1600, 200, 800, 600)),  # the user works on the right
    ):
        desk.run("xdotool", "mousemove", "600", "400")  # and left the pointer on the left
        report = probe(desk, tmp_path, ONE)
    fits(report, work_area(right))
    centred(report, work_area(right))


# The control window opens in a process of its own, as the tray starts it: Tk keeps a
# display open for the rest of the process, and this test's X server ends with the test —
# a Tk left in the test process would take it down with the server at its next event.
CONTROL_WINDOW = """
import json, sys, tkinter as tk
from deskbreak.core.ports import Reply
from deskbreak.desktop.controlwindow import ControlWindow

def daemon(command, **args):  # enough of the daemon for the window to open
    if command == "routines":
        return Reply.done("1 routine", routines=[{"id": "neck", "title": "Neck", "desk": True}])
    return Reply.done("Next break at 10:30", state="working", today={"taken": 1, "goal": 6})

near = json.loads(sys.argv[1])
root = tk.Tk()
ControlWindow(root, daemon, refresh_ms=60_000, near=tuple(near) if near else None)
root.update()
while not root.winfo_viewable():
    root.update()
root.update()
print(json.dumps([root.winfo_rootx(), root.winfo_rooty(), root.winfo_width(), root.winfo_height()]))
"""


def control_window_rect(desk: Desktop, near: tuple[int, int] | None) -> Rect:
    out = subprocess.run(
        [sys.executable, "-c", CONTROL_WINDOW, json.dumps(near)],
        env={**os.environ, **desk.env, "DISPLAY": desk.display},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    x, y, width, height = json.loads(out.stdout)
    return (x, y, width, height)


def test_the_control_window_opens_inside_the_monitor_clicked() -> None:
    left, right = (0, 0, 1280, 1024), (1280, 0, 1920, 1080)
    with screen((3200, 1080), 96, (("left", left), ("right", right)), (2000, 500)) as desk:
        under_pointer = control_window_rect(desk, None)
        near_the_edge = control_window_rect(desk, (1270, 10))  # a tray at the left's top right
        top_right = control_window_rect(desk, (3190, 10))
    assert inside(under_pointer, work_area(right))
    assert inside(near_the_edge, work_area(left))
    assert near_the_edge[0] + near_the_edge[2] >= 1280 - 40  # still beside the click
    assert inside(top_right, work_area(right))


def test_reduced_motion_shows_only_the_key_poses(tmp_path: Path) -> None:
    with screen((1280, 720), 96) as desk:
        full = probe(desk, tmp_path, ONE, "--motion", "full")
        reduced = probe(desk, tmp_path, ONE, "--motion", "reduced", "--contrast", "high")
    between = [(keys, step) for keys, step in full["poses"] if step * (keys - 1) % 12]
    assert between  # animated: drawings between the key poses
    assert reduced["poses"]
    assert [(k, s) for k, s in reduced["poses"] if s * (k - 1) % 12] == []
    assert reduced["problems"] == []


CONFIG = """
[player]
chime = false

[[routines]]
id = "keys"
title = "Keys test"

  [[routines.steps]]
  exercise = "seated-cat-cow"
  duration = "30s"

  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "1s"

  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "30s"
"""


def test_the_keys_work_without_a_click(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(CONFIG, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    with screen((1280, 720), 96) as desk:
        proc = desk.popen(
            sys.executable, "-m", "deskbreak", "play", "keys", "--report",
            env={"PYTHONPATH": path, "DESKBREAK_HOME": str(tmp_path)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        window = desk.find_window("deskbreak — Keys test", timeout=15)

        def focused() -> bool:
            got = desk.run("xdotool", "getwindowfocus", check=False).stdout.strip()
            return got == window

        desk.wait_for("the player to take the focus", focused, 15)
        desk.run("xdotool", "key", "Escape")  # no click, no windowfocus: the keys just work
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert json.loads(out.splitlines()[-1])["outcome"]["result"] == "stopped"


def test_the_keys_work_without_a_click_under_a_window_manager(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "safety-note-seen").write_text("seen\n")
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    with (
        screen((1280, 720), 96, wm=True) as desk,
        app_window(desk, "editor", (100, 100, 600, 400)),  # where the user was typing
    ):
        # as the daemon starts it when Start is pressed (deskbreak.daemon.launcher)
        proc = desk.popen(
            sys.executable, "-m", "deskbreak", "play", "keys", "--level", "0", "--report",
            env={"PYTHONPATH": path, "DESKBREAK_HOME": str(tmp_path)},
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        window = desk.find_window("deskbreak — Keys test", timeout=15)

        def focused() -> bool:  # openbox names it active, and the keys go to it
            got = desk.run("xdotool", "getwindowfocus", check=False).stdout.strip()
            return got == window and active(desk) == int(window)

        desk.wait_for("the player to take the focus from the editor", focused, 15)
        started = time.monotonic()
        desk.run("xdotool", "key", "space")  # pause: no click, no windowfocus
        time.sleep(2.0)  # paused time does not count
        desk.run("xdotool", "key", "space")  # resume
        desk.run("xdotool", "key", "Right")  # skip the 30 s step
        time.sleep(1.5)  # the 1 s step runs to its end
        desk.run("xdotool", "key", "Escape")
        out, err = proc.communicate(timeout=15)
        wall = time.monotonic() - started
    assert proc.returncode == 0, err
    result = json.loads(out.splitlines()[-1])["outcome"]
    assert result["result"] == "partial"
    assert (result["steps_done"], result["steps_total"]) == (1, 3)
    assert result["seconds"] < wall - 1.5  # the pause was not counted
