"""The player's colours: the calm palette and a high-contrast one, and how far apart they are.

Owns `Palette` (the window's colours by role, and the figure's colours as `figures.drawing`
draws them mapped to this palette's), `NORMAL` and `HIGH`, `palette(high)` and the WCAG 2
contrast ratio a test holds both palettes to (AA: 4.5:1 for text, 3:1 for the figure's lines
and the bars). Pure: standard library and the drawing's colour names only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from deskbreak.player.figures import drawing

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    bg: str  # the window
    ink: str  # text
    soft: str  # quieter text: the counter, what is for, "Easier:", "Next:"
    accent: str  # the beat's words and the bars' fill
    track: str  # the bars' empty part and the illustration's frame
    panel: str  # behind the buttons' words and the illustration
    note_bg: str
    note_ink: str
    caution_ink: str
    # the figure's colours as drawn (drawing.BODY, ...) to this palette's; empty: as drawn
    figure: Mapping[RGB, RGB] = field(default_factory=lambda: MappingProxyType({}))


NORMAL = Palette(
    bg="#f5f2eb", ink="#1d2530", soft="#55606e", accent="#2c6e6a", track="#dcd6c8",
    panel="#ffffff", note_bg="#fff3cf", note_ink="#4a3b00", caution_ink="#7a3b12",
)  # fmt: skip
HIGH = Palette(
    bg="#ffffff", ink="#000000", soft="#262626", accent="#00403c", track="#c4c4c4",
    panel="#ffffff", note_bg="#fff3cf", note_ink="#000000", caution_ink="#6b1d00",
    figure=MappingProxyType({
        drawing.BACKGROUND: (255, 255, 255), drawing.BODY: (0, 24, 64),
        drawing.FAR: (96, 96, 96), drawing.HALO: (255, 255, 255), drawing.EYE: (255, 255, 255),
        drawing.CHAIR: (112, 72, 32), drawing.MAT: (28, 100, 72), drawing.FLOOR: (96, 96, 96),
    }),
)  # fmt: skip


def palette(*, high: bool) -> Palette:
    return HIGH if high else NORMAL


def rgb(colour: str | RGB) -> RGB:
    """ "#rrggbb" (or an RGB triple) as an RGB triple."""
    if isinstance(colour, tuple):
        return colour
    text = colour.lstrip("#")
    return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))


def luminance(colour: str | RGB) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""

    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str | RGB, b: str | RGB) -> float:
    """WCAG 2's contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def figure_colour(p: Palette, drawn: RGB) -> RGB:
    """The colour `p` gives the figure's colour `drawn`."""
    return p.figure.get(drawn, drawn)
