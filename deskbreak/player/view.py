"""The player window's widgets, and how a timeline frame is drawn into them.

Owns the layout of the calm player window: the safety note (shown before a
first routine, and again from its Safety button), step k of n and a progress
bar, the step's name and side, what it is for and what goes where, the
illustration with a large countdown beside it, the beat ("Breathe in · 3 of
8", "Hold 0:04 · 3 of 8") over a breath bar, the cues and breathing, an
"Easier:" line and a "Caution:" line (which ends with the one-line stop
reminder while the note is hidden), what is next, the buttons and a hint
that the keys work once the window is clicked (until it has the focus).
Every size is written at 1× (96 dpi) and drawn at the screen's scale, less on
a screen too small for it; the figure is drawn at its real pixel size, still
in its key poses with reduced motion, in the high-contrast palette when asked
(`palette`). `render(frame)` updates the widgets with the translated texts
`step_texts` and `frame_texts` word; `PlayerView` never touches the timeline.
Edge module: tkinter and PIL imported only inside functions; must not import
pystray or the daemon.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from deskbreak.core.i18n import N_, _, language
from deskbreak.player.palette import palette
from deskbreak.player.scaled import Scaled
from deskbreak.player.sizes import (
    BREATH_WIDTH,
    FIGURE_SIZE,
    LAYOUTS,
    PHASE_STEPS,
    WIDTH,
    drawn_step,
    smaller_scale,
)
from deskbreak.player.timeline import Frame
from deskbreak.player.words import (
    FONT,
    counter_text,
    font_family,
    frame_texts,
    note_text,
    pause_label,
    step_texts,
)
from deskbreak.screen.looks import Looks

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

# Translators: a hint beside the buttons: the keys only work once the window has the
# focus. "Space", "Esc" are keys; "→" is the Right arrow key. Keep it short.
KEYS_HINT = N_("Click the window for the keys: Space pause, → next, Esc stop")

__all__ = ["PlayerView", "counter_text", "font_family", "frame_texts", "pause_label"]
__all__ += ["note_text", "step_texts"]

ImageKey = tuple[str, tuple[str, ...], int, str | None]


def load_figures() -> ModuleType | None:
    try:
        from deskbreak.player import figures
    except ImportError as exc:
        log.info("no illustrations: %s", exc)
        return None
    return figures


class PlayerView:
    """The widgets of one player window; `render` shows a frame.

    Every size is written at 1× (96 dpi) and drawn at `scale`: fonts (in pixels), paddings,
    wrap widths, the bars and the illustration, which is drawn at its real pixel size."""

    def __init__(self, root: tk.Tk, *, scale: float = 1.0, looks: Looks | None = None) -> None:
        self.root = root
        self.w: dict[str, Any] = {}
        self._figures = load_figures()
        self._images: dict[ImageKey, Any] = {}
        self._image_key: ImageKey | None = None
        self._shown = -1
        self._note_packed = False
        self.looks = looks or Looks()
        self.palette = palette(high=self.looks.high_contrast)
        self.screen_scale = scale  # what the screen asks for
        self.s = Scaled(root, FONT, scale)  # every size at 1×, drawn at the window's scale
        self.width = WIDTH
        self.figure_size = FIGURE_SIZE  # at 1×, as chosen by the layout
        self.art_size = self.s.pair(FIGURE_SIZE)  # in real pixels, grown by a resize
        self._fitted: tuple[int, int] | None = None

    @property
    def scale(self) -> float:
        """What the window is drawn at (less than the screen's scale on a small screen)."""
        return self.s.scale

    def px(self, size: float) -> int:
        """`size` pixels at 1× in real pixels at the window's scale."""
        return self.s.px(size)

    def set_scale(self, scale: float) -> None:
        """Draw everything at `scale` from now on (the fonts, paddings, bars and figure)."""
        self.s.rescale(scale)
        self._layout(self.width, self.figure_size)

    def _label(self, name: str, size: int, *, bold: bool = False, fg: str = "", **kw: Any) -> Any:
        import tkinter as tk

        parent = kw.pop("parent", self.root)
        kw.setdefault("justify", "left")
        label = tk.Label(parent, font=self.s.font(size, bold=bold), fg=fg or self.palette.ink,
                         bg=kw.pop("bg", self.palette.bg), **kw)  # fmt: skip
        self.w[name] = label
        return label

    # -- building --------------------------------------------------------------------------

    def build(
        self, note: tuple[str, ...], actions: list[tuple[str, str, Callable[[], None]]]
    ) -> None:
        import tkinter as tk
        from tkinter import font as tkfont

        p = self.palette
        self.s.family = font_family(tkfont.families(self.root), language())
        self.s.size(self.root, padx=24, pady=18)
        self.root.configure(background=p.bg)
        note_label = self._label("note", 9, fg=p.note_ink, bg=p.note_bg, text=note_text())
        self.s.size(note_label, padx=12, pady=6)
        self.s.pack(self._label("counter", 10, fg=p.soft), anchor="w")
        if note:
            self.toggle_note()
        self.s.pack(self._label("title", 17, bold=True), anchor="w")
        self.s.pack(self._label("detail", 10, fg=p.soft), anchor="w")
        bar = tk.Canvas(self.root, bg=p.track, highlightthickness=0)
        self.s.pack(self.s.size(bar, height=8), fill="x", pady=(6, 10))
        self.w["bar"] = bar
        self.w["bar_fill"] = bar.create_rectangle(0, 0, 0, 0, fill=p.accent, width=0)
        row = tk.Frame(self.root, bg=p.bg)
        row.pack(fill="x")
        self._illustration(row)
        self._clock(row)
        self.s.pack(self._label("cues", 11), anchor="w", pady=(10, 0))
        self.s.pack(self._label("easier", 10, fg=p.soft), anchor="w", pady=(4, 0))
        self.s.pack(self._label("caution", 10, fg=p.caution_ink), anchor="w", pady=(2, 10))
        self._buttons(actions)
        self._layout(self.width, self.figure_size)
        self.root.bind("<Configure>", self._resized, add="+")

    def toggle_note(self) -> None:
        """Show the safety note above the step, or hide it again."""
        note = self.w["note"]
        if self._note_packed:
            note.pack_forget()
        else:
            note.pack(fill="x", pady=(0, self.px(12)), before=self.w["counter"])
        self._note_packed = not self._note_packed

    @property
    def note_shown(self) -> bool:
        return self._note_packed

    @property
    def drawing(self) -> ImageKey | None:
        """The drawing shown: (figure, path, step along it, side)."""
        return self._image_key

    @property
    def figure_pixels(self) -> tuple[int, int]:
        """The illustration's own size in pixels at the window's scale (before a resize)."""
        return self.s.pair(self.figure_size)

    def fit(self, steps: list[dict[str, str]], room: tuple[int, int]) -> tuple[int, int]:
        """Choose the largest scale (the screen's, or less on a small screen) and the first
        of LAYOUTS at it in which the window, showing each of `steps` (the texts of every
        step, by widget name) with the note as it is now, fits `room` (width, height), and
        keep the window at least that size for the whole routine, so nothing jumps from step
        to step; return the size. When none fits, the most compact at the smallest scale."""
        scale = self.screen_scale
        while True:
            self.set_scale(scale)
            compact = self._measure(LAYOUTS[-1], steps)
            fits = compact[0] <= room[0] and compact[1] <= room[1]
            smaller = smaller_scale(scale, compact, room)
            if fits or smaller is None:
                break
            scale = smaller
        size = compact
        if fits:
            for layout in LAYOUTS[:-1]:
                measured = self._measure(layout, steps)
                if measured[0] <= room[0] and measured[1] <= room[1]:
                    size = measured
                    break
            else:
                self._measure(LAYOUTS[-1], steps)
        self._fitted = size
        self.art_size = self.s.pair(self.figure_size)
        self._shown = -1  # the next frame shows its own step again
        return size

    def _measure(
        self, layout: tuple[int, tuple[int, int]], steps: list[dict[str, str]]
    ) -> tuple[int, int]:
        """The size the window asks for, at most, over `steps` in `layout`."""
        self._layout(*layout)
        size = (0, 0)
        for texts in steps:
            for name, text in texts.items():
                self.w[name].configure(text=text)
            self.root.update_idletasks()
            size = (
                max(size[0], self.root.winfo_reqwidth()),
                max(size[1], self.root.winfo_reqheight()),
            )
        return size

    def _layout(self, width: int, figure: tuple[int, int]) -> None:
        """Re-wrap the text to `width` and size the illustration to `figure` (both at 1×)."""
        self.width, self.figure_size = width, figure
        for name in ("counter", "title", "detail", "cues", "easier", "caution"):
            self.w[name].configure(wraplength=self.px(width))
        self.w["note"].configure(wraplength=self.px(width - 24))
        # The column beside the figure (the countdown, the beat, what comes next) takes the
        # room the figure leaves, so a long "Next:" caution wraps into few lines.
        beside = max(BREATH_WIDTH + 50, width - figure[0] - 60)
        self.w["breath"].configure(wraplength=self.px(beside - 10))
        self.w["next"].configure(wraplength=self.px(beside))
        self.w["bar"].configure(width=self.px(width))
        self._size_art(self.s.pair(figure))

    def _size_art(self, size: tuple[int, int]) -> None:
        art = self.w["art"]
        art.configure(width=size[0], height=size[1], highlightthickness=max(1, round(self.scale)))
        art.coords(self.w["art_image"], size[0] // 2 + 1, size[1] // 2 + 1)
        self.art_size = size
        self._images.clear()
        self._image_key = None

    def _resized(self, event: Any) -> None:
        """The user made the window larger: the illustration grows to fill, as the room
        beside and below it allows; back to its own size when the window shrinks again."""
        if event.widget is not self.root or self._fitted is None:
            return
        base = self.figure_pixels
        grow_w = event.width - self._fitted[0]
        grow_h = (event.height - self._fitted[1]) * base[0] / max(1, base[1])
        grow = max(0, int(min(grow_w, grow_h)))
        size = (base[0] + grow, base[1] + grow * base[1] // max(1, base[0]))
        if size != self.art_size:
            self._size_art(size)

    def _illustration(self, parent: Any) -> None:
        import tkinter as tk

        art = tk.Canvas(parent, bg=self.palette.panel, highlightbackground=self.palette.track)
        art.pack(side="left", anchor="nw")
        self.w["art"] = art
        self.w["art_image"] = art.create_image(0, 0)

    def _clock(self, parent: Any) -> None:
        """The countdown and the beat, beside the illustration."""
        import tkinter as tk

        p = self.palette
        column = tk.Frame(parent, bg=p.bg)
        column.pack(side="left", expand=True, fill="both", anchor="n")
        self.s.pack(self._label("countdown", 44, bold=True, parent=column), pady=(28, 0))
        self.s.pack(self._label("breath", 14, fg=p.accent, parent=column, justify="center"))
        breath_bar = tk.Canvas(column, bg=p.track, highlightthickness=0)
        self.s.pack(self.s.size(breath_bar, width=BREATH_WIDTH, height=8), pady=(4, 0))
        self.w["breath_bar"] = breath_bar
        self.w["breath_fill"] = breath_bar.create_rectangle(0, 0, 0, 0, fill=p.accent, width=0)
        self.s.pack(self._label("next", 10, fg=p.soft, parent=column, justify="center"),
                   pady=(14, 0))  # fmt: skip

    def _buttons(self, actions: list[tuple[str, str, Callable[[], None]]]) -> None:
        import tkinter as tk

        p = self.palette
        row = tk.Frame(self.root, bg=p.bg)
        row.pack(fill="x")
        for name, text, command in actions:
            button = tk.Button(row, text=text, command=command, font=self.s.font(11),
                               takefocus=0, bg=p.panel, fg=p.ink, activebackground=p.track,
                               activeforeground=p.ink, relief="groove")  # fmt: skip
            self.s.size(button, padx=14, pady=4)
            self.s.pack(button, side="left", padx=(0, 8))
            self.w[name] = button
        self._label("keys", 8, fg=p.soft, text=_(KEYS_HINT), parent=row)
        self.s.pack(self.s.size(self.w["keys"], wraplength=150), side="right")

    def hide_keys_hint(self) -> None:
        """The window has the focus: the hint that the keys need a click goes."""
        self.w["keys"].pack_forget()

    # -- frames ------------------------------------------------------------------------

    def render(self, frame: Frame) -> bool:
        """Show `frame`; True when it began a new step."""
        segment = frame.segment
        if segment is None:
            return False
        new_step = frame.index != self._shown
        if new_step:
            self._shown = frame.index
            self._show_step(frame)
        for name, text in frame_texts(frame).items():
            self.w[name].configure(text=text)
        bar = self.w["bar"]
        bar.coords(self.w["bar_fill"], 0, 0, self._bar_width() * frame.progress, self.px(10))
        self._show_beat(frame)
        self._show_figure(frame)
        return new_step

    def finish(self) -> None:
        # Translators: the window's heading once the routine has run to its end.
        self.w["title"].configure(text=_("All done — well done"))
        self.w["countdown"].configure(text="0:00")
        self.w["breath"].configure(text="")

    def _bar_width(self) -> int:
        return max(1, int(self.w["bar"].winfo_width()))

    def _show_step(self, frame: Frame) -> None:
        for name, text in step_texts(frame, stop=not self.note_shown).items():
            self.w[name].configure(text=text)

    def _show_beat(self, frame: Frame) -> None:
        bar = self.w["breath_bar"]
        lungs = frame.beat.lungs if frame.beat is not None else 0.0
        bar.coords(self.w["breath_fill"], 0, 0, self.px(BREATH_WIDTH) * lungs, self.px(8))

    def _show_figure(self, frame: Frame) -> None:
        if self._figures is None or frame.segment is None:
            return
        figure = frame.segment.exercise.figure
        side = frame.segment.side.value if frame.segment.side else None
        beat = frame.beat
        if frame.paused and self._image_key is not None and self._image_key[0] == figure:
            return  # keep the pose it was in when paused
        path = beat.path if beat else ()
        step = drawn_step(len(path), beat.along if beat else 0.0, reduced=self.looks.reduced_motion)
        key = (figure, path, step, side)
        if key == self._image_key:
            return
        if key not in self._images:
            try:
                self._images[key] = self._draw(figure, path, step / PHASE_STEPS, side)
            except Exception:
                log.exception("could not draw figure %r; illustrations off", figure)
                self._figures = None
                return
        self.w["art"].itemconfigure(self.w["art_image"], image=self._images[key])
        self._image_key = key

    def _draw(self, figure: str, path: tuple[str, ...], along: float, side: str | None) -> Any:
        from PIL import ImageTk

        assert self._figures is not None
        image = self._figures.draw(
            figure, path, along, self.art_size, side, colours=self.palette.figure
        )
        return ImageTk.PhotoImage(image, master=self.root)
