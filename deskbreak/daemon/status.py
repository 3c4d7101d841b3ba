"""The status as the daemon tells it, and the week the chart shows: the engine's status
with the parts only the daemon knows (the tray backend, the idle source, what history
could not write yet, a dismissed notice, who keeps time beside GNOME, today's breaks
from the store). Functions the controller calls on the owner thread.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo

from deskbreak.core import stats
from deskbreak.core.config.model import Config
from deskbreak.core.engine import hours
from deskbreak.core.gnomebreaks import GnomeBreaks, keeper, keeper_reason
from deskbreak.core.ports import IdleSource, Store
from deskbreak.core.status import State, Status

log = logging.getLogger(__name__)

CHART_DAYS = 7


def compose_status(
    status: Status,
    *,
    tray: str | None,
    history_unsaved: int,
    dismissed: datetime | None,
    config: Config,
    gnome: GnomeBreaks,
    idle: IdleSource | None,
    store: Store,
    tz: tzinfo,
) -> Status:
    status = replace(status, idle_source=None if idle is None else idle.name)
    status = replace(
        status,
        tray=tray,
        history_unsaved=history_unsaved,
        notice_dismissed=dismissed if status.state is State.DUE else None,
        time_keeper=keeper(config.gnome.breaks, gnome).value,
        time_keeper_why=keeper_reason(config.gnome.breaks, gnome),
    )
    day = status.now.astimezone(tz).date()
    start = hours.local(day, 0, tz)
    end = hours.local(day, hours.DAY, tz)
    try:
        counts = store.counts(start, end)
    except Exception:
        log.exception("could not count today's breaks")
        return status
    return replace(status, today=counts)


def week_summary(store: Store, now: datetime, config: Config, tz: tzinfo) -> stats.Summary:
    """The last `CHART_DAYS` days' breaks, for the chart."""
    since = now - timedelta(days=CHART_DAYS + 1)
    return stats.summarize(
        store.events(since=since),
        today=now.astimezone(tz).date(),
        days=CHART_DAYS,
        goal=config.goals.breaks_per_day,
        tz=tz,
    )
