"""The controller: the one facade the tray, the control socket and the tests call.

It lives on the owner thread (`daemon.owner`): every call from another thread is handed to
that thread's inbox — news (a tick, an idle or hold change, a click, a finished player, a
signal's reload) is posted, questions (status, commands) are asked and wait for the reply —
so the state needs no lock and one thing happens at a time. The calendar's meetings come
the same way (`calendar_changed`, posted by the calendar reader). On the owner thread it asks the
edges for an observation, passes it to the engine, and carries out the effects it returns:
records events, shows or closes the notification, launches the player, saves
the pending state, tells subscribers (the tray) the new status and re-arms the
timer. Policy stays in the engine; this module only orchestrates.
The settings (config and routines) have one owner, the engine; the controller
asks it. It must not import an edge library (pystray, PIL, tkinter, apscheduler,
plyer).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo

from deskbreak import lang
from deskbreak.core import stats
from deskbreak.core.calendar import Meeting, SourceReport
from deskbreak.core.config.model import Config
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import CloseNotice, Effect, Launch, Notify, Observation, Record
from deskbreak.core.engine.engine import Engine
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.gnomebreaks import GnomeBreaks, Keeper, keeper
from deskbreak.core.i18n import N_, _
from deskbreak.core.notices import notice_for
from deskbreak.core.ports import (
    HoldSignal,
    IdleChange,
    Notice,
    NoticeAction,
    NoticeKind,
    PauseSpec,
    PlayOutcome,
    PlayResult,
    Reply,
)
from deskbreak.core.routines import Routine
from deskbreak.core.status import State, Status
from deskbreak.daemon import progress
from deskbreak.daemon.edges import Edges
from deskbreak.daemon.handoff import StateSaver, run_hooks
from deskbreak.daemon.history import HistoryWriter
from deskbreak.daemon.owner import Inbox, Inline
from deskbreak.daemon.status import compose_status, week_summary
from deskbreak.daemon.subscribers import Subscribers

log = logging.getLogger(__name__)

STARTING_WAIT = 10.0  # how long a request waits for the start-up restore

# How a routine played, as the reply to the player's report says it.
RECORDED = {
    # Translators: {routine} is a routine's id, e.g. "mini-reset", which stays as it is.
    PlayResult.COMPLETED: N_("Recorded: {routine} completed"),
    PlayResult.PARTIAL: N_("Recorded: {routine} partial"),
    PlayResult.STOPPED: N_("Recorded: {routine} stopped"),
    PlayResult.FAILED: N_("Recorded: {routine} failed"),
}


class Controller:
    def __init__(
        self, engine: Engine, tz: tzinfo, edges: Edges, inbox: Inbox | None = None
    ) -> None:
        self._engine = engine
        self._tz = tz
        self._edges = edges
        self._inbox: Inbox = inbox or Inline()
        self._subscribers = Subscribers()
        self._dismissed: datetime | None = None  # when the due break's notice was closed
        self._history = HistoryWriter(edges.store, self.tell)
        self._saver = StateSaver(edges.store)
        self.tray: str | None = None  # the tray backend showing the icon, set by the app
        self._restored = threading.Event()  # set once the saved state is restored
        self._holds: dict[str, frozenset[HoldSignal]] = {}
        self._gnome = GnomeBreaks()  # GNOME's own break reminders, as last seen
        self._calendar: tuple[tuple[Meeting, ...], tuple[SourceReport, ...]] | None = None

    @property
    def settings(self) -> Settings:
        """The config and routines in force (the engine owns them)."""
        return self._engine.settings

    # ------------------------------------------------------------- time
    def tick(self) -> None:
        """The timer fired (on the owner thread): let time pass, pick up an edited config."""
        self._inbox.post(self._tick)

    def _tick(self) -> None:
        if not self._restored.is_set():
            return  # restore() observes first; the timer is re-armed then
        if self._edges.config.changed():
            self._reload(quiet=True)
        self._apply(self._engine.observe(self._observe()))

    def restore(self, state: Mapping[str, object] | None) -> None:
        self._inbox.ask(lambda: self._restore(state))

    def _restore(self, state: Mapping[str, object] | None) -> None:
        obs = self._observe()
        # the holds seen so far go in with the first step, before anything can be offered
        on = frozenset().union(*self._holds.values())
        effects = self._engine.report_hold(obs, on) if on else self._engine.observe(obs)
        if state:
            effects += self._engine.restore(state, obs)
        self._apply(effects)
        self._tell_gnome()
        if self._calendar is not None:
            self._report_calendar()
        self._restored.set()

    def _wait_restored(self) -> None:
        """Nothing may observe (and so save over the saved state) before `restore`."""
        if not self._restored.wait(STARTING_WAIT):
            raise DeskbreakError(_("not ready"), _("deskbreak is still starting; try again"))

    def on_idle_change(self, change: IdleChange) -> None:
        """A pushing idle source saw the user go idle or come back.

        On the way back the engine is first shown the whole idle stretch, as it was
        just before the input, so an absence of any length is measured exactly.
        """
        self._inbox.post(lambda: self._idle_changed(change))

    def _idle_changed(self, change: IdleChange) -> None:
        effects: list[Effect] = []
        if change.stretch is not None:
            effects += self._engine.observe(self._edges.observe(change.stretch))
        effects += self._engine.observe(self._observe())
        self._apply(effects)

    def _observe(self) -> Observation:
        idle = None
        source = self._edges.idle
        if source is not None:
            try:
                idle = source.idle_seconds()
            except Exception:  # an edge failing must not stop the daemon
                log.exception("idle probe failed")
        return self._edges.observe(idle)

    def _apply(self, effects: Sequence[Effect]) -> None:
        for effect in effects:
            try:
                self._carry_out(effect)
            except Exception:
                log.exception("could not carry out %s", effect)
        self._history.retry()  # a step is the time to try what the disk refused again
        self._saver.save(self._engine.snapshot())
        self._history.pass_on_news()
        status = self._status()
        self._edges.timer.wake_in(self._subscribers.wake_in(self._engine.wake_in(), status))
        run_hooks(self.settings.config.hooks, effects, status, self._edges.run_hook)
        self._subscribers.tell(status)

    def _carry_out(self, effect: Effect) -> None:
        if isinstance(effect, Record):
            self._record(effect)
        elif isinstance(effect, Notify):
            self._dismissed = None  # a new notice is on screen
            self._edges.notifier.show(notice_for(effect, self.settings))
        elif isinstance(effect, CloseNotice):
            self._edges.notifier.close()
        elif isinstance(effect, Launch):
            self._edges.launcher.launch(effect.routine, self._played)

    def _record(self, effect: Record) -> None:
        self._history.record(effect.event)

    @property
    def config(self) -> Config:
        """The config in force (it changes on a reload)."""
        return self.settings.config

    def hold_changed(self, source: str, signals: frozenset[HoldSignal]) -> None:
        """A hold source (see `desktop.hold`) saw its signals change; any thread."""
        self._inbox.post(lambda: self._hold_changed(source, signals))

    def _hold_changed(self, source: str, signals: frozenset[HoldSignal]) -> None:
        self._holds[source] = signals
        if self._restored.is_set():  # before that, restore() reports what is on
            self._report_holds()

    def gnome_changed(self, breaks: GnomeBreaks) -> None:
        """GNOME's break reminders changed (see `desktop.gnomebreaks`); any thread."""
        self._inbox.post(lambda: self._gnome_changed(breaks))

    def _gnome_changed(self, breaks: GnomeBreaks) -> None:
        self._gnome = breaks
        if self._restored.is_set():  # before that, restore() tells the engine
            self._tell_gnome()

    def _tell_gnome(self) -> None:
        setting = self.settings.config.gnome.breaks
        gnome_keeps = keeper(setting, self._gnome) is Keeper.GNOME
        self._apply(self._engine.gnome_breaks(self._observe(), gnome_keeps, self._gnome.phase))

    def _report_holds(self) -> None:
        on = frozenset().union(*self._holds.values())
        self._apply(self._engine.report_hold(self._observe(), on))

    def calendar_changed(
        self, meetings: tuple[Meeting, ...], reports: tuple[SourceReport, ...]
    ) -> None:
        """The calendar reader (`daemon/calendar/`) has a new list of meetings or new news of
        reading its sources; any thread."""
        self._inbox.post(lambda: self._calendar_changed(meetings, reports))

    def _calendar_changed(
        self, meetings: tuple[Meeting, ...], reports: tuple[SourceReport, ...]
    ) -> None:
        self._calendar = (meetings, reports)
        if self._restored.is_set():  # before that, restore() reports them
            self._report_calendar()

    def _report_calendar(self) -> None:
        assert self._calendar is not None
        meetings, reports = self._calendar
        self._apply(self._engine.report_calendar(self._observe(), meetings, reports))

    # --------------------------------------------------------- commands
    def status(self) -> Status:
        """The status as of this moment: the clocks are read now, not at the last tick."""
        self._wait_restored()
        return self._inbox.ask(self._status_now)

    def _status_now(self) -> Status:
        self._apply(self._engine.observe(self._observe()))
        return self._status()

    def _status(self) -> Status:
        return compose_status(
            self._engine.status(),
            tray=self.tray,
            history_unsaved=self._history.unsaved,
            dismissed=self._dismissed,
            config=self.settings.config,
            gnome=self._gnome,
            idle=self._edges.idle,
            store=self._edges.store,
            tz=self._tz,
        )

    def _command(self, run: Callable[[Observation], tuple[Reply, list[Effect]]]) -> Reply:
        self._wait_restored()

        def command() -> Reply:
            reply, effects = run(self._observe())
            self._apply(effects)
            return reply

        return self._inbox.ask(command)

    def start_break(self, routine: str | None = None) -> Reply:
        if self._edges.launcher.running():
            return Reply.refused(_("A routine is already running"))
        return self._command(lambda obs: self._engine.start(obs, routine))

    def snooze(self, length: timedelta | None = None) -> Reply:
        return self._command(lambda obs: self._engine.snooze(obs, length))

    def skip(self) -> Reply:
        return self._command(self._engine.skip)

    def pause(self, spec: PauseSpec) -> Reply:
        return self._command(lambda obs: self._engine.pause(obs, spec))

    def resume(self) -> Reply:
        return self._command(self._engine.resume)

    def record_played(self, outcome: PlayOutcome) -> Reply:
        """The player's report (over the control socket): record it, and say so."""
        self._inbox.ask(lambda: self._finish(outcome))
        return Reply.done(_(RECORDED[outcome.result]).format(routine=outcome.routine))

    def _finish(self, outcome: PlayOutcome) -> None:
        self._apply(self._engine.finish(self._observe(), outcome))

    def _played(self, outcome: PlayOutcome) -> None:
        """The launcher's waiter saw the player end (its thread): posted, not waited for."""
        self._inbox.post(lambda: self._finish(outcome))

    def on_notice_action(self, action: NoticeAction, length: timedelta | None = None) -> None:
        """A button (or the body) of the notification was clicked; `length`: which snooze.
        Any thread (the notifier's loop): posted, so the click never waits for the owner."""
        self._inbox.post(lambda: self._notice_action(action, length))

    def _notice_action(self, action: NoticeAction, length: timedelta | None) -> None:
        if action is NoticeAction.DISMISSED:
            # Closed with no choice (dunst's default left click does that): not a snooze and
            # not silence. The break stays due, the reminder comes back as configured (with
            # renotify off, once: the engine's rule), and `status` says the notice was
            # dismissed.
            obs = self._observe()
            effects = self._engine.dismissed(obs)
            if self._engine.status().state is State.DUE:
                self._dismissed = obs.now
            self._apply(effects)  # the tray and `status` show it
            return
        if action in (NoticeAction.START, NoticeAction.DEFAULT):
            reply = self.start_break()
        elif action is NoticeAction.SNOOZE:
            reply = self.snooze(length)
        elif action is NoticeAction.NOT_NOW:
            self._apply(self._engine.not_now(self._observe()))
            return
        else:
            return
        if not reply.ok:
            self.tell("deskbreak", reply.message)

    def reload(self) -> Reply:
        return self._inbox.ask(lambda: self._reload(quiet=False))

    def reload_later(self) -> None:
        """Reload without waiting for the reply (SIGHUP); any thread."""
        self._inbox.post(self._reload_loudly)

    def _reload_loudly(self) -> None:
        self._reload(quiet=False)

    def _reload(self, *, quiet: bool) -> Reply:
        try:
            settings = self._edges.config.read()
        except DeskbreakError as exc:
            log.warning("config not applied: %s", exc)
            # Translators: {problem} says what is wrong with the config file.
            message = _("{problem} — the previous settings stay in force").format(
                problem=exc.message
            )
            self.tell(_("Config not applied"), message)
            # Translators: {reason} is the sentence "... — the previous settings stay in force".
            return Reply.refused(_("Config not applied: {reason}").format(reason=message))
        if settings.config.ui.language != self.settings.config.ui.language:
            # The next menu, notice and player speak the new language; nothing is restarted.
            lang.setup(settings.config.ui.language)
        self._apply(self._engine.reconfigure(self._observe(), settings))
        self._tell_gnome()  # [gnome] breaks may have changed
        if not quiet:
            log.info("config reloaded")
        return Reply.done(_("Config reloaded"))

    def tell(self, title: str, message: str) -> None:
        """An informational notice (refused reload, no tray, …); never raises."""
        try:
            self._edges.notifier.show(Notice(NoticeKind.INFO, title, message))
        except Exception:
            log.exception("could not show %r", title)

    def routines(self) -> Sequence[Routine]:
        return list(self.settings.routines.values())

    def snooze_choices(self) -> tuple[timedelta, ...]:
        return self.settings.config.schedule.snooze_choices

    def open_config(self) -> Reply:
        path = self._edges.config.ensure_exists()
        self._edges.open_path(path)
        # Translators: {path} is the config file's path.
        return Reply.done(_("Opened {path}").format(path=path))

    def show_stats(self) -> Reply:
        """Chart the last week's breaks and open the picture."""
        summary = self._inbox.ask(self._week)
        path = self._edges.render_chart(summary)
        self._edges.open_path(path)
        # Translators: {path} is the picture file's path.
        return Reply.done(_("Chart written to {path}").format(path=path))

    def _week(self) -> stats.Summary:
        now = self._engine.status().now
        return week_summary(self._edges.store, now, self.settings.config, self._tz)

    def progression_level(self) -> int:
        """The level a routine launched now plays at (asked on the owner thread, at launch)."""
        now, store = self._engine.status().now, self._edges.store
        return progress.level(store, self.settings.config.player, now, self._tz)

    def quit(self) -> None:
        self._edges.quit()

    def subscribe(
        self, callback: Callable[[Status], None], *, minutes: Callable[[], bool] | None = None
    ) -> None:
        """Call `callback` with the status after every step (on the owner thread: it must
        not block). While `minutes()` says so, a step also comes each time the minutes
        left change (a countdown in a bar)."""
        self._subscribers.add(callback, minutes)
