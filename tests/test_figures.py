"""Tests for the exercise illustrations: every figure draws, is visible, and animates."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from deskbreak.core import library
from deskbreak.player import figures

SIZES = [(16, 16), (64, 48), (320, 240), (640, 480), (100, 300)]


def _variance(image: Image.Image) -> float:
    return sum(ImageStat.Stat(image.convert("L")).var)


def _differs(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a, b).getbbox() is not None


@pytest.mark.parametrize("name", figures.names())
@pytest.mark.parametrize("size", SIZES)
def test_every_figure_draws_and_is_not_blank(name: str, size: tuple[int, int]) -> None:
    image = figures.draw(name, 0.5, size)
    assert image.size == size
    assert _variance(image) > 1.0


@pytest.mark.parametrize("name", [n for n in figures.names() if figures.is_animated(n)])
def test_animated_figures_move_between_key_positions(name: str) -> None:
    first, last = figures.draw(name, 0.0), figures.draw(name, 1.0)
    assert _differs(first, last)


def test_still_figures_ignore_phase() -> None:
    still = [n for n in figures.names() if not figures.is_animated(n)]
    assert still
    for name in still:
        assert not _differs(figures.draw(name, 0.0), figures.draw(name, 1.0))


def test_the_required_movements_are_animated() -> None:
    for name in ("cat-cow", "twist", "shoulder-rolls", "chin-to-chest", "neck-rolls"):
        assert figures.is_animated(name), name


@pytest.mark.parametrize("name", [n for n in figures.names() if figures.is_sided(n)])
def test_sided_figures_mirror(name: str) -> None:
    right = figures.draw(name, 1.0, side="right")
    left = figures.draw(name, 1.0, side="left")
    assert _differs(left, right)
    assert not _differs(left.transpose(Image.Transpose.FLIP_LEFT_RIGHT), right)


def test_sided_exercises_have_sided_figures() -> None:
    for ex in library.exercises().values():
        if ex.sides:
            assert figures.is_sided(ex.figure), ex.id


def test_unknown_ids_and_odd_input_do_not_raise() -> None:
    neutral = figures.draw("sit")
    assert not _differs(figures.draw("no-such-figure"), neutral)
    assert not figures.is_animated("no-such-figure")
    assert figures.draw("cat-cow", float("nan")).size == (320, 240)
    assert not _differs(figures.draw("cat-cow", 7.0), figures.draw("cat-cow", 1.0))
    assert figures.draw("twist", 0.5, (0, 0), side="up").size == (1, 1)


def test_contact_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writes every figure at three phases to one PNG, for a person to look at."""
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    cell = (200, 150)
    names = figures.names()
    sheet = Image.new("RGB", (cell[0] * 3, cell[1] * len(names)), "white")
    for row, name in enumerate(names):
        for col, phase in enumerate((0.0, 0.5, 1.0)):
            sheet.paste(figures.draw(name, phase, cell), (col * cell[0], row * cell[1]))
    path = tmp_path / "figures.png"
    sheet.save(path)
    assert Image.open(path).size == sheet.size
    assert _variance(sheet) > 1.0
