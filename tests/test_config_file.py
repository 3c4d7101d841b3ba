"""Reading valid configs, loading files, the example config, and the TOML round trips."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from deskbreak.cli.tomltext import dump_config, export_routine
from deskbreak.core import library
from deskbreak.core.config.checks import Problem
from deskbreak.core.config.lines import LineLocator
from deskbreak.core.config.model import Config, TimeRange
from deskbreak.core.config.read import ConfigErrors, catalogue, load_config, parse_config
from deskbreak.core.routines import Routine, Side

REPO = Path(__file__).resolve().parent.parent

FULL = """
[schedule]
every = "50m"
rotation = ["mini-reset", "my-reset"]
snooze = "15m"
snooze_choices = ["5m", "1h"]
max_snoozes = 0
renotify = "off"
heads_up = "1m"
natural_break = "off"

[schedule.hours]
weekdays = "09:00-18:00"
mon = ["09:00-12:30", "13:30-24:00"]

[[reminders]]
at = 08:30:00
days = "weekdays"
routine = "my-reset"

[[reminders]]
at = "17:00"
days = ["sat", "Sunday"]
routine = "mini-reset"

[player]
window = false
motion = "Reduced"
contrast = "high"

[goals]
breaks_per_day = 8

[[routines]]
id = "my-reset"
title = "My reset"
  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "1m"
  cues = ["Slowly"]
  [[routines.steps]]
  name = "Gentle neck tilt"
  duration = "30s"
  sides = true
  cues = ["Ear towards shoulder"]
"""


def test_empty_file_gives_the_defaults() -> None:
    assert parse_config("") == Config()
    assert parse_config(b"") == Config()
    assert parse_config(b"\xef\xbb\xbf# only a comment\n") == Config()


def test_full_config_is_read_into_typed_values() -> None:
    config = parse_config(FULL)
    s = config.schedule
    assert s.every == timedelta(minutes=50)
    assert s.rotation == ("mini-reset", "my-reset")
    assert s.snooze_choices == (timedelta(minutes=5), timedelta(hours=1))
    assert (s.max_snoozes, s.renotify, s.natural_break) == (0, None, None)
    assert s.heads_up == timedelta(minutes=1)
    assert s.hours is not None
    assert s.hours.ranges(0) == (TimeRange(540, 750), TimeRange(810, 1440))
    assert s.hours.ranges(1) == (TimeRange(540, 1080),)
    assert s.hours.ranges(5) == ()
    assert [(r.at, r.days) for r in config.reminders] == [(510, (0, 1, 2, 3, 4)), (1020, (5, 6))]
    assert config.player.window is False and config.player.chime is True
    assert (config.player.motion, config.player.contrast) == ("reduced", "high")
    assert config.goals.breaks_per_day == 8
    mine = config.routines[0]
    assert mine.builtin is False and mine.total == timedelta(minutes=2)
    assert mine.steps[0].exercise.cues == ("Slowly",)
    assert mine.steps[0].exercise.figure == library.exercises()["shoulder-rolls"].figure
    assert mine.steps[1].exercise.sides is True


def test_catalogue_holds_builtins_and_the_users_routines() -> None:
    found = catalogue(parse_config(FULL))
    assert "mini-reset" in found and found["my-reset"].title == "My reset"
    assert set(library.routines()) <= set(found)


def test_dump_round_trips() -> None:
    for config in (Config(), parse_config(FULL)):
        assert parse_config(dump_config(config)) == config


def test_export_round_trips_a_users_routine() -> None:
    mine = parse_config(FULL).routines[0]
    text = export_routine(mine)
    assert "[[routines.steps]]" in text
    assert parse_config(text).routines == (mine,)


@pytest.mark.parametrize("rid", sorted(library.routines()))
def test_export_of_a_builtin_is_an_editable_copy(rid: str) -> None:
    builtin = library.routines()[rid]
    copy = parse_config(export_routine(builtin)).routines[0]
    assert copy == replace(builtin, id=f"my-{rid}", builtin=False, variants=(), easier=False)


def test_errors_carry_every_problem_and_a_summary() -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config('[schedule]\nevery = "5x"\nsnooze = "0m"\n')
    problems = caught.value.problems
    assert [p.path for p in problems] == ["schedule.every", "schedule.snooze"]
    assert "and 1 more" in str(caught.value)


def test_problem_text_format() -> None:
    problem = Problem("schedule.every", '"5x" is not a duration', 'use h, m, s, e.g. "45m"', 3)
    assert (
        str(problem) == 'schedule.every: "5x" is not a duration — use h, m, s, e.g. "45m" (line 3)'
    )
    assert str(Problem("file", "is empty", "")) == "file: is empty"


def test_invalid_utf8_names_the_line() -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config(b'[schedule]\nevery = "\xff"\n')
    assert [str(p) for p in caught.value.problems] == [
        "file: is not UTF-8 text (byte 20) — save it as UTF-8 (line 2)"
    ]


def test_deep_nesting_and_huge_numbers_are_problems() -> None:
    for text in ("a = " + "[" * 5000 + "]" * 5000, "a = " + "9" * 5000):
        with pytest.raises(ConfigErrors) as caught:
            parse_config(text)
        assert caught.value.problems[0].path == "toml"


def test_line_locator_follows_arrays_of_tables() -> None:
    text = '[[routines]]\nid = "a"\n[[routines.steps]]\nname = "x"\n[[routines]]\n"id" = "b"\n'
    locate = LineLocator(text).line
    assert locate("routines[0].steps[0].name") == 4
    assert locate("routines[1].id") == 6
    assert locate("routines[1].steps[3]") == 5
    assert locate("nothing.here") is None


def test_load_missing_file_gives_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    assert load_config(tmp_path / "absent.toml") == Config()


def test_load_unreadable_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    with pytest.raises(ConfigErrors) as caught:
        load_config(tmp_path)  # a directory
    assert caught.value.problems[0].path == "file"
    assert "cannot be read" in caught.value.problems[0].message


def test_load_reads_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nevery = "20m"\n', encoding="utf-8")
    assert load_config(path).schedule.every == timedelta(minutes=20)


def _example() -> str:
    return (REPO / "config.example.toml").read_text(encoding="utf-8")


def test_example_passes_and_uses_the_defaults() -> None:
    assert parse_config(_example()) == Config()  # every line a default: nothing "(yours)"


def test_example_with_its_commented_examples_enabled_passes() -> None:
    enabled = re.sub(r"(?m)^#(?=[\[a-z])", "", _example())
    config = parse_config(enabled)
    assert config.schedule.hours is not None
    assert [r.routine for r in config.reminders] == ["morning-relief"]
    assert [r.id for r in config.routines] == ["my-reset"]


def test_example_documents_every_key() -> None:
    text = re.sub(r"(?m)^#(?=[\[a-z])", "", _example())
    dumped = dump_config(parse_config(text))
    keys = set(re.findall(r"(?m)^\s*([a-z_]+) =", dumped))
    written = set(re.findall(r"(?m)^\s*([a-z_]+) =", text))
    assert keys <= written | {"tue", "wed", "thu", "fri", "sat", "sun"}


def test_package_ships_the_example() -> None:
    link = REPO / "deskbreak" / "config.example.toml"
    assert link.read_text(encoding="utf-8") == _example()


SIDES_FIRST = """
[player]
first_side = "right"

[[routines]]
id = "lefty"
first_side = "left"
[[routines.steps]]
exercise = "seated-spinal-twist"
duration = "1m"
[[routines.steps]]
exercise = "shoulder-rolls"
duration = "1m"
"""


def _sides(routine: Routine) -> list[Side | None]:
    return [s.side for s in routine.segments() if s.side is not None]


def test_sided_steps_may_start_on_the_right_everywhere_or_per_routine() -> None:
    assert _sides(catalogue(Config())["mini-reset"]) == [Side.LEFT, Side.RIGHT]  # the default
    config = parse_config(SIDES_FIRST)
    found = catalogue(config)
    assert config.player.first_side is Side.RIGHT
    assert _sides(found["mini-reset"]) == [Side.RIGHT, Side.LEFT]  # the global default
    assert _sides(found["lefty"]) == [Side.LEFT, Side.RIGHT]  # the routine's own choice
    assert parse_config(dump_config(config)) == config
    assert parse_config(export_routine(found["lefty"])).routines == config.routines
