"""The key poses of every figure: the data the drawings are made from.

Owns each figure id an `Exercise.figure` may name, its view and scene, and its
named key poses — the names an exercise's `Rhythm` declares for the in-breath,
the out-breath and a hold ("cow" and "cat", "centre" and "turned"). Values are
joint angles in degrees (0 up, 90 forward or right, 180 down) and positions in
figure units; see `drawing` for what each name means. Sided figures are posed
for the right side. Pure data: standard library and `motion` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from deskbreak.player.figures.motion import Figure, Pose, p


def _figure(view: str, scene: str, base: Pose, sided: bool = False, **keys: str) -> Figure:
    named = {name.replace("_", "-"): p(text, base) for name, text in keys.items()}
    return Figure(view, scene, MappingProxyType(named), sided)


def _seated_side() -> dict[str, Figure]:
    sit = p("hx=0 hy=0 s1=0 s2=0 nk=0 ax=0.5 ay=-0.09 lt=92 ls=180")
    fwd = p("hx=0.22", sit)
    return {
        "sit": _figure("side", "chair", sit, rest=""),
        "cat-cow": _figure(
            "side",
            "chair",
            sit,
            cow="s1=-4 s2=14 nk=-18 sx=-0.05",
            cat="s1=-12 s2=38 nk=70 sx=0.05",
        ),
        "shoulder-rolls": _figure(
            "side",
            "chair",
            sit,
            down="sy=0.04",
            forward="sy=-0.07 sx=0.09",
            up="sy=-0.18",
            back="sy=-0.07 sx=-0.13",
        ),
        "blade-squeeze": _figure(
            "side",
            "chair",
            sit,
            soft="s1=-8 s2=18 nk=28 sx=0.06",
            squeeze="s1=2 s2=-6 sx=-0.08 sy=0.02",
        ),
        "chest-opener": _figure(
            "side",
            "chair",
            fwd,
            relaxed="ax=-0.02 ay=-0.22",
            open="s2=-8 nk=-6 sx=-0.07 ax=-0.36 ay=-0.12",
        ),
        "chin-to-chest": _figure("side", "chair", sit, upright="", lowered="s1=-6 s2=22 nk=82"),
        "row": _figure(
            "side",
            "chair",
            sit,
            reach="ax=0.9 ay=-0.82",
            pulled="s2=-4 sx=-0.08 nk=-4 ax=0.25 ay=-0.72",
        ),
        "chair-extension": _figure(
            "side",
            "low-chair",
            sit,
            upright="au=32 af=-112",
            back="s1=-8 s2=-32 nk=-22 au=-6 af=-150",
        ),
    }


def _seated_front() -> dict[str, Figure]:
    sit = p("hx=0 hy=0 lt=188 rt=172 lx=-0.3 ly=0.1 rx=0.3 ry=0.1")
    head = p("rx=0.1 ry=-1.33 rb=1", sit)
    # fingertips behind the head, elbows wide: the face stays in view
    hands = p("lx=-0.1 ly=-1.42 lb=-1 lh=1 rx=0.1 ry=-1.42 rb=1 rh=1", sit)
    return {
        "twist": _figure(
            "front",
            "chair",
            sit,
            True,
            centre="",
            turned="tw=0.8 rx=0.44 ry=-0.3 rh=1 lx=0.27 ly=0.16",
        ),
        "chair-twist": _figure(
            "front",
            "chair",
            hands,
            True,
            centre="",
            turned="tw=1 look=1.2 lx=-0.04 ly=-1.62 lh=0 rx=0.16 ry=-1.42",
        ),
        "thoracic-rotation": _figure(
            "front",
            "chair",
            head,
            True,
            centre="lx=0.2 ly=0.08",
            open="tw=1 look=1 rx=0.52 ry=-1.2 lx=0.24 ly=0.1",
        ),
        "side-stretch": _figure(
            "front",
            "chair",
            sit,
            True,
            upright="lu=345 lf=355 rx=0.44 ry=0.08",
            leaning="s1=8 s2=24 hd=22 lu=375 lf=420 rx=0.44 ry=0.08",
        ),
        "neck-rolls": _figure(
            "front",
            "chair",
            sit,
            rest="",
            left="hd=-48 look=-0.3",
            down="hdn=1.6",
            right="hd=48 look=0.3",
        ),
    }


def _floor_side() -> dict[str, Figure]:
    fours = p("hx=0 hy=-0.82 s1=90 s2=90 nk=95 lt=180 ls=270 ft=270 ax=1 ay=-0.07")
    prone = p("hx=0 hy=-0.13 s1=90 s2=90 nk=95 lt=270 ls=270 ft=200")
    return {
        "cat-cow-floor": _figure(
            "side", "mat", fours, cow="s1=97 s2=62 nk=35", cat="s1=58 s2=112 nk=155"
        ),
        "child": _figure(
            "side",
            "mat",
            prone,
            rest="hy=-0.38 s1=78 s2=108 nk=118 lt=112 ls=270 ft=250 au=92 af=90",
        ),
        "sphinx": _figure(
            "side", "mat", prone, down="au=100 af=90", lifted="s1=74 s2=52 nk=8 au=178 af=90"
        ),
        "locust": _figure(
            "side",
            "mat",
            prone,
            down="au=262 af=268",
            lifted="s1=80 s2=74 nk=70 lt=256 ls=262 au=248 af=252",
        ),
    }


def _standing_side() -> dict[str, Figure]:
    stand = p("hx=0 hy=0 s1=0 s2=0 nk=0 lt=180 ls=180 ft=90 ax=0.62 ay=-1.5")
    return {
        "walk": _figure(
            "side", "floor", stand, rest="lt=160 ls=186 flt=202 fls=222 ax=0.3 ay=-0.4"
        ),
        "corner": _figure(
            "side",
            "wall",
            stand,
            set="ay=-1.3",
            lean="hx=0.26 s1=14 s2=14 lt=189 ls=189 ay=-1.3 nk=8",
        ),
    }


def _standing_front() -> dict[str, Figure]:
    # facing you beside a door frame, the near forearm up against it
    stand = p(
        "hx=0 hy=0 lt=182 rt=178 ltl=0.8 rtl=0.8 lsl=0.8 rsl=0.8 lu=190 lf=180"
        " rx=0.86 ry=-1.56 rb=1"
    )
    return {
        "doorway": _figure(
            "front",
            "door",
            stand,
            True,
            set="",
            stretch="hx=-0.16 tw=-0.35 look=-1.1 lu=200 lf=185",
        ),
    }


def _floor_front() -> dict[str, Figure]:
    lying = p(
        "hx=0 hy=0.3 lt=184 rt=176 ltl=0.8 rtl=0.8 lsl=0.8 rsl=0.8 lu=200 lf=190 ru=160 rf=170"
    )
    knees = p("ltl=0.35 rtl=0.35 lsl=0.25 rsl=0.25 lu=270 lf=270 ru=90 rf=90", lying)
    sit = p(
        "hx=0 hy=-0.15 legsfront=1 rt=345 rtl=0.45 rs=195 rsl=0.55 lt=220 ltl=0.2 ls=90 lsl=0.5"
        " rx=0.5 ry=-0.08 lx=0.02 ly=-0.5"
    )
    dropped = "lt=128 rt=120 ltl=0.75 rtl=0.75 ls=200 rs=196 lsl=0.7 rsl=0.7 look=-0.8"
    # on all fours, facing you: the torso seen end-on, arms straight down to the mat
    fours = p(
        "hx=0 hy=-0.8 sl=0.3 sa=90 hdy=0.3 lt=180 rt=180 ltl=0.8 rtl=0.8 lsl=0.02 rsl=0.02"
        " lx=-0.3 ly=-0.02 rx=0.3 ry=-0.02"
    )
    return {
        "thread-needle": _figure(
            "front",
            "mat",
            fours,
            True,
            fours="",
            threaded="s1=165 s2=165 sa=140 hdy=0.62 hd=55 look=-1 rx=-1.2 ry=-0.04 lx=-0.45",
        ),
        "floor-twist": _figure(
            "front", "mat", sit, True, centre="", turned="tw=0.8 rh=1 rx=0.42 ry=-0.1"
        ),
        "supine-twist": _figure("top", "none", knees, True, knees_up="", dropped=dropped),
        "rest": _figure("top", "none", lying, rest=""),
    }


@cache
def catalogue() -> Mapping[str, Figure]:
    """Every figure by id (built once, read-only)."""
    table = {
        **_seated_side(),
        **_seated_front(),
        **_floor_side(),
        **_standing_side(),
        **_standing_front(),
        **_floor_front(),
    }
    return MappingProxyType(table)
