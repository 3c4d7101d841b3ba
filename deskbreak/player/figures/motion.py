"""The pose-phase model: named key poses, and the pose between them at any moment.

Owns `Figure` (a view, a scene and named key poses), how two poses blend, and
`pose_along`, the pose a fraction of the way along a path of key poses. With
`pacing.Beat` that gives the pose at any moment of a step: the path of the
current half-breath (or the one pose of a hold) and how far along it the body
is. Angles blend linearly, so a key pose writes its angles on the near side of
the previous one (375 rather than 15 after 345): no joint turns more than 180°
between key poses (a test checks it). Pure: standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

Pose = Mapping[str, float]

ANGLES = frozenset(
    {
        "s1",
        "s2",
        "nk",
        "lt",
        "ls",
        "ft",
        "au",
        "af",
        "lu",
        "lf",
        "ru",
        "rf",
        "rt",
        "rs",
        "hd",
        "sa",
        "flt",
        "fls",
    }
)
"""The pose values that are joint angles in degrees (the rest are positions and weights)."""


@dataclass(frozen=True)
class Figure:
    view: str  # "side" | "front" | "top"
    scene: str  # "chair" | "low-chair" | "mat" | "wall" | "none"
    keys: Mapping[str, Pose]  # key poses by name; the first is the resting one
    sided: bool = False

    @property
    def first(self) -> str:
        return next(iter(self.keys))

    def key(self, name: str) -> Pose:
        """The key pose `name`, or the first one for a name the figure does not have."""
        return self.keys.get(name, self.keys[self.first])


def defaults() -> dict[str, float]:
    """Values a key pose may leave out (an upright, untwisted, relaxed figure)."""
    zero = ("s1", "s2", "sx", "sy", "tw", "hd", "hdn", "hdy", "sh", "look", "lh", "rh")
    legs = {
        "legsfront": 0.0,
        "sl": 1.0,
        "ft": 90.0,
        "ls": 180.0,
        "rs": 180.0,
        "ltl": 0.28,
        "rtl": 0.28,
        "lsl": 0.65,
    }
    return {**dict.fromkeys(zero, 0.0), **legs, "rsl": 0.65}


def blend(a: Pose, b: Pose, t: float) -> dict[str, float]:
    base = defaults()
    out: dict[str, float] = {}
    for k in {*a, *b}:
        va, vb = a.get(k, base.get(k, b.get(k, 0.0))), b.get(k, base.get(k, a.get(k, 0.0)))
        out[k] = va * (1 - t) + vb * t
    return out


def pose_along(figure: Figure, path: tuple[str, ...], along: float) -> Pose:
    """The pose `along` (0..1) of the way through the key poses named in `path`."""
    keys = [figure.key(name) for name in path] or [figure.key(figure.first)]
    if len(keys) == 1:
        return keys[0]
    along = 0.0 if math.isnan(along) else min(max(along, 0.0), 1.0)
    t = along * (len(keys) - 1)
    i = min(int(t), len(keys) - 2)
    return blend(keys[i], keys[i + 1], t - i)


def pose_at(figure: Figure, phase: float) -> Pose:
    """The pose `phase` (0..1) of the way through all the key poses, in order."""
    return pose_along(figure, tuple(figure.keys), phase)


def turns(a: Pose, b: Pose) -> dict[str, float]:
    """How far each joint angle turns going from `a` to `b`, in degrees."""
    base = defaults()
    names = ANGLES & {*a, *b}
    return {k: abs(b.get(k, base.get(k, 0.0)) - a.get(k, base.get(k, 0.0))) for k in names}


def p(text: str, base: Pose | None = None) -> Pose:
    """A pose from "name=value" pairs, on top of `base` (see `drawing`)."""
    pairs = (item.split("=") for item in text.split())
    return MappingProxyType({**(base or {}), **{k: float(v) for k, v in pairs}})
