"""The player window on a real (headless) X server: it maps fast and takes the focus,
renders the illustration, countdown and safety note, obeys its keys, and reports its outcome."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from harness.desktop import Desktop

pytestmark = pytest.mark.desktop

REPO = Path(__file__).resolve().parents[2]

CONFIG = """
[player]
chime = false

[[routines]]
id = "shot"
title = "Screenshot test"

  [[routines.steps]]
  exercise = "seated-cat-cow"
  duration = "3s"

  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "1s"

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

TRACK = (0xDC, 0xD6, 0xC8)  # the illustration's 1 px frame
NOTE_BG = (0xFF, 0xF3, 0xCF)
CAUTION_INK = (0x7A, 0x3B, 0x12)


def _rgb(pixel: Any) -> tuple[int, int, int]:
    assert isinstance(pixel, tuple)
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def _near(colour: tuple[int, int, int], target: tuple[int, int, int], slack: int = 24) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(colour, target, strict=True))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def play(desk: Desktop, routine: str) -> subprocess.Popen[str]:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return desk.popen(
        sys.executable, "-m", "deskbreak", "play", routine, "--report",
        env={"PYTHONPATH": path}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def outcome(proc: subprocess.Popen[str], timeout: float = 20) -> dict[str, Any]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    found: dict[str, Any] = json.loads(out.splitlines()[-1])["outcome"]
    return found


def frame_box(image: Any) -> tuple[int, int, int, int]:
    """The illustration's frame: the two long vertical runs of its border colour."""
    width, height = image.size
    pixels = image.load()
    columns = [x for x in range(width) if sum(pixels[x, y] == TRACK for y in range(height)) > 200]
    assert len(columns) >= 2, "no illustration frame found"
    left, right = columns[0], columns[-1]
    rows = [y for y in range(height) if pixels[left, y] == TRACK]
    return left, rows[0], right, rows[-1]


def _brightness(image: Any, x: int, y: int) -> int:
    pixel = image.getpixel((x, y))
    assert isinstance(pixel, tuple), pixel
    return sum(pixel)


def _dark_rows(image: Any) -> int:
    """How many rows of `image` hold a dark pixel (large countdown digits fill 30 or more)."""
    return sum(
        1
        for y in range(image.height)
        if any(_brightness(image, x, y) < 200 for x in range(image.width))
    )


def test_window_maps_fast_with_the_focus_and_shows_everything(
    desktop_bare: Desktop, home: Path, artifacts: Path
) -> None:
    from PIL import Image

    before = desktop_bare.run("xdotool", "getwindowfocus", check=False).stdout.strip()
    started = time.monotonic()
    proc = play(desktop_bare, "shot")
    window = desktop_bare.find_window("deskbreak — Screenshot test", timeout=10)
    mapped = time.monotonic() - started
    print(f"player window found {mapped:.3f} s after launch")
    assert before != window

    def focused() -> bool:  # the user started it: it takes the keys at once
        return desktop_bare.run("xdotool", "getwindowfocus", check=False).stdout.strip() == window

    desktop_bare.wait_for("the player to take the focus", focused, 10)
    shot = artifacts / "player-window.png"

    def settled() -> bool:
        """The first frames are drawn: the countdown, and the illustration alone in its frame
        (the progress bar shares the frame's colour until it begins to fill)."""
        image = Image.open(desktop_bare.screenshot(shot, window=window)).convert("RGB")
        try:
            left, top, right, bottom = frame_box(image)
        except AssertionError:
            return False
        digits = image.crop((right + 1, top, image.width, bottom))
        return (right - left, bottom - top) == (321, 241) and _dark_rows(digits) >= 30

    desktop_bare.wait_for("the figure and the countdown to draw", settled, 10)
    desktop_bare.screenshot(artifacts / "player-desktop.png")
    image = Image.open(shot).convert("RGB")
    left, top, right, bottom = frame_box(image)
    assert (right - left, bottom - top) == (321, 241)
    art = image.crop((left + 1, top + 1, right, bottom))
    background = max(art.getcolors(1 << 16) or [(0, (0, 0, 0))])[1]
    drawn = sum(n for n, colour in art.getcolors(1 << 16) or [] if colour != background)
    assert drawn > 0.03 * art.width * art.height  # the figure is there
    digits = image.crop((right + 1, top, image.width, bottom))  # beside the illustration
    assert _dark_rows(digits) >= 30  # large dark countdown digits
    colours = image.getcolors(1 << 16) or []
    note = sum(n for n, colour in colours if colour == NOTE_BG)
    assert note > 20_000  # the safety note, first time only
    below = range(bottom + 1, image.height)  # under the illustration: cues, then guidance
    caution = [
        y
        for y in below
        if any(_near(_rgb(image.getpixel((x, y))), CAUTION_INK) for x in range(0, image.width, 2))
    ]
    assert len(caution) >= 6  # the "Caution:" line, in its own colour
    assert (home / "state" / "safety-note-seen").exists()
    result = outcome(proc)
    assert (result["result"], result["steps_done"], result["steps_total"]) == ("completed", 2, 2)
    assert result["seconds"] == 4.0


def test_keys_pause_skip_and_stop(desktop_bare: Desktop, home: Path, artifacts: Path) -> None:
    (home / "state").mkdir()
    (home / "state" / "safety-note-seen").write_text("seen\n")
    proc = play(desktop_bare, "keys")
    window = desktop_bare.find_window("deskbreak — Keys test", timeout=10)
    desktop_bare.run("xdotool", "windowfocus", "--sync", window)
    started = time.monotonic()
    desktop_bare.run("xdotool", "key", "space")  # pause
    time.sleep(2.0)  # paused time must not count
    desktop_bare.screenshot(artifacts / "player-paused.png", window=window)
    desktop_bare.run("xdotool", "key", "space")  # resume
    desktop_bare.run("xdotool", "key", "Right")  # skip the 30 s step
    time.sleep(1.5)  # the 1 s step runs to its end
    desktop_bare.run("xdotool", "key", "Escape")
    result = outcome(proc, timeout=10)
    wall = time.monotonic() - started
    assert result["result"] == "partial"
    assert (result["steps_done"], result["steps_total"]) == (1, 3)
    assert result["seconds"] < wall - 1.5  # the pause was not counted
    assert proc.returncode == 0


def test_sigterm_closes_the_window_with_an_outcome(desktop_bare: Desktop, home: Path) -> None:
    proc = play(desktop_bare, "keys")
    desktop_bare.find_window("deskbreak — Keys test", timeout=10)
    proc.terminate()
    result = outcome(proc, timeout=10)
    assert result["result"] == "stopped" and result["steps_total"] == 3


def _server_now(conn: Any) -> int:
    """The X server's time now, read on the test's own connection, as an oracle."""
    from Xlib import X, Xatom

    window = conn.screen().root.create_window(
        0, 0, 1, 1, 0, 0, X.InputOnly, X.CopyFromParent, event_mask=X.PropertyChangeMask
    )
    window.change_property(Xatom.WM_NAME, Xatom.STRING, 8, b"", mode=X.PropModeAppend)
    conn.flush()
    while True:  # the server always answers; the test's timeout bounds a broken one
        got = conn.next_event()
        if got.type == X.PropertyNotify and got.window.id == window.id:
            window.destroy()
            conn.flush()
            return int(got.time)


def _activation(conn: Any, timeout: float = 10) -> Any:
    """The next _NET_ACTIVE_WINDOW message sent to the root, as a window manager sees it."""
    from Xlib import X

    active = conn.intern_atom("_NET_ACTIVE_WINDOW")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        while conn.pending_events():
            got = conn.next_event()
            if got.type == X.ClientMessage and got.client_type == active:
                return got
        select.select([conn.fileno()], [], [], max(0.0, deadline - time.monotonic()))
    raise AssertionError("no _NET_ACTIVE_WINDOW message reached the root window")


def test_the_activation_request_carries_the_server_s_time(desktop_bare: Desktop) -> None:
    """The player asks for the focus with `_NET_ACTIVE_WINDOW`, as a user's action, stamped
    with the X server's time of the request, not 0 (which Mutter logs as a buggy client).
    A client selecting SubstructureNotify on the root receives the message as a window
    manager would."""
    from Xlib import X
    from Xlib import display as xdisplay

    from deskbreak.player import x11

    listener = xdisplay.Display(desktop_bare.display)
    player = xdisplay.Display(desktop_bare.display)
    try:
        listener.screen().root.change_attributes(event_mask=X.SubstructureNotifyMask)
        listener.sync()
        window = player.screen().root.create_window(0, 0, 100, 100, 0, X.CopyFromParent)
        player.sync()
        before = _server_now(listener)
        sent = x11.activate(player, window)
        message = _activation(listener)
        after = _server_now(listener)
    finally:
        player.close()
        listener.close()
    fmt, (source, stamp, *_rest) = message.data
    assert (fmt, message.window.id, source) == (32, window.id, x11.FROM_USER)
    assert stamp == sent != X.CurrentTime
    assert before <= stamp <= after  # the server's time of the request


def test_a_server_that_does_not_tell_its_time_gets_time_0_soon(desktop_bare: Desktop) -> None:
    """While another client holds the server grabbed, the player's time request goes
    unanswered: it gives up after its wait and falls back to 0 rather than hang."""
    from Xlib import X
    from Xlib import display as xdisplay

    from deskbreak.player import x11

    grabber = xdisplay.Display(desktop_bare.display)
    player = xdisplay.Display(desktop_bare.display)
    try:
        atom = player.intern_atom(x11.TIMESTAMP_PROPERTY)
        grabber.grab_server()
        grabber.sync()
        started = time.monotonic()
        got = x11.server_time(player, atom, wait=0.3)
        took = time.monotonic() - started
        grabber.ungrab_server()
        grabber.sync()
        assert x11.server_time(player, atom) != X.CurrentTime  # answered again once free
    finally:
        player.close()
        grabber.close()
    assert got == X.CurrentTime
    assert 0.3 <= took < 3.0  # its own wait, not a hang (a busy machine adds to it)
