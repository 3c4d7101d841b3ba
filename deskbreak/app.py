"""The composition root: builds every part of the daemon, wires them, runs them.

Nothing else constructs edges. Order matters: the control socket first (it is
the single-instance guard), then the store, the engine restored from the saved
state, the notifier, the idle source, the player launcher, the controller, the
timer; the tray runs on the main thread, or — with no tray host — the main
thread waits for Quit. Every problem the daemon can live with is said once, in
one line, and logged; none stops it.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from deskbreak.core.config.model import Config
from deskbreak.core.config.read import ConfigErrors, catalogue, load_config
from deskbreak.core.engine.engine import Engine
from deskbreak.core.engine.state import WAKE_GRACE
from deskbreak.core.ports import IdleChange, IdleSource, NoticeAction
from deskbreak.core.routines import Routine
from deskbreak.daemon import banner, clock
from deskbreak.daemon.controller import Controller, Edges
from deskbreak.daemon.store import Store
from deskbreak.desktop.hold import catalog as hold_sources
from deskbreak.desktop.opener import open_with_desktop
from deskbreak.ipc import Server
from deskbreak.paths import Paths, ensure

if TYPE_CHECKING:  # the tray module imports pystray lazily; only its type is needed here
    from deskbreak.desktop.notifyqueue import BackgroundNotifier
    from deskbreak.desktop.tray import Tray

log = logging.getLogger(__name__)


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
        self.controller: Controller | None = None

    def load(self) -> tuple[Config, Mapping[str, Routine]]:
        config = load_config(self.paths.config_file)
        return config, catalogue(config)

    def run(self) -> int:
        from deskbreak.daemon.launcher import PlayerLauncher
        from deskbreak.daemon.sleepwatch import SleepWatch
        from deskbreak.daemon.timer import Timer

        problems: list[tuple[str, str]] = []
        try:
            config, routines = self.load()
        except ConfigErrors as exc:
            config = Config()
            routines = catalogue(config)
            problems.append(("Config not applied", f"{exc.message} — using the built-in defaults"))
        store, warning = Store.open(self.paths.database)
        if warning:
            problems.append(("History", warning))
        idle, pushes = self._idle()
        self.idle_name = idle.name if idle is not None else None
        engine = Engine(
            config,
            routines,
            self.tz,
            idle_available=idle is not None,
            idle_pushes=pushes,
            wake_grace=self.wake_grace,
        )
        notifier = self._notifier()
        edges = Edges(
            store=store,
            notifier=notifier,
            launcher=PlayerLauncher(config=self._player_config()),
            idle=idle,
            observe=lambda seconds: clock.observe(self.tz, seconds),
            load_config=self.load,
            config_file=self.paths.config_file,
            open_path=self._open_config,
            render_stats=self._render_stats,
            quit=self.stop,
        )
        controller = Controller(engine, config, self.tz, edges)
        self.controller = controller
        server = Server(self.paths, controller)
        self._install_signals(controller, None)  # before anyone can ask us to stop
        server.start()  # raises AlreadyRunning before anything is shown
        timer = Timer(controller.tick, self.tz)
        controller.attach(timer, routines)
        watch = SleepWatch(timer.wake_now)
        try:
            timer.start()
            watch.start()
            controller.restore(store.load_state())
            for title, message in problems:
                controller.tell(title, message)
            apps = lambda: controller.config.hold.apps  # noqa: E731  (read again on a reload)
            with hold_sources.running(controller.hold_changed, apps=apps):
                self._main_loop(controller)
        finally:
            watch.stop()
            timer.shutdown()
            server.stop()
            edges.launcher.stop()
            notifier.shutdown()
            if idle is not None:
                idle.close()
            store.close()
            log.info("deskbreak stopped")
        return 0

    def _idle(self) -> tuple[IdleSource | None, bool]:
        """The idle source, and whether it pushes its changes to the controller."""
        from deskbreak.desktop import idle as idle_sources

        def on_idle_change(change: IdleChange) -> None:
            controller = self.controller
            if controller is not None:  # before it exists, its first look sees the change
                controller.on_idle_change(change)

        idle = idle_sources.choose()
        return idle, idle is not None and idle.watch(on_idle_change)

    def _notifier(self) -> BackgroundNotifier:
        from deskbreak.desktop.appicon import app_icon
        from deskbreak.desktop.notify import build_notifier
        from deskbreak.desktop.notifyqueue import BackgroundNotifier

        icon = app_icon(self.paths.state_dir / "icons")
        tray = self._tray_notify if self.desktop else None  # none: notices go to the console
        chain = build_notifier(
            self._clicked, tray_notify=tray, icon=icon, bus=self.desktop, on_snooze=self._snoozed
        )
        return BackgroundNotifier(chain)

    def _clicked(self, action: NoticeAction, length: timedelta | None = None) -> None:
        """A notification button or body. Callbacks arrive on the notifier's own event-loop
        thread; the controller calls back into the notifier (to close the notice), so the
        work runs on a thread of its own, or it would wait for itself."""
        controller = self.controller
        if controller is not None:
            args = (action, length)
            threading.Thread(target=controller.on_notice_action, args=args, daemon=True).start()

    def _snoozed(self, length: timedelta) -> None:
        """A "Snooze 30 min" button."""
        self._clicked(NoticeAction.SNOOZE, length)

    def _main_loop(self, controller: Controller) -> None:
        if self.want_tray:
            from deskbreak.desktop.tray import Tray

            backend = self._tray_backend()
            tray = Tray(controller, self.stop, notify=controller.tell, backend=backend)
            if tray.check():
                with self._stopping:
                    if self.stopped.is_set():
                        return
                    self.tray = tray
                controller.tray = tray.backend
                controller.subscribe(tray.update)
                tray.update(controller.status())
                log.info("deskbreak running with a tray icon (%s)", tray.backend)
                self._say_started(controller, tray.backend, None)
                tray.run()
                return
            controller.tell("No tray icon", f"{tray.reason}; notifications and the CLI still work")
            self._say_started(controller, None, tray.reason)
        else:
            if not self.desktop:
                log.info("no tray icon: no desktop (no display, no session bus)")
            self._say_started(controller, None, "--no-tray" if self.desktop else "no desktop")
        log.info("deskbreak running without a tray icon")
        self.stopped.wait()

    def _tray_backend(self) -> str:
        try:
            return self.load()[0].tray.backend
        except ConfigErrors:
            return "auto"

    def _say_started(self, controller: Controller, tray: str | None, reason: str | None) -> None:
        if self.announce is None:
            return
        status = controller.status()
        lines = banner.started(
            status, tray=tray, tray_reason=reason, idle=self.idle_name, pid=os.getpid()
        )
        self.announce(lines if self.desktop else f"{lines}\n{banner.WITHOUT_DESKTOP}")

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

    def _install_signals(self, controller: Controller, timer: object) -> None:
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
                        threading.Thread(target=controller.reload, daemon=True).start()

        threading.Thread(target=dispatch, name="deskbreak-signals", daemon=True).start()

        def nothing(signum: int, frame: FrameType | None) -> None:
            pass  # the wakeup fd has it: see dispatch

        signal.signal(signal.SIGTERM, nothing)
        signal.signal(signal.SIGINT, nothing)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, nothing)

    def _player_config(self) -> Path | None:
        return self.paths.config_file if self.paths.config_file.exists() else None

    def _open_config(self, path: Path) -> None:
        if not path.exists():
            from deskbreak.cli.configcmd import example_text

            ensure(path.parent)
            path.write_text(example_text(), encoding="utf-8")
        open_with_desktop(path, lambda why: self._show_path(path, why))

    def _show_path(self, path: Path, why: str) -> None:
        """Nothing opened the file: say where it is, so it can be opened by hand."""
        controller = self.controller
        if controller is not None:
            controller.tell(f"Could not open {path.name}", f"{why}. The file is {path}")

    def _render_stats(self) -> Path:
        from deskbreak.core import stats
        from deskbreak.desktop import chart

        try:
            config, _ = self.load()
        except ConfigErrors:
            config = Config()
        today = date.today()
        store = Store.open_readonly(self.paths.database)
        try:
            events = store.events(since=clock.observe(self.tz, None).now - timedelta(days=8))
        finally:
            store.close()
        summary = stats.summarize(
            events, today=today, days=7, goal=config.goals.breaks_per_day, tz=self.tz
        )
        out = ensure(self.paths.state_dir) / "week.png"
        chart.render_week(summary).save(out)
        return out
