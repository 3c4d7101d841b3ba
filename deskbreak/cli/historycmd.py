"""`deskbreak stats` and `deskbreak history`: reports read straight from the history database.

Owns the two commands' arguments and output (table, JSON, CSV, PNG chart). The
database is opened read-only and never created here: no file means "no
history yet". Days are local calendar days. Imports the core lazily inside the
handlers and Pillow only for --png; must not import the daemon, tray or player.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbreak.cli import OK, REFUSED, USAGE, Context

if TYPE_CHECKING:
    from deskbreak.core.events import Event
    from deskbreak.core.stats import DayStats, Summary

log = logging.getLogger(__name__)

MAX_DAYS = 366
NO_HISTORY = "No history yet: breaks are recorded while the deskbreak daemon runs."


def register(sub: Any) -> None:
    stats: argparse.ArgumentParser = sub.add_parser(
        "stats",
        help="breaks taken and skipped, stretching time and your goal streak",
        description="Summarise the last days' breaks: due, taken, snoozed, skipped, natural "
        "breaks, minutes of stretching and the streak of days that met the daily goal.",
    )
    _days_option(stats)
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.add_argument("--png", metavar="FILE", help="also draw the chart into this PNG file")
    stats.set_defaults(handler=run_stats)
    history: argparse.ArgumentParser = sub.add_parser(
        "history",
        help="every recorded break event",
        description="List every recorded event (due, snoozed, completed …) in the last days.",
    )
    _days_option(history)
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="machine-readable output")
    form.add_argument("--csv", action="store_true", help="export as CSV with a header row")
    history.set_defaults(handler=run_history)


def _days_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days", type=int, default=7, help=f"how many days up to today (1-{MAX_DAYS}, default 7)"
    )
    parser.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS, help="config file")


def _check_days(ctx: Context) -> bool:
    days: int = ctx.args.days
    if 1 <= days <= MAX_DAYS:
        return True
    print(
        f"deskbreak {ctx.args.command}: --days must be between 1 and {MAX_DAYS}, not {days}",
        file=ctx.err,
    )
    return False


def _zone() -> tzinfo:
    from deskbreak.daemon.clock import local_zone

    return local_zone()


def _load(ctx: Context, since: datetime | None = None) -> list[Event] | None:
    """The recorded events (from since on), or None when there is no database."""
    from deskbreak.daemon.store import Store

    path = ctx.paths.database
    if not path.exists():
        return None
    store = Store.open_readonly(path)
    try:
        return store.events(since=since)
    finally:
        store.close()


def _goal(ctx: Context) -> int:
    from deskbreak.core.config.model import Config
    from deskbreak.core.config.read import ConfigErrors, load_config

    try:
        return load_config(ctx.paths.config_file).goals.breaks_per_day
    except ConfigErrors as exc:
        goal = Config().goals.breaks_per_day
        print(f"deskbreak: {exc}; using the default goal of {goal} a day", file=ctx.err)
        return goal


def run_stats(ctx: Context) -> int:
    from deskbreak.core.stats import summarize
    from deskbreak.daemon.store import StoreError

    if not _check_days(ctx):
        return USAGE
    tz = _zone()
    today = datetime.now(tz).date()
    try:
        events = _load(ctx)
    except StoreError as exc:
        print(f"deskbreak: {exc}", file=ctx.err)
        return REFUSED
    summary = summarize(events or [], today=today, days=ctx.args.days, goal=_goal(ctx), tz=tz)
    if ctx.args.png and not _write_png(ctx, summary, Path(ctx.args.png).expanduser()):
        return REFUSED
    if ctx.args.json:
        json.dump(summary.to_json(), ctx.out, indent=2)
        ctx.out.write("\n")
    elif events is None:
        ctx.out.write(NO_HISTORY + "\n")
    else:
        ctx.out.write(format_summary(summary))
    return OK


def _write_png(ctx: Context, summary: Summary, path: Path) -> bool:
    from deskbreak.desktop.chart import render

    kind = IMAGE_KINDS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(k for k in IMAGE_KINDS if k))
        print(
            f"deskbreak stats: cannot tell what image {path.name} should be — end it in {known}",
            file=ctx.err,
        )
        return False
    try:
        render(summary).save(path, format=kind)
    except (OSError, ValueError) as exc:
        print(f"deskbreak stats: cannot write the chart to {path}: {exc}", file=ctx.err)
        return False
    # with --json, stdout carries only the JSON
    print(f"Chart written to {path}", file=ctx.err if ctx.args.json else ctx.out)
    return True


# What `--png FILE` writes, by the file's extension (none: PNG).
IMAGE_KINDS = {"": "PNG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}

_COLUMNS = ("Due", "Taken", "Snoozed", "Skipped", "Natural", "Stretch", "Goal")


def format_summary(summary: Summary) -> str:
    """The human table: one row per day, a total row and a closing line on today."""
    from deskbreak.core.stats import DayStats

    goal = summary.goal
    lines = [f"Breaks over the last {len(summary.days)} days (goal: {goal} taken a day)", ""]
    lines.append(f"{'Day':<13}" + "".join(f"{c:>9}" for c in _COLUMNS))
    for day in summary.days:
        label = "Today" if day.day == summary.today else f"{day.day:%a %d %b}"
        lines.append(_row(label, day))
    lines.append(_row("Total", DayStats(summary.today, summary.totals, goal=0)))
    today = summary.today_stats.counts.taken
    left = max(0, goal - today)
    tail = "goal met" if left == 0 else f"{left} to go"
    streak = f"{summary.streak} day{'' if summary.streak == 1 else 's'}"
    lines += ["", f"Today: {today} of {goal} breaks taken ({tail}). Streak: {streak}."]
    totals = summary.totals
    if totals.held:
        lines.append(
            f"Held during calls or do-not-disturb: {totals.held}, taken after: {totals.held_taken}."
        )
    return "\n".join(lines) + "\n"


def _row(label: str, day: DayStats) -> str:
    c = day.counts
    minutes = f"{round(c.stretch_seconds / 60)} min"
    cells = (c.due, c.taken, c.snoozed, c.skipped, c.natural, minutes, "met" if day.met else "")
    return f"{label:<13}" + "".join(f"{cell:>9}" for cell in cells).rstrip()


def run_history(ctx: Context) -> int:
    from deskbreak.daemon.store import StoreError

    if not _check_days(ctx):
        return USAGE
    tz = _zone()
    first = datetime.now(tz).date() - timedelta(days=ctx.args.days - 1)
    try:
        events = _load(ctx, since=_midnight(first, tz))
    except StoreError as exc:
        print(f"deskbreak: {exc}", file=ctx.err)
        return REFUSED
    if ctx.args.json:
        json.dump([event_json(e) for e in events or []], ctx.out, indent=2)
        ctx.out.write("\n")
    elif ctx.args.csv:
        write_csv(events or [], ctx.out)
    elif events is None:
        ctx.out.write(NO_HISTORY + "\n")
    elif not events:
        ctx.out.write(f"No events in the last {ctx.args.days} days.\n")
    else:
        ctx.out.write(format_history(events, tz))
    return OK


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tz)


def event_json(event: Event) -> dict[str, Any]:
    """One event's stable JSON form (`deskbreak history --json`)."""
    return {
        "at": event.at.isoformat(),
        "kind": event.kind.value,
        "routine": event.routine,
        "trigger": None if event.trigger is None else event.trigger.value,
        "detail": dict(event.detail),
    }


def write_csv(events: list[Event], out: Any) -> None:
    """CSV with a header row: at, kind, routine, trigger, detail (compact JSON)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["at", "kind", "routine", "trigger", "detail"])
    for event in events:
        row = event_json(event)
        detail = json.dumps(row["detail"], sort_keys=True, separators=(",", ":"))
        writer.writerow(
            [row["at"], row["kind"], row["routine"] or "", row["trigger"] or "", detail]
        )


def format_history(events: list[Event], tz: tzinfo) -> str:
    """Events grouped under a heading per local day, one line each."""
    lines: list[str] = []
    current: date | None = None
    for event in events:
        at = event.at.astimezone(tz)
        if at.date() != current:
            if lines:
                lines.append("")
            current = at.date()
            lines.append(f"{at:%A %d %B %Y}")
        trigger = "" if event.trigger is None else event.trigger.value
        text = f"  {at:%H:%M}  {event.kind.value:<14} {trigger:<9} {event.routine or '':<16}"
        lines.append(f"{text} {describe(event.detail)}".rstrip())
    return "\n".join(lines) + "\n"


def describe(detail: Any) -> str:
    """A short human reading of an event's detail."""
    from deskbreak.core.config.durations import format_duration

    parts: list[str] = []
    rest = dict(detail)
    done, total = rest.pop("steps_done", None), rest.pop("steps_total", None)
    if done is not None and total is not None:
        parts.append(f"{done}/{total} steps")
    seconds = rest.pop("seconds", None)
    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        parts.append(format_duration(timedelta(seconds=round(seconds))))
    until = rest.pop("until", None)
    if isinstance(until, str):
        parts.append(f"until {_clock(until)}")
    parts += [f"{key}={value}" for key, value in sorted(rest.items())]
    return ", ".join(parts)


def _clock(iso: str) -> str:
    try:
        return f"{datetime.fromisoformat(iso):%H:%M}"
    except ValueError:
        return iso
