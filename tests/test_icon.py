"""The tray icon renders every state at every size, and the states look different."""

from __future__ import annotations

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
    a = icon.render(make_status(seconds_left=23 * 60), size)
    b = icon.render(make_status(seconds_left=7 * 60), size)
    assert difference(a, b) > 0


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
