"""The player window's sizes at 1× (96 dpi), and the choices that scale them.

Owns the layouts the window tries (content width and figure size, at 1×), the scale a
window too large for its screen is drawn at instead, font sizes in pixels, and which of the
drawings along a movement the figure shows (every one, or only the key poses with reduced
motion). Pure: standard library only.
"""

from __future__ import annotations

import math

FIGURE_SIZE = (320, 240)
PHASE_STEPS = 12  # animation frames per half-breath; images are cached
WIDTH = 580  # content width: the illustration with the countdown beside it
# The layouts tried, in order, until every step fits the room on screen: wider first, so a
# long language wraps into fewer lines, then a smaller figure. (content width, figure size)
LAYOUTS: tuple[tuple[int, tuple[int, int]], ...] = (
    (WIDTH, FIGURE_SIZE),
    (700, FIGURE_SIZE),
    (700, (256, 192)),
    (820, (256, 192)),
    (820, (200, 150)),
    (960, (200, 150)),
    (1100, (200, 150)),
)
BREATH_WIDTH = 180
POINT = 96 / 72  # pixels a point at 1×: fonts are given in points, drawn in pixels
MIN_SCALE = 0.75  # the smallest a too-large window is drawn at, on a small screen


def font_pixels(points: int, scale: float) -> int:
    """The pixel size of a `points` font at `scale` (Tk takes it negated: pixels, not points)."""
    return max(6, round(points * POINT * scale))


def drawn_step(keys: int, along: float, *, reduced: bool) -> int:
    """Which of the PHASE_STEPS + 1 drawings along a path of `keys` key poses to show at
    `along` (0..1): the nearest one; with reduced motion the nearest key pose, so the figure
    stands still in each pose instead of moving between them."""
    along = 0.0 if math.isnan(along) else min(max(along, 0.0), 1.0)
    if reduced and keys > 1:
        along = round(along * (keys - 1)) / (keys - 1)
    return round(along * PHASE_STEPS)


def smaller_scale(scale: float, size: tuple[int, int], room: tuple[int, int]) -> float | None:
    """The next scale to try when a window of `size` at `scale` does not fit `room`: about
    as much smaller as it is too large, in eighths; None below MIN_SCALE."""
    if scale <= MIN_SCALE:
        return None
    ratio = min(room[0] / max(1, size[0]), room[1] / max(1, size[1]))
    target = math.floor(scale * ratio * 8) / 8
    return max(MIN_SCALE, min(scale - 0.125, target))
