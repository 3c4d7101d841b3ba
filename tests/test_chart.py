"""The weekly chart renders at the asked size, with bars, legend and goal line."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image

from deskbreak.core.events import Event, EventKind
from deskbreak.core.stats import Summary, summarize
from deskbreak.desktop.chart import GOAL, SKIPPED, TAKEN, headings, render, render_week

TZ = ZoneInfo("Europe/Berlin")
TODAY = date(2024, 4, 2)


def history(taken_per_day: list[int], skipped_per_day: list[int]) -> list[Event]:
    """Events for the days ending today, oldest first."""
    events = []
    n = len(taken_per_day)
    for i, (taken, skipped) in enumerate(zip(taken_per_day, skipped_per_day, strict=True)):
        start = datetime.combine(TODAY - timedelta(days=n - 1 - i), datetime.min.time(), TZ)
        kinds = [EventKind.COMPLETED] * taken + [EventKind.SKIPPED] * skipped
        events += [
            Event(at=start + timedelta(hours=8, minutes=20 * k), kind=kind, detail={"seconds": 150})
            for k, kind in enumerate(kinds)
        ]
    return events


def week(taken: list[int], skipped: list[int], goal: int = 6) -> Summary:
    return summarize(history(taken, skipped), today=TODAY, days=len(taken), goal=goal, tz=TZ)


def pixels(image: Image.Image, colour: tuple[int, int, int]) -> int:
    counts = image.getcolors(maxcolors=image.size[0] * image.size[1])
    assert counts is not None
    return sum(n for n, c in counts if c == colour)


def column_heights(image: Image.Image, colour: tuple[int, int, int]) -> list[int]:
    """Height of the colour's run in each column (for comparing bars)."""
    width, height = image.size
    data = image.load()
    assert data is not None
    return [sum(1 for y in range(height) if data[x, y] == colour) for x in range(width)]


def test_week_chart_has_the_size_and_all_its_parts() -> None:
    image = render_week(week([6, 7, 2, 0, 8, 6, 3], [1, 0, 2, 0, 1, 0, 0]))
    assert image.size == (800, 480)
    assert image.mode == "RGB"
    assert pixels(image, TAKEN) > 10_000  # bars
    assert pixels(image, SKIPPED) > 1_000
    assert pixels(image, GOAL) > 500  # dashed goal line
    colours = image.getcolors(maxcolors=100_000)
    assert colours is not None and len(colours) > 20  # anti-aliased text, not a flat image


def test_bars_grow_with_the_breaks_taken() -> None:
    image = render_week(week([1, 2, 3, 4, 5, 6, 7], [0] * 7))
    width, height = image.size
    below_legend = image.crop((0, 100, width, height))
    plot = column_heights(below_legend, TAKEN)[round(width * 0.07) : width - 32]
    bars = [h for h in plot if h > 0]
    assert bars, "no bars drawn"
    slot = len(plot) / 7
    tallest = [max(plot[round(slot * i) : round(slot * (i + 1))]) for i in range(7)]
    assert tallest == sorted(tallest) and tallest[0] < tallest[-1]


def test_render_week_shows_only_the_last_seven_days() -> None:
    taken = [9] * 7 + [1] * 7  # the older, taller week must not be drawn
    summary = week(taken, [0] * 14)
    seven = render_week(summary)
    fourteen = render(summary)
    assert len(summary.last(7).days) == 7
    assert pixels(seven, TAKEN) < pixels(fourteen, TAKEN)


def test_an_empty_history_still_renders_a_chart() -> None:
    summary = summarize([], today=TODAY, days=7, goal=6, tz=TZ)
    image = render_week(summary)
    assert image.size == (800, 480)
    assert pixels(image, GOAL) > 500
    assert image.getbbox() is not None


def test_many_days_and_other_sizes_render() -> None:
    taken = [(i * 7) % 9 for i in range(366)]
    image = render(week(taken, [i % 3 for i in range(366)], goal=0), size=(1200, 600))
    assert image.size == (1200, 600)
    assert pixels(image, TAKEN) > 5_000
    assert pixels(image, GOAL) == 0  # no goal, no line
    small = render_week(week([3] * 7, [1] * 7), size=(400, 240))
    assert small.size == (400, 240) and pixels(small, TAKEN) > 1_000


def test_headings_count_in_the_singular_and_the_plural() -> None:
    title, sub = headings(week([1], [2]))
    assert title == "Today: 1 break taken, 2 skipped"
    assert "0 natural breaks" in sub and sub.endswith("streak 0 days")
    title, _ = headings(week([2, 0], [0, 0]))
    assert title == "Last 2 days: 2 breaks taken, 0 skipped"
