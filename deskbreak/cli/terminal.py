"""Writing to a terminal that cannot show every character: degrade, never crash.

Owns `tolerant_streams`: when stdout or stderr encodes to something narrower than UTF-8 (a
Latin-1 locale such as `LANG=de_DE`, or `C` with ASCII), each character the encoding lacks is
written as its closest plain form — a dash for "—", "..." for "…", "->" for "→", "*" for a
bullet, straight quotes for curly ones — and anything else as "?". Text the encoding has
(German umlauts in Latin-1) is written as it is. UTF-8 streams are left alone.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata
from typing import TextIO

HANDLER = "deskbreak-plain"
PLAIN = {
    "—": "-", "–": "-", "‑": "-", "−": "-", "…": "...", "→": "->", "←": "<-", "•": "*",
    "·": ".", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
    "‚": "'", "×": "x", "⟦": "[", "⟧": "]", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}  # fmt: skip


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        if char in PLAIN:
            out.append(PLAIN[char])
            continue
        # é → e where the encoding lacks it: the letter without its accent
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(base or "?")
    return "".join(out), error.end


def _register() -> None:
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _plain)


def tolerant(stream: TextIO) -> TextIO:
    """`stream`, writing what its encoding lacks in plain characters (see the module)."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if codecs.lookup(encoding).name == "utf-8":
        return stream
    _register()
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors=HANDLER)
    return stream


def tolerant_streams() -> None:
    """Make stdout and stderr tolerant, once, before anything is printed."""
    sys.stdout = tolerant(sys.stdout)
    sys.stderr = tolerant(sys.stderr)
