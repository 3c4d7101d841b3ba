"""Hooks: which events set them off (the core), and real programs run by the runner and by
a real daemon — the environment arrives, a hung hook is stopped at its timeout with its
children, a failing, flooding or missing one is logged, and none holds the daemon up."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support.configs import QUIET
from support.daemon import daemon_home
from support.status import make_status
from support.waiting import wait_until

from deskbreak.core import hooks
from deskbreak.core.config.model import Hook
from deskbreak.core.events import Event, EventKind, Trigger
from deskbreak.core.status import State
from deskbreak.daemon.hooks import OUTPUT_LIMIT, HookRunner

AT = datetime.fromisoformat("2026-11-23T10:00:00+01:00")


def _event(kind: EventKind, routine: str | None = "mini-reset") -> Event:
    return Event(AT, kind, routine, Trigger.INTERVAL if routine else None)


# ------------------------------------------------------------------------------ the core


def test_each_event_sets_off_the_hooks_that_name_it_in_order() -> None:
    config = (
        Hook(("started", "completed"), ("a",)),
        Hook(("completed",), ("b",), timedelta(seconds=5)),
        Hook(("due",), ("c",)),
    )
    events = [_event(EventKind.NOTIFIED), _event(EventKind.STARTED), _event(EventKind.PARTIAL)]
    runs = hooks.runs(config, events, make_status(State.ON_BREAK))
    assert [(r.event, r.argv, r.timeout) for r in runs] == [
        ("started", ("a",), 30.0),
        ("completed", ("a",), 30.0),
        ("completed", ("b",), 5.0),
    ]
    assert runs[2].env["DESKBREAK_KIND"] == "partial"


def test_every_hook_event_name_comes_from_some_event() -> None:
    from deskbreak.core.config.model import HOOK_EVENTS

    assert set(hooks.NAMES.values()) == set(HOOK_EVENTS)


def test_the_environment_says_what_happened_and_what_comes_next() -> None:
    due = datetime.fromisoformat("2026-11-23T10:45:00+01:00")
    status = make_status(State.WORKING, next_due=due, seconds_left=2700)
    (run,) = hooks.runs([Hook(("snoozed",), ("x",))], [_event(EventKind.SNOOZED)], status)
    assert run.env["DESKBREAK_EVENT"] == "snoozed"
    assert run.env["DESKBREAK_ROUTINE"] == "mini-reset"
    assert run.env["DESKBREAK_STATE"] == "working"
    assert run.env["DESKBREAK_NEXT"] == "2026-11-23T10:45:00+01:00"
    assert run.env["DESKBREAK_MINUTES_LEFT"] == "45"
    assert run.env["DESKBREAK_TRIGGER"] == "interval"


def test_no_hooks_no_runs() -> None:
    assert hooks.runs((), [_event(EventKind.DUE)], make_status(State.DUE)) == []


# ---------------------------------------------------------------------------- the runner


def _run(argv: list[str], timeout: float = 10, event: str = "due") -> hooks.HookRun:
    return hooks.HookRun(event, tuple(argv), {"DESKBREAK_EVENT": event}, timeout)


@pytest.fixture
def runner() -> Iterator[HookRunner]:
    made = HookRunner()
    yield made
    made.stop()


def _finished(runner: HookRunner, count: int, timeout: float = 20) -> None:
    wait_until(f"{count} hooks to finish", lambda: runner.finished >= count, timeout)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"


def test_a_hung_hook_is_stopped_at_its_timeout_with_its_children(
    runner: HookRunner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "deskbreak.daemon.hooks")
    pids = tmp_path / "pids"
    script = f"sleep 300 & echo $$ $! > {pids}; wait"
    started = time.monotonic()
    runner.run(_run(["sh", "-c", script], timeout=1.0))
    wait_until("the hook to start", lambda: len(pids.read_text().split()) == 2 if pids.exists()
               else False)  # fmt: skip
    _finished(runner, 1)
    assert time.monotonic() - started < 8  # its 1 s, then TERM
    leader, child = map(int, pids.read_text().split())
    assert not _alive(leader) and not _alive(child)
    assert any("timeout" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_run_never_waits_for_a_hook(runner: HookRunner) -> None:
    runner.run(_run(["sleep", "30"], timeout=30))
    started = time.monotonic()
    for _ in range(100):  # more than the queue holds: the rest are dropped, not waited for
        runner.run(_run(["true"]))
    assert time.monotonic() - started < 0.5


def test_a_failing_hook_is_logged_with_its_code_and_output(
    runner: HookRunner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "deskbreak.daemon.hooks")
    runner.run(_run(["sh", "-c", "echo out-of-coffee; exit 3"]))
    _finished(runner, 1)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("3" in text for text in warnings), warnings
    assert any("out-of-coffee" in r.getMessage() for r in caplog.records)


def test_a_flood_of_output_is_cut_short_in_the_log(
    runner: HookRunner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "deskbreak.daemon.hooks")
    size = 3_000_000
    code = f"import sys; sys.stdout.write('x' * {size})"
    runner.run(_run([sys.executable, "-c", code]))
    _finished(runner, 1)
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert said.count("x") <= OUTPUT_LIMIT + 10  # the hook's own bytes: at most the limit
    assert str(size - OUTPUT_LIMIT) in said  # and how many more there were


def test_a_missing_program_is_logged_and_the_next_hook_runs(
    runner: HookRunner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "deskbreak.daemon.hooks")
    after = tmp_path / "after"
    runner.run(_run([str(tmp_path / "no-such-program")]))
    runner.run(_run(["touch", str(after)]))
    _finished(runner, 2)
    assert after.exists()
    assert any("no-such-program" in r.getMessage() for r in caplog.records
               if r.levelno == logging.WARNING)  # fmt: skip


# ------------------------------------------------------------------------ a real daemon

# A hook that appends its DESKBREAK_ environment, as one JSON line, to the file it is given.
WRITE_ENV = (
    "import json, os, sys; "
    "mine = {k: v for k, v in os.environ.items() if k.startswith('DESKBREAK_')}; "
    "open(sys.argv[1], 'a').write(json.dumps(mine) + chr(10))"
)
HOOKED = (
    QUIET
    + """
[[hooks]]
on = ["paused", "resumed"]
run = ["{python}", "-c", "{code}", "{out}"]

[[hooks]]
on = ["paused"]
run = ["sleep", "600"]
timeout = "2s"
"""
)


def test_a_real_daemon_runs_its_hooks_and_a_hung_one_holds_nothing_up(tmp_path: Path) -> None:
    out = tmp_path / "hook-env.jsonl"
    config = HOOKED.format(python=sys.executable, code=WRITE_ENV, out=out)
    with daemon_home(config) as daemon:
        daemon.spawn()
        daemon.wait_up()
        assert daemon.cli("pause").returncode == 0
        wait_until("the paused hook", lambda: out.exists() and out.read_text().count("\n") == 1)
        # The hung hook runs now; the daemon answers and the next event is taken meanwhile.
        started = time.monotonic()
        assert daemon.cli("resume").returncode == 0
        assert daemon.status()["state"] == "working"
        assert time.monotonic() - started < 10
        wait_until("the resumed hook", lambda: out.read_text().count("\n") == 2, 20)
        paused, resumed = (json.loads(line) for line in out.read_text().splitlines())
        assert paused["DESKBREAK_EVENT"] == "paused" and paused["DESKBREAK_STATE"] == "paused"
        assert resumed["DESKBREAK_EVENT"] == "resumed"
        assert resumed["DESKBREAK_STATE"] == "working"
        assert datetime.fromisoformat(resumed["DESKBREAK_NEXT"]) > datetime.now().astimezone()
        assert resumed["DESKBREAK_HOME"] == str(daemon.home)  # the daemon's own environment
        wait_until(
            "the hung hook's timeout in the log",
            lambda: "sleep for paused stopped after its timeout" in daemon.log_text(),
            20,
        )
