"""`deskbreak history` as words: the event list for people, and the stable JSON and CSV forms.

Owns how one event reads: its kind and trigger in the chosen language, its details as a short
phrase, and its JSON and CSV rows (English keys and ids: scripts read them).
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from deskbreak.cli.columns import ljust, widest
from deskbreak.cli.dates import day_heading
from deskbreak.core.i18n import _, duration_text, ngettext, pgettext, time_text

if TYPE_CHECKING:
    from deskbreak.core.events import Event


def event_json(event: Event) -> dict[str, Any]:
    """One event's stable JSON form (`deskbreak history --json`)."""
    return {
        "at": event.at.isoformat(),
        "kind": event.kind.value,
        "routine": event.routine,
        "trigger": None if event.trigger is None else event.trigger.value,
        "detail": dict(event.detail),
    }


def write_csv(events: list[Event], out: Any) -> None:
    """CSV with a header row: at, kind, routine, trigger, detail (compact JSON)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["at", "kind", "routine", "trigger", "detail"])
    for event in events:
        row = event_json(event)
        detail = json.dumps(row["detail"], sort_keys=True, separators=(",", ":"))
        writer.writerow(
            [row["at"], row["kind"], row["routine"] or "", row["trigger"] or "", detail]
        )


def format_history(events: list[Event], tz: tzinfo) -> str:
    """Events grouped under a heading per local day, one line each."""
    rows: list[tuple[date, str, str, str, str, str]] = []
    for event in events:
        at = event.at.astimezone(tz)
        trigger = "" if event.trigger is None else _trigger(event.trigger.value)
        kind = _kind(event.kind.value)
        rows.append(
            (at.date(), time_text(at), kind, trigger, event.routine or "", describe(event.detail))
        )
    kinds = max(14, widest(r[2] for r in rows))
    triggers = max(9, widest(r[3] for r in rows))
    lines: list[str] = []
    current: date | None = None
    for day, clock, kind, trigger, routine, detail in rows:
        if day != current:
            if lines:
                lines.append("")
            current = day
            lines.append(day_heading(day))
        text = f"  {clock}  {ljust(kind, kinds)} {ljust(trigger, triggers)} {routine:<16}"
        lines.append(f"{text} {detail}".rstrip())
    return "\n".join(lines) + "\n"


def _kind(kind: str) -> str:
    """An event kind's id as a word for people; English stays the id."""
    words = {
        "heads-up": pgettext("event", "heads-up"),
        "due": pgettext("event", "due"),
        "notified": pgettext("event", "notified"),
        "snoozed": pgettext("event", "snoozed"),
        "skipped": pgettext("event", "skipped"),
        "started": pgettext("event", "started"),
        "completed": pgettext("event", "completed"),
        "partial": pgettext("event", "partial"),
        "stopped": pgettext("event", "stopped"),
        "natural-break": pgettext("event", "natural-break"),
        "paused": pgettext("event", "paused"),
        "resumed": pgettext("event", "resumed"),
        "held": pgettext("event", "held"),
        "hold-ended": pgettext("event", "hold-ended"),
    }
    return words.get(kind, kind)


def _trigger(trigger: str) -> str:
    """What made a break due, by its id, as a word for people."""
    words = {
        # Translators: what made a break due: the timer, a fixed reminder, or the user.
        "interval": pgettext("trigger", "interval"),
        "fixed": pgettext("trigger", "fixed"),
        "manual": pgettext("trigger", "manual"),
    }
    return words.get(trigger, trigger)


def describe(detail: Any) -> str:
    """A short human reading of an event's detail."""
    parts: list[str] = []
    rest = dict(detail)
    done, total = rest.pop("steps_done", None), rest.pop("steps_total", None)
    if done is not None and total is not None:
        # Translators: steps of a routine done out of its total, e.g. "3/5 steps".
        steps = ngettext("{done}/{total} step", "{done}/{total} steps", _count(total))
        parts.append(steps.format(done=done, total=total))
    seconds = rest.pop("seconds", None)
    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        parts.append(duration_text(seconds))
    until = rest.pop("until", None)
    if isinstance(until, str):
        # Translators: {time} is a time of day.
        parts.append(_("until {time}").format(time=_clock(until)))
    parts += [f"{key}={value}" for key, value in sorted(rest.items())]
    return ", ".join(parts)


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _clock(iso: str) -> str:
    try:
        return time_text(datetime.fromisoformat(iso))
    except ValueError:
        return iso
