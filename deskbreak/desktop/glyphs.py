"""Digits drawn as smooth vector strokes: the tray icon's numbers, with no font at all.

Owns the shapes of 0–9 (lines and elliptical arcs in a unit box, a rounded humanist
stroke like a desktop indicator's) and drawing a string of them centred in a box with
Pillow's anti-aliasing-free primitives on a supersampled canvas (the caller downsamples).
No font: a GTK backend's FreeType in the same process garbles Pillow's rendered text, and
strokes look the same on every machine. Edge module: imports Pillow's ImageDraw types only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageDraw

Point = tuple[float, float]
# A stroke: ("line", (x1, y1, x2, y2, ...)) or ("arc", (cx, cy, rx, ry, start°, end°)) in a
# box 0..1 (x right, y down; angles clockwise from 3 o'clock, as Pillow counts them).
Stroke = tuple[str, tuple[float, ...]]

WIDTH = 0.58  # a digit's width for a height of 1
GAP = 0.16  # between digits, for a height of 1

_DIGITS: dict[str, tuple[Stroke, ...]] = {
    "0": (("arc", (0.5, 0.5, 0.5, 0.5, 0, 360)),),
    "1": (("line", (0.22, 0.22, 0.6, 0.0, 0.6, 1.0)),),
    "2": (
        ("arc", (0.5, 0.29, 0.48, 0.29, 190, 380)),
        ("line", (0.95, 0.39, 0.02, 1.0, 1.0, 1.0)),
    ),
    "3": (
        ("arc", (0.5, 0.26, 0.44, 0.26, 200, 450)),
        ("arc", (0.5, 0.73, 0.5, 0.27, 270, 520)),
    ),
    "4": (("line", (0.76, 1.0, 0.76, 0.0, 0.0, 0.7, 1.0, 0.7)),),
    "5": (
        ("line", (0.94, 0.0, 0.14, 0.0, 0.08, 0.45)),
        ("arc", (0.5, 0.68, 0.48, 0.32, 218, 500)),
    ),
    "6": (
        ("arc", (0.5, 0.68, 0.48, 0.32, 0, 360)),
        ("arc", (0.9, 0.68, 0.88, 0.68, 180, 268)),
    ),
    "7": (("line", (0.0, 0.0, 1.0, 0.0, 0.34, 1.0)),),
    "8": (
        ("arc", (0.5, 0.25, 0.4, 0.25, 0, 360)),
        ("arc", (0.5, 0.72, 0.48, 0.28, 0, 360)),
    ),
    "9": (
        ("arc", (0.5, 0.32, 0.48, 0.32, 0, 360)),
        ("arc", (0.1, 0.32, 0.88, 0.68, 0, 88)),
    ),
}


def known(text: str) -> bool:
    return bool(text) and all(c in _DIGITS for c in text)


def width(text: str, height: float) -> float:
    """How wide `text` is drawn at `height`."""
    return height * (len(text) * WIDTH + (len(text) - 1) * GAP)


def draw_text(
    draw: ImageDraw.ImageDraw,
    text: str,
    centre: Point,
    *,
    height: float,
    colour: tuple[int, int, int, int],
    stroke: float,
) -> None:
    """Draw the digits of `text` centred on `centre`, `height` tall, `stroke` thick."""
    left = centre[0] - width(text, height) / 2
    top = centre[1] - height / 2
    # strokes are centred on the outline: keep the ink inside the box
    inset = stroke / 2
    box_w, box_h = WIDTH * height - stroke, height - stroke
    for n, digit in enumerate(text):
        x0 = left + n * (WIDTH + GAP) * height + inset
        for kind, data in _DIGITS[digit]:
            points = _points(kind, data, (x0, top + inset), (box_w, box_h))
            _polyline(draw, points, colour, stroke)


def _points(kind: str, data: Sequence[float], origin: Point, size: Point) -> list[Point]:
    (x0, y0), (w, h) = origin, size
    if kind == "line":
        return [(x0 + data[i] * w, y0 + data[i + 1] * h) for i in range(0, len(data), 2)]
    cx, cy, rx, ry, start, end = data
    steps = max(8, int(abs(end - start) / 6))
    out = []
    for i in range(steps + 1):
        a = math.radians(start + (end - start) * i / steps)
        out.append((x0 + (cx + rx * math.cos(a)) * w, y0 + (cy + ry * math.sin(a)) * h))
    return out


def _polyline(
    draw: ImageDraw.ImageDraw, points: list[Point], colour: tuple[int, int, int, int], stroke: float
) -> None:
    width_px = max(1, round(stroke))
    draw.line(points, fill=colour, width=width_px, joint="curve")
    r = stroke / 2
    for x, y in (points[0], points[-1]):  # round caps
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
