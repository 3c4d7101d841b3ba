"""`deskbreak plan`: the preview, in text and JSON, honouring TZ."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskbreak.cli.plancmd import format_plan
from deskbreak.core.plan import Planned

CONFIG = """
[schedule.hours]
mon = ["09:00-12:30", "13:30-18:00"]

[[reminders]]
at = "08:30"
days = ["mon"]
routine = "morning-relief"
"""


def plan(home: Path, tz: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DESKBREAK_HOME": str(home), "TZ": tz}
    return subprocess.run(
        [sys.executable, "-m", "deskbreak", "plan", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(CONFIG)
    return tmp_path


@pytest.mark.parametrize(
    ("tz", "offset"), [("Europe/Berlin", "+01:00"), ("America/New_York", "-05:00")]
)
def test_json_lists_fixed_and_interval_reminders_in_local_time(
    home: Path, tz: str, offset: str
) -> None:
    out = plan(home, tz, "--date", "2026-11-23", "--json")
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)
    assert items[0] == {
        "at": f"2026-11-23T08:30:00{offset}",
        "kind": "fixed",
        "routine": "morning-relief",
    }
    assert items[1] == {
        "at": f"2026-11-23T09:45:00{offset}",
        "kind": "interval",
        "routine": "mini-reset",
    }
    assert all(not ("12:30" < i["at"][11:16] < "13:30") for i in items)


def test_text_output_and_a_week_without_hours_on_the_weekend(home: Path) -> None:
    out = plan(home, "Europe/Berlin", "--date", "2026-11-23", "--days", "7")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Monday 23 November 2026\n  08:30  fixed reminder")
    assert "Tuesday" not in out.stdout  # only Monday has hours and the reminder


@pytest.mark.parametrize("args", [["--days", "0"], ["--date", "23/11/2026"], ["--days", "x"]])
def test_bad_arguments_are_one_line_and_exit_2(home: Path, args: list[str]) -> None:
    out = plan(home, "UTC", *args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and out.stderr.strip()


def test_the_fall_back_hour_names_its_zone_in_text(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(
        '[schedule]\nevery = "30m"\nrotation = ["mini-reset"]\n'
        '[schedule.hours]\nsun = "00:00-06:00"\n'
    )
    out = plan(tmp_path, "Europe/Berlin", "--date", "2026-10-25")
    assert out.returncode == 0, out.stderr
    lines = [line.removesuffix("  (passed)") for line in out.stdout.splitlines()]
    assert "  02:46 CEST  desk break      mini-reset" in lines
    assert "  02:20 CET  desk break      mini-reset" in lines
    assert "  03:28  desk break      mini-reset" in lines
    assert len(lines) == 1 + 12  # 7 real hours less the first interval, 34 min apart


def test_times_already_gone_today_are_marked_passed() -> None:
    tz = ZoneInfo("Europe/Berlin")
    at = [datetime(2026, 11, 23, h, m, tzinfo=tz) for h, m in ((9, 45), (10, 35), (11, 25))]
    planned = [Planned(when, "interval", "mini-reset") for when in at]
    text = format_plan(planned, datetime(2026, 11, 23, 10, 35, tzinfo=tz))
    assert text.splitlines() == [
        "Monday 23 November 2026",
        "  09:45  desk break      mini-reset  (passed)",
        "  10:35  desk break      mini-reset  (passed)",
        "  11:25  desk break      mini-reset",
    ]


def test_times_line_up_where_the_locale_drops_the_leading_zero() -> None:
    from deskbreak import lang

    lang.setup("auto", {"LANG": "en_US.UTF-8"})  # "9:45 AM" beside "10:34 AM"
    tz = ZoneInfo("Europe/Berlin")
    at = [datetime(2026, 3, 2, 9, 45, tzinfo=tz), datetime(2026, 3, 2, 10, 34, tzinfo=tz)]
    rows = format_plan([Planned(when, "interval", "mini-reset") for when in at], at[0])
    first, second = rows.splitlines()[1:3]
    assert "9:45" in first and "10:34" in second and "AM" in first  # 12-hour, unpadded
    assert first.index("desk break") == second.index("desk break")
