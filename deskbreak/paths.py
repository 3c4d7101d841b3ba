"""Where deskbreak keeps its files: config, data, state, logs and runtime.

Directories come from platformdirs; DESKBREAK_HOME re-roots all of them (tests
and portable use) and DESKBREAK_CONFIG names the config file. Nothing is created
here at import; callers ask for a directory with `ensure`.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP = "deskbreak"
CONFIG_FILE = "config.toml"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    state_dir: Path
    log_dir: Path
    runtime_dir: Path
    config_file: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def socket(self) -> Path:
        return self.runtime_dir / "control.sock"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "deskbreak.log"

    @property
    def autostart_dir(self) -> Path:
        return self.config_dir.parent / "autostart"


def resolve(env: Mapping[str, str] | None = None, config: str | None = None) -> Paths:
    """Work out every path from the environment (and an explicit --config)."""
    env = os.environ if env is None else env
    home = env.get("DESKBREAK_HOME")
    if home:
        root = Path(home).expanduser()
        dirs = [root / "config", root / "data", root / "state", root / "log", root / "run"]
    else:
        dirs = _platform_dirs()
    chosen = config or env.get("DESKBREAK_CONFIG")
    config_file = Path(chosen).expanduser() if chosen else dirs[0] / CONFIG_FILE
    config_dir, data_dir, state_dir, log_dir, runtime_dir = dirs
    return Paths(config_dir, data_dir, state_dir, log_dir, runtime_dir, config_file)


def _platform_dirs() -> list[Path]:
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP, appauthor=False)
    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR platformdirs warns and uses /tmp/runtime-UID;
        # that is fine for us (the directory is made 0700), so say nothing.
        warnings.simplefilter("ignore")
        runtime = Path(dirs.user_runtime_dir)
    if sys.platform == "darwin" or os.name == "nt":
        runtime = Path(dirs.user_cache_dir) / "run"
    return [
        Path(dirs.user_config_dir),
        Path(dirs.user_data_dir),
        Path(dirs.user_state_dir),
        Path(dirs.user_log_dir),
        runtime,
    ]


def ensure(directory: Path, *, private: bool = False) -> Path:
    """Create a directory (0700 when private) and return it."""
    directory.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o777)
    if private and os.name == "posix":
        directory.chmod(0o700)
    return directory
