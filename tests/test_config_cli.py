"""`deskbreak config check|init|path|show`, called in-process: exit codes and output."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskbreak.cli import main
from deskbreak.core.config.model import Config
from deskbreak.core.config.read import parse_config


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)
    return tmp_path


def _config(home: Path) -> Path:
    return home / "config" / "config.toml"


def test_check_without_a_file_says_defaults_apply(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("config OK: no file at") and "defaults apply" in out


def test_check_valid_file_prints_a_summary(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = home / "mine.toml"
    path.write_text(
        '[schedule]\nevery = "30m"\n[[reminders]]\nat = "08:30"\nroutine = "mini-reset"\n',
        encoding="utf-8",
    )
    assert main(["config", "check", str(path)]) == 0
    assert capsys.readouterr().out == (
        "config OK: 30m interval, rotation mini-reset, shoulder-release, neck-and-sides, "
        f"posture-reset, 1 reminder, 0 routines of your own — {path}\n"
    )


def test_check_invalid_file_lists_every_problem_and_counts_them(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _config(home)
    path.parent.mkdir(parents=True)
    path.write_text('[schedule]\nevery = "5x"\n[player]\nwindw = true\n', encoding="utf-8")
    assert main(["config", "check"]) == 2
    assert capsys.readouterr().out.splitlines() == [
        'schedule.every: "5x" is not a duration — use h, m and s, e.g. "1m" to "8h" (line 2)',
        'player.windw: unknown key — did you mean "window"? (line 4)',
        f"2 problems in {path}",
    ]


def test_check_honours_the_global_config_option(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "other.toml"
    path.write_text("[goals]\nbreaks_per_day = 100\n", encoding="utf-8")
    assert main(["--config", str(path), "config", "check"]) == 2
    assert capsys.readouterr().out.splitlines()[-1] == f"1 problem in {path}"


def test_init_writes_the_example_and_refuses_to_overwrite(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "init"]) == 0
    path = _config(home)
    text = path.read_text(encoding="utf-8")
    assert "[schedule]" in text and parse_config(text) == Config()
    capsys.readouterr()
    assert main(["routines", "list"]) == 0
    assert "(yours)" not in capsys.readouterr().out  # the example routine is commented out
    path.write_text("# my edits\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["config", "init"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "# my edits\n"
    assert main(["config", "init", "--force"]) == 0
    assert path.read_text(encoding="utf-8") == text


def test_path_prints_the_config_path(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(_config(home))


def test_show_prints_the_effective_config(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _config(home)
    path.parent.mkdir(parents=True)
    path.write_text('[schedule]\nevery = "20m"\n', encoding="utf-8")
    assert main(["config", "show"]) == 0
    shown = parse_config(capsys.readouterr().out)
    assert shown == parse_config('[schedule]\nevery = "20m"\n')


def test_show_refuses_an_invalid_config(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _config(home)
    path.parent.mkdir(parents=True)
    path.write_text("[schedule\n", encoding="utf-8")
    assert main(["config", "show"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("toml: ")


def test_config_without_an_action_is_a_usage_error(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["config"])
    assert exited.value.code == 2
    assert "ACTION" in capsys.readouterr().err


@pytest.mark.parametrize(
    "where", [["config", "check", "missing.toml"], ["--config", "missing.toml", "config", "check"]]
)
def test_check_of_a_named_file_that_does_not_exist_fails(
    home: Path, capsys: pytest.CaptureFixture[str], where: list[str]
) -> None:
    assert main(where) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "deskbreak: config check: no file at missing.toml\n"
