"""Hold signals read from /proc: the user's listed apps, and cameras held open.

Owns two Linux sources:
- `AppsRunning`: one of the process names in [hold] apps is running. Linux tells an
  unprivileged process nothing when another one starts (the proc connector needs
  CAP_NET_ADMIN), so this one polls: it reads /proc/*/comm every APPS_EVERY seconds
  (no subprocess, no bus, a few hundred small reads), and only while the list is
  non-empty; an empty list is looked at again every LIST_EVERY seconds (a reload);
- `VideoDevices`: a /dev/video* device held open by a process other than PipeWire
  or WirePlumber (which keep devices open to offer them); for desktops without
  PipeWire. inotify says when a device is opened or closed, then /proc/*/fd says
  by whom.
Edge module: standard library (ctypes for inotify).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import glob
import logging
import os
import select
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from deskbreak import threads
from deskbreak.core.ports import HoldReport, HoldSignal

log = logging.getLogger(__name__)

APPS_EVERY = 5.0
LIST_EVERY = 60.0  # an empty [hold] apps costs one wake-up a minute, not twelve
DEVICE_KEEPERS = frozenset({"pipewire", "wireplumber", "pipewire-media-session"})
_IN_OPEN, _IN_CLOSE = 0x20, 0x08 | 0x10
_IN_NONBLOCK_CLOEXEC = 0o4000 | 0o2000000


def processes(proc: Path = Path("/proc")) -> Iterator[tuple[int, str]]:
    """(pid, command name) of every process that can be read."""
    for entry in os.scandir(proc):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                yield int(entry.name), (proc / entry.name / "comm").read_text().strip()


def holders(paths: Iterable[str], proc: Path = Path("/proc")) -> set[str]:
    """Names of the processes that have one of `paths` open (those we may look at)."""
    wanted = {os.path.realpath(p) for p in paths}
    found: set[str] = set()
    for pid, name in processes(proc):
        with contextlib.suppress(OSError):
            for fd in os.scandir(proc / str(pid) / "fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(fd.path) in wanted:
                        found.add(name)
                        break
    return found


class _Thread:
    """A worker thread that ends promptly when `close` is called."""

    name = "hold"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last: frozenset[HoldSignal] | None = None
        self._report: HoldReport = lambda signals: None

    def start(self, report: HoldReport) -> None:
        self._report = report
        self._thread = threads.make(f"deskbreak-hold-{self.name}", self._run)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._woken()
        if self._thread is not None:
            self._thread.join(timeout=3)

    def _run(self) -> None:
        raise NotImplementedError

    def _woken(self) -> None:
        """Called by `close` after the stop is set: wake a thread blocked elsewhere."""

    def _tell(self, signals: frozenset[HoldSignal]) -> None:
        if signals != self._last:
            self._last = signals
            self._report(signals)


class AppsRunning(_Thread):
    name = "apps"
    signals = frozenset({HoldSignal.APP})

    def __init__(self, names: Callable[[], Iterable[str]], *, proc: Path = Path("/proc")) -> None:
        super().__init__()
        self._names = names  # read each time: a reload may change the list
        self._proc = proc

    def listed(self) -> set[str]:
        return {n.strip().lower() for n in self._names() if n.strip()}

    def running(self) -> set[str]:
        names = self.listed()
        if not names:
            return set()
        # comm is cut at 15 characters: compare that much of each listed name
        short = {n[:15]: n for n in names}
        return {short[c] for _, name in processes(self._proc) if (c := name.lower()) in short}

    def _run(self) -> None:
        while True:
            # polling is unavoidable here (see the module docstring), so it happens only
            # while the user listed apps; with none, the list alone is read, rarely
            listed = bool(self.listed())
            self._tell(self.signals if listed and self.running() else frozenset())
            if self._stop.wait(APPS_EVERY if listed else LIST_EVERY):
                return


class VideoDevices(_Thread):
    name = "video-devices"
    signals = frozenset({HoldSignal.CAMERA})

    def __init__(
        self,
        pattern: str = "/dev/video*",
        *,
        proc: Path = Path("/proc"),
        keepers: frozenset[str] = DEVICE_KEEPERS,
    ) -> None:
        super().__init__()
        self._pattern, self._proc, self._keepers = pattern, proc, keepers
        self._wake_r, self._wake_w = os.pipe()  # `close` writes here: no timeout loop

    def _woken(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    def close(self) -> None:
        super().close()
        for end in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(end)

    def in_use(self) -> bool:
        return bool(holders(glob.glob(self._pattern), self._proc) - self._keepers)

    def _run(self) -> None:
        notify = _inotify()
        if notify is None:
            return
        fd, add = notify
        try:
            for device in glob.glob(self._pattern):
                add(fd, device.encode(), _IN_OPEN | _IN_CLOSE)
            self._tell(self.signals if self.in_use() else frozenset())
            while not self._stop.is_set():
                ready, _, _ = select.select([fd, self._wake_r], [], [])
                if self._wake_r in ready:
                    return
                _drain(fd)
                self._tell(self.signals if self.in_use() else frozenset())
        finally:
            os.close(fd)


def _inotify() -> tuple[int, Callable[[int, bytes, int], int]] | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        fd = int(libc.inotify_init1(_IN_NONBLOCK_CLOEXEC))
    except (OSError, AttributeError) as exc:
        log.info("no inotify: %s", exc)
        return None
    if fd < 0:
        return None
    add: Callable[[int, bytes, int], int] = libc.inotify_add_watch
    return fd, add


def _drain(fd: int) -> None:
    with contextlib.suppress(BlockingIOError):
        while os.read(fd, 4096):
            pass
