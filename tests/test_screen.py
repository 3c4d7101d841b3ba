"""The screen a window opens on, without a display: monitors, work areas, the scale, and the
desktop's motion and contrast wishes (read with the real gsettings and plain files); the
player's palettes against WCAG AA; which drawing the figure shows with reduced motion."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from deskbreak.player import palette
from deskbreak.player.figures import drawing
from deskbreak.player.sizes import MIN_SCALE, PHASE_STEPS, drawn_step, smaller_scale
from deskbreak.screen import looks
from deskbreak.screen.geometry import (
    Monitor,
    Rect,
    Screen,
    beside,
    centred,
    monitor_at,
    monitor_for,
    resources,
    scale_of,
    screen_for,
    tk_scaling,
    work_on,
)

LEFT = Monitor("left", Rect(0, 0, 1280, 1024), (339, 271))
RIGHT = Monitor("right", Rect(1280, 0, 1920, 1080), (508, 286), primary=True)
WHOLE = Monitor("screen", Rect(0, 0, 3200, 1080), (847, 286))
PANEL = Rect(0, 32, 3200, 1048)  # _NET_WORKAREA: one rectangle over both monitors


def test_the_monitor_under_the_point_is_chosen() -> None:
    both = (WHOLE, LEFT, RIGHT)  # an output's own monitor around the two set on it
    assert monitor_at(both, (2000, 500)) == RIGHT
    assert monitor_at(both, (10, 10)) == LEFT
    assert monitor_at((LEFT, RIGHT), (100, 1050)) == LEFT  # under the left one: nearest
    assert monitor_at((LEFT, RIGHT), None) == RIGHT  # no pointer: the primary
    assert monitor_at((), (5, 5)) is None


def test_the_focused_window_chooses_the_monitor_before_the_pointer() -> None:
    editor = Rect(1600, 200, 800, 600)  # on the right; the pointer is left on the left
    assert monitor_for((LEFT, RIGHT), editor, (600, 400)) == RIGHT
    wide = Rect(100, 100, 1600, 500)  # across the edge, mostly on the left
    assert monitor_for((LEFT, RIGHT), wide, (2000, 500)) == LEFT
    assert monitor_for((WHOLE, LEFT, RIGHT), editor, (10, 10)) == RIGHT  # the smaller of two
    stand_in = Rect(-100, -100, 1, 1)  # Xwayland's while a Wayland window has the focus
    assert monitor_for((LEFT, RIGHT), stand_in, (600, 400)) == LEFT  # the pointer's
    assert monitor_for((LEFT, RIGHT), None, (600, 400)) == LEFT
    assert monitor_for((LEFT, RIGHT), None, None) == RIGHT  # neither: the primary
    assert monitor_for((), editor, (600, 400)) is None
    found = screen_for((LEFT, RIGHT), WHOLE.area, PANEL, (600, 400),
                       xresources={}, env={}, focused=editor)  # fmt: skip
    assert (found.monitor, found.work) == (RIGHT.area, Rect(1280, 32, 1920, 1048))


def test_the_work_area_is_clipped_to_the_monitor() -> None:
    assert work_on(RIGHT.area, PANEL) == Rect(1280, 32, 1920, 1048)
    assert work_on(LEFT.area, PANEL) == Rect(0, 32, 1280, 992)
    assert work_on(LEFT.area, None) == LEFT.area
    assert work_on(LEFT.area, Rect(1280, 0, 1920, 1080)) == LEFT.area  # another's: ignored


def test_a_window_is_centred_and_a_panel_set_beside_the_click_inside_its_monitor() -> None:
    work = Rect(1280, 32, 1920, 1048)
    assert centred((1000, 600), work) == (1280 + 460, 32 + 224)
    assert centred((3000, 2000), work) == (1280, 32)  # too large: its corner at the area's
    left_work = Rect(0, 32, 1280, 992)
    x, y = beside((340, 500), left_work, (1270, 10), 12)
    assert (x + 340, y) == (1280 - 12, 32 + 12)  # never over the edge onto the next monitor
    x, y = beside((340, 500), work, (2000, 1070), 12)
    assert Rect(1280, 32, 1920, 1048).holds(Rect(x, y, 340, 500)) and y + 500 <= 1070


def test_the_scale_comes_from_xft_dpi_then_the_environment_then_the_monitor() -> None:
    hidpi = Monitor("laptop", Rect(0, 0, 3840, 2160), (344, 194))  # a 15.6" 4K panel: 284 dpi
    xft = resources("Xft.dpi:\t192\nXft.antialias:\t1\n! a comment: 3\n")
    assert xft == {"Xft.dpi": "192", "Xft.antialias": "1"}
    assert scale_of(xft, {"GDK_SCALE": "3"}, hidpi)[0] == 2.0
    assert scale_of({"Xft.dpi": "144"}, {}, None)[0] == 1.5
    assert scale_of({}, {"GDK_SCALE": "2", "QT_SCALE_FACTOR": "1.5"}, hidpi)[0] == 2.0
    assert scale_of({}, {"QT_SCALE_FACTOR": "1.25"}, hidpi)[0] == 1.25
    assert scale_of({}, {"GDK_SCALE": "x"}, hidpi)[0] == 2.75  # the monitor, in quarters
    assert scale_of({}, {}, LEFT)[0] == 1.0
    assert scale_of({}, {}, Monitor("tv", Rect(0, 0, 1920, 1080), (20, 10)))[0] == 1.0
    assert scale_of({"Xft.dpi": "9600"}, {}, None)[0] == 4.0  # bounded
    assert scale_of({}, {}, None) == (1.0, "default")


def test_a_screen_carries_the_font_dpi_tk_must_use() -> None:
    found = screen_for((LEFT, RIGHT), WHOLE.area, PANEL, (2000, 500),
                       xresources={"Xft.dpi": "192"}, env={})  # fmt: skip
    assert found == Screen(RIGHT.area, Rect(1280, 32, 1920, 1048), 2.0, "Xft.dpi 192", 192.0)
    assert tk_scaling(found) == 192 / 72
    plain = screen_for((), WHOLE.area, None, None, xresources={}, env={})
    assert (plain.monitor, plain.work, tk_scaling(plain)) == (WHOLE.area, WHOLE.area, None)


def test_a_too_large_window_is_drawn_smaller_in_eighths_down_to_a_floor() -> None:
    assert smaller_scale(2.0, (2000, 1400), (1900, 1000)) == 1.375
    assert smaller_scale(1.5, (1000, 700), (990, 699)) == 1.375  # always at least an eighth
    assert smaller_scale(1.0, (4000, 4000), (100, 100)) == MIN_SCALE
    assert smaller_scale(MIN_SCALE, (4000, 4000), (100, 100)) is None


def test_reduced_motion_shows_the_key_poses_only() -> None:
    full = {drawn_step(2, i / 100, reduced=False) for i in range(101)}
    assert full == set(range(PHASE_STEPS + 1))
    assert {drawn_step(2, i / 100, reduced=True) for i in range(101)} == {0, PHASE_STEPS}
    four = {drawn_step(4, i / 100, reduced=True) for i in range(101)}
    assert four == {0, 4, 8, 12}  # each of the four key poses, none between
    assert drawn_step(1, 0.7, reduced=True) == round(0.7 * PHASE_STEPS)  # a hold: one pose
    assert drawn_step(2, float("nan"), reduced=False) == 0


# -- the desktop's wishes ---------------------------------------------------------------


def _home(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PATH": os.environ.get("PATH", ""), "GSETTINGS_BACKEND": "keyfile"}  # fmt: skip


def _gsettings() -> str:
    found = shutil.which("gsettings")
    if found is None:
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail("CI=true and gsettings (libglib2.0-bin) is missing")
        pytest.skip("needs gsettings (libglib2.0-bin)")
    return found


def test_gnome_settings_are_read_with_gsettings_and_from_its_keyfile(tmp_path: Path) -> None:
    gsettings, env = _gsettings(), _home(tmp_path)
    assert looks.desktop_looks(env, gsettings) == looks.Looks(False, False)  # the defaults
    for schema, key, value in (
        ("org.gnome.desktop.interface", "enable-animations", "false"),
        ("org.gnome.desktop.a11y.interface", "high-contrast", "true"),
    ):
        subprocess.run([gsettings, "set", schema, key, value], env=env, check=True, timeout=10)
    assert looks.desktop_looks(env, gsettings) == looks.Looks(True, True)
    assert looks.desktop_looks(env, None) == looks.Looks(True, True)  # no gsettings: the file
    # the config decides over the desktop; "auto" follows it
    assert looks.looks("full", "normal", env, gsettings) == looks.Looks(False, False)
    assert looks.looks("auto", "auto", env, gsettings) == looks.Looks(True, True)
    assert looks.looks("reduced", "high", {}, None) == looks.Looks(True, True)


def test_kde_animation_speed_zero_means_reduced_motion(tmp_path: Path) -> None:
    env = _home(tmp_path)
    kdeglobals = tmp_path / "config" / "kdeglobals"
    kdeglobals.parent.mkdir(parents=True)
    kdeglobals.write_text("[KDE]\nAnimationDurationFactor=0.5\nSingleClick=false\n")
    assert looks.desktop_looks(env, None).reduced_motion is False
    kdeglobals.write_text("[General]\nColorScheme=Breeze\n\n[KDE]\nAnimationDurationFactor=0\n")
    assert looks.desktop_looks(env, None).reduced_motion is True
    kdeglobals.write_text("[KDE\nbroken")
    assert looks.desktop_looks(env, None) == looks.Looks()  # unreadable: no wish


# -- the palettes ---------------------------------------------------------------------------

TEXT_AA, LINES_AA = 4.5, 3.0


@pytest.mark.parametrize("high", [False, True], ids=["normal", "high"])
def test_the_palettes_pass_wcag_aa(high: bool) -> None:
    p = palette.palette(high=high)
    text = {
        "ink": (p.ink, p.bg), "soft": (p.soft, p.bg), "accent": (p.accent, p.bg),
        "caution": (p.caution_ink, p.bg), "note": (p.note_ink, p.note_bg),
        "buttons": (p.ink, p.panel),
    }  # fmt: skip
    low = {name: round(palette.contrast(*pair), 2) for name, pair in text.items()}
    assert {n: r for n, r in low.items() if r < TEXT_AA} == {}
    background = palette.figure_colour(p, drawing.BACKGROUND)
    lines = {
        "body": palette.figure_colour(p, drawing.BODY),
        "far limbs": palette.figure_colour(p, drawing.FAR),
        "bar fill": palette.rgb(p.accent),
    }
    ratios = {n: palette.contrast(c, background) for n, c in lines.items()}
    ratios["bar fill on its track"] = palette.contrast(p.accent, p.track)
    assert {n: r for n, r in ratios.items() if r < LINES_AA} == {}
    if high:  # and more than AA: AAA text, and the body stands out from its outline
        assert min(low.values()) >= 7.0
        halo = palette.figure_colour(p, drawing.HALO)
        assert palette.contrast(palette.figure_colour(p, drawing.BODY), halo) >= 7.0


def test_the_contrast_ratio_is_wcags() -> None:
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert palette.contrast((10, 20, 30), (10, 20, 30)) == 1.0
