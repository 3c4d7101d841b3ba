"""The footprint benchmark's "no growth" check: one run's idle figures against the stored
baseline (scripts/benchbaseline.py). RSS may rise by 1 MB, context switches a minute and
threads not at all; PSS is shown and never judged; a run under other conditions is not a
clean comparison. The figures here are made up: the measuring is `scripts/bench`'s."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import benchbaseline  # noqa: E402 - scripts/benchbaseline.py, found through the line above

BASE = {"rss_mb": 44.9, "pss_mb": 33.9, "ctxsw_min": 1.0, "threads": 11.0}
CONDITIONS = {"desktop": "x11", "backend": "xorg", "window_s": 120, "settle_s": 80, "repeat": 1}
STORED = {"command": "scripts/bench …", "conditions": CONDITIONS, "figures": BASE}


def _verdicts(**now: float) -> dict[str, benchbaseline.Verdict]:
    return {v.rule.key: v for v in benchbaseline.compare(BASE, BASE | now)}


def _found(**now: float) -> set[str]:
    return {key for key, verdict in _verdicts(**now).items() if verdict.finding}


def test_the_same_figures_are_no_finding() -> None:
    assert _found() == set()
    assert [v.line.split("then): ")[-1] for v in benchbaseline.compare(BASE, BASE)] == [
        "ok",
        "not judged: PSS moves with the neighbours",
        "ok",
        "ok",
    ]


@pytest.mark.parametrize(
    ("rss", "finding"),
    [(45.9, False), (45.94, False), (45.96, True), (46.0, True), (52.0, True), (40.1, False)],
)
def test_rss_may_grow_by_one_megabyte_as_printed(rss: float, finding: bool) -> None:
    assert _found(rss_mb=rss) == ({"rss_mb"} if finding else set())


def test_the_rss_line_says_the_change_the_figures_and_the_verdict() -> None:
    assert _verdicts(rss_mb=45.2)["rss_mb"].line == (
        "rss +0.3 MB vs baseline (45.2 MB now, 44.9 MB then): ok"
    )
    assert _verdicts(rss_mb=46.3)["rss_mb"].line == (
        "rss +1.4 MB vs baseline (46.3 MB now, 44.9 MB then): FINDING"
    )
    assert _verdicts(rss_mb=41.7)["rss_mb"].line.startswith("rss -3.2 MB vs baseline")


@pytest.mark.parametrize(
    ("rate", "finding"), [(0.0, False), (1.0, False), (1.04, False), (1.1, True), (12.0, True)]
)
def test_any_rise_in_context_switches_a_minute_is_a_finding(rate: float, finding: bool) -> None:
    assert _found(ctxsw_min=rate) == ({"ctxsw_min"} if finding else set())


@pytest.mark.parametrize(("threads", "finding"), [(10.0, False), (11.0, False), (12.0, True)])
def test_one_more_thread_is_a_finding(threads: float, finding: bool) -> None:
    assert _found(threads=threads) == ({"threads"} if finding else set())
    assert _verdicts(threads=threads)["threads"].line.startswith(
        f"threads {threads - 11:+.0f} vs baseline ({threads:.0f} now, 11 then)"
    )


def test_pss_is_shown_and_never_judged() -> None:
    verdict = _verdicts(pss_mb=60.0)["pss_mb"]
    assert not verdict.finding
    assert verdict.line == (
        "pss +26.1 MB vs baseline (60.0 MB now, 33.9 MB then): "
        "not judged: PSS moves with the neighbours"
    )


def test_a_judged_figure_missing_from_the_run_is_a_finding_one_missing_from_the_baseline_not(
) -> None:  # fmt: skip
    now = {key: value for key, value in BASE.items() if key != "threads"}
    verdicts = {v.rule.key: v for v in benchbaseline.compare(BASE, now)}
    assert verdicts["threads"].finding
    assert "not measured in this run" in verdicts["threads"].line
    then = {key: value for key, value in BASE.items() if key != "rss_mb"}
    verdicts = {v.rule.key: v for v in benchbaseline.compare(then, BASE | {"rss_mb": 99.0})}
    assert not verdicts["rss_mb"].finding
    assert verdicts["rss_mb"].line == "rss: not in the baseline"


def test_a_clean_run_is_one_under_the_baselines_conditions_with_no_finding() -> None:
    lines, clean = benchbaseline.report(STORED, BASE | {"rss_mb": 45.5}, CONDITIONS)
    assert clean
    assert (
        lines[0]
        == "baseline deskbreak-xorg: rss +0.6 MB vs baseline (45.5 MB now, 44.9 MB then): ok"
    )
    assert len(lines) == len(benchbaseline.RULES)

    lines, clean = benchbaseline.report(STORED, BASE | {"threads": 12.0}, CONDITIONS)
    assert not clean
    assert lines[-1].endswith("FINDING")


def test_other_conditions_are_said_and_make_the_run_not_clean() -> None:
    here = CONDITIONS | {"settle_s": 10.0, "repeat": 3}
    lines, clean = benchbaseline.report(STORED, BASE, here)
    assert not clean
    assert lines[0].startswith(
        "baseline: measured under other conditions (settle 10 s here, 80 s there; "
        "repeat 3 here, 1 there)"
    )
    assert "scripts/bench …" in lines[0]  # the command that measures as the baseline did
    assert all(line.endswith(("ok", "neighbours")) for line in lines[1:])
    # a float window is the same condition as the stored whole number
    assert benchbaseline.report(STORED, BASE, CONDITIONS | {"window_s": 120.0})[1]


def test_a_run_without_the_daemon_on_xembed_is_not_compared() -> None:
    lines, clean = benchbaseline.report(STORED, None, CONDITIONS)
    assert (lines, clean) == (
        ["baseline: no deskbreak-xorg figures in this run: not compared"],
        False,
    )


def test_a_saved_baseline_loads_and_a_run_equal_to_it_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    run = BASE | {"cpu_s_min": 0.0001, "dock_s": 0.3}
    benchbaseline.save(run, CONDITIONS, "scripts/bench …", {"measured": "2026-12-07"}, path)
    stored = benchbaseline.load(path)
    assert stored["figures"] == BASE  # only the figures the rules read
    assert stored["conditions"] == CONDITIONS and stored["measured"] == "2026-12-07"
    assert benchbaseline.report(stored, run, CONDITIONS)[1]
    path.write_text("{}")
    with pytest.raises(ValueError, match="no figures"):
        benchbaseline.load(path)


def test_the_stored_baseline_has_every_judged_figure_and_its_conditions() -> None:
    stored = json.loads(benchbaseline.BASELINE.read_text())
    assert set(stored["conditions"]) == set(benchbaseline.CONDITIONS)
    assert {rule.key for rule in benchbaseline.RULES} <= set(stored["figures"])
    assert stored["command"].startswith("scripts/bench ")
    assert benchbaseline.load()["figures"] == stored["figures"]
