"""Property tests: no input, however odd, makes the config reader or `config check` crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskbreak.cli import main
from deskbreak.core.config.model import Config
from deskbreak.core.config.read import ConfigErrors, parse_config

KEYS = st.sampled_from(
    [
        "schedule", "every", "rotation", "snooze", "snooze_choices", "max_snoozes", "renotify",
        "heads_up", "natural_break", "hours", "mon", "weekdays", "reminders", "at", "days",
        "routine", "notifications", "player", "goals", "breaks_per_day", "routines", "id",
        "title", "steps", "exercise", "name", "duration", "sides", "cues", "posture", "x",
    ]
)  # fmt: skip
SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["45m", "off", "09:00-12:00", "mini-reset", "mon", "08:30", "seated"]),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.dates(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)
DOCS = st.dictionaries(KEYS, VALUES, max_size=6)


def _parse(data: str | bytes) -> Config | None:
    try:
        return parse_config(data)
    except ConfigErrors as exc:
        assert exc.problems, "ConfigErrors must carry at least one problem"
        for problem in exc.problems:
            assert "\n" not in str(problem)
        return None


@settings(max_examples=200, deadline=None)
@given(DOCS)
def test_any_toml_document_gives_a_config_or_config_errors(doc: dict[str, Any]) -> None:
    _parse(tomli_w.dumps(doc))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_config_or_config_errors(data: bytes) -> None:
    _parse(data)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="[]{}=\"',.#\n abc123-:", max_size=80))
def test_toml_like_noise_gives_a_config_or_config_errors(text: str) -> None:
    _parse(text)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(DOCS.map(tomli_w.dumps).map(str.encode), st.binary(max_size=200)))
def test_config_check_never_shows_a_traceback(
    data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DESKBREAK_HOME", str(tmp_path))
    path = tmp_path / "check.toml"
    path.write_bytes(data)
    code = main(["config", "check", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 2)
    assert "Traceback" not in out + err and err == ""
    last = out.strip().splitlines()[-1]
    assert last.startswith("config OK") if code == 0 else last.endswith(f"in {path}")


def test_local_time_values_are_accepted_for_times() -> None:
    doc = {"reminders": [{"at": dt.time(7, 45), "routine": "mini-reset"}]}
    assert parse_config(tomli_w.dumps(doc)).reminders[0].at == 7 * 60 + 45
