"""The words of a break notification: what the engine's `Notify` effect says to a person.

Owns the titles and bodies of due, renotify, held and heads-up notices, and whether
they carry buttons and a sound. Core module: standard library and core modules
only.
"""

from __future__ import annotations

from datetime import timedelta

from deskbreak.core.config.durations import human
from deskbreak.core.config.model import DueStyle
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import Notify
from deskbreak.core.events import Trigger
from deskbreak.core.ports import Notice, NoticeKind
from deskbreak.core.routines import Posture


def notice_for(effect: Notify, settings: Settings) -> Notice:
    """The notice to show for `effect` under `settings`."""
    config = settings.config
    routine = settings.routines.get(effect.routine)
    title_of = routine.title if routine else effect.routine
    length = human(routine.total) if routine else ""
    where = "seated" if routine is None else _where(routine.posture)
    what = f"{title_of} — {length}, {where}"
    n = config.notifications
    if effect.kind is NoticeKind.HEADS_UP:
        lead = human(config.schedule.heads_up or timedelta(minutes=1))
        return Notice(effect.kind, f"Desk break in {lead}", f"Next: {what}.")
    if effect.kind is NoticeKind.HELD:
        title = f"Your held break — {title_of}"
    elif effect.trigger is Trigger.FIXED:
        title = f"Time for {title_of}"
    elif effect.kind is NoticeKind.RENOTIFY:
        title = "Still time for a desk break"
    else:
        title = "Time for a desk break"
    body = f"{what}. Start it now, or snooze it."
    return Notice(
        effect.kind, title, body, actions=n.actions, sound=n.sound,
        stay=n.due is not DueStyle.NORMAL, critical=n.due is DueStyle.CRITICAL,
        snooze_choices=config.schedule.snooze_choices,
    )  # fmt: skip


def _where(posture: Posture) -> str:
    return {Posture.SEATED: "seated", Posture.STANDING: "standing"}.get(posture, "on a mat")
