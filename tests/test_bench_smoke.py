"""The footprint benchmark script starts and explains itself (the measurement itself is a
script run by hand: figures, not timed assertions)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "scripts" / "bench.py"


def test_bench_help_names_its_figures_and_targets() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--help"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--window" in done.stdout and "--floor" in done.stdout
    assert "pss_mb <= 25" in done.stdout
    assert "--save-baseline" in done.stdout and "--strict" in done.stdout
    words = " ".join(done.stdout.split())  # argparse wraps the epilog
    assert "rss +1 MB, ctxsw/min +0, threads +0 at most" in words  # the no-growth rule


def test_bench_refuses_a_bad_window_in_one_line() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--window", "0"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--window and --repeat must be positive" in done.stderr
