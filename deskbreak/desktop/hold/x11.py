"""Fullscreen on X11: the active window's `_NET_WM_STATE_FULLSCREEN`, from PropertyNotify.

Owns a display connection of its own on a thread of its own. It listens for property
changes on the root window (`_NET_ACTIVE_WINDOW`: the focus moved) and on the active
window (`_NET_WM_STATE`: it went fullscreen or back), so it sees each change as it
happens and reads nothing in between. A presentation, a fullscreen video or a game
holds a break; a maximised window does not.
Edge module: imports python-xlib lazily.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
from collections.abc import Mapping
from typing import Any

from deskbreak import threads
from deskbreak.core.i18n import _
from deskbreak.core.ports import HoldReport, HoldSignal

log = logging.getLogger(__name__)

FULLSCREEN = frozenset({HoldSignal.FULLSCREEN})


def available(env: Mapping[str, str]) -> str | None:
    if not env.get("DISPLAY"):
        # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`).
        return _("no X11 display")
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        # Translators: why a hold source cannot work on this desktop (`deskbreak doctor`).
        return _("a Wayland session: X11 sees only its own clients' windows")
    return None


class X11Fullscreen:
    name = "x11-fullscreen"
    signals = FULLSCREEN

    def __init__(self, display: str) -> None:
        self._display_name = display
        self._wake_r, self._wake_w = os.pipe()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._active: Any = None
        self._last: frozenset[HoldSignal] | None = None
        self._report: HoldReport = lambda signals: None

    def start(self, report: HoldReport) -> None:
        self._report = report
        self._thread = threads.make("deskbreak-hold-x11", self._run)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=3)
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _run(self) -> None:
        try:
            from Xlib import X, display

            d = display.Display(self._display_name)
        except Exception as exc:
            log.info("fullscreen: no X11 display %s: %s", self._display_name, exc)
            return
        try:
            d.set_error_handler(lambda *args: None)  # a window gone meanwhile is not an error
            atoms = {n: d.intern_atom(n) for n in ("_NET_ACTIVE_WINDOW", "_NET_WM_STATE")}
            full = d.intern_atom("_NET_WM_STATE_FULLSCREEN")
            root = d.screen().root
            root.change_attributes(event_mask=X.PropertyChangeMask)
            self._follow(d, root, atoms, full)
            self._loop(d, root, atoms, full)
        except Exception:
            log.exception("fullscreen watch ended")
        finally:
            with contextlib.suppress(Exception):
                d.close()
            self._tell(frozenset())

    def _loop(self, d: Any, root: Any, atoms: Mapping[str, int], full: int) -> None:
        from Xlib import X

        while not self._stop.is_set():
            if not d.pending_events():
                ready, _, _ = select.select([d.fileno(), self._wake_r], [], [])
                if self._wake_r in ready:
                    return
            event = d.next_event()
            if event.type != X.PropertyNotify:
                continue
            if event.atom == atoms["_NET_ACTIVE_WINDOW"] and event.window == root:
                self._follow(d, root, atoms, full)
            elif event.atom == atoms["_NET_WM_STATE"]:
                self._check(atoms, full)

    def _follow(self, d: Any, root: Any, atoms: Mapping[str, int], full: int) -> None:
        from Xlib import X

        prop = root.get_full_property(atoms["_NET_ACTIVE_WINDOW"], X.AnyPropertyType)
        wid = int(prop.value[0]) if prop is not None and len(prop.value) else 0
        self._active = d.create_resource_object("window", wid) if wid else None
        if self._active is not None:
            self._active.change_attributes(event_mask=X.PropertyChangeMask)
        self._check(atoms, full)

    def _check(self, atoms: Mapping[str, int], full: int) -> None:
        from Xlib import X, error

        on = False
        if self._active is not None:
            try:
                state = self._active.get_full_property(atoms["_NET_WM_STATE"], X.AnyPropertyType)
            except error.XError:
                state = None
            on = state is not None and full in list(state.value)
        self._tell(FULLSCREEN if on else frozenset())

    def _tell(self, signals: frozenset[HoldSignal]) -> None:
        if signals != self._last:
            self._last = signals
            self._report(signals)
