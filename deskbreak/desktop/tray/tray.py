"""The tray icon the daemon shows: its lifecycle, its updates and what its menu does.

Owns the `Tray`: choosing the backend (`choice`), building the pystray Icon (`adapter`),
the picture, tooltip and attention state for each status, the menu (a pure function of
the status: `menu.build`), carrying out a chosen item through the `Commands` port and
showing a refused Reply through `notify`, and the control window a left click opens.
`stop()` never blocks and never touches the backend from the calling thread (it may be
a signal handler): the loop is ended from a helper thread, and an XEmbed loop that does
not answer is aborted. Edge module: imports pystray only through `adapter`; must not
import tkinter, the engine or the controller.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from deskbreak import lang, threads
from deskbreak.core.i18n import _
from deskbreak.core.ports import Commands, Reply
from deskbreak.core.status import State, Status
from deskbreak.desktop import icon as pictures
from deskbreak.desktop.tray import adapter, choice
from deskbreak.desktop.tray.menu import Command, Do, Item, build, panel_item

log = logging.getLogger(__name__)

APP = "deskbreak"
CONTROL_WINDOW = (sys.executable, "-m", "deskbreak.desktop.controlwindow")
ABORT_AFTER = 1.5  # seconds an XEmbed loop gets to end before its connection is cut
WITHOUT_MENU = ("xembed",)  # backends with no menu: a click opens the control window

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
    ) -> None:
        self._commands = commands
        self._on_quit = on_quit
        self._notify = notify
        self._setting = backend
        self._env = os.environ if env is None else env
        self._on_click = on_click
        self._control_command = tuple(control_command)
        self._lock = threading.Lock()
        self._status: Status | None = None
        self._key: tuple[object, ...] | None = None
        self._title = ""
        self._items: tuple[Item, ...] | None = None
        self._icon: Any = None
        self._control: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self._shown = threading.Event()
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
        event = getattr(self._icon, "docked", None) or getattr(self._icon, "registered", None)
        return event if isinstance(event, threading.Event) else self._shown

    def check(self) -> bool:
        """Choose the backend for this desktop; sets `backend` and `reason`."""
        chosen = choice.choose(self._setting, self._env)
        self.backend, self.reason = chosen.backend, chosen.reason
        if chosen.backend is None:
            log.warning("no tray icon: %s", chosen.reason)
        return chosen.backend is not None

    # -- lifecycle ---------------------------------------------------------------------

    def create(self) -> Any:
        """Build the pystray Icon of the chosen backend (imports pystray)."""
        if self._icon is not None:
            return self._icon
        if self.backend is None and not self.check():
            raise RuntimeError(f"no tray icon: {self.reason}")
        status = self._status
        self._icon = adapter.make_icon(
            str(self.backend),
            APP,
            image=pictures.render(status) if status else None,
            title=pictures.tooltip(status) if status else APP,
            menu=self.build_menu(),
            env=self._env,
            draw=self._drawer(status),
        )
        if status is not None and hasattr(self._icon, "set_attention"):
            self._icon.set_attention(status.state is State.DUE)
        return self._icon

    def run(self) -> None:
        """Show the icon and block until `stop()`; call on the main thread."""
        icon = self.create()
        if not self._stopped:
            icon.run(setup=self._setup)

    def stop(self) -> None:
        """End `run()`; returns at once, safe from a signal handler and more than once."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            icon = self._icon
        if icon is not None:
            threads.make("deskbreak-tray-stop", _end, icon).start()

    def _setup(self, icon: Any) -> None:
        if icon.icon is None:
            icon.icon = pictures.render(self._status) if self._status else _blank()
        icon.visible = True
        self._shown.set()
        if self._stopped:  # stop() came before the loop was running
            icon.stop()

    # -- updates -----------------------------------------------------------------------

    def update(self, status: Status) -> None:
        """Show a new status; touches the backend only for what changed."""
        items = self.menu_items(status)
        with self._lock:
            if self._stopped:
                return
            self._status = status
            key, title = pictures.icon_key(status), pictures.tooltip(status)
            redraw, retitle, remenu = key != self._key, title != self._title, items != self._items
            self._key, self._title, self._items = key, title, items
            icon = self._icon
        if icon is None:
            return
        if redraw:
            self.redraws += 1
            icon.draw = self._drawer(status)
            icon.icon = pictures.render(status)
        if retitle:
            icon.title = title
        if hasattr(icon, "set_attention"):
            icon.set_attention(status.state is State.DUE)
        if remenu and self.backend not in WITHOUT_MENU:
            icon.menu = adapter.to_pystray(items, self.perform)

    def _drawer(self, status: Status | None) -> Callable[[int], Any] | None:
        return None if status is None else partial(pictures.render, status)

    def notify(self, title: str, message: str) -> None:
        """The tray's own balloon (last resort of the notifier chain)."""
        icon = self._icon
        if icon is not None and getattr(icon, "HAS_NOTIFICATION", False):
            icon.notify(message, title)
        else:
            log.info("%s: %s", title, message)

    # -- the menu ----------------------------------------------------------------------

    def menu_items(self, status: Status | None = None) -> tuple[Item, ...]:
        """The menu model for `status` (default: the last one shown)."""
        shown = status if status is not None else self._status
        return build(shown, self._commands.routines(), self._commands.snooze_choices())

    def build_menu(self) -> Any:
        """The pystray Menu for the current status (on XEmbed: the click item only)."""
        if self.backend in WITHOUT_MENU:
            items: tuple[Item, ...] = (panel_item(),)
        else:
            items = self.menu_items()
        return adapter.to_pystray(items, self.perform)

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
        near = getattr(self._icon, "last_click", None)
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


def _end(icon: Any) -> None:
    """Stop `icon`'s loop; an XEmbed loop that does not end in time is aborted."""
    threads.make("deskbreak-tray-stop-call", _stop_icon, icon).start()
    ended = getattr(icon, "ended", None)
    if isinstance(ended, threading.Event) and not ended.wait(ABORT_AFTER):
        log.warning("the tray loop did not end; closing its connection")

        icon.abort()


def _stop_icon(icon: Any) -> None:
    try:
        icon.stop()
    except Exception:
        log.debug("stopping the tray icon", exc_info=True)


def _blank() -> Any:
    from PIL import Image

    return Image.new("RGBA", (64, 64), (0, 0, 0, 0))
