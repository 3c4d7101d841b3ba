"""The controller carries out the engine's effects through the edges (fakes here)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.engine import BERLIN, ROUTINES
from support.fakes import FakeIdle, FakeLauncher, FakeStore, FakeTimer, RecordingNotifier

from deskbreak.core.config.model import Config, DueStyle, Notifications, Schedule
from deskbreak.core.config.read import ConfigErrors
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import Observation
from deskbreak.core.engine.engine import Engine
from deskbreak.core.events import Event, EventKind
from deskbreak.core.ports import (
    HoldSignal,
    IdleChange,
    NoticeAction,
    NoticeKind,
    PlayOutcome,
    PlayResult,
)
from deskbreak.core.stats import Summary
from deskbreak.core.status import State, Status
from deskbreak.daemon.controller import Controller
from deskbreak.daemon.edges import ConfigSource, Edges
from deskbreak.daemon.owner import Inbox, Owner


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
        self.mono = 100.0

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds

    def observe(self, idle: float | None) -> Observation:
        return Observation(self.now, self.mono, self.mono, idle)


class FakeConfig:
    """The config file: `next` is what the next read gives, `edited` what `changed()` says."""

    def __init__(self, path: Path, config: Config) -> None:
        self.path = path
        self.next: Config | ConfigErrors = config
        self.edited = False

    def read(self) -> Settings:
        self.edited = False
        if isinstance(self.next, ConfigErrors):
            raise self.next
        return Settings(self.next, ROUTINES)

    def changed(self) -> bool:
        return self.edited

    def ensure_exists(self) -> Path:
        return self.path


class Rig:
    def __init__(
        self, tmp: Path, config: Config | None = None, *, source: ConfigSource | None = None
    ) -> None:
        self.clock = Clock()
        self.notifier = RecordingNotifier()
        self.launcher = FakeLauncher()
        self.idle = FakeIdle()
        self.timer = FakeTimer()
        self.config = FakeConfig(tmp / "config.toml", config or Config())
        self.source: ConfigSource = source or self.config
        self.opened: list[Path] = []
        self.charts: list[Summary] = []
        self.chart_file = tmp / "week.png"
        self.quits = 0
        self.store = FakeStore()
        self.first = config or Config()
        self.controller = self.start(self.first)
        self.controller.restore(None)

    def start(self, cfg: Config, inbox: Inbox | None = None) -> Controller:
        """A controller on a fresh engine, sharing this rig's edges and clock."""
        engine = Engine(cfg, ROUTINES, BERLIN)
        edges = Edges(
            store=self.store,
            notifier=self.notifier,
            launcher=self.launcher,
            idle=self.idle,
            observe=self.clock.observe,
            config=self.source,
            timer=self.timer,
            open_path=self.opened.append,
            render_chart=self.chart,
            quit=self.quit,
        )
        return Controller(engine, BERLIN, edges, inbox)

    def restart(self) -> None:
        """The daemon stops and starts again: a new engine restored from the saved state."""
        self.controller = self.start(self.first)
        self.controller.restore(self.store.load_state())

    def chart(self, summary: Summary) -> Path:
        self.charts.append(summary)
        return self.chart_file

    def quit(self) -> None:
        self.quits += 1

    def run_for(self, seconds: float) -> None:
        end = self.clock.mono + seconds
        while self.clock.mono < end:
            self.clock.advance(min(self.timer.requests[-1], end - self.clock.mono))
            self.controller.tick()

    def kinds(self) -> list[EventKind]:
        return [e.kind for e in self.store.recorded]


@pytest.fixture
def rig(tmp_path: Path) -> Rig:
    return Rig(tmp_path)


def test_due_break_is_notified_recorded_and_counted(rig: Rig) -> None:
    rig.run_for(45 * 60)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE]
    notice = rig.notifier.shown[0]
    assert notice.title == "Time for a desk break"
    assert "Mini-Reset — 4 min, seated" in notice.body
    assert notice.actions and notice.sound
    assert rig.kinds() == [EventKind.DUE, EventKind.NOTIFIED]
    status = rig.controller.status()
    assert status.state is State.DUE and status.today.due == 1


def test_start_from_the_notification_launches_and_records_the_outcome(rig: Rig) -> None:
    rig.run_for(45 * 60)
    rig.controller.on_notice_action(NoticeAction.START)
    assert rig.launcher.launched == ["mini-reset"]
    assert rig.notifier.closed == 1
    assert rig.controller.status().state is State.ON_BREAK
    again = rig.controller.start_break()
    assert not again.ok and "already running" in again.message
    rig.clock.advance(240)
    rig.launcher.finish(PlayOutcome("mini-reset", PlayResult.COMPLETED, 4, 4, 240.0))
    status = rig.controller.status()
    assert status.state is State.WORKING
    assert status.today.completed == 1 and status.today.stretch_seconds == 240
    assert rig.kinds()[-2:] == [EventKind.STARTED, EventKind.COMPLETED]


def test_snooze_from_the_notification_and_its_refusal_is_told(rig: Rig) -> None:
    rig.run_for(45 * 60)
    for _ in range(3):
        rig.controller.on_notice_action(NoticeAction.SNOOZE)
    rig.controller.on_notice_action(NoticeAction.SNOOZE)
    assert rig.notifier.shown[-1].kind is NoticeKind.INFO
    assert "Snooze limit reached" in rig.notifier.shown[-1].body
    assert rig.controller.status().today.snoozed == 3


def test_subscribers_see_every_change_and_the_timer_is_rearmed(rig: Rig) -> None:
    seen: list[Status] = []
    rig.controller.subscribe(seen.append)
    before = len(rig.timer.requests)
    rig.controller.skip()
    assert seen and seen[-1].state is State.WORKING
    assert len(rig.timer.requests) == before + 1
    assert 0 < rig.timer.requests[-1] <= 300


def test_idle_source_feeds_natural_breaks(rig: Rig) -> None:
    rig.run_for(30 * 60)
    rig.idle.seconds = 6 * 60.0
    rig.clock.advance(60)
    rig.controller.tick()
    assert rig.controller.status().state is State.AWAY
    assert rig.controller.status().today.natural == 1


def test_reload_keeps_snoozes_and_refuses_a_bad_config(rig: Rig) -> None:
    rig.run_for(45 * 60)
    rig.controller.snooze()
    rig.config.next = Config(schedule=Schedule(every=timedelta(minutes=30)))
    assert rig.controller.reload().ok
    assert rig.controller.status().snoozes_used == 1
    assert rig.controller.status().state is State.SNOOZED
    rig.config.next = ConfigErrors([])
    reply = rig.controller.reload()
    assert not reply.ok and "previous settings stay" in reply.message
    assert rig.notifier.shown[-1].title == "Config not applied"
    assert rig.controller.status().snoozes_used == 1


def test_an_edited_config_file_is_picked_up_on_the_next_tick(rig: Rig) -> None:
    rig.config.next = Config(schedule=Schedule(every=timedelta(minutes=20)))
    rig.config.edited = True
    rig.run_for(21 * 60)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE]
    assert rig.controller.settings.config.schedule.every == timedelta(minutes=20)


def test_state_is_saved_so_a_restart_continues(rig: Rig) -> None:
    rig.run_for(45 * 60)
    rig.controller.snooze()  # the default 10 minutes
    rig.run_for(60)
    rig.restart()  # a fresh engine would be working with no snooze used
    status = rig.controller.status()
    assert status.state is State.SNOOZED and status.snoozes_used == 1
    shown = len(rig.notifier.shown)
    rig.run_for(8 * 60)
    assert rig.notifier.shown[shown:] == []
    rig.run_for(60)  # the snooze ends when it would have without the restart
    assert [n.kind for n in rig.notifier.shown[shown:]] == [NoticeKind.DUE]
    assert rig.controller.status().state is State.DUE


def test_open_config_stats_and_quit_go_to_the_edges(rig: Rig, tmp_path: Path) -> None:
    assert rig.controller.open_config().ok
    assert rig.controller.show_stats().ok
    assert rig.opened == [rig.config.path, rig.chart_file]
    rig.controller.quit()
    assert rig.quits == 1
    assert rig.controller.snooze_choices() == Config().schedule.snooze_choices
    assert {r.id for r in rig.controller.routines()} == set(ROUTINES)


def test_stats_chart_the_last_week_up_to_today(rig: Rig) -> None:
    rig.run_for(45 * 60)
    rig.controller.start_break()
    rig.clock.advance(240)
    rig.launcher.finish(PlayOutcome("mini-reset", PlayResult.COMPLETED, 4, 4, 240.0))
    assert rig.controller.show_stats().ok
    (summary,) = rig.charts
    assert summary.today == rig.clock.now.date() and len(summary.days) == 7
    assert summary.today_stats.counts.completed == 1
    assert summary.goal == Config().goals.breaks_per_day


def test_a_failing_edge_never_stops_the_controller(rig: Rig) -> None:
    rig.notifier.error = RuntimeError("bus gone")
    rig.run_for(46 * 60)
    assert rig.controller.status().state is State.DUE


def test_one_failing_effect_stops_neither_the_others_nor_the_timer(rig: Rig) -> None:
    rig.run_for(44 * 60)
    assert rig.kinds() == []
    seen: list[Status] = []
    rig.controller.subscribe(seen.append)
    record = rig.store.record
    failed: list[EventKind] = []

    def record_failing_once(event: Event) -> int:  # one write error, then the disk is fine
        if not failed:
            failed.append(event.kind)
            raise OSError(5, "Input/output error")
        return record(event)

    rig.store.record = record_failing_once  # type: ignore[method-assign]
    armed = len(rig.timer.requests)
    rig.clock.advance(2 * 60)
    rig.controller.tick()  # the break falls due: record it, record the notice, show it
    assert failed == [EventKind.DUE]
    assert rig.kinds() == [EventKind.DUE, EventKind.NOTIFIED]  # kept, then written in order
    assert NoticeKind.DUE in [n.kind for n in rig.notifier.shown]
    assert len(rig.timer.requests) == armed + 1
    assert seen and seen[-1].state is State.DUE


def test_a_history_that_cannot_be_written_is_told_once(rig: Rig) -> None:
    rig.store.error = OSError(28, "No space left on device")
    rig.controller.skip()
    rig.controller.skip()
    told = [n for n in rig.notifier.shown if n.title == "History not saved"]
    assert len(told) == 1 and "No space left" in told[0].body
    assert rig.controller.status().state is State.WORKING


def test_a_full_disk_loses_no_event_and_says_when_history_is_saved_again(rig: Rig) -> None:
    rig.store.error = OSError(28, "No space left on device")
    rig.controller.skip()
    rig.controller.snooze()  # refused or not, the day goes on
    rig.run_for(45 * 60)  # a break falls due meanwhile
    kept = rig.controller.status().history_unsaved
    assert kept >= 2 and rig.kinds() == []
    assert "history_unsaved" in rig.controller.status().to_json()
    rig.store.error = None  # space again
    rig.run_for(60)  # the next step writes them, oldest first
    assert rig.controller.status().history_unsaved == 0
    assert len(rig.kinds()) >= kept and rig.kinds()[0] is EventKind.SKIPPED
    titles = [n.title for n in rig.notifier.shown]
    assert titles.count("History not saved") == 1 and titles.count("History saved again") == 1


def test_the_store_s_own_news_is_told_once(rig: Rig) -> None:
    rig.store.notice = "The history database was made again"
    rig.controller.skip()
    rig.controller.status()
    assert [n.body for n in rig.notifier.shown].count("The history database was made again") == 1


def test_pending_state_is_saved_on_change_not_on_every_tick(rig: Rig) -> None:
    before = len(rig.store.saves)
    rig.run_for(3 * 60)  # three idle-probe ticks, nothing changes but the counter
    assert len(rig.store.saves) == before
    rig.controller.snooze()
    assert len(rig.store.saves) == before + 1 and rig.store.saves[-1]["snoozes"] == 1


def test_status_reads_the_clocks_at_the_moment_it_is_asked(rig: Rig) -> None:
    rig.run_for(44 * 60 + 10)
    before = rig.controller.status()
    rig.clock.advance(35)  # no tick in between: the timer sleeps until the break is due
    after = rig.controller.status()
    assert after.now == rig.clock.now
    assert before.seconds_left is not None and after.seconds_left == before.seconds_left - 35
    assert after.headline() == "Next break in less than a minute"


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_start_up_banner_and_status_agree_when_less_than_a_minute_is_left(
    rig: Rig, language: str
) -> None:
    # The daemon's own paths: the banner from its status at start-up, `status` from its
    # control socket's reply as the CLI renders it; the fake clock leaves 15 s of work.
    from deskbreak import lang
    from deskbreak.cli.statustext import render_status
    from deskbreak.core.i18n import _, ngettext
    from deskbreak.daemon import banner
    from deskbreak.ipc.protocol import handle_line

    lang.setup(language)
    rig.run_for(44 * 60 + 10)
    rig.clock.advance(35)
    status = rig.controller.status()
    assert status.seconds_left is not None and 0 < status.seconds_left < 60
    printed = banner.started(status, tray=None, tray_reason=None, idle="x11", pid=1)
    label = _("now:")
    (now,) = [line.strip() for line in printed.splitlines() if line.strip().startswith(label)]
    response, _then = handle_line(rig.controller, b'{"cmd": "status"}\n')
    assert response["ok"], response
    said = render_status(response["data"], response["message"]).splitlines()
    assert now[len(label) :].strip() == said[0]  # one headline, in the banner and in status
    one_minute = ngettext("Next break in {minutes} min", "Next break in {minutes} min", 1)
    assert said[0] != one_minute.format(minutes=1)
    assert any(_("less than a minute of active work") in line for line in said[1:])


@pytest.mark.parametrize(
    ("due", "stay", "critical"),
    [
        (DueStyle.STAY, True, False),
        (DueStyle.CRITICAL, True, True),
        (DueStyle.NORMAL, False, False),
    ],
)
def test_the_due_notice_stays_as_the_config_says(
    tmp_path: Path, due: DueStyle, stay: bool, critical: bool
) -> None:
    rig = Rig(tmp_path, Config(notifications=Notifications(due=due)))
    rig.run_for(45 * 60)
    (notice,) = rig.notifier.shown
    assert (notice.stay, notice.critical) == (stay, critical)


def test_a_heads_up_on_screen_is_closed_by_a_break_started_from_the_tray(tmp_path: Path) -> None:
    rig = Rig(tmp_path, Config(schedule=Schedule(heads_up=timedelta(minutes=1))))
    rig.run_for(44 * 60 + 5)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.HEADS_UP]
    closed = rig.notifier.closed
    assert rig.controller.start_break().ok
    assert rig.notifier.closed == closed + 1


def test_a_heads_up_inside_the_start_up_grace_wakes_the_daemon_at_its_time(
    tmp_path: Path,
) -> None:
    """A one-minute interval with a 40 s heads-up: the daemon's timer is set for the
    heads-up, 20 s after start and inside the minute's start-up grace, not for the grace's
    end; the break comes when it is due, after the grace."""
    schedule = Schedule(every=timedelta(minutes=1), heads_up=timedelta(seconds=40))
    rig = Rig(tmp_path, Config(schedule=schedule))
    started = rig.clock.now
    rig.run_for(30)
    heads = [e.at - started for e in rig.store.recorded if e.kind is EventKind.HEADS_UP]
    assert heads == [timedelta(seconds=20)]
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.HEADS_UP]
    rig.run_for(60)
    due = [e.at - started for e in rig.store.recorded if e.kind is EventKind.DUE]
    assert due == [timedelta(seconds=60)]


def test_nothing_observes_or_saves_before_the_saved_state_is_restored(rig: Rig) -> None:
    assert rig.controller.snooze(timedelta(minutes=10)).ok
    saved = rig.store.load_state()
    fresh = rig.start(rig.first)  # a restarted daemon, its server already answering
    fresh.tick()  # the timer fires before the restore: it must not save a fresh state
    assert rig.store.load_state() == saved
    answers: list[Status] = []
    asking = threading.Thread(target=lambda: answers.append(fresh.status()))
    asking.start()
    asking.join(0.3)
    assert asking.is_alive() and rig.store.load_state() == saved  # it waits for the restore
    fresh.restore(saved)
    asking.join(5)
    assert answers and answers[0].snoozes_used == 1


def test_hold_signals_from_several_sources_add_up_and_the_offer_says_held(tmp_path: Path) -> None:
    from dataclasses import replace

    from deskbreak.core.config.model import HoldSettings
    from deskbreak.core.ports import HoldSignal

    cfg = replace(Config(), hold=HoldSettings(resume_after=timedelta(seconds=10)))
    rig = Rig(tmp_path, cfg)
    c = rig.controller
    c.hold_changed("pipewire", frozenset({HoldSignal.MICROPHONE}))
    c.hold_changed("dunst", frozenset({HoldSignal.DND}))
    rig.run_for(46 * 60)
    status = c.status()
    assert status.state is State.HELD and status.hold is not None
    assert status.hold.reasons == ("dnd", "microphone")
    assert rig.notifier.shown == []
    c.hold_changed("pipewire", frozenset())  # dnd is still on
    rig.run_for(60)
    assert rig.notifier.shown == []
    c.hold_changed("dunst", frozenset())
    rig.run_for(11)
    assert [n.title for n in rig.notifier.shown] == ["Your held break — Mini-Reset"]
    assert rig.notifier.shown[0].kind is NoticeKind.HELD and rig.notifier.shown[0].sound
    kinds = [e.kind for e in rig.store.recorded]
    assert EventKind.HELD in kinds and EventKind.HOLD_ENDED in kinds
    assert c.status().today.held == 1


def test_a_hold_seen_before_the_restore_is_reported_by_it(rig: Rig) -> None:
    from deskbreak.core.ports import HoldSignal

    saved = rig.store.load_state()
    fresh = rig.start(rig.first)
    fresh.hold_changed("pipewire", frozenset({HoldSignal.MICROPHONE}))  # a source starts first
    assert rig.store.load_state() == saved
    fresh.restore(saved)
    status = fresh.status()
    assert status.hold is not None and status.hold.reasons == ("microphone",)


def test_a_due_break_restored_during_a_hold_seen_before_the_restore_is_held_not_offered(
    rig: Rig,
) -> None:
    from deskbreak.core.ports import HoldSignal

    rig.run_for(45 * 60)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE]
    saved = rig.store.load_state()
    fresh = rig.start(rig.first)  # restarted while the break is due, and now in a call
    fresh.hold_changed("pipewire", frozenset({HoldSignal.MICROPHONE}))
    fresh.restore(saved)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE]  # no second offer
    status = fresh.status()
    assert status.state is State.HELD and status.hold is not None
    assert status.hold.reasons == ("microphone",)


def test_on_the_owner_thread_nothing_else_enters_the_engine(tmp_path: Path) -> None:
    """Calls from many threads at once — the socket, the tray, the idle and hold sources,
    the notifier, the player's waiter — reach the engine only on the owner thread."""
    rig = Rig(tmp_path)
    owner = Owner(BERLIN)
    controller = rig.start(rig.first, owner)
    engine = controller._engine
    entered: list[str] = []
    for name in ("observe", "start", "snooze", "skip", "resume", "finish", "report_hold"):
        real = getattr(engine, name)

        def spy(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            entered.append(threading.current_thread().name)
            return _real(*args, **kwargs)

        setattr(engine, name, spy)
    owner.start(controller.tick)
    try:
        controller.restore(None)
        outcome = PlayOutcome("mini-reset", PlayResult.COMPLETED, 3, 3, 240.0)
        calls: list[Callable[[], object]] = [
            controller.status,
            controller.skip,
            controller.snooze,
            controller.resume,
            lambda: controller.hold_changed("camera", frozenset({HoldSignal.CAMERA})),
            lambda: controller.on_idle_change(IdleChange(idle_since=10.0, back_at=40.0)),
            lambda: controller.on_notice_action(NoticeAction.SNOOZE),
            lambda: controller._played(outcome),
            controller.tick,
        ]
        threads = [threading.Thread(target=call) for call in calls * 4]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        owner.ask(lambda: None)  # everything posted before this has run
        assert len(entered) >= len(threads)
        assert set(entered) == {"deskbreak-owner"}
    finally:
        owner.shutdown()


def test_a_break_still_due_after_a_restart_is_offered_afresh(rig: Rig) -> None:
    rig.run_for(45 * 60 + 30)
    assert rig.controller.status().state is State.DUE
    before = len([n for n in rig.notifier.shown if n.kind is NoticeKind.DUE])
    rig.restart()  # the old notice went with the old process; its buttons are dead
    due = [n for n in rig.notifier.shown if n.kind is NoticeKind.DUE]
    assert len(due) == before + 1
    assert rig.controller.status().state is State.DUE


def test_a_snoozed_break_is_not_offered_again_by_a_restart(rig: Rig) -> None:
    rig.run_for(45 * 60 + 30)
    assert rig.controller.snooze().ok
    shown = len(rig.notifier.shown)
    rig.restart()
    assert len(rig.notifier.shown) == shown
    assert rig.controller.status().state is State.SNOOZED


def test_a_notice_dismissed_without_a_choice_is_seen_in_status_and_not_a_snooze(rig: Rig) -> None:
    rig.run_for(45 * 60 + 30)
    assert rig.controller.status().notice_dismissed is None
    rig.controller.on_notice_action(NoticeAction.DISMISSED)  # dunst's default left click
    status = rig.controller.status()
    assert status.state is State.DUE and status.snoozes_used == 0  # still due, not snoozed
    assert status.notice_dismissed is not None
    assert status.to_json()["notice_dismissed"] == status.notice_dismissed.isoformat(
        timespec="seconds"
    )
    rig.run_for(6 * 60)  # the reminder comes back (renotify) and clears the mark
    assert rig.controller.status().notice_dismissed is None
    assert rig.controller.status().state is State.DUE


def test_with_renotify_off_a_dismissed_notice_comes_back_once(tmp_path: Path) -> None:
    """Renotify off: the notice closed without a choice comes back once, after the default
    renotify interval (5 min); closed again, it stays closed and the break stays due."""
    rig = Rig(tmp_path, Config(schedule=Schedule(renotify=None)))
    rig.run_for(45 * 60 + 30)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE]
    rig.controller.on_notice_action(NoticeAction.DISMISSED)
    assert rig.controller.status().notice_dismissed is not None
    rig.run_for(4 * 60 + 50)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE]
    rig.run_for(20)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE, NoticeKind.RENOTIFY]
    assert rig.controller.status().notice_dismissed is None
    rig.controller.on_notice_action(NoticeAction.DISMISSED)
    rig.run_for(60 * 60)
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE, NoticeKind.RENOTIFY]
    status = rig.controller.status()
    assert status.state is State.DUE and status.notice_dismissed is not None


def test_with_renotify_off_a_restart_offers_a_dismissed_break_afresh(tmp_path: Path) -> None:
    """The comeback is not saved: a restart offers the due break afresh at once (its old
    notice went with the old process), and that notice, dismissed, comes back once too."""
    rig = Rig(tmp_path, Config(schedule=Schedule(renotify=None)))
    rig.run_for(45 * 60 + 30)
    rig.controller.on_notice_action(NoticeAction.DISMISSED)
    rig.run_for(60)
    rig.restart()
    assert [n.kind for n in rig.notifier.shown] == [NoticeKind.DUE, NoticeKind.DUE]
    rig.controller.on_notice_action(NoticeAction.DISMISSED)
    rig.run_for(5 * 60 + 10)
    assert [n.kind for n in rig.notifier.shown][2:] == [NoticeKind.RENOTIFY]
    rig.controller.on_notice_action(NoticeAction.DISMISSED)
    rig.run_for(30 * 60)
    assert len(rig.notifier.shown) == 3


def test_a_dismissal_outside_a_due_break_is_nothing(rig: Rig) -> None:
    rig.controller.on_notice_action(NoticeAction.DISMISSED)
    assert rig.controller.status().notice_dismissed is None
