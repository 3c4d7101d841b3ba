"""The routine player window: a calm, always-on-top Tk window that guides each step.

Owns the window's life: opening it on the monitor of the focused window (else of the
pointer; see `deskbreak.screen.geometry.monitor_for`), centred in that monitor's work area
and drawn at its scale (`deskbreak.screen`), with the keyboard focus
(the player only ever opens because the user started a break, so its keys work at once;
see `x11`), the update loop that ticks the `Timeline` and hands each frame to the
`view`, the chime between steps and the voice (the step's name, then the repetition
count and "Hold"), the buttons (Pause, Next step, Stop, Safety) and the keys Space,
Right and Escape, and closing exactly once. Keys and buttons only act on a running
routine, so a key that arrives as the window closes or after the end does nothing; an
error in a callback is logged and the routine carries on (it never closes the window as
if the user had stopped it). Edge module: tkinter, PIL and Xlib are imported only inside
functions; must not import pystray or the daemon.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from deskbreak.core.config.model import PlayerSettings
from deskbreak.core.i18n import _, pgettext
from deskbreak.core.ports import PlayOutcome
from deskbreak.core.routines import Phase
from deskbreak.paths import Paths
from deskbreak.player import guide
from deskbreak.player.guide import beat_text
from deskbreak.player.pacing import Beat
from deskbreak.player.sounds import Sounds
from deskbreak.player.timeline import Frame, Timeline
from deskbreak.player.view import PlayerView, frame_texts, pause_label, step_texts
from deskbreak.player.x11 import x11_hints
from deskbreak.screen.geometry import Rect, Screen, centred, tk_scaling
from deskbreak.screen.looks import looks
from deskbreak.screen.x11 import fallback, read_screen

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

# What the window manager adds around the window (title bar, borders) at 1×, kept free.
FRAME_ROOM = (16, 48)
TICK_MS = 200  # 5 Hz: smooth enough for the countdown and a gentle animation
DONE_MS = 1500
ERRORS_BEFORE_STOP = 20  # a callback failing this often in a row is not going to recover


class WindowUnavailable(Exception):
    """No window can be shown here; the message says why (the caller uses the terminal)."""


def play(
    timeline: Timeline,
    settings: PlayerSettings,
    paths: Paths,
    sounds: Sounds,
    stop: threading.Event,
    *,
    on_frame: Callable[[Frame], object] | None = None,
) -> PlayOutcome:
    """Show the player window until the routine ends; raise WindowUnavailable before showing.
    `on_frame` sees every frame rendered (the by-ear voice)."""
    try:
        import tkinter as tk
    except ImportError as exc:
        # Translators: why the routine plays in the terminal; {error} is the system's message.
        raise WindowUnavailable(_("tkinter is not available ({error})").format(error=exc)) from None
    try:
        root = tk.Tk(className="deskbreak")
    except tk.TclError as exc:
        # Translators: why the routine plays in the terminal; {error} is the system's message.
        raise WindowUnavailable(_("cannot open a window ({error})").format(error=exc)) from None
    PlayerWindow(
        root, timeline, settings=settings, paths=paths, sounds=sounds, stop=stop, on_frame=on_frame
    ).run()
    return timeline.outcome()


def step_frames(timeline: Timeline) -> list[Frame]:
    """One frame at the start of each step of `timeline`'s routine, for measuring."""
    segments = timeline.segments
    total = timeline.total
    return [
        Frame(segment=segment, index=i, count=len(segments),
              remaining=segment.duration.total_seconds(), elapsed=0.0, total=total,
              paused=False, finished=False,
              upcoming=segments[i + 1] if i + 1 < len(segments) else None, beat=None)
        for i, segment in enumerate(segments)
    ]  # fmt: skip


def step_frame_texts(frame: Frame, *, stop: bool = True) -> dict[str, str]:
    """Everything the window writes for `frame`, the longest beat text included."""
    texts = step_texts(frame, stop=stop) | frame_texts(frame)
    beats = [texts["breath"]] + [
        beat_text(Beat(phase, 0.5, 9, 10, True, 10.0, (), 0.0)) for phase in Phase
    ]
    breath = max(beats, key=len)
    return texts | {"pause": pause_label(paused=True), "breath": breath}


class PlayerWindow:
    """The update loop, the controls and the closing of one player window."""

    def __init__(
        self,
        root: tk.Tk,
        timeline: Timeline,
        *,
        settings: PlayerSettings,
        paths: Paths,
        sounds: Sounds,
        stop: threading.Event,
        on_frame: Callable[[Frame], object] | None = None,
    ) -> None:
        self.root = root
        self.timeline = timeline
        self.sounds = sounds
        self.stop_requested = stop
        self._settings = settings
        self._paths = paths
        self.view = PlayerView(root)
        self.screen = Screen(Rect(0, 0, 0, 0), Rect(0, 0, 0, 0))
        self._placed = False
        self._closing = False
        self._errors = 0
        self._last: tuple[int, Beat | None] | None = None
        self._on_frame = on_frame

    def run(self) -> None:
        """Show the window and play the routine until it ends or is stopped."""
        self.show()
        self.timeline.start()
        self._tick()
        self.root.mainloop()

    def show(self) -> None:
        """Build the window's widgets in the chosen language, on the monitor of the focused
        window (else of the pointer) and at its scale, and map it; the routine has not
        started yet (the layout checks measure it frame by frame)."""
        root = self.root
        root.withdraw()
        title = f"deskbreak — {_(self.timeline.routine.title)}"
        root.title(title)
        self.screen = self._read_screen()
        scaling = tk_scaling(self.screen)
        if scaling is not None:  # the fonts, given in pixels, come out in those pixels
            root.tk.call("tk", "scaling", scaling)
        settings = self._settings
        self.view = PlayerView(
            root, scale=self.screen.scale, looks=looks(settings.motion, settings.contrast)
        )
        root.resizable(True, True)
        if settings.always_on_top:
            root.wm_attributes("-topmost", True)
        actions: list[tuple[str, str, Callable[[], None]]] = [
            # Translators: a button that pauses the routine; keep it short.
            ("pause", pgettext("button", "Pause"), self.toggle_pause),
            # Translators: a button that skips to the next step; keep it short.
            ("skip", pgettext("button", "Next step"), self.next_step),
            # Translators: a button that ends the routine now; keep it short.
            ("stop", pgettext("button", "Stop"), self.stop),
            # Translators: a button that shows or hides the safety note; keep it short.
            ("safety", pgettext("button", "Safety"), self.view_toggle_note),
        ]
        self.view.build(guide.first_safety_note(self._paths), actions)
        self.fit()
        self._bind()
        self._on_map(x11_hints(root, title))
        root.deiconify()
        self.sounds.set_bell(root.bell)

    def _read_screen(self) -> Screen:
        size = (self.root.winfo_screenwidth(), self.root.winfo_screenheight())
        if self.root.tk.call("tk", "windowingsystem") != "x11":
            return fallback(size)
        return read_screen(str(self.root.tk.call("winfo", "screen", ".")), size, focus=True)

    def _on_map(self, action: Callable[[], None]) -> None:
        """Run `action` once, when the toplevel itself is first mapped."""
        pending = [action]

        def mapped(event: Any) -> None:
            if event.widget is self.root and pending:
                pending.pop()()

        self.root.bind("<Map>", mapped, add="+")

    def _bind(self) -> None:
        self.root.bind("<space>", lambda _e: self.toggle_pause())
        self.root.bind("<Right>", lambda _e: self.next_step())
        self.root.bind("<Escape>", lambda _e: self.stop())
        self.root.bind("<FocusIn>", self._focused, add="+")
        self.root.protocol("WM_DELETE_WINDOW", self.stop)
        self.root.report_callback_exception = self._on_error

    def _focused(self, event: Any) -> None:
        if event.widget is self.root:  # the keys work now: no need to say "click"
            self.view.hide_keys_hint()

    @property
    def _running(self) -> bool:
        return not self._closing and not self.timeline.finished

    def toggle_pause(self) -> None:
        if self._running:
            self.timeline.toggle_pause()
            self._render(self.timeline.tick())

    def next_step(self) -> None:
        if self._running:
            self.timeline.next()
            self._render(self.timeline.tick())

    def view_toggle_note(self) -> None:
        if not self._closing:
            self.view.toggle_note()
            self.fit()

    def fit(self) -> tuple[int, int]:
        """Size the window once for every step of the routine so it fits the work area of
        its monitor (see `PlayerView.fit`), and centre it there the first time; again
        whenever the safety note is shown or hidden, keeping it where it is as far as it
        still fits. The user may make it larger."""
        work = self.screen.work
        scale = self.screen.scale
        frame = (round(FRAME_ROOM[0] * scale), round(FRAME_ROOM[1] * scale))
        room = (max(1, work.width - frame[0]), max(1, work.height - frame[1]))
        stop = not self.view.note_shown  # the note says when to stop; else every step does
        texts = [step_frame_texts(f, stop=stop) for f in step_frames(self.timeline)]
        size = self.view.fit(texts, room)
        self.root.minsize(*size)
        self.root.maxsize(max(size[0], room[0]), max(size[1], room[1]))
        outer = (size[0] + frame[0], size[1] + frame[1])  # the window with its frame
        if self._placed:  # where it is, moved only as far as it must to stay inside
            x = min(max(self.root.winfo_x(), work.x), work.right - outer[0])
            y = min(max(self.root.winfo_y(), work.y), work.bottom - outer[1])
        else:
            x, y = centred(outer, work)
        self.root.geometry(f"{size[0]}x{size[1]}+{max(work.x, x)}+{max(work.y, y)}")
        self._placed = True
        return size

    def stop(self) -> None:
        """Stop the routine (if it still runs) and close the window, once."""
        self.timeline.stop()
        self._close()

    def _close(self) -> None:
        if self._closing:
            return
        self._closing = True
        self.root.destroy()

    def _on_error(self, *args: object) -> None:
        exc_info = args[:3] if len(args) >= 3 else None
        log.error("player window error", exc_info=exc_info)  # type: ignore[arg-type]
        self._errors += 1
        if self._errors >= ERRORS_BEFORE_STOP:
            log.error("the player window keeps failing; stopping the routine")
            self.stop()

    def _tick(self) -> None:
        if self._closing:
            return
        if self.stop_requested.is_set():
            self.stop()
            return
        delay = TICK_MS
        try:
            frame = self._render(self.timeline.tick())
            if frame.finished:
                self._finish()
                return
            deadline = self.timeline.deadline()
            if deadline is not None:
                delay = min(delay, max(1, int((deadline - time.monotonic()) * 1000) + 5))
            self._errors = 0
        finally:
            if not self._closing and not self.timeline.finished:
                self.root.after(delay, self._tick)

    def _finish(self) -> None:
        self.sounds.chime()
        self.view.finish()
        self.root.after(DONE_MS, self._close)

    def _render(self, frame: Frame) -> Frame:
        if self._on_frame is not None:  # first: drawing must not delay a cue
            self._on_frame(frame)
        if self.view.render(frame):
            if self._last is not None:
                self.sounds.chime()
            assert frame.segment is not None
            self.sounds.say(guide.speech(frame.segment))
        self._count(frame)
        return frame

    def _count(self, frame: Frame) -> None:
        """The voice counts repetitions and says when a hold begins."""
        before = self._last[1] if self._last is not None and self._last[0] == frame.index else None
        said = guide.spoken_count(before, frame.beat) if self._last is not None else None
        if said:
            self.sounds.say(said)
        self._last = (frame.index, frame.beat)
