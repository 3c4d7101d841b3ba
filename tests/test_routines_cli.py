"""`deskbreak routines list|show|export`, called in-process: exit codes and output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from deskbreak.cli import main
from deskbreak.core import library, safety
from deskbreak.core.config.read import parse_config
from deskbreak.core.routines import Routine

README = Path(__file__).resolve().parent.parent / "README.md"

MINE = """
[[routines]]
id = "my-reset"
title = "My reset"
  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "1m"
  [[routines.steps]]
  name = "Gentle neck tilt"
  duration = "30s"
  sides = true
  cues = ["Ear towards shoulder"]
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)
    return tmp_path


def _write(home: Path, text: str) -> None:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_list_shows_builtins_and_the_users_routines(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(home, MINE)
    assert main(["routines", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(library.routines()) + 1
    assert lines[-1].split() == ["my-reset", "2:00", "desk", "My", "reset", "(yours)"]
    mini = next(line for line in lines if line.startswith("mini-reset "))
    assert "desk" in mini.split()


def test_list_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(home, MINE)
    assert main(["routines", "list", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["my-reset"] == {
        "id": "my-reset",
        "title": "My reset",
        "seconds": 120,
        "length": "2:00",
        "posture": "seated",
        "desk": True,
        "builtin": False,
        "steps": 3,  # as the player counts them: each side once
        "exercises": 2,
    }
    assert rows["mini-reset"]["builtin"] is True
    assert rows["mini-reset"]["steps"] == len(library.routines()["mini-reset"].segments()) == 4


def test_the_readme_lists_the_routines_as_routines_list_prints_them(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    section = README.read_text(encoding="utf-8").split("\n## Routines\n", 1)[1]
    listed = section.split("```\n", 2)[1].splitlines()  # the section's first block
    rows = [re.split(r"\s{2,}", line.strip()) for line in listed]  # id, length, place, title
    assert {row[0]: row[-1] for row in rows} == {
        r.id: r.title for r in library.routines().values()
    }, "the README's routine ids and titles are the library's"
    assert main(["routines", "list"]) == 0
    assert listed == capsys.readouterr().out.splitlines()  # lengths, places, order too


def test_list_with_an_invalid_config_warns_and_lists_builtins(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(home, MINE + "\n[goals]\nbreaks_per_day = -1\n")
    assert main(["routines", "list"]) == 0
    captured = capsys.readouterr()
    assert "1 problem" in captured.err and "config check" in captured.err
    assert len(captured.out.splitlines()) == len(library.routines())
    assert "my-reset" not in captured.out


def test_show_lists_steps_sides_cues_and_total(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(home, MINE)
    assert main(["routines", "show", "my-reset"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "My reset (my-reset) — 2:00, desk"
    assert "2. Gentle neck tilt [my-reset.gentle-neck-tilt] — 0:30 per side (1:00 in all)" in out
    assert "left then right (steps 2–3 of 3)" in out
    assert "   - Ear towards shoulder" in out
    assert out.splitlines()[-1] == "Total: 2:00"


def test_show_follows_first_side_for_sided_steps(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With `first_side = "right"` the sided steps are described right side first, as the
    player plays them; the rest of what `show` prints stays the same."""
    assert main(["routines", "show", "mini-reset"]) == 0
    left_first = capsys.readouterr().out.splitlines()
    _write(home, '[player]\nfirst_side = "right"\n')
    assert main(["routines", "show", "mini-reset"]) == 0
    right_first = capsys.readouterr().out.splitlines()

    sided = [s.exercise for s in library.routines()["mini-reset"].steps if s.exercise.sides]
    assert sided
    for ex in sided:
        left, right = f"   {ex.left}", f"   {ex.right}"
        assert left_first.index(left) < left_first.index(right), ex.id
        assert right_first.index(right) < right_first.index(left), ex.id
    heads = [line for line in left_first if "]" in line and f"[{sided[0].id}]" in line]
    changed = set(left_first) ^ set(right_first)
    assert heads and set(heads) <= changed  # the sided step's own line says which side first
    assert len(changed) == 2 * len(sided)  # and nothing else changed


def test_show_unknown_id_suggests_a_close_one(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["routines", "show", "mini-rest"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == 'deskbreak: no routine "mini-rest" — did you mean "mini-reset"?'


def test_export_prints_toml_that_the_config_accepts(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["routines", "export", "mini-reset"]) == 0
    text = capsys.readouterr().out
    copy = parse_config(text).routines[0]
    assert copy.id == "my-mini-reset"
    assert copy.steps == library.routines()["mini-reset"].steps


def test_export_unknown_id_is_a_usage_error(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["routines", "export", "nothing-like-it"]) == 2
    assert "routines list" in capsys.readouterr().err


@pytest.mark.parametrize("routine", library.routines().values(), ids=lambda r: r.id)
def test_show_prints_everything_the_player_shows(
    routine: Routine, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["routines", "show", routine.id]) == 0
    out = capsys.readouterr().out
    for line in (*library.INTRO, safety.STOP_NOW, safety.EMERGENCY):
        assert line in out
    for step in routine.steps:
        ex = step.exercise
        for text in (ex.name, ex.purpose, *ex.cues, *ex.modifications, *ex.cautions):
            assert text in out, (ex.id, text)
        for text in (ex.left, ex.right, ex.before, ex.breathing or ""):
            assert text in out
    counted = [s for s in routine.steps if s.exercise.rhythm and s.exercise.rhythm.counted]
    assert out.count("Repetitions: ") == sum(1 for s in counted if s.repetitions())


def test_show_json_carries_each_steps_whole_exercise(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["routines", "show", "posture-reset", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "posture-reset" and data["intro"] == list(library.INTRO)
    assert data["safety"]["emergency"] == safety.EMERGENCY
    twist = next(s for s in data["plan"] if s["exercise"]["id"] == "rotating-chair-twist")
    ex = library.exercises()["rotating-chair-twist"]
    assert twist["exercise"]["cautions"] == list(ex.cautions)
    assert twist["exercise"]["modifications"] == list(ex.modifications)
    assert twist["exercise"]["purpose"] == ex.purpose and twist["exercise"]["cues"] == list(ex.cues)
    assert twist["exercise"]["sides"] == {"left": ex.left, "right": ex.right}
    assert twist["rhythm"] == {
        "first": "exhale",
        "inhale": ["centre"],
        "exhale": ["turned"],
        "hold": 5.0,
    }
    reps = twist["repetitions"]
    assert reps["count"] == 3 and reps["per_side"] is True and reps["hold"] == 5.0
    assert reps["count"] * reps["seconds"] == twist["seconds"]
    assert len(twist["segments"]) == 2
    segments = [n for s in data["plan"] for n in s["segments"]]
    assert segments == list(range(1, data["steps"] + 1))


def test_safety_prints_the_note_the_emergency_line_and_the_red_flags(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["safety"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert safety.SAFETY_NOTE in lines and safety.EMERGENCY in lines
    assert lines[lines.index(safety.EMERGENCY) - 1] == ""  # a line of its own
    for flag in safety.RED_FLAGS:
        assert f"- {'(*) ' if flag.from_sources else ''}{flag.text}" in lines
    assert main(["safety", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["emergency"] == safety.EMERGENCY
    assert [f["text"] for f in data["see_a_professional"]] == list(safety.SEE_A_PROFESSIONAL)
    assert sum(f["from_sources"] for f in data["see_a_professional"]) == 2
