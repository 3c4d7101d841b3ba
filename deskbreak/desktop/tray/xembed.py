"""pystray's XEmbed (xorg) icon, made fit for daily use on X11 system trays.

Owns the fixes over pystray's xorg backend: clicks reach us (ButtonPressMask); the picture
is drawn for the slot the tray really gives us, kept round and centred on the panel's own
colour, and the slot is asked to be square; docking is retried at once and quietly when a
tray (re)starts (the system-tray MANAGER broadcast) instead of logging an AssertionError;
calls from other threads wait at most `CALL_TIMEOUT` for the X loop and never after it
ended; `abort()` ends a loop that does not answer by shutting its X connection down.
Edge module: imports pystray's xorg backend and python-xlib; must not import the daemon.
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
from collections.abc import Callable, Iterator
from typing import Any

from deskbreak import threads
from deskbreak.desktop.tray import xtooltip
from deskbreak.desktop.tray.loader import pystray

pystray("xorg")
from pystray import _xorg  # noqa: E402  (after the backend is named)
from Xlib import X, Xutil  # noqa: E402

log = logging.getLogger(__name__)

CALL_TIMEOUT = 2.0
MAX_SLOT = 128
Draw = Callable[[int], Any]  # size -> PIL RGBA image


class Icon(_xorg.Icon):  # type: ignore[misc]
    _systray_manager: Any
    _icon_data: Any
    SETUP_THREAD_TIMEOUT = 1.0  # stop() must not wait long for a slow setup

    def __init__(self, *args: Any, draw: Draw | None = None, **kwargs: Any) -> None:
        self.draw = draw
        self.docked = threading.Event()
        self.ended = threading.Event()
        self.clicks = 0
        self.dockings = self.undockings = 0  # how often a tray took us in, and let us go
        self.last_click: tuple[int, int] | None = None
        self._loop: threading.Thread | None = None
        self._pending: queue.Queue[tuple[Callable[[], None], threading.Event]] = queue.Queue()
        self._aborting = False
        self._quit = False
        self._background = (0, 0, 0)
        super().__init__(*args, **kwargs)
        self._message_handlers[X.ReparentNotify] = self._on_reparent
        self._message_handlers[X.ClientMessage] = self._on_client_message
        self._message_handlers[X.EnterNotify] = self._on_enter
        self._message_handlers[X.LeaveNotify] = self._on_leave
        self.tooltip = xtooltip.Tooltip(self._display)
        self._tip_at: float | None = None  # when the tooltip is due to show
        self._manager = self._display.intern_atom("MANAGER")
        root = self._display.screen().root
        root.change_attributes(event_mask=X.StructureNotifyMask)  # MANAGER broadcasts
        self._display.flush()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self._display.close()
        for fd in (getattr(self, "_wake_r", None), getattr(self, "_wake_w", None)):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    # -- the window ------------------------------------------------------------------

    def _create_window(self) -> Any:
        window = super()._create_window()
        mask = X.ExposureMask | X.StructureNotifyMask | X.ButtonPressMask
        mask |= X.EnterWindowMask | X.LeaveWindowMask  # for the tooltip
        window.change_attributes(event_mask=mask)
        return window

    def _on_button_press(self, event: Any) -> None:
        self._on_leave(event)
        if event.detail == 1:
            self.clicks += 1
            self.last_click = (event.root_x, event.root_y)
            threads.make("deskbreak-tray-click", self).start()

    def _on_enter(self, event: Any) -> None:
        if event.window.id == self._window.id:
            self._tip_at = time.monotonic() + xtooltip.DELAY

    def _on_leave(self, event: Any) -> None:
        self._tip_at = None
        self.tooltip.hide()

    def _update_title(self) -> None:
        super()._update_title()
        if self.tooltip.shown:
            self.tooltip.show(self.title, self._window)

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

    def _on_reparent(self, event: Any) -> None:
        if event.window.id != self._window.id:
            return
        log.debug("the icon's window now sits in %#x", event.parent.id)
        if event.parent.id == self._display.screen().root.id:
            self.undockings += 1
            self.docked.clear()
        else:
            self.dockings += 1
            self.docked.set()

    def _on_expose(self, event: Any) -> None:
        if event.window.id != self._window.id:
            return
        if event.type == X.ConfigureNotify:
            self._ask_square(event.width, event.height)
        self._draw()

    def _ask_square(self, width: int, height: int) -> None:
        """Ask the tray for a square slot as tall (or wide) as its panel."""
        side = min(MAX_SLOT, max(width, height, 16))
        if (width, height) == (side, side):
            return
        flags = Xutil.PMinSize | Xutil.PBaseSize
        self._window.set_wm_normal_hints(
            flags=flags, min_width=side, min_height=side, base_width=side, base_height=side
        )
        self._display.flush()

    def _assert_icon_data(self, width: int, height: int) -> None:
        if self._icon_data and self._icon_data.size == (width, height):
            return
        from PIL import Image

        self._background = self._panel_colour()
        side = max(1, min(width, height))
        picture = self.draw(side) if self.draw else None
        if picture is None:
            picture = self._icon.resize((side, side), Image.Resampling.LANCZOS)
        picture = picture.convert("RGBA")
        canvas = Image.new("RGB", (width, height), self._background)
        canvas.paste(picture, ((width - side) // 2, (height - side) // 2), picture)
        canvas.tostring = canvas.tobytes  # type: ignore[attr-defined]  # put_pil_image calls it
        self._icon_data = canvas

    def _panel_colour(self) -> tuple[int, int, int]:
        """The tray's background, read from a pixel just outside our window."""
        try:
            geometry = self._window.get_geometry()
            parent = self._window.query_tree().parent
            pg = parent.get_geometry()
            x = geometry.x - 1 if geometry.x > 0 else min(pg.width - 1, geometry.x + geometry.width)
            y = geometry.y + geometry.height // 2
            image = parent.get_image(x, y, 1, 1, X.ZPixmap, 0xFFFFFFFF)
            blue, green, red = image.data[0], image.data[1], image.data[2]
            return red, green, blue
        except Exception:
            return self._background

    # -- docking, quietly --------------------------------------------------------------

    def _show(self) -> None:
        self._try_dock()

    def _update_icon(self) -> None:
        self._icon_data = None
        self._draw()
        self._icon_valid = True

    def _try_dock(self) -> None:
        """Ask the tray that owns the selection now to dock us (once per tray)."""
        try:
            owner = self._get_systray_manager()
            if owner is None or (self._systray_manager and owner.id == self._systray_manager.id):
                return
            self._dock_window()
        except Exception:
            log.debug("could not dock the tray icon yet", exc_info=True)
        if not self._systray_manager:
            log.debug("no system tray yet; the icon docks when one starts")

    def _on_destroy_notify(self, event: Any) -> None:
        manager = self._systray_manager
        log.debug("destroyed: %#x (the tray: %s)", event.window.id, manager and hex(manager.id))
        if manager is None or event.window.id != manager.id:
            return
        self._systray_manager = None
        self.docked.clear()
        self._try_dock()  # a new tray may already be there; else MANAGER will tell us

    def _on_manager(self, event: Any) -> None:
        if event.data[1][1] == self._net_system_tray_sx and self.visible:
            log.info("a system tray started; docking the icon")
            self._try_dock()
            self._icon_data = None

    # -- the loop, and calls into it from other threads ---------------------------------
    # Only the loop thread touches the X connection: python-xlib's locking lets an event
    # read by one thread's flush leave another thread blocked in next_event for good. Other
    # threads queue their call and wake the loop through a pipe (stop and abort too); an
    # idle loop sleeps until X or the pipe has something for it.

    def _run(self) -> None:
        self._loop = self._thread = threading.current_thread()
        self._mark_ready()
        self._mainloop()

    def _mainloop(self) -> None:
        try:
            for event in self._events():
                if event.type == X.DestroyNotify and event.window == self._window:
                    break
                self._message_handlers.get(event.type, lambda e: None)(event)
        except Exception:
            if not self._aborting:
                log.warning("the tray icon lost its X connection", exc_info=True)
        finally:
            self.ended.set()
            self._running = False
            self._fail_pending()

    def _events(self) -> Iterator[Any]:
        display, fd = self._display, self._display.fileno()
        while not self._quit:
            while display.pending_events():
                yield display.next_event()
            readable, _, _ = select.select([fd, self._wake_r], [], [], self._tooltip_due())
            if self._wake_r in readable:
                os.read(self._wake_r, 512)
                self._run_calls()

    def abort(self) -> None:
        """End a loop that does not answer: ask it to quit, and cut its X connection."""
        self._aborting = self._quit = True
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"q")
        with contextlib.suppress(OSError):
            self._display.display.socket.shutdown(socket.SHUT_RDWR)

    def _rewrite_implementation(self, *methods: Callable[[], None]) -> None:
        self._wake_r, self._wake_w = os.pipe()
        for original in methods:
            setattr(self, original.__name__, self._dispatcher(original))

    def _dispatcher(self, original: Callable[[], None]) -> Callable[[], None]:
        def call() -> None:
            loop = self._loop
            if loop is None or threading.current_thread() is loop:
                original()
            elif not self.ended.is_set():
                # Only a stop is waited for; a new picture, title or menu is queued and the
                # caller (the owner thread) goes on, so one status change costs it no waits.
                self._call_in_loop(original, wait=original.__name__ == "_stop")

        return call

    def _call_in_loop(self, original: Callable[[], None], *, wait: bool = True) -> None:
        done = threading.Event()
        self._pending.put((original, done))
        try:
            os.write(self._wake_w, b"c")
        except OSError:
            return
        if wait and not done.wait(CALL_TIMEOUT) and not self.ended.is_set():
            log.warning(
                "the tray loop did not answer %s within %s s", original.__name__, CALL_TIMEOUT
            )

    def _run_calls(self) -> None:
        while True:
            try:
                original, done = self._pending.get_nowait()
            except queue.Empty:
                return
            try:
                original()
            except Exception:
                log.debug("tray %s failed", original.__name__, exc_info=True)
            finally:
                done.set()
            if original.__name__ == "_stop":
                self._quit = True

    def _fail_pending(self) -> None:
        while True:
            try:
                _original, done = self._pending.get_nowait()
            except queue.Empty:
                return
            done.set()

    def _on_client_message(self, event: Any) -> None:
        if event.client_type == self._manager:
            self._on_manager(event)
