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
import subprocess
import sys
import threading
from collections.abc import Mapping
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
from deskbreak.daemon import clock
from deskbreak.daemon.controller import Controller, Edges
from deskbreak.daemon.store import Store
from deskbreak.desktop.hold import catalog as hold_sources
from deskbreak.ipc import Server
from deskbreak.paths import Paths, ensure

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

    def load(self) -> tuple[Config, Mapping[str, Routine]]:
        config = load_config(self.paths.config_file)
        return config, catalogue(config)

    def run(self) -> int:
        from deskbreak.daemon.launcher import PlayerLauncher
        from deskbreak.daemon.sleepwatch import SleepWatch
        from deskbreak.daemon.timer import Timer
        from deskbreak.desktop.notify import BackgroundNotifier, build_notifier

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
        holder: list[Controller] = []
        idle, pushes = self._idle(holder)
        engine = Engine(
            config,
            routines,
            self.tz,
            idle_available=idle is not None,
            idle_pushes=pushes,
            wake_grace=self.wake_grace,
        )

        def on_action(action: NoticeAction) -> None:
            # Button callbacks arrive on the notifier's own event-loop thread; the
            # controller will call back into the notifier (close the notice), so the
            # work must not run on that thread or it would wait for itself.
            if holder:
                threading.Thread(
                    target=holder[0].on_notice_action, args=(action,), daemon=True
                ).start()

        notifier = BackgroundNotifier(build_notifier(on_action, tray_notify=self._tray_notify))
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
        holder.append(controller)
        server = Server(self.paths, controller)
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
            self._install_signals(controller, timer)
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

    @staticmethod
    def _idle(holder: list[Controller]) -> tuple[IdleSource | None, bool]:
        """The idle source, and whether it pushes its changes to the controller."""
        from deskbreak.desktop import idle as idle_sources

        def on_idle_change(change: IdleChange) -> None:
            if holder:  # changes before the controller exists: its first look sees them
                holder[0].on_idle_change(change)

        idle = idle_sources.choose()
        return idle, idle is not None and idle.watch(on_idle_change)

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

    def _install_signals(self, controller: Controller, timer: object) -> None:
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

    def _open_config(self, path: Path) -> None:
        if not path.exists():
            from deskbreak.cli.configcmd import example_text

            ensure(path.parent)
            path.write_text(example_text(), encoding="utf-8")
        open_with_desktop(path)

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
