"""The X11 hints the player window needs and Tk cannot set: the focus, a UTF-8 name.

Owns `x11_hints`: once the window is mapped, it takes the keyboard focus (Tk's
`focus -force`, and `_NET_ACTIVE_WINDOW` asked of an EWMH window manager as for a
direct user action: the player only ever opens because the user started a break
with Start, the tray or the command line, never for a reminder, which is a
notification), so Space, → and Esc work without a click; and WM_NAME is rewritten
as UTF8_STRING. The activation carries the X server's time (`server_time`), not 0:
window managers weigh it against the focused window's last input (Mutter calls a
client that sends 0 buggy). No user-action time reaches the player (a notification's
action and a tray click come over D-Bus without one), so the time is the server's
now, read when the window maps. Best effort: without Xlib or on another windowing
system only Tk's focus is asked for. Edge module: Xlib is imported only inside
functions; must not import pystray or the daemon.
"""

from __future__ import annotations

import logging
import select
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

RENAME_AGAIN_MS = 400
FROM_USER = 2  # _NET_ACTIVE_WINDOW's source indication for a direct user action
SERVER_TIME_WAIT = 0.5  # seconds to wait for the X server's time before sending 0
TIMESTAMP_PROPERTY = "_DESKBREAK_TIMESTAMP"  # appended to, empty, to learn the server's time


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
            activate(conn, wrapper)
        except Exception as exc:
            log.info("could not ask for the focus: %s", exc)
    try:
        root.focus_force()
    except Exception as exc:  # a window going away as it maps
        log.info("could not take the focus: %s", exc)


def activate(conn: Any, window: Any, wait: float = SERVER_TIME_WAIT) -> int:
    """Ask an EWMH window manager to activate `window`, as for a direct user action, at
    the server's time now (0 if the server did not tell it within `wait` seconds); return
    the time sent."""
    from Xlib import X
    from Xlib.protocol import event

    active = conn.intern_atom("_NET_ACTIVE_WINDOW")
    when = server_time(conn, conn.intern_atom(TIMESTAMP_PROPERTY), wait)
    data = (32, [FROM_USER, when, 0, 0, 0])
    message = event.ClientMessage(window=window, client_type=active, data=data)
    mask = X.SubstructureRedirectMask | X.SubstructureNotifyMask
    conn.screen().root.send_event(message, event_mask=mask)
    conn.flush()
    return when


def server_time(conn: Any, atom: int, wait: float = SERVER_TIME_WAIT) -> int:
    """The X server's time now, in its milliseconds, learnt the standard way: append
    nothing to property `atom` of a window of our own (unmapped, input-only) and read the
    time of the PropertyNotify that causes. Waits at most `wait` seconds for it; without
    it, 0 (CurrentTime). It asks nothing that waits for a reply, so a server that never
    answers cannot hold it past `wait`."""
    from Xlib import X, Xatom

    screen = conn.screen()
    window = screen.root.create_window(
        -1, -1, 1, 1, 0, 0, X.InputOnly, X.CopyFromParent,
        event_mask=X.PropertyChangeMask, override_redirect=True,
    )  # fmt: skip
    try:
        window.change_property(atom, Xatom.STRING, 8, b"", mode=X.PropModeAppend)
        conn.flush()
        deadline = time.monotonic() + wait
        while True:
            while conn.pending_events():
                got = conn.next_event()
                ours = got.type == X.PropertyNotify and got.window.id == window.id
                if ours and got.atom == atom:
                    return int(got.time)
            left = deadline - time.monotonic()
            if left <= 0:
                break
            select.select([conn.fileno()], [], [], left)
    finally:
        window.destroy()
        conn.flush()
    log.debug("the X server did not tell its time within %.1f s: activating at time 0", wait)
    return int(X.CurrentTime)
