"""The real tray icon in a real tray host, clicked for real, and the control window it opens.

xorg backend in trayer (XEmbed): the icon docks, a left click (xdotool) reaches the Tray and opens
the control window. appindicator backend under the SNI host: a dbusmenu Event on "Skip this
break" calls skip (skipped when PyGObject is not importable: SNI support is an optional extra).
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop
from harness.tray import Driver, events, geometry, read_log

from deskbreak.core.ports import Reply

pytestmark = pytest.mark.desktop


def test_xembed_icon_docks_in_a_square_slot_and_a_left_click_opens_the_control_window(
    desktop: Desktop, start_driver: Callable[..., Driver], artifacts: Path
) -> None:
    driver = start_driver(desktop, "xembed")
    ready = driver.ready()
    assert ready["backend"] == "xembed"
    driver.wait("the icon to dock", lambda: bool(events(driver.log, "docked")))
    driver.wait("the icon in trayer's panel", lambda: desktop.tray_docked(ready["title"]))

    def square() -> bool:
        _x, _y, w, h = geometry(desktop, ready["window"])
        return w == h >= 24  # trayer's 32 px panel: a square slot, not 24x30

    driver.wait("a square slot", square)
    x, y, w, h = geometry(desktop, ready["window"])
    shot = desktop.screenshot(artifacts / "tray-xorg-root.png")
    crop = artifacts / "tray-xorg.png"
    desktop.run(
        "convert",
        str(shot),
        "-crop",
        f"160x40+{x + w - 160}+0",
        "+repage",
        "-scale",
        "300%",
        str(crop),
    )

    desktop.run("xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1")
    driver.wait("the click", lambda: bool(events(driver.log, "control")))
    assert events(driver.log, "control")[0]["pid"]
    window = desktop.find_window("^deskbreak control$", timeout=15)
    desktop.screenshot(artifacts / "control-window.png", window=window)
    assert [e for e in read_log(driver.log) if e["event"] == "call"] == []  # a click is not "start"


def test_backend_choice_follows_the_tray_host(desktop: Desktop, desktop_sni: Desktop) -> None:
    from support.fakes import RecordingCommands
    from support.status import make_status

    from deskbreak.desktop.tray import Tray

    def chosen(desk: Desktop) -> str | None:
        env = {k: v for k, v in desk.env.items() if k != "PYSTRAY_BACKEND"}
        commands = RecordingCommands(make_status())
        tray = Tray(commands, lambda: None, notify=lambda t, m: None, env=env)
        assert tray.check(), tray.reason
        return tray.backend

    assert chosen(desktop) == "xembed"  # trayer speaks XEmbed only
    assert chosen(desktop_sni) == "sni"  # a watcher is there: ours, never PyGObject's


# -- the control window, in this process against a fake daemon -------------------------


class FakeDaemon:
    def __init__(
        self,
        state: str = "due",
        refusal: str | None = None,
        running: bool = True,
        refused: dict[str, str] | None = None,
    ) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.state, self.refusal, self.running = state, refusal, running
        self.refused = refused or {}

    def __call__(self, command: str, **args: Any) -> Reply:
        from deskbreak.ipc import NotRunning

        if not self.running:
            raise NotRunning()
        if command == "status":
            actions = {
                a: {"allowed": a not in self.refused, "reason": self.refused.get(a)}
                for a in ("start", "snooze", "skip", "pause", "resume")
            }
            return Reply.done(
                "Time for a break: Neck release",
                state=self.state,
                snooze_refused=self.refusal,
                next_routine={"id": "neck", "title": "Neck release", "seconds": 120},
                today={"taken": 2, "goal": 6},
                actions=actions,
            )
        if command == "routines":
            return Reply.done(
                "3 routines",
                routines=[
                    {"id": "neck", "title": "Neck release", "desk": True},
                    {"id": "floor", "title": "Floor back release", "desk": False},
                    {"id": "back", "title": "Upper back", "desk": True},
                ],
            )
        self.calls.append((command, args))
        return Reply.done(f"{command} done")


@pytest.fixture
def tk_root(
    desktop_bare: Desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Any]:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.setenv("DISPLAY", desktop_bare.vars["DISPLAY"])
    import tkinter as tk

    root = tk.Tk()
    yield root
    with contextlib.suppress(tk.TclError):  # the test may have closed it
        root.destroy()


def test_control_window_buttons_send_the_ipc_commands(tk_root: Any) -> None:
    from deskbreak.desktop.controlwindow import ControlWindow

    daemon = FakeDaemon()
    win = ControlWindow(tk_root, daemon, refresh_ms=60_000)
    tk_root.update()
    assert win.headline.cget("text") == "Time for a break: Neck release"
    assert win.today.cget("text") == "Today: 2 of 6 breaks"
    assert win.buttons["start"].cget("text") == "Start Neck release now"
    for key in ("start", "routine:back", "snooze:10m", "skip", "reload", "stats", "config"):
        win.buttons[key].invoke()
    win.buttons["more"].cget("menu")
    tk_root.nametowidget(win.buttons["more"].cget("menu")).invoke(0)
    tk_root.nametowidget(win.buttons["pause"].cget("menu")).invoke(1)
    assert daemon.calls == [
        ("break", {}),
        ("break", {"routine": "back"}),
        ("snooze", {"length": "10m"}),
        ("skip", {}),
        ("reload", {}),
        ("stats", {}),
        ("open-config", {}),
        ("break", {"routine": "floor"}),
        ("pause", {"for": "1h"}),
    ]
    assert win.message.cget("text") == "pause done"


def test_control_window_desk_routines_first_and_the_rest_under_more(tk_root: Any) -> None:
    from deskbreak.desktop.controlwindow import ControlWindow

    win = ControlWindow(tk_root, FakeDaemon(), refresh_ms=60_000)
    routines = [k for k in win.buttons if k.startswith("routine:")]
    assert routines == ["routine:neck", "routine:back"]
    menu = tk_root.nametowidget(win.buttons["more"].cget("menu"))
    assert menu.entrycget(0, "label") == "Floor back release"
    assert menu.index("end") == 0


def test_control_window_enables_what_the_status_allows(tk_root: Any) -> None:
    from deskbreak.desktop.controlwindow import ControlWindow

    def state(win: ControlWindow, key: str) -> str:
        return str(win.buttons[key].cget("state"))

    working = ControlWindow(tk_root, FakeDaemon(state="working"), refresh_ms=60_000)
    assert state(working, "skip") == "normal"  # the engine accepts a skip while working
    reason = "Snoozed 3 times already"
    daemon = FakeDaemon(
        state="paused",
        refusal=reason,
        refused={"snooze": reason, "skip": "There is no break to skip right now"},
    )
    win = ControlWindow(tk_root, daemon, refresh_ms=60_000)
    tk_root.update()
    assert win.snooze_reason.cget("text") == reason
    assert state(win, "snooze:5m") == "disabled"
    assert state(win, "skip") == "disabled"
    assert win.buttons["resume"].winfo_manager() == "pack"
    assert win.buttons["pause"].winfo_manager() == ""
    win.buttons["resume"].invoke()
    assert daemon.calls == [("resume", {})]


def test_control_window_without_a_daemon_says_so(tk_root: Any) -> None:
    from deskbreak.desktop.controlwindow import ControlWindow

    win = ControlWindow(tk_root, FakeDaemon(running=False), refresh_ms=60_000)
    tk_root.update()
    assert win.headline.cget("text").startswith("Not connected:")
    others = {str(b.cget("state")) for key, b in win.buttons.items() if key != "safety"}
    assert others == {"disabled"}
    assert str(win.buttons["safety"].cget("state")) == "normal"  # it needs no daemon


def test_control_window_safety_button_shows_the_safety_sheet(tk_root: Any) -> None:
    import tkinter as tk

    from deskbreak.core import safety
    from deskbreak.desktop.controlwindow import ControlWindow

    win = ControlWindow(tk_root, FakeDaemon(running=False), refresh_ms=60_000)
    tk_root.update()
    win.buttons["safety"].invoke()
    tk_root.update()
    (sheet,) = [w for w in tk_root.winfo_children() if isinstance(w, tk.Toplevel)]
    shown = " ".join(str(w.cget("text")) for w in sheet.winfo_children() if isinstance(w, tk.Label))
    for line in (safety.SAFETY_NOTE, safety.STOP_NOW, safety.EMERGENCY, *safety.SEE_A_PROFESSIONAL):
        assert line in shown  # the note, when to stop, the emergency and the red flags
    sheet.focus_force()
    tk_root.update()
    sheet.event_generate("<Escape>", when="now")
    tk_root.update()
    assert not sheet.winfo_exists()


def test_control_window_is_a_small_panel_near_the_click(
    tk_root: Any, desktop_bare: Desktop, artifacts: Path
) -> None:
    from deskbreak.desktop.controlwindow import ControlWindow

    ControlWindow(tk_root, FakeDaemon(state="working"), refresh_ms=60_000, near=(1250, 16))
    tk_root.update()
    desktop_bare.wait_for("the window mapped", lambda: bool(tk_root.winfo_viewable()))
    tk_root.update()
    width, height = tk_root.winfo_width(), tk_root.winfo_height()
    assert width <= 420, width  # fits beside the tray on a 1024-px screen
    assert height <= 600, height
    x, y = tk_root.winfo_rootx(), tk_root.winfo_rooty()
    assert 1280 - width - 40 <= x <= 1280 - width  # under the click, inside the screen
    assert y <= 80
    desktop_bare.screenshot(artifacts / "control-window-panel.png", window=str(tk_root.winfo_id()))


def test_control_window_closes_with_escape(tk_root: Any) -> None:
    import tkinter as tk

    from deskbreak.desktop.controlwindow import ControlWindow

    win = ControlWindow(tk_root, FakeDaemon(), refresh_ms=60_000)
    tk_root.update()
    win.buttons["start"].focus_force()
    tk_root.update()
    win.buttons["start"].event_generate("<Escape>", when="now")
    with pytest.raises(tk.TclError):
        tk_root.winfo_exists()


# -- appindicator under the SNI host ------------------------------------------------------


def _gi_appindicator() -> bool:
    if importlib.util.find_spec("gi") is None:
        return False
    import gi

    try:
        gi.require_version("AyatanaAppIndicator3", "0.1")
    except ValueError:
        return False
    return True


def _menu_ids(desk: Desktop, dest: str, path: str) -> dict[str, int]:
    out = desk.run(
        "gdbus",
        "call",
        "--session",
        "--dest",
        dest,
        "--object-path",
        path,
        "--method",
        "com.canonical.dbusmenu.GetLayout",
        "--",
        "0",
        "-1",
        '["label"]',
    ).stdout
    return {label: int(i) for i, label in re.findall(r"\((\d+), \{'label': <'([^']*)'>", out)}


@pytest.mark.skipif(
    not _gi_appindicator(),
    reason="PyGObject with AyatanaAppIndicator3 is not importable here (optional 'gi' extra)",
)
def test_appindicator_menu_skip_via_dbusmenu(
    desktop_sni: Desktop, start_driver: Callable[..., Driver]
) -> None:
    driver = start_driver(desktop_sni, "appindicator")
    assert driver.ready()["backend"] == "appindicator"
    driver.wait("an SNI item", lambda: bool(desktop_sni.sni_items()))
    item = desktop_sni.sni_items()[0]
    dest = item.split("/")[0]
    path = "/org/ayatana/NotificationItem/deskbreak/Menu"
    ids = _menu_ids(desktop_sni, dest, path)
    assert "Skip this break" in ids
    desktop_sni.run(
        "gdbus",
        "call",
        "--session",
        "--dest",
        dest,
        "--object-path",
        path,
        "--method",
        "com.canonical.dbusmenu.Event",
        "--",
        str(ids["Skip this break"]),
        "clicked",
        "<int32 0>",
        "0",
    )
    driver.wait("skip", lambda: any(e.get("name") == "skip" for e in events(driver.log, "call")))


# -- our StatusNotifierItem backend under the SNI host -------------------------------------


def _gdbus(desk: Desktop, dest: str, path: str, method: str, *args: str) -> str:
    cmd = ("gdbus", "call", "--session", "--dest", dest, "--object-path", path)
    return desk.run(*cmd, "--method", method, "--", *args).stdout


def test_sni_item_serves_the_whole_menu_tooltip_and_attention(
    desktop_sni: Desktop, start_driver: Callable[..., Driver], artifacts: Path
) -> None:
    driver = start_driver(desktop_sni, "sni")  # --state due: a break is due
    assert driver.ready()["backend"] == "sni"
    ours = f"org.kde.StatusNotifierItem-{driver.proc.pid}-1"
    driver.wait("our item in the watcher", lambda: ours in desktop_sni.sni_items())
    item = "/StatusNotifierItem"
    props = "org.freedesktop.DBus.Properties.Get"
    tooltip = _gdbus(desktop_sni, ours, item, props, "org.kde.StatusNotifierItem", "ToolTip")
    assert "Time for a break: Neck release" in tooltip
    status = _gdbus(desktop_sni, ours, item, props, "org.kde.StatusNotifierItem", "Status")
    assert "NeedsAttention" in status
    ids = _menu_ids(desktop_sni, ours, "/MenuBar")
    wanted = ["Open deskbreak…", "Start Neck release now", "Routines", "Neck release", "Snooze",
              "5 min", "30 min", "Skip this break", "Pause", "Until I resume", "Quit"]  # fmt: skip
    assert [label for label in wanted if label not in ids] == [], ids
    desktop_sni.screenshot(artifacts / "tray-sni-root.png")
    _gdbus(desktop_sni, ours, "/MenuBar", "com.canonical.dbusmenu.Event",
           str(ids["10 min"]), "clicked", "<int32 0>", "0")  # fmt: skip
    driver.wait(
        "snooze", lambda: any(e.get("name") == "snooze" for e in events(driver.log, "call"))
    )
    _gdbus(desktop_sni, ours, item, "org.kde.StatusNotifierItem.Activate", "600", "780")
    driver.wait("the click", lambda: bool(events(driver.log, "click")))
    assert [e["name"] for e in events(driver.log, "call")] == ["snooze"]


def test_xembed_icon_shows_its_tooltip_on_hover(
    desktop: Desktop, start_driver: Callable[..., Driver], artifacts: Path
) -> None:
    driver = start_driver(desktop, "xembed", "--state", "working")
    ready = driver.ready()
    driver.wait("the icon in trayer's panel", lambda: desktop.tray_docked(ready["title"]))
    x, y, w, h = geometry(desktop, ready["window"])
    desktop.run("xdotool", "mousemove", "600", "400")
    desktop.run("xdotool", "mousemove", str(x + w // 2), str(y + h // 2))
    tip = desktop.find_window("^deskbreak tooltip$", timeout=10)

    def mapped() -> bool:
        return "IsViewable" in desktop.run("xwininfo", "-id", tip).stdout

    driver.wait("the tooltip shown", mapped)
    tx, ty, tw, _th = geometry(desktop, int(tip, 0) if tip.startswith("0x") else int(tip))
    assert ty >= y + h  # under the icon of a top panel, on the screen
    assert tx + tw <= 1280
    desktop.screenshot(artifacts / "tray-xembed-tooltip.png")
    desktop.run("xdotool", "mousemove", "600", "400")
    driver.wait("the tooltip hidden", lambda: not mapped())


def test_control_window_closes_when_its_daemon_stops(tk_root: Any) -> None:
    import tkinter as tk

    from deskbreak.desktop.controlwindow import ControlWindow

    daemon = FakeDaemon(state="working")
    win = ControlWindow(tk_root, daemon, refresh_ms=60_000)
    tk_root.update()
    daemon.running = False  # `deskbreak stop`
    win.refresh(reschedule=False)
    with pytest.raises(tk.TclError):  # the window is gone, not left with stale text
        tk_root.winfo_exists()


def test_control_window_shows_no_backticks_and_never_widens(tk_root: Any) -> None:
    from deskbreak.desktop.controlwindow import WIDTH, ControlWindow

    win = ControlWindow(tk_root, FakeDaemon(running=False), refresh_ms=60_000)
    tk_root.update()
    text = win.headline.cget("text")
    assert "deskbreak start" in text and "`" not in text
    width = tk_root.winfo_width()
    long = "a refusal that goes on " * 20
    win.snooze_reason.configure(text=long)
    win.message.configure(text=long)
    tk_root.update()
    assert tk_root.winfo_width() == width <= WIDTH + 40


def test_the_control_window_carries_deskbreak_s_window_class(
    desktop_bare: Desktop,
) -> None:
    """The process the tray starts (its own command) names its window "deskbreak" in
    WM_CLASS, as the player does, so a desktop files it under deskbreak, not under "Tk"."""
    from Xlib import display as xdisplay

    from deskbreak.core.i18n import _
    from deskbreak.desktop.controlwords import TITLE
    from deskbreak.desktop.tray.tray import CONTROL_WINDOW

    # No daemon in this home: the window stays open and says it is not connected.
    proc = desktop_bare.popen(*CONTROL_WINDOW)
    try:
        window = desktop_bare.find_window(f"^{re.escape(_(TITLE))}$", timeout=60)
        disp = xdisplay.Display(desktop_bare.display)
        try:
            wm_class = disp.create_resource_object("window", int(window)).get_wm_class()
        finally:
            disp.close()
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert wm_class == ("deskbreak", "Deskbreak")  # (instance, class); Tk's own is "Tk"
