"""The history chart: one PNG-ready Pillow image of breaks taken and skipped per day.

Owns how a `stats.Summary` looks as a picture: stacked bars per day (taken at
the bottom, skipped on top, in colours that differ in hue and lightness), a
dashed goal line, day labels with a tick under days that met the goal, a legend,
and a title with the totals, every word translated as the chart is drawn. Readable at
800x480; the DejaVu font when installed, else Pillow's default. Edge module: imports Pillow
lazily; must not import pystray, tkinter, the store or the daemon.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deskbreak.core.i18n import N_, _, ngettext, number_text, pgettext, weekday_text
from deskbreak.core.stats import DayStats, Summary

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

    Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

log = logging.getLogger(__name__)

RGB = tuple[int, int, int]
BACKGROUND: RGB = (255, 255, 255)
INK: RGB = (33, 37, 41)
MUTED: RGB = (108, 117, 125)
GRID: RGB = (226, 230, 234)
TAKEN: RGB = (42, 157, 143)  # teal, as the tray's working state
SKIPPED: RGB = (244, 162, 97)  # light amber: differs from teal in hue and lightness
GOAL: RGB = (200, 60, 60)
MET: RGB = (30, 130, 76)
# The month names in the bars' dates, translated when the chart is drawn.
MONTHS = (
    # Translators: abbreviated month names, as under the history chart's bars ("05 Mar").
    N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
    N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
)  # fmt: skip


@dataclass(frozen=True)
class _Box:
    """The plot area in pixels."""

    left: int
    upper: int
    right: int
    lower: int


@dataclass(frozen=True)
class _Fonts:
    title: Font
    body: Font
    small: Font
    bold: Font


def _font(px: int, *, bold: bool = False) -> Font:
    from PIL import ImageFont

    names = ("DejaVuSans-Bold.ttf",) if bold else ("DejaVuSans.ttf",)
    for name in (*names, "Arial.ttf", "arial.ttf", "Helvetica.ttc"):
        try:
            return ImageFont.truetype(name, px)
        except OSError:
            continue
    log.debug("no TrueType font found; using Pillow's default")
    return ImageFont.load_default(px)


def _fonts(height: int) -> _Fonts:
    unit = max(8, height // 40)  # 12 px at 480 high
    return _Fonts(
        title=_font(round(unit * 1.6), bold=True),
        body=_font(unit + 1),
        small=_font(unit),
        bold=_font(unit + 1, bold=True),
    )


def render_week(summary: Summary, *, size: tuple[int, int] = (800, 480)) -> Image.Image:
    """The last seven days of the summary (fewer if it holds fewer)."""
    return render(summary.last(7), size=size)


def render(summary: Summary, *, size: tuple[int, int] = (800, 480)) -> Image.Image:
    """Every day of the summary as a bar; labels thin out when the days are many."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    fonts = _fonts(height)
    header = _header(draw, summary, fonts, width)
    box = _Box(round(width * 0.07), header + 10, width - 32, height - round(height * 0.13))
    top = _scale_top(summary)
    _axes(draw, box, top, fonts)
    _bars(draw, box, top, summary, fonts)
    _goal_line(draw, box, top, summary.goal, fonts)
    return image


def headings(summary: Summary) -> tuple[str, str]:
    """The chart's title and subtitle, e.g. "Today: 1 break taken, 0 skipped"."""
    totals = summary.totals
    n = len(summary.days)
    if n == 1:
        # Translators: the period the history chart covers, before its totals.
        span = pgettext("chart period", "Today")
    else:
        # Translators: the period the history chart covers, before its totals.
        span = ngettext("Last {n} day", "Last {n} days", n).format(n=n)
    # Translators: part of the history chart's title: {taken} breaks taken and {skipped}
    # skipped in the period (the plural follows {taken}).
    breaks = ngettext(
        "{taken} break taken, {skipped} skipped",
        "{taken} breaks taken, {skipped} skipped",
        totals.taken,
    ).format(taken=totals.taken, skipped=totals.skipped)
    # Translators: the history chart's title: {period} is "Today" or "Last 7 days", {totals}
    # is "3 breaks taken, 1 skipped".
    title = _("{period}: {totals}").format(period=span, totals=breaks)
    minutes = round(totals.stretch_seconds / 60)
    parts = [
        # Translators: part of the history chart's subtitle: minutes spent stretching.
        ngettext("{n} min of stretching", "{n} min of stretching", minutes).format(n=minutes),
        # Translators: part of the history chart's subtitle: breaks the user took by being away
        # from the desk on their own.
        ngettext("{n} natural break", "{n} natural breaks", totals.natural).format(
            n=totals.natural
        ),
        # Translators: part of the history chart's subtitle: days in a row the daily goal was met.
        ngettext("streak {n} day", "streak {n} days", summary.streak).format(n=summary.streak),
    ]
    return title, " · ".join(parts)


def day_month(day: dt.date) -> str:
    """A bar's date: the day of the month and the month's abbreviated name ("05 Mar")."""
    # Translators: a date under a bar of the history chart; {day} is the day of the month
    # ("05"), {month} the abbreviated month name ("Mar"). Reorder as your language writes it.
    return pgettext("chart date", "{day} {month}").format(
        day=f"{day.day:02d}", month=_(MONTHS[day.month - 1])
    )


def _header(draw: ImageDraw.ImageDraw, summary: Summary, fonts: _Fonts, width: int) -> int:
    """Title, subtitle and legend; returns the y where the plot may start."""
    title, sub = headings(summary)
    draw.text((20, 14), title, font=fonts.title, fill=INK)
    sub_y = 14 + _height(draw, title, fonts.title) + 8
    draw.text((20, sub_y), sub, font=fonts.body, fill=MUTED)
    legend_y = sub_y + _height(draw, sub, fonts.body) + 10
    return _legend(draw, width - 32, legend_y, summary.goal, fonts) + 8


def _legend(draw: ImageDraw.ImageDraw, right: int, y: int, goal: int, fonts: _Fonts) -> int:
    """A right-aligned row of keys; returns its bottom."""
    items: list[tuple[str, RGB, str]] = [
        # Translators: the history chart's legend: breaks taken; keep under ~15 characters.
        (pgettext("chart legend", "Taken"), TAKEN, "box"),
        # Translators: the history chart's legend: breaks skipped; keep under ~15 characters.
        (pgettext("chart legend", "Skipped"), SKIPPED, "box"),
    ]
    if goal > 0:
        items += [
            # Translators: the history chart's legend: the daily goal line, {n} breaks a day.
            (ngettext("Goal {n}/day", "Goal {n}/day", goal).format(n=goal), GOAL, "line"),
            # Translators: the history chart's legend: the tick under a day that met the goal.
            (pgettext("chart legend", "goal met"), MET, "tick"),
        ]
    x = right
    mid = y + _height(draw, items[0][0], fonts.small) // 2 + 1
    for label, colour, mark in reversed(items):
        x -= round(draw.textlength(label, font=fonts.small))
        draw.text((x, y), label, font=fonts.small, fill=INK)
        if mark == "line":
            _dashed(draw, x - 32, x - 6, mid, colour, width=2)
            x -= 32 + 18
        elif mark == "tick":
            draw.text((x - 4, mid), "✓", font=fonts.bold, fill=colour, anchor="rm")
            x -= 20 + 18
        else:
            draw.rectangle((x - 20, mid - 6, x - 6, mid + 6), fill=colour)
            x -= 20 + 18
    return y + _height(draw, items[0][0], fonts.small)


def _height(draw: ImageDraw.ImageDraw, text: str, font: Font) -> int:
    return round(draw.textbbox((0, 0), text, font=font)[3])


def _scale_top(summary: Summary) -> int:
    """A round axis maximum above the tallest bar and the goal line."""
    peak = max([summary.goal, *(d.counts.taken + d.counts.skipped for d in summary.days)])
    step = _step(peak + 1)
    return math.ceil((peak + 1) / step) * step


def _step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100):
        if peak / step <= 6:
            return step
    return 200


def _y(box: _Box, top: int, value: float) -> int:
    return round(box.lower - (box.lower - box.upper) * value / top)


def _axes(draw: ImageDraw.ImageDraw, box: _Box, top: int, fonts: _Fonts) -> None:
    left, right = box.left, box.right
    step = _step(top)
    for value in range(0, top + 1, step):
        y = _y(box, top, value)
        draw.line((left, y, right, y), fill=GRID if value else MUTED, width=1)
        draw.text((left - 8, y), number_text(value), font=fonts.small, fill=MUTED, anchor="rm")


def _bars(
    draw: ImageDraw.ImageDraw,
    box: _Box,
    top: int,
    summary: Summary,
    fonts: _Fonts,
) -> None:
    left, right, lower = box.left, box.right, box.lower
    n = len(summary.days)
    slot = (right - left) / n
    bar = max(1.0, slot * (0.55 if n <= 14 else 0.75))
    labelled = set(range(n - 1, -1, -max(1, math.ceil(n / 12))))  # counted back from today
    for i, day in enumerate(summary.days):
        x0 = left + slot * i + (slot - bar) / 2
        x1 = x0 + bar - 1
        taken_top = _y(box, top, day.counts.taken)
        skipped_top = _y(box, top, day.counts.taken + day.counts.skipped)
        if day.counts.taken:
            draw.rectangle((x0, taken_top, x1, lower - 1), fill=TAKEN)
        if day.counts.skipped:
            draw.rectangle((x0, skipped_top, x1, taken_top - 1), fill=SKIPPED)
        centre = left + slot * (i + 0.5)
        if n <= 14:
            _numbers(draw, centre, (lower, taken_top, skipped_top), day, fonts)
        if i in labelled:
            _day_label(draw, centre, lower, day, is_today=i == n - 1, fonts=fonts, short=n > 14)
        if day.met and n > 14:
            r = max(1.5, min(3.0, bar / 2))
            draw.ellipse((centre - r, lower + 4, centre + r, lower + 4 + 2 * r), fill=MET)


def _numbers(
    draw: ImageDraw.ImageDraw,
    x: float,
    ys: tuple[int, int, int],
    day: DayStats,
    fonts: _Fonts,
) -> None:
    """The taken count in the teal bar (above it when too short) and skipped in the amber."""
    lower, taken_top, skipped_top = ys
    room = _height(draw, "8", fonts.small) + 6
    taken, skipped = day.counts.taken, day.counts.skipped
    if taken and lower - taken_top >= room:
        draw.text((x, taken_top + 4), number_text(taken), font=fonts.small, fill=BACKGROUND,
                  anchor="ma")  # fmt: skip
    elif taken:
        draw.text((x, skipped_top - 4), number_text(taken), font=fonts.small, fill=INK, anchor="md")
    if skipped and taken_top - skipped_top >= room:
        draw.text((x, skipped_top + 4), number_text(skipped), font=fonts.small, fill=INK,
                  anchor="ma")  # fmt: skip


def _day_label(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: int,
    day: DayStats,
    *,
    is_today: bool,
    fonts: _Fonts,
    short: bool,
) -> None:
    # Translators: the label under today's bar in the history chart, where the other bars have
    # their weekday ("Mon"); keep under ~8 characters.
    name = pgettext("chart day", "Today") if is_today else weekday_text(day.day)
    font = fonts.bold if is_today else fonts.body
    if short:
        draw.text((x, y + 14), day_month(day.day), font=fonts.small, fill=INK, anchor="ma")
        return
    draw.text((x, y + 8), name, font=font, fill=INK, anchor="ma")
    draw.text((x, y + 26), day_month(day.day), font=fonts.small, fill=MUTED, anchor="ma")
    if day.met:
        draw.text((x, y + 44), "✓", font=fonts.bold, fill=MET, anchor="ma")


def _goal_line(draw: ImageDraw.ImageDraw, box: _Box, top: int, goal: int, fonts: _Fonts) -> None:
    if goal <= 0:
        return
    _dashed(draw, box.left, box.right, _y(box, top, goal), GOAL, width=2)


def _dashed(
    draw: ImageDraw.ImageDraw, x0: float, x1: float, y: int, colour: RGB, *, width: int
) -> None:
    x = x0
    while x < x1:
        draw.line((x, y, min(x + 8, x1), y), fill=colour, width=width)
        x += 13


def save_week(summary: Summary, out: Path) -> Path:
    """Draw the week's chart and write it to `out` as a PNG (making its folder)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    render_week(summary).save(out)
    return out
