"""deskbreak in the desktop's application menu: a freedesktop launcher entry and its icon.

Owns the launcher file (`applications/deskbreak.desktop` under the user's XDG data directory,
re-rooted by DESKBREAK_HOME) and installing or removing it together with the icon theme files
(`deskbreak.desktop.appicon`, imported only when icons are written, as it needs Pillow). The Exec
line is the autostart one (`autostart_command`), so it works from a pipx or uv tool install and
from a project venv alike. Standard library only here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from deskbreak.install.autostart import exec_value

NAME = "deskbreak"


def launcher_entry(command: Sequence[str]) -> str:
    # The entry stays English here: the menu picks a language from keys such as
    # `GenericName[de]=`, `Comment[de]=` and `Keywords[de]=`, which would follow the English ones.
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
            "StartupNotify=false",
            "Categories=Utility;",
            "Keywords=break;posture;stretch;reminder;",
            "",
        ]
    )


@dataclass(frozen=True)
class EntryState:
    installed: bool
    where: str
    icons: int  # how many icon sizes are in place


class MenuEntry:
    """Install, remove and inspect the launcher entry and its icons."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        from deskbreak.desktop.appicon import share_dir

        self.share = share_dir(env)
        self.file = self.share / "applications" / f"{NAME}.desktop"

    def install(self, command: Sequence[str]) -> list[Path]:
        """Write the icons, then the entry (so the menu never shows it without its icon)."""
        from deskbreak.desktop.appicon import write_icons

        written = write_icons(self.share)
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_name(self.file.name + ".tmp")
        partial.write_text(launcher_entry(command), encoding="utf-8")
        partial.replace(self.file)
        return [self.file, *written]

    def remove(self) -> bool:
        """Delete the entry and the icons; False when there was no entry."""
        from deskbreak.desktop.appicon import remove_icons

        remove_icons(self.share)
        try:
            self.file.unlink()
        except FileNotFoundError:
            return False
        return True

    def status(self) -> EntryState:
        from deskbreak.desktop.appicon import SIZES, icon_file

        icons = sum(icon_file(self.share, size).is_file() for size in SIZES)
        return EntryState(self.file.is_file(), str(self.file), icons)
