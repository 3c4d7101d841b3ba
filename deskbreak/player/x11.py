"""The X11 hints the player window needs and Tk cannot set: no focus on map, a UTF-8 name.

Owns `x11_hints`: before mapping, `_NET_WM_USER_TIME = 0` on Tk's wrapper
window (the EWMH hint that tells the window manager not to focus a new
window, so typing carries on in the user's work until they click the player);
after mapping, WM_NAME rewritten as UTF8_STRING. Best effort: without Xlib or
on another windowing system it does nothing. Edge module: Xlib is imported
only inside `x11_hints`; must not import pystray or the daemon.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

RENAME_AGAIN_MS = 400


def x11_hints(root: tk.Tk, title: str) -> Callable[[], None]:
    """Set, before mapping, the X11 hints Tk cannot; return what to run once mapped.

    `_NET_WM_USER_TIME = 0` on the wrapper asks the window manager not to focus
    the new window. After mapping, WM_NAME is rewritten as UTF8_STRING: Tk
    stores the UTF-8 title labelled as Latin-1 STRING, which garbles the dash
    for tools that read WM_NAME (xdotool, older window lists).
    """
    if root.tk.call("tk", "windowingsystem") != "x11":
        return lambda: None
    try:
        from Xlib import Xatom
        from Xlib import display as xdisplay

        root.update_idletasks()  # creates Tk's wrapper window without mapping it
        conn = xdisplay.Display(str(root.tk.call("winfo", "screen", ".")))
        inner = conn.create_resource_object("window", root.winfo_id())
        wrapper = inner.query_tree().parent
        wrapper.change_property(conn.intern_atom("_NET_WM_USER_TIME"), Xatom.CARDINAL, 32, [0])
        conn.flush()
    except Exception as exc:  # best effort: the window still works without the hints
        log.info("could not set the X11 hints: %s", exc)
        return lambda: None

    def set_name(*, last: bool) -> None:
        try:
            utf8 = conn.intern_atom("UTF8_STRING")
            wrapper.change_property(Xatom.WM_NAME, utf8, 8, title.encode("utf-8"))
            conn.flush()
        except Exception as exc:
            log.info("could not set WM_NAME: %s", exc)
        if last:
            conn.close()

    def after_map() -> None:
        # Tk may store its own WM_NAME again just after the first map (the inner
        # window can map before the wrapper), so set it now and once more later.
        set_name(last=False)
        root.after(RENAME_AGAIN_MS, lambda: set_name(last=True))

    return after_map


def work_area(root: tk.Tk) -> tuple[int, int]:
    """The room for windows on this screen, (width, height): the desktop's work area
    (`_NET_WORKAREA`, the screen less its panels) where the window manager publishes one,
    else the whole screen."""
    screen = (root.winfo_screenwidth(), root.winfo_screenheight())
    if root.tk.call("tk", "windowingsystem") != "x11":
        return screen
    try:
        from Xlib import display as xdisplay

        conn = xdisplay.Display(str(root.tk.call("winfo", "screen", ".")))
        try:
            atom = conn.intern_atom("_NET_WORKAREA")
            prop = conn.screen().root.get_full_property(atom, 0)
        finally:
            conn.close()
    except Exception as exc:  # best effort: the whole screen is the next best answer
        log.info("could not read the work area: %s", exc)
        return screen
    if prop is None or len(prop.value) < 4:
        return screen
    width, height = int(prop.value[2]), int(prop.value[3])
    if width <= 0 or height <= 0:
        return screen
    return (min(width, screen[0]), min(height, screen[1]))
