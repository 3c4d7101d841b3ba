"""The daemon's view of the config file: read it, and notice a saved edit."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from deskbreak.core.config.read import ConfigErrors
from deskbreak.daemon.configwatch import ConfigWatch


def test_a_missing_file_reads_as_the_defaults_and_is_unchanged(tmp_path: Path) -> None:
    watch = ConfigWatch(tmp_path / "config.toml")
    assert not watch.changed()  # nothing read yet: nothing to compare with
    settings = watch.read()
    assert "mini-reset" in settings.routines
    assert not watch.changed()


def test_a_saved_edit_is_noticed_once_until_read_again(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nevery = "45m"\n', encoding="utf-8")
    watch = ConfigWatch(path)
    assert watch.read().config.schedule.every == timedelta(minutes=45)
    assert not watch.changed()
    path.write_text('[schedule]\nevery = "20m"\n', encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    assert watch.changed()
    assert watch.read().config.schedule.every == timedelta(minutes=20)
    assert not watch.changed()
    path.unlink()
    assert watch.changed()


def test_a_bad_file_raises_and_is_not_read_again_until_edited(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nevery = "forever"\n', encoding="utf-8")
    watch = ConfigWatch(path)
    with pytest.raises(ConfigErrors):
        watch.read()
    assert not watch.changed()


def test_a_daemon_started_with_a_bad_file_sees_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nevery = "forever"\n', encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    watch = ConfigWatch(path)
    with pytest.raises(ConfigErrors):
        watch.read()
    assert not watch.changed()
    path.write_text('[schedule]\nevery = "20m"\n', encoding="utf-8")
    os.utime(path, (2_000_000, 2_000_000))
    assert watch.changed()  # the stamp was taken although the read failed
    assert watch.read().config.schedule.every == timedelta(minutes=20)
    assert not watch.changed()


def test_a_bad_edit_is_read_once_and_its_fix_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[schedule]\nevery = "45m"\n', encoding="utf-8")
    os.utime(path, (1_000_000, 1_000_000))
    watch = ConfigWatch(path)
    watch.read()
    path.write_text('[schedule]\nevery = "never"\n', encoding="utf-8")
    os.utime(path, (2_000_000, 2_000_000))
    assert watch.changed()
    with pytest.raises(ConfigErrors):
        watch.read()
    assert not watch.changed()  # not read again (and refused again) on every tick
    path.write_text('[schedule]\nevery = "20m"\n', encoding="utf-8")
    os.utime(path, (3_000_000, 3_000_000))
    assert watch.changed()
    assert watch.read().config.schedule.every == timedelta(minutes=20)


def test_opening_a_missing_config_writes_the_example(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    assert ConfigWatch(path).ensure_exists() == path
    assert "[schedule]" in path.read_text(encoding="utf-8")
