"""Meetings on simulated days: a break is offered before a long block, held through a
block and offered after it; blocks merge, end early, cross midnight and DST changes. The
offer's notice gives the block's times as the chosen locale writes them."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.engine import BERLIN, MIN, ROUTINES, config, events, notices, sim_at

from deskbreak import lang
from deskbreak.cli.plancmd import format_plan
from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.config.model import (
    CalendarKind,
    CalendarSettings,
    CalendarSource,
    Config,
    Reminder,
    TimeRange,
    WorkingHours,
)
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import CloseNotice, Launch, Notify
from deskbreak.core.engine.meetings import clipped
from deskbreak.core.events import EventKind, Trigger
from deskbreak.core.instants import later
from deskbreak.core.notices import notice_for
from deskbreak.core.plan import plan
from deskbreak.core.ports import HoldSignal, NoticeKind
from deskbreak.core.simulate import Simulator
from deskbreak.core.status import State

MONDAY = datetime(2026, 11, 23, tzinfo=BERLIN)
WORK = CalendarSource("work", CalendarKind.ICS, "~/work.ics")
HELD, EARLY, DUE = NoticeKind.HELD, NoticeKind.BEFORE_MEETINGS, NoticeKind.DUE


def at(hour: int, minute: int = 0, second: int = 0, day: datetime = MONDAY) -> datetime:
    return day.replace(hour=hour, minute=minute, second=second)


def meeting(start: datetime, end: datetime, source: str = "work") -> Meeting:
    return Meeting(start.astimezone(UTC), end.astimezone(UTC), source)


def with_calendar(
    base: Config | None = None, *, before_long: timedelta = timedelta(minutes=60)
) -> Config:
    cal = CalendarSettings(sources=(WORK,), before_long=before_long)
    return replace(base or config(), calendar=cal)


def offers(sim: Simulator, *kinds: NoticeKind) -> list[tuple[datetime, Notify]]:
    """The breaks offered (re-notifications of one left alone aside)."""
    return notices(sim, *(kinds or (DUE, HELD, EARLY)))


def take(sim: Simulator) -> None:
    """Start the break on offer and do all of it."""
    reply, effects = sim.engine.start(sim.observation())
    sim.take(effects)
    assert reply.ok, reply.message
    sim.complete(ROUTINES[reply.data["routine"]])


def two_pm(
    start: datetime | None = None, *, before_long: timedelta = timedelta(minutes=60)
) -> Simulator:
    """At the desk from `start` (13:25: the break falls due at 14:10), meetings 14:00–16:00."""
    start = start or at(13, 25)
    sim = sim_at(start, with_calendar(before_long=before_long))
    sim.calendar([meeting(at(14), at(15)), meeting(at(15), at(16))], [SourceReport("work", start)])
    return sim


# --- the 14:00–16:00 example ------------------------------------------------------------


def test_the_break_is_offered_before_the_block_and_taken_counts_as_the_break() -> None:
    sim = two_pm()
    sim.run_until(at(13, 40))
    (when, offer), *rest = offers(sim)
    assert rest == [] and when == at(13, 40)  # lead (20 min) before the block
    assert offer.kind is EARLY and offer.trigger is Trigger.INTERVAL
    assert offer.block is not None
    assert (offer.block.start, offer.block.end) == (at(14), at(16))
    assert offer.block.start.utcoffset() == timedelta(hours=1)  # shown in local time
    notified = events(sim, EventKind.NOTIFIED)[-1].event.detail
    assert notified["notice"] == "before-meetings" and set(notified["meetings"]) == {"start", "end"}
    status = sim.engine.status()
    assert status.state is State.DUE  # the tray shows it as a break on offer
    take(sim)
    assert [e.event.trigger for e in events(sim, EventKind.STARTED)] == [Trigger.INTERVAL]
    assert sim.engine.status().state is State.WORKING
    sim.run_until(at(17))
    # The next one falls due at 14:29, inside the block: held until 16:00 + resume_after.
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(13, 40), EARLY), (at(16, 0, 30), HELD)]
    held = events(sim, EventKind.HELD)
    assert [h.event.at for h in held] == [at(14, 29)]
    assert held[0].event.detail["reasons"] == ["calendar"]


@pytest.fixture
def catalogues() -> None:
    """The compiled catalogues, as `scripts/i18n compile` makes them (nothing when they are
    up to date)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    try:
        from build_backend import compile_catalogs
    finally:
        sys.path.pop(0)
    compile_catalogs()


@pytest.mark.usefixtures("catalogues")
@pytest.mark.parametrize(
    ("setting", "environ", "language", "start", "end"),
    [
        ("de", {}, "de", "14:00", "16:00"),
        ("auto", {"LANG": "en_US.UTF-8"}, "en", "2:00 PM", "4:00 PM"),
    ],
    ids=["de", "en_US"],
)
def test_the_offer_says_the_block_s_start_and_end_as_the_locale_writes_them(
    setting: str, environ: dict[str, str], language: str, start: str, end: str
) -> None:
    sim = two_pm()
    sim.run_until(at(13, 40))
    ((_when, offer),) = offers(sim)
    assert offer.kind is EARLY and offer.routine == "mini-reset"
    english = notice_for(offer, sim.engine.settings)
    assert lang.setup(setting, environ) == language
    notice = notice_for(offer, sim.engine.settings)
    assert notice.kind is EARLY and notice.actions  # Start / Not now
    text = f"{notice.title}\n{notice.body}".replace("\u202f", " ")  # CLDR's space before PM
    assert start in text and end in text
    assert text.index(start) < text.index(end)
    assert "13:00" not in text and "1:00 PM" not in text  # local times, not UTC
    assert ROUTINES["mini-reset"].title in notice.body  # what the break is
    if language != "en":
        assert notice.title != english.title  # said in the language, not in English


def test_not_now_means_no_second_offer_and_the_break_is_held_through_the_block() -> None:
    sim = two_pm()
    sim.run_until(at(13, 41))
    sim.take(sim.engine.not_now(sim.observation()))
    assert isinstance(sim.effects[-1][1], CloseNotice)
    assert sim.engine.status().state is State.WORKING
    sim.run_until(at(14, 30))
    assert [n.kind for _, n in offers(sim)] == [EARLY]  # once per block
    status = sim.engine.status()
    assert status.state is State.HELD and status.hold is not None
    assert status.hold.reasons == ("calendar",) and status.hold.since == at(14)
    assert status.headline() == "Held: in a meeting"
    assert [h.event.at for h in events(sim, EventKind.HELD)] == [at(14, 10)]  # as it would
    sim.run_until(at(17))
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(13, 40), EARLY), (at(16, 0, 30), HELD)]
    ended = events(sim, EventKind.HOLD_ENDED)[0].event.detail
    assert ended == {"seconds": 110 * 60 + 30, "reasons": ["calendar"], "how": "offered"}


def test_an_offer_left_alone_goes_when_the_block_starts() -> None:
    sim = two_pm()
    sim.run_until(at(13, 59, 59))
    assert sim.engine.status().state is State.DUE
    assert [n.kind for _, n in offers(sim)] == [EARLY]  # no re-notify of an offer
    closed = sum(isinstance(e, CloseNotice) for _, e in sim.effects)
    sim.run_until(at(14, 0, 1))
    assert sum(isinstance(e, CloseNotice) for _, e in sim.effects) == closed + 1
    assert sim.engine.status().state is State.WORKING
    assert events(sim, EventKind.HELD) == []
    sim.run_until(at(16, 1))
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(13, 40), EARLY), (at(16, 0, 30), HELD)]


def test_a_break_that_ended_within_lead_of_the_block_is_the_break_before_it() -> None:
    sim = two_pm(at(13, 45))  # the day (and the counter) starts inside the lead
    sim.run_until(at(16, 1))
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(16, 0, 30), HELD)]


def test_no_offer_when_the_break_falls_due_before_the_block_or_after_it() -> None:
    before = two_pm(at(13, 10))  # due 13:55: before the block, as usual
    before.run_until(at(13, 56))
    assert [(w, n.kind) for w, n in offers(before)] == [(at(13, 55), DUE)]
    after = two_pm(at(13, 25), before_long=timedelta(hours=3))
    after.run_until(at(14, 11))  # the block is shorter than before_long: only held
    assert offers(after) == [] and after.engine.status().state is State.HELD


def test_a_short_block_holds_without_an_offer_before_it() -> None:
    sim = sim_at(at(13, 25), with_calendar())
    sim.calendar([meeting(at(14), at(14, 30))])
    sim.run_until(at(15))
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(14, 30, 30), HELD)]


def test_back_to_back_meetings_merge_and_a_gap_of_ten_minutes_does_not() -> None:
    merged = sim_at(at(13, 25), with_calendar())
    merged.calendar([meeting(at(14), at(14, 30)), meeting(at(14, 39), at(15, 10), "team")])
    merged.run_until(at(13, 41))
    (_, offer), *_ = offers(merged)
    assert offer.block is not None and offer.block.sources == ("work", "team")
    assert (offer.block.start, offer.block.end) == (at(14), at(15, 10))
    apart = sim_at(at(13, 25), with_calendar())
    apart.calendar([meeting(at(14), at(14, 30)), meeting(at(14, 40), at(15, 30))])
    apart.run_until(at(15))
    assert [(w, n.kind) for w, n in offers(apart)] == [(at(14, 30, 30), HELD)]  # in the gap
    assert apart.engine.status().calendar is not None


def test_a_meeting_that_ends_early_releases_the_break_at_once() -> None:
    sim = two_pm(at(13, 50))  # no offer before (the counter started in the lead): held
    sim.run_until(at(15))
    assert sim.engine.status().state is State.HELD and offers(sim) == []
    sim.calendar([meeting(at(14), at(14, 50))])  # the list now says it ended ten minutes ago
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(15), HELD)]


def test_a_meeting_that_ends_early_waits_for_the_call_to_end() -> None:
    sim = two_pm(
        at(13, 50),
    )
    sim.run_until(at(14, 40))
    sim.hold(HoldSignal.MICROPHONE)
    sim.run_until(at(15))
    sim.calendar([meeting(at(14), at(14, 50))])
    sim.run_until(at(15, 5))
    status = sim.engine.status()
    assert offers(sim) == [] and status.hold is not None
    assert status.hold.reasons == ("microphone",)
    sim.hold()
    sim.run_until(at(15, 5, 29))
    assert offers(sim) == []
    sim.run_until(at(15, 5, 31))
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(15, 5, 30), HELD)]


def test_a_call_starting_during_the_offer_takes_it_back() -> None:
    sim = two_pm()
    sim.run_until(at(13, 45))
    sim.hold(HoldSignal.CAMERA)
    assert isinstance(sim.effects[-1][1], CloseNotice)
    assert sim.engine.status().state is State.WORKING
    assert events(sim, EventKind.HELD) == []  # an offer is not a due break to hold


def test_a_meeting_across_midnight_holds_until_its_end() -> None:
    sim = sim_at(at(22, 55), with_calendar())  # no working hours: any time is working time
    sim.calendar([meeting(at(23, 30), at(0, 45, day=MONDAY + timedelta(days=1)))])
    sim.run_until(at(23, 10, 1))
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(23, 10), EARLY)]
    take(sim)
    sim.run_until(at(1, day=MONDAY + timedelta(days=1)))
    assert [w for w, _ in offers(sim, HELD)] == [at(0, 45, 30, day=MONDAY + timedelta(days=1))]


def test_a_block_outside_working_hours_never_holds_nor_pulls() -> None:
    nine_to_five = WorkingHours(tuple((TimeRange(9 * 60, 17 * 60),) for _ in range(7)))
    early = Reminder(8 * 60 + 30, tuple(range(7)), "morning")
    cfg = with_calendar(config(hours=nine_to_five, reminders=(early,)))
    sim = sim_at(at(8), cfg)
    sim.calendar([meeting(at(8), at(8, 55)), meeting(at(17, 10), at(19))])
    sim.run_until(at(8, 30))
    assert [(w, n.kind, n.trigger) for w, n in offers(sim)] == [(at(8, 30), DUE, Trigger.FIXED)]
    take(sim)
    sim.run_until(at(9))
    status = sim.engine.status()
    assert status.calendar is not None and status.calendar.next_block is None
    # One that reaches into working hours counts from their start (09:00–10:00 here), but a
    # period starting inside the lead already is the break before it.
    sim.calendar([meeting(at(8), at(10))])
    sim.run_until(at(10, 1))
    assert [(w, n.kind) for w, n in offers(sim)][1:] == [(at(10, 0, 30), HELD)]


def test_blocks_are_cut_to_the_working_periods() -> None:
    lunch = WorkingHours(((TimeRange(9 * 60, 12 * 60 + 30), TimeRange(13 * 60 + 30, 18 * 60)),) * 7)
    cut = clipped([meeting(at(12), at(14)), meeting(at(19), at(20))], lunch, BERLIN)
    assert [(b.start, b.end) for b in cut] == [
        (at(12).astimezone(UTC), at(12, 30).astimezone(UTC)),
        (at(13, 30).astimezone(UTC), at(14).astimezone(UTC)),
    ]


def test_without_a_calendar_in_the_config_meetings_change_nothing() -> None:
    sim = sim_at(at(13, 25), config())
    sim.calendar([meeting(at(14), at(16))])
    sim.run_until(at(14, 11))
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(14, 10), DUE)]
    assert sim.engine.status().calendar is None


def test_a_reload_that_turns_the_calendar_off_releases_the_held_break() -> None:
    sim = two_pm(at(13, 50))
    sim.run_until(at(14, 40))
    assert sim.engine.status().state is State.HELD
    off = Settings(config(), ROUTINES)
    sim.take(sim.engine.reconfigure(sim.observation(), off))
    assert [(w, n.kind) for w, n in offers(sim)] == [(at(14, 40), HELD)]  # nothing holds it


def test_a_snoozed_offer_becomes_a_due_break_and_is_held_in_the_block() -> None:
    sim = two_pm()
    sim.run_until(at(13, 50))
    reply, effects = sim.engine.snooze(sim.observation(), timedelta(minutes=15))
    sim.take(effects)
    assert reply.ok
    sim.run_until(at(14, 30))
    assert sim.engine.status().state is State.HELD
    assert [h.event.at for h in events(sim, EventKind.HELD)] == [at(14, 5)]


def test_the_offer_is_not_saved_and_a_restart_offers_it_again() -> None:
    sim = two_pm()
    sim.run_until(at(13, 45))
    assert sim.engine.snapshot()["pending"] is None


def test_status_says_the_next_block_and_how_each_source_was_read() -> None:
    cfg = with_calendar()
    home = CalendarSource("home", CalendarKind.URL, "https://example.org/basic.ics")
    cfg = replace(cfg, calendar=replace(cfg.calendar, sources=(WORK, home)))
    sim = sim_at(at(9), cfg)
    read = datetime(2026, 11, 23, 7, 59, tzinfo=UTC)
    sim.calendar(
        [meeting(at(14), at(16)), meeting(at(8), at(8, 30))],
        [SourceReport("work", read, "the server said 404"), SourceReport("gone", read)],
    )
    status = sim.engine.status()
    assert status.calendar is not None
    data = status.to_json()["calendar"]
    assert data == {
        "next_block": {
            "start": "2026-11-23T14:00:00+01:00",
            "end": "2026-11-23T16:00:00+01:00",
            "sources": ["work"],
        },
        "sources": [
            {
                "name": "work",
                "read_at": "2026-11-23T08:59:00+01:00",
                "error": "the server said 404",
            },
            {"name": "home", "read_at": None, "error": None},
        ],
    }
    sim.run_until(at(15))
    block = sim.engine.status().to_json()["calendar"]["next_block"]
    assert block["start"] == "2026-11-23T14:00:00+01:00"  # the one under way
    assert sim_at(at(9)).engine.status().to_json()["calendar"] is None


def test_the_engine_wakes_at_the_block_s_moments() -> None:
    sim = sim_at(at(13, 25), with_calendar(), pushes=True)  # no idle probes: only deadlines
    sim.calendar([meeting(at(14), at(16))])
    sim.run_until(at(13, 36))
    assert sim.engine.wake_in() == 4 * MIN  # 13:40, the offer; not the due time 14:10
    sim.run_until(at(13, 40, 1))
    sim.take(sim.engine.not_now(sim.observation()))
    sim.run_until(at(13, 58))
    assert sim.engine.wake_in() == 2 * MIN  # the block's start
    sim.run_until(at(15, 57))
    assert sim.engine.wake_in() == 3 * MIN  # the block's end
    sim.run_until(at(16, 0, 1))
    assert sim.engine.wake_in() == 29  # resume_after
    assert not any(isinstance(e, Launch) for _, e in sim.effects)


# --- daylight-saving days ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "real_minutes"),
    [(datetime(2026, 3, 29, tzinfo=BERLIN), 60), (datetime(2026, 10, 25, tzinfo=BERLIN), 180)],
    ids=["spring-forward", "fall-back"],
)
def test_a_block_across_the_change_is_timed_in_real_time(day: datetime, real_minutes: int) -> None:
    start, end = at(1, 30, day=day), at(3, 30, day=day)  # 01:30–03:30 on the wall clock
    assert end.timestamp() - start.timestamp() == real_minutes * MIN
    sim = sim_at(later(start, -35 * MIN), with_calendar())  # due 10 min into the block
    sim.calendar([meeting(start, end)])
    sim.run_until(later(start, -19 * MIN))
    (when, offer), *_ = offers(sim)
    assert when.timestamp() == start.timestamp() - 20 * MIN  # lead in real minutes
    assert offer.block is not None
    assert offer.block.start.strftime("%H:%M") == "01:30" == _wall(offer.block.start)
    assert offer.block.end.strftime("%H:%M") == "03:30" == _wall(offer.block.end)
    take(sim)
    sim.run_until(later(end, 2 * MIN))
    held = [w.timestamp() for w, _ in offers(sim, HELD)]
    assert held == [end.timestamp() + 30]


def _wall(value: datetime) -> str:
    """The wall time the instant has in Berlin, worked out from UTC (not from `value`)."""
    return value.astimezone(UTC).astimezone(BERLIN).strftime("%H:%M")


# --- deskbreak plan ---------------------------------------------------------------------


def test_plan_shows_the_meetings_and_where_the_breaks_move() -> None:
    cfg = with_calendar()
    meetings = [meeting(at(14, 30), at(16)), meeting(at(19), at(20))]  # the second: off the desk
    planned = plan(cfg, ROUTINES, BERLIN, MONDAY.date(), 1, meetings=meetings)
    rows = [p.to_json() for p in planned]
    around = [r for r in rows if "13:00" < r["at"][11:16] < "17:00"]
    assert around == [
        {"at": "2026-11-23T13:01:00+01:00", "kind": "interval", "routine": "mini-reset"},
        {"at": "2026-11-23T13:50:00+01:00", "kind": "interval", "routine": "mini-reset"},
        {"at": "2026-11-23T14:10:00+01:00", "kind": "interval", "routine": "mini-reset",
         "moved": "early"},
        {"at": "2026-11-23T14:30:00+01:00", "kind": "meetings", "end": "2026-11-23T16:00:00+01:00",
         "sources": ["work"]},
        {"at": "2026-11-23T16:00:30+01:00", "kind": "interval", "routine": "mini-reset",
         "moved": "held"},
        {"at": "2026-11-23T16:49:30+01:00", "kind": "interval", "routine": "mini-reset"},
    ]  # fmt: skip
    assert [r["at"][11:16] for r in rows if r["kind"] == "meetings"] == ["14:30", "19:00"]
    assert plan(config(), ROUTINES, BERLIN, MONDAY.date(), 1, meetings=meetings) == plan(
        config(), ROUTINES, BERLIN, MONDAY.date(), 1
    )  # no calendar in the config: the meetings change nothing


def test_the_plan_text_lists_the_block_among_the_breaks_and_marks_the_moved_ones() -> None:
    planned = plan(with_calendar(), ROUTINES, BERLIN, MONDAY.date(), 1,
                   meetings=[meeting(at(14, 30), at(16))])  # fmt: skip
    lines = format_plan(planned, at(8)).splitlines()
    where = {line.split()[0]: line.split(None, 1)[1] for line in lines[1:]}  # time: the rest
    assert list(where)[5:9] == ["13:50", "14:10", "14:30", "16:00"]
    plain, early, block, held = (where[t] for t in ("13:50", "14:10", "14:30", "16:00"))
    assert "16:00" in block and "mini-reset" not in block
    assert early.startswith(plain) and early != plain  # the same line, marked
    assert held.startswith(plain) and held not in (plain, early)
