"""The progression level now, from the history in the store.

Owns reading the completed breaks of the weeks that count (`core.progression.window_start`
on) and handing them to the pure rule. Used by the daemon when it launches the player
(through `Controller.progression_level`) and by `deskbreak play` and `deskbreak stats` run
by hand, which open the store read-only. A store that cannot be read means level 0: the
routine plays as written rather than not at all. Edge module: standard library, core and
the store only.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, time, tzinfo

from deskbreak.core import progression
from deskbreak.core.config.model import PlayerSettings
from deskbreak.core.errors import DeskbreakError
from deskbreak.core.ports import Store

log = logging.getLogger(__name__)


def level(store: Store, player: PlayerSettings, now: datetime, tz: tzinfo) -> int:
    """The level a routine started at `now` plays at (0 when progression is off)."""
    if not player.progression:
        return 0
    today = now.astimezone(tz).date()
    since = datetime.combine(progression.window_start(today), time(), tzinfo=tz)
    try:
        events = store.events(since=since)
    except (DeskbreakError, sqlite3.Error) as exc:
        log.warning("cannot read the history for the progression level: %s", exc)
        return 0
    return progression.level_of(events, today=today, tz=tz)
