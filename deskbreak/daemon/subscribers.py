"""Who is told the status after each step, and who wants a step at each change of the
minutes left (the tray's icon, a bar following `status --follow`). Used by the controller
on the owner thread: a callback must not block, and one that fails is logged and skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from deskbreak.core.status import Status, until_minutes_change

log = logging.getLogger(__name__)


class Subscribers:
    def __init__(self) -> None:
        self._callbacks: list[Callable[[Status], None]] = []
        self._minutes: list[Callable[[], bool]] = []  # does a subscriber want each minute?

    def add(
        self, callback: Callable[[Status], None], minutes: Callable[[], bool] | None = None
    ) -> None:
        self._callbacks.append(callback)
        if minutes is not None:
            self._minutes.append(minutes)

    def wake_in(self, wait: float, status: Status) -> float:
        """`wait` (the engine's next look), or sooner when a subscriber shows the minutes
        left and the next one comes first."""
        step = until_minutes_change(status)
        if step is not None and any(wants() for wants in self._minutes):
            return min(wait, step)
        return wait

    def tell(self, status: Status) -> None:
        for callback in list(self._callbacks):
            try:
                callback(status)
            except Exception:
                log.exception("status subscriber failed")
