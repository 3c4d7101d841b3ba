"""What the player window writes: each step's and each frame's texts, and in which font.

Owns the words of the window by widget name (`step_texts` for what stays the whole step,
`frame_texts` for what changes with every frame: the countdown, the counter, the beat, the
pause button), and `font_family`, the family to write them in for the language. Plain
functions that need no display (the tests read them without a window). Must not import
tkinter, PIL, pystray or the daemon.
"""

from __future__ import annotations

from collections.abc import Iterable

from deskbreak.core.i18n import _, pgettext
from deskbreak.player import guide
from deskbreak.player.guide import beat_text, clock_text
from deskbreak.player.timeline import Frame

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
            t
            for t in (_beside(text.side, guide.mirror_note(segment)), text.purpose, text.week)
            if t
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
