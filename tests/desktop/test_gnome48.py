"""deskbreak on the real GNOME Shell 48 (Debian 13), beside GNOME's own break reminders.

The shell, its AppIndicator extension and deskbreak (on the root's Python 3.13) run in one
session of a Debian 13 root (`harness.trixie`). With GNOME's movement reminder on and an
interval of seconds, input through Mutter's RemoteDesktop keeps the user active until the
shell's ScreenTime `State` says the break is due (4); deskbreak then offers exactly one
routine, as its own due break, and sends no notification of its own (every Notify call on the
session bus is watched); a short routine picked in the tray's Routines plays for it in the
player window under Xwayland, to its end, while the shell, seeing no input, goes to its break
(3) and, its duration after the break fell due, ends it (2): one break, taken, for both. The
session, idle source, tray and GNOME's time keeping are what `doctor` names. With the reminder off
deskbreak keeps time as it always has, with a due notification of its own (one Notify, which the
shell's notification service relays to the shell); its Start, pressed in the shell's message
tray, plays the routine, and its Snooze snoozes; `deskbreak stop` stops the daemon and takes
its icon off the tray. With `show-banners` off (the shell's
do-not-disturb) a due break is held, and offered once banners are back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon
from harness.notifymonitor import NotifyMonitor
from harness.trixie_desktops import Gnome48
from support.configs import DESK_CHECK, desk_check

from deskbreak.core.notices import snooze_label, start_label

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

MOVEMENT = "org.gnome.desktop.break-reminders.movement"
REMINDERS = "org.gnome.desktop.break-reminders"
# A desk-break routine lasts 2 to 4 minutes: the test watches it start and play, not end.
ROUTINE = """
[player]
chime = false

[[routines]]
id = "gnome-check"
title = "GNOME check"
  [[routines.steps]]
  exercise = "shoulder-rolls"
  duration = "14s"
  [[routines.steps]]
  exercise = "chin-to-chest"
  duration = "106s"
"""
# The rotation's routines last 2 to 4 minutes (the config says so): for GNOME's break the
# test picks DESK_CHECK (8 s) from the tray's Routines, and sees it through to its end.
KEPT_BY_GNOME = (
    """
[schedule]
every = "20m"
rotation = ["gnome-check"]
renotify = "off"
[gnome]
breaks = "auto"
"""
    + ROUTINE
    + DESK_CHECK
)
# With GNOME's reminder off deskbreak keeps time: a fixed reminder for this very minute, due
# at once (no start-up grace), as deskbreak's own break.
KEPT_BY_DESKBREAK = (
    """
[schedule]
every = "1h"
rotation = ["gnome-check"]
renotify = "off"
[gnome]
breaks = "auto"

[[reminders]]
at = "{at}"
routine = "gnome-check"
"""
    + ROUTINE
)


@pytest.fixture
def shell(gnome48: Gnome48) -> Iterator[Gnome48]:
    gnome48.gsettings("set", REMINDERS, "selected-breaks", "@as []")
    gnome48.clear_notifications()  # an earlier test's daemon may have left one in the tray
    yield gnome48
    gnome48.gsettings("set", REMINDERS, "selected-breaks", "@as []")


@pytest.fixture
def notes(gnome48: Gnome48) -> Iterator[NotifyMonitor]:
    """Every Notify call on the shell's session bus, whoever sends it."""
    with NotifyMonitor(gnome48.env["DBUS_SESSION_BUS_ADDRESS"]) as monitor:
        yield monitor


@pytest.fixture
def daemon(shell: Gnome48) -> Iterator[Daemon]:
    run = Daemon(shell)
    yield run
    run.close()


def test_gnome48_movement_break_is_offered_once_without_a_notice_and_plays_to_its_end(
    shell: Gnome48, notes: NotifyMonitor, daemon: Daemon, artifacts: Path
) -> None:
    shell.gsettings("set", MOVEMENT, "interval-seconds", "20")
    shell.gsettings("set", MOVEMENT, "duration-seconds", "30")
    shell.gsettings("set", REMINDERS, "selected-breaks", "['movement']")
    shell.leave_overview()  # the player on the desktop, in the screenshots
    shell.poke()
    daemon.start(config=KEPT_BY_GNOME)
    # the shell's State is read at start-up (the object is on the shell's own bus name), not
    # learnt at its next change
    shell.wait_for(
        "the shell's state read at start",
        lambda: _shell_state(daemon) == shell.screen_time(),
        5,
    )
    shell.wait_for(
        "GNOME to keep time",
        lambda: daemon.answer()["time_keeper"] == {"by": "gnome", "because": "movement-on"},
        10,
    )
    shell.wait_for("the icon on the AppIndicator watcher", lambda: bool(shell.sni_items()), 20)

    seen: list[int] = []

    def state() -> int:
        now = shell.screen_time()
        if not seen or seen[-1] != now:
            seen.append(now)
        return now

    def due() -> bool:
        shell.poke()  # the user is at the desk, working
        return state() == 4 and daemon.state() == "due"

    shell.wait_for("GNOME's break, due", due, 60)
    shell.screenshot(artifacts / "gnome48-1-due.png")
    gnome_notes = shell.notifications()
    assert gnome_notes, "GNOME's own break notification"
    assert [n for n in daemon.history() if n["kind"] == "due"] == [
        {**_only(daemon, "due"), "detail": {"by": "gnome"}}
    ]
    assert notes.records() == [], "deskbreak sent a notification of its own"

    (item,) = shell.sni_items()
    shell.click(item, shell.menu(item)["Desk check"])  # Routines ▸ the user's Desk check
    shell.wait_for("the break to start", lambda: daemon.answer()["state"] == "on-break", 15)
    shell.wait_for("the player window", lambda: shell.has_x_window("deskbreak"), 20)
    # the shell may show its overview again while it starts: the player on the desktop
    shell.wait_for(
        "the shell to show the player",
        lambda: shell.leave_overview() and shell.shows_window("deskbreak"),
        10,
    )
    shell.screenshot(artifacts / "gnome48-2-player.png")

    # no input while the routine plays: the shell sees the user away, in its break (3)
    def completed() -> bool:
        state()
        return daemon.alive() and "completed" in daemon.kinds()

    shell.wait_for("the routine to complete", completed, 40)
    (done,) = [e for e in daemon.history() if e["kind"] == "completed"]
    assert done["routine"] == "desk-check", done
    assert done["detail"]["steps_done"] == done["detail"]["steps_total"] == 2, done
    shell.wait_for("the daemon back at work", lambda: daemon.answer()["state"] == "working", 10)
    shell.wait_for("GNOME's break", lambda: state() == 3, 30)
    shell.screenshot(artifacts / "gnome48-3-in-break.png")

    # GNOME counts its break from when it fell due: it ends `duration-seconds` later (the
    # shell goes to idle, 2), after the routine; it is the same break, not another one
    shell.wait_for("GNOME's break to end", lambda: state() == 2, 40)
    assert daemon.answer()["state"] == "working"
    assert notes.records() == [], "deskbreak sent a notification of its own"
    kinds = daemon.kinds()
    assert (kinds.count("due"), kinds.count("started"), kinds.count("completed")) == (1, 1, 1)
    assert "natural-break" not in kinds, kinds  # GNOME's break ending is no second one
    print("ScreenTime states seen:", seen)
    assert seen[seen.index(4) :][:3] == [4, 3, 2], seen

    doctor = json.loads(daemon.cli("doctor", "--json").stdout)
    found = {f["id"]: f for f in doctor["findings"]}
    assert found["session"]["details"] == {"desktop": "GNOME", "type": "wayland"}, found
    assert found["idle"]["details"]["source"] == "mutter", found["idle"]
    assert found["tray"]["verdict"] == "ok", found["tray"]
    assert found["gnome"]["details"]["keeper"] == "gnome", found["gnome"]


def _shell_state(daemon: Daemon) -> int | None:
    """The ScreenTime State the daemon last logged (None while it has not seen one)."""
    found = re.findall(r"GNOME break reminders: .*, state (\d)$", daemon.log(), re.M)
    return int(found[-1]) if found else None


def _actionable(notes: NotifyMonitor) -> list[dict[str, Any]]:
    return [r for r in notes.records() if r["actions"]]


def _only(daemon: Daemon, kind: str) -> dict[str, Any]:
    (event,) = [e for e in daemon.history() if e["kind"] == kind]
    return event


def test_gnome48_with_its_reminders_off_deskbreak_keeps_time_and_notifies(
    shell: Gnome48, notes: NotifyMonitor, daemon: Daemon
) -> None:
    shell.poke()
    daemon.start("--wake-grace", "0", config=KEPT_BY_DESKBREAK.format(at=f"{datetime.now():%H:%M}"))
    status = daemon.answer()
    assert status["time_keeper"] == {"by": "deskbreak", "because": "movement-off"}, status

    def noted() -> bool:
        shell.poke()
        return bool(_actionable(notes))

    shell.wait_for("deskbreak's due notification", noted, 30)
    # deskbreak's one Notify goes to org.freedesktop.Notifications (the shell's notification
    # service, a process of its own), which relays it to the shell by the shell's unique name
    shell.wait_for("the relay to the shell", lambda: len(_actionable(notes)) == 2, 10)
    bus = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
    the_shell = shell.call(*bus, "GetNameOwner", "s", "org.gnome.Shell")[0]
    relayed, sent = sorted(_actionable(notes), key=lambda r: r["to"] != the_shell)
    assert (sent["to"], relayed["to"]) == ("org.freedesktop.Notifications", the_shell), notes
    assert relayed["actions"] == sent["actions"] and relayed["id"] == sent["id"]
    note = sent
    assert note["app_name"] and len(note["actions"]) >= 2, note  # Start and Snooze
    assert daemon.answer()["state"] == "due"
    assert [e["detail"] for e in daemon.history() if e["kind"] == "due"] != [{"by": "gnome"}]


# A fixed reminder for this very minute, due at once (the daemon reads its hold sources before
# it offers anything) and offered 3 s after the hold ends.
HELD = (
    """
[schedule]
every = "1h"
renotify = "off"
[hold]
resume_after = "3s"
[gnome]
breaks = "auto"

[[reminders]]
at = "{at}"
routine = "gnome-check"
"""
    + ROUTINE
)


def test_gnome48_show_banners_off_holds_a_due_break(
    shell: Gnome48, notes: NotifyMonitor, daemon: Daemon
) -> None:
    banners = ("org.gnome.desktop.notifications", "show-banners")
    shell.gsettings("set", *banners, "false")  # the shell's do-not-disturb
    try:
        shell.poke()
        daemon.start("--wake-grace", "0", config=HELD.format(at=f"{datetime.now():%H:%M}"))
        shell.wait_for("the break to be held", lambda: daemon.answer()["state"] == "held", 30)
        assert daemon.answer()["hold"]["reasons"] == ["dnd"], daemon.answer()["hold"]
        assert _actionable(notes) == []
    finally:
        shell.gsettings("set", *banners, "true")
    shell.wait_for("the held break to be offered", lambda: bool(_actionable(notes)), 30)
    assert daemon.answer()["state"] == "due"
    kinds = daemon.kinds()
    assert kinds.count("due") == 1 and kinds.index("held") < kinds.index("hold-ended"), kinds


AWAY = """
[schedule]
every = "30m"
natural_break = "10s"
renotify = "off"
"""


def test_gnome48_away_past_natural_break_and_back_is_a_natural_break(
    shell: Gnome48, notes: NotifyMonitor, daemon: Daemon
) -> None:
    shell.poke()
    daemon.env["DESKBREAK_IDLE_GRACE"] = "5"  # Mutter's idle watch fires after 5 s, not a minute
    daemon.start(config=AWAY)
    assert daemon.answer()["idle_source"] == "mutter"
    # no input from here on: Mutter says "idle" after the grace, natural_break (10 s) follows
    shell.wait_for(
        "a natural break", lambda: daemon.alive() and "natural-break" in daemon.kinds(), 45
    )
    assert daemon.state() == "away"
    shell.poke()  # back at the desk: Mutter's user-active watch fires
    shell.wait_for("the daemon to see the user back", lambda: daemon.state() == "working", 10)
    (event,) = [e for e in daemon.history() if e["kind"] == "natural-break"]
    assert event["detail"]["cause"] == "idle" and event["detail"]["seconds"] >= 10, event
    assert daemon.answer()["seconds_left"] > 29 * 60  # the counter restarted: away was not work
    assert "due" not in daemon.kinds() and not _actionable(notes)


def _shown(shell: Gnome48) -> dict[str, Any] | None:
    """deskbreak's due notification as the shell's message tray holds it (the user working)."""
    shell.poke()
    return next((n for n in shell.notifications() if start_label() in n["actions"]), None)


def _due_now(shell: Gnome48, daemon: Daemon) -> dict[str, Any] | None:
    """Start the daemon with a reminder due this minute (no start-up grace); its notice as
    the shell shows it, once it is there."""
    shell.poke()
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}"))
    shell.wait_for("the due notification in the shell", lambda: _shown(shell) is not None, 30)
    return _shown(shell)


def _snoozes() -> set[str]:
    from deskbreak.core.config.model import Config

    return {snooze_label(), *(snooze_label(length) for length in Config().schedule.snooze_choices)}


def test_gnome48_start_pressed_in_the_shells_banner_plays_the_break_and_stop_stops(
    shell: Gnome48, daemon: Daemon
) -> None:
    note = _due_now(shell, daemon)
    assert note is not None and set(note["actions"]) & _snoozes(), note
    shell.invoke_action(note["title"], start_label())  # as the banner's Start button does
    shell.wait_for("the break to start", lambda: daemon.state() == "on-break", 20)
    assert _shown(shell) is None  # the notice left the shell with the click
    # DESK_CHECK: two steps of 4 s, in the player under Xwayland
    shell.wait_for(
        "the routine to complete", lambda: daemon.alive() and "completed" in daemon.kinds(), 40
    )
    assert daemon.kinds().count("due") == 1
    shell.wait_for("the daemon back at work", lambda: daemon.state() == "working", 10)

    daemon.stop_as_a_user_would()
    shell.wait_for("the icon to leave the tray", lambda: not shell.sni_items(), 10)


def test_gnome48_snooze_pressed_in_the_shells_banner_snoozes(
    shell: Gnome48, daemon: Daemon
) -> None:
    note = _due_now(shell, daemon)
    assert note is not None
    label = next(label for label in note["actions"] if label in _snoozes())
    shell.invoke_action(note["title"], label)
    shell.wait_for("the break to be snoozed", lambda: daemon.state() == "snoozed", 20)
    kinds = daemon.kinds()
    assert "snoozed" in kinds and "started" not in kinds, kinds
    assert daemon.answer()["snoozes_used"] == 1
    assert _shown(shell) is None


def test_gnome48_a_click_on_the_notice_itself_starts_the_break(
    shell: Gnome48, daemon: Daemon
) -> None:
    """The README's promise: clicking the notification (not a button) starts the break."""
    note = _due_now(shell, daemon)
    assert note is not None
    shell.activate(note["title"])
    shell.wait_for("the break to start", lambda: daemon.state() == "on-break", 20)
    assert _shown(shell) is None
    assert "started" in daemon.kinds()
