"""A real full disk: a small tmpfs mounted on a folder (root only), filled on demand.

`small_disk(folder)` mounts a 1 MiB tmpfs there; `fill()` writes a filler file until the
kernel says ENOSPC, `free()` removes it again. Not root and not CI: the test is skipped
(in CI the suite runs as root, so it always runs there)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


class SmallDisk:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.filler = folder / ".filler"

    def fill(self) -> None:
        with self.filler.open("ab", buffering=0) as out:
            try:
                while True:
                    out.write(b"\0" * 4096)
                    os.fsync(out.fileno())
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


@contextmanager
def small_disk(folder: Path, size: str = "1m") -> Iterator[SmallDisk]:
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("a full disk needs root to mount a tmpfs, and CI runs every test")
        pytest.skip("a full disk needs root to mount a tmpfs")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},nr_inodes=1000", "tmpfs", str(folder)],
        check=True,
    )
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
