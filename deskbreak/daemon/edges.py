"""The edges the controller is handed (`Edges`), and what it needs of the timer and the
config file: protocols, so the app gives it the real ones and the tests their fakes. The
controller constructs none of them and imports no edge library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from deskbreak.core import hooks, stats
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import Observation
from deskbreak.core.ports import IdleSource, Launcher, Notifier, Store

Observe = Callable[[float | None], Observation]


class Wakeable(Protocol):
    """What the controller needs of the timer (the APScheduler edge or a fake)."""

    def wake_in(self, seconds: float) -> None: ...


class ConfigSource(Protocol):
    """What the controller needs of the config file (`daemon.configwatch` or a fake)."""

    def read(self) -> Settings:
        """Read and check it; raises a DeskbreakError (ConfigErrors) when it is invalid."""
        ...

    def changed(self) -> bool:
        """Whether it was saved since the last read."""
        ...

    def ensure_exists(self) -> Path:
        """Its path, writing the commented example first if there is no file."""
        ...


def _no_hooks(run: hooks.HookRun) -> None:
    """Where no hook runner is given (tests and tools): hooks are not run."""


@dataclass
class Edges:
    store: Store
    notifier: Notifier
    launcher: Launcher
    idle: IdleSource | None
    observe: Observe  # idle seconds in, observation out
    config: ConfigSource
    timer: Wakeable
    open_path: Callable[[Path], None]
    render_chart: Callable[[stats.Summary], Path]  # the week's summary in, a PNG file out
    quit: Callable[[], None]
    run_hook: Callable[[hooks.HookRun], None] = _no_hooks  # returns at once (`daemon.hooks`)
