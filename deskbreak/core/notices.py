"""The words of a break notification: what the engine's `Notify` effect says to a person.

Owns the titles and bodies of due, renotify, held, heads-up and before-meetings notices,
whether they carry buttons and a sound, and the labels of those buttons. Core module:
standard library and core modules only.
"""

from __future__ import annotations

from datetime import timedelta

from deskbreak.core.config.durations import human
from deskbreak.core.config.model import DueStyle
from deskbreak.core.config.settings import Settings
from deskbreak.core.engine.effects import Notify
from deskbreak.core.events import Trigger
from deskbreak.core.i18n import _, pgettext, time_text
from deskbreak.core.ports import Notice, NoticeKind
from deskbreak.core.routines import Posture, Routine


def notice_for(effect: Notify, settings: Settings) -> Notice:
    """The notice to show for `effect` under `settings`, in the chosen language."""
    config = settings.config
    routine = settings.routines.get(effect.routine)
    title_of = _(routine.title) if routine else effect.routine
    what = _what(title_of, routine)
    n = config.notifications
    if effect.kind is NoticeKind.HEADS_UP:
        lead = human(config.schedule.heads_up or timedelta(minutes=1))
        # Translators: {length} is a length of time, such as "1 min".
        title = _("Desk break in {length}").format(length=lead)
        # Translators: {routine} says what comes, such as "Desk mini-reset — 4 min, seated".
        return Notice(effect.kind, title, _("Next: {routine}.").format(routine=what))
    if effect.kind is NoticeKind.BEFORE_MEETINGS and effect.block is not None:
        block = effect.block
        # Translators: a break offered early; {start} and {end} are times ("14:00", "16:00")
        # of meetings that follow one another. Its buttons are Start and Not now.
        title = _("Meetings from {start} to {end} — take your break now?").format(
            start=time_text(block.start), end=time_text(block.end)
        )
        body = _("Next: {routine}.").format(routine=what)
        stay = n.due is not DueStyle.NORMAL
        return Notice(effect.kind, title, body, actions=n.actions, stay=stay)
    if effect.kind is NoticeKind.HELD:
        # Translators: {routine} is a routine's title, such as "Desk mini-reset".
        title = _("Your held break — {routine}").format(routine=title_of)
    elif effect.trigger is Trigger.FIXED:
        # Translators: {routine} is a routine's title, such as "Morning relief".
        title = _("Time for {routine}").format(routine=title_of)
    elif effect.kind is NoticeKind.RENOTIFY:
        # Translators: the reminder again for a break still due (not taken, not snoozed).
        title = _("Still time for a desk break")
    else:
        title = _("Time for a desk break")
    # Translators: {routine} says what is due, such as "Desk mini-reset — 4 min, seated".
    body = _("{routine}. Start it now, or snooze it.").format(routine=what)
    return Notice(
        effect.kind, title, body, actions=n.actions, sound=n.sound,
        stay=n.due is not DueStyle.NORMAL, critical=n.due is DueStyle.CRITICAL,
        snooze_choices=config.schedule.snooze_choices,
    )  # fmt: skip


def _what(title: str, routine: Routine | None) -> str:
    """ "Desk mini-reset — 4 min, seated": the routine, how long, and where it is done."""
    if routine is None:
        # Translators: {routine} is a routine's id; it is done sitting at the desk.
        return _("{routine} — seated").format(routine=title)
    length = human(routine.total)
    if routine.posture is Posture.SEATED:
        # Translators: {routine} is a routine's title, {length} how long it takes ("4 min").
        return _("{routine} — {length}, seated").format(routine=title, length=length)
    if routine.posture is Posture.STANDING:
        # Translators: {routine} is a routine's title, {length} how long it takes ("4 min").
        return _("{routine} — {length}, standing").format(routine=title, length=length)
    # Translators: {routine} is a routine's title, {length} how long it takes ("4 min").
    return _("{routine} — {length}, on a mat").format(routine=title, length=length)


def start_label() -> str:
    """The label of a notification's Start button."""
    # Translators: a notification button that starts the break; keep under ~25 characters.
    return pgettext("button", "Start")


def not_now_label() -> str:
    """The label of the button that declines a break offered before meetings."""
    # Translators: a notification button that declines a break offered before meetings
    # (the break then comes at its usual time); keep under ~25 characters.
    return pgettext("button", "Not now")


def snooze_label(length: timedelta | None = None) -> str:
    """The label of a notification's Snooze button: "Snooze", or "Snooze 10 min"."""
    if length is None:
        # Translators: a notification button that puts the break off; keep under ~25 characters.
        return pgettext("button", "Snooze")
    # Translators: a notification button; {length} is how long, such as "10 min" or
    # "1 h 30 min". Keep under ~25 characters.
    return pgettext("button", "Snooze {length}").format(length=human(length))
