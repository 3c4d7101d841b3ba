"""`deskbreak stats` and `deskbreak history`: reports read straight from the history database.

Owns the two commands' arguments and output (table, JSON, CSV, PNG chart; stats ends
with the progression level, `progresstext`). The
database is opened read-only and never created here: no file means "no
history yet". `history` also asks a running daemon (over its control socket) how many
events it keeps in memory because it could not write them (a full disk) and says so in
one line: they are not in the file it lists. Days are local calendar days. Imports the
core lazily inside the handlers and Pillow only for --png; must not import the daemon,
tray or player.
"""

from __future__ import annotations

import argparse
import json
import logging
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbreak.cli import OK, REFUSED, USAGE, Context
from deskbreak.cli.columns import ljust, rjust, widest
from deskbreak.cli.dates import day_label
from deskbreak.cli.historytext import event_json, format_history, write_csv
from deskbreak.core.i18n import N_, _, ngettext, pgettext

if TYPE_CHECKING:
    from deskbreak.core.config.model import Config
    from deskbreak.core.events import Event
    from deskbreak.core.stats import DayStats, Summary

log = logging.getLogger(__name__)

MAX_DAYS = 366
NO_HISTORY = N_("No history yet: breaks are recorded while the deskbreak daemon runs.")


def register(sub: Any) -> None:
    stats: argparse.ArgumentParser = sub.add_parser(
        "stats",
        help=_("breaks taken and skipped, stretching time and your goal streak"),
        description=_(
            "Summarise the last days' breaks: due, taken, snoozed, skipped, natural "
            "breaks, minutes of stretching and the streak of days that met the daily goal."
        ),
    )
    _days_option(stats)
    stats.add_argument("--json", action="store_true", help=_("machine-readable output"))
    stats.add_argument(
        "--png",
        # Translators: a placeholder in the usage line, in capitals: a file's name.
        metavar=_("FILE"),
        help=_("also draw the chart into this PNG file"),
    )
    stats.set_defaults(handler=run_stats)
    history: argparse.ArgumentParser = sub.add_parser(
        "history",
        help=_("every recorded break event"),
        description=_("List every recorded event (due, snoozed, completed …) in the last days."),
    )
    _days_option(history)
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help=_("machine-readable output"))
    form.add_argument("--csv", action="store_true", help=_("export as CSV with a header row"))
    history.set_defaults(handler=run_history)


def _days_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days",
        type=int,
        default=7,
        # Translators: a placeholder in the usage line, in capitals: a number of days.
        metavar=_("DAYS"),
        # Translators: {most} is the largest number of days allowed.
        help=_("how many days up to today (1-{most}, default 7)").format(most=MAX_DAYS),
    )
    parser.add_argument(
        "--config", metavar=_("PATH"), default=argparse.SUPPRESS, help=_("config file")
    )


def _check_days(ctx: Context) -> bool:
    days: int = ctx.args.days
    if 1 <= days <= MAX_DAYS:
        return True
    # Translators: {most} is the largest number allowed, {days} the number given.
    text = _("--days must be between 1 and {most}, not {days}").format(most=MAX_DAYS, days=days)
    print(f"deskbreak {ctx.args.command}: {text}", file=ctx.err)
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


def _config(ctx: Context) -> Config:
    """The config for the goal and progression; the defaults when it has a problem."""
    from deskbreak.core.config.model import Config
    from deskbreak.core.config.read import ConfigErrors, load_config

    try:
        return load_config(ctx.paths.config_file)
    except ConfigErrors as exc:
        goal = Config().goals.breaks_per_day
        # Translators: {problem} says what is wrong with the config; {goal} is a number.
        text = ngettext(
            "{problem}; using the default goal of {goal} a day",
            "{problem}; using the default goal of {goal} a day",
            goal,
        )
        print(f"deskbreak: {text.format(problem=exc, goal=goal)}", file=ctx.err)
        return Config()


def run_stats(ctx: Context) -> int:
    from deskbreak.cli.progresstext import progression_json, progression_lines
    from deskbreak.core.progression import level_of
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
    config = _config(ctx)
    goal, on = config.goals.breaks_per_day, config.player.progression
    summary = summarize(events or [], today=today, days=ctx.args.days, goal=goal, tz=tz)
    level = level_of(events or [], today=today, tz=tz) if on else 0
    if ctx.args.png and not _write_png(ctx, summary, Path(ctx.args.png).expanduser()):
        return REFUSED
    if ctx.args.json:
        json.dump(
            {**summary.to_json(), "progression": progression_json(level, on=on)}, ctx.out, indent=2
        )
        ctx.out.write("\n")
    elif events is None:
        ctx.out.write(_(NO_HISTORY) + "\n")
    else:
        ctx.out.write(format_summary(summary))
        ctx.out.write("\n".join(progression_lines(level, on=on)) + "\n")
    return OK


def _write_png(ctx: Context, summary: Summary, path: Path) -> bool:
    from deskbreak.desktop.chart import render

    kind = IMAGE_KINDS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(k for k in IMAGE_KINDS if k))
        # Translators: {name} is a file's name, {known} the endings it may have (.png, .jpg).
        text = _("cannot tell what image {name} should be — end it in {known}")
        print(f"deskbreak stats: {text.format(name=path.name, known=known)}", file=ctx.err)
        return False
    try:
        render(summary).save(path, format=kind)
    except (OSError, ValueError) as exc:
        # Translators: {path} is the file, {error} the system's reason.
        text = _("cannot write the chart to {path}: {error}").format(path=path, error=exc)
        print(f"deskbreak stats: {text}", file=ctx.err)
        return False
    # with --json, stdout carries only the JSON
    print(
        _("Chart written to {path}").format(path=path), file=ctx.err if ctx.args.json else ctx.out
    )
    return True


# What `--png FILE` writes, by the file's extension (none: PNG).
IMAGE_KINDS = {"": "PNG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def _columns() -> tuple[str, ...]:
    """The headers of the stats table after the day, translated now."""
    return (
        # Translators: the column headers of `deskbreak stats`; keep each short (~8 characters).
        pgettext("column", "Due"),
        pgettext("column", "Taken"),
        pgettext("column", "Snoozed"),
        pgettext("column", "Skipped"),
        pgettext("column", "Natural"),
        pgettext("column", "Stretch"),
        pgettext("column", "Goal"),
    )


def format_summary(summary: Summary) -> str:
    """The human table: one row per day, a total row and a closing line on today."""
    from deskbreak.core.stats import DayStats

    goal = summary.goal
    days = len(summary.days)
    heading = ngettext(
        "Breaks over the last {days} day (goal: {goal} taken a day)",
        "Breaks over the last {days} days (goal: {goal} taken a day)",
        days,
    )
    rows = [
        (pgettext("row", "Today") if day.day == summary.today else day_label(day.day), day)
        for day in summary.days
    ]
    rows.append((pgettext("row", "Total"), DayStats(summary.today, summary.totals, goal=0)))
    cells = [(label, _cells(day)) for label, day in rows]
    header = (pgettext("column", "Day"), _columns())
    first = max(13, widest([header[0], *(label for label, _ in cells)]) + 1)
    widths = [
        max(9, widest([title, *(row[i] for _, row in cells)]) + 1)
        for i, title in enumerate(header[1])
    ]

    def line(label: str, row: tuple[str, ...]) -> str:
        return (ljust(label, first) + "".join(map(rjust, row, widths))).rstrip()

    lines = [heading.format(days=days, goal=goal), "", line(*header)]
    lines += [line(label, row) for label, row in cells]
    today = summary.today_stats.counts.taken
    left = max(0, goal - today)
    streak = summary.streak
    if left == 0:
        # Translators: {taken} and {goal} count breaks.
        done = ngettext(
            "Today: {taken} of {goal} break taken (goal met).",
            "Today: {taken} of {goal} breaks taken (goal met).",
            goal,
        )
    else:
        # Translators: {taken} and {goal} count breaks, {left} breaks still to take.
        done = ngettext(
            "Today: {taken} of {goal} break taken ({left} to go).",
            "Today: {taken} of {goal} breaks taken ({left} to go).",
            goal,
        )
    # Translators: the days in a row, up to today, that met the daily goal.
    run = ngettext("Streak: {streak} day.", "Streak: {streak} days.", streak)
    done = done.format(taken=today, goal=goal, left=left)
    lines += ["", f"{done} {run.format(streak=streak)}"]
    totals = summary.totals
    if totals.held:
        # Translators: {held} due breaks were held back during a call or do-not-disturb;
        # {taken} of them were taken after.
        held = _("Held during calls or do-not-disturb: {held}, taken after: {taken}.")
        lines.append(held.format(held=totals.held, taken=totals.held_taken))
    return "\n".join(lines) + "\n"


def _cells(day: DayStats) -> tuple[str, ...]:
    c = day.counts
    minutes = round(c.stretch_seconds / 60)
    # Translators: minutes of stretching in a column of `deskbreak stats`; keep it short.
    stretch = ngettext("{n} min", "{n} min", minutes).format(n=minutes)
    # Translators: in the Goal column of `deskbreak stats`: the day met the goal.
    met = pgettext("goal", "met") if day.met else ""
    return (*map(str, (c.due, c.taken, c.snoozed, c.skipped, c.natural)), stretch, met)


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
        ctx.out.write(_(NO_HISTORY) + "\n")
    elif not events:
        days = ctx.args.days
        text = ngettext(
            "No events in the last {days} day.", "No events in the last {days} days.", days
        )
        ctx.out.write(text.format(days=days) + "\n")
    else:
        ctx.out.write(format_history(events, tz))
    unsaved = _unsaved(ctx)
    if unsaved:
        # Translators: a line `deskbreak history` adds while the daemon cannot write its
        # history (a full disk): {n} events it keeps in memory are not in the list above.
        text = ngettext(
            "Not listed here: {n} event not written yet (kept in memory; is the disk full?)",
            "Not listed here: {n} events not written yet (kept in memory; is the disk full?)",
            unsaved,
        )
        # --json and --csv keep stdout for the data alone
        print(text.format(n=unsaved), file=ctx.err if ctx.args.json or ctx.args.csv else ctx.out)
    return OK


def _unsaved(ctx: Context) -> int:
    """How many events the running daemon holds unwritten (its `history_unsaved`); 0 when
    it has none, or when no daemon answers within a second."""
    from deskbreak.core.errors import DeskbreakError
    from deskbreak.ipc import Client

    try:
        reply = Client(ctx.paths, timeout=1.0).call("status")
    except DeskbreakError:  # not running, busy or failing: the file is all there is
        return 0
    count = reply.data.get("history_unsaved") if reply.ok else None
    return count if isinstance(count, int) and count > 0 else 0


def _midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tz)
