"""Reading the [calendar] table and its [[calendar.sources]].

Every key is checked like the rest of the file (unknown keys get a did-you-mean, each problem
names its key path and line). A source is exactly one of `ics` (a file), `url` (an iCalendar
address) or `caldav` (a collection, which also needs `user`); its `name` is unique. Addresses
must be https://: the address of a published calendar is itself the secret, and a CalDAV
login carries the password. Bounds: lead 5m..2h; before_long 15m..8h; refresh 1m..24h;
ignore at most 50 words; at most 20 sources, each `me` at most 20 addresses.
Core module: standard library and core config modules only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from deskbreak.core.config.checks import Checker, Table, show, table_example, too_many
from deskbreak.core.config.model import CalendarKind, CalendarSettings, CalendarSource
from deskbreak.core.i18n import _

CALENDAR_KEYS = ("lead", "before_long", "ignore", "refresh", "sources")
SOURCE_KEYS = ("name", "ics", "url", "caldav", "user", "me")
KINDS = tuple(kind.value for kind in CalendarKind)  # ("ics", "url", "caldav")
LEAD = (timedelta(minutes=5), timedelta(hours=2))
BEFORE_LONG = (timedelta(minutes=15), timedelta(hours=8))
REFRESH = (timedelta(minutes=1), timedelta(hours=24))
MOST_SOURCES = 20


def read_calendar(check: Checker, doc: Mapping[str, Any]) -> CalendarSettings:
    """The [calendar] table of `doc`, or the defaults (no sources: off)."""
    default = CalendarSettings()
    if "calendar" not in doc:
        return default
    table = check.table(doc["calendar"], "calendar", example=table_example("calendar"))
    if table is None:
        return default
    check.keys(table, "calendar", CALENDAR_KEYS)
    ignore = default.ignore
    if "ignore" in table:
        words = check.texts(
            table["ignore"],
            "calendar.ignore",
            # Translators: the words in event titles that mark an event as not a meeting.
            what=_("a list of title words"),
            each=_("a word"),
            most=50,
        )
        ignore = default.ignore if words is None else words
    return CalendarSettings(
        sources=_sources(check, table["sources"]) if "sources" in table else (),
        lead=_span(check, table, "lead", default.lead, LEAD),
        before_long=_span(check, table, "before_long", default.before_long, BEFORE_LONG),
        ignore=ignore,
        refresh=_span(check, table, "refresh", default.refresh, REFRESH),
    )


def _span(
    check: Checker, table: Table, key: str, default: timedelta, bounds: tuple[timedelta, timedelta]
) -> timedelta:
    if key not in table:
        return default
    low, high = bounds
    got = check.duration(table[key], f"calendar.{key}", low=low, high=high, off=False)
    return got if isinstance(got, timedelta) else default


def _sources(check: Checker, value: object) -> tuple[CalendarSource, ...]:
    entries = check.tables(value, "calendar.sources", example="[[calendar.sources]]")
    if len(entries) > MOST_SOURCES:
        check.add("calendar.sources", *too_many(len(entries), MOST_SOURCES))
        return ()
    out: list[CalendarSource] = []
    names: set[str] = set()
    for path, table in entries:
        caldav = "caldav" in table
        check.keys(
            table, path, SOURCE_KEYS if caldav else tuple(k for k in SOURCE_KEYS if k != "user")
        )
        source = _source(check, path, table)
        if source is None:
            continue
        if source.name in names:
            check.add(
                f"{path}.name",
                # Translators: {value} is a calendar source's name as written, in quotes.
                _("{value} names another source too").format(value=show(source.name)),
                _("give each source its own name"),
            )
            continue
        names.add(source.name)
        out.append(source)
    return tuple(out)


def _source(check: Checker, path: str, table: Table) -> CalendarSource | None:
    name = None
    if "name" in table:
        name = check.text(table["name"], f"{path}.name", what=_("a name"), limit=40)
    else:
        check.add(f"{path}.name", _("is missing"), _('add name = "work"'))
    kinds = [k for k in KINDS if k in table]
    if len(kinds) != 1:
        # Translators: ics, url and caldav are config keys: keep them.
        message = _("needs exactly one of ics, url or caldav")
        if kinds:
            fix = _("keep one; each calendar is a [[calendar.sources]] entry of its own")
        else:
            fix = _('add ics = "~/Calendars/work.ics", url = "https://…" or caldav = "https://…"')
        check.add(path, message, fix)
        return None
    kind = CalendarKind(kinds[0])
    where = f"{path}.{kind.value}"
    location = check.text(table[kind.value], where, what=_("a path or an address"), limit=2000)
    if location is not None and kind is not CalendarKind.ICS and not _https(location):
        check.add(
            where,
            # Translators: {value} is the address as written; https:// stays as it is.
            _("{value} is not an https:// address").format(value=show(location)),
            _(
                "calendars are read over HTTPS only, so that the secret address and the "
                "password cannot be read on the way; use the https:// address"
            ),
        )
        location = None
    user = _user(check, path, table, kind)
    me = _me(check, f"{path}.me", table["me"]) if "me" in table else ()
    if name is None or location is None or user is None or me is None:
        return None
    return CalendarSource(name, kind, location, user, me)


def _https(location: str) -> bool:
    head, sep, rest = location.partition("://")
    return bool(sep) and head.lower() == "https" and bool(rest.split("/", 1)[0])


def _user(check: Checker, path: str, table: Table, kind: CalendarKind) -> str | None:
    if kind is not CalendarKind.CALDAV:
        return "" if "user" not in table else None  # reported as a key it does not know
    if "user" not in table:
        check.add(
            f"{path}.user",
            _("is missing"),
            _('add user = "…", the login name of the calendar account'),
        )
        return None
    return check.text(table["user"], f"{path}.user", what=_("a name"), limit=200)


def _me(check: Checker, path: str, value: object) -> tuple[str, ...] | None:
    addresses = check.texts(
        value,
        path,
        # Translators: the user's own email addresses, as invitations name them.
        what=_("a list of your addresses"),
        each=_("an email address"),
        most=20,
    )
    if addresses is None:
        return None
    return tuple(a.lower().removeprefix("mailto:") for a in addresses)
