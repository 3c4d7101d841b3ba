"""The player window's widgets, and how a timeline frame is drawn into them.

Owns the layout of the calm player window: the safety note (shown before a
first routine, and again from its Safety button), step k of n and a progress
bar, the step's name and side, what it is for and what goes where, the
illustration with a large countdown beside it, the beat ("Breathe in · 3 of
8", "Hold 0:04 · 3 of 8") over a breath bar, the cues and breathing, an
"Easier:" line and a "Caution:" line (which ends with the one-line stop
reminder while the note is hidden), what is next, the buttons and a hint
that the keys work once the window is clicked. `render(frame)` updates them
with the translated texts `step_texts` and `frame_texts` word; `PlayerView`
never touches the timeline. Edge module: tkinter and PIL imported
only inside functions; must not import pystray or the daemon.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from deskbreak.core.i18n import N_, _, language, pgettext
from deskbreak.player import guide
from deskbreak.player.guide import beat_text, clock_text
from deskbreak.player.timeline import Frame

if TYPE_CHECKING:
    import tkinter as tk

log = logging.getLogger(__name__)

FIGURE_SIZE = (320, 240)
PHASE_STEPS = 12  # animation frames per half-breath; images are cached
WIDTH = 580  # content width: the illustration with the countdown beside it
# The layouts tried, in order, until every step fits the room on screen: wider first, so a
# long language wraps into fewer lines, then a smaller figure. (content width, figure size)
LAYOUTS: tuple[tuple[int, tuple[int, int]], ...] = (
    (WIDTH, FIGURE_SIZE),
    (700, FIGURE_SIZE),
    (700, (256, 192)),
    (820, (256, 192)),
    (820, (200, 150)),
    (960, (200, 150)),
    (1100, (200, 150)),
)
BREATH_WIDTH = 180
BG, INK, SOFT, ACCENT, TRACK = "#f5f2eb", "#1d2530", "#55606e", "#2c6e6a", "#dcd6c8"
NOTE_BG, NOTE_INK = "#fff3cf", "#4a3b00"
CAUTION_INK = "#7a3b12"
FONT = "DejaVu Sans"
# Families with Chinese, Japanese or Korean glyphs, the best first, by language. Tk on X11
# falls back glyph by glyph through fontconfig, but a family of the script's own reads better.
CJK_FONTS: dict[str, tuple[str, ...]] = {
    "zh_TW": ("Noto Sans CJK TC", "Source Han Sans TC", "AR PL UMing TW", "WenQuanYi Micro Hei"),
    "zh_HK": ("Noto Sans CJK HK", "Noto Sans CJK TC", "Source Han Sans HC", "WenQuanYi Micro Hei"),
    "zh": ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback"),
    "ja": ("Noto Sans CJK JP", "Source Han Sans JP", "IPAGothic", "TakaoGothic", "VL Gothic"),
    "ko": ("Noto Sans CJK KR", "Source Han Sans KR", "NanumGothic", "UnDotum"),
}
CJK_ANY = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Droid Sans Fallback")
# Translators: a hint beside the buttons: the keys only work once the window has the
# focus. "Space", "Esc" are keys; "→" is the Right arrow key. Keep it short.
KEYS_HINT = N_("Click the window for the keys: Space pause, → next, Esc stop")

ImageKey = tuple[str, tuple[str, ...], int, str | None]


def font_family(families: Iterable[str], lang: str) -> str:
    """The font family the window writes in, of those installed, for language `lang`.

    DejaVu Sans where it is installed; for Chinese, Japanese and Korean a family with the
    script's glyphs when one is installed, else Tk's own default (which fontconfig fills in
    glyph by glyph), never a family that has only Latin glyphs."""
    have = set(families)
    base = lang.split("_", 1)[0]
    if base in ("zh", "ja", "ko"):
        wanted = (*CJK_FONTS.get(lang, ()), *CJK_FONTS.get(base, ()), *CJK_ANY)
        return next((f for f in wanted if f in have), "TkDefaultFont")
    return FONT if FONT in have or not have else "TkDefaultFont"


def load_figures() -> ModuleType | None:
    try:
        from deskbreak.player import figures
    except ImportError as exc:
        log.info("no illustrations: %s", exc)
        return None
    return figures


def counter_text(frame: Frame) -> str:
    """ "Step 2 of 5", and that it is paused."""
    n, total = frame.index + 1, frame.count
    if frame.paused:
        # Translators: the step counter above the step's name while the routine is paused.
        return _("Step {n} of {total} (paused)").format(n=n, total=total)
    # Translators: the step counter above the step's name.
    return _("Step {n} of {total}").format(n=n, total=total)


def pause_label(*, paused: bool) -> str:
    """The pause button's label: Resume while paused, else Pause."""
    if paused:
        # Translators: a button that carries on with a paused routine; keep it short.
        return pgettext("button", "Resume")
    # Translators: a button that pauses the routine; keep it short.
    return pgettext("button", "Pause")


def step_texts(frame: Frame, *, stop: bool = True) -> dict[str, str]:
    """What the window shows about the step of `frame`, by widget name, translated; with
    `stop`, the caution ends with the one-line stop reminder (the note, when it is shown,
    already says when to stop)."""
    segment = frame.segment
    assert segment is not None
    text = guide.step_text(segment)
    cues = [f"•  {cue}" for cue in text.cues]
    if text.breathing:
        cues.append(f"•  {text.breathing}")
    return {
        "title": text.title,
        "detail": "\n".join(
            t for t in (_beside(text.side, guide.mirror_note(segment)), text.purpose) if t
        ),
        "cues": "\n".join(cues),
        "easier": text.easier,
        "caution": " ".join(t for t in (text.caution, text.stop if stop else "") if t),
        "next": guide.next_text(frame.upcoming),
    }


def _beside(text: str, caption: str) -> str:
    return f"{text}  ({caption})" if text and caption else text or caption


def note_text() -> str:
    """The safety note the window shows: the note, the emergency line, where the red flags are."""
    note, emergency = guide.safety_lines()[:2]
    lines = (note, f"{emergency} {guide.red_flags_where()}")
    # Translators: {note} is the safety note (several sentences, on their own lines).
    return _("Before you start: {note}").format(note="\n".join(lines))


def frame_texts(frame: Frame) -> dict[str, str]:
    """What changes with every frame, by widget name: the clock, the counter, the beat."""
    return {
        "countdown": clock_text(frame.remaining),
        "counter": counter_text(frame),
        "pause": pause_label(paused=frame.paused),
        "breath": beat_text(frame.beat),
    }


class PlayerView:
    """The widgets of one player window; `render` shows a frame."""

    def __init__(self, root: tk.Tk) -> None:
        self.root = root
        self.w: dict[str, Any] = {}
        self._figures = load_figures()
        self._images: dict[ImageKey, Any] = {}
        self._image_key: ImageKey | None = None
        self._shown = -1
        self._note_packed = False
        self._font = FONT
        self.width = WIDTH
        self.figure_size = FIGURE_SIZE

    def _label(self, name: str, size: int, *, bold: bool = False, fg: str = INK, **kw: Any) -> Any:
        import tkinter as tk

        font = (self._font, size, "bold") if bold else (self._font, size)
        parent = kw.pop("parent", self.root)
        kw.setdefault("wraplength", self.width)
        kw.setdefault("justify", "left")
        label = tk.Label(parent, font=font, fg=fg, bg=kw.pop("bg", BG), **kw)
        self.w[name] = label
        return label

    def build(
        self, note: tuple[str, ...], actions: list[tuple[str, str, Callable[[], None]]]
    ) -> None:
        import tkinter as tk
        from tkinter import font as tkfont

        self._font = font_family(tkfont.families(self.root), language())
        self._label("note", 9, fg=NOTE_INK, bg=NOTE_BG, text=note_text(),
                    wraplength=self.width - 24, padx=12, pady=6)  # fmt: skip
        self._label("counter", 10, fg=SOFT).pack(anchor="w")
        if note:
            self.toggle_note()
        self._label("title", 17, bold=True).pack(anchor="w")
        self._label("detail", 10, fg=SOFT).pack(anchor="w")
        bar = tk.Canvas(self.root, width=self.width, height=8, bg=TRACK, highlightthickness=0)
        bar.pack(fill="x", pady=(6, 10))
        self.w["bar"] = bar
        self.w["bar_fill"] = bar.create_rectangle(0, 0, 0, 8, fill=ACCENT, width=0)
        row = tk.Frame(self.root, bg=BG)
        row.pack(fill="x")
        self._illustration(row)
        self._clock(row)
        self._label("cues", 11).pack(anchor="w", pady=(10, 0))
        self._label("easier", 10, fg=SOFT).pack(anchor="w", pady=(4, 0))
        self._label("caution", 10, fg=CAUTION_INK).pack(anchor="w", pady=(2, 10))
        self._buttons(actions)

    def toggle_note(self) -> None:
        """Show the safety note above the step, or hide it again."""
        note = self.w["note"]
        if self._note_packed:
            note.pack_forget()
        else:
            note.pack(fill="x", pady=(0, 12), before=self.w["counter"])
        self._note_packed = not self._note_packed

    @property
    def note_shown(self) -> bool:
        return self._note_packed

    def fit(self, steps: list[dict[str, str]], room: tuple[int, int]) -> tuple[int, int]:
        """Choose the first of LAYOUTS in which the window, showing each of `steps` (the
        texts of every step, by widget name) with the note as it is now, fits `room`
        (width, height), and keep the window at that one size for the whole routine, so
        nothing jumps from step to step; return the size. When none fits, the most compact."""
        root = self.root
        size = (0, 0)
        for width, figure in LAYOUTS:
            self._layout(width, figure)
            size = (0, 0)
            for texts in steps:
                for name, text in texts.items():
                    self.w[name].configure(text=text)
                root.update_idletasks()
                size = (max(size[0], root.winfo_reqwidth()), max(size[1], root.winfo_reqheight()))
            if size[0] <= room[0] and size[1] <= room[1]:
                break
        root.minsize(*size)
        root.maxsize(*size)
        root.geometry(f"{size[0]}x{size[1]}")
        self._shown = -1  # the next frame shows its own step again
        return size

    def _layout(self, width: int, figure: tuple[int, int]) -> None:
        """Re-wrap the text to `width` and size the illustration to `figure`."""
        self.width, self.figure_size = width, figure
        for name in ("counter", "title", "detail", "cues", "easier", "caution"):
            self.w[name].configure(wraplength=width)
        self.w["note"].configure(wraplength=width - 24)
        # The column beside the figure (the countdown, the beat, what comes next) takes the
        # room the figure leaves, so a long "Next:" caution wraps into few lines.
        beside = max(BREATH_WIDTH + 50, width - figure[0] - 60)
        self.w["breath"].configure(wraplength=beside - 10)
        self.w["next"].configure(wraplength=beside)
        self.w["bar"].configure(width=width)
        art = self.w["art"]
        art.configure(width=figure[0], height=figure[1])
        art.coords(self.w["art_image"], figure[0] // 2 + 1, figure[1] // 2 + 1)
        self._images.clear()
        self._image_key = None

    def _illustration(self, parent: Any) -> None:
        import tkinter as tk

        width, height = self.figure_size
        art = tk.Canvas(parent, width=width, height=height, bg="#ffffff", highlightthickness=1,
                        highlightbackground=TRACK)  # fmt: skip
        art.pack(side="left")
        self.w["art"] = art
        self.w["art_image"] = art.create_image(width // 2 + 1, height // 2 + 1)

    def _clock(self, parent: Any) -> None:
        """The countdown and the beat, beside the illustration."""
        import tkinter as tk

        column = tk.Frame(parent, bg=BG)
        column.pack(side="left", expand=True, fill="both")
        self._label("countdown", 44, bold=True, parent=column).pack(pady=(28, 0))
        self._label("breath", 14, fg=ACCENT, parent=column, justify="center",
                    wraplength=BREATH_WIDTH + 40).pack()  # fmt: skip
        breath_bar = tk.Canvas(column, width=BREATH_WIDTH, height=8, bg=TRACK, highlightthickness=0)
        breath_bar.pack(pady=(4, 0))
        self.w["breath_bar"] = breath_bar
        self.w["breath_fill"] = breath_bar.create_rectangle(0, 0, 0, 8, fill=ACCENT, width=0)
        self._label("next", 10, fg=SOFT, parent=column, justify="center",
                    wraplength=BREATH_WIDTH + 50).pack(pady=(14, 0))  # fmt: skip

    def _buttons(self, actions: list[tuple[str, str, Callable[[], None]]]) -> None:
        import tkinter as tk

        row = tk.Frame(self.root, bg=BG)
        row.pack(fill="x")
        for name, text, command in actions:
            button = tk.Button(row, text=text, command=command, font=(self._font, 11), takefocus=0,
                               bg="#ffffff", fg=INK, activebackground=TRACK, relief="groove",
                               padx=14, pady=4)  # fmt: skip
            button.pack(side="left", padx=(0, 8))
            self.w[name] = button
        self._label("keys", 8, fg=SOFT, text=_(KEYS_HINT), parent=row, wraplength=150)
        self.w["keys"].pack(side="right")

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
        self.w["bar"].coords(self.w["bar_fill"], 0, 0, self._bar_width() * frame.progress, 10)
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
        bar.coords(self.w["breath_fill"], 0, 0, BREATH_WIDTH * lungs, 8)

    def _show_figure(self, frame: Frame) -> None:
        if self._figures is None or frame.segment is None:
            return
        figure = frame.segment.exercise.figure
        side = frame.segment.side.value if frame.segment.side else None
        beat = frame.beat
        if frame.paused and self._image_key is not None and self._image_key[0] == figure:
            return  # keep the pose it was in when paused
        path, step = (beat.path, round(beat.along * PHASE_STEPS)) if beat else ((), 0)
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
        image = self._figures.draw(figure, path, along, self.figure_size, side)
        return ImageTk.PhotoImage(image, master=self.root)
