"""[calendar] in the config: sources of each kind, the round trip through `config show`, and
every problem with its key path and line."""

from __future__ import annotations

from datetime import timedelta

import pytest

from deskbreak.cli.tomltext import dump_config
from deskbreak.core.config.model import CalendarKind, CalendarSettings, CalendarSource, Config
from deskbreak.core.config.read import ConfigErrors, parse_config

GOOD = """
[calendar]
lead = "15m"
before_long = "90m"
ignore = ["Focus time", "lunch"]
refresh = "5m"

[[calendar.sources]]
name = "home"
ics = "~/Calendars/home.ics"

[[calendar.sources]]
name = "team"
url = "https://calendar.example.org/secret/basic.ics"
me = ["Me@Example.org"]

[[calendar.sources]]
name = "work"
caldav = "https://cloud.example.org/remote.php/dav/calendars/me/office/"
user = "me"
"""


def test_the_sources_of_each_kind_are_read() -> None:
    calendar = parse_config(GOOD).calendar
    assert calendar == CalendarSettings(
        sources=(
            CalendarSource("home", CalendarKind.ICS, "~/Calendars/home.ics"),
            CalendarSource(
                "team",
                CalendarKind.URL,
                "https://calendar.example.org/secret/basic.ics",
                me=("me@example.org",),
            ),
            CalendarSource(
                "work",
                CalendarKind.CALDAV,
                "https://cloud.example.org/remote.php/dav/calendars/me/office/",
                "me",
            ),
        ),
        lead=timedelta(minutes=15),
        before_long=timedelta(minutes=90),
        ignore=("Focus time", "lunch"),
        refresh=timedelta(minutes=5),
    )
    assert calendar.enabled
    assert not Config().calendar.enabled


def test_config_show_round_trips_the_calendar() -> None:
    config = parse_config(GOOD)
    assert parse_config(dump_config(config)) == config
    assert parse_config(dump_config(Config())) == Config()


def _problems(text: str) -> dict[str, int | None]:
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text)
    return {p.path: p.line for p in caught.value.problems}


@pytest.mark.parametrize(
    ("source", "path", "line"),
    [
        ('name = "a"', "calendar.sources[0]", 2),
        ('name = "a"\nics = "x.ics"\nurl = "https://e.org/a.ics"', "calendar.sources[0]", 2),
        ('name = "a"\nurl = "http://e.org/a.ics"', "calendar.sources[0].url", 4),
        ('name = "a"\ncaldav = "ftp://e.org/dav/"\nuser = "me"', "calendar.sources[0].caldav", 4),
        ('name = "a"\nurl = "https://"', "calendar.sources[0].url", 4),
        ('ics = "x.ics"', "calendar.sources[0].name", None),
        ('name = "  "\nics = "x.ics"', "calendar.sources[0].name", 3),
        ('name = "a"\ncaldav = "https://e.org/dav/"', "calendar.sources[0].user", None),
        ('name = "a"\nics = "x.ics"\nuser = "me"', "calendar.sources[0].user", 5),
        ('name = "a"\nics = "x.ics"\nme = [""]', "calendar.sources[0].me[0]", 5),
        ('name = "a"\nics = "x.ics"\nmee = []', "calendar.sources[0].mee", 5),
    ],
)
def test_a_bad_source_is_named_by_its_key_path_and_line(
    source: str, path: str, line: int | None
) -> None:
    problems = _problems(f"\n[[calendar.sources]]\n{source}\n")
    assert path in problems, problems
    if line is not None:
        assert problems[path] == line


def test_names_are_unique() -> None:
    one = '[[calendar.sources]]\nname = "a"\nics = "x.ics"\n\n'
    text = one + one.replace("x.ics", "y.ics")
    assert "calendar.sources[1].name" in _problems(text)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('[calendar]\nlead = "1m"', "calendar.lead"),
        ('[calendar]\nbefore_long = "soon"', "calendar.before_long"),
        ("[calendar]\nrefresh = 5", "calendar.refresh"),
        ('[calendar]\nignore = "lunch"', "calendar.ignore"),
        ('[calendar]\nignore = [""]', "calendar.ignore[0]"),
        ('[calendar]\nrefrseh = "5m"', "calendar.refrseh"),
        ('calendar = "on"', "calendar"),
        ('[calendar]\nsources = "work"', "calendar.sources"),
    ],
)
def test_bad_calendar_settings_are_named(text: str, path: str) -> None:
    assert path in _problems(text)


def test_an_https_refusal_says_why() -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config('[[calendar.sources]]\nname = "a"\nurl = "http://e.org/a.ics"\n')
    problem = caught.value.problems[0]
    assert problem.path == "calendar.sources[0].url" and problem.fix  # the why is the fix
