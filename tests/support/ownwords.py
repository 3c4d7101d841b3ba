"""The "own words" guard: six-word windows of text, hashed, so copied wording can be found
without keeping the source articles.

Normalising: lowercase, the typographic apostrophe made plain, words are runs of letters,
digits and apostrophes (apostrophes at a word's edges dropped, so quotes do not count).
A window is six consecutive words joined by single spaces; its hash is the first 12 hex
digits of its SHA-256. `scripts/seed_windows.py` writes the hashes of the source articles
to `tests/data/seed-windows.txt`, one a line, sorted; `test_own_words.py` checks the
built-in content against them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

WINDOW = 6
HEX = 12
HASHES = Path(__file__).resolve().parent.parent / "data" / "seed-windows.txt"
_WORD = re.compile(r"(?:[^\W_]|')+")


def words(text: str) -> list[str]:
    found = (w.strip("'") for w in _WORD.findall(text.lower().replace("\u2019", "'")))
    return [w for w in found if w]


def windows(text: str) -> Iterator[str]:
    """Every run of WINDOW consecutive words of `text`, joined by spaces."""
    found = words(text)
    for start in range(len(found) - WINDOW + 1):
        yield " ".join(found[start : start + WINDOW])


def digest(window: str) -> str:
    return hashlib.sha256(window.encode("utf-8")).hexdigest()[:HEX]


def hashes(texts: Iterable[str]) -> list[str]:
    """The sorted, distinct hashes of every window of `texts`."""
    return sorted({digest(w) for text in texts for w in windows(text)})


def load(path: Path = HASHES) -> frozenset[str]:
    return frozenset(line.strip() for line in path.read_text().splitlines() if line.strip())


def copied(text: str, known: frozenset[str]) -> list[str]:
    """The windows of `text` whose hash is in `known`."""
    return [w for w in windows(text) if digest(w) in known]
