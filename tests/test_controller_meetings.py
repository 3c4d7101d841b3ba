"""The calendar reader's meetings reach the engine on the owner thread; the offer before
meetings is answered from its notification; `status` shows the next block and the reports."""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from support.engine import BERLIN
from support.pseudo import is_marked, unmarked
from test_controller import Rig

from deskbreak import lang
from deskbreak.cli.statustext import render_status
from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.config.model import CalendarKind, CalendarSettings, CalendarSource, Config
from deskbreak.core.ports import Notice, NoticeAction, NoticeKind
from deskbreak.core.status import State
from deskbreak.daemon.owner import Owner
from deskbreak.desktop.notify import button_labels

WORK = CalendarSource("work", CalendarKind.ICS, "~/work.ics")
CALENDAR = replace(Config(), calendar=CalendarSettings(sources=(WORK,)))
NINE = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)  # the rig's clock starts here


def meeting(start_min: int, end_min: int) -> Meeting:
    """A meeting from `start_min` to `end_min` minutes after 09:00."""
    return Meeting(
        (NINE + timedelta(minutes=start_min)).astimezone(UTC),
        (NINE + timedelta(minutes=end_min)).astimezone(UTC),
        "work",
    )


READ = (SourceReport("work", datetime(2026, 11, 23, 8, 0, tzinfo=UTC)),)


def test_meetings_posted_from_another_thread_reach_the_engine_on_the_owner(
    tmp_path: Path,
) -> None:
    rig = Rig(tmp_path, CALENDAR)
    owner = Owner(BERLIN)
    controller = rig.start(rig.first, owner)
    engine = controller._engine
    entered: list[str] = []
    real = engine.report_calendar

    def spy(*args: Any, **kwargs: Any) -> Any:
        entered.append(threading.current_thread().name)
        return real(*args, **kwargs)

    engine.report_calendar = spy  # type: ignore[method-assign]
    owner.start(controller.tick)
    try:
        controller.restore(None)
        reader = threading.Thread(
            target=controller.calendar_changed, args=((meeting(30, 150),), READ)
        )
        reader.start()
        reader.join(10)
        owner.ask(lambda: None)  # everything posted before this has run
        assert entered == ["deskbreak-owner"]
        status = controller.status()
        assert status.calendar is not None and status.calendar.next_block is not None
        assert status.calendar.next_block.start == NINE + timedelta(minutes=30)
    finally:
        owner.shutdown()


def test_meetings_read_before_the_restore_are_handed_over_by_it(tmp_path: Path) -> None:
    fresh = Rig(tmp_path).start(CALENDAR)
    fresh.calendar_changed((meeting(0, 120),), READ)  # the reader was quicker than the restore
    fresh.restore(None)
    status = fresh.status()
    assert status.calendar is not None and status.calendar.next_block is not None
    assert status.calendar.next_block.end == NINE + timedelta(minutes=120)


def test_the_offer_before_meetings_is_started_or_declined_from_its_notice(tmp_path: Path) -> None:
    for answer, state in ((NoticeAction.START, State.ON_BREAK), (NoticeAction.NOT_NOW, None)):
        rig = Rig(tmp_path, CALENDAR)
        c = rig.controller
        c.calendar_changed((meeting(40, 160),), READ)  # due at 09:45, inside 09:40–11:40
        rig.run_for(20 * 60)  # 09:20: lead (20 min) before the block
        (offer,) = rig.notifier.shown
        assert offer.kind is NoticeKind.BEFORE_MEETINGS and offer.actions
        buttons = [action for _title, action in button_labels(offer, many=True)]
        assert buttons == [NoticeAction.START, NoticeAction.NOT_NOW]
        assert c.status().state is State.DUE
        closed = rig.notifier.closed
        c.on_notice_action(answer)
        assert rig.notifier.closed == closed + 1
        if state is not None:
            assert c.status().state is state and rig.launcher.launched == ["mini-reset"]
            continue
        assert c.status().state is State.WORKING and rig.launcher.launched == []
        rig.run_for(30 * 60)  # 09:50: due at 09:45 inside the block, held, no second offer
        assert c.status().state is State.HELD and len(rig.notifier.shown) == 1


def test_status_shows_the_next_block_and_the_sources_that_fail() -> None:
    data = {
        "state": "working",
        "now": "2026-11-23T09:00:00+01:00",
        "calendar": {
            "next_block": {
                "start": "2026-11-23T14:00:00+01:00",
                "end": "2026-11-23T16:00:00+01:00",
                "sources": ["work", "team"],
            },
            "sources": [
                {"name": "work", "read_at": "2026-11-23T08:59:00+01:00", "error": None},
                {"name": "team", "read_at": None, "error": "the server said 404"},
            ],
        },
    }
    text = render_status(data, "Next break in 45 min")
    block = [line for line in text.splitlines() if "14:00" in line]
    assert len(block) == 1 and "16:00" in block[0] and "work, team" in block[0]
    failing = [line for line in text.splitlines() if "the server said 404" in line]
    assert len(failing) == 1 and "team" in failing[0]
    assert "work" not in failing[0]  # a source read well says nothing
    quiet = render_status({**data, "calendar": None}, "Next break in 45 min")
    assert "14:00" not in quiet and "404" not in quiet


def test_status_says_when_each_calendar_was_read_and_what_failed() -> None:
    sources: list[dict[str, str | None]] = [
        {"name": "office", "read_at": "2026-11-23T08:59:00+01:00", "error": None},
        {"name": "team", "read_at": "2026-11-23T08:30:00+01:00", "error": "E500"},
        {"name": "club", "read_at": None, "error": "E404"},
        {"name": "fresh", "read_at": None, "error": None},
        {"name": "sunday", "read_at": "2026-11-22T17:15:00+01:00", "error": None},
    ]
    data = {
        "state": "working",
        "now": "2026-11-23T09:00:00+01:00",
        "calendar": {"next_block": None, "sources": sources},
    }

    def lines() -> dict[str, str]:
        """Each calendar's one line, by its name ("\u202f": CLDR's space before AM/PM)."""
        text = render_status(data, "headline").replace("\u202f", " ").splitlines()
        names = [str(s["name"]) for s in sources]
        found = {name: [line for line in text if name in line] for name in names}
        assert all(len(one) == 1 for one in found.values()), found
        return {name: one[0] for name, one in found.items()}

    clock = re.compile(r"\d:\d\d")
    shown = lines()
    assert "08:59" in shown["office"]
    assert "E500" in shown["team"] and "08:30" in shown["team"]  # what failed, and since when
    assert "E404" in shown["club"] and not clock.search(shown["club"])  # never read well
    assert not clock.search(shown["fresh"])
    assert "17:15" in shown["sunday"] and "Sun" in shown["sunday"]  # another day: its name
    assert len(set(shown.values())) == len(shown)

    lang.setup("auto", {"LANG": "en_US.UTF-8"})
    assert "8:59 AM" in lines()["office"]  # the locale's own way
    assert "5:15 PM" in lines()["sunday"]

    lang.setup("pseudo")
    for name, line in lines().items():  # through the translation layer, nothing left English
        assert is_marked(line) and unmarked(line, {name, "sun"}) == [], line


def test_a_notice_about_breaks_keeps_start_and_snooze() -> None:
    due = Notice(NoticeKind.DUE, "t", "b", actions=True)
    assert [a for _t, a in button_labels(due, many=False)] == [
        NoticeAction.START,
        NoticeAction.SNOOZE,
    ]
