"""The commented example config shipped in the package, and writing it for the user.

Owns `config.example.toml` as the package carries it: `deskbreak config init`
and the tray's "Open config" (when there is no file yet) both write it.
Core module: standard library only.
"""

from __future__ import annotations

from pathlib import Path

EXAMPLE = "config.example.toml"


def example_text() -> str:
    """The commented example config shipped with the package."""
    import importlib.resources  # with its helpers, only when the example is wanted

    return importlib.resources.files("deskbreak").joinpath(EXAMPLE).read_text(encoding="utf-8")


def write_example(path: Path) -> None:
    """Write the example to `path`, making its folder; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(example_text(), encoding="utf-8")
