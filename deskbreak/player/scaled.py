"""Sizes written at 1× (96 dpi) and drawn at a scale, for one Tk window: fonts in pixels,
widget sizes and pack paddings, each remembered so a new scale redraws them all.
Edge module: tkinter imported only inside functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from deskbreak.player.sizes import font_pixels

if TYPE_CHECKING:
    import tkinter as tk


class Scaled:
    def __init__(self, root: tk.Tk, family: str, scale: float) -> None:
        self.root = root
        self.family = family  # the font family new fonts take
        self.scale = scale
        self._fonts: dict[tuple[int, bool], Any] = {}
        self._sized: list[tuple[Any, str, int]] = []  # widget, option, size at 1×
        self._pads: list[tuple[Any, dict[str, Any]]] = []  # widget, its pack paddings at 1×

    def px(self, size: float) -> int:
        """`size` pixels at 1× in real pixels at the scale."""
        return round(size * self.scale)

    def pair(self, size: tuple[int, int]) -> tuple[int, int]:
        return (self.px(size[0]), self.px(size[1]))

    def font(self, size: int, *, bold: bool = False) -> Any:
        """A named font of `size` points at 1×, resized with the scale."""
        from tkinter import font as tkfont

        key = (size, bold)
        if key not in self._fonts:
            weight: Literal["normal", "bold"] = "bold" if bold else "normal"
            self._fonts[key] = tkfont.Font(root=self.root, family=self.family, weight=weight)
            self._fonts[key].configure(size=-font_pixels(size, self.scale))
        return self._fonts[key]

    def size(self, widget: Any, **sizes: int) -> Any:
        """Configure `widget`'s pixel `sizes` (given at 1×), and again at every new scale."""
        for option, size in sizes.items():
            self._sized.append((widget, option, size))
            widget.configure(**{option: self.px(size)})
        return widget

    def pack(self, widget: Any, **options: Any) -> Any:
        """Pack `widget`; its paddings are given at 1× and follow the scale."""
        pads: dict[str, Any] = {k: options.pop(k) for k in ("padx", "pady") if k in options}
        self._pads.append((widget, pads))
        widget.pack(**options, **self._scaled(pads))
        return widget

    def rescale(self, scale: float) -> None:
        """Draw every font, size and padding at `scale` from now on."""
        self.scale = scale
        for (size, _bold), font in self._fonts.items():
            font.configure(size=-font_pixels(size, scale))
        for widget, option, size in self._sized:
            widget.configure(**{option: self.px(size)})
        for widget, pads in self._pads:
            if widget.winfo_manager() == "pack":
                widget.pack_configure(**self._scaled(pads))

    def _scaled(self, pads: dict[str, Any]) -> dict[str, Any]:
        def one(v: Any) -> Any:
            return tuple(self.px(x) for x in v) if isinstance(v, tuple) else self.px(v)

        return {k: one(v) for k, v in pads.items()}
