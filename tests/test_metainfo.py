"""The AppStream metainfo: valid for `appstreamcli validate --strict`, and agreeing with the
desktop entry, the package's version and license, and the screenshots in docs/."""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from deskbreak.install import menuentry

REPO = Path(__file__).resolve().parent.parent
METAINFO = REPO / "deskbreak" / "install" / "io.github.deskbreak.Deskbreak.metainfo.xml"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_appstreamcli_validates_it_strictly(tmp_path: Path) -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        message = "appstreamcli is missing: apt-get install appstream (scripts/setup lists it)"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    # --no-net: the screenshot and home page addresses are not fetched (no network in CI).
    argv = [tool, "validate", "--strict", "--no-net", "--no-color", str(METAINFO)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_names_the_desktop_entry_the_version_and_the_license() -> None:
    root = ET.parse(METAINFO).getroot()
    component_id = root.findtext("id")
    assert METAINFO.name == f"{component_id}.metainfo.xml"
    assert root.findtext("launchable[@type='desktop-id']") == f"{menuentry.NAME}.desktop"
    project = PYPROJECT["project"]
    versions = [release.get("version") for release in root.iter("release")]
    assert versions[0] == project["version"]  # the newest release first
    assert root.findtext("project_license") == project["license"]["text"]
    assert root.findtext("provides/binary") in project["scripts"]


def test_its_screenshots_are_the_ones_in_docs() -> None:
    root = ET.parse(METAINFO).getroot()
    images = [image.text or "" for image in root.iter("image")]
    assert images
    for url in images:
        assert url.startswith("https://")
        path = url.split("/main/", 1)[1]
        assert (REPO / path).is_file(), path


def test_the_wheel_carries_it() -> None:
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["deskbreak.install"]
    assert any(fnmatch.fnmatch(METAINFO.name, pattern) for pattern in patterns)
