"""Break notifications: the `Notifier` port, delivered by the first backend that works.

Owns the chain: desktop-notifier (`desktop.dnotifier`: buttons, one notice at a time, its
own asyncio loop) → plyer (no buttons) → the tray's own balloon → the log. Every backend
is bounded by a timeout, so a missing bus or a stuck server costs a few seconds and a log
line, never the daemon.
Edge module: imports plyer lazily; must not import pystray or tkinter.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from deskbreak import threads
from deskbreak.core.ports import Notice, NoticeAction
from deskbreak.desktop.dnotifier import APP, ActionableBackend, button_labels

__all__ = ["ActionableBackend", "ChainNotifier", "PlyerBackend", "build_notifier"]
__all__ += ["button_labels"]

log = logging.getLogger(__name__)


class Backend(Protocol):
    name: str

    def send(self, notice: Notice) -> None:
        """Deliver `notice` or raise; a later backend then gets it."""
        ...

    def close(self) -> None: ...
    def shutdown(self) -> None: ...


class PlyerBackend:
    """plyer's notification facade: no buttons, no replacing; run with a time limit."""

    name = "plyer"

    def __init__(self, *, timeout: float = 5.0) -> None:
        self._timeout = timeout

    def send(self, notice: Notice) -> None:
        errors: list[BaseException] = []

        def deliver() -> None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # "dbus not installed": it falls back itself
                    from plyer import notification

                    notification.notify(
                        title=notice.title, message=notice.body, app_name=APP, timeout=30
                    )
            except BaseException as exc:
                errors.append(exc)

        worker = threads.make("deskbreak-plyer", deliver)
        worker.start()
        worker.join(self._timeout)
        if worker.is_alive():
            raise TimeoutError(f"plyer did not return within {self._timeout:g} s")
        if errors:
            raise RuntimeError(f"plyer failed: {errors[0]!r}")

    def close(self) -> None:
        pass  # plyer cannot close what it showed

    def shutdown(self) -> None:
        pass


class CallbackBackend:
    """Hands the notice to a (title, message) callback, e.g. the tray icon's balloon."""

    def __init__(self, name: str, callback: Callable[[str, str], None]) -> None:
        self.name = name
        self._callback = callback

    def send(self, notice: Notice) -> None:
        self._callback(notice.title, notice.body)

    def close(self) -> None:
        pass

    def shutdown(self) -> None:
        pass


class ChainNotifier:
    """The daemon's `Notifier`: tries each backend in turn; never raises."""

    def __init__(self, backends: Sequence[Backend]) -> None:
        self.backends = tuple(backends)
        self.last: str | None = None  # name of the backend that delivered the last notice

    def show(self, notice: Notice) -> None:
        for backend in self.backends:
            try:
                backend.send(notice)
            except Exception as exc:
                log.warning(
                    "notification via %s failed: %s", backend.name, str(exc) or type(exc).__name__
                )
                continue
            self.last = backend.name
            return
        self.last = "log"
        if self.backends:
            log.warning(
                "notice (no notification backend worked): %s — %s", notice.title, notice.body
            )
        else:  # no desktop: the terminal and the log are where notices go
            log.warning("%s — %s", notice.title, notice.body)

    def close(self) -> None:
        for backend in self.backends:
            self._quietly(backend.close, backend.name)

    def withdraw_left(self) -> None:
        """Withdraw what a previous run left on screen (see ActionableBackend)."""
        for backend in self.backends:
            withdraw = getattr(backend, "withdraw_left", None)
            if withdraw is not None:
                self._quietly(withdraw, backend.name)

    def shutdown(self) -> None:
        for backend in self.backends:
            self._quietly(backend.shutdown, backend.name)

    @staticmethod
    def _quietly(fn: Callable[[], None], name: str) -> None:
        try:
            fn()
        except Exception as exc:
            log.warning(
                "closing notifications via %s failed: %s", name, str(exc) or type(exc).__name__
            )


def build_notifier(
    on_action: Callable[[NoticeAction], None],
    *,
    tray_notify: Callable[[str, str], None] | None = None,
    timeout: float = 5.0,
    icon: Path | str | None = None,
    bus: bool = True,
    on_snooze: Callable[[timedelta], None] | None = None,
    left: Path | None = None,
) -> ChainNotifier:
    """The standard chain: desktop-notifier, plyer, then the tray's balloon (if given).

    `bus=False` (no desktop session at all) leaves out the two that need one."""
    backends: list[Backend] = []
    if bus:
        backends += [
            ActionableBackend(on_action, timeout=timeout, icon=icon, on_snooze=on_snooze, left=left)
        ]
        backends += [PlyerBackend(timeout=timeout)]
    if tray_notify is not None:
        backends.append(CallbackBackend("tray", tray_notify))
    return ChainNotifier(backends)
