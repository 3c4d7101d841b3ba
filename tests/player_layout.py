"""Measure the real player window, in one language, at every step of every desk routine
(of every routine, the floor's too, with `--all`; of the routines named, when some are).

Run inside a test's X display with DESKBREAK_LANGUAGE set (tests/desktop/test_player_layout.py
starts it): it builds the window exactly as `deskbreak play` does, walks each routine's
timeline on a fake clock, and after every change of what the window shows asks Tk where each
label and button is and how much room its text wants. One JSON object on stdout:

  problems  what does not fit: a widget whose text wants more room than it has, or that lies
            (partly) outside the window, or a window larger than the screen
  size      the largest the window became, [width, height] (and a problem when it changed
            size within a routine: buttons would jump from step to step)
  screen    the screen's size, [width, height]
  texts     every distinct text the window showed, its title included
  steps     how many steps were shown
  routines  the ids of the routines walked, in order
  rects     every place and size the window had, [x, y, width, height] on the root window
  first     the first of them, as it opened
  scale     the scale the window was drawn at; art: the illustration's size in pixels, and
            image: the size of the figure drawn into it (the same: drawn, not upscaled)
  poses     the distinct drawings of the figure shown along each movement: [the number of
            key poses on its path, the drawing's step along it (0..12)]
  grown     with `--grow W,H`: the illustration's size once the window was made that much
            larger than it opened, [width, height]

`--motion`/`--contrast` set `[player]`'s switches. `--shots DIR` also saves a screenshot of
the first step of each routine (of the window, and of the whole screen) and of the first
step with a side cue (ImageMagick's `import`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import tkinter as tk
from dataclasses import replace
from pathlib import Path
from typing import Any

from deskbreak import lang
from deskbreak.core.config.model import PlayerSettings
from deskbreak.core.library import routines
from deskbreak.paths import resolve
from deskbreak.player.sounds import Sounds
from deskbreak.player.timeline import Timeline
from deskbreak.player.window import PlayerWindow

STEP = 1.0  # seconds of routine between looks: every beat text is seen


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def measure(window: PlayerWindow, where: str) -> list[str]:
    """What does not fit in the window as it is drawn now."""
    root = window.root
    root.update()
    problems: list[str] = []
    rx, ry, rw, rh = root.winfo_rootx(), root.winfo_rooty(), root.winfo_width(), root.winfo_height()
    for name, widget in window.view.w.items():
        if not isinstance(widget, tk.Widget) or not widget.winfo_ismapped():
            continue
        x, y = widget.winfo_rootx() - rx, widget.winfo_rooty() - ry
        w, h = widget.winfo_width(), widget.winfo_height()
        if x < 0 or y < 0 or x + w > rw or y + h > rh:
            problems.append(f"{where}: {name} at {x},{y} {w}x{h} outside the window {rw}x{rh}")
        if isinstance(widget, tk.Label | tk.Button) and widget.cget("text"):
            want_w, want_h = widget.winfo_reqwidth(), widget.winfo_reqheight()
            if want_w > w or want_h > h:
                text = widget.cget("text")
                problems.append(f"{where}: {name} wants {want_w}x{want_h}, has {w}x{h}: {text!r}")
    if rw > root.winfo_screenwidth() or rh > root.winfo_screenheight():
        problems.append(f"{where}: the window {rw}x{rh} is larger than the screen")
    return problems


def place(root: tk.Tk) -> tuple[int, int, int, int]:
    """Where the window is on the root window, and its size."""
    return (root.winfo_rootx(), root.winfo_rooty(), root.winfo_width(), root.winfo_height())


def grow(window: PlayerWindow, by: str) -> list[int]:
    """Make the window larger by `by` ("W,H"), as a user dragging its corner; the
    illustration's size once it has followed."""
    root = window.root
    more_w, more_h = (int(v) for v in by.split(","))
    root.geometry(f"{root.winfo_width() + more_w}x{root.winfo_height() + more_h}")
    for _ in range(50):  # the configure events arrive through the X server
        root.update()
        if window.view.art_size != window.view.figure_pixels:
            break
    root.update()
    return list(window.view.art_size)


def shown(window: PlayerWindow) -> tuple[str, ...]:
    texts = [window.root.title()]
    for widget in window.view.w.values():
        if isinstance(widget, tk.Label | tk.Button):
            texts.append(str(widget.cget("text")))
    return tuple(texts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--motion", default="full")
    parser.add_argument("--contrast", default="normal")
    parser.add_argument("--grow", help="W,H: make the window this much larger, at the end")
    parser.add_argument("--all", action="store_true", help="the floor routines too")
    parser.add_argument("routine", nargs="*")
    args = parser.parse_args()
    code = lang.setup()
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    library = routines()
    wanted = args.routine or [r.id for r in library.values() if args.all or r.is_desk]
    report: dict[str, Any] = {"language": code, "problems": [], "texts": set(), "steps": 0}
    report["routines"] = wanted
    rects: set[tuple[int, int, int, int]] = set()
    poses: set[tuple[int, int]] = set()
    settings = PlayerSettings(always_on_top=False, motion=args.motion, contrast=args.contrast)
    size, screen = [0, 0], [0, 0]
    paths = resolve()
    side_shot = False
    for routine_id in wanted:
        routine = library[routine_id]
        clock = Clock()
        root = tk.Tk(className="deskbreak")
        sounds = Sounds(paths.state_dir, chime=False, voice=False)
        timeline = Timeline(routine, clock)
        window = PlayerWindow(
            root, timeline, settings=settings, paths=paths,
            sounds=sounds, stop=threading.Event(),
        )  # fmt: skip
        window.show()
        if not window.view.note_shown:
            window.view_toggle_note()  # the safety note is part of the layout to check
        timeline.start()
        screen = [root.winfo_screenwidth(), root.winfo_screenheight()]
        last: tuple[str, ...] = ()
        steps = 0
        sizes: set[tuple[int, int]] = set()
        while not (frame := timeline.tick()).finished:
            for look in (frame, replace(frame, paused=True)):
                window.view.render(look)
                texts = shown(window)
                if texts == last:
                    continue
                last = texts
                report["texts"].update(texts)
                where = f"{routine_id} step {look.index + 1}"
                report["problems"] += measure(window, where)
                rects.add(place(root))
                report.setdefault("first", list(place(root)))
                key = window.view.drawing
                if key is not None and look.beat is not None and len(look.beat.path) > 1:
                    poses.add((len(look.beat.path), key[2]))
                size = [max(size[0], root.winfo_width()), max(size[1], root.winfo_height())]
                sizes.add((root.winfo_width(), root.winfo_height()))
                first = look.index == 0 and look is frame and steps == 0
                sided = look.segment is not None and look.segment.side is not None
                if args.shots and (first or (sided and not side_shot)):
                    side_shot = side_shot or sided
                    steps = max(steps, 1)
                    name = f"{code}-{routine_id}-{look.index + 1}.png"
                    subprocess.run(
                        ["import", "-window", str(root.winfo_id()), str(args.shots / name)],
                        check=False, timeout=20,
                    )  # fmt: skip
                    if first:  # and the whole screen, to see where the window is
                        subprocess.run(
                            ["import", "-window", "root", str(args.shots / f"screen-{name}")],
                            check=False, timeout=20,
                        )  # fmt: skip
            steps = max(steps, frame.index + 1)
            clock.now += STEP
        report["scale"], report["art"] = window.view.scale, list(window.view.art_size)
        image = window.view.w["art"].itemcget(window.view.w["art_image"], "image")
        report["image"] = [int(root.tk.call("image", "width", image)),
                           int(root.tk.call("image", "height", image))]  # fmt: skip
        if args.grow:
            report["grown"] = grow(window, args.grow)
        window.view.finish()
        report["texts"].update(shown(window))
        report["problems"] += measure(window, f"{routine_id} done")
        report["steps"] += steps
        if len(sizes) > 1:
            report["problems"].append(f"{routine_id}: the window changed size {sorted(sizes)}")
        root.destroy()
    report["size"], report["screen"] = size, screen
    report["rects"], report["poses"] = sorted(rects), sorted(poses)
    report["texts"] = sorted(report["texts"])
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
