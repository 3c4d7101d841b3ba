"""[[hooks]]: every key read, every mistake named by its key path and line, `config show`
writes them back, and the shipped example's hook is valid."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from support.configs import QUIET

from deskbreak.cli.tomltext import dump_config
from deskbreak.core.config.model import Hook
from deskbreak.core.config.read import ConfigErrors, parse_config

REPO = Path(__file__).resolve().parent.parent

GOOD = """
[[hooks]]
on = ["started", "due"]
run = ["playerctl", "pause"]

[[hooks]]
on = ["completed"]
run = ["sh", "-c", "echo \\"$DESKBREAK_EVENT\\" >> ~/breaks.log"]
timeout = "5s"
"""


def test_hooks_are_read_in_order_with_their_defaults() -> None:
    hooks = parse_config(GOOD).hooks
    assert hooks == (
        Hook(("started", "due"), ("playerctl", "pause"), timedelta(seconds=30)),
        Hook(("completed",), ("sh", "-c", 'echo "$DESKBREAK_EVENT" >> ~/breaks.log'),
             timedelta(seconds=5)),
    )  # fmt: skip


def test_no_hooks_by_default() -> None:
    assert parse_config(QUIET).hooks == ()


# (config text, the key paths and lines of the problems it has)
CASES = [
    ('[[hooks]]\non = ["due", "startd"]\nrun = ["x"]\n', [("hooks[0].on[1]", 2)]),
    ('[[hooks]]\non = ["due", "due"]\nrun = ["x"]\n', [("hooks[0].on[1]", 2)]),
    ('[[hooks]]\non = []\nrun = ["x"]\n', [("hooks[0].on", 2)]),
    ('[[hooks]]\non = "due"\nrun = ["x"]\n', [("hooks[0].on", 2)]),
    ('[[hooks]]\non = ["due"]\nrun = "playerctl pause"\n', [("hooks[0].run", 3)]),
    ('[[hooks]]\non = ["due"]\nrun = []\n', [("hooks[0].run", 3)]),
    ('[[hooks]]\non = ["due"]\nrun = ["", "x"]\n', [("hooks[0].run[0]", 3)]),
    ('[[hooks]]\non = ["due"]\nrun = ["x", 3]\n', [("hooks[0].run[1]", 3)]),
    ('[[hooks]]\non = ["due"]\nrun = ["x"]\ntimeout = "1h"\n', [("hooks[0].timeout", 4)]),
    ('[[hooks]]\non = ["due"]\nrun = ["x"]\ntimout = "1m"\n', [("hooks[0].timout", 4)]),
    ('[[hooks]]\nrun = ["x"]\n', [("hooks[0].on", 1)]),
    ('[[hooks]]\non = ["due"]\n', [("hooks[0].run", 1)]),
    ("hooks = 3\n", [("hooks", 1)]),
    (
        '[[hooks]]\non = ["due"]\nrun = ["x"]\n[[hooks]]\non = ["paused", "nope"]\nrun = ["y"]\n',
        [("hooks[1].on[1]", 5)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_bad_hook_is_named_by_its_key_path_and_line(
    text: str, expected: list[tuple[str, int]]
) -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text)
    assert [(p.path, p.line) for p in caught.value.problems] == expected
    assert all(p.fix for p in caught.value.problems)  # each says how to fix it


def test_an_unknown_event_gets_the_closest_name() -> None:
    with pytest.raises(ConfigErrors) as caught:
        parse_config('[[hooks]]\non = ["snozed"]\nrun = ["x"]\n')
    assert '"snoozed"' in caught.value.problems[0].fix


def test_config_show_writes_the_hooks_back() -> None:
    config = parse_config(GOOD)
    text = dump_config(config)
    assert "[[hooks]]" in text
    assert parse_config(text) == config


def test_the_example_config_has_a_valid_hook_once_uncommented() -> None:
    example = (REPO / "config.example.toml").read_text(encoding="utf-8")
    enabled = re.sub(r"(?m)^#(?=[\[a-z])", "", example)
    (hook,) = parse_config(enabled).hooks
    assert hook.on == ("started",) and hook.run[0] == "playerctl"
