"""What is kept of each calendar source between reads, and what can go wrong reading one.

Owns `Failure` (the ways a read fails, as ids), `Problem` (one failure with its detail, said
as one sentence and, for the doctor, its fix), `SourceRecord` (the last good meetings of a
source — times only, never titles — when it was read, and what failed since) and the JSON
form of the records kept in the state folder: the daemon's calendar reader writes it, and the
doctor, `deskbreak calendar show` and `deskbreak plan` read it. Core module: standard library
only; the file itself is read and written at the edges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.i18n import _

VERSION = 1
CACHE_FILE = "calendar.json"  # in the state folder


class Failure(StrEnum):
    UNREACHABLE = "unreachable"  # detail: the host
    TIMED_OUT = "timed-out"  # detail: the host
    HTTP = "http"  # detail: the status code
    UNTRUSTED = "untrusted"  # detail: the host (its certificate failed)
    NOT_ICALENDAR = "not-icalendar"
    TOO_LARGE = "too-large"  # detail: the cap in MB
    NO_FILE = "no-file"  # detail: the path
    UNREADABLE = "unreadable"  # detail: the system's reason
    NO_PASSWORD = "no-password"  # detail: the source's name
    LOGIN_REFUSED = "login-refused"  # detail: the source's name
    NO_KEYRING = "no-keyring"  # detail: the keyring's own error
    CALDAV = "caldav"  # detail: the server's or the library's error
    MISSING_LIBRARY = "missing-library"  # detail: the library's package name (PyPI's)


@dataclass(frozen=True)
class Problem:
    """One failed read: what failed, and its detail (a host, a status, a path, a name)."""

    failure: Failure
    detail: str = ""

    def text(self) -> str:
        """The failure as one sentence for people."""
        f, d = self.failure, self.detail
        # Translators: what failed at the last read of a calendar; {host} is a server's name,
        # {status} an HTTP status code, {path} a file, {reason} the system's own words,
        # {name} a calendar source's name.
        if f is Failure.UNREACHABLE:
            return _("Could not reach {host}.").format(host=d)
        if f is Failure.TIMED_OUT:
            return _("{host} did not answer in time.").format(host=d)
        if f is Failure.HTTP:
            return _("The server answered with HTTP status {status}.").format(status=d)
        if f is Failure.UNTRUSTED:
            return _("The certificate of {host} is not trusted.").format(host=d)
        if f is Failure.NOT_ICALENDAR:
            return _("What was read is not an iCalendar calendar.")
        if f is Failure.TOO_LARGE:
            return _("The calendar is larger than {size} MB.").format(size=d)
        if f is Failure.NO_FILE:
            return _("There is no file {path}.").format(path=d)
        if f is Failure.UNREADABLE:
            return _("The file cannot be read ({reason}).").format(reason=d)
        if f is Failure.NO_PASSWORD:
            return _("No password is stored: run `deskbreak calendar login {name}`.").format(name=d)
        if f is Failure.LOGIN_REFUSED:
            return _(
                "The server refused the login: run `deskbreak calendar login {name}` "
                "to store the password again."
            ).format(name=d)
        if f is Failure.NO_KEYRING:
            return _("The desktop's keyring cannot be used ({reason}).").format(reason=d)
        if f is Failure.MISSING_LIBRARY:
            # Translators: {name} is a Python library's package name, e.g. icalendar.
            return _(
                "The calendar needs the Python library {name}, which is not installed."
            ).format(name=d)
        return _("The CalDAV server failed ({reason}).").format(reason=d)

    def fix(self) -> str | None:
        """What to do about it, for `deskbreak doctor` (None: the sentence says it)."""
        f = self.failure
        if f in (Failure.NO_PASSWORD, Failure.LOGIN_REFUSED, Failure.NO_KEYRING):
            return None
        if f in (Failure.UNREACHABLE, Failure.TIMED_OUT, Failure.HTTP, Failure.CALDAV):
            return _("check the address and the network; the meetings read last stay in use")
        if f is Failure.MISSING_LIBRARY:
            # Translators: {name} is a Python library's package name; pipx is a command and
            # "Install for daily use" a heading of the README, both kept as written.
            return _(
                "install deskbreak with pipx, which brings {name} along (the README's \"Install "
                'for daily use")'
            ).format(name=self.detail)
        # Translators: [calendar] is a table of the config file, kept as written.
        return _("check the source in [calendar]; see docs/calendar.md for the address")

    def to_json(self) -> dict[str, str]:
        return {"failure": self.failure.value, "detail": self.detail}


@dataclass(frozen=True)
class SourceRecord:
    """One source as last read: its meetings (start, end in UTC), the events that were not
    meetings, when it was last read well, and what failed at the last try (None: nothing)."""

    name: str
    read_at: datetime | None = None
    meetings: tuple[tuple[datetime, datetime], ...] = ()
    ignored: int = 0
    problem: Problem | None = None

    def as_meetings(self) -> tuple[Meeting, ...]:
        return tuple(Meeting(start, end, self.name) for start, end in self.meetings)

    def report(self) -> SourceReport:
        return SourceReport(self.name, self.read_at, self.problem.text() if self.problem else None)


def encode(records: Mapping[str, SourceRecord]) -> dict[str, Any]:
    """The records as JSON-ready data (times as ISO 8601 in UTC)."""
    out: dict[str, Any] = {}
    for name, r in records.items():
        out[name] = {
            "read_at": _iso(r.read_at),
            "meetings": [[_iso(s), _iso(e)] for s, e in r.meetings],
            "ignored": r.ignored,
            "problem": r.problem.to_json() if r.problem else None,
        }
    return {"version": VERSION, "sources": out}


def decode(data: object) -> dict[str, SourceRecord]:
    """The records in `data` (as `encode` wrote it); anything malformed is left out."""
    if not isinstance(data, Mapping) or data.get("version") != VERSION:
        return {}
    sources = data.get("sources")
    if not isinstance(sources, Mapping):
        return {}
    out: dict[str, SourceRecord] = {}
    for name, entry in sources.items():
        try:
            out[str(name)] = _record(str(name), entry)
        except (TypeError, ValueError, KeyError, AttributeError):
            continue
    return out


def _record(name: str, entry: Mapping[str, Any]) -> SourceRecord:
    meetings = []
    for start, end in entry["meetings"]:
        s, e = _when(start), _when(end)
        if s is None or e is None or not s < e:
            raise ValueError("a meeting needs a start before its end")
        meetings.append((s, e))
    problem = entry.get("problem")
    ignored = entry.get("ignored", 0)
    if not isinstance(ignored, int):
        raise TypeError("ignored")
    return SourceRecord(
        name,
        _when(entry.get("read_at")),
        tuple(sorted(meetings)),
        ignored,
        Problem(Failure(problem["failure"]), str(problem["detail"])) if problem else None,
    )


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.astimezone(UTC).isoformat()


def _when(text: object) -> datetime | None:
    if text is None:
        return None
    when = datetime.fromisoformat(str(text))
    if when.tzinfo is None:
        raise ValueError("a time without its zone")
    return when.astimezone(UTC)
