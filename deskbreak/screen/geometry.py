"""Rectangles, monitors and scale: where a window goes and how large it is drawn. Pure.

Owns `Rect`, `Monitor` and `Screen` (one monitor's rectangle, its work area and the scale to
draw at), choosing the monitor (of the focused window, or under a point: the pointer, a
click), clipping the desktop's
work area (one rectangle over every monitor, as `_NET_WORKAREA` gives it) to one monitor,
centring a window in a work area or setting a panel beside a click, and the scale: Xft.dpi
first, then GDK_SCALE or QT_SCALE_FACTOR, then the monitor's physical DPI; 96 dpi is 1×.
Standard library only; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

BASE_DPI = 96.0
SCALES = (0.75, 4.0)  # the smallest and the largest scale taken from any source
PHYSICAL_STEP = 0.25  # a physical DPI is a guess: rounded down to a quarter, never below 1×
PLAUSIBLE_DPI = (50.0, 500.0)  # outside this a monitor's millimetres are not believed
MIN_MM = 100  # a monitor reporting less than 10 cm across reports nothing useful


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    def contains(self, point: tuple[int, int]) -> bool:
        return self.x <= point[0] < self.right and self.y <= point[1] < self.bottom

    def holds(self, other: Rect) -> bool:
        """Whether `other` lies wholly inside this rectangle."""
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def intersect(self, other: Rect) -> Rect | None:
        x, y = max(self.x, other.x), max(self.y, other.y)
        right, bottom = min(self.right, other.right), min(self.bottom, other.bottom)
        if right <= x or bottom <= y:
            return None
        return Rect(x, y, right - x, bottom - y)

    def distance(self, point: tuple[int, int]) -> float:
        dx = max(self.x - point[0], 0, point[0] - (self.right - 1))
        dy = max(self.y - point[1], 0, point[1] - (self.bottom - 1))
        return math.hypot(dx, dy)


@dataclass(frozen=True)
class Monitor:
    """One monitor as RandR describes it: its name, where it lies, its size in millimetres
    (0 when unknown) and whether it is the primary one."""

    name: str
    area: Rect
    mm: tuple[int, int] = (0, 0)
    primary: bool = False

    def dpi(self) -> float | None:
        """The monitor's physical DPI, when its millimetres can be believed."""
        width_mm = self.mm[0]
        if width_mm < MIN_MM or self.area.width <= 0:
            return None
        dpi = self.area.width / (width_mm / 25.4)
        return dpi if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1] else None


@dataclass(frozen=True)
class Screen:
    """What a window needs to know of where it opens: the monitor, the room for windows
    on it (the work area), the scale to draw at, and the reason for that scale (a log)."""

    monitor: Rect
    work: Rect
    scale: float = 1.0
    source: str = "default"
    # Xft.dpi where the desktop set it: the dpi Xft draws every font at, whatever size a
    # toolkit asks for (Tk must be told it, to get the pixel sizes it asks for)
    font_dpi: float | None = None


def monitor_at(monitors: Sequence[Monitor], point: tuple[int, int] | None) -> Monitor | None:
    """The (smallest) monitor holding `point`; else the nearest one; without a point the primary (or
    the first) monitor; None when there are none."""
    if not monitors:
        return None
    if point is None:
        return next((m for m in monitors if m.primary), monitors[0])
    holding = [m for m in monitors if m.area.contains(point)]
    if holding:  # the smallest: a monitor set over part of an output lies inside the output's
        return min(holding, key=lambda m: m.area.width * m.area.height)
    return min(monitors, key=lambda m: m.area.distance(point))


def monitor_for(
    monitors: Sequence[Monitor], focused: Rect | None, point: tuple[int, int] | None
) -> Monitor | None:
    """The monitor of the focused window (the one holding most of it) when there is one on a
    monitor, else `monitor_at(point)`.

    The focused window first, the pointer second: the user works where the keyboard is, and a
    break started from the keyboard (a command, a shortcut) leaves the pointer wherever it
    was; under Xwayland the pointer X clients see is where it last crossed an X window,
    stale while it is over a Wayland window, whereas the active window the desktop names is
    current (an X window, or a stand-in off every monitor while a Wayland window has the
    focus). A break started with a click on a notification or a tray icon, which take no
    focus, opens where the user was working. The pointer decides where no window manager
    names a focused window on a monitor (bare X, a Wayland window focused), the primary
    monitor where neither is known."""
    if focused is not None and focused.width > 0 and focused.height > 0:
        overlaps = [(m, focused.intersect(m.area)) for m in monitors]
        covered = [(r.width * r.height, -m.area.width * m.area.height, i)
                   for i, (m, r) in enumerate(overlaps) if r is not None]  # fmt: skip
        if covered:  # most of the window; on a tie, the smaller monitor (one set inside another)
            return monitors[max(covered)[2]]
    return monitor_at(monitors, point)


def work_on(monitor: Rect, workarea: Rect | None) -> Rect:
    """The room for windows on `monitor`: the desktop's work area clipped to it, or the
    whole monitor where there is no work area or it does not cross this monitor."""
    if workarea is None:
        return monitor
    clipped = workarea.intersect(monitor)
    if clipped is None or clipped.width * 2 < monitor.width or clipped.height * 2 < monitor.height:
        return monitor  # panels do not take half a monitor: this work area is another's
    return clipped


def centred(size: tuple[int, int], area: Rect) -> tuple[int, int]:
    """The top-left corner that centres a window of `size` in `area`, kept inside it
    (at its top-left corner when the window is larger)."""
    x = area.x + max(0, (area.width - size[0]) // 2)
    y = area.y + max(0, (area.height - size[1]) // 2)
    return (x, y)


def beside(
    size: tuple[int, int], area: Rect, near: tuple[int, int] | None, margin: int
) -> tuple[int, int]:
    """The top-left corner for a panel of `size` next to `near` (a click on a tray icon),
    inside `area` (the work area of the monitor clicked), `margin` from its edges: below the
    click in the top half, above it in the bottom half; with no click, the area's top-right
    corner, where trays usually are."""
    w, h = size
    x, y = near if near else (area.right, area.y)
    left = min(max(area.x + margin, x - w // 2), area.right - w - margin)
    top = y + margin if y < area.y + area.height // 2 else y - h - margin
    top = min(max(area.y + margin, top), area.bottom - h - margin)
    return (max(area.x, left), max(area.y, top))


def tk_scaling(screen: Screen) -> float | None:
    """The pixels per point Tk must use so that a font asked for in pixels is drawn at that
    many pixels: Tk hands Xft a size in points (pixels over its scaling) and Xft turns
    points into pixels at Xft.dpi. None: leave Tk's own (both then use the X screen's dpi)."""
    return screen.font_dpi / 72 if screen.font_dpi else None


def resources(text: str) -> dict[str, str]:
    """X resources as `xrdb -query` prints them (the RESOURCE_MANAGER property): name → value."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip() and not name.lstrip().startswith("!"):
            found[name.strip()] = value.strip()
    return found


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) and value > 0 else None


def _bounded(scale: float) -> float:
    return min(max(scale, SCALES[0]), SCALES[1])


def scale_of(
    xresources: Mapping[str, str], env: Mapping[str, str], monitor: Monitor | None
) -> tuple[float, str]:
    """The scale to draw at and where it came from: Xft.dpi (what the desktop set for
    fonts), then GDK_SCALE or QT_SCALE_FACTOR, then the monitor's physical DPI (rounded down
    to a quarter, never below 1×); 1× when nothing says otherwise."""
    dpi = _number(xresources.get("Xft.dpi"))
    if dpi is not None:
        return _bounded(dpi / BASE_DPI), f"Xft.dpi {dpi:g}"
    for name in ("GDK_SCALE", "QT_SCALE_FACTOR"):
        factor = _number(env.get(name))
        if factor is not None:
            return _bounded(factor), f"{name} {factor:g}"
    physical = monitor.dpi() if monitor is not None else None
    if physical is not None:
        stepped = math.floor(physical / BASE_DPI / PHYSICAL_STEP) * PHYSICAL_STEP
        return _bounded(max(1.0, stepped)), f"physical {physical:.0f} dpi"
    return 1.0, "default"


def screen_for(
    monitors: Sequence[Monitor],
    whole: Rect,
    workarea: Rect | None,
    point: tuple[int, int] | None,
    *,
    xresources: Mapping[str, str],
    env: Mapping[str, str],
    focused: Rect | None = None,
) -> Screen:
    """The `Screen` a window opened at `point` gets: the monitor under it, or the monitor of
    the `focused` window when there is one (`monitor_for`; the whole X screen when RandR
    lists none), its work area and its scale."""
    monitor = monitor_for(monitors, focused, point)
    area = monitor.area if monitor is not None else whole
    scale, source = scale_of(xresources, env, monitor)
    font_dpi = _number(xresources.get("Xft.dpi"))
    return Screen(area, work_on(area, workarea), scale, source, font_dpi)
