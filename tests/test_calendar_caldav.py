"""A CalDAV calendar on a real server (Radicale over HTTPS on loopback) with its password in a
real Secret Service (gnome-keyring in a private D-Bus session): `deskbreak calendar login`
stores it from standard input, the CalDAV source reads exactly the day's meetings with it,
`calendar show` lists them, a wrong password and `logout` say what to do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from harness.calendarservers import Radicale, missing_programs, start_keyring, start_radicale
from harness.process import ProcessGroup
from support.calendars import BERLIN, ME, calendar, the_day_events
from support.https import Authority, make_authority

from deskbreak.core.calendarstate import Failure
from deskbreak.core.config.model import CalendarKind, CalendarSource
from deskbreak.daemon.calendar.parse import Parsed, window
from deskbreak.daemon.calendar.sources import SourceFailed, reader_for

pytestmark = pytest.mark.slow


class Failed(Exception):
    pass


@dataclass
class Setup:
    radicale: Radicale
    env: dict[str, str]  # reaches the keyring, trusts the CA, knows the config
    collection: str


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    missing = missing_programs()
    if missing:
        text = f"the keyring test needs {', '.join(missing)}"
        if _in_ci():
            pytest.fail(text)
        pytest.skip(text)
    authority: Authority = make_authority(tmp_path)
    group = ProcessGroup(tmp_path, Failed)
    try:
        radicale = start_radicale(
            group, tmp_path, authority.cert_file, authority.key_file, authority.ca_file
        )
        env = start_keyring(group, tmp_path)
        env.update(
            SSL_CERT_FILE=str(authority.ca_file),
            DESKBREAK_HOME=str(tmp_path / "deskbreak"),
            TZ="Europe/Berlin",
        )
        env.pop("DESKBREAK_CONFIG", None)
        for key in ("SSL_CERT_FILE", "DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_DATA_HOME"):
            monkeypatch.setenv(key, env[key])
        collection = _fill(radicale, authority)
        config = tmp_path / "deskbreak" / "config" / "config.toml"
        config.parent.mkdir(parents=True)
        config.write_text(
            "[calendar]\n"
            'ignore = ["focus time"]\n\n'
            "[[calendar.sources]]\n"
            'name = "work"\n'
            f'caldav = "{collection}"\n'
            f'user = "{radicale.user}"\n'
            f'me = ["{ME}"]\n'
        )
        yield Setup(radicale, env, collection)
    finally:
        group.close()


def _today() -> datetime:
    return datetime.now(UTC).astimezone(BERLIN)


def _fill(radicale: Radicale, authority: Authority) -> str:
    """A calendar made through CalDAV, with the day's events on today (in Berlin)."""
    events = [calendar(text) for text in the_day_events(_today().date())]
    return radicale.make_calendar(authority.ca_file, "office", events)


def _deskbreak(setup: Setup, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deskbreak", "calendar", *args],
        env=setup.env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _read(setup: Setup) -> Parsed:
    source = CalendarSource(
        "work", CalendarKind.CALDAV, setup.collection, setup.radicale.user, (ME,)
    )
    reader = reader_for(source, BERLIN, ("focus time",), timeout=20)
    parsed = reader.read(window(_today(), BERLIN), True)
    assert parsed is not None
    return parsed


def _times(parsed: Parsed) -> list[str]:
    day = _today().date()
    return [
        f"{m.start.astimezone(BERLIN):%H:%M}-{m.end.astimezone(BERLIN):%H:%M}"
        for m in parsed.meetings
        if m.start.astimezone(BERLIN).date() == day
    ]


def test_login_then_the_caldav_source_reads_exactly_the_meetings(setup: Setup) -> None:
    with pytest.raises(SourceFailed) as caught:
        _read(setup)
    assert caught.value.problem.failure is Failure.NO_PASSWORD

    done = _deskbreak(setup, "login", "work", stdin=setup.radicale.password + "\n")
    assert done.returncode == 0, done.stderr
    import keyring

    assert keyring.get_password("deskbreak", "work") == setup.radicale.password

    parsed = _read(setup)
    assert _times(parsed) == ["11:00-12:00", "14:00-14:15"]
    tomorrow = [m for m in parsed.meetings if m.start.astimezone(BERLIN).date() != _today().date()]
    assert tomorrow == []  # the stand-up is cancelled tomorrow
    assert parsed.ignored >= 5  # all-day, free, declined, focus, cancelled

    shown = _deskbreak(setup, "show", "--json")
    assert shown.returncode == 0, shown.stderr
    (work,) = json.loads(shown.stdout)
    assert work["name"] == "work" and work["error"] is None and work["read_at"]
    starts = [datetime.fromisoformat(m["start"]).astimezone(BERLIN) for m in work["meetings"]]
    assert [f"{s:%H:%M}" for s in starts] == ["11:00", "14:00"]
    assert "Planning" not in shown.stdout and "Stand-up" not in shown.stdout


def test_a_wrong_password_and_logout_say_what_to_do(setup: Setup) -> None:
    assert _deskbreak(setup, "login", "work", stdin="wrong\n").returncode == 0
    with pytest.raises(SourceFailed) as caught:
        _read(setup)
    assert caught.value.problem.failure is Failure.LOGIN_REFUSED
    assert "deskbreak calendar login work" in caught.value.problem.text()

    done = _deskbreak(setup, "logout", "work")
    assert done.returncode == 0, done.stderr
    with pytest.raises(SourceFailed) as caught:
        _read(setup)
    assert caught.value.problem.failure is Failure.NO_PASSWORD

    unknown = _deskbreak(setup, "login", "nope", stdin="x\n")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    empty = _deskbreak(setup, "login", "work", stdin="\n")
    assert empty.returncode == 2 and "Traceback" not in empty.stderr
