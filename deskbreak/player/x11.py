"""The X11 hints the player window needs and Tk cannot set: the focus, a UTF-8 name.

Owns `x11_hints`: once the window is mapped, it takes the keyboard focus (Tk's
`focus -force`, and `_NET_ACTIVE_WINDOW` asked of an EWMH window manager as for a
direct user action: the player only ever opens because the user started a break
with Start, the tray or the command line, never for a reminder, which is a
notification), so Space, → and Esc work without a click; and WM_NAME is rewritten
as UTF8_STRING. Best effort: without Xlib or on another windowing system only Tk's
focus is asked for. Edge module: Xlib is imported only inside `x11_hints`; must not
import pystray or the daemon.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

RENAME_AGAIN_MS = 400
FROM_USER = 2  # _NET_ACTIVE_WINDOW's source indication for a direct user action


def x11_hints(root: tk.Tk, title: str) -> Callable[[], None]:
    """Prepare the X11 hints Tk cannot set; return what to run once the window is mapped.

    After mapping, the window takes the focus, and WM_NAME is rewritten as UTF8_STRING: Tk
    stores the UTF-8 title labelled as Latin-1 STRING, which garbles the dash for tools that
    read WM_NAME (xdotool, older window lists).
    """
    if root.tk.call("tk", "windowingsystem") != "x11":
        return lambda: take_focus(root, None, None)
    try:
        from Xlib import display as xdisplay

        root.update_idletasks()  # creates Tk's wrapper window without mapping it
        conn = xdisplay.Display(str(root.tk.call("winfo", "screen", ".")))
        wrapper = conn.create_resource_object("window", root.winfo_id()).query_tree().parent
    except Exception as exc:  # best effort: the window still works without the hints
        log.info("could not set the X11 hints: %s", exc)
        return lambda: take_focus(root, None, None)

    def set_name(*, last: bool) -> None:
        try:
            from Xlib import Xatom

            utf8 = conn.intern_atom("UTF8_STRING")
            wrapper.change_property(Xatom.WM_NAME, utf8, 8, title.encode("utf-8"))
            conn.flush()
        except Exception as exc:
            log.info("could not set WM_NAME: %s", exc)
        if last:
            conn.close()

    def after_map() -> None:
        take_focus(root, conn, wrapper)
        # Tk may store its own WM_NAME again just after the first map (the inner
        # window can map before the wrapper), so set it now and once more later.
        set_name(last=False)
        root.after(RENAME_AGAIN_MS, lambda: set_name(last=True))

    return after_map


def take_focus(root: tk.Tk, conn: Any, wrapper: Any) -> None:
    """Give the window the keyboard focus: ask the window manager to activate it (where
    there is an X connection) and set the focus with Tk (which works without one)."""
    if conn is not None:
        try:
            from Xlib import X
            from Xlib.protocol import event

            screen_root = conn.screen().root
            active = conn.intern_atom("_NET_ACTIVE_WINDOW")
            data = (32, [FROM_USER, X.CurrentTime, 0, 0, 0])
            message = event.ClientMessage(window=wrapper, client_type=active, data=data)
            mask = X.SubstructureRedirectMask | X.SubstructureNotifyMask
            screen_root.send_event(message, event_mask=mask)
            conn.flush()
        except Exception as exc:
            log.info("could not ask for the focus: %s", exc)
    try:
        root.focus_force()
    except Exception as exc:  # a window going away as it maps
        log.info("could not take the focus: %s", exc)
