"""Reading the screen from the X server: monitors, the work area, the pointer, the focused
window, Xft.dpi.

Owns `read_screen`: one python-xlib connection that reads the X resources (the root's
RESOURCE_MANAGER, as `xrdb -query` shows them), the RandR 1.5 monitors (`xrandr
--listmonitors`), the desktop's `_NET_WORKAREA`, when no point is given where the pointer
is, and when asked where the window the window manager names in `_NET_ACTIVE_WINDOW` lies
(not a desktop or a dock, and only while it is shown); `geometry.screen_for` turns them into
a `Screen`. Best effort: without Xlib, an
X server, RandR 1.5 or a work area it answers with what it has (the whole screen, 1×
unless the environment says otherwise); it never raises. Edge module: Xlib is imported only
inside `read_screen`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from deskbreak.screen.geometry import Monitor, Rect, Screen, resources, screen_for

log = logging.getLogger(__name__)

RANDR_MONITORS = (1, 5)  # the RandR version that lists monitors


def fallback(size: tuple[int, int], env: Mapping[str, str] | None = None) -> Screen:
    """The whole screen of `size`, at the scale the environment gives (no X server to ask)."""
    whole = Rect(0, 0, *size)
    return screen_for((), whole, None, None, xresources={}, env=os.environ if env is None else env)


def read_screen(
    display: str | None,
    size: tuple[int, int],
    point: tuple[int, int] | None = None,
    env: Mapping[str, str] | None = None,
    *,
    focus: bool = False,
) -> Screen:
    """The screen a window opened at `point` (the pointer when None) gets on X display
    `display`, whose size is `size`; with `focus` (and no `point`), on the monitor of the
    focused window first (`geometry.monitor_for`); `fallback(size)` when the X server
    cannot be read."""
    env = os.environ if env is None else env
    try:
        from Xlib import display as xdisplay

        conn = xdisplay.Display(display)
    except Exception as exc:  # no Xlib, or not an X display: the whole screen it is
        log.info("cannot read the screen from X: %s", exc)
        return fallback(size, env)
    try:
        root = conn.screen().root
        whole = Rect(0, 0, conn.screen().width_in_pixels, conn.screen().height_in_pixels)
        focused = _focused(conn, root) if focus and point is None else None
        if point is None:
            pointer = root.query_pointer()
            point = (int(pointer.root_x), int(pointer.root_y))
        monitors, workarea = _monitors(conn, root), _workarea(conn, root)
        xresources = _resources(conn, root)
        found = screen_for(
            monitors, whole, workarea, point, xresources=xresources, env=env, focused=focused
        )
    except Exception as exc:  # a broken reply: the whole screen, and say why in the log
        log.info("cannot read the monitors: %s", exc)
        return fallback(size, env)
    finally:
        conn.close()
    log.info("screen: monitor %s (focused window %s, pointer %s), work area %s, scale %.2f (%s)",
             found.monitor, focused, point, found.work, found.scale, found.source)  # fmt: skip
    return found


def _focused(conn: Any, root: Any) -> Rect | None:
    """Where the window the window manager says has the focus lies on the root window: None
    without one, for a desktop or a dock (they span monitors or sit at an edge, and no one
    works in them), for a window not shown, or when it went away while being asked."""
    from Xlib import X

    try:
        active = root.get_full_property(conn.intern_atom("_NET_ACTIVE_WINDOW"), X.AnyPropertyType)
        if active is None or len(active.value) < 1 or not int(active.value[0]):
            return None
        window = conn.create_resource_object("window", int(active.value[0]))
        kinds = window.get_full_property(conn.intern_atom("_NET_WM_WINDOW_TYPE"), X.AnyPropertyType)
        aside = {conn.intern_atom(f"_NET_WM_WINDOW_TYPE_{kind}") for kind in ("DESKTOP", "DOCK")}
        if kinds is not None and aside & {int(v) for v in kinds.value}:
            return None
        if window.get_attributes().map_state != X.IsViewable:
            return None
        geometry = window.get_geometry()
        origin = root.translate_coords(window, 0, 0)
        return Rect(int(origin.x), int(origin.y), int(geometry.width), int(geometry.height))
    except Exception as exc:  # gone meanwhile, or a broken reply: the pointer decides
        log.info("cannot read the focused window: %s", exc)
        return None


def _resources(conn: Any, root: Any) -> dict[str, str]:
    from Xlib import Xatom

    prop = root.get_full_property(conn.intern_atom("RESOURCE_MANAGER"), Xatom.STRING)
    if prop is None:
        return {}
    value = prop.value
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return resources(text)


def _monitors(conn: Any, root: Any) -> list[Monitor]:
    if not conn.has_extension("RANDR"):
        return []
    version = conn.xrandr_query_version()
    if (version.major_version, version.minor_version) < RANDR_MONITORS:
        return []
    found = []
    for m in root.xrandr_get_monitors(is_active=True).monitors:
        area = Rect(int(m.x), int(m.y), int(m.width_in_pixels), int(m.height_in_pixels))
        if area.width <= 0 or area.height <= 0:
            continue
        name = conn.get_atom_name(m.name) if m.name else ""
        mm = (int(m.width_in_millimeters), int(m.height_in_millimeters))
        found.append(Monitor(name, area, mm, bool(m.primary)))
    return found


def _workarea(conn: Any, root: Any) -> Rect | None:
    prop = root.get_full_property(conn.intern_atom("_NET_WORKAREA"), 0)
    if prop is None or len(prop.value) < 4:
        return None
    desktop = root.get_full_property(conn.intern_atom("_NET_CURRENT_DESKTOP"), 0)
    index = int(desktop.value[0]) if desktop is not None and len(desktop.value) else 0
    values = list(prop.value)
    if len(values) < 4 * (index + 1):
        index = 0
    x, y, width, height = (int(v) for v in values[4 * index : 4 * index + 4])
    return Rect(x, y, width, height) if width > 0 and height > 0 else None
