"""What a step hands on besides its effects: the pending state to the store (when it
changed, and the work counter now and then), and the hook programs its events set off to
the hook runner. Used by the controller on the owner thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from deskbreak.core import hooks
from deskbreak.core.config.model import Hook
from deskbreak.core.engine.effects import Effect, Record
from deskbreak.core.ports import Store
from deskbreak.core.status import Status

log = logging.getLogger(__name__)

STATE_EVERY = 300.0  # seconds between saves of an unchanged pending state


class StateSaver:
    """Persist the pending state when it changed, and the work counter now and then.

    A restart adds the time since the save to the counter, so a counter saved a
    few minutes ago restores just as well; this spares the disk a sync every minute.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._saved: dict[str, object] | None = None
        self._saved_at = 0.0

    def save(self, snapshot: Mapping[str, Any]) -> None:
        essentials = {k: v for k, v in snapshot.items() if k not in ("work", "saved_at")}
        now = time.monotonic()
        if essentials == self._saved and now - self._saved_at < STATE_EVERY:
            return
        try:
            self._store.save_state(snapshot)
        except Exception:
            log.exception("could not save the pending state")
            return
        self._saved, self._saved_at = essentials, now


def run_hooks(
    config: Sequence[Hook],
    effects: Sequence[Effect],
    status: Status,
    run_hook: Callable[[hooks.HookRun], None],
) -> None:
    """Hand the hooks this step's events set off to the runner (which never waits)."""
    events = [effect.event for effect in effects if isinstance(effect, Record)]
    for run in hooks.runs(config, events, status):
        try:
            run_hook(run)
        except Exception:
            log.exception("could not hand over the %s hook", run.event)
