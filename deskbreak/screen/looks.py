"""The desktop's wishes for motion and contrast, and the player's `[player]` choice over them.

Owns reading GNOME's `org.gnome.desktop.interface enable-animations` and
`org.gnome.desktop.a11y.interface high-contrast` (with `gsettings get` where it is installed,
else from GSettings' keyfile, `glib-2.0/settings/keyfile` under the config folder) and KDE's
`AnimationDurationFactor` in `kdeglobals` (0: animations off), and `looks`, which applies
the config's `motion` and `contrast` ("auto" asks the desktop). No PyGObject: a command with
a short timeout and plain files; anything missing or unreadable means "no wish". Edge module:
standard library only.
"""

from __future__ import annotations

import configparser
import logging
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ANIMATIONS = ("org.gnome.desktop.interface", "enable-animations")
HIGH_CONTRAST = ("org.gnome.desktop.a11y.interface", "high-contrast")
GSETTINGS_TIMEOUT = 2.0


@dataclass(frozen=True)
class Looks:
    """How the player draws: the figure still in its key poses, and the high-contrast palette."""

    reduced_motion: bool = False
    high_contrast: bool = False


def _config_home(env: Mapping[str, str]) -> Path:
    configured = env.get("XDG_CONFIG_HOME", "")
    if configured and os.path.isabs(configured):
        return Path(configured)
    return Path(env.get("HOME", str(Path.home()))) / ".config"


def _ini(path: Path) -> configparser.ConfigParser | None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    try:
        parser.read_string(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, configparser.Error) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.info("cannot read %s: %s", path, exc)
        return None
    return parser


def gnome_setting(
    key: tuple[str, str], env: Mapping[str, str], gsettings: str | None
) -> bool | None:
    """A GNOME boolean setting: `gsettings get` when `gsettings` (its path) is given, else
    GSettings' keyfile; None when neither knows it."""
    if gsettings is not None:
        try:
            done = subprocess.run(
                [gsettings, "get", *key], env=dict(env), capture_output=True, text=True,
                timeout=GSETTINGS_TIMEOUT, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.info("gsettings get %s %s: %s", *key, exc)
            return None
        return {"true": True, "false": False}.get(done.stdout.strip())
    keyfile = _ini(_config_home(env) / "glib-2.0" / "settings" / "keyfile")
    section = "/" + key[0].replace(".", "/")
    for name in (section, section.lstrip("/")):
        if keyfile is not None and keyfile.has_option(name, key[1]):
            return {"true": True, "false": False}.get(keyfile.get(name, key[1]).strip().lower())
    return None


def kde_animations_off(env: Mapping[str, str]) -> bool | None:
    """KDE's `[KDE] AnimationDurationFactor` in kdeglobals: True at 0; None when unset."""
    kdeglobals = _ini(_config_home(env) / "kdeglobals")
    if kdeglobals is None or not kdeglobals.has_option("KDE", "AnimationDurationFactor"):
        return None
    try:
        return float(kdeglobals.get("KDE", "AnimationDurationFactor")) <= 0.0
    except ValueError:
        return None


def desktop_looks(env: Mapping[str, str] | None = None, gsettings: str | None = "") -> Looks:
    """What the desktop asks for. `gsettings` is the command's path ("" finds it on PATH,
    None reads the keyfile instead)."""
    env = os.environ if env is None else env
    if gsettings == "":
        gsettings = shutil.which("gsettings", path=env.get("PATH"))
    animations = gnome_setting(ANIMATIONS, env, gsettings)
    reduced = animations is False or kde_animations_off(env) is True
    high = gnome_setting(HIGH_CONTRAST, env, gsettings) is True
    return Looks(reduced_motion=reduced, high_contrast=high)


def looks(
    motion: str, contrast: str, env: Mapping[str, str] | None = None, gsettings: str | None = ""
) -> Looks:
    """The looks for the `[player]` settings `motion` and `contrast`: "auto" takes the
    desktop's (asked only then), the other words decide."""
    desktop = Looks()
    if "auto" in (motion, contrast):
        desktop = desktop_looks(env, gsettings)
    reduced = desktop.reduced_motion if motion == "auto" else motion == "reduced"
    high = desktop.high_contrast if contrast == "auto" else contrast == "high"
    return Looks(reduced_motion=reduced, high_contrast=high)
