"""The composition root: builds every part of the daemon, wires them, runs them.

Nothing else constructs edges, and this module does no feature work: it reads
the settings once, builds the store, the engine, the notifier (whose backends it
builds on the notifier's thread with the first notice), the idle source, the player
launcher, the hook runner and the owner thread (timer and inbox), hands them to the
controller, subscribes the followers of the status, then starts the
control socket (the single-instance guard) before anything is shown, the owner
thread and the sleep watch (a resume wakes the owner and the calendar reader), restores
the saved state and starts the hold sources and the calendar reader (built again when a
reload changes [calendar]). Every edge hands
its news to the controller, which posts it to the owner thread; no edge touches the
state. The tray runs on the main thread, or — with no tray host — the main thread
waits for Quit. Every problem the daemon can live with is said once, in one line, and
logged; none stops it.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from deskbreak import threads
from deskbreak.core import stats
from deskbreak.core.config.read import ConfigErrors
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.engine import Engine
from deskbreak.core.engine.state import WAKE_GRACE
from deskbreak.core.i18n import _
from deskbreak.core.ports import IdleChange, IdleSource, Notice, NoticeAction, NoticeKind, Notifier
from deskbreak.daemon import banner, clock
from deskbreak.daemon.calendar.runner import Runner as CalendarRunner
from deskbreak.daemon.configwatch import ConfigWatch
from deskbreak.daemon.controller import Controller
from deskbreak.daemon.edges import Edges, Wakeable
from deskbreak.daemon.hooks import HookRunner
from deskbreak.daemon.store import Store
from deskbreak.desktop import gnomebreaks
from deskbreak.desktop.hold import catalog as hold_sources
from deskbreak.desktop.opener import open_with_desktop
from deskbreak.ipc.followers import Followers
from deskbreak.ipc.server import Server
from deskbreak.paths import Paths

if TYPE_CHECKING:  # the tray module imports pystray lazily; only its type is needed here
    from deskbreak.desktop.notifyqueue import BackgroundNotifier
    from deskbreak.desktop.tray import Tray

log = logging.getLogger(__name__)
FIRST_READINGS = 2.0  # seconds the start waits, at most, for the hold sources to say what is on
NOTICE_ON_SCREEN = "notice-on-screen"  # in the state folder: the server's id of the notice shown


def run(
    paths: Paths,
    *,
    verbose: bool = False,
    tray: bool = True,
    wake_grace: float = WAKE_GRACE,
    announce: Callable[[str], None] | None = None,
) -> int:
    """Run the daemon until Quit, SIGTERM or SIGINT; raises ipc.AlreadyRunning.

    `announce` is told once, in a few lines, what runs (for the terminal it started in)."""
    daemon = Daemon(paths, tray=tray, wake_grace=wake_grace, announce=announce)
    return daemon.run()


class Daemon:
    def __init__(
        self,
        paths: Paths,
        *,
        tray: bool,
        wake_grace: float = WAKE_GRACE,
        announce: Callable[[str], None] | None = None,
    ) -> None:
        self.paths = paths
        self.desktop = not banner.no_desktop()
        self.want_tray = tray and self.desktop
        self.wake_grace = wake_grace
        self.announce = announce
        self.idle_name: str | None = None
        self.tz = clock.local_zone()
        self.stopped = threading.Event()
        self._stopping = threading.Lock()  # stop() and showing the tray: one at a time
        self.tray: Tray | None = None
        # The idle source and the notifier are made before the controller; their news
        # before it exists is dropped (its first look reads the idle time, and no notice
        # has been shown yet). After that it goes to the controller, which posts it to the
        # owner thread: a click never waits there (the controller closes the notice
        # through the notifier, whose loop would otherwise wait for itself).
        self._idle_target: Callable[[IdleChange], None] | None = None
        self._click_target: Callable[[NoticeAction, timedelta | None], None] | None = None
        self._level_source: Callable[[], int] | None = None

    def run(self) -> int:
        from deskbreak.daemon.owner import Owner
        from deskbreak.daemon.sleepwatch import SleepWatch

        problems: list[tuple[str, str]] = []
        watch = ConfigWatch(self.paths.config_file)
        settings = _first_settings(watch, problems)
        store, warning = Store.open(self.paths.database)
        if warning:
            # Translators: the title of a notice about the history database.
            problems.append((_("History"), warning))
        idle, pushes, grace = self._idle()
        self.idle_name = idle.name if idle is not None else None
        engine = Engine.from_settings(
            settings,
            self.tz,
            idle_available=idle is not None,
            idle_pushes=pushes,
            wake_grace=self.wake_grace,
            idle_grace=grace,
        )
        notifier = self._notifier()
        owner = Owner(self.tz)
        hooks = HookRunner()
        edges = self._edges(store, notifier, idle, watch, owner, hooks=hooks)
        controller = Controller(engine, self.tz, edges, owner)
        self._connect(controller)
        followers = Followers()  # `status --follow`: told each change, and each minute
        controller.subscribe(followers.publish, minutes=followers.active)
        server = Server(self.paths, controller, followers=followers)
        self._install_signals(controller)  # before anyone can ask us to stop
        server.start()  # raises AlreadyRunning before anything is shown
        calendar = CalendarRunner(self.paths.state_dir, controller.calendar_changed, self.tz)
        sleep = SleepWatch(_on_resume(owner.wake_now, calendar))
        try:
            if self._notice_on_screen.exists():  # else nothing to withdraw: build nothing
                notifier.withdraw_left()  # a notice a killed daemon left: its buttons are dead
            owner.start(controller.tick)
            sleep.start()
            apps = lambda: controller.config.hold.apps  # noqa: E731  (read again on reload)
            with (
                gnomebreaks.running(controller.gnome_changed),  # GNOME 48's own reminders
                hold_sources.running(controller.hold_changed, apps=apps) as holds,
            ):
                # a break due at start-up (restored, or a reminder for this minute) is not
                # offered into a call or do-not-disturb nobody has read yet
                holds.first_readings(FIRST_READINGS)
                controller.restore(store.load_state())
                for title, message in problems:
                    controller.tell(title, message)
                calendar.apply(controller.config.calendar)
                # A reload that changes [calendar] builds the reader again (one comparison a
                # step).
                controller.subscribe(lambda _status: calendar.apply(controller.config.calendar))
                self._main_loop(controller)
        finally:
            calendar.stop()
            sleep.stop()
            server.stop()  # no new question reaches an owner that is about to stop
            owner.shutdown()
            hooks.stop()
            edges.launcher.stop()
            notifier.shutdown()
            if idle is not None:
                idle.close()
            store.close()
            log.info("deskbreak stopped")
        return 0

    def _edges(
        self,
        store: Store,
        notifier: Notifier,
        idle: IdleSource | None,
        watch: ConfigWatch,
        timer: Wakeable,
        *,
        hooks: HookRunner,
    ) -> Edges:
        from deskbreak.daemon.launcher import PlayerLauncher

        def open_path(path: Path) -> None:
            def failed(why: str) -> None:  # nothing opened it: say where it is
                # Translators: {reason} says why nothing opened the file, {path} is the file.
                text = _("{reason}. The file is {path}").format(reason=why, path=path)
                title = _("Could not open {name}").format(name=path.name)
                notifier.show(Notice(NoticeKind.INFO, title, text))

            open_with_desktop(path, failed)

        return Edges(
            store=store,
            notifier=notifier,
            launcher=PlayerLauncher(config=self._player_config(), level=self._level),
            idle=idle,
            observe=lambda seconds: clock.observe(self.tz, seconds),
            config=watch,
            timer=timer,
            open_path=open_path,
            render_chart=self._render_chart,
            quit=self.stop,
            run_hook=hooks.run,
        )

    def _connect(self, controller: Controller) -> None:
        """Point what the edges built before the controller report to at it."""
        self._idle_target = controller.on_idle_change
        self._click_target = controller.on_notice_action
        self._level_source = controller.progression_level

    def _level(self) -> int:
        """The progression level the player gets (the controller's, once it exists)."""
        source = self._level_source
        return source() if source is not None else 0

    def _idle(self) -> tuple[IdleSource | None, bool, float]:
        """The idle source, whether it pushes its changes to the controller, and the grace
        (seconds without input before the user is idle: DESKBREAK_IDLE_GRACE, a test knob)."""
        from deskbreak.desktop import idle as idle_sources

        def on_idle_change(change: IdleChange) -> None:
            target = self._idle_target
            if target is not None:  # before the controller exists, its first look sees it
                target(change)

        grace = idle_sources.grace_from(os.environ)
        idle = idle_sources.choose(grace=grace)
        return idle, idle is not None and idle.watch(on_idle_change), grace

    def _notifier(self) -> BackgroundNotifier:
        """The notifier, built on its own thread with the first notice: until one is shown
        the daemon carries no notification stack (desktop-notifier, dbus-fast, the app
        icon's PNG) and no thread for it."""
        from deskbreak.desktop.notifyqueue import BackgroundNotifier

        return BackgroundNotifier(build=self._build_notifier)

    def _build_notifier(self) -> Notifier:
        """The chain of notification backends (the notifier's thread, at its first call)."""
        from deskbreak.desktop.appicon import app_icon
        from deskbreak.desktop.notify import build_notifier

        icon = app_icon(self.paths.state_dir / "icons")
        tray = self._tray_notify if self.desktop else None  # none: notices go to the console
        return build_notifier(
            self._clicked,
            tray_notify=tray,
            icon=icon,
            bus=self.desktop,
            on_snooze=self._snoozed,
            left=self._notice_on_screen,
        )

    @property
    def _notice_on_screen(self) -> Path:
        """Where the server's id of the notice on screen is kept (see ActionableBackend)."""
        return self.paths.state_dir / NOTICE_ON_SCREEN

    def _clicked(self, action: NoticeAction, length: timedelta | None = None) -> None:
        """A notification button or body (the notifier's thread)."""
        target = self._click_target
        if target is not None:
            target(action, length)

    def _snoozed(self, length: timedelta) -> None:
        """A "Snooze 30 min" button."""
        self._clicked(NoticeAction.SNOOZE, length)

    def _main_loop(self, controller: Controller) -> None:
        if self.want_tray:
            from deskbreak.desktop.tray import Tray

            backend = self._tray_backend(controller)
            tray = Tray(controller, self.stop, notify=controller.tell, backend=backend)
            if tray.check():
                with self._stopping:
                    if self.stopped.is_set():
                        return
                    self.tray = tray
                controller.tray = tray.backend
                # The icon shows the minutes left: a step each time they change, or with an
                # idle source that pushes (nothing else wakes the owner) it would go stale.
                controller.subscribe(tray.update, minutes=lambda: True)
                tray.update(controller.status())
                log.info("deskbreak running with a tray icon (%s)", tray.backend)
                self._say_started(controller, tray.backend, None)
                tray.run()
                return
            # Translators: {reason} says why there is no tray icon.
            text = _("{reason}; notifications and the CLI still work")
            controller.tell(_("No tray icon"), text.format(reason=tray.reason))
            self._say_started(controller, None, tray.reason)
        else:
            if not self.desktop:
                log.info("no tray icon: no desktop (no display, no session bus)")
            self._say_started(controller, None, "--no-tray" if self.desktop else _("no desktop"))
        log.info("deskbreak running without a tray icon")
        self.stopped.wait()

    def _tray_backend(self, controller: Controller) -> str:
        return controller.config.tray.backend

    def _say_started(self, controller: Controller, tray: str | None, reason: str | None) -> None:
        if self.announce is None:
            return
        status = controller.status()
        lines = banner.started(
            status, tray=tray, tray_reason=reason, idle=self.idle_name, pid=os.getpid()
        )
        self.announce(lines if self.desktop else f"{lines}\n{_(banner.WITHOUT_DESKTOP)}")

    def stop(self) -> None:
        with self._stopping:
            self.stopped.set()
            tray = self.tray
        if tray is not None:
            tray.stop()

    def _tray_notify(self, title: str, message: str) -> None:
        tray = self.tray
        if tray is not None:
            tray.notify(title, message)
        else:
            log.info("%s: %s", title, message)

    def _install_signals(self, controller: Controller) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        # A signal may land on any thread, and the main thread may be blocked in C (an X
        # read, a lock) where a Python handler would never run, or hold the very lock the
        # handler needs. So the handlers do nothing; the C-level wakeup fd carries each
        # signal's number to a thread of its own, which stops or reloads.
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        stops = {int(signal.SIGTERM), int(signal.SIGINT)}
        reload = int(getattr(signal, "SIGHUP", -1))

        def dispatch() -> None:
            while True:
                for signum in os.read(wake_r, 64):
                    if signum in stops:
                        self.stop()
                    elif signum == reload:
                        controller.reload_later()

        threads.make("deskbreak-signals", dispatch).start()

        def nothing(signum: int, frame: FrameType | None) -> None:
            pass  # the wakeup fd has it: see dispatch

        signal.signal(signal.SIGTERM, nothing)
        signal.signal(signal.SIGINT, nothing)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, nothing)

    def _player_config(self) -> Path | None:
        return self.paths.config_file if self.paths.config_file.exists() else None

    def _render_chart(self, summary: stats.Summary) -> Path:
        from deskbreak.desktop import chart

        return chart.save_week(summary, self.paths.state_dir / "week.png")


def _on_resume(wake_owner: Callable[[], None], calendar: CalendarRunner) -> Callable[[], None]:
    """What the sleep watch calls, on its thread, when the machine wakes up: the owner looks
    at the time at once, and the calendar is read again — its meetings may have changed
    during the sleep, and a source that failed as the network went down is not left to its
    back-off."""

    def resumed() -> None:
        wake_owner()
        calendar.wake()

    return resumed


def _first_settings(watch: ConfigWatch, problems: list[tuple[str, str]]) -> Settings:
    """The settings to start with: the config file's, or the defaults if it is invalid."""
    try:
        return watch.read()
    except ConfigErrors as exc:
        # Translators: {problem} says what is wrong with the config.
        text = _("{problem} — using the built-in defaults").format(problem=exc.message)
        problems.append((_("Config not applied"), text))
        return Settings()
