"""The footprint benchmark: what deskbreak costs while it waits, and how fast it answers.

Owns measuring one tray program at a time, each on its own fresh headless desktop (Xvfb, a
private bus, dunst, trayer; tests/harness/desktop.py starts and stops it): the whole process
tree's PSS and RSS, CPU seconds and context switches per minute while idle, the time from launch
to the icon docked in trayer; for deskbreak also the time from `deskbreak break` to the player
window mapped and how far a short routine's end lands from its plan. Prints one table, one
`BENCH label figure=value` line per figure, and the idle daemon's figures against the stored
baseline (scripts/benchbaseline.py: the "no growth" check). It is a script that prints figures,
not a test, and it installs nothing. Imports only the standard library and the desktop harness
(never deskbreak: the daemon is measured as a separate process).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import benchbaseline  # noqa: E402
from benchdesk import DESKTOPS, icon_in_panel, player_shown, seconds_until, stop  # noqa: E402
from harness.desktop import Desktop, DesktopError  # noqa: E402
from procstats import idle_figures, memory_mb, process_tree  # noqa: E402

PLAN_S = 6.0
PLAY_CONFIG = (
    """[player]
chime = false
voice = false
[[routines]]
id = "bench-three"
title = "Three short steps"
"""
    + 3 * '[[routines.steps]]\nexercise = "shoulder-rolls"\nduration = "2s"\n'
)
FLOOR_SCRIPT = """import sys, pystray
from PIL import Image, ImageDraw
image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
ImageDraw.Draw(image).ellipse((6, 6, 58, 58), fill=(40, 140, 90, 255))
icon = pystray.Icon("floor", icon=image, title="bare pystray icon")
print("pystray backend:", type(icon).__module__, flush=True)
icon.run()
"""
# The second floor: the same icon plus what deskbreak's design keeps, an APScheduler
# BackgroundScheduler with one job (re-armed as deskbreak's timer is).
FLOOR_SCHEDULER_SCRIPT = FLOOR_SCRIPT.replace(
    "icon.run()\n",
    """from apscheduler.schedulers.background import BackgroundScheduler
scheduler = BackgroundScheduler()
scheduler.add_job(lambda: None, "interval", minutes=5, id="wake")
scheduler.start()
icon.run()
""",
)
FLOORS = {"floor": FLOOR_SCRIPT, "floor+scheduler": FLOOR_SCHEDULER_SCRIPT}
# deskbreak's idle PSS is shown above this one's; no target (the 5 MB one was retired for
# the no-growth check against the baseline, scripts/benchbaseline.py)
GAP_FLOOR = "floor+scheduler"
SYSTEM_BUS = "/run/dbus/system_bus_socket"
XDG = {"CONFIG": ".config", "DATA": ".local/share", "CACHE": ".cache", "STATE": ".local/state"}
TARGETS = {"pss_mb": 25.0, "cpu_s_min": 0.01, "ctxsw_min": 10.0, "dock_s": 0.5, "window_s": 0.5}
COLUMNS = (
    ("pss_mb", "PSS MB", "{:.1f}"),
    ("rss_mb", "RSS MB", "{:.1f}"),
    ("cpu_s_min", "CPU s/min", "{:.4f}"),
    ("ctxsw_min", "ctxsw/min", "{:.1f}"),
    ("threads", "threads", "{:.0f}"),
    ("procs", "procs", "{:.0f}"),
    ("dock_s", "dock s", "{:.2f}"),
    ("window_s", "break→window s", "{:.2f}"),
    ("pss_after_breaks_mb", "PSS after breaks", "{:.1f}"),
    ("play_drift_s", "play drift s", "{:+.3f}"),
    ("play_wall_s", "play wall-plan s", "{:+.2f}"),
)


@dataclass(frozen=True)
class Target:
    label: str
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    deskbreak: bool = False
    desktop: str = "x11"  # a key of DESKTOPS


@dataclass
class Result:
    label: str
    figures: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    wakeups: dict[str, float] = field(default_factory=dict)  # thread name: ctxsw a minute


# -- one target ---------------------------------------------------------------------


def measure(target: Target, args: argparse.Namespace) -> Result:
    """Start `target` on a fresh desktop with a fresh home, measure it, stop everything."""
    result = Result(target.label)
    home = Path(tempfile.mkdtemp(prefix="bench-"))
    desk = DESKTOPS[target.desktop]()
    env = {"HOME": str(home), "DESKBREAK_HOME": str(home), **dict(target.env)}
    for kind, where in XDG.items():  # the defaults, made: Safe Eyes assumes ~/.config
        (home / where).mkdir(parents=True)
        env[f"XDG_{kind}_HOME"] = str(home / where)
    if not Path(SYSTEM_BUS).exists():  # Safe Eyes will not start without one
        env["DBUS_SYSTEM_BUS_ADDRESS"] = desk.vars["DBUS_SESSION_BUS_ADDRESS"]
    out = (home / "bench-output.log").open("w")
    proc: subprocess.Popen[str] | None = None
    try:
        docks: list[float] = []
        for launch in range(args.repeat):
            proc = _launch(desk, target, env, out, docks)
            if launch < args.repeat - 1:
                stop(proc)  # and time a restart, once its icon has left the panel
                desk.wait_for("the icon to go", lambda: not icon_in_panel(desk), 10)
        _put_median(result, "dock_s", docks, args.repeat)
        time.sleep(args.settle)
        assert proc is not None
        result.figures |= idle_figures(proc.pid, args.window, result.wakeups)
        if target.deskbreak:
            _deskbreak_extras(desk, env, proc.pid, result, args.repeat)
        if proc.poll() is not None:
            result.notes.append(f"it exited with {proc.returncode} during the run")
    finally:
        if proc is not None:
            stop(proc)
        out.close()
        result.notes += _notes(home)
        desk.close()
        shutil.rmtree(home, ignore_errors=True)
    return result


def _launch(
    desk: Desktop, target: Target, env: dict[str, str], out: TextIO, docks: list[float]
) -> subprocess.Popen[str]:
    """Start the target and wait for its icon to dock (adding the seconds to `docks`)."""
    started = time.monotonic()
    proc = desk.popen(*target.argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    dock = seconds_until(lambda: icon_in_panel(desk) or proc.poll() is not None, 30, started)
    if proc.poll() is not None:
        out.flush()
        said = Path(out.name).read_text(errors="replace").strip().splitlines()[-1:]
        raise DesktopError(f"{target.label} exited with {proc.returncode}: {' '.join(said)}")
    if dock is not None:
        docks.append(dock)
    return proc


def _put_median(result: Result, key: str, values: list[float], tries: int) -> None:
    if values:
        result.figures[key] = statistics.median(values)
        result.notes.append(f"{key} " + " ".join(f"{v:.2f}" for v in values))
    if len(values) < tries:
        result.notes.append(f"{key}: {tries - len(values)} of {tries} never happened")


def _deskbreak_extras(
    desk: Desktop, env: dict[str, str], daemon: int, result: Result, tries: int
) -> None:
    """`deskbreak break` to the player window (`tries` times, the player stopped after each),
    the daemon's memory after those breaks, then a short routine in the terminal."""
    shown: list[float] = []
    for _ in range(tries):
        started = time.monotonic()
        cli = subprocess.Popen([*_deskbreak(), "break"], env=desk.env | env, text=True,
                               stdout=subprocess.DEVNULL)  # fmt: skip
        seconds = seconds_until(lambda: player_shown(desk), 20, started)
        cli.wait(20)
        if seconds is not None:
            shown.append(seconds)
        _stop_players(desk, daemon)
    _put_median(result, "window_s", shown, tries)
    result.figures["pss_after_breaks_mb"] = memory_mb(daemon)[0]
    config = Path(env["DESKBREAK_HOME"]) / "bench-play.toml"
    config.write_text(PLAY_CONFIG)
    play = [*_deskbreak(), "--config", str(config), "play", "bench-three", "--terminal"]
    started = time.monotonic()
    done = desk.run(*play, "--report", timeout=60, check=False)
    wall = time.monotonic() - started
    try:
        outcome = json.loads(done.stdout.strip().splitlines()[-1])["outcome"]
    except (IndexError, ValueError, KeyError):
        result.notes.append(f"play gave no outcome: {done.stderr.strip()[-200:]}")
        return
    result.figures["play_drift_s"] = float(outcome["seconds"]) - PLAN_S
    result.figures["play_wall_s"] = wall - PLAN_S


def _stop_players(desk: Desktop, daemon: int) -> None:
    """SIGTERM the daemon's player processes (a clean stop) and wait for them to go."""
    players = [pid for pid in process_tree(daemon) if pid != daemon]
    for pid in players:
        os.kill(pid, signal.SIGTERM)

    def gone() -> bool:
        return not player_shown(desk) and not any(Path(f"/proc/{p}").exists() for p in players)

    seconds_until(gone, 10, time.monotonic())


def _deskbreak() -> list[str]:
    return [sys.executable, "-m", "deskbreak"]


def _notes(home: Path) -> list[str]:
    """What the target said about itself: deskbreak's tray backend, the floor's backend."""
    found: list[str] = []
    log = home / "log" / "deskbreak.log"
    text = log.read_text(errors="replace") if log.exists() else ""
    found += [f"tray backend {m}" for m in re.findall(r"with a tray icon \((\w+)\)", text)]
    out = (home / "bench-output.log").read_text(errors="replace")
    found += re.findall(r"pystray backend: \S+", out)
    return list(dict.fromkeys(found))


# -- the run ------------------------------------------------------------------------


def targets(args: argparse.Namespace, scratch: Path) -> list[Target]:
    chosen: list[Target] = []
    daemon = (sys.executable, "-m", "deskbreak", "run")
    for name, script in FLOORS.items():
        (scratch / f"{name}.py").write_text(script)
    for backend in args.backend:
        env = (("PYSTRAY_BACKEND", backend),) if backend != "auto" else ()
        if not args.no_deskbreak:
            chosen.append(Target(f"deskbreak-{backend}", daemon, env, deskbreak=True))
        for name in FLOORS if args.floor else ():
            argv = (sys.executable, str(scratch / f"{name}.py"))
            chosen.append(Target(f"{name}-{backend}", argv, env))
    for text in args.command:
        argv = tuple(shlex.split(text))
        chosen.append(Target(_label(argv), argv))
    return chosen


def _same_backend(target: Target, done: Sequence[Result]) -> Target:
    """The floor with "auto" uses the backend deskbreak picked (pystray alone would take
    AppIndicator even with no StatusNotifier host, where deskbreak takes gtk)."""
    floor = target.label.removesuffix("-auto")
    if floor not in FLOORS or floor == target.label:
        return target
    for res in done:
        for note in res.notes if res.label == "deskbreak-auto" else ():
            if note.startswith("tray backend "):
                backend = note.removeprefix("tray backend ")
                env = (("PYSTRAY_BACKEND", backend),)
                return Target(f"{floor}-auto-{backend}", target.argv, env)
    return target


def gaps(results: Sequence[Result]) -> list[tuple[str, float]]:
    """deskbreak's idle PSS above the scheduler floor on the same backend, per backend."""
    out: list[tuple[str, float]] = []
    for res in results:
        if not res.label.startswith("deskbreak-") or "pss_mb" not in res.figures:
            continue
        backend = res.label.removeprefix("deskbreak-")
        for floor in results:
            label = floor.label.removeprefix(f"{GAP_FLOOR}-")
            same = label == backend or label.startswith(f"{backend}-")
            if floor.label.startswith(f"{GAP_FLOOR}-") and same and "pss_mb" in floor.figures:
                out.append((backend, res.figures["pss_mb"] - floor.figures["pss_mb"]))
    return out


def _label(argv: Sequence[str]) -> str:
    words = [w for w in argv if "=" not in w or w.startswith("-")]
    return Path(words[0]).name if words else "command"


def table(results: Sequence[Result]) -> str:
    heads = ["target", *(head for _, head, _ in COLUMNS)]
    rows = [heads]
    for res in results:
        cells = [res.label]
        for key, _, fmt in COLUMNS:
            value = res.figures.get(key)
            miss = key in TARGETS and value is not None and value > TARGETS[key]
            cells.append("—" if value is None else fmt.format(value) + ("!" if miss else ""))
        rows.append(cells)
    widths = [max(len(row[i]) for row in rows) for i in range(len(heads))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for res in results:
        if res.notes:
            lines.append(f"{res.label}: {'; '.join(res.notes)}")
    for backend, gap in gaps(results):
        lines.append(f"deskbreak-{backend} idle PSS above {GAP_FLOOR}: {gap:+.1f} MB")
    for res in results:
        if res.wakeups:
            each = ", ".join(f"{name} {rate:.1f}" for name, rate in res.wakeups.items())
            lines.append(f"{res.label} ctxsw/min by thread: {each}")
    return "\n".join(lines)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Measure deskbreak's idle footprint and latencies on a headless desktop.",
        epilog="Targets (a value past one is marked !): "
        + ", ".join(f"{k} <= {v:g}" for k, v in TARGETS.items())
        + f". No growth against the baseline ({benchbaseline.TARGET}): "
        + ", ".join(
            f"{r.name} +{r.allowed:g}{r.unit}" for r in benchbaseline.RULES if r.allowed is not None
        )
        + " at most",
    )
    parser.add_argument(
        "--window",
        type=float,
        default=120.0,
        metavar="S",
        help="idle measurement window in seconds (default 120)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds between the icon docking and the window (default 10)",
    )
    parser.add_argument(
        "--backend",
        action="append",
        choices=("xorg", "auto", "gtk"),
        help="pystray backend for deskbreak and the floor; repeatable (default: xorg and auto)",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also measure the floors: a bare pystray icon with Pillow, and the same icon"
        " running an APScheduler BackgroundScheduler with one job",
    )
    parser.add_argument(
        "--command",
        action="append",
        default=[],
        metavar="CMD",
        help="also measure this command (a peer), the same way; repeatable",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        metavar="N",
        help="launches (and breaks) to time; the median is reported (default 3)",
    )
    parser.add_argument("--no-deskbreak", action="store_true", help="measure only the others")
    parser.add_argument(
        "--sway", action="store_true", help="also measure the idle daemon on headless sway"
    )
    parser.add_argument(
        "--save-baseline",
        action="store_true",
        help=f"write this run's {benchbaseline.TARGET} figures and conditions as the baseline"
        " (scripts/bench-baseline.json), after comparing them with the one before",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 unless the run was compared with the baseline under its conditions"
        " and no figure grew",
    )
    parser.add_argument(
        "--calendar",
        action="store_true",
        help="only measure reading a 10 000-event calendar (time and memory; no desktop)",
    )
    args = parser.parse_args(argv)
    args.backend = args.backend or ["xorg", "auto"]
    if args.window <= 0 or args.settle < 0 or args.repeat < 1:
        parser.error("--window and --repeat must be positive, --settle not negative")
    return args


def _sway(args: argparse.Namespace, *extra: str) -> Result:
    """The idle daemon on sway (scripts/bench_sway.py), with this script's /proc sampling;
    also without its tray, which shows what the idle source and the timer cost alone."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_sway import sway_idle

    label = "deskbreak-sway" + "".join(extra).replace("--", "-")
    print(f"bench: measuring {label}", flush=True)
    figures, notes = sway_idle(args.window, args.settle, idle_figures, *extra)
    return Result(label, figures, notes)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.calendar:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench_calendar import main as calendar_bench

        return calendar_bench()
    os.environ.pop("PYSTRAY_BACKEND", None)  # "auto" must mean the program's own choice
    results: list[Result] = []
    desktops: dict[str, str] = {}  # label: the desktop it ran on
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        for planned in targets(args, Path(scratch)):
            target = _same_backend(planned, results)
            desktops[target.label] = target.desktop
            print(f"bench: measuring {target.label} ({shlex.join(target.argv)})", flush=True)
            try:
                results.append(measure(target, args))
            except (DesktopError, OSError, subprocess.SubprocessError) as exc:
                print(f"bench: {target.label}: {exc}".splitlines()[0], file=sys.stderr)
                results.append(Result(target.label, notes=[str(exc).splitlines()[0]]))
    if args.sway:
        results += [_sway(args), _sway(args, "--no-tray")]
    print(table(results))
    for res in results:
        for key, value in res.figures.items():
            print(f"BENCH {res.label} {key}={value:.4g}")
        for name, rate in res.wakeups.items():
            print(f"BENCH {res.label} ctxsw_min[{name}]={rate:.4g}")
    for backend, gap in gaps(results):
        print(f"BENCH deskbreak-{backend} pss_above_{GAP_FLOOR}_mb={gap:.4g}")
    status = 0 if results and all(res.figures for res in results) else 1
    clean = against_baseline(args, results, desktops)
    if args.save_baseline and not save_baseline(args, results, desktops):
        status = 1
    return 1 if args.strict and not clean else status


# -- the baseline (scripts/benchbaseline.py) -----------------------------------------


def _conditions(args: argparse.Namespace, desktop: str) -> dict[str, object]:
    backend = benchbaseline.TARGET.removeprefix("deskbreak-")
    return {
        "desktop": desktop,
        "backend": backend,
        "window_s": args.window,
        "settle_s": args.settle,
        "repeat": args.repeat,
    }


def _baseline_figures(results: Sequence[Result]) -> dict[str, float] | None:
    for res in results:
        if res.label == benchbaseline.TARGET and res.figures:
            return res.figures
    return None


def against_baseline(
    args: argparse.Namespace, results: Sequence[Result], desktops: dict[str, str]
) -> bool:
    """Print this run against the stored baseline, a line a figure; True when it was
    compared under the baseline's conditions and nothing grew."""
    try:
        stored = benchbaseline.load()
    except ValueError as exc:
        print(f"baseline: {exc}")
        return False
    conditions = _conditions(args, desktops.get(benchbaseline.TARGET, ""))
    lines, clean = benchbaseline.report(stored, _baseline_figures(results), conditions)
    print("\n".join(lines))
    return clean


def save_baseline(
    args: argparse.Namespace, results: Sequence[Result], desktops: dict[str, str]
) -> bool:
    figures = _baseline_figures(results)
    if figures is None or "rss_mb" not in figures:
        said = f"bench: no {benchbaseline.TARGET} figures in this run: baseline not written"
        print(said, file=sys.stderr)
        return False
    conditions = _conditions(args, desktops[benchbaseline.TARGET])
    command = (
        f"scripts/bench --backend {conditions['backend']} --window {args.window:g} "
        f"--settle {args.settle:g} --repeat {args.repeat}"
    )
    benchbaseline.save(figures, conditions, command, _about())
    print(f"baseline: written to {benchbaseline.BASELINE} from this run")
    return True


def _about() -> dict[str, str]:
    """The machine and the code a baseline was measured on, for the people reading it."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    release = Path("/etc/os-release")
    text = release.read_text() if release.exists() else ""
    named = re.search(r'^PRETTY_NAME="?([^"\n]*)', text, re.M)
    git = ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, capture_output=True, text=True, check=False).stdout.strip()
    return {
        "machine": f"{os.cpu_count()} cores, {memory:.0f} GiB RAM; Linux {platform.release()}; "
        f"{named.group(1) if named else 'unknown system'}; Python {platform.python_version()}",
        "measured": datetime.date.today().isoformat(),
        "code": commit or "unknown",
    }


if __name__ == "__main__":
    sys.exit(main())
