"""`deskbreak calendar`: store a CalDAV password, remove it, show what each calendar yields.

`login NAME` asks for the password (without echo on a terminal, one line from standard input
otherwise) and stores it in the desktop's keyring; `logout NAME` removes it; `show` reads
every source now, as the daemon does, and lists today's meetings of each — times only — with
how many events were not meetings and when the source was last read (a source that fails
shows the meetings the daemon kept, and what failed). Local commands: no daemon needed. The
iCalendar, HTTP and keyring libraries are imported only when a command runs; one that is
missing is said in one line with how to get it (`login` and `logout` then refuse, exit 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from deskbreak.cli import REFUSED, Context
from deskbreak.core.calendarstate import Failure, Problem, SourceRecord
from deskbreak.core.config.model import CalendarKind, CalendarSettings, CalendarSource
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _, ngettext, time_text


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "calendar",
        help=_("read your calendars; store a CalDAV password"),
        description=_(
            "A break that falls due during a meeting in your calendars is held, and one is "
            "offered early before a long block of meetings ([calendar] in the config). These "
            "commands store the password of a CalDAV calendar in the desktop's keyring and "
            "list today's meetings of each calendar."
        ),
    )
    # Translators: a placeholder in the usage line, in capitals: what to do.
    actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    # Translators: a placeholder in the usage line, in capitals: a calendar source's name.
    name = _("NAME")
    login = actions.add_parser(
        "login", help=_("store the password of a CalDAV calendar in the keyring")
    )
    login.add_argument("name", metavar=name, help=_("the source's name in [calendar]"))
    login.set_defaults(handler=_login)
    logout = actions.add_parser(
        "logout", help=_("remove the password of a CalDAV calendar from the keyring")
    )
    logout.add_argument("name", metavar=name, help=_("the source's name in [calendar]"))
    logout.set_defaults(handler=_logout)
    show = actions.add_parser("show", help=_("show today's meetings of each calendar"))
    show.add_argument("--json", action="store_true", help=_("machine-readable output"))
    show.set_defaults(handler=_show)


def _settings(ctx: Context) -> CalendarSettings:
    from deskbreak.core.config.read import load_config

    return load_config(ctx.paths.config_file).calendar


def _caldav_source(ctx: Context) -> CalendarSource:
    settings = _settings(ctx)
    caldav = [s for s in settings.sources if s.kind is CalendarKind.CALDAV]
    for source in caldav:
        if source.name == ctx.args.name:
            return source
    raise DeskbreakError(
        # Translators: {name} is what was typed as a calendar source's name.
        _('no CalDAV calendar is named "{name}"').format(name=ctx.args.name),
        # Translators: {names} lists the names of the CalDAV calendars in the config.
        _("the CalDAV calendars in [calendar] are: {names}").format(
            names=", ".join(s.name for s in caldav) or "-"
        ),
    )


def _keyring_error(exc: Exception) -> DeskbreakError:
    problem = Problem(Failure.NO_KEYRING, str(exc))
    return DeskbreakError(problem.text())


def _without_keyring(ctx: Context) -> bool:
    """Whether the keyring library is missing; if so, says so and how to get it."""
    from deskbreak.daemon.calendar.sources import KEYRING, SourceFailed, require

    try:
        require(KEYRING)
    except SourceFailed as exc:
        error = DeskbreakError(exc.problem.text(), exc.problem.fix() or "")
        print(f"deskbreak: {error}", file=ctx.err)
        return True
    return False


def _login(ctx: Context) -> int:
    from deskbreak.daemon.calendar import secrets

    source = _caldav_source(ctx)
    if _without_keyring(ctx):
        return REFUSED
    # Translators: the prompt for a password; {name} is a calendar source's name, {user}
    # the login name.
    prompt = _("Password of {user} for {name}: ").format(user=source.user, name=source.name)
    if sys.stdin.isatty():
        import getpass

        secret = getpass.getpass(prompt)
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise DeskbreakError(_("no password given"))
    try:
        secrets.store(source.name, secret)
    except secrets.KeyringProblem as exc:
        raise _keyring_error(exc) from None
    # Translators: {name} is a calendar source's name.
    print(_("Password stored for {name}.").format(name=source.name), file=ctx.out)
    return 0


def _logout(ctx: Context) -> int:
    from deskbreak.daemon.calendar import secrets

    source = _caldav_source(ctx)
    if _without_keyring(ctx):
        return REFUSED
    try:
        removed = secrets.forget(source.name)
    except secrets.KeyringProblem as exc:
        raise _keyring_error(exc) from None
    if removed:
        print(_("Password removed for {name}.").format(name=source.name), file=ctx.out)
    else:
        print(_("No password was stored for {name}.").format(name=source.name), file=ctx.out)
    return 0


@dataclass(frozen=True)
class Shown:
    source: CalendarSource
    record: SourceRecord  # the meetings shown (read now, or kept) and when they were read
    problem: Problem | None  # what failed now, if anything
    zones: tuple[str, ...] = ()  # time zones the calendar names that nobody here knows


def _show(ctx: Context) -> int:
    from deskbreak.daemon.calendar import cache
    from deskbreak.daemon.clock import local_zone

    settings = _settings(ctx)
    tz = local_zone()
    kept = cache.Cache(ctx.paths.state_dir / cache.FILE).load()
    now = datetime.now(UTC)
    shown = [_read_now(s, settings, tz, now, kept.get(s.name)) for s in settings.sources]
    today = now.astimezone(tz).date()
    if ctx.args.json:
        json.dump([_as_json(item, tz, today) for item in shown], ctx.out, indent=2)
        ctx.out.write("\n")
        return 0
    if not shown:
        print(_("No calendars: add a source to [calendar] (see docs/calendar.md)."), file=ctx.out)
        return 0
    for item in shown:
        ctx.out.write(_text(item, tz, today))
    return 0


def _read_now(
    source: CalendarSource,
    settings: CalendarSettings,
    tz: tzinfo,
    now: datetime,
    kept: SourceRecord | None,
) -> Shown:
    from deskbreak.daemon.calendar.parse import window
    from deskbreak.daemon.calendar.sources import SourceFailed, reader_for

    reader = reader_for(source, tz, settings.ignore, timeout=10.0)
    try:
        parsed = reader.read(window(now, tz), True)
    except SourceFailed as exc:
        return Shown(source, kept or SourceRecord(source.name), exc.problem)
    if parsed is None:  # not asked for: a forced read always parses
        return Shown(source, kept or SourceRecord(source.name), None)
    times = tuple((m.start, m.end) for m in parsed.meetings)
    record = SourceRecord(source.name, now, times, parsed.ignored)
    return Shown(source, record, None, tuple(sorted(parsed.unknown_zones)))


def _today(record: SourceRecord, tz: tzinfo, today: Any) -> list[tuple[datetime, datetime]]:
    return [
        (s.astimezone(tz), e.astimezone(tz))
        for s, e in record.meetings
        if s.astimezone(tz).date() <= today <= e.astimezone(tz).date()
    ]


def _text(item: Shown, tz: tzinfo, today: Any) -> str:
    record = item.record
    if record.read_at is not None:
        # Translators: {time} is when a calendar was last read, e.g. 14:05.
        when = _("read at {time}").format(time=time_text(record.read_at.astimezone(tz)))
    else:
        when = _("never read")
    lines = [f"{item.source.name} ({item.source.kind.value}): {when}"]
    if item.problem is not None:
        lines.append(f"  {item.problem.text()}")
        if item.problem.failure is Failure.MISSING_LIBRARY:  # and how to get it
            lines.append(f"  {item.problem.fix()}")
    if item.zones:
        # Translators: {zones} lists time zone names from a calendar, e.g. "Mars/Olympus".
        text = _("Unknown time zones, read as local time: {zones}")
        lines.append("  " + text.format(zones=", ".join(item.zones)))
    meetings = _today(record, tz, today)
    for start, end in meetings:
        lines.append(f"  {time_text(start)}–{time_text(end)}")
    if not meetings and record.read_at is not None:
        lines.append("  " + _("no meetings today"))
    if record.ignored:
        # Translators: events in a calendar that are not meetings (all-day, free, declined,
        # cancelled, or with an ignore word in the title).
        text = ngettext(
            "{count} other event (not a meeting)",
            "{count} other events (not meetings)",
            record.ignored,
        )
        lines.append("  " + text.format(count=record.ignored))
    return "\n".join(lines) + "\n"


def _as_json(item: Shown, tz: tzinfo, today: Any) -> dict[str, Any]:
    record = item.record
    return {
        "name": item.source.name,
        "kind": item.source.kind.value,
        "read_at": record.read_at.isoformat() if record.read_at else None,
        "error": item.problem.failure.value if item.problem else None,
        "meetings": [
            {"start": s.isoformat(), "end": e.isoformat()} for s, e in _today(record, tz, today)
        ],
        "ignored": record.ignored,
        "unknown_zones": list(item.zones),
    }
