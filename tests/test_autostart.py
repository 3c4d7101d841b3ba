"""Autostart entries: contents as text, and enable → status → disable round trips."""

from __future__ import annotations

import configparser
import plistlib
import subprocess
from pathlib import Path

import pytest

from deskbreak.cli import main
from deskbreak.install.autostart import (
    Autostart,
    Platform,
    autostart_command,
    desktop_entry,
    exec_value,
    launch_agent,
    run_value,
)
from deskbreak.paths import Paths, resolve

COMMAND = ["/usr/local/bin/deskbreak", "run"]
AWKWARD = ["/opt/my apps/python3", "-m", "deskbreak", "--config", 'C:\\a "b" $HOME 100%`x`', "run"]


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    return resolve()


def unescape_string(value: str) -> str:
    """The Desktop Entry string escapes: \\s \\n \\t \\r \\\\."""
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[nxt])
        else:
            out.append(ch)
    return "".join(out)


def split_exec(value: str) -> list[str]:
    """An independent reading of the spec's Exec quoting rules (after string unescaping)."""
    text = unescape_string(value)
    args: list[str] = []
    current: list[str] | None = None
    quoted, i = False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == "\\":
                i += 1
                current.append(text[i])  # type: ignore[union-attr]
            elif ch == '"':
                quoted = False
            else:
                current.append(ch)  # type: ignore[union-attr]
        elif ch == " ":
            if current is not None:
                args.append("".join(current))
            current = None
        elif ch == '"':
            quoted, current = True, current or []
        else:
            current = (current or []) + [ch]
        i += 1
    if current is not None:
        args.append("".join(current))
    return [arg.replace("%%", "%") for arg in args]


def read_desktop(text: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser["Desktop Entry"]


# --- contents ---------------------------------------------------------------------


def test_desktop_entry_text() -> None:
    entry = read_desktop(desktop_entry(COMMAND))
    assert entry["Type"] == "Application"
    assert entry["Name"] == "deskbreak"
    assert entry["Exec"] == "/usr/local/bin/deskbreak run"
    assert entry["Terminal"] == "false"
    assert entry["X-GNOME-Autostart-enabled"] == "true"


@pytest.mark.parametrize("command", [COMMAND, AWKWARD, ["a\nb", "tab\there", "", "50%"]])
def test_exec_quoting_round_trips(command: list[str]) -> None:
    assert split_exec(exec_value(command)) == command


def test_exec_quoting_example() -> None:
    assert exec_value(["/opt/my apps/py", "100%", "$X"]) == '"/opt/my apps/py" 100%% "\\\\$X"'


def test_launch_agent_text() -> None:
    job = plistlib.loads(launch_agent(AWKWARD).encode())
    assert job["Label"] == "deskbreak"
    assert job["ProgramArguments"] == AWKWARD
    assert job["RunAtLoad"] is True and job["KeepAlive"] is False


def test_run_value_text() -> None:
    assert run_value(["C:\\Program Files\\Python\\pythonw.exe", "-m", "deskbreak", "run"]) == (
        '"C:\\Program Files\\Python\\pythonw.exe" -m deskbreak run'
    )


def test_command_runs_the_daemon(tmp_path: Path) -> None:
    for platform in Platform:
        command = autostart_command(platform)
        assert command[-1] == "run"
    with_config = autostart_command(Platform.XDG, config=tmp_path / "c.toml")
    assert with_config[-3:] == ["--config", str(tmp_path / "c.toml"), "run"]


def test_command_falls_back_to_this_python(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", "")
    python = str(tmp_path / "python3")  # a Python with no deskbreak script beside it
    assert autostart_command(Platform.XDG, python=python) == [python, "-m", "deskbreak", "run"]


def test_command_prefers_the_script_beside_this_python(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", "")  # at login PATH may lack ~/.local/bin or the venv
    script = tmp_path / "bin" / "deskbreak"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    python = str(tmp_path / "bin" / "python")
    assert autostart_command(Platform.XDG, python=python) == [str(script), "run"]


def test_command_line_is_runnable() -> None:
    command = autostart_command(Platform.XDG)
    # --version goes before the subcommand; it proves the program part starts deskbreak.
    argv = [*command[:-1], "--version"]
    env = {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30, env=env, check=False)
    assert done.stdout.startswith("deskbreak "), done.stderr


# --- round trips ---------------------------------------------------------------------


def test_xdg_round_trip(paths: Paths) -> None:
    login = Autostart(paths, platform=Platform.XDG)
    assert not login.status().enabled
    where = login.enable(AWKWARD)
    assert Path(where) == paths.autostart_dir / "deskbreak.desktop"
    assert paths.autostart_dir == paths.config_dir.parent / "autostart"
    state = login.status()
    assert state.enabled and state.where == where
    entry = read_desktop(Path(where).read_text())
    assert split_exec(entry["Exec"]) == AWKWARD
    assert login.disable() is True
    assert not Path(where).exists() and not login.status().enabled
    assert login.disable() is False


def test_xdg_switched_off_by_the_desktop(paths: Paths) -> None:
    login = Autostart(paths, platform=Platform.XDG)
    where = Path(login.enable(COMMAND))
    where.write_text(where.read_text().replace("Autostart-enabled=true", "Autostart-enabled=false"))
    state = login.status()
    assert not state.enabled and state.note is not None


def test_macos_round_trip(paths: Paths, tmp_path: Path) -> None:
    login = Autostart(paths, platform=Platform.MACOS, env={"DESKBREAK_HOME": str(tmp_path)})
    where = Path(login.enable(COMMAND))
    assert where == tmp_path / "LaunchAgents" / "deskbreak.plist"
    assert plistlib.loads(where.read_bytes())["ProgramArguments"] == COMMAND
    state = login.status()
    assert state.enabled and state.command == "/usr/local/bin/deskbreak run"
    assert login.disable() and not where.exists() and not login.status().enabled


class FakeRunKey:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        del self.values[name]


def test_windows_round_trip(paths: Paths) -> None:
    key = FakeRunKey()
    login = Autostart(paths, platform=Platform.WINDOWS, run_key=key)
    command = ["C:\\Py 3\\pythonw.exe", "-m", "deskbreak", "run"]
    login.enable(command)
    assert key.values == {"deskbreak": '"C:\\Py 3\\pythonw.exe" -m deskbreak run'}
    state = login.status()
    assert state.enabled and state.where.endswith("\\Run\\deskbreak")
    assert login.disable() is True and key.values == {}
    assert login.disable() is False and not login.status().enabled


# --- the command ----------------------------------------------------------------------


def test_cli_round_trip(paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    where = paths.autostart_dir / "deskbreak.desktop"
    assert main(["autostart", "status"]) == 0
    assert capsys.readouterr().out == f"autostart: disabled ({where})\n"
    assert main(["autostart", "enable"]) == 0
    assert str(where) in capsys.readouterr().out
    assert split_exec(read_desktop(where.read_text())["Exec"])[-1] == "run"
    assert main(["autostart", "status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"autostart: enabled ({where})\n  command: ")
    assert main(["autostart", "disable"]) == 0
    assert capsys.readouterr().out == f"autostart disabled ({where})\n"
    assert not where.exists()


def test_cli_unwritable_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    (tmp_path / "autostart").write_text("a file in the way")
    assert main(["autostart", "enable"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("deskbreak: cannot enable autostart at ") and err.count("\n") == 1


def test_cli_bad_action_is_usage(paths: Paths) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["autostart", "maybe"])
    assert caught.value.code == 2


def test_enabling_under_deskbreak_home_does_not_promise_a_start_at_login(
    paths: Paths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["autostart", "enable"]) == 0  # DESKBREAK_HOME is set for every test
    told = capsys.readouterr().out
    assert "DESKBREAK_HOME" in told and "will start when you log in" not in told
    monkeypatch.delenv("DESKBREAK_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # not the user's own
    assert main(["autostart", "enable"]) == 0
    told = capsys.readouterr().out
    assert "will start when you log in" in told and str(tmp_path / "xdg" / "autostart") in told
