"""Padding text to a column by how wide it shows in a terminal, not by its length.

Translated labels and headers differ in length from the English, and Chinese, Japanese
and Korean characters take two terminal cells each, so `str.ljust` would break the
columns. Standard library only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def width(text: str) -> int:
    """The cells `text` takes in a terminal: wide (East Asian) characters two, marks none."""
    cells = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        cells += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return cells


def widest(texts: Iterable[str]) -> int:
    """The width of the widest of `texts` (0 when there are none)."""
    return max((width(t) for t in texts), default=0)


def ljust(text: str, cells: int) -> str:
    """`text` followed by spaces up to `cells` cells."""
    return text + " " * max(0, cells - width(text))


def rjust(text: str, cells: int) -> str:
    """`text` after spaces up to `cells` cells."""
    return " " * max(0, cells - width(text)) + text
