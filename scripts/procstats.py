"""Sampling a process tree from /proc: memory, CPU time, context switches, threads.

Owns the Linux-only counters `scripts/bench` reads for one program and all its
descendants: PSS and RSS from smaps_rollup, CPU from stat and schedstat, context
switches from each thread's status. Standard library only; imports nothing of
deskbreak (the program is measured from outside).
"""

from __future__ import annotations

import os
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path


def _stat_fields(path: Path) -> list[str]:
    """Fields of a /proc stat file after the command name (index 0 is field 3, the state)."""
    return path.read_text().rsplit(")", 1)[1].split()


def process_tree(root: int) -> list[int]:
    """`root` and every descendant, from the parent links in /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                ppid = int(_stat_fields(Path(entry.path, "stat"))[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


@dataclass(frozen=True)
class Snapshot:
    """Counters of a process tree at one instant: per process (CPU ticks, incl. reaped
    children and dead threads) and per thread (run time in ns, context switches)."""

    ticks: dict[int, int]
    run_ns: dict[int, int]
    switches: dict[int, int]
    names: dict[int, str]  # thread id: its name (the kernel keeps 15 characters of it)


def snapshot(root: int) -> Snapshot:
    ticks: dict[int, int] = {}
    run_ns: dict[int, int] = {}
    switches: dict[int, int] = {}
    names: dict[int, str] = {}
    for pid in process_tree(root):
        base = Path(f"/proc/{pid}")
        try:
            ticks[pid] = sum(int(v) for v in _stat_fields(base / "stat")[11:15])
            for task in (base / "task").iterdir():
                tid = int(task.name)
                run_ns[tid] = int((task / "schedstat").read_text().split()[0])
                status = (task / "status").read_text()
                counts = re.findall(r"^(?:non)?voluntary_ctxt_switches:\s+(\d+)", status, re.M)
                switches[tid] = sum(int(c) for c in counts)
                names[tid] = (task / "comm").read_text().strip()
        except (OSError, ValueError):
            continue  # it ended between the listing and the read
    return Snapshot(ticks, run_ns, switches, names)


def switches_by_thread(before: Snapshot, after: Snapshot, minutes: float) -> dict[str, float]:
    """Context switches per minute of each thread name (threads of one name summed)."""
    grown: dict[str, float] = {}
    for tid, count in after.switches.items():
        name = after.names.get(tid, str(tid))
        grown[name] = grown.get(name, 0.0) + (count - before.switches.get(tid, 0)) / minutes
    return {name: rate for name, rate in sorted(grown.items(), key=lambda kv: -kv[1]) if rate}


def _grown(before: dict[int, int], after: dict[int, int]) -> int:
    """Total growth; a key that appeared counts in full."""
    return sum(value - before.get(key, 0) for key, value in after.items())


def memory_mb(root: int) -> tuple[float, float]:
    """(PSS, RSS) of the whole tree in MB, from smaps_rollup."""
    pss = rss = 0
    for pid in process_tree(root):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        pss += int(re.search(r"^Pss:\s+(\d+)", text, re.M).group(1))  # type: ignore[union-attr]
        rss += int(re.search(r"^Rss:\s+(\d+)", text, re.M).group(1))  # type: ignore[union-attr]
    return pss / 1024, rss / 1024


def idle_figures(
    root: int, window: float, by_thread: dict[str, float] | None = None
) -> dict[str, float]:
    """Memory (median of samples every 10 s), CPU and context switches over `window` s;
    `by_thread`, when given, is filled with each thread name's context switches a minute."""
    start, began = snapshot(root), time.monotonic()
    samples = [memory_mb(root)]
    while (left := began + window - time.monotonic()) > 0:
        time.sleep(min(10.0, left))
        samples.append(memory_mb(root))
    end, minutes = snapshot(root), (time.monotonic() - began) / 60
    per_tick = 1 / os.sysconf("SC_CLK_TCK")
    cpu = max(_grown(start.run_ns, end.run_ns) / 1e9, _grown(start.ticks, end.ticks) * per_tick)
    if by_thread is not None:
        by_thread.update(switches_by_thread(start, end, minutes))
    return {
        "pss_mb": statistics.median(s[0] for s in samples),
        "rss_mb": statistics.median(s[1] for s in samples),
        "cpu_s_min": cpu / minutes,
        "ctxsw_min": _grown(start.switches, end.switches) / minutes,
        "threads": float(len(end.switches)),
        "procs": float(len(end.ticks)),
        "new_threads": float(len(end.switches.keys() - start.switches.keys())),
    }
