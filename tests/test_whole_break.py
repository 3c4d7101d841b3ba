"""A whole break in each of the 15 languages: what a person reads, start to end, is translated.

For each language this renders, with the real catalogue, what one break shows: the
notification, the tray menu, every step the player shows of the default routine, `status`,
`stats`, the doctor's report and a config error. Each of those is rendered in English too,
and no sentence may come out as the English one: a line left in English would be a message
the catalogue lacks or the code forgot to mark. Times are the locale's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from babel.dates import format_time
from support.engine import BERLIN
from support.status import make_status
from test_catalogues import LANGUAGES
from test_doctor import GNOME, healthy

from deskbreak import lang
from deskbreak.cli.historycmd import format_summary
from deskbreak.cli.statustext import render_status
from deskbreak.core import library
from deskbreak.core.config.read import ConfigErrors, parse_config
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import Notify
from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.core.i18n import time_text
from deskbreak.core.notices import notice_for
from deskbreak.core.ports import NoticeKind
from deskbreak.core.stats import summarize
from deskbreak.desktop.tray.menu import Item, build
from deskbreak.doctor.findings import diagnose
from deskbreak.player import view
from deskbreak.player.timeline import Frame, Timeline

CHOICES = (timedelta(minutes=5), timedelta(minutes=15))
LOCALES = {"pt_BR": "pt_BR", "zh_CN": "zh_Hans_CN"}  # Babel's names where they differ


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _frames(routine_id: str) -> Iterator[Frame]:
    clock = Clock()
    timeline = Timeline(library.routines()[routine_id], clock)
    timeline.start()
    while not (frame := timeline.tick()).finished:
        yield frame
        clock.now += 2.0


def _menu(items: tuple[Item, ...]) -> Iterator[str]:
    for item in items:
        if not item.separator:
            yield item.text
            yield from _menu(item.children)


def _notice() -> list[str]:
    notice = notice_for(Notify(NoticeKind.DUE, "mini-reset", Trigger.INTERVAL), Settings())
    return [notice.title, notice.body]


def _player() -> list[str]:
    texts: list[str] = []
    for frame in _frames("mini-reset"):
        texts += view.step_texts(frame).values()
        texts += view.frame_texts(frame).values()
    return texts


def _status() -> list[str]:
    status = make_status()
    return render_status(status.to_json(), status.headline()).splitlines()


def _stats() -> list[str]:
    start = datetime(2024, 3, 4, 10, 0, tzinfo=BERLIN)
    events = [
        Event(start + timedelta(days=d, hours=h), kind, "mini-reset", Trigger.INTERVAL, {})
        for d in range(3)
        for h, kind in ((0, EventKind.DUE), (1, EventKind.COMPLETED), (2, EventKind.SKIPPED))
    ]
    summary = summarize(events, today=date(2024, 3, 7), days=7, goal=6, tz=BERLIN)
    return format_summary(summary).splitlines()


def _doctor() -> list[str]:
    return diagnose(GNOME, healthy(), timeout=0.5, platform="linux").lines()


def _config_error() -> list[str]:
    with pytest.raises(ConfigErrors) as caught:
        parse_config('[schedule]\nevery = "soon"\n')
    return [caught.value.message]


PARTS: dict[str, Callable[[], list[str]]] = {
    "notification": _notice,
    "tray menu": lambda: list(
        _menu(build(make_status(), list(library.routines().values()), CHOICES))
    ),
    "player": _player,
    "status": _status,
    "stats": _stats,
    "doctor": _doctor,
    "config error": _config_error,
}


def _sentences(lines: list[str]) -> set[str]:
    """The lines that are sentences: two words or more of letters (not ids, times, numbers)."""
    out = set()
    for line in lines:
        words = [w for w in line.replace("—", " ").split() if sum(c.isalpha() for c in w) > 2]
        if len(words) >= 2:
            out.add(line.strip())
    return out


def _render() -> dict[str, list[str]]:
    return {name: make() for name, make in PARTS.items()}


@pytest.fixture(scope="module")
def english() -> dict[str, list[str]]:
    lang.setup("en")
    return _render()


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_whole_break_reads_in_the_language(code: str, english: dict[str, list[str]]) -> None:
    assert lang.setup(code) == code
    rendered = _render()
    for part, lines in rendered.items():
        assert len(_sentences(english[part])) >= 1, part
        left = _sentences(lines) & _sentences(english[part])
        assert left == set(), f"{part} still in English in {code}: {sorted(left)}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_times_are_in_the_locale_s_own_style(code: str, monkeypatch: Any) -> None:
    monkeypatch.setenv("LANG", f"{code}.UTF-8")
    assert lang.setup("auto", {"LANG": f"{code}.UTF-8"}) == code
    expected = format_time(time(14, 30), format="short", locale=LOCALES.get(code, code))
    assert time_text(time(14, 30)) == expected
