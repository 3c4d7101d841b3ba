"""The engine's state as saved across restarts: what a restarted daemon needs to continue.

`snapshot` turns the state into JSON-ready data; `apply` puts such data back into a
fresh state, unless the gap since it was saved was long enough for a natural break.
Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from deskbreak.core.config.settings import Settings
from deskbreak.core.engine import rules
from deskbreak.core.engine.state import EngineState, Pause, Pending
from deskbreak.core.events import Trigger
from deskbreak.core.instants import later

FRESH_AFTER = 900.0  # without natural breaks: a gap this long starts afresh


def snapshot(s: EngineState) -> dict[str, Any]:
    """What a restarted daemon needs to continue where this one was."""
    now = s.last.now if s.last else None
    p = s.pending
    pending = None
    # A due break's renotify time is not saved, nor whether a dismissed notice has come back
    # (renotify off): a restart offers a due break afresh at once (`due.offer_afresh`),
    # which is sooner than any reminder still to come.
    if p is not None and p.before is None:  # an offer before meetings is made again if due
        snoozed = None
        if p.snoozed_until_t is not None and now is not None:
            snoozed = later(now, p.snoozed_until_t - s.t).isoformat()
        pending = {"routine": p.routine, "trigger": p.trigger.value, "snoozed_until": snoozed}
    pause = None
    if s.pause is not None and now is not None:
        until = rules.pause_until(s, now)
        pause = {"until": until.isoformat() if until else None}
    return {
        "version": 1,
        "saved_at": now.isoformat() if now else None,
        "work": round(s.counter.work, 1),
        "extra": s.extra,
        "snoozes": s.snoozes,
        "rotation": s.rotation,
        "pending": pending,
        "pause": pause,
        "fired": sorted(s.fired),
    }


def apply(s: EngineState, data: Mapping[str, Any], now: datetime, settings: Settings) -> None:
    """Continue from `data` at `now`. Raises KeyError, ValueError, TypeError or
    AttributeError on data that cannot be read (having applied what came before)."""
    config = settings.config
    s.rotation = int(data.get("rotation", 0)) % max(1, len(config.schedule.rotation))
    s.fired.update(str(key) for key in data.get("fired", []))
    pause = data.get("pause")
    if pause is not None:
        until = pause.get("until")
        wall = None if until is None else datetime.fromisoformat(until)
        if wall is None or wall.timestamp() > now.timestamp():
            s.pause = Pause(until_wall=wall)
    gap = (now - datetime.fromisoformat(data["saved_at"])).total_seconds()
    fresh_after = s.counter.natural_break(rules.seconds_of(config.schedule.natural_break))
    fresh_after = fresh_after or FRESH_AFTER
    if not 0 <= gap < fresh_after or s.pause is not None:
        return
    s.counter.work = float(data.get("work", 0.0)) + gap
    s.extra = float(data.get("extra", 0.0))
    s.snoozes = int(data.get("snoozes", 0))
    pending = data.get("pending")
    if pending is not None and pending["routine"] in settings.routines:
        p = Pending(
            str(pending["routine"]), Trigger(pending["trigger"]), rules.renotify_at(s, config)
        )
        if pending.get("snoozed_until"):
            until_wall = datetime.fromisoformat(pending["snoozed_until"])
            p.snoozed_until_t = s.t + max(0.0, until_wall.timestamp() - now.timestamp())
            p.renotify_t = None
        s.pending = p
