"""The control window: the tray menu's actions in a small Tk window of its own process.

Owns `python -m deskbreak.desktop.controlwindow`, which the tray opens on a left click
where the tray has no menu (pystray's xorg backend). It shows the status line and today's
count, and offers Start, every routine, Snooze choices (or the reason Snooze is refused),
Skip, Pause or Resume, Open config, Reload, Statistics and Quit daemon, each sent to the
daemon over IPC. It refreshes the status every few seconds only while it is open, and closes
with Escape.
Edge module: imports tkinter lazily; talks to the daemon only through `deskbreak.ipc`; must not
import pystray, the engine or the controller.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from deskbreak.core.config.durations import format_duration
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.ports import Reply, ReplyCode

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

TITLE = "deskbreak control"
REFRESH_MS = 3000
SNOOZES = ("5m", "10m", "30m")
PAUSES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("30 min", {"for": "30m"}),
    ("1 hour", {"for": "1h"}),
    ("Until tomorrow", {"tomorrow": True}),
    ("Until I resume", {}),
)
SKIPPABLE = ("due", "heads-up", "snoozed")
Call = Callable[..., Reply]


def safe_call(call: Call, command: str, **args: Any) -> Reply:
    """Ask the daemon; a daemon that is not running or fails becomes a refused Reply."""
    try:
        return call(command, **args)
    except DeskbreakError as exc:
        return Reply(ReplyCode.REFUSED, str(exc))
    except Exception as exc:
        log.exception("control window: %s failed", command)
        return Reply(ReplyCode.REFUSED, f"{command} failed: {exc}")


class ControlWindow:
    """Builds the widgets in `root` and keeps them in step with the daemon's status."""

    def __init__(self, root: tk.Tk, call: Call, *, refresh_ms: int = REFRESH_MS) -> None:
        self.root = root
        self._call = call
        self._refresh_ms = refresh_ms
        self.status: Mapping[str, Any] = {}
        self.buttons: dict[str, Any] = {}
        self.snoozes: tuple[str, ...] = SNOOZES
        self._build()

    def _build(self) -> None:
        import tkinter as tk

        self.root.title(TITLE)
        self.root.bind("<Escape>", lambda _e: self.root.destroy())
        self.headline = tk.Label(self.root, text="…", font=("DejaVu Sans", 12, "bold"))
        self.headline.pack(padx=12, pady=(10, 0), anchor="w")
        self.today = tk.Label(self.root, text="")
        self.today.pack(padx=12, anchor="w")
        self._row("Start", [("Start now", lambda: self.send("break"))])
        routines = self._routines()
        self._row(
            "Routines", [(t, partial(self.send, "break", routine=rid)) for rid, t in routines]
        )
        self._row(
            "Snooze",
            [
                (s.replace("m", " min"), partial(self.send, "snooze", length=s))
                for s in self.snoozes
            ],
        )
        self.snooze_reason = tk.Label(self.root, text="", fg="#a04000")
        self.snooze_reason.pack(padx=12, anchor="w")
        self._row("Break", [("Skip this break", lambda: self.send("skip"))])
        self._row("Pause", [(t, partial(self.send, "pause", **a)) for t, a in PAUSES])
        self._row("Paused", [("Resume", lambda: self.send("resume"))])
        self._row(
            "More",
            [
                ("Open config", lambda: self.send("open-config")),
                ("Reload config", lambda: self.send("reload")),
                ("Statistics", lambda: self.send("stats")),
                ("Quit daemon", self.quit_daemon),
            ],
        )
        self.message = tk.Label(self.root, text="", wraplength=420, justify="left")
        self.message.pack(padx=12, pady=(4, 10), anchor="w")
        self.refresh()

    def _row(self, name: str, actions: Sequence[tuple[str, Callable[[], object]]]) -> None:
        import tkinter as tk

        frame = tk.Frame(self.root)
        frame.pack(padx=10, pady=2, anchor="w")
        tk.Label(frame, text=name, width=9, anchor="w").pack(side="left")
        for text, action in actions:
            button = tk.Button(frame, text=text, command=action)
            button.pack(side="left", padx=2)
            self.buttons[f"{name}:{text}"] = button
        self.buttons[f"row:{name}"] = frame

    def _routines(self) -> list[tuple[str, str]]:
        reply = safe_call(self._call, "routines")
        listed = reply.data.get("routines", []) if reply.ok else []
        choices = reply.data.get("snooze_choices") if reply.ok else None
        if isinstance(choices, list) and choices:
            self.snoozes = tuple(format_duration(timedelta(seconds=int(c))) for c in choices)
        return [(str(r["id"]), str(r["title"])) for r in listed if isinstance(r, dict)]

    # -- behaviour -------------------------------------------------------------------

    def send(self, command: str, **args: Any) -> Reply:
        reply = safe_call(self._call, command, **args)
        self.message.configure(text=reply.message, fg="black" if reply.ok else "#b00020")
        self.refresh(reschedule=False)
        return reply

    def quit_daemon(self) -> None:
        if self.send("quit").ok:
            self.root.destroy()

    def refresh(self, *, reschedule: bool = True) -> None:
        reply = safe_call(self._call, "status")
        self.status = reply.data if reply.ok else {}
        self._show(reply)
        if reschedule:
            self.root.after(self._refresh_ms, self.refresh)

    def _show(self, reply: Reply) -> None:
        status = self.status
        running = bool(status)
        self.headline.configure(
            text=reply.message if running else f"Not connected: {reply.message}"
        )
        today = status.get("today", {})
        self.today.configure(
            text=f"Today: {today.get('taken', 0)} of {today.get('goal', 0)} breaks"
            if running
            else ""
        )
        routine = status.get("next_routine", {}).get("title") if running else None
        self.buttons["Start:Start now"].configure(
            text=f"Start {routine} now" if routine else "Start now"
        )
        refusal = status.get("snooze_refused")
        self.snooze_reason.configure(text=refusal or "")
        state = status.get("state")
        for text, button in self.buttons.items():
            if not text.startswith("row:"):
                button.configure(state="normal" if running else "disabled")
        for s in self.snoozes:
            self._enable(f"Snooze:{s.replace('m', ' min')}", running and not refusal)
        self._enable("Break:Skip this break", state in SKIPPABLE)
        paused = state == "paused"
        self._toggle("row:Pause", running and not paused)
        self._toggle("row:Paused", paused)

    def _enable(self, text: str, on: bool) -> None:
        self.buttons[text].configure(state="normal" if on else "disabled")

    def _toggle(self, row: str, shown: bool) -> None:
        frame = self.buttons[row]
        if not shown:
            frame.pack_forget()
        elif not frame.winfo_manager():
            frame.pack(padx=10, pady=2, anchor="w", before=self.buttons["row:More"])


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window against the running daemon; returns when it is closed."""
    del argv  # no options yet
    from deskbreak.ipc import Client
    from deskbreak.paths import resolve

    try:
        import tkinter as tk

        root = tk.Tk()
    except Exception as exc:
        print(f"deskbreak: cannot open a window: {exc}", file=sys.stderr)
        return 2
    ControlWindow(root, Client(resolve()).call)
    root.mainloop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
