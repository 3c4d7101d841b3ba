"""Exercise illustrations drawn with Pillow from a small jointed figure (no image files).

Owns every figure id an `Exercise.figure` may name and how each is drawn: a
rounded stick figure on a chair (side-on or front-on) or on a mat, in a calm
palette, drawn at a multiple of the requested size and downscaled for smooth
edges. A figure has one key pose, or a few key poses that `draw` interpolates
between (phase 0.0 is the starting position, 1.0 the last) so a player can
animate it. Sided figures are drawn for the right side; "left" mirrors them.
Edge module: imports PIL lazily inside `draw`; must not import any GUI toolkit.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

Point = tuple[float, float]
Pose = Mapping[str, float]

BACKGROUND = (246, 243, 236)
BODY = (79, 109, 143)
FAR = (146, 168, 192)
EYE = (236, 240, 245)
CHAIR = (176, 150, 124)
MAT = (150, 190, 172)
FLOOR = (222, 215, 200)
HALO = (226, 232, 239)  # a thin light outline so a limb reads where it crosses the body

ARM, FOREARM, THIGH, SHIN = 0.55, 0.55, 0.8, 0.8
LIMB_W, TORSO_W, HEAD_R = 0.13, 0.3, 0.19


@dataclass(frozen=True)
class Shape:
    """One primitive in figure units (y grows downwards): a polyline, disc or box."""

    kind: str  # "line" | "disc" | "box"
    points: tuple[Point, ...]
    width: float  # line width, disc radius, or box corner radius
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class Figure:
    view: str  # "side" | "front" | "top"
    scene: str  # "chair" | "low-chair" | "mat" | "none"
    keys: tuple[Pose, ...]
    sided: bool = False


def _dir(deg: float) -> Point:
    """Unit vector for a compass angle: 0 up, 90 forward/right, 180 down, 270 back/left."""
    rad = math.radians(deg)
    return (math.sin(rad), -math.cos(rad))


def _step(p: Point, deg: float, length: float) -> Point:
    d = _dir(deg)
    return (p[0] + d[0] * length, p[1] + d[1] * length)


def _angle(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(b[0] - a[0], a[1] - b[1]))


def _reach(root: Point, target: Point, bend: float) -> tuple[Point, Point]:
    """Two-bone reach from `root` toward `target`; `bend` (+1/-1) picks the elbow side."""
    dist = min(max(math.dist(root, target), 1e-6), ARM + FOREARM - 1e-6)
    inner = math.degrees(math.acos((ARM**2 + dist**2 - FOREARM**2) / (2 * ARM * dist)))
    elbow = _step(root, _angle(root, target) + math.copysign(inner, bend), ARM)
    return elbow, _step(elbow, _angle(elbow, target), FOREARM)


def _arm(p: Pose, k: str, shoulder: Point, bend: float) -> tuple[Point, Point]:
    if f"{k}u" in p:
        elbow = _step(shoulder, p[f"{k}u"], ARM)
        return elbow, _step(elbow, p[f"{k}f"], FOREARM)
    return _reach(shoulder, (p[f"{k}x"], p[f"{k}y"]), p.get(f"{k}b", bend))


def _line(colour: tuple[int, int, int], width: float, *pts: Point) -> Shape:
    return Shape("line", tuple(pts), width, colour)


def _limb(colour: tuple[int, int, int], *pts: Point) -> list[Shape]:
    return [_line(HALO, LIMB_W + 0.06, *pts), _line(colour, LIMB_W, *pts)]


def _disc(colour: tuple[int, int, int], radius: float, centre: Point) -> Shape:
    return Shape("disc", (centre,), radius, colour)


def side_shapes(p: Pose) -> list[Shape]:
    """A figure seen from its right side, facing right."""
    hip = (p["hx"], p["hy"])
    mid = _step(hip, p["s1"], 0.5)
    top = _step(mid, p["s2"], 0.5)
    shoulder = (top[0] + p.get("sx", 0.0), top[1] + p.get("sy", 0.0))
    neck = _step(top, p["nk"], 0.13)
    head = _step(neck, p["nk"], 0.16)
    knee = _step(hip, p["lt"], THIGH)
    ankle = _step(knee, p["ls"], SHIN)
    toe = _step(ankle, p.get("ft", 90.0), 0.2)
    elbow, hand = _arm(p, "a", shoulder, 1.0)

    def shift(q: Point) -> Point:
        return (q[0] - 0.05, q[1] - 0.02)

    far = [_line(FAR, LIMB_W, *map(shift, (hip, knee, ankle, toe)))]
    far.append(_line(FAR, LIMB_W, *map(shift, (shoulder, elbow, hand))))
    body = [
        _line(BODY, TORSO_W, hip, mid, top),
        _line(BODY, 0.12, top, neck),
        _disc(BODY, HEAD_R, head),
        _disc(BODY, 0.05, _step(head, p["nk"] + 90, HEAD_R)),
        _disc(BODY, 0.1, shoulder),
        *_limb(BODY, hip, knee, ankle, toe),
        *_limb(BODY, shoulder, elbow, hand),
    ]
    return far + body


def front_shapes(p: Pose) -> list[Shape]:
    """A figure facing the viewer (or lying face up, seen from above)."""
    twist = p.get("tw", 0.0)
    squash = 1.0 - 0.45 * abs(twist)
    hip = (p["hx"], p["hy"])
    mid = _step(hip, p.get("s1", 0.0), 0.5)
    top = _step(mid, p.get("s2", 0.0), 0.5)
    top = (top[0] + 0.06 * twist, top[1])
    lift = -0.12 * p.get("sh", 0.0)
    across = p.get("s2", 0.0) + 90
    shoulders = [_step((top[0], top[1] + lift), across, sign * 0.3 * squash) for sign in (-1, 1)]
    drop = p.get("hdn", 0.0)
    neck = _step(top, p.get("hd", 0.0) * 0.4, 0.2 - 0.12 * drop)
    head = _step(neck, p.get("hd", 0.0), 0.17 - 0.05 * drop)
    out: dict[str, list[Shape]] = {"back": [], "legs": [], "body": [], "front": []}
    for side, sign, shoulder in (("l", -1.0, shoulders[0]), ("r", 1.0, shoulders[1])):
        elbow, hand = _arm(p, side, shoulder, -sign if f"{side}x" in p else 1.0)
        elbow = (top[0] + (elbow[0] - top[0]) * squash, elbow[1])
        if f"{side}u" in p:
            hand = (top[0] + (hand[0] - top[0]) * squash, hand[1])
        layer = "back" if p.get(f"{side}h", 0.0) >= 0.5 else "front"
        colour = FAR if layer == "back" else BODY
        out[layer].extend(_limb(colour, shoulder, elbow, hand))
        root = (hip[0] + sign * 0.15, hip[1])
        knee = _step(root, p[f"{side}t"], p.get(f"{side}tl", 0.28))
        ankle = _step(knee, p.get(f"{side}s", 180.0), p.get(f"{side}sl", 0.65))
        out["legs"].extend([*_limb(BODY, root, knee, ankle), _disc(BODY, 0.09, knee)])
        out["legs"].append(_disc(BODY, 0.08, ankle))
    look = p.get("look", twist)
    eyes = [(head[0] + 0.1 * look + s * 0.065 * (1 - 0.4 * abs(look)), head[1]) for s in (-1, 1)]
    out["body"] = [
        _line(BODY, 0.26, (hip[0] - 0.15, hip[1]), (hip[0] + 0.15, hip[1])),
        _line(BODY, 0.36 - 0.08 * abs(twist), hip, mid, _step(top, 180 + p.get("s2", 0.0), 0.12)),
        _line(BODY, 0.2, *shoulders),
        _line(BODY, 0.12, top, neck),
        _disc(BODY, HEAD_R, head),
        *(_disc(EYE, 0.028, (e[0], e[1] + 0.07 * drop)) for e in eyes),
    ]
    order = ("back", "body", "legs") if p.get("legsfront", 0.0) >= 0.5 else ("back", "legs", "body")
    return [s for layer in (*order, "front") for s in out[layer]]


def _box(colour: tuple[int, int, int], x0: float, y0: float, x1: float, y1: float) -> Shape:
    return Shape("box", ((x0, y0), (x1, y1)), 0.04, colour)


def scene_shapes(view: str, scene: str) -> list[Shape]:
    """The props behind the figure: floor, chair or mat."""
    if scene == "none":
        return [_box(MAT, -0.65, -2.0, 0.65, 1.85)]
    if scene == "mat":
        x0, x1 = (-2.0, 2.2) if view == "side" else (-1.1, 1.1)
        return [_line(FLOOR, 0.04, (x0 - 0.2, 0.07), (x1 + 0.2, 0.07)), _box(MAT, x0, 0, x1, 0.06)]
    if view == "front":
        return [
            _line(FLOOR, 0.04, (-1.0, 0.98), (1.0, 0.98)),
            _box(CHAIR, -0.4, -0.85, 0.4, -0.3),
            _line(CHAIR, 0.07, (-0.4, 0.1), (-0.4, 0.97)),
            _line(CHAIR, 0.07, (0.4, 0.1), (0.4, 0.97)),
            _box(CHAIR, -0.5, 0.1, 0.5, 0.19),
        ]
    back_top = -0.5 if scene == "low-chair" else -0.85
    return [
        _line(FLOOR, 0.04, (-1.0, 0.98), (1.5, 0.98)),
        _line(CHAIR, 0.09, (-0.42, 0.14), (-0.42, back_top)),
        _line(CHAIR, 0.07, (-0.38, 0.14), (-0.38, 0.97)),
        _line(CHAIR, 0.07, (0.4, 0.14), (0.4, 0.97)),
        _box(CHAIR, -0.47, 0.1, 0.47, 0.19),
    ]


def _defaults() -> dict[str, float]:
    """Values a key pose may leave out (an upright, untwisted, relaxed figure)."""
    zero = ("s1", "s2", "sx", "sy", "tw", "hd", "hdn", "sh", "look", "lh", "rh", "legsfront")
    legs = {"ft": 90.0, "ls": 180.0, "rs": 180.0, "ltl": 0.28, "rtl": 0.28, "lsl": 0.65}
    return {**dict.fromkeys(zero, 0.0), **legs, "rsl": 0.65}


def _blend(a: Pose, b: Pose, t: float) -> dict[str, float]:
    base = _defaults()
    out: dict[str, float] = {}
    for k in {*a, *b}:
        va, vb = a.get(k, base.get(k, b.get(k, 0.0))), b.get(k, base.get(k, a.get(k, 0.0)))
        out[k] = va * (1 - t) + vb * t
    return out


def pose_at(figure: Figure, phase: float) -> Pose:
    """The pose `phase` of the way through the figure's key poses."""
    keys = figure.keys
    if len(keys) == 1:
        return keys[0]
    phase = 0.0 if math.isnan(phase) else min(max(phase, 0.0), 1.0)
    t = phase * (len(keys) - 1)
    i = min(int(t), len(keys) - 2)
    return _blend(keys[i], keys[i + 1], t - i)


def figure_shapes(figure: Figure, phase: float) -> list[Shape]:
    pose = pose_at(figure, phase)
    body = side_shapes(pose) if figure.view == "side" else front_shapes(pose)
    return scene_shapes(figure.view, figure.scene) + body


def _framed_shapes(figure: Figure, phase: float) -> list[Shape]:
    """What the frame must hold: everything, except that a long mat may run off the edges."""
    if figure.scene != "mat":
        return figure_shapes(figure, phase)
    pose = pose_at(figure, phase)
    body = side_shapes(pose) if figure.view == "side" else front_shapes(pose)
    return [*body, _disc(MAT, 0.1, (body[0].points[0][0], 0.0))]


def _bounds(shapes: Iterator[Shape]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for s in shapes:
        pad = s.width if s.kind == "disc" else s.width / 2
        for x, y in s.points:
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    return min(xs), min(ys), max(xs), max(ys)


@cache
def _frame(name: str) -> tuple[float, float, float, float]:
    """Bounds over the whole movement, so the figure does not jump while animating."""
    figure = catalogue()[name]
    samples = (0.0, 0.25, 0.5, 0.75, 1.0) if len(figure.keys) > 1 else (0.0,)
    return _bounds(s for t in samples for s in _framed_shapes(figure, t))


def _render(
    shapes: list[Shape], frame: tuple[float, float, float, float], size: tuple[int, int]
) -> Image.Image:
    from PIL import Image, ImageDraw

    width, height = max(1, int(size[0])), max(1, int(size[1]))
    ss = 4 if max(width, height) <= 200 else 3
    canvas = Image.new("RGB", (width * ss, height * ss), BACKGROUND)
    pen = ImageDraw.Draw(canvas)
    x0, y0, x1, y1 = frame
    margin = 0.06
    scale = min(
        width * ss * (1 - 2 * margin) / (x1 - x0), height * ss * (1 - 2 * margin) / (y1 - y0)
    )
    ox = (width * ss - (x1 - x0) * scale) / 2 - x0 * scale
    oy = (height * ss - (y1 - y0) * scale) / 2 - y0 * scale

    def px(p: Point) -> tuple[float, float]:
        return (ox + p[0] * scale, oy + p[1] * scale)

    for s in shapes:
        pts = [px(p) for p in s.points]
        w = max(1.0, s.width * scale)
        if s.kind == "box":
            pen.rounded_rectangle((*pts[0], *pts[1]), radius=w, fill=s.colour)
            continue
        if s.kind == "line" and len(pts) > 1:
            pen.line(pts, fill=s.colour, width=round(w))
        r = w if s.kind == "disc" else w / 2
        for x, y in pts:
            pen.ellipse((x - r, y - r, x + r, y + r), fill=s.colour)
    return canvas.resize((width, height), Image.Resampling.LANCZOS)


def names() -> tuple[str, ...]:
    """Every figure id, in catalogue order."""
    return tuple(catalogue())


def is_animated(figure: str) -> bool:
    """True where the figure has more than one key position."""
    found = catalogue().get(figure)
    return found is not None and len(found.keys) > 1


def is_sided(figure: str) -> bool:
    """True where `side` changes the drawing (the figure is mirrored for "left")."""
    found = catalogue().get(figure)
    return found is not None and found.sided


def draw(
    figure: str, phase: float = 0.0, size: tuple[int, int] = (320, 240), side: str | None = None
) -> Image.Image:
    """Draw `figure` at `phase` (0.0 first key position … 1.0 last); never raises on an id.

    An unknown id draws the neutral seated figure. `side="left"` mirrors a sided
    figure (they are defined for the right side).
    """
    if figure not in catalogue():
        log.debug("unknown figure %r: drawing the neutral seated figure", figure)
        figure = "sit"
    spec = catalogue()[figure]
    image = _render(figure_shapes(spec, phase), _frame(figure), size)
    if spec.sided and side == "left":
        from PIL import ImageOps

        image = ImageOps.mirror(image)
    return image


def _p(text: str, base: Pose | None = None) -> Pose:
    """A pose from "name=value" pairs, on top of `base` (see `side_shapes`/`front_shapes`)."""
    pairs = (item.split("=") for item in text.split())
    return MappingProxyType({**(base or {}), **{k: float(v) for k, v in pairs}})


def _seated_side() -> dict[str, Figure]:
    sit = _p("hx=0 hy=0 s1=0 s2=0 nk=0 ax=0.5 ay=-0.09 lt=92 ls=180")
    fwd = _p("hx=0.22", sit)

    def fig(*keys: str, base: Pose = sit, scene: str = "chair") -> Figure:
        return Figure("side", scene, tuple(_p(k, base) for k in keys))

    return {
        "sit": fig(""),
        "cat-cow": fig("s1=-4 s2=14 nk=-18 sx=-0.05", "s1=-12 s2=38 nk=70 sx=0.05"),
        "shoulder-rolls": fig("sy=-0.18 sx=0.03", "sy=-0.08 sx=-0.13", "sy=0.04 sx=-0.05"),
        "blade-squeeze": fig("s1=-8 s2=18 nk=28 sx=0.06", "s1=2 s2=-6 sx=-0.08 sy=0.02"),
        "chest-opener": fig(
            "ax=-0.02 ay=-0.22", "s2=-8 nk=-6 sx=-0.07 ax=-0.36 ay=-0.12", base=fwd
        ),
        "chin-to-chest": fig("", "s1=-6 s2=22 nk=82"),
        "chair-extension": fig(
            "au=355 af=5", "s1=-8 s2=-32 nk=-22 au=322 af=310", scene="low-chair"
        ),
    }


def _seated_front() -> dict[str, Figure]:
    sit = _p("hx=0 hy=0 lt=188 rt=172 lx=-0.3 ly=0.1 rx=0.3 ry=0.1")
    head = _p("lx=-0.1 ly=-1.33 lb=-1", sit)

    def fig(*keys: str, base: Pose = sit, sided: bool = True) -> Figure:
        return Figure("front", "chair", tuple(_p(k, base) for k in keys), sided)

    return {
        "twist": fig("", "tw=-0.8 lx=-0.44 ly=-0.3 lh=1 rx=-0.27 ry=0.16"),
        "chair-twist": fig("rx=0.1 ry=-1.33 rb=1", "tw=-0.8 rx=0.05 ry=-1.33 rb=1", base=head),
        "thoracic-rotation": fig("", "tw=-0.8", base=head),
        "side-stretch": fig(
            "lu=345 lf=355 rx=0.44 ry=0.08", "s1=8 s2=24 hd=22 lu=15 lf=60 rx=0.44 ry=0.08"
        ),
        "neck-rolls": fig("hd=-40", "hdn=1", "hd=40", sided=False),
    }


def _floor_side() -> dict[str, Figure]:
    fours = _p("hx=0 hy=-0.82 lt=180 ls=270 ft=270 ax=1 ay=-0.07")
    prone = _p("hx=0 hy=-0.13 s1=90 s2=90 nk=95 lt=270 ls=270 ft=200")

    def fig(*keys: str, base: Pose = prone) -> Figure:
        return Figure("side", "mat", tuple(_p(k, base) for k in keys))

    return {
        "cat-cow-floor": fig("s1=97 s2=62 nk=35", "s1=58 s2=112 nk=155", base=fours),
        "child": fig("hy=-0.38 s1=78 s2=108 nk=118 lt=112 ls=270 ft=250 au=92 af=90"),
        "sphinx": fig("au=100 af=90", "s1=74 s2=52 nk=8 au=178 af=90"),
        "locust": fig("au=262 af=268", "s1=80 s2=74 nk=70 lt=256 ls=262 au=248 af=252"),
    }


def _floor_front() -> dict[str, Figure]:
    lying = _p(
        "hx=0 hy=0.3 lt=184 rt=176 ltl=0.8 rtl=0.8 lsl=0.8 rsl=0.8 lu=200 lf=190 ru=160 rf=170"
    )
    knees = _p("ltl=0.35 rtl=0.35 lsl=0.25 rsl=0.25 lu=270 lf=270 ru=90 rf=90", lying)
    dropped = "lt=128 rt=120 ltl=0.75 rtl=0.75 ls=200 rs=196 lsl=0.7 rsl=0.7 look=-0.8"
    sit = _p(
        "hx=0 hy=-0.15 legsfront=1 lt=15 ltl=0.45 ls=165 lsl=0.55 rt=140 rtl=0.2 rs=270 rsl=0.5"
        " lx=-0.5 ly=-0.08 rx=-0.02 ry=-0.5"
    )
    return {
        "floor-twist": Figure(
            "front", "mat", (sit, _p("tw=-0.8 lh=1 lx=-0.42 ly=-0.1", sit)), True
        ),
        "supine-twist": Figure("top", "none", (knees, _p(dropped, knees)), True),
        "rest": Figure("top", "none", (lying,)),
    }


@cache
def catalogue() -> Mapping[str, Figure]:
    """Every figure by id (built once, read-only)."""
    table = {**_seated_side(), **_seated_front(), **_floor_side(), **_floor_front()}
    return MappingProxyType(table)
