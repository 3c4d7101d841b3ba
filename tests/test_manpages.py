"""The manual pages: written by `python -m deskbreak.cli.manpage OUTDIR`, rendered by man and
groff with every warning on, and saying every command, option and config key there is."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from deskbreak.cli import build_parser
from deskbreak.cli.configpage import Entry, sections
from deskbreak.cli.parsertree import tree
from deskbreak.core.config.example import example_text

REPO = Path(__file__).resolve().parent.parent


def _program(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is missing: apt-get install {package} (scripts/setup lists it)"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Both pages, written the way the package build writes them (in German surroundings:
    the pages are English whatever the language)."""
    outdir = tmp_path_factory.mktemp("man")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DESKBREAK_")}
    env.update(PYTHONPATH=str(REPO), DESKBREAK_LANGUAGE="de", SOURCE_DATE_EPOCH="1767225600")
    result = subprocess.run(
        [sys.executable, "-m", "deskbreak.cli.manpage", str(outdir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in outdir.iterdir())
    assert names == ["deskbreak.1", "deskbreak.toml.5"]
    return {name: str(outdir / name) for name in names}


def _render(page: str) -> tuple[str, str]:
    """The page as `man -l` shows it at 80 columns, and what man and groff warned."""
    man = _program("man", "man-db")
    groff = _program("groff", "groff-base")
    env = {**os.environ, "MANWIDTH": "80", "MAN_KEEP_FORMATTING": "0", "LC_ALL": "C.UTF-8"}
    shown = subprocess.run(
        [man, "--warnings", "-l", page],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    checked = subprocess.run(
        [groff, "-man", "-Tutf8", "-ww", "-z", page],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0 and checked.returncode == 0
    text = re.sub(r".\x08", "", shown.stdout)  # overstriking, should man leave any
    return text, shown.stderr + checked.stderr


def test_deskbreak_1_renders_without_warnings_and_has_every_command(
    pages: dict[str, str],
) -> None:
    text, warnings = _render(pages["deskbreak.1"])
    assert warnings == ""
    headings = re.findall(r"^([A-Z][A-Z ]+)$", text, re.MULTILINE)
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "FILES"):
        assert section in headings
    for section in ("ENVIRONMENT", "EXIT STATUS", "SEE ALSO"):
        assert section in headings
    subsections = set(re.findall(r"^   (\S.*)$", text, re.MULTILINE))
    top = tree(build_parser())
    for command in top.walk():
        if command.path:
            assert " ".join(command.path) in subsections
        for option in command.options:
            assert all(flag in text for flag in option.flags), option.flags
    assert "--wake-grace" not in text and "--list" not in text  # hidden stays hidden
    assert "reminder with guided seated routines" in text  # English, whatever the language
    assert "2026-01-01" in text  # SOURCE_DATE_EPOCH: the same page from the same source


def test_the_config_page_has_every_section_and_key_of_the_example(
    pages: dict[str, str],
) -> None:
    text, warnings = _render(pages["deskbreak.toml.5"])
    assert warnings == ""
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "SETTINGS", "FILES", "SEE ALSO"):
        assert re.search(rf"^{section}$", text, re.MULTILINE), section
    example = example_text()
    tables: list[str] = []
    shown_in_examples: list[str] = []
    commented = False  # inside a commented-out table, which runs to the next blank line
    for line in example.splitlines():
        found = re.match(r"^#?(\[\[?[a-z_.]+\]\]?)", line)
        if found:
            (shown_in_examples if commented else tables).append(found.group(1))
            commented = line.startswith("#")
        elif not line.strip():
            commented = False
    subsections = re.findall(r"^   (\S.*)$", text, re.MULTILINE)
    assert subsections == tables  # every table, written or commented out, in order
    for table in shown_in_examples:  # [[routines.steps]] in the example of [[routines]]
        assert re.search(rf"^ +{re.escape(table)}$", text, re.MULTILINE), table
    data = tomllib.loads(example)
    for name, table in data.items():
        for key, value in table.items():
            if not isinstance(value, dict):
                assert re.search(rf"^       {key} = ", text, re.MULTILINE), f"{name}.{key}"


def test_every_setting_keeps_its_comment() -> None:
    parts = sections(example_text())
    entries = [item for part in parts for item in part.items if isinstance(item, Entry)]
    assert len(entries) >= 20
    for entry in entries:
        assert entry.text, entry.key  # a setting the page would show without a word
    hold = next(part for part in parts if part.name == "[hold]")
    camera = next(i for i in hold.items if isinstance(i, Entry) and i.key == "camera")
    assert camera.value == "true" and "camera" in camera.text[0]  # its end-of-line comment


def test_a_bad_out_dir_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "deskbreak.cli.manpage", str(blocker / "man")],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
