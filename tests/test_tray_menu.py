"""The tray menu as a pure function of the status: no tray library involved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.tray import CHOICES, NOT_NOW, ROUTINES, make_status

from deskbreak.core.ports import PauseKind, PauseSpec
from deskbreak.core.status import Action, State
from deskbreak.desktop.tray.menu import Command, Do, Item, build


def by_text(items: tuple[Item, ...]) -> dict[str, Item]:
    return {item.text: item for item in items if not item.separator}


def test_the_whole_menu_while_working() -> None:
    items = build(make_status(), ROUTINES, CHOICES)
    assert [i.text for i in items if not i.separator] == [
        "Open deskbreak…",
        "Start Neck release now",
        "Routines",
        "Snooze",
        "Skip this break",
        "Pause",
        "Next break in 23 min",
        "Today: 3 of 6 breaks",
        "Open config",
        "Reload config",
        "Statistics",
        "Safety",
        "Quit",
    ]
    menu = by_text(items)
    assert [i.text for i in items if i.default] == ["Open deskbreak…"]
    assert menu["Open deskbreak…"].command == Command(Do.OPEN_PANEL)
    assert menu["Safety"].command == Command(Do.SAFETY) and menu["Safety"].enabled
    assert not menu["Next break in 23 min"].enabled
    assert not menu["Today: 3 of 6 breaks"].enabled


def test_skip_follows_the_status_not_the_state() -> None:
    """The engine accepts a skip while working: the menu does not second-guess it."""
    working = by_text(build(make_status(), ROUTINES, CHOICES))["Skip this break"]
    assert working.enabled
    assert working.command == Command(Do.SKIP)
    refused = make_status(State.WORKING, refusals={Action.SKIP: NOT_NOW})
    skip = by_text(build(refused, ROUTINES, CHOICES))["Skip this break"]
    assert not skip.enabled
    assert skip.reason == NOT_NOW


def test_desk_routines_come_first_and_the_rest_under_more() -> None:
    routines = by_text(build(make_status(), ROUTINES, CHOICES))["Routines"].children
    assert [r.text for r in routines] == ["Neck release", "Upper-back opener", "More routines"]
    more = routines[-1].children
    assert [(r.text, r.command) for r in more] == [
        ("Floor back release", Command(Do.START, routine="floor-back"))
    ]


def test_snooze_choices_are_radio_items() -> None:
    snooze = by_text(build(make_status(State.DUE), ROUTINES, CHOICES))["Snooze"].children
    assert [(s.text, s.radio, s.checked) for s in snooze] == [
        ("5 min", True, False),
        ("10 min", True, False),
        ("30 min", True, False),
    ]
    assert snooze[1].command == Command(Do.SNOOZE, length=timedelta(minutes=10))


def test_a_refused_snooze_shows_its_reason_disabled() -> None:
    reason = "Snoozed 3 times already; take the break or skip it"
    status = make_status(State.DUE, refusals={Action.SNOOZE: reason})
    (only,) = by_text(build(status, ROUTINES, CHOICES))["Snooze"].children
    assert (only.text, only.enabled, only.reason, only.command) == (reason, False, reason, None)


def test_resume_replaces_pause_while_paused() -> None:
    paused = by_text(build(make_status(State.PAUSED), ROUTINES, CHOICES))
    assert "Pause" not in paused
    assert paused["Resume"].enabled
    assert paused["Paused"].text == "Paused"  # the headline
    pause = by_text(build(make_status(), ROUTINES, CHOICES))["Pause"]
    assert [(c.text, c.command) for c in pause.children][-1] == (
        "Until I resume",
        Command(Do.PAUSE, pause=PauseSpec(PauseKind.INDEFINITE)),
    )


def test_start_is_refused_during_a_break() -> None:
    menu = by_text(build(make_status(State.ON_BREAK), ROUTINES, CHOICES))
    assert not menu["Start Neck release now"].enabled
    assert menu["Start Neck release now"].reason == "A routine is already running"
    assert not any(r.enabled for r in menu["Routines"].children[:2])


def test_keys_stay_while_the_words_change() -> None:
    early = build(make_status(seconds_left=23 * 60), ROUTINES, CHOICES)
    later = build(make_status(seconds_left=9 * 60), ROUTINES, CHOICES)
    assert [i.key for i in early] == [i.key for i in later]
    assert early != later


@pytest.mark.parametrize("state", list(State))
def test_every_state_builds_a_menu_before_and_after_the_first_status(state: State) -> None:
    assert build(make_status(state), ROUTINES, CHOICES)
    starting = by_text(build(None, ROUTINES, CHOICES))
    assert starting["Starting…"].enabled is False
    assert not starting["Skip this break"].enabled


def test_snooze_choices_read_as_lengths_of_time() -> None:
    lengths = (timedelta(minutes=5), timedelta(hours=1), timedelta(minutes=90))
    snooze = by_text(build(make_status(State.DUE), ROUTINES, lengths))["Snooze"].children
    assert [s.text for s in snooze] == ["5 min", "1 h", "1 h 30 min"]
