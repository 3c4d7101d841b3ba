"""The tray icon the daemon shows: its lifecycle, its updates and what its menu does.

Owns the `Tray`: choosing the backend (`choice`) and building it through its factory, the
picture, tooltip and attention state for each status, the menu (a pure function of the
status: `menu.build`), carrying out a chosen item through the `Commands` port and showing
a refused Reply through `notify`, and the control window a left click opens. It drives the
backend only through the `backend.TrayBackend` interface, and tells it only what changed.
`stop()` never blocks and never touches the backend from the calling thread (it may be a
signal handler): the backend's own `stop()`, which never blocks either, is called from a
thread of its own. Edge module: imports no tray library itself; must not import tkinter,
the engine or the controller.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from deskbreak import lang, threads
from deskbreak.core import safety
from deskbreak.core.i18n import _
from deskbreak.core.ports import Commands, Reply
from deskbreak.core.status import State, Status
from deskbreak.desktop import icon as pictures
from deskbreak.desktop.tray import choice
from deskbreak.desktop.tray.backend import Factory, Picture, TrayBackend
from deskbreak.desktop.tray.menu import Command, Do, Item, build, panel_item

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

APP = "deskbreak"
CONTROL_WINDOW = (sys.executable, "-m", "deskbreak.desktop.controlwindow")
SAFETY_WINDOW = (sys.executable, "-m", "deskbreak.desktop.safetywindow")

Notify = Callable[[str, str], None]


class Tray:
    """The icon; `run()` blocks on the main thread, `update()` and `stop()` from any."""

    def __init__(
        self,
        commands: Commands,
        on_quit: Callable[[], None],
        *,
        notify: Notify,
        backend: str = "auto",
        env: Mapping[str, str] | None = None,
        on_click: Callable[[], None] | None = None,
        control_command: Sequence[str] = CONTROL_WINDOW,
        safety_command: Sequence[str] = SAFETY_WINDOW,
        factory: Factory | None = None,
    ) -> None:
        self._commands = commands
        self._on_quit = on_quit
        self._notify = notify
        self._setting = backend
        self._env = os.environ if env is None else env
        self._on_click = on_click
        self._control_command = tuple(control_command)
        self._safety_command = tuple(safety_command)
        self._factory = factory  # given: this builds the backend, whatever the desktop
        self._lock = threading.Lock()
        self._status: Status | None = None
        self._key: tuple[object, ...] | None = None
        self._title = ""
        self._items: tuple[Item, ...] | None = None
        self._attention = False
        self._icon: TrayBackend | None = None
        self._control: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self._never_docked = threading.Event()
        self.backend: str | None = None
        self.reason: str | None = None
        self.redraws = 0

    @property
    def available(self) -> bool:
        """False when no tray can be shown; `reason` says why (call `check()` first)."""
        return self.reason is None

    @property
    def docked(self) -> threading.Event:
        """Set once the icon is in a tray (docked on XEmbed, registered on SNI)."""
        icon = self._icon
        return self._never_docked if icon is None else icon.docked

    def check(self) -> bool:
        """Choose the backend for this desktop; sets `backend` and `reason`."""
        if self._factory is not None:
            self.reason = None
            return True
        chosen = choice.choose(self._setting, self._env)
        self.backend, self.reason = chosen.backend, chosen.reason
        self._factory = chosen.factory
        if chosen.backend is None:
            log.warning("no tray icon: %s", chosen.reason)
        return chosen.backend is not None

    # -- lifecycle ---------------------------------------------------------------------

    def create(self) -> TrayBackend:
        """Build the chosen backend and give it what to show (imports its libraries)."""
        if self._icon is not None:
            return self._icon
        if self._factory is None and not self.check():
            raise RuntimeError(f"no tray icon: {self.reason}")
        assert self._factory is not None
        icon = self._factory(APP, self._env, self.perform)
        status = self._status
        items = self.menu_items() if icon.has_menu else (panel_item(),)
        title = pictures.tooltip(status) if status else APP
        icon.show(_picture(status), title, items)
        attention = status is not None and status.state is State.DUE
        with self._lock:
            self._icon, self.backend = icon, icon.name
            self._title, self._items, self._attention = title, items, attention
        if attention:
            icon.attention(True)
        return icon

    def run(self) -> None:
        """Show the icon and block until `stop()`; call on the main thread."""
        icon = self.create()
        with self._lock:
            stopped = self._stopped
        if not stopped:
            icon.run()

    def stop(self) -> None:
        """End `run()`; returns at once, safe from a signal handler and more than once."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            icon = self._icon
        if icon is not None:
            threads.make("deskbreak-tray-stop", icon.stop).start()

    # -- updates -----------------------------------------------------------------------

    def update(self, status: Status) -> None:
        """Show a new status; tells the backend only what changed."""
        items = self.menu_items(status)
        due = status.state is State.DUE
        with self._lock:
            if self._stopped:
                return
            self._status = status
            key, title = pictures.icon_key(status), pictures.tooltip(status)
            redraw, retitle, remenu = key != self._key, title != self._title, items != self._items
            alert = due != self._attention
            self._key, self._title, self._items, self._attention = key, title, items, due
            icon = self._icon
        if icon is None:
            return
        if redraw:
            self.redraws += 1
        remenu = remenu and icon.has_menu
        if redraw or retitle or remenu:
            icon.update(
                _picture(status) if redraw else None,
                title if retitle else None,
                items if remenu else None,
            )
        if alert:
            icon.attention(due)

    def notify(self, title: str, message: str) -> None:
        """The tray's own balloon (last resort of the notifier chain)."""
        icon = self._icon
        if icon is not None:
            icon.notify(title, message)
        else:
            log.info("%s: %s", title, message)

    # -- the menu ----------------------------------------------------------------------

    def menu_items(self, status: Status | None = None) -> tuple[Item, ...]:
        """The menu model for `status` (default: the last one shown)."""
        shown = status if status is not None else self._status
        return build(shown, self._commands.routines(), self._commands.snooze_choices())

    def perform(self, command: Command) -> None:
        """Carry out a menu item; a refused or failed command is told, never raised."""
        c = self._commands
        actions: dict[Do, Callable[[], Reply | None]] = {
            Do.OPEN_PANEL: self.clicked,
            Do.START: lambda: c.start_break(command.routine),
            Do.SNOOZE: lambda: c.snooze(command.length),
            Do.SKIP: c.skip,
            Do.PAUSE: lambda: c.pause(command.pause) if command.pause else None,
            Do.RESUME: c.resume,
            Do.OPEN_CONFIG: c.open_config,
            Do.RELOAD: c.reload,
            Do.STATS: c.show_stats,
            Do.SAFETY: self.open_safety_window,
            Do.QUIT: self.quit,
        }
        try:
            reply = actions[command.do]()
        except Exception:
            log.exception("tray action %s failed", command.do)
            # Translators: a notification after a tray menu action failed unexpectedly.
            self._notify(APP, _("That did not work; the log file has the details."))
            return
        if reply is not None and not reply.ok:
            self._notify(APP, reply.message)

    def quit(self) -> None:
        self._on_quit()
        self.stop()

    def clicked(self) -> None:
        """A left click on the icon: `on_click` if given, else the control window."""
        if self._on_click is not None:
            self._on_click()
        else:
            self.open_control_window()

    def open_control_window(self) -> int | None:
        """Start the control window process near the click (once at a time); its PID."""
        if self._control is not None and self._control.poll() is None:
            log.info("the control window is already open")
            return self._control.pid
        command = list(self._control_command)
        icon = self._icon
        near = icon.last_click if icon is not None else None
        if near:
            command += ["--near", f"{near[0]},{near[1]}"]
        try:
            # the window speaks the daemon's language: DESKBREAK_LANGUAGE tells it which
            self._control = subprocess.Popen(command, env=lang.child_environ())
        except OSError as exc:
            # Translators: {error} is the operating system's reason, e.g. "Permission denied".
            message = _("Could not open the control window: {error}").format(error=exc)
            self._notify(APP, message)
            return None
        threads.make("deskbreak-control-window-reaper", self._control.wait).start()  # reap it
        return self._control.pid

    def open_safety_window(self) -> None:
        """Start the window with the safety sheet, as `deskbreak safety` prints it."""
        try:
            window = subprocess.Popen(self._safety_command, env=lang.child_environ())
        except OSError as exc:
            log.warning("could not open the safety window: %s", exc)
            self._notify(APP, _(safety.SAFETY_NOTE))  # the note is read all the same
            return
        threads.make("deskbreak-safety-window-reaper", window.wait).start()  # reap it


def _picture(status: Status | None) -> Picture:
    """The icon for `status`, drawn at any size (blank before the first status)."""
    return _blank if status is None else partial(pictures.render, status)


def _blank(size: int) -> Image.Image:
    from PIL import Image

    return Image.new("RGBA", (size, size), (0, 0, 0, 0))
