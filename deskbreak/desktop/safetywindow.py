"""The safety sheet in a window: what `deskbreak safety` prints, for those who use the tray.

Owns `python -m deskbreak.desktop.safetywindow`, which the tray's Safety item opens, and
`show(parent)`, which the control window's Safety button calls: the note before starting,
when to stop, the emergency line and the signs that need a doctor (`core.safety.sheet`),
in a calm read-only window that closes with Escape. It speaks the
daemon's language (DESKBREAK_LANGUAGE, set by the tray that starts it).
Edge module: imports tkinter lazily; must not import pystray, the engine or the controller.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from deskbreak.core import safety
from deskbreak.core.i18n import _, pgettext

BG, INK = "#f5f2eb", "#1d2530"
FONT = "DejaVu Sans"
WIDTH = 560  # px the text wraps at


def title() -> str:
    # the Safety button's own word: the window is what the button opens
    return pgettext("button", "Safety")


def text() -> str:
    """The whole sheet as one text, translated."""
    return "\n".join(safety.sheet())


def show(window: Any) -> Any:
    """Fill `window` (a Tk root or Toplevel) with the sheet; returns the text label."""
    import tkinter as tk

    window.title(title())
    window.configure(background=BG, padx=18, pady=14)
    window.bind("<Escape>", lambda _e: window.destroy())
    label = tk.Label(window, text=text(), font=(FONT, 10), fg=INK, bg=BG, justify="left",
                     anchor="w", wraplength=WIDTH)  # fmt: skip
    label.pack(fill="x")
    window.focus_set()
    return label


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window; returns when it is closed."""
    from deskbreak import lang

    lang.setup()
    del argv  # no options
    try:
        import tkinter as tk

        root = tk.Tk(className="deskbreak")
    except Exception as exc:
        print(_("deskbreak: cannot open a window: {error}").format(error=exc), file=sys.stderr)
        return 2
    show(root)
    root.mainloop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
