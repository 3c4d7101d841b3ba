"""The system-tray protocol's pieces over python-xlib, for the XEmbed backend: who owns the
tray selection, the dock request, the square slot we ask for, and the picture as it sits in
that slot on the panel's own colour. Functions of a display and a window; the backend's
loop thread is the only caller (it alone touches the X connection).
Edge module: imports python-xlib; PIL only inside `on_panel`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from Xlib import X, Xutil
from Xlib.protocol import event as xevent

from deskbreak.desktop.tray.backend import Picture

if TYPE_CHECKING:
    from PIL import Image
    from Xlib.display import Display
    from Xlib.xobject.drawable import Window

MAX_SLOT = 128
# System tray protocol opcode
SYSTEM_TRAY_REQUEST_DOCK = 0

Colour = tuple[int, int, int]


def selection_owner(display: Display, selection: int) -> Window | None:
    """The window that owns the system-tray `selection`, or None."""
    display.grab_server()
    try:
        owner = display.get_selection_owner(selection)
    finally:
        display.ungrab_server()
    display.flush()
    if owner == X.NONE:
        return None
    window: Window = display.create_resource_object("window", owner.id)
    return window


def request_dock(display: Display, manager: Window, opcode: int, window: Window) -> None:
    """Ask the tray `manager` to dock `window`, and hear of the tray's end (DestroyNotify)."""
    message = xevent.ClientMessage(
        window=manager.id,
        client_type=opcode,
        data=(32, (X.CurrentTime, SYSTEM_TRAY_REQUEST_DOCK, window.id, 0, 0)),
    )
    display.send_event(manager, message, event_mask=X.NoEventMask)
    manager.change_attributes(event_mask=X.StructureNotifyMask)
    display.flush()


def ask_square(display: Display, window: Window, width: int, height: int) -> None:
    """Ask the tray for a square slot as tall (or wide) as its panel."""
    side = min(MAX_SLOT, max(width, height, 16))
    if (width, height) == (side, side):
        return
    flags = Xutil.PMinSize | Xutil.PBaseSize
    window.set_wm_normal_hints(
        flags=flags, min_width=side, min_height=side, base_width=side, base_height=side
    )
    display.flush()


def panel_colour(window: Window, fallback: Colour) -> Colour:
    """The tray's background, read from a pixel just outside `window` (else `fallback`)."""
    try:
        geometry = window.get_geometry()
        parent = window.query_tree().parent
        pg = parent.get_geometry()
        x = geometry.x - 1 if geometry.x > 0 else min(pg.width - 1, geometry.x + geometry.width)
        y = geometry.y + geometry.height // 2
        image = parent.get_image(x, y, 1, 1, X.ZPixmap, 0xFFFFFFFF)
        blue, green, red = image.data[0], image.data[1], image.data[2]
        return red, green, blue
    except Exception:
        return fallback


def on_panel(draw: Picture, width: int, height: int, background: Colour) -> Image.Image:
    """The picture drawn for a `width`×`height` slot, round and centred on `background`."""
    from PIL import Image

    side = max(1, min(width, height))
    picture = draw(side).convert("RGBA")
    canvas = Image.new("RGB", (width, height), background)
    canvas.paste(picture, ((width - side) // 2, (height - side) // 2), picture)
    canvas.tostring = canvas.tobytes  # type: ignore[attr-defined]  # put_pil_image calls it
    return canvas
