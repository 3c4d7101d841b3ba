"""The calendar sources' reader: iCalendar files and addresses and CalDAV collections.

`fetcher.Fetcher` reads every source on the `deskbreak-calendar` thread and tells the
controller (`calendar_changed`) what the meetings are and how reading went; `runner.Runner`
builds it from `[calendar]` and again when a reload changes that table; `cache.Cache` keeps the
last good meetings in the state folder; `parse` turns iCalendar into meetings; `sources` reads
one source; `secrets` keeps CalDAV passwords in the keyring. This module stays light (no
iCalendar, HTTP or keyring library): `deskbreak plan` imports it for `cached_meetings`.
"""

from __future__ import annotations

from deskbreak.core.calendar import Meeting
from deskbreak.core.config.model import CalendarSettings
from deskbreak.daemon.calendar.cache import FILE, Cache
from deskbreak.paths import Paths


def cached_meetings(settings: CalendarSettings, paths: Paths) -> tuple[Meeting, ...]:
    """The last good meetings of the configured sources, as the daemon's reader kept them."""
    if not settings.enabled:
        return ()
    records = Cache(paths.state_dir / FILE).load()
    names = {source.name for source in settings.sources}
    found = [m for name, r in records.items() if name in names for m in r.as_meetings()]
    return tuple(sorted(found))
