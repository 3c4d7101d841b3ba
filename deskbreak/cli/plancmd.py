"""`deskbreak plan`: preview when reminders would fire (see `deskbreak.core.plan`)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from deskbreak.cli import USAGE, Context

if TYPE_CHECKING:
    from deskbreak.core.plan import Planned


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "plan",
        help="preview when reminders would fire",
        description=(
            "Show when reminders would fire for someone at the desk throughout working hours "
            "(09:00-18:00 when none are set) who takes each break as soon as it is due."
        ),
    )
    parser.add_argument("--date", help="first day, YYYY-MM-DD (default: today)")
    parser.add_argument("--days", type=int, default=1, help="how many days (1-31, default 1)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS, help="config file")
    parser.set_defaults(handler=run)


def run(ctx: Context) -> int:
    from deskbreak.core.config.read import catalogue, load_config
    from deskbreak.core.plan import plan
    from deskbreak.daemon.clock import local_zone

    args = ctx.args
    if not 1 <= args.days <= 31:
        print(f"deskbreak plan: --days must be between 1 and 31, not {args.days}", file=ctx.err)
        return USAGE
    tz = local_zone()
    try:
        first = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        print(f'deskbreak plan: --date "{args.date}" is not a date like 2026-03-29', file=ctx.err)
        return USAGE
    config = load_config(ctx.paths.config_file)
    planned = plan(config, catalogue(config), tz, first, args.days)
    if args.json:
        json.dump([p.to_json() for p in planned], ctx.out, indent=2)
        ctx.out.write("\n")
        return 0
    ctx.out.write(format_plan(planned, datetime.now(tz)))
    return 0


def format_plan(planned: Sequence[Planned], now: datetime) -> str:
    """The preview as text, one heading a day; times already gone are marked "(passed)"."""
    if not planned:
        return "No reminders in that period.\n"
    lines, day = [], None
    for p in planned:
        if p.at.date() != day:
            day = p.at.date()
            lines.append(f"{day:%A %d %B %Y}")
        label = "fixed reminder" if p.kind == "fixed" else "desk break"
        passed = "  (passed)" if p.at.timestamp() <= now.timestamp() else ""
        lines.append(f"  {p.at:%H:%M}  {label:<14}  {p.routine}{passed}")
    return "\n".join(lines) + "\n"
