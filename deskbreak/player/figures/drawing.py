"""Drawing a pose: a rounded stick figure and its props, rendered with Pillow.

Owns turning a pose into shapes (a figure seen from the side, or from the
front or above; a chair, a mat or a wall behind it), the joints of a drawn
figure (for tests that check angles rather than pixels), and rendering shapes
in a calm palette at a multiple of the requested size, downscaled for smooth
edges, inside a frame that holds the whole movement. Pose names: hx/hy hip;
s1/s2 lower and upper spine; nk neck; lt/ls thigh and shin; ft foot; au/af
upper arm and forearm, or ax/ay a hand target; flt/fls the far leg in a stride;
front view: tw twist, hd head tilt, hdn head drop, hdy head shift down, sh shrug,
sl spine length (a torso seen end-on), sa the shoulder line's angle (90 level),
l*/r* left and right limbs, the left ones drawn on the screen's left (a front view
is a mirror image: "mirror me").
Edge module: PIL only inside `render`; must not import a GUI toolkit.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskbreak.player.figures.motion import Figure, Pose

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

Point = tuple[float, float]
Colour = tuple[int, int, int]

BACKGROUND = (246, 243, 236)
BODY = (79, 109, 143)
FAR = (116, 138, 164)  # 3:1 on the background (WCAG AA for lines), yet lighter than BODY
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


Joints = dict[str, Point]

SIDE_BONES = (
    ("hip", "mid"),
    ("mid", "top"),
    ("top", "neck"),
    ("neck", "head"),
    ("hip", "knee"),
    ("knee", "ankle"),
    ("ankle", "toe"),
    ("shoulder", "elbow"),
    ("elbow", "hand"),
)
FRONT_BONES = (
    ("hip", "mid"),
    ("mid", "top"),
    ("top", "neck"),
    ("neck", "head"),
    *(
        (f"{s}-{a}", f"{s}-{b}")
        for s in "lr"
        for a, b in (("shoulder", "elbow"), ("elbow", "hand"), ("root", "knee"), ("knee", "ankle"))
    ),
)


def side_shapes(p: Pose, joints: Joints | None = None) -> list[Shape]:
    """A figure seen from its right side, facing right; fills `joints` if given."""
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
    if joints is not None:
        joints.update(hip=hip, mid=mid, top=top, shoulder=shoulder, neck=neck, head=head)
        joints.update(knee=knee, ankle=ankle, toe=toe, elbow=elbow, hand=hand)

    def shift(q: Point) -> Point:
        return (q[0] - 0.05, q[1] - 0.02)

    far_knee = _step(hip, p.get("flt", p["lt"]), THIGH)  # the far leg: a stride, or the same
    far_ankle = _step(far_knee, p.get("fls", p["ls"]), SHIN)
    far_toe = _step(far_ankle, p.get("ft", 90.0), 0.2)
    far = [_line(FAR, LIMB_W, *map(shift, (hip, far_knee, far_ankle, far_toe)))]
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


def front_shapes(p: Pose, joints: Joints | None = None) -> list[Shape]:
    """A figure facing the viewer (or lying face up, seen from above); fills `joints`."""
    twist = p.get("tw", 0.0)
    squash = 1.0 - 0.45 * abs(twist)
    hip = (p["hx"], p["hy"])
    spine = 0.5 * p.get("sl", 1.0)
    mid = _step(hip, p.get("s1", 0.0), spine)
    top = _step(mid, p.get("s2", 0.0), spine)
    top = (top[0] + 0.06 * twist, top[1])
    lift = -0.12 * p.get("sh", 0.0)
    across = p.get("sa", p.get("s2", 0.0) + 90)
    shoulders = [_step((top[0], top[1] + lift), across, sign * 0.3 * squash) for sign in (-1, 1)]
    drop = p.get("hdn", 0.0)
    shift = p.get("hdy", 0.0)
    neck = _step((top[0], top[1] + shift), p.get("hd", 0.0) * 0.4, 0.2 - 0.12 * drop)
    head = _step(neck, p.get("hd", 0.0), 0.17 - 0.05 * drop)
    out: dict[str, list[Shape]] = {"back": [], "legs": [], "body": [], "front": []}
    found: Joints = {"hip": hip, "mid": mid, "top": top, "neck": neck, "head": head}
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
        parts = {"shoulder": shoulder, "elbow": elbow, "hand": hand, "root": root, "knee": knee}
        found.update({f"{side}-{k}": v for k, v in {**parts, "ankle": ankle}.items()})
    look = p.get("look", twist)
    eyes = [(head[0] + 0.1 * look + s * 0.065 * (1 - 0.4 * abs(look)), head[1]) for s in (-1, 1)]
    found["face"] = (head[0] + 0.1 * look, head[1] + 0.07 * drop)  # between the eyes
    if joints is not None:
        joints.update(found)
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
    if scene == "door":  # a door frame on the figure's right
        return [_line(FLOOR, 0.05, (-1.0, 1.66), (1.3, 1.66)), _box(CHAIR, 0.93, -2.0, 1.06, 1.64)]
    if scene == "floor":
        return [_line(FLOOR, 0.05, (-1.0, 1.74), (1.3, 1.74))]
    if scene == "wall":
        return [_line(FLOOR, 0.05, (-0.9, 1.74), (1.3, 1.74)), _box(CHAIR, 0.66, -2.0, 0.78, 1.72)]
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


def body_shapes(figure: Figure, pose: Pose, joints: Joints | None = None) -> list[Shape]:
    if figure.view == "side":
        return side_shapes(pose, joints)
    return front_shapes(pose, joints)


def bone_angles(figure: Figure, pose: Pose) -> dict[str, float]:
    """The compass angle of every bone of the drawn figure, by "joint-joint" name."""
    joints: Joints = {}
    body_shapes(figure, pose, joints)
    bones = SIDE_BONES if figure.view == "side" else FRONT_BONES
    return {f"{a}-{b}": _angle(joints[a], joints[b]) for a, b in bones}


def figure_shapes(figure: Figure, pose: Pose) -> list[Shape]:
    return scene_shapes(figure.view, figure.scene) + body_shapes(figure, pose)


def framed_shapes(figure: Figure, pose: Pose) -> list[Shape]:
    """What the frame must hold: everything, except that a long mat may run off the edges."""
    if figure.scene != "mat":
        return figure_shapes(figure, pose)
    body = body_shapes(figure, pose)
    return [*body, _disc(MAT, 0.1, (body[0].points[0][0], 0.0))]


def bounds(shapes: Iterator[Shape]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for s in shapes:
        pad = s.width if s.kind == "disc" else s.width / 2
        for x, y in s.points:
            xs += [x - pad, x + pad]
            ys += [y - pad, y + pad]
    return min(xs), min(ys), max(xs), max(ys)


def render(
    shapes: list[Shape],
    frame: tuple[float, float, float, float],
    size: tuple[int, int],
    colours: Mapping[Colour, Colour] | None = None,
) -> Image.Image:
    """Draw `shapes` at `size` real pixels (a HiDPI screen gets a larger image, never an
    upscaled one), each colour changed through `colours` (a palette) where it is listed."""
    from PIL import Image, ImageDraw

    width, height = max(1, int(size[0])), max(1, int(size[1]))
    ss = 4 if max(width, height) <= 200 else 3 if max(width, height) <= 480 else 2
    paint = colours or {}
    canvas = Image.new("RGB", (width * ss, height * ss), paint.get(BACKGROUND, BACKGROUND))
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
        colour = paint.get(s.colour, s.colour)
        if s.kind == "box":
            pen.rounded_rectangle((*pts[0], *pts[1]), radius=w, fill=colour)
            continue
        if s.kind == "line" and len(pts) > 1:
            pen.line(pts, fill=colour, width=round(w))
        r = w if s.kind == "disc" else w / 2
        for x, y in pts:
            pen.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    # a box average of each ss×ss block: smooth edges, and fast even at a HiDPI size
    return canvas.reduce(ss) if ss > 1 else canvas
