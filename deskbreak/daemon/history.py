"""Writing the break history through a full disk: nothing the user did is lost.

Owns the events the store could not write yet. `record` writes an event, or keeps it (in
order) when the store refuses; `retry`, called at every step of the owner thread, writes
what was kept once the disk takes writes again. The user hears once when history stops being
saved and once when it is saved again, nothing in between; `pass_on_news` relays what the
store itself has to say (a database made again after it was deleted). Runs on the owner
thread only. Must not import an edge library.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable

from deskbreak.core.events import Event
from deskbreak.core.i18n import _, ngettext
from deskbreak.core.ports import Store

log = logging.getLogger(__name__)

Tell = Callable[[str, str], None]  # a title and a message, shown as a notice


class HistoryWriter:
    def __init__(self, store: Store, tell: Tell) -> None:
        self._store = store
        self._tell = tell
        self._kept: deque[Event] = deque()  # not written yet, oldest first
        self._written_late = 0  # kept events written since the disk came back
        self._told_lost = False  # the user was told history is not being saved

    @property
    def unsaved(self) -> int:
        """How many events wait for the disk."""
        return len(self._kept)

    def record(self, event: Event) -> None:
        self._kept.append(event)
        self.retry()

    def retry(self) -> None:
        """Write the kept events, oldest first, until the store refuses one."""
        while self._kept:
            try:
                self._store.record(self._kept[0])
            except Exception as exc:
                log.warning("could not record %s: %s", self._kept[0].kind, exc)
                if not self._told_lost:  # say it once, not on every event
                    self._told_lost = True
                    # Translators: {error} is the system's own reason, e.g. "disk I/O error".
                    message = _(
                        "deskbreak could not write its history ({error}); reminders go on, and "
                        "the breaks are kept in memory and written once the disk can be "
                        "written again"
                    ).format(error=exc)
                    self._tell(_("History not saved"), message)
                return
            self._kept.popleft()
            self._written_late += self._told_lost
        if self._told_lost:
            self._told_lost = False
            n, self._written_late = self._written_late, 0
            text = ngettext(
                "{n} break event kept while the disk could not be written is saved now",
                "{n} break events kept while the disk could not be written are saved now",
                n,
            )
            self._tell(_("History saved again"), text.format(n=n))

    def pass_on_news(self) -> None:
        """Tell the user what the store has to say, once."""
        try:
            notice = self._store.take_notice()
        except Exception:
            log.exception("could not ask the store for its news")
            return
        if notice:
            self._tell(_("History"), notice)
