"""A tray backend for X11 system trays (XEmbed), over python-xlib.

Owns the icon window and its life in a system tray: the window is created with XEmbed info
and asked to be docked by whichever tray owns `_NET_SYSTEM_TRAY_S<n>`; clicks reach us
(ButtonPressMask) and run the menu's default item (XEmbed has no menu); the picture is
drawn for the slot the tray really gives us, kept round and centred on the panel's own
colour, and the slot is asked to be square; docking is retried at once and quietly when a
tray (re)starts (the system-tray MANAGER broadcast); the tooltip is a window of our own
(`xtooltip`). Only the loop thread touches the X connection: `update()` queues its change
and wakes the loop through a pipe, and `stop()` does the same and, should the loop not end
within `ABORT_AFTER`, cuts its X connection.
Edge module: imports python-xlib; must not import pystray or the daemon.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import Xlib.threaded  # noqa: F401  (python-xlib's locks for a connection used from two threads)
from Xlib import X, Xutil
from Xlib import display as xdisplay
from Xlib import error as xerror

from deskbreak import threads
from deskbreak.desktop.tray import xdock, xtooltip
from deskbreak.desktop.tray.backend import Perform, Picture, default_command
from deskbreak.desktop.tray.menu import Item

if TYPE_CHECKING:
    from PIL import Image
    from Xlib.display import Display
    from Xlib.protocol.rq import Event
    from Xlib.xobject.drawable import Window

log = logging.getLogger(__name__)

ABORT_AFTER = 1.5  # seconds a loop gets to end after stop() before its connection is cut
XEMBED_VERSION, XEMBED_MAPPED = 0, 1

Call = Callable[[], None]


class XembedBackend:
    """The icon as a window a system tray embeds; `run()` is its X event loop."""

    has_menu = False

    def __init__(self, app: str, perform: Perform, *, display: str | None = None) -> None:
        self.app = app
        self.title = ""
        self.ended = threading.Event()
        self.clicks = 0
        self.dockings = self.undockings = 0  # how often a tray took us in, and let us go
        self._perform = perform
        self._picture: Picture | None = None
        self._items: tuple[Item, ...] = ()
        self._docked = threading.Event()
        self._last_click: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._loop: threading.Thread | None = None
        self._stopping = False
        self._pending: queue.Queue[Call] = queue.Queue()
        self._aborting = False
        self._quit = False
        self._background = (0, 0, 0)
        self._icon_data: Image.Image | None = None
        self._systray_manager: Window | None = None
        self._tip_at: float | None = None  # when the tooltip is due to show
        self._wake_r, self._wake_w = os.pipe()
        self._display: Display = xdisplay.Display(display)
        self._xembed_info = self._display.intern_atom("_XEMBED_INFO")
        screen_number = self._display.get_default_screen()
        self._net_system_tray_sx = self._display.intern_atom(f"_NET_SYSTEM_TRAY_S{screen_number}")
        self._net_system_tray_opcode = self._display.intern_atom("_NET_SYSTEM_TRAY_OPCODE")
        self._manager = self._display.intern_atom("MANAGER")
        self._window: Window = self._create_window()
        self._gc = self._window.create_gc()
        self.tooltip = xtooltip.Tooltip(self._display)
        root = self._display.screen().root
        root.change_attributes(event_mask=X.StructureNotifyMask)  # MANAGER broadcasts
        self._display.sync()
        self._handlers: dict[int, Callable[[Event], None]] = {
            X.ButtonPress: self._on_button_press,
            X.ConfigureNotify: self._on_expose,
            X.DestroyNotify: self._on_destroy_notify,
            X.Expose: self._on_expose,
            X.ReparentNotify: self._on_reparent,
            X.ClientMessage: self._on_client_message,
            X.EnterNotify: self._on_enter,
            X.LeaveNotify: self._on_leave,
        }

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self._display.close()
        for fd in (getattr(self, "_wake_r", None), getattr(self, "_wake_w", None)):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    # -- the TrayBackend interface -----------------------------------------------------

    @property
    def name(self) -> str:
        return "xembed"

    @property
    def docked(self) -> threading.Event:
        return self._docked

    @property
    def last_click(self) -> tuple[int, int] | None:
        return self._last_click

    @property
    def window_id(self) -> int:
        """The icon window's X id."""
        return int(self._window.id)

    def show(self, picture: Picture, title: str, items: Sequence[Item]) -> None:
        self.update(picture, title, items)

    def update(
        self,
        picture: Picture | None = None,
        title: str | None = None,
        items: Sequence[Item] | None = None,
    ) -> None:
        """Keep the new parts and have the loop show them; the caller never waits."""
        if items is not None:
            self._items = tuple(items)  # only the default item is used: on a click
        retitle = title is not None and title != self.title
        with self._lock:
            if picture is not None:
                self._picture = picture
            if title is not None:
                self.title = title
        if picture is not None:
            self._in_loop(self._redraw)
        if retitle:
            self._in_loop(self._retitle)

    def attention(self, on: bool) -> None:
        del on  # XEmbed has no attention state: the picture shows it

    def notify(self, title: str, message: str) -> None:
        log.info("%s: %s", title or self.title, message)  # XEmbed has no balloon

    def run(self) -> None:
        with self._lock:
            if self._stopping:
                return
            self._loop = threading.current_thread()
        self._retitle()
        self._try_dock()
        self._redraw()
        self._mainloop()

    def stop(self) -> None:
        with self._lock:
            if self._stopping:
                return
            self._stopping = True
            running = self._loop is not None
        if running:
            self._in_loop(self._close, ending=True)
            threads.make("deskbreak-tray-xembed-abort", self._abort_unless_ended).start()

    def abort(self) -> None:
        """End a loop that does not answer: ask it to quit, and cut its X connection."""
        self._aborting = self._quit = True
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"q")
        with contextlib.suppress(OSError):
            self._display.display.socket.shutdown(socket.SHUT_RDWR)

    def _abort_unless_ended(self) -> None:
        if not self.ended.wait(ABORT_AFTER):
            log.warning("the tray loop did not end; closing its connection")
            self.abort()

    # -- the window ------------------------------------------------------------------

    def _create_window(self) -> Window:
        screen = self._display.screen()
        mask = X.ExposureMask | X.StructureNotifyMask | X.ButtonPressMask
        mask |= X.EnterWindowMask | X.LeaveWindowMask  # for the tooltip
        window = screen.root.create_window(
            -1, -1, 1, 1, 0, screen.root_depth, event_mask=mask, window_class=X.InputOutput
        )
        window.set_wm_class(f"{self.app}SystemTrayIcon", self.app)
        window.set_wm_name(self.title)
        flags = Xutil.PPosition | Xutil.PSize | Xutil.PMinSize
        window.set_wm_normal_hints(flags=flags, min_width=24, min_height=24)
        info = [XEMBED_VERSION, XEMBED_MAPPED]
        window.change_property(self._xembed_info, self._xembed_info, 32, info)
        return window

    def _retitle(self) -> None:
        self._window.set_wm_name(self.title)
        self._display.flush()
        if self.tooltip.shown:
            self.tooltip.show(self.title, self._window)

    def _redraw(self) -> None:
        self._icon_data = None
        self._draw()

    def _close(self) -> None:
        self._window.destroy()
        self._display.flush()
        self._quit = True

    def _on_button_press(self, event: Event) -> None:
        self._on_leave(event)
        if event.detail == 1:
            self.clicks += 1
            self._last_click = (event.root_x, event.root_y)
            command = default_command(self._items)
            if command is not None:
                threads.make("deskbreak-tray-click", self._perform, command).start()

    def _on_enter(self, event: Event) -> None:
        if event.window.id == self._window.id:
            self._tip_at = time.monotonic() + xtooltip.DELAY

    def _on_leave(self, event: Event) -> None:
        self._tip_at = None
        self.tooltip.hide()

    def _tooltip_due(self) -> float | None:
        """Seconds the loop may sleep before the tooltip is due (None: as long as it likes;
        an idle icon must not wake the process)."""
        if self._tip_at is None:
            return None
        left = self._tip_at - time.monotonic()
        if left <= 0:
            self._tip_at = None
            self.tooltip.show(self.title, self._window)
            return None
        return left

    def _on_reparent(self, event: Event) -> None:
        if event.window.id != self._window.id:
            return
        log.debug("the icon's window now sits in %#x", event.parent.id)
        if event.parent.id == self._display.screen().root.id:
            self.undockings += 1
            self._docked.clear()
        else:
            self.dockings += 1
            self._docked.set()

    def _on_expose(self, event: Event) -> None:
        if event.window.id != self._window.id:
            return
        if event.type == X.ConfigureNotify:
            self._ask_square(event.width, event.height)
        self._draw()

    def _draw(self) -> None:
        try:
            geometry = self._window.get_geometry()
            picture = self._icon_at(geometry.width, geometry.height)
            if picture is not None:
                self._window.put_pil_image(self._gc, 0, 0, picture)
        except xerror.BadDrawable:
            pass  # the window is gone

    def _ask_square(self, width: int, height: int) -> None:
        xdock.ask_square(self._display, self._window, width, height)

    def _icon_at(self, width: int, height: int) -> Image.Image | None:
        """The picture drawn for a `width`×`height` slot on the panel's colour (cached)."""
        if self._icon_data and self._icon_data.size == (width, height):
            return self._icon_data
        with self._lock:
            draw = self._picture
        if draw is None:
            return None
        self._background = xdock.panel_colour(self._window, self._background)
        self._icon_data = xdock.on_panel(draw, width, height, self._background)
        return self._icon_data

    # -- docking, quietly --------------------------------------------------------------

    def _try_dock(self) -> None:
        """Ask the tray that owns the selection now to dock us (once per tray)."""
        try:
            owner = self._systray_owner()
            known = self._systray_manager
            if owner is not None and (known is None or owner.id != known.id):
                self._dock_in(owner)
        except Exception:
            log.debug("could not dock the tray icon yet", exc_info=True)
        if not self._systray_manager:
            log.debug("no system tray yet; the icon docks when one starts")

    def _systray_owner(self) -> Window | None:
        return xdock.selection_owner(self._display, self._net_system_tray_sx)

    def _dock_in(self, manager: Window) -> None:
        self._systray_manager = manager
        xdock.request_dock(self._display, manager, self._net_system_tray_opcode, self._window)

    def _on_destroy_notify(self, event: Event) -> None:
        manager = self._systray_manager
        log.debug("destroyed: %#x (the tray: %s)", event.window.id, manager and hex(manager.id))
        if manager is None or event.window.id != manager.id:
            return
        self._systray_manager = None
        self._docked.clear()
        self._try_dock()  # a new tray may already be there; else MANAGER will tell us

    def _on_client_message(self, event: Event) -> None:
        if event.client_type == self._manager and event.data[1][1] == self._net_system_tray_sx:
            log.info("a system tray started; docking the icon")
            self._try_dock()
            self._icon_data = None

    # -- the loop, and calls into it from other threads ---------------------------------
    # Only the loop thread touches the X connection: python-xlib's locking lets an event
    # read by one thread's flush leave another thread blocked in next_event for good. Other
    # threads queue their call and wake the loop through a pipe (stop and abort too); an
    # idle loop sleeps until X or the pipe has something for it.

    def _mainloop(self) -> None:
        try:
            for event in self._events():
                if event.type == X.DestroyNotify and event.window == self._window:
                    break
                handler = self._handlers.get(event.type)
                if handler is not None:
                    handler(event)
        except Exception:
            if not self._aborting:
                log.warning("the tray icon lost its X connection", exc_info=True)
        finally:
            self.ended.set()

    def _events(self) -> Iterator[Event]:
        display, fd = self._display, self._display.fileno()
        while not self._quit:
            while display.pending_events():
                yield display.next_event()
            readable, _, _ = select.select([fd, self._wake_r], [], [], self._tooltip_due())
            if self._wake_r in readable:
                os.read(self._wake_r, 512)
                self._run_calls()

    def _in_loop(self, call: Call, *, ending: bool = False) -> None:
        """Have the loop run `call` (at once when this is the loop); a loop that has not
        started yet shows the new state when it starts, one that ended shows nothing."""
        with self._lock:
            loop = self._loop
        if loop is None or self.ended.is_set():
            return
        if threading.current_thread() is loop:
            call()
            return
        self._pending.put(call)
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"q" if ending else b"c")

    def _run_calls(self) -> None:
        while True:
            try:
                call = self._pending.get_nowait()
            except queue.Empty:
                return
            try:
                call()
            except Exception:
                log.debug("tray %s failed", call.__name__, exc_info=True)
