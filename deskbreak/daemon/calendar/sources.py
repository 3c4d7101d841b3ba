"""Reading one calendar source: an iCalendar file, an iCalendar address, a CalDAV collection.

Each reader keeps what it needs between reads (the file's stamp, the address's ETag and
Last-Modified and its last body, the CalDAV client) and answers `read(span, force)` with the
source's `Parsed` meetings, or None when nothing changed since the last read and `force` is
off. Every failure comes out as `SourceFailed` carrying a `calendarstate.Problem`, never as a
library's exception. Addresses are read over HTTPS with the system's certificates (OpenSSL
honours SSL_CERT_FILE), with a timeout and a size cap; a redirect to anything but https://
is refused. `caldav` and the keyring are imported only when a CalDAV source is read. Each read
first imports the libraries its kind of source needs (`NEEDS`, `require`), so one that is
missing — a Debian package apt left out — is named as such, not taken for a bad file or an
unreachable server.
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from deskbreak.core.calendarstate import Failure, Problem
from deskbreak.core.config.model import CalendarKind, CalendarSource
from deskbreak.daemon.calendar.parse import NotICalendar, Parsed, Rules, parse, parse_all

log = logging.getLogger(__name__)

MAX_BYTES = 16 * 1024 * 1024  # a calendar larger than this is refused
TIMEOUT = 20.0  # seconds for a connection, and for each read on it
Span = tuple[datetime, datetime]

# What each kind of source needs, as (module, package): the package is the name to install.
Library = tuple[str, str]
ICALENDAR: tuple[Library, ...] = (
    ("icalendar", "icalendar"),
    ("recurring_ical_events", "recurring-ical-events"),
)
KEYRING: tuple[Library, ...] = (("keyring", "keyring"),)
NEEDS: dict[CalendarKind, tuple[Library, ...]] = {
    CalendarKind.ICS: ICALENDAR,
    CalendarKind.URL: ICALENDAR,
    CalendarKind.CALDAV: (("caldav", "caldav"), *KEYRING, *ICALENDAR),
}


class SourceFailed(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.failure.value)
        self.problem = problem


def _verify() -> bool | str:
    """What the CalDAV client trusts: the CA file SSL_CERT_FILE names, as urllib does."""
    return os.environ.get("SSL_CERT_FILE") or True


def require(libraries: tuple[Library, ...]) -> None:
    """Import each of `libraries`; the first that cannot be imported raises a missing-library
    SourceFailed naming its package. Cheap once they are loaded (sys.modules)."""
    for module, package in libraries:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            log.debug("calendar library %s cannot be imported: %s", package, exc)
            raise SourceFailed(Problem(Failure.MISSING_LIBRARY, package)) from None


class Reader(Protocol):
    def read(self, span: Span, force: bool) -> Parsed | None: ...


def reader_for(
    source: CalendarSource, tz: tzinfo, ignore: tuple[str, ...], *, timeout: float = TIMEOUT
) -> Reader:
    rules = Rules(ignore, frozenset(source.me))
    if source.kind is CalendarKind.ICS:
        return FileReader(source, tz, rules)
    if source.kind is CalendarKind.URL:
        return UrlReader(source, tz, rules, timeout=timeout)
    return CaldavReader(source, tz, rules, timeout=timeout)


class FileReader:
    """An .ics file: read again when its modification time or size changed."""

    def __init__(self, source: CalendarSource, tz: tzinfo, rules: Rules) -> None:
        self.source, self.tz, self.rules = source, tz, rules
        self.path = Path(source.location).expanduser()
        self._stamp: tuple[int, int] | None = None

    def read(self, span: Span, force: bool) -> Parsed | None:
        require(NEEDS[CalendarKind.ICS])
        try:
            info = self.path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
            if stamp == self._stamp and not force:
                return None
            with self.path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise SourceFailed(Problem(Failure.NO_FILE, str(self.path))) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise SourceFailed(Problem(Failure.UNREADABLE, reason)) from None
        if len(data) > MAX_BYTES:
            raise SourceFailed(Problem(Failure.TOO_LARGE, str(MAX_BYTES // (1024 * 1024))))
        parsed = _parsed(data, self.source.name, span, self.tz, self.rules)
        self._stamp = stamp  # only a good read is remembered: a bad file is tried again
        return parsed


class _HttpsOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(  # noqa: PLR0917  (urllib's own signature)
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if urlsplit(newurl).scheme.lower() != "https":
            raise urllib.error.HTTPError(newurl, code, "redirect away from https", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class UrlReader:
    """An iCalendar address: a conditional GET (ETag, Last-Modified), the body kept for a
    new day's window."""

    def __init__(
        self, source: CalendarSource, tz: tzinfo, rules: Rules, *, timeout: float = TIMEOUT
    ) -> None:
        self.source, self.tz, self.rules, self.timeout = source, tz, rules, timeout
        self.host = urlsplit(source.location).hostname or source.location
        self._etag: str | None = None
        self._modified: str | None = None
        self._body: bytes | None = None
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=ssl.create_default_context()), _HttpsOnly()
        )

    def read(self, span: Span, force: bool) -> Parsed | None:
        require(NEEDS[CalendarKind.URL])
        request = urllib.request.Request(self.source.location, headers=self._headers())
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                data = response.read(MAX_BYTES + 1)
                etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304 and self._body is not None:
                return (
                    _parsed(self._body, self.source.name, span, self.tz, self.rules)
                    if (force)
                    else None
                )
            raise SourceFailed(Problem(Failure.HTTP, str(exc.code))) from None
        except (urllib.error.URLError, OSError) as exc:
            raise SourceFailed(network_problem(exc, self.host)) from None
        if len(data) > MAX_BYTES:
            raise SourceFailed(Problem(Failure.TOO_LARGE, str(MAX_BYTES // (1024 * 1024))))
        parsed = _parsed(data, self.source.name, span, self.tz, self.rules)
        self._body, self._etag, self._modified = data, etag, modified
        return parsed

    def _headers(self) -> dict[str, str]:
        headers = {"User-Agent": "deskbreak", "Accept": "text/calendar, */*;q=0.5"}
        if self._body is not None and self._etag:
            headers["If-None-Match"] = self._etag
        if self._body is not None and self._modified:
            headers["If-Modified-Since"] = self._modified
        return headers


class CaldavReader:
    """A CalDAV collection: a time-range search on the server for the window, the password
    from the keyring. The user's addresses are the configured ones, the login when it is
    one, and the account's own (asked of the server once)."""

    def __init__(
        self,
        source: CalendarSource,
        tz: tzinfo,
        rules: Rules,
        *,
        timeout: float = TIMEOUT,
        password: Callable[[str], str | None] | None = None,
    ) -> None:
        self.source, self.tz, self.timeout = source, tz, timeout
        me = set(rules.me)
        if "@" in source.user:
            me.add(source.user.lower())
        self.rules = Rules(rules.ignore, frozenset(me))
        self.host = urlsplit(source.location).hostname or source.location
        self._password = password
        self._asked_me = False

    def read(self, span: Span, force: bool) -> Parsed | None:
        require(NEEDS[CalendarKind.CALDAV])  # before the password: without them it cannot help
        password = self._secret()
        try:
            texts = self._search(password, span)
        except SourceFailed:
            raise
        except Exception as exc:  # caldav, niquests/requests and lxml raise their own kinds
            raise SourceFailed(caldav_problem(exc, self.host, self.source.name)) from None
        return parse_all(texts, source=self.source.name, span=span, tz=self.tz, rules=self.rules)

    def _secret(self) -> str:
        from deskbreak.daemon.calendar import secrets

        lookup: Callable[[str], str | None] = self._password or secrets.password
        try:
            found = lookup(self.source.name)
        except secrets.KeyringProblem as exc:
            raise SourceFailed(Problem(Failure.NO_KEYRING, str(exc))) from None
        if found is None:
            raise SourceFailed(Problem(Failure.NO_PASSWORD, self.source.name))
        return found

    def _search(self, password: str, span: Span) -> list[str]:
        import inspect

        from caldav.davclient import DAVClient

        # The address is the collection's: no DNS discovery. caldav 2.2 and later may discover
        # unless told not to; 1.3.9 (Debian 13's, the oldest asked for) never does.
        extra: dict[str, Any] = {}
        if "enable_rfc6764" in inspect.signature(DAVClient.__init__).parameters:
            extra["enable_rfc6764"] = False
        with DAVClient(
            url=self.source.location,
            username=self.source.user,
            password=password,
            timeout=int(self.timeout),
            ssl_verify_cert=_verify(),
            **extra,
        ) as client:
            if not self._asked_me:
                self._asked_me = True
                self._add_account_addresses(client)
            calendar = client.calendar(url=self.source.location)  # type: ignore[no-untyped-call]
            found = calendar.search(start=span[0], end=span[1], event=True, expand=False)
            return [str(item.data) for item in found if item.data]

    def _add_account_addresses(self, client: Any) -> None:
        try:
            addresses = client.principal().calendar_user_address_set()
        except Exception as exc:  # a server that does not say: the configured ones count
            log.info("calendar %s: no account addresses (%s)", self.source.name, exc)
            return
        mine = {str(a).lower().removeprefix("mailto:") for a in addresses or ()}
        mine = {a for a in mine if "@" in a}
        self.rules = Rules(self.rules.ignore, self.rules.me | frozenset(mine))


def _parsed(data: bytes, name: str, span: Span, tz: tzinfo, rules: Rules) -> Parsed:
    try:
        return parse(data, source=name, span=span, tz=tz, rules=rules)
    except NotICalendar:
        raise SourceFailed(Problem(Failure.NOT_ICALENDAR)) from None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        reason = getattr(current, "reason", None)
        nxt = reason if isinstance(reason, BaseException) else None
        current = nxt or current.__cause__ or current.__context__
    return seen


def network_problem(exc: BaseException, host: str) -> Problem:
    """A network failure as a Problem: timed out, certificate not trusted, or unreachable."""
    chain = _chain(exc)
    if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain):
        return Problem(Failure.UNTRUSTED, host)
    if any(isinstance(e, TimeoutError | socket.timeout) for e in chain) or any(
        "timed out" in str(e).lower() or "timeout" in type(e).__name__.lower() for e in chain
    ):
        return Problem(Failure.TIMED_OUT, host)
    if any("certificate" in str(e).lower() for e in chain):
        return Problem(Failure.UNTRUSTED, host)
    return Problem(Failure.UNREACHABLE, host)


def caldav_problem(exc: BaseException, host: str, name: str) -> Problem:
    """What the caldav library (or the HTTP library under it) raised, as a Problem."""
    kinds = {type(e).__name__ for e in _chain(exc)}
    if "AuthorizationError" in kinds or "401" in str(exc):
        return Problem(Failure.LOGIN_REFUSED, name)
    if "NotFoundError" in kinds:
        return Problem(Failure.HTTP, "404")
    if kinds & {"DAVError", "ReportError", "PropfindError", "ResponseError"}:
        return Problem(Failure.CALDAV, _first_line(exc))
    if not any(_networkish(e) for e in _chain(exc)):
        # the library itself failed (a caldav it does not fit, an answer lxml cannot read):
        # said as it is, with its kind, not as a server that could not be reached
        line, kind = _first_line(exc), type(exc).__name__
        return Problem(Failure.CALDAV, f"{kind}: {line}" if line else kind)
    return network_problem(exc, host)


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else ""


def _networkish(exc: BaseException) -> bool:
    """Whether `exc` is the network's: an OSError (requests' and niquests' errors are) or an
    HTTP library's connection, timeout or certificate error."""
    name = type(exc).__name__.lower()
    return isinstance(exc, OSError) or any(
        word in name for word in ("connect", "timeout", "ssl", "certificate")
    )
