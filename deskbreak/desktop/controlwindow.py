"""The control window: the tray menu's actions in a small calm panel of its own process.

Owns `python -m deskbreak.desktop.controlwindow [--near X,Y]`, which the tray opens on a left
click (and XEmbed trays have no other menu). A narrow panel near the tray, inside the work area
of the monitor that was clicked (or has the pointer), at that screen's scale
(`deskbreak.screen`), in the player's colours: the status line and today's count; Start; the
desk routines, the others under "More routines"; Snooze choices (or why Snooze is refused);
Skip; Pause or Resume; then config,
statistics, the safety sheet and Quit. Which actions are allowed comes from
the daemon's status (`actions`), never decided here. It refreshes while open and closes with
Escape. It speaks the daemon's language (DESKBREAK_LANGUAGE, set by the tray that starts it);
its words are composed by plain functions that need no display (`desktop.controlwords`).
Edge module: imports tkinter lazily; talks to the daemon only through `deskbreak.ipc`;
must not import pystray, the engine or the controller.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from deskbreak.core.config.durations import format_duration
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.i18n import _
from deskbreak.core.ports import Reply, ReplyCode
from deskbreak.desktop.controlwords import (
    TITLE,
    headline_text,
    labels,
    pause_choices,
    plain,
    snooze_text,
    start_text,
    today_text,
)
from deskbreak.screen.geometry import Screen, beside, tk_scaling

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

REFRESH_MS = 3000
WIDTH = 340  # px: a panel beside the tray, far inside a 1024-px screen
MARGIN = 12  # px from the screen's edges
SNOOZES = ("5m", "10m", "30m")
# the player's calm palette
BG, INK, SOFT, ACCENT, TRACK = "#f5f2eb", "#1d2530", "#55606e", "#2c6e6a", "#dcd6c8"
ERROR = "#9b2c1f"
FONT = "DejaVu Sans"
Call = Callable[..., Reply]


def safe_call(call: Call, command: str, **args: Any) -> Reply:
    """Ask the daemon; a daemon that is not running or fails becomes a refused Reply."""
    try:
        return call(command, **args)
    except DeskbreakError as exc:
        return Reply(ReplyCode.REFUSED, str(exc))
    except Exception as exc:
        log.exception("control window: %s failed", command)
        # Translators: {command} is the name of the daemon's command ("snooze", "skip"), which
        # stays as it is; {error} says what went wrong.
        message = _("{command} failed: {error}").format(command=command, error=exc)
        return Reply(ReplyCode.REFUSED, message)


def read_screen(root: tk.Tk, near: tuple[int, int] | None) -> Screen:
    """The monitor clicked (or with the pointer), its work area and scale."""
    from deskbreak.screen import x11

    size = (root.winfo_screenwidth(), root.winfo_screenheight())
    if root.tk.call("tk", "windowingsystem") != "x11":
        return x11.fallback(size)
    return x11.read_screen(str(root.tk.call("winfo", "screen", ".")), size, near)


class ControlWindow:
    """Builds the panel in `root` and keeps it in step with the daemon's status."""

    def __init__(
        self,
        root: tk.Tk,
        call: Call,
        *,
        refresh_ms: int = REFRESH_MS,
        near: tuple[int, int] | None = None,
    ) -> None:
        self.root = root
        self._call = call
        self._refresh_ms = refresh_ms
        self.status: Mapping[str, Any] = {}
        self._connected = False  # it has seen the daemon answer
        self.buttons: dict[str, Any] = {}
        self.snoozes: tuple[str, ...] = SNOOZES
        self.screen = read_screen(root, near)
        self.scale = self.screen.scale
        scaling = tk_scaling(self.screen)
        if scaling is not None:  # the fonts, given in pixels, come out in those pixels
            root.tk.call("tk", "scaling", scaling)
        self._build()
        root.update_idletasks()
        size = (root.winfo_reqwidth(), root.winfo_reqheight())
        x, y = beside(size, self.screen.work, near, self.px(MARGIN))
        root.geometry(f"+{x}+{y}")

    def px(self, size: int) -> int:
        """`size` pixels at 1× in real pixels at the screen's scale."""
        return round(size * self.scale)

    def font(self, points: int, *, bold: bool = False) -> tuple[str, int, str]:
        """A font of `points` at 1×, in pixels at the screen's scale."""
        return (FONT, -round(points * 96 / 72 * self.scale), "bold" if bold else "normal")

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        root = self.root
        words = labels()
        root.title(words["title"])
        root.configure(background=BG, padx=self.px(16), pady=self.px(14))
        root.resizable(False, False)
        root.bind("<Escape>", lambda _e: root.destroy())
        self.headline = self._label(root, "…", size=12, bold=True)
        self.today = self._label(root, "", fg=SOFT)
        self.today.pack_configure(pady=(0, 10))
        start = self._button(root, "start", words["start"], lambda: self.send("break"), accent=True)
        start.pack(fill="x", pady=(0, 8))
        self._build_routines(words)
        self._build_this_break(words)
        self._build_more(words)
        self.message = self._label(root, "", size=9, wraplength=self.px(WIDTH - 32))
        self.message.pack_configure(pady=(8, 0))
        root.update_idletasks()
        self.refresh()

    def _build_routines(self, words: Mapping[str, str]) -> None:
        """Desk routines as buttons, two a row; the others in a "More routines" menu."""
        import tkinter as tk

        desk, more = self._routines()
        self._section(words["routines"])
        grid = tk.Frame(self.root, bg=BG)
        grid.pack(fill="x")
        for n, (rid, title) in enumerate(desk):
            start = partial(self.send, "break", routine=rid)
            button = self._button(grid, f"routine:{rid}", title, start)
            button.grid(row=n // 2, column=n % 2, sticky="ew", padx=(0, 6), pady=2)
        grid.columnconfigure((0, 1), weight=1, uniform="routines")
        if more:
            self.more = self._dropdown(self.root, "more", f"{words['more']} ▾", [
                (title, partial(self.send, "break", routine=rid)) for rid, title in more
            ])  # fmt: skip
            self.more.pack(anchor="w", pady=(2, 0))

    def _build_this_break(self, words: Mapping[str, str]) -> None:
        """Snooze choices (and why Snooze is refused), Skip, Pause or Resume."""
        self._section(words["this-break"])
        row = self._row()
        self._label(row, words["snooze"], fg=SOFT).pack(side="left", fill=None, padx=(0, 6))
        for s in self.snoozes:
            snooze = partial(self.send, "snooze", length=s)
            self._button(row, f"snooze:{s}", snooze_text(s), snooze).pack(side="left", padx=(0, 6))
        self.snooze_reason = self._label(self.root, "", fg=ERROR, size=9)
        row = self._row()
        skip = self._button(row, "skip", words["skip"], lambda: self.send("skip"))
        skip.pack(side="left", padx=(0, 6))
        self.pause = self._dropdown(row, "pause", f"{words['pause']} ▾", [
            (text, partial(self.send, "pause", **args)) for text, args in pause_choices()
        ])  # fmt: skip
        self.pause.pack(side="left")
        self._button(row, "resume", words["resume"], lambda: self.send("resume"))

    def _build_more(self, words: Mapping[str, str]) -> None:
        import tkinter as tk

        tk.Frame(self.root, bg=TRACK, height=1).pack(fill="x", pady=(12, 8))
        row = self._row()
        for key, command in (("config", "open-config"), ("reload", "reload"), ("stats", "stats")):
            button = self._button(row, key, words[key], partial(self.send, command))
            button.pack(side="left", padx=(0, 6))
        row = self._row()  # a row of its own: the panel never widens
        self._button(row, "safety", words["safety"], self.show_safety).pack(side="left")
        self._button(row, "quit", words["quit"], self.quit_daemon).pack(side="right")

    def _label(self, parent: Any, text: str, *, size: int = 10, bold: bool = False,
               fg: str = INK, **kw: Any) -> Any:  # fmt: skip
        import tkinter as tk

        font = self.font(size, bold=bold)
        kw.setdefault("wraplength", self.px(WIDTH - 32))  # a long reason wraps; never wider
        kw.setdefault("justify", "left")
        label = tk.Label(parent, text=text, font=font, fg=fg, bg=BG, anchor="w", **kw)
        label.pack(fill="x")
        return label

    def _section(self, text: str) -> None:
        self._label(self.root, text, size=9, bold=True, fg=SOFT).pack_configure(pady=(10, 2))

    def _row(self) -> Any:
        import tkinter as tk

        row = tk.Frame(self.root, bg=BG)
        row.pack(fill="x", pady=2)
        return row

    def _button(self, parent: Any, key: str, text: str, command: Callable[[], object],
                *, accent: bool = False) -> Any:  # fmt: skip
        import tkinter as tk

        bg, fg = (ACCENT, "#ffffff") if accent else ("#ffffff", INK)
        button = tk.Button(parent, text=text, command=command, font=self.font(10), relief="groove",
                           bg=bg, fg=fg, activebackground=TRACK, padx=self.px(8),
                           pady=self.px(3))  # fmt: skip
        self.buttons[key] = button
        return button

    def _dropdown(self, parent: Any, key: str, text: str,
                  entries: Sequence[tuple[str, Callable[[], object]]]) -> Any:  # fmt: skip
        import tkinter as tk

        button = tk.Menubutton(parent, text=text, font=self.font(10), relief="groove", bg="#ffffff",
                               fg=INK, activebackground=TRACK, padx=self.px(10),
                               pady=self.px(3))  # fmt: skip
        menu = tk.Menu(button, tearoff=False, bg="#ffffff", fg=INK, font=self.font(10))
        for label, command in entries:
            menu.add_command(label=label, command=command)
        button.configure(menu=menu)
        self.buttons[key] = button
        return button

    def _routines(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(desk routines, the others) as (id, title), in the daemon's order."""
        reply = safe_call(self._call, "routines")
        listed = reply.data.get("routines", []) if reply.ok else []
        choices = reply.data.get("snooze_choices") if reply.ok else None
        if isinstance(choices, list) and choices:
            self.snoozes = tuple(format_duration(timedelta(seconds=int(c))) for c in choices)
        routines = [r for r in listed if isinstance(r, dict)]
        # the daemon sends titles as written: a built-in one is in the catalogue
        desk = [(str(r["id"]), _(str(r["title"]))) for r in routines if r.get("desk", True)]
        more = [(str(r["id"]), _(str(r["title"]))) for r in routines if not r.get("desk", True)]
        return desk, more

    # -- behaviour -------------------------------------------------------------------------

    def send(self, command: str, **args: Any) -> Reply:
        reply = safe_call(self._call, command, **args)
        self.message.configure(text=plain(reply.message), fg=INK if reply.ok else ERROR)
        self.refresh(reschedule=False)
        return reply

    def show_safety(self) -> Any:
        """The safety sheet in a window of its own; it needs no daemon."""
        import tkinter as tk

        from deskbreak.desktop import safetywindow

        sheet = tk.Toplevel(self.root)
        safetywindow.show(sheet)
        return sheet

    def quit_daemon(self) -> None:
        if self.send("quit").ok:
            self.root.destroy()

    def refresh(self, *, reschedule: bool = True) -> None:
        from deskbreak.ipc import NotRunning

        try:
            reply = self._call("status")
        except NotRunning as exc:
            if self._connected:  # the daemon it belongs to has stopped: so does the panel
                self.root.destroy()
                return
            reply = Reply(ReplyCode.REFUSED, str(exc))
        except Exception:
            reply = safe_call(self._call, "status")  # says what went wrong, as a Reply
        self._connected = self._connected or reply.ok
        self.status = reply.data if reply.ok else {}
        self._show(reply)
        if reschedule:
            self.root.after(self._refresh_ms, self.refresh)

    def allowed(self, action: str) -> bool:
        """What the daemon's status says of `action` (allowed unless it says otherwise)."""
        if not self.status:
            return False
        if not action:
            return True
        entry = self.status.get("actions", {}).get(action)
        return not isinstance(entry, Mapping) or bool(entry.get("allowed", True))

    def _show(self, reply: Reply) -> None:
        status, running = self.status, bool(self.status)
        self.headline.configure(text=plain(headline_text(running, reply.message)))
        self.today.configure(text=today_text(status))
        self.buttons["start"].configure(text=start_text(status))
        refusal = status.get("snooze_refused")
        self.snooze_reason.configure(text=refusal or "")
        for key in self.buttons:
            allowed = running and self.allowed(_ACTION_OF.get(key.split(":")[0], ""))
            self._enable(key, allowed or key == "safety")  # safety needs no daemon
        paused = status.get("state") == "paused"
        shown, hidden = (
            (self.buttons["resume"], self.pause) if paused else (self.pause, self.buttons["resume"])
        )
        hidden.pack_forget()
        if not shown.winfo_manager():
            shown.pack(side="left")

    def _enable(self, key: str, on: bool) -> None:
        self.buttons[key].configure(state="normal" if on else "disabled")


# which of the status's actions enables each button (the rest need only a daemon)
_ACTION_OF = {
    "start": "start",
    "routine": "start",
    "more": "start",
    "snooze": "snooze",
    "skip": "skip",
    "pause": "pause",
    "resume": "resume",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window against the running daemon; returns when it is closed."""
    from deskbreak import lang

    lang.setup()  # the daemon's language, from DESKBREAK_LANGUAGE (else the locale's)
    parser = argparse.ArgumentParser(prog="deskbreak-control", description=_(TITLE))
    # Translators: help for --near; X and Y are screen coordinates in pixels.
    parser.add_argument("--near", help=_("X,Y of the click that opened it"))
    args = parser.parse_args(argv)
    near = _point(args.near)
    from deskbreak.ipc import Client
    from deskbreak.paths import resolve

    try:
        import tkinter as tk

        root = tk.Tk(className="deskbreak")  # its WM_CLASS, as the player's
    except Exception as exc:
        # Translators: {error} says why no window could be opened (e.g. no display).
        print(_("deskbreak: cannot open a window: {error}").format(error=exc), file=sys.stderr)
        return 2
    ControlWindow(root, Client(resolve()).call, near=near)
    root.mainloop()
    return 0


def _point(text: str | None) -> tuple[int, int] | None:
    try:
        x, y = (int(v) for v in (text or "").split(","))
    except ValueError:
        return None
    return x, y


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
