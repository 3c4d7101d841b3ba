"""Exercise illustrations: a small jointed figure drawn with Pillow (no image files).

A package by what it owns: `poses` (every figure id and its named key poses),
`motion` (the pose-phase model: blending key poses along a path) and
`drawing` (shapes and rendering). This module is the face a player uses:
`draw(figure, path, along, size, side)` draws the pose `along` the way
through the key poses named in `path` — from `pacing.Beat` — and never raises
on an unknown id (it draws the neutral seated figure). Every sided figure moves
like the user's reflection ("mirror me"): the user's right arm is on the screen's
right. Sided figures are posed for the right side; "left" mirrors them.
`joints` says where each joint lands on the screen, for tests. Edge package: PIL
only inside `draw`; must not import any GUI toolkit.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

from deskbreak.player.figures import drawing
from deskbreak.player.figures.motion import Figure, Pose, blend, pose_along, pose_at
from deskbreak.player.figures.poses import catalogue

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["Figure", "Pose", "catalogue", "draw", "draw_phase", "is_animated", "is_sided"]
__all__ += ["joints", "key_names", "names", "pose_for"]

log = logging.getLogger(__name__)
NEUTRAL = "sit"


def names() -> tuple[str, ...]:
    """Every figure id, in catalogue order."""
    return tuple(catalogue())


def key_names(figure: str) -> tuple[str, ...]:
    """The names of a figure's key poses (empty for an unknown id)."""
    found = catalogue().get(figure)
    return tuple(found.keys) if found is not None else ()


def is_animated(figure: str) -> bool:
    """True where the figure has more than one key pose."""
    return len(key_names(figure)) > 1


def is_sided(figure: str) -> bool:
    """True where `side` changes the drawing (the figure is mirrored for "left")."""
    found = catalogue().get(figure)
    return found is not None and found.sided


def _spec(figure: str) -> tuple[str, Figure]:
    if figure not in catalogue():
        log.debug("unknown figure %r: drawing the neutral seated figure", figure)
        figure = NEUTRAL
    return figure, catalogue()[figure]


def pose_for(figure: str, path: tuple[str, ...], along: float) -> Pose:
    """The pose drawn `along` (0..1) the key poses named in `path`."""
    return pose_along(_spec(figure)[1], path, along)


def joints(
    figure: str, path: tuple[str, ...] = (), along: float = 0.0, side: str | None = None
) -> dict[str, tuple[float, float]]:
    """Where each joint of the drawn figure lands, in figure units as the screen shows
    them (x grows to the right, y downwards; mirrored for a sided figure's "left")."""
    spec = _spec(figure)[1]
    found: drawing.Joints = {}
    drawing.body_shapes(spec, pose_along(spec, path, along), found)
    flip = -1.0 if spec.sided and side == "left" else 1.0
    return {k: (flip * x, y) for k, (x, y) in found.items()}


@cache
def _frame(name: str) -> tuple[float, float, float, float]:
    """Bounds over every key pose and the halfway poses between them (no jumping frame)."""
    figure = catalogue()[name]
    keys = list(figure.keys.values())
    poses = [*keys, *(blend(a, b, 0.5) for a, b in itertools.combinations(keys, 2))]
    return drawing.bounds(s for pose in poses for s in drawing.framed_shapes(figure, pose))


def _draw(
    name: str,
    figure: Figure,
    pose: Pose,
    size: tuple[int, int],
    side: str | None,
    *,
    colours: Mapping[drawing.Colour, drawing.Colour] | None = None,
) -> Image.Image:
    image = drawing.render(drawing.figure_shapes(figure, pose), _frame(name), size, colours)
    if figure.sided and side == "left":
        from PIL import ImageOps

        image = ImageOps.mirror(image)
    return image


def draw(
    figure: str,
    path: tuple[str, ...] = (),
    along: float = 0.0,
    size: tuple[int, int] = (320, 240),
    side: str | None = None,
    *,
    colours: Mapping[drawing.Colour, drawing.Colour] | None = None,
) -> Image.Image:
    """Draw `figure` `along` the key poses named in `path` (its first pose when empty), at
    `size` real pixels, in the drawing's colours or those `colours` maps them to."""
    name, spec = _spec(figure)
    return _draw(name, spec, pose_along(spec, path, along), size, side, colours=colours)


def draw_phase(
    figure: str, phase: float, size: tuple[int, int] = (320, 240), side: str | None = None
) -> Image.Image:
    """Draw `figure` `phase` (0..1) of the way through all its key poses, in order."""
    name, spec = _spec(figure)
    return _draw(name, spec, pose_at(spec, phase), size, side)


def key_poses(figure: str) -> Mapping[str, Pose]:
    """The named key poses of `figure` (of the neutral figure for an unknown id)."""
    return _spec(figure)[1].keys
