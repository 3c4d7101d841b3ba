"""The tray icon and its menu: what the user sees and clicks between breaks.

Owns the pystray `Icon`: choosing a backend, the menu (Start, Routines, Snooze,
Skip, Pause/Resume, status lines, config, statistics, Quit), cheap thread-safe
updates from the daemon, and the xorg workarounds (pystray's xorg icon has no
menu and gets no clicks as shipped; we add ButtonPressMask and open the control
window on a left click; we check docking once and retry it once). Every action
calls a `Commands` method and shows a refused Reply through the `notify`
callback. Edge module: imports pystray and Xlib lazily (importing pystray opens
the X display); must not import tkinter, the engine or the controller.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from deskbreak.core.ports import Commands, PauseKind, PauseSpec, Reply
from deskbreak.core.status import State, Status
from deskbreak.desktop import icon as pictures

log = logging.getLogger(__name__)

APP = "deskbreak"
SKIPPABLE = (State.DUE, State.HEADS_UP, State.SNOOZED)
PAUSES: tuple[tuple[str, PauseSpec], ...] = (
    ("30 min", PauseSpec(PauseKind.FOR, length=timedelta(minutes=30))),
    ("1 hour", PauseSpec(PauseKind.FOR, length=timedelta(hours=1))),
    ("Until tomorrow", PauseSpec(PauseKind.TOMORROW)),
    ("Until I resume", PauseSpec(PauseKind.INDEFINITE)),
)
CONTROL_WINDOW = (sys.executable, "-m", "deskbreak.desktop.controlwindow")

Notify = Callable[[str, str], None]
Action = Callable[[], Reply]


def minutes_label(length: timedelta) -> str:
    """ "5 min", "1 h", "1 h 30 min" for a snooze choice."""
    minutes = int(length.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


class Tray:
    """The pystray icon; `run()` blocks on the main thread, `update()` from any thread."""

    def __init__(
        self,
        commands: Commands,
        on_quit: Callable[[], None],
        *,
        notify: Notify,
        env: Mapping[str, str] | None = None,
        on_click: Callable[[], None] | None = None,
        control_command: Sequence[str] = CONTROL_WINDOW,
    ) -> None:
        self._commands = commands
        self._on_quit = on_quit
        self._notify = notify
        self._env = os.environ if env is None else env
        self._on_click = on_click
        self._control_command = tuple(control_command)
        self._lock = threading.Lock()
        self._status: Status | None = None
        self._key: tuple[object, ...] | None = None
        self._title = ""
        self._icon: Any = None
        self._control: subprocess.Popen[bytes] | None = None
        self.backend: str | None = None
        self.redraws = 0
        self.docked = threading.Event()
        self.reason: str | None = None
        self._stopped = False

    @property
    def available(self) -> bool:
        """False when no tray can be shown; `reason` says why (call `check()` first)."""
        return self.reason is None

    def check(self) -> bool:
        """Pick the first backend whose tray host is there; sets `backend` and `reason`."""
        reasons: list[str] = []
        for backend in candidates(self._env):
            reason = probe(self._env, backend)
            if reason is None:
                self.backend, self.reason = backend, None
                return True
            reasons.append(reason)
        self.reason = "; ".join(dict.fromkeys(reasons))
        log.warning("no tray icon: %s", self.reason)
        return False

    # -- lifecycle ---------------------------------------------------------------

    def create(self) -> Any:
        """Build the pystray Icon (imports pystray with the chosen backend)."""
        if self._icon is not None:
            return self._icon
        if self.backend is None:
            self.backend = choose_backend(self._env)
        if self.backend:
            os.environ["PYSTRAY_BACKEND"] = self.backend  # pystray reads it at import
        import pystray

        status = self._status
        image = pictures.render(status) if status else None
        title = pictures.tooltip(status) if status else APP
        self._icon = pystray.Icon(APP, icon=image, title=title, menu=self.build_menu())
        if self.is_xorg:
            self._icon.menu = self.build_menu()
            _listen_for_clicks(self._icon)
        return self._icon

    @property
    def is_xorg(self) -> bool:
        return self._icon is not None and type(self._icon).__module__ == "pystray._xorg"

    def run(self) -> None:
        """Show the icon and block until Quit; call on the main thread."""
        tray = self.create()
        tray.run(setup=self._setup)

    def stop(self) -> None:
        """End `run()`; safe to call more than once (Quit and the daemon's stop both do)."""
        with self._lock:
            tray = self._icon
            already = self._stopped
            self._stopped = tray is not None
        if tray is not None and not already:
            tray.stop()

    def _setup(self, tray: Any) -> None:
        if tray.icon is None:
            tray.icon = pictures.render(self._status) if self._status else _blank()
        tray.visible = True
        if not self.is_xorg:
            self.docked.set()
            return
        # pystray never retries a failed dock request; check it and retry once.
        if docked(tray, timeout=3.0) or self._redock(tray):
            self.docked.set()
        else:
            log.warning("the tray icon did not dock; is the system tray running?")

    def _redock(self, tray: Any) -> bool:
        log.info("the tray icon did not dock; asking the tray once more")
        tray.visible = False
        tray.visible = True
        return docked(tray, timeout=3.0)

    # -- updates -----------------------------------------------------------------

    def update(self, status: Status) -> None:
        """Show a new status; redraws only when the picture or the title changes."""
        with self._lock:
            self._status = status
            key = pictures.icon_key(status)
            title = pictures.tooltip(status)
            redraw, retitle = key != self._key, title != self._title
            self._key, self._title = key, title
            tray = self._icon
        if tray is None:
            return
        if redraw:
            self.redraws += 1
            tray.icon = pictures.render(status)
        if retitle:
            tray.title = title
        if tray.visible:  # menus read the status lazily; native ones need a nudge
            tray.update_menu()

    def notify(self, title: str, message: str) -> None:
        """The tray's own balloon (last resort of the notifier chain)."""
        tray = self._icon
        if tray is not None and getattr(tray, "HAS_NOTIFICATION", False):
            tray.notify(message, title)
        else:
            log.info("%s: %s", title, message)

    # -- the menu ------------------------------------------------------------------

    def build_menu(self) -> Any:
        import pystray

        item, menu, sep = pystray.MenuItem, pystray.Menu, pystray.Menu.SEPARATOR
        if self.is_xorg:  # no menu on xorg: a click opens the control window
            return menu(item("Open deskbreak", self._act(self.clicked), default=True))
        return menu(
            item(self._start_text, self._act(self._commands.start_break), default=True),
            item("Routines", menu(self._routine_items)),
            item("Snooze", menu(self._snooze_items)),
            item("Skip this break", self._act(self._commands.skip), enabled=self._skippable),
            item("Pause", menu(self._pause_items), visible=lambda _: not self._paused()),
            item("Resume", self._act(self._commands.resume), visible=lambda _: self._paused()),
            sep,
            item(self._headline, None, enabled=False),
            item(self._today, None, enabled=False),
            sep,
            item("Open config", self._act(self._commands.open_config)),
            item("Reload config", self._act(self._commands.reload)),
            item("Statistics", self._act(self._commands.show_stats)),
            sep,
            item("Quit", self._act(self.quit)),
        )

    def _routine_items(self) -> Iterator[Any]:
        import pystray

        for routine in self._commands.routines():
            action = self._act(partial(self._commands.start_break, routine.id))
            yield pystray.MenuItem(routine.title, action)

    def _snooze_items(self) -> Iterator[Any]:
        import pystray

        refusal = self._status.snooze_refusal if self._status else None
        if refusal:
            yield pystray.MenuItem(refusal, None, enabled=False)
            return
        for length in self._commands.snooze_choices():
            action = self._act(partial(self._commands.snooze, length))
            yield pystray.MenuItem(minutes_label(length), action)

    def _pause_items(self) -> Iterator[Any]:
        import pystray

        for text, spec in PAUSES:
            yield pystray.MenuItem(text, self._act(partial(self._commands.pause, spec)))

    def _start_text(self, _item: Any) -> str:
        title = self._status.next_routine_title if self._status else "a routine"
        return f"Start {title} now"

    def _headline(self, _item: Any) -> str:
        return self._status.headline() if self._status else "Starting…"

    def _today(self, _item: Any) -> str:
        if self._status is None:
            return "Today: no breaks yet"
        return f"Today: {self._status.today.taken} of {self._status.goal} breaks"

    def _skippable(self, _item: Any) -> bool:
        return self._status is not None and self._status.state in SKIPPABLE

    def _paused(self) -> bool:
        return self._status is not None and self._status.state is State.PAUSED

    # -- actions -------------------------------------------------------------------

    def _act(self, fn: Callable[[], Reply | None]) -> Callable[[Any, Any], None]:
        def action(_icon: Any, _item: Any) -> None:
            try:
                reply = fn()
            except Exception:
                log.exception("tray action failed")
                self._notify(APP, "That did not work; the log file has the details.")
                return
            if reply is not None and not reply.ok:
                self._notify(APP, reply.message)

        return action

    def quit(self) -> None:
        self._on_quit()
        self.stop()

    def clicked(self) -> None:
        """A left click on the xorg icon: `on_click` if given, else the control window."""
        if self._on_click is not None:
            self._on_click()
        else:
            self.open_control_window()

    def open_control_window(self) -> int | None:
        """Start the control window process (once at a time); returns its PID."""
        if self._control is not None and self._control.poll() is None:
            log.info("the control window is already open")
            return self._control.pid
        try:
            self._control = subprocess.Popen(self._control_command)
        except OSError as exc:
            self._notify(APP, f"Could not open the control window: {exc}")
            return None
        threading.Thread(target=self._control.wait, daemon=True).start()  # reap it
        return self._control.pid


def _listen_for_clicks(tray: Any) -> None:
    """pystray's xorg window is created without ButtonPressMask; add it."""
    import Xlib.X

    mask = Xlib.X.ExposureMask | Xlib.X.StructureNotifyMask | Xlib.X.ButtonPressMask
    tray._window.change_attributes(event_mask=mask)
    tray._display.flush()


def _blank() -> Any:
    from PIL import Image

    return Image.new("RGBA", (64, 64), (0, 0, 0, 0))


# -- backends and tray hosts -------------------------------------------------------

SNI_WATCHER = "org.kde.StatusNotifierWatcher"


def candidates(env: Mapping[str, str]) -> list[str | None]:
    """Backends worth trying, best first: PYSTRAY_BACKEND alone if set."""
    explicit = env.get("PYSTRAY_BACKEND")
    if explicit:
        return [explicit]
    if sys.platform in ("darwin", "win32"):
        return [None]  # pystray's own choice is the only one there
    found: list[str | None] = []
    if _gi_has("AyatanaAppIndicator3", "0.1") or _gi_has("AppIndicator3", "0.1"):
        found.append("appindicator")
    if _gi_has("Gtk", "3.0"):
        found.append("gtk")
    return [*found, "xorg"]


def choose_backend(env: Mapping[str, str]) -> str | None:
    """The best backend this Python can load, without asking for a tray host."""
    return candidates(env)[0]


def _gi_has(namespace: str, version: str) -> bool:
    try:
        import gi

        gi.require_version(namespace, version)
    except (ImportError, ValueError):
        return False
    return True


def probe(env: Mapping[str, str], backend: str | None) -> str | None:
    """Why no tray icon can be shown, or None when a tray host is there."""
    if backend in (None, "dummy", "darwin", "win32"):
        return None
    if backend == "appindicator":
        return _probe_sni(env)
    display = env.get("DISPLAY")
    if not display:
        return "no X display (DISPLAY is not set)"
    try:
        from Xlib import X
        from Xlib import display as xdisplay

        conn = xdisplay.Display(display)
    except Exception as exc:
        return f"cannot open the X display {display}: {exc}"
    try:
        atom = conn.intern_atom(f"_NET_SYSTEM_TRAY_S{conn.get_default_screen()}")
        if conn.get_selection_owner(atom) == X.NONE:
            return "no system tray is running (nothing owns _NET_SYSTEM_TRAY_S0)"
        return None
    finally:
        conn.close()


def _probe_sni(env: Mapping[str, str]) -> str | None:
    address = env.get("DBUS_SESSION_BUS_ADDRESS")
    if not address:
        return "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    import asyncio  # ~2 MB, only for the AppIndicator backend's probe

    try:
        owned = asyncio.run(asyncio.wait_for(_has_owner(address, SNI_WATCHER), 3.0))
    except Exception as exc:
        return f"cannot ask the session bus for a tray host: {str(exc) or type(exc).__name__}"
    return None if owned else "no StatusNotifier tray host is running"


async def _has_owner(address: str, name: str) -> bool:
    from dbus_fast import Message
    from dbus_fast.aio import MessageBus

    bus = await MessageBus(bus_address=address).connect()
    try:
        reply = await bus.call(
            Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member="NameHasOwner",
                signature="s",
                body=[name],
            )
        )
        return bool(reply is not None and reply.body and reply.body[0])
    finally:
        bus.disconnect()


def docked(tray: Any, *, timeout: float) -> bool:
    """Whether pystray's xorg window has been reparented into a tray (polls)."""
    from Xlib import display as xdisplay

    conn = xdisplay.Display()
    try:
        window = conn.create_resource_object("window", tray._window.id)
        root = conn.screen().root.id
        deadline = time.monotonic() + timeout
        while True:
            if window.query_tree().parent.id != root:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)  # no event to wait on: the tray reparents us whenever it likes
    except Exception:
        log.debug("could not check docking", exc_info=True)
        return False
    finally:
        conn.close()
