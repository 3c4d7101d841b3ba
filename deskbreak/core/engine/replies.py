"""The words of the engine's answers to snooze and pause: functions of the numbers.

The `Engine` decides and changes the state; these say what it did, in the person's
language (`core.i18n`). Core module: standard library only.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from deskbreak.core.i18n import _, duration_text, time_text
from deskbreak.core.status import until_phrase


def snooze_length_invalid(seconds: float, least: float, most: float) -> str:
    # Translators: lengths of time such as "1 min", "2 h".
    return _("A snooze lasts {least} to {most}, not {length}").format(
        least=duration_text(least),
        most=duration_text(most),
        length=duration_text(seconds),
    )


def snooze_at_most(most: float) -> str:
    return _("The next break is already put off by {length}, the most a snooze allows").format(
        length=duration_text(most)
    )


def snoozed(seconds: float) -> str:
    return _("Snoozed for {length}").format(length=duration_text(seconds))


def put_off(seconds: float, left: float) -> str:
    """A break not yet due put off by `seconds`, `left` seconds of work before it."""
    if left >= 60:
        return _("Next break put off by {length} (due in {due})").format(
            length=duration_text(seconds), due=duration_text(60 * round(left / 60))
        )
    return _("Next break put off by {length} (due in less than a minute)").format(
        length=duration_text(seconds)
    )


def paused(until: datetime | None, now: datetime, tz: tzinfo, *, clock: bool) -> str:
    """Paused until `until` (None: until resumed); `clock`: a time of day was asked for."""
    if until is None:
        return _("Paused until you resume")
    local, at = now.astimezone(tz), until.astimezone(tz)
    when = until_phrase(at, local)
    if clock and at.date() != local.date():
        # Translators: {time} is the time of day asked for ("13:00"); {when} when the
        # pause ends ("tomorrow at 13:00").
        return _("{time} has passed today — paused until {when}").format(
            time=time_text(at), when=when
        )
    # Translators: {when} is a time ("13:00", "tomorrow at 08:00", "Wed 02 Dec at 08:00").
    return _("Paused until {when}").format(when=when)
