"""The [tray] section: which tray backend, checked like every other key."""

from __future__ import annotations

import pytest

from deskbreak.core.config.model import TRAY_BACKENDS
from deskbreak.core.config.read import ConfigErrors, parse_config


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text)
    return [str(p) for p in caught.value.problems]


def test_the_default_is_auto() -> None:
    assert parse_config("").tray.backend == "auto"
    assert parse_config("[tray]\n").tray.backend == "auto"


@pytest.mark.parametrize("backend", TRAY_BACKENDS)
def test_every_backend_is_accepted(backend: str) -> None:
    assert parse_config(f'[tray]\nbackend = "{backend}"\n').tray.backend == backend


def test_a_typo_gets_a_suggestion_with_its_line() -> None:
    assert problems('[goals]\nbreaks_per_day = 6\n[tray]\nbackend = "xembd"\n') == [
        "tray.backend: unknown tray backend 'xembd' — did you mean \"xembed\"? (line 4)"
    ]


def test_wrong_types_and_unknown_keys() -> None:
    assert problems("[tray]\nbackend = 3\nicon = true\n") == [
        "tray.backend: expected a tray backend name, got a number (3)"
        " — write it in quotes (line 2)",
        "tray.icon: unknown key — remove it; known keys: backend (line 3)",
    ]
    assert problems('tray = "sni"\n')[0].startswith("tray: expected a table")
