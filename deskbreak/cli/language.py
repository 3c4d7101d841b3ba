"""The language of the command line, chosen before its parser is built.

Owns reading `[ui] language` from the config file the command will use (`--config PATH`
anywhere on the command line, else DESKBREAK_CONFIG, else the default path) and installing
it with `deskbreak.lang.setup`, so `--help` and argparse's own texts are translated too.
Cheap and forgiving: the raw TOML is read with `tomllib` (no config model, no checks), and
a missing, unreadable or broken file means "auto"; nothing here ever stops a command.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

AUTO = "auto"
MAX_BYTES = 1_000_000  # as the config reader's limit: a bigger file is not a config


def config_option(argv: Sequence[str]) -> str | None:
    """The last `--config PATH` (or `--config=PATH`) on the command line, if any."""
    found: str | None = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word == "--config" and i + 1 < len(argv):
            found = argv[i + 1]
        elif word.startswith("--config="):
            found = word.split("=", 1)[1]
    return found


def config_file(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """The config file the command will read, found as `deskbreak.paths.resolve` finds it."""
    from deskbreak.paths import resolve

    return resolve(environ, config=config_option(argv)).config_file


def setting(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """`[ui] language` of that file ("auto" when absent, not a string, or unreadable)."""
    env = os.environ if environ is None else environ
    try:
        with config_file(argv, env).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return AUTO
        ui = tomllib.loads(raw.decode("utf-8")).get("ui")
        value = ui.get("language") if isinstance(ui, dict) else None
    except Exception:  # a broken config is `config check`'s to report
        return AUTO
    return (value.strip() or AUTO) if isinstance(value, str) else AUTO


def choose(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """Install the language of the command's config (see `deskbreak.lang`); return its code."""
    from deskbreak import lang

    try:
        return lang.setup(setting(argv, environ), environ)
    except Exception:  # a damaged catalogue must not stop the command
        return lang.setup("en", {})
