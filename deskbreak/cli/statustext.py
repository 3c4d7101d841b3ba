"""`deskbreak status` as words: the readable summary of the daemon's status.

Owns how the status JSON reads for people: the labels lined up, the next break, the
snoozes, why a break is held, the next meetings, the notes (natural breaks off, a
dismissed notice, when each calendar was read and what failed, history not yet saved) and
today's counts, every time in the local style. A missing or odd value leaves its line out,
never a traceback. The JSON itself (`--json`) stays as the daemon sent it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from deskbreak.cli.columns import ljust, widest
from deskbreak.core.gnomebreaks import keeper_text, reason_text
from deskbreak.core.i18n import _, ngettext, number_text, pgettext, time_text, weekday_text


def render_status(data: Mapping[str, Any], headline: str | None = None) -> str:
    """The readable multi-line summary of a Status JSON object.

    `headline` is the daemon's reply message: the headline in the chosen language (the
    JSON's own headline is English, for scripts)."""
    now = _time(data.get("now"))
    labels = {
        # Translators: the labels of `deskbreak status`, each followed by its value; the
        # values line up after the longest label.
        "state": _("state:"),
        "next": _("next break:"),
        "left": _("time left:"),
        "snoozed": _("snoozed to:"),
        "paused": _("paused to:"),
        "snoozes": _("snoozes:"),
        "hold": _("hold:"),
        "meetings": _("meetings:"),
        "today": _("today:"),
    }
    cells = widest(labels.values()) + 2
    lines = [headline if headline else str(data.get("headline", ""))]

    def line(key: str, value: str) -> None:
        lines.append(f"  {ljust(labels[key], cells)}{value}")

    line("state", _state(data.get("state")))
    due = _time(data.get("next_due"))
    if due is not None:
        line("next", _next_break(data, due, now))
    seconds = data.get("seconds_left")
    if isinstance(seconds, int):
        if seconds < 60:
            left = _("less than a minute of active work")
        else:
            n = _int(data.get("minutes_left"))
            left = ngettext("{n} min of active work", "{n} min of active work", n).format(n=n)
        line("left", left)
    for key, label in (("snoozed_until", "snoozed"), ("paused_until", "paused")):
        when = _time(data.get(key))
        if when is not None:
            line(label, _clock(when, now))
    limit = _int(data.get("max_snoozes"))
    used = _int(data.get("snoozes_used"))
    if limit:
        text = ngettext("{used} of {limit} used", "{used} of {limit} used", used)
    else:
        text = ngettext("{used} used", "{used} used", used)
    line("snoozes", text.format(used=used, limit=limit))
    if data.get("snooze_refused"):
        # Translators: {reason} says why snoozing is not possible right now.
        refused = _("(snooze refused now: {reason})").format(reason=data["snooze_refused"])
        lines.append(" " * (2 + cells) + refused)
    hold = data.get("hold")
    hold = hold if isinstance(hold, Mapping) else {}
    reasons = hold.get("reasons")
    if isinstance(reasons, list) and reasons:
        since = _time(hold.get("since"))
        why = ", ".join(_hold_reason(str(r)) for r in reasons)
        if since:
            # Translators: {reasons} lists what holds the break (camera, microphone ...),
            # {time} since when.
            why = _("{reasons} since {time}").format(reasons=why, time=_clock(since, now))
        line("hold", why)
    meetings = _meetings(data, now)
    if meetings:
        line("meetings", meetings)
    lines += ["  " + note for note in _notes(data, now)]
    line("today", _today(data.get("today") or {}))
    return "\n".join(lines)


def _meetings(data: Mapping[str, Any], now: datetime | None) -> str:
    """The "meetings:" value: the next meeting block and its calendars ("" for none)."""
    calendar = data.get("calendar")
    block = calendar.get("next_block") if isinstance(calendar, Mapping) else None
    block = block if isinstance(block, Mapping) else {}
    start, end = _time(block.get("start")), _time(block.get("end"))
    if start is None or end is None:
        return ""
    sources = block.get("sources")
    names = ", ".join(str(n) for n in sources) if isinstance(sources, list) else ""
    # Translators: the next meeting block in `deskbreak status`: {start} and {end} are
    # times, {sources} the names of the calendars it comes from.
    text = _("{start}–{end} ({sources})")
    return text.format(start=_clock(start, now), end=_clock(end, now), sources=names)


def _notes(data: Mapping[str, Any], now: datetime | None) -> list[str]:
    """The status's notes: natural breaks off, and why; when each calendar was read, and
    what failed; history not written yet."""
    notes = []
    if data.get("natural_breaks") is False:
        if data.get("idle_source"):  # idle time is read: the config turned them off
            # Translators: `natural_break = "off"` is the config line, typed as it is.
            notes.append(_('natural breaks: off (`natural_break = "off"` in the config)'))
        else:
            notes.append(_("natural breaks: off (idle time can't be read here)"))
    keeping = data.get("time_keeper")
    if isinstance(keeping, Mapping) and (
        keeping.get("by") != "deskbreak" or keeping.get("because") != "movement-off"
    ):
        by, because = str(keeping.get("by")), str(keeping.get("because"))
        # Translators: a line of `deskbreak status`: {who} says who keeps time for desk
        # breaks, {why} why ("GNOME's movement reminder is on").
        text = _("breaks: {who} ({why})")
        notes.append(text.format(who=keeper_text(by), why=reason_text(because, by)))
    dismissed = _time(data.get("notice_dismissed"))
    if dismissed is not None:
        # Translators: a line of `deskbreak status`: the due break's notification was closed
        # without Start or Snooze; {time} when. The break stays due.
        text = _("notice: dismissed at {time}; the break is still due")
        notes.append(text.format(time=time_text(dismissed)))
    calendar = data.get("calendar")
    sources = calendar.get("sources") if isinstance(calendar, Mapping) else None
    for source in sources if isinstance(sources, list) else []:
        if isinstance(source, Mapping) and source.get("name"):
            notes.append(_calendar_source(source, now))
    unsaved = _int(data.get("history_unsaved"))
    if unsaved:
        # Translators: a line of `deskbreak status` while the disk cannot be written.
        text = ngettext(
            "history: {n} event not written yet (kept in memory; is the disk full?)",
            "history: {n} events not written yet (kept in memory; is the disk full?)",
            unsaved,
        )
        notes.append(text.format(n=unsaved))
    return notes


def _calendar_source(source: Mapping[str, Any], now: datetime | None) -> str:
    """A calendar's line: when it was last read well, and what failed since."""
    name, error, read = source.get("name"), source.get("error"), _time(source.get("read_at"))
    when = _clock(read, now) if read is not None else ""
    if error and read is not None:
        # Translators: a line of `deskbreak status`: reading the calendar {name} failed;
        # {error} says why (a sentence); {time} is when it was last read well. The
        # meetings read then stay in use.
        text = _("calendar {name}: {error} (last read at {time})")
        return text.format(name=name, error=error, time=when)
    if error:
        # Translators: a line of `deskbreak status`: reading the calendar {name} failed;
        # {error} says why. The meetings last read stay in use.
        return _("calendar {name}: {error}").format(name=name, error=error)
    if read is not None:
        # Translators: a line of `deskbreak status`: the calendar {name} was last read at
        # {time} ("14:05", or "Mon 14:05" on another day).
        return _("calendar {name}: read at {time}").format(name=name, time=when)
    # Translators: a line of `deskbreak status`: the calendar {name} has not been read yet
    # (the daemon has just started, or the first read is under way).
    return _("calendar {name}: not read yet").format(name=name)


def _next_break(data: Mapping[str, Any], due: datetime, now: datetime | None) -> str:
    """The "next break:" value: when, which routine, how long; "now" for the break waiting."""
    nxt = data.get("next_routine") or {}
    minutes = round(int(nxt.get("seconds") or 0) / 60, 1)
    title = nxt.get("title")
    shown = {
        "routine": _(title) if isinstance(title, str) else nxt.get("id", "?"),
        "minutes": number_text(minutes, 0 if float(minutes).is_integer() else 1),
    }
    if data.get("state") in ("due", "held"):  # it is the current break, not a time ahead
        # Translators: the break waiting now: {routine} the routine's title, {minutes}
        # its length in minutes.
        return _("now — {routine} ({minutes} min)").format(**shown)
    # Translators: the next break: {time} when it is due, {routine} the routine's title,
    # {minutes} its length in minutes.
    return _("{time} — {routine} ({minutes} min)").format(time=_clock(due, now), **shown)


def _state(state: Any) -> str:
    """The daemon's state id as a word for people ("working", "paused" ...)."""
    words = {
        "working": pgettext("state", "working"),
        "heads-up": pgettext("state", "heads-up"),
        "due": pgettext("state", "due"),
        "snoozed": pgettext("state", "snoozed"),
        "on-break": pgettext("state", "on-break"),
        "paused": pgettext("state", "paused"),
        "off-hours": pgettext("state", "off-hours"),
        "away": pgettext("state", "away"),
        "held": pgettext("state", "held"),
    }
    return words.get(str(state), "?" if state is None else str(state))


def _hold_reason(reason: str) -> str:
    """What holds a due break, by its id, as a word for people."""
    words = {
        "camera": pgettext("hold", "camera"),
        "microphone": pgettext("hold", "microphone"),
        "screen-share": pgettext("hold", "screen-share"),
        "fullscreen": pgettext("hold", "fullscreen"),
        "dnd": pgettext("hold", "dnd"),
        "app": pgettext("hold", "app"),
        # Translators: a meeting block from the calendar holds the break.
        "calendar": pgettext("hold", "calendar"),
    }
    return words.get(reason, reason)


def _today(t: Mapping[str, Any]) -> str:
    goal = _int(t.get("goal"))
    stretch = t.get("stretch_minutes", 0)
    digits = 1 if isinstance(stretch, float) else 0
    stretch = stretch if isinstance(stretch, int | float) else 0
    # Translators: today's tally in `deskbreak status`; {stretch} is minutes of stretching.
    text = ngettext(
        "{taken} of {goal} break taken ({completed} completed, {partial} partial), "
        "{snoozed} snoozed, {skipped} skipped, {natural} natural; {stretch} min stretching",
        "{taken} of {goal} breaks taken ({completed} completed, {partial} partial), "
        "{snoozed} snoozed, {skipped} skipped, {natural} natural; {stretch} min stretching",
        goal,
    )
    return text.format(
        taken=t.get("taken", 0),
        goal=goal,
        completed=t.get("completed", 0),
        partial=t.get("partial", 0),
        snoozed=t.get("snoozed", 0),
        skipped=t.get("skipped", 0),
        natural=t.get("natural", 0),
        stretch=number_text(stretch, digits),
    )


def _int(value: Any) -> int:
    """A count from the status JSON; 0 for anything that is not one."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _clock(when: datetime, now: datetime | None) -> str:
    if now is None or when.date() == now.date():
        return time_text(when)
    # Translators: a time on another day: {weekday} is the day's short name, {time} the time.
    return _("{weekday} {time}").format(weekday=weekday_text(when), time=time_text(when))
