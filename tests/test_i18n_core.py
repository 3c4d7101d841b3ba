"""The core's own words go through the translation layer: config problems, status headlines,
notices, the doctor's report; lengths of time and times of day follow the locale.

Each pseudo-locale test renders real output and checks that no English is left outside a
translated message (ids, key paths, values and commands stay as written).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from support.engine import BERLIN
from support.pseudo import CLOSE, OPEN, is_marked, unmarked
from support.status import make_status

from deskbreak import lang
from deskbreak.core.config.checks import kind, show
from deskbreak.core.config.durations import DurationError, human, parse_duration
from deskbreak.core.config.read import ConfigErrors, load_config, parse_config
from deskbreak.core.config.routines import ROUTINE_KEYS, STEP_KEYS
from deskbreak.core.config.schedule import SCHEDULE_KEYS
from deskbreak.core.config.settings import Settings
from deskbreak.core.config.times import REMINDER_KEYS
from deskbreak.core.diagnosis import Diagnosis, Finding, Verdict
from deskbreak.core.engine.effects import Notify
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.events import Trigger
from deskbreak.core.i18n import PlainFormats, duration_text
from deskbreak.core.notices import notice_for, snooze_label, start_label
from deskbreak.core.ports import NoticeKind
from deskbreak.core.status import (
    Hold,
    State,
    Status,
    paused_until_text,
    state_name,
    until_phrase,
)
from deskbreak.lang.pseudo import pseudo

NOW = datetime(2026, 11, 24, 14, 30, tzinfo=BERLIN)  # a Tuesday
# The pseudo-locale writes days in the plain formats: these names are its data, not messages.
DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "nov", "dec"}


def deep(text: str, keep: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """`unmarked`, looking inside translated messages too: a template's filled-in parts."""
    return unmarked(text.replace(OPEN, " ").replace(CLOSE, " "), keep)


def _old_human(value: timedelta) -> str:
    """`human` as it was written before the translation layer, to hold the English to."""
    total = round(value.total_seconds())
    if total < 60:
        return f"{total} s"
    minutes, seconds = divmod(total, 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if seconds and not hours:
        parts.append(f"{seconds} s")
    return " ".join(parts)


@pytest.mark.parametrize(
    "seconds",
    [0, 1, 0.4, 44.6, 45, 59, 60, 61, 90, 240, 270, 599, 1800, 3599, 3600, 3601, 3660, 5400,
     5430, 7200, 7260, 86399, 86400, 7 * 86400],
)  # fmt: skip
def test_lengths_of_time_read_as_they_always_did(seconds: float) -> None:
    value = timedelta(seconds=seconds)
    assert human(value) == _old_human(value) == duration_text(seconds)
    assert PlainFormats().duration(round(seconds)) == _old_human(value)


def test_lengths_read_the_same_examples() -> None:
    assert human(timedelta(minutes=4)) == "4 min"
    assert human(timedelta(minutes=90)) == "1 h 30 min"
    assert human(timedelta(seconds=45)) == "45 s"


# --- config problems -----------------------------------------------------------------------

BROKEN = """\
[schedule]
every = "5x"
snooze = 10
max_snoozes = 99
rotaton = ["mini-reset"]
heads_up = "1h"
renotify = "never"

[schedule.hours]
mon = ["09:00-12:00", "11:00-13:00"]
tue = "18:00-09:00"
wed = "25:00-26:00"

[[reminders]]
at = "8:70"
days = ["mon", "funday"]
routine = "mini-rest"

[notifications]
due = "loud"
sound = "yes"

[tray]
backend = "xembd"

[ui]
language = "German"

[hold]
apps = ["zoom", 3]
at_most = "1m30"

[[routines]]
id = "Bad Id"
title = ""

[[routines]]
id = "my-long"
title = "Long"
[[routines.steps]]
exercise = "shoulder-roll"
duration = "10m"
[[routines.steps]]
name = "Stand"
posture = "upside-down"
duration = "10m"

[[routines]]
id = "mini-reset"
title = "Mine"
[[routines.steps]]
duration = "1m"
"""


def _report(error: ConfigErrors) -> str:
    return "\n".join([str(error), *(str(p) for p in error.problems)])


def test_a_broken_config_is_reported_in_the_chosen_language() -> None:
    lang.setup("pseudo")
    with pytest.raises(ConfigErrors) as caught:
        parse_config(BROKEN)
    problems = caught.value.problems
    assert len(problems) >= 20
    keys = (*SCHEDULE_KEYS, *ROUTINE_KEYS, *STEP_KEYS, *REMINDER_KEYS)
    keep = {"schedule", "reminders", "routines", "hold", "tray", *keys}
    keep |= {"never", "loud", "yes", "german", "funday", "xembd", "xembd'", "bad", "long", "stand"}
    keep |= {"stay", "critical", "normal", "seated", "standing", "floor"}
    for problem in problems:  # each part on its own: a template hides what it wraps
        for part in (problem.message, problem.fix):
            assert is_marked(part) and deep(part, keep=keep) == [], problem
    # Key paths, values, line numbers and TOML stay as written.
    paths = {p.path for p in problems}
    assert {"schedule.every", "tray.backend", "ui.language", "hold.at_most"} <= paths
    assert any('"xembed"' in p.fix for p in problems)  # the did-you-mean keeps the name
    report = _report(caught.value)
    assert "(line 2)" not in report  # "line" is translated around the number
    assert deep(report, keep=keep) == []


@pytest.mark.parametrize("value", [True, 3, 2.5, "45", {"a": 1}, [1], time(8, 30)])
def test_the_kinds_of_value_are_translated(value: object) -> None:
    lang.setup("pseudo")
    assert is_marked(kind(value)) and deep(kind(value)) == []


@pytest.mark.parametrize("value", [10**15, {"a": 1}, [1]])
def test_values_shown_in_words_are_translated(value: object) -> None:
    lang.setup("pseudo")
    assert is_marked(show(value)) and deep(show(value)) == []


@pytest.mark.parametrize(
    "text",
    [
        '[schedule]\nevery = "45m"\nevery = "30m"\n',
        "[goals]\n[goals]\n",
        '[schedule]\nevery = 45m"\n',
        "[schedule]\nrotation = [\n",
        "x = " + "[" * 2000 + "]" * 2000 + "\n",
        "x = " + "9" * 5000 + "\n",
    ],
)
def test_toml_syntax_problems_are_translated(text: str) -> None:
    lang.setup("pseudo")
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text)
    assert deep(_report(caught.value), keep={"toml", "goals"}) == []


def test_file_problems_are_translated(tmp_path: Any) -> None:
    lang.setup("pseudo")
    path = tmp_path / "config.toml"
    path.write_bytes(b'[schedule]\nevery = "\xff"\n')
    with pytest.raises(ConfigErrors) as caught:
        load_config(path)
    assert deep(_report(caught.value), keep={"file"}) == []


@pytest.mark.parametrize("text", ["", "45", "5x", "5m3h", "99999999h", "200h"])
def test_duration_errors_are_translated(text: str) -> None:
    lang.setup("pseudo")
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    error = caught.value
    for part in (error.problem, error.fix):
        assert deep(part) == [] and (is_marked(part) or not part)
    assert deep(str(error)) == []


# --- status ------------------------------------------------------------------------------

STATES: dict[State, dict[str, Any]] = {
    State.WORKING: {},
    State.HEADS_UP: {"seconds_left": 30},
    State.DUE: {},
    State.SNOOZED: {"snoozed_until": NOW + timedelta(minutes=10)},
    State.ON_BREAK: {"current_routine": "mini-reset"},
    State.PAUSED: {"paused_until": NOW + timedelta(days=3)},
    State.OFF_HOURS: {"next_working": NOW + timedelta(days=1)},
    State.AWAY: {},
    State.HELD: {"hold": Hold(("microphone", "screen-share", "app"), NOW)},
}


def _status(state: State, **changes: Any) -> Status:
    return make_status(state, now=NOW, **{**STATES[state], **changes})


@pytest.mark.parametrize("state", list(State))
def test_every_state_speaks_the_chosen_language(state: State) -> None:
    lang.setup("pseudo")
    status = _status(state)
    assert is_marked(status.headline())
    assert deep(status.headline(), DAYS) == []
    assert deep(state_name(state)) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"state": State.WORKING, "seconds_left": None},
        {"state": State.WORKING, "seconds_left": 3000},
        {"state": State.PAUSED, "paused_until": None},
        {"state": State.PAUSED, "paused_until": NOW + timedelta(hours=1)},
        {"state": State.PAUSED, "paused_until": NOW + timedelta(days=1)},
        {"state": State.OFF_HOURS, "next_working": None},
        {"state": State.OFF_HOURS, "next_working": NOW + timedelta(hours=2)},
        {"state": State.OFF_HOURS, "next_working": NOW + timedelta(days=4)},
        {"state": State.HELD, "hold": None},
    ],
)
def test_every_headline_variant_is_marked(changes: dict[str, Any]) -> None:
    lang.setup("pseudo")
    state = changes.pop("state")
    assert deep(_status(state, **changes).headline(), DAYS) == []


@pytest.mark.parametrize("state", list(State))
def test_the_json_headline_stays_english_whatever_the_language(state: State) -> None:
    english = _status(state).headline()
    lang.setup("pseudo")
    status = _status(state)
    assert status.to_json()["headline"] == english
    assert status.headline() != english


def test_paused_until_text_is_the_paused_headline() -> None:
    for until in (NOW + timedelta(hours=1), NOW + timedelta(days=1), NOW + timedelta(days=3)):
        assert paused_until_text(until, NOW) == _status(State.PAUSED, paused_until=until).headline()


def _spaced(text: str) -> str:
    """`text` with the narrow no-break space CLDR puts before "PM" as a plain space."""
    return text.replace("\u202f", " ")


def test_until_phrases_read_as_before_and_are_translated() -> None:
    later = [NOW + timedelta(hours=1), NOW + timedelta(days=1), NOW + timedelta(days=3)]
    assert [until_phrase(at, NOW) for at in later] == [
        "15:30",
        "tomorrow at 14:30",
        "Fri 27 Nov at 14:30",
    ]
    lang.setup("pseudo")
    for at in later[1:]:
        assert is_marked(until_phrase(at, NOW)) and deep(until_phrase(at, NOW), DAYS) == []


@pytest.mark.parametrize(
    ("environ", "clock"),
    [
        (None, "14:30"),
        ({"LANG": "C.UTF-8"}, "14:30"),
        ({"LANG": "en_US.UTF-8"}, "2:30 PM"),
    ],
)
def test_status_times_follow_the_locale(environ: dict[str, str] | None, clock: str) -> None:
    if environ is not None:
        lang.setup("auto", environ)
    snoozed = _status(State.SNOOZED, snoozed_until=NOW)
    assert _spaced(snoozed.headline()) == f"Snoozed until {clock}"
    paused = _status(State.PAUSED, paused_until=NOW + timedelta(days=1))
    assert _spaced(paused.headline()) == f"Paused until tomorrow at {clock}"
    assert snoozed.to_json()["headline"] == "Snoozed until 14:30"  # stable for scripts


def test_a_later_day_is_written_in_the_locale_style() -> None:
    paused = _status(State.PAUSED, paused_until=datetime(2026, 12, 5, 14, 30, tzinfo=BERLIN))
    assert paused.headline() == "Paused until Sat 05 Dec at 14:30"
    lang.setup("auto", {"LANG": "en_US.UTF-8"})
    assert _spaced(paused.headline()) == "Paused until Sat, Dec 5 at 2:30 PM"
    assert paused.to_json()["headline"] == "Paused until Sat 05 Dec at 14:30"


# --- notices -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "trigger", "routine"),
    [
        (NoticeKind.HEADS_UP, Trigger.INTERVAL, "mini-reset"),
        (NoticeKind.DUE, Trigger.INTERVAL, "mini-reset"),
        (NoticeKind.DUE, Trigger.INTERVAL, "standing-chest-opener"),
        (NoticeKind.DUE, Trigger.FIXED, "morning-relief"),
        (NoticeKind.RENOTIFY, Trigger.INTERVAL, "mini-reset"),
        (NoticeKind.HELD, Trigger.INTERVAL, "mini-reset"),
        (NoticeKind.DUE, Trigger.INTERVAL, "gone-routine"),
    ],
)
def test_every_notice_speaks_the_chosen_language(
    kind: NoticeKind, trigger: Trigger, routine: str
) -> None:
    lang.setup("pseudo")
    notice = notice_for(Notify(kind, routine, trigger), Settings())
    assert is_marked(notice.title) and is_marked(notice.body)
    assert deep(f"{notice.title}\n{notice.body}", keep={routine}) == []


def test_notice_buttons_are_labelled_in_the_chosen_language() -> None:
    assert (start_label(), snooze_label(), snooze_label(timedelta(minutes=10))) == (
        "Start",
        "Snooze",
        "Snooze 10 min",
    )
    lang.setup("pseudo")
    for label in (start_label(), snooze_label(), snooze_label(timedelta(minutes=10))):
        assert is_marked(label) and deep(label) == []


# --- the doctor's report and errors -----------------------------------------------------------


def test_the_doctor_report_frame_is_translated() -> None:
    lang.setup("pseudo")
    problem = Finding("tray", pseudo("Tray"), Verdict.PROBLEM, "none", fix=pseudo("install one"))
    ok = Finding("idle", pseudo("Idle"), Verdict.OK, "x11")
    for diagnosis in (Diagnosis((problem, ok)), Diagnosis((ok,)), Diagnosis((problem, problem))):
        assert deep("\n".join(diagnosis.lines())) == []
        assert '"fix"' in diagnosis.to_json()  # the JSON keys stay English


def test_an_error_joins_its_title_and_message_through_the_catalogue() -> None:
    assert str(DeskbreakError("Title", "message")) == "Title — message"
    lang.setup("pseudo")
    assert is_marked(str(DeskbreakError("⟦Title⟧", "⟦message⟧")))
    assert str(DeskbreakError("⟦Title⟧")) == "⟦Title⟧"
