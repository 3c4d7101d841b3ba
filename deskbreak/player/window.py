"""The routine player window: a calm, always-on-top Tk window that guides each step.

Owns the Tk view of a `Timeline`: step name and side, cues, breathing pacing,
a large countdown, progress (step k of n and a bar), the exercise illustration
(drawn by `deskbreak.player.figures`, animated between its two key poses while
playing), what's next, Pause/Next/Stop buttons and the keys space, Right and
Escape; and the one-time safety note. It never grabs input or forces focus: on
X11 it sets `_NET_WM_USER_TIME = 0` before mapping, the EWMH hint that tells
the window manager not to focus a new window, so typing carries on in the
user's work until they click the player. Edge module: tkinter, PIL and Xlib
are imported only inside `play`; must not import pystray or the daemon.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskbreak.core.config.model import PlayerSettings
from deskbreak.core.ports import PlayOutcome
from deskbreak.paths import Paths, ensure
from deskbreak.player import figures
from deskbreak.player.sounds import Sounds
from deskbreak.player.terminal import clock_text, speech
from deskbreak.player.timeline import Frame, Timeline

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

SAFETY_SEEN = "safety-note-seen"
FIGURE_SIZE = (320, 240)
TICK_MS = 200  # 5 Hz: smooth enough for the countdown and a gentle animation
PHASE_STEPS = 12  # animation frames per half-movement; images are cached
DONE_MS = 1500
WIDTH = 580  # content width: the illustration with the countdown beside it
BREATH_WIDTH = 180
BG, INK, SOFT, ACCENT, TRACK = "#f5f2eb", "#1d2530", "#55606e", "#2c6e6a", "#dcd6c8"
NOTE_BG, NOTE_INK = "#fff3cf", "#4a3b00"
FONT = "DejaVu Sans"


class WindowUnavailable(Exception):
    """No window can be shown here; the message says why (the caller uses the terminal)."""


def play(
    timeline: Timeline,
    settings: PlayerSettings,
    paths: Paths,
    sounds: Sounds,
    stop: threading.Event,
) -> PlayOutcome:
    """Show the player window until the routine ends; raise WindowUnavailable before showing."""
    try:
        import tkinter as tk
    except ImportError as exc:
        raise WindowUnavailable(f"tkinter is not available ({exc})") from None
    try:
        root = tk.Tk(className="deskbreak")
    except tk.TclError as exc:
        raise WindowUnavailable(f"cannot open a window ({exc})") from None
    PlayerWindow(root, timeline, settings=settings, paths=paths, sounds=sounds, stop=stop).run()
    return timeline.outcome()


def state_marker(paths: Paths) -> Path:
    return paths.state_dir / SAFETY_SEEN


def safety_note(paths: Paths) -> str | None:
    """The safety note if this user has never seen it; marks it seen."""
    marker = state_marker(paths)
    if marker.exists():
        return None
    try:
        from deskbreak.core.safety import SAFETY_NOTE
    except ImportError:
        return None
    try:
        ensure(paths.state_dir)
        marker.write_text(time.strftime("%Y-%m-%dT%H:%M:%S\n"), encoding="utf-8")
    except OSError as exc:
        log.warning("could not record that the safety note was seen: %s", exc)
    return SAFETY_NOTE


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


class PlayerWindow:
    """The widgets and the update loop for one routine."""

    def __init__(
        self,
        root: tk.Tk,
        timeline: Timeline,
        *,
        settings: PlayerSettings,
        paths: Paths,
        sounds: Sounds,
        stop: threading.Event,
    ) -> None:
        self.root = root
        self.timeline = timeline
        self.sounds = sounds
        self.stop_requested = stop
        self._settings = settings
        self._paths = paths
        self._illustrated = True  # off once a figure cannot be drawn
        self._images: dict[tuple[str, int, str | None], Any] = {}
        self._shown = -1
        self._image_key: tuple[str, int, str | None] | None = None
        self.w: dict[str, Any] = {}

    def run(self) -> None:
        root = self.root
        root.withdraw()
        title = f"deskbreak — {self.timeline.routine.title}"
        root.title(title)
        root.configure(background=BG, padx=24, pady=18)
        root.resizable(False, False)
        if self._settings.always_on_top:
            root.wm_attributes("-topmost", True)
        self._build(safety_note(self._paths))
        self._bind()
        after_map = x11_hints(root, title)
        self._on_map(after_map)
        root.deiconify()
        self.sounds.set_bell(root.bell)
        self.timeline.start()
        self._tick()
        root.mainloop()

    def _on_map(self, action: Callable[[], None]) -> None:
        """Run `action` once, when the toplevel itself is first mapped."""
        pending = [action]

        def mapped(event: Any) -> None:
            if event.widget is self.root and pending:
                pending.pop()()

        self.root.bind("<Map>", mapped, add="+")

    def _label(self, name: str, size: int, *, bold: bool = False, fg: str = INK, **kw: Any) -> Any:
        import tkinter as tk

        font = (FONT, size, "bold") if bold else (FONT, size)
        parent = kw.pop("parent", self.root)
        label = tk.Label(parent, font=font, fg=fg, bg=kw.pop("bg", BG), **kw)
        self.w[name] = label
        return label

    def _build(self, note: str | None) -> None:
        import tkinter as tk

        wrap = WIDTH
        if note:
            text = "Before you start: " + note
            self._label("note", 10, fg=NOTE_INK, bg=NOTE_BG, text=text, wraplength=wrap - 24,
                        justify="left", padx=12, pady=8).pack(fill="x", pady=(0, 12))  # fmt: skip
        self._label("counter", 11, fg=SOFT).pack(anchor="w")
        self._label("title", 18, bold=True, wraplength=wrap, justify="left").pack(anchor="w")
        bar = tk.Canvas(self.root, width=wrap, height=10, bg=TRACK, highlightthickness=0)
        bar.pack(fill="x", pady=(6, 12))
        self.w["bar"] = bar
        self.w["bar_fill"] = bar.create_rectangle(0, 0, 0, 10, fill=ACCENT, width=0)
        row = tk.Frame(self.root, bg=BG)
        row.pack(fill="x")
        self._illustration(row)
        self._clock(row)
        self._label("cues", 12, wraplength=wrap, justify="left").pack(anchor="w", pady=(12, 0))
        upcoming = self._label("next", 11, fg=SOFT, wraplength=wrap, justify="left")
        upcoming.pack(anchor="w", pady=(8, 12))
        self._buttons()

    def _illustration(self, parent: Any) -> None:
        import tkinter as tk

        width, height = FIGURE_SIZE
        art = tk.Canvas(parent, width=width, height=height, bg="#ffffff", highlightthickness=1,
                        highlightbackground=TRACK)  # fmt: skip
        art.pack(side="left")
        self.w["art"] = art
        self.w["art_image"] = art.create_image(width // 2 + 1, height // 2 + 1)

    def _clock(self, parent: Any) -> None:
        """The countdown and the breathing cue, beside the illustration."""
        import tkinter as tk

        column = tk.Frame(parent, bg=BG)
        column.pack(side="left", expand=True, fill="both")
        self._label("countdown", 48, bold=True, parent=column).pack(pady=(50, 0))
        self._label("breath", 14, fg=ACCENT, parent=column).pack()
        breath_bar = tk.Canvas(column, width=BREATH_WIDTH, height=8, bg=TRACK, highlightthickness=0)
        breath_bar.pack(pady=(4, 0))
        self.w["breath_bar"] = breath_bar
        self.w["breath_fill"] = breath_bar.create_rectangle(0, 0, 0, 8, fill=ACCENT, width=0)

    def _buttons(self) -> None:
        import tkinter as tk

        row = tk.Frame(self.root, bg=BG)
        row.pack(fill="x")
        actions: list[tuple[str, str, Callable[[], None]]] = [
            ("pause", "Pause", self.toggle_pause),
            ("skip", "Next step", self.next_step),
            ("stop", "Stop", self.stop),
        ]
        for name, text, command in actions:
            button = tk.Button(row, text=text, command=command, font=(FONT, 12), takefocus=0,
                               bg="#ffffff", fg=INK, activebackground=TRACK, relief="groove",
                               padx=14, pady=4)  # fmt: skip
            button.pack(side="left", padx=(0, 8))
            self.w[name] = button

    def _bind(self) -> None:
        self.root.bind("<space>", lambda _e: self.toggle_pause())
        self.root.bind("<Right>", lambda _e: self.next_step())
        self.root.bind("<Escape>", lambda _e: self.stop())
        self.root.protocol("WM_DELETE_WINDOW", self.stop)
        self.root.report_callback_exception = self._on_error

    def toggle_pause(self) -> None:
        self.timeline.toggle_pause()
        self._render(self.timeline.tick())

    def next_step(self) -> None:
        self.timeline.next()
        self._render(self.timeline.tick())

    def stop(self) -> None:
        self.timeline.stop()
        self.root.destroy()

    def _on_error(self, *args: object) -> None:
        log.error("player window error", exc_info=args[:3] if len(args) >= 3 else None)  # type: ignore[arg-type]
        self.stop()

    def _tick(self) -> None:
        if self.stop_requested.is_set():
            self.stop()
            return
        frame = self._render(self.timeline.tick())
        if frame.finished:
            self._finish()
            return
        delay = TICK_MS
        deadline = self.timeline.deadline()
        if deadline is not None:
            delay = min(delay, max(1, int((deadline - time.monotonic()) * 1000) + 5))
        self.root.after(delay, self._tick)

    def _finish(self) -> None:
        self.sounds.chime()
        self.w["title"].configure(text="All done — well done")
        self.w["countdown"].configure(text="0:00")
        self.root.after(DONE_MS, self.root.destroy)

    def _render(self, frame: Frame) -> Frame:
        segment = frame.segment
        if segment is None:
            return frame
        if frame.index != self._shown:
            if self._shown >= 0:
                self.sounds.chime()
            self._shown = frame.index
            self.sounds.say(speech(segment))
            self._show_step(frame)
        paused = " (paused)" if frame.paused else ""
        self.w["countdown"].configure(text=clock_text(frame.remaining))
        self.w["counter"].configure(text=f"Step {frame.index + 1} of {frame.count}{paused}")
        self.w["pause"].configure(text="Resume" if frame.paused else "Pause")
        self.w["bar"].coords(self.w["bar_fill"], 0, 0, self._bar_width() * frame.progress, 10)
        self._show_breath(frame)
        self._show_figure(frame)
        return frame

    def _bar_width(self) -> int:
        return max(1, int(self.w["bar"].winfo_width()))

    def _show_step(self, frame: Frame) -> None:
        assert frame.segment is not None
        exercise = frame.segment.exercise
        self.w["title"].configure(text=frame.segment.title)
        cues = [f"•  {cue}" for cue in exercise.cues]
        if exercise.breathing:
            cues.append(f"•  {exercise.breathing}")
        self.w["cues"].configure(text="\n".join(cues))
        upcoming = frame.upcoming.title if frame.upcoming else "the end — well done"
        self.w["next"].configure(text=f"Next: {upcoming}")

    def _show_breath(self, frame: Frame) -> None:
        bar = self.w["breath_bar"]
        if frame.breath is None:
            self.w["breath"].configure(text="Breathe easily")
            bar.coords(self.w["breath_fill"], 0, 0, 0, 8)
            return
        self.w["breath"].configure(text=frame.breath.phase.value)
        bar.coords(self.w["breath_fill"], 0, 0, BREATH_WIDTH * frame.breath.value, 8)

    def _show_figure(self, frame: Frame) -> None:
        if not self._illustrated or frame.segment is None:
            return
        figure = frame.segment.exercise.figure
        side = frame.segment.side.value if frame.segment.side else None
        step = 0
        if not frame.paused and figures.is_animated(figure):
            step = round(frame.motion * PHASE_STEPS)
        elif frame.paused and self._image_key is not None and self._image_key[0] == figure:
            return  # keep the pose it was in when paused
        key = (figure, step, side)
        if key == self._image_key:
            return
        if key not in self._images:
            try:
                self._images[key] = self._draw(figure, step / PHASE_STEPS, side)
            except Exception:
                log.exception("could not draw figure %r; illustrations off", figure)
                self._illustrated = False
                return
        self.w["art"].itemconfigure(self.w["art_image"], image=self._images[key])
        self._image_key = key

    def _draw(self, figure: str, phase: float, side: str | None) -> Any:
        from PIL import ImageTk

        image = figures.draw(figure, phase, FIGURE_SIZE, side)
        return ImageTk.PhotoImage(image, master=self.root)
