"""deskbreak on Plasma 6.3 (kwin_wayland --virtual + plasmashell, Debian 13), the real daemon
running inside the root on its Python 3.13.

KWin and plasmashell run in one session of a Debian 13 root (`harness.trixie`); plasmashell
is the tray host (IsStatusNotifierHostRegistered, the watcher in kded6) and the notification
server. The icon registers and a dbusmenu item pauses; `doctor` names KDE; `stop` stops the
daemon and takes its icon off plasmashell's tray; a due break's
notification goes to plasmashell's own server (every Notify call on the bus is watched);
with do-not-disturb on through plasmashell's own `Inhibit` (`Inhibited` true) a due break is
held, and offered once it is off again. The tray menu's Start plays a two-step routine in the
player window under Xwayland (KWin maps it; a picture of it is read from Xwayland) to its end:
a completed break, and the daemon back at work. Away past natural_break (KWin's
ext-idle-notify-v1) and back (KDE's fake input) is a natural break, with no reminder. Start and
Snooze pressed in plasmashell's own popup (its "Press" action over AT-SPI, as a screen reader
or switch access presses it) start and snooze the break, and a left click on the popup's text
(KDE's fake input, where its screen extents say it is) starts it. An idle inhibition taken through
PowerDevil's `org.freedesktop.PowerManagement.Inhibit`, as a fullscreen video player takes one
(`HasInhibit` true), holds a due break as "fullscreen" with nothing shown, and it is offered
once the inhibition is released; before PowerDevil runs, `doctor` lists fullscreen as missing
and blames KDE's own source (`kde-inhibitors`), and once it runs lists fullscreen as watched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon
from harness.notifymonitor import NotifyMonitor
from harness.trixie_plasma import Plasma6
from support.configs import desk_check

from deskbreak.core.i18n import _
from deskbreak.core.notices import snooze_label, start_label

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

PLAIN = """
[schedule]
every = "10m"
renotify = "off"
"""
# A fixed reminder for this very minute, due at once (the daemon reads its hold sources before
# it offers anything) and offered 3 s after the hold ends.
DUE_TABLES = """
[hold]
resume_after = "3s"
"""
AWAY = """
[schedule]
every = "10m"
natural_break = "10s"
renotify = "off"
"""


@pytest.fixture
def daemon(plasma6: Plasma6) -> Iterator[Daemon]:
    run = Daemon(plasma6)
    yield run
    run.close()


@pytest.fixture
def notes(plasma6: Plasma6) -> Iterator[NotifyMonitor]:
    """Every Notify call on the session bus, whoever sends it."""
    with NotifyMonitor(plasma6.env["DBUS_SESSION_BUS_ADDRESS"]) as monitor:
        yield monitor


def test_plasma6_tray_menu_doctor_and_stop(plasma6: Plasma6, daemon: Daemon) -> None:
    assert plasma6.host_registered()
    daemon.start(config=PLAIN)
    assert daemon.answer()["tray"] == "sni"
    plasma6.wait_for("the icon on plasmashell's tray", lambda: bool(plasma6.sni_items()), 20)
    (item,) = plasma6.sni_items()
    plasma6.click(item, plasma6.menu(item)[_("Until I resume")])
    plasma6.wait_for("the menu's pause", lambda: daemon.state() == "paused", 10)

    found = _doctor(daemon)
    assert found["session"]["details"] == {"desktop": "KDE", "type": "wayland"}, found
    assert found["tray"]["verdict"] == "ok" and found["notifications"]["verdict"] == "ok", found

    daemon.stop_as_a_user_would()
    plasma6.wait_for("the icon to leave plasmashell's tray", lambda: not plasma6.sni_items(), 10)


def _doctor(daemon: Daemon) -> dict[str, dict[str, Any]]:
    """`deskbreak doctor --json` in the session: its findings by id."""
    done = daemon.cli("doctor", "--json")
    assert done.stdout, done.stderr
    return {f["id"]: f for f in json.loads(done.stdout)["findings"]}


def _offered(notes: NotifyMonitor) -> bool:
    return bool(_ours(notes))


def _ours(notes: NotifyMonitor) -> list[dict[str, Any]]:
    return [r for r in notes.records() if start_label() in r["actions"]]


def _started_and_held(plasma6: Plasma6, notes: NotifyMonitor, daemon: Daemon, reason: str) -> None:
    """The daemon starts with a break due now, and holds it for `reason` with nothing shown."""
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}", DUE_TABLES))
    plasma6.wait_for("the break to be held", lambda: daemon.state() == "held", 30)
    assert daemon.answer()["hold"]["reasons"] == [reason], daemon.answer()["hold"]
    assert not _offered(notes), notes.records()


def _offered_once_when_the_hold_ends(
    plasma6: Plasma6, notes: NotifyMonitor, daemon: Daemon
) -> None:
    """The held break is offered, once, through plasmashell's server (the only one, which
    gives it an id); the history has one "due", the hold before its end."""
    plasma6.wait_for("the held break to be offered", lambda: _offered(notes), 30)
    plasma6.wait_for("plasmashell's reply", lambda: bool(_ours(notes)[0]["id"]), 10)
    assert len(_ours(notes)) == 1, notes.records()
    assert daemon.state() == "due"
    kinds = daemon.kinds()
    assert kinds.count("due") == 1 and kinds.index("held") < kinds.index("hold-ended"), kinds


def test_plasma6_due_notification_through_plasmashell_and_do_not_disturb_holds(
    plasma6: Plasma6, notes: NotifyMonitor, daemon: Daemon
) -> None:
    assert plasma6.server() == "Plasma"
    cookie = plasma6.inhibit()
    try:
        plasma6.wait_for("do-not-disturb", plasma6.inhibited, 10)
        _started_and_held(plasma6, notes, daemon, "dnd")
    finally:
        plasma6.uninhibit(cookie)
    plasma6.wait_for("do-not-disturb off", lambda: not plasma6.inhibited(), 10)
    _offered_once_when_the_hold_ends(plasma6, notes, daemon)


def _menu_start_id(plasma6: Plasma6, item: str) -> int:
    """The id of the tray menu's Start item (third at the top: open, a separator, start)."""
    dest = item.split("/", 1)[0]
    _rev, layout = plasma6.call(
        dest, "/MenuBar", "com.canonical.dbusmenu", "GetLayout", "iias", 0, -1, []
    )
    _root, _props, children = layout
    _sig, (item_id, props, _kids) = children[2]
    assert "type" not in props, props  # not a separator
    return int(item_id)


def _one_item(plasma6: Plasma6) -> str:
    """The icon's item on plasmashell's tray, once it is the only one (an earlier test's
    daemon unregisters as its bus connection closes)."""
    plasma6.wait_for("the icon on plasmashell's tray", lambda: len(plasma6.sni_items()) == 1, 20)
    (item,) = plasma6.sni_items()
    return item


def test_plasma6_tray_start_plays_the_routine_under_xwayland_to_completion(
    plasma6: Plasma6, daemon: Daemon, artifacts: Path
) -> None:
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}"))
    plasma6.wait_for("the break to fall due", lambda: daemon.state() == "due", 30)
    item = _one_item(plasma6)
    plasma6.click(item, _menu_start_id(plasma6, item))
    plasma6.wait_for("the break to start", lambda: daemon.state() == "on-break", 15)
    # the player is an X client: KWin, Xwayland's window manager, maps its window
    plasma6.wait_for(
        "the player window, mapped by KWin", lambda: bool(plasma6.x_windows("deskbreak")), 20
    )
    (window,) = plasma6.x_windows("deskbreak")
    plasma6.window_shot(window, artifacts / "plasma6-1-player.png")

    def completed() -> bool:
        return daemon.alive() and "completed" in daemon.kinds()

    plasma6.wait_for("the routine to complete", completed, 40)
    (done,) = [e for e in daemon.history() if e["kind"] == "completed"]
    assert done["routine"] == "desk-check", done
    assert done["detail"]["steps_done"] == done["detail"]["steps_total"] == 2, done
    assert daemon.state() == "working"
    plasma6.wait_for("the player window to close", lambda: not plasma6.x_windows("deskbreak"), 10)


def test_plasma6_away_past_natural_break_and_back_is_a_natural_break(
    plasma6: Plasma6, notes: NotifyMonitor, daemon: Daemon
) -> None:
    plasma6.move_cursor()  # at the desk as the daemon starts
    daemon.env["DESKBREAK_IDLE_GRACE"] = "5"  # KWin says "idle" after 5 s, not a minute
    daemon.start(config=AWAY)
    assert daemon.answer()["idle_source"] == "ext-idle-notify"
    plasma6.wait_for(
        "a natural break", lambda: daemon.alive() and "natural-break" in daemon.kinds(), 45
    )
    assert daemon.state() == "away"
    plasma6.move_cursor()  # back, through KDE's fake input: KWin says "resumed"
    plasma6.wait_for("the daemon to see the user back", lambda: daemon.state() == "working", 10)
    (event,) = [e for e in daemon.history() if e["kind"] == "natural-break"]
    assert event["detail"]["cause"] == "idle" and event["detail"]["seconds"] >= 10, event
    assert daemon.answer()["seconds_left"] > 9 * 60  # the counter restarted: away was not work
    assert "due" not in daemon.kinds() and not _ours(notes), notes.records()


def _popup_button(plasma6: Plasma6, notes: NotifyMonitor, label: str) -> tuple[str, str]:
    """The button `label` of plasmashell's popup of the daemon's one notification, once it
    is the only popup with that title and button (so no earlier test's is pressed)."""
    plasma6.wait_for("the due notification", lambda: _offered(notes), 30)
    (note,) = _ours(notes)
    found: list[tuple[str, str]] = []

    def shown() -> bool:
        found[:] = plasma6.popup_buttons(note["summary"], label)
        return len(found) == 1

    plasma6.wait_for("plasmashell's popup and its button", shown, 20)
    return found[0]


def test_plasma6_start_pressed_in_plasmashells_popup_starts_the_break(
    plasma6: Plasma6, notes: NotifyMonitor, daemon: Daemon
) -> None:
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}"))
    button = _popup_button(plasma6, notes, start_label())
    assert daemon.state() == "due"
    plasma6.press(button)
    plasma6.wait_for("the break to start", lambda: daemon.state() == "on-break", 15)
    plasma6.wait_for(
        "the player window, mapped by KWin", lambda: bool(plasma6.x_windows("deskbreak")), 20
    )
    (note,) = _ours(notes)
    # the action closes the notification: plasmashell's popup goes
    plasma6.wait_for(
        "the popup to go", lambda: not plasma6.popup_buttons(note["summary"], start_label())
    )


def test_plasma6_a_click_on_plasmashells_popup_starts_the_break(
    plasma6: Plasma6, notes: NotifyMonitor, daemon: Daemon
) -> None:
    """A left click on the popup's text, where a user clicks a notification (the README
    promises it starts the break on Plasma): plasmashell invokes the default action."""
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}"))
    _popup_button(plasma6, notes, start_label())  # the popup is up, with its buttons
    (note,) = _ours(notes)
    (x, y, width, height) = plasma6.popups(note["summary"])[0]
    assert daemon.state() == "due"
    plasma6.click_at(x + width // 5, y + height // 3)  # the summary and body, left of the buttons
    plasma6.wait_for("the break to start", lambda: daemon.state() == "on-break", 15)
    (note,) = _ours(notes)
    assert note["invoked"] == ["default"], note
    plasma6.wait_for("the popup to go", lambda: not plasma6.popups(note["summary"]))


def test_plasma6_snooze_pressed_in_plasmashells_popup_snoozes_the_break(
    plasma6: Plasma6, notes: NotifyMonitor, daemon: Daemon
) -> None:
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}"))
    plasma6.press(_popup_button(plasma6, notes, snooze_label()))
    plasma6.wait_for("the break to be snoozed", lambda: daemon.state() == "snoozed", 15)
    assert "snoozed" in daemon.kinds() and "started" not in daemon.kinds(), daemon.kinds()
    assert not plasma6.x_windows("deskbreak")


def test_plasma6_powerdevil_inhibition_holds_a_due_break_as_fullscreen(
    plasma6: Plasma6, notes: NotifyMonitor, daemon: Daemon
) -> None:
    # before PowerDevil runs the doctor says fullscreen cannot hold a break here, and why:
    # nothing owns org.freedesktop.PowerManagement and the session bus cannot start it (Plasma
    # starts PowerDevil from a systemd user unit, not by bus activation)
    assert not plasma6.has_bus_name("org.freedesktop.PowerManagement")
    holds = _doctor(daemon)["holds"]
    assert "fullscreen" in holds["details"]["missing"], holds
    assert holds["details"]["blocked"] == ["kde-inhibitors"], holds
    assert "PowerDevil" in holds["found"], holds
    plasma6.start_powerdevil()
    assert not plasma6.power_inhibited()
    # as a video player asks when it plays fullscreen; PowerDevil puts an inhibition in force
    # only once it has lasted 5 s (a short one is never seen)
    cookie = plasma6.power_inhibit("mpv", "Playing fullscreen video")
    try:
        plasma6.wait_for("PowerDevil's HasInhibit", plasma6.power_inhibited, 15)
        _started_and_held(plasma6, notes, daemon, "fullscreen")
        # on Plasma's Wayland session only the kde-inhibitors source watches fullscreen
        # (x11-fullscreen is off on Wayland, gnome-inhibitors and sway-fullscreen elsewhere)
        holds = _doctor(daemon)["holds"]
        assert "fullscreen" in holds["details"]["watched"], holds
        assert holds["details"]["blocked"] == [], holds
    finally:
        plasma6.power_uninhibit(cookie)
    plasma6.wait_for("PowerDevil's HasInhibit off", lambda: not plasma6.power_inhibited(), 10)
    _offered_once_when_the_hold_ends(plasma6, notes, daemon)
