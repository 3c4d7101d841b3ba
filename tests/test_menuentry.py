"""The app-menu entry and the app icon: files in the user's XDG data directory, and back out."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from deskbreak.desktop.appicon import SIZES, notification_icon, render_app_icon, share_dir
from deskbreak.install.menuentry import MenuEntry, launcher_entry


def test_the_entry_names_the_command_and_the_themed_icon() -> None:
    text = launcher_entry(["/opt/my tools/bin/deskbreak", "run"])
    assert 'Exec="/opt/my tools/bin/deskbreak" run\n' in text
    assert "Icon=deskbreak\n" in text and "Type=Application\n" in text


def test_install_writes_every_size_and_remove_takes_them_away(home: Path) -> None:
    entry = MenuEntry({"DESKBREAK_HOME": str(home)})
    assert notification_icon({"DESKBREAK_HOME": str(home)}) is None
    written = entry.install(["deskbreak", "run"])
    assert written[0] == home / "share" / "applications" / "deskbreak.desktop"
    assert entry.status().installed and entry.status().icons == len(SIZES)
    for size in SIZES:
        path = home / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "deskbreak.png"
        with Image.open(path) as image:
            assert image.size == (size, size)
    icon = notification_icon({"DESKBREAK_HOME": str(home)})
    assert icon is not None and icon.name == "deskbreak.png" and "128x128" in str(icon)
    assert entry.remove() and not entry.remove()
    assert entry.status().icons == 0


def test_the_icon_is_opaque_in_the_middle_and_clear_in_the_corners() -> None:
    image = render_app_icon(64)
    assert image.getpixel((0, 0))[3] == 0  # type: ignore[index]
    assert image.getpixel((32, 50))[3] == 255  # type: ignore[index]


def test_share_dir_follows_xdg_data_home(tmp_path: Path) -> None:
    assert share_dir({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path
    assert share_dir({"DESKBREAK_HOME": str(tmp_path)}) == tmp_path / "share"


@pytest.mark.parametrize("which", ["autostart", "menu"])
def test_the_desktop_files_pass_desktop_file_validate(tmp_path: Path, which: str) -> None:
    """What the validators on the supported systems accept (Debian 12's rejects Version=1.5)."""
    import shutil
    import subprocess

    from deskbreak.install.autostart import desktop_entry

    tool = shutil.which("desktop-file-validate")
    assert tool is not None, "desktop-file-utils is one of the test packages (scripts/setup)"
    argv = ["/opt/my apps/python3", "-m", "deskbreak", "--config", "/x y/c.toml", "run"]
    text = desktop_entry(argv) if which == "autostart" else launcher_entry(argv)
    path = tmp_path / "deskbreak.desktop"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr
