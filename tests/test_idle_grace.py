"""The idle grace: seconds without input before a stretch is not work, given to the daemon.

DESKBREAK_IDLE_GRACE (a diagnostic and test knob, 1 to 600 seconds) is read at the daemon's
edge: a bad value is one warning line naming the variable and the default is used. The engine
takes the grace it is given (never a constant of its own), and a natural break shorter than
the grace lasts the grace: nobody is seen away before it. The doctor names a grace that is
not the default. `natural_break` reads down to 10 s.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from support.daemon import daemon_home
from support.engine import BERLIN, MIN, ROUTINES, config, events

from deskbreak.core.config.dump import config_document
from deskbreak.core.config.read import ConfigErrors, parse_config
from deskbreak.core.diagnosis import IdleFacts
from deskbreak.core.engine.engine import Engine
from deskbreak.core.engine.timekeeping import IDLE_GRACE, WorkCounter
from deskbreak.core.events import EventKind
from deskbreak.core.simulate import Simulator
from deskbreak.desktop.idle import GRACE_VARIABLE, grace_from
from deskbreak.desktop.probes import idle_facts
from deskbreak.doctor import areas

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)


# --- the variable, read at the edge ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "grace"),
    [("5", 5.0), ("2.5", 2.5), (" 30 ", 30.0), ("1", 1.0), ("600", 600.0), ("", IDLE_GRACE)],
)
def test_a_grace_in_range_is_taken_without_a_warning(
    value: str, grace: float, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="deskbreak"):
        assert grace_from({GRACE_VARIABLE: value}) == grace
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_no_variable_is_the_default_silently(caplog: pytest.LogCaptureFixture) -> None:
    assert grace_from({}) == IDLE_GRACE == 60.0
    assert not caplog.records


@pytest.mark.parametrize("value", ["soon", "5s", "0", "0.5", "601", "-5", "nan", "inf", "1e9"])
def test_a_bad_grace_is_one_warning_naming_the_variable_and_the_default(
    value: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert grace_from({GRACE_VARIABLE: value}) == IDLE_GRACE
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert GRACE_VARIABLE in record.getMessage() and value in record.getMessage()


def test_the_daemon_says_a_bad_grace_in_one_line_on_stderr_and_runs() -> None:
    with daemon_home() as daemon:
        err = daemon.home / "stderr"
        with err.open("w") as stderr:
            proc = subprocess.Popen(
                [sys.executable, "-m", "deskbreak", "run", "--no-tray"],
                env={**daemon.env, GRACE_VARIABLE: "a minute"},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        daemon.procs.append(proc)
        assert daemon.wait_up()["state"] == "working"
        daemon.stop()
        said = err.read_text()
    lines = [line for line in said.splitlines() if GRACE_VARIABLE in line]
    assert len(lines) == 1 and lines[0].startswith("deskbreak: warning: "), said
    assert "Traceback" not in said


# --- the engine -------------------------------------------------------------------------------


def _sim(natural_break: timedelta | None, *, grace: float, pushes: bool) -> Simulator:
    cfg = config(every=timedelta(minutes=45), natural_break=natural_break)
    engine = Engine(cfg, ROUTINES, BERLIN, idle_pushes=pushes, idle_grace=grace)
    sim = Simulator(engine, now=MONDAY, pushes=pushes)
    sim.start()
    return sim


def _worked(sim: Simulator) -> float:
    left = sim.engine.status().seconds_left
    assert left is not None
    return 45 * MIN - left


def _away(sim: Simulator, seconds: float) -> None:
    sim.run_for(10 * MIN)
    sim.go_away()
    sim.run_for(seconds)
    sim.come_back()


@pytest.mark.parametrize("pushes", [True, False])
def test_with_a_short_grace_a_short_natural_break_is_seen(pushes: bool) -> None:
    sim = _sim(timedelta(seconds=10), grace=5.0, pushes=pushes)
    assert sim.engine.idle_grace == 5.0
    _away(sim, 12)
    (record,) = events(sim, EventKind.NATURAL_BREAK)
    assert record.event.detail["cause"] == "idle" and record.event.detail["seconds"] >= 10
    assert _worked(sim) < 1.0  # the counter restarted on return


@pytest.mark.parametrize("pushes", [True, False])
def test_with_a_short_grace_a_short_pause_is_not_work_and_a_shorter_one_is(pushes: bool) -> None:
    sim = _sim(timedelta(seconds=30), grace=5.0, pushes=pushes)
    _away(sim, 3)  # shorter than the grace: still at the desk
    assert _worked(sim) == pytest.approx(10 * MIN + 3, abs=1.0)
    sim.go_away()
    sim.run_for(20)  # past the grace, short of the natural break: not work, not a break
    sim.come_back()
    assert _worked(sim) == pytest.approx(10 * MIN + 3, abs=1.5)
    assert not events(sim, EventKind.NATURAL_BREAK)


@pytest.mark.parametrize("pushes", [True, False])
def test_a_natural_break_shorter_than_the_grace_lasts_the_grace(pushes: bool) -> None:
    sim = _sim(timedelta(seconds=10), grace=IDLE_GRACE, pushes=pushes)
    _away(sim, 45)  # past the natural break, short of the grace: still at the desk
    assert not events(sim, EventKind.NATURAL_BREAK)
    assert _worked(sim) == pytest.approx(10 * MIN + 45, abs=1.0)
    sim.go_away()
    sim.run_for(70)
    sim.come_back()
    (record,) = events(sim, EventKind.NATURAL_BREAK)
    assert record.event.detail["seconds"] >= IDLE_GRACE


def test_a_suspend_shorter_than_the_grace_is_no_natural_break() -> None:
    sim = _sim(timedelta(seconds=10), grace=IDLE_GRACE, pushes=True)
    sim.run_for(10 * MIN)
    sim.suspend(30)
    assert not events(sim, EventKind.NATURAL_BREAK)
    sim.suspend(90)
    (record,) = events(sim, EventKind.NATURAL_BREAK)
    assert record.event.detail["cause"] == "asleep"


def test_the_counter_never_makes_a_natural_break_shorter_than_its_grace() -> None:
    counter = WorkCounter(grace=20.0)
    assert counter.natural_break(None) is None
    assert counter.natural_break(10.0) == 20.0 and counter.natural_break(300.0) == 300.0
    assert WorkCounter().grace == IDLE_GRACE


def test_a_restart_within_the_grace_continues_the_count() -> None:
    sim = _sim(timedelta(seconds=10), grace=IDLE_GRACE, pushes=True)
    sim.run_for(10 * MIN)
    saved = sim.engine.snapshot()
    again = Engine(sim.engine.settings.config, ROUTINES, BERLIN, idle_pushes=True)
    later = Simulator(again, now=MONDAY + timedelta(minutes=10, seconds=30), pushes=True)
    later.take(again.restore(saved, later.observation()))
    assert _worked(later) == pytest.approx(10 * MIN + 30, abs=1.0)  # 30 s: not a break


# --- the config and the doctor ----------------------------------------------------------------


def test_natural_break_reads_down_to_ten_seconds_and_round_trips() -> None:
    cfg = parse_config('[schedule]\nnatural_break = "10s"\n')
    assert cfg.schedule.natural_break == timedelta(seconds=10)
    assert config_document(cfg)["schedule"]["natural_break"] == "10s"
    with pytest.raises(ConfigErrors) as raised:
        parse_config('[schedule]\nnatural_break = "9s"\n')
    assert "schedule.natural_break" in str(raised.value)


def test_the_doctor_names_a_grace_that_is_not_the_default() -> None:
    env = {GRACE_VARIABLE: "5"}  # no display, no bus: no source, and the grace all the same
    assert idle_facts(env, 0.5) == IdleFacts(None, idle_facts({}, 0.5).label, grace=5.0)
    assert idle_facts({}, 0.5).grace is None
    named = areas.idle(IdleFacts("mutter", "GNOME Mutter", True, 5.0), env)
    assert named.details["grace"] == 5.0
    assert json.loads(json.dumps(dict(named.details)))["grace"] == 5.0
    assert "grace" not in areas.idle(IdleFacts("mutter", "GNOME Mutter", True), {}).details
