"""`deskbreak status --follow --format waybar` in a real waybar custom module, on sway.

A second bar at the bottom of the headless sway desktop holds two custom modules: ours
(`exec: deskbreak status --follow --wait --format waybar`, `return-type: json`) and a
reference that prints the text we expect. The style sheet colours our module by its class,
so a screenshot (grim) says what waybar made of our lines: the class by the background
colour, the minutes by comparing the text's pixels with the reference's (the same font and
size, so the same pixels when the text is the same). The bar starts before the daemon (its
"stopped" line has no text, and waybar hides a module without text), shows the minutes once
the daemon runs, then "due" when a break falls due.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from harness.daemon import Daemon
from harness.wayland import Wayland

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

GRACE = 12  # seconds from the daemon's start until the reminder may fall due
CONFIG = """
[schedule]
every = "10m"
renotify = "off"
natural_break = "off"
[notifications]
sound = false
[hold]
fullscreen = false  # the sway fullscreen hold reads a bare headless sway as fullscreen

[[reminders]]
at = "{at}"
routine = "mini-reset"
"""
GREEN, RED, YELLOW, BLUE = (0, 255, 0), (255, 0, 0), (255, 255, 0), (0, 0, 255)
STYLE = """
* { font-family: monospace; font-size: 16px; border: none; border-radius: 0; min-height: 0; }
window#waybar { background: #000000; color: #ffffff; }
#custom-deskbreak, #custom-expected { padding: 0 8px; margin: 0 8px; color: #ffffff; }
#custom-deskbreak.running { background: #00ff00; }
#custom-deskbreak.due { background: #ff0000; }
#custom-deskbreak.stopped { background: #ffff00; }
#custom-expected { background: #0000ff; }
"""
HEIGHT = 30


@pytest.fixture(scope="module")
def sway(sway_desktop: Wayland) -> Wayland:
    return sway_desktop


@pytest.fixture
def daemon(sway: Wayland) -> Iterator[Daemon]:
    made = Daemon(sway, CONFIG.format(at=f"{datetime.now():%H:%M}"), "--no-tray")
    yield made
    made.close()


def _bar(sway: Wayland, daemon: Daemon) -> None:
    """Our bar at the bottom, as the suite's user (root may use the desktop's sockets)."""
    command = Path(sys.executable).with_name("deskbreak")
    expected = json.dumps({"text": "10 min", "class": "expected"})
    config = {
        "layer": "top",
        "position": "bottom",
        "height": HEIGHT,
        "modules-left": ["custom/deskbreak", "custom/expected"],
        "custom/deskbreak": {
            "exec": f"{command} status --follow --wait --format waybar",
            "return-type": "json",
            "on-click": f"{command} start",
        },
        "custom/expected": {"exec": f"echo '{expected}'; exec sleep 600", "return-type": "json"},
    }
    (sway.dir / "follow-bar.json").write_text(json.dumps(config))
    (sway.dir / "follow-bar.css").write_text(STYLE)
    env = {**sway.env, **daemon.env, "LANGUAGE": "en", "LC_ALL": "C.UTF-8"}
    sway.group.spawn("waybar-follow", "waybar", "-c", str(sway.dir / "follow-bar.json"),
                     "-s", str(sway.dir / "follow-bar.css"), env=env)  # fmt: skip


class Shot:
    """One screenshot's bottom bar: where each colour is, and the text drawn on it."""

    def __init__(self, sway: Wayland) -> None:
        from PIL import Image

        path = sway.screenshot(sway.dir / "follow-shot.png")
        with Image.open(path) as image:
            rgb = image.convert("RGB")
        width, height = rgb.size
        self.rows = range(height - HEIGHT, height)
        self.pixels = {(x, y): rgb.getpixel((x, y)) for x in range(width) for y in self.rows}
        self.width = width

    def columns(self, colour: tuple[int, int, int]) -> range | None:
        """The columns of the bar where `colour` is the background (its top row)."""
        top = self.rows[0] + 1
        xs = [x for x in range(self.width) if self.pixels[(x, top)] == colour]
        return range(xs[0], xs[-1] + 1) if xs else None

    def text(self, colour: tuple[int, int, int]) -> frozenset[tuple[int, int]]:
        """The pixels of the module on `colour` that are not its background: its text."""
        columns = self.columns(colour)
        assert columns is not None, f"no module on {colour}"
        return frozenset((x - columns.start, y) for x in columns for y in self.rows
                         if self.pixels[(x, y)] != colour)  # fmt: skip


def test_the_bar_shows_the_minutes_and_turns_due(sway: Wayland, daemon: Daemon) -> None:
    _bar(sway, daemon)  # first: `--wait` follows the daemon once it is there
    sway.wait_for("the reference module", lambda: Shot(sway).columns(BLUE) is not None, 20)
    assert Shot(sway).columns(YELLOW) is None  # not running: hidden, not "stopped" in yellow
    daemon.start("--wake-grace", str(GRACE))
    sway.wait_for("the bar, counting down", lambda: Shot(sway).columns(GREEN) is not None, 10)
    assert daemon.answer()["state"] == "working"
    shot = Shot(sway)
    ours, reference = shot.text(GREEN), shot.text(BLUE)
    assert ours and ours == reference  # "10 min", pixel for pixel
    sway.wait_for("the bar to say the break is due",
                  lambda: Shot(sway).columns(RED) is not None, GRACE + 15)  # fmt: skip
    assert daemon.answer()["state"] == "due"
    assert Shot(sway).columns(GREEN) is None
