"""The daemon-facing CLI commands, run in-process against a control server with fake commands."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from support.fakes import RecordingCommands
from support.status import make_status

from deskbreak import app
from deskbreak.cli import main
from deskbreak.cli.daemoncmd import pause_args
from deskbreak.cli.lifecycle import daemon_command, spawn, wait_until_up
from deskbreak.cli.statustext import render_status
from deskbreak.core.ports import PauseKind, PauseSpec, Reply
from deskbreak.core.status import State
from deskbreak.ipc import AlreadyRunning, Server
from deskbreak.paths import Paths, resolve

REPO = Path(__file__).resolve().parent.parent
NOT_RUNNING = "deskbreak is not running — start it with `deskbreak start`\n"


@pytest.fixture
def paths(monkeypatch: pytest.MonkeyPatch) -> Iterator[Paths]:
    home = tempfile.mkdtemp(prefix="db-")  # short: AF_UNIX paths are limited
    monkeypatch.setenv("DESKBREAK_HOME", home)
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)
    yield resolve()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def fake() -> RecordingCommands:
    return RecordingCommands(make_status())


@pytest.fixture
def server(paths: Paths, fake: RecordingCommands) -> Iterator[Server]:
    srv = Server(paths, fake)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def keep_logging() -> Iterator[None]:
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in saved]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- not running ---------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "--json"],
        ["break"],
        ["snooze"],
        ["snooze", "5m"],
        ["skip"],
        ["pause"],
        ["pause", "until", "17:00"],
        ["resume"],
        ["reload"],
    ],
)
def test_not_running_exits_3_with_the_message(
    paths: Paths, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = cli(capsys, *argv)
    assert (code, out, err) == (3, "", NOT_RUNNING)


def test_stop_when_not_running_says_so(paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "stop")
    assert code == 0 and "not running" in out


# --- status ------------------------------------------------------------------------


def test_status_json_is_the_daemon_status(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "status", "--json")
    assert code == 0
    assert out.count("\n") == 1  # one line, for status bars
    data = json.loads(out)
    assert data == make_status().to_json()
    assert data["state"] == "working" and data["minutes_left"] == 23
    assert set(data["today"]) >= {"taken", "goal", "completed", "stretch_minutes"}


def test_status_readable(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "status")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Next break in 23 min"
    assert "  next break:  10:23 — Desk mini-reset (4 min)" in lines
    assert "  time left:   23 min of active work" in lines
    assert "  snoozes:     1 of 3 used" in lines
    today = next(line for line in lines if line.startswith("  today:"))
    assert "3 of 6 breaks taken (2 completed, 1 partial)" in today
    assert "9.5 min stretching" in today


def test_render_status_other_day_and_pause() -> None:
    data = make_status().to_json() | {
        "state": "paused",
        "headline": "Paused until tomorrow at 09:00",
        "paused_until": "2024-03-05T09:00:00",
        "snooze_refused": "snooze limit reached",
        "natural_breaks": False,
    }
    text = render_status(data)
    assert "  paused to:   Tue 09:00" in text
    assert "snooze refused now: snooze limit reached" in text
    assert "natural breaks: off" in text


def test_render_status_says_why_a_break_is_held() -> None:
    data = make_status().to_json() | {
        "state": "held",
        "headline": "Held: microphone in use",
        "hold": {"reasons": ["camera", "microphone"], "since": "2024-03-04T10:05:00"},
    }
    lines = render_status(data).splitlines()
    assert lines[0] == "Held: microphone in use"
    assert "  hold:        camera, microphone since 10:05" in lines
    assert not any("hold:" in line for line in render_status(make_status().to_json()).splitlines())


def test_render_status_survives_sparse_json() -> None:
    assert render_status({}).splitlines()[0] == ""
    assert "today:" in render_status({"today": None, "next_due": "garbage"})
    assert "hold:" not in render_status({"hold": {"reasons": 3}}) + render_status({"hold": 1})


# --- commands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "call"),
    [
        (["break"], ("start_break", None)),
        (["break", "mini-reset"], ("start_break", "mini-reset")),
        (["snooze"], ("snooze", None)),
        (["snooze", "10m"], ("snooze", timedelta(minutes=10))),
        (["snooze", "1h30m"], ("snooze", timedelta(minutes=90))),
        (["skip"], ("skip", None)),
        (["resume"], ("resume", None)),
        (["reload"], ("reload", None)),
        (["pause"], ("pause", PauseSpec(PauseKind.INDEFINITE))),
        (["pause", "30m"], ("pause", PauseSpec(PauseKind.FOR, length=timedelta(minutes=30)))),
        (["pause", "until", "17:30"], ("pause", PauseSpec(PauseKind.UNTIL, clock=1050))),
        (["pause", "7:05"], ("pause", PauseSpec(PauseKind.UNTIL, clock=425))),
        (["pause", "tomorrow"], ("pause", PauseSpec(PauseKind.TOMORROW))),
    ],
)
def test_command_reaches_the_daemon(
    server: Server,
    fake: RecordingCommands,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    call: tuple[str, Any],
) -> None:
    code, out, err = cli(capsys, *argv)
    assert (code, err) == (0, "")
    assert fake.calls == [call]
    assert out == f"{call[0]}: done\n"


def test_refused_exits_1_with_the_reason(
    server: Server, fake: RecordingCommands, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.replies["snooze"] = Reply.refused("snooze limit reached (3 of 3); take it or skip")
    code, out, err = cli(capsys, "snooze")
    assert code == 1 and out == ""
    assert err == "deskbreak: snooze limit reached (3 of 3); take it or skip\n"


def test_invalid_reply_exits_2(
    server: Server, fake: RecordingCommands, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.replies["start_break"] = Reply.invalid('no routine "nope"')
    code, _, err = cli(capsys, "break", "nope")
    assert code == 2 and 'no routine "nope"' in err


def test_daemon_failure_exits_1(
    server: Server, fake: RecordingCommands, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom() -> Reply:
        raise RuntimeError("store is locked")

    fake.reload = boom  # type: ignore[method-assign]
    code, _, err = cli(capsys, "reload")
    assert code == 1 and "store is locked" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["snooze", "ten"], "not a duration"),
        (["snooze", "10"], "has no unit"),
        (["snooze", "0m"], "is zero"),
        (["snooze", "9000h"], "longer than a week"),
        (["pause", "soon"], "not a duration"),
        (["pause", "until"], "until HH:MM"),
        (["pause", "until", "25:00"], "not a time of day"),
        (["pause", "until", "5pm"], "HH:MM"),
        (["pause", "12:75"], "not a time of day"),
        (["pause", "30m", "more"], "give a DURATION"),
    ],
)
def test_bad_usage_is_caught_here(
    server: Server,
    fake: RecordingCommands,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    needle: str,
) -> None:
    code, out, err = cli(capsys, *argv)
    assert code == 2 and out == ""
    assert needle in err and err.count("\n") == 1
    assert fake.calls == []


def test_bad_usage_without_a_daemon_is_still_2(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "snooze", "abc")
    assert code == 2 and "not a duration" in err


def test_pause_args() -> None:
    assert pause_args([]) == {}
    assert pause_args(["TOMORROW"]) == {"tomorrow": True}
    assert pause_args(["90m"]) == {"for": "1h30m"}
    assert pause_args(["Until", "08:00"]) == {"until": "08:00"}


# --- run, start, stop ------------------------------------------------------------------


def test_stop_asks_the_daemon_to_quit_and_waits(
    server: Server, fake: RecordingCommands, paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.on_quit = server.stop
    code, out, _ = cli(capsys, "stop")
    assert (code, out) == (0, "deskbreak stopped\n")
    assert fake.calls == [("quit", None)]
    assert not paths.socket.exists()


def test_start_when_running_is_a_no_op(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "start")
    assert code == 0 and out == f"deskbreak is already running (pid {os.getpid()})\n"


def test_run_when_running_says_so(
    server: Server, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "run", lambda *a, **k: pytest.fail("app.run must not be reached"))
    code, out, _ = cli(capsys, "run")
    assert code == 0 and "already running" in out


def test_run_passes_options_and_catches_already_running(
    paths: Paths,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    keep_logging: None,
) -> None:
    seen: list[tuple[Paths, bool, bool]] = []

    def fake_run(
        p: Paths, *, verbose: bool, tray: bool, announce: Callable[[str], None] | None
    ) -> int:
        seen.append((p, verbose, tray))
        assert announce is not None  # the terminal hears once what runs
        raise AlreadyRunning("another copy answers on the control socket")

    monkeypatch.setattr(app, "run", fake_run)
    code, out, _ = cli(capsys, "-v", "run", "--no-tray")
    assert code == 0 and out.startswith("deskbreak is already running")
    assert seen == [(paths, True, False)]


def test_daemon_command(paths: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deskbreak.cli import Context, build_parser

    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["--config", "my.toml", "start"])
    ctx = Context(args, paths, sys.stdout, sys.stderr, verbose=False)
    assert daemon_command(ctx) == [
        sys.executable,
        "-m",
        "deskbreak",
        "--config",
        str(tmp_path / "my.toml"),
        "run",
    ]


_CHILD_DAEMON = textwrap.dedent(
    """
    import threading, time
    from datetime import timedelta
    from deskbreak.ipc import Server
    from deskbreak.paths import resolve
    from deskbreak.core.ports import Reply

    done = threading.Event()

    class Commands:
        def quit(self):
            done.set()

    server = Server(resolve(), Commands())
    server.start()
    done.wait(60)
    server.stop()
    """
)


def test_spawned_daemon_is_detached_answers_and_stops(
    paths: Paths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    proc = spawn([sys.executable, "-c", _CHILD_DAEMON], paths)
    try:
        info = wait_until_up(paths, proc, 10.0)
        assert info is not None and info["pid"] == proc.pid
        assert os.getsid(proc.pid) == proc.pid  # its own session: no terminal to lose
        code, out, _ = cli(capsys, "stop")
        assert (code, out) == (0, "deskbreak stopped\n")
        assert proc.wait(timeout=10) == 0
        code, _, err = cli(capsys, "status")
        assert (code, err) == (3, NOT_RUNNING)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def test_failed_start_is_reported(paths: Paths) -> None:
    from deskbreak.cli.lifecycle import _start_failure

    script = "import sys; print('config.toml: line 3: bad key', file=sys.stderr); sys.exit(2)"
    proc = spawn([sys.executable, "-c", script], paths)
    started = time.monotonic()
    assert wait_until_up(paths, proc, 10.0) is None
    assert time.monotonic() - started < 9  # noticed the exit, did not sit out the wait
    message = _start_failure(paths, proc)
    assert "exit code 2" in message and "config.toml: line 3: bad key" in message
    assert message.endswith(f"; details in {paths.log_file}")


def test_render_status_calls_the_waiting_break_now_not_a_time() -> None:
    due = make_status(State.DUE).to_json()
    due["next_due"] = due["now"]  # the engine's "next due" while a break waits is now
    line = next(x for x in render_status(due).splitlines() if "next break:" in x)
    assert line.split("next break:")[1].split() == ["now", "—", "Desk", "mini-reset", "(4", "min)"]
    working = make_status().to_json()
    line = next(x for x in render_status(working).splitlines() if "next break:" in x)
    assert "10:23" in line and "now" not in line


def test_render_status_says_why_natural_breaks_are_off() -> None:
    off = make_status().to_json() | {"natural_breaks": False}
    by_config = render_status(off | {"idle_source": "x11"})
    assert 'natural_break = "off"' in by_config and "can't be read" not in by_config
    assert "can't be read" in render_status(off | {"idle_source": None})


def test_render_status_says_a_dismissed_notice_leaves_the_break_due() -> None:
    data = make_status(State.DUE).to_json() | {"notice_dismissed": "2024-03-04T10:05:00"}
    assert (
        "  notice: dismissed at 10:05; the break is still due" in render_status(data).splitlines()
    )
    assert "dismissed" not in render_status(make_status(State.DUE).to_json())
