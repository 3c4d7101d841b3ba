"""`deskbreak plan`: preview when reminders would fire (see `deskbreak.core.plan`)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from deskbreak.cli import USAGE, Context
from deskbreak.cli.columns import ljust, rjust, widest
from deskbreak.cli.dates import day_heading
from deskbreak.core.i18n import _, pgettext, time_text

if TYPE_CHECKING:
    from deskbreak.core.calendar import Meeting
    from deskbreak.core.config.model import Config
    from deskbreak.core.plan import Planned


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "plan",
        help=_("preview when reminders would fire"),
        description=_(
            "Show when reminders would fire for someone at the desk throughout working hours "
            "(09:00-18:00 when none are set) who takes each break as soon as it is due."
        ),
    )
    parser.add_argument(
        "--date",
        # Translators: a placeholder in the usage line, in capitals: a date.
        metavar=_("DATE"),
        # Translators: YYYY-MM-DD is how the date is typed; keep it as it is.
        help=_("first day, YYYY-MM-DD (default: today)"),
    )
    parser.add_argument(
        "--days", type=int, default=1, metavar=_("DAYS"), help=_("how many days (1-31, default 1)")
    )
    parser.add_argument("--json", action="store_true", help=_("machine-readable output"))
    parser.add_argument(
        "--config", metavar=_("PATH"), default=argparse.SUPPRESS, help=_("config file")
    )
    parser.set_defaults(handler=run)


def run(ctx: Context) -> int:
    from deskbreak.core.config.read import catalogue, load_config
    from deskbreak.core.plan import plan
    from deskbreak.daemon.clock import local_zone

    args = ctx.args
    if not 1 <= args.days <= 31:
        # Translators: {most} is the largest number allowed, {days} the number given.
        text = _("--days must be between 1 and {most}, not {days}")
        print(f"deskbreak plan: {text.format(most=31, days=args.days)}", file=ctx.err)
        return USAGE
    tz = local_zone()
    try:
        first = date.fromisoformat(args.date) if args.date else datetime.now(tz).date()
    except ValueError:
        # Translators: {date} is what was typed; 2026-03-29 shows how a date is typed.
        text = _('--date "{date}" is not a date like 2026-03-29').format(date=args.date)
        print(f"deskbreak plan: {text}", file=ctx.err)
        return USAGE
    config = load_config(ctx.paths.config_file)
    meetings = _meetings(config, ctx)
    planned = plan(config, catalogue(config), tz, first, args.days, meetings=meetings)
    if args.json:
        json.dump([p.to_json() for p in planned], ctx.out, indent=2)
        ctx.out.write("\n")
        return 0
    ctx.out.write(format_plan(planned, datetime.now(tz)))
    return 0


def _meetings(config: Config, ctx: Context) -> tuple[Meeting, ...]:
    """The meetings the daemon's calendar reader kept (none when the calendar is off)."""
    if not config.calendar.enabled:
        return ()
    from deskbreak.daemon.calendar import cached_meetings

    return cached_meetings(config.calendar, ctx.paths)


def format_plan(planned: Sequence[Planned], now: datetime) -> str:
    """The preview as text, one heading a day; times already gone are marked "(passed)",
    meeting blocks say until when, breaks they moved say which way."""
    if not planned:
        return _("No reminders in that period.") + "\n"
    fixed, desk = pgettext("plan", "fixed reminder"), pgettext("plan", "desk break")
    # Translators: a line of `deskbreak plan`: a block of meetings from the calendar.
    meetings = pgettext("plan", "meetings")
    width = max(14, widest((fixed, desk, meetings)))
    # Translators: after a time in `deskbreak plan` that is already gone today.
    passed = _("(passed)")
    moved = {
        # Translators: after a break in `deskbreak plan` offered early, before meetings.
        "early": _("(before meetings)"),
        # Translators: after a break in `deskbreak plan` held by meetings, offered after them.
        "held": _("(after meetings)"),
    }
    wide = widest([time_text(p.at) for p in planned])  # "9:45" beside "10:34" in some locales
    lines, day = [], None
    for p in planned:
        if p.at.date() != day:
            day = p.at.date()
            lines.append(day_heading(day))
        gone = f"  {passed}" if p.at.timestamp() <= now.timestamp() else ""
        if p.kind == "meetings":
            until = "" if p.end is None else _("until {time}").format(time=_clock(p.end))
            lines.append(f"  {_clock(p.at, wide)}  {ljust(meetings, width)}  {until}")
            continue
        label = fixed if p.kind == "fixed" else desk
        how = f"  {moved[p.moved]}" if p.moved in moved else ""
        lines.append(f"  {_clock(p.at, wide)}  {ljust(label, width)}  {p.routine}{how}{gone}")
    return "\n".join(lines) + "\n"


def _clock(at: datetime, wide: int = 0) -> str:
    """The time, right-aligned in `wide` columns, with the zone's name when the wall time
    happens twice (the fall-back hour)."""
    twice = at.replace(fold=1 - at.fold).utcoffset() != at.utcoffset()
    shown = rjust(time_text(at), wide)
    return f"{shown} {at:%Z}" if twice else shown
