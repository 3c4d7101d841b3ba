"""The daemon's player launcher: real player processes, their outcomes, and stopping them."""

from __future__ import annotations

import json
import os
import queue
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.configs import NO_CHIME, TINY, TINY_SECONDS, write_config
from support.waiting import wait_until

from deskbreak.core.ports import Launcher, PlayOutcome, PlayResult
from deskbreak.daemon.launcher import PlayerLauncher, parse_outcome, player_command

REPO = Path(__file__).resolve().parent.parent

LONG = """
[[routines]]
id = "long"
title = "Long test"

  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "1s"

  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "1m"
"""


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    write_config(home, NO_CHIME + TINY + LONG)
    out = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), out.get("PYTHONPATH")]))
    return out


@pytest.fixture
def outcomes() -> queue.Queue[PlayOutcome]:
    return queue.Queue()


@pytest.fixture
def launcher(env: dict[str, str]) -> Iterator[PlayerLauncher]:
    made = PlayerLauncher(env=env, kill_after=0.5)
    yield made
    pid = made.pid
    if pid is not None:  # a failed test must not leave its player behind
        os.kill(pid, signal.SIGKILL)
    made.join(5)


def wait_running(launcher: PlayerLauncher) -> int:
    wait_until("the player process", lambda: launcher.pid is not None, 5)
    pid = launcher.pid
    assert pid is not None
    return pid


def test_it_is_a_launcher(launcher: PlayerLauncher) -> None:
    implementation: Launcher = launcher
    assert not implementation.running()


def test_a_tiny_routine_reports_completed(
    launcher: PlayerLauncher, outcomes: queue.Queue[PlayOutcome]
) -> None:
    launcher.launch("tiny", outcomes.put)
    assert launcher.running()
    outcome = outcomes.get(timeout=15)
    assert outcome == PlayOutcome("tiny", PlayResult.COMPLETED, 3, 3, TINY_SECONDS)
    assert not launcher.running()


def test_a_second_launch_while_playing_does_nothing(
    launcher: PlayerLauncher, outcomes: queue.Queue[PlayOutcome], caplog: pytest.LogCaptureFixture
) -> None:
    launcher.launch("tiny", outcomes.put)
    pid = wait_running(launcher)
    with caplog.at_level("WARNING"):
        launcher.launch("long", outcomes.put)
    assert launcher.pid == pid
    assert "already running" in caplog.text
    assert outcomes.get(timeout=15).routine == "tiny"
    with pytest.raises(queue.Empty):
        outcomes.get(timeout=0.3)


def test_a_killed_player_is_failed(
    launcher: PlayerLauncher, outcomes: queue.Queue[PlayOutcome]
) -> None:
    launcher.launch("long", outcomes.put)
    os.kill(wait_running(launcher), signal.SIGKILL)
    outcome = outcomes.get(timeout=10)
    assert outcome.result is PlayResult.FAILED and outcome.routine == "long"
    assert not launcher.running()


def test_stop_ends_the_player_with_its_real_outcome(
    launcher: PlayerLauncher, outcomes: queue.Queue[PlayOutcome], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="deskbreak.daemon.launcher")
    launcher.launch("long", outcomes.put)
    wait_running(launcher)
    second = lambda: "player: Step 2 of 2" in caplog.text  # noqa: E731 (the player says so)
    wait_until("the first 1 s step to finish", second, 10)
    started = time.monotonic()
    launcher.stop()
    outcome = outcomes.get(timeout=5)
    assert time.monotonic() - started < 2
    assert outcome.result is PlayResult.PARTIAL
    assert (outcome.steps_done, outcome.steps_total) == (1, 2)


def test_stop_kills_a_player_that_ignores_sigterm(
    env: dict[str, str], outcomes: queue.Queue[PlayOutcome], tmp_path: Path
) -> None:
    ready = tmp_path / "ready"
    script = (
        "import pathlib, signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        f"pathlib.Path({str(ready)!r}).touch(); time.sleep(60)"
    )
    stubborn = PlayerLauncher(
        env=env, kill_after=0.3, command=lambda _: [sys.executable, "-c", script]
    )
    stubborn.launch("tiny", outcomes.put)
    wait_running(stubborn)
    wait_until("its SIGTERM handler to be in place", ready.exists, 10)
    stubborn.stop()
    outcome = outcomes.get(timeout=5)
    assert outcome.result is PlayResult.FAILED
    assert stubborn.join(5) and not stubborn.running()


def test_an_outcome_line_with_a_non_zero_exit_is_failed(
    env: dict[str, str], outcomes: queue.Queue[PlayOutcome]
) -> None:
    outcome = PlayOutcome("tiny", PlayResult.COMPLETED, 2, 2, 2.0)
    line = json.dumps({"outcome": outcome.to_json()})
    script = f"import sys; print({line!r}); sys.exit(3)"
    failing = PlayerLauncher(env=env, command=lambda _: [sys.executable, "-c", script])
    failing.launch("tiny", outcomes.put)
    assert outcomes.get(timeout=10).result is PlayResult.FAILED


def test_an_unknown_routine_is_failed(
    launcher: PlayerLauncher, outcomes: queue.Queue[PlayOutcome]
) -> None:
    launcher.launch("no-such-routine", outcomes.put)
    assert outcomes.get(timeout=10).result is PlayResult.FAILED


def test_a_player_that_cannot_start_is_failed(
    outcomes: queue.Queue[PlayOutcome], tmp_path: Path
) -> None:
    broken = PlayerLauncher(command=lambda _: [str(tmp_path / "missing-program")])
    broken.launch("tiny", outcomes.put)
    assert outcomes.get(timeout=1).result is PlayResult.FAILED
    assert not broken.running()


def test_the_last_outcome_line_wins_and_other_lines_are_ignored() -> None:
    assert parse_outcome("Step 1 of 2: Shoulder rolls") is None
    assert parse_outcome('{"other": 1}') is None
    assert parse_outcome("{not json") is None
    outcome = PlayOutcome("r", PlayResult.PARTIAL, 1, 3, 4.5)
    assert parse_outcome(json.dumps({"outcome": outcome.to_json()}) + "\n") == outcome


def test_the_command_passes_the_daemons_config() -> None:
    command = player_command("mini-reset", Path("my.toml"))
    assert command[0] == sys.executable
    assert command[1:] == [
        "-m",
        "deskbreak",
        "--config",
        "my.toml",
        "play",
        "mini-reset",
        "--level",
        "0",
        "--report",
    ]
    assert "--config" not in player_command("mini-reset")
