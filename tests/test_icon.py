"""The tray icon renders every state at every size, and the states look different."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from PIL import Image, ImageChops
from support.status import NOW, make_status

from deskbreak.core.status import State
from deskbreak.desktop import icon

SIZES = (16, 22, 24, 32, 48, 64)


def pixels(image: Image.Image) -> list[tuple[int, int, int, int]]:
    w, h = image.size
    return [image.getpixel((x, y)) for y in range(h) for x in range(w)]  # type: ignore[misc]


def difference(a: Image.Image, b: Image.Image) -> int:
    """How many pixels differ between two images of the same size."""
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    return diff.histogram()[255]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("state", list(State))
def test_every_state_renders_at_every_size(state: State, size: int) -> None:
    image = icon.render(make_status(state), size)
    assert image.size == (size, size)
    assert image.mode == "RGBA"
    alpha = image.getchannel("A")
    assert alpha.getbbox() is not None  # something was drawn
    assert alpha.getpixel((0, 0)) == 0  # corners stay transparent: a round icon


@pytest.mark.parametrize("size", SIZES)
def test_states_look_different_from_each_other(size: int) -> None:
    images = {state: icon.render(make_status(state), size) for state in State}
    states = list(State)
    minimum = max(3, size * size // 100)
    for i, a in enumerate(states):
        for b in states[i + 1 :]:
            assert difference(images[a], images[b]) >= minimum, (a, b, size)


@pytest.mark.parametrize("size", [22, 32, 64])
def test_minutes_text_changes_the_image(size: int) -> None:
    # Past the 60-minute dial the ring is the same (empty) for both: only the digits differ.
    a = icon.render(make_status(seconds_left=75 * 60), size)
    b = icon.render(make_status(seconds_left=88 * 60), size)
    assert icon.label(make_status(seconds_left=75 * 60)) == "75"
    assert difference(a, b) >= max(3, size * size // 100)


def test_the_dial_fills_as_the_break_nears() -> None:
    far = icon.render(make_status(seconds_left=55 * 60), 64)
    near = icon.render(make_status(seconds_left=5 * 60), 64)
    teal = icon.COLOURS[State.WORKING][:3]

    def teal_pixels(image: Image.Image) -> int:
        return sum(
            1
            for r, g, b, a in pixels(image)
            if a > 200 and abs(r - teal[0]) + abs(g - teal[1]) + abs(b - teal[2]) < 60
        )

    assert teal_pixels(near) > 3 * teal_pixels(far)


def test_label_shows_minutes_or_a_dot_when_too_many() -> None:
    assert icon.label(make_status(seconds_left=45 * 60)) == "45"
    assert icon.label(make_status(seconds_left=30)) == "1"
    assert icon.label(make_status(seconds_left=150 * 60)) == "•"
    assert icon.label(make_status(State.PAUSED)) == ""


def test_icon_key_changes_only_with_the_picture() -> None:
    base = make_status(seconds_left=23 * 60)
    assert icon.icon_key(base) == icon.icon_key(replace(base, seconds_left=23 * 60 - 20))
    assert icon.icon_key(base) != icon.icon_key(replace(base, seconds_left=22 * 60 - 20))
    assert icon.icon_key(base) != icon.icon_key(replace(base, state=State.HEADS_UP))
    paused = make_status(State.PAUSED)
    assert icon.icon_key(paused) == icon.icon_key(replace(paused, now=NOW.replace(hour=11)))


def test_tooltip_is_the_headline() -> None:
    assert icon.tooltip(make_status(seconds_left=23 * 60)) == "Next break in 23 min"
    assert icon.tooltip(make_status(State.PAUSED)) == "Paused"


def test_the_ring_fills_against_the_configured_interval() -> None:
    """Ten minutes left of a 20-minute interval is half done; of a 60-minute one, a sixth."""
    short = replace(make_status(seconds_left=600), interval_seconds=1200)
    long = replace(make_status(seconds_left=600), interval_seconds=3600)
    assert difference(icon.render(short), icon.render(long)) > 0
    assert icon._done(short) == pytest.approx(0.5)
    assert icon._done(long) == pytest.approx(1 - 600 / 3600)


# -- legibility: every state at the sizes panels use, on light and dark panels ------------

PANEL_SIZES = (16, 22, 24, 32, 48)
PANELS = {"light": (245, 245, 245), "dark": (30, 30, 30)}


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgb(image: Image.Image, xy: tuple[int, int]) -> tuple[float, float, float]:
    pixel = image.getpixel(xy)
    assert isinstance(pixel, tuple)
    return float(pixel[0]), float(pixel[1]), float(pixel[2])


def over(image: Image.Image, panel: tuple[int, int, int]) -> Image.Image:
    ground = Image.new("RGBA", image.size, (*panel, 255))
    return Image.alpha_composite(ground, image).convert("RGB")


def silhouette_contrast(image: Image.Image, panel: tuple[int, int, int]) -> float:
    """The best contrast with the panel of a band that runs all the way round the icon:
    for each radius near the edge, the worst of 36 points; the best radius wins."""
    shown = over(image, panel)
    size = image.size[0]
    c = (size - 1) / 2
    best = 0.0
    for step in range(13):
        r = size / 2 * (0.6 + 0.03 * step)
        worst = min(
            contrast(rgb(shown, (round(c + r * math.cos(a)), round(c + r * math.sin(a)))), panel)
            for a in (math.radians(d * 10) for d in range(36))
        )
        best = max(best, worst)
    return best


@pytest.mark.parametrize("panel", list(PANELS))
@pytest.mark.parametrize("size", PANEL_SIZES)
@pytest.mark.parametrize("state", list(State))
def test_every_state_stands_out_on_light_and_dark_panels(
    state: State, size: int, panel: str
) -> None:
    image = icon.render(make_status(state), size)
    assert silhouette_contrast(image, PANELS[panel]) >= 3.0, (state, size, panel)


def digit_pixels(image: Image.Image) -> list[tuple[int, int]]:
    """Where the (white) digits are drawn."""
    w, h = image.size
    found = []
    for y in range(h):
        for x in range(w):
            r, g, b, a = image.getpixel((x, y))  # type: ignore[misc]
            if a > 128 and min(r, g, b) > 150:
                found.append((x, y))
    return found


@pytest.mark.parametrize("size", PANEL_SIZES)
@pytest.mark.parametrize("minutes", [1, 7, 23, 48, 88, 99])
def test_the_digits_are_there_bright_and_inside_the_ring(size: int, minutes: int) -> None:
    status = replace(make_status(seconds_left=minutes * 60), interval_seconds=100 * 60)
    image = icon.render(status, size)
    found = digit_pixels(image)
    assert len(found) >= size // 2, (size, minutes)
    centre = (size - 1) / 2
    pad, ring = size / 32, size / 8  # as drawn, at the final size
    inner = size / 2 - pad - ring
    far = max(math.hypot(x - centre, y - centre) for x, y in found)
    assert far <= inner + 0.75, (size, minutes, far, inner)
    brightest = max((rgb(image, p) for p in found), key=luminance)
    back = icon.BACKDROP  # behind the digits
    assert contrast(brightest, (back[0], back[1], back[2])) >= 7.0


def test_two_digits_do_not_touch_each_other() -> None:
    """A column of backdrop between the digits of "11" at 48 px: no merged blob."""
    image = icon.render(make_status(seconds_left=11 * 60), 48)
    middle = [image.getpixel((24, y)) for y in range(14, 34)]
    assert all(min(p[:3]) < 150 for p in middle)  # type: ignore[index]


def test_the_ring_keeps_moving_above_99_minutes() -> None:
    """150 and 110 minutes left of 240 both show "•" but not the same ring."""
    long = [
        replace(make_status(seconds_left=m * 60), interval_seconds=240 * 60) for m in (150, 110)
    ]
    assert icon.label(long[0]) == icon.label(long[1]) == "•"
    assert icon.icon_key(long[0]) != icon.icon_key(long[1])
    assert difference(icon.render(long[0], 32), icon.render(long[1], 32)) > 0
