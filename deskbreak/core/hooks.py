"""Which [[hooks]] a step's events set off, and what each is told.

The engine's events (`core.events`) are named for hooks here: a break that fell due is
"due", a routine begun is "started", one that ended with a step done (completed or
partial) is "completed", and so on; `runs` turns the events of one step, the status after
it and the configured hooks into the programs to run, each with its environment
(`DESKBREAK_EVENT`, `DESKBREAK_ROUTINE`, `DESKBREAK_STATE`, `DESKBREAK_NEXT`, ...). Running
them is an edge's job (`daemon.hooks`). Core module: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from deskbreak.core.config.model import Hook
from deskbreak.core.events import Event, EventKind
from deskbreak.core.status import Status

# The hook name of each event kind that sets hooks off; the others (notified, stopped,
# hold-ended, heads-up) set off none.
NAMES: Mapping[EventKind, str] = {
    EventKind.DUE: "due",
    EventKind.STARTED: "started",
    EventKind.COMPLETED: "completed",
    EventKind.PARTIAL: "completed",
    EventKind.SKIPPED: "skipped",
    EventKind.SNOOZED: "snoozed",
    EventKind.HELD: "held",
    EventKind.RESUMED: "resumed",
    EventKind.PAUSED: "paused",
    EventKind.NATURAL_BREAK: "natural",
}


@dataclass(frozen=True)
class HookRun:
    """One program to run: its argv, what to add to its environment, how long it may take."""

    event: str  # the hook name of the event, e.g. "started"
    argv: tuple[str, ...]
    env: Mapping[str, str]
    timeout: float  # seconds


def runs(hooks: Sequence[Hook], events: Iterable[Event], status: Status) -> list[HookRun]:
    """The hooks `events` set off, in event order and then in the config's order."""
    out: list[HookRun] = []
    if not hooks:
        return out
    for event in events:
        name = NAMES.get(event.kind)
        if name is None:
            continue
        env = environment(name, event, status)
        for hook in hooks:
            if name in hook.on:
                out.append(HookRun(name, hook.run, env, hook.timeout.total_seconds()))
    return out


def environment(name: str, event: Event, status: Status) -> dict[str, str]:
    """What a hook finds in its environment; a value that does not apply is empty."""
    return {
        "DESKBREAK_EVENT": name,
        "DESKBREAK_KIND": event.kind.value,  # the history's own kind: "partial", ...
        "DESKBREAK_AT": _iso(event.at),
        "DESKBREAK_ROUTINE": event.routine or "",
        "DESKBREAK_TRIGGER": event.trigger.value if event.trigger else "",
        "DESKBREAK_STATE": status.state.value,
        "DESKBREAK_NEXT": _iso(status.next_due),
        "DESKBREAK_MINUTES_LEFT": "" if status.minutes_left is None else str(status.minutes_left),
        "DESKBREAK_SNOOZED_UNTIL": _iso(status.snoozed_until),
        "DESKBREAK_PAUSED_UNTIL": _iso(status.paused_until),
    }


def _iso(value: datetime | None) -> str:
    return "" if value is None else value.isoformat(timespec="seconds")
