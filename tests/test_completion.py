"""`deskbreak completion`: the generated scripts completing in real bash, zsh and fish.

Each shell sources the script `deskbreak completion SHELL` prints and completes a few
command lines; `deskbreak` on the PATH is this checkout, so the scripts' call back for
routine ids and snooze lengths (`deskbreak completion --list ...`) reads the test's config,
which has a routine of its own and snooze lengths of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deskbreak.cli import build_parser, main
from deskbreak.cli.parsertree import FILE, ROUTINE, SNOOZE, tree

REPO = Path(__file__).resolve().parent.parent
MINE = """
[schedule]
snooze_choices = ["7m", "1h"]

[[routines]]
id = "my-reset"
title = "My reset"
  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "2m"
"""


def _program(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is missing: apt-get install {package} (scripts/setup lists it)"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose `deskbreak` is this checkout, with a home and config of its own."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "deskbreak"
    path = f"{REPO}${{PYTHONPATH:+:$PYTHONPATH}}"
    shim.write_text(f'#!/bin/sh\nPYTHONPATH={path} exec {sys.executable} -m deskbreak "$@"\n')
    shim.chmod(0o755)
    home = tmp_path / "deskbreak"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(MINE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DESKBREAK_", "XDG_"))}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(tmp_path),
        DESKBREAK_HOME=str(home),
        DESKBREAK_LANGUAGE="en",
    )
    return env


def _script(shell: str, env: dict[str, str], tmp_path: Path) -> Path:
    result = subprocess.run(
        ["deskbreak", "completion", shell], env=env, capture_output=True, text=True, check=True
    )
    path = tmp_path / f"completion.{shell}"
    path.write_text(result.stdout, encoding="utf-8")
    return path


BASH = """
source "$1"
shift
for line in "$@"; do
    read -r -a COMP_WORDS <<<"$line"
    [[ $line == *' ' ]] && COMP_WORDS+=('')
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _deskbreak
    echo "${COMPREPLY[*]}"
done
"""


def _bash(env: dict[str, str], tmp_path: Path, *lines: str) -> list[set[str]]:
    bash = _program("bash", "bash")
    script = _script("bash", env, tmp_path)
    argv = [bash, "--norc", "--noprofile", "-c", BASH, "bash", str(script), *lines]
    out = subprocess.run(
        argv, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0 and out.stderr == "", out.stderr
    return [set(line.split()) for line in out.stdout.splitlines()]


def test_bash_completes_commands_options_and_the_configs_routines(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "notes.toml").write_text("")
    commands, play, mine, snooze, option, sub, value, choice, config_file = _bash(
        shell_env,
        tmp_path,
        "deskbreak pl",
        "deskbreak play ",
        "deskbreak routines show my",
        "deskbreak snooze ",
        "deskbreak play --te",
        "deskbreak routines ",
        "deskbreak --config not",
        "deskbreak autostart ",
        "deskbreak -v --config notes.toml break my",
    )
    assert commands == {"play", "plan"}
    assert {"my-reset", "mini-reset", "posture-reset"} <= play
    assert mine == {"my-reset"}
    assert snooze == {"7m", "1h"}
    assert option == {"--terminal"}
    assert sub == {"list", "show", "export"}
    assert value == {"notes.toml"}
    assert choice == {"enable", "disable", "status"}
    assert config_file == set()  # that file has no routines of its own: only the built-ins


def test_a_broken_config_lists_nothing_and_says_nothing(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    config = Path(shell_env["DESKBREAK_HOME"]) / "config" / "config.toml"
    config.write_text("[schedule\nevery = ", encoding="utf-8")
    for which in ("routines", "snooze"):
        result = subprocess.run(
            ["deskbreak", "completion", "--list", which],
            env=shell_env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    (play,) = _bash(shell_env, tmp_path, "deskbreak play ")
    assert play == set()


def test_the_listing_follows_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)
    assert main(["completion", "--list", "snooze"]) == 0
    assert capsys.readouterr().out.split() == ["5m", "10m", "30m"]  # the defaults
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(MINE, encoding="utf-8")
    assert main(["completion", "--list", "snooze"]) == 0
    assert capsys.readouterr().out.split() == ["7m", "1h"]
    assert main(["completion", "--list", "routines"]) == 0
    assert "my-reset" in capsys.readouterr().out.split()


def test_fish_completes_commands_options_and_the_configs_routines(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    fish = _program("fish", "fish")
    script = _script("fish", shell_env, tmp_path)
    lines = [
        "deskbreak pl",
        "deskbreak play ",
        "deskbreak routines show my",
        "deskbreak snooze ",
        "deskbreak play --te",
        "deskbreak completion ",
    ]
    code = (
        f"source {script}\n"
        "for line in $argv\n"
        '    complete -C "$line" | string replace -r "\\t.*" "" | string join " "\n'
        "    echo\n"
        "end\n"
    )
    result = subprocess.run(
        [fish, "--no-config", "-c", code, *lines],
        env=shell_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    got = [set(line.split()) for line in result.stdout.split("\n")[: len(lines) * 2 : 2]]
    commands, play, mine, snooze, option, shells = got
    assert commands == {"play", "plan"}
    assert {"my-reset", "mini-reset"} <= play
    assert mine == {"my-reset"}
    assert snooze == {"7m", "1h"}
    assert option == {"--terminal"}
    assert shells == {"bash", "zsh", "fish"}


ZSH = """
autoload -U compinit && compinit -u -D
source "$1"
shift
_describe() { local e; for e in "${(@P)4}"; do print -rn -- "${e%%:*} "; done; print; }
compadd() { print -r -- "${(P)2}"; }
_files() { print -r -- "(files)"; }
for line in "$@"; do
    words=(${=line})
    [[ $line == *' ' ]] && words+=('')
    CURRENT=${#words}
    _deskbreak
done
"""


def test_zsh_completes_commands_and_the_configs_routines(
    shell_env: dict[str, str], tmp_path: Path
) -> None:
    """The real zsh function, with zsh's completion builtins standing in to print."""
    zsh = _program("zsh", "zsh")
    script = _script("zsh", shell_env, tmp_path)
    lines = ["deskbreak pl", "deskbreak play ", "deskbreak snooze ", "deskbreak stats --png "]
    result = subprocess.run(
        [zsh, "-f", "-c", ZSH, "zsh", str(script), *lines],
        env=shell_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    commands, play, snooze, png = (set(line.split()) for line in result.stdout.splitlines())
    assert {"play", "plan", "run", "routines"} <= commands
    assert {"my-reset", "mini-reset"} <= play
    assert snooze == {"7m", "1h"}
    assert png == {"(files)"}


def test_the_tree_knows_what_each_value_is() -> None:
    top = tree(build_parser())
    by_name = {command.path: command for command in top.walk()}
    assert by_name[("play",)].arguments[0].kind == ROUTINE
    assert by_name[("break",)].arguments[0].kind == ROUTINE
    assert by_name[("routines", "export")].arguments[0].kind == ROUTINE
    assert by_name[("snooze",)].arguments[0].kind == SNOOZE
    config = next(o for o in top.options if "--config" in o.flags)
    assert config.kind == FILE
    hidden = {flag for command in top.walk() for o in command.options for flag in o.flags}
    assert "--wake-grace" not in hidden and "--list" not in hidden
