"""The settings the daemon runs with: the config and the routine catalogue it makes.

Owns `Settings`, one frozen value built once when the config file is read and
replaced whole on reload, so the engine, the controller and the front ends can
never see a config from one read and routines from another. Core module:
standard library and core modules only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from deskbreak.core.config.model import Config
from deskbreak.core.config.read import catalogue, load_config
from deskbreak.core.routines import Routine


def _builtin() -> Mapping[str, Routine]:
    return catalogue(Config())


@dataclass(frozen=True)
class Settings:
    """A config and every routine the user can play under it (built-ins, then their own)."""

    config: Config = field(default_factory=Config)
    routines: Mapping[str, Routine] = field(default_factory=_builtin)

    @classmethod
    def of(cls, config: Config) -> Settings:
        """The settings a config makes: its routines added to the built-ins."""
        return cls(config, catalogue(config))


def read_settings(path: Path) -> Settings:
    """Read and check the config file (a missing file means the defaults); raises ConfigErrors."""
    return Settings.of(load_config(path))
