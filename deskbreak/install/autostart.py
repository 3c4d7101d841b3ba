"""Starting deskbreak at login: an XDG autostart entry, a macOS LaunchAgent, a Windows Run value.

The file contents come from pure functions (`desktop_entry`, `launch_agent`,
`run_value`); `Autostart` writes, removes and inspects them in the per-user
place for the platform (re-rooted by DESKBREAK_HOME, like every other path).
The command is `deskbreak run`, not `start`: the session (or launchd) should
own the daemon process itself rather than a launcher that exits at once,
which some session managers treat as "finished" and clean up after; a second
`run` while one is already running just says so and exits 0.
Standard library only (winreg lazily, on Windows); no GUI imports.
"""

from __future__ import annotations

import importlib
import os
import plistlib
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from deskbreak.core.i18n import _
from deskbreak.paths import Paths, ensure

NAME = "deskbreak"
LABEL = "deskbreak"  # the launchd job label and the Run value name
_RESERVED = re.compile(r"""[\s"'\\><~|&;$*?#()`]""")
_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Platform(StrEnum):
    XDG = "xdg"  # Linux and the BSDs: freedesktop autostart
    MACOS = "macos"
    WINDOWS = "windows"


def current_platform() -> Platform:
    if sys.platform == "darwin":
        return Platform.MACOS
    if os.name == "nt":
        return Platform.WINDOWS
    return Platform.XDG


def autostart_command(
    platform: Platform, *, config: Path | None = None, python: str | None = None
) -> list[str]:
    """The login command, as an absolute path that needs no PATH at login: the `deskbreak`
    script beside this Python (a pipx or uv tool install, a venv), else the one on PATH, else
    this Python with -m."""
    python = sys.executable if python is None else python
    tail = ["--config", str(config.expanduser().resolve())] if config else []
    if platform is Platform.WINDOWS:
        # pythonw has no console window; the console script would open one at every login.
        windowless = Path(python).with_name("pythonw.exe")
        python = str(windowless) if windowless.exists() else python
        return [python, "-m", NAME, *tail, "run"]
    beside = Path(python).with_name(NAME)  # not resolved: a venv's python is a symlink
    script = str(beside) if beside.is_file() and os.access(beside, os.X_OK) else shutil.which(NAME)
    head = [script] if script else [python, "-m", NAME]
    return [*head, *tail, "run"]


def _exec_arg(arg: str) -> str:
    if arg and not _RESERVED.search(arg):
        return arg.replace("%", "%%")
    quoted = re.sub(r'(["`$\\])', r"\\\1", arg)
    return f'"{quoted}"'.replace("%", "%%")


def exec_value(command: Sequence[str]) -> str:
    """The Exec= value: quoted per the Desktop Entry spec, then string-escaped."""
    line = " ".join(_exec_arg(arg) for arg in command)
    for raw, escaped in (("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        line = line.replace(raw, escaped)
    return line


def desktop_entry(command: Sequence[str]) -> str:
    # The entry stays English here: the desktop picks a language from keys such as
    # `GenericName[de]=` and `Comment[de]=`, which would follow the English ones below.
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",  # what desktop-file-validate on Debian 12 and later accepts
            f"Name={NAME}",
            "GenericName=Desk-break reminder",
            "Comment=Reminds you to take short seated stretch breaks while you work",
            f"Exec={exec_value(command)}",
            f"Icon={NAME}",
            "Terminal=false",
            "Categories=Utility;",
            "X-GNOME-Autostart-enabled=true",
            "X-KDE-autostart-after=panel",
            "",
        ]
    )


def launch_agent(command: Sequence[str]) -> str:
    job: dict[str, Any] = {
        "Label": LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "KeepAlive": False,
        "ProcessType": "Interactive",
    }
    return plistlib.dumps(job, sort_keys=False).decode("utf-8")


def run_value(command: Sequence[str]) -> str:
    return subprocess.list2cmdline(list(command))


class RunKey(Protocol):
    """The per-user Run key (HKCU\\...\\Run); injected in tests."""

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


class WinRegRunKey:
    """The real Run key through winreg (Windows only)."""

    def _reg(self) -> Any:
        return importlib.import_module("winreg")

    def get(self, name: str) -> str | None:
        reg = self._reg()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, _RUN_KEY) as key:
                return str(reg.QueryValueEx(key, name)[0])
        except FileNotFoundError:
            return None

    def set(self, name: str, value: str) -> None:
        reg = self._reg()
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, _RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.SetValueEx(key, name, 0, reg.REG_SZ, value)

    def delete(self, name: str) -> None:
        reg = self._reg()
        with reg.OpenKey(reg.HKEY_CURRENT_USER, _RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.DeleteValue(key, name)


@dataclass(frozen=True)
class AutostartState:
    enabled: bool
    where: str  # the file, or the registry value
    command: str | None = None  # as written, for display
    note: str | None = None  # e.g. "switched off in the desktop's startup settings"


class Autostart:
    """Enable, disable and inspect login start for one platform."""

    def __init__(
        self,
        paths: Paths,
        *,
        platform: Platform | None = None,
        env: Mapping[str, str] | None = None,
        run_key: RunKey | None = None,
    ) -> None:
        self.platform = platform or current_platform()
        env = os.environ if env is None else env
        home = env.get("DESKBREAK_HOME")
        agents = Path(home) / "LaunchAgents" if home else Path.home() / "Library/LaunchAgents"
        self._file = {
            Platform.XDG: paths.autostart_dir / f"{NAME}.desktop",
            Platform.MACOS: agents / f"{LABEL}.plist",
        }.get(self.platform)
        self._run_key = run_key

    def where(self) -> str:
        return str(self._file) if self._file else f"HKCU\\{_RUN_KEY}\\{LABEL}"

    def enable(self, command: Sequence[str]) -> str:
        """Write the entry (replacing an older one); return where it went."""
        if self._file is None:
            self._key().set(LABEL, run_value(command))
            return self.where()
        text = desktop_entry(command) if self.platform is Platform.XDG else launch_agent(command)
        ensure(self._file.parent)
        partial = self._file.with_name(self._file.name + ".tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self._file)
        return self.where()

    def disable(self) -> bool:
        """Remove the entry; False when there was none."""
        if self._file is None:
            if self._key().get(LABEL) is None:
                return False
            self._key().delete(LABEL)
            return True
        try:
            self._file.unlink()
        except FileNotFoundError:
            return False
        return True

    def status(self) -> AutostartState:
        if self._file is None:
            value = self._key().get(LABEL)
            return AutostartState(value is not None, self.where(), value)
        try:
            text = self._file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return AutostartState(False, self.where())
        if self.platform is Platform.MACOS:
            try:
                args = plistlib.loads(text.encode()).get("ProgramArguments", [])
            except plistlib.InvalidFileException:
                # Translators: the macOS login entry (a property list file) cannot be read.
                note = _("the file is not a valid plist")
                return AutostartState(True, self.where(), None, note)
            return AutostartState(True, self.where(), " ".join(map(str, args)))
        return _desktop_state(text, self.where())

    def _key(self) -> RunKey:
        return self._run_key or WinRegRunKey()


def _desktop_state(text: str, where: str) -> AutostartState:
    keys = dict(line.split("=", 1) for line in text.splitlines() if "=" in line and line[:1] != "#")
    off = keys.get("Hidden", "").strip() == "true"
    off = off or keys.get("X-GNOME-Autostart-enabled", "").strip() == "false"
    # Translators: the login entry exists but the user turned it off in the desktop's settings.
    note = _("switched off in the desktop's startup settings") if off else None
    return AutostartState(not off, where, keys.get("Exec"), note)
