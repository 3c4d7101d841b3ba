"""The built-in health content is in its own words: no six-word run of it appears in the
source articles it was written from.

The articles are not in the repository; their six-word windows are, as short hashes
(`tests/data/seed-windows.txt`, written by `scripts/seed_windows.py`). Every text of the
built-in content is read through the library's public API (every string field of every
exercise and routine, whatever fields they grow) and the safety module's constants.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from support import ownwords

from deskbreak.core import library, safety


def _strings(value: object) -> Iterator[str]:
    """Every string inside `value`: dataclass fields, tuples, lists and mappings, recursively."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def content() -> list[str]:
    """Every text of the built-in content that a user may read."""
    texts: list[str] = []
    for exercise in library.exercises().values():
        texts += _strings(exercise)
    for routine in library.routines().values():
        texts += _strings(routine)
    for name, value in vars(safety).items():
        if name.isupper():
            texts += _strings(value)
    texts += library.wording()  # the library's own list, routine intros included
    return texts


@pytest.fixture(scope="module")
def known() -> frozenset[str]:
    found = ownwords.load()
    assert len(found) > 1000, "the seed window hashes are missing"
    return found


def test_no_six_words_of_the_content_come_from_the_sources(known: frozenset[str]) -> None:
    texts = content()
    assert sum(len(ownwords.words(t)) for t in texts) > 500  # the content was found
    copied = {text: found for text in texts if (found := ownwords.copied(text, known))}
    assert copied == {}


def test_the_content_reaches_every_kind_of_text() -> None:
    texts = set(content())
    note = safety.SAFETY_NOTE
    exercise = next(iter(library.exercises().values()))
    routine = next(iter(library.routines().values()))
    assert note in texts and exercise.cues[0] in texts and routine.title in texts


def test_the_guard_finds_a_copied_window_and_only_that() -> None:
    source = "Sit tall near the FRONT of your chair, feet flat: it’s the start."
    known = frozenset(ownwords.hashes([source]))
    assert ownwords.copied("Then sit tall near the front of your chair and rest.", known) == [
        "sit tall near the front of",
        "tall near the front of your",
        "near the front of your chair",
    ]
    assert ownwords.copied("Sit near the front of the chair, tall.", known) == []
    assert ownwords.words("“It’s” 'fine' — 3 times_over") == ["it's", "fine", "3", "times", "over"]
