"""deskbreak on sway 1.10 (wlroots 0.18, Debian 13) with waybar and mako, the real daemon
running inside the root on its Python 3.13.

sway starts headless (it picks the pixman renderer itself) in one session of a Debian 13 root
(`harness.trixie`), with waybar's tray and mako. The icon registers on waybar's watcher and a
dbusmenu item pauses; `doctor` names sway and the ext-idle-notify-v1 source; `stop` stops; a
due notification shows in mako (read through mako's own bus API) with Start and Snooze, and
Start starts the break: the player window opens under Xwayland (a screenshot by grim goes to
artifacts) and the routine plays to its end, the daemon back at work; a user away past
`natural_break` and back (wtype's virtual keyboard) finds a natural break and no reminder,
told by sway's ext-idle-notify-v1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from harness.daemon import Daemon
from harness.trixie_wayland import Sway110
from support.configs import desk_check

from deskbreak.core.i18n import _
from deskbreak.core.notices import snooze_label, start_label

pytestmark = [pytest.mark.desktop, pytest.mark.slow]

AWAY = """
[schedule]
every = "10m"
natural_break = "10s"
renotify = "off"
"""
# A fixed reminder for this very minute, and no start-up grace: due at once.
DUE_TABLES = """
[hold]
fullscreen = false  # a bare headless sway's one output reads as fullscreen
"""


@pytest.fixture
def daemon(sway110: Sway110) -> Iterator[Daemon]:
    run = Daemon(sway110)
    yield run
    run.close()


def test_sway110_tray_menu_doctor_and_stop(sway110: Sway110, daemon: Daemon) -> None:
    sway110.type_key()
    daemon.start(config=AWAY)
    status = daemon.answer()
    assert status["tray"] == "sni" and status["idle_source"] == "ext-idle-notify", status
    sway110.wait_for("the icon on waybar's watcher", lambda: bool(sway110.sni_items()), 20)
    (item,) = sway110.sni_items()
    ids = sway110.menu(item)
    sway110.click(item, ids[_("Until I resume")])
    sway110.wait_for("the menu's pause", lambda: daemon.state() == "paused", 10)

    doctor = daemon.cli("doctor", "--json")
    found = {f["id"]: f for f in json.loads(doctor.stdout)["findings"]}
    assert found["session"]["details"] == {"desktop": "sway", "type": "wayland"}, found
    assert found["idle"]["details"]["source"] == "ext-idle-notify", found["idle"]
    assert found["idle"]["details"]["event_driven"] is True
    assert found["tray"]["verdict"] == "ok" and found["notifications"]["verdict"] == "ok"

    daemon.stop_as_a_user_would()


def _due_note(sway: Sway110) -> dict[str, Any] | None:
    sway.type_key()
    want = {start_label()}
    return next((n for n in sway.notifications() if want <= set(n["actions"].values())), None)


def test_sway110_due_notification_in_mako_with_start_and_snooze_and_start_plays_it_to_the_end(
    sway110: Sway110, daemon: Daemon, artifacts: Path
) -> None:
    sway110.type_key()
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}", DUE_TABLES))
    sway110.wait_for("the due notification in mako", lambda: _due_note(sway110) is not None, 30)
    note = _due_note(sway110)
    assert note is not None
    labels = set(note["actions"].values())
    snoozes = {snooze_label(), *(snooze_label(length) for length in _snooze_choices())}
    assert labels & snoozes, labels  # mako shows every action: one Snooze per choice
    assert daemon.state() == "due"

    start = next(key for key, label in note["actions"].items() if label == start_label())
    sway110.invoke(note["id"], start)
    sway110.wait_for("the break to start", lambda: daemon.state() == "on-break", 15)
    assert [e["kind"] for e in daemon.history()].count("due") == 1

    def player() -> bool:
        return any(
            w["shell"] == "xwayland" and "deskbreak" in (w["name"] or "") for w in sway110.windows()
        )

    sway110.wait_for("the player window under Xwayland", player, 20)
    sway110.screenshot(artifacts / "sway110-player.png")
    # DESK_CHECK: two steps of 4 s
    sway110.wait_for(
        "the routine to complete", lambda: daemon.alive() and "completed" in daemon.kinds(), 40
    )
    (done,) = [e for e in daemon.history() if e["kind"] == "completed"]
    assert done["routine"] == "desk-check", done
    assert done["detail"]["steps_done"] == done["detail"]["steps_total"] == 2, done
    sway110.wait_for("the daemon back at work", lambda: daemon.state() == "working", 10)


def test_sway110_snooze_in_mako_snoozes(sway110: Sway110, daemon: Daemon) -> None:
    sway110.type_key()
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}", DUE_TABLES))
    sway110.wait_for("the due notification in mako", lambda: _due_note(sway110) is not None, 30)
    note = _due_note(sway110)
    assert note is not None
    snoozes = {snooze_label(), *(snooze_label(length) for length in _snooze_choices())}
    key = next(key for key, label in note["actions"].items() if label in snoozes)
    sway110.invoke(note["id"], key)
    sway110.wait_for("the break to be snoozed", lambda: daemon.state() == "snoozed", 15)
    kinds = daemon.kinds()
    assert "snoozed" in kinds and "started" not in kinds, kinds
    assert daemon.answer()["snoozes_used"] == 1


def _snooze_choices() -> list[Any]:
    from deskbreak.core.config.model import Config

    return list(Config().schedule.snooze_choices)


def test_sway110_away_past_natural_break_and_back_is_a_natural_break(
    sway110: Sway110, daemon: Daemon
) -> None:
    sway110.type_key()
    daemon.env["DESKBREAK_IDLE_GRACE"] = "5"  # sway says "idle" after 5 s, not a minute
    daemon.start(config=AWAY)
    assert daemon.answer()["idle_source"] == "ext-idle-notify"
    # no input from here on: sway says "idle" after the grace, natural_break (10 s) follows
    sway110.wait_for(
        "a natural break", lambda: daemon.alive() and "natural-break" in daemon.kinds(), 45
    )
    assert daemon.state() == "away"
    sway110.type_key()  # back at the desk: sway says "resumed"
    sway110.wait_for("the daemon to see the user back", lambda: daemon.state() == "working", 10)
    (event,) = [e for e in daemon.history() if e["kind"] == "natural-break"]
    assert event["detail"]["cause"] == "idle" and event["detail"]["seconds"] >= 10
    assert "due" not in daemon.kinds() and sway110.notifications() == []
    assert daemon.answer()["seconds_left"] > 9 * 60  # away was not work


def test_sway110_a_click_on_the_notice_in_mako_starts_the_break(
    sway110: Sway110, daemon: Daemon
) -> None:
    """mako's left click invokes the notice's default action: the README says it starts the
    break, and it does."""
    sway110.type_key()
    daemon.start("--wake-grace", "0", config=desk_check(f"{datetime.now():%H:%M}", DUE_TABLES))
    sway110.wait_for("the due notification in mako", lambda: _due_note(sway110) is not None, 30)
    note = _due_note(sway110)
    assert note is not None and "default" in note["actions"], note
    sway110.invoke(note["id"], "default")  # what mako's left click does
    sway110.wait_for("the break to start", lambda: daemon.state() == "on-break", 15)
    kinds = daemon.kinds()
    assert "started" in kinds and "snoozed" not in kinds, kinds
