"""Command-line mistakes are answered by the command that was typed, with a suggestion."""

from __future__ import annotations

import pytest

from deskbreak.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    code = exited.value.code
    return (code if isinstance(code, int) else -1), capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "meant"), [("stauts", "status"), ("pasue", "pause"), ("snoze", "snooze")]
)
def test_a_mistyped_command_gets_a_did_you_mean(
    capsys: pytest.CaptureFixture[str], typed: str, meant: str
) -> None:
    code, err = run(capsys, typed)
    assert code == 2
    assert err.splitlines()[-1] == f'deskbreak: unknown command "{typed}" — did you mean "{meant}"?'


def test_a_mistyped_action_of_a_command_gets_a_did_you_mean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = run(capsys, "config", "chek")
    assert code == 2
    assert (
        err.splitlines()[-1] == 'deskbreak config: unknown command "chek" — did you mean "check"?'
    )


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["status", "--jsn"], "usage: deskbreak status "),
        (["config", "check", "--x"], "usage: deskbreak config check "),
        (["--bogus"], "usage: deskbreak [-h]"),
    ],
)
def test_an_unknown_option_prints_the_usage_of_its_own_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], usage: str
) -> None:
    code, err = run(capsys, *argv)
    assert code == 2
    first, last = err.splitlines()[0], err.splitlines()[-1]
    assert first.startswith(usage)
    assert last.endswith(f"unrecognized arguments: {argv[-1]}")
