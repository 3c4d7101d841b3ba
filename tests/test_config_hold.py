# ruff: noqa: E501  (expected output lines are kept whole so they read like the real output)
"""The [hold] table: every key read, every mistake named with its key path and line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from deskbreak.core.config.dump import dump_config
from deskbreak.core.config.model import HoldSettings
from deskbreak.core.config.read import ConfigErrors, parse_config

CASES = [
    (
        "[hold]\nmicrophne = true\n",
        ['hold.microphne: unknown key — did you mean "microphone"? (line 2)'],
    ),
    (
        '[hold]\ncamera = "yes"\n',
        [
            'hold.camera: expected true or false, got text ("yes") — write true or false, no quotes (line 2)'
        ],
    ),
    (
        '[hold]\napps = "zoom"\n',
        [
            'hold.apps: expected a list of process names, got text ("zoom") — write it in brackets, e.g. ["…", "…"] (line 2)'
        ],
    ),
    ('[hold]\napps = ["zoom", ""]\n', ["hold.apps[1]: is empty — write a process name (line 2)"]),
    (
        '[hold]\nresume_after = "off"\n',
        ['hold.resume_after: cannot be switched off — give a duration from "0s" to "1h" (line 2)'],
    ),
    (
        '[hold]\nat_most = "10h"\n',
        ['hold.at_most: "10h" is out of range — use "1m" to "8h" or "off" (line 2)'],
    ),
    (
        "hold = 3\n",
        ["hold: expected a table, got a number (3) — write it as a [hold] table (line 1)"],
    ),
    (
        '[hold]\nresume_after = "2h"\nat_most = "30s"\n',
        [
            'hold.resume_after: "2h" is out of range — use "0s" to "1h" (line 2)',
            'hold.at_most: "30s" is out of range — use "1m" to "8h" or "off" (line 3)',
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_bad_hold_table_lists_exactly_these_problems(text: str, expected: list[str]) -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text)
    assert [str(p) for p in caught.value.problems] == expected


def test_every_hold_key_is_read_and_written_back() -> None:
    text = '[hold]\napps = ["zoom", "obs"]\nresume_after = "1m"\nat_most = "45m"\ndnd = false\nfullscreen = false\n'
    config = parse_config(text)
    assert config.hold == HoldSettings(
        dnd=False,
        fullscreen=False,
        apps=("zoom", "obs"),
        resume_after=timedelta(minutes=1),
        at_most=timedelta(minutes=45),
    )
    assert parse_config(dump_config(config)) == config


def test_the_defaults_hold_on_every_signal_and_offer_after_30_seconds() -> None:
    hold = parse_config("").hold
    assert (hold.microphone, hold.camera, hold.screen_share, hold.fullscreen, hold.dnd) == (
        True,
    ) * 5
    assert hold.apps == () and hold.resume_after == timedelta(seconds=30) and hold.at_most is None


def test_the_example_file_documents_the_hold_table_as_the_defaults() -> None:
    import deskbreak

    example = Path(deskbreak.__file__).with_name("config.example.toml").read_text(encoding="utf-8")
    assert "[hold]" in example
    assert parse_config(example).hold == HoldSettings()
