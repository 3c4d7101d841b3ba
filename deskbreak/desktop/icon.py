"""The tray icon's picture: one Pillow image per status, readable at 16–64 px.

Owns how a `Status` looks in the tray: a 60-minute dial that fills toward the
next break with the minutes left in the middle (from 22 px up), and a distinct
look for heads-up, due, snoozed, paused, off-hours, on-break, away and held. Drawn at
eight times the size and downscaled with LANCZOS, so edges and the stroke digits
(`glyphs`) are smooth at 16–64 px.
Also the tooltip text and the key the tray compares to skip needless redraws.
Edge module: imports Pillow lazily; must not import pystray, tkinter or the
daemon.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from deskbreak.core.status import State, Status
from deskbreak.desktop import glyphs

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

log = logging.getLogger(__name__)

SCALE = 8  # drawn this many times larger, then downsampled: smooth edges at every size
TEXT_MIN_SIZE = 16  # below this the digits are unreadable: the ring alone shows progress
RING_STEPS = 96  # the ring's fill is redrawn when it moves by 1/96 of a turn
DIAL_MINUTES = 60  # the ring is a 60-minute kitchen-timer dial
MAX_DIGITS = 99  # larger numbers show as a dot

RGBA = tuple[int, int, int, int]
BACKDROP: RGBA = (38, 50, 56, 255)  # dark disc: visible on light and dark panels
TRACK: RGBA = (112, 136, 148, 255)  # the unfilled ring: light enough for dark panels
WHITE: RGBA = (255, 255, 255, 255)
COLOURS: dict[State, RGBA] = {
    State.WORKING: (42, 157, 143, 255),  # teal
    State.HEADS_UP: (244, 162, 97, 255),  # amber
    State.DUE: (231, 111, 81, 255),  # warm red-orange
    State.SNOOZED: (100, 149, 237, 255),  # cornflower
    State.ON_BREAK: (106, 190, 80, 255),  # green
    State.PAUSED: (176, 190, 197, 255),  # light grey
    State.OFF_HOURS: (120, 130, 140, 255),  # dim grey
    State.AWAY: (144, 164, 174, 255),  # blue grey
    State.HELD: (149, 117, 205, 255),  # soft violet: waiting, not nagging
}


def tooltip(status: Status) -> str:
    """The tray tooltip: the status headline."""
    return status.headline()


def label(status: Status) -> str:
    """The text in the middle of the dial: minutes left, or "•" when too many."""
    minutes = status.minutes_left
    if status.state not in (State.WORKING, State.HEADS_UP) or minutes is None:
        return ""
    return str(minutes) if minutes <= MAX_DIGITS else "•"


def icon_key(status: Status) -> tuple[object, ...]:
    """What changes the picture: the state and, while counting, the minutes shown and how
    far the ring is filled (which moves on above 99 minutes, where the label does not)."""
    if status.state in (State.WORKING, State.HEADS_UP):
        return (status.state, label(status), round(_done(status) * RING_STEPS))
    return (status.state,)


def render(status: Status, size: int = 64) -> Image.Image:
    """Draw the icon for `status` as a `size`×`size` RGBA image."""
    from PIL import Image, ImageDraw

    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    _draw_state(draw, status, big, show_text=size >= TEXT_MIN_SIZE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _draw_state(draw: ImageDraw.ImageDraw, status: Status, big: int, *, show_text: bool) -> None:
    _draw_face(draw, status, big, show_text=show_text)
    # a dark rim round every state: the icon stands out on a light panel, and the
    # coloured ring just inside it on a dark one
    pad = big // 32
    rim = max(2, big // 24)
    draw.ellipse((pad, pad, big - pad - 1, big - pad - 1), outline=BACKDROP, width=rim)


def _draw_face(draw: ImageDraw.ImageDraw, status: Status, big: int, *, show_text: bool) -> None:
    state = status.state
    colour = COLOURS[state]
    pad = big // 32
    box = (pad, pad, big - pad - 1, big - pad - 1)
    ring = max(2, big // 8)
    if state is State.DUE:
        draw.ellipse(box, fill=colour)
        _figure(draw, big, WHITE)
        return
    draw.ellipse(box, fill=BACKDROP)
    if state in (State.WORKING, State.HEADS_UP):
        _dial(draw, box, ring, colour, _done(status))
        text = label(status)
        if show_text and text:
            _text(draw, big, text, WHITE, inner=big / 2 - pad - ring)
        elif text:
            _dot(draw, big, big // 8, colour)
        return
    draw.ellipse(box, outline=colour, width=ring)
    _GLYPHS[state](draw, big, colour)


def _done(status: Status) -> float:
    """How far the ring is filled: the share of the interval already worked, or
    (without an interval) a 60-minute kitchen-timer dial."""
    if status.seconds_left is None:
        return 0.0
    if status.interval_seconds:
        return 1.0 - min(status.seconds_left, status.interval_seconds) / status.interval_seconds
    minutes = status.minutes_left or 0
    return 1.0 - min(minutes, DIAL_MINUTES) / DIAL_MINUTES


def _dial(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    ring: int,
    colour: RGBA,
    done: float,
) -> None:
    draw.ellipse(box, outline=TRACK, width=ring)
    if done <= 0:
        return
    if done >= 1:
        draw.ellipse(box, outline=colour, width=ring)
        return
    draw.arc(box, start=-90, end=-90 + 360 * done, fill=colour, width=ring)


def _text(draw: ImageDraw.ImageDraw, big: int, text: str, colour: RGBA, inner: float) -> None:
    """The minutes, as large as fits inside the ring's inner circle of radius `inner`."""
    if not glyphs.known(text):
        _dot(draw, big, big // 8, colour)
        return
    # the digits' box must fit the circle: (w/2)^2 + (h/2)^2 <= inner^2, w = h * aspect
    aspect = glyphs.width(text, 1.0)
    height = min(big * 0.5, 2 * inner * 0.94 / math.hypot(aspect, 1.0))
    stroke = max(2.0, height * (0.2 if len(text) == 1 else 0.19))
    glyphs.draw_text(draw, text, (big / 2, big / 2), height=height, colour=colour, stroke=stroke)


def _dot(draw: ImageDraw.ImageDraw, big: int, radius: int, colour: RGBA) -> None:
    c = big // 2
    draw.ellipse((c - radius, c - radius, c + radius, c + radius), fill=colour)


def _zed(draw: ImageDraw.ImageDraw, big: int, colour: RGBA) -> None:
    a, b = int(big * 0.33), int(big * 0.67)
    width = max(2, big // 10)
    draw.line([(a, a), (b, a), (a, b), (b, b)], fill=colour, width=width, joint="curve")


def _bars(draw: ImageDraw.ImageDraw, big: int, colour: RGBA) -> None:
    top, bottom, w = int(big * 0.32), int(big * 0.68), max(2, big // 9)
    for x in (int(big * 0.40), int(big * 0.60)):
        draw.rectangle((x - w // 2, top, x + w // 2, bottom), fill=colour)


def _moon(draw: ImageDraw.ImageDraw, big: int, colour: RGBA) -> None:
    r = int(big * 0.2)
    c = big // 2
    draw.ellipse((c - r, c - r, c + r, c + r), fill=colour)
    shift = int(r * 0.5)
    draw.ellipse(
        (c - r + shift, c - r - shift // 2, c + r + shift, c + r - shift // 2), fill=BACKDROP
    )


def _check(draw: ImageDraw.ImageDraw, big: int, colour: RGBA) -> None:
    points = [(big * 0.30, big * 0.52), (big * 0.44, big * 0.66), (big * 0.70, big * 0.36)]
    draw.line(points, fill=colour, width=max(2, big // 9), joint="curve")


def _dots(draw: ImageDraw.ImageDraw, big: int, colour: RGBA) -> None:
    r = max(1, big // 16)
    y = big // 2
    for x in (big * 0.32, big * 0.5, big * 0.68):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def _figure(draw: ImageDraw.ImageDraw, big: int, colour: RGBA) -> None:
    """A seated person stretching, arms raised: "time to stretch"."""
    c = big / 2
    w = max(2, big // 12)
    head = big * 0.085
    draw.ellipse((c - head, big * 0.30 - head, c + head, big * 0.30 + head), fill=colour)
    draw.line([(c, big * 0.42), (c, big * 0.64)], fill=colour, width=w)
    for sign in (-1, 1):
        draw.line([(c, big * 0.46), (c + sign * big * 0.2, big * 0.20)], fill=colour, width=w)
    seat = [(c, big * 0.64), (c + big * 0.17, big * 0.64), (c + big * 0.17, big * 0.80)]
    draw.line(seat, fill=colour, width=w, joint="curve")


_GLYPHS = {
    State.SNOOZED: _zed,
    State.PAUSED: _bars,
    State.OFF_HOURS: _moon,
    State.ON_BREAK: _check,
    State.AWAY: _dots,
    State.HELD: _bars,
}
