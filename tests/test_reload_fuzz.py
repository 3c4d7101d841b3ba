"""Fuzzing the daemon's reload: whatever the user saves, reload answers and never breaks the daemon.

`config check` is fuzzed in test_config_property.py; this fuzzes what a running daemon does with
the file: `Controller.reload()` with the daemon's own reader (`load_config` + `catalogue`) over
schedule-shaped TOML documents, mutated copies of the example config and raw bytes. A reload
either applies the file or refuses it with the first problem's key path, and then the status is
exactly what it was before (the previous config stays in force). A sample of the same inputs
goes to a real daemon through `deskbreak reload`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support.daemon import Daemon, daemon_home
from test_controller import Rig

from deskbreak.core.config.model import Config
from deskbreak.core.config.read import ConfigErrors, catalogue, load_config
from deskbreak.core.ports import NoticeKind
from deskbreak.core.routines import Routine

EXAMPLE = resources.files("deskbreak").joinpath("config.example.toml").read_bytes()
REFUSED = re.compile(
    r"^Config not applied: (?P<path>[A-Za-z0-9_.\[\]\"'-]+): .+ — the previous settings stay in"
    r" force$"
)
BASELINES = (
    b'[schedule]\nevery = "30m"\nmax_snoozes = 2\nsnooze_choices = ["5m", "15m"]\n',
    b'[schedule]\nevery = "50m"\nmax_snoozes = 0\nrenotify = "off"\n',
)

DURATIONS = st.sampled_from(
    ["1m", "45m", "8h", "10s", "0m", "9h", "45", "4h", "off", "", "1h30m", "-5m", "1e9h"]
)
IDS = st.sampled_from(["mini-reset", "neck-and-sides", "morning-relief", "nope", "", "MINI"])
CLOCKS = st.sampled_from(["09:00-12:00", "13:30-12:00", "00:00-23:59", "9-5", "25:00-26:00"])
ODD = st.one_of(st.integers(-5, 60), st.booleans(), st.floats(allow_nan=False), st.text(max_size=6))
SCHEDULE = st.fixed_dictionaries(
    {},
    optional={
        "every": DURATIONS | ODD,
        "snooze": DURATIONS,
        "snooze_choices": st.lists(DURATIONS, max_size=7),
        "max_snoozes": st.integers(-2, 25) | ODD,
        "renotify": DURATIONS,
        "heads_up": DURATIONS,
        "natural_break": DURATIONS,
        "rotation": st.lists(IDS, max_size=13) | IDS,
        "hours": st.dictionaries(
            st.sampled_from(["mon", "weekdays", "weekend", "daily", "sun", "monday"]),
            st.lists(CLOCKS, max_size=3) | CLOCKS,
            max_size=3,
        ),
        "evry": DURATIONS,
    },
)
REMINDER = st.fixed_dictionaries(
    {"at": st.sampled_from(["07:45", "12:00", "24:00", "7", "23:59"]) | ODD},
    optional={"routine": IDS, "days": st.lists(st.sampled_from(["mon", "fri", "xyz"]), max_size=3)},
)
DOCS = st.fixed_dictionaries(
    {},
    optional={
        "schedule": SCHEDULE,
        "reminders": st.lists(REMINDER, max_size=4),
        "notifications": st.dictionaries(st.sampled_from(["enabled", "sound", "x"]), ODD),
        "goals": st.fixed_dictionaries({"breaks_per_day": st.integers(-1, 60) | ODD}),
    },
).map(lambda doc: tomli_w.dumps(doc).encode())


@st.composite
def mutated_example(draw: st.DrawFn) -> bytes:
    data = bytearray(EXAMPLE)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=4) | st.sampled_from([b'"', b"[", b"=", b"\n"]))
        if action == "delete":
            del data[at : at + len(chunk)]
        elif action == "insert":
            data[at:at] = chunk
        else:
            data[at : at + len(chunk)] = chunk
    return bytes(data)


INPUTS = st.one_of(DOCS, mutated_example(), st.binary(max_size=400))


class ReloadRig(Rig):
    """The controller test rig with the daemon's real reader on a real file."""

    def load(self) -> tuple[Config, Mapping[str, Routine]]:
        config = load_config(self.config_file)
        return config, catalogue(config)


@pytest.fixture
def rig(tmp_path: Path) -> ReloadRig:
    return ReloadRig(tmp_path)


def _expected_problem(data: bytes, path: Path) -> str | None:
    """The first problem the reader itself reports for `data`, or None when it accepts it."""
    path.write_bytes(data)
    try:
        load_config(path)
    except ConfigErrors as exc:
        return str(exc.problems[0])
    return None


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=INPUTS, baseline=st.sampled_from(BASELINES), minutes=st.integers(0, 90))
def test_reload_applies_or_refuses_with_a_key_path_and_keeps_the_old_config(
    rig: ReloadRig, data: bytes, baseline: bytes, minutes: int
) -> None:
    rig.config_file.write_bytes(baseline)
    assert rig.controller.reload().ok
    rig.run_for(minutes * 60)  # the daemon is somewhere in its day: working, due, …
    before = rig.controller.status()
    choices = rig.controller.snooze_choices()
    expected = _expected_problem(data, rig.config_file.with_suffix(".check"))
    rig.config_file.write_bytes(data)
    shown = len(rig.notifier.shown)
    reply = rig.controller.reload()
    event("applied" if expected is None else f"refused: {expected.split(':')[0]}")
    if expected is None:
        assert reply.ok, reply.message
        config = load_config(rig.config_file)
        assert rig.controller.snooze_choices() == config.schedule.snooze_choices
        assert rig.controller.status().max_snoozes == config.schedule.max_snoozes
        return
    assert not reply.ok
    match = REFUSED.match(reply.message)
    assert match is not None, reply.message
    assert reply.message.startswith(f"Config not applied: {expected}"), (reply.message, expected)
    assert "\n" not in reply.message and "Traceback" not in reply.message
    assert rig.controller.status() == before
    assert rig.controller.snooze_choices() == choices
    told = rig.notifier.shown[shown:]
    assert [n.kind for n in told] == [NoticeKind.INFO] and told[0].title == "Config not applied"


LIVE_SAMPLE: tuple[bytes, ...] = (
    b'[schedule]\nevery = "30"\n',
    b"\xff\xfe not utf-8 \x00",
    b'[schedule\nevery = "45m"\n',
    b'[schedule]\nevery = "45m"\nevery = "30m"\n',
    b'[schedule]\nrotation = ["mini-reset", "nope"]\n',
    b'[[reminders]]\nat = "24:00"\nroutine = "mini-reset"\n',
    b'[schedule.hours]\nmon = ["13:30-12:00"]\n',
    b"[goals]\nbreaks_per_day = -1\n",
    b"x = " + b"[" * 5000,
    EXAMPLE.replace(b'every = "45m"', b'every = "45 minutes"'),
)


def _steady(status: dict[str, Any]) -> dict[str, Any]:
    """The status without the fields that move with the clock."""
    return {k: v for k, v in status.items() if k not in ("now", "seconds_left", "minutes_left")}


@pytest.fixture
def daemon() -> Iterator[Daemon]:
    with daemon_home(BASELINES[0].decode()) as d:
        yield d


def test_a_real_daemon_refuses_each_broken_file_and_keeps_its_settings(
    daemon: Daemon, tmp_path: Path
) -> None:
    daemon.spawn()
    daemon.wait_up()
    assert daemon.cli("snooze", "10m").returncode == 0
    before = _steady(daemon.status())
    for data in LIVE_SAMPLE:
        expected = _expected_problem(data, tmp_path / "check.toml")
        assert expected is not None, data[:40]
        daemon.config.write_bytes(data)
        out = daemon.cli("reload")
        text = out.stdout + out.stderr
        assert out.returncode == 1, text
        assert f"Config not applied: {expected}" in text, (text, expected)
        assert "previous settings stay in force" in text and "Traceback" not in text
        assert _steady(daemon.status()) == before
    daemon.config.write_bytes(BASELINES[1])
    assert daemon.cli("reload").returncode == 0
    assert daemon.status()["max_snoozes"] == 0
    assert daemon.proc.poll() is None
