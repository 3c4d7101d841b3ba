"""A calendar library that cannot be imported (Debian's .deb, where apt leaves out a version too
old to meet the Recommends) is named as the missing-library failure, with its package and a
fix that says how to get it — by the daemon's reader, the doctor, `calendar show`, `login` and
`logout` — never taken for a bad file or an unreachable server, never an unexpected error.

The real processes run with a folder first on PYTHONPATH whose stand-ins for the libraries
raise ImportError on import, as a missing module does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.configs import QUIET
from support.daemon import Daemon, daemon_home
from support.waiting import wait_until

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:one@test\r\n"
    "DTSTAMP:20260101T090000Z\r\nDTSTART:20260101T090000Z\r\nDTEND:20260101T100000Z\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)
UNEXPECTED = ("unexpected error", "Traceback")


def _without(folder: Path, *modules: str) -> dict[str, str]:
    """An environment in which importing each of `modules` fails with ImportError."""
    folder.mkdir(exist_ok=True)
    for module in modules:
        message = f"No module named {module!r}"
        text = f"raise ModuleNotFoundError({message!r}, name={module!r})\n"
        (folder / f"{module}.py").write_text(text)
    rest = os.environ.get("PYTHONPATH", "")
    return {"PYTHONPATH": os.pathsep.join(p for p in (str(folder), rest) if p)}


def _sources(ics: Path) -> str:
    return (
        QUIET
        + "[calendar]\n"
        + f'[[calendar.sources]]\nname = "file"\nics = "{ics}"\n'
        + '[[calendar.sources]]\nname = "feed"\nurl = "https://127.0.0.1:9/team.ics"\n'
        + '[[calendar.sources]]\nname = "office"\ncaldav = "https://127.0.0.1:9/dav/"\n'
        + 'user = "me"\n'
    )


@pytest.fixture
def ics(tmp_path: Path) -> Path:
    path = tmp_path / "work.ics"
    path.write_text(ICS)
    return path


@pytest.fixture
def home(tmp_path: Path, ics: Path) -> Iterator[Daemon]:
    """A home whose config has one source of each kind (not started)."""
    with daemon_home(_sources(ics)) as made:
        yield made


def _run(
    home: Daemon, env: dict[str, str], *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "deskbreak", *args],
        env={**home.env, **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_calendar_show_names_the_missing_library_of_each_source(
    home: Daemon, tmp_path: Path
) -> None:
    # caldav alone missing: only the CalDAV source fails, and as a missing library
    env = _without(tmp_path / "no-caldav", "caldav")
    out = _run(home, env, "calendar", "show", "--json")
    assert out.returncode == 0, out.stderr
    errors = {s["name"]: s["error"] for s in json.loads(out.stdout)}
    assert errors["office"] == "missing-library"
    assert errors["file"] is None
    assert errors["feed"] not in (None, "missing-library")  # nothing listens there

    # nothing there (Debian 12): every source says so, in a line that names the package
    env = _without(tmp_path / "none", "icalendar", "recurring_ical_events", "caldav", "keyring")
    out = _run(home, env, "calendar", "show", "--json")
    assert out.returncode == 0, out.stderr
    assert {s["name"]: s["error"] for s in json.loads(out.stdout)} == dict.fromkeys(
        ("file", "feed", "office"), "missing-library"
    )
    out = _run(home, env, "calendar", "show")
    assert out.returncode == 0, out.stderr
    assert not any(word in out.stdout + out.stderr for word in UNEXPECTED), out.stderr
    assert "icalendar" in out.stdout and "caldav" in out.stdout


@pytest.mark.parametrize("action", ["login", "logout"])
def test_login_and_logout_without_the_keyring_library_refuse_in_one_line(
    home: Daemon, tmp_path: Path, action: str
) -> None:
    env = _without(tmp_path / "no-keyring", "keyring")
    out = _run(home, env, "calendar", action, "office", stdin="secret\n")
    assert out.returncode == 1, out.stdout + out.stderr  # refused: not a usage error, not 70
    assert not any(word in out.stdout + out.stderr for word in UNEXPECTED), out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "keyring" in out.stderr, out.stderr
    # a name that is not a CalDAV source is still a usage error, said first
    out = _run(home, env, "calendar", action, "nobody", stdin="secret\n")
    assert out.returncode == 2, out.stderr


def test_the_daemon_reports_a_missing_library_keeps_running_and_the_doctor_says_the_fix(
    ics: Path, tmp_path: Path
) -> None:
    env = _without(tmp_path / "no-ical", "icalendar")
    config = QUIET + f'[calendar]\n[[calendar.sources]]\nname = "file"\nics = "{ics}"\n'
    with daemon_home(config, env) as daemon:
        daemon.spawn()
        daemon.wait_up()

        def failed() -> bool:
            sources = daemon.status()["calendar"]["sources"]
            return bool(sources) and sources[0]["error"] is not None

        wait_until("the reader to fail", failed, 20)
        kept = json.loads((daemon.home / "state" / "calendar.json").read_text())
        assert kept["sources"]["file"]["problem"] == {
            "failure": "missing-library",
            "detail": "icalendar",
        }
        out = daemon.cli("doctor", "--json", timeout=60)
        assert out.returncode == 1, out.stderr
        rows = {f["id"]: f for f in json.loads(out.stdout)["findings"]}
        row = rows["calendar:file"]
        assert row["verdict"] == "problem"
        assert row["details"]["failure"] == "missing-library"
        assert "icalendar" in row["found"] and "icalendar" in row["fix"]
        assert "pipx" in row["fix"]  # the way to get it, not "check the source"

        assert daemon.proc.poll() is None
        assert daemon.status()["calendar"]["sources"][0]["name"] == "file"  # still answering
        assert "Traceback" not in daemon.said()
