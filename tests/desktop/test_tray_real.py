"""The real tray icon in a real tray host, clicked for real, and the control window it opens.

xorg backend in trayer (XEmbed): the icon docks, a left click (xdotool) reaches the Tray and opens
the control window. appindicator backend under the SNI host: a dbusmenu Event on "Skip this
break" calls skip (skipped when PyGObject is not importable: SNI support is an optional extra).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from desktop_session import Desktop
from support.fakes import RecordingCommands
from support.status import make_status

from deskbreak.core.ports import Reply

pytestmark = pytest.mark.desktop

TESTS = Path(__file__).resolve().parent.parent
DRIVER = TESTS / "tray_driver.py"


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def events(path: Path, name: str) -> list[dict[str, Any]]:
    return [e for e in read_log(path) if e["event"] == name]


class Driver:
    def __init__(self, desk: Desktop, log: Path, home: Path, backend: str) -> None:
        self.desk, self.log = desk, log
        env = {"PYSTRAY_BACKEND": backend, "DESKBREAK_HOME": str(home)}
        self.proc = desk.popen(sys.executable, str(DRIVER), "--log", str(log), env=env)

    def wait(self, what: str, predicate: Callable[[], bool], timeout: float = 15) -> None:
        def check() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"tray driver exited {self.proc.returncode}: {read_log(self.log)}"
                )
            return predicate()

        self.desk.wait_for(what, check, timeout)

    def stop(self) -> None:
        for control in events(self.log, "control"):
            if control.get("pid"):
                _stop_pid(control["pid"])
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def _stop_pid(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)


@pytest.fixture
def start_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Driver]]:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path / "home"))
    drivers: list[Driver] = []

    def start(desk: Desktop, backend: str) -> Driver:
        driver = Driver(desk, tmp_path / f"tray-{len(drivers)}.jsonl", tmp_path / "home", backend)
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.stop()


def geometry(desk: Desktop, window: int) -> tuple[int, int, int, int]:
    out = desk.run("xwininfo", "-id", str(window)).stdout

    def field(name: str) -> int:
        match = re.search(rf"{name}:\s+(-?\d+)", out)
        assert match, out
        return int(match.group(1))

    return (
        field("Absolute upper-left X"),
        field("Absolute upper-left Y"),
        field("Width"),
        field("Height"),
    )


def test_xorg_icon_docks_and_a_left_click_opens_the_control_window(
    desktop: Desktop, start_driver: Callable[..., Driver], artifacts: Path
) -> None:
    driver = start_driver(desktop, "xorg")
    driver.wait("the tray driver", lambda: bool(events(driver.log, "ready")))
    ready = events(driver.log, "ready")[0]
    assert ready["backend"] == "xorg"
    driver.wait("the icon to dock", lambda: bool(events(driver.log, "docked")))
    assert desktop.tray_docked(ready["title"])

    x, y, w, h = geometry(desktop, ready["window"])
    assert (w, h) != (1, 1)  # an undocked icon is a 1x1 child of the root
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
    from deskbreak.desktop.tray import Tray

    def chosen(desk: Desktop) -> str | None:
        env = {k: v for k, v in desk.env.items() if k != "PYSTRAY_BACKEND"}
        tray = Tray(
            RecordingCommands(make_status()), lambda: None, notify=lambda t, m: None, env=env
        )
        assert tray.check(), tray.reason
        return tray.backend

    assert chosen(desktop) in ("gtk", "xorg")  # trayer speaks XEmbed only
    if _gi_appindicator():  # without PyGObject no backend speaks StatusNotifierItem
        assert chosen(desktop_sni) == "appindicator"


# -- the control window, in this process against a fake daemon -------------------------


class FakeDaemon:
    def __init__(
        self, state: str = "due", refusal: str | None = None, running: bool = True
    ) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.state, self.refusal, self.running = state, refusal, running

    def __call__(self, command: str, **args: Any) -> Reply:
        from deskbreak.ipc import NotRunning

        if not self.running:
            raise NotRunning()
        if command == "status":
            return Reply.done(
                "Time for a break: Neck release",
                state=self.state,
                snooze_refused=self.refusal,
                next_routine={"id": "neck", "title": "Neck release", "seconds": 120},
                today={"taken": 2, "goal": 6},
            )
        if command == "routines":
            return Reply.done(
                "2 routines",
                routines=[
                    {"id": "neck", "title": "Neck release"},
                    {"id": "back", "title": "Upper back"},
                ],
            )
        self.calls.append((command, args))
        if command == "skip" and self.state != "due":
            return Reply.refused("Nothing to skip right now")
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
    assert win.buttons["Start:Start now"].cget("text") == "Start Neck release now"
    for label in (
        "Start:Start now",
        "Routines:Upper back",
        "Snooze:10 min",
        "Break:Skip this break",
        "Pause:1 hour",
        "Pause:Until tomorrow",
        "More:Reload config",
        "More:Statistics",
        "More:Open config",
    ):
        win.buttons[label].invoke()
    assert daemon.calls == [
        ("break", {}),
        ("break", {"routine": "back"}),
        ("snooze", {"length": "10m"}),
        ("skip", {}),
        ("pause", {"for": "1h"}),
        ("pause", {"tomorrow": True}),
        ("reload", {}),
        ("stats", {}),
        ("open-config", {}),
    ]
    assert win.message.cget("text") == "open-config done"


def test_control_window_shows_refusals_and_disables_what_cannot_be_done(tk_root: Any) -> None:
    from deskbreak.desktop.controlwindow import ControlWindow

    reason = "Snoozed 3 times already"
    daemon = FakeDaemon(state="paused", refusal=reason)
    win = ControlWindow(tk_root, daemon, refresh_ms=60_000)
    tk_root.update()
    assert win.snooze_reason.cget("text") == reason
    assert str(win.buttons["Snooze:5 min"].cget("state")) == "disabled"
    assert str(win.buttons["Break:Skip this break"].cget("state")) == "disabled"
    assert win.buttons["row:Paused"].winfo_manager() == "pack"
    assert win.buttons["row:Pause"].winfo_manager() == ""
    win.buttons["Paused:Resume"].invoke()
    assert daemon.calls == [("resume", {})]


def test_control_window_without_a_daemon_says_so(tk_root: Any) -> None:
    from deskbreak.desktop.controlwindow import ControlWindow

    win = ControlWindow(tk_root, FakeDaemon(running=False), refresh_ms=60_000)
    tk_root.update()
    assert win.headline.cget("text").startswith("Not connected:")
    disabled = [
        k
        for k, b in win.buttons.items()
        if not k.startswith("row:") and str(b.cget("state")) == "disabled"
    ]
    assert sorted(disabled) == sorted(k for k in win.buttons if not k.startswith("row:"))


def test_control_window_closes_with_escape(tk_root: Any) -> None:
    import tkinter as tk

    from deskbreak.desktop.controlwindow import ControlWindow

    win = ControlWindow(tk_root, FakeDaemon(), refresh_ms=60_000)
    tk_root.update()
    win.buttons["Start:Start now"].focus_force()
    tk_root.update()
    win.buttons["Start:Start now"].event_generate("<Escape>", when="now")
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
