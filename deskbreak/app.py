"""The composition root: builds every part of the daemon, wires them, runs them.

Nothing else constructs edges, and this module does no feature work: it reads
the settings once, builds the store, the engine, the notifier, the idle source,
the player launcher and the timer, hands them to the controller, then starts
the control socket (the single-instance guard) before anything is shown, the
timer and the sleep watch, and restores the saved state. The tray runs on the
main thread, or — with no tray host — the main thread waits for Quit. Every
problem the daemon can live with is said once, in one line, and logged; none
stops it.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from deskbreak.core import stats
from deskbreak.core.config.read import ConfigErrors
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.engine import Engine
from deskbreak.core.engine.state import WAKE_GRACE
from deskbreak.core.ports import IdleSource, NoticeAction, Notifier
from deskbreak.daemon import clock
from deskbreak.daemon.configwatch import ConfigWatch
from deskbreak.daemon.controller import Controller, Edges, Wakeable
from deskbreak.daemon.store import Store
from deskbreak.desktop.hold import catalog as hold_sources
from deskbreak.ipc.server import Server
from deskbreak.paths import Paths

if TYPE_CHECKING:  # the tray module imports pystray lazily; only its type is needed here
    from deskbreak.desktop.tray import Tray

log = logging.getLogger(__name__)


def run(
    paths: Paths, *, verbose: bool = False, tray: bool = True, wake_grace: float = WAKE_GRACE
) -> int:
    """Run the daemon until Quit, SIGTERM or SIGINT; raises ipc.AlreadyRunning."""
    daemon = Daemon(paths, tray=tray, wake_grace=wake_grace)
    return daemon.run()


class Daemon:
    def __init__(self, paths: Paths, *, tray: bool, wake_grace: float = WAKE_GRACE) -> None:
        self.paths = paths
        self.want_tray = tray
        self.wake_grace = wake_grace
        self.tz = clock.local_zone()
        self.stopped = threading.Event()
        self.tray: Tray | None = None

    def run(self) -> int:
        from deskbreak.daemon.sleepwatch import SleepWatch
        from deskbreak.daemon.timer import Timer
        from deskbreak.desktop import idle as idle_sources
        from deskbreak.desktop.notify import BackgroundNotifier, build_notifier

        problems: list[tuple[str, str]] = []
        watch = ConfigWatch(self.paths.config_file)
        settings = _first_settings(watch, problems)
        store, warning = Store.open(self.paths.database)
        if warning:
            problems.append(("History", warning))
        idle = idle_sources.choose()
        engine = Engine.from_settings(
            settings, self.tz, idle_available=idle is not None, wake_grace=self.wake_grace
        )
        # Button clicks arrive on the notifier's own event-loop thread; the controller
        # calls back into the notifier (to close the notice), so they are queued and
        # handled on a thread of their own, or the loop would wait for itself.
        clicks: queue.SimpleQueue[NoticeAction | None] = queue.SimpleQueue()
        notifier = BackgroundNotifier(build_notifier(clicks.put, tray_notify=self._tray_notify))
        timer = Timer(self.tz)
        edges = self._edges(store, notifier, idle, watch, timer)
        controller = Controller(engine, self.tz, edges)
        server = Server(self.paths, controller)
        server.start()  # raises AlreadyRunning before anything is shown
        relay = threading.Thread(
            target=_relay,
            args=(clicks, controller.on_notice_action),
            name="deskbreak-clicks",
            daemon=True,
        )
        sleep = SleepWatch(timer.wake_now)
        try:
            relay.start()
            timer.start(controller.tick)
            sleep.start()
            controller.restore(store.load_state())
            for title, message in problems:
                controller.tell(title, message)
            self._install_signals(controller)
            apps = lambda: controller.config.hold.apps  # noqa: E731  (read again on a reload)
            with hold_sources.running(controller.hold_changed, apps=apps):
                self._main_loop(controller)
        finally:
            sleep.stop()
            timer.shutdown()
            server.stop()
            edges.launcher.stop()
            notifier.shutdown()
            clicks.put(None)
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
    ) -> Edges:
        from deskbreak.daemon.launcher import PlayerLauncher

        return Edges(
            store=store,
            notifier=notifier,
            launcher=PlayerLauncher(config=self._player_config()),
            idle=idle,
            observe=lambda seconds: clock.observe(self.tz, seconds),
            config=watch,
            timer=timer,
            open_path=open_with_desktop,
            render_chart=self._render_chart,
            quit=self.stop,
        )

    def _main_loop(self, controller: Controller) -> None:
        if self.want_tray:
            from deskbreak.desktop.tray import Tray

            tray = Tray(controller, self.stop, notify=controller.tell)
            if tray.check():
                self.tray = tray
                controller.subscribe(tray.update)
                tray.update(controller.status())
                log.info("deskbreak running with a tray icon (%s)", tray.backend)
                tray.run()
                return
            controller.tell("No tray icon", f"{tray.reason}; notifications and the CLI still work")
        log.info("deskbreak running without a tray icon")
        self.stopped.wait()

    def stop(self) -> None:
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

        def on_stop(signum: int, frame: FrameType | None) -> None:
            self.stop()

        def on_reload(signum: int, frame: FrameType | None) -> None:
            threading.Thread(target=controller.reload, daemon=True).start()

        signal.signal(signal.SIGTERM, on_stop)
        signal.signal(signal.SIGINT, on_stop)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, on_reload)

    def _player_config(self) -> Path | None:
        return self.paths.config_file if self.paths.config_file.exists() else None

    def _render_chart(self, summary: stats.Summary) -> Path:
        from deskbreak.desktop import chart

        return chart.save_week(summary, self.paths.state_dir / "week.png")


def _first_settings(watch: ConfigWatch, problems: list[tuple[str, str]]) -> Settings:
    """The settings to start with: the config file's, or the defaults if it is invalid."""
    try:
        return watch.read()
    except ConfigErrors as exc:
        problems.append(("Config not applied", f"{exc.message} — using the built-in defaults"))
        return Settings()


def _relay(
    clicks: queue.SimpleQueue[NoticeAction | None], handle: Callable[[NoticeAction], None]
) -> None:
    """Hand each notification click to the controller, until None says stop."""
    while (action := clicks.get()) is not None:
        try:
            handle(action)
        except Exception:
            log.exception("notification action %s failed", action)


def open_with_desktop(path: Path) -> None:
    """Open a file with the desktop's default application, without waiting for it."""
    if sys.platform == "darwin":
        command = ["open", str(path)]
    elif os.name == "nt":
        os.startfile(path)  # type: ignore[attr-defined]
        return
    else:
        command = ["xdg-open", str(path)]
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        log.warning("could not open %s: %s", path, exc)
