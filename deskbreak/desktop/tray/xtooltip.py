"""The XEmbed icon's tooltip: a small window with the status line under the pointer.

Owns one override-redirect window on the icon's own X connection (so only the icon's loop
thread may call it): shown beside the icon, on the panel's far side, drawn with Pillow's
bundled font (no GTK shares this process on the XEmbed backend, so its FreeType cannot
garble Pillow's text), hidden on leave or click. XEmbed trays have no tooltip protocol of
their own. Edge module: imports python-xlib and Pillow; must not import pystray.
"""

from __future__ import annotations

import logging
from typing import Any

from Xlib import X

log = logging.getLogger(__name__)

NAME = "deskbreak tooltip"
DELAY = 0.5  # seconds the pointer rests on the icon before the tooltip shows
PAD, GAP = 6, 4  # px inside the tooltip, and between it and the icon
BG, INK, EDGE = (29, 37, 48), (245, 242, 235), (85, 96, 110)


class Tooltip:
    def __init__(self, display: Any) -> None:
        self._display = display
        self._window: Any = None
        self._gc: Any = None
        self.text = ""
        self.shown = False

    def show(self, text: str, icon: Any) -> None:
        """Show `text` beside the icon window `icon` (moving and redrawing if shown)."""
        self.text = text
        try:
            picture = _render(text)
            x, y = self._position(icon, picture.size)
            window = self._ensure()
            window.configure(x=x, y=y, width=picture.size[0], height=picture.size[1])
            window.map()
            window.raise_window()
            window.put_pil_image(self._gc, 0, 0, picture)
            self._display.flush()
            self.shown = True
        except Exception:
            log.debug("could not show the tray tooltip", exc_info=True)

    def hide(self) -> None:
        if self._window is not None and self.shown:
            self._window.unmap()
            self._display.flush()
        self.shown = False

    def _ensure(self) -> Any:
        if self._window is None:
            screen = self._display.screen()
            self._window = screen.root.create_window(
                0, 0, 1, 1, 0, screen.root_depth, override_redirect=True,
                background_pixel=screen.black_pixel, event_mask=X.ExposureMask,
            )  # fmt: skip
            self._window.set_wm_name(NAME)
            self._window.set_wm_class("tooltip", "deskbreak")
            self._gc = self._window.create_gc()
        return self._window

    def _position(self, icon: Any, size: tuple[int, int]) -> tuple[int, int]:
        screen = self._display.screen()
        geometry = icon.get_geometry()
        origin = icon.translate_coords(screen.root, 0, 0)
        ix, iy = -origin.x, -origin.y  # the icon's top-left on the screen
        width, height = size
        x = min(max(0, ix + geometry.width // 2 - width // 2), screen.width_in_pixels - width)
        below = iy + geometry.height + GAP
        above = iy - height - GAP
        y = below if iy < screen.height_in_pixels // 2 else above
        return x, max(0, y)


def _render(text: str) -> Any:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=13)
    left, top, right, bottom = font.getbbox(text)
    width, height = int(right - left) + 2 * PAD, int(bottom - top) + 2 * PAD
    picture = Image.new("RGB", (width, height), BG)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, width - 1, height - 1), outline=EDGE)
    draw.text((PAD - left, PAD - top), text, font=font, fill=INK)
    picture.tostring = picture.tobytes  # type: ignore[attr-defined]  # put_pil_image calls it
    return picture
